"""Reading an XLSX workbook's first sheet as rows of cell texts, bounded, reporting per row what
a spreadsheet can hide: a formula with no saved result, a merged cell, an over-long cell, and
damage part-way through the file."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from advisor.core.limits import InputRefused, Limits

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_MAX_MERGES = 1_000
# What a damaged workbook raises from inside openpyxl and zipfile, part-way through reading.
DAMAGE = (zipfile.BadZipFile, zlib.error, ParseError, EOFError, KeyError, ValueError, OSError, TypeError)


class _Uncached:
    """A formula cell without the result Excel saves beside it (written by a program, not Excel)."""

    def __init__(self, formula: str):
        self.formula = formula


@dataclass(frozen=True)
class _Merge:
    first_row: int
    last_row: int
    first_col: int
    last_col: int
    ref: str


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def column_letters(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def check_archive(path: Path, limits: Limits) -> None:
    """Refuse a workbook whose parts unpack to more than the limits, before any is unpacked.
    The sizes in the zip directory are upper bounds: zipfile stops at them, and a part that holds
    more fails its checksum."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputRefused(f"not a readable .xlsx workbook ({exc}); save it from Excel as .xlsx") from None
    total = sum(p.file_size for p in parts)
    if total > limits.unzipped_bytes:
        raise InputRefused(
            f"the workbook unpacks to {total:,} bytes; the limit is {limits.unzipped_bytes:,}; "
            "split it or save it as CSV"
        )
    for part in parts:
        if part.file_size > 1_000_000 and part.file_size > limits.unzip_ratio * max(part.compress_size, 1):
            raise InputRefused(
                f"part {part.filename} unpacks {part.file_size // max(part.compress_size, 1)} times its "
                f"packed size; the limit is {limits.unzip_ratio} (a real sheet stays far below)"
            )


def _merges(source: Any, limits: Limits) -> list[_Merge]:
    """The merged ranges, which Excel stores after the rows: found in a first pass over the sheet's
    bytes (a search, not a parse), so each row can be checked as it is read."""
    found: list[_Merge] = []
    tail = b""
    while chunk := source.read(1 << 20):
        block = tail + chunk
        for match in _MERGE.finditer(block):
            c1, r1, c2, r2 = match.groups()
            ref = f"{c1.decode()}{int(r1)}:{c2.decode()}{int(r2)}"
            found.append(_Merge(int(r1), int(r2), _column_number(c1), _column_number(c2), ref))
            if len(found) > _MAX_MERGES:
                raise InputRefused(f"the sheet has more than {_MAX_MERGES:,} merged ranges")
        # Keep the end of the block: a tag may straddle two chunks (and is not found twice, since
        # the kept tail is shorter than one complete tag plus the chunk boundary is after it).
        cut = block.rfind(b"<")
        tail = block[cut:] if cut >= 0 and len(block) - cut < 200 else b""
    return list({m.ref: m for m in found}.values())


def _parser_class() -> type:
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell = super().parse_cell(element)
            if cell["value"] is None:
                formula = element.find(FORMULA_TAG)
                if formula is not None:
                    cell["value"] = _Uncached(formula.text or "")
            return cell

    return Parser


@dataclass(frozen=True)
class SheetRow:
    number: int  # as Excel numbers it (1 = the first row)
    cells: list[str]
    problems: list[str]  # what hides a value in this row, one message per cell


