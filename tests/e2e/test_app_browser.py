"""One founder's path in a real browser: open a teaching case, read the report, get the PDF."""

from __future__ import annotations

import os
from pathlib import Path

from tests.e2e.browser import app_server, browser_page, needs_chromium

pytestmark = needs_chromium()
SCREENSHOTS = Path(os.environ.get("BMI_ADVISOR_SCREENSHOTS", "/tmp/bmi-advisor-screenshots"))
STEP_TIMEOUT_MS = 60_000  # a ceiling, not a target: CI machines are shared and slow


def test_teaching_case_to_report_and_pdf(tmp_path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with app_server(tmp_path / "e2e.sqlite3") as url, browser_page() as page:
        page.set_default_timeout(STEP_TIMEOUT_MS)
        page.goto(url)
        page.get_by_text("Explore a teaching case").wait_for()
        page.get_by_test_id("stFileUploaderDropzone").wait_for()  # the last element drawn
        page.screenshot(path=SCREENSHOTS / "1-start.png")

        page.get_by_test_id("stSelectbox").filter(has_text="Teaching case").click()
        page.keyboard.type("R6")  # the option list is virtualised: filter it first
        page.get_by_role("option", name="R6", exact=False).first.click()
        page.get_by_role("button", name="Open this case").click()
        page.get_by_text("sections done").wait_for()
        assert "resume=" in page.url  # the address itself is the private resume link
        page.screenshot(path=SCREENSHOTS / "2-questionnaire.png")

        page.get_by_role("link", name="Report").click()
        page.get_by_text("What matters most").wait_for()
        page.get_by_text("Outcome-based deal: are value creation and value capture aligned?").wait_for()
        page.get_by_text("is a gap").first.wait_for()  # the phase matrix's reading of phase 2
        page.get_by_test_id("stVegaLiteChart").first.wait_for()  # the phase matrix is drawn
        assert page.get_by_text("All findings").is_visible()
        page.wait_for_timeout(500)  # let the charts finish drawing before the picture
        page.screenshot(path=SCREENSHOTS / "3-report.png")

        with page.expect_download() as caught:
            page.get_by_role("button", name="Report as PDF").click()
        pdf = tmp_path / caught.value.suggested_filename
        caught.value.save_as(pdf)
        assert pdf.read_bytes().startswith(b"%PDF")
