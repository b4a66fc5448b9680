"""Time the full "what would change this?" analysis for each teaching case (target: <= 250 ms for
the worst case: the app runs it on a click, and the issue asks it of the worst teaching case)."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from advisor.api import assess, default_rulebase
from advisor.core.assessment import load_assessment
from advisor.reporting.whatif import what_would_change

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
RUNS = 5
TARGET_MS = 250


def main() -> None:
    rb = default_rulebase()
    rows = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        assessment = load_assessment(path, rb.bank)
        report = assess(assessment, rb)
        what_would_change(rb, assessment, report)  # warm-up
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            items = what_would_change(rb, assessment, report)
            times.append((time.perf_counter() - start) * 1000)
        rows.append((path.stem, statistics.median(times), len(items)))
    width = max(len(r[0]) for r in rows)
    for name, ms, n in rows:
        print(f"{name:{width}}  {ms:7.1f} ms  ({n} findings explained)")
    worst = max(rows, key=lambda r: r[1])
    print(f"worst median: {worst[1]:.1f} ms per firm ({worst[0]}; target <= {TARGET_MS} ms)")


if __name__ == "__main__":
    main()
