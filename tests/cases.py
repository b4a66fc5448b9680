"""Teaching cases in examples/, loaded and assessed once per test session, and the minimal answer
sets of the rules' records."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from advisor.api import assess, default_rulebase
from advisor.core.assessment import Assessment, load_assessment, validate_assessment
from advisor.core.records import Example
from advisor.core.rulekit import UNKNOWN, RuleSpec
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


def example_report(example: Example) -> Report:
    """The report on a rule record's minimal answer set (an example or a near miss)."""
    rb = default_rulebase()
    data: dict = {
        "schema_version": 1,
        "firm_id": "example",
        "firm_name": "Example firm",
        "assessment_date": "2026-01-01",
        "respondent_role": "Founder",
        "answers": example.answers,
        "groups": {
            section: [{"id": f"{section}-{i}", "answers": entry} for i, entry in enumerate(entries, 1)]
            for section, entries in example.items.items()
        },
    }
    if example.counterpart is not None:
        data["counterpart"] = {
            "firm_name": "The other side",
            "respondent_role": "Manager",
            "answers": example.counterpart,
        }
    return assess(validate_assessment(data, rb.bank, "example"))


def silence_reasons(spec: RuleSpec, rep: Report) -> list[str]:
    """Why a rule that did not fire stayed silent, one reason per subject it could judge; empty
    when some subject (or all, if none exists) leaves a condition unanswered rather than false.

    A silence counts only when, in every subject of the rule's scopes, a condition is contradicted
    by a known state (not "unknown"), or a conclusion the rule needs absent is present."""
    rb = default_rulebase()
    subjects = [s for s in rep.subjects if s.subject.split(":", 1)[0] in spec.scopes]
    reasons = []
    for s in subjects:
        found = [
            f"{name} is {s.traits[name]}"
            for name, cond in spec.trait_conditions.items()
            if s.traits.get(name, UNKNOWN) != UNKNOWN and s.traits[name] not in cond.all_states
        ]
        for name, cond in spec.conclusion_conditions.items():
            by = {r.id for r in rb.parts.rules if name in r.concludes}
            present = any(f.rule_id in by and f.subject == s.subject for f in rep.findings)
            if present != bool(cond.all_states):
                found.append(f"conclusion {name} is {'present' if present else 'absent'}")
        if not found:
            return []
        reasons.append(f"{s.subject}: {'; '.join(found)}")
    return reasons
