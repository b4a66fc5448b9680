"""Which rules fire and stay silent on which example cases, found by assessing each case for real.

A silence only counts as evidence when the rule's questions were answered: some condition fails
on a known state (not "unknown") for every subject the rule is about. A rule silent only because
the case left its questions unanswered, or a case with no entry the rule is about (no
collaboration, say), exercises nothing, and the table says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from advisor.core.assessment import Assessment
from advisor.core.rulebase import FIRM, RuleBase
from advisor.core.rulekit import UNKNOWN, RuleSpec
from advisor.reporting.report import build_report


class Outcome(StrEnum):
    FIRED = "fired"
    TENTATIVE = "fired tentatively"
    SILENT = "silent"  # a condition fails on a known answer for every subject
    UNANSWERED = "silent, unanswered"  # silent only because answers are missing
    NO_SUBJECT = "nothing to judge"  # the case has no entry the rule is about

    @property
    def fired(self) -> bool:
        return self in (Outcome.FIRED, Outcome.TENTATIVE)


@dataclass(frozen=True)
class Cell:
    outcome: Outcome
    expected: str = ""  # "fire", "silent", or "" when nothing is stated for this case

    @property
    def as_expected(self) -> bool:
        if self.expected == "fire":
            return self.outcome.fired
        if self.expected == "silent":
            return not self.outcome.fired
        return True


@dataclass(frozen=True)
class Case:
    id: str
    title: str


@dataclass
class Coverage:
    cases: list[Case]
    cells: dict[tuple[str, str], Cell]  # (rule id, case id) -> what happened

    def row(self, rule_id: str) -> list[Cell]:
        return [self.cells[(rule_id, c.id)] for c in self.cases]

    def count(self, rule_id: str, *outcomes: Outcome) -> int:
        return sum(cell.outcome in outcomes for cell in self.row(rule_id))

    def never_fired(self, rule_ids: Iterable[str]) -> list[str]:
        return [r for r in rule_ids if not self.count(r, Outcome.FIRED, Outcome.TENTATIVE)]

    def never_silent(self, rule_ids: Iterable[str]) -> list[str]:
        return [r for r in rule_ids if not self.count(r, Outcome.SILENT)]

    def unexpected(self) -> list[tuple[str, str, Cell]]:
        return [(rule, case, cell) for (rule, case), cell in self.cells.items() if not cell.as_expected]


def coverage(rb: RuleBase, cases: Mapping[str, Assessment]) -> Coverage:
    """Assess every case and record each rule's outcome, beside what the case and rule expect."""
    cells: dict[tuple[str, str], Cell] = {}
    listed: list[Case] = []
    for case_id, assessment in cases.items():
        listed.append(Case(case_id, assessment.case.title if assessment.case else assessment.firm_name))
        report = build_report(rb, assessment)
        tentative = {(f.rule_id, f.subject): f.confidence != "firm" for f in report.findings}
        # Derivations are not reported, but other rules read their conclusions: take the firings.
        _, firings = rb.run(assessment)
        keys = [(f.rule.id, f.subject.label) for f in firings]
        fired = {key: tentative.get(key, False) for key in keys}
        traits = {s.subject: s.traits for s in report.subjects}
        for spec in rb.parts.rules:
            outcome = _outcome(rb, spec, traits, fired)
            cells[(spec.id, case_id)] = Cell(outcome, _expected(spec, case_id))
    return Coverage(listed, cells)


def _expected(spec: RuleSpec, case_id: str) -> str:
    """What the rule's record says of this case: fires_for, silent_for, or nothing."""
    if case_id in spec.fires_for:
        return "fire"
    if case_id in spec.silent_for:
        return "silent"
    return ""


def _scope(subject: str) -> str:
    return FIRM if subject == FIRM else subject.split(":", 1)[0]


def _outcome(
    rb: RuleBase,
    spec: RuleSpec,
    traits: Mapping[str, Mapping[str, str]],
    fired: Mapping[tuple[str, str], bool],
) -> Outcome:
    subjects = [s for s in traits if _scope(s) in spec.scopes]
    tentative = [fired[(spec.id, s)] for s in subjects if (spec.id, s) in fired]
    if tentative:
        return Outcome.TENTATIVE if all(tentative) else Outcome.FIRED
    if not subjects:
        return Outcome.NO_SUBJECT
    answered = all(_fails_on_known(rb, spec, s, traits[s], fired) for s in subjects)
    return Outcome.SILENT if answered else Outcome.UNANSWERED


def _fails_on_known(
    rb: RuleBase,
    spec: RuleSpec,
    subject: str,
    traits: Mapping[str, str],
    fired: Mapping[tuple[str, str], bool],
) -> bool:
    """Whether some condition of the rule fails on a known state for this subject."""
    for name, cond in spec.trait_conditions.items():
        state = traits.get(name, UNKNOWN)
        if state != UNKNOWN and state not in cond.all_states:
            return True
    for name, cond in spec.conclusion_conditions.items():
        concluders = [r for r in rb.parts.rules if name in r.concludes]
        concluded = any((r.id, subject) in fired for r in concluders)
        if concluded and not cond.all_states:  # it needs the conclusion absent, and it is drawn
            return True
        if (
            not concluded
            and cond.all_states
            and all(_fails_on_known(rb, r, subject, traits, fired) for r in concluders)
        ):
            return True
    return False
