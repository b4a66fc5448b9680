"""The Teaching page's logic without Streamlit."""

from __future__ import annotations

import pytest

from advisor.app.teaching_views import (
    CaseCard,
    case_library,
    case_questions,
    check_against_key,
    explain_rule,
    firm_journey,
    student_assessment,
)
from advisor.core.assessment import AssessmentError
from tests.cases import EXAMPLES, case


def test_the_library_lists_every_case_with_its_story_and_nothing_of_the_key():
    cards = case_library()
    assert len(cards) == len(list(EXAMPLES.glob("*.yaml")))
    assert set(CaseCard.__dataclass_fields__) == {"case_id", "title", "narrative", "discussion_questions"}
    assert all(c.title and c.narrative for c in cards)


def test_the_form_holds_the_questions_the_key_answers():
    assert {q.id for q in case_questions("s20-r6")} == set(case("s20-r6").answers)


def test_the_keys_own_answers_match_the_key_exactly():
    key = case("s20-r6")
    check = check_against_key("s20-r6", {qid: a.value for qid, a in key.answers.items()})
    assert all(a.yours == a.key for a in check.answers)
    assert check.comparison.findings == [] and all(f.in_both for f in check.yours + check.key)


def test_an_unanswered_form_is_all_dont_know_and_differences_are_explained():
    check = check_against_key("s20-r6", {})
    assert {a.yours for a in check.answers} == {"Don't know"}
    missing = [f for f in check.comparison.findings if f.only_in == "key"]
    assert missing and any(f.because for f in missing)
    assert {f.rule_id for f in check.key} >= {f.rule_id for f in missing}


def test_a_value_the_question_does_not_allow_is_refused():
    with pytest.raises(AssessmentError, match="bg_growth_stage"):
        student_assessment("seamless-2005", {"bg_growth_stage": "galactic"})


def test_journeys_and_rule_explanations():
    seamless = firm_journey("Seamless")
    assert len(seamless.moments) == 3
    assert [m.date for m in seamless.moments] == sorted(m.date for m in seamless.moments)
    assert len(seamless.steps) == 2
    e = explain_rule("LK-04")
    assert e.doc[0].startswith("When it fires:") and e.proposition and e.citation
    assert any(title.startswith("Seamless") for _, title in e.fires_for)
