"""App actions without Streamlit: inputs, uploads, pictures, what-if, downloads."""

from __future__ import annotations

import json

import pytest
import yaml

from advisor.api import default_rulebase
from advisor.app.actions import (
    answers_fingerprint,
    changes_for,
    downloads,
    draft_from_upload,
    score,
    teaching_cases,
    with_changes,
)
from advisor.app.answer_input import NONE_OF_THESE, choice_options, from_input, option_label
from advisor.app.draft import FIRM, Draft, draft_from_assessment
from advisor.app.report_views import compare_findings
from advisor.core.assessment import AssessmentError, check_value
from advisor.core.bank import DONT_KNOW, NOT_APPLICABLE
from advisor.reporting.pdf import to_pdf
from rules.views import capabilities, collaboration_map, phase_matrix, value_chain
from tests.cases import EXAMPLES, case, report


# ---- answer input -------------------------------------------------------------------------------
def test_choice_questions_offer_dont_know_and_not_applicable_only_where_allowed(bank):
    assert choice_options(bank.by_id["nw_large_partner"])[-1:] == [DONT_KNOW]
    assert choice_options(bank.by_id["ob_role"])[-2:] == [DONT_KNOW, NOT_APPLICABLE]
    scale = bank.by_id["cap_sensing"]
    assert choice_options(scale)[:5] == [1, 2, 3, 4, 5]
    assert option_label(scale, 1).startswith("1 – ")


def test_a_rejected_value_shows_the_cores_message_in_plain_words(bank):
    question = bank.by_id["bg_international_sales_share"]
    value, error = from_input(question, 150, None)
    _, core = check_value(question, 150)
    assert value is None
    assert error.startswith(core[0].upper() + core[1:])
    assert "from 0 to 100" in error and "“Don't know”" in error and "dont_know" not in error


def test_side_buttons_and_clearing(bank):
    multi = bank.by_id["nw_customer_types"]
    assert from_input(multi, ["consumers"], None) == (["consumers"], None)
    assert from_input(multi, None, NONE_OF_THESE) == ([], None)
    assert from_input(multi, [], None) == (None, None)
    number = bank.by_id["bg_employees"]
    assert from_input(number, None, DONT_KNOW) == (DONT_KNOW, None)
    value, error = from_input(number, None, NOT_APPLICABLE)  # this question always applies
    assert value is None and "not_applicable" in error
    text = bank.by_id["bg_description"]
    assert from_input(text, "   ", None) == (None, None)
    assert from_input(text, " Pumps. ", None) == ("Pumps.", None)


# ---- starting points ----------------------------------------------------------------------------
def test_teaching_cases_are_listed_by_their_story():
    cases = {c.path.name: c.title for c in teaching_cases()}
    assert cases["seamless-2005.yaml"].startswith("Seamless 2005")
    # Synthetic firms and labelled illustrations (no sources) are not offered to learn from.
    synthetic = {p.name for pattern in ("kitchen-sink*.yaml", "illus-*.yaml") for p in EXAMPLES.glob(pattern)}
    assert synthetic and not synthetic & set(cases)
    assert len(cases) == len(list(EXAMPLES.glob("*.yaml"))) - len(synthetic)


def test_an_uploaded_file_is_validated_and_every_problem_listed(bank):
    good = (EXAMPLES / "seamless-2005.yaml").read_bytes()
    assert draft_from_upload("seamless.yaml", good, bank).firm_name == "Seamless"
    data = yaml.safe_load(good)
    data["answers"]["cap_sensing"] = 9
    data["answers"]["no_such_question"] = 1
    with pytest.raises(AssessmentError) as caught:
        draft_from_upload("mine.json", json.dumps(data, default=str).encode(), bank)
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 2
    assert any("cap_sensing" in m and "outside the scale" in m for m in messages)
    assert any("no_such_question" in m for m in messages)


@pytest.mark.parametrize(
    ("raw", "message"),
    [(b"\xff\xfe", "not UTF-8"), (b"answers: [", "not valid YAML"), (b"- a list", "one assessment")],
)
def test_an_unreadable_upload_says_why(bank, raw, message):
    with pytest.raises(AssessmentError, match=message):
        draft_from_upload("broken.yaml", raw, bank)


# ---- pictures -----------------------------------------------------------------------------------
def test_capabilities_follow_the_interpretation_layers_traits():
    levels = {c.name: c.level for c in capabilities(report("kitchen-sink"))}
    assert levels == {"Sensing": "weak", "Entrepreneurial": "weak", "Relational": "weak", "Balancing": "weak"}
    assert {c.name: c.level for c in capabilities(report("kitchen-sink-balanced"))}["Balancing"] == "strong"


