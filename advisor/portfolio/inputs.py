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
import errno
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
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
from advisor.core.limits import BATCH_INPUT, InputRefused, Limits, check_regular, parse_structured
from advisor.portfolio.workbook import Sheet

META_COLUMNS = ("firm_id", "firm_name", "assessment_date", "respondent_role")
OPTIONAL_META = ("relationship_id", "sector")
EVIDENCE_SUFFIX = "__evidence"
MULTI_SEPARATOR = ";"
EMPTY_LIST = "[]"  # a multi-choice cell meaning "none of these" (an empty cell means unanswered)
MAX_INPUT_BYTES = BATCH_INPUT.file_bytes
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


def open_input(path: Path, bank: QuestionBank, delimiter: str = ",", limits: Limits = BATCH_INPUT) -> Input:
    """Open a batch input by its kind; the header is checked now, rows are read as they are used.
    `limits` bound every part of the reading (advisor.core.limits): a batch's, or an upload's."""
    try:
        check_regular(path)
    except FileNotFoundError:
        raise input_error(path, "no such file or folder") from None
    except InputRefused as exc:
        raise input_error(path, str(exc)) from None
    except OSError as exc:
        raise input_error(path, f"cannot be read: {exc.strerror or exc}") from None
    if path.is_dir():
        entries = sorted(p for p in path.iterdir() if p.suffix.lower() in ASSESSMENT_SUFFIXES)
        if not entries:
            raise input_error(path, "folder holds no assessment files (.yaml, .yml or .json)")
        return Input(path, "folder", (_file_row(path, p) for p in entries), len(entries))
    size = path.stat().st_size
    suffix = path.suffix.lower()
    if size == 0:
        raise input_error(path, "file is empty; expected a header row (see `bmi-advisor template --csv`)")
    if size > limits.file_bytes:
        raise input_error(
            path, f"file is {size} bytes; the limit is {limits.file_bytes}; split it into parts"
        )
    if suffix in (".xlsx", ".xlsm"):
        return _open_xlsx(path, bank, limits)
    lines = _check_utf8(path)
    if suffix in (".jsonl", ".ndjson"):
        return Input(path, "jsonl", _jsonl_rows(path, limits), lines)
    if suffix in (".csv", ".tsv", ".txt"):
        return _open_csv(path, bank, "\t" if suffix == ".tsv" else delimiter, lines, limits)
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


def _file_row(folder: Path, path: Path) -> Row:
    """One file of a folder input. Links are read only when they stay inside the folder, and
    anything but a regular file (a broken link, a loop, a device, a folder) is listed, not skipped."""
    try:
        if path.is_symlink():
            target = path.resolve(strict=True)
            if not target.is_relative_to(folder.resolve()):
                raise InputRefused("is a link to a file outside the folder; copy the file in instead")
        check_regular(path)
        if path.is_dir():
            raise InputRefused("is a folder; only assessment files are read")
        return Row(str(path), "", read_structured_file(path))
    except AssessmentError as exc:
        return Row(str(path), "", None, tuple(exc.problems))
    except InputRefused as exc:
        return Row(str(path), "", None, (Problem(str(path), str(exc)),))
    except RuntimeError:  # Path.resolve on a link loop (Python < 3.13)
        return Row(str(path), "", None, (Problem(str(path), "is a link that points to itself (a loop)"),))
    except OSError as exc:  # a broken link, a loop, no permission
        reason = (
            "is a link to a missing file" if path.is_symlink() else f"cannot be read: {exc.strerror or exc}"
        )
        if exc.errno == errno.ELOOP:
            reason = "is a link that points to itself (a loop)"
        return Row(str(path), "", None, (Problem(str(path), reason),))


def _jsonl_rows(path: Path, limits: Limits) -> Iterator[Row]:
    """One assessment per line, each parsed within the limits of one assessment file; a bad line is
    listed with its number and the others are read."""
    line_limits = replace(limits, file_bytes=MAX_FILE_BYTES)
    with path.open(encoding="utf-8-sig") as handle:
        number = 0
        while line := handle.readline(line_limits.file_bytes + 1):
            number += 1
            position = f"line {number}"
            where = f"{path} {position}"
            if len(line) > line_limits.file_bytes and not line.endswith("\n"):
                while (rest := handle.readline(1 << 20)) and not rest.endswith("\n"):
                    pass  # the rest of the over-long line, read in bounded pieces and dropped
                message = f"line is longer than {line_limits.file_bytes:,} characters"
                yield Row(str(path), position, None, (Problem(where, message),))
                continue
            if not line.strip():
                continue
            try:
                data = parse_structured(line, ".json", line_limits)
            except InputRefused as exc:
                yield Row(str(path), position, None, (Problem(where, str(exc)),))
                continue
            if not isinstance(data, dict):
                msg = "should hold one assessment object ({...}) per line"
                yield Row(str(path), position, None, (Problem(where, msg, value=line.strip()[:40]),))
                continue
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

    def name_of(self, index: int) -> str:
        """A column by its 0-based index, as a problem names it: by its header, else by number."""
        return self.columns[index].name if index < len(self.columns) else str(index + 1)

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


def _open_csv(path: Path, bank: QuestionBank, delimiter: str, lines: int, limits: Limits) -> Input:
    csv.field_size_limit(CSV_FIELD_LIMIT)
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
    return Input(path, "csv", _csv_rows(path, handle, reader, plan, limits), max(lines - 1, 1), plan)


