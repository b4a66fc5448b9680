"""The knowledge kept as data: YAML records for thresholds, traits and rules, checked at load.

A rule-base folder holds
- `rulebase.yaml`: the frameworks (one folder each, with the label a report shows) and the trait
  files in the order a report lists the traits;
- `thresholds.yaml`: every number the rule base uses, each with value, unit, step and rationale
  (a passage of the paper, or advisor practice said as such);
- trait files: each trait is a test on answers (a choice among values, a scale or share at or
  beyond a named threshold, picks from a multi-choice, any/all of other tests), or `logic: python`
  when it needs real logic;
- `<framework>/<RULE-ID>.yaml`: one rule per file, with its citation, conditions, moves, prose and
  the teaching cases where it must fire and stay silent.
Traits and finding details that need real logic are Python functions registered by name
(`Registry`). Every record is validated by pydantic with unknown fields refused; all problems are
reported together, each naming the file, the record and the field, and saying how to fix it. The
records become the kit's `Trait` and `RuleSpec` objects, which the engine, report and what-if use.
This module is domain-blind: it knows the shape of knowledge, not its content.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)

from advisor.core.rulekit import (
    DOC_HEADINGS,
    NA,
    NO,
    UNKNOWN,
    YES,
    Answers,
    Cond,
    Kind,
    Move,
    RuleExample,
    RuleSpec,
    Severity,
    Trait,
)
from advisor.core.rulekit import Citation as KitCitation
from advisor.core.yamlio import read_yaml

PLACEHOLDER = "TODO"  # what `rules new` writes where a person must fill something in
RULE_ID = r"^[A-Z]{2}-\d{2}$"
SNAKE = r"^[a-z][a-z0-9_]*$"
THRESHOLD_REF = re.compile(r"\{thresholds\.([a-z0-9_]+)\}")


class KnowledgeError(Exception):
    """Problems found while loading a rule base's records; all of them, one per line."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("the rule base has problems:\n" + "\n".join(f"- {p}" for p in problems))


def _state(value: Any) -> Any:
    # YAML 1.1 reads a bare yes/no as a boolean; in a record they always mean the state or answer.
    if value is True:
        return YES
    if value is False:
        return NO
    return value


def _states(value: Any) -> Any:
    value = _state(value)
    return [_state(v) for v in value] if isinstance(value, list) else [value]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _no_placeholders(cls, data: Any) -> Any:
        left = _placeholders(data)
        if left:
            raise ValueError(f"still placeholders (replace each {PLACEHOLDER}): {', '.join(left)}")
        return data


def _placeholders(data: Any, path: str = "") -> list[str]:
    """Where a record still holds a placeholder: in a text, or in a key (a trait name in `when`)."""
    if isinstance(data, str):
        return [path or "(value)"] if PLACEHOLDER in data else []
    if isinstance(data, dict):
        found = []
        for key, value in data.items():
            where = f"{path}.{key}" if path else str(key)
            found += [where] if PLACEHOLDER in str(key) else _placeholders(value, where)
        return found
    if isinstance(data, list | tuple):
        return [p for i, v in enumerate(data) for p in _placeholders(v, f"{path}[{i}]")]
    return []


# ---- thresholds ------------------------------------------------------------------------------------
class Threshold(Record):
    value: int | float
    unit: str = Field(min_length=1)
    step: int | float = Field(gt=0, description="the smallest meaningful change (boundary tests move by it)")
    basis: Literal["paper", "advisor_practice"]
    rationale: str = Field(min_length=1)
    passage: str = Field("", description="verbatim from the paper when basis is paper")

    @model_validator(mode="after")
    def _paper_needs_passage(self) -> Threshold:
        if self.basis == "paper" and not self.passage:
            raise ValueError("basis is paper, so quote the passage (or set basis: advisor_practice)")
        return self


# ---- trait tests --------------------------------------------------------------------------------
class Choice(Record):
    """Yes when the answer is one of the values."""

    choice: str
    in_: tuple[str, ...] = Field(alias="in", min_length=1)

    _coerce = field_validator("in_", mode="before")(lambda v: _states(v))


class Scale(Record):
    """Yes when a number lies beyond named thresholds (every bound given must hold)."""

    scale: str
    at_least: str | None = None
    at_most: str | None = None
    above: str | None = None
    below: str | None = None

    @model_validator(mode="after")
    def _one_bound(self) -> Scale:
        if not self.bounds():
            raise ValueError("give at least one of at_least, at_most, above, below (a threshold name)")
        return self

    def bounds(self) -> dict[str, str]:
        return {k: v for k in ("at_least", "at_most", "above", "below") if (v := getattr(self, k))}


