"""What changed between two rounds of a portfolio (or two rule bases on the same answers).

A firm is identified by its firm_id; each side carries its assessment date. A finding is
identified by rule id and subject (the firm, or one collaboration / business model), so the same
rule firing for two collaborations is two findings. Per firm the diff lists findings that
appeared, were resolved, or changed severity or confidence.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from advisor.core.assessment import AssessmentError, Problem, read_structured_file, validate_assessment
from advisor.core.findings import Change, diff_findings
from advisor.core.rulebase import RuleBase
from advisor.core.rulekit import severity_rank
from advisor.portfolio.actions import ActionReview, review_lines
from advisor.portfolio.index import (
    FindingCell,
    FirmEntry,
    Model,
    entry_from_report,
    iter_entries,
    latest_by_firm,
    read_manifest,
)
from advisor.reporting.markdown import md_escape
from advisor.reporting.report import Report, RuleBaseStamp, build_report

Status = Literal["changed", "unchanged", "new", "gone"]
CHANGE_ORDER = {"appeared": 0, "changed": 1, "resolved": 2}
CHANGE_MARK = {"appeared": "+", "changed": "~", "resolved": "-"}


class FindingChange(Model):
    change: Change
    rule_id: str
    title: str
    framework: str
    subject: str
    old_severity: str = ""
    new_severity: str = ""
    old_confidence: str = ""
    new_confidence: str = ""


class FirmDiff(Model):
    firm_id: str
    firm_name: str
    old_date: dt.date | None
    new_date: dt.date | None
    status: Status
    changes: list[FindingChange]
    note: str = ""


class Side(Model):
    label: str
    rulebase: RuleBaseStamp
    firms: int


class PortfolioDiff(Model):
    old: Side
    new: Side
    firms: list[FirmDiff]

    def count(self, status: Status) -> int:
        return sum(1 for f in self.firms if f.status == status)


def _change(kind: Change, old: FindingCell | None, new: FindingCell | None) -> FindingChange:
    shown = new or old
    assert shown is not None
    return FindingChange(
        change=kind,
        rule_id=shown.rule_id,
        title=shown.title,
        framework=shown.framework,
        subject=shown.subject,
        old_severity=old.severity if old else "",
        new_severity=new.severity if new else "",
        old_confidence=old.confidence if old else "",
        new_confidence=new.confidence if new else "",
    )


def _order(c: FindingChange) -> tuple:
    severity = c.new_severity or c.old_severity
    return (CHANGE_ORDER[c.change], severity_rank(severity), c.rule_id, c.subject)


def compare_firm(old: FirmEntry | None, new: FirmEntry | None) -> FirmDiff:
    """The finding-level difference for one firm; either side may be missing."""
    shown = new or old
    assert shown is not None
    pairs = diff_findings(old.findings if old else [], new.findings if new else [])
    changes = [_change(c.change, c.old, c.new) for c in pairs if c.change != "stayed"]
    status: Status = (
        "new" if old is None else "gone" if new is None else "changed" if changes else "unchanged"
    )
    note = ""
    if old and new and old.assessment_date > new.assessment_date:
        note = "the old side is more recent than the new side; are OLD and NEW the right way round?"
    return FirmDiff(
        firm_id=shown.firm_id,
        firm_name=shown.firm_name,
        old_date=old.assessment_date if old else None,
        new_date=new.assessment_date if new else None,
        status=status,
        changes=sorted(changes, key=_order) if status in ("changed", "unchanged") else [],
        note=note,
    )


def compare(
    old_side: Side, old: Iterable[FirmEntry], new_side: Side, new: Iterable[FirmEntry]
) -> PortfolioDiff:
    """Pair firms by firm_id, each side's latest assessment of it: the new side's firms first,
    then firms no longer present."""
    remaining = latest_by_firm(old)
    firms = [compare_firm(remaining.pop(firm_id, None), e) for firm_id, e in latest_by_firm(new).items()]
    firms += [compare_firm(e, None) for e in remaining.values()]
    return PortfolioDiff(old=old_side, new=new_side, firms=firms)


CHANGE_KINDS = ("appeared", "resolved", "changed")


def change_marks(firm: FirmDiff | None) -> tuple[str, tuple[str, ...]]:
    """What a portfolio view shows of a firm's change ("+2 −1", "new", "–") and which kinds of
    change it had, for filtering ("changed" once anything did, "new", "appeared", ...)."""
    if firm is None:
        return "", ()
    if firm.status == "unchanged":
        return "–", ()
    if firm.status == "new":
        return "new", ("new", "changed")
    if firm.status == "gone":
        return "gone", ()
    kinds = [c.change for c in firm.changes]
    text = " ".join(f"{CHANGE_MARK[k]}{kinds.count(k)}" for k in CHANGE_KINDS if k in kinds)
    return text, ("changed", *(k for k in CHANGE_KINDS if k in kinds))


def has_rounds(entries: Iterable[FirmEntry]) -> bool:
    """Whether any firm was assessed at more than one date in this portfolio."""
    seen: set[str] = set()
    for e in entries:
        if e.firm_id in seen:
            return True
        seen.add(e.firm_id)
    return False


def compare_rounds(side: Side, entries: Iterable[FirmEntry]) -> PortfolioDiff:
    """Within one portfolio holding several rounds: each firm's latest assessment against the one
    before it. Firms assessed once are left out: they have nothing to compare with."""
    by_firm: dict[str, list[FirmEntry]] = {}
    for e in entries:
        by_firm.setdefault(e.firm_id, []).append(e)
    rounds = [sorted(group, key=lambda e: e.assessment_date) for group in by_firm.values()]
    previous = [group[-2] for group in rounds if len(group) > 1]
    latest = [group[-1] for group in rounds if len(group) > 1]
    return compare(
        side.model_copy(update={"label": f"{side.label} (previous round)"}), previous, side, latest
    )


# ---------------------------------------------------------------- reading either side


def load_side(path: Path, rb: RuleBase) -> tuple[Side, list[FirmEntry]]:
    """A batch output directory, a report JSON, or an assessment file (scored with `rb`)."""
    if path.is_dir():
        manifest = read_manifest(path)
        entries = list(iter_entries(path))
        return Side(label=str(path), rulebase=manifest.rulebase, firms=len(entries)), entries
    data = read_structured_file(path)
    if "findings" in data and "rulebase" in data:
        try:
            report = Report.model_validate(data)
        except ValidationError as exc:
            problems = [Problem(str(path), f"looks like a report but cannot be read: {exc}")]
            raise AssessmentError(str(path), problems) from None
    else:
        report = build_report(rb, validate_assessment(data, rb.bank, str(path)))
    return Side(label=str(path), rulebase=report.rulebase, firms=1), [entry_from_report(report)]


def check_same_firm(old: list[FirmEntry], new: list[FirmEntry], old_path: Path, new_path: Path) -> None:
    """Two single files must describe the same firm: a diff of two different firms means nothing."""
    if len(old) == len(new) == 1 and old[0].firm_id != new[0].firm_id:
        msg = (
            f"{old_path} is firm '{old[0].firm_id}' but {new_path} is firm '{new[0].firm_id}'; "
            "a diff compares one firm (same firm_id) at two moments"
        )
        raise AssessmentError(str(new_path), [Problem(str(new_path), msg)])


# ---------------------------------------------------------------- rendering


def _stamp(side: Side) -> str:
    return f"rule base {side.rulebase.version} ({side.rulebase.content_hash[:12]})"


def _headline(d: PortfolioDiff) -> list[str]:
    return [
        f"Old: {d.old.label} · {d.old.firms} firm(s) · {_stamp(d.old)}",
        f"New: {d.new.label} · {d.new.firms} firm(s) · {_stamp(d.new)}",
        f"{d.count('changed')} changed · {d.count('unchanged')} unchanged · {d.count('new')} new · "
        f"{d.count('gone')} no longer present",
    ]


def _what(c: FindingChange) -> str:
    if c.change == "appeared":
        return f"appeared ({c.new_severity}, {c.new_confidence})"
    if c.change == "resolved":
        return f"resolved (was {c.old_severity}, {c.old_confidence})"
    parts = []
    if c.old_severity != c.new_severity:
        parts.append(f"severity {c.old_severity} → {c.new_severity}")
    if c.old_confidence != c.new_confidence:
        parts.append(f"confidence {c.old_confidence} → {c.new_confidence}")
    return ", ".join(parts)


def _dates(f: FirmDiff) -> str:
    return f"{f.old_date or '—'} → {f.new_date or '—'}"


def _subject(c: FindingChange) -> str:
    return "" if c.subject == "firm" else f" [{c.subject.split(':', 1)[1]}]"


def _review_text(reviews: Sequence[ActionReview]) -> list[str]:
    if not reviews:
        return []
    overdue = sum(r.overdue for r in reviews)
    head = f"Actions agreed at the earlier round: {len(reviews)} ({overdue} overdue)"
    return ["", head, *(f"  {line}" for line in review_lines(reviews))]


def to_text(d: PortfolioDiff, show_unchanged: bool = False, reviews: Sequence[ActionReview] = ()) -> str:
    out = _headline(d)
    for f in d.firms:
        if f.status == "unchanged" and not show_unchanged:
            continue
        status = {"new": " · new firm", "gone": " · no longer in the portfolio"}.get(f.status, "")
        out += ["", f"{f.firm_id} ({f.firm_name}) {_dates(f)}{status}"]
        if f.note:
            out.append(f"  note: {f.note}")
        if f.status == "unchanged":
            out.append("  no change in findings")
        for c in f.changes:
            out.append(f"  {CHANGE_MARK[c.change]} {c.rule_id:6} {c.title}{_subject(c)}: {_what(c)}")
    return "\n".join(out + _review_text(reviews)) + "\n"


def to_markdown(d: PortfolioDiff, show_unchanged: bool = False, reviews: Sequence[ActionReview] = ()) -> str:
    out = ["# What changed", "", *[f"- {md_escape(line)}" for line in _headline(d)]]
    for f in d.firms:
        if f.status == "unchanged" and not show_unchanged:
            continue
        status = {"new": " (new firm)", "gone": " (no longer in the portfolio)"}.get(f.status, "")
        out += ["", f"## {md_escape(f.firm_name)} (`{f.firm_id}`){status}", "", f"Assessed {_dates(f)}", ""]
        if f.note:
            out += [f"*Note:* {md_escape(f.note)}", ""]
        if f.status == "unchanged":
            out.append("No change in findings.")
        if f.changes:
            out += ["| | Rule | Finding | Change |", "|---|---|---|---|"]
            for c in f.changes:
                title = md_escape(c.title + _subject(c))
                out.append(f"| {CHANGE_MARK[c.change]} | `{c.rule_id}` | {title} | {md_escape(_what(c))} |")
    if reviews:
        overdue = sum(r.overdue for r in reviews)
        out += ["", f"## Actions agreed at the earlier round ({len(reviews)}, {overdue} overdue)", ""]
        out += [f"- {md_escape(line)}" for line in review_lines(reviews)]
    return "\n".join(out) + "\n"


def to_json(d: PortfolioDiff, reviews: Sequence[ActionReview] = ()) -> str:
    data = d.model_dump(mode="json")
    if reviews:
        data["actions"] = [r.model_dump(mode="json") for r in reviews]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
