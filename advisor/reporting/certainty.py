"""How sure a report is, what would settle it, and which open question is worth asking next.

One stated policy, applied to every finding the same way (README, "How sure, and why"):

- Evidence basis. A finding's claim is shown in the papers' cases, argued in a conceptual paper,
  named as an open research question, or advisor practice (the rule's citation says so, or its
  registry entry).
- Severity. A problem's severity starts from the impact its rule declares and drops one step for a
  claim without case evidence, and one step when a single answer carries it (floor: low).
  Strengths and insights are not ranked by urgency: their severity is "info".
- Confidence. A finding is tentative while an open answer (missing or "don't know") could still
  remove it: it fired on an unknown, or a conclusion it must rule out could still come, or
  re-evaluating the rules with one open answer given removes it. Otherwise it is firm.

Everything here is decided by re-evaluating the rule base with answers tried in their slots
(`probe.Sheet`), never by looking at which questions a rule mentions. What one open slot would do
is worked out once per report and only for slots that could matter: a finding is settled over the
slots its own traits read, and a question is ranked only if it moves a trait of a finding or of a
rule that nothing else blocks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, cached_property

from pydantic import BaseModel, ConfigDict

from advisor.core.assessment import COUNTERPART, Assessment
from advisor.core.bank import AnswerType, Question
from advisor.core.engine import Firing
from advisor.core.rulebase import FIRM, RuleBase
from advisor.core.rulekit import SEVERITIES, UNKNOWN, Kind, RuleSpec, Severity, severity_rank
from advisor.core.subject import Subject
from advisor.reporting.probe import (
    BLANK,
    Edit,
    FindingKey,
    Key,
    Sheet,
    Slot,
    candidate_values,
    is_known,
    relevant_traits,
)

NEXT_QUESTION_LIMIT = 5
# Answers behind a problem before it keeps the full severity its rule declares: one answer is one
# self-rating or one choice, which a second answer could contradict.
CORROBORATED = 2
# How much a possible change to a finding weighs when open questions are ranked (within a tier).
SEVERITY_WEIGHT = {Severity.HIGH: 3.0, Severity.MEDIUM: 2.0, Severity.LOW: 1.0, Severity.INFO: 0.5}
# A question about a subject the firm described (its deal, one of its collaborations or business
# models) weighs this much more than one about a subject it left blank.
DESCRIBED_BONUS = 1.5
_STEPS = tuple(Severity(s) for s in SEVERITIES if s != Severity.INFO)  # the policy lowers along these


class Basis(StrEnum):
    CASE = "case_evidence"
    CONCEPTUAL = "conceptual"
    AGENDA = "research_agenda"
    PRACTICE = "advisor_practice"


BASIS_WORDS = {
    Basis.CASE: "shown in the papers' cases",
    Basis.CONCEPTUAL: "argued in a conceptual paper, without cases of its own",
    Basis.AGENDA: "an open question the paper names for future research",
    Basis.PRACTICE: "advisor practice, not a claim of the papers",
}


def basis_of(rb: RuleBase, spec: RuleSpec) -> Basis:
    """The rule's own basis if it states one (advisor practice), else its registry entry's."""
    return Basis(spec.basis or rb.propositions[spec.proposition].basis)


def policy_severity(spec: RuleSpec, basis: Basis, answers_behind: int) -> Severity:
    """The one severity policy: impact, lowered for a weaker basis and for a single answer."""
    if spec.kind is not Kind.PROBLEM:
        return Severity.INFO
    if spec.severity not in _STEPS:
        return spec.severity
    steps = (basis is not Basis.CASE) + (answers_behind < CORROBORATED)
    return _STEPS[min(_STEPS.index(spec.severity) + steps, len(_STEPS) - 1)]


# ---- models shared with the report -----------------------------------------------------------
class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Outcome(Model):
    answers: list[str]  # the answers (in the question's own words) that have this effect
    effect: str  # confirms | removes | raises to <severity> | lowers to <severity> | a sentence


class Settler(Model):
    """An open answer a tentative finding rests on, and what each answer would do to it; or, when
    the answers given leave it unsettled (a middling rating), one of those and what a clearer
    answer would do (`current` is then the answer given)."""

    question_id: str
    item: str = ""
    item_name: str = ""
    question: str
    outcomes: list[Outcome]
    current: str = ""


class NextQuestion(Model):
    question_id: str
    item: str = ""
    text: str
    why: str
    rule_ids: list[str]
    item_name: str = ""
    tier: int = 0  # 1 settles a high-priority tentative finding, 2 adds/removes one, 3 re-grades one


# ---- what the rule base tells us once ---------------------------------------------------------
@dataclass(frozen=True)
class _Index:
    """Per rule base: which rules may change when a trait moves, and which rules need the engine."""

    readers: dict[tuple[str, str], tuple[RuleSpec, ...]]  # (scope, trait) -> rules it can decide
    chained: frozenset[str]  # rules chained through conclusions: decided by the engine
    chained_traits: frozenset[str]
    relevant: dict[str, frozenset[str]]  # rule id -> traits that can decide it


@cache
def _index(rb: RuleBase) -> _Index:
    relevant = {r.id: frozenset(relevant_traits(rb, r)) for r in rb.parts.rules}
    readers: dict[tuple[str, str], list[RuleSpec]] = {}
    for spec in rb.parts.rules:
        for scope in spec.scopes:
            for name in relevant[spec.id]:
                readers.setdefault((scope, name), []).append(spec)
    chained = frozenset(r.id for r in rb.parts.rules if r.concludes or r.conclusion_conditions)
    return _Index(
        readers={k: tuple(v) for k, v in readers.items()},
        chained=chained,
        chained_traits=frozenset(n for r in chained for n in relevant[r]),
        relevant=relevant,
    )


# ---- the analysis ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Verdict:
    severity: Severity
    tentative: bool  # rests on an unknown trait (see Analysis.tentative for the full test)
    answers_behind: int
    rests_on: frozenset[str]  # traits whose unknown state the finding rests on


@dataclass
class Effects:
    """What the answers tried in one open slot would do: finding -> effect -> answers."""

    slot: Slot
    by_finding: dict[FindingKey, dict[str, list[str]]] = field(default_factory=dict)
    added: dict[FindingKey, list[str]] = field(default_factory=dict)
    opens: list[str] = field(default_factory=list)  # follow-up questions this gate opens

    @property
    def any(self) -> bool:
        return bool(self.by_finding or self.added)


class Analysis:
    """One firm's findings under the policy, and what open answers would do to them.

    Severity and "rests on" are decided for every finding when the analysis is made; what an open
    slot would do is worked out the first time it is asked for and remembered.
    """

    def __init__(
        self,
        rb: RuleBase,
        assessment: Assessment,
        subjects: list[Subject] | None = None,
        firings: list[Firing] | None = None,
    ):
        self.rb = rb
        self.sheet = Sheet(rb, assessment, subjects)
        self._index = _index(rb)
        self._inputs: dict[tuple[str, Key], tuple[Slot, ...]] = {}
        if firings is None:
            firings = [f for k in self.sheet.keys for f in self.sheet.firings(k, self.sheet.base_traits[k])]
        self.fired: dict[Key, frozenset[str]] = {k: frozenset() for k in self.sheet.keys}
        for f in firings:
            key = (f.subject.scope, f.subject.item)
            self.fired[key] = self.fired[key] | {f.rule.id}
        self.base: dict[FindingKey, Verdict] = {}
        for key in self.sheet.keys:
            traits = self.sheet.base_traits[key]
            for rule_id in sorted(self.fired[key]):
                spec = self.rb.rules[rule_id]
                if spec.kind is not Kind.DERIVATION:
                    n = self._answers_behind(spec, key)
                    self.base[(rule_id, *key)] = self._verdict(spec, key[0], traits, self.fired[key], n)
        self._effects: dict[Slot, Effects] = {}
        self._finding_effects: dict[tuple[FindingKey, Slot], dict[str, list]] = {}

    @cached_property
    def open_slots(self) -> list[Slot]:
        return self.sheet.open_slots()

    # ---- one finding ---------------------------------------------------------------------------
    def input_slots(self, spec: RuleSpec, key: Key) -> tuple[Slot, ...]:
        """The answers behind a rule's finding for one subject: what its traits (and the rules it
        reads) use; a firm-level summary of entries reads every entry's slot."""
        memo = (spec.id, key)
        found = self._inputs.get(memo)
        if found is None:
            scope, item = key
            bank = self.rb.bank
            out: list[Slot] = []
            for name in self.rb.feeding_traits(spec):
                for qid in self.rb.trait(name, scope).uses:
                    section = bank.section_by_id[bank.by_id[qid].section]
                    if not section.repeat:
                        out.append(Slot(FIRM, "", qid))
                    elif section.id == scope:
                        out.append(Slot(scope, item, qid))
                    elif scope == FIRM:
                        out += self.sheet.slots_for(qid)
            found = self._inputs[memo] = tuple(dict.fromkeys(out))
        return found

    def _answers_behind(self, spec: RuleSpec, key: Key) -> int:
        """Answers given (not "don't know") among those behind a finding; for the other party's
        view, the answers it gave."""
        if key[0] == COUNTERPART:
            return sum(is_known(v) for v in self.sheet.values_for(key, ())[1].values())
        return sum(is_known(self.sheet.value(s)) for s in self.input_slots(spec, key))

    def _verdict(
        self, spec: RuleSpec, scope: str, traits: dict[str, str], fired: frozenset[str], n: int
    ) -> Verdict:
        rests = frozenset(self._rests(spec, scope, traits, fired))
        return Verdict(policy_severity(spec, basis_of(self.rb, spec), n), bool(rests), n, rests)

    def _rests(self, spec: RuleSpec, scope: str, traits: dict[str, str], fired: frozenset[str]) -> set[str]:
        """Unknown traits a fired rule rests on: those it accepted only tentatively, those behind
        conclusions it reads, and those that could still bring a conclusion it must not see."""
        names = {n for n, c in spec.trait_conditions.items() if traits[n] in c.tentative}
        for conclusion, cond in spec.conclusion_conditions.items():
            concluders = [r for r in self.rb.parts.rules if conclusion in r.concludes and scope in r.scopes]
            for r in concluders:
                if cond.all_states and r.id in fired:
                    names |= self._rests(r, scope, traits, fired)
                elif not cond.all_states and r.id not in fired and not _firmly_blocked(r, traits):
                    names |= {n for n, c in r.trait_conditions.items() if traits[n] not in c.all_states}
        return names

    def finding_slots(self, fk: FindingKey) -> list[Slot]:
        """The open slots whose answer could change this finding: its open inputs, and the open
        gates of its inputs (changing a "don't know" gate may close the question under it)."""
        rule_id, scope, item = fk
        bank = self.rb.bank
        out: list[Slot] = []
        for slot in self.input_slots(self.rb.rules[rule_id], (scope, item)):
            if self.sheet.is_open(slot):
                out.append(slot)
            for cond in bank.conditions_for(bank.by_id[slot.qid]):
                gate = _gate_slot(self.rb, slot, cond.question)
                if self.sheet.is_open(gate):
                    out.append(gate)
        return list(dict.fromkeys(out))

    @cached_property
    def tentative(self) -> frozenset[FindingKey]:
        """Findings an open answer could still remove (or that rest on an unknown)."""
        return frozenset(
            fk
            for fk, v in self.base.items()
            if v.tentative or any("removes" in self.finding_effects(fk, s) for s in self.finding_slots(fk))
        )

    def finding_effects(self, fk: FindingKey, slot: Slot) -> dict[str, list]:
        """What each answer in an open slot would do to one finding: effect -> answers. Only the
        traits of the finding's rule are derived again; a rule chained through conclusions asks
        the full effects of the slot."""
        memo = (fk, slot)
        found = self._finding_effects.get(memo)
        if found is not None:
            return found
        rule_id, scope, item = fk
        if rule_id in self._index.chained:
            found = self._finding_effects[memo] = self.effects(slot).by_finding.get(fk, {})
            return found
        spec, key, old = self.rb.rules[rule_id], (scope, item), self.base[fk]
        names = self._index.relevant[rule_id]
        was = is_known(self.sheet.value(slot))
        found = {}
        for value in candidate_values(self.sheet.question(slot), None):
            edit = Edit(slot, value)
            if not self.sheet.applies((edit,)):
                continue
            traits = self.sheet.traits((edit,), only=(key, names))[key]
            new = None
            if spec.matches(traits):
                n = old.answers_behind + (is_known(value) - was if fk in self._by_input.get(slot, ()) else 0)
                new = self._verdict(spec, scope, traits, self.fired[key], n)
            effect = _effect(old, new)
            if effect:
                found.setdefault(effect, []).append(edit.answer)
        self._finding_effects[memo] = found
        return found

    # ---- what one open slot would do -------------------------------------------------------
    def effects(self, slot: Slot) -> Effects:
        """What each answer in an open slot would do to this report (remembered per slot)."""
        found = self._effects.get(slot)
        if found is None:
            found = self._effects[slot] = Effects(slot)
            for value in candidate_values(self.sheet.question(slot), None):
                edit = Edit(slot, value)
                self._try(found, (edit,), edit.answer)
            if not found.any and slot.qid in self.rb.gating_questions:
                self._look_behind(found)  # a gate that changes nothing may open questions that would
        return found

    def _fired_with(self, key: Key, traits: dict[str, str], moved: list[str]) -> frozenset[str]:
        """The rules that fire for a subject whose `moved` traits changed: only rules reading a
        moved trait are matched again; the engine runs only when a rule chained through
        conclusions may move."""
        if not moved:
            return self.fired[key]
        if self._index.chained_traits.intersection(moved):
            return frozenset(f.rule.id for f in self.sheet.firings(key, traits))
        fired = set(self.fired[key])
        for name in moved:
            for spec in self._index.readers.get((key[0], name), ()):
                if spec.matches(traits):
                    fired.add(spec.id)
                else:
                    fired.discard(spec.id)
        return frozenset(fired)

    def _try(self, effects: Effects, edits: tuple[Edit, ...], label) -> None:
        """Record what these edits do to each finding (and which findings they add)."""
        if not self.sheet.applies(edits):
            return
        traits = self.sheet.traits(edits)
        # Findings whose own inputs are edited: one more (or one fewer) answer behind them.
        behind: dict[FindingKey, int] = {}
        for e in edits:
            was = is_known(self.sheet.value(e.slot))
            for fk in self._by_input.get(e.slot, ()):
                behind[fk] = behind.get(fk, 0) + is_known(e.answer) - was
        for key in self.sheet.keys:
            now, base = traits[key], self.sheet.base_traits[key]
            moved = (
                []
                if now is base
                else [n for e in edits for n in self.sheet.readers(key[0], e.slot.qid) if now[n] != base[n]]
            )
            check = {fk[0] for fk in behind if fk[1:] == key}
            if not moved and not check:
                continue
            fired = self._fired_with(key, now, moved)
            before = self.fired[key]
            check |= {r.id for n in moved for r in self._index.readers.get((key[0], n), ()) if r.id in before}
            for rule_id in sorted(check):
                fk = (rule_id, *key)
                old = self.base.get(fk)
                if old is None:
                    continue
                new = None
                if rule_id in fired:
                    n = old.answers_behind + behind.get(fk, 0)
                    new = self._verdict(self.rb.rules[rule_id], key[0], now, fired, n)
                effect = _effect(old, new)
                if effect:
                    effects.by_finding.setdefault(fk, {}).setdefault(effect, []).append(label)
            for rule_id in sorted(fired - before):
                if self.rb.rules[rule_id].kind is not Kind.DERIVATION:
                    effects.added.setdefault((rule_id, *key), []).append(label)

    @cached_property
    def _by_input(self) -> dict[Slot, list[FindingKey]]:
        """For each slot, the findings it is an input of."""
        out: dict[Slot, list[FindingKey]] = {}
        for fk in self.base:
            if fk[1] != COUNTERPART:
                for slot in self.input_slots(self.rb.rules[fk[0]], fk[1:]):
                    out.setdefault(slot, []).append(fk)
        return out

    def _look_behind(self, effects: Effects) -> None:
        gate = effects.slot
        bank = self.rb.bank
        for q in bank.questions:
            conds = [c for c in bank.conditions_for(q) if c.question == gate.qid]
            if not conds or (bank.section_by_id[q.section].repeat and gate.section == FIRM):
                continue
            effects.opens.append(q.id)
            follow_up = Slot(gate.section, gate.item, q.id)
            if not self._may_matter(follow_up):
                continue
            opening = conds[0].any_of[0]  # any answer that opens the follow-ups will do for ranking
            label = bank.by_id[gate.qid].label_of(opening)
            for value in candidate_values(q, None):
                self._try(effects, (Edit(gate, opening), Edit(follow_up, value)), label)

    # ---- which slots could matter -----------------------------------------------------------------
    def _may_matter(self, slot: Slot) -> bool:
        """Whether an answer in this slot could change the report: it is an input of a finding, or
        it moves a trait of a rule that nothing it leaves alone blocks (a rule blocked by a known
        answer elsewhere cannot fire whatever this answer is)."""
        if slot in self._by_input:
            return True
        for key in self.sheet.keys:
            moved = self.sheet.readers(key[0], slot.qid)
            if not moved:
                continue
            traits = self.sheet.base_traits[key]
            for name in moved:
                for spec in self._index.readers.get((key[0], name), ()):
                    if spec.id in self.fired[key] or _blockers(spec, traits) <= moved:
                        return True
        return False

    def candidates(self) -> Iterable[Effects]:
        """The effects of every open slot that could change the report (gates included)."""
        for slot in self.open_slots:
            if self._may_matter(slot) or slot.qid in self.rb.gating_questions:
                yield self.effects(slot)


