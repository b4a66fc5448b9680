"""Teaching cases in examples/, loaded and assessed once per test session."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from advisor.api import assess, default_rulebase
from advisor.core.assessment import Assessment, load_assessment
from advisor.reporting.report import Report

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def case_paths() -> list[Path]:
    return sorted(EXAMPLES.glob("*.yaml"))


@cache
def case(case_id: str) -> Assessment:
    return load_assessment(EXAMPLES / f"{case_id}.yaml", default_rulebase().bank)


@cache
def report(case_id: str) -> Report:
    return assess(case(case_id))


def fired(case_id: str) -> set[str]:
    return {f.rule_id for f in report(case_id).findings}


def finding(case_id: str, rule_id: str):
    matches = [f for f in report(case_id).findings if f.rule_id == rule_id]
    assert matches, f"{rule_id} did not fire for {case_id}; fired: {sorted(fired(case_id))}"
    return matches[0]


def two_sided_r4_customer_file(relationship_id: str = "s20-r4") -> dict:
    """Forestcorp's side of two-sided-r4 as its own assessment file, as the customer would send it."""
    data = yaml.safe_load((EXAMPLES / "two-sided-r4.yaml").read_text(encoding="utf-8"))
    other = data["counterpart"]
    return {
        "schema_version": 1,
        "firm_id": "forestcorp",
        "firm_name": other["firm_name"],
        "assessment_date": "2019-01-01",
        "respondent_role": other["respondent_role"],
        "relationship_id": relationship_id,
        "answers": other["answers"],
    }
