"""Assessment files: one firm's answers, validated against the question bank at the boundary.

Structure is checked by pydantic; values are checked against the bank. Every problem in a file is
collected and reported together, each naming the question, the value given and what is allowed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from advisor.core.bank import (
    NOT_APPLICABLE,
    SPECIAL_VALUES,
    AnswerType,
    Question,
    QuestionBank,
)
from advisor.core.limits import (
    ASSESSMENT_FILE,
    InputRefused,
    Limits,
    check_tree,
    decode_text,
    parse_structured,
    preview,
    read_bytes,
    shorten,
)

SCHEMA_VERSION = 1
MAX_FILE_BYTES = ASSESSMENT_FILE.file_bytes
MAX_TEXT_CHARS = 5_000
# Data built in memory (a form, a spreadsheet row) is checked for depth and size like a file; a
# long text is left to the question's own check, which names the question and its limit.
_IN_MEMORY = replace(ASSESSMENT_FILE, text_chars=ASSESSMENT_FILE.file_bytes)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Value = str | int | float | list[str]


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # Any here: check_value checks it against the question's type, so that one wrong value gives
    # one problem naming what is allowed, and pydantic does not turn YAML's bare yes/no into 1/0.
    value: Any
    evidence: str = Field(default="", max_length=MAX_TEXT_CHARS)


class GroupItem(BaseModel):
    """One entry of a repeated section (e.g. one collaboration the firm takes part in)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, max_length=80)
    answers: dict[str, Answer] = Field(default_factory=dict)

    _coerce = field_validator("answers", mode="before")(lambda v: _expand_shorthand(v))


class TeachingCase(BaseModel):
    """What a teaching case states about itself: its story, sources and discussion questions. (Which
    rules must fire or stay silent on it is said once, in each rule's record.)"""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    narrative: str
    sources: dict[str, str] = Field(default_factory=dict)
    discussion_questions: list[str] = Field(default_factory=list)


class CounterpartView(BaseModel):
    """The other party's answers about the same relationship (e.g. the customer's, when the
    provider fills in the assessment): each side answers the same questions in its own file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    firm_name: str = Field(min_length=1, max_length=200)
    respondent_role: str = Field(min_length=1, max_length=200)
    answers: dict[str, Answer] = Field(default_factory=dict)

    _coerce = field_validator("answers", mode="before")(lambda v: _expand_shorthand(v))


COUNTERPART = "counterpart"


class Assessment(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: int = Field(description="Version of this file format; currently 1.")
    firm_id: str = Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    firm_name: str = Field(min_length=1, max_length=200)
    assessment_date: dt.date
    respondent_role: str = Field(min_length=1, max_length=200)
    answers: dict[str, Answer] = Field(default_factory=dict)
    groups: dict[str, list[GroupItem]] = Field(default_factory=dict)
    relationship_id: str | None = Field(default=None, min_length=1, max_length=80)
    # The firm's sector as the advisor's records name it: firms are compared within a sector.
    sector: str | None = Field(default=None, min_length=1, max_length=80)
    counterpart: CounterpartView | None = None
    case: TeachingCase | None = None

    _coerce = field_validator("answers", mode="before")(lambda v: _expand_shorthand(v))

    @field_validator("assessment_date", mode="before")
    @classmethod
    def _calendar_date(cls, v: Any) -> Any:
        # pydantic would read 0 or "1704067200" as seconds since 1970: a date must look like one.
        if isinstance(v, dt.date) or (isinstance(v, str) and _ISO_DATE.match(v.strip())):
            return v
        raise ValueError("should be a date written YYYY-MM-DD, e.g. 2026-11-01")

    @field_validator("schema_version")
    @classmethod
    def _known_version(cls, v: int) -> int:
        if v != SCHEMA_VERSION:
            raise ValueError(f"schema_version {v} is not supported; this version reads {SCHEMA_VERSION}")
        return v

    def firm_values(self) -> dict[str, Value]:
        return {qid: a.value for qid, a in self.answers.items()}

    def item_answers(self, scope: str, item: str) -> dict[str, Answer]:
        """Answers of one item of a repeated section, or of the counterpart's view."""
        if scope == COUNTERPART:
            return dict(self.counterpart.answers) if self.counterpart else {}
        return next((dict(e.answers) for e in self.groups.get(scope, []) if e.id == item), {})


