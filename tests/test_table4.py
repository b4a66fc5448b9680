"""Sjödin et al. 2020, Table 4: each failed relationship is named in the phase the paper names, with
exactly its missing activities; R4 comes out as the paper tells it."""

from __future__ import annotations

import pytest

from tests.cases import finding, fired

# case -> the misaligned phases (rule, phase, missing activities), as Table 4 codes them
MISALIGNED = {
    "s20-r1": [("OB-01", 1, ["Prioritizing win-win opportunities", "Evaluating profit potential"])],
    "s20-r2": [("OB-01", 1, ["Creating value proposition concept", "Prioritizing win-win opportunities"])],
    "s20-r3": [("OB-02", 2, ["Designing delivery process", "Assessing delivery risks"])],
    "s20-r4": [
        ("OB-02", 2, ["Designing delivery process", "Assessing delivery risks"]),
        (
            "OB-03",
            3,
            [
                "Developing operational capabilities",
                "Exploring improvement opportunities",
                "Realigning incentives",
                "Ensuring fair value distribution",
            ],
        ),
    ],
}
PHASE_RULES = {"OB-01", "OB-02", "OB-03"}


@pytest.mark.parametrize("case_id", sorted(MISALIGNED))
def test_failed_relationships_name_each_misaligned_phase_and_its_missing_activities(case_id):
    expected = MISALIGNED[case_id]
    assert fired(case_id) & PHASE_RULES == {rule for rule, _, _ in expected}
    for rule_id, phase, missing in expected:
        f = finding(case_id, rule_id)
        assert f.details["phase"] == phase
        assert f.details["missing_activities"] == missing
        assert f.severity == "high" and f.confidence == "firm"
        activity_moves = [m for m in f.moves if m.id.startswith("OB-activity.")]
        assert len(activity_moves) == len(missing), "one concrete move per missing activity"


def test_r4_reads_as_the_paper_tells_it():
    """Misaligned in phase 2 when signed, the gap surfaced in phase 3, and the deal stopped: the story
    is told from the answers, and no move asks a cancelled deal not to 'move on'."""
    assert "OB-04" in fired("s20-r4"), "R4 passed phase 2 while misaligned: risk carried forward"
    story = finding("s20-r4", "OB-04").summary
    assert "phase 2 (value provision design) was misaligned" in story
    assert "surfaced in phase 3" in story and "developing operational capabilities" in story
    assert "The deal has stopped." in story and "where this path leads" in story
    answers = {a.question_id for a in finding("s20-r4", "OB-04").evidence.answers}
    assert {"ob_p2_delivery_process", "ob_p3_operational_capabilities"} <= answers
    for rule_id in ("OB-02", "OB-03", "OB-04"):
        for move in finding("s20-r4", rule_id).moves:
            assert "move to the next phase" not in move.text
            assert move.id.startswith(("OB-activity.", "OB-04.next_deal")), move.id
            if move.id.startswith("OB-activity."):
                assert move.text.startswith("For your next outcome deal:"), "the deal was cancelled"


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
