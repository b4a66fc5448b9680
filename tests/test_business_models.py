"""Several business models in one assessment: each judged on its own, then as a portfolio."""

from __future__ import annotations

from advisor.reporting.markdown import to_text
from tests.cases import finding, report


def _subjects(case_id: str, rule_id: str) -> set[str]:
    return {f.subject for f in report(case_id).findings if f.rule_id == rule_id}


def test_model_level_rules_judge_each_business_model():
    assert _subjects("seamless-2012-models", "LK-04") == {"business_models:oem-licences"}
    assert _subjects("seamless-2012-models", "LK-09") == {"firm", "business_models:seqr"}


def test_portfolio_finding_lists_the_models_and_their_roles():
    f = finding("seamless-2012-models", "BM-05")
    assert [(m["name"], m["role"]) for m in f.details["models"]] == [
        ("Digital distribution and transactions", "earns today"),
        ("OEM licences through Ericsson", "earns today"),
        ("SEQR mobile payments", "investment for later"),
    ]


def test_strain_and_cannibalisation_are_found_across_models():
    f = finding("kitchen-sink-models", "BM-04")
    assert sum(m["resource_share"] for m in f.details["models"]) == 80
    cannibal = finding("kitchen-sink-models", "BM-03")
    assert [m["name"] for m in cannibal.details["models"] if m["takes_from_another"]] == ["Consumer app"]


def test_findings_about_one_model_carry_the_name_the_firm_gave_it():
    lk04 = next(f for f in report("seamless-2012-models").findings if f.rule_id == "LK-04")
    assert lk04.subject == "business_models:oem-licences"
    assert lk04.subject_name == "OEM licences through Ericsson"
    assert "[OEM licences through Ericsson]" in to_text(report("seamless-2012-models"))
