"""Witnesses: for each rule, one answer set that makes it fire, found by search.

A rule no answer set can reach is knowledge that never speaks. The search works on the rule's
own conditions: for each trait a condition reads it tries answers to that trait's questions
(drawn from what the question bank allows) through the rule base's real trait functions, and
keeps a combination only if every condition holds. A found answer set is then assessed for real,
through validation and the engine, so a witness is a proof, not an estimate.

Conditions are tried one after another, each trying only the questions not yet answered for an
earlier one; between conditions only the answers later conditions read are told apart, so the
search stays small. Numbers are tried on a grid (every small value, then tenths of the range), so
"unreachable" means unreachable on that grid; the result says when the search was cut short.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from math import prod
from typing import Any

from advisor.core.assessment import COUNTERPART, SCHEMA_VERSION, AssessmentError, validate_assessment
from advisor.core.bank import NOT_APPLICABLE, AnswerType, Question
from advisor.core.rulebase import FIRM, RuleBase, derive
from advisor.core.rulekit import Answers, Cond, RuleSpec, Trait

MISSING = "(unanswered)"  # a question left unanswered (read as "don't know")
FULL_PRODUCT = 4096  # combinations of one condition's questions tried exhaustively
SAMPLES = 1500  # random combinations tried when the exhaustive product is larger
ENTRY_COUNTS = (1, 2, 3)  # entries of a repeated section tried, fewest first
WITNESS_FIRM = "witness"


@dataclass(frozen=True, order=True)
class Slot:
    """Where an answer goes: the firm's own answers, the counterpart's, or an entry of a section."""

    place: str
    entry: int = 0


Var = tuple[Slot, str]


@dataclass
class Witness:
    rule_id: str
    scope: str
    answers: dict[Var, Any]
    tentative: bool

    def assessment_data(self) -> dict[str, Any]:
        """The witness as an assessment file (answers left out are unanswered)."""
        return _assessment_data(self.rule_id, self.answers, _layout(self.answers, self.scope))


@dataclass
class Search:
    """The outcome of searching for one rule's witness."""

    rule_id: str
    witness: Witness | None = None
    exhaustive: bool = True  # False when a product was sampled or the budget ran out
    tried: int = 0
    questions: tuple[str, ...] = ()
    blocking: list[str] = field(default_factory=list)  # why no witness: conditions that cannot hold


@dataclass
class _Goal:
    trait: Trait
    cond: Cond


