"""Sjödin et al. 2020, Table 4: the earliest misaligned phase and exactly its missing activities."""

from __future__ import annotations

import pytest

from tests.cases import finding, fired

EARLIEST = {
    "s20-r1": ("OB-01", 1, ["Prioritizing win-win opportunities", "Evaluating profit potential"]),
    "s20-r2": ("OB-01", 1, ["Creating value proposition concept", "Prioritizing win-win opportunities"]),
    "s20-r3": ("OB-02", 2, ["Designing delivery process", "Assessing delivery risks"]),
    "s20-r4": ("OB-02", 2, ["Designing delivery process", "Assessing delivery risks"]),
}
PHASE_RULES = {"OB-01", "OB-02", "OB-03"}


@pytest.mark.parametrize("case_id", sorted(EARLIEST))
def test_failed_relationships_name_earliest_phase_and_missing_activities(case_id):
    rule_id, phase, missing = EARLIEST[case_id]
    assert fired(case_id) & PHASE_RULES == {rule_id}, "exactly one earliest-misaligned-phase finding"
    f = finding(case_id, rule_id)
    assert f.details["phase"] == phase
    assert f.details["missing_activities"] == missing
    assert f.severity == "high" and f.confidence == "firm"
    activity_moves = [m for m in f.moves if m.id.startswith("OB-activity.")]
    assert len(activity_moves) == len(missing), "one concrete move per missing activity"


def test_r4_was_misaligned_at_signing_and_failed_in_delivery():
    assert "OB-04" in fired("s20-r4"), "R4 passed phase 2 while misaligned: risk carried forward"
    assert "OB-03" not in fired("s20-r4"), "phase 3 is not the earliest misaligned phase for R4"
    answers = {a.question_id for a in finding("s20-r4", "OB-04").evidence.answers}
    assert {"ob_p2_delivery_process", "ob_p3_operational_capabilities"} <= answers


def test_r5_is_aligned_without_gaps():
    assert "OB-06" in fired("s20-r5")
    assert not fired("s20-r5") & (PHASE_RULES | {"OB-04", "OB-05"})


def test_r6_is_aligned_with_a_low_severity_gap_on_delivery_risks():
    assert "OB-06" in fired("s20-r6")
    assert not fired("s20-r6") & (PHASE_RULES | {"OB-04"})
    gap = finding("s20-r6", "OB-05")
    assert gap.severity == "low"
    assert gap.details["missing_activities"] == ["Assessing delivery risks"]
    assert gap.details["phases"] == [2]
