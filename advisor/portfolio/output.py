"""A batch output folder kept consistent: what a run may write into, what it may delete, and how an
interrupted run is noticed and repaired.

A run holds a lock on RUNNING (a file in the folder) from before it writes anything until after
the manifest, the last file, is in place; then it removes RUNNING. So a folder with RUNNING and no
lock holder was left by a run that was stopped (kill -9, power cut, full disk): readers (the app,
`diff`, `--previous`: index.read_manifest) refuse it with a message saying so, and the next run
into the folder repairs it. Files are deleted only when an earlier run's index named them (or an
interrupted run had noted them in RUNNING), only inside a real `firms` folder (never through a
link), and only if they are regular files: nothing the batch did not write is ever removed. Temp
files left by a killed run are removed by the next one, which holds the lock (so they cannot be
another run's).
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import fcntl
import json
import os
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from advisor.core.assessment import AssessmentError, Problem
from advisor.core.files import TEMP_MARK
from advisor.portfolio.index import FIRMS_DIR, PORTFOLIO, RUNNING

# The RUNNING files this process holds locked. A forked worker inherits them, and an flock lasts
# while any process holds the file open: a worker still exiting after its batch was killed would
# make the folder look "being written" instead of "interrupted". Workers let go at once.
_HELD: set[IO[str]] = set()


def refuse(path: Path, message: str) -> AssessmentError:
    return AssessmentError(str(path), [Problem(str(path), message)])


@dataclass
class Run:
    """One run's hold on its output folder (see the module docstring)."""

    out_dir: Path
    handle: IO[str]
    earlier: set[str] = field(default_factory=set)  # report files an earlier run wrote (firms/…)
    repaired: bool = False  # the folder was left by an interrupted run

    def finish(self, written: set[str]) -> None:
        """Remove the earlier runs' reports this run did not write again; then the folder is
        complete. Call after the manifest is in place."""
        firms = self.out_dir / FIRMS_DIR
        for name in sorted(self.earlier - written):
            path = firms / name
            if path.is_file() and not path.is_symlink():
                path.unlink()
        (self.out_dir / RUNNING).unlink()
        self.close()

    def close(self) -> None:
        _HELD.discard(self.handle)
        with contextlib.suppress(OSError):
            self.handle.close()  # releases the lock


def begin(out_dir: Path, allowed: set[str], note: str) -> Run:
    """Check and lock the output folder before anything is written (see the module docstring)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise refuse(out_dir, "exists and is not a folder; choose a folder for the output")
    if out_dir.is_dir():
        names = (p.name for p in out_dir.iterdir())
        foreign = sorted(n for n in names if n not in allowed and TEMP_MARK not in n)
        if foreign:
            msg = (
                f"holds files a batch run did not write ({', '.join(foreign[:5])}); "
                "choose a new or empty output directory"
            )
            raise refuse(out_dir, msg)
    firms = out_dir / FIRMS_DIR
    if firms.is_symlink() or (firms.exists() and not firms.is_dir()):
        what = "a link" if firms.is_symlink() else "not a folder"
        raise refuse(firms, f"is {what}; a batch writes its reports only into a folder of its own")
    try:
        firms.mkdir(parents=True, exist_ok=True)
        handle = (out_dir / RUNNING).open("a+", encoding="utf-8")
    except OSError as exc:
        raise refuse(out_dir, f"cannot be written: {exc.strerror or exc}") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise refuse(out_dir, "another batch run is writing this folder now; wait for it to finish") from None
    _HELD.add(handle)
    handle.seek(0)
    left = handle.read()
    run = Run(out_dir, handle, repaired=bool(left))
    with contextlib.suppress(ValueError, AttributeError):
        run.earlier |= set(json.loads(left).get("earlier_reports", []))
    run.earlier |= _indexed_reports(out_dir)
    _remove_temp_files(out_dir)
    record = {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "pid": os.getpid(),
        "input": note,
        "earlier_reports": sorted(run.earlier),
    }
    handle.seek(0)
    handle.truncate()
    handle.write(json.dumps(record) + "\n")
    handle.flush()
    return run


def _indexed_reports(out_dir: Path) -> set[str]:
    """The report files (names inside firms/) that the folder's index says a run wrote. Only the two
    paths of each line are read (json, not the full model: an index may hold 100,000 firms)."""
    names: set[str] = set()
    prefix = f"{FIRMS_DIR}/"
    try:
        with (out_dir / PORTFOLIO).open(encoding="utf-8") as handle:
            for line in handle:
                entry = json.loads(line)
                for path in (entry.get("report_json"), entry.get("report_md")):
                    if isinstance(path, str) and path.startswith(prefix) and "/" not in path[len(prefix) :]:
                        names.add(path[len(prefix) :])
    except (OSError, ValueError, AttributeError):
        pass  # no index, or a damaged one: what it does not name is left alone, not guessed at
    return names


def _remove_temp_files(out_dir: Path) -> None:
    for folder in (out_dir, out_dir / FIRMS_DIR):
        for path in folder.iterdir():
            if TEMP_MARK in path.name and path.is_file() and not path.is_symlink():
                path.unlink()


# The process that imported this module: with fork, a batch worker inherits the value (its parent).
_BATCH_PROCESS = os.getpid()
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def let_go_of_parent_locks() -> None:
    """In a forked worker: stop holding the batch's RUNNING lock, so the lock lives exactly as long
    as the batch process. The descriptor is pointed at /dev/null rather than closed so the inherited
    file object stays valid (and never flushes into RUNNING)."""
    for handle in _HELD:
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, handle.fileno())
        os.close(null)
    _HELD.clear()


def die_with_parent() -> None:
    """Make a worker process end when the batch process ends, even by kill -9, instead of lingering
    (the review saw orphaned workers alive 30-90 s), and hold none of its locks. The end-with-parent
    part is Linux only; elsewhere a worker ends when it next finds its task queue closed."""
    let_go_of_parent_locks()
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != _BATCH_PROCESS:  # the parent died before the line above took effect
        os._exit(1)
