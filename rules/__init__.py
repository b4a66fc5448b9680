"""The BMI Advisor rule base: the knowledge, kept as data apart from the engine in `advisor/`.

Every rule is one YAML record in the folder of its framework; traits sit beside them in trait
files; every number is a named entry of `thresholds.yaml`; `rulebase.yaml` lists what is read.
The few traits and finding details that need real logic are Python functions in `computed.py`
(with Sjödin et al.'s Table 4 in `table4.py`), registered by name. `build()` reads and checks all
of it and hands the engine wrapper the parts it needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from advisor.core.bank import QuestionBank, load_bank
from advisor.core.records import Knowledge, load_knowledge
from advisor.core.rulekit import Paper, Proposition, RuleBaseParts, Tension, ThresholdNote
from advisor.core.yamlio import read_yaml
from rules.computed import REGISTRY

VERSION = "1.0.0"
HERE = Path(__file__).parent


def _yaml(name: str) -> Any:
    return read_yaml(HERE / name)


def _registry() -> tuple[list[Paper], list[Proposition]]:
    data = _yaml("propositions.yaml")
    papers = [Paper(p["id"], " ".join(p["citation"].split()), p["short"]) for p in data["papers"]]
    props = [
        Proposition(
            id=p["id"],
            paper=p["paper"],
            section=p["section"],
            paraphrase=p["paraphrase"],
            encodable=p["status"] != "not_encodable",
            reason=p.get("reason", ""),
            status=p["status"],
            basis=p["basis"],
            rules=tuple(p.get("rules", ())),
        )
        for p in data["propositions"]
    ]
    return papers, props


def _tensions() -> list[Tension]:
    data = _yaml("tensions.yaml")
    return [Tension(tuple(t["moves"]), " ".join(t["explanation"].split())) for t in data["tensions"]]


def knowledge(thresholds: Mapping[str, int | float] | None = None) -> Knowledge:
    """The checked records; `thresholds` overrides values of thresholds.yaml (mutation check)."""
    return load_knowledge(HERE, REGISTRY, thresholds)


@cache
def threshold_values() -> dict[str, int | float]:
    """The values in thresholds.yaml, for the knowledge's pictures that draw a cut-off."""
    return {name: t.value for name, t in knowledge().thresholds.items()}


def build(thresholds: Mapping[str, int | float] | None = None) -> tuple[RuleBaseParts, QuestionBank]:
    loaded = knowledge(thresholds)
    papers, propositions = _registry()
    parts = RuleBaseParts(
        version=VERSION,
        traits=loaded.traits,
        rules=loaded.rules,
        tensions=_tensions(),
        propositions=propositions,
        papers=papers,
        frameworks=loaded.frameworks,
        thresholds={
            name: ThresholdNote(t.value, t.unit, " ".join(t.rationale.split()), " ".join(t.passage.split()))
            for name, t in loaded.thresholds.items()
        },
    )
    return parts, load_bank(HERE / "questions.yaml")


# Rule ids that were removed. They are never given to a new rule (a report that cites one must keep
# meaning the same thing); the lint test enforces it.
RETIRED_RULE_IDS: tuple[str, ...] = ()
