"""Saved drafts in SQLite, the embedded default: one row per resume-code hash.

Every write is a read-modify-write inside BEGIN IMMEDIATE: with Python's default deferred
transactions two sessions saving at once lose updates (ENGINEERING_NOTES). Each action opens its
own short connection, so no connection is shared between Streamlit threads.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import ValidationError

from advisor.app.draft import Draft
from advisor.app.store.common import (
    BUSY_TIMEOUT_S,
    StoreUnavailable,
    UnknownCode,
    code_hash,
    damaged,
    looks_like_code,
    new_code,
    now,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS drafts (
    code_hash  TEXT PRIMARY KEY,
    body       TEXT NOT NULL,
    revision   INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
)
"""


class SqliteStore:
    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # Created readable by its owner only: it holds founders' answers in plain text. SQLite
            # gives its -wal and -shm files the same permissions.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            if path.is_file() and path.stat().st_size == 0:
                # An emptied database is not a new one: opened, it would make every resume code
                # "not match" as if the answers had never been saved.
                raise StoreUnavailable(
                    f"the answers database {path} is empty (0 bytes): it was truncated or replaced; "
                    "restore it from a backup"
                ) from None
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")  # persistent: set once per database file
            conn.execute(SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # isolation_level=None: we issue BEGIN ourselves, so writes can take the lock up front.
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA secure_delete=ON")  # erased answers are overwritten, not left in free pages
            conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            yield conn
        finally:
            conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def create(self, draft: Draft) -> str:
        code, created = new_code(), now()
        with self._write() as conn:
            conn.execute(
                "INSERT INTO drafts (code_hash, body, revision, created_at, updated_at)"
                " VALUES (?, ?, 0, ?, ?)",
                (code_hash(code), draft.model_dump_json(), created, created),
            )
        return code

    def load(self, code: str) -> Draft | None:
        if not looks_like_code(code):
            return None
        with damaged(sqlite3.DatabaseError, ValidationError), self._connect() as conn:
            row = conn.execute("SELECT body FROM drafts WHERE code_hash = ?", (code_hash(code),)).fetchone()
            return Draft.model_validate_json(row[0]) if row else None

    def update(self, code: str, change: Callable[[Draft], Draft]) -> Draft:
        """Apply one edit to the saved draft and save it, as one transaction."""
        key = code_hash(code) if looks_like_code(code) else ""
        with damaged(sqlite3.DatabaseError), self._write() as conn:
            row = conn.execute("SELECT body FROM drafts WHERE code_hash = ?", (key,)).fetchone()
            if row is None:
                raise UnknownCode(code)
            with damaged(ValidationError):
                saved = Draft.model_validate_json(row[0])
            new = change(saved)
            conn.execute(
                "UPDATE drafts SET body = ?, revision = revision + 1, updated_at = ? WHERE code_hash = ?",
                (new.model_dump_json(), now(), key),
            )
        return new

    def delete(self, codes: list[str]) -> int:
        """Erase the drafts of these codes for good, in one transaction; how many there were."""
        keys = [code_hash(c) for c in codes if looks_like_code(c)]
        with self._write() as conn:
            gone = sum(conn.execute("DELETE FROM drafts WHERE code_hash = ?", (k,)).rowcount for k in keys)
        self._fold_log()
        return gone

    def purge_untouched(self, days: float) -> int:
        """Erase the drafts nobody has changed for `days` days; how many."""
        cutoff = (dt.datetime.now(dt.UTC) - dt.timedelta(days=days)).isoformat(timespec="seconds")
        with self._write() as conn:
            gone = conn.execute("DELETE FROM drafts WHERE updated_at < ?", (cutoff,)).rowcount
        self._fold_log()
        return gone

    def _fold_log(self) -> None:
        # The write-ahead log still holds the erased rows' old pages until it is folded back.
        with self._connect() as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
