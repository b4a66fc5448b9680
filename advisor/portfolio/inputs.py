"""Batch inputs read as a stream of rows: CSV, XLSX, JSON Lines, or a folder of assessment files.

Each row comes out as raw assessment data plus the problems found while reading it, labelled with
where it came from (file and spreadsheet row number, JSONL line, or file name), so that a problem
message can send the advisor straight to the cell. A spreadsheet row comes out as its cells: the
input's ColumnPlan turns them into assessment data (`decode`) in the worker that scores the row,
so the reading process, which every worker waits on, only splits lines. Nothing is validated
against the question bank here beyond the header: `validate_assessment` does that, once, in the
worker that scores the row.
The file format is documented in docs/batch-format.md.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import difflib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor.core.assessment import (
    MAX_FILE_BYTES,
    SCHEMA_VERSION,
    AssessmentError,
    Problem,
    read_structured_file,
)
from advisor.core.bank import SPECIAL_VALUES, AnswerType, Question, QuestionBank

META_COLUMNS = ("firm_id", "firm_name", "assessment_date", "respondent_role")
OPTIONAL_META = ("relationship_id", "sector")
EVIDENCE_SUFFIX = "__evidence"
MULTI_SEPARATOR = ";"
EMPTY_LIST = "[]"  # a multi-choice cell meaning "none of these" (an empty cell means unanswered)
MAX_INPUT_BYTES = 1_000_000_000
MAX_ITEMS_PER_SECTION = 50
ASSESSMENT_SUFFIXES = (".yaml", ".yml", ".json")
_ITEM_COLUMN = re.compile(r"^(?P<section>[a-z_]+)\.(?P<n>\d+)\.(?P<field>.+)$")


@dataclass(frozen=True)
class Row:
    """One firm's raw answers as read, before validation: assessment data, or a spreadsheet row's
    cells still to be decoded by the input's ColumnPlan."""

    source: str  # the file: "clients.csv", or "answers/acme.yaml" for a folder
    position: str  # "row 4" (spreadsheet numbering: the header is row 1), "line 3", or ""
    data: dict[str, Any] | None
    problems: tuple[Problem, ...] = ()
    cells: list[str] | None = None

    @property
    def where(self) -> str:
        return f"{self.source} {self.position}".strip()


@dataclass
class Input:
    """An opened batch input: its rows (read lazily), the plan that decodes a spreadsheet's rows,
    and, for progress, about how many rows there are."""

    path: Path
    kind: str
    rows: Iterator[Row]
    total_hint: int | None = None
    plan: ColumnPlan | None = None


def input_error(path: Path, message: str) -> AssessmentError:
    return AssessmentError(str(path), [Problem(str(path), message)])


def open_input(path: Path, bank: QuestionBank, delimiter: str = ",") -> Input:
    """Open a batch input by its kind; the header is checked now, rows are read as they are used."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in ASSESSMENT_SUFFIXES and p.is_file())
        if not files:
            raise input_error(path, "folder holds no assessment files (.yaml, .yml or .json)")
        return Input(path, "folder", (_file_row(p) for p in files), len(files))
    if not path.is_file():
        raise input_error(path, "no such file or folder")
    size = path.stat().st_size
    suffix = path.suffix.lower()
    if size == 0:
        raise input_error(path, "file is empty; expected a header row (see `bmi-advisor template --csv`)")
    if size > MAX_INPUT_BYTES:
        raise input_error(path, f"file is {size} bytes; the limit is {MAX_INPUT_BYTES}; split it into parts")
    if suffix in (".xlsx", ".xlsm"):
        return _open_xlsx(path, bank)
    lines = _check_utf8(path)
    if suffix in (".jsonl", ".ndjson"):
        return Input(path, "jsonl", _jsonl_rows(path), lines)
    if suffix in (".csv", ".tsv", ".txt"):
        return _open_csv(path, bank, "\t" if suffix == ".tsv" else delimiter, lines)
    raise input_error(
        path, f"unknown input kind '{suffix}'; allowed: .csv, .tsv, .xlsx, .jsonl, or a folder of assessments"
    )


def _check_utf8(path: Path) -> int:
    """Decode the whole file once, in chunks, so a bad byte is reported with its line before any
    row is scored; returns the number of lines (for the progress estimate)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = offset = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line = lines + chunk[: exc.start].count(b"\n") + 1
                raise input_error(
                    path,
                    f"not UTF-8 text (line {line}, byte {offset + exc.start}); "
                    "save the file as UTF-8 (in Excel: 'CSV UTF-8')",
                ) from None
            lines += chunk.count(b"\n")
            offset += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise input_error(path, "not UTF-8 text (the file ends inside a character)") from None
    return lines


