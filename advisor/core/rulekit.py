"""What a rule base is made of: traits, rules, moves and tensions, all kept as readable data.

The kit is domain-blind. A rule base (the `rules/` package) keeps its knowledge as YAML records,
which `advisor.core.records` checks and turns into these objects:
- traits: the interpretation layer, turning answers into a small vocabulary of states and owning
  every threshold;
- rules: conditions on traits (and on conclusions of other rules), with an ID, title, proposition,
  severity, moves, prose under fixed headings and the cases where they fire and stay silent;
- tensions: pairs of moves that pull against each other.
Because conditions are data, the same declaration drives the experta engine, the explanation of a
finding, the "questions that would sharpen this report" and the rule-base lint.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any

from advisor.core.bank import DONT_KNOW, NOT_APPLICABLE

YES = "yes"
NO = "no"
UNKNOWN = "unknown"
NA = "na"

# The fixed headings of a rule's prose (its record's when_it_fires, why and known_limits).
DOC_HEADINGS = ("When it fires:", "Why (source):", "Known limits:")


class Kind(StrEnum):
    PROBLEM = "problem"
    STRENGTH = "strength"
    INSIGHT = "insight"
    DERIVATION = "derivation"  # an intermediate conclusion other rules read; not reported


class Severity(StrEnum):
    """How pressing a finding is. The declaration order, most pressing first, is the one order
    every report, list, heat map and comparison sorts by (`severity_rank`, `SEVERITIES`)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"


SEVERITIES: tuple[str, ...] = tuple(s.value for s in Severity)  # most pressing first
_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def severity_rank(severity: str) -> int:
    """0 for the most pressing severity; takes a Severity or its value ("high", ...)."""
    return _SEVERITY_RANK[severity]


# What counts as no answer to read (a tuple, not a set: multiple-choice answers are lists).
_NO_ANSWER = (None, DONT_KNOW, NOT_APPLICABLE)


class Answers:
    """Read-only view of the answers a trait may look at (firm-level, plus one item's if any)."""

    def __init__(
        self,
        firm: Mapping[str, Any],
        item: Mapping[str, Any] | None = None,
        groups: Mapping[str, list[Mapping[str, Any]]] | None = None,
    ):
        self._firm = firm
        self._item = item or {}
        self._groups = groups or {}

    def items(self, section: str) -> list[Answers]:
        """One view per entry of a repeated section (for traits about the whole set)."""
        return [Answers(self._firm, values) for values in self._groups.get(section, [])]

    def raw(self, qid: str) -> Any:
        return self._item[qid] if qid in self._item else self._firm.get(qid)

    def known(self, qid: str) -> bool:
        return self.raw(qid) not in _NO_ANSWER

    def not_applicable(self, qid: str) -> bool:
        return self.raw(qid) == NOT_APPLICABLE

    def get(self, qid: str) -> Any:
        """The answer, or None when it is missing, "don't know" or "not applicable"."""
        value = self.raw(qid)
        return None if value in _NO_ANSWER else value

    def firm_get(self, qid: str) -> Any:
        """The firm's own answer only (for traits that compare it with an item's answer)."""
        value = self._firm.get(qid)
        return None if value in _NO_ANSWER else value

    def item_get(self, qid: str) -> Any:
        """The item's answer only (e.g. the counterpart's view of the same question)."""
        value = self._item.get(qid)
        return None if value in _NO_ANSWER else value


@dataclass(frozen=True)
class Trait:
    """One derived fact about a firm (or an item such as a collaboration) with plain words."""

    name: str
    label: str
    uses: tuple[str, ...]
    derive: Callable[[Answers], str]
    scope: str = "firm"
    states: tuple[str, ...] = (YES, NO, UNKNOWN, NA)
    thresholds: tuple[str, ...] = ()  # the named thresholds it compares answers with


@dataclass(frozen=True)
class Cond:
    """Which states of a trait satisfy a rule; `tentative` states satisfy it only tentatively."""

    accepts: tuple[str, ...]
    tentative: tuple[str, ...] = ()

    @property
    def all_states(self) -> tuple[str, ...]:
        return self.accepts + self.tentative


def is_(*states: str) -> Cond:
    return Cond(tuple(states))


def maybe(*states: str) -> Cond:
    """Satisfied by the states, or tentatively when the answer is missing or "don't know"."""
    return Cond(tuple(states) or (YES,), (UNKNOWN,))


ABSENT = Cond((), ())  # for conclusions only: no rule has concluded it


@dataclass(frozen=True)
class Move:
    id: str
    text: str
    rationale: str
    source: Citation | None = None  # where the grounding comes from


