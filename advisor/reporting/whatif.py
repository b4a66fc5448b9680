"""What would change this? The smallest change of one, else two, answers that removes a problem
or brings a missed strength, found exactly.

A change is a new answer in one slot (a firm-level question, or a question of one business model
or collaboration), with a value the bank allows (every other choice, a multi-select option added
or taken away, any scale point, a grid over a number's range), where the question still applies.
Removing a problem counts only if it does not create a new problem at least as serious (one that
appears because the removed one no longer masks it, with its own traits unchanged, was there
already). `tests/test_whatif_exact.py` checks the search against trying every such change.

The search is exact without trying everything, for two reasons. Only slots read by a trait the
finding depends on can remove it (its traits, those of rules whose conclusions it reads or must
not see). And a pair of changes can do what neither does alone only if one trait reads both
slots, or if one change removes the finding and the other undoes the worse problem it created;
other pairs are skipped.
"""

from __future__ import annotations

from itertools import combinations

from pydantic import BaseModel, ConfigDict

from advisor.core.assessment import Assessment, Value
from advisor.core.rulebase import FIRM, RuleBase
from advisor.core.rulekit import Kind, RuleSpec, severity_rank
from advisor.reporting.probe import Edit, Key, Sheet, Slot, candidate_values, relevant_traits
from advisor.reporting.report import Report

MAX_ALTERNATIVES = 3


class AnswerChange(BaseModel):
    model_config = ConfigDict(frozen=True)

    question_id: str
    question: str
    from_label: str
    to_value: Value
    to_label: str
    item: str = ""  # the entry (business model, collaboration) whose answer changes; "" for the firm
    item_name: str = ""  # what the firm calls that entry


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


class _Search:
    def __init__(self, rb: RuleBase, sheet: Sheet, spec: RuleSpec, key: Key, want_fired: bool):
        self.rb, self.sheet, self.spec, self.key, self.want_fired = rb, sheet, spec, key, want_fired
        self.relevant = sorted(relevant_traits(rb, spec) & set(sheet.base_traits[key]))
        self.all_traits = list(sheet.base_traits[key])
        self.baseline = self._signature(sheet.base_traits[key])
        self.rank = severity_rank(spec.severity)
        self.base_problems = {k: self._problems(k, sheet.base_traits[k]) for k in sheet.keys}
        self._memo: dict[tuple[Edit, ...], tuple[bool, set[str]]] = {}

    def _signature(self, traits: dict[str, str]) -> tuple[str, ...]:
        return tuple(traits[n] for n in self.relevant)

    def _focused(self, edits: tuple[Edit, ...]) -> dict[str, str]:
        """The target subject's traits with the edits made (only those the finding depends on are
        derived again): read once per change by both `moves` and `_fires_with`."""
        return self.sheet.traits(edits, only=(self.key, self.relevant))[self.key]

    def _problems(self, key: Key, traits: dict[str, str]) -> dict[str, int]:
        return {
            f.rule.id: severity_rank(f.rule.severity)
            for f in self.sheet.firings(key, traits)
            if f.rule.kind is Kind.PROBLEM
        }

    def _fires(self, traits: dict[str, str]) -> bool:
        return any(f.rule.id == self.spec.id for f in self.sheet.firings(self.key, traits))

    def _worse(self, traits: dict[Key, dict[str, str]]) -> set[str]:
        """Traits of new problems at least as serious as the target, created by the change."""
        out: set[str] = set()
        for key in self.sheet.changed_subjects(traits):
            before = self.sheet.base_traits[key]
            for rule_id, rank in self._problems(key, traits[key]).items():
                if rule_id in self.base_problems[key] or rank > self.rank:
                    continue
                own = self.rb.rules[rule_id].trait_conditions
                if any(traits[key][n] != before[n] for n in own):
                    out |= set(own)
        return out

    def verdict(self, edits: tuple[Edit, ...]) -> tuple[bool, set[str]]:
        """(does the change do it, traits of the worse problems it would create)."""
        if edits in self._memo:
            return self._memo[edits]
        result: tuple[bool, set[str]] = (False, set())
        focused = self._focused(edits)
        if (
            self._signature(focused) != self.baseline  # no trait it depends on moves: no effect
            and self.sheet.applies(edits)
            and self._fires_with(edits, focused) == self.want_fired
        ):
            worse = set() if self.want_fired else self._worse(self.sheet.traits(edits))
            result = (not worse, worse)
        self._memo[edits] = result
        return result

    def _fires_with(self, edits: tuple[Edit, ...], focused: dict[str, str]) -> bool:
        if not self.spec.conclusion_conditions:  # decidable from the rule's own conditions
            return all(focused[n] in c.all_states for n, c in self.spec.trait_conditions.items())
        return self._fires(self.sheet.traits(edits, only=(self.key, self.all_traits))[self.key])

    def moves(self, edits: tuple[Edit, ...]) -> bool:
        """Whether the change moves any trait the finding depends on (no change, no effect)."""
        return self._signature(self._focused(edits)) != self.baseline

    def _singles(self, traits: set[str]) -> list[Edit]:
        scope = self.key[0]
        edits = []
        for q in self.rb.bank.questions:
            if not self.sheet.readers(scope, q.id) & traits:
                continue
            for slot in self.sheet.slots_for(q.id):
                edits += [Edit(slot, v) for v in candidate_values(q, self.sheet.value(slot))]
        return edits

    def solutions(self) -> list[tuple[Edit, ...]]:
        singles = self._singles(set(self.relevant))
        found = [(e,) for e in singles if self.verdict((e,))[0]]
        if not found:
            found = self._pairs(singles)
        # A change to a question that gates others (e.g. "no outcome deals at all") is a real answer
        # but rarely the move a founder is looking for: list those last.
        found = _distinct(found)
        return sorted(found, key=lambda edits: any(e.slot.qid in self.rb.gating_questions for e in edits))

    def _pairs(self, singles: list[Edit]) -> list[tuple[Edit, ...]]:
        scope = self.key[0]
        moves = {e: self.moves((e,)) for e in singles}
        readers = {e: self.sheet.readers(scope, e.slot.qid) & set(self.relevant) for e in singles}
        found = []
        for a, b in combinations(singles, 2):
            if a.slot == b.slot:
                continue
            if not (moves[a] or moves[b]) and not readers[a] & readers[b]:
                continue  # each trait reads at most one of them and neither moves one alone
            if self.verdict((a, b))[0]:
                found.append((a, b))
        # One change removes the finding but creates a worse problem; a second may undo that.
        for a in singles:
            removed, worse = self.verdict((a,))
            if removed or not worse:
                continue
            for b in self._singles(worse):
                if b.slot != a.slot and b not in singles and self.verdict((a, b))[0]:
                    found.append((a, b))
        return found