def _file_row(path: Path) -> Row:
    try:
        return Row(str(path), "", read_structured_file(path))
    except AssessmentError as exc:
        return Row(str(path), "", None, tuple(exc.problems))


def _jsonl_rows(path: Path) -> Iterator[Row]:
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            position = f"line {number}"
            where = f"{path} {position}"
            if not line.strip():
                continue
            problem = None
            if len(line) > MAX_FILE_BYTES:
                problem = Problem(where, f"line is longer than {MAX_FILE_BYTES} characters")
            else:
                try:
                    data = json.loads(line)
                except json.JSONDecodeError as exc:
                    problem = Problem(where, f"not valid JSON: {exc.msg} (column {exc.colno})")
                else:
                    if not isinstance(data, dict):
                        msg = "should hold one assessment object ({...}) per line"
                        problem = Problem(where, msg, value=line.strip()[:40])
            if problem:
                yield Row(str(path), position, None, (problem,))
            else:
                yield Row(str(path), position, data)


# ---------------------------------------------------------------- spreadsheets (CSV and XLSX)


@dataclass(frozen=True)
class _Column:
    """What one spreadsheet column holds: a header field, an answer, or an answer's evidence."""

    name: str
    kind: str  # "meta", "answer", "evidence", "item_id"
    question: Question | None = None
    section: str = ""  # repeated section, for item columns
    item: int = 0  # 1-based item number within the section
    choices: dict[str, str] = field(default_factory=dict)  # lower-case spelling -> allowed value

    @classmethod
    def for_question(
        cls, name: str, kind: str, question: Question, section: str = "", item: int = 0
    ) -> _Column:
        # Built once per column, not once per cell: a survey export has ~100 columns x many rows.
        choices = {o.value.lower(): o.value for o in question.choices}
        return cls(name, kind, question, section, item, choices)


@dataclass
class ColumnPlan:
    columns: list[_Column]
    problems: list[Problem] = field(default_factory=list)
    item_nouns: dict[str, str] = field(default_factory=dict)  # default item ids: "collaboration-1"

    def meta(self, cells: list[str], name: str) -> str | None:
        """A header field of an undecoded row (e.g. its firm_id), as decoding would give it."""
        for column, text in zip(self.columns, cells, strict=False):
            if column.kind == "meta" and column.name == name:
                return text.strip() or None
        return None

    def decode(self, row: Row) -> Row:
        """A spreadsheet row's cells as assessment data; problems found while reading it (e.g. a
        duplicate firm id) follow those of its cells. Rows holding data pass unchanged."""
        if row.cells is None:
            return row
        built = build_row(self, row.cells, row.source, row.position)
        return Row(row.source, row.position, built.data, built.problems + row.problems)


def _known_columns(bank: QuestionBank) -> list[str]:
    firm = [q.id for q in bank.questions if not bank.section_by_id[q.section].repeat]
    items = [f"{s.id}.1.{q.id}" for s in bank.repeat_sections for q in bank.in_section(s.id)]
    items += [f"{s.id}.1.id" for s in bank.repeat_sections]
    return [*META_COLUMNS, *OPTIONAL_META, *firm, *items]


def _suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    return f"did you mean {' or '.join(close)}?" if close else "see `bmi-advisor template --csv`"


def plan_columns(header: list[str], bank: QuestionBank, where: str) -> ColumnPlan:
    """Check a header row and say what each column holds; every header problem is collected."""
    names = [h.strip() for h in header]
    while names and not names[-1]:  # spreadsheets often export empty trailing columns
        names.pop()
    known = _known_columns(bank)
    plan = ColumnPlan([], item_nouns={s.id: s.item_noun for s in bank.repeat_sections})
    if not any(n in known or n.removesuffix(EVIDENCE_SUFFIX) in known for n in names):
        shown = ", ".join(repr(n) for n in names[:4])
        plan.problems.append(
            Problem(
                where,
                f"the first row is not a header: none of its cells ({shown}) names a column. "
                f"Add a header row naming {', '.join(META_COLUMNS)} and the question ids "
                "(`bmi-advisor template --csv` prints one)",
            )
        )
        return plan
    seen: dict[str, int] = {}
    for index, name in enumerate(names, start=1):
        column, why = _column(name, bank, known)
        if name in seen:
            why = f"the same column name appears twice (columns {seen[name]} and {index})"
        seen.setdefault(name, index)
        if why:
            plan.problems.append(Problem(f"{where} column {index}", why, name))
        plan.columns.append(column or _Column(name, "ignored"))
    missing = [m for m in META_COLUMNS if m not in seen]
    if missing:
        plan.problems.append(Problem(where, f"missing required column(s): {', '.join(missing)}"))
    return plan