def _gate_slot(rb: RuleBase, slot: Slot, gate_qid: str) -> Slot:
    """Where a question's gate lives: in the same entry if it is one of the entry's questions."""
    same_entry = rb.bank.by_id[gate_qid].section == rb.bank.by_id[slot.qid].section and slot.item
    return Slot(slot.section, slot.item, gate_qid) if same_entry else Slot(FIRM, "", gate_qid)


def _blockers(spec: RuleSpec, traits: dict[str, str]) -> set[str]:
    """Traits whose known state keeps a rule from firing."""
    return {
        n for n, c in spec.trait_conditions.items() if traits[n] not in c.all_states and traits[n] != UNKNOWN
    }


def _firmly_blocked(spec: RuleSpec, traits: dict[str, str]) -> bool:
    return bool(_blockers(spec, traits))


def _effect(old: Verdict, new: Verdict | None) -> str:
    if new is None:
        return "removes"
    if old.tentative and not new.tentative:
        return "confirms"
    if new.severity != old.severity:
        word = "raises" if severity_rank(new.severity) < severity_rank(old.severity) else "lowers"
        return f"{word} to {new.severity.value}"
    return ""


# ---- what would settle a tentative finding ---------------------------------------------------
def settlers(analysis: Analysis, fk: FindingKey, names: dict[Key, str]) -> list[Settler]:
    """The open answers a tentative finding rests on, each with what its answers would do."""
    rb = analysis.rb
    out: list[Settler] = []
    listed: set[Slot] = set()
    for slot in analysis.finding_slots(fk):
        by = analysis.finding_effects(fk, slot)
        if not by:
            continue
        listed.add(slot)
        question = rb.bank.by_id[slot.qid]
        outcomes = [Outcome(answers=_compact(question, a), effect=eff) for eff, a in by.items()]
        out.append(_settler(rb, slot, names, outcomes))
    _rule_id, scope, item = fk
    for name in sorted(analysis.base[fk].rests_on):
        for qid in rb.trait(name, scope).uses:
            for slot in _slots_in(analysis, (scope, item), qid):
                slot = _asked_or_gate(analysis, slot)
                if slot is None or slot in listed:
                    continue
                listed.add(slot)
                effect = (
                    "opens the questions it rests on"
                    if slot.qid != qid
                    else "decides it together with the others listed"
                )
                out.append(_settler(rb, slot, names, [Outcome(answers=[], effect=effect)]))
    if not out:
        out = _unsettled_by_answers_given(analysis, fk, names)
    return out


