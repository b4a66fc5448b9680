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
    CATCH_UP_MOVES,
    GAP,
    MISALIGNED,
    PHASE_NAMES,
    PHASE_REACHED,
    PHASES,
    THEME_STATES,
    THEMES,
    activity_achieved,
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


@REGISTRY.trait(
    "A phase the deal has left behind has one theme only partly done", [*DEAL_QUESTIONS, "ob_deal_status"]
)
def alignment_gap(a: Answers, t: Any) -> str:
    # The phase a live deal is still in is a to-do list (current_phase_unfinished), not a gap.
    states = [phase_alignment(a, p) for p in PHASES if p == 3 or _phase_closed(a, p) != NO]
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


@REGISTRY.detail
def phases_with_gaps(traits: Any, answers: Answers) -> dict:
    """The phases with one theme only partly done, and their missing activities."""
    gaps = [
        p
        for p in PHASES
        if phase_alignment(answers, p) == GAP and (p == 3 or _phase_closed(answers, p) != NO)
    ]
    missing = [qid for p in gaps for qid in missing_activities(answers, p)]
    return {
        "phases": gaps,
        "missing_activities": [ACTIVITY_MOVES[q][0] for q in missing],
        "missing_list": "; ".join(ACTIVITY_MOVES[q][0].lower() for q in missing),
        "moves": [m for p in gaps for m in _phase_moves(answers, p, missing_activities(answers, p))],
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
CLUSTER_BASIS = {"geography", "sector", "both"}
TYPE_QUESTIONS = ["co_connection", "co_co_creation", "co_basis", "co_self_label"]


def _typing(a: Answers, t: Any) -> tuple[str, bool]:
    """(type, settled). Figure 1: clusters are loosely connected concentrations in one place or
    sector; networks connect members through exchange; ecosystems add the co-creation of a joint
    value proposition. Middling or missing answers give a tentative type, with the firm's own label
    as a hint, rather than none."""
    connection, co_creation = a.get("co_connection"), a.get("co_co_creation")
    basis, label = a.get("co_basis"), a.get("co_self_label")
    hint = label if label in RANK else None
    if connection is None:
        return (hint, False) if hint else (UNKNOWN, False)
    if connection <= t.low:
        # A cluster is a concentration in a place or a sector (Porter; Carayannis and Campbell).
        if basis in CLUSTER_BASIS:
            return CLUSTER, True
        return (NETWORK, False) if basis is not None else (CLUSTER, False)
    if connection >= t.high:
        if co_creation is None or t.low < co_creation < t.high:
            return (ECOSYSTEM if hint == ECOSYSTEM else NETWORK), False
        return (ECOSYSTEM if co_creation >= t.high else NETWORK), True
    return NETWORK, True


def collaboration_type(a: Answers, t: Any) -> str:
    return _typing(a, t)[0]


REGISTRY.trait(
    "What the collaboration is, judged by connection, co-creation and what brings members together",
    TYPE_QUESTIONS,
    scope=COLLAB,
    states=(CLUSTER, NETWORK, ECOSYSTEM),
)(collaboration_type)


@REGISTRY.trait(
    "The answers settle what the collaboration is (unknown when it is typed tentatively)",
    TYPE_QUESTIONS,
    scope=COLLAB,
)
def collaboration_type_settled(a: Answers, t: Any) -> str:
    kind, settled = _typing(a, t)
    return YES if settled and kind != UNKNOWN else UNKNOWN


@REGISTRY.trait(
    "The firm calls it something closer-knit than its ties show",
    TYPE_QUESTIONS,
    scope=COLLAB,
)
def label_overstates_ties(a: Answers, t: Any) -> str:
    label = a.get("co_self_label")
    kind, settled = _typing(a, t)
    if label is None or kind == UNKNOWN or not settled:
        return UNKNOWN
    return _yes_if(label in RANK and RANK[label] > RANK[kind])


@REGISTRY.detail
def label_and_ties(traits: Any, answers: Answers) -> dict:
    """What the firm calls the collaboration, and what its ties show it to be."""
    return {"self_label": answers.get("co_self_label"), "actual": traits["collaboration_type"]}


@REGISTRY.detail
def slippage_words(traits: Any, answers: Answers) -> dict:
    """How much slips, and what the collaboration's interdependency says about accepting it
    (HK22: the degree to accept follows 'the interdependency of their interorganizational
    relationships')."""
    amount = {"most": "Most", "some": "Some"}.get(answers.get("co_value_slippage"), "Some")
    dependence = traits.get("high_dependence")
    if dependence == YES:
        why = (
            " Your offer depends heavily on the other members, so some slippage may be the price of"
            " staying in."
        )
    elif dependence == NO:
        why = " Your offer does not hang on the other members, so you have room to ask for more back."
    else:
        why = ""
    return {"slippage_words": amount, "interdependence_words": why}


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


# ---- where the deal stands (Sjödin et al. 2020): a phase passed, stopped in, or in progress ---------
# Table 4 codes finished relationships in hindsight. A phase the deal has passed, or stopped in, is
# judged as Table 4 judges it; the phase a live deal is still in is a to-do list; moves fit the
# deal's stage (before signing, delivering, stopped).
STAGE_QUESTIONS = ["ob_offers", "ob_furthest_phase", "ob_deal_status"]
FURTHEST_PHASE = {"defining": 1, "designing": 2, "delivering": 3}


def _furthest(a: Answers) -> int | None:
    return FURTHEST_PHASE.get(a.get("ob_furthest_phase"))


def _phase_closed(a: Answers, phase: int) -> str:
    """Yes when the deal has passed the phase or stopped in it; no while it is still in it."""
    if a.get("ob_offers") == "no":
        return NA
    furthest, status = _furthest(a), a.get("ob_deal_status")
    if furthest is None:
        return UNKNOWN
    if furthest < phase:
        return NA
    if furthest > phase or status == "stopped":
        return YES
    return UNKNOWN if status is None else NO


for _phase in (1, 2):
    REGISTRY.add_trait(
        f"phase{_phase}_closed",
        f"The deal has passed phase {_phase}, or stopped in it",
        tuple(STAGE_QUESTIONS),
        lambda a, t, p=_phase: _phase_closed(a, p),
    )


@REGISTRY.trait(
    "The deal is still in phase 1 or 2 and that phase has activities not yet done",
    [*STAGE_QUESTIONS, *ALL_ACTIVITIES[:8]],
)
def current_phase_unfinished(a: Answers, t: Any) -> str:
    if a.get("ob_offers") == "no":
        return NA
    furthest, status = _furthest(a), a.get("ob_deal_status")
    if furthest is None or status is None:
        return UNKNOWN
    if furthest == 3 or status == "stopped":
        return NA
    state = phase_alignment(a, furthest)
    if state == UNKNOWN:
        return UNKNOWN
    return _yes_if(state in (MISALIGNED, GAP))


def _stage(a: Answers) -> str:
    if a.get("ob_deal_status") == "stopped":
        return "stopped"
    return "delivering" if _furthest(a) == 3 else "before_signing"


def _listing(qids: list[str]) -> str:
    """Activity names in plain words: 'a', 'a and b', 'a, b and c'."""
    names = [ACTIVITY_MOVES[q][0].lower() for q in qids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _phase_moves(answers: Answers, phase: int, missing: list[str]) -> list[Move]:
    """Each missing activity's move, worded for where the deal is now."""
    stage, passed = _stage(answers), (_furthest(answers) or 1) > phase
    moves = []
    for qid in missing:
        _, before, why = ACTIVITY_MOVES[qid]
        if stage == "stopped":
            text = f"For your next outcome deal: {before[0].lower()}{before[1:]}"
        elif passed:
            text = CATCH_UP_MOVES[qid]
        else:
            text = before
        moves.append(Move(f"OB-activity.{qid}", text, why))
    return moves


@REGISTRY.detail
def misaligned_phase(traits: Any, answers: Answers, phase: int) -> dict:
    """The phase, its missing activities, and a move for each fitted to where the deal is now."""
    missing = missing_activities(answers, phase)
    stage, passed = _stage(answers), (_furthest(answers) or 1) > phase
    if stage == "stopped":
        where = "The deal has stopped; the moves are for your next outcome deal."
    elif passed and stage == "delivering":
        where = "The contract is signed, so the moves repair the gap with the customer now."
    elif passed:
        where = "The deal moved on without closing this gap: repair it with the customer before signing."
    else:
        where = ""
    return {
        "phase": phase,
        "phase_name": PHASE_NAMES[phase],
        "missing_activities": [ACTIVITY_MOVES[qid][0] for qid in missing],
        "missing_list": _listing(missing),
        "where_now": where,
        "moves": _phase_moves(answers, phase, missing),
    }


@REGISTRY.detail
def current_phase_todo(traits: Any, answers: Answers) -> dict:
    """The phase the live deal is in, what is still to do, and a round of iteration if few were had."""
    phase = _furthest(answers) or 1
    missing = missing_activities(answers, phase) + [
        q
        for q in ACTIVITIES[phase]["creation"] + ACTIVITIES[phase]["capture"]
        if answers.get(q) == "partly" and q not in missing_activities(answers, phase)
    ]
    moves = _phase_moves(answers, phase, missing)
    if answers.get("ob_iteration") in ("once", "none"):
        moves.append(
            Move(
                "OB-12.iterate",
                "Plan another round with the customer: propose, test against its figures, revise.",
                "Failure in a phase comes from missing activities 'or because there is insufficient "
                "iteration' (Sjödin et al. 2020, process framework).",
            )
        )
    return {
        "phase": phase,
        "phase_name": PHASE_NAMES[phase],
        "missing_activities": [ACTIVITY_MOVES[q][0] for q in missing],
        "missing_list": _listing(missing),
        "moves": moves,
    }


@REGISTRY.detail
def deal_story(traits: Any, answers: Answers) -> dict:
    """The deal's path told from the answers: where it was misaligned when it moved on, where that
    surfaced, and where it is now (Sjödin et al. 2020, managerial contribution on R4)."""
    furthest = _furthest(answers) or 1
    moved_on = [p for p in (1, 2) if phase_alignment(answers, p) == MISALIGNED and furthest > p]
    parts = []
    for p in moved_on:
        not_done = _listing(missing_activities(answers, p))
        parts.append(f"phase {p} ({PHASE_NAMES[p]}) was misaligned (not done: {not_done})")
    story = "When the deal moved on, " + " and ".join(parts) + "."
    if furthest == 3:
        story += " The contract was signed anyway."
        later = missing_activities(answers, 3)
        if later:
            story += (
                f" The gap surfaced in phase 3 ({PHASE_NAMES[3]}), where {_listing(later)} were not done."
            )
    stopped = answers.get("ob_deal_status") == "stopped"
    story += " The deal has stopped." if stopped else " The deal is still running."
    if stopped:
        move = Move(
            "OB-04.next_deal",
            "In your next outcome deal, do not sign while a phase's value-creation and value-capture "
            "activities are still open; settle them first, with the customer.",
            "R4 'managed to sign a contract without fully considering the alignment' and the "
            "contract 'was quickly discontinued'.",
        )
    else:
        move = Move(
            "OB-04.reopen_now",
            "Reopen the misaligned phase with the customer now: agree the missing pieces as an "
            "addendum to the contract, and review them at the next senior meeting.",
            "'It is not only about what is in the contract but how far the collaboration can be "
            "taken' (managerial contribution).",
        )
    return {"story": story, "moves": [move]}


@REGISTRY.trait(
    "Since signing, conditions changed without the incentives following, or the provider loses money",
    [
        *STAGE_QUESTIONS,
        "ob_changes_since_signing",
        "ob_provider_losing_money",
        "ob_customer_compares_old_contract",
        "ob_p3_realign_incentives",
    ],
)
def realignment_due(a: Answers, t: Any) -> str:
    if a.get("ob_offers") == "no":
        return NA
    furthest = _furthest(a)
    if furthest is None:
        return UNKNOWN
    if furthest < 3 or a.get("ob_deal_status") == "stopped":
        return NA
    losing = a.get("ob_provider_losing_money")
    changes = a.get("ob_changes_since_signing")
    changed = None if changes is None else bool(set(changes) - {"nothing"})
    # R4's provider: the customer 'started to compare our solution to traditional service contracts'
    # (Table 3, regulating incentive structures) - a drift the incentives have to answer too.
    drift = (
        None
        if changes is None and a.get("ob_customer_compares_old_contract") is None
        else bool(changed or a.get("ob_customer_compares_old_contract") == "yes")
    )
    realigned = activity_achieved(a, "ob_p3_realign_incentives")
    if losing == "yes" or (drift and realigned is False):
        return YES
    if losing == "no" and (drift is False or realigned is True):
        return NO
    return UNKNOWN


CHANGE_WORDS = {
    "scope": "what the customer asks of the deal",
    "customer_sites": "the customer's sites",
    "cost_to_serve": "the cost of delivering",
    "technology": "the technology",
    "market": "market conditions",
}


@REGISTRY.detail
def changes_since_signing(traits: Any, answers: Answers) -> dict:
    """What changed since signing, whether the provider loses money, and the customer's benchmark."""
    changes = [CHANGE_WORDS[c] for c in answers.get("ob_changes_since_signing") or [] if c in CHANGE_WORDS]
    sentences = []
    if changes:
        joined = changes[0] if len(changes) == 1 else ", ".join(changes[:-1]) + " and " + changes[-1]
        sentences.append(f"Since the contract was signed, {joined} changed.")
    if answers.get("ob_provider_losing_money") == "yes":
        sentences.append("The provider is now losing money on the deal.")
    elif activity_achieved(answers, "ob_p3_realign_incentives") is False:
        sentences.append("The incentives have not been revised since.")
    benchmark = ""
    if answers.get("ob_customer_compares_old_contract") == "yes":
        benchmark = (
            "The customer also judges the deal against its old, cheaper way of buying, as Forestcorp "
            "did in R4 before cancelling: show it the value in its own figures."
        )
    return {"what_changed": " ".join(sentences), "benchmark_note": benchmark}


@REGISTRY.detail
def customer_obligations(traits: Any, answers: Answers) -> dict:
    state = answers.get("ob_customer_obligations")
    return {"obligations_state": "only partly set out" if state == "partly" else "not set out"}


@REGISTRY.detail
def value_sharing_timing(traits: Any, answers: Answers) -> dict:
    when = answers.get("ob_value_sharing_first_discussed")
    text = {
        "at_contract": "You first talked about how the gains would be shared only when negotiating the "
        "contract",
        "not_yet": "The deal has moved beyond phase 1, and how the gains will be shared has not been "
        "discussed yet",
    }.get(when, "How the gains would be shared came up late")
    return {"sharing_when": text}


# ---- financial facts and the partner's terms (Johansson & Abrahamsson 2014) -----------------------------
RUNWAY_WORDS = {"under_6": "less than six months", "six_to_12": "six to twelve months"}


@REGISTRY.detail
def financial_facts(traits: Any, answers: Answers) -> dict:
    def shown(value: Any) -> str:
        return "unknown" if value is None else f"{value:g}"

    return {
        "growth": shown(answers.get("fin_revenue_growth")),
        "margin": shown(answers.get("fin_operating_margin")),
        "runway": RUNWAY_WORDS.get(answers.get("fin_cash_runway"), "a short time"),
    }


BINDING_TERMS = {
    ("nw_partner_exclusivity", "open_ended"): "exclusivity with no end date and no targets",
    ("nw_partner_territory", "yes"): "a ban on selling on your own in some markets",
    (
        "nw_partner_production_rights",
        "unconditional",
    ): "the partner's right to make your product whenever it chooses",
    ("nw_partner_exit", "locked"): "no review or exit for years",
}


@REGISTRY.detail
def binding_partner_terms(traits: Any, answers: Answers) -> dict:
    """The binding terms, and what the OEM and dependence findings would have said of the same
    partner (they leave it to this one): its brand hides the firm, its share of revenue."""
    terms = [words for (qid, value), words in BINDING_TERMS.items() if answers.get(qid) == value]
    share = answers.get("nw_partner_revenue_share")
    if traits.get("partner_brand_dependence") == YES:
        terms.append(f"sales under the partner's brand only, with {share:g}% of revenue through it")
    position = []
    if traits.get("oem_with_binding_partner") == YES:
        position.append("End customers see its brand, not yours, so you learn their needs second-hand.")
    if traits.get("partner_share_in_terms") == YES and traits.get("partner_brand_dependence") != YES:
        position.append(f"{share:g}% of your revenue comes through it.")
    return {"binding_terms": "; ".join(terms), "partner_position": "".join(f" {p}" for p in position)}


@REGISTRY.detail
def settled_signs(traits: Any, answers: Answers) -> dict:
    signs = []
    if traits.get("model_unchanged_long") == YES:
        years = answers.get("bm_years_since_change")
        signs.append(
            "your business model has not changed "
            + (f"for {years:g} years" if years is not None else "since you started")
        )
    if traits.get("low_exploration") == YES:
        signs.append(f"{answers.get('cap_exploration_share'):g}% of working time goes to new things")
    return {"settled_signs": " and ".join(signs) or "you have settled in the role"}


# The situations in which Johansson & Abrahamsson's cases needed more than a step, with the case.
LEAP_SITUATIONS = (
    (
        ("price_competition", "lookalike_competitors"),
        "competitors with the same model compete on price, where Toontrack's 'constant, albeit rather "
        "incremental, innovations' did not let it leap-frog them",
    ),
    (
        ("fast_growth", "loss_making"),
        "you grow without capturing value, where Seamless moved to a model 'opposite from the first one'",
    ),
    (
        ("sub_supplier_position", "exchangeable"),
        "you supply from low in the value chain and could be replaced, where Seamless, 'dependent as "
        "well as exchangeable', built a new, third business model",
    ),
)


@REGISTRY.detail
def leap_situations(traits: Any, answers: Answers) -> dict:
    found = [words for names, words in LEAP_SITUATIONS if all(traits.get(n) == YES for n in names)]
    return {"leap_situations": "; ".join(found)}


# ---- capabilities asked through practice (Johansson & Abrahamsson 2014, P3) -------------------------
# What the firm does decides; the 1-5 self-rating counts only when the practice questions are
# unanswered. No order among the three: the paper finds them used 'idiosyncratically'.
SCANNING = {"customer_needs", "competitors", "technology", "leadership_review"}


def _practice_or_rating(practice: str, rating: Any, strong: bool, t: Any) -> str:
    if practice != UNKNOWN:
        return practice
    if rating is None:
        return UNKNOWN
    return _yes_if(rating >= t.high if strong else rating <= t.low)


def _scan_count(a: Answers) -> int | None:
    chosen = a.get("cap_scan_practices")
    return None if chosen is None else len(SCANNING & set(chosen))


@REGISTRY.trait(
    "Scans customers, competitors and technology as a regular practice", ["cap_scan_practices", "cap_sensing"]
)
def sensing_strong(a: Answers, t: Any) -> str:
    count = _scan_count(a)
    practice = UNKNOWN if count is None else _yes_if(count >= t.strong_practice_count)
    return _practice_or_rating(practice, a.get("cap_sensing"), True, t)


@REGISTRY.trait("Spots new opportunities rarely or by chance", ["cap_scan_practices", "cap_sensing"])
def sensing_weak(a: Answers, t: Any) -> str:
    count = _scan_count(a)
    practice = UNKNOWN if count is None else _yes_if(count <= t.weak_practice_count)
    return _practice_or_rating(practice, a.get("cap_sensing"), False, t)


def _acting(a: Answers, t: Any) -> str | None:
    """quick, slow, or None: from how long acting takes and how long ago something new launched."""
    pace, months = a.get("cap_time_to_act"), a.get("cap_last_launch_months")
    if pace == "year_plus" or (months is not None and months >= t.stale_launch_months):
        return "slow"
    if pace in ("weeks", "months") and months is not None and months < t.stale_launch_months:
        return "quick"
    return None


@REGISTRY.trait(
    "Assembles people and money quickly, and has launched something new recently",
    ["cap_time_to_act", "cap_last_launch_months", "cap_entrepreneurial"],
)
def entrepreneurial_strong(a: Answers, t: Any) -> str:
    acting = _acting(a, t)
    practice = UNKNOWN if acting is None else _yes_if(acting == "quick")
    return _practice_or_rating(practice, a.get("cap_entrepreneurial"), True, t)


@REGISTRY.trait(
    "Acts on opportunities slowly: a year or more to act, or nothing new for years",
    ["cap_time_to_act", "cap_last_launch_months", "cap_entrepreneurial"],
)
def entrepreneurial_weak(a: Answers, t: Any) -> str:
    acting = _acting(a, t)
    practice = UNKNOWN if acting is None else _yes_if(acting == "slow")
    return _practice_or_rating(practice, a.get("cap_entrepreneurial"), False, t)


GAINS = {"legitimacy", "knowledge", "market_access"}


def _gain_count(a: Answers) -> int | None:
    chosen = a.get("cap_partner_gains")
    return None if chosen is None else len(GAINS & set(chosen))


@REGISTRY.trait(
    "Relationships have brought credibility, knowledge or markets", ["cap_partner_gains", "cap_relational"]
)
def relational_strong(a: Answers, t: Any) -> str:
    count = _gain_count(a)
    practice = UNKNOWN if count is None else _yes_if(count >= t.strong_gain_count)
    return _practice_or_rating(practice, a.get("cap_relational"), True, t)


@REGISTRY.trait(
    "Relationships have brought no credibility, knowledge or markets lately",
    ["cap_partner_gains", "cap_relational"],
)
def relational_weak(a: Answers, t: Any) -> str:
    count = _gain_count(a)
    practice = UNKNOWN if count is None else _yes_if(count == 0)
    return _practice_or_rating(practice, a.get("cap_relational"), False, t)