def _column(name: str, bank: QuestionBank, known: list[str]) -> tuple[_Column | None, str]:
    if not name:
        return None, "column has no name; name it or delete it"
    if name in META_COLUMNS or name in OPTIONAL_META:
        return _Column(name, "meta"), ""
    evidence = name.endswith(EVIDENCE_SUFFIX)
    base = name.removesuffix(EVIDENCE_SUFFIX)
    match = _ITEM_COLUMN.match(base)
    if match:
        section, n, qid = match["section"], int(match["n"]), match["field"]
        repeat = {s.id for s in bank.repeat_sections}
        if section not in repeat:
            return None, f"unknown repeated section '{section}'; allowed: {', '.join(sorted(repeat))}"
        if not 1 <= n <= MAX_ITEMS_PER_SECTION:
            return None, f"item number {n} is outside 1..{MAX_ITEMS_PER_SECTION}"
        if qid == "id" and not evidence:
            return _Column(name, "item_id", section=section, item=n), ""
        question = bank.by_id.get(qid)
        if question is None or question.section != section:
            in_section = [q.id for q in bank.in_section(section)]
            return None, f"unknown question in section '{section}'; {_suggest(qid, in_section)}"
        return _Column.for_question(name, "evidence" if evidence else "answer", question, section, n), ""
    question = bank.by_id.get(base)
    if question is None or bank.section_by_id[question.section].repeat:
        hint = _suggest(base, known)
        if question is not None:
            hint = f"it belongs to a repeated section: write it as {question.section}.1.{base}"
        return None, f"unknown column; {hint}"
    return _Column.for_question(name, "evidence" if evidence else "answer", question), ""


def _cell_value(column: _Column, text: str) -> Any:
    """A spreadsheet cell as the value an assessment file would hold. What cannot be converted is
    passed on as text, so validation reports it with the question's allowed values."""
    if text in SPECIAL_VALUES:
        return text
    choices = column.choices
    assert column.question
    match column.question.type:
        case AnswerType.MULTI:
            if text == EMPTY_LIST:
                return []
            parts = [p.strip() for p in text.split(MULTI_SEPARATOR)]
            return [choices.get(p.lower(), p) for p in parts if p]
        case AnswerType.SINGLE | AnswerType.YESNO:
            return choices.get(text.lower(), text)
        case AnswerType.SCALE | AnswerType.NUMBER:
            for convert in (int, float):
                try:
                    return convert(text)
                except ValueError:
                    continue
            return text
        case _:
            return text


def _answers_of(data: dict[str, Any], items: dict, column: _Column) -> dict[str, Any]:
    """Where a column's answer goes: the firm's answers, or those of one repeated-section item."""
    if not column.section:
        return data["answers"]
    return items.setdefault((column.section, column.item), {"answers": {}})["answers"]


def build_row(plan: ColumnPlan, cells: list[str], source: str, position: str) -> Row:
    """Raw assessment data from one spreadsheet row."""
    where = f"{source} {position}"
    problems: list[Problem] = []
    extra = [c for c in cells[len(plan.columns) :] if c.strip()]
    if extra:
        problems.append(
            Problem(
                where,
                f"row has values beyond the {len(plan.columns)} named columns; check the delimiter "
                "and that cells containing commas are quoted",
                value=repr(extra[0])[:60],
            )
        )
    data: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "answers": {}}
    items: dict[tuple[str, int], dict[str, Any]] = {}
    evidence: list[tuple[_Column, str]] = []
    for column, raw in zip(plan.columns, cells, strict=False):
        text = raw.strip()
        if not text or column.kind == "ignored":
            continue
        if column.kind == "meta":
            data[column.name] = text
        elif column.kind == "evidence":
            evidence.append((column, text))
        elif column.kind == "item_id":
            items.setdefault((column.section, column.item), {"answers": {}})["id"] = text
        else:
            assert column.question
            _answers_of(data, items, column)[column.question.id] = {"value": _cell_value(column, text)}
    for column, text in evidence:
        assert column.question
        target = _answers_of(data, items, column)
        if column.question.id not in target:
            problems.append(Problem(where, "evidence given but the question has no answer", column.name))
            continue
        target[column.question.id]["evidence"] = text
    groups: dict[str, list[dict[str, Any]]] = {}
    for (section, n), item in sorted(items.items()):
        noun = plan.item_nouns.get(section) or "item"
        item.setdefault("id", f"{noun.replace(' ', '-')}-{n}")
        groups.setdefault(section, []).append(item)
    if groups:
        data["groups"] = groups
    return Row(source, position, data, tuple(problems))


