"""Comparing a firm's findings with similar firms: who counts as comparable, and when no figure is
shown at all (fewer than MIN_COMPARABLE other firms)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from advisor.core.assessment import AssessmentError, validate_assessment
from advisor.portfolio.index import FindingCell, FirmEntry
from advisor.portfolio.peers import MIN_COMPARABLE, load_spec, pool_of, profile


def _entry(firm_id: str, rules: list[str], day: int = 1, **profile_values: str) -> FirmEntry:
    cells = [
        FindingCell(
            rule_id=r,
            title=f"Finding {r}",
            kind="risk",
            severity="high",
            confidence="firm",
            framework="F",
            subject="firm",
        )
        for r in rules
    ]
    return FirmEntry(
        firm_id=firm_id,
        firm_name=f"Secret name of {firm_id}",
        assessment_date=dt.date(2026, 1, day),
        respondent_role="CEO",
        findings=cells,
        profile=profile_values,
    )


DIMS = ["stage", "size band"]


def test_a_group_of_four_other_firms_is_suppressed_and_five_is_shown():
    me = _entry("me", ["A"], stage="early", **{"size band": "small"})
    four = [
        _entry(f"p{i}", ["A"] if i < 2 else [], stage="early", **{"size band": "small"}) for i in range(4)
    ]
    comparison = pool_of([me, *four], DIMS).compare(me)
    assert comparison.suppressed and not comparison.shares and comparison.firms == 4
    assert MIN_COMPARABLE == 5

    five = [*four, _entry("p4", ["A"], stage="early", **{"size band": "small"})]
    comparison = pool_of([me, *five], DIMS).compare(me)
    assert not comparison.suppressed and comparison.n == 5
    assert comparison.matched == {"stage": "early", "size band": "small"}
    (share,) = comparison.shares
    assert (share.rule_id, share.firms_with, share.n, share.percent) == ("A", 3, 5, 60)


def test_too_few_with_the_whole_profile_lets_the_last_dimension_go_and_says_so():
    me = _entry("me", ["A"], stage="early", **{"size band": "small"})
    same_stage = [_entry(f"p{i}", ["A"], stage="early", **{"size band": "large"}) for i in range(5)]
    other_stage = [_entry(f"q{i}", [], stage="mature", **{"size band": "small"}) for i in range(5)]
    comparison = pool_of([me, *same_stage, *other_stage], DIMS).compare(me)
    assert comparison.matched == {"stage": "early"} and comparison.n == 5
    assert "stage (early)" in comparison.described and "not by size band" in comparison.described
    assert comparison.shares[0].firms_with == 5


def test_a_firm_is_never_its_own_peer_and_pooled_rounds_count_firms_once_for_the_threshold():
    me_then, me_now = _entry("me", ["A"], day=1, stage="early"), _entry("me", ["A"], day=2, stage="early")
    others = [_entry(f"p{i}", [], day=d, stage="early") for i in range(3) for d in (1, 2)]
    comparison = pool_of([me_then, me_now, *others], ["stage"]).compare(me_now)
    assert comparison.suppressed and comparison.firms == 3  # six assessments, but of three firms
    more = others + [_entry(f"r{i}", ["A"], stage="early") for i in range(2)]
    comparison = pool_of([me_then, me_now, *more], ["stage"]).compare(me_now)
    assert comparison.firms == 5 and comparison.n == 8
    assert comparison.shares[0].firms_with == 2  # my own earlier round does not count


def test_the_comparison_holds_no_other_firm_identifying_data():
    me = _entry("me", ["A", "B"], stage="early")
    others = [_entry(f"peer-{i}", ["A"], stage="early") for i in range(6)]
    text = json.dumps(pool_of([me, *others], ["stage"]).compare(me).model_dump())
    assert "peer-" not in text and "Secret name" not in text


def test_profile_reads_choice_labels_bands_and_the_sector_field(rb):
    spec = load_spec(rb.source_dir, rb.bank)
    data = {
        "schema_version": 1,
        "firm_id": "acme",
        "firm_name": "Acme",
        "assessment_date": "2026-01-01",
        "respondent_role": "CEO",
        "sector": "Food processing",
        "answers": {"bg_growth_stage": "scaling", "bg_employees": 49},
    }
    values = profile(spec, rb.bank, validate_assessment(data, rb.bank, "acme.yaml"))
    assert values == {
        "stage": "Growing: expanding across markets",
        "size band": "small (10-49 people)",
        "sector": "Food processing",
    }
    data["answers"] = {"bg_growth_stage": "dont_know", "bg_employees": 250}
    data.pop("sector")
    values = profile(spec, rb.bank, validate_assessment(data, rb.bank, "acme.yaml"))
    assert values == {"size band": "large (250 people or more)"}


def test_a_spec_naming_an_unknown_question_is_refused(tmp_path, rb):
    (tmp_path / "peers.yaml").write_text("dimensions:\n  - name: stage\n    question: no_such_question\n")
    with pytest.raises(AssessmentError, match="no_such_question"):
        load_spec(tmp_path, rb.bank)
