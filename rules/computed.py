"""The Python the records name: traits that need real logic, and the details some findings add.

A trait is here only when a test on answers cannot say it: Table 4's phase alignment, the
comparison of two sides' answers, what a collaboration is from two answers read together, and the
roles of a firm's business models. Each reads thresholds through `t` (thresholds.yaml), never a
number of its own. Rules name a details function in `details:`; it returns what the finding shows
beyond the summary (the missing activities, the business models, the two sides' views).
"""

from __future__ import annotations

from typing import Any

from advisor.core.records import Registry
from advisor.core.rulekit import NA, NO, UNKNOWN, YES, Answers, Move
from rules.table4 import (
    ACHIEVED,
    ACTIVITIES,
    ACTIVITY_MOVES,
    ALIGNED,
    ALL_ACTIVITIES,
    GAP,
    MISALIGNED,
    PHASE_NAMES,
    PHASE_REACHED,
    PHASES,
    THEME_STATES,
    THEMES,
    missing_activities,
    phase_alignment,
    theme_state,
)

REGISTRY = Registry()
COLLAB = "collaborations"
MODELS = "business_models"
CLUSTER, NETWORK, ECOSYSTEM = "cluster", "network", "ecosystem"


def _yes_if(condition: bool | None) -> str:
    if condition is None:
        return UNKNOWN
    return YES if condition else NO


# ---- outcome-based deals (Sjödin et al. 2020, Table 4) ---------------------------------------------
for _phase in PHASES:
    for _theme in THEMES:
        REGISTRY.add_trait(
            f"p{_phase}_{_theme}_theme",
            f"Phase {_phase}: the activities for "
            + ("creating value" if _theme == "creation" else "capturing value"),
            ("ob_offers", "ob_furthest_phase", *ACTIVITIES[_phase][_theme]),
            lambda a, t, p=_phase, th=_theme: theme_state(a, p, th),
            states=THEME_STATES,
        )
for _phase in PHASES:
    REGISTRY.add_trait(
        f"phase{_phase}_alignment",
        f"Phase {_phase}: value creation and value capture aligned",
        ("ob_offers", "ob_furthest_phase", *ACTIVITIES[_phase]["creation"], *ACTIVITIES[_phase]["capture"]),
        lambda a, t, p=_phase: phase_alignment(a, p),
        states=(ALIGNED, GAP, MISALIGNED),
    )

DEAL_QUESTIONS = ["ob_offers", "ob_furthest_phase", *ALL_ACTIVITIES]


@REGISTRY.trait("The deal moved to a later phase although an earlier phase was misaligned", DEAL_QUESTIONS)
def moved_on_while_misaligned(a: Answers, t: Any) -> str:
    states = [phase_alignment(a, p) for p in (1, 2)]
    reached_next = [a.get("ob_furthest_phase") in PHASE_REACHED[p + 1] for p in (1, 2)]
    if any(s == MISALIGNED and r for s, r in zip(states, reached_next, strict=True)):
        return YES
    if a.get("ob_offers") == "no":
        return NA
    return UNKNOWN if UNKNOWN in states else NO


@REGISTRY.trait("A reached phase has one theme only partly done", DEAL_QUESTIONS)
def alignment_gap(a: Answers, t: Any) -> str:
    states = [phase_alignment(a, p) for p in PHASES]
    if GAP in states:
        return YES
    if a.get("ob_offers") == "no":
        return NA
    return UNKNOWN if UNKNOWN in states else NO


@REGISTRY.trait("Every phase the deal has reached has its value creation and capture aligned", DEAL_QUESTIONS)
def all_reached_phases_aligned(a: Answers, t: Any) -> str:
    if a.get("ob_offers") == "no":
        return NA
    states = [phase_alignment(a, p) for p in PHASES]
    if MISALIGNED in states:
        return NO
    if UNKNOWN in states or a.get("ob_furthest_phase") is None:
        return UNKNOWN
    return YES


