"""`make fuzz`: the suite's fuzz cases (tests/fuzzing.py) by the ten thousand, every fault counted.

Prints the cases run, how many were accepted and refused, and each kind of crash and unclear error
with examples; exits 1 if there is any. FUZZ_CASES sets the total (default 10,000).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fuzzing import Tally, answer_sets, assessed, assessment_files, loaded, scored_rows, spreadsheets
from hypothesis import HealthCheck, given, settings

TOTAL = int(os.environ.get("FUZZ_CASES", "10000"))
# How the cases are shared: answer sets are the cheapest, spreadsheets the dearest.
SHARES = {"answers": 0.45, "files": 0.40, "rows": 0.15}


def run(tally: Tally, folder: Path) -> None:
    def budget(name: str) -> settings:
        return settings(
            max_examples=int(TOTAL * SHARES[name]),
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )

    @budget("answers")
    @given(data=answer_sets())
    def answers(data):
        tally.judge("answers", lambda: assessed(data))

    @budget("files")
    @given(case=assessment_files())
    def files(case):
        tally.judge("files", lambda: loaded(folder, *case))

    @budget("rows")
    @given(text=spreadsheets())
    def rows(text):
        tally.judge("rows", lambda: scored_rows(folder, text))

    for part in (answers, files, rows):
        start = time.perf_counter()
        part()
        print(f"{part.__name__}: {time.perf_counter() - start:.0f} s", flush=True)


def main() -> int:
    tally = Tally(strict=False)
    with tempfile.TemporaryDirectory() as folder:
        run(tally, Path(folder))
    cases = sum(n for k, n in tally.counts.items() if k.endswith(": cases"))
    crashes = sum(n for k, n in tally.counts.items() if k.startswith("crash"))
    unclear = sum(n for k, n in tally.counts.items() if k.startswith("unclear"))
    print(f"\n{cases} cases: {crashes} crashes, {unclear} unclear errors")
    for key in sorted(tally.counts):
        print(f"  {key}: {tally.counts[key]}")
    for kind, examples in sorted(tally.examples.items()):
        print(f"\n{kind}:")
        for example in examples:
            print(f"  - {example}")
    return 1 if crashes or unclear else 0


if __name__ == "__main__":
    sys.exit(main())
