"""Speed of scoring assessments with the default rule base, in one process.

    .venv/bin/python benchmarks/bench_assess.py [-n 2000] [--seed 7] [--profile]

Generates N varied, valid, realistic assessments (most questions answered, follow-up questions
answered only where they apply, 0-3 collaborations), warms up, then scores every one through
`build_report` (engine pool included) and prints throughput and per-assessment latency, plus a
split of where the time goes and, with --profile, a cProfile. The targets (p50 <= 1.5 ms, p99 <= 4
ms) are printed by benchmarks/bench.py (`make bench`), which uses this module's generator.
Prints figures only: timings are never asserted in the test suite.
"""

from __future__ import annotations

import argparse
import cProfile
import platform
import pstats
import random
import statistics
import time
from typing import Any

from advisor.api import default_rulebase
from advisor.core.assessment import Assessment, validate_assessment
from advisor.core.bank import DONT_KNOW, NOT_APPLICABLE, AnswerType, Question, QuestionBank
from advisor.core.rulebase import RuleBase
from advisor.reporting.report import build_report

TARGET_P50_MS = 1.5
TARGET_P99_MS = 4.0
EVIDENCE = ["", "", "From the 2023 board minutes.", "Our sales lead says so.", "See the annual report."]


def _value(q: Question, rng: random.Random) -> Any:
    if rng.random() < 0.07:
        return DONT_KNOW
    choices = [o.value for o in q.choices]
    match q.type:
        case AnswerType.SINGLE | AnswerType.YESNO:
            return rng.choice(choices)
        case AnswerType.MULTI:
            return rng.sample(choices, rng.randint(1, min(3, len(choices))))
        case AnswerType.SCALE:
            assert q.scale
            return rng.randint(q.scale.min, q.scale.max)
        case AnswerType.NUMBER:
            assert q.number
            lo, hi = q.number.min, q.number.max
            if q.number.unit == "year":
                lo, hi = 1950, 2024
            elif hi > 1000:  # head counts and the like: small firms
                hi = lo + 500
            n = rng.uniform(lo, hi)
            return round(n) if q.number.integer else round(n, 1)
        case AnswerType.TEXT:
            return rng.choice(["We make pumps for mines.", "Licensed software for operators.", "dont_know"])
    raise AssertionError(q.type)


def _answers(bank: QuestionBank, questions: list[Question], rng: random.Random, firm: dict | None):
    """Answer in bank order, so follow-up questions see the answers they depend on."""
    out: dict[str, Any] = {}
    for q in questions:
        values = {k: (v["value"] if isinstance(v, dict) else v) for k, v in out.items()}
        firm_values = values if firm is None else firm
        item_values = None if firm is None else values
        if not bank.applies(q, firm_values, item_values):
            if q.allow_not_applicable and rng.random() < 0.5:
                out[q.id] = NOT_APPLICABLE
            continue
        if rng.random() > 0.9:  # about one question in ten left blank
            continue
        value = _value(q, rng)
        evidence = rng.choice(EVIDENCE)
        out[q.id] = {"value": value, "evidence": evidence} if evidence else value
    return out


def generate(bank: QuestionBank, n: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    firm_questions = [q for q in bank.questions if not bank.section_by_id[q.section].repeat]
    data = []
    for i in range(n):
        answers = _answers(bank, firm_questions, rng, None)
        firm_values = {k: (v["value"] if isinstance(v, dict) else v) for k, v in answers.items()}
        groups = {}
        for s in bank.repeat_sections:
            count = rng.choice([0, 0, 1, 1, 2, 3])
            groups[s.id] = [
                {
                    "id": f"{s.item_noun or 'item'}-{k}",
                    "answers": _answers(bank, bank.in_section(s.id), rng, firm_values),
                }
                for k in range(count)
            ]
        data.append(
            {
                "schema_version": 1,
                "firm_id": f"firm-{i:05d}",
                "firm_name": f"Firm {i}",
                "assessment_date": "2024-06-30",
                "respondent_role": "Founder",
                "answers": answers,
                "groups": groups,
            }
        )
    return data


def _pct(sorted_ms: list[float], p: float) -> float:
    return sorted_ms[min(len(sorted_ms) - 1, round(p / 100 * (len(sorted_ms) - 1)))]


def score_all(rb: RuleBase, assessments: list[Assessment]) -> tuple[float, list[float]]:
    per: list[float] = []
    clock = time.perf_counter
    start = clock()
    for a in assessments:
        t = clock()
        build_report(rb, a)
        per.append((clock() - t) * 1000)
    return clock() - start, per


def split(rb: RuleBase, assessments: list[Assessment]) -> dict[str, float]:
    """Median ms of the interpretation layer and the engine run; the report build is the rest."""
    clock = time.perf_counter
    interp, engine = [], []
    for a in assessments:
        t0 = clock()
        subjects = rb.subjects(a)
        t1 = clock()
        rb.pool.run(subjects)
        t2 = clock()
        interp.append((t1 - t0) * 1000)
        engine.append((t2 - t1) * 1000)
    return {"interpretation": statistics.median(interp), "engine run": statistics.median(engine)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="assessments to score (default 2000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--warm-up", type=int, default=100)
    parser.add_argument("--profile", action="store_true", help="print the top of a cProfile run")
    args = parser.parse_args()

    t = time.perf_counter()
    rb = default_rulebase()
    load_s = time.perf_counter() - t
    raw = generate(rb.bank, args.n, args.seed)
    t = time.perf_counter()
    assessments = [validate_assessment(d, rb.bank, d["firm_id"]) for d in raw]
    validate_ms = (time.perf_counter() - t) * 1000 / len(assessments)
    answered = statistics.mean(len(a.answers) for a in assessments)
    items = statistics.mean(sum(len(v) for v in a.groups.values()) for a in assessments)

    for a in assessments[: args.warm_up]:
        build_report(rb, a)
    total_s, per = score_all(rb, assessments)
    per_sorted = sorted(per)
    rate = len(assessments) / total_s
    p50, p95, p99 = (_pct(per_sorted, p) for p in (50, 95, 99))
    parts = split(rb, assessments)
    median_total = statistics.median(per)
    parts["report build (rest)"] = median_total - sum(parts.values())

    print(f"BMI Advisor scoring benchmark · Python {platform.python_version()} · {platform.machine()}")
    size = f"{len(rb.rules)} rules, {len(rb.parts.traits)} traits, {len(rb.bank.questions)} questions"
    print(f"rule base {rb.version}: {size}")
    print(f"rule base load + compile: {load_s * 1000:.0f} ms (once per process)")
    mix = f"mean {answered:.1f} firm answers, {items:.2f} repeated-section items"
    print(f"assessments: {len(assessments)} (seed {args.seed}), {mix}")
    print(f"validation (not in the figures below): {validate_ms:.2f} ms per assessment")
    print(f"throughput: {rate:.0f} assessments/s")
    print(
        f"latency ms: p50 {p50:.2f} · p95 {p95:.2f} · p99 {p99:.2f} · max {per_sorted[-1]:.2f}  "
        f"(target p50 <= {TARGET_P50_MS} · p99 <= {TARGET_P99_MS})"
    )
    print("split of the median assessment (ms):")
    for name, ms in parts.items():
        print(f"  {name:22} {ms:6.2f}  ({ms / median_total:4.0%})")
    met = p50 <= TARGET_P50_MS and p99 <= TARGET_P99_MS
    print("targets met" if met else "TARGETS MISSED")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for a in assessments[:500]:
            build_report(rb, a)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
