"""Comparisons the report page shows, computed without Streamlit."""

from __future__ import annotations

from dataclasses import dataclass

from advisor.reporting.report import Report


@dataclass(frozen=True)
class FindingChange:
    change: str  # appeared | gone | severity
    title: str
    subject_name: str  # "" for the firm itself
    before: str = ""
    after: str = ""


def compare_findings(before: Report, after: Report) -> list[FindingChange]:
    """Findings that appear, disappear or change severity between two reports of one firm."""
    old = {(f.rule_id, f.subject): f for f in before.findings}
    new = {(f.rule_id, f.subject): f for f in after.findings}
    out = [
        FindingChange("appeared", f.title, f.subject_name, after=f.severity)
        for k, f in new.items()
        if k not in old
    ]
    out += [
        FindingChange("gone", f.title, f.subject_name, before=f.severity)
        for k, f in old.items()
        if k not in new
    ]
    out += [
        FindingChange("severity", f.title, f.subject_name, old[k].severity, f.severity)
        for k, f in new.items()
        if k in old and old[k].severity != f.severity
    ]
    return out
