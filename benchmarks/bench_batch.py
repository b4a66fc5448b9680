"""Batch scoring speed and memory, end to end (read CSV, validate, assess, write every output).

Prints firms/s for 1 and 2 workers on the same generated portfolio, and the peak memory of a
streamed run over a much larger one, sampled as the sum of the resident sizes of the whole process
tree (main process and workers) from /proc, plus getrusage's own peaks for comparison.

    .venv/bin/python benchmarks/bench_batch.py                 # 10,000 firms; RSS at 100,000
    .venv/bin/python benchmarks/bench_batch.py --firms 2000 --rss-firms 20000   # quicker
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from advisor.api import default_rulebase
from advisor.core.bank import AnswerType, Question
from advisor.portfolio.batch import run_batch
from advisor.portfolio.inputs import META_COLUMNS

PAGE = 4096


def _value(q: Question, rng: random.Random) -> str:
    if rng.random() < 0.08:
        return "dont_know"
    values = [o.value for o in q.choices]
    match q.type:
        case AnswerType.SINGLE | AnswerType.YESNO:
            return rng.choice(values)
        case AnswerType.MULTI:
            return ";".join(rng.sample(values, rng.randint(1, len(values))))
        case AnswerType.SCALE:
            assert q.scale
            return str(rng.randint(q.scale.min, q.scale.max))
        case AnswerType.NUMBER:
            assert q.number
            return str(rng.randint(int(q.number.min), int(min(q.number.max, q.number.min + 200))))
        case _:
            return "Pump maker, 40 staff, sells in 12 countries."


def generate(path: Path, firms: int, seed: int = 7) -> None:
    """A survey export: every firm-level question, and one collaboration per firm."""
    bank = default_rulebase().bank
    rng = random.Random(seed)
    firm_qs = [q for q in bank.questions if not bank.section_by_id[q.section].repeat]
    collab_qs = bank.in_section("collaborations")
    header = [*META_COLUMNS, *(q.id for q in firm_qs), *(f"collaborations.1.{q.id}" for q in collab_qs)]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for n in range(firms):
            meta = [f"firm-{n:06d}", f"Firm {n}", "2026-11-01", "Founder"]
            writer.writerow(meta + [_value(q, rng) for q in firm_qs] + [_value(q, rng) for q in collab_qs])


def _tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        try:
            with open(f"/proc/{pid}/statm") as handle:
                total += int(handle.read().split()[1]) * PAGE
        except OSError:
            pass
        pending += children.get(pid, [])
    return total


def timed_run(source: Path, out: Path, workers: int, firms: int) -> float:
    start = time.perf_counter()
    result = run_batch(source, out, workers=workers)
    elapsed = time.perf_counter() - start
    assert result.manifest.firms_scored == firms, result.manifest
    return firms / elapsed


def rss_child(source: str, out: str, workers: int) -> None:
    run_batch(Path(source), Path(out), workers=workers)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    largest_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{own:.0f} {largest_child:.0f}")


def measure_rss(firms: int, workers: int) -> tuple[float, float, str]:
    """Firms/s and peak resident MB of the whole process tree for a streamed run of `firms`."""
    work = Path(tempfile.mkdtemp(prefix="bench-rss-"))
    try:
        source = work / "big.csv"
        generate(source, firms, seed=11)
        size = source.stat().st_size / 1e6
        cmd = [sys.executable, __file__, "--rss-child", str(source), str(work / "out"), str(workers)]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        peak = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _tree_rss(proc.pid))
                time.sleep(0.2)

        sampler = threading.Thread(target=sample)
        sampler.start()
        start = time.perf_counter()
        out, _ = proc.communicate()
        elapsed = time.perf_counter() - start
        done.set()
        sampler.join()
        own, child = out.split()
        detail = f"{size:.0f} MB CSV; getrusage: main {own} MB, largest worker {child} MB"
        return firms / elapsed, peak / 2**20, detail
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--firms", type=int, default=10_000)
    parser.add_argument("--rss-firms", type=int, default=100_000)
    parser.add_argument("--rss-child", nargs=3, metavar=("SOURCE", "OUT", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_child:
        source, out, workers = args.rss_child
        rss_child(source, out, int(workers))
        return
    print(f"cores: {os.cpu_count()}; python {sys.version.split()[0]}")
    if args.firms:
        work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
        try:
            source = work / "portfolio.csv"
            generate(source, args.firms)
            # Each run gets its own fresh output folder, all deleted at the end: deleting the first
            # run's 20,000 files just before the second makes ext4 scan recently freed inodes on
            # every new file, a cost of the benchmark, not of an advisor's run.
            one = timed_run(source, work / "out-1", 1, args.firms)
            two = timed_run(source, work / "out-2", 2, args.firms)
            print(f"{args.firms} firms end to end: 1 worker {one:.0f} firms/s; 2 workers {two:.0f} firms/s")
            print(f"speed-up with 2 workers: {two / one:.2f}x")
        finally:
            shutil.rmtree(work, ignore_errors=True)
    if args.rss_firms:
        rate, peak, detail = measure_rss(args.rss_firms, 2)
        print(
            f"{args.rss_firms} firms streamed, 2 workers: {rate:.0f} firms/s; "
            f"peak RSS of the process tree {peak:.0f} MB ({detail})"
        )


if __name__ == "__main__":
    main()
