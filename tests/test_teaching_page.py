"""The Teaching page, driven by AppTest: a case answered and compared with the key, a journey,
and a rule explained."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from advisor.app.teaching_views import case_library
from tests.cases import EXAMPLES

APP = str(EXAMPLES.parent / "app.py")


@pytest.fixture
def at(tmp_path, monkeypatch):
    monkeypatch.setenv("BMI_ADVISOR_DB", str(tmp_path / "app.sqlite3"))
    app = AppTest.from_file(APP, default_timeout=60).run()
    app.switch_page("app_pages/teaching.py").run()
    assert not app.exception
    return app


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def _open_case(at: AppTest, case_id: str) -> None:
    at.selectbox(key="teach.case").set_value(next(c for c in case_library() if c.case_id == case_id)).run()


def test_a_case_shows_its_story_but_not_the_key_before_the_student_compares(at):
    _open_case(at, "seamless-2005")
    text = _markdown(at)
    assert "Seamless" in text
    assert "Instructor notes" in next(e.label for e in at.expander)
    assert "Key:" not in text and "The expert key's findings" not in text
    assert "Locked in as an invisible sub-supplier" not in text  # an expected finding stays hidden
    assert at.radio(key="teach.seamless-2005.bg_growth_stage").value is None


def test_the_students_answers_and_findings_are_compared_with_the_key(at):
    _open_case(at, "seamless-2005")
    at.radio(key="teach.seamless-2005.bm_value_chain_position").set_value("direct_to_end_customer").run()
    at.button(key="teach.check").click().run()
    assert not at.exception
    text = _markdown(at)
    assert "You: *" in text and "Key: *" in text
    assert "**The expert key's findings**" in text
    assert "Locked in as an invisible sub-supplier" in text
    assert "In the key, not in your report" in text
    assert "Because of these answers:" in text
    assert any(e.label == "Explain this rule" for e in at.expander)
    assert "**The paper's claim:**" in text  # the explanation sits under the finding


def test_the_seamless_journey_shows_each_moment_and_what_changed(at):
    at.selectbox(key="teach.journey").set_value("Seamless").run()
    text = _markdown(at)
    assert "**2001**" in text and "**2012**" in text
    assert ":green-badge[Resolved]" in text and ":orange-badge[New]" in text
    at.selectbox(key="teach.journey").set_value("Toontrack").run()
    assert "**2005**" in _markdown(at)


def test_a_rule_is_explained_with_its_source_and_cases(at):
    at.selectbox(key="teach.rule").set_value("TS-01").run()
    text = _markdown(at)
    assert "When it fires:" in text
    assert "**Fires for:** R4 seen from both sides" in text
    assert "**Stays silent for:** R5 seen from both sides" in text
    assert any("Sjödin" in c.value for c in at.caption)
