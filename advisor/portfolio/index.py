"""A portfolio: one line per scored firm with its findings, as a batch run writes it.

`portfolio.jsonl` in a batch output directory is the machine-readable index of the run: the diff,
the HTML overview and the app's portfolio page all read it (never a glob of report files, so a
stale file can never count). `manifest.json` beside it records the rule base and the input.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from advisor.core.assessment import AssessmentError, Problem
from advisor.core.rulekit import severity_rank
from advisor.reporting.report import Report, RuleBaseStamp

BATCH_FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PORTFOLIO = "portfolio.jsonl"
FIRMS_DIR = "firms"
RUNNING = "RUNNING"  # present while a batch run writes the folder (advisor/portfolio/output.py)


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FindingCell(Model):
    """What the portfolio keeps of one finding: enough to compare and to draw the heat map."""

    rule_id: str
    title: str
    kind: str
    severity: str
    confidence: str
    framework: str
    subject: str


class FirmEntry(Model):
    firm_id: str
    firm_name: str
    assessment_date: dt.date
    respondent_role: str
    report_json: str = ""  # relative to the batch output directory; empty when scored in memory
    report_md: str = ""
    findings: list[FindingCell]
    profile: dict[str, str] = {}  # what firms are compared by (peers.py): stage, size band, sector


class Manifest(Model):
    batch_format_version: int = BATCH_FORMAT_VERSION
    input: str
    input_kind: str
    rulebase: RuleBaseStamp
    firms_scored: int
    rows_failed: int


def report_stem(firm_id: str, assessment_date: dt.date) -> str:
    """A report's file name without suffix: one firm at one date (firm ids are file-name safe)."""
    return f"{firm_id}_{assessment_date.isoformat()}"


def entry_from_report(
    report: Report, report_json: str = "", report_md: str = "", profile: dict[str, str] | None = None
) -> FirmEntry:
    return FirmEntry(
        firm_id=report.firm_id,
        firm_name=report.firm_name,
        assessment_date=report.assessment_date,
        respondent_role=report.respondent_role,
        report_json=report_json,
        report_md=report_md,
        findings=[
            FindingCell(
                rule_id=f.rule_id,
                title=f.title,
                kind=f.kind,
                severity=f.severity,
                confidence=f.confidence,
                framework=f.framework,
                subject=f.subject,
            )
            for f in report.findings
        ],
        profile=profile or {},
    )


def latest_by_firm(entries: Iterable[FirmEntry]) -> dict[str, FirmEntry]:
    """Each firm's most recent assessment, in order of the firm's first appearance."""
    latest: dict[str, FirmEntry] = {}
    for e in entries:
        if e.firm_id not in latest or e.assessment_date > latest[e.firm_id].assessment_date:
            latest[e.firm_id] = e
    return latest


