"""The BMI Advisor rule base: the knowledge, kept apart from the engine in `advisor/`.

`build()` hands the engine wrapper everything it needs: question bank, interpretation layer,
rules, tensions, the proposition registry and the rule base's version.
"""

from __future__ import annotations

from pathlib import Path

from advisor.core.bank import QuestionBank, load_bank
from advisor.core.rulekit import Paper, Proposition, RuleBaseParts, RuleSpec, Tension
from advisor.core.yamlio import read_yaml
from rules import born_global, business_models, collaboration, outcome_phases, two_sided
from rules.interpretation import all_traits

VERSION = "1.0.0"
HERE = Path(__file__).parent

FRAMEWORKS = {
    "born_global": "Born-global growth (Johansson & Abrahamsson 2014)",
    "phase_alignment": "Outcome-based deals: phase alignment (Sjödin et al. 2020)",
    "collaboration": "Clusters, networks and ecosystems (Holm & Kringelum 2022)",
}


def _rules() -> list[RuleSpec]:
    found: list[RuleSpec] = []
    for module in (born_global, business_models, outcome_phases, collaboration, two_sided):
        found += [v for v in vars(module).values() if isinstance(v, RuleSpec)]
    return sorted(found, key=lambda r: r.id)


def _registry() -> tuple[list[Paper], list[Proposition]]:
    data = read_yaml(HERE / "propositions.yaml")
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
    data = read_yaml(HERE / "tensions.yaml")
    return [Tension(tuple(t["moves"]), " ".join(t["explanation"].split())) for t in data["tensions"]]


def build() -> tuple[RuleBaseParts, QuestionBank]:
    papers, propositions = _registry()
    parts = RuleBaseParts(
        version=VERSION,
        traits=all_traits(),
        rules=_rules(),
        tensions=_tensions(),
        propositions=propositions,
        papers=papers,
        frameworks=FRAMEWORKS,
    )
    return parts, load_bank(HERE / "questions.yaml")


# Rule ids that were removed. They are never given to a new rule (a report that cites one must keep
# meaning the same thing); the lint test enforces it.
RETIRED_RULE_IDS: tuple[str, ...] = ()
