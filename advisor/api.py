"""The one entry point callers need: load the default rule base once, assess assessments."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from advisor.core.assessment import Assessment
from advisor.core.rulebase import RuleBase, load_rulebase
from advisor.reporting.report import Report, build_report

# The teaching cases coded from the papers, beside the package in a source checkout.
EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"


@cache
def default_rulebase() -> RuleBase:
    return load_rulebase("rules")


def assess(assessment: Assessment, rulebase: RuleBase | None = None) -> Report:
    """Score one validated assessment for a person to read: the report with the open questions
    worth asking next ranked. Safe to call from many threads at once."""
    return build_report(rulebase or default_rulebase(), assessment, rank_questions=True)
