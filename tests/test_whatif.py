"""What would change this: smallest answer changes, checked against the real engine."""

from __future__ import annotations

from advisor.api import assess, default_rulebase
from advisor.core.assessment import validate_assessment
from advisor.reporting.whatif import what_would_change
from tests.cases import case, report

RB = default_rulebase()


def _for(case_id: str, rule_id: str):
    items = what_would_change(RB, case(case_id), report(case_id))
    return next(w for w in items if w.rule_id == rule_id)


def _apply(case_id: str, change_set) -> set[str]:
    data = case(case_id).model_dump(mode="json", exclude_none=True)
    for c in change_set.changes:
        data["answers"][c.question_id] = c.to_value
    return {f.rule_id for f in assess(validate_assessment(data, RB.bank)).findings}


def test_r6_gap_closes_by_assessing_delivery_risks():
    first = _for("s20-r6", "OB-05").alternatives[0].changes
    assert [(c.question_id, c.to_value) for c in first] == [("ob_p2_delivery_risks", "done")]


def test_every_suggested_change_really_removes_the_problem():
    for case_id in ("s20-r4", "toontrack-2005", "kitchen-sink"):
        for w in what_would_change(RB, case(case_id), report(case_id)):
            if w.goal != "remove" or w.subject != "firm":
                continue
            for alt in w.alternatives:
                assert w.rule_id not in _apply(case_id, alt), f"{case_id}: {alt} leaves {w.rule_id}"


def test_missed_strength_is_gained_by_the_suggested_change():
    w = _for("toontrack-2005", "LK-01")
    assert w.goal == "gain"
    assert "LK-01" in _apply("toontrack-2005", w.alternatives[0])


def test_oem_trap_needs_two_changes():
    w = _for("seamless-2005", "LK-04")
    assert w.alternatives, "leaving the OEM / white-label position takes two answers"
    assert {c.question_id for c in w.alternatives[0].changes} == {
        "bm_value_chain_position",
        "bm_brand_visibility",
    }


def test_a_problem_is_not_removed_by_creating_a_worse_one():
    # Making a phase-1 activity worse would hide R4's low gap behind a high misalignment.
    w = _for("s20-r4", "OB-05")
    bad = {("ob_p1_explore_value", "partly"), ("ob_p1_explore_value", "not_done")}
    suggested = {(c.question_id, c.to_value) for a in w.alternatives for c in a.changes}
    assert not suggested & bad
    assert ("ob_p1_profit_potential", "done") in suggested


def test_gate_answers_come_last():
    w = _for("s20-r4", "OB-02")
    gates = [any(c.question_id in RB.gating_questions for c in a.changes) for a in w.alternatives]
    assert gates == sorted(gates), "changes to questions that gate others are listed after real moves"
