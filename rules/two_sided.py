"""Two-sided assessment of one outcome-based relationship: provider and customer each answer the
phase activities. Sjödin et al. 2020 argue that alignment is a joint matter and interviewed both
sides of every relationship; where the two views differ, the alignment itself is in question.
"""

from __future__ import annotations

from advisor.core.rulekit import YES, Kind, Move, Severity, is_, move, rule
from rules.interpretation import ACHIEVED, COUNTERPART, diverging_activities
from rules.outcome_phases import ACTIVITY_MOVES

FW = "phase_alignment"


def _view(value: object) -> str:
    return "done" if value in ACHIEVED else "not done"


@rule(
    "TS-01",
    title="You and the other side see the deal's activities differently",
    kind=Kind.PROBLEM,
    severity=Severity.MEDIUM,
    proposition="S20-C5",
    framework=FW,
    scope=COUNTERPART,
    when={"views_diverge": is_(YES)},
    summary=(
        "You and {item} disagree on whether these activities were done: {diverging_list}. "
        "Alignment of value creation and capture is a joint matter: if the two sides see it "
        "differently, it is not yet aligned."
    ),
    moves=[
        move(
            "compare_views",
            "Put both sides' answers side by side at the next steering meeting, before any renegotiation.",
            "The paper studied every relationship from both sides: 'continuous customer involvement "
            "is a baseline against which business model decisions should be tested'.",
        ),
    ],
)
def provider_and_customer_views_diverge(traits, answers):
    """When it fires: provider and customer both answered an activity and one says it was done
    while the other says it was not.
    Why (source): Sjödin et al. 2020, Theoretical contributions (fifth): alignment is 'not solely a
    provider-centric requirement but a joint one'; Methods: dyadic data from both sides.
    Known limits: 'partly' counts as not done on both sides, as in Table 4.
    Fires for: two-sided-r4
    Silent for: two-sided-r5
    """
    diverging = diverging_activities(answers)
    return {
        "diverging_activities": [
            {
                "activity": ACTIVITY_MOVES[q][0],
                "yours": _view(answers.firm_get(q)),
                "theirs": _view(answers.item_get(q)),
            }
            for q in diverging
        ],
        "diverging_list": "; ".join(ACTIVITY_MOVES[q][0].lower() for q in diverging),
        "focus_questions": diverging,
        "moves": [
            Move(
                f"TS-01.workshop.{q}",
                f"Hold a joint workshop on “{ACTIVITY_MOVES[q][0].lower()}”: agree what done means and "
                "who does what next.",
                ACTIVITY_MOVES[q][2],
            )
            for q in diverging
        ],
    }


@rule(
    "TS-02",
    title="You and the other side agree on where the deal stands",
    kind=Kind.STRENGTH,
    severity=Severity.LOW,
    proposition="S20-C5",
    framework=FW,
    scope=COUNTERPART,
    when={"views_agree_broadly": is_(YES)},
    summary="You and {item} answered the deal's activities the same way: a shared view to build on.",
    moves=[
        move(
            "keep_joint_reviews",
            "Repeat the two-sided check at each phase and once a year in delivery.",
            "'Achieving business model alignment is a continuous practice and not a one-time activity.'",
        ),
    ],
)
def provider_and_customer_views_agree(traits, answers):
    """When it fires: both sides answered at least four activities and agree on all of them.
    Why (source): Sjödin et al. 2020, Theoretical contributions (fifth) and Discussion.
    Known limits: agreement can also be shared blindness; it does not prove the activities are done.
    Fires for: two-sided-r5
    Silent for: two-sided-r4
    """
