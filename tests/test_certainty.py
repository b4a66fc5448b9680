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


# ---- the severity policy ------------------------------------------------------------------------
def _report(answers: dict, groups: dict | None = None):
    from advisor.api import assess

    return assess(_assessment(answers, groups))


def _finding(report, rule_id: str):
    return next(f for f in report.findings if f.rule_id == rule_id)


def test_one_answer_lowers_a_problem_and_a_second_restores_it():
    one = _finding(_report({"bm_value_chain_position": "component_inside_partner_product"}), "LK-04")
    two = _finding(
        _report(
            {
                "bm_value_chain_position": "component_inside_partner_product",
                "bm_brand_visibility": "white_label",
            }
        ),
        "LK-04",
    )
    steps = ["high", "medium", "low"]
    assert one.basis == "case_evidence" and one.impact == two.impact
    assert one.answers_behind == 1 and one.severity == steps[min(steps.index(one.impact) + 1, 2)]
    assert two.answers_behind == 2 and two.severity == two.impact


def test_a_conceptual_claim_weighs_less_than_case_evidence():
    groups = {
        "collaborations": [
            {"id": "eco", "answers": {"co_connection": 5, "co_co_creation": 5, "co_expectations_aligned": 1}}
        ]
    }
    f = _finding(_report({}, groups), "CO-05")
    assert (f.impact, f.basis, f.severity) == ("high", "conceptual", "medium")
    assert "conceptual" in f.basis_text


def test_strengths_are_not_ranked_as_problems():
    report = _report({"bm_lock_in_mechanisms": ["switching_costs"], "bm_customer_understanding": 5})
    strength = _finding(report, "LK-01")
    assert strength.kind == "strength" and strength.severity == "info"