def _activity_moves(qids: list[str]) -> list[Move]:
    return [Move(f"OB-activity.{q}", ACTIVITY_MOVES[q][1], ACTIVITY_MOVES[q][2]) for q in qids]


@REGISTRY.detail
def earliest_misaligned_phase(traits: Any, answers: Answers, phase: int) -> dict:
    """The phase, its name and the activities still missing, each with the move that closes it."""
    missing = missing_activities(answers, phase)
    return {
        "phase": phase,
        "phase_name": PHASE_NAMES[phase],
        "missing_activities": [ACTIVITY_MOVES[qid][0] for qid in missing],
        "missing_list": "; ".join(ACTIVITY_MOVES[qid][0].lower() for qid in missing),
        "moves": _activity_moves(missing),
    }


@REGISTRY.detail
def phases_with_gaps(traits: Any, answers: Answers) -> dict:
    """The phases with one theme only partly done, and their missing activities."""
    gaps = [p for p in PHASES if phase_alignment(answers, p) == GAP]
    missing = [qid for p in gaps for qid in missing_activities(answers, p)]
    return {
        "phases": gaps,
        "missing_activities": [ACTIVITY_MOVES[q][0] for q in missing],
        "missing_list": "; ".join(ACTIVITY_MOVES[q][0].lower() for q in missing),
        "moves": _activity_moves(missing),
    }


# ---- two sides of one outcome-based relationship (Sjödin et al. 2020 interviewed both) -------------
COUNTERPART = "counterpart"


def compared_activities(a: Answers) -> list[tuple[str, bool, bool]]:
    """(activity, own view achieved, other view achieved) for activities both sides answered."""
    out = []
    for qid in ALL_ACTIVITIES:
        own, other = a.firm_get(qid), a.item_get(qid)
        if own is not None and other is not None:
            out.append((qid, own in ACHIEVED, other in ACHIEVED))
    return out


def diverging_activities(a: Answers) -> list[str]:
    return [qid for qid, own, other in compared_activities(a) if own != other]


@REGISTRY.trait(
    "The two sides disagree on whether some activities were done", ALL_ACTIVITIES, scope=COUNTERPART
)
def views_diverge(a: Answers, t: Any) -> str:
    if not compared_activities(a):
        return UNKNOWN
    return _yes_if(bool(diverging_activities(a)))


@REGISTRY.trait(
    "Both sides answered at least {thresholds.min_compared} activities and agree on every one",
    ALL_ACTIVITIES,
    scope=COUNTERPART,
)
def views_agree_broadly(a: Answers, t: Any) -> str:
    if len(compared_activities(a)) < t.min_compared:
        return UNKNOWN
    return _yes_if(not diverging_activities(a))


def _view(value: object) -> str:
    return "done" if value in ACHIEVED else "not done"


@REGISTRY.detail
def diverging_views(traits: Any, answers: Answers) -> dict:
    """Each activity the two sides see differently, both views, and a workshop move for it."""
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


# ---- collaborations (Holm & Kringelum 2022), one subject per collaboration -----------------------------
RANK = {CLUSTER: 1, NETWORK: 2, ECOSYSTEM: 3}


def collaboration_type(a: Answers, t: Any) -> str:
    """Figure 1: clusters are loosely connected; networks connect members through exchange;
    ecosystems add the co-creation of a joint value proposition to a close connection."""
    connection, co_creation = a.get("co_connection"), a.get("co_co_creation")
    if connection is None:
        return UNKNOWN
    if connection <= t.low:
        return CLUSTER
    if connection >= t.high:
        if co_creation is None:
            return UNKNOWN
        return ECOSYSTEM if co_creation >= t.high else NETWORK
    return NETWORK


REGISTRY.trait(
    "What the collaboration is, judged by connection and co-creation",
    ["co_connection", "co_co_creation"],
    scope=COLLAB,
    states=(CLUSTER, NETWORK, ECOSYSTEM),
)(collaboration_type)