def _unsettled_by_answers_given(analysis: Analysis, fk: FindingKey, names: dict[Key, str]) -> list[Settler]:
    """A finding the answers given leave tentative (no open answer is behind it): each given
    answer of the traits it rests on, and what a different answer would do."""
    rb = analysis.rb
    _rule_id, scope, item = fk
    out = []
    for name in sorted(analysis.base[fk].rests_on):
        for qid in rb.trait(name, scope).uses:
            for slot in _slots_in(analysis, (scope, item), qid):
                by = analysis.finding_effects(fk, slot)
                if by:
                    question = rb.bank.by_id[qid]
                    outcomes = [Outcome(answers=_compact(question, a), effect=eff) for eff, a in by.items()]
                    settler = _settler(rb, slot, names, outcomes)
                    out.append(
                        settler.model_copy(update={"current": question.label_of(analysis.sheet.value(slot))})
                    )
    return out


def _compact(question: Question, values: list) -> list[str]:
    """Answers in the question's words; runs of numbers as ranges ("0–35 %", "1–3 of 5")."""
    if question.type not in (AnswerType.SCALE, AnswerType.NUMBER) or not values:
        return [question.label_of(v) for v in values]
    numbers = sorted(values)
    step = 1 if question.type is AnswerType.SCALE else None
    grid = sorted(candidate_values(question, None))
    runs: list[list] = [[numbers[0], numbers[0]]]
    for v in numbers[1:]:
        follows = v - runs[-1][1] == step if step else grid.index(v) - grid.index(runs[-1][1]) == 1
        if follows:
            runs[-1][1] = v
        else:
            runs.append([v, v])
    unit = (
        f" of {question.scale.max}"
        if question.scale
        else f" {question.number.unit}"
        if question.number
        else ""
    )
    return [(f"{_n(a)}{unit}" if a == b else f"{_n(a)}–{_n(b)}{unit}") for a, b in runs]


