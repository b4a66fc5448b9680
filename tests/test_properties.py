"""Properties over generated assessments: any valid file gives a sound report; any bad value is named.

How many examples each property tries is set by the Hypothesis profile in conftest.py.

The strategies build answers straight from the question bank, so new questions are covered as soon
as they are added.
"""

from __future__ import annotations

from typing import Any

from conftest import header
from hypothesis import given
from hypothesis import strategies as st

from advisor.api import assess, default_rulebase
from advisor.core.assessment import AssessmentError, validate_assessment
from advisor.core.bank import DONT_KNOW, NOT_APPLICABLE, AnswerType, Question, QuestionBank

BANK: QuestionBank = default_rulebase().bank
FIRM_QUESTIONS = [q for q in BANK.questions if not BANK.section_by_id[q.section].repeat]
REPEAT_SECTIONS = BANK.repeat_sections


def typed_value(q: Question) -> st.SearchStrategy[Any]:
    """Values the bank allows for q's answer type (without the special values)."""
    choices = [o.value for o in q.choices]
    match q.type:
        case AnswerType.SINGLE | AnswerType.YESNO:
            return st.sampled_from(choices)
        case AnswerType.MULTI:
            return st.lists(st.sampled_from(choices), max_size=len(choices) + 1)
        case AnswerType.SCALE:
            assert q.scale
            return st.integers(q.scale.min, q.scale.max)
        case AnswerType.NUMBER:
            assert q.number
            if q.number.integer:
                return st.integers(int(q.number.min), int(q.number.max))
            return st.floats(q.number.min, q.number.max, allow_nan=False)
        case AnswerType.TEXT:
            return st.text(max_size=60)
    raise AssertionError(f"no strategy for answer type {q.type}")


def answer(q: Question) -> st.SearchStrategy[Any]:
    specials = [DONT_KNOW, *([NOT_APPLICABLE] if q.allow_not_applicable else [])]
    value = st.one_of(typed_value(q), st.sampled_from(specials))
    with_evidence = st.builds(lambda v, e: {"value": v, "evidence": e}, value, st.text(max_size=40))
    return st.one_of(value, with_evidence)


def answers_for(questions: list[Question]) -> st.SearchStrategy[dict[str, Any]]:
    """Any subset of the questions, each with an allowed answer."""
    return st.fixed_dictionaries({}, optional={q.id: answer(q) for q in questions})


# Built once: building these strategies inside each draw was most of the properties' time
# (Hypothesis re-derives a new strategy's properties; 7.7 -> 1.7 s CPU for 50 assessments).
FIRM_ANSWERS = answers_for(FIRM_QUESTIONS)
ITEM_ANSWERS = {section.id: answers_for(BANK.in_section(section.id)) for section in REPEAT_SECTIONS}
ITEM_IDS = st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True), max_size=3, unique=True)


@st.composite
def valid_assessments(draw: st.DrawFn) -> dict[str, Any]:
    groups = {}
    for section in REPEAT_SECTIONS:
        ids = draw(ITEM_IDS)
        groups[section.id] = [{"id": i, "answers": draw(ITEM_ANSWERS[section.id])} for i in ids]
    return {**header(), "answers": draw(FIRM_ANSWERS), "groups": groups}


def bad_value(q: Question) -> st.SearchStrategy[Any]:
    """Values no question of q's type accepts."""
    wrong_kind = st.sampled_from([None, {"x": 1}, [1]])
    match q.type:
        case AnswerType.SINGLE | AnswerType.YESNO:
            typed = st.sampled_from(["not-a-choice", 7, ["yes"]])
        case AnswerType.MULTI:
            typed = st.sampled_from(["license", ["not-a-choice"], 3])
        case AnswerType.SCALE:
            assert q.scale
            typed = st.sampled_from([q.scale.min - 1, q.scale.max + 1, 2.5, "3", True])
        case AnswerType.NUMBER:
            assert q.number
            typed = st.sampled_from([q.number.min - 1, q.number.max + 1, "ten", float("nan")])
        case AnswerType.TEXT:
            typed = st.sampled_from([12, ["text"], True])
    return st.one_of(typed, wrong_kind)


@given(data=valid_assessments())
def test_any_valid_assessment_gives_a_sound_report(data):
    rb = default_rulebase()
    assessment = validate_assessment(data, rb.bank)
    report = assess(assessment, rb)
    again = assess(assessment, rb)
    assert report.model_dump_json() == again.model_dump_json(), "assessing twice gave different reports"
    subjects = {s.subject: s.traits for s in report.subjects}
    for finding in report.findings:
        spec = rb.rules.get(finding.rule_id)
        assert spec is not None, f"finding names unknown rule {finding.rule_id}"
        assert finding.citation.proposition_id == spec.proposition, finding.rule_id
        assert finding.citation.paper and finding.citation.text, f"{finding.rule_id} has no citation"
        states = {t.name: t.state for t in finding.evidence.traits}
        assert states.items() <= subjects[finding.subject].items(), (
            f"{finding.rule_id}: evidence traits {states} disagree with the subject's traits"
        )
        if finding.confidence == "tentative":
            assert finding.settled_by, f"{finding.rule_id} is tentative but does not say what would settle it"
        else:
            assert finding.confidence == "firm", finding.confidence
    for question in report.next_questions:
        assert question.question_id in rb.bank.by_id and question.rule_ids, question


@st.composite
def one_bad_answer(draw: st.DrawFn) -> tuple[dict[str, Any], str, str]:
    """A valid assessment with one answer (firm-level or in a collaboration) made invalid."""
    data = draw(valid_assessments())
    items = [(s, i) for s, entries in data["groups"].items() for i in range(len(entries))]
    if items and draw(st.booleans()):
        section, index = draw(st.sampled_from(items))
        question = draw(st.sampled_from(BANK.in_section(section)))
        target = data["groups"][section][index]["answers"]
        where = f"groups.{section}"
    else:
        question = draw(st.sampled_from(FIRM_QUESTIONS))
        target = data["answers"]
        where = ""
    target[question.id] = draw(bad_value(question))
    return data, question.id, where


@given(case=one_bad_answer())
def test_a_bad_value_is_reported_against_its_question(case):
    data, qid, where = case
    try:
        validate_assessment(data, BANK, "firm.yaml")
    except AssessmentError as exc:
        problems, message = exc.problems, str(exc)
    else:
        raise AssertionError(f"bad value {data} for {qid} was accepted")
    assert problems, "AssessmentError without problems"
    assert all(p.question_id == qid for p in problems), (
        f"expected problems for {qid} only, got {[str(p) for p in problems]}"
    )
    assert all(where in p.where for p in problems), f"problem not located at {where}: {problems}"
    assert qid in message, f"the error message does not name {qid}: {message}"
