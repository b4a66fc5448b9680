"""Answers in progress: what shows, what counts, and the file they become."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from advisor.api import assess
from advisor.app.actions import answers_yaml, assessment_of, score
from advisor.app.draft import (
    FIRM,
    Draft,
    add_item,
    draft_from_assessment,
    is_visible,
    item_name,
    progress,
    remove_item,
    set_answer,
    set_evidence,
    to_assessment_data,
    visible_questions,
)
from advisor.core.assessment import load_assessment, validate_assessment
from advisor.core.bank import DONT_KNOW
from tests.cases import EXAMPLES

ROOT = Path(__file__).resolve().parents[1]


def _answer(draft: Draft, qid: str, value) -> Draft:
    return set_answer(draft, FIRM, "", qid, value)


def test_a_follow_up_shows_only_once_its_gate_opens_it(bank):
    follow_up = bank.by_id["nw_distributor_sales_share"]
    blank = Draft()
    assert not is_visible(bank, follow_up, blank)
    assert is_visible(bank, follow_up, _answer(blank, "nw_uses_distributors", "yes"))
    assert not is_visible(bank, follow_up, _answer(blank, "nw_uses_distributors", "no"))
    # "Don't know" is not a "no": the follow-up stays open.
    assert is_visible(bank, follow_up, _answer(blank, "nw_uses_distributors", DONT_KNOW))


def test_phase_questions_follow_how_far_the_deal_got(bank):
    section = bank.section_by_id["outcome_deals"]
    draft = _answer(Draft(), "ob_offers", "offering")
    shown = {q.id for q in visible_questions(bank, draft, section)}
    assert "ob_furthest_phase" in shown and "ob_p2_kpis" not in shown
    draft = _answer(draft, "ob_furthest_phase", "designing")
    shown = {q.id for q in visible_questions(bank, draft, section)}
    assert "ob_p2_kpis" in shown and "ob_p3_improvements" not in shown


def test_progress_counts_sections_done_and_questions_left(bank):
    draft = Draft()
    start = progress(bank, draft)
    assert start.sections_done == 0
    for q in visible_questions(bank, draft, bank.section_by_id["background"]):
        draft = _answer(draft, q.id, DONT_KNOW)
    after = progress(bank, draft)
    background = next(s for s in after.sections if s.section.id == "background")
    assert background.done and after.sections_done == 1
    assert after.questions_left == start.questions_left - background.answered


def test_an_answer_hidden_by_a_later_change_stays_in_the_draft_but_not_in_the_file(bank):
    draft = _answer(Draft(), "nw_uses_distributors", "yes")
    draft = _answer(draft, "nw_distributor_sales_share", 70)
    assert to_assessment_data(bank, draft)["answers"]["nw_distributor_sales_share"] == 70
    draft = _answer(draft, "nw_uses_distributors", "no")
    assert "nw_distributor_sales_share" not in to_assessment_data(bank, draft)["answers"]
    back = _answer(draft, "nw_uses_distributors", "yes")
    assert to_assessment_data(bank, back)["answers"]["nw_distributor_sales_share"] == 70


def test_evidence_without_an_answer_is_kept_but_not_scored(bank):
    draft = set_evidence(Draft(), FIRM, "", "cap_sensing", "We visit trade fairs twice a year.")
    assert "cap_sensing" not in to_assessment_data(bank, draft)["answers"]
    draft = _answer(draft, "cap_sensing", 4)
    assert to_assessment_data(bank, draft)["answers"]["cap_sensing"] == {
        "value": 4,
        "evidence": "We visit trade fairs twice a year.",
    }


def test_entries_of_a_repeated_section_get_unique_ids_and_can_be_removed(bank):
    section = bank.section_by_id["collaborations"]
    draft, first = add_item(Draft(), section, "Food Cluster!")
    draft, second = add_item(draft, section, "food cluster")
    assert (first, second) == ("food-cluster", "food-cluster-2")
    draft = set_answer(draft, "collaborations", second, "co_connection", 2)
    data = to_assessment_data(bank, draft)
    assert data["groups"]["collaborations"][1] == {
        "id": "food-cluster-2",
        "answers": {"co_name": "food cluster", "co_connection": 2},
    }
    assert item_name(draft, section, first) == "Food Cluster!"  # the name typed, kept as its answer
    draft = remove_item(draft, "collaborations", first)
    assert draft.items("collaborations") == ["food-cluster-2"]
    validate_assessment(to_assessment_data(bank, draft), bank)


def test_every_teaching_case_gives_the_same_report_through_a_draft(bank):
    for path in sorted(EXAMPLES.glob("*.yaml")):
        original = load_assessment(path, bank)
        _, via_draft = score(bank, draft_from_assessment(original))
        direct = assess(original)
        assert [(f.rule_id, f.subject) for f in via_draft.findings] == [
            (f.rule_id, f.subject) for f in direct.findings
        ], path.name


def test_downloaded_answers_run_unchanged_through_the_command_line(bank, tmp_path):
    draft = draft_from_assessment(load_assessment(EXAMPLES / "kitchen-sink.yaml", bank))
    draft = set_evidence(draft, FIRM, "", "cap_sensing", "Ünïcode “quotes” and [a link](http://x.example)")
    assessment, report = score(bank, draft)
    target = tmp_path / "answers.yaml"
    target.write_bytes(answers_yaml(assessment))
    assert yaml.safe_load(target.read_text())["firm_id"] == assessment.firm_id
    run = subprocess.run(
        [sys.executable, "-m", "advisor.cli.main", "assess", str(target), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    from_cli = json.loads(run.stdout)
    assert [(f["rule_id"], f["subject"]) for f in from_cli["findings"]] == [
        (f.rule_id, f.subject) for f in report.findings
    ]
    assert assessment_of(bank, draft_from_assessment(load_assessment(target, bank))) == assessment