@REGISTRY.trait(
    "The firm calls it something closer-knit than its ties show",
    ["co_self_label", "co_connection", "co_co_creation"],
    scope=COLLAB,
)
def label_overstates_ties(a: Answers, t: Any) -> str:
    label, kind = a.get("co_self_label"), collaboration_type(a, t)
    if label is None or kind == UNKNOWN:
        return UNKNOWN
    return _yes_if(label in RANK and RANK[label] > RANK[kind])


@REGISTRY.detail
def label_and_ties(traits: Any, answers: Answers) -> dict:
    """What the firm calls the collaboration, and what its ties show it to be."""
    return {"self_label": answers.get("co_self_label"), "actual": traits["collaboration_type"]}


# ---- several business models of one firm (Johansson & Abrahamsson 2014: Seamless 2012) -----------------
ROLE_WORDS = {"earn_now": "earns today", "invest_for_later": "investment for later", None: "role unknown"}


def _roles(a: Answers) -> list[str | None]:
    return [m.get("bmx_role") for m in a.items(MODELS)]


@REGISTRY.trait("Two or more business models, and every one of them only earns today", ["bmx_role"])
def portfolio_without_exploration(a: Answers, t: Any) -> str:
    roles = _roles(a)
    if len(roles) < t.parallel_models or "invest_for_later" in roles:
        return NO if roles else UNKNOWN
    return UNKNOWN if None in roles else YES


@REGISTRY.trait("No business model is the one that earns the money today", ["bmx_role"])
def portfolio_without_paying_core(a: Answers, t: Any) -> str:
    roles = _roles(a)
    if not roles:
        return UNKNOWN
    if "earn_now" in roles:
        return NO
    return UNKNOWN if None in roles else YES


@REGISTRY.trait("One business model takes customers or sales from another", ["bmx_cannibalises"])
def models_cannibalise(a: Answers, t: Any) -> str:
    answers = [m.get("bmx_cannibalises") for m in a.items(MODELS)]
    if not answers:
        return UNKNOWN
    if "yes" in answers:
        return YES
    return UNKNOWN if None in answers else NO


@REGISTRY.trait(
    "Models not yet paying their way take {thresholds.model_strain_share}% or more of people and money",
    ["bmx_role", "bmx_resource_share"],
)
def new_models_absorb_resources(a: Answers, t: Any) -> str:
    new = [m for m in a.items(MODELS) if m.get("bmx_role") == "invest_for_later"]
    if not new:
        return NO if a.items(MODELS) and None not in _roles(a) else UNKNOWN
    shares = [m.get("bmx_resource_share") for m in new]
    known = sum(s for s in shares if s is not None)
    if known >= t.model_strain_share:
        return YES
    return UNKNOWN if None in shares else NO


@REGISTRY.trait(
    "Some business models earn today while others are investments for later, without strain",
    ["bmx_role", "bmx_resource_share"],
)
def balanced_model_portfolio(a: Answers, t: Any) -> str:
    roles = _roles(a)
    if len(roles) < t.parallel_models:
        return NO if roles else UNKNOWN
    if not {"earn_now", "invest_for_later"} <= set(roles):
        return UNKNOWN if None in roles else NO
    return NO if new_models_absorb_resources(a, t) == YES else YES


@REGISTRY.detail
def business_models(traits: Any, answers: Answers) -> dict:
    """Each business model's name, role, share of resources and whether it takes from another."""
    rows = []
    for index, m in enumerate(answers.items(MODELS), start=1):
        rows.append(
            {
                "name": m.get("bmx_name") or f"business model {index}",
                "role": ROLE_WORDS[m.get("bmx_role")],
                "resource_share": m.get("bmx_resource_share"),
                "takes_from_another": m.get("bmx_cannibalises") == "yes",
            }
        )
    return {"models": rows, "model_list": "; ".join(f"{r['name']} ({r['role']})" for r in rows)}
