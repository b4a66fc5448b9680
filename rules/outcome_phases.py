"""Phase alignment in outcome-based deals: Sjödin, Parida, Jovanovic & Visnjic 2020, P1-P3.

The earliest misaligned phase is found by forward chaining: each phase rule concludes that later
phases have an earlier misalignment, and the later phase rules require that conclusion to be
absent. The engine's salience layers make sure the conclusion exists before they are considered.
"""

from __future__ import annotations

from advisor.core.rulekit import ABSENT, YES, Answers, Kind, Move, Severity, is_, move, rule
from rules.interpretation import GAP, MISALIGNED, missing_activities, phase_alignment

FW = "phase_alignment"
PHASE_NAMES = {
    1: "value proposition definition",
    2: "value provision design",
    3: "value-in-use delivery",
}

# Table 4 activity names and the move that closes each gap.
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
        "Value distribution was discussed early 'in successful cases only'.",
    ),
    "ob_p1_profit_potential": (
        "Evaluating profit potential",
        "Estimate the gains (lower life-cycle cost, more output) with the customer's operations, "
        "R&D and purchasing leaders.",
        "R2 stopped when profit potential was not evaluated and top management saw only risk.",
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
        "Risk assessment was 'a critical one' for reaching agreement (R2, R5).",
    ),
    "ob_p2_kpis": (
        "Designing performance indicators",
        "Agree one or a few simple indicators close to what the customer values.",
        "Connectcorp's 'quality minute' replaced indicators that 'can be manipulated' (R6).",
    ),
    "ob_p3_operational_capabilities": (
        "Developing operational capabilities",
        "Train your delivery staff and the customer's operators from the first month of the contract.",
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
        "Gain-and-pain sharing 'mitigates uncertainty' and builds trust (R5, R6).",
    ),
}


def _phase_details(phase: int, answers: Answers) -> dict:
    missing = missing_activities(answers, phase)
    moves = [Move(f"OB-activity.{qid}", ACTIVITY_MOVES[qid][1], ACTIVITY_MOVES[qid][2]) for qid in missing]
    return {
        "phase": phase,
        "phase_name": PHASE_NAMES[phase],
        "missing_activities": [ACTIVITY_MOVES[qid][0] for qid in missing],
        "missing_list": "; ".join(ACTIVITY_MOVES[qid][0].lower() for qid in missing),
        "moves": moves,
    }


PHASE_SUMMARY = (
    "The earliest misaligned phase is phase {phase} ({phase_name}): value creation and value "
    "capture are not aligned. Missing: {missing_list}."
)
PHASE_MOVE = move(
    "align_before_moving_on",
    "Do not move to the next phase until the missing activities are done with the customer.",
    "Each phase needs its value-creation and value-capture activities aligned before the next.",
)


@rule(
    "OB-01",
    title="Phase 1 (value proposition definition) is misaligned",
    kind=Kind.PROBLEM,
    severity=Severity.HIGH,
    proposition="S20-P1",
    framework=FW,
    when={"phase1_alignment": is_(MISALIGNED)},
    concludes=["misaligned_before_phase_2", "misaligned_before_phase_3"],
    summary=PHASE_SUMMARY,
    moves=[PHASE_MOVE],
)
def phase_1_misaligned(traits, answers):
    """When it fires: in phase 1, identifying value-creation opportunities and agreeing on value
    distribution are not aligned: one theme is absent, or both are only partly done.
    Why (source): Sjödin et al. 2020, P1 - progress to phase 2 requires this alignment; Table 4:
    R1 and R2 failed here.
    Known limits: judged from the provider's or customer's answers alone (see two-sided assessment).
    Fires for: s20-r1 s20-r2
    Silent for: s20-r3 s20-r4 s20-r5 s20-r6
    """
    return _phase_details(1, answers)


@rule(
    "OB-02",
    title="Phase 2 (value provision design) is the first misaligned phase",
    kind=Kind.PROBLEM,
    severity=Severity.HIGH,
    proposition="S20-P2",
    framework=FW,
    when={"phase2_alignment": is_(MISALIGNED), "@misaligned_before_phase_2": ABSENT},
    concludes=["misaligned_before_phase_3"],
    summary=PHASE_SUMMARY,
    moves=[PHASE_MOVE],
)
def phase_2_misaligned(traits, answers):
    """When it fires: phase 1 was not misaligned, and in phase 2 designing the value offering and
    deciding on the profit formula are not aligned.
    Why (source): Sjödin et al. 2020, P2; Table 4: R3 failed here, R4 signed while misaligned here.
    Known limits: as OB-01.
    Fires for: s20-r3 s20-r4
    Silent for: s20-r1 s20-r5 s20-r6
    """
    return _phase_details(2, answers)


