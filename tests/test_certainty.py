"""How sure the report is: answers under a blank gate, tentative findings, the next question."""

from __future__ import annotations

from advisor.api import default_rulebase
from advisor.core.assessment import validate_assessment
from advisor.core.rulebase import FIRM

RB = default_rulebase()


def _assessment(answers: dict, groups: dict | None = None):
    data = {
        "schema_version": 1,
        "firm_id": "probe",
        "firm_name": "Probe Ltd",
        "assessment_date": "2026-12-01",
        "respondent_role": "Founder",
        "answers": answers,
        "groups": groups or {},
    }
    return validate_assessment(data, RB.bank)


def _traits(answers: dict) -> dict[str, str]:
    return next(dict(s.traits) for s in RB.subjects(_assessment(answers)) if s.scope == FIRM)


def test_years_since_the_last_change_imply_that_the_model_changed():
    # Left blank, "has the model changed?" would make the seven years unreadable.
    assert _traits({"bm_years_since_change": 7})["model_unchanged_long"] == "yes"
    assert _traits({"bm_years_since_change": 2})["model_unchanged_long"] == "no"
    assert _traits({"bm_changed": "dont_know", "bm_years_since_change": 7})["model_unchanged_long"] == "yes"
    # An explicit answer to the gate is never overridden.
    assert (
        _traits({"bm_changed": "no", "bm_years_since_change": 7, "bg_growth_stage": "breaking_out"})[
            "model_unchanged_long"
        ]
        == "no"
    )


def test_a_gate_several_answers_open_is_not_guessed():
    # "Offering" and "planning" both open the phase questions: which one is not implied.
    assert RB.bank.implied_gates({"ob_p1_win_win": "done"}) == {}
    assert RB.bank.unimplied_gates({"ob_p1_win_win": "done"}) == {"ob_offers": ["ob_p1_win_win"]}
