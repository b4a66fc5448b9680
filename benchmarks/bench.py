"""`make bench`: every speed and memory target on one screen, each beside a baseline of the same run.

Each line gives the figure, its target, a baseline measured in the same run on the same machine,
and the ratio to that baseline, so a figure taken on a busy machine can still be read (a loaded
machine slows the baseline too). The load average is printed at the start and the end.

    .venv/bin/python benchmarks/bench.py                        # about 2 minutes
    .venv/bin/python benchmarks/bench.py --rss-firms 100000     # memory at the target's size
    .venv/bin/python benchmarks/bench.py --no-app               # without the browser

Run it with another checkout's interpreter (its .venv/bin/python) to measure that checkout the
same way: the modules and the `bmi-advisor` script come from the interpreter's environment.
Timings are printed, never asserted in the test suite.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_assess  # noqa: E402 - the generators live beside this script
import bench_batch  # noqa: E402

from advisor.api import EXAMPLES_DIR, default_rulebase  # noqa: E402
from advisor.core.assessment import load_assessment, validate_assessment  # noqa: E402
from advisor.core.engine import layers  # noqa: E402
from advisor.reporting.report import build_report  # noqa: E402
from advisor.reporting.whatif import what_would_change  # noqa: E402

SCRIPT = Path(sys.executable).parent / "bmi-advisor"
ONE_FILE = EXAMPLES_DIR / "seamless-2005.yaml"


class Table:
    """Prints each row as soon as it is measured, so a run stopped half-way still shows what it got."""

    WIDTHS = (62, 14, 26, 46, 7)
    HEAD = ("measure", "figure", "target", "baseline (same run)", "ratio")

    def __init__(self) -> None:
        self._line(self.HEAD, "")

    def add(self, name: str, figure: str, target: str, baseline: str, ratio: str, met: bool) -> None:
        self._line((name, figure, target, baseline, ratio), "ok" if met else "MISSED")

    def _line(self, row: tuple[str, ...], mark: str) -> None:
        cells = [
            c.ljust(w) if i in (0, 3) else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, self.WIDTHS, strict=True))
        ]
        print("  ".join([*cells, mark]), flush=True)


def _median_wall(command: Sequence[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def start_up(table: Table, runs: int) -> None:
    bare = _median_wall([sys.executable, "-c", "pass"], runs)
    baseline = f"python -c pass {bare:.3f} s"
    for name, args, target in (
        ("start-up: bmi-advisor --version", ["--version"], 0.15),
        ("start-up: bmi-advisor assess one.yaml", ["assess", str(ONE_FILE)], 0.4),
    ):
        check = subprocess.run([str(SCRIPT), *args], capture_output=True, check=False)
        if check.returncode != 0:
            table.add(name, "fails", f"<= {target} s", baseline, "-", False)
            continue
        wall = _median_wall([str(SCRIPT), *args], runs)
        table.add(name, f"{wall:.3f} s", f"<= {target} s", baseline, f"{wall / bare:.1f}x", wall <= target)


def plain_python(ordered: list[Any], subjects: list[Any]) -> set[tuple[str, str, str]]:
    """The rule base's conditions on the same trait states, evaluated as plain Python in the
    engine's layer order (concluders first): the limit an engine run could approach."""
    fired: set[tuple[str, str, str]] = set()
    concluded: set[tuple[str, str]] = set()
    for spec in ordered:
        for s in subjects:
            if s.scope not in spec.scopes:
                continue
            if all(s.traits[n] in c.all_states for n, c in spec.trait_conditions.items()) and all(
                ((name, s.item) in concluded) == bool(c.all_states)
                for name, c in spec.conclusion_conditions.items()
            ):
                fired.add((spec.id, s.scope, s.item))
                concluded.update((name, s.item) for name in spec.concludes)
    return fired


def _percentile(sorted_values: list[float], p: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, round(p / 100 * (len(sorted_values) - 1)))]


