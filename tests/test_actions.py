"""Action plans: a spreadsheet round trip with every bad cell named, and each action held against
what happened to its finding at the next round."""

from __future__ import annotations

import datetime as dt

from advisor.portfolio.actions import (
    Action,
    merged,
    plan_csv,
    plan_xlsx,
    read_plan,
    review,
)
from advisor.portfolio.index import FindingCell, FirmEntry


def _entry(firm_id: str, day: int, **severities: str) -> FirmEntry:
    cells = [
        FindingCell(
            rule_id=r, title=r, kind="risk", severity=s, confidence="firm", framework="F", subject="firm"
        )
        for r, s in severities.items()
    ]
    return FirmEntry(
        firm_id=firm_id,
        firm_name=firm_id,
        assessment_date=dt.date(2026, 1, day),
        respondent_role="CEO",
        findings=cells,
    )


PLAN = [
    Action(
        firm_id="acme",
        finding="LK",
        move="Sell one product under our own brand",
        owner="Founder",
        due=dt.date(2026, 1, 20),
        status="done",
    ),
    Action(firm_id="acme", finding="PT", move="Find a second partner", due=dt.date(2026, 1, 10)),
    Action(
        firm_id="acme",
        finding="BG",
        move="Talk to two distributors",
        status="in progress",
        note="=cmd|' /C calc'!A0",
    ),
    Action(firm_id="beta", finding="LK", move="Raise prices", due=dt.date(2026, 1, 10)),
    Action(firm_id="gone", finding="LK", move="Anything", due=dt.date(2025, 12, 1)),
]


def test_each_action_is_held_against_what_happened_and_overdue_is_flagged():
    before = [
        _entry("acme", 1, LK="high", PT="medium", BG="low"),
        _entry("beta", 1, LK="medium"),
        _entry("gone", 1, LK="high"),
    ]
    now = [_entry("acme", 15, PT="medium", BG="high"), _entry("beta", 15, LK="low")]
    found = {(r.action.firm_id, r.action.finding): r for r in review(PLAN, before, now, dt.date(2026, 2, 1))}
    assert found["acme", "LK"].outcome == "resolved" and not found["acme", "LK"].overdue  # done
    assert (
        found["acme", "PT"].outcome == "persisting" and found["acme", "PT"].overdue
    )  # due 10th, assessed 15th
    assert found["acme", "BG"].outcome == "worse" and not found["acme", "BG"].overdue  # no due date
    assert found["beta", "LK"].outcome == "improved"
    assert (found["beta", "LK"].severity_before, found["beta", "LK"].severity_now) == ("medium", "low")
    assert found["gone", "LK"].outcome == "not reassessed" and found["gone", "LK"].overdue  # before today


def test_a_finding_that_was_not_there_before_is_said_so():
    (r,) = review([PLAN[0]], [_entry("acme", 1)], [_entry("acme", 2, LK="high")], dt.date(2026, 2, 1))
    assert r.outcome == "not found before"


def test_csv_and_xlsx_round_trip_the_plan_and_formulas_stay_text():
    for data, name in ((plan_csv(PLAN).encode(), "plan.csv"), (plan_xlsx(PLAN), "plan.xlsx")):
        back, problems = read_plan(data, name)
        assert problems == [] and back == PLAN, name
    assert "'=cmd" in plan_csv(PLAN)  # a spreadsheet shows it as text, never runs it


def test_bad_rows_are_each_named_with_column_value_and_allowed_and_good_rows_kept():
    text = (
        "firm_id,finding,move,owner,due,status,note\n"
        "acme,LK,Sell under our own brand,Anna,2026-03-01,open,\n"
        "acme,LK,Find a partner,,next week,finished,\n"
        ",LK,,,,,\n"
        "nobody,LK,A move,,,,\n"
    )
    actions, problems = read_plan(text.encode(), "plan.csv", firms={"acme"})
    assert [a.move for a in actions] == ["Sell under our own brand"]
    shown = [str(p) for p in problems]
    assert any(
        s.startswith("plan.csv row 3 column due") and "'next week'" in s and "YYYY-MM-DD" in s for s in shown
    )
    assert any(
        s.startswith("plan.csv row 3 column status") and "open, in progress, done, dropped" in s
        for s in shown
    )
    assert any(s.startswith("plan.csv row 4 column firm_id") for s in shown)
    assert any(s.startswith("plan.csv row 4 column move") for s in shown)
    assert any(s.startswith("plan.csv row 5 column firm_id") and "'nobody'" in s for s in shown)


def test_a_header_with_unknown_or_missing_columns_is_refused_as_a_whole():
    actions, problems = read_plan(b"firm,what\nacme,x\n", "plan.csv")
    assert actions == [] and any("missing column(s): firm_id, move" in str(p) for p in problems)
    assert any("unknown column" in str(p) and "'what'" in str(p) for p in problems)


def test_merging_keeps_edits_and_adds_what_was_carried():
    edited = PLAN[0].model_copy(update={"status": "dropped"})
    assert merged([edited], PLAN) == [edited, *PLAN[1:]]


def test_batch_previous_and_diff_report_the_earlier_plan_and_keep_it(tmp_path, capsys):
    from batch_helpers import case_data, read_csv, to_cells, write_csv
    from conftest import ROOT

    from advisor.cli.main import main
    from advisor.portfolio.actions import ACTIONS_REVIEW, load_actions, save_actions
    from advisor.portfolio.batch import run_batch

    run_batch(
        write_csv(tmp_path / "r1.csv", [to_cells(case_data(ROOT / "examples/seamless-2001.yaml"))]),
        tmp_path / "r1",
    )
    agreed = [
        Action(firm_id="seamless", finding="LK-04", move="Sell under our own brand", due=dt.date(2002, 6, 1)),
        Action(firm_id="seamless", finding="", move="Meet the board", status="done"),
    ]
    save_actions(tmp_path / "r1", agreed)
    r2 = [to_cells(case_data(ROOT / "examples/seamless-2005.yaml"))]
    result = run_batch(write_csv(tmp_path / "r2.csv", r2), tmp_path / "r2", previous=tmp_path / "r1")
    assert load_actions(tmp_path / "r2") == agreed  # the plan travels with the round
    rows = read_csv(tmp_path / "r2" / ACTIONS_REVIEW)
    assert [(r["move"], r["outcome"], r["overdue"]) for r in rows] == [
        ("Sell under our own brand", "not found before", "yes"),
        ("Meet the board", "—", ""),
    ]
    assert [r.outcome for r in result.reviews] == ["not found before", "—"]
    assert (
        "Actions agreed at the earlier round (2, 1 overdue)" in (tmp_path / "r2" / "changes.md").read_text()
    )

    assert main(["diff", str(tmp_path / "r1"), str(tmp_path / "r2")]) == 0
    out = capsys.readouterr().out
    assert "Actions agreed at the earlier round: 2 (1 overdue)" in out
    assert "seamless [LK-04] Sell under our own brand: open, due 2002-06-01 → not found before" in out
