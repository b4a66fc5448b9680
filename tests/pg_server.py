"""A real, throwaway PostgreSQL server for the store's tests: initdb in a temporary folder, started
on a free loopback port, stopped and deleted afterwards.

Uses the machine's PostgreSQL binaries (Debian's `postgresql` package, installed by
`scripts/setup.sh test`). PostgreSQL refuses to run as root, so as root the server runs as the
`postgres` user that package creates.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

# `make test` (and so CI) installs PostgreSQL first and sets this: there a missing server must fail
# the run rather than quietly skip the Postgres store's tests.
REQUIRE_ENV = "BMI_ADVISOR_REQUIRE_POSTGRES"
START_TIMEOUT_S = 30


def pg_bin() -> Path | None:
    """The folder holding initdb and pg_ctl, newest version first."""
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).resolve().parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def needs_postgres() -> pytest.MarkDecorator:
    required = os.environ.get(REQUIRE_ENV) == "1"
    return pytest.mark.skipif(
        not required and pg_bin() is None,
        reason="needs PostgreSQL server binaries: run `scripts/setup.sh test`",
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield a postgresql:// URL to a fresh server with an empty database."""
    bin_dir = pg_bin()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL binaries not found: run `scripts/setup.sh test`")
    root = Path(tempfile.mkdtemp(prefix="bmi-advisor-pg-"))
    data, port = root / "data", _free_port()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    run = {"check": True, "capture_output": True, "text": True}
    initdb = [str(bin_dir / "initdb"), "-D", str(data), "-U", "advisor", "-A", "trust", "-E", "UTF8"]
    subprocess.run(_as_server_user(initdb), **run)
    options = f"-h 127.0.0.1 -p {port} -k {root} -F"  # -F: no fsync, a test server needs no durability
    pg_ctl = [str(bin_dir / "pg_ctl"), "-D", str(data)]
    start = [*pg_ctl, "-o", options, "-l", str(root / "log"), "-w", "-t", str(START_TIMEOUT_S), "start"]
    subprocess.run(_as_server_user(start), **run)
    try:
        yield f"postgresql://advisor@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_server_user([*pg_ctl, "-m", "fast", "stop"]), **run)
        shutil.rmtree(root, ignore_errors=True)