class Picked(Record):
    """Yes when a multi-choice answer includes any of the values (or lacks one of `not_all_of`)."""

    picked: str
    any_of: tuple[str, ...] = ()
    not_all_of: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _one_list(self) -> Picked:
        if bool(self.any_of) == bool(self.not_all_of):
            raise ValueError("give exactly one of any_of or not_all_of")
        return self


class TraitRef(Record):
    """The state of another trait of the same scope."""

    trait: str


class AnyOf(Record):
    """Yes if any part is yes; no only if every part is no (or does not apply); else unknown."""

    any: tuple[Test, ...] = Field(min_length=2)


class AllOf(Record):
    """Yes if every part is yes; no if any part is no (or does not apply); else unknown."""

    all: tuple[Test, ...] = Field(min_length=2)


TEST_KEYS = ("choice", "scale", "picked", "trait", "any", "all")


def _test_tag(value: Any) -> str | None:
    if isinstance(value, BaseModel):
        return next(k for k in TEST_KEYS if k in type(value).model_fields)
    if isinstance(value, dict):
        return next((k for k in TEST_KEYS if k in value), None)
    return None


Test = Annotated[
    Annotated[Choice, Tag("choice")]
    | Annotated[Scale, Tag("scale")]
    | Annotated[Picked, Tag("picked")]
    | Annotated[TraitRef, Tag("trait")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[AllOf, Tag("all")],
    Discriminator(
        _test_tag,
        custom_error_type="test",
        custom_error_message="a test needs one of the keys " + ", ".join(TEST_KEYS),
    ),
]
AnyOf.model_rebuild()
AllOf.model_rebuild()


class ByAnswer(Record):
    """A different test for each answer to one question; any other answer gives unknown."""

    question: str
    cases: dict[str, Test] = Field(min_length=1)

    _coerce = field_validator("cases", mode="before")(
        lambda v: {_state(k): t for k, t in v.items()} if isinstance(v, dict) else v
    )


def _one_answer(value: Any) -> Any:
    if isinstance(value, dict):
        return {q: _state(a) for q, a in value.items()}
    return value


Guard = Annotated[dict[str, str], Field(min_length=1, max_length=1)]


class TraitRecord(Record):
    name: str = Field(pattern=SNAKE)
    label: str = Field("", description="plain words; a Python trait takes its label from its registration")
    scope: str = "firm"
    logic: Literal["python"] | None = Field(None, description="python: a registered function derives it")
    na_if: Guard | None = Field(None, description="{question: answer} that makes the trait not apply")
    no_if: Guard | None = Field(None, description="{question: answer} that makes the trait no")
    yes_if: Test | None = None
    by_answer: ByAnswer | None = None

    _guards = field_validator("na_if", "no_if", mode="before")(lambda v: _one_answer(v))

    @model_validator(mode="after")
    def _one_test(self) -> TraitRecord:
        if self.logic:
            given = [k for k in ("label", "na_if", "no_if", "yes_if", "by_answer") if getattr(self, k)]
            if given:
                raise ValueError(f"logic: python takes everything from its registration; remove {given}")
        elif (self.yes_if is None) == (self.by_answer is None):
            raise ValueError("give exactly one of yes_if (a test), by_answer, or logic: python")
        elif not self.label:
            raise ValueError("label: say in plain words what the trait means")
        return self


class Restatement(Record):
    """Traits restated for another scope, reading each scope's twin of the questions."""

    scope: str
    questions: dict[str, str] = Field(min_length=1, description="firm question -> the scope's twin")
    traits: tuple[str, ...] = Field(min_length=1)


class TraitsFile(Record):
    traits: tuple[TraitRecord, ...] = ()
    restated: tuple[Restatement, ...] = ()


# ---- rules ----------------------------------------------------------------------------------------
class Citation(Record):
    paper: str = Field(min_length=1, description="a paper id from propositions.yaml")
    section: str = Field(min_length=1)
    case: str = ""
    passage: str = Field("", description="verbatim from the paper")
    basis: Literal["paper", "advisor_practice"] = "paper"


class MoveRecord(Record):
    id: str = Field(pattern=SNAKE)
    text: str = Field(min_length=1)
    rationale: str = Field(min_length=1)
    source: Citation


class Condition(Record):
    is_: tuple[str, ...] = Field(alias="is", min_length=1)
    unknown: Literal["tentative"] | None = Field(
        None, description="tentative: an unknown state satisfies the condition, tentatively"
    )

    _coerce = field_validator("is_", mode="before")(lambda v: _states(v))

    def cond(self) -> Cond:
        return Cond(self.is_, (UNKNOWN,) if self.unknown else ())


def _condition(value: Any) -> Any:
    if isinstance(value, dict):
        return value
    return {"is": value}


class Example(Record):
    """A minimal answer set, near the rule's boundary, on which it must fire (or stay silent)."""

    why: str = Field(min_length=1, description="what makes this a near miss or a hit")
    answers: dict[str, Any] = Field(default_factory=dict)
    items: dict[str, list[dict[str, Any]]] = Field(default_factory=dict)
    counterpart: dict[str, Any] | None = None


class Examples(Record):
    """Near misses run as tests (semgrep's ruleid / ok / todoruleid): `todo_*` are known gaps,
    answer sets on which the rule should fire (or stay silent) but does not yet; `why` says why."""

    fires: tuple[Example, ...] = ()
    silent: tuple[Example, ...] = ()
    todo_fires: tuple[Example, ...] = ()
    todo_silent: tuple[Example, ...] = ()


class RuleRecord(Record):
    id: str = Field(pattern=RULE_ID)
    name: str = Field(pattern=SNAKE, description="names the condition detected, not the advice")
    title: str = Field(min_length=1)
    kind: Kind
    severity: Severity
    proposition: str = Field(min_length=1)
    framework: str = Field(min_length=1)
    citation: Citation
    scope: str = "firm"
    also_for: tuple[str, ...] = ()
    when: dict[str, Condition] = Field(default_factory=dict)
    requires: tuple[str, ...] = Field((), description="conclusions of other rules that must exist")
    requires_absent: tuple[str, ...] = Field((), description="conclusions that must not exist")
    concludes: tuple[str, ...] = ()
    summary: str = Field(min_length=1)
    moves: tuple[MoveRecord, ...] = ()
    details: str | None = Field(None, description="a registered Python function adding details")
    details_args: dict[str, Any] = Field(default_factory=dict)
    when_it_fires: str = Field(min_length=1)
    why: str = Field(min_length=1)
    known_limits: str = Field(min_length=1)
    fires_for: tuple[str, ...] = ()
    silent_for: tuple[str, ...] = ()
    examples: Examples = Examples()

    _conditions = field_validator("when", mode="before")(
        lambda v: {k: _condition(c) for k, c in v.items()} if isinstance(v, dict) else v
    )

    @model_validator(mode="after")
    def _consistent(self) -> RuleRecord:
        if not self.when and not self.requires:
            raise ValueError("when: name at least one trait condition")
        if self.citation.basis == "paper" and not self.citation.passage:
            raise ValueError("citation.passage: quote the paper verbatim (or set basis: advisor_practice)")
        keys = [m.id for m in self.moves]
        if len(keys) != len(set(keys)):
            raise ValueError(f"moves: each move needs its own id; repeated {sorted(set(keys))}")
        return self


# ---- Python functions the records name ------------------------------------------------------------
TraitFn = Callable[..., str]  # (answers, thresholds) -> state
DetailsFn = Callable[..., dict[str, Any] | None]  # (traits, answers, **details_args) -> details


@dataclass(frozen=True)
class ComputedTrait:
    name: str
    label: str
    uses: tuple[str, ...]
    fn: TraitFn
    scope: str
    states: tuple[str, ...]


@dataclass
class Registry:
    """The Python a rule base needs: traits with real logic, and functions computing details."""

    traits: list[ComputedTrait] = field(default_factory=list)
    details: dict[str, DetailsFn] = field(default_factory=dict)

    def trait(
        self,
        label: str,
        uses: Iterable[str],
        *,
        scope: str = "firm",
        states: Iterable[str] = (),
        name: str | None = None,
    ) -> Callable[[TraitFn], TraitFn]:
        """Register `fn(answers, thresholds) -> state`; the trait's name defaults to fn.__name__."""

        def wrap(fn: TraitFn) -> TraitFn:
            self.add_trait(name or fn.__name__, label, uses, fn, scope=scope, states=states)
            return fn

        return wrap

    def add_trait(
        self,
        name: str,
        label: str,
        uses: Iterable[str],
        fn: TraitFn,
        *,
        scope: str = "firm",
        states: Iterable[str] = (),
    ) -> None:
        # A trait with states of its own (e.g. aligned / gap / misaligned) is never yes or no.
        extra = tuple(states)
        all_states = (*extra, UNKNOWN, NA) if extra else (YES, NO, UNKNOWN, NA)
        self.traits.append(ComputedTrait(name, label, tuple(uses), fn, scope, all_states))

    def detail(self, fn: DetailsFn) -> DetailsFn:
        """Register `fn(traits, answers, **details_args)`; a rule names it in `details:`."""
        self.details[fn.__name__] = fn
        return fn


# ---- loading -----------------------------------------------------------------------------------------
class Contents(Record):
    """rulebase.yaml: what the rule base is made of."""

    frameworks: dict[str, str] = Field(min_length=1, description="folder -> label a report shows")
    traits: tuple[str, ...] = Field(min_length=1, description="trait files, in the order reports list traits")


@dataclass
class Knowledge:
    frameworks: dict[str, str]
    thresholds: dict[str, Threshold]
    traits: list[Trait]
    rules: list[RuleSpec]
    records: dict[str, RuleRecord]  # rule id -> its record
    trait_records: dict[tuple[str, str], TraitRecord]  # (scope, name) -> its record
    files: dict[str, Path]  # rule id -> its file


class _Problems:
    def __init__(self, root: Path):
        self.root = root
        self.items: list[str] = []

    def add(self, path: Path, what: str, message: str) -> None:
        self.items.append(f"{path.relative_to(self.root).as_posix()}: {what}: {message}")

    def from_validation(self, path: Path, what: str, error: ValidationError) -> None:
        for e in error.errors():
            where = ".".join(str(p) for p in e["loc"] if not str(p).startswith("function-"))
            # Tagged unions add the tag to the location; it repeats the key already named.
            where = re.sub(r"\.(choice|scale|picked|trait|any|all)(?=\.|$)", "", where)
            message = e["msg"].removeprefix("Value error, ")
            if e["type"] == "extra_forbidden":
                message = "unknown field; remove it or check its spelling"
            elif e["type"] == "missing":
                message = "required field is missing"
            self.add(path, what, f"{where or '(record)'}: {message}")


def _read_yaml(path: Path, problems: _Problems) -> Any:
    if not path.is_file():
        problems.add(path, "file", "missing")
        return None
    try:
        return read_yaml(path)
    except yaml.YAMLError as exc:
        problems.add(path, "file", f"not valid YAML ({str(exc).splitlines()[0]})")
        return None


def _thresholds(path: Path, problems: _Problems) -> dict[str, Threshold]:
    data = _read_yaml(path, problems) or {}
    found: dict[str, Threshold] = {}
    for name, entry in data.items():
        if not re.match(SNAKE, str(name)):
            problems.add(path, f"threshold {name}", "name it in snake_case")
            continue
        try:
            found[name] = Threshold.model_validate(entry)
        except ValidationError as exc:
            problems.from_validation(path, f"threshold {name}", exc)
    return found


def fill_thresholds(text: str, thresholds: Mapping[str, Any]) -> str:
    """Replace `{thresholds.name}` in a label or summary with the threshold's value."""
    return THRESHOLD_REF.sub(lambda m: str(thresholds[m.group(1)]), text)


def load_knowledge(
    root: Path, registry: Registry, threshold_values: Mapping[str, int | float] | None = None
) -> Knowledge:
    """Read and check every record under `root`. `threshold_values` overrides thresholds.yaml
    (the mutation check moves one threshold at a time this way)."""
    problems = _Problems(root)
    try:
        contents = Contents.model_validate(_read_yaml(root / "rulebase.yaml", problems))
    except ValidationError as exc:
        problems.from_validation(root / "rulebase.yaml", "contents", exc)
        raise KnowledgeError(problems.items) from None
    thresholds = _thresholds(root / "thresholds.yaml", problems)
    numbers = {n: t.value for n, t in thresholds.items()} | dict(threshold_values or {})
    listed: list[tuple[Path, TraitRecord]] = []
    restatements: list[tuple[Path, Restatement]] = []
    for name in contents.traits:
        _read_traits(root / name, problems, listed, restatements)
    rules: dict[str, tuple[Path, RuleRecord]] = {}
    trait_files = {root / name for name in contents.traits}
    for framework in contents.frameworks:
        for path in sorted((root / framework).glob("*.yaml")):
            if path in trait_files:
                continue
            if re.match(RULE_ID, path.stem):
                _read_rule(path, framework, problems, rules)
            else:
                problems.add(
                    path,
                    "file",
                    "neither a rule (named like LK-04.yaml) nor a trait file listed in rulebase.yaml",
                )
    records = _unique_traits(listed, problems)
    traits = _build_traits(records, restatements, registry, numbers, problems)
    specs = [
        _build_rule(path, record, registry, numbers, problems)
        for path, record in sorted(rules.values(), key=lambda pr: pr[1].id)
    ]
    if problems.items:
        raise KnowledgeError(problems.items)
    return Knowledge(
        frameworks=contents.frameworks,
        thresholds=thresholds,
        traits=traits,
        rules=specs,
        records={r.id: r for _, r in rules.values()},
        trait_records={k: r for k, (_, r) in records.items()},
        files={r.id: p for p, r in rules.values()},
    )


def _read_traits(
    path: Path,
    problems: _Problems,
    listed: list[tuple[Path, TraitRecord]],
    restatements: list[tuple[Path, Restatement]],
) -> None:
    data = _read_yaml(path, problems)
    if data is None:
        return
    if not isinstance(data, dict) or not set(data) <= {"traits", "restated"}:
        problems.add(path, "file", "a trait file has `traits:` (a list) and optionally `restated:`")
        return
    for index, entry in enumerate(data.get("traits") or []):
        what = f"trait {entry.get('name', index) if isinstance(entry, dict) else index}"
        try:
            listed.append((path, TraitRecord.model_validate(entry)))
        except ValidationError as exc:
            problems.from_validation(path, what, exc)
    try:
        parsed = TraitsFile.model_validate({"restated": data.get("restated") or []})
    except ValidationError as exc:
        problems.from_validation(path, "restated", exc)
        return
    restatements += [(path, r) for r in parsed.restated]


def _unique_traits(
    listed: list[tuple[Path, TraitRecord]], problems: _Problems
) -> dict[tuple[str, str], tuple[Path, TraitRecord]]:
    found: dict[tuple[str, str], tuple[Path, TraitRecord]] = {}
    for path, record in listed:
        key = (record.scope, record.name)
        if key in found:
            problems.add(
                path, f"trait {record.name}", f"defined twice (also in {found[key][0].name}); keep one"
            )
        found[key] = (path, record)
    return found


def _read_rule(
    path: Path, framework: str, problems: _Problems, found: dict[str, tuple[Path, RuleRecord]]
) -> None:
    data = _read_yaml(path, problems)
    what = f"rule {data.get('id', path.stem) if isinstance(data, dict) else path.stem}"
    try:
        record = RuleRecord.model_validate(data)
    except ValidationError as exc:
        problems.from_validation(path, what, exc)
        return
    if path.stem != record.id:
        problems.add(path, what, f"the file must be named after the rule: {record.id}.yaml")
    if record.framework != framework:
        problems.add(path, what, f"framework is {record.framework!r} but the file is in {framework}/")
    if record.id in found:
        problems.add(path, what, f"id used twice (also {found[record.id][0].name}); give it a new id")
    found[record.id] = (path, record)


# ---- records -> kit objects ----------------------------------------------------------------------------
def _build_traits(
    records: dict[tuple[str, str], tuple[Path, TraitRecord]],
    restatements: list[tuple[Path, Restatement]],
    registry: Registry,
    numbers: Mapping[str, int | float],
    problems: _Problems,
) -> list[Trait]:
    computed = {(c.scope, c.name): c for c in registry.traits}
    t = SimpleNamespace(**numbers)
    built: dict[tuple[str, str], Trait] = {}
    for key, (path, record) in records.items():
        if record.logic:
            c = computed.pop(key, None)
            if c is None:
                problems.add(
                    path,
                    f"trait {record.name}",
                    "logic: python, but no Python function is registered under this name and scope",
                )
                continue
            unknown = sorted(set(THRESHOLD_REF.findall(c.label)) - set(numbers))
            if unknown:
                problems.add(path, f"trait {record.name}", f"its label names unknown thresholds {unknown}")
                continue
            label = fill_thresholds(c.label, numbers)
            named = tuple(dict.fromkeys(THRESHOLD_REF.findall(c.label)))
            built[key] = Trait(c.name, label, c.uses, _bind(c.fn, t), c.scope, c.states, named)
            continue
        compiler = _Compiler(path, record, records, numbers, problems)
        derive, label = compiler.derive(), compiler.label()
        if derive is not None and label is not None:
            named = _thresholds_named(record, records)
            built[key] = Trait(record.name, label, compiler.uses(), derive, record.scope, thresholds=named)
    for scope, name in computed:
        problems.items.append(
            f"trait {name} ({scope}) is registered in Python but listed in no trait file; "
            f"add `- {{name: {name}, logic: python}}` to one"
        )
    for path, r in restatements:
        for name in r.traits:
            base = built.get(("firm", name))
            if base is None:
                problems.add(path, f"restated for {r.scope}", f"no firm trait named {name!r}")
                continue
            built[(r.scope, name)] = _restate(base, r.scope, r.questions)
    return list(built.values())


def _thresholds_named(
    record: TraitRecord,
    records: Mapping[tuple[str, str], tuple[Path, TraitRecord]],
    seen: tuple[str, ...] = (),
) -> tuple[str, ...]:
    """The thresholds a trait record compares with: its scale tests', its label's, and those of
    the traits it reads."""
    found: list[str] = list(THRESHOLD_REF.findall(record.label))
    pending: list[Any] = [record.model_dump(by_alias=True, exclude_none=True)]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            if "scale" in node:
                found += [node[k] for k in ("at_least", "at_most", "above", "below") if node.get(k)]
            other = records.get((record.scope, node.get("trait", "")))
            if other and other[1].name not in seen:
                found += _thresholds_named(other[1], records, (*seen, record.name))
            pending += list(node.values())
        elif isinstance(node, list | tuple):
            pending += list(node)
    return tuple(dict.fromkeys(found))


def _bind(fn: TraitFn, t: SimpleNamespace) -> Callable[[Answers], str]:
    return lambda a: fn(a, t)


class _Renamed(Answers):
    """Answers read through a renaming, so one trait serves a scope whose questions are twins."""

    def __init__(self, inner: Answers, renames: Mapping[str, str]):
        self._inner, self._renames = inner, renames

    def raw(self, qid: str) -> Any:
        return self._inner.raw(self._renames.get(qid, qid))

    def items(self, section: str) -> list[Answers]:
        return self._inner.items(section)

    def firm_get(self, qid: str) -> Any:
        return self._inner.firm_get(self._renames.get(qid, qid))

    def item_get(self, qid: str) -> Any:
        return self._inner.item_get(self._renames.get(qid, qid))


def _restate(base: Trait, scope: str, renames: Mapping[str, str]) -> Trait:
    renames = dict(renames)
    return Trait(
        name=base.name,
        label=base.label,
        uses=tuple(renames.get(q, q) for q in base.uses),
        derive=lambda a: base.derive(_Renamed(a, renames)),
        scope=scope,
        states=base.states,
        thresholds=base.thresholds,
    )


def _yes_if(condition: bool | None) -> str:
    if condition is None:
        return UNKNOWN
    return YES if condition else NO


def _any(states: list[str]) -> str:
    if YES in states:
        return YES
    return NO if all(s in (NO, NA) for s in states) else UNKNOWN


def _all(states: list[str]) -> str:
    if NO in states or NA in states:
        return NO
    return YES if all(s == YES for s in states) else UNKNOWN


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "at_least": lambda v, t: v >= t,
    "at_most": lambda v, t: v <= t,
    "above": lambda v, t: v > t,
    "below": lambda v, t: v < t,
}


