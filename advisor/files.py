"""Atomic file writes: a reader, or a re-run after a crash, never finds a half-written output.

Each file is written to a temporary name in the same directory and moved into place with
os.replace, which is atomic on POSIX and Windows when both names are on one file system.
No fsync: this guards against interrupted runs, not against power loss, and an fsync per report
would cost more than scoring the firm.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

TEMP_MARK = ".tmp-"


def temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}{TEMP_MARK}{os.getpid()}")


@contextmanager
def atomic_open(path: Path, mode: str = "w", newline: str | None = None) -> Iterator[IO]:
    """Open `path` for writing; it appears, whole, only if the block completes."""
    temp = temp_name(path)
    encoding = None if "b" in mode else "utf-8"
    try:
        with temp.open(mode, encoding=encoding, newline=newline) as handle:
            yield handle
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def atomic_write_text(path: Path, text: str) -> None:
    with atomic_open(path) as handle:
        handle.write(text)