def check_complete(directory: Path) -> None:
    """Refuse a folder a batch run is writing now, or one an interrupted run left behind."""
    marker = directory / RUNNING
    if not marker.is_file():
        return
    try:
        with marker.open(encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        msg = "a batch run is writing this folder now; open it when the run has finished"
        raise AssessmentError(str(directory), [Problem(str(directory), msg)]) from None
    msg = (
        "the last batch run into this folder was interrupted, so its reports, index and summary may "
        "not match; run the batch again into this folder to repair it"
    )
    raise AssessmentError(str(directory), [Problem(str(directory), msg)])


def read_manifest(directory: Path) -> Manifest:
    check_complete(directory)
    path = directory / MANIFEST
    if not path.is_file():
        msg = f"not a batch output directory (no {MANIFEST}); `bmi-advisor batch INPUT -o DIR` makes one"
        raise AssessmentError(str(directory), [Problem(str(directory), msg)])
    try:
        return Manifest.model_validate_json(path.read_bytes())
    except ValidationError as exc:
        # Only where the file differs from a manifest, never its content: a visitor may name any file.
        fields = ", ".join(sorted({".".join(str(p) for p in e["loc"]) or "file" for e in exc.errors()})[:5])
        msg = f"is not a batch manifest (wrong or missing: {fields})"
        raise AssessmentError(str(path), [Problem(str(path), msg)]) from None
    except OSError as exc:
        raise AssessmentError(str(path), [Problem(str(path), f"cannot be read: {exc.strerror}")]) from None


def iter_entries(directory: Path) -> Iterator[FirmEntry]:
    """The firms of a finished batch output directory, one at a time (a portfolio may be large)."""
    read_manifest(directory)
    return read_entries(directory)


def read_entries(directory: Path) -> Iterator[FirmEntry]:
    """The index as written, without asking for the manifest (a run writes that last)."""
    path = directory / PORTFOLIO
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise AssessmentError(str(path), [Problem(str(path), f"cannot be read: {exc.strerror}")]) from None
    with handle:
        for number, line in enumerate(handle, start=1):
            try:
                yield FirmEntry.model_validate_json(line)
            except ValidationError as exc:
                where = f"{path} line {number}"
                wrong = sorted({".".join(str(p) for p in e["loc"]) or "line" for e in exc.errors()})
                msg = f"is not an index line (wrong or missing: {', '.join(wrong[:5])})"
                raise AssessmentError(str(path), [Problem(where, msg)]) from None


def entry_to_line(entry: FirmEntry) -> str:
    return entry.model_dump_json() + "\n"


def load_report(directory: Path, entry: FirmEntry) -> Report:
    """One firm's full report, for drilling down from the overview. The path comes from the
    index file, so it must stay inside the directory (an edited index cannot read other files)."""
    base = directory.resolve()
    path = (base / entry.report_json).resolve()
    if not entry.report_json or not path.is_relative_to(base):
        msg = f"report path {entry.report_json!r} is not inside the batch folder"
        raise AssessmentError(str(directory), [Problem(str(directory), msg)])
    return Report.model_validate_json(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- at a glance


class RuleColumn(Model):
    rule_id: str
    title: str
    framework: str
    kind: str


@dataclass
class Overview:
    """One pass over a portfolio: the firms to show, and counts over all firms."""

    shown: list[FirmEntry]
    total: int
    counts: dict[str, Counter[str]]  # framework -> severity -> findings (firm-rule-subject once)
    columns: list[RuleColumn]  # every finding that occurs, by framework then rule id


class OverviewBuilder:
    """An Overview built one firm at a time, so a batch run can build it while it scores (keeping
    the first `keep` firms only) instead of reading its index back afterwards."""

    def __init__(self, keep: int | None = None):
        self.keep = keep
        self.shown: list[FirmEntry] = []
        self.total = 0
        self.table: dict[str, Counter[str]] = {}
        self.rules: dict[str, RuleColumn] = {}
        self._cells: dict[FindingCell, FindingCell] = {}

    def add(self, entry: FirmEntry) -> None:
        self.total += 1
        if self.keep is None or len(self.shown) < self.keep:
            # Kept firms share equal finding cells (frozen, a few hundred kinds in a portfolio):
            # 5,000 firms then hold ~10 MB instead of ~55.
            cells = [self._cells.setdefault(f, f) for f in entry.findings]
            self.shown.append(entry.model_copy(update={"findings": cells}))
        for f in entry.findings:
            counts = self.table.get(f.framework)
            if counts is None:
                counts = self.table[f.framework] = Counter()
            counts[f.severity] += 1
            if f.rule_id not in self.rules:
                self.rules[f.rule_id] = RuleColumn(
                    rule_id=f.rule_id, title=f.title, framework=f.framework, kind=f.kind
                )

    def result(self) -> Overview:
        columns = sorted(self.rules.values(), key=lambda c: (c.framework, c.rule_id))
        return Overview(self.shown, self.total, dict(sorted(self.table.items())), columns)


def overview(entries: Iterable[FirmEntry], keep: int | None = None) -> Overview:
    builder = OverviewBuilder(keep)
    for entry in entries:
        builder.add(entry)
    return builder.result()


def heat_cells(entry: FirmEntry) -> dict[str, FindingCell]:
    """For each rule, its most serious occurrence for the firm (a rule can fire for several
    subjects, e.g. once per collaboration), preferring firm over tentative confidence; the first
    of equally serious occurrences wins."""
    cells: dict[str, FindingCell] = {}
    for f in entry.findings:
        best = cells.get(f.rule_id)
        if best is None or _seriousness(f) < _seriousness(best):
            cells[f.rule_id] = f
    return cells


def _seriousness(f: FindingCell) -> tuple[int, bool]:
    return severity_rank(f.severity), f.confidence != "firm"


def matches(
    entry: FirmEntry,
    severities: Iterable[str] = (),
    frameworks: Iterable[str] = (),
    rule_ids: Iterable[str] = (),
) -> list[FindingCell]:
    """The firm's findings that pass the filters (an empty filter lets everything through)."""
    sev, fw, ids = set(severities), set(frameworks), set(rule_ids)
    return [
        f
        for f in entry.findings
        if (not sev or f.severity in sev) and (not fw or f.framework in fw) and (not ids or f.rule_id in ids)
    ]


def manifest_json(manifest: Manifest) -> str:
    return json.dumps(manifest.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
