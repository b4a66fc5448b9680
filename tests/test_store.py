"""The draft store: real SQLite files and a real PostgreSQL server, concurrent writers, private
resume codes. The shared contract runs against both."""

from __future__ import annotations

import sqlite3
import threading

import psycopg
import pytest

from advisor.app.draft import FIRM, Draft, set_answer
from advisor.app.store import open_store
from advisor.app.store.common import DraftStore, StoreUnavailable, UnknownCode, code_hash
from advisor.app.store.postgres import PostgresStore
from advisor.app.store.sqlite import SqliteStore
from tests.pg_server import needs_postgres


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=needs_postgres())])
def location(request, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "var" / "drafts.sqlite3")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(location: str) -> DraftStore:
    return open_store(location)


def _rows(store: DraftStore, sql: str) -> list[tuple]:
    if isinstance(store, SqliteStore):
        with sqlite3.connect(store.path) as conn:
            return conn.execute(sql).fetchall()
    with psycopg.connect(store.url) as conn:
        return conn.execute(sql).fetchall()


def test_a_saved_draft_comes_back_by_its_code_after_a_restart(location):
    code = open_store(location).create(Draft(firm_name="Pump Works"))
    open_store(location).update(code, lambda d: set_answer(d, FIRM, "", "cap_sensing", 4))
    reopened = open_store(location).load(code)  # a new store object, as after a server restart
    assert reopened is not None
    assert reopened.firm_name == "Pump Works"
    assert reopened.values() == {"cap_sensing": 4}


def test_codes_are_long_random_and_only_their_hash_is_stored(store):
    codes = {store.create(Draft()) for _ in range(20)}
    assert len(codes) == 20
    assert all(len(c) >= 32 for c in codes)  # 24 random bytes: 192 bits
    stored = _rows(store, "SELECT code_hash, body FROM drafts")
    assert {h for h, _ in stored} == {code_hash(c) for c in codes}
    assert not any(c in body for c in codes for _, body in stored)


def test_the_sqlite_file_never_holds_a_code(tmp_path):
    store = SqliteStore(tmp_path / "drafts.sqlite3")
    codes = {store.create(Draft()) for _ in range(5)}
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert not any(c.encode() in raw for c in codes)


def test_one_founder_cannot_open_another_founders_draft(store):
    mine = store.create(Draft(firm_name="Mine"))
    store.create(Draft(firm_name="Theirs"))
    assert store.load(mine).firm_name == "Mine"
    assert store.load(mine[:-1] + ("A" if mine[-1] != "A" else "B")) is None
    assert store.load("") is None
    assert store.load("' OR 1=1 --") is None
    with pytest.raises(UnknownCode):
        store.update("x" * 32, lambda d: d)


def test_database_runs_in_wal_mode(tmp_path):
    store = SqliteStore(tmp_path / "drafts.sqlite3")
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_concurrent_writers_to_one_draft_lose_no_answer(store):
    """Two tabs (or fast reruns) saving at once: every answer must survive."""
    code = store.create(Draft())
    questions = [f"q{n}" for n in range(8)]

    def writer(qid: str) -> None:
        for value in range(25):
            store.update(code, lambda d, v=value: set_answer(d, FIRM, "", qid, v))

    threads = [threading.Thread(target=writer, args=(q,)) for q in questions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.load(code).values() == {q: 24 for q in questions}
    assert _rows(store, "SELECT revision FROM drafts") == [(8 * 25,)]


def test_concurrent_founders_each_keep_their_own_answers(store):
    codes = [store.create(Draft(firm_name=f"firm {n}")) for n in range(6)]

    def writer(code: str, n: int) -> None:
        for step in range(20):
            store.update(code, lambda d, s=step: set_answer(d, FIRM, "", f"q{s}", n))

    threads = [threading.Thread(target=writer, args=(c, n)) for n, c in enumerate(codes)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for n, code in enumerate(codes):
        assert store.load(code).values() == {f"q{s}": n for s in range(20)}


def test_a_failed_edit_leaves_the_saved_draft_unchanged(store):
    code = store.create(Draft(firm_name="Before"))

    def broken(draft: Draft) -> Draft:
        raise ValueError("boom")

    with pytest.raises(ValueError):
        store.update(code, broken)
    assert store.load(code).firm_name == "Before"


def test_location_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("BMI_ADVISOR_DB", str(tmp_path / "env.sqlite3"))
    assert open_store().path == tmp_path / "env.sqlite3"
    assert open_store(f"sqlite:///{tmp_path}/url.sqlite3").path == tmp_path / "url.sqlite3"


@needs_postgres()
def test_a_postgres_url_opens_the_postgres_store(pg_url, monkeypatch):
    monkeypatch.setenv("BMI_ADVISOR_DB", pg_url)
    assert isinstance(open_store(), PostgresStore)


def test_an_unreachable_database_says_which_and_why_without_the_password(tmp_path):
    with pytest.raises(StoreUnavailable, match=r"postgresql://founder:\*\*\*@127\.0\.0\.1:1/bmi: ") as caught:
        open_store("postgresql://founder:s3cret@127.0.0.1:1/bmi")
    assert "s3cret" not in str(caught.value)
    (tmp_path / "a-file").write_text("")
    with pytest.raises(StoreUnavailable, match="cannot open the answers database"):
        open_store(str(tmp_path / "a-file" / "drafts.sqlite3"))  # its folder is a file
