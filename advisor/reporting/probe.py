"""Try answers: what the rule base concludes when some of a firm's answers are changed or given.

One implementation behind three questions a report answers by re-evaluating the rules, never by
guessing from which questions a rule reads:
- what would change this (answers the firm gave, changed: `whatif`);
- what would settle a tentative finding, and which open question is worth asking next (answers
  the firm has not given yet: `certainty`).

An answer lives in a slot: a firm-level question, or a question of one entry of a repeated
section (one business model, one collaboration). Changing a slot re-derives only the traits that
read it (a trait declares the questions it uses) and re-runs the rules of the subjects whose
traits changed; the engine's verdict for a subject is remembered per trait state, so trying many
answers costs few engine runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from advisor.core.assessment import COUNTERPART, Assessment
from advisor.core.bank import DONT_KNOW, NOT_APPLICABLE, AnswerType, Question
from advisor.core.engine import Firing
from advisor.core.rulebase import RuleBase, derive, view, with_implied_gates
from advisor.core.rulekit import RuleSpec
from advisor.core.subject import FIRM, Subject

NUMBER_GRID = 20  # a number question is tried at this many evenly spaced steps of its range (+ ends)
BLANK = (None, DONT_KNOW)  # an open answer: not given, or "don't know"


@dataclass(frozen=True, order=True)
class Slot:
    """Where one answer lives: `section` is "firm" for firm-level questions, else the repeated
    section of the entry `item`."""

    section: str
    item: str
    qid: str


@dataclass(frozen=True)
class Edit:
    """A new answer for one slot; a multi-select answer is held as a tuple, so edits hash."""

    slot: Slot
    value: Any

    @property
    def answer(self) -> Any:
        """The value as an assessment holds it (a list for a multi-select question)."""
        return list(self.value) if isinstance(self.value, tuple) else self.value


Key = tuple[str, str]  # a subject: (scope, item)
FindingKey = tuple[str, str, str]  # (rule id, scope, item)


def candidate_values(q: Question, current: Any) -> list[Any]:
    """The answers tried for a question: every other choice, each multi-select option toggled,
    every scale point, a grid over a number's range; nearest to the current answer first."""
    match q.type:
        case AnswerType.SINGLE | AnswerType.YESNO:
            return [o.value for o in q.choices if o.value != current]
        case AnswerType.MULTI:
            chosen = set(current) if isinstance(current, list) else set()
            return [
                tuple(o.value for o in q.choices if o.value in chosen ^ {option.value})
                for option in q.choices
            ]
        case AnswerType.SCALE:
            assert q.scale
            return _nearest_first(range(q.scale.min, q.scale.max + 1), current)
        case AnswerType.NUMBER:
            assert q.number
            lo, hi = q.number.min, q.number.max
            cast = int if q.number.integer else float
            return _nearest_first(
                {cast(round(lo + (hi - lo) * i / NUMBER_GRID)) for i in range(NUMBER_GRID + 1)}, current
            )
    return []  # free text feeds no trait


def _nearest_first(values: Iterable[int], current: Any) -> list:
    if not isinstance(current, int | float) or isinstance(current, bool):
        return sorted(values)
    return sorted((v for v in values if v != current), key=lambda v: (abs(v - current), v))


