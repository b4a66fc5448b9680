"""The rule base's records are checked at load: every problem in every file at once, each naming
the file, the record and the field, and saying how to fix it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from advisor.core.records import KnowledgeError, load_knowledge
from rules import HERE, knowledge
from rules.computed import REGISTRY


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(HERE, root, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return root


def _problems(root: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root, REGISTRY)
    return caught.value.problems


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer contains {old!r}; update the test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_rule_base_loads_and_every_rule_has_its_record():
    loaded = knowledge()
    assert {r.id for r in loaded.rules} == set(loaded.records)
    assert all(loaded.files[r.id].stem == r.id for r in loaded.rules)


def test_a_misspelt_field_names_file_rule_and_field(copy):
    _edit(copy / "born_global" / "LK-04.yaml", "known_limits:", "known_limit:")
    problems = _problems(copy)
    assert (
        "born_global/LK-04.yaml: rule LK-04: known_limit: unknown field; remove it or check its spelling"
        in problems
    )
    assert "born_global/LK-04.yaml: rule LK-04: known_limits: required field is missing" in problems


def test_all_problems_of_all_files_come_together(copy):
    _edit(copy / "born_global" / "LK-04.yaml", "severity: medium", "severity: severe")
    _edit(copy / "collaboration" / "CO-01.yaml", "kind: insight", "kind: hint")
    _edit(copy / "thresholds.yaml", "  unit: percent of revenue from one customer or partner\n", "")
    problems = _problems(copy)
    assert any(p.startswith("born_global/LK-04.yaml: rule LK-04: severity:") for p in problems)
    assert any(p.startswith("collaboration/CO-01.yaml: rule CO-01: kind:") for p in problems)
    assert "thresholds.yaml: threshold dominant_partner_share: unit: required field is missing" in problems


def test_a_placeholder_left_in_a_record_is_refused(copy):
    _edit(copy / "born_global" / "LK-04.yaml", "title: Locked in", "title: TODO Locked in")
    problems = _problems(copy)
    left = "born_global/LK-04.yaml: rule LK-04: (record): still placeholders (replace each TODO): title"
    assert left in problems


def test_a_paper_citation_needs_its_passage(copy):
    path = copy / "born_global" / "LK-04.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  passage: >-")
    end = text.index("also_for:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    problems = _problems(copy)
    assert any("rule LK-04" in p and "citation.passage: quote the paper verbatim" in p for p in problems)


def test_an_unknown_threshold_is_named(copy):
    _edit(
        copy / "born_global" / "traits.yaml", "at_least: dominant_partner_share", "at_least: dominant_share"
    )
    problems = _problems(copy)
    assert (
        "born_global/traits.yaml: trait one_partner_dominates: unknown threshold 'dominant_share'; "
        "define it in thresholds.yaml" in problems
    )


def test_a_trait_test_needs_a_known_form(copy):
    _edit(
        copy / "born_global" / "traits.yaml",
        "yes_if: {choice: bg_growth_stage, in: [mature_niche]}",
        "yes_if: {pick: x}",
    )
    problems = _problems(copy)
    assert any("trait mature_niche: yes_if: a test needs one of the keys choice" in p for p in problems), (
        problems
    )


def test_a_rule_file_must_be_named_after_its_rule_and_sit_in_its_framework(copy):
    shutil.move(copy / "born_global" / "LK-04.yaml", copy / "collaboration" / "LK-44.yaml")
    problems = _problems(copy)
    assert (
        "collaboration/LK-44.yaml: rule LK-04: the file must be named after the rule: LK-04.yaml" in problems
    )
    assert (
        "collaboration/LK-44.yaml: rule LK-04: framework is 'born_global' but the file is in collaboration/"
        in problems
    )


def test_a_python_trait_must_be_registered_and_listed(copy):
    _edit(
        copy / "phase_alignment" / "traits.yaml",
        "{name: alignment_gap, logic: python}",
        "{name: alignment_gaps, logic: python}",
    )
    problems = _problems(copy)
    assert any(
        "trait alignment_gaps: logic: python, but no Python function is registered" in p for p in problems
    )
    assert any(
        p.startswith("trait alignment_gap (firm) is registered in Python but listed in no trait file")
        for p in problems
    )


def test_bare_yes_and_no_in_a_record_mean_the_state(copy):
    _edit(copy / "born_global" / "LK-04.yaml", 'invisible_sub_supplier: "yes"', "invisible_sub_supplier: yes")
    loaded = load_knowledge(copy, REGISTRY)
    assert next(r for r in loaded.rules if r.id == "LK-04").when["invisible_sub_supplier"].accepts == ("yes",)


def test_thresholds_can_be_overridden_for_the_mutation_check():
    loaded = knowledge({"dominant_partner_share": 41})
    label = next(t.label for t in loaded.traits if t.name == "one_partner_dominates")
    assert label == "One customer or partner carries 41% or more of revenue"
