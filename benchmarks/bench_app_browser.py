"""Time the founders' app in a real browser (Debian chromium), medians of several runs.

  answer → saved and shown       target median <= 0.3 s, p95 <= 0.6 s (click "Don't know" on the
                                 next unanswered question, until the progress line counts it)
  last answer → report visible   target <= 1 s   (click an answer, open the report, summary shown;
                                 the first run is the report's first render after start-up)
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
from tests.e2e.questionnaire_steps import answer_dont_know, first_unanswered_card, go_to_section

RUNS = 7
ANSWER_SECTIONS = ("Customers, partners, distributors and competitors", "Sensing, acting and balancing")
UNCHANGED = "The findings would stay the same."
STAGES = ("Growing: expanding across markets", "Mature: defending a position in an established niche")


def per_answer(page, url: str) -> list[float]:
    """A blank questionnaire answered question by question, each timed until it is counted."""
    page.goto(url)
    page.get_by_role("button", name="Start with a blank questionnaire").click()
    page.get_by_text("sections done").wait_for()
    times = []
    for title in ANSWER_SECTIONS:
        go_to_section(page, title)
        page.wait_for_timeout(500)
        # Timed from the click, not from finding the question (a page query of the test's own).
        while (card := first_unanswered_card(page)) is not None:
            start = time.perf_counter()
            answer_dont_know(page, card)
            times.append(time.perf_counter() - start)
    return times


def p95(times: list[float]) -> float:
    return sorted(times)[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


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
        page.set_default_timeout(60_000)
        open_teaching_case(page, url)
        to_report = last_answer_to_report(page)
        what_if = what_if_change(page)
        answers = per_answer(page, url)
    print(f"{'measure':36} {'median':>8} {'p95':>8} {'max':>8}  target")
    for name, times, target in (
        (f"answer -> saved and shown (n={len(answers)})", answers, "median <= 0.3 s, p95 <= 0.6 s"),
        ("last answer -> report visible", to_report, "<= 1 s"),
        ("what-if change -> diff shown", what_if, "<= 0.5 s"),
    ):
        print(f"{name:36} {statistics.median(times):7.3f}s {p95(times):7.3f}s {max(times):7.3f}s  {target}")
    print(f"{'first report after start-up':36} {to_report[0]:7.3f}s {'':8} {'':8}  <= 1 s")


if __name__ == "__main__":
    main()
