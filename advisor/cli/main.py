"""The `bmi-advisor` command line.

Each command imports what it uses when it runs, so `bmi-advisor --version` starts without the
rule base, pydantic or experta, and `assess` without the batch, diff, teaching or PDF modules.

Exit status: 0 success, 1 a file could not be assessed, 2 wrong usage (argparse's own),
141 the reader of the output closed it early (128 + SIGPIPE, as the shell reports it).
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import suppress
from typing import TYPE_CHECKING

from advisor import __version__
from advisor.cli import batch as cli_batch
from advisor.cli import teaching as cli_teaching

if TYPE_CHECKING:
    from advisor.core.rulebase import RuleBase

FORMATS = ("text", "md", "json")
EXIT_BROKEN_PIPE = 141


def _print(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def cmd_assess(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from advisor.api import default_rulebase
    from advisor.core.assessment import AssessmentError, join_counterpart, load_assessment
    from advisor.reporting.markdown import (
        to_markdown,
        to_text,
        what_would_change_markdown,
        what_would_change_text,
    )
    from advisor.reporting.report import build_report
    from advisor.reporting.whatif import what_would_change

    rb = default_rulebase()
    failed = 0
    # Several files as JSON make one array, so the output stays one parseable document.
    as_array = args.format == "json" and len(args.files) > 1
    documents: list[dict] = []
    for path in args.files:
        try:
            assessment = load_assessment(Path(path), rb.bank)
            if args.counterpart:
                other = load_assessment(Path(args.counterpart), rb.bank)
                assessment = join_counterpart(assessment, other, args.counterpart)
            report = build_report(rb, assessment, rank_questions=True)
        except AssessmentError as exc:
            sys.stderr.write(f"{exc}\n")
            failed += 1
            continue
        changes = what_would_change(rb, assessment, report) if args.explain else None
        if args.format == "json":
            data = report.model_dump(mode="json")
            if changes is not None:
                data["what_would_change"] = [c.model_dump(mode="json") for c in changes]
            documents.append(data)
            if not as_array:
                _print(json.dumps(data, indent=2, ensure_ascii=False))
        elif args.format == "md":
            _print(to_markdown(report) + ("\n" + what_would_change_markdown(changes) if changes else ""))
        else:
            _print(to_text(report) + ("\n" + what_would_change_text(changes) if changes else ""))
    if as_array:
        _print(json.dumps(documents, indent=2, ensure_ascii=False))
    return 1 if failed else 0


def cmd_rules(args: argparse.Namespace) -> int:
    if args.action in ("check", "book"):
        from advisor.cli import authoring as cli_authoring

        return cli_authoring.cmd_check(args) if args.action == "check" else cli_authoring.cmd_book(args)
    if args.action == "new":
        from advisor.cli import new_rule as cli_new_rule

        return cli_new_rule.cmd_new(args)
    from advisor.api import default_rulebase

    rb = default_rulebase()
    if args.propositions:
        _print(_propositions_text(rb))
        return 0
    if args.show:
        spec = rb.rules.get(args.show.upper())
        if spec is None:
            known = ", ".join(sorted(rb.rules))
            sys.stderr.write(f"unknown rule id {args.show}; known ids: {known}\n")
            return 1
        prop = rb.propositions[spec.proposition]
        lines = [
            f"{spec.id}  {spec.title}",
            f"name: {spec.name} · kind: {spec.kind} · severity: {spec.severity}",
            f"proposition: {prop.id} — {rb.papers[prop.paper].short}, {prop.section}",
            f"  {prop.paraphrase}",
            "conditions: "
            + ", ".join(f"{n} in {list(c.all_states) or ['(absent)']}" for n, c in spec.when.items()),
            "",
            spec.doc,
            "",
            "moves:",
            *[f"  - {m.text}\n    why: {m.rationale}" for m in spec.moves],
            "",
            f"example cases where it fires: {', '.join(spec.fires_for)}",
            f"example cases where it stays silent: {', '.join(spec.silent_for)}",
        ]
        _print("\n".join(lines))
        return 0
    for spec in rb.parts.rules:
        _print(f"{spec.id:6} {spec.kind:10} {spec.severity:6} {spec.proposition:8} {spec.title}")
    _print(f"\nrule base {rb.version} · sha256 {rb.content_hash}")
    return 0


def _propositions_text(rb: RuleBase) -> str:
    lines = []
    for prop in rb.parts.propositions:
        rules = [r.id for r in rb.parts.rules if r.proposition == prop.id] + list(prop.rules)
        status = {"encoded": "encoded", "partly": "partly encoded", "not_encodable": "not encodable"}[
            prop.status
        ]
        lines.append(f"{prop.id}  {rb.papers[prop.paper].short}, {prop.section}")
        lines.append(f"    {prop.paraphrase}")
        lines.append(f"    {status}" + (f" by {', '.join(dict.fromkeys(rules))}" if rules else ""))
        lines.append(
            f"    evidence: {prop.basis.replace('_', ' ')}" + (f"; {prop.reason}" if prop.reason else "")
        )
    return "\n".join(lines)


def cmd_questions(args: argparse.Namespace) -> int:
    import json

    import yaml

    from advisor.api import default_rulebase
    from advisor.core.schema import assessment_json_schema

    rb = default_rulebase()
    if args.schema:
        _print(json.dumps(assessment_json_schema(rb.bank), indent=2))
        return 0
    if args.format == "json":
        _print(rb.bank.model_dump_json(indent=2))
        return 0
    if args.format == "yaml":
        _print(yaml.safe_dump(rb.bank.model_dump(mode="json"), sort_keys=False, allow_unicode=True))
        return 0
    for section in rb.bank.sections:
        repeat = " (repeat for each entry)" if section.repeat else ""
        _print(f"\n== {section.title}{repeat}\n   {section.intro}")
        for q in rb.bank.in_section(section.id):
            _print(f"  {q.id}: {q.text}")
            _print(f"      {q.allowed_description()}")
            _print(f"      source: {q.source.paper}, {q.source.item}")
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    import datetime as dt
    import json

    import yaml

    from advisor.api import default_rulebase
    from advisor.core.schema import blank_assessment
    from advisor.portfolio.inputs import csv_template

    rb = default_rulebase()
    if args.csv:
        sys.stdout.write(csv_template(rb.bank, dt.date.today()))
        return 0
    data = blank_assessment(rb.bank)
    if args.format == "json":
        _print(json.dumps(data, indent=2))
    else:
        _print(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bmi-advisor",
        description="Diagnose a business model from interview answers, with cited, explained moves.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("assess", help="assess one or more assessment files (YAML or JSON)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument(
        "--counterpart",
        metavar="OTHER_FILE",
        help="the other party's answers about the same relationship (e.g. the customer's file)",
    )
    p.add_argument(
        "--explain",
        action="store_true",
        help="add, for each finding, the smallest answer change that would remove or bring it",
    )
    p.set_defaults(run=cmd_assess)

    p = sub.add_parser(
        "rules",
        help="list the rules, show one (rules show ID), check the rule base (rules check), "
        "write the rule book (rules book -o DIR) or start a new rule (rules new ID)",
    )
    p.add_argument("action", nargs="?", choices=["show", "check", "book", "new"])
    p.add_argument("rule_id", nargs="?")
    p.add_argument("--propositions", action="store_true", help="print the proposition registry")
    p.add_argument(
        "--papers",
        metavar="DIR",
        help="check: folder with the papers' texts (JA14.txt, or any name: found by title), "
        "to check every shown quotation is verbatim",
    )
    p.add_argument("--witness", action="store_true", help="check: print each rule's witness answer set")
    p.add_argument(
        "-o", "--output", metavar="DIR", help="book: the folder to write rule-book.html and .md in"
    )
    p.add_argument(
        "--examples",
        metavar="DIR",
        help="book: the example cases to assess for coverage (default: examples/)",
    )
    p.add_argument("--paper", help="new: the paper the rule encodes (an id from propositions.yaml)")
    p.add_argument("--proposition", help="new: the proposition it encodes, e.g. JA14-P2")
    p.add_argument("--framework", help="new: the framework folder (default: that of the proposition's rules)")
    p.add_argument("--rules", metavar="DIR", help="new: the rule-base folder to write in (default: rules/)")
    p.set_defaults(run=cmd_rules)

    p = sub.add_parser("questions", help="print or export the question bank or its JSON Schema")
    p.add_argument("--format", choices=("text", "json", "yaml"), default="text")
    p.add_argument("--schema", action="store_true", help="print the assessment file JSON Schema")
    p.set_defaults(run=cmd_questions)

    cli_teaching.register(sub)

    p = sub.add_parser("template", help="print a blank assessment file to fill in")
    p.add_argument("--format", choices=("yaml", "json"), default="yaml")
    p.add_argument("--csv", action="store_true", help="print a batch CSV header and an example row instead")
    p.set_defaults(run=cmd_template)

    cli_batch.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "rules":
        if args.action in ("show", "new") and not args.rule_id:
            parser.error(f"rules {args.action} needs a rule id, e.g. `bmi-advisor rules {args.action} LK-10`")
        if args.action == "book" and not args.output:
            parser.error("rules book needs a folder to write in, e.g. `bmi-advisor rules book -o book`")
        args.show = args.rule_id if args.action == "show" else None
    try:
        return args.run(args)
    except BrokenPipeError:
        # The reader went away (`bmi-advisor questions | head`): stop quietly, as Unix tools do.
        # Pointing stdout at devnull keeps the interpreter's final flush from raising again.
        with suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


if __name__ == "__main__":
    raise SystemExit(main())