def _n(x) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _slots_in(analysis: Analysis, key: Key, qid: str) -> list[Slot]:
    section = analysis.rb.bank.section_by_id[analysis.rb.bank.by_id[qid].section]
    if not section.repeat:
        return [Slot(FIRM, "", qid)]
    if section.id == key[0]:
        return [Slot(key[0], key[1], qid)]
    return analysis.sheet.slots_for(qid)


def _asked_or_gate(analysis: Analysis, slot: Slot) -> Slot | None:
    """The slot itself if it is asked and open; its open gate if the gate is what keeps it unasked."""
    if analysis.sheet.is_open(slot):
        return slot
    if analysis.sheet.value(slot) not in BLANK:
        return None
    bank = analysis.rb.bank
    for cond in bank.conditions_for(bank.by_id[slot.qid]):
        gate = _gate_slot(analysis.rb, slot, cond.question)
        if analysis.sheet.is_open(gate):
            return gate
    return None


def _settler(rb: RuleBase, slot: Slot, names: dict[Key, str], outcomes: list[Outcome]) -> Settler:
    return Settler(
        question_id=slot.qid,
        item=slot.item,
        item_name=names.get((slot.section, slot.item), slot.item) if slot.item else "",
        question=rb.bank.by_id[slot.qid].text,
        outcomes=outcomes,
    )


