"""Mutation check: move each threshold one step each way in the loaded rule base (thresholds.yaml
untouched) and see the boundary rows fail. A surviving mutant means a threshold the rule base does
not really use, or one hidden behind a number written elsewhere. The target is zero survivors."""

from __future__ import annotations

from advisor.core.rulebase import RuleBase
from rules import HERE, build
from tests.thresholds import THRESHOLDS, python_rows, rule_rows, trait_rows


def _mutant(name: str, value: int | float) -> RuleBase:
    parts, bank = build({name: value})
    return RuleBase(parts, bank, HERE)


def test_no_threshold_mutant_survives():
    rows = trait_rows() + python_rows()
    survivors = []
    for name, threshold in THRESHOLDS.items():
        for moved in (threshold.value - threshold.step, threshold.value + threshold.step):
            rb = _mutant(name, moved)
            own = [r for r in rows if r.threshold == name]
            killed = any(r.problems(rb) for r in own) or any(
                r.problems(rb) for r in rule_rows(rb) if r.row.threshold == name
            )
            if not killed:
                survivors.append(f"{name} {threshold.value} -> {moved}")
    assert not survivors, f"{len(survivors)} threshold mutants survive the boundary rows: {survivors}"
