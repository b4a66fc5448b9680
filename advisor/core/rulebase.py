"""A loaded rule base: question bank, interpretation layer, compiled rules, version and hash."""

from __future__ import annotations

import hashlib
import importlib
from functools import cached_property
from pathlib import Path

from advisor.core.assessment import COUNTERPART, Assessment
from advisor.core.bank import DONT_KNOW, NOT_APPLICABLE, QuestionBank, Section
from advisor.core.engine import EnginePool, Firing, compile_engine_class
from advisor.core.rulekit import NA, Answers, Proposition, RuleBaseParts, RuleSpec, Trait
from advisor.core.subject import FIRM, Subject


class RuleBase:
    def __init__(self, parts: RuleBaseParts, bank: QuestionBank, source_dir: Path):
        self.parts = parts
        self.bank = bank
        self.source_dir = source_dir
        self.version = parts.version
        self.rules: dict[str, RuleSpec] = {r.id: r for r in parts.rules}
        self._traits: dict[tuple[str, str], Trait] = {(t.scope, t.name): t for t in parts.traits}
        self._traits_in: dict[str, list[Trait]] = {}
        for t in parts.traits:
            self._traits_in.setdefault(t.scope, []).append(t)
        self.propositions: dict[str, Proposition] = {p.id: p for p in parts.propositions}
        self.papers = {p.id: p for p in parts.papers}
        self.moves = {m.id: m for r in parts.rules for m in r.moves}
        self.pool = EnginePool(compile_engine_class(parts.rules))
        self._feeding: dict[str, tuple[str, ...]] = {}
        # Questions whose answer decides whether other questions apply.
        self.gating_questions = frozenset(
            c.question for owner in (*bank.questions, *bank.sections) for c in owner.applies_when
        )

    @cached_property
    def content_hash(self) -> str:
        """sha256 over every file of the rule base, so a report can be tied to exact rules."""
        digest = hashlib.sha256()
        for path in sorted(self.source_dir.rglob("*")):
            if path.is_file() and path.suffix in {".py", ".yaml", ".yml"}:
                digest.update(path.relative_to(self.source_dir).as_posix().encode())
                digest.update(b"\0")
                digest.update(path.read_bytes())
        return digest.hexdigest()

    def feeding_traits(self, spec: RuleSpec) -> list[str]:
        """The traits a rule reads, directly or through the conclusions of other rules."""
        if self.rules.get(spec.id) is not spec:  # a spec from elsewhere: not worth remembering
            return self._feeding_traits(spec)
        if spec.id not in self._feeding:  # every finding's evidence asks this again
            self._feeding[spec.id] = tuple(self._feeding_traits(spec))
        return list(self._feeding[spec.id])

    def _feeding_traits(self, spec: RuleSpec) -> list[str]:
        names: list[str] = []
        pending = [spec]
        while pending:
            current = pending.pop()
            names += [n for n in current.trait_conditions if n not in names]
            for conclusion, cond in current.conclusion_conditions.items():
                if cond.all_states:  # a negated conclusion brings no evidence of its own
                    pending += [r for r in self.parts.rules if conclusion in r.concludes]
        return names

    def trait(self, name: str, scope: str = FIRM) -> Trait:
        """A trait by name; the same name may be defined for several scopes (firm, each model)."""
        return self._traits[(scope, name)]

    def traits_in(self, scope: str) -> list[Trait]:
        return list(self._traits_in.get(scope, ()))

    def subjects(self, assessment: Assessment) -> list[Subject]:
        """Run the interpretation layer once: the firm, each repeated item, the counterpart's view.
        What view(..., bank=self.bank) gives each subject, with the shared values built once."""
        firm = self._implied(assessment.firm_values())
        groups = {
            name: [self._implied(e) for e in entries] for name, entries in _group_values(assessment).items()
        }
        subjects = [self.subject(FIRM, FIRM, Answers(firm, groups=groups))]
        for section in self.bank.repeat_sections:
            for entry in assessment.groups.get(section.id, []):
                own = {q: a.value for q, a in entry.answers.items()}
                answers = Answers(firm, self._implied(own), groups=groups)
                subjects.append(
                    self.subject(section.id, entry.id, answers, _item_name(section, own, entry.id))
                )
        if assessment.counterpart is not None:
            other = assessment.counterpart
            own = {q: a.value for q, a in other.answers.items()}
            answers = Answers(firm, self._implied(own), groups=groups)
            subjects.append(self.subject(COUNTERPART, other.firm_name, answers, other.firm_name))
        return subjects

    def subject(self, scope: str, item: str, answers: Answers, name: str = "") -> Subject:
        """A subject with its traits derived from `answers` (also used to try changed answers)."""
        traits = {t.name: derive(t, answers) for t in self._traits_in.get(scope, ())}
        return Subject(scope, item, traits, name, answers)

    def _implied(self, values: dict) -> dict:
        return with_implied_gates(self.bank, values)

    def run(self, assessment: Assessment) -> tuple[list[Subject], list[Firing]]:
        subjects = self.subjects(assessment)
        return subjects, self.pool.run(subjects)