def _expand_shorthand(answers: Any) -> Any:
    """Let files write `cap_sensing: 4` as well as `cap_sensing: {value: 4, evidence: ...}`.
    `answers:` with nothing after it (every answer commented out) is no answers, not an error."""
    if answers is None:
        return {}
    if not isinstance(answers, dict):
        return answers
    return {key: (raw if isinstance(raw, dict | Answer) else {"value": raw}) for key, raw in answers.items()}


VALUE_CHARS = 80  # of a bad value quoted in a message


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, phrased so the person who wrote the file can fix it."""

    where: str
    message: str
    question_id: str = ""
    value: str = ""
    allowed: str = ""

    def __post_init__(self) -> None:
        # A bad value may be megabytes long: a message quotes only its start (also in errors.csv).
        object.__setattr__(self, "value", shorten(self.value, VALUE_CHARS))

    def __str__(self) -> str:
        parts = [self.where]
        if self.question_id:
            parts.append(f"question '{self.question_id}'")
        text = ": ".join([" ".join(parts), self.message])
        if self.value:
            text += f" (got {self.value})"
        if self.allowed:
            text += f"; allowed: {self.allowed}"
        return text


class AssessmentError(Exception):
    """Every problem found in one assessment, reported together."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{source}: {len(problems)} problem(s)\n{lines}")


def check_value(question: Question, raw: Any) -> tuple[Value | None, str | None]:
    """Normalise one answer value, or say why it is not allowed."""
    if raw in SPECIAL_VALUES:
        if raw == NOT_APPLICABLE and not question.allow_not_applicable:
            return None, "this question always applies, so 'not_applicable' is not allowed"
        return raw, None
    allowed_values = question.choice_values
    match question.type:
        case AnswerType.SINGLE | AnswerType.YESNO:
            if isinstance(raw, bool):  # YAML reads bare yes/no as booleans
                raw = "yes" if raw else "no"
            if not isinstance(raw, str) or raw not in allowed_values:
                return None, "not one of the allowed choices"
            return raw, None
        case AnswerType.MULTI:
            items = raw if isinstance(raw, list) else None
            if items is None or not all(isinstance(i, str) for i in items):
                return None, "should be a list of choices"
            unknown = [i for i in items if i not in allowed_values]
            if unknown:
                shown = ", ".join(shorten(i, 40) for i in unknown[:5])
                return None, f"unknown choice(s) {shown}" + (
                    f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
                )
            return sorted(set(items), key=allowed_values.index), None
        case AnswerType.SCALE:
            assert question.scale
            if not _is_finite_number(raw) or raw != int(raw):
                return None, "should be a whole number on the scale"
            if not question.scale.min <= raw <= question.scale.max:
                return None, "outside the scale"
            return int(raw), None
        case AnswerType.NUMBER:
            assert question.number
            if not _is_finite_number(raw):
                return None, "should be a number"
            if question.number.integer and raw != int(raw):
                return None, "should be a whole number"
            if not question.number.min <= raw <= question.number.max:
                return None, "out of range"
            return (int(raw) if question.number.integer else float(raw)), None
        case AnswerType.TEXT:
            if isinstance(raw, bool):
                return (
                    None,
                    "should be text; YAML reads a bare yes/no/true/false as a truth value: put it in quotes",
                )
            if not isinstance(raw, str):
                return None, "should be text"
            if len(raw) > MAX_TEXT_CHARS:
                return None, f"longer than {MAX_TEXT_CHARS} characters"
            return raw, None