@rule(
    "OB-03",
    title="Phase 3 (value-in-use delivery) is the first misaligned phase",
    kind=Kind.PROBLEM,
    severity=Severity.HIGH,
    proposition="S20-P3",
    framework=FW,
    when={"phase3_alignment": is_(MISALIGNED), "@misaligned_before_phase_3": ABSENT},
    summary=PHASE_SUMMARY,
    moves=[PHASE_MOVE],
)
def phase_3_misaligned(traits, answers):
    """When it fires: earlier phases were not misaligned, and in delivery refining value-creation
    processes and regulating incentive structures are not aligned.
    Why (source): Sjödin et al. 2020, P3 - continuation of the deal rests on this alignment.
    Known limits: as OB-01.
    Fires for: kitchen-sink
    Silent for: s20-r4 s20-r5 s20-r6
    """
    return _phase_details(3, answers)


@rule(
    "OB-04",
    title="The deal moved on while a phase was still misaligned",
    kind=Kind.PROBLEM,
    severity=Severity.HIGH,
    proposition="S20-MI2",
    framework=FW,
    when={"moved_on_while_misaligned": is_(YES)},
    summary=(
        "The deal reached a later phase although an earlier phase was misaligned. The gap does not "
        "go away: R4 signed a contract without alignment in design, and it failed in delivery "
        "within six months."
    ),
    moves=[
        move(
            "reopen_earlier_phase",
            "Reopen the misaligned phase with the customer now, even after signing: agree the "
            "missing activities as a contract addendum.",
            "'It is not only about what is in the contract but how far the collaboration can be "
            "taken' (managerial implications).",
        ),
    ],
)
def misaligned_phase_passed(traits, answers):
    """When it fires: a phase was misaligned and the deal nevertheless reached the next phase.
    Why (source): Sjödin et al. 2020, Managerial contribution - 'in R4 the provider and customer
    managed to sign a contract without fully considering the alignment ... The result was a contract
    that failed to deliver value-in-use from the start'.
    Known limits: does not estimate how much risk was carried forward.
    Fires for: s20-r4
    Silent for: s20-r3 s20-r5 s20-r6
    """


@rule(
    "OB-05",
    title="A small alignment gap in a phase",
    kind=Kind.PROBLEM,
    severity=Severity.LOW,
    proposition="S20-MI1",
    framework=FW,
    when={"alignment_gap": is_(YES)},
    summary=(
        "In at least one phase, one theme is only partly done while the other is complete "
        "(missing: {missing_list}). Not a failure, but a gap to close."
    ),
    moves=[],
)
def phase_alignment_gap(traits, answers):
    """When it fires: a reached phase has one theme complete and the other only partly done.
    Why (source): Sjödin et al. 2020, Managerial contribution - 'make conscious efforts to align
    value creation and value capture'; Table 4: R6 went on without assessing delivery risks.
    Known limits: low severity by design; repeated gaps can add up.
    Fires for: s20-r6 s20-r4
    Silent for: s20-r5
    """
    gaps = [p for p in (1, 2, 3) if phase_alignment(answers, p) == GAP]
    missing = [qid for p in gaps for qid in missing_activities(answers, p)]
    return {
        "phases": gaps,
        "missing_activities": [ACTIVITY_MOVES[q][0] for q in missing],
        "missing_list": "; ".join(ACTIVITY_MOVES[q][0].lower() for q in missing),
        "moves": [Move(f"OB-activity.{q}", ACTIVITY_MOVES[q][1], ACTIVITY_MOVES[q][2]) for q in missing],
    }


@rule(
    "OB-06",
    title="Value creation and value capture are aligned in every phase reached",
    kind=Kind.STRENGTH,
    severity=Severity.MEDIUM,
    proposition="S20-P3",
    framework=FW,
    when={"all_reached_phases_aligned": is_(YES), "passed_phase_2": is_(YES)},
    summary=(
        "In every phase the deal has reached, you worked on creating and on capturing value "
        "together, as the two successful relationships (R5, R6) did."
    ),
    moves=[
        move(
            "keep_realigning",
            "Keep regular reviews of value and its sharing between senior and operational staff of "
            "both sides.",
            "'Achieving business model alignment is a continuous practice and not a one-time activity.'",
        ),
    ],
)
def phases_aligned(traits, answers):
    """When it fires: the contract is signed and no reached phase is misaligned.
    Why (source): Sjödin et al. 2020, P3 and Table 4 (R5, R6: S3 success in phase 3).
    Known limits: gaps (OB-05) may still be present.
    Fires for: s20-r5 s20-r6
    Silent for: s20-r4 s20-r3
    """


