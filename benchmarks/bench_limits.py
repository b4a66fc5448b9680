"""Time and memory of the worst inputs the limits allow (advisor/core/limits.py), each refused or
read in a process of its own, so its peak memory is its own.

    .venv/bin/python benchmarks/bench_limits.py

The review's bombs (a YAML alias bomb, an XLSX decompression bomb), the largest YAML and JSON files
allowed, and the largest workbook an app upload may be. Targets on a 2-core machine: each case
within 5 s and 200 MB. Prints figures only: timings are never asserted in the test suite.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import random
import resource
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

from advisor.api import default_rulebase
from advisor.core.assessment import AssessmentError, load_assessment
from advisor.core.limits import UPLOAD
from advisor.portfolio.inputs import csv_template, open_input

TARGET_S = 5.0
TARGET_MB = 200.0
HEAD = "schema_version: 1\nfirm_id: acme\nfirm_name: Acme\nassessment_date: 2026-11-01\nrespondent_role: F\n"


def in_child(run: Callable[[], str]) -> tuple[float, float, str]:
    """Seconds, peak MB and outcome of `run` in a forked process."""
    read, write = os.pipe()
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            outcome = run()
        except AssessmentError as exc:
            outcome = "refused: " + exc.problems[0].message
        os.write(write, outcome.encode()[:300])
        os._exit(0)
    os.close(write)
    outcome = os.read(read, 300).decode(errors="replace")
    _, _, usage = os.wait4(pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, outcome


def alias_bomb(levels: int) -> str:
    names = "abcdefghij"
    lines = ["  bg_description: &a [x,x,x,x,x,x,x,x,x]"]
    lines += [f"  q{i}: &{names[i]} [" + ",".join([f"*{names[i - 1]}"] * 9) + "]" for i in range(1, levels)]
    return HEAD + "answers:\n" + "\n".join(lines) + "\n"


def workbook(folder: Path, name: str, rows: Callable[[io.BufferedIOBase], None]) -> Path:
    bank = default_rulebase().bank
    header, example = list(csv.reader(io.StringIO(csv_template(bank, dt.date(2026, 11, 1)))))[:2]
    book = Workbook()
    book.active.append(header)
    book.active.append([int(v) if v.isdigit() else v for v in example])
    plain = folder / "plain.xlsx"
    book.save(plain)
    path = folder / name
    with (
        zipfile.ZipFile(plain) as zin,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout,
    ):
        for part in zin.namelist():
            data = zin.read(part)
            if part != "xl/worksheets/sheet1.xml":
                zout.writestr(part, data)
                continue
            head, rest = data.split(b"<sheetData>", 1)
            kept, tail = rest.split(b"</sheetData>", 1)
            with zout.open(part, "w", force_zip64=True) as sink:
                sink.write(head + b"<sheetData>" + kept)
                rows(sink)
                sink.write(b"</sheetData>" + tail)
    return path


def xlsx_bomb(sink: io.BufferedIOBase) -> None:
    """The review's M3 file: 6,000,000 rows of one blank cell (863 KB packed, 294 MB unpacked)."""
    blob = b'<row><c t="inlineStr"><is><t> </t></is></c></row>' * 10_000
    for _ in range(600):
        sink.write(blob)


def widest_upload(sink: io.BufferedIOBase) -> None:
    """Rows of numbers, just under the upload's unpacked limit and under 2 MB packed."""
    rng = random.Random(3)
    written, number = 0, 3
    while written < UPLOAD.unzipped_bytes - 1_000_000:
        cells = "".join(f"<c><v>{rng.randint(1, 5)}</v></c>" for _ in range(10))
        row = f"<row>{cells}</row>".encode()
        sink.write(row)
        written += len(row)
        number += 1


def main() -> int:
    bank = default_rulebase().bank
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = {
            "YAML alias bomb, 9 levels": ("bomb.yaml", alias_bomb(9)),
            "largest YAML allowed: 2 MB flow list": (
                "big.yaml",
                HEAD + "answers:\n  bg_description: [" + ",".join(["xx"] * 600_000) + "]\n",
            ),
            "largest JSON allowed: 2 MB list": (
                "big.json",
                '{"answers": {"bg_description": [' + ",".join(['"xx"'] * 399_000) + "]}}",
            ),
        }
        cases: list[tuple[str, int, Callable[[], str]]] = []
        for label, (name, text) in files.items():
            path = folder / name
            path.write_text(text)
            cases.append((label, path.stat().st_size, lambda p=path: str(load_assessment(p, bank))))
        for label, name, rows in (
            ("XLSX decompression bomb (upload)", "bomb.xlsx", xlsx_bomb),
            ("widest XLSX an upload may be", "wide.xlsx", widest_upload),
        ):
            path = workbook(folder, name, rows)

            def read(p: Path = path) -> str:
                source = open_input(p, bank, ",", UPLOAD)
                return f"read {sum(1 for _ in source.rows)} rows"

            cases.append((label, path.stat().st_size, read))
        print(f"{'case':40} {'bytes':>10} {'s':>7} {'MB':>7}  outcome")
        worst_s = worst_mb = 0.0
        for label, size, run in cases:
            seconds, megabytes, outcome = in_child(run)
            worst_s, worst_mb = max(worst_s, seconds), max(worst_mb, megabytes)
            print(f"{label:40} {size:>10,} {seconds:>7.2f} {megabytes:>7.0f}  {outcome[:90]}")
    ok = worst_s <= TARGET_S and worst_mb <= TARGET_MB
    verdict = "ok" if ok else "OVER"
    print(f"worst: {worst_s:.2f} s (target {TARGET_S}), {worst_mb:.0f} MB (target {TARGET_MB}): {verdict}")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, peak of this process {own} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
