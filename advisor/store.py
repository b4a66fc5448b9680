"""Saved drafts, one per private resume code.

Only a hash of each resume code is stored: whoever reads the database cannot open a founder's
answers with what they find there. A code is 24 random bytes (192 bits), so it cannot be guessed,
and a plain SHA-256 of it is enough (slow password hashes guard low-entropy secrets).

SQLite is the embedded default. Every write is a read-modify-write inside BEGIN IMMEDIATE: with
Python's default deferred transactions two sessions saving at once lose updates (ENGINEERING_NOTES).
Each action opens its own short connection, so no connection is shared between Streamlit threads.
PostgreSQL, for several app servers behind one address, keeps the same contract
(advisor/store_postgres.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from advisor.draft import Draft

DB_ENV = "BMI_ADVISOR_DB"
DEFAULT_DB = Path("var/bmi-advisor.sqlite3")
CODE_BYTES = 24
_CODE_SHAPE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
BUSY_TIMEOUT_S = 10.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS drafts (
    code_hash  TEXT PRIMARY KEY,
    body       TEXT NOT NULL,
    revision   INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
)
"""


class UnknownCode(KeyError):
    """No saved answers for this resume code (mistyped, or never saved)."""


class StoreUnavailable(RuntimeError):
    """The answers database cannot be opened: the message says which one and why."""


def shown_location(location: str) -> str:
    """The location as it may be shown to a user: any password in a URL masked."""
    return re.sub(r"(//[^:/@]+):[^@]*@", r"\1:***@", location)


class DraftStore(Protocol):
    def create(self, draft: Draft) -> str: ...
    def load(self, code: str) -> Draft | None: ...
    def update(self, code: str, change: Callable[[Draft], Draft]) -> Draft: ...


def new_code() -> str:
    return secrets.token_urlsafe(CODE_BYTES)


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def looks_like_code(code: str) -> bool:
    return bool(_CODE_SHAPE.match(code))


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


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
        code, now = new_code(), _now()
        with self._write() as conn:
            conn.execute(
                "INSERT INTO drafts (code_hash, body, revision, created_at, updated_at)"
                " VALUES (?, ?, 0, ?, ?)",
                (code_hash(code), draft.model_dump_json(), now, now),
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
                (new.model_dump_json(), _now(), key),
            )
        return new


def open_store(location: str | None = None) -> DraftStore:
    """The store named by BMI_ADVISOR_DB: a file path or sqlite:/// URL (default var/…sqlite3), or a
    postgresql:// URL."""
    location = location or os.environ.get(DB_ENV) or str(DEFAULT_DB)
    if location.startswith(("postgres://", "postgresql://")):
        from advisor.store_postgres import PostgresStore  # psycopg loads only when Postgres is used

        return PostgresStore(location)
    try:
        return SqliteStore(Path(location.removeprefix("sqlite:///")))
    except (OSError, sqlite3.Error) as exc:
        raise StoreUnavailable(f"cannot open the answers database {location}: {exc}") from exc
