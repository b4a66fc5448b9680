"""What the app's portfolio page shows, computed without Streamlit (and tested without it).

A portfolio comes either from a batch output folder (reports read on demand) or from an uploaded
survey export scored in memory, up to MAX_UPLOAD_ROWS firms (more belongs to `bmi-advisor batch`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from advisor.core.assessment import AssessmentError, Problem
from advisor.core.rulebase import RuleBase
from advisor.portfolio.batch import Scorer, without_duplicates
from advisor.portfolio.diff import FirmDiff, PortfolioDiff, Side, compare, compare_rounds, has_rounds
from advisor.portfolio.index import (
    SEVERITIES,
    FindingCell,
    FirmEntry,
    entry_from_report,
    heat_cells,
    iter_entries,
    load_report,
    matches,
    read_manifest,
    report_stem,
)
from advisor.portfolio.inputs import open_input
from advisor.reporting.report import Report, RuleBaseStamp

MAX_UPLOAD_ROWS = 2000
SEVERITY_LETTER = {"high": "H", "medium": "M", "low": "L", "info": "i"}
ROOT_ENV = "BMI_PORTFOLIO_ROOT"  # on a shared server: the only folder tree the page may read


@dataclass
class PortfolioView:
    label: str
    rulebase: RuleBaseStamp
    entries: list[FirmEntry]
    problems: list[Problem] = field(default_factory=list)
    folder: Path | None = None  # batch output folder, when reports are read from disk
    reports: dict[str, Report] = field(default_factory=dict)  # report stem -> report, when scored here

    def report(self, entry: FirmEntry) -> Report:
        if self.folder is not None:
            return load_report(self.folder, entry)
        return self.reports[report_stem(entry.firm_id, entry.assessment_date)]

    @property
    def side(self) -> Side:
        return Side(label=self.label, rulebase=self.rulebase, firms=len(self.entries))


def _check_allowed(folder: Path) -> None:
    root = os.environ.get(ROOT_ENV)
    if root and not folder.resolve().is_relative_to(Path(root).resolve()):
        msg = f"only folders under {root} can be opened here (set by {ROOT_ENV})"
        raise AssessmentError(str(folder), [Problem(str(folder), msg)])


def from_folder(folder: Path) -> PortfolioView:
    _check_allowed(folder)
    manifest = read_manifest(folder)
    return PortfolioView(str(folder), manifest.rulebase, list(iter_entries(folder)), folder=folder)


def from_upload(path: Path, label: str, rb: RuleBase, delimiter: str = ",") -> PortfolioView:
    """Score an uploaded CSV, XLSX or JSONL file here; bad rows become problems, as in a batch."""
    source = open_input(path, rb.bank, delimiter)
    view = PortfolioView(label, RuleBaseStamp(version=rb.version, content_hash=rb.content_hash), [])
    scorer = Scorer(rb, None, source.plan)
    rows = without_duplicates(source.rows, source.plan)
    for row in islice(rows, MAX_UPLOAD_ROWS):
        report, problems = scorer.report(row)
        if report is None:
            view.problems += problems
            continue
        view.entries.append(entry_from_report(report))
        view.reports[report_stem(report.firm_id, report.assessment_date)] = report
    if next(rows, None) is not None:
        msg = f"only the first {MAX_UPLOAD_ROWS} rows were scored here; use `bmi-advisor batch` for more"
        view.problems.append(Problem(label, msg))
    return view


def changes(current: PortfolioView, previous: PortfolioView | None) -> PortfolioDiff | None:
    """Against the previous round given, else between rounds inside the portfolio, if any."""
    if previous is not None:
        return compare(previous.side, previous.entries, current.side, current.entries)
    if has_rounds(current.entries):
        return compare_rounds(current.side, current.entries)
    return None


def change_summary(firm: FirmDiff | None) -> str:
    if firm is None:
        return ""
    if firm.status in ("new", "gone", "unchanged"):
        return {"new": "new", "gone": "gone", "unchanged": "–"}[firm.status]
    kinds = [c.change for c in firm.changes]
    marks = (("appeared", "+"), ("resolved", "−"), ("changed", "~"))
    return " ".join(f"{mark}{kinds.count(k)}" for k, mark in marks if k in kinds)


@dataclass(frozen=True)
class Filters:
    severities: tuple[str, ...] = ()
    frameworks: tuple[str, ...] = ()
    rule_ids: tuple[str, ...] = ()


def heat_rows(view: PortfolioView, filters: Filters, diff: PortfolioDiff | None) -> list[dict[str, str]]:
    """One row per assessment with a finding passing the filters (every assessment when no filter
    is set): firm, date, change since the previous round, then a severity letter per finding."""
    passing = [
        (e, matches(e, filters.severities, filters.frameworks, filters.rule_ids)) for e in view.entries
    ]
    if filters != Filters():
        passing = [(e, found) for e, found in passing if found]
    rule_ids = sorted({f.rule_id for _, found in passing for f in found})
    by_firm = {f.firm_id: f for f in diff.firms} if diff else {}
    rows = []
    for entry, found in passing:
        firm_diff = by_firm.get(entry.firm_id)
        current = firm_diff is not None and firm_diff.new_date == entry.assessment_date
        row = {
            "firm": f"{entry.firm_name} ({entry.firm_id})",
            "date": entry.assessment_date.isoformat(),
            "change": change_summary(firm_diff) if current else "",
        }
        shown = {f.rule_id for f in found}
        cells = heat_cells(entry)
        for rule_id in rule_ids:
            row[rule_id] = _mark(cells.get(rule_id)) if rule_id in shown else ""
        rows.append(row)
    return rows


def _mark(cell: FindingCell | None) -> str:
    if cell is None:
        return ""
    return SEVERITY_LETTER[cell.severity] + ("?" if cell.confidence != "firm" else "")


def count_rows(view: PortfolioView) -> list[dict[str, str | int]]:
    """Findings per framework and severity, as table rows."""
    table: dict[str, dict[str, int]] = {}
    for entry in view.entries:
        for f in entry.findings:
            table.setdefault(f.framework, dict.fromkeys(SEVERITIES, 0))[f.severity] += 1
    return [{"framework": fw, **counts} for fw, counts in sorted(table.items())]
