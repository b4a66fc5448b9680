"""A real app server and a real browser for end-to-end tests and the browser benchmark.

Debian's chromium (installed by `scripts/setup.sh test`) driven by Playwright; never
`playwright install`, which downloads browsers.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Streamlit scrolls its own container, so full-page screenshots are cut at the viewport: go tall.
VIEWPORT = {"width": 1280, "height": 4200}
STARTUP_LIMIT_S = 120  # a ceiling: streamlit imports slowly on a shared, loaded machine
# `make test` (and so CI) installs chromium first and sets this: there a missing browser must fail
# the run, not quietly skip the only end-to-end check. A bare `pytest` on a laptop may skip.
REQUIRE_ENV = "BMI_ADVISOR_REQUIRE_BROWSER"


def needs_chromium() -> pytest.MarkDecorator:
    """Mark for browser tests: skip without chromium, unless the set-up promised one."""
    required = os.environ.get(REQUIRE_ENV) == "1"
    return pytest.mark.skipif(
        not required and not Path(CHROMIUM).exists(),
        reason="needs Debian chromium: run `scripts/setup.sh test`",
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def app_server(db_path: Path) -> Iterator[str]:
    """`streamlit run app.py` on a free port with its own database; stopped on exit."""
    port = free_port()
    env = {**os.environ, "BMI_ADVISOR_DB": str(db_path)}
    command = [
        str(Path(sys.executable).with_name("streamlit")),
        "run",
        "app.py",
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.port",
        str(port),
    ]
    log = db_path.with_suffix(".server.log")
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_healthy(url, server, log)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_LIMIT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"streamlit not healthy after {STARTUP_LIMIT_S} s:\n{log.read_text()}")


@contextmanager
def browser_page(viewport: dict | None = None):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=viewport or VIEWPORT, accept_downloads=True)
            yield context.new_page()
        finally:
            browser.close()


def open_teaching_case(page, url: str, case: str = "R6") -> None:
    """From the start screen, open a teaching case as a founder would, up to its questionnaire."""
    page.goto(url)
    page.get_by_test_id("stFileUploaderDropzone").wait_for()  # the last element of the start screen
    page.get_by_test_id("stSelectbox").filter(has_text="Teaching case").click()
    # The list is virtualised (only the options in view exist in the page): type to filter it first.
    page.keyboard.type(case)
    page.get_by_role("option", name=case, exact=False).first.click()
    page.get_by_role("button", name="Open this case").click()
    page.get_by_text("sections done").wait_for()
