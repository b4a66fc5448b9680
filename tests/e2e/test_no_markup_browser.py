"""The review's M1 in a real browser: the other side's firm name, and a founder's texts, hold a
disguised link, an external image, HTML and bare web and e-mail addresses. The founder's pages must
show them as text: no link to the other side's domain, and no request to it."""

from __future__ import annotations

from advisor.api import default_rulebase
from advisor.app.draft import set_header
from advisor.app.other_side import invite
from advisor.app.store.sqlite import SqliteStore
from tests.e2e.browser import app_server, browser_page, needs_chromium
from tests.e2e.test_app_browser import SCREENSHOTS, STEP_TIMEOUT_MS
from tests.test_no_markup import PAYLOAD, hostile_draft

pytestmark = needs_chromium()


def test_visitor_texts_render_as_text_in_the_browser(tmp_path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    db = tmp_path / "e2e.sqlite3"
    store = SqliteStore(db)
    code = store.create(hostile_draft())
    theirs = invite(store, code, default_rulebase().bank, "Forestcorp", "")
    store.update(theirs, lambda d: set_header(d, firm_name=PAYLOAD))
    with app_server(db) as url, browser_page() as page:
        page.set_default_timeout(3 * STEP_TIMEOUT_MS)  # a founder page full of long texts
        fetched: list[str] = []
        page.on("request", lambda request: fetched.append(request.url))
        for address, ready in (
            (f"{url}/?resume={code}", "sections done"),
            (f"{url}/report?resume={code}", "What matters most"),
        ):
            page.goto(address)
            page.get_by_text(ready).first.wait_for()
            page.wait_for_timeout(1500)  # let late elements and images load
            page.screenshot(path=SCREENSHOTS / f"no-markup-{ready.split()[0].lower()}.png")
            assert page.get_by_text("evil.example").count() > 0, "the payload never reached the page"
            links = page.locator(
                "a[href*='evil']:not([href^='#']), a[href^='mailto:']"
            )  # not heading anchors
            assert links.count() == 0, [links.nth(i).get_attribute("href") for i in range(links.count())]
            assert page.locator("img[src*='evil'], b:has-text('b')").count() == 0
        assert not [u for u in fetched if "evil" in u]
