"""The questionnaire in a real browser: the founder never loses their place or what they typed."""

from __future__ import annotations

from tests.e2e.browser import app_server, browser_page, needs_chromium
from tests.e2e.questionnaire_steps import answer_section, go_to_section
from tests.e2e.test_app_browser import SCREENSHOTS, STEP_TIMEOUT_MS

pytestmark = needs_chromium()
MODELS = "Business models you run side by side"


def add_model(page, name: str) -> None:
    page.get_by_label("Add a business model: a short name").fill(name)
    page.get_by_role("button", name="Add business model").click()


def test_finishing_a_section_then_changing_an_answer_keeps_the_founders_place_and_input(tmp_path):
    """The walk-through's steps: the section's ✓ used to throw the founder back to section 1 and drop
    the next "Add business model" with its typed name."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with app_server(tmp_path / "e2e.sqlite3") as url, browser_page({"width": 1280, "height": 2400}) as page:
        page.set_default_timeout(STEP_TIMEOUT_MS)
        page.goto(url)
        page.get_by_label("Your firm's name").fill("Fleetlytics")
        page.get_by_role("button", name="Start with a blank questionnaire").click()
        page.get_by_role("heading", name="Questionnaire: Fleetlytics").wait_for()

        go_to_section(page, MODELS)
        add_model(page, "OEM revenue share")
        page.get_by_text("Business model: OEM revenue share").wait_for()
        assert answer_section(page) >= 5
        page.get_by_text(f"✓ {MODELS}").first.wait_for()  # the section is done

        # Change an answer in the finished section, then add a second model with its name.
        page.get_by_text("It earns our money today (we run and improve it)").click()
        page.wait_for_timeout(800)
        page.get_by_role("heading", name=MODELS, level=2).wait_for()
        add_model(page, "Direct fleet subscription")
        page.get_by_text("Business model: Direct fleet subscription").wait_for()
        assert page.get_by_role("heading", name=MODELS, level=2).is_visible()
        assert page.get_by_text("Business model: OEM revenue share").is_visible()
        role = "It earns our money today (we run and improve it)"
        radio = page.get_by_test_id("stRadio").filter(has_text=role).first
        assert radio.get_by_role("radio", name=role).is_checked()
        page.screenshot(path=SCREENSHOTS / "questionnaire-place-kept.png")