def _open_csv(path: Path, bank: QuestionBank, delimiter: str, lines: int) -> Input:
    handle = path.open(encoding="utf-8-sig", newline="")
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        handle.close()
        raise input_error(path, f"header row cannot be read: {exc}") from None
    if header is None or not any(h.strip() for h in header):
        handle.close()
        raise input_error(path, "file has no header row (the first line is empty)")
    plan = plan_columns(header, bank, f"{path} row 1")
    if len(header) == 1:
        for other in (";", "\t", "|") if delimiter == "," else (",",):
            if other in header[0]:
                shown = {"\t": "tab"}.get(other, f"'{other}'")
                plan.problems.insert(
                    0,
                    Problem(
                        f"{path} row 1",
                        f"the header has one column but contains {shown}: the file looks separated by "
                        f"{shown}, not '{delimiter}'. Pass --delimiter \"{other}\" or save it as "
                        "comma-separated CSV",
                    ),
                )
                plan.problems = plan.problems[:1]
                break
    if plan.problems:
        handle.close()
        raise AssessmentError(str(path), plan.problems)
    return Input(path, "csv", _csv_rows(path, handle, reader), max(lines - 1, 1), plan)


def _csv_rows(path: Path, handle, reader) -> Iterator[Row]:
    """The data rows as cells, to be decoded where they are scored; blank lines are skipped."""
    number = 1  # spreadsheet row numbers: the header is row 1
    empty = True
    with handle:
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                # The reader cannot resynchronise after this; the rows before it were scored.
                position = f"row {number + 1}"
                problem = Problem(f"{path} {position}", f"cannot be read, reading stops here: {exc}")
                yield Row(str(path), position, None, (problem,))
                return
            number += 1
            if not any(c.strip() for c in cells):
                continue
            empty = False
            yield Row(str(path), f"row {number}", None, cells=cells)
    if empty:
        yield Row(str(path), "row 2", None, (Problem(f"{path} row 2", "no data rows after the header"),))


def _xlsx_text(value: Any) -> str:
    """An Excel cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _open_xlsx(path: Path, bank: QuestionBank) -> Input:
    import zipfile

    from openpyxl import load_workbook  # openpyxl parses with defusedxml when installed (it is)

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        msg = f"not a readable .xlsx workbook ({exc}); save it from Excel as .xlsx"
        raise input_error(path, msg) from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None or not any(h is not None for h in header):
        workbook.close()
        raise input_error(path, f"sheet '{sheet.title}' has no header row (the first row is empty)")
    plan = plan_columns([_xlsx_text(h) for h in header], bank, f"{path} sheet '{sheet.title}' row 1")
    if plan.problems:
        workbook.close()
        raise AssessmentError(str(path), plan.problems)
    total = (sheet.max_row - 1) if sheet.max_row else None

    def generate() -> Iterator[Row]:
        empty = True
        try:
            for number, values in enumerate(rows, start=2):
                cells = [_xlsx_text(v) for v in values]
                if not any(c.strip() for c in cells):
                    continue
                empty = False
                yield Row(str(path), f"sheet '{sheet.title}' row {number}", None, cells=cells)
        finally:
            workbook.close()
        if empty:
            position = f"sheet '{sheet.title}' row 2"
            problem = Problem(f"{path} {position}", "no data rows after the header")
            yield Row(str(path), position, None, (problem,))

    return Input(path, "xlsx", generate(), total, plan)


def _example_value(q: Question) -> str:
    """A value showing the cell format of a question's type."""
    values = [o.value for o in q.choices]
    match q.type:
        case AnswerType.MULTI:
            return MULTI_SEPARATOR.join(values[:2])
        case AnswerType.SINGLE | AnswerType.YESNO:
            return values[0]
        case AnswerType.SCALE:
            assert q.scale
            return str((q.scale.min + q.scale.max) // 2)
        case AnswerType.NUMBER:
            assert q.number
            return str(int(q.number.min)) if q.number.integer else str(q.number.min)
        case _:
            return "dont_know"


def csv_template(bank: QuestionBank, today: dt.date) -> str:
    """A header naming every column, and one example row showing each cell format: firm-level
    questions, then the first item of each repeated section (add .2., .3. columns for more)."""
    columns = [*META_COLUMNS]
    example = ["example-firm", "Example Ltd (replace this row)", today.isoformat(), "Founder"]
    for q in bank.questions:
        if not bank.section_by_id[q.section].repeat:
            columns.append(q.id)
            example.append(_example_value(q))
    for section in bank.repeat_sections:
        columns.append(f"{section.id}.1.id")
        example.append(f"{(section.item_noun or 'item').replace(' ', '-')}-1")
        for q in bank.in_section(section.id):
            columns.append(f"{section.id}.1.{q.id}")
            example.append(_example_value(q))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerow(example)
    return buffer.getvalue()
