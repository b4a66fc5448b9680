"""Erasure, retention and a damaged or emptied store (reliability review M8, L10; issue 15 point 5),
against a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat

import psycopg
import pytest

from advisor.api import default_rulebase
from advisor.app.draft import FIRM, Draft, set_answer
from advisor.app.other_side import erase_for_good, invite
from advisor.app.store import KEEP_ENV, open_store, purge_if_due
from advisor.app.store.__main__ import main as store_main
from advisor.app.store.common import DraftStore, StoreUnavailable, code_hash
from advisor.app.store.sqlite import SqliteStore
from tests.pg_server import needs_postgres


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=needs_postgres())])
def store(request, tmp_path) -> DraftStore:
    if request.param == "sqlite":
        return open_store(str(tmp_path / "var" / "drafts.sqlite3"))
    return open_store(request.getfixturevalue("pg_url"))


def _sql(store: DraftStore, sql: str, params: tuple = ()) -> list[tuple]:
    if isinstance(store, SqliteStore):
        with sqlite3.connect(store.path) as conn:
            return conn.execute(sql.replace("%s", "?"), params).fetchall()
    with psycopg.connect(store.url) as conn:
        cursor = conn.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def _founder() -> Draft:
    draft = Draft(firm_name="Machinecorp")
    answers = {"ob_offers": "offering", "ob_role": "provider", "ob_furthest_phase": "delivering"}
    for qid, value in answers.items():
        draft = set_answer(draft, FIRM, "", qid, value)
    return draft


def test_a_founder_erases_their_answers_with_the_other_sides_for_good(store):
    bank = default_rulebase().bank
    mine = store.create(_founder())
    theirs = invite(store, mine, bank, "Forestcorp", "Technical director")
    someone_else = store.create(Draft(firm_name="Keep me"))
    assert erase_for_good(store, mine) == 2
    assert store.load(mine) is None and store.load(theirs) is None  # the private link opens nothing
    assert store.load(someone_else) is not None
    hashes = {row[0] for row in _sql(store, "SELECT code_hash FROM drafts")}
    assert hashes == {code_hash(someone_else)}
    assert erase_for_good(store, mine) == 0


def test_an_erased_draft_leaves_no_trace_in_the_sqlite_file(tmp_path):
    store = SqliteStore(tmp_path / "drafts.sqlite3")
    code = store.create(Draft(firm_name="Secretcorp-7f3a"))
    store.delete([code])
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert b"Secretcorp-7f3a" not in raw


def test_drafts_untouched_longer_than_the_operators_retention_are_erased(store, monkeypatch, capsys):
    def untouched_for(code: str, days: int) -> None:
        stamp = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
        value = stamp.isoformat(timespec="seconds") if isinstance(store, SqliteStore) else stamp
        _sql(store, "UPDATE drafts SET updated_at = %s WHERE code_hash = %s", (value, code_hash(code)))

    old, fresh = store.create(Draft(firm_name="Old")), store.create(Draft(firm_name="Fresh"))
    untouched_for(old, 40)
    monkeypatch.setenv(KEEP_ENV, "30")
    assert purge_if_due(store) == 1
    assert store.load(old) is None and store.load(fresh) is not None
    assert purge_if_due(store) == 0  # at most once an hour
    location = str(store.path) if isinstance(store, SqliteStore) else store.url
    monkeypatch.setenv("BMI_ADVISOR_DB", location)
    untouched_for(fresh, 2)
    assert store_main(["purge", "--days", "1"]) == 0
    assert "erased 1 draft(s)" in capsys.readouterr().out
    monkeypatch.setenv(KEEP_ENV, "soon")
    with pytest.raises(StoreUnavailable, match="number of days"):
        purge_if_due(open_store(location))


def test_a_damaged_draft_gives_the_plain_stop_not_a_traceback(store):
    code = store.create(Draft())
    _sql(store, "UPDATE drafts SET body = '{not json' WHERE code_hash = %s", (code_hash(code),))
    with pytest.raises(StoreUnavailable, match="cannot be read"):
        store.load(code)
    with pytest.raises(StoreUnavailable, match="cannot be read"):
        store.update(code, lambda d: d)


def test_damaged_sqlite_pages_give_the_plain_stop(tmp_path):
    path = tmp_path / "drafts.sqlite3"
    store = SqliteStore(path)
    codes = [store.create(Draft(firm_name=f"Firm {i}" * 200)) for i in range(40)]
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    data[3 * page : 6 * page] = os.urandom(3 * page)
    path.write_bytes(bytes(data))
    outcomes = set()
    for code in codes:
        try:
            store.load(code)
            outcomes.add("ok")
        except StoreUnavailable:
            outcomes.add("stop")
    assert "stop" in outcomes


def test_the_sqlite_file_is_readable_by_its_owner_only_and_an_emptied_one_is_refused(tmp_path):
    path = tmp_path / "var" / "drafts.sqlite3"
    store = SqliteStore(path)
    store.create(Draft())
    for part in path.parent.iterdir():
        assert stat.S_IMODE(part.stat().st_mode) == 0o600, part.name
    path.write_bytes(b"")
    with pytest.raises(StoreUnavailable, match="is empty"):
        open_store(str(path))
