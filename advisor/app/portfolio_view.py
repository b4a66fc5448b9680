"""What the app's portfolio page shows, computed without Streamlit (and tested without it).

A portfolio comes either from a batch output folder (reports read on demand) or from an uploaded
survey export scored in memory, up to MAX_UPLOAD_ROWS firms (more belongs to `bmi-advisor batch`).
The page scores an upload once, keyed by its content (`digest`), and keeps the result: filters run
in the browser inside the heat map, and opening a firm reads what was scored.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path

from advisor.core.assessment import AssessmentError, Problem
from advisor.core.limits import UPLOAD
from advisor.core.rulebase import RuleBase
from advisor.core.rulekit import SEVERITIES, severity_rank
from advisor.portfolio import actions, peers
from advisor.portfolio.batch import Scorer, without_duplicates
from advisor.portfolio.diff import PortfolioDiff, Side, compare, compare_rounds, has_rounds
from advisor.portfolio.heatmap import dimension_values, heat_rows, heatmap_html
from advisor.portfolio.index import (
    FirmEntry,
    entry_from_report,
    iter_entries,
    load_report,
    overview,
    read_manifest,
    report_stem,
)
from advisor.portfolio.inputs import open_input
from advisor.reporting.report import Report, RuleBaseStamp

MAX_UPLOAD_ROWS = 2000
ROOT_ENV = "BMI_PORTFOLIO_ROOT"  # on a shared server: the only folder tree the page may read
Progress = Callable[[int, int | None], None]  # rows done, rows expected (None: unknown)


@dataclass
class PortfolioView:
    label: str
    rulebase: RuleBaseStamp
    entries: list[FirmEntry]
    problems: list[Problem] = field(default_factory=list)
    folder: Path | None = None  # batch output folder, when reports are read from disk
    reports: dict[str, Report] = field(default_factory=dict)  # report stem -> report, when scored here
    dimensions: list[str] = field(default_factory=list)  # what firms are compared by, in order

    def report(self, entry: FirmEntry) -> Report:
        if self.folder is not None:
            return load_report(self.folder, entry)
        return self.reports[report_stem(entry.firm_id, entry.assessment_date)]

    @property
    def side(self) -> Side:
        return Side(label=self.label, rulebase=self.rulebase, firms=len(self.entries))

    def entry(self, key: str) -> FirmEntry | None:
        return next((e for e in self.entries if report_stem(e.firm_id, e.assessment_date) == key), None)


def digest(data: bytes) -> str:
    """What identifies an upload: the same bytes are the same portfolio, whatever the file's name."""
    return hashlib.sha256(data).hexdigest()


def folder_root() -> Path | None:
    """The one folder tree the page may read batch outputs from, if the operator named one.
    Unset, the page opens no folder on the server: a visitor could otherwise name any path."""
    root = os.environ.get(ROOT_ENV)
    return Path(root).resolve() if root else None


def check_allowed(folder: Path) -> None:
    """Refuse a folder outside the operator's root (or any folder when there is none); checked
    before anything else touches the path, a cached portfolio included."""
    root = folder_root()
    if root is None:
        msg = f"opening folders on this server is switched off; the operator turns it on with {ROOT_ENV}"
    elif not folder.resolve().is_relative_to(root):
        msg = f"only folders under {root} can be opened here (set by {ROOT_ENV})"
    else:
        return
    raise AssessmentError(str(folder), [Problem(str(folder), msg)])


def _dimensions(rb: RuleBase) -> list[str]:
    return [d.name for d in peers.load_spec(rb.source_dir, rb.bank).dimensions]


def from_folder(folder: Path, rb: RuleBase) -> PortfolioView:
    check_allowed(folder)
    manifest = read_manifest(folder)
    entries = list(iter_entries(folder))
    return PortfolioView(str(folder), manifest.rulebase, entries, folder=folder, dimensions=_dimensions(rb))


def _named(problem: Problem, temp: str, name: str) -> Problem:
    """The problem as the advisor knows the file: by its own name, not the server's temp path."""
    return replace(problem, where=problem.where.replace(temp, name))