# ---- the next question --------------------------------------------------------------------------
def next_questions(
    analysis: Analysis, names: dict[Key, str], limit: int = NEXT_QUESTION_LIMIT
) -> list[NextQuestion]:
    """Open questions ranked by what their answer could do to this firm's report.

    First those that could confirm or remove a high-priority tentative finding, then those that
    could add or remove a finding, then those that could only re-grade one; a follow-up never
    comes before its gate (it is not asked until the gate is answered); within a rank, questions
    about what the firm described (its deal, its collaborations) come first.
    """
    rb = analysis.rb
    ranked = []
    for e in analysis.candidates():
        if not e.any:
            continue
        tier, weight, rule_ids = _value(analysis, e)
        bonus = DESCRIBED_BONUS if _described(analysis, e.slot) else 1.0
        ranked.append(((tier, -(weight * bonus), _order(rb, e.slot)), e, tier, sorted(rule_ids)))
    ranked.sort(key=lambda r: r[0])
    return [
        NextQuestion(
            question_id=e.slot.qid,
            item=e.slot.item,
            item_name=names.get((e.slot.section, e.slot.item), e.slot.item) if e.slot.item else "",
            text=rb.bank.by_id[e.slot.qid].text,
            why=_why(analysis, e, names),
            rule_ids=rule_ids,
            tier=tier,
        )
        for _, e, tier, rule_ids in ranked[:limit]
    ]


