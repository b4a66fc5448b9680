"""A student in a real browser: answer a teaching case, then compare with the expert key."""

from __future__ import annotations

from tests.e2e.browser import app_server, browser_page, needs_chromium
from tests.e2e.test_app_browser import SCREENSHOTS, STEP_TIMEOUT_MS

pytestmark = needs_chromium()


def test_student_answers_are_compared_with_the_key(tmp_path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with app_server(tmp_path / "e2e.sqlite3") as url, browser_page() as page:
        page.set_default_timeout(STEP_TIMEOUT_MS)
        page.goto(url)
        page.get_by_role("link", name="Teaching").click()
        page.get_by_text("Teaching cases").first.wait_for()

        page.get_by_test_id("stSelectbox").filter(has_text="Case").first.click()
        page.keyboard.type("R6: Connectcorp")  # the option list is virtualised: filter it first
        page.get_by_role("option", name="R6: Connectcorp", exact=False).first.click()
        page.get_by_text("Your answers", exact=True).wait_for()
        assert page.get_by_text("The expert key's findings").count() == 0  # nothing of the key yet

        page.get_by_role("button", name="Compare with the expert key").click()
        page.get_by_text("Your answers beside the key").wait_for()
        page.get_by_text("The expert key's findings").wait_for()
        page.get_by_text("In the key, not in your report").first.wait_for()
        page.wait_for_timeout(300)  # let the last elements draw before the picture
        page.screenshot(path=SCREENSHOTS / "4-student-vs-key.png")
