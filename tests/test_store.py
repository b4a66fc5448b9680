"""The draft store: real SQLite files, concurrent writers, private resume codes."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from advisor.draft import FIRM, Draft, set_answer
from advisor.store import SqliteStore, UnknownCode, code_hash, open_store


@pytest.fixture
def store(tmp_path) -> SqliteStore:
    return SqliteStore(tmp_path / "var" / "drafts.sqlite3")


def test_a_saved_draft_comes_back_by_its_code_after_a_restart(tmp_path):
    path = tmp_path / "drafts.sqlite3"
    code = SqliteStore(path).create(Draft(firm_name="Pump Works"))
    SqliteStore(path).update(code, lambda d: set_answer(d, FIRM, "", "cap_sensing", 4))
    reopened = SqliteStore(path).load(code)  # a new store object, as after a server restart
    assert reopened is not None
    assert reopened.firm_name == "Pump Works"
    assert reopened.values() == {"cap_sensing": 4}


def test_codes_are_long_random_and_only_their_hash_is_stored(store):
    codes = {store.create(Draft()) for _ in range(20)}
    assert len(codes) == 20
    assert all(len(c) >= 32 for c in codes)  # 24 random bytes: 192 bits
    raw = b"".join(p.read_bytes() for p in store.path.parent.iterdir())
    assert not any(c.encode() in raw for c in codes)
    with sqlite3.connect(store.path) as conn:
        hashes = {row[0] for row in conn.execute("SELECT code_hash FROM drafts")}
    assert hashes == {code_hash(c) for c in codes}


def test_one_founder_cannot_open_another_founders_draft(store):
    mine = store.create(Draft(firm_name="Mine"))
    store.create(Draft(firm_name="Theirs"))
    assert store.load(mine).firm_name == "Mine"
    assert store.load(mine[:-1] + ("A" if mine[-1] != "A" else "B")) is None
    assert store.load("") is None
    assert store.load("' OR 1=1 --") is None
    with pytest.raises(UnknownCode):
        store.update("x" * 32, lambda d: d)


def test_database_runs_in_wal_mode(store):
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
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("SELECT revision FROM drafts").fetchone()[0] == 8 * 25


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
    with pytest.raises(NotImplementedError, match="Postgres"):
        open_store("postgresql://db.example/bmi")
