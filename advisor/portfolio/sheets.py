"""Spreadsheet outputs: CSV and a small streaming XLSX writer, both safe to open in Excel.

Formula injection: a cell starting with =, +, -, @, tab or carriage return is read by Excel and
LibreOffice as a formula; firm names and answers are typed by clients, so every text cell that
starts with one of those gets a leading apostrophe (OWASP's advice). Numbers are left alone.

The XLSX writer exists because openpyxl needed 8 s for 100,000 rows here, and its files carry the
time they were written; this one streams inline strings straight into the zip at a fixed
timestamp, so the same rows always give the same bytes. XlsxWriter's constant_memory mode with a
fixed creation date is deterministic too, but wrote 20,000 summary rows at 880-920 rows/s against
2,200-2,700 here, with 34 MB peak against 22 MB (benchmarks/bench_alternatives.py, same machine
and run): a batch writes about five rows per firm, so it alone would hold the batch under its
1,000 firms/s target. One sheet holds at most 1,048,576 rows
(Excel's limit); more rows continue on further sheets.
"""

from __future__ import annotations

import contextlib
import csv
import re
import zipfile
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import IO
from xml.sax.saxutils import escape

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EXCEL_MAX_ROWS = 1_048_576
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
# One pass escapes XML's special characters and drops those XML 1.0 forbids (a client's text
# could hold e.g. a pasted form feed).
_XML_TEXT = {**dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32)]), 38: "&amp;", 60: "&lt;", 62: "&gt;"}
_XML_SPECIAL = re.compile("[" + "".join(re.escape(chr(c)) for c in _XML_TEXT) + "]")

_TEXT_OPEN = '<is><t xml:space="preserve">'

Cell = str | int | float | None


def safe_cell(value: Cell) -> Cell:
    """A value that a spreadsheet shows as text, never runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class CsvSink:
    """CSV rows with every cell made safe; `handle` is a text file opened with newline=""."""

    def __init__(self, handle: IO[str], header: Sequence[str]):
        self._handle = handle
        self._writer = csv.writer(handle)
        self.write(header)

    def write(self, row: Sequence[Cell]) -> None:
        self._writer.writerow([safe_cell(c) for c in row])

    def write_rows(self, rows: Iterable[Sequence[Cell]]) -> None:
        self._writer.writerows([safe_cell(c) for c in row] for row in rows)


def _row_xml(number: int, row: Sequence[Cell]) -> str:
    """One row of sheet XML; empty cells are left out."""
    cells = []
    for index, value in enumerate(row):
        if value is None or value == "":
            continue
        ref = f"{_column_letter(index)}{number}"
        if isinstance(value, bool) or not isinstance(value, int | float):
            text = str(safe_cell(value))
            if _XML_SPECIAL.search(text):  # most cells hold none: a search is cheaper than translate
                text = text.translate(_XML_TEXT)
            cells.append(f'<c r="{ref}" t="inlineStr">{_TEXT_OPEN}{text}</t></is></c>')
        else:
            cells.append(f'<c r="{ref}"><v>{value!r}</v></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'


@lru_cache(maxsize=256)
def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class XlsxSink:
    """A one-table workbook streamed row by row; deterministic bytes for the same rows."""

    def __init__(self, handle: IO[bytes], header: Sequence[str], sheet_name: str = "summary"):
        self._zip = zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED)
        self._header = list(header)
        self._sheet_name = sheet_name
        self._sheets = 0
        self._stream: IO[bytes] | None = None
        self._row = 0
        self._new_sheet()

    def _new_sheet(self) -> None:
        self._end_sheet()
        self._sheets += 1
        info = zipfile.ZipInfo(f"xl/worksheets/sheet{self._sheets}.xml", _FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        self._stream = self._zip.open(info, "w", force_zip64=True)
        self._stream.write(
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        )
        self._row = 0
        self.write(self._header)

    def _end_sheet(self) -> None:
        if self._stream is not None:
            self._stream.write(b"</sheetData></worksheet>")
            self._stream.close()

    def write(self, row: Sequence[Cell]) -> None:
        self.write_rows([row])

    def write_rows(self, rows: Iterable[Sequence[Cell]]) -> None:
        """Append rows; one write into the zip for all of them (a firm's rows come together)."""
        xml: list[str] = []
        for row in rows:
            if len(row) != len(self._header):
                raise ValueError(f"row has {len(row)} cells, the header {len(self._header)}")
            if self._row == EXCEL_MAX_ROWS:
                self._flush(xml)
                self._new_sheet()
            self._row += 1
            xml.append(_row_xml(self._row, row))
        self._flush(xml)

    def _flush(self, xml: list[str]) -> None:
        assert self._stream is not None
        self._stream.write("".join(xml).encode())
        xml.clear()

    def close(self) -> None:
        """Finish the workbook; the handle stays open for its owner to close."""
        self._end_sheet()
        names = [self._sheet_name] + [f"{self._sheet_name} ({n})" for n in range(2, self._sheets + 1)]
        for name, text in _package_parts(names).items():
            self._zip.writestr(zipfile.ZipInfo(name, _FIXED_TIME), text, zipfile.ZIP_DEFLATED)
        self._zip.close()

    def abandon(self) -> None:
        """After an error (a full disk): close now, quietly, while the handle is still open, so the
        half-written workbook does not fail again when it is collected."""
        with contextlib.suppress(Exception):
            self.close()


def _package_parts(sheet_names: list[str]) -> dict[str, str]:
    """The workbook's fixed XML parts around the streamed sheets."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006"
    sheet_type = f"{rel}/worksheet"
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(sheet_names) + 1)
    )
    sheets = "".join(
        f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>'
        for n, name in enumerate(sheet_names, start=1)
    )
    links = "".join(
        f'<Relationship Id="rId{n}" Type="{sheet_type}" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(sheet_names) + 1)
    )
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    return {
        "[Content_Types].xml": f'{head}<Types xmlns="{pkg}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}</Types>",
        "_rels/.rels": f'{head}<Relationships xmlns="{pkg}/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'{head}<workbook xmlns="{main}" xmlns:r="{rel}">'
        f"<sheets>{sheets}</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": f'{head}<Relationships xmlns="{pkg}/relationships">'
        f"{links}</Relationships>",
    }
