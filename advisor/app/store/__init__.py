"""Where founders' answers are saved: SQLite by default, PostgreSQL for several app servers.

The SQLite store keeps a draft per resume-code hash in a local file; the PostgreSQL store keeps the
same contract (advisor/app/store/postgres.py) for several app servers behind one address.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from advisor.app.store.common import DB_ENV, DEFAULT_DB, DraftStore, StoreUnavailable
from advisor.app.store.sqlite import SqliteStore


def open_store(location: str | None = None) -> DraftStore:
    """The store named by BMI_ADVISOR_DB: a file path or sqlite:/// URL (default var/…sqlite3), or a
    postgresql:// URL."""
    location = location or os.environ.get(DB_ENV) or str(DEFAULT_DB)
    if location.startswith(("postgres://", "postgresql://")):
        from advisor.app.store.postgres import PostgresStore  # psycopg loads only when Postgres is used

        return PostgresStore(location)
    try:
        return SqliteStore(Path(location.removeprefix("sqlite:///")))
    except (OSError, sqlite3.Error) as exc:
        raise StoreUnavailable(f"cannot open the answers database {location}: {exc}") from exc