class WitnessFinder:
    def __init__(self, rb: RuleBase, budget: int = 60_000):
        """`budget`: trait derivations tried per rule before the search gives up."""
        self.rb = rb
        self.bank = rb.bank
        self.budget = budget
        self._home = {
            q.id: (q.section if self.bank.section_by_id[q.section].repeat else None)
            for q in self.bank.questions
        }
        self._concluders: dict[str, list[RuleSpec]] = {}
        for spec in rb.parts.rules:
            for name in spec.concludes:
                self._concluders.setdefault(name, []).append(spec)

    # ---- public ------------------------------------------------------------------------------
    def find(self, spec: RuleSpec) -> Search:
        result = Search(spec.id)
        for scope in spec.scopes:
            for goals in self._goal_sets(spec, scope, set()):
                result.questions = tuple(dict.fromkeys(q for g in goals for q in g.trait.uses))
                for tentative in (False, True):
                    if tentative and not any(g.cond.tentative for g in goals):
                        continue
                    witness = self._search(spec, scope, goals, tentative, result)
                    if witness is not None:
                        result.witness = witness
                        return result
        result.blocking = self._diagnose(spec, result)
        return result

    # ---- goals -------------------------------------------------------------------------------
    def _goal_sets(self, spec: RuleSpec, scope: str, seen: set[str]) -> Iterator[list[_Goal]]:
        """The trait conditions that must hold together for the rule to fire, one list per way
        its positive conclusion conditions can be met (each by one of the rules concluding it)."""
        own = [_Goal(self.rb.trait(name, scope), cond) for name, cond in spec.trait_conditions.items()]
        needed = [name for name, cond in spec.conclusion_conditions.items() if cond.all_states]
        options = []
        for name in needed:
            ways = [
                goals
                for concluder in self._concluders.get(name, [])
                if concluder.id not in seen and scope in concluder.scopes
                for goals in self._goal_sets(concluder, scope, seen | {spec.id})
            ]
            if not ways:
                return
            options.append(ways)
        for combination in itertools.product(*options):
            yield own + [g for goals in combination for g in goals]

    # ---- search ------------------------------------------------------------------------------
    def _search(
        self, spec: RuleSpec, scope: str, goals: list[_Goal], tentative: bool, result: Search
    ) -> Witness | None:
        for layout in self._layouts(goals, scope):
            goal_vars = [self._vars(g.trait, scope, layout) for g in goals]
            order = sorted(range(len(goals)), key=lambda i: len(goal_vars[i]))
            for answers in self._solve(
                [goals[i] for i in order], [goal_vars[i] for i in order], scope, layout, tentative, {}, result
            ):
                fired = self._fires(spec, scope, answers, layout)
                if fired is not None and fired <= tentative:
                    return self._minimal(Witness(spec.id, scope, answers, fired), layout)
                result.exhaustive = False  # the engine disagreed: other rules or conclusions block it
            if result.tried >= self.budget:
                result.exhaustive = False
                return None
        return None

    def _solve(
        self, goals, goal_vars, scope, layout, tentative, assigned, result
    ) -> Iterator[dict[Var, Any]]:
        if not goals:
            yield assigned
            return
        goal, variables = goals[0], goal_vars[0]
        accepts = goal.cond.all_states if tentative else goal.cond.accepts
        free = [v for v in variables if v not in assigned]
        later = {v for vs in goal_vars[1:] for v in vs}
        seen: set[tuple] = set()
        for values in self._candidates(free, result):
            if result.tried >= self.budget:
                return
            trial = {**assigned, **dict(zip(free, values, strict=True))}
            result.tried += 1
            if derive(goal.trait, self._answers(trial, scope, layout)) not in accepts:
                continue
            # multi-choice values are lists: compare them as tuples
            key = tuple(
                tuple(trial[v]) if isinstance(trial[v], list) else trial[v] for v in free if v in later
            )
            if key in seen:  # later conditions cannot tell this combination from one tried
                continue
            seen.add(key)
            yield from self._solve(goals[1:], goal_vars[1:], scope, layout, tentative, trial, result)

    def _candidates(self, free: list[Var], result: Search) -> Iterator[tuple]:
        options = [self._values(self.bank.by_id[q]) for _, q in free]
        if prod(len(o) for o in options) <= FULL_PRODUCT:
            yield from itertools.product(*options)
            return
        result.exhaustive = False
        # Too many to try all: every one alone, then all alike, then a seeded random sample.
        blank = tuple(o[-1] if o[-1] is MISSING else MISSING for o in options)
        for index, values in enumerate(options):
            for value in values:
                yield (*blank[:index], value, *blank[index + 1 :])
        for position in range(max(len(o) for o in options)):
            yield tuple(o[min(position, len(o) - 1)] for o in options)
        rng = random.Random(len(free))
        for _ in range(SAMPLES):
            yield tuple(rng.choice(o) for o in options)

    def _values(self, q: Question) -> tuple[Any, ...]:
        match q.type:
            case AnswerType.SINGLE | AnswerType.YESNO:
                given: list[Any] = list(q.choice_values)
            case AnswerType.MULTI:
                values = list(q.choice_values)
                given = [[v] for v in values] + [[], values]
            case AnswerType.SCALE:
                assert q.scale
                given = list(range(q.scale.min, q.scale.max + 1))
            case AnswerType.NUMBER:
                given = _number_grid(q)
            case AnswerType.TEXT:
                given = ["witness text"]
        extra = [NOT_APPLICABLE] if q.allow_not_applicable else []
        return (*given, MISSING, *extra)

    # ---- subjects ----------------------------------------------------------------------------
    def _layouts(self, goals: list[_Goal], scope: str) -> Iterator[dict[str, int]]:
        """How many entries each repeated section gets (the rule's own section at least one)."""
        sections = {self._home[q] for g in goals for q in g.trait.uses} - {None}
        if scope not in (FIRM, COUNTERPART):
            sections.add(scope)
        ordered = sorted(sections)
        combos = sorted(itertools.product(ENTRY_COUNTS, repeat=len(ordered)), key=sum)
        for counts in combos:
            layout = dict(zip(ordered, counts, strict=True))
            if scope == COUNTERPART:
                layout[COUNTERPART] = 1
            yield layout

    def _vars(self, trait: Trait, scope: str, layout: Mapping[str, int]) -> list[Var]:
        out: list[Var] = []
        for q in trait.uses:
            home = self._home.get(q)
            if home is None:
                out.append((Slot(FIRM), q))
                if scope == COUNTERPART:  # the other side answers the same firm-level questions
                    out.append((Slot(COUNTERPART), q))
            elif home == scope:
                out.append((Slot(scope), q))
            else:  # a summary over every entry of a repeated section
                out += [(Slot(home, i), q) for i in range(layout.get(home, 0))]
        return list(dict.fromkeys(out))

    def _answers(self, assigned: Mapping[Var, Any], scope: str, layout: Mapping[str, int]) -> Answers:
        """What the subject's traits read, as the engine gives it: gates the answers imply filled."""
        firm, groups, own = _split(assigned, layout)
        firm, own = self._implied(firm), self._implied(own)
        groups = {name: [self._implied(e) for e in entries] for name, entries in groups.items()}
        if scope == FIRM:
            return Answers(firm, groups=groups)
        item = own if scope == COUNTERPART else groups[scope][0]
        return Answers(firm, item, groups=groups)

    def _implied(self, values: dict[str, Any]) -> dict[str, Any]:
        return {**values, **self.bank.implied_gates(values)}

    def _minimal(self, witness: Witness, layout: Mapping[str, int]) -> Witness:
        """Leave out every answer the firing does not need, so the witness reads as the rule."""
        answers = dict(witness.answers)
        for var in list(answers):
            if answers[var] is MISSING:
                continue
            trial = {**answers, var: MISSING}
            fired = self._fires(self.rb.rules[witness.rule_id], witness.scope, trial, layout)
            if fired is not None and fired <= witness.tentative:
                answers = trial
        kept = {v: a for v, a in answers.items() if a is not MISSING}
        return Witness(witness.rule_id, witness.scope, kept, witness.tentative)

    def _fires(
        self, spec: RuleSpec, scope: str, answers: Mapping[Var, Any], layout: Mapping[str, int]
    ) -> bool | None:
        """Whether the rule fires for the witness subject: None if not, else whether tentatively."""
        try:
            assessment = validate_assessment(_assessment_data(spec.id, answers, layout), self.bank, "witness")
        except AssessmentError:
            return None
        _, firings = self.rb.run(assessment)
        subject = (scope, _subject_item(spec.id, scope))
        for firing in firings:
            if firing.rule.id == spec.id and (firing.subject.scope, firing.subject.item) == subject:
                traits = firing.subject.traits
                return any(traits[n] in c.tentative for n, c in spec.trait_conditions.items()) or any(
                    c.get("tentative") for c in firing.conclusions
                )
        return None

    # ---- diagnosis ---------------------------------------------------------------------------
    def _diagnose(self, spec: RuleSpec, result: Search) -> list[str]:
        """Which conditions cannot hold: alone first, then in pairs."""
        scope = spec.scope
        try:
            goals = next(self._goal_sets(spec, scope, set()))
        except StopIteration:
            needed = [n for n, c in spec.conclusion_conditions.items() if c.all_states]
            return [f"no rule that can fire for {scope} concludes {', '.join('@' + n for n in needed)}"]
        alone = [g for g in goals if not self._satisfiable([g], scope)]
        if alone:
            return [f"{g.trait.name} never takes {_states(g.cond)}" for g in alone]
        for a, b in itertools.combinations(goals, 2):
            if not self._satisfiable([a, b], scope):
                both = f"{a.trait.name} {_states(a.cond)} and {b.trait.name} {_states(b.cond)}"
                return [f"{both} never hold together"]
        return []

    def _satisfiable(self, goals: list[_Goal], scope: str) -> bool:
        probe = Search("probe")
        for layout in self._layouts(goals, scope):
            goal_vars = [self._vars(g.trait, scope, layout) for g in goals]
            if next(self._solve(goals, goal_vars, scope, layout, True, {}, probe), None) is not None:
                return True
        return False


