"""Saved drafts in SQLite, the embedded default: one row per resume-code hash.

Every write is a read-modify-write inside BEGIN IMMEDIATE: with Python's default deferred
transactions two sessions saving at once lose updates (ENGINEERING_NOTES). Each action opens its
own short connection, so no connection is shared between Streamlit threads.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from advisor.app.draft import Draft
from advisor.app.store.common import BUSY_TIMEOUT_S, UnknownCode, code_hash, looks_like_code, new_code, now

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
        with self._connect() as conn:
            row = conn.execute("SELECT body FROM drafts WHERE code_hash = ?", (code_hash(code),)).fetchone()
        return Draft.model_validate_json(row[0]) if row else None

    def update(self, code: str, change: Callable[[Draft], Draft]) -> Draft:
        """Apply one edit to the saved draft and save it, as one transaction."""
        key = code_hash(code) if looks_like_code(code) else ""
        with self._write() as conn:
            row = conn.execute("SELECT body FROM drafts WHERE code_hash = ?", (key,)).fetchone()
            if row is None:
                raise UnknownCode(code)
            new = change(Draft.model_validate_json(row[0]))
            conn.execute(
                "UPDATE drafts SET body = ?, revision = revision + 1, updated_at = ? WHERE code_hash = ?",
                (new.model_dump_json(), now(), key),
            )
        return new