class Sheet:
    """A firm's answers, to try changes on. Nothing here writes to the assessment."""

    def __init__(self, rb: RuleBase, assessment: Assessment, subjects: list[Subject] | None = None):
        self.rb, self.assessment = rb, assessment
        self.firm = assessment.firm_values()
        self.entries: dict[str, dict[str, dict[str, Any]]] = {
            s.id: {e.id: {q: a.value for q, a in e.answers.items()} for e in assessment.groups.get(s.id, [])}
            for s in rb.bank.repeat_sections
        }
        self.base_subjects = subjects if subjects is not None else rb.subjects(assessment)
        self.keys: list[Key] = [(s.scope, s.item) for s in self.base_subjects]
        self.base_traits: dict[Key, dict[str, str]] = {
            (s.scope, s.item): dict(s.traits) for s in self.base_subjects
        }
        self._counterpart = (
            {q: a.value for q, a in assessment.counterpart.answers.items()}
            if assessment.counterpart
            else None
        )
        self._readers = _readers(rb)
        # The answers as the traits read them (gates implied by the answers under them), kept so a
        # tried answer re-implies only what it can change.
        self._implied_firm = with_implied_gates(rb.bank, self.firm)
        self._implied_entries = {
            name: {item: with_implied_gates(rb.bank, v) for item, v in items.items()}
            for name, items in self.entries.items()
        }
        self._base_groups = {
            name: list(items.values()) for name, items in self._implied_entries.items() if items
        }
        self._firings: dict[tuple, list[Firing]] = {}
        self._singles: dict[tuple[Edit, ...], dict[Key, dict[str, str]]] = {}
        self._moves: dict[Edit, dict[Key, dict[str, str]]] = {}
        # Rules chained through conclusions (the earliest misaligned phase) need the engine.
        self._chained, self._chained_traits = _chained(rb)

    def name(self, key: Key) -> str:
        """What the firm calls a subject (see Subject.name)."""
        return next(s.name for s in self.base_subjects if (s.scope, s.item) == key)

    # ---- answers ---------------------------------------------------------------------------
    def slots(self) -> Iterator[Slot]:
        """Every slot the firm could answer: firm questions, and each entry's questions."""
        bank = self.rb.bank
        for q in bank.questions:
            section = bank.section_by_id[q.section]
            if not section.repeat:
                yield Slot(FIRM, "", q.id)
            else:
                for item in self.entries.get(section.id, {}):
                    yield Slot(section.id, item, q.id)

    def slots_for(self, qid: str) -> list[Slot]:
        section = self.rb.bank.section_by_id[self.rb.bank.by_id[qid].section]
        if not section.repeat:
            return [Slot(FIRM, "", qid)]
        return [Slot(section.id, item, qid) for item in self.entries.get(section.id, {})]

    def value(self, slot: Slot) -> Any:
        if slot.section == FIRM:
            return self.firm.get(slot.qid)
        return self.entries[slot.section][slot.item].get(slot.qid)

    def question(self, slot: Slot) -> Question:
        return self.rb.bank.by_id[slot.qid]

    def _values(self, edits: tuple[Edit, ...]) -> tuple[dict, dict[str, dict[str, dict]]]:
        firm = self.firm
        entries = self.entries
        if len(edits) == 1 and edits[0].slot.section == FIRM:  # the common case, without the loop
            return {**firm, edits[0].slot.qid: edits[0].answer}, entries
        for e in edits:
            if e.slot.section == FIRM:
                firm = {**firm, e.slot.qid: e.answer}
            else:
                section = dict(entries[e.slot.section])
                section[e.slot.item] = {**section[e.slot.item], e.slot.qid: e.answer}
                entries = {**entries, e.slot.section: section}
        return firm, entries

    def applies(self, edits: tuple[Edit, ...]) -> bool:
        """Every edited question still applies once all the edits are made."""
        firm, entries = self._values(edits)
        bank = self.rb.bank
        return all(
            bank.applies(
                self.question(e.slot),
                firm,
                None if e.slot.section == FIRM else entries[e.slot.section][e.slot.item],
            )
            for e in edits
        )

    # ---- traits and findings -----------------------------------------------------------------
    def traits(
        self, edits: tuple[Edit, ...], only: tuple[Key, Iterable[str]] | None = None
    ) -> dict[Key, dict[str, str]]:
        """Every subject's traits with the edits made; only traits that read an edited question
        (or its gate, which an answer under a blank gate may imply) are derived again. With
        `only` (a subject and trait names), just those are derived: a quick first look."""
        if not edits:
            return self.base_traits
        if len(edits) == 1 and edits in self._singles:
            return self._singles[edits]
        if len(edits) > 1 and not self._read_together(edits):
            return self._composed(edits, only[0] if only else None)
        firm, entries = self._values(edits)
        # What the traits read, with implied gates filled in: an entry's answers are implied again
        # only in the repeated sections an edit touches.
        firm = self._implied(firm, self._implied_firm, [e for e in edits if e.slot.section == FIRM])
        implied_entries = {
            (e.slot.section, e.slot.item): self._implied(
                entries[e.slot.section][e.slot.item],
                self._implied_entries[e.slot.section][e.slot.item],
                [d for d in edits if d.slot.section == e.slot.section and d.slot.item == e.slot.item],
            )
            for e in edits
            if e.slot.section != FIRM
        }
        groups = self._base_groups
        if implied_entries:
            edited = {section for section, _ in implied_entries}
            groups = {
                name: self._regrouped(name, implied_entries) if name in edited else implied
                for name, implied in groups.items()
            }
        out = dict(self.base_traits)
        for scope, item in [only[0]] if only else self.keys:
            names = {n for e in edits for n in self._readers.get((scope, e.slot.qid), ())}
            if only:
                names &= set(only[1])
            if not names:
                continue
            own = None
            if scope == COUNTERPART:
                own = with_implied_gates(self.rb.bank, self._counterpart)
            elif scope != FIRM:
                own = implied_entries.get((scope, item), self._implied_entries[scope][item])
            answers = view(self.assessment, scope, item, firm, own, groups)
            changed = dict(out[(scope, item)])
            for name in names:
                changed[name] = derive(self.rb.trait(name, scope), answers)
            out[(scope, item)] = changed
        if len(edits) == 1 and only is None:
            self._singles[edits] = out
        return out

    def _regrouped(self, section: str, implied_entries: dict[tuple[str, str], dict]) -> list[dict]:
        """A repeated section's entries as the traits read them, with the edited entries replaced."""
        return [implied_entries.get((section, item), v) for item, v in self._implied_entries[section].items()]

    def _implied(self, values: dict, base_implied: dict, edits: list[Edit]) -> dict:
        """`values` (one scope's answers with `edits` made) with the gates they imply. Only an
        answer under a gate can imply one, so other edits are laid over the base's implied answers."""
        if not edits:
            return base_implied
        if any(e.slot.qid in self.rb.bank.implying_questions for e in edits):
            return with_implied_gates(self.rb.bank, values)
        return {**base_implied, **{e.slot.qid: e.answer for e in edits}}

    def _read_together(self, edits: tuple[Edit, ...]) -> bool:
        """Whether some trait reads two of the edited questions."""
        for scope in {k[0] for k in self.keys}:
            seen: set[str] = set()
            for e in edits:
                names = self.readers(scope, e.slot.qid)
                if seen & names:
                    return True
                seen |= names
        return False

    def _composed(self, edits: tuple[Edit, ...], key: Key | None) -> dict[Key, dict[str, str]]:
        """Traits under several edits no trait reads together: each trait moves as under the one
        edit it reads, so the single edits' moves are combined without deriving anything (for
        every subject, or only `key`'s)."""
        out = dict(self.base_traits)
        for e in edits:
            for moved_key, moved in self._moved(e).items():
                if key is None or moved_key == key:
                    out[moved_key] = {**out[moved_key], **moved}
        return out

    def _moved(self, edit: Edit) -> dict[Key, dict[str, str]]:
        """The traits one edit moves, per subject (remembered)."""
        found = self._moves.get(edit)
        if found is None:
            found = {}
            for key, traits in self.traits((edit,)).items():
                base = self.base_traits[key]
                if traits is not base:
                    found[key] = {n: v for n, v in traits.items() if v != base[n]}
            self._moves[edit] = found
        return found

    def readers(self, scope: str, qid: str) -> set[str]:
        """Traits of a scope whose state may change with this question's answer."""
        return self._readers.get((scope, qid), set())

    def firings(self, key: Key, traits: dict[str, str]) -> list[Firing]:
        """The rules that fire for one subject with these traits (remembered per trait state).

        Rules that neither read nor declare conclusions fire exactly when their conditions hold;
        the engine is run only when a trait of the chained rules (the phase order) has moved.
        """
        memo = (key, tuple(traits.values()))
        found = self._firings.get(memo)
        if found is not None:
            return found
        base = self.base_traits[key]
        if traits is base or not any(traits.get(n) != base.get(n) for n in self._chained_traits):
            data = Subject(key[0], key[1], traits)
            chained = [f for f in self._engine(key, base) if f.rule.id in self._chained]
            direct = [
                Firing(spec, data, ())
                for spec in self.rb.parts.rules
                if spec.id not in self._chained and key[0] in spec.scopes and spec.matches(traits)
            ]
            found = chained + direct
        else:
            found = self._engine(key, traits)
        self._firings[memo] = found
        return found

    def _engine(self, key: Key, traits: dict[str, str]) -> list[Firing]:
        memo = ("engine", key, tuple(traits.values()))
        if memo not in self._firings:
            self._firings[memo] = self.rb.pool.run([Subject(key[0], key[1], traits)])
        return self._firings[memo]

    def changed_subjects(self, traits: dict[Key, dict[str, str]]) -> list[Key]:
        return [
            k for k in self.keys if traits[k] is not self.base_traits[k] and traits[k] != self.base_traits[k]
        ]

    def values_for(self, key: Key, edits: tuple[Edit, ...]) -> tuple[dict, dict | None]:
        """Firm answers and the subject's own answers, with the edits made."""
        firm, entries = self._values(edits)
        scope, item = key
        if scope == FIRM:
            return firm, None
        if scope == COUNTERPART:
            return firm, self._counterpart
        return firm, entries[scope][item]

    def open_slots(self) -> list[Slot]:
        """Slots whose question is asked now and not answered, or answered "don't know"."""
        return [slot for slot in self.slots() if self.is_open(slot)]

    def is_open(self, slot: Slot) -> bool:
        """Asked now and not answered, or answered "don't know"."""
        if self.value(slot) not in BLANK:
            return False
        own = None if slot.section == FIRM else self.entries[slot.section][slot.item]
        return self.rb.bank.asked(self.question(slot), self.firm, own)


