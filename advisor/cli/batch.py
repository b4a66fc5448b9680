"""Portfolio commands: `batch` (score many firms into a folder) and `diff` (what changed).

Exit status: 0 every row scored; 1 the input could not be read, or at least one row failed (the
good rows are still scored; errors.csv lists every problem).
Each command imports what it uses when it runs (see advisor/cli/main.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path


def _out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _workers(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def cmd_batch(args: argparse.Namespace) -> int:
    from advisor.core.assessment import AssessmentError
    from advisor.portfolio import actions
    from advisor.portfolio.batch import run_batch

    try:
        result = run_batch(
            Path(args.input),
            Path(args.output),
            workers=args.workers,
            rules=Path(args.rules) if args.rules else None,
            previous=Path(args.previous) if args.previous else None,
            delimiter=args.delimiter,
            progress=None if args.quiet else sys.stderr,
        )
    except AssessmentError as exc:
        sys.stderr.write(f"{exc}\nnothing was scored\n")
        return 1
    except OSError as exc:  # a full disk, a read-only folder: the user's to fix, not a traceback
        where = exc.filename or args.output
        sys.stderr.write(
            f"{where}: cannot be written ({exc.strerror or exc}); the output folder is marked "
            "incomplete: fix this and run the batch again\n"
        )
        return 1
    m = result.manifest
    for problem in result.problems:
        sys.stderr.write(f"  - {problem}\n")
    if m.rows_failed:
        sys.stderr.write(f"{m.rows_failed} row(s) failed; every problem is in {args.output}/errors.csv\n")
    out = Path(args.output)
    lines = [
        f"scored {m.firms_scored} assessment(s) with rule base {m.rulebase.version} "
        f"({m.rulebase.content_hash[:12]})",
        f"  reports:  {out / 'firms'}/<firm_id>.json and .md",
        f"  summary:  {out / 'summary.csv'}, {out / 'summary.xlsx'}",
        f"  overview: {out / 'portfolio.html'}",
        f"  errors:   {out / 'errors.csv'} ({m.rows_failed} row(s))",
    ]
    if result.changes is not None:
        c = result.changes
        lines.append(
            f"  changes:  {out / 'changes.md'} ({c.count('changed')} changed, {c.count('new')} new, "
            f"{c.count('gone')} no longer present)"
        )
    if result.reviews:
        overdue = sum(r.overdue for r in result.reviews)
        lines.append(
            f"  actions:  {out / actions.ACTIONS_REVIEW} ({len(result.reviews)} from the earlier round, "
            f"{overdue} overdue)"
        )
    _out("\n".join(lines))
    return 1 if m.rows_failed else 0


def cmd_diff(args: argparse.Namespace) -> int:
    from advisor.api import default_rulebase
    from advisor.core.assessment import AssessmentError
    from advisor.portfolio import actions, diff
    from advisor.portfolio.batch import rulebase_diff

    reviews: list[actions.ActionReview] = []
    try:
        if args.rules_old:
            if len(args.paths) != 1:
                sys.stderr.write(
                    "diff --rules-old takes one INPUT (the answers to score with both rule bases)\n"
                )
                return 2
            result, failures = rulebase_diff(
                Path(args.paths[0]),
                Path(args.rules_old),
                Path(args.rules_new) if args.rules_new else None,
                workers=args.workers,
                delimiter=args.delimiter,
            )
            for label, problem in failures:
                sys.stderr.write(f"  - ({label}) {problem}\n")
        else:
            if len(args.paths) != 2:
                sys.stderr.write(
                    "diff takes OLD and NEW (two assessment/report files or two batch folders)\n"
                )
                return 2
            old_path, new_path = (Path(p) for p in args.paths)
            rb = default_rulebase()
            old_side, old = diff.load_side(old_path, rb)
            new_side, new = diff.load_side(new_path, rb)
            diff.check_same_firm(old, new, old_path, new_path)
            result, failures = diff.compare(old_side, old, new_side, new), []
            if old_path.is_dir():  # the plan agreed at the old round, against what happened since
                reviews = actions.review(actions.load_actions(old_path), old, new, dt.date.today())
    except AssessmentError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    if args.format == "json":
        _out(diff.to_json(result, reviews))
    elif args.format == "md":
        _out(diff.to_markdown(result, show_unchanged=args.all, reviews=reviews))
    else:
        _out(diff.to_text(result, show_unchanged=args.all, reviews=reviews))
    return 1 if failures else 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "batch",
        help="score a portfolio (CSV, XLSX, JSON Lines, or a folder of assessment files) into a folder",
        description="Writes firms/<id>.json and .md, summary.csv/.xlsx, errors.csv, portfolio.jsonl, "
        "portfolio.html and manifest.json. Input format: docs/batch-format.md.",
    )
    p.add_argument(
        "input", metavar="INPUT", help="a .csv, .tsv, .xlsx or .jsonl file, or a folder of .yaml/.json"
    )
    p.add_argument(
        "-o", "--output", metavar="OUTDIR", required=True, help="output folder (new, or an earlier run's)"
    )
    p.add_argument(
        "--workers", type=_workers, default=1, metavar="N", help="processes to score with (default 1)"
    )
    p.add_argument("--rules", metavar="RULES_DIR", help="score with the rule base in this folder")
    p.add_argument(
        "--previous", metavar="OLD_OUTDIR", help="an earlier round's output: also write what changed"
    )
    p.add_argument("--delimiter", default=",", help="CSV cell separator (default ',')")
    p.add_argument("--quiet", action="store_true", help="no progress line on stderr")
    p.set_defaults(run=cmd_batch)

    p = sub.add_parser(
        "diff",
        help="what changed per firm: between two rounds, or between two rule bases on the same answers",
        description="bmi-advisor diff OLD NEW  (assessment files, report JSON files, or batch output "
        "folders); bmi-advisor diff --rules-old OLD_RULES [--rules-new NEW_RULES] INPUT  (what a "
        "rule-base change does to a portfolio; NEW_RULES defaults to the installed rule base).",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument(
        "--rules-old", metavar="OLD_RULES_DIR", help="score INPUT with this rule base as the old side"
    )
    p.add_argument(
        "--rules-new", metavar="NEW_RULES_DIR", help="the new side's rule base (default: installed)"
    )
    p.add_argument("--format", choices=("text", "md", "json"), default="text")
    p.add_argument("--all", action="store_true", help="also list firms whose findings did not change")
    p.add_argument("--workers", type=_workers, default=1, metavar="N", help="with --rules-old: processes")
    p.add_argument("--delimiter", default=",", help="with --rules-old and a CSV input: cell separator")
    p.set_defaults(run=cmd_diff)