class _Compiler:
    """Turns one trait record into a derive function, its questions and its label."""

    def __init__(
        self,
        path: Path,
        record: TraitRecord,
        records: Mapping[tuple[str, str], tuple[Path, TraitRecord]],
        numbers: Mapping[str, int | float],
        problems: _Problems,
    ):
        self.path, self.record, self.records = path, record, records
        self.numbers, self.problems = numbers, problems
        self.what = f"trait {record.name}"
        self.ok = True

    def _fail(self, message: str) -> None:
        self.problems.add(self.path, self.what, message)
        self.ok = False

    def label(self) -> str | None:
        unknown = sorted(set(THRESHOLD_REF.findall(self.record.label)) - set(self.numbers))
        if unknown:
            self._fail(f"label: unknown thresholds {unknown}; define them in thresholds.yaml")
            return None
        return fill_thresholds(self.record.label, self.numbers)

    def uses(self, record: TraitRecord | None = None, seen: tuple[str, ...] = ()) -> tuple[str, ...]:
        record = record or self.record
        out: list[str] = []
        for guard in (record.na_if, record.no_if):
            out += list(guard or {})
        tests: list[Any] = []
        if record.by_answer:
            out.append(record.by_answer.question)
            tests += record.by_answer.cases.values()
        if record.yes_if:
            tests.append(record.yes_if)
        while tests:
            test = tests.pop(0)
            if isinstance(test, AnyOf | AllOf):
                tests[:0] = list(test.any if isinstance(test, AnyOf) else test.all)
            elif isinstance(test, TraitRef):
                other = self.records.get((record.scope, test.trait))
                if other and test.trait not in seen:
                    out += self.uses(other[1], (*seen, record.name))
            else:
                out.append(getattr(test, _test_tag(test)))
        return tuple(dict.fromkeys(out))

    def derive(self) -> Callable[[Answers], str] | None:
        fn = self._record(self.record, (self.record.name,))
        return fn if self.ok else None

    def _record(self, record: TraitRecord, chain: tuple[str, ...]) -> Callable[[Answers], str]:
        if record.by_answer:
            question = record.by_answer.question
            cases = {a: self._test(t, chain) for a, t in record.by_answer.cases.items()}

            def body(a: Answers) -> str:
                case = cases.get(a.get(question))
                return case(a) if case else UNKNOWN

        else:
            body = self._test(record.yes_if, chain)
        guards = [(q, v, NA) for q, v in (record.na_if or {}).items()]
        guards += [(q, v, NO) for q, v in (record.no_if or {}).items()]
        if not guards:
            return body

        def guarded(a: Answers) -> str:
            for question, answer, state in guards:
                if a.get(question) == answer:
                    return state
            return body(a)

        return guarded

    def _threshold(self, name: str) -> int | float:
        if name not in self.numbers:
            self._fail(f"unknown threshold {name!r}; define it in thresholds.yaml")
            return 0
        return self.numbers[name]

    def _test(self, test: Any, chain: tuple[str, ...]) -> Callable[[Answers], str]:
        if isinstance(test, Choice):
            q, allowed = test.choice, set(test.in_)
            return lambda a: _yes_if(None if a.get(q) is None else a.get(q) in allowed)
        if isinstance(test, Scale):
            q = test.scale
            checks = [(_COMPARE[k], self._threshold(v)) for k, v in test.bounds().items()]
            return lambda a: _yes_if(None if a.get(q) is None else all(c(a.get(q), t) for c, t in checks))
        if isinstance(test, Picked):
            q = test.picked
            if test.any_of:
                wanted = set(test.any_of)
                return lambda a: _yes_if(None if a.get(q) is None else bool(wanted & set(a.get(q))))
            needed = set(test.not_all_of)
            return lambda a: _yes_if(None if a.get(q) is None else not needed <= set(a.get(q)))
        if isinstance(test, TraitRef):
            other = self.records.get((self.record.scope, test.trait))
            if other is None:
                self._fail(
                    f"reads trait {test.trait!r}, which has no YAML record in scope {self.record.scope}"
                )
                return lambda a: UNKNOWN
            if test.trait in chain:
                self._fail(f"trait {test.trait} reads itself through {' -> '.join(chain)}")
                return lambda a: UNKNOWN
            return self._record(other[1], (*chain, test.trait))
        parts = [self._test(t, chain) for t in (test.any if isinstance(test, AnyOf) else test.all)]
        combine = _any if isinstance(test, AnyOf) else _all
        return lambda a: combine([p(a) for p in parts])


