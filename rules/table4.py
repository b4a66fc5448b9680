"""Sjödin et al. 2020, Table 4: the three phases of an outcome-based deal, each with a
value-creation and a value-capture theme of two activities, and whether a phase is aligned.

The table is the paper's own structure, so it is kept here as one piece of data with the logic
that reads it; the traits in rules/computed.py and the report's phase matrix both use it.
"""

from __future__ import annotations

from advisor.core.rulekit import NA, UNKNOWN, Answers

COMPLETE, WEAKENED, ABSENT = "complete", "weakened", "absent"
THEME_STATES = (COMPLETE, WEAKENED, ABSENT)
ALIGNED, GAP, MISALIGNED = "aligned", "gap", "misaligned"
PHASES = (1, 2, 3)
THEMES = ("creation", "capture")
# The answers to ob_furthest_phase that mean the deal has reached each phase.
PHASE_REACHED = {
    1: {"defining", "designing", "delivering"},
    2: {"designing", "delivering"},
    3: {"delivering"},
}
PHASE_NAMES = {
    1: "value proposition definition",
    2: "value provision design",
    3: "value-in-use delivery",
}

# The 12 activities of Table 4: phase -> theme -> the two activities (question ids).
ACTIVITIES = {
    1: {
        "creation": ("ob_p1_explore_value", "ob_p1_value_concept"),
        "capture": ("ob_p1_win_win", "ob_p1_profit_potential"),
    },
    2: {
        "creation": ("ob_p2_value_architecture", "ob_p2_delivery_process"),
        "capture": ("ob_p2_delivery_risks", "ob_p2_kpis"),
    },
    3: {
        "creation": ("ob_p3_operational_capabilities", "ob_p3_improvements"),
        "capture": ("ob_p3_realign_incentives", "ob_p3_fair_distribution"),
    },
}
ALL_ACTIVITIES = [q for p in PHASES for t in THEMES for q in ACTIVITIES[p][t]]
ACHIEVED = {"done"}  # Table 4's Y is "sufficiently achieved": 'partly' does not count


def activity_achieved(a: Answers, qid: str) -> bool | None:
    value = a.get(qid)
    return None if value is None else value in ACHIEVED


def theme_state(a: Answers, phase: int, theme: str) -> str:
    """complete (both activities achieved), weakened (one), absent (none), or unknown / na."""
    offers, furthest = a.get("ob_offers"), a.get("ob_furthest_phase")
    if offers == "no":
        return NA
    if offers is None or furthest is None:
        return UNKNOWN
    if furthest not in PHASE_REACHED[phase]:
        return NA
    results = [activity_achieved(a, q) for q in ACTIVITIES[phase][theme]]
    if None in results:
        return UNKNOWN
    return (ABSENT, WEAKENED, COMPLETE)[sum(results)]


def phase_alignment(a: Answers, phase: int) -> str:
    """P1-P3: a phase needs its value-creation and value-capture themes aligned.

    Misaligned when a theme is absent, or when both themes are weakened (Table 4: R2 in phase 1,
    R3 and R4 in phase 2). One weakened theme beside a complete one is a gap, not a failure
    (R4 in phase 1 and R6 in phase 2 went on to the next phase).
    """
    creation, capture = theme_state(a, phase, "creation"), theme_state(a, phase, "capture")
    if NA in (creation, capture):
        return NA
    if ABSENT in (creation, capture):
        return MISALIGNED
    if UNKNOWN in (creation, capture):
        return UNKNOWN
    if creation == capture == WEAKENED:
        return MISALIGNED
    return GAP if WEAKENED in (creation, capture) else ALIGNED


def missing_activities(a: Answers, phase: int) -> list[str]:
    """Question ids of the phase's activities answered as not (sufficiently) achieved."""
    return [qid for theme in THEMES for qid in ACTIVITIES[phase][theme] if activity_achieved(a, qid) is False]


