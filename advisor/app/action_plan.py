"""The report's lead for founders: the findings that matter most (one card per finding, however
many business models it concerns), each with its first move, and "your next 90 days", an action
list built from those moves with an owner and a date the founder fills in, exportable as CSV/XLSX.

Also the plain-words filter: the papers' case codes (R1-R6) and proposition codes (P1-P4) stay in
the knowledge, where researchers check them against the papers; founders read plain words.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from advisor.app.draft import PlanEntry
from advisor.reporting.report import Finding, MoveOut, Report

HEADLINE_PROBLEMS = 3  # the first screen: few enough to act on, as the anchor tools do
HEADLINE_STRENGTHS = 3
PLAN_ACTIONS = 6  # one move per problem, the most important first: a quarter's work, not a backlog
PLAN_DAYS = 90

_CODE_LIST = r"(?:R[1-6]|P[1-4])(?:(?:,\s*|\s+and\s+)(?:R[1-6]|P[1-4]))*"
_PLAIN = [
    (re.compile(rf"\s*\({_CODE_LIST}\)"), ""),  # "(R4)", "(R5, R6)": a reference, not a word
    (re.compile(r"\bR[1-6] and R[1-6]\b"), "two deals in the study"),
    (re.compile(r"\bR[1-6]'s\b"), "one studied deal's"),
    (re.compile(r"\bR[1-6]:\s*"), "in one studied deal, "),
    (re.compile(r"\bR[1-6]\b"), "one deal in the study"),
    (re.compile(r"\bof P[1-4]\b"), "the research describes"),
    (re.compile(r"\bP[1-4]\b"), "the research"),
]


def plain(text: str) -> str:
    """A knowledge text with the papers' case and proposition codes put in plain words."""
    for pattern, words in _PLAIN:
        text = pattern.sub(words, text)
    return text[:1].upper() + text[1:] if text else text


def source_words(finding: Finding) -> str:
    """The research behind a finding, without the proposition code: "Sjödin et al. 2020"."""
    return finding.citation.text.split(",")[0]


@dataclass(frozen=True)
class FindingGroup:
    """One finding about the same thing, for the firm and/or several of its business models."""

    findings: tuple[Finding, ...]

    @property
    def lead(self) -> Finding:
        return self.findings[0]

    @property
    def where(self) -> list[str]:
        """What it concerns besides the firm: the business models' or collaborations' names."""
        return [f.subject_name for f in self.findings if f.subject != "firm"]

    @property
    def moves(self) -> list[MoveOut]:
        seen: dict[str, MoveOut] = {}
        for f in self.findings:
            for m in f.moves:
                seen.setdefault(m.id, m)
        return list(seen.values())


def grouped(findings: list[Finding]) -> list[FindingGroup]:
    """Findings of one rule together, in the report's order (the most severe first)."""
    order: dict[str, list[Finding]] = {}
    for f in findings:
        order.setdefault(f.rule_id, []).append(f)
    return [FindingGroup(tuple(fs)) for fs in order.values()]


def headline(report: Report) -> tuple[list[FindingGroup], list[FindingGroup]]:
    """The first screen: the problems that matter most, and the firm's strengths."""
    groups = grouped(report.findings)
    problems = [g for g in groups if g.lead.kind == "problem"][:HEADLINE_PROBLEMS]
    strengths = [g for g in groups if g.lead.kind == "strength"][:HEADLINE_STRENGTHS]
    return problems, strengths


@dataclass(frozen=True)
class Action:
    move_id: str
    text: str
    because: str  # the finding it answers, in its own words
    entry: PlanEntry


def plan(report: Report, saved: dict[str, PlanEntry]) -> list[Action]:
    """The next 90 days: the first move of each problem, most severe first, with what was saved."""
    out: list[Action] = []
    for group in grouped(report.findings):
        if group.lead.kind != "problem" or not group.moves:
            continue
        move = next((m for m in group.moves if m.id not in {a.move_id for a in out}), None)
        if move is None:
            continue
        out.append(Action(move.id, plain(move.text), group.lead.title, saved.get(move.id, PlanEntry())))
        if len(out) == PLAN_ACTIONS:
            break
    return out


PLAN_COLUMNS = ("Done", "Action", "Because", "Owner", "Due")


def _row(a: Action) -> list[str]:
    due = a.entry.due.isoformat() if a.entry.due else ""
    return ["yes" if a.entry.done else "no", a.text, a.because, a.entry.owner, due]


def plan_csv(actions: list[Action]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(PLAN_COLUMNS)
    writer.writerows(_row(a) for a in actions)
    return out.getvalue().encode("utf-8-sig")  # the BOM makes Excel read the UTF-8 names right


def plan_xlsx(actions: list[Action], firm_name: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Next 90 days"
    sheet.append([f"{firm_name}: the next {PLAN_DAYS} days"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(list(PLAN_COLUMNS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for a in actions:
        sheet.append([a.entry.done, a.text, a.because, a.entry.owner, a.entry.due])
    for column, width in zip("ABCDE", (8, 60, 40, 20, 12), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        row[4].number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
