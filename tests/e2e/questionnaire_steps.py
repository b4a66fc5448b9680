"""Steps a founder takes in the questionnaire, in a real browser, shared by the e2e tests and the
browser benchmark."""

from __future__ import annotations

PROGRESS = "stProgress"
# A question card (the bordered container keyed "card.<widget key>") with nothing answered: no radio
# or pill chosen, no text or number typed, no option of a multi-select picked.
CARD_UNANSWERED = """c => !c.querySelector('[role="radio"][aria-checked="true"], input[type="radio"]:checked')
  && ![...c.querySelectorAll('textarea, input[type="number"]')].some(i => i.value.trim() !== '')
  && !c.querySelector('[data-testid="stMultiSelectTagsContainer"] > :not(input)')"""
# Index of the first unanswered question card on screen.
_FIRST_UNANSWERED = f"""() => {{
  const open = {CARD_UNANSWERED};
  const cards = [...document.querySelectorAll('[class*="st-key-card"]')];
  return cards.findIndex(c => c.offsetParent && open(c));
}}"""


def progress_text(page) -> str:
    return page.get_by_test_id(PROGRESS).inner_text()


def wait_progress_changed(page, before: str) -> None:
    page.wait_for_function(
        "b => { const p = document.querySelector('[data-testid=stProgress]');"
        " return p && p.innerText !== b }",
        arg=before,
    )


def first_unanswered_card(page):
    """The first question card on screen with nothing answered, or None."""
    index = page.evaluate(_FIRST_UNANSWERED)
    return page.locator('[class*="st-key-card"]').nth(index) if index >= 0 else None


def answer_dont_know(page, card) -> None:
    """Answer a card "Don't know" and wait until the progress line counts it (saved and shown)."""
    before = progress_text(page)
    card.get_by_text("Don't know", exact=True).first.click()  # the pill or the radio, drawn first
    wait_progress_changed(page, before)


def answer_one_unanswered(page) -> bool:
    """Answer the first unanswered question on screen with "Don't know"; False when none is left."""
    card = first_unanswered_card(page)
    if card is None:
        return False
    answer_dont_know(page, card)
    return True


def answer_section(page, limit: int = 60) -> int:
    """Answer every question on screen, follow-ups included as they open; returns how many."""
    count = 0
    while count < limit and answer_one_unanswered(page):
        count += 1
    return count


def go_to_section(page, title: str) -> None:
    page.get_by_test_id("stSelectbox").filter(has_text="Section").click()
    page.keyboard.type(title)  # the option list is virtualised: filter it first
    page.get_by_role("option", name=title).click()
    page.get_by_role("heading", name=title, level=2).wait_for()