def _is_finite_number(raw: Any) -> bool:
    # YAML reads .nan and .inf as floats; int() of them raises, and no range holds them. An int is
    # always finite (math.isfinite would overflow converting one over ~1e308 to a float).
    if isinstance(raw, bool):
        return False
    return isinstance(raw, int) or (isinstance(raw, float) and math.isfinite(raw))


def _suggest(unknown: str, known: list[str]) -> str:
    close = difflib.get_close_matches(unknown, known, n=3, cutoff=0.5)
    return f"did you mean {' or '.join(close)}?" if close else "see `bmi-advisor questions`"


def _check_answers(
    answers: dict[str, Answer],
    bank: QuestionBank,
    where: str,
    repeat_section: str | None,
) -> tuple[dict[str, Answer], list[Problem]]:
    problems: list[Problem] = []
    clean: dict[str, Answer] = {}
    in_scope = bank.ids_by_scope.get(repeat_section, {})
    for qid, answer in answers.items():
        question = bank.by_id.get(qid)
        if question is None or qid not in in_scope:
            scope = f"section '{repeat_section}'" if repeat_section else "the firm-level answers"
            hint = _suggest(qid, list(in_scope))
            problems.append(Problem(where, f"unknown question id in {scope}; {hint}", qid))
            continue
        value, why = check_value(question, answer.value)
        if why:
            given = preview(answer.value)
            problems.append(Problem(where, why, qid, given, question.allowed_description()))
            continue
        # Most values come back as given: keep the (frozen) answer rather than validate a copy.
        clean[qid] = answer if value is answer.value else Answer(value=value, evidence=answer.evidence)
    return clean, problems


def validate_assessment(data: Any, bank: QuestionBank, source: str = "<input>") -> Assessment:
    """Validate raw data (from YAML, JSON, a form or a spreadsheet row) into an Assessment."""
    try:
        check_tree(data, _IN_MEMORY)
    except InputRefused as exc:
        raise AssessmentError(source, [Problem(source, str(exc))]) from None
    try:
        parsed = Assessment.model_validate(data)
    except ValidationError as exc:
        problems = [_pydantic_problem(source, e, bank) for e in exc.errors()]
        # A wrong header field must not hide the answers' own problems: all are listed at once.
        answers = data.get("answers") if isinstance(data, dict) else None
        flagged = {
            str(e["loc"][1]) for e in exc.errors() if e["loc"][:1] == ("answers",) and len(e["loc"]) > 1
        }
        problems += _check_answers(_well_formed(answers, flagged), bank, source, None)[1]
        raise AssessmentError(source, problems) from None
    answers, problems = _check_answers(parsed.answers, bank, source, None)
    repeat_ids = {s.id for s in bank.repeat_sections}
    groups: dict[str, list[GroupItem]] = {}
    for name, items in parsed.groups.items():
        if name not in repeat_ids:
            hint = _suggest(name, sorted(repeat_ids))
            problems.append(Problem(f"{source}: groups.{name}", f"unknown repeated section; {hint}"))
            continue
        seen: set[str] = set()
        for index, item in enumerate(items):
            where = f"{source}: groups.{name}[{index}] (id {item.id})"
            if item.id in seen:
                problems.append(Problem(where, "duplicate item id in this section"))
            seen.add(item.id)
            item_answers, item_problems = _check_answers(item.answers, bank, where, name)
            problems += item_problems
            groups.setdefault(name, []).append(GroupItem(id=item.id, answers=item_answers))
    counterpart = parsed.counterpart
    if counterpart is not None:
        where = f"{source}: counterpart ({counterpart.respondent_role})"
        other, other_problems = _check_answers(counterpart.answers, bank, where, None)
        problems += other_problems
        counterpart = counterpart.model_copy(update={"answers": other})
    if problems:
        raise AssessmentError(source, problems)
    return parsed.model_copy(update={"answers": answers, "groups": groups, "counterpart": counterpart})


