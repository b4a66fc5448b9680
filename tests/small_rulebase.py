"""A small rule base built in the tests, sound as given, for the rule check and rule book to break.

One paper (`SM21`) with two propositions, three questions, three traits and three rules that pass
every check; each test changes one thing and looks for the one problem it should cause.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from advisor.core.bank import QuestionBank
from advisor.core.rulekit import (
    NO,
    UNKNOWN,
    YES,
    Answers,
    Citation,
    Cond,
    Kind,
    Move,
    Paper,
    Proposition,
    RuleBaseParts,
    RuleExample,
    RuleSpec,
    Severity,
    ThresholdNote,
    Trait,
    is_,
)

PAPER_TEXT = """Small Firms and Their Large Partners: A Study

Small firms that lean on one large part-
ner for most of their sales become “dependent as well as exchange-
able” – a risk that grows as the technology matures.

Early firms gain most from partnering.
"""
CITATION = "Smith, A. (2021). Small firms and their large partners: a study. Journal of Tests 1(1), 1-9."
QUOTE = "dependent as well as exchangeable"
DOC = f"""When it fires: the partner carries a large share of sales.
Why (source): Smith 2021, P1 - small firms become '{QUOTE}'.
Known limits: none known."""

SOURCE = {"paper": "SM21", "item": "Table 1"}
NEAR_MISS = "just below the dominant share"
RATIONALE = "The paper: one large partner carries most of the sales."
THRESHOLD_PASSAGE = "lean on one large partner for most of their sales"


def bank(extra_questions: list[dict[str, Any]] = ()) -> QuestionBank:
    questions = [
        {
            "id": "partner_share",
            "section": "firm",
            "text": "What share of sales goes through your largest partner?",
            "help": "A rough percentage.",
            "type": "number",
            "number": {"unit": "%", "min": 0, "max": 100},
            "source": SOURCE,
        },
        {
            "id": "stage",
            "section": "firm",
            "text": "Which stage is the firm in?",
            "help": "Pick one.",
            "type": "single",
            "options": [{"value": "early", "label": "Early"}, {"value": "late", "label": "Late"}],
            "source": SOURCE,
        },
        {
            "id": "story",
            "section": "firm",
            "text": "Tell us your story.",
            "help": "Free text.",
            "type": "text",
            "source": SOURCE,
            "context_only": "The firm in its own words, for the reader.",
        },
        *extra_questions,
    ]
    sections = [{"id": "firm", "title": "The firm", "intro": "About the firm."}]
    return QuestionBank.model_validate({"version": "t1", "sections": sections, "questions": questions})


def _share(a: Answers) -> str:
    value = a.get("partner_share")
    return UNKNOWN if value is None else (YES if value >= 40 else NO)


def _stage(wanted: str):
    def derive(a: Answers) -> str:
        value = a.get("stage")
        return UNKNOWN if value is None else (YES if value == wanted else NO)

    return derive


TRAITS = [
    Trait(
        "partner_dominates",
        "One partner carries 40% or more of sales",
        ("partner_share",),
        _share,
        thresholds=("dominant_share",),
    ),
    Trait("early_stage", "The firm is at an early stage", ("stage",), _stage("early")),
    Trait("late_stage", "The firm is at a late stage", ("stage",), _stage("late")),
]


def spec(
    rule_id: str,
    when: Mapping[str, Cond],
    kind: Kind = Kind.PROBLEM,
    fires: tuple[str, ...] = (),
    silent: tuple[str, ...] = (),
    **changes: Any,
) -> RuleSpec:
    base = RuleSpec(
        id=rule_id,
        name=f"rule_{rule_id.replace('-', '_').lower()}",
        title=f"Title of {rule_id}",
        kind=kind,
        severity=Severity.MEDIUM,
        proposition="SM21-P1",
        framework="small",
        when=dict(when),
        summary="One partner carries most of your sales.",
        moves=(Move(f"{rule_id}.spread", "Find a second partner.", f"Firms become '{QUOTE}'."),),
        doc=DOC,
        fires_for=fires,
        silent_for=silent,
        citation=Citation("SM21", "P1", QUOTE),
        examples=(RuleExample("silent", NEAR_MISS, {"partner_share": 39, "stage": "early"}),),
    )
    return replace(base, **changes)


def rules() -> list[RuleSpec]:
    return [
        spec(
            "SM-01",
            {"partner_dominates": is_(YES), "early_stage": is_(YES)},
            fires=("case-a",),
            silent=("case-b",),
        ),
        spec("SM-02", {"partner_dominates": is_(NO)}, kind=Kind.STRENGTH, proposition="SM21-P2"),
        spec("SM-03", {"late_stage": is_(YES), "partner_dominates": is_(YES)}),
    ]


def parts(rule_list: list[RuleSpec] | None = None, traits=None) -> RuleBaseParts:
    return RuleBaseParts(
        version="0.1",
        traits=list(TRAITS if traits is None else traits),
        rules=rules() if rule_list is None else rule_list,
        tensions=[],
        propositions=[
            Proposition(
                "SM21-P1", "SM21", "P1", "Leaning on one partner makes a small firm exchangeable.", True
            ),
            Proposition("SM21-P2", "SM21", "P2", "Early firms gain most from partnering.", True),
        ],
        papers=[Paper("SM21", CITATION, "Smith 2021")],
        frameworks={"small": "Small firms (Smith 2021)"},
        thresholds={"dominant_share": ThresholdNote(40, "% of sales", RATIONALE, THRESHOLD_PASSAGE)},
    )