@cache
def _readers(rb: RuleBase) -> dict[tuple[str, str], set[str]]:
    """Which traits of each scope must be derived again when a question's answer changes: those
    that read it, and those that read its gate (an answer under a blank gate implies it)."""
    uses: dict[tuple[str, str], set[str]] = {}
    for t in rb.parts.traits:
        for qid in t.uses:
            uses.setdefault((t.scope, qid), set()).add(t.name)
    readers: dict[tuple[str, str], set[str]] = {}
    for scope in {t.scope for t in rb.parts.traits}:
        for q in rb.bank.questions:
            names = {
                n
                for g in (q.id, *(c.question for c in rb.bank.conditions_for(q)))
                for n in uses.get((scope, g), ())
            }
            if names:
                readers[(scope, q.id)] = names
    return readers


@cache
def _chained(rb: RuleBase) -> tuple[set[str], set[str]]:
    """Rules chained through conclusions, and the traits that decide them."""
    chained = {r.id for r in rb.parts.rules if r.concludes or r.conclusion_conditions}
    return chained, {n for r in rb.parts.rules if r.id in chained for n in relevant_traits(rb, r)}


def relevant_traits(rb: RuleBase, spec: RuleSpec) -> set[str]:
    """Traits whose state can decide whether a rule fires: its own, those of the rules whose
    conclusions it reads, and those of the rules whose conclusion it requires to be absent."""
    names: set[str] = set()
    pending, seen = [spec], set()
    while pending:
        current = pending.pop()
        if current.id in seen:
            continue
        seen.add(current.id)
        names |= set(current.trait_conditions)
        for conclusion in current.conclusion_conditions:
            pending += [r for r in rb.parts.rules if conclusion in r.concludes]
    return names


def is_known(value: Any) -> bool:
    return value not in (None, DONT_KNOW, NOT_APPLICABLE)