def _value(analysis: Analysis, e: Effects) -> tuple[int, float, list[str]]:
    """(tier, weight, rules): the tier of the most a change could do, and how much it weighs: the
    severities of the findings it could change or add (an added finding as the policy would grade
    it). A gate is worth what its best follow-up could do, not the sum of all it opens."""
    tier, weights, rule_ids = 3, [], []
    for fk, by in e.by_finding.items():
        verdict = analysis.base[fk]
        settles = fk in analysis.tentative and ({"removes", "confirms"} & by.keys())
        if settles and verdict.severity is Severity.HIGH:
            tier = min(tier, 1)
        elif settles or "removes" in by:
            tier = min(tier, 2)
        weights.append(SEVERITY_WEIGHT[verdict.severity])
        rule_ids.append(fk[0])
    for fk in e.added:
        tier = min(tier, 2)
        weights.append(SEVERITY_WEIGHT[_added_severity(analysis, fk)])
        rule_ids.append(fk[0])
    weight = max(weights, default=0.0) if e.opens else sum(weights)
    return tier, weight, list(dict.fromkeys(rule_ids))


def _added_severity(analysis: Analysis, fk: FindingKey) -> Severity:
    """How the policy would grade a finding an answer adds, at best (two answers behind it)."""
    spec = analysis.rb.rules[fk[0]]
    return policy_severity(spec, basis_of(analysis.rb, spec), CORROBORATED)


