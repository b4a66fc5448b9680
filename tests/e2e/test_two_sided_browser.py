"""Both sides of one deal in two real browsers: the founder asks, the other side answers by the
link, the founder's report shows both views."""

from __future__ import annotations

from tests.e2e.browser import VIEWPORT, app_server, browser_page, needs_chromium, open_teaching_case
from tests.e2e.test_app_browser import SCREENSHOTS, STEP_TIMEOUT_MS

pytestmark = needs_chromium()


def test_the_other_side_answers_by_the_link_and_the_founder_sees_both_views(tmp_path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with app_server(tmp_path / "e2e.sqlite3") as url, browser_page() as page:
        page.set_default_timeout(STEP_TIMEOUT_MS)
        open_teaching_case(page, url)

        page.get_by_test_id("stSelectbox").filter(has_text="Section").click()
        page.keyboard.type("Outcome-based deals")  # the option list is virtualised: filter it first
        page.get_by_role("option", name="Outcome-based deals").click()
        page.get_by_text("The other side of this deal").wait_for()
        page.get_by_text("Or use the other side's answers file").wait_for()  # the form is drawn in full
        page.get_by_label("The other firm's name").fill("Telecorp")
        page.get_by_role("button", name="Create a private link for them").click()
        link_block = page.get_by_test_id("stCode").filter(has_text="?resume=")
        link_block.wait_for()
        link = link_block.inner_text().strip()
        assert link.startswith(url) and link != page.url  # its own code, not the founder's

        # The other side, in a browser of its own.
        other_browser = page.context.browser.new_context(viewport=VIEWPORT)
        other = other_browser.new_page()
        other.set_default_timeout(STEP_TIMEOUT_MS)
        other.goto(link)
        other.get_by_text("Questions from Connectcorp").wait_for()
        assert other.get_by_text("What matters most").count() == 0
        other.get_by_text("Come back later").wait_for()  # the last element drawn: the page is complete
        other.get_by_test_id("stRadio").first.get_by_text("Not done", exact=True).click()
        other.get_by_text("1 of 12 questions answered").wait_for()
        other.screenshot(path=SCREENSHOTS / "5-other-side-answers.png")
        other_browser.close()

        page.get_by_role("link", name="Report").click()
        page.get_by_text("New: Telecorp has answered 1 more question since you last looked").wait_for()
        page.get_by_text("Your view and Telecorp's").wait_for()
        page.get_by_text("has answered 1 of the 12 questions asked so far").wait_for()
        assert page.get_by_text("You and the other side see the deal's activities differently").count() >= 1
        page.wait_for_timeout(300)
        page.screenshot(path=SCREENSHOTS / "6-report-both-sides.png")
