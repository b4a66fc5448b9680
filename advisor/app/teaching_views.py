"""What the app's Teaching page shows, without Streamlit: the case library, a student's answers
checked against the expert key, the firms' journeys, and one rule explained.

A student answers a compact form of the case: the firm-level questions the key answers; one left
blank counts as "Don't know". Collaborations, business models and the other side's view (if any) are
taken as the case gives them: the narrative describes them, and the form stays short. Nothing in
a `CaseCard` gives away the key's answers or the expected findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from advisor.api import EXAMPLES_DIR, default_rulebase
from advisor.core.assessment import Assessment, assessment_to_data, load_assessment, validate_assessment
from advisor.core.bank import DONT_KNOW, Question
from advisor.core.findings import finding_key
from advisor.core.rulebase import RuleBase
from advisor.core.rulekit import DOC_HEADINGS, Citation
from advisor.reporting.report import Report, build_report, source_fields
from advisor.teaching.compare import Comparison, Journey, compare_to_key, journey

JOURNEYS = {
    "Seamless": ("seamless-2001", "seamless-2005", "seamless-2012"),
    "Toontrack": ("toontrack-2005", "toontrack-2012"),
}


@dataclass(frozen=True)
class CaseCard:
    """What a student may see before answering: the story, and the instructor's questions."""

    case_id: str
    title: str
    narrative: str
    discussion_questions: tuple[str, ...]


@cache
def _key(case_id: str, folder: Path = EXAMPLES_DIR) -> Assessment:
    return load_assessment(folder / f"{case_id}.yaml", default_rulebase().bank)


def case_library(folder: Path = EXAMPLES_DIR) -> list[CaseCard]:
    out = []
    for path in sorted(folder.glob("*.yaml")):
        key = _key(path.stem, folder)
        if key.case is not None:
            out.append(
                CaseCard(path.stem, key.case.title, key.case.narrative, tuple(key.case.discussion_questions))
            )
    return out


def case_questions(case_id: str, rb: RuleBase | None = None) -> list[Question]:
    """The questions the student answers: the firm-level ones the key answers, in the bank's order."""
    rb = rb or default_rulebase()
    answered = set(_key(case_id).answers)
    return [q for q in rb.bank.questions if q.id in answered]


def student_assessment(case_id: str, answers: dict[str, Any], rb: RuleBase | None = None) -> Assessment:
    """The student's answers as an assessment of the case's firm; unanswered means "Don't know".

    Raises AssessmentError when an answer is not allowed (the message says which and why)."""
    rb = rb or default_rulebase()
    data = assessment_to_data(_key(case_id))
    data.pop("case", None)
    data["answers"] = {
        q.id: answers[q.id] if answers.get(q.id) is not None else DONT_KNOW
        for q in case_questions(case_id, rb)
    }
    return validate_assessment(data, rb.bank, "your answers")


@dataclass(frozen=True)
class AnswerPair:
    question: str
    yours: str
    key: str
    key_source: str  # where in the paper the key's answer comes from, if the case says


@dataclass(frozen=True)
class FindingLine:
    rule_id: str
    title: str
    subject: str  # "" for the firm, else who it is about
    in_both: bool


@dataclass(frozen=True)
class KeyCheck:
    answers: list[AnswerPair]  # every question of the form, the student's and the key's side by side
    yours: list[FindingLine]
    key: list[FindingLine]
    comparison: Comparison  # what differs, and the answers each differing finding rests on


def _lines(report: Report, other: Report) -> list[FindingLine]:
    theirs = {finding_key(f) for f in other.findings}
    return [
        FindingLine(
            f.rule_id,
            f.title,
            f.subject_name,
            finding_key(f) in theirs,
        )
        for f in report.findings
    ]


def check_against_key(case_id: str, answers: dict[str, Any]) -> KeyCheck:
    """The student's answers and findings beside the key's, with the differences explained."""
    rb = default_rulebase()
    key = _key(case_id)
    student = student_assessment(case_id, answers, rb)
    mine, theirs = build_report(rb, student), build_report(rb, key)
    sources = key.case.sources if key.case else {}

    def label(a: Assessment, q: Question) -> str:
        answer = a.answers.get(q.id)
        return q.label_of(answer.value if answer else DONT_KNOW)

    return KeyCheck(
        answers=[
            AnswerPair(q.text, label(student, q), label(key, q), sources.get(q.id, ""))
            for q in case_questions(case_id, rb)
        ],
        yours=_lines(mine, theirs),
        key=_lines(theirs, mine),
        comparison=compare_to_key(rb, student, key),
    )


def firm_journey(firm: str) -> Journey:
    return journey(default_rulebase(), [_key(case_id) for case_id in JOURNEYS[firm]])


@dataclass(frozen=True)
class RuleExplanation:
    rule_id: str
    title: str
    kind: str
    doc: list[str]  # paragraphs of the rule's documentation, plain text
    proposition: str  # the paper's claim in plain words
    citation: str  # paper, section and case of the rule's claim (or "Advisor practice (context: ...)")
    passage: str  # the paper's words for the claim, verbatim; "" when none is quoted
    fires_for: list[tuple[str, str]]  # (case id, case title)
    silent_for: list[tuple[str, str]]


def _titled(case_ids: list[str]) -> list[tuple[str, str]]:
    titles = {c.case_id: c.title for c in case_library()}
    return [(c, titles.get(c, c)) for c in case_ids]


def explain_rule(rule_id: str) -> RuleExplanation:
    """Like `bmi-advisor rules show ID`: the rule's doc, the proposition, the source, the cases."""
    rb = default_rulebase()
    spec = rb.rules[rule_id]
    prop = rb.propositions[spec.proposition]
    claim = spec.citation or Citation(prop.paper, prop.section)
    source = source_fields(claim, rb.papers[claim.paper])
    doc = [f"{heading} {spec.doc_section(heading)}" for heading in DOC_HEADINGS if spec.doc_section(heading)]
    return RuleExplanation(
        rule_id=spec.id,
        title=spec.title,
        kind=str(spec.kind),
        doc=doc,
        proposition=prop.paraphrase,
        citation=f"{source['text']} · {source['paper']}",
        passage=source["passage"],
        fires_for=_titled(list(spec.fires_for)),
        silent_for=_titled(list(spec.silent_for)),
    )


def rule_ids() -> list[str]:
    return [spec.id for spec in default_rulebase().parts.rules]
