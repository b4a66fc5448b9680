"""Score a whole portfolio in one run: every firm's report, a summary, errors, an overview.

Rows are read lazily and handed to worker processes in small chunks, with a bounded number of
chunks in flight, so memory stays flat however large the input. Each worker builds its own rule
base (experta engines cannot be pickled) and reuses its engines (see ENGINEERING_NOTES). Workers
decode the rows, write the firm reports and prepare each firm's lines of the summary and index;
the main process, which every worker waits on, only reads rows, checks for duplicates and
appends those lines in input order, so the same input and rule base always give the same bytes.
Every file is written atomically.

Output directory (docs/batch-format.md):
  firms/<firm_id>.json, .md   each firm's report
  summary.csv, summary.xlsx   one row per firm and finding
  errors.csv                  one row per problem of a row that could not be scored
  portfolio.jsonl             the index the diff, the HTML overview and the app read
  portfolio.html              the overview, self-contained
  changes.md, changes.json    with --previous: what changed since the earlier round
  manifest.json               rule base version and hash, input, counts (written last)
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sys
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TextIO

from advisor.api import default_rulebase
from advisor.core.assessment import AssessmentError, Problem, validate_assessment
from advisor.core.files import atomic_open, atomic_write_text
from advisor.core.rulebase import RuleBase
from advisor.core.rulesource import load_rulebase_at
from advisor.portfolio import actions, diff, peers
from advisor.portfolio.index import (
    FIRMS_DIR,
    MANIFEST,
    PORTFOLIO,
    RUNNING,
    FirmEntry,
    Manifest,
    OverviewBuilder,
    entry_from_report,
    entry_to_line,
    iter_entries,
    manifest_json,
    read_entries,
    read_manifest,
    report_stem,
)
from advisor.portfolio.inputs import ColumnPlan, Row, open_input
from advisor.portfolio.output import begin, die_with_parent
from advisor.portfolio.overview_html import MAX_FIRMS_SHOWN, overview_html_parts
from advisor.portfolio.sheets import CsvSink, XlsxSink
from advisor.reporting.markdown import to_markdown
from advisor.reporting.report import Report, RuleBaseStamp, build_report

CHUNK = 32  # rows per task: big enough to amortise pickling, small enough to balance two workers
IN_FLIGHT_PER_WORKER = 4
SUMMARY_HEADER = (
    "firm_id",
    "firm_name",
    "assessment_date",
    "rule_id",
    "title",
    "kind",
    "severity",
    "confidence",
    "framework",
    "subject",
)
ERRORS_HEADER = ("file", "position", "firm_id", "column", "value", "problem", "allowed")
OUTPUT_NAMES = {
    FIRMS_DIR,
    RUNNING,
    MANIFEST,
    PORTFOLIO,
    "summary.csv",
    "summary.xlsx",
    "errors.csv",
    "portfolio.html",
    "changes.md",
    "changes.json",
    actions.ACTIONS,
    actions.ACTIONS_REVIEW,
}


@dataclass(frozen=True)
class Scored:
    """A scored firm, prepared where it was scored: its portfolio entry as an index line and, when
    reports are written, its rows of the summary files, for the main process to append."""

    firm_id: str
    stem: str  # its report files' name (firm and date)
    index_line: str
    summary_rows: tuple[tuple[str, ...], ...] = ()  # for summary.csv and summary.xlsx

    def entry(self) -> FirmEntry:
        """The portfolio entry back from its index line (the line is what travels and is kept)."""
        return FirmEntry.model_validate_json(self.index_line)


@dataclass(frozen=True)
class Outcome:
    """What scoring one row gave: the scored firm, or the problems that stopped it."""

    source: str
    position: str
    firm_id: str  # as the row gave it ("" if it did not), for errors.csv
    scored: Scored | None
    problems: tuple[Problem, ...] = ()

    @property
    def where(self) -> str:
        return f"{self.source} {self.position}".strip()


class Scorer:
    """Validates, scores and (given a directory) writes one firm's reports; one per process.
    `plan` decodes the rows of a spreadsheet input (Input.plan)."""

    def __init__(self, rb: RuleBase, out_dir: Path | None, plan: ColumnPlan | None = None):
        self.rb = rb
        self.out_dir = out_dir
        self.plan = plan
        self.peers = peers.load_spec(rb.source_dir, rb.bank)

    def _decoded(self, row: Row) -> Row:
        if row.cells is None:
            return row
        assert self.plan is not None, "a spreadsheet row needs its input's column plan"
        return self.plan.decode(row)

    def report(self, row: Row) -> tuple[Report | None, dict[str, str], tuple[Problem, ...]]:
        """The firm's report and profile (what it is compared by), or every problem of the row
        (reading and validation together)."""
        row = self._decoded(row)
        if row.data is None:
            return None, {}, row.problems
        try:
            assessment = validate_assessment(row.data, self.rb.bank, row.where)
        except AssessmentError as exc:
            return None, {}, row.problems + tuple(exc.problems)
        if row.problems:
            return None, {}, row.problems
        profile = peers.profile(self.peers, self.rb.bank, assessment)
        return build_report(self.rb, assessment), profile, ()

    def score(self, row: Row) -> Outcome:
        row = self._decoded(row)
        firm_id = str((row.data or {}).get("firm_id", ""))
        report, profile, problems = self.report(row)
        if report is None:
            return Outcome(row.source, row.position, firm_id, None, problems)
        stem = report_stem(report.firm_id, report.assessment_date)
        if self.out_dir is None:
            entry = entry_from_report(report, profile=profile)
            return Outcome(
                row.source, row.position, firm_id, Scored(report.firm_id, stem, entry_to_line(entry))
            )
        path = f"{FIRMS_DIR}/{stem}"
        atomic_write_text(self.out_dir / f"{path}.json", report.model_dump_json(indent=2) + "\n")
        atomic_write_text(self.out_dir / f"{path}.md", to_markdown(report))
        entry = entry_from_report(report, f"{path}.json", f"{path}.md", profile)
        scored = Scored(report.firm_id, stem, entry_to_line(entry), _summary_rows(entry))
        return Outcome(row.source, row.position, firm_id, scored)


_worker: Scorer | None = None


def _init_worker(rules: Path | None, out_dir: Path | None, plan: ColumnPlan | None) -> None:
    global _worker
    die_with_parent()
    _worker = Scorer(load_rulebase_at(rules), out_dir, plan)


def _score_chunk(rows: list[Row]) -> list[Outcome]:
    assert _worker is not None, "worker not initialised"
    return [_worker.score(row) for row in rows]


def _pool_context() -> multiprocessing.context.BaseContext:
    # fork starts a worker in milliseconds; spawn re-imports everything (about a second). Each
    # worker builds its own rule base either way, so nothing engine-related crosses processes.
    return multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")


def score_rows(
    rows: Iterator[Row],
    rules: Path | None,
    out_dir: Path | None,
    workers: int,
    rb: RuleBase | None = None,
    plan: ColumnPlan | None = None,
) -> Iterator[Outcome]:
    """Outcomes in input order, from this process (with `rb`, already loaded from `rules`, if
    given) or from `workers` processes, each loading `rules` itself. `plan` decodes the rows of a
    spreadsheet input."""
    if workers <= 1:
        rb = rb or (default_rulebase() if rules is None else load_rulebase_at(rules))
        scorer = Scorer(rb, out_dir, plan)
        yield from (scorer.score(row) for row in rows)
        return
    with ProcessPoolExecutor(
        workers, mp_context=_pool_context(), initializer=_init_worker, initargs=(rules, out_dir, plan)
    ) as pool:
        pending: deque[Future[list[Outcome]]] = deque()
        while chunk := list(islice(rows, CHUNK)):
            pending.append(pool.submit(_score_chunk, chunk))
            while len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def without_duplicates(rows: Iterator[Row], plan: ColumnPlan | None = None) -> Iterator[Row]:
    """An assessment is a firm at a date: a second row for the same firm and date is refused
    before it overwrites the first one's report. Ids are compared without case, because
    acme_… and ACME_… are one file on macOS and Windows. `plan` reads a spreadsheet row's ids."""
    first: dict[tuple[str, str], str] = {}
    for row in rows:
        if row.cells is not None and plan is not None:
            firm_id, date = plan.meta(row.cells, "firm_id"), plan.meta(row.cells, "assessment_date")
        else:
            data = row.data or {}
            firm_id, date = data.get("firm_id"), data.get("assessment_date")
        if isinstance(firm_id, str) and firm_id:
            seen = first.setdefault((firm_id.lower(), str(date)), row.where)
            if seen != row.where:
                msg = f"duplicate firm_id for assessment_date {date}: first used at {seen}"
                problem = Problem(f"{row.where} column firm_id", msg, value=firm_id)
                row = Row(row.source, row.position, row.data, (*row.problems, problem), row.cells)
        yield row


