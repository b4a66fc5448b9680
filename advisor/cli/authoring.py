"""`rules check` and `rules book`: the tools for people who extend the knowledge."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from advisor.api import EXAMPLES_DIR, default_rulebase
from advisor.authoring.book import build_book
from advisor.authoring.book_html import book_html
from advisor.authoring.book_markdown import book_markdown
from advisor.authoring.check import NO_PAPERS, CheckReport, check_rulebase
from advisor.authoring.coverage import coverage
from advisor.authoring.problems import CHECKS, KNOWN_PROBLEMS_FILE
from advisor.authoring.quotes import PaperLibrary
from advisor.authoring.witness import Witness, WitnessFinder
from advisor.core.assessment import COUNTERPART, AssessmentError, load_assessment
from advisor.core.files import atomic_open
from advisor.core.rulebase import FIRM, load_parts

EXIT_PROBLEMS = 1


def _out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def cmd_check(args: argparse.Namespace) -> int:
    parts, bank, source_dir = load_parts()
    papers, missing = _papers(args.papers)
    report = check_rulebase(parts, bank, source_dir, papers, missing or NO_PAPERS)
    _out(
        f"Checked rule base {parts.version}: {len(parts.rules)} rules, {len(parts.traits)} traits, "
        f"{len(bank.questions)} questions, {len(parts.propositions)} propositions, "
        f"{len(parts.papers)} papers."
    )
    _out(check_summary(report))
    if args.witness:
        _out("\nWitnesses: for each rule, one answer set that makes it fire (unanswered questions left out)")
        for rule_id, search in report.searches.items():
            if search.witness is not None:
                _out(f"  {rule_id}  {witness_text(search.witness)}")
    # Under CI a missing papers folder is a broken set-up, not a reason to skip quietly.
    ci_missing = bool(missing) and os.environ.get("CI", "").lower() == "true"
    if ci_missing:
        sys.stderr.write(f"rules check: {missing} (CI=true, so this fails the check)\n")
    return EXIT_PROBLEMS if report.problems or ci_missing else 0


def _papers(folder: str | None) -> tuple[PaperLibrary | None, str]:
    if folder is None:
        return None, ""
    path = Path(folder)
    if not path.is_dir():
        return None, f"papers folder {folder} not found; quotations not checked"
    return PaperLibrary(path), ""


def check_summary(report: CheckReport) -> str:
    lines = []
    for check, meaning in CHECKS.items():
        failing = report.failing(check)
        if check in report.skipped:
            lines.append(f"  skip  {check:16} {report.skipped[check]}")
        elif failing:
            lines.append(f"  FAIL  {check:16} {len(failing)} problem(s)")
        else:
            lines.append(f"  ok    {check:16} {meaning}")
    if report.problems:
        lines.append(f"\nProblems ({len(report.problems)}), each with how to fix it:")
        lines += [f"  {p}" for p in report.problems]
    if report.known:
        lines.append(
            f"\nKnown problems, each listed with its reason in {KNOWN_PROBLEMS_FILE} ({len(report.known)}):"
        )
        for problem, reason in report.known:
            where = ", ".join(x for x in (problem.subject, problem.field) if x)
            lines.append(f"  {problem.file}: {where} [{problem.check}]: {reason}")
    if not report.problems:
        lines.append("\nNo problems.")
    return "\n".join(lines)


def witness_text(witness: Witness) -> str:
    places: dict[str, list[str]] = {}
    # The firm's own answers first, the other side's last, each entry of a section in between.
    order = sorted(
        witness.answers.items(), key=lambda kv: (kv[0][0].place != FIRM, kv[0][0].place == COUNTERPART, kv[0])
    )
    for (slot, qid), value in order:
        place = slot.place if slot.place in (FIRM, COUNTERPART) else f"{slot.place} #{slot.entry + 1}"
        shown = (", ".join(value) or "none picked") if isinstance(value, list) else value
        places.setdefault(place, []).append(f"{qid} = {shown}")
    text = "; ".join(f"{place}: {', '.join(answers)}" for place, answers in places.items())
    return (text or "no answers needed") + (" (fires tentatively)" if witness.tentative else "")


def cmd_book(args: argparse.Namespace) -> int:
    rb = default_rulebase()
    folder = Path(args.examples) if args.examples else EXAMPLES_DIR
    cases, failed = {}, []
    for path in sorted(folder.glob("*.yaml")):
        try:
            cases[path.stem] = load_assessment(path, rb.bank)
        except AssessmentError as exc:
            failed.append(str(exc))
    if failed or not cases:
        sys.stderr.write("\n".join(failed) or f"no example cases (*.yaml) in {folder}\n")
        return EXIT_PROBLEMS
    finder = WitnessFinder(rb)
    book = build_book(rb, coverage(rb, cases), {spec.id: finder.find(spec) for spec in rb.parts.rules})
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    for name, text in (("rule-book.md", book_markdown(book)), ("rule-book.html", book_html(book))):
        with atomic_open(out / name) as handle:
            handle.write(text)
    _out(
        f"Wrote {out / 'rule-book.html'} and {out / 'rule-book.md'}: {len(book.rules)} rules, "
        f"{len(cases)} example cases, {len(book.flagged)} rules to look at."
    )
    return 0