def _build_rule(
    path: Path,
    record: RuleRecord,
    registry: Registry,
    numbers: Mapping[str, int | float],
    problems: _Problems,
) -> RuleSpec:
    what = f"rule {record.id}"
    details = None
    if record.details:
        fn = registry.details.get(record.details)
        if fn is None:
            problems.add(path, what, f"details: no registered function {record.details!r}")
        else:
            details = _details(fn, record.details_args)
    texts = (record.summary, record.when_it_fires, record.why, record.known_limits)
    unknown = sorted({n for text in texts for n in THRESHOLD_REF.findall(text)} - set(numbers))
    if unknown:
        problems.add(path, what, f"names unknown thresholds {unknown}; define them in thresholds.yaml")
        numbers = {**numbers, **dict.fromkeys(unknown, "?")}
    when: dict[str, Cond] = {name: c.cond() for name, c in record.when.items()}
    when |= {f"@{name}": Cond(("present",)) for name in record.requires}
    when |= {f"@{name}": Cond((), ()) for name in record.requires_absent}
    return RuleSpec(
        id=record.id,
        name=record.name,
        title=record.title,
        kind=record.kind,
        severity=record.severity,
        proposition=record.proposition,
        framework=record.framework,
        when=when,
        summary=fill_thresholds(record.summary, numbers),
        moves=tuple(
            Move(f"{record.id}.{m.id}", m.text, m.rationale, _citation(m.source)) for m in record.moves
        ),
        doc=rule_doc(record, numbers),
        scope=record.scope,
        also_for=record.also_for,
        concludes=record.concludes,
        basis="advisor_practice" if record.citation.basis == "advisor_practice" else "",
        details=details,
        fires_for=record.fires_for,
        silent_for=record.silent_for,
        citation=_citation(record.citation),
        source=str(path),
        examples=_examples(record.examples),
    )