class Progress:
    """Count, rate and ETA on one stderr line (redrawn on a terminal, every few seconds otherwise).

    Kept over tqdm and rich (benchmarks/bench_alternatives.py): all three cost a few microseconds
    per row against about a millisecond of scoring, so speed does not decide; this one writes whole
    lines every 5 s when stderr is a log file (tqdm writes carriage-return redraws there), adds no
    dependency, and is twenty lines."""

    def __init__(self, stream: TextIO | None, total: int | None):
        self.stream = stream
        self.total = total
        self.start = self.last = time.monotonic()
        self.tty = bool(stream and stream.isatty())
        self.interval = 0.5 if self.tty else 5.0

    def update(self, done: int, failed: int, final: bool = False) -> None:
        now = time.monotonic()
        if self.stream is None or (not final and now - self.last < self.interval):
            return
        self.last = now
        rate = done / max(now - self.start, 1e-9)
        line = f"{done}" + (f"/{self.total}" if self.total and not final else "") + " rows"
        line += f" · {failed} failed · {rate:.0f} rows/s"
        if self.total and not final and rate > 0:
            eta = max(self.total - done, 0) / rate
            line += f" · ETA {int(eta // 60)}:{int(eta % 60):02d}"
        end = "\n" if final or not self.tty else ""
        self.stream.write(("\r" + line.ljust(72) if self.tty else line) + end)
        self.stream.flush()


