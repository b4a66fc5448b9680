"""Each rule proves itself with the cases its record names (one source: the rule's YAML file).

It fires for every case under `fires_for`, and stays silent for every case under `silent_for` for a
reason: in each subject it could judge, a condition is contradicted by a known answer, not left
unanswered. Where no teaching case can show a real silence, the record carries minimal near-miss
answer sets (`examples:`), run here too; known gaps (`todo_fires`, `todo_silent`) are strict xfails.
"""

from __future__ import annotations

import pytest

from advisor.api import default_rulebase
from advisor.core.rulekit import Kind
from rules import knowledge
from tests.cases import case_paths, example_report, fired, report, silence_reasons

RB = default_rulebase()
RECORDS = knowledge().records
FILES = knowledge().files
RULES = [r for r in RB.parts.rules if r.kind is not Kind.DERIVATION]
CASES = {p.stem for p in case_paths()}


def _where(rule_id: str) -> str:
    return f"rules/{FILES[rule_id].parent.name}/{rule_id}.yaml"


def _pairs(field: str) -> list[tuple[str, str]]:
    return [(r.id, c) for r in RULES for c in getattr(r, field)]


def _examples(field: str) -> list[tuple[str, int]]:
    return [(r.id, i) for r in RULES for i, _ in enumerate(getattr(RECORDS[r.id].examples, field))]


@pytest.mark.parametrize("spec", RULES, ids=lambda r: r.id)
def test_named_cases_exist(spec):
    unknown = sorted(set(spec.fires_for + spec.silent_for) - CASES)
    assert not unknown, f"{_where(spec.id)} names cases {unknown}; add examples/<case>.yaml or fix the name"
    both = sorted(set(spec.fires_for) & set(spec.silent_for))
    assert not both, f"{_where(spec.id)}: {both} are under both fires_for and silent_for"


@pytest.mark.parametrize(("rule_id", "case_id"), _pairs("fires_for"))
def test_rule_fires_for_its_cases(rule_id, case_id):
    assert rule_id in fired(case_id), (
        f"{rule_id} should fire for {case_id} ({_where(rule_id)}: fires_for); fired: {sorted(fired(case_id))}"
    )


@pytest.mark.parametrize(("rule_id", "case_id"), _pairs("silent_for"))
def test_rule_stays_silent_for_its_cases_for_a_reason(rule_id, case_id):
    assert rule_id not in fired(case_id), f"{rule_id} fired for {case_id}; {_where(rule_id)} says silent_for"
    assert silence_reasons(RB.rules[rule_id], report(case_id)), (
        f"{rule_id} is silent for {case_id} only because the case leaves its conditions unanswered; "
        f"remove the case from silent_for in {_where(rule_id)} and add a near miss under examples.silent"
    )


@pytest.mark.parametrize(("rule_id", "index"), _examples("fires"))
def test_rule_fires_on_its_examples(rule_id, index):
    example = RECORDS[rule_id].examples.fires[index]
    rep = example_report(example)
    assert rule_id in {f.rule_id for f in rep.findings}, (
        f"{_where(rule_id)}: examples.fires[{index}] ({example.why})"
    )


@pytest.mark.parametrize(("rule_id", "index"), _examples("silent"))
def test_rule_stays_silent_on_its_near_misses_for_a_reason(rule_id, index):
    example = RECORDS[rule_id].examples.silent[index]
    rep = example_report(example)
    assert rule_id not in {f.rule_id for f in rep.findings}, (
        f"{_where(rule_id)}: examples.silent[{index}] fired"
    )
    assert silence_reasons(RB.rules[rule_id], rep), (
        f"{_where(rule_id)}: examples.silent[{index}] leaves the rule's conditions unanswered; "
        "answer its questions so that one condition is false"
    )


def _known_gaps() -> list:
    gaps = []
    for spec in RULES:
        for field, fires in (("todo_fires", True), ("todo_silent", False)):
            for i, example in enumerate(getattr(RECORDS[spec.id].examples, field)):
                mark = pytest.mark.xfail(strict=True, reason=" ".join(example.why.split()))
                gaps.append(pytest.param(spec.id, field, i, fires, marks=mark, id=f"{spec.id}-{field}-{i}"))
    return gaps


@pytest.mark.parametrize(("rule_id", "field", "index", "fires"), _known_gaps())
def test_known_gaps_are_still_gaps(rule_id, field, index, fires):
    """A known gap passing (the rule now gets it right) fails the suite: move it to fires/silent."""
    rep = example_report(getattr(RECORDS[rule_id].examples, field)[index])
    assert (rule_id in {f.rule_id for f in rep.findings}) is fires


@pytest.mark.parametrize("spec", RULES, ids=lambda r: r.id)
def test_every_rule_has_a_witness_each_way(spec):
    examples = RECORDS[spec.id].examples
    assert spec.fires_for or examples.fires, (
        f"{_where(spec.id)}: name a case under fires_for, or add an answer set under examples.fires"
    )
    assert spec.silent_for or examples.silent, (
        f"{_where(spec.id)}: name a case under silent_for, or add a near miss under examples.silent"
    )


def test_every_teaching_case_is_named_by_a_rule():
    named = {c for r in RULES for c in (*r.fires_for, *r.silent_for)}
    unused = sorted(CASES - named)
    assert not unused, f"no rule names cases {unused} under fires_for or silent_for; name them or drop them"
