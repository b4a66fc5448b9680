"""The whole questionnaire by keyboard alone (WCAG 2.1.1): a founder who never touches the mouse
starts an assessment with their firm's name, answers every section, adds a business model, and
opens the report. Only Tab, Space, Enter and typing: no click, no locator that acts on the page."""

from __future__ import annotations

import re

from tests.e2e.browser import app_server, browser_page, needs_chromium
from tests.e2e.questionnaire_steps import (
    CARD_UNANSWERED,
    first_unanswered_card,
    progress_text,
    wait_progress_changed,
)
from tests.e2e.test_app_browser import SCREENSHOTS, STEP_TIMEOUT_MS

pytestmark = needs_chromium()
TAB_LIMIT = 3000  # a ceiling on key presses: a focus trap or an unreachable control ends the test
# The repeated sections' "add" fields, and the entry the founder adds with each (a section with no
# entry is not done).
ENTRIES = {
    "Add a business model: a short name": ("Business model", "OEM revenue share"),
    "Add a collaboration: a short name": ("Collaboration", "Truck maker partner network"),
}

# What has the keyboard focus: its kind, its name, and whether its question card is still unanswered.
FOCUSED = f"""() => {{
  const e = document.activeElement;
  if (!e || e === document.body) return {{kind: 'none', name: '', open: false, combobox: false}};
  const card = e.closest('[class*="st-key-card"]');
  const open = !!card && ({CARD_UNANSWERED})(card);
  const kind = e.tagName === 'INPUT' ? 'input-' + e.type : e.tagName.toLowerCase();
  const name = (e.getAttribute('aria-label') || e.innerText || '').trim();
  return {{kind, name, open, combobox: e.getAttribute('role') === 'combobox'}};
}}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def tab_to(page, wanted) -> dict:
    """Tab forward until the focused element satisfies `wanted`; fails if it never does."""
    for _ in range(200):
        page.keyboard.press("Tab")
        now = focused(page)
        if wanted(now):
            return now
    raise AssertionError("no control that keyboard users can reach")


def commit(page, key: str) -> None:
    """Press a key that answers a question, and wait until the answer is saved and counted."""
    before = progress_text(page)
    page.keyboard.press(key)
    wait_progress_changed(page, before)


def test_a_founder_completes_the_questionnaire_and_opens_the_report_by_keyboard_alone(tmp_path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with app_server(tmp_path / "e2e.sqlite3") as url, browser_page({"width": 1280, "height": 900}) as page:
        page.set_default_timeout(STEP_TIMEOUT_MS)
        page.goto(url)
        page.get_by_text("Open an assessment file").wait_for()  # drawn: now only the keyboard
        tab_to(page, lambda f: f["name"] == "Your firm's name")
        page.keyboard.type("Fleetlytics")
        tab_to(page, lambda f: f["name"] == "Start with a blank questionnaire")
        page.keyboard.press("Enter")
        page.get_by_role("heading", name="Questionnaire: Fleetlytics").wait_for()

        answered, typed_number, added, sections = 0, False, set(), 1
        for _ in range(TAB_LIMIT):
            page.keyboard.press("Tab")
            f = focused(page)
            if f["open"] and f["kind"] == "input-radio":
                commit(page, "Space")  # the group's first option, as a keyboard user picks it
                answered += 1
            elif f["open"] and f["kind"] == "input-number" and not typed_number:
                page.keyboard.type("28")
                commit(page, "Enter")
                answered, typed_number = answered + 1, True
            elif f["open"] and f["kind"] == "input-text" and f["combobox"]:  # pick all that apply
                page.keyboard.press("ArrowDown")
                commit(page, "Enter")
                page.keyboard.press("Escape")
                answered += 1
            elif f["open"] and f["kind"] == "textarea":
                page.keyboard.type("Fleet telematics analytics, sold white-label through a truck maker")
                commit(page, "Tab")  # leaving the box saves it
                answered += 1
            elif f["open"] and f["kind"] == "button" and f["name"] in ("Don't know", "None of these"):
                commit(page, "Space")
                answered += 1
            elif f["name"] in ENTRIES and f["name"] not in added:
                noun, name = ENTRIES[f["name"]]
                page.keyboard.type(name)
                page.keyboard.press("Enter")  # submits the form
                page.get_by_text(f"{noun}: {name}").wait_for()
                added.add(f["name"])
            elif first_unanswered_card(page) is not None:
                continue  # a question on screen is still open: Tab on (round the page) to reach it
            elif f["name"] == "Next section →":
                heading = page.get_by_role("heading", level=2).first.inner_text()
                page.keyboard.press("Enter")
                # The new section's heading has the focus: Tab goes on from its first question.
                page.wait_for_function(
                    "h => { const e = document.activeElement;"
                    " return e && e.tagName === 'H2' && !e.innerText.startsWith(h) }",
                    arg=heading,
                )
                sections += 1
            elif "See your report" in f["name"]:
                break
        else:
            raise AssertionError(f"the report link was never reached ({answered} answers)")

        progress = progress_text(page)
        page.screenshot(path=SCREENSHOTS / "keyboard-last-section.png")
        done = re.match(r"(\d+) of (\d+) sections done", progress)
        assert done and done[1] == done[2] == str(sections), progress
        assert added == set(ENTRIES) and answered >= 39
        page.keyboard.press("Enter")
        page.get_by_text("What matters most").wait_for()
        assert page.get_by_role("heading", name="Report: Fleetlytics").is_visible()