def _distinct(solutions: list[tuple[Edit, ...]]) -> list[tuple[Edit, ...]]:
    """One solution per set of slots: the first found, which is the nearest value."""
    seen: dict[frozenset[Slot], tuple[Edit, ...]] = {}
    for edits in solutions:
        seen.setdefault(frozenset(e.slot for e in edits), edits)
    return list(seen.values())


def _describe(rb: RuleBase, sheet: Sheet, assessment: Assessment, edits: tuple[Edit, ...]) -> ChangeSet:
    out = []
    for e in edits:
        q = rb.bank.by_id[e.slot.qid]
        current = sheet.value(e.slot)
        out.append(
            AnswerChange(
                question_id=e.slot.qid,
                question=q.text,
                from_label="unanswered" if current is None else q.label_of(current),
                to_value=e.answer,
                to_label=q.label_of(e.answer),
                item=e.slot.item,
                item_name=sheet.name((e.slot.section, e.slot.item)) if e.slot.item else "",
            )
        )
    return ChangeSet(changes=out)


def smallest_changes(
    rb: RuleBase, sheet: Sheet, spec: RuleSpec, key: Key, want_fired: bool
) -> list[tuple[Edit, ...]]:
    """Every smallest way (one change, else two) to remove a finding or bring a missed one."""
    return _Search(rb, sheet, spec, key, want_fired).solutions()


def what_would_change(rb: RuleBase, assessment: Assessment, report: Report) -> list[WhatWouldChange]:
    """For every problem found, and every strength the firm missed, the smallest answer changes."""
    sheet = Sheet(rb, assessment)
    targets: list[tuple[RuleSpec, Key, bool]] = []
    for f in report.findings:
        if f.kind != Kind.PROBLEM.value:
            continue
        scope, _, item = f.subject.partition(":")
        targets.append((rb.rules[f.rule_id], (scope, item or FIRM), False))
    fired_firm = {f.rule_id for f in report.findings if f.subject == FIRM}
    for spec in rb.parts.rules:
        if spec.kind is Kind.STRENGTH and spec.scope == FIRM and spec.id not in fired_firm:
            targets.append((spec, (FIRM, FIRM), True))
    results: list[WhatWouldChange] = []
    for spec, key, want_fired in targets:
        solutions = smallest_changes(rb, sheet, spec, key, want_fired)
        if want_fired and not solutions:
            continue  # a strength out of reach with two changes is not worth listing
        scope, item = key
        results.append(
            WhatWouldChange(
                rule_id=spec.id,
                title=spec.title,
                subject=FIRM if scope == FIRM else f"{scope}:{item}",
                subject_name=sheet.name(key),
                goal="gain" if want_fired else "remove",
                alternatives=[_describe(rb, sheet, assessment, s) for s in solutions[:MAX_ALTERNATIVES]],
            )
        )
    return results
