"""Saved drafts in PostgreSQL, for several app servers behind one address.

The same contract as the SQLite store (advisor/app/store/sqlite.py): one row per resume-code hash, and every
edit a read-modify-write in one transaction. Here the row is locked with SELECT ... FOR UPDATE, so
two sessions saving the same draft at once queue instead of losing an answer. Each action opens its
own short connection: nothing is shared between Streamlit's threads.
"""

from __future__ import annotations

from collections.abc import Callable

import psycopg
from pydantic import ValidationError

from advisor.app.draft import Draft
from advisor.app.store.common import (
    StoreUnavailable,
    UnknownCode,
    code_hash,
    damaged,
    looks_like_code,
    new_code,
    shown_location,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS drafts (
    code_hash  TEXT PRIMARY KEY,
    body       TEXT NOT NULL,
    revision   INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
)
"""
# Two servers starting at once could both try CREATE TABLE IF NOT EXISTS, which is not race-free
# in PostgreSQL; a transaction-scoped advisory lock makes them take turns.
SCHEMA_LOCK = 0x626D6961  # "bmia"
CONNECT_TIMEOUT_S = 10


class PostgresStore:
    def __init__(self, url: str):
        self.url = url
        try:
            with self._connect() as conn:
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
                conn.execute(SCHEMA)
        except psycopg.Error as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreUnavailable(
                f"cannot open the answers database {shown_location(url)}: {reason}"
            ) from exc

    def _connect(self) -> psycopg.Connection:
        # Used as `with`: commits on success, rolls back on an exception, then closes.
        return psycopg.connect(self.url, connect_timeout=CONNECT_TIMEOUT_S)

    def create(self, draft: Draft) -> str:
        code = new_code()
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO drafts (code_hash, body, revision) VALUES (%s, %s, 0)",
                (code_hash(code), draft.model_dump_json()),
            )
        return code

    def load(self, code: str) -> Draft | None:
        if not looks_like_code(code):
            return None
        with damaged(psycopg.DataError, ValidationError), self._connect() as conn:
            row = conn.execute("SELECT body FROM drafts WHERE code_hash = %s", (code_hash(code),)).fetchone()
            return Draft.model_validate_json(row[0]) if row else None

    def update(self, code: str, change: Callable[[Draft], Draft]) -> Draft:
        """Apply one edit to the saved draft and save it, as one transaction."""
        key = code_hash(code) if looks_like_code(code) else ""
        with self._connect() as conn:
            row = conn.execute("SELECT body FROM drafts WHERE code_hash = %s FOR UPDATE", (key,)).fetchone()
            if row is None:
                raise UnknownCode(code)
            with damaged(ValidationError):
                saved = Draft.model_validate_json(row[0])
            new = change(saved)
            conn.execute(
                "UPDATE drafts SET body = %s, revision = revision + 1, updated_at = now()"
                " WHERE code_hash = %s",
                (new.model_dump_json(), key),
            )
        return new

    def delete(self, codes: list[str]) -> int:
        """Erase the drafts of these codes for good, in one transaction; how many there were.
        (PostgreSQL marks the rows dead at once; autovacuum reclaims their space.)"""
        keys = [code_hash(c) for c in codes if looks_like_code(c)]
        with self._connect() as conn:
            return conn.execute("DELETE FROM drafts WHERE code_hash = ANY(%s)", (keys,)).rowcount

    def purge_untouched(self, days: float) -> int:
        """Erase the drafts nobody has changed for `days` days; how many."""
        with self._connect() as conn:
            return conn.execute(
                "DELETE FROM drafts WHERE updated_at < now() - make_interval(secs => %s)", (days * 86400,)
            ).rowcount
