"""Your next 90 days: an action list built from the report's moves (the first move of each
problem), with an owner and a date the founder fills in, exportable as CSV/XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from advisor.app.draft import PlanEntry
from advisor.reporting.lead import grouped, plain
from advisor.reporting.report import Report

PLAN_ACTIONS = 6  # one move per problem, the most important first: a quarter's work, not a backlog
PLAN_DAYS = 90


@dataclass(frozen=True)
class Action:
    move_id: str
    text: str
    because: str  # the finding it answers, in its own words
    entry: PlanEntry


def plan(report: Report, saved: Mapping[str, PlanEntry]) -> list[Action]:
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
