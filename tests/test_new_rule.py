"""`bmi-advisor rules new` scaffolds a rule record with every field; the loader refuses it until
every placeholder is replaced, and accepts it once they are."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from advisor.cli.main import main
from advisor.core.records import KnowledgeError, load_knowledge
from rules import HERE
from rules.computed import REGISTRY

FIELDS = ("id", "name", "title", "kind", "severity", "proposition", "framework", "citation", "when")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    copy = tmp_path / "rules"
    shutil.copytree(HERE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return copy


def _new(root: Path, *args: str) -> int:
    return main(["rules", "new", *args, "--rules", str(root)])


def test_scaffold_has_every_field_and_is_refused_until_filled(root, capsys):
    assert _new(root, "LK-11", "--paper", "JA14", "--proposition", "JA14-P2") == 0
    path = root / "born_global" / "LK-11.yaml"
    assert str(path) in capsys.readouterr().out
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    expected = {
        *FIELDS,
        "summary",
        "moves",
        "when_it_fires",
        "why",
        "known_limits",
        "fires_for",
        "silent_for",
    }
    assert set(record) >= expected | {"examples"}
    assert (record["framework"], record["citation"]["paper"]) == ("born_global", "JA14")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root, REGISTRY)
    (problem,) = caught.value.problems
    assert problem.startswith("born_global/LK-11.yaml: rule LK-11: (record): still placeholders")
    for field in (
        "name",
        "title",
        "kind",
        "citation.passage",
        "when.TODO_trait",
        "moves[0].text",
        "known_limits",
    ):
        assert field in problem


def test_a_filled_scaffold_loads_as_a_rule(root):
    _new(root, "LK-11", "--paper", "JA14", "--proposition", "JA14-P2")
    path = root / "born_global" / "LK-11.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    move = record["moves"][0]
    record |= {
        "name": "lock_in_while_easily_replaced",
        "title": "Customers are locked in, yet your partner could replace you easily",
        "kind": "problem",
        "severity": "medium",
        "when": {"has_lock_in": "yes", "easily_replaced": "yes"},
        "summary": "Customers stay with you, but your main partner could swap you out.",
        "moves": [
            move
            | {"id": "reduce_exchangeability", "text": "Build what only you can give.", "rationale": "P2."}
        ],
        "when_it_fires": "a lock-in mechanism and a partner who could replace the firm easily.",
        "why": "Johansson & Abrahamsson 2014, P2: lock-in is two-sided.",
        "known_limits": "self-rated exchangeability.",
    }
    record["citation"]["passage"] = "lock-in is two-sided"
    path.write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")
    loaded = load_knowledge(root, REGISTRY)
    spec = next(r for r in loaded.rules if r.id == "LK-11")
    assert (spec.name, spec.framework, spec.proposition) == (
        "lock_in_while_easily_replaced",
        "born_global",
        "JA14-P2",
    )
    assert [m.id for m in spec.moves] == ["LK-11.reduce_exchangeability"]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("LK-04", "--paper", "JA14", "--proposition", "JA14-P2"), "LK-04 exists already"),
        (("LK-11", "--paper", "S20", "--proposition", "JA14-P2"), "belongs to paper JA14, not S20"),
        (("LK-11", "--paper", "JA14", "--proposition", "JA14-P9"), "JA14-P9 is not in"),
        (("LK10", "--paper", "JA14", "--proposition", "JA14-P2"), "must look like LK-04"),
        (("LK-11", "--paper", "JA14", "--proposition", "JA14-MI"), "marked not_encodable"),
        (
            ("LK-11", "--paper", "JA14", "--proposition", "JA14-P2", "--framework", "lock_in"),
            "not in rulebase.yaml",
        ),
    ],
)
def test_scaffolder_refuses_and_writes_nothing(root, capsys, args, says):
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    assert _new(root, *args) == 1
    assert says in capsys.readouterr().err
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before