@rule(
    "OB-07",
    title="Key people on the customer's side are not committed",
    kind=Kind.PROBLEM,
    severity=Severity.HIGH,
    proposition="S20-P1",
    framework=FW,
    when={"outcome_deal": is_(YES), "customer_stakeholders_not_committed": is_(YES)},
    summary=(
        "The customer's top management does not back the deal, or its purchasing department came in "
        "late. R1 and R2 stopped in phase 1 for exactly these reasons."
    ),
    moves=[
        move(
            "involve_stakeholders",
            "Bring the customer's senior management and purchasing into the next meeting, with the "
            "profit estimate in hand.",
            "R1: 'We were not involved in the discussion until the end' (procurement); R2: senior "
            "management saw the contract as too risky.",
        ),
    ],
)
def customer_stakeholders_not_committed(traits, answers):
    """When it fires: the firm has an outcome deal and the customer's top management does not back
    it, or its procurement was not involved from the start.
    Why (source): Sjödin et al. 2020, Phase 1 - only 'when the profit potential and commitment of
    key stakeholders was assured' could firms progress (R1, R2 failure quotations).
    Known limits: customer-side facts reported by the provider may be incomplete.
    Fires for: s20-r1 s20-r2
    Silent for: s20-r5 s20-r6
    """


@rule(
    "OB-08",
    title="Your own way of earning money blocks the profit formula",
    kind=Kind.PROBLEM,
    severity=Severity.HIGH,
    proposition="S20-P2",
    framework=FW,
    when={"outcome_deal": is_(YES), "revenue_logic_threatened": is_(YES)},
    summary=(
        "The provider earns today from hours, parts or products and sees the outcome deal as a "
        "threat. That is why R3 stalled in phase 2: no profit formula could be agreed."
    ),
    moves=[
        move(
            "redesign_internal_incentives",
            "Show the service organisation how it earns under the outcome deal: internal transfer "
            "prices or targets per result instead of per hour.",
            "Solutioncorp's service organisation 'was constructed to capture value by charging for "
            "service by the hour', so the change 'was perceived as a risk rather than an "
            "opportunity'.",
        ),
    ],
)
def own_revenue_logic_blocks_profit_formula(traits, answers):
    """When it fires: the provider earns from hours, parts or product sales and its organisation
    sees the outcome deal as a threat.
    Why (source): Sjödin et al. 2020, Phase 2 and P2 (R3).
    Known limits: assumes the respondent knows the provider's internal view.
    Fires for: s20-r3
    Silent for: s20-r5 s20-r6
    """


@rule(
    "OB-09",
    title="Performance indicators are many or complex",
    kind=Kind.PROBLEM,
    severity=Severity.MEDIUM,
    proposition="S20-P2",
    framework=FW,
    when={"outcome_deal": is_(YES), "complex_kpis": is_(YES)},
    summary=(
        "The deal rests on many or complex indicators. Complex contracts undermine trust, and "
        "indicators 'can be manipulated'."
    ),
    moves=[
        move(
            "simplify_kpis",
            "Replace them with one or a few simple operational indicators close to what the "
            "customer sells on.",
            "Connectcorp and Telecorp (R6) agreed one simple indicator, the 'quality minute'.",
        ),
    ],
)
def complex_performance_indicators(traits, answers):
    """When it fires: an outcome deal with many or complex indicators.
    Why (source): Sjödin et al. 2020, Phase 2: designing performance indicators; Table 3 (R6).
    Known limits: some outcomes genuinely need several indicators.
    Fires for: kitchen-sink
    Silent for: s20-r6
    """


@rule(
    "OB-10",
    title="No sharing of risk and revenue in a signed deal",
    kind=Kind.PROBLEM,
    severity=Severity.MEDIUM,
    proposition="S20-P3",
    framework=FW,
    when={"passed_phase_2": is_(YES), "no_gain_pain_sharing": is_(YES)},
    summary=(
        "The contract is signed but gains and losses are not shared. Without it, one side carries "
        "an unfair share of risk when conditions change."
    ),
    moves=[
        move(
            "add_gain_pain_sharing",
            "Propose a gain-and-pain sharing clause tied to the agreed indicators.",
            "Risk and revenue sharing 'provide incentives for good behavior' (R6).",
        ),
    ],
)
def no_risk_revenue_sharing(traits, answers):
    """When it fires: the contract is signed and risk and revenue are not shared.
    Why (source): Sjödin et al. 2020, Phase 3: ensuring fair value distribution.
    Known limits: sharing may be implicit in the price formula.
    Fires for: kitchen-sink
    Silent for: s20-r5 s20-r6
    """


@rule(
    "OB-11",
    title="Little trust between provider and customer",
    kind=Kind.PROBLEM,
    severity=Severity.MEDIUM,
    proposition="S20-P3",
    framework=FW,
    when={"outcome_deal": is_(YES), "low_trust": is_(YES)},
    summary=(
        "Trust is low. Outcome deals need both sides to renegotiate when technology or markets "
        "change; without trust, that becomes a dispute."
    ),
    moves=[
        move(
            "build_trust",
            "Start with open quarterly reviews of the figures on both sides, before any renegotiation.",
            "'Trust that existed between the two parties facilitated this process' (R6).",
        ),
    ],
)
def low_trust_in_outcome_deal(traits, answers):
    """When it fires: an outcome deal where trust is rated 1 or 2 of 5.
    Why (source): Sjödin et al. 2020, Phase 3 and Table 3 (R5: 'we need to have trust').
    Known limits: one side's view of a two-sided matter.
    Fires for: kitchen-sink
    Silent for: s20-r6
    """
