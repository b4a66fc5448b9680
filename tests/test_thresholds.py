"""Every named threshold is pinned: the traits and rules reading it flip exactly at its value in
rules/thresholds.yaml (rows in tests/thresholds.py, generated from the records where the trait is
data). Change a threshold on purpose and these still pass: the rows follow the file."""

from __future__ import annotations

import pytest

from advisor.api import default_rulebase
from tests.thresholds import THRESHOLDS, python_rows, rule_rows, trait_rows

RB = default_rulebase()
DATA_ROWS = trait_rows()
TRAIT_ROWS = DATA_ROWS + python_rows()
RULE_ROWS = rule_rows(RB)


@pytest.mark.parametrize("row", TRAIT_ROWS, ids=lambda r: r.id)
def test_trait_flips_exactly_at_its_threshold(row):
    assert not row.problems(RB)


@pytest.mark.parametrize("row", RULE_ROWS, ids=lambda r: r.id)
def test_rule_flips_exactly_at_its_threshold(row):
    assert not row.problems(RB)


def test_every_threshold_is_read_and_pinned():
    pinned = {r.threshold for r in TRAIT_ROWS}
    unpinned = sorted(set(THRESHOLDS) - pinned)
    assert not unpinned, (
        f"thresholds {unpinned} have no boundary row: a data trait must read them with a scale test, "
        "or a Python trait needs a row in tests/thresholds.py (python_rows); remove unused ones"
    )


def test_every_rule_reading_a_data_trait_with_a_threshold_has_a_boundary_row():
    read = {(r.trait, r.scope) for r in DATA_ROWS}
    covered = {r.rule_id for r in RULE_ROWS}
    missing = sorted(
        spec.id
        for spec in RB.parts.rules
        if spec.fires_for
        and any((name, spec.scope) in read for name in spec.trait_conditions)
        and spec.id not in covered
    )
    assert not missing, (
        f"rules {missing} read a threshold trait but no firing case can move it; add fires_for"
    )