def test_phase_matrix_marks_the_missing_activities():
    cells = phase_matrix(report("kitchen-sink"), case("kitchen-sink"), default_rulebase())
    assert cells is not None and len(cells) == 6
    p3 = {c.theme: c for c in cells if c.phase == 3}
    assert p3["Value creation"].state == "absent"
    assert p3["Value creation"].missing == [
        "Developing operational capabilities",
        "Exploring improvement opportunities",
    ]
    assert {c.alignment for c in cells if c.phase == 3} == {"misaligned"}
    assert (
        phase_matrix(report("seamless-2005"), case("seamless-2005"), default_rulebase()) is None
    )  # no outcome deal


def test_collaboration_map_places_each_collaboration():
    points = collaboration_map(report("hk22-ecosystem"), case("hk22-ecosystem"))
    assert len(points) == 1
    assert points[0].kind == "ecosystem" and points[0].connection >= 4 and points[0].co_creation >= 4


def test_value_chain_places_the_firm_and_each_business_model(bank):
    steps, positions = value_chain(bank, case("seamless-2012-models"))
    assert len(steps) == 4
    assert [(p.who, p.step) for p in positions] == [
        ("Your main offering", 4),
        ("OEM licences through Ericsson", 1),
        ("SEQR mobile payments", 4),
    ]


# ---- what-if and downloads ----------------------------------------------------------------------
def test_what_if_reports_findings_that_appear_disappear_or_change(bank):
    draft = draft_from_assessment(case("s20-r6"))
    _, before = score(bank, draft)
    tried = with_changes(draft, {(FIRM, "", "ob_p2_delivery_risks"): "done"})
    _, after = score(bank, tried)
    changes = compare_findings(before, after)
    assert ("resolved", "OB-05") in {(c.change, c.finding.rule_id) for c in changes}
    assert all(c.change != "stayed" for c in changes)
    assert draft.values()["ob_p2_delivery_risks"] != "done"  # the draft itself is untouched


def test_downloads_give_pdf_markdown_json_and_the_answers(bank):
    draft = draft_from_assessment(case("kitchen-sink"))
    assessment, rep = score(bank, draft)
    files = {d.file_name: d.make() for d in downloads(rep, assessment)}
    assert files["kitchen-sink-report.pdf"].startswith(b"%PDF")
    assert files["kitchen-sink-report.md"].decode().startswith("# BMI Advisor report")
    assert json.loads(files["kitchen-sink-report.json"])["firm_id"] == "kitchen-sink"
    assert yaml.safe_load(files["kitchen-sink-answers.yaml"]) == json.loads(
        files["kitchen-sink-answers.json"]
    )


@pytest.mark.parametrize("font_dir", ["default", None])
def test_pdf_prints_any_characters_with_or_without_dejavu(font_dir):
    rep = report("seamless-2005").model_copy(update={"firm_name": "Ström “Ωmega” 北京 — Ltd"})
    pdf = to_pdf(rep) if font_dir == "default" else to_pdf(rep, font_dir=None)
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000


def test_a_draft_survives_its_json_round_trip():
    draft = draft_from_assessment(case("hk22-network"))
    assert Draft.model_validate_json(draft.model_dump_json()) == draft


def test_what_would_change_goes_into_the_markdown_and_pdf_downloads(bank):
    draft = draft_from_assessment(case("s20-r6"))
    assessment, rep = score(bank, draft)
    items = changes_for(assessment, rep)
    assert any(i.goal == "remove" and i.alternatives for i in items)
    files = {d.file_name: d.make() for d in downloads(rep, assessment)}
    markdown = files["s20-r6-report.md"].decode()
    assert "## What would change this?" in markdown
    assert "  - change “" in markdown
    plain = to_pdf(rep, font_dir=None, changes=items)
    assert len(plain) > len(to_pdf(rep, font_dir=None))
    assert answers_fingerprint(assessment) == answers_fingerprint(score(bank, draft)[0])


def test_phase_matrix_shows_both_sides_and_marks_where_they_diverge():
    cells = phase_matrix(report("two-sided-r4"), case("two-sided-r4"), default_rulebase())
    by = {(c.phase, c.theme): c for c in cells}
    p3 = by[(3, "Value creation")]
    assert (p3.state, p3.theirs_state) == ("weakened", "absent")
    assert p3.diverging == ["Exploring improvement opportunities"]
    assert by[(3, "Value capture")].diverging == ["Ensuring fair value distribution"]
    assert "Exploring improvement opportunities" in p3.theirs_missing
    assert all(not c.diverging and c.theirs_state == c.state for k, c in by.items() if k[0] < 3)
    assert all(
        c.theirs_state is None for c in phase_matrix(report("s20-r4"), case("s20-r4"), default_rulebase())
    )