def in_process(table: Table, n: int) -> None:
    rb = default_rulebase()
    raw = bench_assess.generate(rb.bank, n, seed=7)
    assessments = [validate_assessment(d, rb.bank, d["firm_id"]) for d in raw]
    for a in assessments[:100]:  # warm-up: engines built, caches filled
        build_report(rb, a)
    clock = time.perf_counter
    per: list[float] = []
    for a in assessments:
        start = clock()
        build_report(rb, a)
        per.append((clock() - start) * 1000)
    per.sort()

    depth = layers(rb.parts.rules)
    ordered = sorted(rb.parts.rules, key=lambda r: depth[r.id])
    all_subjects = [rb.subjects(a) for a in assessments]
    plain: list[float] = []
    agree = 0
    for subjects in all_subjects:
        start = clock()
        fired = plain_python(ordered, subjects)
        plain.append((clock() - start) * 1000)
        engine = {(f.rule.id, f.subject.scope, f.subject.item) for f in rb.pool.run(subjects)}
        agree += engine == fired
    limit = statistics.median(plain)
    baseline = f"plain Python {limit:.3f} ms (same firings {agree}/{n})"
    for name, p, target in (
        ("one assessment + report, p50", 50, 1.5),
        ("one assessment + report, p99", 99, 4.0),
    ):
        figure = _percentile(per, p)
        table.add(
            f"{name} ({n} firms)",
            f"{figure:.2f} ms",
            f"<= {target} ms",
            baseline,
            f"{figure / limit:.0f}x",
            figure <= target,
        )


def what_if(table: Table) -> None:
    rb = default_rulebase()
    worst = (0.0, "", 0.0)
    for path in sorted(EXAMPLES_DIR.glob("*.yaml")):
        assessment = load_assessment(path, rb.bank)
        report = build_report(rb, assessment)
        what_would_change(rb, assessment, report)  # warm-up
        times, reports = [], []
        for _ in range(3):
            start = time.perf_counter()
            what_would_change(rb, assessment, report)
            times.append(time.perf_counter() - start)
            start = time.perf_counter()
            build_report(rb, assessment)
            reports.append(time.perf_counter() - start)
        worst = max(worst, (statistics.median(times) * 1000, path.stem, statistics.median(reports) * 1000))
    ms, case, report_ms = worst
    table.add(
        f"what would change, worst case ({case})",
        f"{ms:.0f} ms",
        "<= 250 ms",
        f"its report {report_ms:.2f} ms",
        f"{ms / report_ms:.0f}x",
        ms <= 250,
    )


def batch(table: Table, firms: int, rss_firms: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        source = work / "portfolio.csv"
        bench_batch.generate(source, firms)
        # A fresh output folder per run, all deleted at the end (see bench_batch).
        one = bench_batch.timed_run(source, work / "out-1", 1, firms)
        two = bench_batch.timed_run(source, work / "out-2", 2, firms)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    table.add(
        f"batch end to end, 2 workers ({firms} firms)",
        f"{two:.0f} firms/s",
        ">= 1000 firms/s",
        f"1 worker {one:.0f} firms/s",
        f"{two / one:.2f}x",
        two >= 1000,
    )
    if not rss_firms:
        return
    small = max(rss_firms // 10, 1000)
    _, small_peak, _ = bench_batch.measure_rss(small, 2)
    _, peak, _ = bench_batch.measure_rss(rss_firms, 2)
    table.add(
        f"peak memory, process tree, 2 workers ({rss_firms} firms streamed)",
        f"{peak:.0f} MB",
        "<= 300 MB (100,000 firms)",
        f"{small} firms: {small_peak:.0f} MB",
        f"{peak / small_peak:.2f}x",
        peak <= 300,
    )


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="command runs per start-up figure")
    parser.add_argument("-n", type=int, default=2000, help="assessments scored in process")
    parser.add_argument("--firms", type=int, default=4000, help="firms per timed batch run")
    parser.add_argument(
        "--rss-firms", type=int, default=20_000, help="firms streamed for peak memory (0: skip)"
    )
    parser.add_argument("--no-app", action="store_true", help="skip the browser timings of the app")
    args = parser.parse_args()

    print(
        f"BMI Advisor benchmarks · Python {sys.version.split()[0]} · {os.cpu_count()} cores · load {_load()}"
    )
    table = Table()
    steps: list[Callable[[], None]] = [
        lambda: start_up(table, args.runs),
        lambda: in_process(table, args.n),
        lambda: what_if(table),
        lambda: batch(table, args.firms, args.rss_firms),
    ]
    for step in steps:
        step()
    print(f"load at the end {_load()}")
    if not args.no_app:
        print("app, in a real browser (medians):")
        sys.stdout.flush()
        subprocess.run([sys.executable, str(HERE / "bench_app_browser.py")], check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