def join_counterpart(own: Assessment, other: Assessment, source: str) -> Assessment:
    """Put the other party's answers beside this assessment's, for the same relationship."""
    if own.relationship_id and other.relationship_id and own.relationship_id != other.relationship_id:
        msg = (
            f"relationship_id {other.relationship_id!r} differs from {own.relationship_id!r}; "
            "both sides must describe the same relationship"
        )
        raise AssessmentError(source, [Problem(source, msg)])
    view = CounterpartView(
        firm_name=other.firm_name, respondent_role=other.respondent_role, answers=other.answers
    )
    return own.model_copy(update={"counterpart": view})


def _well_formed(answers: Any, flagged: set[str]) -> dict[str, Answer]:
    """The answers of raw data that are shaped right (a value, or value and evidence), apart from
    those already reported, so their values can be checked beside a structural problem."""
    if not isinstance(answers, dict):
        return {}
    out: dict[str, Answer] = {}
    for qid, raw in _expand_shorthand(answers).items():
        if str(qid) in flagged:
            continue
        try:
            out[str(qid)] = Answer.model_validate(raw)
        except ValidationError:
            continue
    return out


def _pydantic_problem(source: str, error: dict[str, Any], bank: QuestionBank) -> Problem:
    loc = [str(p) for p in error["loc"]]
    # The question id follows "answers", firm-level (answers.q) or in an item (groups.s.0.answers.q).
    qid = loc[loc.index("answers") + 1] if "answers" in loc[:-1] else ""
    where = f"{source}: {'.'.join(loc) or 'file'}"
    value = "" if error["type"] == "missing" else preview(error.get("input"))
    message = error["msg"].removeprefix("Value error, ")
    allowed = ""
    shape = error["type"] in ("missing", "extra_forbidden")
    if qid and shape and loc[-2:-1] == [qid]:  # a mapping-shaped answer without value, or with more
        message = "an answer written as a mapping holds 'value' and may hold 'evidence'; " + (
            "'value' is missing" if loc[-1] == "value" else f"'{shorten(loc[-1], 40)}' is not one of them"
        )
        question = bank.by_id.get(qid)
        allowed = question.allowed_description() if question else ""
        value = "" if loc[-1] == "value" else value
    elif qid and loc[-1] == "evidence" and loc[-2:-1] == [qid]:
        allowed = f"text of at most {MAX_TEXT_CHARS} characters"
    return Problem(where, message, qid, value, allowed)


def read_structured_file(path: Path, limits: Limits = ASSESSMENT_FILE) -> dict[str, Any]:
    """Read one YAML or JSON assessment file within the limits (advisor.core.limits)."""
    try:
        raw = read_bytes(path, limits)
    except InputRefused as exc:
        raise AssessmentError(str(path), [Problem(str(path), str(exc))]) from None
    except OSError as exc:  # missing, no permission: the user's to fix, not a crash
        msg = f"cannot be read: {exc.strerror or exc}"
        raise AssessmentError(str(path), [Problem(str(path), msg)]) from None
    return structured_from_bytes(str(path), raw, path.suffix, limits)


def structured_from_bytes(source: str, raw: bytes, suffix: str, limits: Limits) -> dict[str, Any]:
    """One assessment's data from a file's bytes (read from disk, or uploaded), within `limits`."""
    try:
        data = parse_structured(decode_text(raw), suffix, limits)
    except InputRefused as exc:
        raise AssessmentError(source, [Problem(source, str(exc))]) from None
    if not isinstance(data, dict):
        msg = "should hold one assessment (a mapping with firm_id, answers, ...)"
        raise AssessmentError(source, [Problem(source, msg)])
    return data


def load_assessment(path: Path, bank: QuestionBank) -> Assessment:
    return validate_assessment(read_structured_file(path), bank, str(path))


def assessment_to_data(assessment: Assessment) -> dict[str, Any]:
    """Plain data the command line accepts unchanged (used for templates and downloads)."""
    return assessment.model_dump(mode="json", exclude_none=True)