@dataclass(frozen=True)
class BatchResult:
    out_dir: Path
    manifest: Manifest
    problems: list[Problem]  # the first few, for the terminal; all of them are in errors.csv
    changes: diff.PortfolioDiff | None = None
    reviews: list[actions.ActionReview] = field(default_factory=list)  # the earlier round's plan


def _summary_rows(entry: FirmEntry) -> tuple[tuple[str, ...], ...]:
    """The firm's rows of the summary, one per finding; a firm without findings still gets one."""
    head = (entry.firm_id, entry.firm_name, entry.assessment_date.isoformat())
    if not entry.findings:
        return ((*head, "", "no findings", "", "", "", "", ""),)
    return tuple(
        (*head, f.rule_id, f.title, f.kind, f.severity, f.confidence, f.framework, f.subject)
        for f in entry.findings
    )


def _side(directory: Path, manifest: Manifest) -> diff.Side:
    return diff.Side(label=str(directory), rulebase=manifest.rulebase, firms=manifest.firms_scored)


def _column_of(problem: Problem, outcome: Outcome) -> str:
    if problem.question_id:
        return problem.question_id
    prefix = outcome.where + ": "
    if problem.where.startswith(prefix):
        return problem.where[len(prefix) :]
    return problem.where.removeprefix(outcome.where).removeprefix(" column ").strip()


