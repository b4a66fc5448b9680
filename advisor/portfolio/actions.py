"""Action plans across rounds: the moves an advisor and a founder agreed, and what became of them.

An action is one agreed move for one firm: which finding it answers, the move, who owns it, when it
is due, its status and a note. A batch output folder keeps them in actions.csv beside the reports,
so the plan travels with the round; the Portfolio page edits it, and a spreadsheet (CSV or XLSX)
round-trips it, with every bad cell reported by row, column, value and what is allowed.

At the next round each action is held against what happened to its finding: resolved, improved,
persisting or worse, and whether it is overdue (not done by its due date, on the date the firm
was assessed again).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from advisor.core.assessment import AssessmentError, Problem
from advisor.core.files import atomic_open
from advisor.core.rulekit import severity_rank
from advisor.portfolio.index import FirmEntry, heat_cells, latest_by_firm
from advisor.portfolio.sheets import FORMULA_START, CsvSink, XlsxSink

ACTIONS = "actions.csv"
ACTIONS_REVIEW = "actions-review.csv"
COLUMNS = ("firm_id", "finding", "move", "owner", "due", "status", "note")
STATUSES = ("open", "in progress", "done", "dropped")
CLOSED = ("done", "dropped")
MAX_TEXT = 1000  # characters in a move or a note: a sentence or a short paragraph
MAX_ACTIONS = 50_000  # rows of one plan file: a portfolio's worth, far from a spreadsheet's limit
Outcome = Literal["resolved", "improved", "persisting", "worse", "not reassessed", "not found before", "—"]
REVIEW_COLUMNS = (*COLUMNS, "outcome", "severity_before", "severity_now", "overdue")


class Action(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    firm_id: str = Field(min_length=1, max_length=80)
    finding: str = Field(default="", max_length=40)  # the rule id of the finding it answers, if any
    move: str = Field(min_length=1, max_length=MAX_TEXT)
    owner: str = Field(default="", max_length=200)
    due: dt.date | None = None
    status: Literal["open", "in progress", "done", "dropped"] = "open"
    note: str = Field(default="", max_length=MAX_TEXT)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.firm_id, self.finding, self.move)

    def cells(self) -> list[str]:
        due = self.due.isoformat() if self.due else ""
        return [self.firm_id, self.finding, self.move, self.owner, due, self.status, self.note]


# ---------------------------------------------------------------- reading a plan


def _row_action(cells: dict[str, str], where: str) -> tuple[Action | None, list[Problem]]:
    problems: list[Problem] = []

    def bad(column: str, message: str, allowed: str) -> None:
        value = cells.get(column, "")
        shown = value if len(value) <= 60 else value[:57] + "…"
        problems.append(Problem(f"{where} column {column}", message, value=repr(shown), allowed=allowed))

    firm_id = cells.get("firm_id", "").strip()
    move = cells.get("move", "").strip()
    if not firm_id:
        bad("firm_id", "every action names the firm", "the firm's id, as in the portfolio")
    if not move:
        bad("move", "every action says what will be done", "a sentence")
    for column, limit in (("move", MAX_TEXT), ("note", MAX_TEXT), ("owner", 200), ("finding", 40)):
        if len(cells.get(column, "")) > limit:
            bad(column, "too long", f"at most {limit} characters")
    status = cells.get("status", "").strip().lower() or "open"
    if status not in STATUSES:
        bad("status", "unknown status", ", ".join(STATUSES))
    due_text = cells.get("due", "").strip()
    due = None
    if due_text:
        try:
            due = dt.date.fromisoformat(due_text[:10])
        except ValueError:
            bad("due", "not a date", "a date as YYYY-MM-DD, or empty")
    if problems:
        return None, problems
    action = Action(
        firm_id=firm_id,
        finding=cells.get("finding", "").strip(),
        move=move,
        owner=cells.get("owner", "").strip(),
        due=due,
        status=status,  # type: ignore[arg-type]  # checked against STATUSES above
        note=cells.get("note", "").strip(),
    )
    return action, []


def _header_problems(header: Sequence[str], where: str) -> list[Problem]:
    missing = [c for c in ("firm_id", "move") if c not in header]
    unknown = [h for h in header if h and h not in COLUMNS]
    problems = []
    if missing:
        problems.append(
            Problem(where, f"missing column(s): {', '.join(missing)}", allowed=", ".join(COLUMNS))
        )
    for name in unknown:
        problems.append(Problem(where, "unknown column", value=repr(name), allowed=", ".join(COLUMNS)))
    return problems


def _unguarded(text: str) -> str:
    """A cell as typed: our writers put an apostrophe before a formula-like text (sheets.safe_cell),
    so reading it back takes that apostrophe off again."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def parse_rows(
    rows: Iterable[Sequence[str]], name: str, firms: set[str] | None = None, row_word: str = "row"
) -> tuple[list[Action], list[Problem]]:
    """Actions from a sheet's rows (the first is the header); every bad row is reported and the
    good ones kept. `firms`, when given, are the firm ids an action may name."""
    rows = iter(rows)
    header = [str(h).strip() for h in next(rows, [])]
    problems = _header_problems(header, f"{name} {row_word} 1")
    if problems:
        return [], problems
    actions: list[Action] = []
    for number, row in enumerate(rows, start=2):
        cells = {h: _unguarded(str(v or "")) for h, v in zip(header, row, strict=False) if h}
        if not any(v.strip() for v in cells.values()):
            continue
        where = f"{name} {row_word} {number}"
        if len(actions) >= MAX_ACTIONS:
            problems.append(Problem(where, f"more than {MAX_ACTIONS} actions; split the plan"))
            break
        action, found = _row_action(cells, where)
        if action is not None and firms is not None and action.firm_id not in firms:
            found.append(
                Problem(
                    f"{where} column firm_id",
                    "no such firm in this portfolio",
                    value=repr(action.firm_id),
                    allowed="a firm id of the portfolio",
                )
            )
            action = None
        problems += found
        if action is not None:
            actions.append(action)
    return actions, problems


