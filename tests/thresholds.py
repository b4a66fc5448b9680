"""Boundary rows for every named threshold: the traits and rules that read it must flip exactly at
its value in thresholds.yaml, not one step before or after.

Rows for traits defined as data are generated from their records: every `scale` test against a
threshold gives one row, with the answers that lead the trait to that test (`by_answer`). Traits
written in Python get hand-written rows. Each row is checked against a given rule base, so the
mutation check can run the same rows against a rule base whose threshold was moved one step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from advisor.api import default_rulebase
from advisor.core.assessment import assessment_to_data, validate_assessment
from advisor.core.records import AllOf, AnyOf, ByAnswer, Choice, Picked, Scale, TraitRecord, TraitRef
from advisor.core.rulebase import RuleBase, derive
from advisor.core.rulekit import Answers
from advisor.reporting.report import build_report
from rules import knowledge
from rules.table4 import ALL_ACTIVITIES
from tests.cases import case

THRESHOLDS = knowledge().thresholds
BANK = default_rulebase().bank
# Which side of the threshold makes the test true: at_least t holds at t and above, and so on.
TRUE_AT = {"at_least": (False, True, True), "at_most": (True, True, False), "above": (False, False, True)}
TRUE_AT["below"] = (True, False, False)
POINTS = ("one step below", "at", "one step above")


@dataclass(frozen=True)
class TraitRow:
    """A trait reading `question` against a threshold; at (value - step, value, value + step) the
    trait's state must change exactly where the comparison does."""

    threshold: str
    trait: str
    scope: str
    question: str
    compare: str
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.threshold}-{self.trait}-{self.compare}"

    def states(self, rb: RuleBase) -> list[str]:
        value, step = THRESHOLDS[self.threshold].value, THRESHOLDS[self.threshold].step
        trait = rb.trait(self.trait, self.scope)
        out = []
        for point in (value - step, value, value + step):
            answers = {**self.context, self.question: point}
            view = Answers(answers) if self.scope == "firm" else Answers({}, answers)
            out.append(derive(trait, view))
        return out

    def problems(self, rb: RuleBase) -> list[str]:
        states = self.states(rb)
        truth = TRUE_AT[self.compare]
        # Same truth, same state; different truth, different state.
        wrong = [
            f"{POINTS[i]}/{POINTS[j]}"
            for i in range(3)
            for j in range(i + 1, 3)
            if (truth[i] == truth[j]) != (states[i] == states[j])
        ]
        return [f"{self.trait} gives {states} around {self.threshold}; breaks at {wrong}"] if wrong else []


@dataclass(frozen=True)
class PythonRow:
    """A trait written in Python: the state expected when answers are built for `value + offset`."""

    threshold: str
    trait: str
    scope: str
    offset: int
    expected: str
    answers: Callable[[int | float], Answers]

    @property
    def id(self) -> str:
        return f"{self.threshold}-{self.trait}-{self.offset:+d}"

    def problems(self, rb: RuleBase) -> list[str]:
        threshold = THRESHOLDS[self.threshold]
        point = threshold.value + self.offset * threshold.step
        state = derive(rb.trait(self.trait, self.scope), self.answers(point))
        if state != self.expected:
            where = f"{self.threshold} {self.offset:+d} step(s) ({point})"
            return [f"{self.trait} at {where}: {state}, not {self.expected}"]
        return []


def _paths(test: Any, records: dict, scope: str, context: dict) -> Iterator[tuple[Scale, dict]]:
    """Every scale test inside a trait's test, with the answers that lead to it."""
    if isinstance(test, Scale):
        yield test, context
    elif isinstance(test, AnyOf | AllOf):
        # The other parts are answered so that the whole turns on this one: false beside it in
        # `any`, true beside it in `all` (scale parts only; other parts stay unanswered).
        parts = test.any if isinstance(test, AnyOf) else test.all
        for part in parts:
            siblings = {}
            for other in parts:
                if other is not part:
                    siblings |= _sibling_answers(other, isinstance(test, AllOf), records, scope)
            yield from _paths(part, records, scope, {**context, **siblings})
    elif isinstance(test, TraitRef):
        record = records[(scope, test.trait)]
        yield from _record_paths(record, records, {**_past_guards(record), **context})
    elif isinstance(test, ByAnswer):
        for answer, case_test in test.cases.items():
            yield from _paths(case_test, records, scope, {**context, test.question: answer})


