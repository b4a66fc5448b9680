"""Our two home-made parts against the well-kept libraries that could replace them.

- summary.xlsx: advisor.portfolio.sheets.XlsxSink against XlsxWriter's constant_memory mode (with a
  fixed creation date, so its bytes are deterministic too): time, peak memory, size, and whether
  two runs give the same bytes;
- the batch's progress line: advisor.portfolio.batch.Progress against tqdm and rich: import time
  and cost per update.

The libraries are not dependencies of the project; run with them added for the occasion:

    uv run --with xlsxwriter --with tqdm --with rich python benchmarks/bench_alternatives.py

Each measurement runs in a fresh interpreter, so import times and peak memory are its own.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = ("firm_id", "firm_name", "assessment_date", "rule_id", "title")
HEADER += ("kind", "severity", "confidence", "framework", "subject")

XLSX = """
import datetime, hashlib, resource, sys, time
n, out = {rows}, {out!r}
rows = ([f"firm-{{i // 5:06d}}", f"Firm {{i // 5}}", "2026-11-01", f"BG-{{i % 20:02d}}",
         "Dominant partner holds the keys to the market", "problem", "high", "firm",
         "Born global", "firm"] for i in range(n))
start = time.perf_counter()
if {which!r} == "ours":
    from advisor.portfolio.sheets import XlsxSink
    with open(out, "wb") as handle:
        sink = XlsxSink(handle, {header!r})
        for row in rows:
            sink.write(row)
        sink.close()
else:
    import xlsxwriter
    book = xlsxwriter.Workbook(out, {{"constant_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False, "strings_to_numbers": False}})
    book.set_properties({{"created": datetime.datetime(2000, 1, 1)}})
    sheet = book.add_worksheet("summary")
    sheet.write_row(0, 0, {header!r})
    for index, row in enumerate(rows, start=1):
        sheet.write_row(index, 0, row)
    book.close()
elapsed = time.perf_counter() - start
data = open(out, "rb").read()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{{n / elapsed:,.0f}} rows/s · peak RSS {{peak:.0f}} MB · {{len(data) / 1e6:.2f}} MB · "
      f"sha256 {{hashlib.sha256(data).hexdigest()[:12]}}")
"""

PROGRESS = """
import io, time
n, sink = {updates}, io.StringIO()
start = time.perf_counter()
if {which!r} == "ours":
    from advisor.portfolio.batch import Progress
    imported = time.perf_counter()
    meter = Progress(sink, n)
    for done in range(1, n + 1):
        meter.update(done, 0)
elif {which!r} == "tqdm":
    import tqdm
    imported = time.perf_counter()
    bar = tqdm.tqdm(total=n, file=sink, mininterval=5.0, unit="rows")
    for _ in range(n):
        bar.update(1)
    bar.close()
else:
    import rich.console, rich.progress
    imported = time.perf_counter()
    with rich.progress.Progress(console=rich.console.Console(file=sink)) as bar:
        task = bar.add_task("rows", total=n)
        for _ in range(n):
            bar.update(task, advance=1)
end = time.perf_counter()
print(f"import {{(imported - start) * 1000:.0f}} ms · {{(end - imported) / n * 1e6:.2f}} us per update")
"""


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    return done.stdout.strip() or f"not measured: {done.stderr.strip().splitlines()[-1]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="summary rows written (default 100,000)")
    parser.add_argument("--updates", type=int, default=100_000, help="progress updates (default 100,000)")
    args = parser.parse_args()
    print(f"summary.xlsx, {args.rows} rows of {len(HEADER)} cells, each writer run twice:")
    for which in ("ours", "xlsxwriter"):
        for run in (1, 2):
            out = f"/tmp/bench-alternatives-{which}-{run}.xlsx"
            code = XLSX.format(rows=args.rows, out=out, which=which, header=HEADER)
            print(f"  {which:10} run {run}: {_run(code)}")
            Path(out).unlink(missing_ok=True)
    print(f"progress line, {args.updates} updates (the batch updates once per row):")
    for which in ("ours", "tqdm", "rich"):
        print(f"  {which:5} {_run(PROGRESS.format(updates=args.updates, which=which))}")


if __name__ == "__main__":
    main()
