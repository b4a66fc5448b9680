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
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """What atomic_open(path) would write, with the file calls only: a batch writes two files
    per firm, and the layers of a text file object cost more than the writing."""
    data = (text if os.linesep == "\n" else text.replace("\n", os.linesep)).encode("utf-8")
    temp = temp_name(path)
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
