"""What every draft store shares: resume codes (only their hash is stored), the store's
contract and its errors, and where answers are kept by default.

A code is 24 random bytes (192 bits), so it cannot be guessed, and a plain SHA-256 of it is enough
(slow password hashes guard low-entropy secrets): whoever reads the database cannot open a founder's
answers with what they find there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from pydantic import ValidationError

from advisor.app.draft import Draft

DB_ENV = "BMI_ADVISOR_DB"
DEFAULT_DB = Path("var/bmi-advisor.sqlite3")
CODE_BYTES = 24
_CODE_SHAPE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
BUSY_TIMEOUT_S = 10.0


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
    def delete(self, codes: list[str]) -> int: ...
    def purge_untouched(self, days: float) -> int: ...


@contextmanager
def damaged(*errors: type[Exception]) -> Iterator[None]:
    """A damaged database page or draft row stops the app with its plain message, like a missing
    database, instead of a traceback (and never looks like an empty start)."""
    try:
        yield
    except errors as exc:
        reason = "a saved draft is not readable" if isinstance(exc, ValidationError) else str(exc).strip()
        reason = reason.splitlines()[0] if reason else type(exc).__name__
        raise StoreUnavailable(
            f"the answers database cannot be read ({reason}); "
            "if this lasts, the operator should check it and restore it from a backup"
        ) from exc


def new_code() -> str:
    return secrets.token_urlsafe(CODE_BYTES)


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def looks_like_code(code: str) -> bool:
    return bool(_CODE_SHAPE.match(code))


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