def read_plan(data: bytes, name: str, firms: set[str] | None = None) -> tuple[list[Action], list[Problem]]:
    """A plan file as uploaded or saved: CSV (UTF-8) or XLSX, told apart by `name`'s suffix."""
    if name.lower().endswith(".xlsx"):
        return _read_xlsx(data, name, firms)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [Problem(name, "not UTF-8 text", allowed="a CSV saved as UTF-8, or an .xlsx workbook")]
    return parse_rows(csv.reader(io.StringIO(text, newline="")), name, firms)


def _read_xlsx(data: bytes, name: str, firms: set[str] | None) -> tuple[list[Action], list[Problem]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        return [], [
            Problem(name, f"not a readable .xlsx workbook ({exc})", allowed="an .xlsx saved by Excel")
        ]
    try:
        sheet = workbook.worksheets[0]
        rows = ([_xlsx_text(v) for v in row] for row in sheet.iter_rows(values_only=True))
        return parse_rows(rows, f"{name} sheet '{sheet.title}'", firms)
    finally:
        workbook.close()


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def load_actions(folder: Path) -> list[Action]:
    """The plan kept in a batch output folder (none yet: an empty plan). A plan that no longer
    reads is an error naming every bad row: it was saved by this program or edited by hand."""
    path = folder / ACTIONS
    if not path.is_file():
        return []
    actions, problems = read_plan(path.read_bytes(), str(path))
    if problems:
        raise AssessmentError(str(path), problems)
    return actions


# ---------------------------------------------------------------- writing a plan


def _csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO()
    CsvSink(buffer, header).write_rows(rows)
    return buffer.getvalue()


def plan_csv(actions: Iterable[Action]) -> str:
    return _csv_text(COLUMNS, (a.cells() for a in actions))


def plan_xlsx(actions: Iterable[Action]) -> bytes:
    buffer = io.BytesIO()
    sink = XlsxSink(buffer, COLUMNS, sheet_name="actions")
    for a in actions:
        sink.write(a.cells())
    sink.close()
    return buffer.getvalue()


def save_actions(folder: Path, actions: Iterable[Action]) -> None:
    with atomic_open(folder / ACTIONS, newline="") as handle:
        handle.write(plan_csv(actions))


def merged(kept: Sequence[Action], carried: Iterable[Action]) -> list[Action]:
    """`kept` as it is, then every carried action it does not already hold (same firm, finding
    and move): a re-run of a round keeps its edits and still picks up the earlier round's plan."""
    keys = {a.key for a in kept}
    return [*kept, *(a for a in carried if a.key not in keys)]


def replace_firm(actions: Sequence[Action], firm_id: str, firm_actions: Iterable[Action]) -> list[Action]:
    """The plan with one firm's actions replaced, the other firms' left in their places."""
    others = [a for a in actions if a.firm_id != firm_id]
    return [*others, *firm_actions]


# ---------------------------------------------------------------- against the next round


class ActionReview(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    action: Action
    outcome: Outcome
    severity_before: str = ""
    severity_now: str = ""
    overdue: bool = False

    def cells(self) -> list[str]:
        return [
            *self.action.cells(),
            self.outcome,
            self.severity_before,
            self.severity_now,
            "yes" if self.overdue else "",
        ]


def _severity(entry: FirmEntry | None, rule_id: str) -> str:
    if entry is None:
        return ""
    cell = heat_cells(entry).get(rule_id)
    return cell.severity if cell else ""


def _outcome(before: str, now: str, reassessed: bool, named: bool) -> Outcome:
    if not reassessed:
        return "not reassessed"
    if not named:
        return "—"
    if not before:
        return "not found before"
    if not now:
        return "resolved"
    change = severity_rank(before) - severity_rank(now)  # rank 0 is the most pressing
    return "persisting" if change == 0 else "improved" if change < 0 else "worse"


def review(
    actions: Iterable[Action], before: Iterable[FirmEntry], now: Iterable[FirmEntry], today: dt.date
) -> list[ActionReview]:
    """Each action against its firm's latest assessment in each round. Overdue: not done or dropped,
    and due before the firm's new assessment (before `today` for a firm not assessed again)."""
    old = latest_by_firm(before)
    new = latest_by_firm(now)
    out = []
    for a in actions:
        then, current = old.get(a.firm_id), new.get(a.firm_id)
        sev_before, sev_now = _severity(then, a.finding), _severity(current, a.finding)
        as_of = current.assessment_date if current else today
        overdue = a.status not in CLOSED and a.due is not None and a.due < as_of
        outcome = _outcome(sev_before, sev_now, current is not None, bool(a.finding))
        out.append(
            ActionReview(
                action=a, outcome=outcome, severity_before=sev_before, severity_now=sev_now, overdue=overdue
            )
        )
    return out


def review_csv(reviews: Iterable[ActionReview]) -> str:
    return _csv_text(REVIEW_COLUMNS, (r.cells() for r in reviews))


def review_lines(reviews: Sequence[ActionReview]) -> list[str]:
    """Plain lines for the terminal and the change report: one per action, the overdue first."""
    lines = []
    for r in sorted(reviews, key=lambda r: (not r.overdue, r.action.firm_id)):
        a = r.action
        finding = f" [{a.finding}]" if a.finding else ""
        due = f", due {a.due}" if a.due else ""
        late = " · OVERDUE" if r.overdue else ""
        severity = f" ({r.severity_before or '—'} → {r.severity_now or '—'})" if a.finding else ""
        owner = f" ({a.owner})" if a.owner else ""
        lines.append(f"{a.firm_id}{finding} {a.move}{owner}: {a.status}{due} → {r.outcome}{severity}{late}")
    return lines
