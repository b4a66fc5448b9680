"""WCAG 2.2 AA on every page (axe-core, no serious or critical violation) and the phone layout."""

from __future__ import annotations

from tests.e2e.a11y import serious_violations, sideways_overflow
from tests.e2e.browser import app_server, browser_page, needs_chromium, open_teaching_case
from tests.e2e.test_app_browser import SCREENSHOTS, STEP_TIMEOUT_MS

pytestmark = needs_chromium()
PHONE = {"width": 390, "height": 844}


def settle(page, text: str) -> None:
    page.get_by_text(text).first.wait_for()
    page.wait_for_timeout(700)  # charts and late widgets finish drawing


def test_every_page_passes_axe(tmp_path):
    with app_server(tmp_path / "e2e.sqlite3") as url, browser_page({"width": 1280, "height": 1600}) as page:
        page.set_default_timeout(STEP_TIMEOUT_MS)
        found = {}
        page.goto(url)
        settle(page, "Open an assessment file")
        found["start"] = serious_violations(page)
        open_teaching_case(page, url)
        settle(page, "sections done")
        found["questionnaire"] = serious_violations(page)
        page.get_by_role("link", name="Report").click()
        settle(page, "Take it with you")
        found["report"] = serious_violations(page)
        page.get_by_role("link", name="Teaching").click()
        settle(page, "Teaching")
        found["teaching"] = serious_violations(page)
        page.get_by_role("link", name="Portfolio").click()
        settle(page, "Portfolio")
        found["portfolio"] = serious_violations(page)
        assert found == {name: [] for name in found}


def test_the_other_sides_page_passes_axe_and_shows_nothing_of_the_founders(tmp_path):
    with app_server(tmp_path / "e2e.sqlite3") as url, browser_page({"width": 1280, "height": 2400}) as page:
        page.set_default_timeout(STEP_TIMEOUT_MS)
        open_teaching_case(page, url)
        page.get_by_test_id("stSelectbox").filter(has_text="Section").click()
        page.get_by_role("option", name="Outcome-based deals").click()
        page.get_by_text("Or use the other side's answers file").wait_for()
        page.get_by_label("The other firm's name").fill("Telecorp")
        page.get_by_role("button", name="Create a private link for them").click()
        link = page.get_by_test_id("stCode").filter(has_text="?resume=").inner_text().strip()
        other = page.context.browser.new_context(viewport={"width": 1280, "height": 2400}).new_page()
        other.set_default_timeout(STEP_TIMEOUT_MS)
        other.goto(link)
        settle(other, "Come back later")
        assert serious_violations(other) == []
        assert other.get_by_test_id("stSidebarNav").count() == 0  # no app menu for the other side
        other.screenshot(path=SCREENSHOTS / "other-side-page.png")


def test_questionnaire_and_report_read_on_a_phone_without_sideways_scrolling(tmp_path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with app_server(tmp_path / "e2e.sqlite3") as url, browser_page(PHONE) as page:
        page.set_default_timeout(STEP_TIMEOUT_MS)
        open_teaching_case(page, url)
        settle(page, "sections done")
        assert sideways_overflow(page) <= 0
        page.screenshot(path=SCREENSHOTS / "phone-questionnaire.png")
        page.goto(page.url.replace("/?", "/report?") if "/report" not in page.url else page.url)
        settle(page, "What matters most")
        assert sideways_overflow(page) <= 0
        page.screenshot(path=SCREENSHOTS / "phone-report.png")
        page.get_by_text("Your business at a glance").scroll_into_view_if_needed()
        page.wait_for_timeout(700)
        assert sideways_overflow(page) <= 0
        page.screenshot(path=SCREENSHOTS / "phone-report-pictures.png")
        for name in ("phone-questionnaire.png", "phone-report.png", "phone-report-pictures.png"):
            assert (SCREENSHOTS / name).stat().st_size > 10_000
