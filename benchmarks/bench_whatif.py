"""Time the full "what would change this?" analysis for each teaching case (target: <= 1 s each)."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from advisor.api import assess, default_rulebase
from advisor.core.assessment import load_assessment
from advisor.reporting.whatif import what_would_change

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
RUNS = 5


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
    print(f"worst median: {max(r[1] for r in rows):.1f} ms per firm (target <= 1000 ms)")


if __name__ == "__main__":
    main()