@dataclass(frozen=True)
class RuleExample:
    """A minimal answer set on which a rule must fire (or stay silent), with why; a known gap is
    one on which it should but does not yet."""

    expect: str  # "fires" or "silent"
    why: str
    answers: Mapping[str, Any] = field(default_factory=dict)
    items: Mapping[str, list[Mapping[str, Any]]] = field(default_factory=dict)
    counterpart: Mapping[str, Any] | None = None
    known_gap: bool = False


@dataclass(frozen=True)
class Citation:
    """Where a claim is made: the paper, its section (and case), and the passage, verbatim."""

    paper: str
    section: str
    passage: str = ""
    case: str = ""
    basis: str = ""  # "advisor_practice" when the claim is the advisor's and the paper only context


@dataclass(frozen=True)
class RuleSpec:
    id: str
    name: str
    title: str
    kind: Kind
    severity: Severity
    proposition: str
    framework: str
    when: Mapping[str, Cond]
    summary: str
    moves: tuple[Move, ...]
    doc: str
    scope: str = "firm"
    also_for: tuple[str, ...] = ()  # further scopes with the same traits (e.g. each business model)
    concludes: tuple[str, ...] = ()
    # The evidence behind the claim when it is not its proposition's ("advisor_practice").
    basis: str = ""
    # Called when the rule fires; returns details for the finding, or None (docstring-only body).
    details: Callable[[Mapping[str, str], Answers], dict[str, Any] | None] | None = None
    # Teaching cases (examples/) where the rule must fire, and where it must stay silent.
    fires_for: tuple[str, ...] = ()
    silent_for: tuple[str, ...] = ()
    citation: Citation | None = None  # the claim it encodes, with the paper's passage
    examples: tuple[RuleExample, ...] = ()  # near misses on which it fires or stays silent
    source: str = ""  # the file it was read from, relative to the rule base's folder

    @property
    def scopes(self) -> tuple[str, ...]:
        return (self.scope, *self.also_for)

    # Cached: the engine and every report read these per firing; a spec never changes.
    @cached_property
    def trait_conditions(self) -> dict[str, Cond]:
        return {k: c for k, c in self.when.items() if not k.startswith("@")}

    def matches(self, traits: Mapping[str, str]) -> bool:
        """Whether the trait conditions hold: for a rule that reads no conclusions and declares
        none, this is whether it fires (the engine matches the same patterns)."""
        return all(traits[n] in c.all_states for n, c in self.trait_conditions.items())

    @cached_property
    def conclusion_conditions(self) -> dict[str, Cond]:
        """Conditions on other rules' conclusions; written with a leading '@' in `when`."""
        return {k[1:]: c for k, c in self.when.items() if k.startswith("@")}

    def doc_section(self, heading: str) -> str:
        """The text under one of the fixed prose headings."""
        lines = self.doc.splitlines()
        out: list[str] = []
        taking = False
        for line in lines:
            stripped = line.strip()
            if stripped in DOC_HEADINGS or any(stripped.startswith(h) for h in DOC_HEADINGS):
                taking = stripped.startswith(heading)
                rest = stripped[len(heading) :].strip() if taking else ""
                if rest:
                    out.append(rest)
                continue
            if taking and stripped:
                out.append(stripped)
        return " ".join(out)


@dataclass(frozen=True)
class Tension:
    moves: tuple[str, str]
    explanation: str


@dataclass(frozen=True)
class Proposition:
    """A proposition or major finding of a paper, and how far the rule base encodes it."""

    id: str
    paper: str
    section: str
    paraphrase: str
    encodable: bool  # some of it is encoded (status "encoded" or "partly")
    reason: str = ""
    status: str = "encoded"  # encoded | partly | not_encodable
    basis: str = "case_evidence"  # case_evidence | conceptual | research_agenda (see certainty)
    rules: tuple[str, ...] = ()  # rules that encode part of it while citing another entry


@dataclass(frozen=True)
class Paper:
    id: str
    citation: str
    short: str


@dataclass
class RuleBaseParts:
    """Everything a rule base hands to the engine wrapper."""

    version: str
    traits: list[Trait]
    rules: list[RuleSpec]
    tensions: list[Tension]
    propositions: list[Proposition]
    papers: list[Paper]
    frameworks: dict[str, str] = field(default_factory=dict)
    thresholds: dict[str, ThresholdNote] = field(default_factory=dict)


@dataclass(frozen=True)
class ThresholdNote:
    """A named threshold as a reader sees it: value, unit, and why that value."""

    value: int | float
    unit: str
    rationale: str
    passage: str = ""  # the paper's words, when the value comes from a paper
