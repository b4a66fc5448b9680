"""The knowledge's own pictures: what the report draws, computed from a report and its assessment.

These know the rule base's vocabulary (trait names, question ids, Sjödin et al.'s Table 4), so they
live with the knowledge, not in the domain-blind package. The pictures read trait states the
interpretation layer derived (so every threshold stays there) and, for positions on a map, the
founder's own answers. The other side of an outcome-based deal is asked the questions named here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from advisor.core.assessment import Assessment
from advisor.core.bank import QuestionBank
from advisor.core.rulebase import RuleBase, view
from advisor.core.rulekit import Answers
from advisor.core.subject import FIRM
from advisor.reporting.report import Report
from rules import threshold_values
from rules.computed import COLLAB
from rules.table4 import ACTIVITIES, ACTIVITY_MOVES, ALL_ACTIVITIES, PHASE_NAMES, missing_activities

LEVEL_WORDS = {"weak": "Weak", "moderate": "Moderate", "strong": "Strong", "unknown": "Not known yet"}


@dataclass(frozen=True)
class CapabilityLevel:
    name: str
    level: str  # weak | moderate | strong | unknown
    meaning: str


# (name, strong trait, weak trait, what it means) for the three capabilities asked on a scale.
_SCALED = (
    ("Sensing", "sensing_strong", "sensing_weak", "Spotting changes in customers, competitors, technology"),
    ("Entrepreneurial", "entrepreneurial_strong", "entrepreneurial_weak", "Acting on what you spot"),
    ("Relational", "relational_strong", "relational_weak", "Using relationships to grow"),
)
# Balancing (P4) is management's practice: good when the leadership decides the split between the
# core and new things and the core is efficient, weak when any sign of imbalance shows.
_BALANCE_GOOD = ("balance_owned", "efficient_core")
_BALANCE_BAD = (
    "balance_unowned",
    "low_exploration",
    "heavy_exploration",
    "weak_core",
    "habits_block_change",
    "forcing_fast_switch",
)


def firm_traits(report: Report) -> dict[str, str]:
    return next(s.traits for s in report.subjects if s.subject == "firm")


def capabilities(report: Report) -> list[CapabilityLevel]:
    traits = firm_traits(report)
    out = []
    for name, strong, weak, meaning in _SCALED:
        states = (traits.get(strong), traits.get(weak))
        level = "strong" if states[0] == "yes" else "weak" if states[1] == "yes" else "unknown"
        if states == ("no", "no"):
            level = "moderate"
        out.append(CapabilityLevel(name, level, meaning))
    bad = [traits.get(n) for n in _BALANCE_BAD]
    good = [traits.get(n) for n in _BALANCE_GOOD]
    if "yes" in bad:
        level = "weak"
    elif all(s == "yes" for s in good):
        level = "strong"
    elif any(s in ("yes", "no") for s in good + bad):
        level = "moderate"
    else:
        level = "unknown"
    out.append(
        CapabilityLevel("Balancing", level, "Deciding how people and money move between the core and the new")
    )
    return out


@dataclass(frozen=True)
class PhaseCell:
    phase: int
    phase_name: str
    theme: str  # "Value creation" | "Value capture"
    state: str  # complete | weakened | absent | unknown | na
    alignment: str  # the phase's: aligned | gap | misaligned | unknown | na
    missing: list[str]  # Table 4 activity names answered as not (sufficiently) done
    # With a counterpart (the other side of the same deal): its view of this cell, and the
    # activities on which the two views differ (TS-01's, when it fires).
    theirs_state: str | None = None
    theirs_missing: list[str] = field(default_factory=list)
    diverging: list[str] = field(default_factory=list)


STATE_WORDS = {
    "complete": "Both activities done",
    "weakened": "One activity missing",
    "absent": "Both activities missing",
    "unknown": "Not known yet",
    "na": "Not reached",
}
ALIGNMENT_WORDS = {
    "aligned": "aligned",
    "gap": "a gap",
    "misaligned": "misaligned",
    "unknown": "not known yet",
    "na": "not reached",
}


def phase_matrix(report: Report, assessment: Assessment, rulebase: RuleBase) -> list[PhaseCell] | None:
    """Three phases × value creation / capture, for firms with an outcome-based deal (else None)."""
    traits = firm_traits(report)
    if traits.get("outcome_deal") != "yes":
        return None
    answers = Answers(assessment.firm_values())
    theirs = _counterpart_view(assessment, rulebase)
    diverging = {
        d["activity"]
        for f in report.findings
        if f.rule_id == "TS-01"
        for d in f.details.get("diverging_activities", [])
    }
    cells = []
    for phase in (1, 2, 3):
        missing = set(missing_activities(answers, phase))
        their_missing = set(missing_activities(theirs[1], phase)) if theirs else set()
        for theme, words in (("creation", "Value creation"), ("capture", "Value capture")):
            names = [ACTIVITY_MOVES[q][0] for q in ACTIVITIES[phase][theme]]
            qids = ACTIVITIES[phase][theme]
            cells.append(
                PhaseCell(
                    phase=phase,
                    phase_name=PHASE_NAMES[phase],
                    theme=words,
                    state=traits[f"p{phase}_{theme}_theme"],
                    alignment=traits[f"phase{phase}_alignment"],
                    missing=[n for q, n in zip(qids, names, strict=True) if q in missing],
                    theirs_state=theirs[0][f"p{phase}_{theme}_theme"] if theirs else None,
                    theirs_missing=[n for q, n in zip(qids, names, strict=True) if q in their_missing],
                    diverging=[n for n in names if n in diverging],
                )
            )
    return cells


def _counterpart_view(assessment: Assessment, rb: RuleBase) -> tuple[dict[str, str], Answers] | None:
    """The other side's traits and answers: its answers on the activities, the firm's elsewhere.

    An activity the other side has not answered stays unknown in its view: the firm's own answer
    must not stand in for it (the other side may still be answering)."""
    if assessment.counterpart is None:
        return None
    values = {
        **{q: v for q, v in assessment.firm_values().items() if q not in ALL_ACTIVITIES},
        **{q: a.value for q, a in assessment.counterpart.answers.items()},
    }
    theirs = rb.subject(FIRM, FIRM, view(assessment, FIRM, FIRM, firm_values=values))
    return dict(theirs.traits), Answers(values)


@dataclass(frozen=True)
class CollaborationPoint:
    item: str
    name: str
    connection: int
    co_creation: int
    kind: str  # cluster | network | ecosystem | unknown


# The cut-offs collaboration_type reads (thresholds.yaml), drawn as lines on the map.
COLLAB_BANDS = {band: threshold_values()[band] for band in ("low", "high")}


def collaboration_map(report: Report, assessment: Assessment) -> list[CollaborationPoint]:
    """Collaborations the founder placed on both scales (others cannot be drawn)."""
    kinds = {s.subject.split(":", 1)[1]: s.traits for s in report.subjects if s.subject.startswith(COLLAB)}
    out = []
    for entry in assessment.groups.get(COLLAB, []):
        values = {q: a.value for q, a in entry.answers.items()}
        connection, co_creation = values.get("co_connection"), values.get("co_co_creation")
        if not isinstance(connection, int) or not isinstance(co_creation, int):
            continue
        name = values.get("co_name")
        out.append(
            CollaborationPoint(
                item=entry.id,
                name=name if isinstance(name, str) and name.strip() else entry.id,
                connection=connection,
                co_creation=co_creation,
                kind=kinds.get(entry.id, {}).get("collaboration_type", "unknown"),
            )
        )
    return out


@dataclass(frozen=True)
class ChainPosition:
    who: str  # "Your main offering" or a business model's name
    step: int  # 1 (bottom of the value chain) .. len(steps)
    label: str


def value_chain(bank: QuestionBank, assessment: Assessment) -> tuple[list[str], list[ChainPosition]]:
    """The value-chain steps (bottom first) and where the firm and each business model sit."""
    question = bank.by_id["bm_value_chain_position"]
    order = [o.value for o in question.choices]
    steps = [o.label for o in question.choices]
    out = []
    firm_value = assessment.firm_values().get(question.id)
    if firm_value in order:
        out.append(
            ChainPosition("Your main offering", order.index(firm_value) + 1, steps[order.index(firm_value)])
        )
    for entry in assessment.groups.get("business_models", []):
        values = {q: a.value for q, a in entry.answers.items()}
        value = values.get("bmx_value_chain_position")
        if value in order:
            name = values.get("bmx_name") or entry.id
            out.append(ChainPosition(str(name), order.index(value) + 1, steps[order.index(value)]))
    return steps, out


# ---- the other side of an outcome-based deal ----------------------------------------------------
# The phase activities both sides answer: the questions TS-01 and TS-02 compare.
OTHER_SIDE_QUESTIONS: tuple[str, ...] = tuple(ALL_ACTIVITIES)
# The founder's part in the deal (provider or customer); the other side has the opposite one.
OTHER_SIDE_ROLE_QUESTION = "ob_role"


def by_phase(questions: list[str]) -> list[tuple[str, list[str]]]:
    """The questions under a heading per phase ("Phase 1: value proposition definition")."""
    out = []
    for phase, themes in ACTIVITIES.items():
        in_phase = [q for q in questions if q in themes["creation"] + themes["capture"]]
        if in_phase:
            out.append((f"Phase {phase}: {PHASE_NAMES[phase]}", in_phase))
    return out


# The same activity questions worded for a customer answering about its provider ({provider}):
# the bank words them for the provider. The meaning and the answer options are the same, so the
# two sides' answers compare one to one.
CUSTOMER_WORDING: dict[str, str] = {
    "ob_p1_explore_value": (
        "Have you and {provider} jointly explored where value could be raised, e.g. by finding the "
        "bottlenecks in your operations?"
    ),
    "ob_p1_value_concept": (
        "Have you and {provider} agreed a concrete concept of the offer and the value it creates for you?"
    ),
    "ob_p1_win_win": (
        "Have you and {provider} chosen the ideas that benefit both sides (win-win) and set aside the "
        "one-sided ones?"
    ),
    "ob_p1_profit_potential": (
        "Has the deal's profit potential been estimated together with your key stakeholders "
        "(management, purchasing, operations)?"
    ),
    "ob_p2_value_architecture": (
        "Have you and {provider} jointly chosen the mix of product, service and digital parts that will "
        "deliver the result?"
    ),
    "ob_p2_delivery_process": (
        "Have you and {provider} mapped who does what, on both sides, when the deal is delivered?"
    ),
    "ob_p2_delivery_risks": (
        "Have you and {provider} assessed what could make delivery fail, and how to reduce those risks?"
    ),
    "ob_p2_kpis": (
        "Have you and {provider} agreed the performance indicators that decide payment, "
        "rewards and penalties?"
    ),
    "ob_p3_operational_capabilities": (
        "Have both sides built the skills and routines the delivery needs (your staff and operators "
        "trained to use the solution the right way, {provider}'s service people in place)?"
    ),
    "ob_p3_improvements": (
        "Do you and {provider} regularly look for improvements together during the contract (e.g. "
        "quarterly technical meetings)?"
    ),
    "ob_p3_realign_incentives": (
        "Do you and {provider} revise the incentives when goals drift apart or behaviour "
        "becomes opportunistic?"
    ),
    "ob_p3_fair_distribution": (
        "Do you and {provider} check regularly that both sides profit fairly, and share "
        "early gains and losses?"
    ),
}
