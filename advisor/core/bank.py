"""The question bank: questions kept as data, validated once when loaded.

The bank knows answer types, allowed values and when a question applies. It knows nothing about
what an answer means; that is the rule base's interpretation layer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from advisor.core.yamlio import read_yaml

DONT_KNOW = "dont_know"
NOT_APPLICABLE = "not_applicable"
SPECIAL_VALUES = (DONT_KNOW, NOT_APPLICABLE)
SPECIAL_LABELS = {DONT_KNOW: "Don't know", NOT_APPLICABLE: "Not applicable"}


class AnswerType(StrEnum):
    SINGLE = "single"
    MULTI = "multi"
    SCALE = "scale"
    NUMBER = "number"
    YESNO = "yesno"
    TEXT = "text"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(Strict):
    value: str
    label: str


class ScaleSpec(Strict):
    min: int = 1
    max: int = 5
    low: str
    high: str


class NumberSpec(Strict):
    unit: str
    min: float
    max: float
    integer: bool = True


class Source(Strict):
    paper: str
    item: str


class Condition(Strict):
    """The question applies only when `question` was answered with one of `any_of`."""

    question: str
    any_of: tuple[str, ...]


class Section(Strict):
    id: str
    title: str
    intro: str
    repeat: bool = False
    item_noun: str = ""
    # The text question whose answer names an entry ("Regional food cluster"): reports say that name.
    name_question: str = ""
    applies_when: tuple[Condition, ...] = ()


YESNO_OPTIONS = (Option(value="yes", label="Yes"), Option(value="no", label="No"))


class Question(Strict):
    id: str
    section: str
    text: str
    help: str
    type: AnswerType
    source: Source
    options: tuple[Option, ...] = ()
    scale: ScaleSpec | None = None
    number: NumberSpec | None = None
    allow_not_applicable: bool = False
    applies_when: tuple[Condition, ...] = ()
    # Why the question is asked though no rule reads it (context for the person reading the
    # answers); empty for questions the rules read. `rules check` holds the two to agreement.
    context_only: str = ""

    @model_validator(mode="after")
    def _spec_matches_type(self) -> Question:
        needs = {
            AnswerType.SINGLE: "options",
            AnswerType.MULTI: "options",
            AnswerType.SCALE: "scale",
            AnswerType.NUMBER: "number",
        }.get(self.type)
        if needs and not getattr(self, needs):
            raise ValueError(f"question {self.id}: type {self.type} needs '{needs}'")
        for option in self.options:
            if option.value in SPECIAL_VALUES:
                raise ValueError(f"question {self.id}: option value {option.value} is reserved")
        return self

    @property
    def choices(self) -> tuple[Option, ...]:
        return YESNO_OPTIONS if self.type is AnswerType.YESNO else self.options

    # Cached: every answer of every firm is checked against these, and a question never changes.
    @cached_property
    def choice_values(self) -> tuple[str, ...]:
        return tuple(o.value for o in self.choices)

    @cached_property
    def choice_labels(self) -> dict[str, str]:
        return {o.value: o.label for o in self.choices}

    def label_of(self, value: Any) -> str:
        """Plain words for a stored value, as a founder would read it."""
        labels = self.choice_labels
        if isinstance(value, list):
            return ", ".join(labels.get(v, str(v)) for v in value) or "none"
        if value in SPECIAL_LABELS:
            return SPECIAL_LABELS[value]
        if value in labels:
            return labels[value]
        if self.type is AnswerType.SCALE and self.scale:
            return f"{value} of {self.scale.max} ({self.scale.low} … {self.scale.high})"
        if self.type is AnswerType.NUMBER and self.number:
            shown = int(value) if float(value).is_integer() else value
            return f"{shown} {self.number.unit}"
        return str(value)

    def allowed_description(self) -> str:
        """What may be given, in one line, for error messages and help."""
        special = DONT_KNOW + (f", {NOT_APPLICABLE}" if self.allow_not_applicable else "")
        match self.type:
            case AnswerType.SINGLE | AnswerType.YESNO:
                return "one of: " + ", ".join(o.value for o in self.choices) + f", {special}"
            case AnswerType.MULTI:
                values = ", ".join(o.value for o in self.choices)
                return f"a list drawn from: {values} (or {special})"
            case AnswerType.SCALE:
                assert self.scale
                return (
                    f"a whole number from {self.scale.min} ({self.scale.low}) to "
                    f"{self.scale.max} ({self.scale.high}), or {special}"
                )
            case AnswerType.NUMBER:
                assert self.number
                kind = "a whole number" if self.number.integer else "a number"
                lo, hi = _fmt(self.number.min), _fmt(self.number.max)
                return f"{kind} of {self.number.unit} from {lo} to {hi}, or {special}"
            case AnswerType.TEXT:
                return f"free text, or {special}"


def _given(value: Any) -> bool:
    return value is not None and value not in SPECIAL_VALUES


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


@dataclass(frozen=True)
class Tally:
    """Questions to answer, counted one way for the questionnaire, the report and the command line."""

    asked: int = 0  # asked now (see QuestionBank.asked)
    answered: int = 0  # of those, answered; "don't know" counts: it is a choice
    dont_know: int = 0
    # Follow-ups not asked yet that the answers so far leave open (their gate is unanswered or
    # "don't know"): counted as left, so the number does not jump when a gate opens them.
    may_open: int = 0

    @property
    def left(self) -> int:
        return self.asked - self.answered + self.may_open

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.asked + other.asked,
            self.answered + other.answered,
            self.dont_know + other.dont_know,
            self.may_open + other.may_open,
        )


class QuestionBank(Strict):
    version: str
    sections: tuple[Section, ...]
    questions: tuple[Question, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> QuestionBank:
        problems: list[str] = []
        seen: set[str] = set()
        section_ids = {s.id for s in self.sections}
        for q in self.questions:
            if q.id in seen:
                problems.append(f"question id {q.id} is used twice")
            seen.add(q.id)
            if q.section not in section_ids:
                problems.append(f"question {q.id}: unknown section {q.section}")
        by_id = {q.id: q for q in self.questions}
        conditions = [(q.id, c) for q in self.questions for c in q.applies_when]
        conditions += [(s.id, c) for s in self.sections for c in s.applies_when]
        for owner, cond in conditions:
            target = by_id.get(cond.question)
            if target is None:
                problems.append(f"{owner}: condition on unknown question {cond.question}")
                continue
            allowed = {o.value for o in target.choices}
            for value in set(cond.any_of) - allowed:
                problems.append(f"{owner}: condition value {value} not allowed for {target.id}")
        for s in self.sections:
            named = by_id.get(s.name_question)
            if s.name_question and (named is None or (named.section, named.type) != (s.id, AnswerType.TEXT)):
                problems.append(f"section {s.id}: name_question {s.name_question} is not its text question")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @cached_property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @cached_property
    def section_by_id(self) -> dict[str, Section]:
        return {s.id: s for s in self.sections}

    @cached_property
    def ids_by_scope(self) -> dict[str | None, dict[str, None]]:
        """The question ids answered at firm level (key None) and in each repeated section, in
        bank order (dicts: ordered, and quick to look a question up in)."""
        scopes: dict[str | None, dict[str, None]] = {None: {}}
        scopes.update({s.id: {} for s in self.sections if s.repeat})
        for q in self.questions:
            scopes[q.section if self.section_by_id[q.section].repeat else None][q.id] = None
        return scopes

    def in_section(self, section_id: str) -> list[Question]:
        return [q for q in self.questions if q.section == section_id]

    @property
    def repeat_sections(self) -> list[Section]:
        return [s for s in self.sections if s.repeat]

    def conditions_for(self, question: Question) -> tuple[Condition, ...]:
        return self.section_by_id[question.section].applies_when + question.applies_when

    def asked(self, question: Question, firm_values: dict[str, Any], item_values=None) -> bool:
        """Whether the respondent is asked this question now: it applies, and every answer it
        depends on is given (a follow-up is asked once its gate is answered, "don't know" included).

        The one definition of "a question to answer" behind every count of answered and left
        questions (questionnaire, report, command line).
        """
        for cond in self.conditions_for(question):
            own = item_values is not None and self.section_by_id[self.by_id[cond.question].section].repeat
            if cond.question not in (item_values if own else firm_values):
                return False
        return self.applies(question, firm_values, item_values)

    def tally(
        self,
        questions: Iterable[Question],
        firm_values: dict[str, Any],
        item_values: dict[str, Any] | None = None,
        skip: frozenset[str] = frozenset(),
    ) -> Tally:
        """Asked, answered and still open among `questions` of the firm or of one entry (then
        `item_values` are the entry's answers); questions in `skip` are not counted."""
        own = item_values if item_values is not None else firm_values
        asked = answered = dont_know = may_open = 0
        for q in questions:
            if q.id in skip:
                continue
            if self.asked(q, firm_values, item_values):
                asked += 1
                answered += own.get(q.id) is not None
                dont_know += own.get(q.id) == DONT_KNOW
            elif self.applies(q, firm_values, item_values):
                may_open += 1
        return Tally(asked, answered, dont_know, may_open)

    @cached_property
    def context_questions(self) -> frozenset[str]:
        """Questions asked only for context (marked `context_only`), an entry's name excepted:
        optional, so not counted among the questions to answer."""
        names = {s.name_question for s in self.sections if s.name_question}
        return frozenset(q.id for q in self.questions if q.context_only and q.id not in names)

    @cached_property
    def _gates(self) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
        """(follow-up, gate, answers of the gate that open it) for every question-level condition."""
        return tuple((q.id, c.question, c.any_of) for q in self.questions for c in q.applies_when)

    @cached_property
    def _single_gates(self) -> tuple[tuple[str, str, str], ...]:
        """(follow-up, gate, the one answer that opens it): the gates a follow-up can imply."""
        return tuple((f, g, opening[0]) for f, g, opening in self._gates if len(opening) == 1)

    @cached_property
    def _single_gates_by_follow_up(self) -> dict[str, tuple[tuple[str, str], ...]]:
        out: dict[str, list[tuple[str, str]]] = {}
        for follow_up, gate, opening in self._single_gates:
            out.setdefault(follow_up, []).append((gate, opening))
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def implying_questions(self) -> frozenset[str]:
        """Follow-ups whose answer can imply their gate's (see `implied_gates`)."""
        return frozenset(self._single_gates_by_follow_up)

    @cached_property
    def _question_position(self) -> dict[str, int]:
        return {q.id: i for i, q in enumerate(self.questions)}

    def implied_gates(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Gate answers that answers given under a blank gate imply.

        A follow-up is only asked once its gate opens it; if the gate was left blank (or "don't
        know") but the follow-up was answered, and exactly one answer of the gate opens it, that
        answer is implied: "3 years since the last change" implies "yes, it changed". A gate that
        several answers open is not implied (see `unimplied_gates`).
        """
        present = values.keys() & self._single_gates_by_follow_up.keys()
        if not present:  # most answer sets (every entry of a repeated section) have none
            return {}
        return {
            gate: opening
            for follow_up in sorted(present, key=self._question_position.__getitem__)
            for gate, opening in self._single_gates_by_follow_up[follow_up]
            if values.get(gate) in (None, DONT_KNOW) and _given(values.get(follow_up))
        }

    def unimplied_gates(self, values: Mapping[str, Any]) -> dict[str, list[str]]:
        """Blank gates (left blank or "don't know") under which answers were given that do not
        tell which of the gate's answers applies: gate id -> the follow-ups answered."""
        gaps: dict[str, list[str]] = {}
        for follow_up, gate, opening in self._gates:
            if len(opening) > 1 and values.get(gate) in (None, DONT_KNOW) and _given(values.get(follow_up)):
                gaps.setdefault(gate, []).append(follow_up)
        return gaps

    def applies(self, question: Question, firm_values: dict[str, Any], item_values=None) -> bool:
        """Whether a question applies given the answers so far.

        A condition whose question is unanswered or "don't know" leaves the question showing:
        hiding it would treat not knowing as a "no".
        """
        for cond in self.conditions_for(question):
            source = self.by_id[cond.question]
            values = firm_values
            if item_values is not None and self.section_by_id[source.section].repeat:
                values = item_values
            given = values.get(cond.question)
            if given is None or given == DONT_KNOW:
                continue
            if given == NOT_APPLICABLE or given not in cond.any_of:
                return False
        return True


def load_bank(path: Path) -> QuestionBank:
    return QuestionBank.model_validate(read_yaml(path))