def test_one_severity_order_everywhere():
    # The core holds the one order (rulekit.SEVERITIES); no other module spells out its own.
    import re
    from pathlib import Path

    from advisor.core.rulekit import SEVERITIES, severity_rank
    from advisor.portfolio.heatmap import SEVERITY_LETTER
    from advisor.reporting.markdown import SEVERITY_MARK

    root = Path(__file__).resolve().parent.parent
    spelled = re.compile(
        r"[\"']high[\"'],\s*[\"']medium|Severity\.HIGH,\s*Severity\.MEDIUM|Severity\.HIGH:\s*0|SEVERITY_ORDER"
    )
    offenders = [
        str(path.relative_to(root))
        for folder in ("advisor", "app_pages")
        for path in (root / folder).rglob("*.py")
        if path.name != "rulekit.py" and spelled.search(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, f"orderings of severities outside advisor/core/rulekit.py: {offenders}"
    assert SEVERITIES == ("high", "medium", "low", "info")
    assert [severity_rank(s) for s in SEVERITIES] == [0, 1, 2, 3]
    for shown in (SEVERITY_MARK, SEVERITY_LETTER):
        assert set(shown) == set(SEVERITIES)
    # A report lists its findings in that order.
    from tests.cases import report

    ranks = [severity_rank(f.severity) for f in report("kitchen-sink").findings]
    assert ranks == sorted(ranks)


# ---- tentative means: here is what would settle it ---------------------------------------------
def test_each_answer_a_tentative_finding_rests_on_says_what_it_would_do():
    # Price competition among look-alikes; whether the niche is mature is not known.
    f = _finding(_report({"nw_competition_basis": "price", "nw_competitors_same_model": "yes"}), "BX-08")
    assert f.confidence == "tentative"
    settler = next(s for s in f.settled_by if s.question_id == "bg_growth_stage")
    effects = {o.effect: o.answers for o in settler.outcomes}  # computed by re-running the rules
    assert effects["confirms"] == ["Mature: defending a position in an established niche"]
    assert len(effects["removes"]) == 2


def test_middling_answers_say_which_clearer_answer_would_settle_it():
    # Connection 4 and co-creation 3: an ecosystem only tentatively, with nothing left open.
    f = next(f for f in report_of("illus-ecosystem-unclear").findings if f.rule_id == "CO-06")
    assert f.confidence == "tentative"
    settler = next(s for s in f.settled_by if s.question_id == "co_co_creation")
    assert settler.current.startswith("3 of 5")
    assert {o.effect: o.answers for o in settler.outcomes} == {
        "removes": ["1–2 of 5"],
        "confirms": ["4–5 of 5"],
    }


def report_of(case_id: str):
    from tests.cases import report

    return report(case_id)


def test_no_example_finding_is_firm_while_an_open_answer_could_remove_it():
    # The report looks only at the slots a finding reads; here every open slot of the firm is
    # tried with every answer, and the rules re-run for every subject.
    from advisor.reporting.certainty import Analysis
    from tests.cases import case, case_paths, report

    for path in case_paths():
        analysis = Analysis(RB, case(path.stem))
        removable = set()
        for slot in analysis.open_slots:
            effects = analysis.effects(slot)
            if not effects.opens:  # one answer, not a gate and a follow-up together
                removable |= {fk for fk, by in effects.by_finding.items() if "removes" in by}
        for f in report(path.stem).findings:
            scope, _, item = f.subject.partition(":")
            key = (f.rule_id, scope, item or FIRM)
            if f.confidence == "firm":
                assert key not in removable, f"{path.stem}: {f.rule_id} is firm but an open answer removes it"
                assert not analysis.base[key].rests_on, (
                    f"{path.stem}: {f.rule_id} is firm but rests on unknowns"
                )
            else:
                assert f.settled_by, f"{path.stem}: tentative {f.rule_id} does not say what would settle it"


def test_a_report_for_batch_scoring_judges_the_same_without_ranking_questions():
    from advisor.reporting.report import build_report
    from tests.cases import case, report

    for case_id in ("kitchen-sink", "s20-r4", "illus-ecosystem-unclear"):
        quick = build_report(RB, case(case_id))
        assert quick.next_questions is None
        assert quick.findings == report(case_id).findings


# ---- the next question ---------------------------------------------------------------------------
def test_a_follow_up_is_never_asked_before_its_gate():
    from tests.cases import case_paths, report

    for path in case_paths():
        firm = case_of(path.stem).firm_values()
        for q in report(path.stem).next_questions:
            for cond in RB.bank.conditions_for(RB.bank.by_id[q.question_id]):
                if not RB.bank.section_by_id[RB.bank.by_id[cond.question].section].repeat:
                    assert firm.get(cond.question) not in (None, "dont_know"), (
                        f"{path.stem}: {q.question_id} is suggested before its gate {cond.question}"
                    )


def case_of(case_id: str):
    from tests.cases import case

    return case(case_id)


def test_settling_a_high_priority_tentative_finding_comes_first():
    # Habits block change and the firm is scaling (two answers, case evidence: high priority);
    # whether the model has changed is not known, so the finding is tentative, and the question
    # that settles it leads the list, before questions that could add findings.
    report = _report({"cap_mental_barriers": 5, "bg_growth_stage": "scaling"})
    f = _finding(report, "BX-01")
    assert (f.severity, f.confidence) == ("high", "tentative")
    first = report.next_questions[0]
    assert (first.question_id, first.tier) == ("bm_changed", 1)
    assert "BX-" not in first.why and "which the answers so far do not settle" in first.why
    assert all(q.tier == 2 for q in report.next_questions[1:])


def test_a_firm_is_asked_first_about_what_it_described():
    # The R4 deal is described, the partners are not: the deal's open questions come before a
    # gate about large partners, however many follow-ups that gate opens.
    from tests.cases import report

    ranked = [q.question_id for q in report("s20-r4").next_questions]
    deal = [i for i, qid in enumerate(ranked) if RB.bank.by_id[qid].section == "outcome_deals"]
    assert deal and deal[0] < 3, ranked
    assert "nw_large_partner" not in ranked[: deal[0] + 1], ranked


def test_the_app_gets_the_same_ranking_as_the_report():
    from advisor.reporting.report import rank_next_questions
    from tests.cases import case, report

    for case_id in ("seamless-2005", "s20-r4", "hk22-cluster"):
        assert rank_next_questions(RB, case(case_id)) == report(case_id).next_questions


# ---- counts that add up ----------------------------------------------------------------------------
def test_counts_include_each_entry_and_only_the_follow_ups_answers_open():
    from advisor.app.draft import draft_from_assessment, progress
    from advisor.app.question_guide import context_only
    from tests.cases import case, case_paths, report

    models = report("kitchen-sink-models").counts
    firm_only = _report({"bm_parallel_models": 3, "ob_offers": "no"}).counts
    assert models.asked > firm_only.asked  # the three business models' questions count
    blank = _report({}).counts
    opened = _report({"ob_offers": "offering"}).counts
    closed = _report({"ob_offers": "no"}).counts
    # The deal's questions count while the gate may still open them, and go when it closes them:
    # answering the gate leaves one question fewer, whatever it opens.
    assert (opened.asked, opened.left) == (blank.asked, blank.left - 1)
    assert closed.asked < blank.asked
    for path in case_paths():
        counts = report(path.stem).counts
        shown = progress(RB.bank, draft_from_assessment(case(path.stem)), optional=context_only(RB))
        assert counts.left == shown.questions_left, f"{path.stem}: report and questionnaire disagree"
        assert counts.answered + counts.left == counts.asked