def view(
    assessment: Assessment,
    scope: str,
    item: str,
    firm_values: dict | None = None,
    item_values: dict | None = None,
    groups: dict[str, list[dict]] | None = None,
    bank: QuestionBank | None = None,
) -> Answers:
    """What the traits of one subject may read: the firm's answers, the subject's own (an item
    of a repeated section, or the counterpart's view), and every repeated section for summaries.
    `firm_values` / `item_values` / `groups` replace the saved answers (used to try changes).
    With the `bank`, gates left blank are filled where the answers under them imply them."""
    firm = firm_values if firm_values is not None else assessment.firm_values()
    if groups is None:
        groups = _group_values(assessment)
    own = item_values
    if own is None and scope != FIRM:
        own = {q: a.value for q, a in assessment.item_answers(scope, item).items()}
    if bank is not None:
        firm = with_implied_gates(bank, firm)
        own = with_implied_gates(bank, own) if own is not None else None
        groups = {name: [with_implied_gates(bank, e) for e in entries] for name, entries in groups.items()}
    if scope == FIRM:
        return Answers(firm, groups=groups)
    return Answers(firm, own, groups=groups)


def _group_values(assessment: Assessment) -> dict[str, list[dict]]:
    return {
        name: [{q: a.value for q, a in entry.answers.items()} for entry in entries]
        for name, entries in assessment.groups.items()
    }


def _item_name(section: Section, values: dict, item: str) -> str:
    """The name the firm gave an item ("Regional food cluster"), else its id."""
    value = values.get(section.name_question) if section.name_question else None
    if isinstance(value, str) and value.strip() and value not in (DONT_KNOW, NOT_APPLICABLE):
        return value.strip()
    return item


def with_implied_gates(bank: QuestionBank, values: dict) -> dict:
    """The answers with the gates they imply filled in (QuestionBank.implied_gates)."""
    implied = bank.implied_gates(values)
    return {**values, **implied} if implied else values


def derive(t: Trait, answers: Answers) -> str:
    # A trait whose every input is "not applicable" does not apply either.
    if t.uses and all(answers.not_applicable(q) for q in t.uses):
        return NA
    state = t.derive(answers)
    if state not in t.states:
        raise ValueError(f"trait {t.name} produced state {state!r}; allowed {t.states}")
    return state


def load_parts(package: str = "rules") -> tuple[RuleBaseParts, QuestionBank, Path]:
    """Import a rule-base package, which must expose `build() -> (RuleBaseParts, QuestionBank)`,
    without compiling it (the rule check reads a rule base that may not compile)."""
    module = importlib.import_module(package)
    parts, bank = module.build()
    return parts, bank, Path(module.__file__).parent


def load_rulebase(package: str = "rules") -> RuleBase:
    return RuleBase(*load_parts(package))
