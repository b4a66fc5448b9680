"""Teaching cases: sources for their answers. (Which rules fire and stay silent on each is said in
the rules' records and checked in test_rule_cases.py.)"""

from __future__ import annotations

import pytest

from tests.cases import case, case_paths

CASE_IDS = [p.stem for p in case_paths()]


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_paper_cases_cite_their_sources(case_id):
    meta = case(case_id).case
    if case_id.startswith(("kitchen-sink", "illus-")):
        pytest.skip("synthetic firm or illustration, not coded from a paper")
    assert meta.sources, f"{case_id}: add case.sources with a paper reference for non-obvious answers"
    answered = set(case(case_id).answers) | {
        q for items in case(case_id).groups.values() for item in items for q in item.answers
    }
    unknown = set(meta.sources) - answered
    assert not unknown, f"{case_id}: sources given for questions not answered: {sorted(unknown)}"


@pytest.mark.parametrize("case_id", [c for c in CASE_IDS if c.startswith("s20-")])
def test_every_phase_activity_in_a_table_4_case_names_its_cell(case_id):
    """Students comparing with the key see where each activity's answer comes from."""
    meta = case(case_id).case
    activities = [q for q in case(case_id).answers if q.startswith(("ob_p1_", "ob_p2_", "ob_p3_"))]
    uncited = [q for q in activities if f"column {case_id[-2:].upper()}" not in meta.sources.get(q, "")]
    assert not uncited, f"{case_id}: cite the Table 4 cell (e.g. 'Table 4, ..., column R1: N') for {uncited}"


def test_seamless_2005_shows_lock_in_tension():
    from tests.cases import report

    pairs = [tuple(t.rule_ids) for t in report("seamless-2005").tensions]
    assert ("LK-01", "LK-04") in pairs, pairs
