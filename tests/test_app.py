"""The Streamlit app, screen by screen, driven by AppTest (no browser)."""

from __future__ import annotations

import datetime as dt
import re

import pypdfium2 as pdfium
import pytest
import yaml
from streamlit.testing.v1 import AppTest

from advisor.api import default_rulebase
from advisor.app import action_plan, actions
from advisor.app.actions import teaching_cases
from advisor.app.answer_input import choice_options
from advisor.app.draft import set_plan
from advisor.app.store.sqlite import SqliteStore
from advisor.reporting.markdown import md_escape
from advisor.reporting.report import rank_next_questions
from tests.cases import EXAMPLES, report

APP = str(EXAMPLES.parent / "app.py")
TIMEOUT = 60


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "app.sqlite3"
    monkeypatch.setenv("BMI_ADVISOR_DB", str(path))
    return path


def _app(code: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if code:
        at.query_params["resume"] = code
    return at.run()


def _started(case_file: str | None = None) -> AppTest:
    at = _app()
    if case_file is None:
        at.button(key="start.blank").click().run()
    else:
        chosen = next(c for c in teaching_cases() if c.path.name == case_file)
        at.selectbox(key="start.case").set_value(chosen).run()
        at.button(key="start.open_case").click().run()
    assert not at.exception
    return at


def _code(at: AppTest) -> str:
    code = at.query_params["resume"]
    return code[0] if isinstance(code, list) else code


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_the_start_screen_offers_every_way_in(db):
    at = _app()
    assert not at.exception
    assert at.title[0].value == "BMI Advisor"
    assert {b.key for b in at.button} >= {"start.blank", "start.resume", "start.open_case"}
    assert len(at.selectbox(key="start.case").options) == len(teaching_cases())


def test_an_answer_is_saved_at_once_and_survives_a_new_session(db):
    at = _started()
    code = _code(at)
    at.radio(key="q.bg_growth_stage").set_value("scaling").run()
    assert SqliteStore(db).load(code).values() == {"bg_growth_stage": "scaling"}
    again = _app(code)  # a closed tab, a new browser, or a restarted server: same code, same answers
    assert not again.exception
    assert again.radio(key="q.bg_growth_stage").value == "scaling"
    assert "1 of 8 sections done" not in again.get("progress")[0].proto.text


def test_a_follow_up_question_appears_when_its_gate_opens_it(db):
    at = _started()
    at.selectbox(key="section").set_value("network").run()
    assert "q.nw_distributor_sales_share" not in {n.key for n in at.number_input}
    at.radio(key="q.nw_uses_distributors").set_value("yes").run()
    assert "q.nw_distributor_sales_share" in {n.key for n in at.number_input}
    at.radio(key="q.nw_uses_distributors").set_value("no").run()
    assert "q.nw_distributor_sales_share" not in {n.key for n in at.number_input}


def test_a_wrong_number_is_refused_with_the_cores_message(db):
    at = _started()
    at.number_input(key="q.bg_international_sales_share").set_value(150).run()
    assert [e.value for e in at.error] == [
        "Out of range. Allowed: a whole number of % from 0 to 100, or “Don't know”."
    ]
    assert "bg_international_sales_share" not in SqliteStore(db).load(_code(at)).values()
    at.number_input(key="q.bg_international_sales_share").set_value(35).run()
    assert not at.error
    assert SqliteStore(db).load(_code(at)).values()["bg_international_sales_share"] == 35


def test_dont_know_is_a_first_class_answer(db):
    at = _started()
    at.radio(key="q.bg_growth_stage").set_value("dont_know").run()
    assert SqliteStore(db).load(_code(at)).values() == {"bg_growth_stage": "dont_know"}


def test_evidence_is_saved_and_shown_as_plain_text_in_the_report(db):
    at = _started("seamless-2005.yaml")
    at.selectbox(key="section").set_value("business_model").run()
    at.text_input(key="ev.q.bm_value_chain_position").input("See [this](http://evil.example) <b>x</b>").run()
    saved = SqliteStore(db).load(_code(at)).answers["bm_value_chain_position"]
    assert saved.evidence == "See [this](http://evil.example) <b>x</b>"
    at.switch_page("app_pages/report.py").run()
    text = _markdown(at)
    assert "See \\[this\\]" in text
    assert not re.search(r"(?<!\\)\]\(http", text)  # no live link
    assert not re.search(r"(?<!\\)<b>", text)  # no live HTML


def test_collaborations_can_be_added_and_removed(db):
    at = _started()
    at.selectbox(key="section").set_value("collaborations").run()
    at.text_input(key="add.collaborations.name").input("Regional food cluster")
    at.button[[b.label for b in at.button].index("Add collaboration")].click().run()
    assert SqliteStore(db).load(_code(at)).items("collaborations") == ["regional-food-cluster"]
    at.radio(key="q.collaborations.regional-food-cluster.co_connection").set_value(2).run()
    draft = SqliteStore(db).load(_code(at))
    assert draft.values("collaborations", "regional-food-cluster") == {
        "co_name": "Regional food cluster",
        "co_connection": 2,
    }
    at.button(key="remove.collaborations.regional-food-cluster").click().run()
    assert SqliteStore(db).load(_code(at)).items("collaborations") == []


def test_resume_by_code_typed_in(db):
    first = _started()
    first.radio(key="q.bg_growth_stage").set_value("mature_niche").run()
    at = _app()
    at.text_input(key="start.code").input(_code(first)).run()
    at.button(key="start.resume").click().run()
    assert at.radio(key="q.bg_growth_stage").value == "mature_niche"


def test_a_wrong_code_never_opens_anything(db):
    _started()
    at = _app("x" * 32)
    assert not at.exception
    assert at.title[0].value == "BMI Advisor"
    assert "does not match" in at.warning[0].value


def test_two_founders_never_see_each_others_answers(db):
    one, two = _started(), _started()
    one.radio(key="q.bg_growth_stage").set_value("scaling").run()
    two.run()
    assert two.radio(key="q.bg_growth_stage").value is None
    assert _code(one) != _code(two)


def test_an_uploaded_file_with_mistakes_lists_them(db, tmp_path):
    data = yaml.safe_load((EXAMPLES / "seamless-2005.yaml").read_text())
    data["answers"]["cap_sensing"] = 9
    at = _app()
    uploader = at.get("file_uploader")[0]
    uploader.set_value(
        ("mine.yaml", yaml.safe_dump(data, default_flow_style=False).encode(), "application/x-yaml")
    )
    at.run()
    at.button(key="start.open_file").click().run()
    assert "cap\\_sensing" in at.error[0].value and "outside the scale (got 9)" in at.error[0].value


def test_the_report_shows_summary_pictures_findings_and_downloads(db):
    at = _started("s20-r6.yaml")
    at.switch_page("app_pages/report.py").run()
    assert not at.exception
    assert at.title[0].value.startswith("Report: ")
    headings = [s.value for s in at.subheader]
    assert headings[0] == "What matters most"  # the action first, the downloads last
    assert headings.index("Your business at a glance") < headings.index("All findings")
    assert headings[-1] == "Take it with you"
    text = _markdown(at)
    assert "Outcome-based deal: are value creation and value capture aligned?" in text
    assert "**Phase 2** is a gap" in text
    assert "Assessing delivery risks" in text
    labels = [d.label for d in at.get("download_button")]
    assert labels[-5:] == [
        "Report as PDF",
        "Report as Markdown",
        "Report as JSON",
        "Answers as YAML",
        "Answers as JSON",
    ]


def test_the_next_90_days_are_filled_in_saved_and_printed(db, monkeypatch):
    at = _started("s20-r6.yaml")
    code = _code(at)
    first = action_plan.plan(report("s20-r6"), {})[0]
    SqliteStore(db).update(code, lambda d: set_plan(d, first.move_id, owner="Åsa Öberg"))
    offered: list[actions.Download] = []  # the files the report page offers, as it built them

    def spy(*args, **kwargs):
        offered[:] = real(*args, **kwargs)
        return offered

    real = actions.downloads
    monkeypatch.setattr(actions, "downloads", spy)
    at.switch_page("app_pages/report.py").run()
    assert not at.exception
    assert f"Your next {action_plan.PLAN_DAYS} days" in [s.value for s in at.subheader]
    assert f"**Step 1: {md_escape(first.text)}**" in _markdown(at)
    owner = at.text_input(key=f"report.plan.owner.{first.move_id}")
    assert (owner.label, owner.value) == ("Who does step 1", "Åsa Öberg")  # what was saved before
    at.date_input(key=f"report.plan.due.{first.move_id}").set_value(dt.date(2027, 2, 1)).run()
    at.checkbox(key=f"report.plan.done.{first.move_id}").check().run()
    saved = SqliteStore(db).load(code).plan[first.move_id]
    assert (saved.owner, saved.due, saved.done) == ("Åsa Öberg", dt.date(2027, 2, 1), True)
    pdf = next(d for d in offered if d.mime == "application/pdf").make()
    text = " ".join(" ".join(p.get_textpage().get_text_range().split()) for p in pdfium.PdfDocument(pdf))
    assert f"Done {first.text[:30]}" in text and "Åsa Öberg 2027-02-01" in text


def test_what_if_shows_the_change_and_saves_only_when_asked(db):
    at = _started("s20-r6.yaml")
    code = _code(at)
    at.switch_page("app_pages/report.py").run()
    box = at.selectbox(key="whatif.question")
    box.select_index(next(i for i, o in enumerate(box.options) if "what could make delivery fail" in o)).run()
    at.radio(key="wi.ob_p2_delivery_risks").set_value("done").run()
    assert not at.exception
    text = _markdown(at)
    assert "Gone" in text
    assert SqliteStore(db).load(code).values()["ob_p2_delivery_risks"] != "done"
    at.button(key="whatif.keep").click().run()
    assert SqliteStore(db).load(code).values()["ob_p2_delivery_risks"] == "done"


def test_what_would_change_this_is_worked_out_when_asked(db):
    at = _started("s20-r6.yaml")
    at.switch_page("app_pages/report.py").run()
    assert "What would change this?" in [s.value for s in at.subheader]
    assert "Change “" not in _markdown(at)  # computed only when asked
    at.button(key="wwc.run").click().run()
    assert not at.exception
    text = _markdown(at)
    assert "**To remove: " in text
    assert "- Change “Have you assessed what could make delivery fail" in text
    at.run()  # shown again on the next run without asking twice
    assert "- Change “" in _markdown(at)


def test_a_sharpening_question_is_answered_in_place(db, bank):
    at = _started("seamless-2005.yaml")
    code = _code(at)
    at.switch_page("app_pages/report.py").run()
    radios = [r for r in at.radio if r.key.startswith("nq.")]
    assert radios, "the report should offer questions to sharpen it"
    qid = radios[0].key.removeprefix("nq.")
    assert qid not in SqliteStore(db).load(code).values()
    radios[0].set_value(choice_options(bank.by_id[qid])[0]).run()
    assert not at.exception
    assert SqliteStore(db).load(code).values()[qid] == choice_options(bank.by_id[qid])[0]


def test_a_two_sided_deal_shows_both_views_on_the_phase_matrix(db):
    at = _started("two-sided-r4.yaml")
    at.switch_page("app_pages/report.py").run()
    assert not at.exception
    text = _markdown(at)
    assert "**Your view and Forestcorp's**" in text
    expected = "- Phase 3, value creation: you — one activity missing; Forestcorp — both activities missing"
    assert expected in text
    assert ":orange-badge[Views differ] on Exploring improvement opportunities" in text


def test_founders_read_plain_words_and_the_advanced_switch_explains_every_rule(db):
    at = _started("s20-r4.yaml")
    at.switch_page("app_pages/report.py").run()
    assert not at.exception
    findings = report("s20-r4").findings
    plain_text = _markdown(at) + "\n".join(c.value for c in at.caption)
    for f in findings:
        assert f.rule_id not in plain_text
    assert not re.search(r"\bR[1-6]\b|interpretation layer", plain_text)
    assert not [p for p in at.get("popover") if p.proto.popover.label == "Explain this rule"]

    at.toggle(key="report.advanced").set_value(True).run()
    popovers = [p for p in at.get("popover") if p.proto.popover.label == "Explain this rule"]
    assert len(popovers) == len({f.rule_id for f in findings}) > 0  # one card per finding
    text = _markdown(at)
    # The doc, the paper's claim and the example cases of the rule behind a finding are on the page.
    assert "**The paper's claim:**" in text
    assert "**Fires for:**" in text


def test_each_business_model_is_answered_and_judged_on_its_own(db):
    at = _started()
    at.selectbox(key="section").set_value("business_models").run()
    for name in ("Licences to vendors", "Own-brand payments"):
        at.text_input(key="add.business_models.name").input(name)
        at.button[[b.label for b in at.button].index("Add business model")].click().run()
    draft = SqliteStore(db).load(_code(at))
    assert draft.items("business_models") == ["licences-to-vendors", "own-brand-payments"]
    assert draft.values("business_models", "licences-to-vendors") == {"bmx_name": "Licences to vendors"}
    oem = "q.business_models.licences-to-vendors"
    at.radio(key=f"{oem}.bmx_value_chain_position").set_value("component_inside_partner_product").run()
    at.radio(key=f"{oem}.bmx_brand_visibility").set_value("white_label").run()
    assert not at.exception
    at.switch_page("app_pages/report.py").run()
    assert not at.exception
    text = _markdown(at)
    # The white-label trap is found in the licence model, and named after it; not in the other one.
    white_label = [line for line in text.splitlines() if "white label" in line.lower() and "badge[" in line]
    assert white_label and all("Licences to vendors" in line for line in white_label), white_label


def test_the_questionnaire_shows_the_reports_next_questions_on_request_and_goes_to_them(db):
    at = _started("s20-r4.yaml")
    assert "next_q.0" not in {b.key for b in at.button}  # not computed until asked for
    at.toggle(key="show_next").set_value(True).run()
    assert not at.exception
    code = _code(at)
    bank = default_rulebase().bank
    draft = SqliteStore(db).load(code)
    expected = rank_next_questions(default_rulebase(), actions.assessment_of(bank, draft), limit=3)
    assert expected, "a teaching case with open questions"
    shown = [m.value for m in at.markdown if m.value.startswith("**") and "\n" in m.value]
    assert [s.split("**")[1] for s in shown] == [md_escape(q.text) for q in expected]
    target = bank.by_id[expected[0].question_id].section
    next(b for b in at.button if b.key == "next_q.0").click().run()
    assert at.selectbox(key="section").value == target
