"""Where founders' answers are saved: SQLite by default, PostgreSQL for several app servers.

The SQLite store keeps a draft per resume-code hash in a local file; the PostgreSQL store keeps the
same contract (advisor/app/store/postgres.py) for several app servers behind one address.
"""

from __future__ import annotations

import math
import os
import sqlite3
import time
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


KEEP_ENV = "BMI_ADVISOR_KEEP_DRAFTS_DAYS"  # an operator's retention: drafts untouched this long go
PURGE_EVERY_S = 3600.0
_last_purge: dict[int, float] = {}


def retention_days() -> float | None:
    """How long untouched drafts are kept, in days, as the operator set it (None: for ever)."""
    text = os.environ.get(KEEP_ENV, "").strip()
    if not text:
        return None
    try:
        days = float(text)
    except ValueError:
        days = math.nan
    if not math.isfinite(days) or days <= 0:
        raise StoreUnavailable(f"{KEEP_ENV}={text!r} should be a number of days above 0")
    return days


def purge_if_due(store: DraftStore) -> int:
    """Apply the operator's retention, at most once an hour per store; how many drafts went."""
    days = retention_days()
    if days is None or time.monotonic() - _last_purge.get(id(store), -math.inf) < PURGE_EVERY_S:
        return 0
    _last_purge[id(store)] = time.monotonic()
    return store.purge_untouched(days)