def _sibling_answers(test: Any, truth: bool, records: dict, scope: str) -> dict[str, Any]:
    """Answers that make a sibling test `truth`, so the whole turns on the scale part: a scale on the
    right side of its bound, a choice or pick in or out of its values, a group's or a referenced
    trait's own parts (all of them for `truth` under `all`, none of them under `any`)."""
    if isinstance(test, Scale):
        return _answers_making(test, truth)
    if isinstance(test, Choice | Picked):
        question = BANK.by_id[test.choice if isinstance(test, Choice) else test.picked]
        wanted = set(test.in_ if isinstance(test, Choice) else test.any_of or ())
        if isinstance(test, Picked) and test.not_all_of:
            wanted, truth = set(test.not_all_of), not truth
        values = [v for v in question.choice_values if (v in wanted) == truth]
        if not values:
            return {}
        return {question.id: values[0] if isinstance(test, Choice) else [values[0]]}
    if isinstance(test, AnyOf | AllOf):
        out: dict[str, Any] = {}
        for part in test.any if isinstance(test, AnyOf) else test.all:
            out |= _sibling_answers(part, truth, records, scope)
        return out
    if isinstance(test, TraitRef):
        record = records.get((scope, test.trait))
        if record is None:
            return {}
        out = _past_guards(record)
        inner = record.yes_if
        if isinstance(inner, AnyOf | AllOf):
            for part in inner.any if isinstance(inner, AnyOf) else inner.all:
                out |= _sibling_answers(part, truth, records, scope)
            return out
        if inner is not None:
            return out | _sibling_answers(inner, truth, records, scope)
    return {}


def _past_guards(record: TraitRecord) -> dict[str, Any]:
    """Answers to a trait's na_if / no_if questions other than the guarded ones, so that its own
    test is read (a case answering 'no large partner' would otherwise hide every partner term)."""
    out = {}
    for guard in (record.na_if, record.no_if):
        for qid, value in (guard or {}).items():
            others = [v for v in BANK.by_id[qid].choice_values if v != value]
            if others:
                out[qid] = others[0]
    return out


def _answers_making(scale: Scale, truth: bool) -> dict[str, int | float]:
    """An answer on the side of every bound of a scale test that makes it `truth`."""
    compare, threshold = next(iter(scale.bounds().items()))
    value, step = THRESHOLDS[threshold].value, THRESHOLDS[threshold].step
    at_or_beyond = {"at_least": value, "above": value + step, "at_most": value, "below": value - step}
    short = {"at_least": value - step, "above": value, "at_most": value + step, "below": value}
    return {scale.scale: (at_or_beyond if truth else short)[compare]}


def _record_paths(record: TraitRecord, records: dict, context: dict) -> Iterator[tuple[Scale, dict]]:
    for test in (record.yes_if, record.by_answer):
        if test is not None:
            yield from _paths(test, records, record.scope, context)


def trait_rows() -> list[TraitRow]:
    records = knowledge().trait_records
    rows = []
    for record in records.values():
        for scale, context in _record_paths(record, records, _past_guards(record)):
            for compare, threshold in scale.bounds().items():
                rows.append(TraitRow(threshold, record.name, record.scope, scale.scale, compare, context))
    return rows


def _models(roles_and_shares: list[tuple[str, int | float]]) -> Answers:
    models = [{"bmx_role": role, "bmx_resource_share": share} for role, share in roles_and_shares]
    return Answers({}, groups={"business_models": models})


def _both_sides_agree(n: int | float) -> Answers:
    done = {q: "done" for q in ALL_ACTIVITIES[: int(n)]}
    return Answers(done, dict(done))


