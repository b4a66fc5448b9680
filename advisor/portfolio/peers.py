"""How common each of a firm's findings is among comparable firms: a benchmark of diagnoses.

A firm's profile is a few facts by which firms are grouped (stage, size band, sector); which facts,
read from which answers, in which bands, is knowledge and lives in the rule base (peers.yaml).
A firm is compared with the *other* firms sharing its whole profile; when fewer than
MIN_COMPARABLE share it, the last dimension is let go, and so on down to the whole portfolio, and
the comparison says which set it used. Below MIN_COMPARABLE firms no figure is shown at all.

What leaves this module is counts: n, how many comparable firms show each finding, and the asking
firm's own profile values that describe the set. No other firm's id, name or answers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from advisor.core.assessment import Assessment, AssessmentError, Problem
from advisor.core.bank import SPECIAL_VALUES, QuestionBank
from advisor.portfolio.index import FirmEntry

# Fewer comparable firms than this and no share is shown: small groups would let a reader guess
# who is behind a figure. ODI's Open Data Pathway uses the same threshold for its peer heat map
# (HEATMAP_THRESHOLD, "recommended to be 5 in production").
MIN_COMPARABLE = 5
PEERS_FILE = "peers.yaml"


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Band(_Spec):
    below: float | None = None  # upper bound, exclusive; None for the last band
    label: str


class Dimension(_Spec):
    """One fact firms are grouped by: an answer (a choice's label, or a number's band) or a field
    of the assessment file itself (e.g. sector, which an advisor's spreadsheet carries)."""

    name: str
    question: str = ""
    field: str = ""
    bands: list[Band] = Field(default_factory=list)


class PeerSpec(_Spec):
    dimensions: list[Dimension] = Field(default_factory=list)


def load_spec(rules_dir: Path, bank: QuestionBank) -> PeerSpec:
    """The rule base's peers.yaml, checked against its bank; none means no profile dimensions."""
    path = rules_dir / PEERS_FILE
    if not path.is_file():
        return PeerSpec()
    try:
        spec = PeerSpec.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (ValidationError, yaml.YAMLError) as exc:
        raise AssessmentError(str(path), [Problem(str(path), f"cannot be read: {exc}")]) from None
    problems = [
        Problem(str(path), f"dimension {d.name}: no question {d.question!r} in the question bank")
        for d in spec.dimensions
        if d.question and d.question not in bank.by_id
    ]
    if problems:
        raise AssessmentError(str(path), problems)
    return spec


def _band(bands: Sequence[Band], value: float) -> str:
    for band in bands:
        if band.below is None or value < band.below:
            return band.label
    return ""


def profile(spec: PeerSpec, bank: QuestionBank, assessment: Assessment) -> dict[str, str]:
    """The firm's value for each dimension it has an answer for (unknown ones are left out)."""
    out: dict[str, str] = {}
    for d in spec.dimensions:
        if d.field:
            value = getattr(assessment, d.field, None)
            if isinstance(value, str) and value.strip():
                out[d.name] = value.strip()
            continue
        answer = assessment.answers.get(d.question)
        if answer is None or answer.value in SPECIAL_VALUES:
            continue
        if d.bands and isinstance(answer.value, int | float):
            label = _band(d.bands, float(answer.value))
        else:
            question = bank.by_id[d.question]
            label = next((o.label for o in question.choices if o.value == answer.value), str(answer.value))
        if label:
            out[d.name] = label
    return out


# ---------------------------------------------------------------- comparing


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FindingShare(Model):
    rule_id: str
    title: str
    firms_with: int  # comparable firms showing this finding (any subject, any severity)
    n: int

    @property
    def percent(self) -> int:
        return round(100 * self.firms_with / self.n)


class Comparison(Model):
    """One firm's findings against a comparison set; `shares` is empty when suppressed."""

    n: int  # comparable assessments (the firm's own never count)
    firms: int  # distinct comparable firms: suppressed below MIN_COMPARABLE
    matched: dict[str, str]  # the dimensions the set shares with the firm, with the firm's values
    described: str
    shares: list[FindingShare] = Field(default_factory=list)
    suppressed: str = ""  # why no figure is shown, when it is not


@dataclass
class _Group:
    n: int = 0  # assessments
    firms: Counter[str] = field(default_factory=Counter)  # assessments per firm id
    rules: Counter[str] = field(default_factory=Counter)  # assessments showing each finding


@dataclass(frozen=True)
class _Own:
    """What a comparison needs of one of a firm's own assessments: the groups it falls in and the
    findings it shows (not the whole index entry: a pool of 100,000 firms is held in memory)."""

    profile: dict[str, str]
    rules: frozenset[str]


@dataclass
class PeerPool:
    """Counts of findings per group of firms sharing (part of) a profile, built in one pass.

    Each assessment counts once: a pool of several rounds holds each firm at each date, and a firm
    is never compared with its own assessments."""

    dimensions: list[str]
    label: str = "this portfolio"
    groups: dict[tuple[tuple[str, str], ...], _Group] = field(default_factory=dict)
    by_firm: dict[str, list[_Own]] = field(default_factory=dict)

    def add(self, entry: FirmEntry) -> None:
        rules = frozenset(f.rule_id for f in entry.findings)
        self.by_firm.setdefault(entry.firm_id, []).append(_Own(dict(entry.profile), rules))
        for key in self._keys(entry.profile):
            group = self.groups.setdefault(key, _Group())
            group.n += 1
            group.firms[entry.firm_id] += 1
            group.rules.update(rules)

    def _keys(self, values: dict[str, str]) -> list[tuple[tuple[str, str], ...]]:
        """The groups a profile falls in: its whole known profile, then one dimension fewer from
        the end each time, down to the whole pool (the empty key)."""
        known = [(d, values[d]) for d in self.dimensions if d in values]
        return [tuple(known[:k]) for k in range(len(known), -1, -1)]

    def compare(self, entry: FirmEntry) -> Comparison:
        own = self.by_firm.get(entry.firm_id, [])
        wanted = {f.rule_id: f.title for f in entry.findings}
        for key in self._keys(entry.profile):
            group = self.groups.get(key, _Group())
            mine = [e for e in own if key in self._keys(e.profile)]
            firms = len(group.firms) - (entry.firm_id in group.firms)
            if firms < MIN_COMPARABLE:
                continue
            n = group.n - len(mine)
            counts = group.rules.copy()
            for e in mine:
                counts.subtract(e.rules)
            shares = [
                FindingShare(rule_id=rule_id, title=title, firms_with=counts[rule_id], n=n)
                for rule_id, title in wanted.items()
            ]
            matched = dict(key)
            described = self._describe(n, firms, matched)
            return Comparison(n=n, firms=firms, matched=matched, described=described, shares=shares)
        others = len(self.by_firm) - (entry.firm_id in self.by_firm)
        why = (
            f"only {others} other firm(s) in {self.label}; shares are shown from "
            f"{MIN_COMPARABLE} comparable firms, so that no firm can be recognised"
        )
        return Comparison(n=0, firms=others, matched={}, described=why, suppressed=why)

    def _describe(self, n: int, firms: int, matched: dict[str, str]) -> str:
        counted = f"{n} assessments of {firms} other firms" if n != firms else f"{n} other firms"
        if not matched:
            return f"all {counted} in {self.label} (too few share this firm's profile)"
        shared = ", ".join(f"{name} ({value})" for name, value in matched.items())
        left = [d for d in self.dimensions if d not in matched]
        tail = f"; not by {', '.join(left)} (unknown, or too few firms)" if left else ""
        return f"{counted} in {self.label} with the same {shared}{tail}"


def pool_of(
    entries: Iterable[FirmEntry], dimensions: Sequence[str], label: str = "this portfolio"
) -> PeerPool:
    """A pool of assessments, each firm at each date once (pooled rounds may repeat a file)."""
    pool = PeerPool(list(dimensions), label)
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        key = (entry.firm_id, entry.assessment_date.isoformat())
        if key not in seen:
            seen.add(key)
            pool.add(entry)
    return pool
