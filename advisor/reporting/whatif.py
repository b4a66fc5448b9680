"""What would change this? The smallest set of answer changes that removes a problem or brings
a missed strength.

Only answers that feed a rule's conditions are tried (the rule's traits, and the traits of the
rules whose conclusions it reads), only with values the question bank allows, and only where the
question applies after the change. Candidates that leave the rule's traits unchanged are dropped
before any rule is evaluated, so a full analysis needs few engine runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from pydantic import BaseModel, ConfigDict

from advisor.core.assessment import Assessment, Value
from advisor.core.bank import AnswerType, Question
from advisor.core.engine import SubjectFacts
from advisor.core.rulebase import FIRM, RuleBase, view
from advisor.core.rulekit import SEVERITY_ORDER, Kind, RuleSpec
from advisor.reporting.report import Report, subject_name

NUMBER_GRID = 20  # a number question is tried at this many evenly spaced points of its range
MAX_ALTERNATIVES = 3


class AnswerChange(BaseModel):
    model_config = ConfigDict(frozen=True)

    question_id: str
    question: str
    from_label: str
    to_value: Value
    to_label: str


class ChangeSet(BaseModel):
    model_config = ConfigDict(frozen=True)

    changes: list[AnswerChange]


class WhatWouldChange(BaseModel):
    model_config = ConfigDict(frozen=True)

    rule_id: str
    title: str
    subject: str
    subject_name: str = ""  # what the firm calls that item; "" for the firm itself
    goal: str  # "remove" a problem (or insight), or "gain" a missed strength
    alternatives: list[ChangeSet]  # each the smallest found; empty when 1-2 changes are not enough


@dataclass(frozen=True)
class _Edit:
    qid: str
    value: Any


class _Subject:
    """One subject's answers, editable, with the rule base's view of them."""

    def __init__(self, rb: RuleBase, assessment: Assessment, scope: str, item: str):
        self.rb, self.assessment, self.scope, self.item = rb, assessment, scope, item
        self.firm = assessment.firm_values()
        self.item_values: dict[str, Any] | None = None
        if scope != FIRM:
            self.item_values = {q: a.value for q, a in assessment.item_answers(scope, item).items()}

    def values_with(self, edits: tuple[_Edit, ...]) -> tuple[dict, dict | None]:
        firm = dict(self.firm)
        item = dict(self.item_values) if self.item_values is not None else None
        for e in edits:
            target = item if item is not None and self._is_item_question(e.qid) else firm
            target[e.qid] = e.value
        return firm, item

    def _is_item_question(self, qid: str) -> bool:
        return self.rb.bank.section_by_id[self.rb.bank.by_id[qid].section].repeat

    def current(self, qid: str) -> Any:
        if self.item_values is not None and self._is_item_question(qid):
            return self.item_values.get(qid)
        return self.firm.get(qid)

    def traits(self, edits: tuple[_Edit, ...]) -> dict[str, str]:
        firm, item = self.values_with(edits)
        answers = view(self.assessment, self.scope, self.item, firm, item)
        return dict(self.rb.subject_facts(self.scope, self.item, answers).traits)

    def applies(self, edits: tuple[_Edit, ...]) -> bool:
        firm, item = self.values_with(edits)
        return all(self.rb.bank.applies(self.rb.bank.by_id[e.qid], firm, item) for e in edits)


def _candidate_values(q: Question, current: Any) -> Iterator[Any]:
    match q.type:
        case AnswerType.SINGLE | AnswerType.YESNO:
            yield from (o.value for o in q.choices if o.value != current)
        case AnswerType.MULTI:
            chosen = set(current) if isinstance(current, list) else set()
            for option in q.choices:
                toggled = chosen ^ {option.value}
                yield [o.value for o in q.choices if o.value in toggled]
        case AnswerType.SCALE:
            assert q.scale
            yield from _nearest_first(range(q.scale.min, q.scale.max + 1), current)
        case AnswerType.NUMBER:
            assert q.number
            lo, hi = q.number.min, q.number.max
            points = {lo + (hi - lo) * i / NUMBER_GRID for i in range(NUMBER_GRID + 1)}
            cast = int if q.number.integer else float
            yield from _nearest_first({cast(round(p)) for p in points}, current)
        case AnswerType.TEXT:
            return


def _nearest_first(values: Iterator[int] | set, current: Any) -> list:
    """Try the smallest change first, so the first value that works is the one to report."""
    if not isinstance(current, int | float):
        return sorted(values)
    return sorted((v for v in values if v != current), key=lambda v: (abs(v - current), v))


class _Search:
    def __init__(self, rb: RuleBase, subject: _Subject, spec: RuleSpec, want_fired: bool):
        self.rb, self.subject, self.spec, self.want_fired = rb, subject, spec, want_fired
        self.relevant = rb.feeding_traits(spec)
        self.baseline_traits = subject.traits(())
        self.baseline = self._signature(self.baseline_traits)
        self.baseline_problems = self._problems(self.baseline_traits)
        self.rank = SEVERITY_ORDER[spec.severity]

    def _signature(self, traits: dict[str, str]) -> tuple[str, ...]:
        return tuple(traits[n] for n in self.relevant)

    def _problems(self, traits: dict[str, str]) -> dict[str, int]:
        facts = SubjectFacts(self.subject.scope, self.subject.item, traits)
        return {
            f.rule.id: SEVERITY_ORDER[f.rule.severity]
            for f in self.rb.pool.run([facts])
            if f.rule.kind is Kind.PROBLEM
        }

    def _no_new_equal_or_worse_problem(self, traits: dict[str, str]) -> bool:
        """Removing one problem by creating another as serious is no way out.

        A problem that appears only because the removed one no longer masks it (a later phase
        becoming the earliest misaligned one) was there already: its own traits did not change.
        """
        before = self.baseline_traits
        for rule_id, rank in self._problems(traits).items():
            if rule_id in self.baseline_problems or rank > self.rank:
                continue
            own = self.rb.rules[rule_id].trait_conditions
            if any(traits[n] != before[n] for n in own):
                return False
        return True

    def _fires(self, traits: dict[str, str]) -> bool:
        if not self.spec.conclusion_conditions:  # decidable from the conditions alone
            return all(traits[n] in c.all_states for n, c in self.spec.trait_conditions.items())
        facts = SubjectFacts(self.subject.scope, self.subject.item, traits)
        firings = self.rb.pool.run([facts])
        return any(f.rule.id == self.spec.id for f in firings)

    def single_edits(self) -> list[_Edit]:
        qids = dict.fromkeys(q for n in self.relevant for q in self.rb.trait(n, self.subject.scope).uses)
        edits = []
        for qid in qids:
            question = self.rb.bank.by_id[qid]
            for value in _candidate_values(question, self.subject.current(qid)):
                edits.append(_Edit(qid, value))
        return edits

    def solutions(self) -> list[tuple[_Edit, ...]]:
        singles = self.single_edits()
        tried: dict[tuple[str, ...], bool] = {}  # verdict per full trait state

        def works(edits: tuple[_Edit, ...]) -> bool:
            if not self.subject.applies(edits):
                return False
            traits = self.subject.traits(edits)
            if self._signature(traits) == self.baseline:
                return False
            sig = tuple(traits.values())
            if sig not in tried:
                tried[sig] = self._fires(traits) == self.want_fired and (
                    self.want_fired or self._no_new_equal_or_worse_problem(traits)
                )
            return tried[sig]

        found = self._distinct(e for e in ((e,) for e in singles) if works(e))
        if not found:
            pairs = (p for p in combinations(singles, 2) if p[0].qid != p[1].qid)
            found = self._distinct(p for p in pairs if works(p))
        # A change to a question that gates others (e.g. "no outcome deals at all") is a real answer
        # but rarely the move a founder is looking for: list those last.
        return sorted(found, key=lambda edits: any(e.qid in self.rb.gating_questions for e in edits))

    @staticmethod
    def _distinct(solutions: Iterator[tuple[_Edit, ...]]) -> list[tuple[_Edit, ...]]:
        """One solution per set of questions (the nearest value), at most MAX_ALTERNATIVES + gates."""
        seen: dict[frozenset[str], tuple[_Edit, ...]] = {}
        for edits in solutions:
            seen.setdefault(frozenset(e.qid for e in edits), edits)
        return list(seen.values())


def _describe(rb: RuleBase, subject: _Subject, edits: tuple[_Edit, ...]) -> ChangeSet:
    out = []
    for e in edits:
        q = rb.bank.by_id[e.qid]
        current = subject.current(e.qid)
        from_label = "unanswered" if current is None else q.label_of(current)
        out.append(
            AnswerChange(
                question_id=e.qid,
                question=q.text,
                from_label=from_label,
                to_value=e.value,
                to_label=q.label_of(e.value),
            )
        )
    return ChangeSet(changes=out)


def what_would_change(rb: RuleBase, assessment: Assessment, report: Report) -> list[WhatWouldChange]:
    """For every problem found, and every strength the firm missed, the smallest answer changes."""
    results: list[WhatWouldChange] = []
    targets: list[tuple[RuleSpec, str, str, bool]] = []
    for f in report.findings:
        if f.kind != Kind.PROBLEM.value:
            continue
        scope, _, item = f.subject.partition(":")
        targets.append((rb.rules[f.rule_id], scope, item or FIRM, False))
    fired_firm = {f.rule_id for f in report.findings if f.subject == FIRM}
    for spec in rb.parts.rules:
        if spec.kind is Kind.STRENGTH and spec.scope == FIRM and spec.id not in fired_firm:
            targets.append((spec, FIRM, FIRM, True))
    subjects: dict[tuple[str, str], _Subject] = {}
    for spec, scope, item, want_fired in targets:
        key = (scope, item)
        if key not in subjects:
            subjects[key] = _Subject(rb, assessment, scope, item)
        subject = subjects[key]
        solutions = _Search(rb, subject, spec, want_fired).solutions()
        if want_fired and not solutions:
            continue  # a strength out of reach with two changes is not worth listing
        results.append(
            WhatWouldChange(
                rule_id=spec.id,
                title=spec.title,
                subject=FIRM if scope == FIRM else f"{scope}:{item}",
                subject_name=subject_name(rb, assessment, scope, item),
                goal="gain" if want_fired else "remove",
                alternatives=[_describe(rb, subject, s) for s in solutions[:MAX_ALTERNATIVES]],
            )
        )
    return results