def _csv_rows(path: Path, handle: Any, reader: Any, plan: ColumnPlan, limits: Limits) -> Iterator[Row]:
    """The data rows as cells, to be decoded where they are scored; blank lines are skipped. What
    hides or breaks a value (see _csv_records) comes with the row, naming the column."""
    empty = True
    with handle:
        for record in _csv_records(reader, len(plan.columns), reader.dialect.delimiter, limits):
            if not record.problems and not any(c.strip() for c in record.cells):
                continue
            empty = False
            position = f"row {record.number}"
            problems = tuple(
                Problem(
                    f"{path} {position}" + (f" column {plan.name_of(col)}" if col is not None else ""), msg
                )
                for col, msg in record.problems
            )
            yield Row(str(path), position, None, problems, cells=record.cells)
    if empty:
        yield Row(str(path), "row 2", None, (Problem(f"{path} row 2", "no data rows after the header"),))


# Python's csv reader holds a whole cell in memory; this is how much it may read into one before
# giving up on that row (it then goes on at the next line). A cell longer than Limits.cell_chars
# but within this is reported with its row, column and length.
CSV_FIELD_LIMIT = 16_000_000


@dataclass(frozen=True)
class _Record:
    number: int  # spreadsheet numbering: the header is row 1
    cells: list[str]
    problems: tuple[tuple[int | None, str], ...] = ()  # (0-based column or None, message)


def _csv_records(
    reader: Any, width: int, delimiter: str, limits: Limits, first: int = 2
) -> Iterator[_Record]:
    """The records after the header, each with what hides a value in it: an over-long cell, a
    quote that is never closed (the lines it swallowed are read again as rows), a line that cannot
    be read at all. One bad record never stops the reading."""
    number = first - 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            number += 1
            yield _Record(
                number, [], ((None, f"cannot be read ({exc}); the next line is read as the next row"),)
            )
            continue
        number += 1
        if number - 1 > limits.rows:
            yield _Record(
                number, [], ((None, f"the file has more than {limits.rows:,} rows; the rest is not read"),)
            )
            return
        problems: list[tuple[int | None, str]] = []
        if len(cells) > limits.cells_per_row:
            problems.append((None, f"has {len(cells):,} cells; at most {limits.cells_per_row:,} are read"))
            cells = cells[: limits.cells_per_row]
        swallowed = _unclosed_quote(cells, width, delimiter)
        if swallowed is not None:
            lines = swallowed.count("\n") + 1
            problems.append(
                (
                    len(cells) - 1,
                    f"a quote opened in this cell is never closed, so the {lines} line(s) after it were "
                    "read into it; close the quote (those lines are read again as rows)",
                )
            )
            yield _Record(number, cells, tuple(problems))
            inner = csv.reader(io.StringIO(swallowed), delimiter=delimiter)
            for record in _csv_records(inner, width, delimiter, limits, number + 1):
                number = record.number
                yield record
            continue
        for index, cell in enumerate(cells):
            if len(cell) > limits.cell_chars:
                problems.append(
                    (index, f"holds {len(cell):,} characters; the limit is {limits.cell_chars:,}")
                )
                cells[index] = cell[: limits.cell_chars]  # its start, for the value checks to quote
        yield _Record(number, cells, tuple(problems))


def _unclosed_quote(cells: list[str], width: int, delimiter: str) -> str | None:
    """The lines swallowed by a quote that was opened and never closed: a short row whose last cell
    runs over lines that look like rows of their own. The cell keeps its first line."""
    if len(cells) >= width or not cells or "\n" not in cells[-1]:
        return None
    first, rest = cells[-1].split("\n", 1)
    if not any(line.count(delimiter) >= (width - 1) // 2 for line in rest.splitlines()):
        return None
    cells[-1] = first
    return rest


def _open_xlsx(path: Path, bank: QuestionBank, limits: Limits) -> Input:
    try:
        sheet = Sheet(path, limits)
    except InputRefused as exc:
        raise input_error(path, str(exc)) from None
    rows = sheet.rows()
    where = f"{path} sheet '{sheet.title}'"
    try:
        header = next(rows, None)
    except InputRefused as exc:
        sheet.close()
        raise input_error(path, str(exc)) from None
    if header is None or header.number != 1:
        sheet.close()
        raise input_error(path, f"sheet '{sheet.title}' has no header row (the first row is empty)")
    plan = plan_columns(header.cells, bank, f"{where} row 1")
    plan.problems += [Problem(f"{where} row 1", p) for p in header.problems]
    if plan.problems:
        sheet.close()
        raise AssessmentError(str(path), plan.problems)

    def generate() -> Iterator[Row]:
        empty = True
        try:
            for row in rows:
                empty = False
                position = f"sheet '{sheet.title}' row {row.number}"
                problems = tuple(Problem(f"{path} {position}", p) for p in row.problems)
                yield Row(str(path), position, None, problems, cells=row.cells)
        except InputRefused as exc:
            empty = False
            yield Row(str(path), f"sheet '{sheet.title}'", None, (Problem(where, str(exc)),))
        else:
            for title in sheet.other_sheets_with_rows():
                msg = (
                    f"holds rows that were not read: a batch reads only the first sheet ('{sheet.title}'); "
                    "move them onto it, or save this sheet as a file of its own"
                )
                yield Row(str(path), f"sheet '{title}'", None, (Problem(f"{path} sheet '{title}'", msg),))
        finally:
            sheet.close()
        if empty:
            position = f"sheet '{sheet.title}' row 2"
            problem = Problem(f"{path} {position}", "no data rows after the header")
            yield Row(str(path), position, None, (problem,))

    return Input(path, "xlsx", generate(), None, plan)


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