def _examples(examples: Examples) -> tuple[RuleExample, ...]:
    groups = (
        ("fires", False, examples.fires),
        ("silent", False, examples.silent),
        ("fires", True, examples.todo_fires),
        ("silent", True, examples.todo_silent),
    )
    return tuple(
        RuleExample(expect, " ".join(e.why.split()), e.answers, e.items, e.counterpart, gap)
        for expect, gap, listed in groups
        for e in listed
    )


def _citation(c: Citation) -> KitCitation:
    basis = "advisor_practice" if c.basis == "advisor_practice" else ""
    return KitCitation(c.paper, c.section, " ".join(c.passage.split()), c.case, basis)


def _details(fn: DetailsFn, args: Mapping[str, Any]) -> Callable[[Mapping[str, str], Answers], Any]:
    return lambda traits, answers: fn(traits, answers, **args)


def rule_doc(record: RuleRecord, numbers: Mapping[str, Any]) -> str:
    """The rule's prose under its fixed headings, as the teaching and CLI views show it."""
    parts = zip(DOC_HEADINGS, (record.when_it_fires, record.why, record.known_limits), strict=True)
    return "\n".join(
        f"{heading} {fill_thresholds(' '.join(text.split()), numbers)}" for heading, text in parts
    )


# ---- scaffolding -------------------------------------------------------------------------------------
RULE_TEMPLATE = """\
# {rule_id}: a new rule. Replace every TODO; the rule base refuses to load while one is left.
id: {rule_id}
name: TODO_condition_name  # names the condition detected (snake_case), not the advice
title: TODO the finding's title, in the founder's words
kind: TODO  # problem | strength | insight | derivation
severity: TODO  # high | medium | low | info
proposition: {proposition}
framework: {framework}
citation:
  paper: {paper}
  section: {section}
  case: ""  # optional: the case firm or relationship the passage is about
  passage: >-
    TODO the sentence this rule encodes, quoted verbatim from the paper
  # basis: advisor_practice  (instead of a passage, when the papers give no ground)
# scope: firm  (or a repeated section such as collaborations); also_for: [business_models]
when:  # trait: state, or [states], or {{is: state, unknown: tentative}}
  TODO_trait: "yes"
# requires_absent: [a conclusion of another rule]     concludes: [a conclusion others read]
summary: >-
  TODO what the founder reads, in plain words (no rule ids); {{item}} names the collaboration
moves:
  - id: TODO_move_key
    text: TODO one concrete step the founder can take
    rationale: TODO why, grounded in the paper
    source:
      paper: {paper}
      section: {section}
      passage: ""  # optional: the words of the paper the move rests on, verbatim
# details: a function registered in the rule base's Python, when the finding shows more
when_it_fires: >-
  TODO the condition in plain words (a number is written {{thresholds.<name>}})
why: >-
  TODO the source: authors, year, section, and what the paper says
known_limits: >-
  TODO where the rule can be wrong
fires_for: []  # teaching cases in examples/ where it must fire
silent_for: []  # cases where it must stay silent, with its questions answered
examples:  # minimal answer sets, when no teaching case fits: each needs `why` and `answers`
  fires: []
  silent: []
"""


def scaffold_rule(rule_id: str, *, paper: str, proposition: str, framework: str, section: str) -> str:
    """A rule record with every field, its placeholders marked TODO (refused by the loader)."""
    if not re.match(RULE_ID, rule_id):
        raise ValueError(f"rule id {rule_id!r} must look like LK-04: a two-letter family and two digits")
    text = RULE_TEMPLATE.format(
        rule_id=rule_id,
        paper=paper,
        proposition=proposition,
        framework=framework,
        section=json.dumps(section, ensure_ascii=False),
    )
    return text