def python_rows() -> list[PythonRow]:
    collab = "collaborations"

    def tie(connection: int | float, co_creation: int | float = 5) -> Answers:
        return Answers({}, {"co_connection": connection, "co_co_creation": co_creation})

    def high_ties(co_creation: int | float) -> Answers:
        return tie(5, co_creation)

    def practices(n: int | float) -> Answers:
        scans = ["customer_needs", "competitors", "technology", "leadership_review"]
        return Answers({"cap_scan_practices": scans[: int(n)]})

    def gains(n: int | float) -> Answers:
        return Answers({"cap_partner_gains": ["legitimacy", "knowledge", "market_access"][: int(n)]})

    def last_launch(months: int | float) -> Answers:
        return Answers({"cap_time_to_act": "months", "cap_last_launch_months": months})

    return [
        # capabilities from practice: scanning practices, kinds of gain from partners, the last launch
        PythonRow("strong_practice_count", "sensing_strong", "firm", -1, "no", practices),
        PythonRow("strong_practice_count", "sensing_strong", "firm", 0, "yes", practices),
        PythonRow("weak_practice_count", "sensing_weak", "firm", 0, "yes", practices),
        PythonRow("weak_practice_count", "sensing_weak", "firm", 1, "no", practices),
        PythonRow("strong_gain_count", "relational_strong", "firm", -1, "no", gains),
        PythonRow("strong_gain_count", "relational_strong", "firm", 0, "yes", gains),
        PythonRow("stale_launch_months", "entrepreneurial_weak", "firm", -1, "no", last_launch),
        PythonRow("stale_launch_months", "entrepreneurial_weak", "firm", 0, "yes", last_launch),
        # collaboration_type: connection at or below low is a cluster; at or above high (with high
        # co-creation) an ecosystem; between them a network.
        PythonRow("low", "collaboration_type", collab, 0, "cluster", tie),
        PythonRow("low", "collaboration_type", collab, 1, "network", lambda v: tie(v, 1)),
        PythonRow("high", "collaboration_type", collab, -1, "network", tie),
        PythonRow("high", "collaboration_type", collab, 0, "ecosystem", tie),
        PythonRow("high", "collaboration_type", collab, -1, "network", high_ties),
        PythonRow("high", "collaboration_type", collab, 0, "ecosystem", high_ties),
        PythonRow("min_compared", "views_agree_broadly", "counterpart", -1, "unknown", _both_sides_agree),
        PythonRow("min_compared", "views_agree_broadly", "counterpart", 0, "yes", _both_sides_agree),
        PythonRow(
            "model_strain_share",
            "new_models_absorb_resources",
            "firm",
            -1,
            "no",
            lambda v: _models([("earn_now", 100 - v), ("invest_for_later", v)]),
        ),
        PythonRow(
            "model_strain_share",
            "new_models_absorb_resources",
            "firm",
            0,
            "yes",
            lambda v: _models([("earn_now", 100 - v), ("invest_for_later", v)]),
        ),
        PythonRow(
            "parallel_models",
            "portfolio_without_exploration",
            "firm",
            -1,
            "no",
            lambda n: _models([("earn_now", 10)] * int(n)),
        ),
        PythonRow(
            "parallel_models",
            "portfolio_without_exploration",
            "firm",
            0,
            "yes",
            lambda n: _models([("earn_now", 10)] * int(n)),
        ),
        PythonRow(
            "parallel_models",
            "balanced_model_portfolio",
            "firm",
            -1,
            "no",
            lambda n: _models([("earn_now", 10), ("invest_for_later", 10)][: int(n)]),
        ),
        PythonRow(
            "parallel_models",
            "balanced_model_portfolio",
            "firm",
            0,
            "yes",
            lambda n: _models([("earn_now", 10), ("invest_for_later", 10)][: int(n)]),
        ),
    ]


@dataclass(frozen=True)
class RuleRow:
    """A rule whose condition reads a trait with a threshold: starting from a case where it fires,
    only the threshold's question moves, and the rule must fire exactly where the trait allows."""

    rule_id: str
    case_id: str
    row: TraitRow

    @property
    def id(self) -> str:
        return f"{self.rule_id}-{self.row.id}"

    def problems(self, rb: RuleBase) -> list[str]:
        spec = rb.rules[self.rule_id]
        value, step = THRESHOLDS[self.row.threshold].value, THRESHOLDS[self.row.threshold].step
        base = assessment_to_data(case(self.case_id))
        fired, allowed = [], []
        for point in (value - step, value, value + step):
            data = _set_answers(base, self.row.scope, {**self.row.context, self.row.question: point})
            report = build_report(rb, validate_assessment(data, rb.bank, self.case_id))
            subjects = [s for s in report.subjects if s.subject.split(":", 1)[0] == self.row.scope]
            fired.append(
                any(
                    f.rule_id == spec.id and f.subject in {s.subject for s in subjects}
                    for f in report.findings
                )
            )
            allowed.append(
                any(
                    all(s.traits[n] in c.all_states for n, c in spec.trait_conditions.items())
                    for s in subjects
                )
            )
        truth = TRUE_AT[self.row.compare]
        flips = all(
            (truth[i] == truth[j]) == (fired[i] == fired[j]) for i in range(3) for j in range(i + 1, 3)
        )
        if fired != allowed or not flips:
            where = f"around {self.row.threshold} on {self.case_id}"
            return [f"{spec.id} fires {fired} {where}; its conditions allow {allowed}"]
        return []


def _set_answers(data: dict, scope: str, answers: dict) -> dict:
    data = {**data, "answers": dict(data.get("answers", {}))}
    if scope == "firm":
        data["answers"].update(answers)
        return data
    groups = {k: [dict(item) for item in v] for k, v in data.get("groups", {}).items()}
    for item in groups[scope]:
        item["answers"] = {**item["answers"], **answers}
    data["groups"] = groups
    return data


def rule_rows(rb: RuleBase) -> list[RuleRow]:
    """One row per (rule, trait with a threshold it reads), on the rule's first firing case."""
    rows = []
    for row in trait_rows():
        for spec in rb.parts.rules:
            if row.trait in spec.trait_conditions and row.scope in spec.scopes and spec.fires_for:
                case_id = spec.fires_for[0]
                if row.scope == "firm" or case(case_id).groups.get(row.scope):
                    rows.append(RuleRow(spec.id, case_id, row))
    return rows
