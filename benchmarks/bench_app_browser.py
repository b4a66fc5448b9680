"""Time the founders' app in a real browser (Debian chromium), medians of several runs.

  last answer → report visible   target <= 1 s   (click an answer, open the report, summary shown)
  what-if change → diff shown    target <= 0.5 s (pick another answer on the report page)

Run: .venv/bin/python benchmarks/bench_app_browser.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.e2e.browser import app_server, browser_page, open_teaching_case

RUNS = 7
UNCHANGED = "The findings would stay the same."
STAGES = ("Growing: expanding across markets", "Mature: defending a position in an established niche")


def last_answer_to_report(page) -> list[float]:
    times = []
    for run in range(RUNS):
        page.get_by_role("link", name="Questionnaire").click()
        page.get_by_text("sections done").wait_for()
        start = time.perf_counter()
        page.get_by_text(STAGES[run % 2]).click()
        page.get_by_role("link", name="Report").click()
        page.get_by_text("What matters most").wait_for()
        page.get_by_text("All findings").wait_for()
        times.append(time.perf_counter() - start)
    return times


def what_if_change(page) -> list[float]:
    page.get_by_test_id("stSelectbox").last.click()  # the only one on the report page
    page.keyboard.type("what could make delivery fail")  # the long list is virtual: filter it
    page.get_by_role("option", name="what could make delivery fail", exact=False).first.click()
    radios = page.get_by_test_id("stRadio").last
    radios.wait_for()
    times = []
    for run in range(RUNS):
        value, expected = ("Done", "Gone") if run % 2 == 0 else ("Not done", UNCHANGED)
        start = time.perf_counter()
        radios.get_by_text(value, exact=True).click()
        page.get_by_text(expected, exact=True).wait_for()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        app_server(Path(folder) / "bench.sqlite3") as url,
        browser_page({"width": 1280, "height": 1600}) as page,
    ):
        page.set_default_timeout(20_000)
        open_teaching_case(page, url)
        to_report = last_answer_to_report(page)
        what_if = what_if_change(page)
    print(f"{'measure':36} {'median':>8} {'max':>8}  target")
    for name, times, target in (
        ("last answer -> report visible", to_report, 1.0),
        ("what-if change -> diff shown", what_if, 0.5),
    ):
        print(f"{name:36} {statistics.median(times):7.3f}s {max(times):7.3f}s  <= {target} s")


if __name__ == "__main__":
    main()