def _described(analysis: Analysis, slot: Slot) -> bool:
    """A question about something the firm told us about: an entry it added, or a section in
    which it answered something (its outcome deal once it said it offers one)."""
    if slot.section != FIRM:
        return True
    return slot.qid in _answered_sections(analysis)


@cache
def _questions_by_section(rb: RuleBase) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for q in rb.bank.questions:
        out.setdefault(q.section, set()).add(q.id)
    return {k: frozenset(v) for k, v in out.items()}


def _answered_sections(analysis: Analysis) -> frozenset[str]:
    """Questions of the sections in which the firm answered something."""
    by_id = analysis.rb.bank.by_id
    sections = {by_id[q].section for q, v in analysis.sheet.firm.items() if q in by_id and is_known(v)}
    groups = _questions_by_section(analysis.rb)
    return frozenset(q for s in sections for q in groups[s])


def _order(rb: RuleBase, slot: Slot) -> tuple[int, str]:
    return _question_order(rb)[slot.qid], slot.item


@cache
def _question_order(rb: RuleBase) -> dict[str, int]:
    return {q.id: i for i, q in enumerate(rb.bank.questions)}


def _why(analysis: Analysis, e: Effects, names: dict[Key, str]) -> str:
    """Why we ask, in plain words: the most important thing the answer could do."""
    rb = analysis.rb
    parts = []
    items = sorted(e.by_finding.items(), key=lambda kv: (_finding_rank(analysis, kv[0]), kv[0]))
    for fk, by in items[:2]:
        title = _titled(rb, fk, names)
        if fk in analysis.tentative and {"removes", "confirms"} & by.keys():
            parts.append(f"could confirm or rule out “{title}”, which the answers so far do not settle")
        elif "removes" in by:
            parts.append(f"could rule out “{title}”")
        else:
            parts.append(f"could change how pressing “{title}” is")
    for fk in sorted(e.added, key=lambda fk: (severity_rank(_added_severity(analysis, fk)), fk))[
        : max(0, 2 - len(parts))
    ]:
        noun = _NOUN[rb.rules[fk[0]].kind.value]
        parts.append(f"could show {noun}: “{_titled(rb, fk, names)}”")
    sentence = " and ".join(parts)
    lead = "It opens the follow-up questions, whose answers " if e.opens else "Your answer "
    return f"{lead}{sentence}."


_NOUN = {"strength": "a strength", "problem": "a problem", "insight": "an insight"}


def _finding_rank(analysis: Analysis, fk: FindingKey) -> tuple[int, bool]:
    return severity_rank(analysis.base[fk].severity), fk not in analysis.tentative


def _titled(rb: RuleBase, fk: FindingKey, names: dict[Key, str]) -> str:
    rule_id, scope, item = fk
    name = names.get((scope, item), "") if scope != FIRM else ""
    return f"{rb.rules[rule_id].title} ({name})" if name else rb.rules[rule_id].title