def from_upload(
    data: bytes, name: str, rb: RuleBase, delimiter: str = ",", progress: Progress | None = None
) -> PortfolioView:
    """Score an uploaded CSV, XLSX or JSONL file here; bad rows become problems, as in a batch.
    The readers stream from a path (they check the encoding as they go), so the bytes are put in
    a private temporary folder under the file's own name, and every message names the upload."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (Path(name).name or "upload")
        path.write_bytes(data)
        try:
            view = _score(path, name, rb, delimiter, progress)
        except AssessmentError as exc:
            problems = [_named(p, str(path), name) for p in exc.problems]
            raise AssessmentError(name, problems) from None
    view.problems = [_named(p, str(path), name) for p in view.problems]
    return view


def _score(path: Path, label: str, rb: RuleBase, delimiter: str, progress: Progress | None) -> PortfolioView:
    source = open_input(path, rb.bank, delimiter, UPLOAD)
    stamp = RuleBaseStamp(version=rb.version, content_hash=rb.content_hash)
    view = PortfolioView(label, stamp, [], dimensions=_dimensions(rb))
    scorer = Scorer(rb, None, source.plan)
    rows = without_duplicates(source.rows, source.plan)
    expected = min(source.total_hint, MAX_UPLOAD_ROWS) if source.total_hint else None
    for done, row in enumerate(islice(rows, MAX_UPLOAD_ROWS), start=1):
        report, profile, problems = scorer.report(row)
        if report is None:
            view.problems += problems
        else:
            view.entries.append(entry_from_report(report, profile=profile))
            view.reports[report_stem(report.firm_id, report.assessment_date)] = report
        if progress is not None:
            progress(done, expected)
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


def heatmap(view: PortfolioView, diff: PortfolioDiff | None) -> str:
    """The heat map's HTML, the same picture as in portfolio.html."""
    columns = overview(view.entries, keep=0).columns
    dims = dimension_values(view.entries, view.dimensions)
    return heatmap_html(list(heat_rows(view.entries, diff)), columns, dims, diff is not None)


def peer_pool(view: PortfolioView, previous: PortfolioView | None, pooled: bool) -> peers.PeerPool:
    """Comparable firms: this portfolio, or (pooled) this round and the previous one together."""
    entries = view.entries + (previous.entries if pooled and previous is not None else [])
    label = "this round and the previous one" if pooled and previous is not None else "this portfolio"
    return peers.pool_of(entries, view.dimensions, label)


def comparison_rows(entry: FirmEntry, comparison: peers.Comparison) -> list[dict[str, str]]:
    """The firm's findings, most serious first, each with how common it is among comparable firms."""
    shares = {s.rule_id: s for s in comparison.shares}
    rows = []
    for f in sorted(entry.findings, key=lambda f: severity_rank(f.severity)):
        share = shares.get(f.rule_id)
        shown = f"{share.percent} % ({share.firms_with} of {share.n})" if share else "not shown"
        tentative = ", tentative" if f.confidence != "firm" else ""
        rows.append(
            {
                "finding": f.title,
                "framework": f.framework,
                "severity": f.severity + tentative,
                "comparable firms with it": shown,
            }
        )
    return rows


def count_rows(view: PortfolioView) -> list[dict[str, str | int]]:
    """Findings per framework and severity, as table rows."""
    return [
        {"framework": fw, **{s: counts[s] for s in SEVERITIES}}
        for fw, counts in overview(view.entries, keep=0).counts.items()
    ]


# ---------------------------------------------------------------- action plans


def proposed_moves(report: Report) -> list[tuple[str, str]]:
    """The moves the firm's findings suggest, as (finding's rule id, move), most serious first."""
    seen: set[tuple[str, str]] = set()
    out = []
    for f in sorted(report.findings, key=lambda f: severity_rank(f.severity)):
        for m in f.moves:
            if (f.rule_id, m.text) not in seen:
                seen.add((f.rule_id, m.text))
                out.append((f.rule_id, m.text))
    return out


def saved_plan(view: PortfolioView) -> list[actions.Action]:
    """The plan kept with a batch folder; an upload's plan lives in the session (and in files)."""
    return actions.load_actions(view.folder) if view.folder is not None else []


def keep_plan(view: PortfolioView, plan: Sequence[actions.Action]) -> None:
    if view.folder is not None:
        actions.save_actions(view.folder, plan)