# Table 4 activity names, and the move that closes each gap with its grounding in the paper.
ACTIVITY_MOVES: dict[str, tuple[str, str, str]] = {
    "ob_p1_explore_value": (
        "Exploring value-enhancement opportunities",
        "Walk the customer's operation with them and list its bottlenecks before proposing anything.",
        "'A good start to any process is asking the customer: where are your bottlenecks?' (R3).",
    ),
    "ob_p1_value_concept": (
        "Creating value proposition concept",
        "Write a one-page concept of the offer and the value it creates, concrete enough for the "
        "customer to sign off.",
        "R2 failed because 'we were never really able to define the concept concretely enough'.",
    ),
    "ob_p1_win_win": (
        "Prioritizing win-win opportunities",
        "Score each idea for what it gives both sides, and drop the one-sided ones.",
        "Agreeing on value distribution was 'already evident in the first phase of discussions in "
        "successful cases only' (Table 4 still codes win-win as achieved in R3 and R4, which failed later).",
    ),
    "ob_p1_profit_potential": (
        "Evaluating profit potential",
        "Estimate the gains (lower life-cycle cost, more output) with the customer's operations, "
        "R&D and purchasing leaders.",
        "The text says R2 stalled by 'neglecting such measures as evaluating profit potential' (Table 4 "
        "codes it as achieved for R2); R1 did not evaluate it.",
    ),
    "ob_p2_value_architecture": (
        "Customizing value architecture",
        "Choose jointly the mix of product, service and digital parts, and what each choice costs.",
        "'With every choice comes certain benefits and trade-offs' (R5).",
    ),
    "ob_p2_delivery_process": (
        "Designing delivery process",
        "Map who does what on both sides during delivery, down to operators and shift routines.",
        "R3 and R4 left delivery roles undefined; R4's contract failed in delivery.",
    ),
    "ob_p2_delivery_risks": (
        "Assessing delivery risks",
        "Run a scenario workshop on what could make delivery fail (downtime, customer behaviour) and "
        "agree who carries each risk.",
        "The raised risk perspective made this activity 'a critical one' for reaching agreement.",
    ),
    "ob_p2_kpis": (
        "Designing performance indicators",
        "Agree one or a few simple indicators close to what the customer values.",
        "Connectcorp's 'quality minute' replaced indicators that 'can be manipulated' (R6).",
    ),
    "ob_p3_operational_capabilities": (
        "Developing operational capabilities",
        "Train your delivery staff and the customer's operators in the new routines from the start of "
        "delivery, and plan refreshers.",
        "R4's customer: 'the supplier delivery organization was not ready' - contracts cancelled in "
        "six months.",
    ),
    "ob_p3_improvements": (
        "Exploring improvement opportunities",
        "Hold joint technical meetings every quarter to find the next improvement.",
        "Minecorp and Equipcorp (R5) meet quarterly and keep raising output.",
    ),
    "ob_p3_realign_incentives": (
        "Realigning incentives",
        "Review the incentives whenever goals drift apart, and renegotiate before it becomes a dispute.",
        "'An unbalanced agreement where only one party profits will not survive for long' (R4).",
    ),
    "ob_p3_fair_distribution": (
        "Ensuring fair value distribution",
        "Check every quarter that both sides profit; share early gains and losses.",
        "Contracts where early profits and losses are shared serve 'to mitigate any uncertainty "
        "concerning operational outcomes over time' (Phase 3).",
    ),
}


# After signing, a gap in phase 1 or 2 is repaired with the customer, not avoided: the same
# activities, worded for a deal already in delivery.
CATCH_UP_MOVES: dict[str, str] = {
    "ob_p1_explore_value": (
        "Walk the customer's operation with them now and list the bottlenecks the deal should be relieving."
    ),
    "ob_p1_value_concept": (
        "Write down with the customer what the deal is meant to deliver and how that creates value, and "
        "check it against what is delivered."
    ),
    "ob_p1_win_win": (
        "Go through the deal's terms with the customer, mark those that benefit only one side, and "
        "renegotiate those first."
    ),
    "ob_p1_profit_potential": (
        "Estimate with the customer what the deal gains each side (lower life-cycle cost, more output) and "
        "bring the figures to the next review."
    ),
    "ob_p2_value_architecture": (
        "Review with the customer whether the mix of product, service and digital parts still fits the "
        "result being paid for."
    ),
    "ob_p2_delivery_process": (
        "Map who does what on both sides now, down to operators and shift routines, and add it to the "
        "contract as an annex."
    ),
    "ob_p2_delivery_risks": (
        "Run the risk workshop now: list what could make delivery fail and agree in writing who carries "
        "each risk."
    ),
    "ob_p2_kpis": (
        "Renegotiate the indicators down to one or a few simple ones close to what the customer values."
    ),
}