class Sheet:
    """The first sheet of a workbook, read once, row by row, without trusting its stated size."""

    def __init__(self, path: Path, limits: Limits):
        from openpyxl import load_workbook  # parses with defusedxml, which is installed

        check_archive(path, limits)
        self.limits = limits
        try:
            self.workbook = load_workbook(path, read_only=True, data_only=True)
            worksheet = self.workbook.worksheets[0]
            self.title = worksheet.title
            with worksheet._get_source() as source:
                self.merges = _merges(source, limits)
        except InputRefused:
            raise
        except DAMAGE as exc:
            raise InputRefused(
                f"not a readable .xlsx workbook ({exc}); save it from Excel as .xlsx"
            ) from None
        self.worksheet = worksheet
        self.merges.sort(key=lambda m: m.first_row)
        self._next_merge = 0
        self._active: list[_Merge] = []

    def rows(self) -> Iterator[SheetRow]:
        """Every row with a value; a damaged part of the file ends the reading with InputRefused
        (the rows before it are kept)."""
        worksheet = self.worksheet
        parser = _parser_class()(
            worksheet._get_source(),
            worksheet._shared_strings,
            data_only=True,
            epoch=self.workbook.epoch,
            date_formats=self.workbook._date_formats,
            timedelta_formats=self.workbook._timedelta_formats,
        )
        number = 0
        try:
            for number, cells in parser.parse():
                if number > self.limits.rows:
                    raise InputRefused(f"the sheet has more than {self.limits.rows:,} rows")
                row = self._row(number, cells)
                if row is not None:
                    yield row
        except InputRefused:
            raise
        except DAMAGE as exc:
            raise InputRefused(
                f"the workbook is damaged after row {number} ({type(exc).__name__}: {str(exc)[:80]}); "
                "the rows after it cannot be read; save it again from Excel"
            ) from None
        finally:
            parser.source.close()

    def other_sheets_with_rows(self) -> list[str]:
        """The titles of the sheets after the first that hold a value below their first row: rows
        a batch would otherwise skip without a word (it reads the first sheet only)."""
        titles = []
        try:
            for worksheet in self.workbook.worksheets[1:]:
                rows = worksheet.iter_rows(min_row=2, values_only=True)
                if any(v not in (None, "") for row in rows for v in row):
                    titles.append(worksheet.title)
        except DAMAGE:
            pass  # a damaged extra sheet holds nothing this batch could read either
        return titles

    def close(self) -> None:
        with contextlib.suppress(*DAMAGE):  # closing a damaged archive may fail again; nothing is lost
            self.workbook.close()

    def _row(self, number: int, cells: list[dict[str, Any]]) -> SheetRow | None:
        limits = self.limits
        problems: list[str] = []
        texts: list[str] = []
        for cell in cells:
            column = cell["column"]
            if column > limits.cells_per_row:
                letters = column_letters(column)
                problems.append(f"has a value in column {letters}, beyond the {limits.cells_per_row:,} read")
                break
            value = cell["value"]
            texts.extend([""] * (column - 1 - len(texts)))
            where = f"cell {column_letters(column)}{number}"
            if isinstance(value, _Uncached):
                problems.append(
                    f"{where} holds a formula (={value.formula[:40]}) without a saved result; "
                    "open and save the file in Excel, or type the value"
                )
                value = None
            text = cell_text(value)
            if len(text) > limits.cell_chars:
                problems.append(f"{where} holds {len(text):,} characters; the limit is {limits.cell_chars:,}")
                text = text[: limits.cell_chars]
            texts.append(text)
        if not problems and not any(t.strip() for t in texts):
            return None
        for merge in self._merges_over(number):
            if (number, merge.first_col) != (
                merge.first_row,
                merge.first_col,
            ) or merge.last_col > merge.first_col:
                hidden = merge.first_col + (1 if number == merge.first_row else 0)
                problems.append(
                    f"cell {column_letters(hidden)}{number} is part of the merged cells {merge.ref}, whose "
                    "value Excel keeps only in their first cell; unmerge them and fill in each cell"
                )
        return SheetRow(number, texts, problems)

    def _merges_over(self, number: int) -> list[_Merge]:
        """The merged ranges covering row `number`; rows come in order, so a sweep keeps this cheap."""
        while self._next_merge < len(self.merges) and self.merges[self._next_merge].first_row <= number:
            self._active.append(self.merges[self._next_merge])
            self._next_merge += 1
        self._active = [m for m in self._active if m.last_row >= number]
        return self._active


def cell_text(value: Any) -> str:
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
