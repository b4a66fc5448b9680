"""Lint for the rule base: each failure says what is wrong and how to fix it."""

from __future__ import annotations

import re

import pytest

from advisor.api import default_rulebase
from advisor.core.rulekit import DOC_HEADINGS, Kind
from rules import RETIRED_RULE_IDS
from tests.cases import case_paths, fired

RB = default_rulebase()
RULES = RB.parts.rules
CASES = {p.stem for p in case_paths()}
ID_PATTERN = re.compile(r"^[A-Z]{2}-\d{2}$")


def test_rule_ids_are_unique_and_well_formed():
    ids = [r.id for r in RULES]
    dupes = {i for i in ids if ids.count(i) > 1}
    assert not dupes, f"rule ids used twice: {sorted(dupes)}; give each rule its own new id"
    bad = [i for i in ids if not ID_PATTERN.match(i)]
    assert not bad, f"rule ids must look like LK-04 (family prefix, two digits): {bad}"


def test_retired_ids_are_never_reused():
    reused = {r.id for r in RULES} & set(RETIRED_RULE_IDS)
    assert not reused, f"ids {sorted(reused)} were retired; pick a new id instead of reusing one"


def test_rule_names_are_unique():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names)), "two rules share a function name; name each by its condition"


@pytest.mark.parametrize("spec", RULES, ids=lambda r: r.id)
def test_rule_cites_a_registered_proposition(spec):
    assert spec.proposition in RB.propositions, (
        f"{spec.id} cites {spec.proposition}, which is not in rules/propositions.yaml; add it there"
    )
    assert RB.propositions[spec.proposition].encodable, (
        f"{spec.id} cites {spec.proposition}, which the registry marks not_encodable; fix one of them"
    )


def test_every_encoded_proposition_has_a_rule():
    cited = {r.proposition for r in RULES}
    orphans = [p.id for p in RB.parts.propositions if p.encodable and p.id not in cited]
    assert not orphans, f"propositions marked encoded but cited by no rule: {orphans}"
    unexplained = [p.id for p in RB.parts.propositions if not p.encodable and not p.reason]
    assert not unexplained, f"not_encodable propositions need a `reason`: {unexplained}"


@pytest.mark.parametrize("spec", RULES, ids=lambda r: r.id)
def test_docstring_has_the_fixed_headings_in_order(spec):
    positions = [spec.doc.find(h) for h in DOC_HEADINGS]
    missing = [h for h, pos in zip(DOC_HEADINGS, positions, strict=True) if pos < 0]
    assert not missing, f"{spec.id} ({spec.name}) docstring lacks headings {missing}"
    assert positions == sorted(positions), f"{spec.id}: headings must come in the order {DOC_HEADINGS}"


@pytest.mark.parametrize("spec", RULES, ids=lambda r: r.id)
def test_conditions_name_known_traits_and_conclusions(spec):
    for name, cond in spec.trait_conditions.items():
        scoped = {t.scope: t for t in RB.parts.traits if t.name == name}
        assert scoped, f"{spec.id} reads trait {name!r}, unknown to rules/interpretation.py"
        missing = [s for s in spec.scopes if s not in scoped]
        assert not missing, f"{spec.id} reads {name} in scopes {missing}; define the trait for each scope"
        trait = scoped[spec.scope]
        assert trait.scope == spec.scope, (
            f"{spec.id} (scope {spec.scope}) reads {name} of scope {trait.scope}"
        )
        odd = set(cond.all_states) - set(trait.states)
        assert not odd, f"{spec.id}: trait {name} never takes states {sorted(odd)}; allowed {trait.states}"
    concluded = {n for r in RULES for n in r.concludes}
    for name in spec.conclusion_conditions:
        assert name in concluded, f"{spec.id} reads conclusion @{name}, which no rule concludes"


def test_traits_read_only_questions_in_their_scope():
    for trait in RB.parts.traits:
        for qid in trait.uses:
            question = RB.bank.by_id.get(qid)
            assert question is not None, f"trait {trait.name} uses unknown question {qid}"
            section = RB.bank.section_by_id[question.section]
            # A firm-level trait may summarise a repeated section (e.g. the mix of business models).
            if section.repeat and trait.scope != "firm":
                assert section.id == trait.scope, f"trait {trait.name} ({trait.scope}) reads {qid}"


def test_tensions_name_existing_moves():
    for tension in RB.parts.tensions:
        unknown = [m for m in tension.moves if m not in RB.moves]
        assert not unknown, f"rules/tensions.yaml names unknown moves {unknown}; see `bmi-advisor rules show`"


@pytest.mark.parametrize("spec", [r for r in RULES if r.kind is not Kind.DERIVATION], ids=lambda r: r.id)
def test_rule_proves_itself_with_a_firing_and_a_silent_case(spec):
    fires_for, silent_for = spec.case_ids("Fires for:"), spec.case_ids("Silent for:")
    assert fires_for and silent_for, f"{spec.id}: list example cases under 'Fires for:' and 'Silent for:'"
    for case_id in fires_for + silent_for:
        assert case_id in CASES, (
            f"{spec.id} names case {case_id}; add examples/{case_id}.yaml or fix the name"
        )
    for case_id in fires_for:
        assert spec.id in fired(case_id), f"{spec.id} should fire for {case_id} (its docstring says so)"
    for case_id in silent_for:
        assert spec.id not in fired(case_id), f"{spec.id} should stay silent for {case_id}"


@pytest.mark.parametrize("spec", [r for r in RULES if r.kind is Kind.PROBLEM], ids=lambda r: r.id)
def test_problems_recommend_moves(spec):
    moves = list(spec.moves)
    for case_id in spec.case_ids("Fires for:"):
        from tests.cases import finding

        moves += finding(case_id, spec.id).moves
    assert moves, f"{spec.id} is a problem with no recommended move; add at least one move"


def test_question_sources_name_a_paper():
    papers = set(RB.papers)
    bad = [q.id for q in RB.bank.questions if q.source.paper not in papers]
    assert not bad, f"questions whose source paper is not registered in propositions.yaml: {bad}"