def _states(cond: Cond) -> str:
    return "state " + " or ".join(repr(s) for s in cond.all_states)


def _number_grid(q: Question) -> list[float]:
    assert q.number
    lo, hi = q.number.min, q.number.max
    small = [lo + i for i in range(11)]  # counts such as "two models", "four initiatives"
    steps = [lo + (hi - lo) * i / 10 for i in range(11)]  # shares and years, in tenths of the range
    values = {v for v in (*small, *steps) if lo <= v <= hi}
    if q.number.integer:
        values = {round(v) for v in values}
    return sorted(values)


def _split(assigned: Mapping[Var, Any], layout: Mapping[str, int]):
    firm: dict[str, Any] = {}
    own: dict[str, Any] = {}
    groups: dict[str, list[dict[str, Any]]] = {
        s: [{} for _ in range(n)] for s, n in layout.items() if s != COUNTERPART
    }
    for (slot, q), value in assigned.items():
        if value is MISSING:
            continue
        if slot.place == FIRM:
            firm[q] = value
        elif slot.place == COUNTERPART:
            own[q] = value
        else:
            groups[slot.place][slot.entry][q] = value
    return firm, groups, own


def _subject_item(rule_id: str, scope: str) -> str:
    if scope == FIRM:
        return FIRM
    if scope == COUNTERPART:
        return f"Other side of {rule_id}"
    return f"{scope}-1"


def _layout(answers: Mapping[Var, Any], scope: str) -> dict[str, int]:
    layout: dict[str, int] = {}
    for slot, _ in answers:
        if slot.place != FIRM:
            layout[slot.place] = max(layout.get(slot.place, 0), slot.entry + 1)
    if scope not in (FIRM,) and scope not in layout:
        layout[scope] = 1
    return layout


def _assessment_data(rule_id: str, answers: Mapping[Var, Any], layout: Mapping[str, int]) -> dict[str, Any]:
    firm, groups, own = _split(answers, layout)
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "firm_id": WITNESS_FIRM,
        "firm_name": f"Witness for {rule_id}",
        "assessment_date": "2026-01-01",
        "respondent_role": "answers generated by `bmi-advisor rules check`",
        "answers": firm,
    }
    if groups:
        data["groups"] = {
            section: [{"id": f"{section}-{i + 1}", "answers": entry} for i, entry in enumerate(entries)]
            for section, entries in groups.items()
        }
    if COUNTERPART in layout:
        data["counterpart"] = {
            "firm_name": _subject_item(rule_id, COUNTERPART),
            "respondent_role": "the other side, generated",
            "answers": own,
        }
    return data