def run_batch(
    input_path: Path,
    out_dir: Path,
    workers: int = 1,
    rules: Path | None = None,
    previous: Path | None = None,
    delimiter: str = ",",
    progress: TextIO | None = None,
    keep_problems: int = 20,
) -> BatchResult:
    """Score every row of `input_path` into `out_dir`. Raises AssessmentError when the input as a
    whole cannot be read (before anything is written); bad rows are listed in errors.csv."""
    rb = default_rulebase() if rules is None else load_rulebase_at(rules)
    source = open_input(input_path, rb.bank, delimiter)
    if previous is not None:
        for _ in iter_entries(previous):  # fail now, not after an hour of scoring (manifest and index)
            pass
        if previous.resolve() == out_dir.resolve():
            msg = "--previous must be the earlier round's directory, not the one being written"
            raise AssessmentError(str(previous), [Problem(str(previous), msg)])
    carried = actions.load_actions(previous) if previous is not None else []
    kept_actions = actions.load_actions(out_dir) if out_dir.is_dir() else []  # a re-run keeps its edits
    spec = peers.load_spec(rb.source_dir, rb.bank)
    run = begin(out_dir, OUTPUT_NAMES, str(input_path))  # RUNNING stays if this run is stopped
    pool = peers.PeerPool([d.name for d in spec.dimensions])
    shown: list[Problem] = []
    scored = failed = 0
    kept: set[str] = set()  # report file stems written by this run
    firm_ids: set[str] = set()
    rounds = False  # whether a firm was assessed at more than one date (diff.has_rounds)
    glance = OverviewBuilder(keep=MAX_FIRMS_SHOWN)  # for portfolio.html, built while scoring
    meter = Progress(progress, source.total_hint)
    with ExitStack() as stack:
        summary = CsvSink(
            stack.enter_context(atomic_open(out_dir / "summary.csv", newline="")), SUMMARY_HEADER
        )
        sheet = XlsxSink(stack.enter_context(atomic_open(out_dir / "summary.xlsx", "wb")), SUMMARY_HEADER)
        stack.push(lambda kind, *_: bool(kind and sheet.abandon()))  # (False: the error propagates)
        errors = CsvSink(stack.enter_context(atomic_open(out_dir / "errors.csv", newline="")), ERRORS_HEADER)
        index = stack.enter_context(atomic_open(out_dir / PORTFOLIO))
        rows = without_duplicates(source.rows, source.plan)
        for outcome in score_rows(rows, rules, out_dir, workers, rb, source.plan):
            done = outcome.scored
            if done is None:
                failed += 1
                for p in outcome.problems:
                    errors.write(
                        [
                            outcome.source,
                            outcome.position,
                            outcome.firm_id,
                            _column_of(p, outcome),
                            p.value,
                            p.message,
                            p.allowed,
                        ]
                    )
                    if len(shown) < keep_problems:
                        shown.append(p)
            else:
                scored += 1
                kept.add(done.stem)
                rounds = rounds or done.firm_id in firm_ids
                firm_ids.add(done.firm_id)
                entry = done.entry()
                glance.add(entry)
                pool.add(entry)
                index.write(done.index_line)
                summary.write_rows(done.summary_rows)
                sheet.write_rows(done.summary_rows)
            meter.update(scored + failed, failed)
        sheet.close()
    meter.update(scored + failed, failed, final=True)
    manifest = Manifest(
        input=str(input_path),
        input_kind=source.kind,
        rulebase=RuleBaseStamp(version=rb.version, content_hash=rb.content_hash),
        firms_scored=scored,
        rows_failed=failed,
    )
    changes = None
    reviews: list[actions.ActionReview] = []
    if previous is not None:
        before = read_manifest(previous)
        changes = diff.compare(
            _side(previous, before), iter_entries(previous), _side(out_dir, manifest), read_entries(out_dir)
        )
        reviews = actions.review(carried, iter_entries(previous), read_entries(out_dir), dt.date.today())
        atomic_write_text(out_dir / actions.ACTIONS_REVIEW, actions.review_csv(reviews))
    elif rounds:
        changes = diff.compare_rounds(_side(out_dir, manifest), read_entries(out_dir))
    plan = actions.merged(kept_actions, carried)
    if plan:
        actions.save_actions(out_dir, plan)
    if changes is not None:
        atomic_write_text(out_dir / "changes.md", diff.to_markdown(changes, reviews=reviews))
        atomic_write_text(out_dir / "changes.json", diff.to_json(changes, reviews=reviews))
    with atomic_open(out_dir / "portfolio.html") as handle:
        handle.writelines(overview_html_parts(manifest, glance.result(), changes, pool, plan, reviews))
    atomic_write_text(out_dir / MANIFEST, manifest_json(manifest))
    run.finish({f"{stem}{ext}" for stem in kept for ext in (".json", ".md")})
    return BatchResult(out_dir, manifest, shown, changes, reviews)


def rulebase_diff(
    input_path: Path,
    old_rules: Path,
    new_rules: Path | None = None,
    workers: int = 1,
    delimiter: str = ",",
) -> tuple[diff.PortfolioDiff, list[tuple[str, Problem]]]:
    """What a rule-base change would do to a portfolio: score the same input with both rule
    bases (`None` is the installed one) and compare. Nothing is written. Also returns the rows
    that failed, labelled with the side (a changed question bank can reject different rows)."""
    sides: list[tuple[diff.Side, list[FirmEntry]]] = []
    failures: list[tuple[str, Problem]] = []
    for label, rules in (("old rules", old_rules), ("new rules", new_rules)):
        rb = default_rulebase() if rules is None else load_rulebase_at(rules)
        source = open_input(input_path, rb.bank, delimiter)
        entries: list[FirmEntry] = []
        rows = without_duplicates(source.rows, source.plan)
        for outcome in score_rows(rows, rules, None, workers, rb, source.plan):
            if outcome.scored is None:
                failures += [(label, p) for p in outcome.problems]
            else:
                entries.append(outcome.scored.entry())
        side = diff.Side(
            label=f"{input_path} with {rules or 'the installed rules'}",
            rulebase=RuleBaseStamp(version=rb.version, content_hash=rb.content_hash),
            firms=len(entries),
        )
        sides.append((side, entries))
    (old_side, old_entries), (new_side, new_entries) = sides
    return diff.compare(old_side, old_entries, new_side, new_entries), failures
