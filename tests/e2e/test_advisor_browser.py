"""A founder and an advisor on one assessment, in two real browsers: the founder shares the report,
the advisor opens the link (not the founder's resume code), adds a note and proposes an action, and
the founder sees the note under the finding and in the PDF."""

from __future__ import annotations

from tests.e2e.browser import VIEWPORT, app_server, browser_page, needs_chromium, open_teaching_case
from tests.e2e.test_app_browser import SCREENSHOTS, STEP_TIMEOUT_MS

pytestmark = needs_chromium()
NOTE = "Try one own-brand product with the Nordic distributor first."


def test_the_advisor_annotates_by_their_own_link_and_the_founder_sees_the_note(tmp_path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with app_server(tmp_path / "e2e.sqlite3") as url, browser_page() as page:
        page.set_default_timeout(STEP_TIMEOUT_MS * 6)  # the report page is long; two browsers share 2 cores
        open_teaching_case(page, url)
        page.get_by_role("link", name="Report").click()
        page.get_by_text("Share with your advisor").wait_for()
        page.get_by_label("Your advisor's name").fill("Anna Berg")
        page.get_by_role("button", name="Create a link for my advisor").click()
        link_block = page.get_by_test_id("stCode").filter(has_text="?resume=")
        link_block.wait_for()
        link = link_block.inner_text().strip()
        assert link.startswith(url) and link.split("resume=")[1] not in page.url  # not the founder's code

        advisor_browser = page.context.browser.new_context(viewport=VIEWPORT)
        advisor = advisor_browser.new_page()
        advisor.set_default_timeout(STEP_TIMEOUT_MS * 6)
        advisor.goto(link)
        advisor.get_by_text("Reviewing:").wait_for()
        assert advisor.get_by_role("link", name="Questionnaire").count() == 0  # read and annotate only
        advisor.get_by_label("Your note to the founder").first.fill(NOTE)
        advisor.get_by_role("button", name="Add note").first.click()
        advisor.get_by_text(NOTE).wait_for()
        advisor.get_by_role("button", name="Propose this action").first.click()
        advisor.wait_for_timeout(500)
        advisor.screenshot(path=SCREENSHOTS / "advisor-review.png")
        advisor_browser.close()

        page.reload()
        page.get_by_text("Share with your advisor").wait_for()
        page.get_by_text(NOTE).wait_for()
        assert page.get_by_text("(Anna Berg, ").count() >= 1  # who wrote it, and when
        page.get_by_text("Actions your advisor proposes").wait_for()
        with page.expect_download() as caught:
            page.get_by_role("button", name="Report as PDF").click()
        assert caught.value.path().read_bytes().startswith(b"%PDF")
        page.screenshot(path=SCREENSHOTS / "founder-sees-advisor-note.png", full_page=True)
