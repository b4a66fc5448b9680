"""Teaching commands: `compare` (student vs key), `journey` (one firm over time), `cases`.

Each command imports what it uses when it runs (see advisor/cli/main.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def cmd_compare(args: argparse.Namespace) -> int:
    from advisor.api import default_rulebase
    from advisor.core.assessment import AssessmentError, load_assessment
    from advisor.teaching.compare import compare_to_key, comparison_markdown

    rb = default_rulebase()
    try:
        student = load_assessment(Path(args.student), rb.bank)
        key = load_assessment(Path(args.key), rb.bank)
    except AssessmentError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    result = compare_to_key(rb, student, key)
    _out(result.model_dump_json(indent=2) if args.format == "json" else comparison_markdown(result))
    return 0


def cmd_journey(args: argparse.Namespace) -> int:
    from advisor.api import default_rulebase
    from advisor.core.assessment import AssessmentError, load_assessment
    from advisor.teaching.compare import journey, journey_markdown

    rb = default_rulebase()
    try:
        moments = [load_assessment(Path(p), rb.bank) for p in args.files]
    except AssessmentError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    if len({m.firm_id for m in moments}) > 1:
        sys.stderr.write("journey: all files must describe the same firm (same firm_id)\n")
        return 1
    result = journey(rb, moments)
    _out(result.model_dump_json(indent=2) if args.format == "json" else journey_markdown(result))
    return 0


def cmd_cases(args: argparse.Namespace) -> int:
    from advisor.api import EXAMPLES_DIR, default_rulebase
    from advisor.core.assessment import load_assessment
    from advisor.teaching.compare import export_case_pack

    rb = default_rulebase()
    paths = sorted(EXAMPLES_DIR.glob("*.yaml"))
    if args.action == "export":
        if not args.dir:
            sys.stderr.write("cases export needs a folder, e.g. `bmi-advisor cases export course-pack`\n")
            return 1
        written = export_case_pack(rb, paths, Path(args.dir))
        _out(f"wrote {len(written)} files to {args.dir}")
        return 0
    for path in paths:
        case = load_assessment(path, rb.bank).case
        if case:
            _out(f"{path.stem:24} {case.title}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("compare", help="compare a student's answers with a teaching case's key")
    p.add_argument("student", metavar="STUDENT_FILE")
    p.add_argument("key", metavar="KEY_FILE", help="e.g. examples/toontrack-2005.yaml")
    p.add_argument("--format", choices=("md", "json"), default="md")
    p.set_defaults(run=cmd_compare)

    p = sub.add_parser("journey", help="one firm at several moments: findings resolved and created")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=("md", "json"), default="md")
    p.set_defaults(run=cmd_journey)

    p = sub.add_parser("cases", help="list the teaching cases, or export a case pack for a course")
    p.add_argument("action", nargs="?", choices=["list", "export"], default="list")
    p.add_argument("dir", nargs="?", help="folder for `cases export`")
    p.set_defaults(run=cmd_cases)
