"""Lint for the rule base: each failure says what is wrong and how to fix it."""

from __future__ import annotations

import re

import pytest

from advisor.api import default_rulebase
from advisor.core.rulekit import Kind
from rules import RETIRED_RULE_IDS
from tests.cases import finding

RB = default_rulebase()
RULES = RB.parts.rules
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


def test_registry_statuses_match_the_rules():
    """encoded / partly: some rule encodes it (citing it, or listed under `rules`); not_encodable:
    none does. Anything short of encoded says why."""
    for p in RB.parts.propositions:
        assert p.status in {"encoded", "partly", "not_encodable"}, f"{p.id}: unknown status {p.status}"
        assert p.basis in {"case_evidence", "conceptual", "research_agenda"}, (
            f"{p.id}: unknown basis {p.basis}"
        )
        unknown = [r for r in p.rules if r not in RB.rules]
        assert not unknown, f"{p.id} lists rules that do not exist: {unknown}"
        encoding = {r.id for r in RULES if r.proposition == p.id} | set(p.rules)
        if p.status == "not_encodable":
            assert not encoding, f"{p.id} is marked not_encodable but {sorted(encoding)} encode it"
        else:
            assert encoding, f"{p.id} is marked {p.status} but no rule encodes it"
        if p.status != "encoded":
            assert p.reason, f"{p.id} ({p.status}) needs a `reason`"


def test_registry_holds_the_findings_the_review_found_absent():
    # value-creation drivers, dynamic vs substantive capabilities, JA14 managerial implication 4,
    # S20 iteration and re-alignment, HK22 value slippage and climbing the value network
    for pid in ("JA14-VD", "JA14-SUB", "JA14-MI4", "S20-IT", "S20-MI3", "HK22-SL", "HK22-VN"):
        assert pid in RB.propositions, f"{pid} missing from rules/propositions.yaml"
    assert "complementarity" in RB.propositions["JA14-VD"].paraphrase


def test_readme_counts_match_the_registry():
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    found = re.search(
        r"(\d+) propositions and findings:\s+(\d+) encoded,\s+(\d+) partly,\s+(\d+) not\s+encodable", readme
    )
    assert found, "README states how many registry entries are encoded, partly encoded and not encodable"
    statuses = [p.status for p in RB.parts.propositions]
    expected = (
        len(statuses),
        statuses.count("encoded"),
        statuses.count("partly"),
        statuses.count("not_encodable"),
    )
    assert tuple(int(g) for g in found.groups()) == expected


@pytest.mark.parametrize("spec", RULES, ids=lambda r: r.id)
def test_conditions_name_known_traits_and_conclusions(spec):
    for name, cond in spec.trait_conditions.items():
        scoped = {t.scope: t for t in RB.parts.traits if t.name == name}
        assert scoped, (
            f"{spec.id} reads trait {name!r}; define it in a trait file listed in rules/rulebase.yaml"
        )
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


@pytest.mark.parametrize("spec", [r for r in RULES if r.kind is Kind.PROBLEM], ids=lambda r: r.id)
def test_problems_recommend_moves(spec):
    moves = list(spec.moves)
    for case_id in spec.fires_for:
        moves += finding(case_id, spec.id).moves
    assert moves, f"{spec.id} is a problem with no recommended move; add at least one move"


def test_question_sources_name_a_paper():
    papers = set(RB.papers)
    bad = [q.id for q in RB.bank.questions if q.source.paper not in papers]
    assert not bad, f"questions whose source paper is not registered in propositions.yaml: {bad}"
