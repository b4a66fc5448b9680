"""The interpretation layer: answers in, traits out. Every threshold of the rule base lives here.

A trait is "yes", "no", "unknown" (the answers needed are missing or "don't know") or "na" (the
questions do not apply). "Don't know" and "not applicable" never become "no": a rule can then
stay silent, or fire tentatively, but never conclude from a missing answer.
"""

from __future__ import annotations

from advisor.core.rulekit import NA, NO, UNKNOWN, YES, Answers, Trait, for_scope, trait

# ---- thresholds (the only numbers the rule base uses) --------------------------------------
HIGH = 4  # on a 1-5 scale, 4 or 5 counts as high
LOW = 2  # on a 1-5 scale, 1 or 2 counts as low
DOMINANT_PARTNER_SHARE = 40  # % of revenue from one customer or partner that makes it dominant
MAIN_CHANNEL_SHARE = 50  # % of sales through distributors that makes them the main channel
YEARS_WITHOUT_CHANGE = 5  # years without a business-model change that signal inertia
LOW_EXPLORATION = 10  # % of time and money on new things at or below which exploration is low
HEAVY_EXPLORATION = 60  # % at or above which exploration crowds out the core
MANY_INITIATIVES = 4  # parallel new initiatives that stretch a small firm
PARALLEL_MODELS = 2  # business models run side by side
MODEL_STRAIN_SHARE = 50  # % of people and money in not-yet-paying models that strains the firm


def yes_if(condition: bool | None) -> str:
    if condition is None:
        return UNKNOWN
    return YES if condition else NO


def choice_in(a: Answers, qid: str, values: set[str]) -> str:
    value = a.get(qid)
    return UNKNOWN if value is None else yes_if(value in values)


def scale_at_least(a: Answers, qid: str, threshold: int) -> str:
    value = a.get(qid)
    return UNKNOWN if value is None else yes_if(value >= threshold)


def scale_at_most(a: Answers, qid: str, threshold: int) -> str:
    value = a.get(qid)
    return UNKNOWN if value is None else yes_if(value <= threshold)


def picked(a: Answers, qid: str, values: set[str]) -> str:
    chosen = a.get(qid)
    return UNKNOWN if chosen is None else yes_if(bool(values & set(chosen)))


def any_yes(*states: str) -> str:
    """Yes if any input is yes; no only if all are no; otherwise unknown."""
    if YES in states:
        return YES
    return NO if all(s in (NO, NA) for s in states) else UNKNOWN


def all_yes(*states: str) -> str:
    if NO in states or NA in states:
        return NO
    return YES if all(s == YES for s in states) else UNKNOWN


# ---- stage and network (Johansson & Abrahamsson 2014) ---------------------------------------
@trait(
    "early_stage",
    "The firm is still breaking into or expanding across markets",
    ["bg_growth_stage"],
)
def early_stage(a: Answers) -> str:
    return choice_in(a, "bg_growth_stage", {"breaking_out", "scaling"})


@trait("mature_niche", "The firm defends a position in an established niche", ["bg_growth_stage"])
def mature_niche(a: Answers) -> str:
    return choice_in(a, "bg_growth_stage", {"mature_niche"})


@trait("large_partner", "Has an agreement with a much larger firm", ["nw_large_partner"])
def large_partner(a: Answers) -> str:
    return choice_in(a, "nw_large_partner", {"yes"})


@trait(
    "partner_lowers_customer_risk",
    "The large partner lends credibility or lowers customers' risk of buying from a small firm",
    ["nw_large_partner", "nw_large_partner_benefits"],
)
def partner_lowers_customer_risk(a: Answers) -> str:
    if a.get("nw_large_partner") == "no":
        return NA
    return picked(a, "nw_large_partner_benefits", {"legitimacy", "risk_reduction"})


@trait(
    "partner_gives_reach",
    "The large partner's channels reach customers the firm could not",
    ["nw_large_partner", "nw_large_partner_benefits"],
)
def partner_gives_reach(a: Answers) -> str:
    if a.get("nw_large_partner") == "no":
        return NA
    return picked(a, "nw_large_partner_benefits", {"distribution_reach"})


@trait(
    "partner_opens_markets",
    "The large partner brings reach, credibility or lower risk for customers",
    ["nw_large_partner", "nw_large_partner_benefits"],
)
def partner_opens_markets(a: Answers) -> str:
    return any_yes(partner_gives_reach.derive(a), partner_lowers_customer_risk.derive(a))


@trait("serves_large_customers", "Main customers include large multinationals", ["nw_customer_types"])
def serves_large_customers(a: Answers) -> str:
    return picked(a, "nw_customer_types", {"large_multinationals"})


@trait(
    "one_partner_dominates",
    f"One customer or partner carries {DOMINANT_PARTNER_SHARE}% or more of revenue",
    ["nw_largest_partner_share"],
)
def one_partner_dominates(a: Answers) -> str:
    return scale_at_least(a, "nw_largest_partner_share", DOMINANT_PARTNER_SHARE)


@trait(
    "partners_commit_nothing",
    "Partners and customers earn from the business but invest nothing in it",
    ["nw_partner_commitment"],
)
def partners_commit_nothing(a: Answers) -> str:
    return choice_in(a, "nw_partner_commitment", {"nothing"})


@trait(
    "revenue_share_model",
    "Charges a share of partners' or customers' revenue",
    ["bm_revenue_models"],
)
def revenue_share_model(a: Answers) -> str:
    return picked(a, "bm_revenue_models", {"revenue_share"})


@trait(
    "distributors_main_channel",
    f"Distributors or resellers carry {MAIN_CHANNEL_SHARE}% or more of sales",
    ["nw_uses_distributors", "nw_distributor_sales_share"],
)
def distributors_main_channel(a: Answers) -> str:
    if a.get("nw_uses_distributors") == "no":
        return NO
    return scale_at_least(a, "nw_distributor_sales_share", MAIN_CHANNEL_SHARE)


@trait(
    "weak_distributor_control",
    "Little control over how distributors price, present and push the product",
    ["nw_uses_distributors", "nw_distributor_control"],
)
def weak_distributor_control(a: Answers) -> str:
    if a.get("nw_uses_distributors") == "no":
        return NA
    return scale_at_most(a, "nw_distributor_control", LOW)


@trait(
    "little_end_customer_contact",
    "Hears from end users mostly through others",
    ["nw_end_customer_contact"],
)
def little_end_customer_contact(a: Answers) -> str:
    return scale_at_most(a, "nw_end_customer_contact", LOW)


@trait("price_competition", "Competes mainly on price", ["nw_competition_basis"])
def price_competition(a: Answers) -> str:
    return choice_in(a, "nw_competition_basis", {"price"})


@trait(
    "lookalike_competitors",
    "Main competitors use largely the same business model",
    ["nw_competitors_same_model"],
)
def lookalike_competitors(a: Answers) -> str:
    return choice_in(a, "nw_competitors_same_model", {"yes"})


# ---- business model ---------------------------------------------------------------------
@trait(
    "invisible_sub_supplier",
    "Sells as a part inside another firm's product or under its brand (OEM / white label)",
    ["bm_value_chain_position", "bm_brand_visibility"],
)
def invisible_sub_supplier(a: Answers) -> str:
    return any_yes(
        choice_in(a, "bm_value_chain_position", {"component_inside_partner_product"}),
        choice_in(a, "bm_brand_visibility", {"white_label"}),
    )


@trait(
    "sub_supplier_position",
    "Sits low in the value chain, as a part or a supplier to larger vendors",
    ["bm_value_chain_position"],
)
def sub_supplier_position(a: Answers) -> str:
    return choice_in(
        a,
        "bm_value_chain_position",
        {"component_inside_partner_product", "supplier_to_system_vendors"},
    )


@trait(
    "top_of_value_chain",
    "Faces the end customer directly, under its own brand",
    ["bm_value_chain_position", "bm_brand_visibility"],
)
def top_of_value_chain(a: Answers) -> str:
    return all_yes(
        choice_in(a, "bm_value_chain_position", {"direct_to_end_customer"}),
        choice_in(a, "bm_brand_visibility", {"own_brand"}),
    )


@trait(
    "has_lock_in",
    "Customers have reasons to stay (switching costs, network effects, long lifecycles, references)",
    ["bm_lock_in_mechanisms"],
)
def has_lock_in(a: Answers) -> str:
    return picked(
        a,
        "bm_lock_in_mechanisms",
        {"switching_costs", "network_effects", "long_product_lifecycles", "reference_users"},
    )


@trait(
    "close_customer_understanding",
    "Knows key customers' needs and future plans well",
    ["bm_customer_understanding"],
)
def close_customer_understanding(a: Answers) -> str:
    return scale_at_least(a, "bm_customer_understanding", HIGH)


@trait(
    "weak_customer_understanding",
    "Mostly guesses key customers' needs and plans",
    ["bm_customer_understanding"],
)
def weak_customer_understanding(a: Answers) -> str:
    return scale_at_most(a, "bm_customer_understanding", LOW)


@trait(
    "easily_replaced",
    "The main customer or partner could replace the firm easily",
    ["bm_exchangeability"],
)
def easily_replaced(a: Answers) -> str:
    return scale_at_least(a, "bm_exchangeability", HIGH)


@trait(
    "technology_maturing",
    "The underlying technology is maturing or mature",
    ["bm_technology_maturity"],
)
def technology_maturing(a: Answers) -> str:
    return choice_in(a, "bm_technology_maturity", {"maturing", "mature"})


@trait(
    "parallel_models",
    f"Runs {PARALLEL_MODELS} or more business models side by side",
    ["bm_parallel_models"],
)
def parallel_models(a: Answers) -> str:
    return scale_at_least(a, "bm_parallel_models", PARALLEL_MODELS)


@trait(
    "model_unchanged_long",
    f"The business model has not changed significantly for {YEARS_WITHOUT_CHANGE} years or more",
    ["bm_changed", "bm_years_since_change", "bg_growth_stage"],
)
def model_unchanged_long(a: Answers) -> str:
    if a.get("bm_changed") == "yes":
        return scale_at_least(a, "bm_years_since_change", YEARS_WITHOUT_CHANGE)
    if a.get("bm_changed") == "no":
        # Never changed is a sign of inertia only once the firm is past its first market entry.
        return choice_in(a, "bg_growth_stage", {"scaling", "mature_niche"})
    return UNKNOWN


# ---- capabilities and balance (P3, P4) ---------------------------------------------------------
@trait("sensing_strong", "Scans customers, competitors and technology continuously", ["cap_sensing"])
def sensing_strong(a: Answers) -> str:
    return scale_at_least(a, "cap_sensing", HIGH)


@trait("sensing_weak", "Spots new opportunities rarely or by chance", ["cap_sensing"])
def sensing_weak(a: Answers) -> str:
    return scale_at_most(a, "cap_sensing", LOW)


@trait(
    "entrepreneurial_strong",
    "Assembles people, money and partners quickly to act on opportunities",
    ["cap_entrepreneurial"],
)
def entrepreneurial_strong(a: Answers) -> str:
    return scale_at_least(a, "cap_entrepreneurial", HIGH)


@trait("entrepreneurial_weak", "Acts on opportunities slowly, if at all", ["cap_entrepreneurial"])
def entrepreneurial_weak(a: Answers) -> str:
    return scale_at_most(a, "cap_entrepreneurial", LOW)


@trait(
    "relational_strong",
    "Uses partners, customers and competitors well to learn and reach markets",
    ["cap_relational"],
)
def relational_strong(a: Answers) -> str:
    return scale_at_least(a, "cap_relational", HIGH)


@trait("relational_weak", "Hardly uses relationships to learn or reach markets", ["cap_relational"])
def relational_weak(a: Answers) -> str:
    return scale_at_most(a, "cap_relational", LOW)


@trait(
    "habits_block_change",
    "Habits strongly hold back business-model change",
    ["cap_mental_barriers"],
)
def habits_block_change(a: Answers) -> str:
    return scale_at_least(a, "cap_mental_barriers", HIGH)


@trait("waits_for_change", "Waits until change is forced on the firm", ["cap_act_or_react"])
def waits_for_change(a: Answers) -> str:
    return choice_in(a, "cap_act_or_react", {"wait"})


@trait(
    "low_exploration",
    f"{LOW_EXPLORATION}% or less of time and money goes to new products, markets or models",
    ["cap_exploration_share"],
)
def low_exploration(a: Answers) -> str:
    return scale_at_most(a, "cap_exploration_share", LOW_EXPLORATION)


@trait(
    "heavy_exploration",
    f"{HEAVY_EXPLORATION}% or more of effort, or {MANY_INITIATIVES}+ initiatives, go to new things",
    ["cap_exploration_share", "cap_new_initiatives"],
)
def heavy_exploration(a: Answers) -> str:
    return any_yes(
        scale_at_least(a, "cap_exploration_share", HEAVY_EXPLORATION),
        scale_at_least(a, "cap_new_initiatives", MANY_INITIATIVES),
    )


@trait(
    "moderate_exploration",
    "A moderate share of effort goes to new things, and at least one initiative runs",
    ["cap_exploration_share"],
)
def moderate_exploration(a: Answers) -> str:
    share = a.get("cap_exploration_share")
    return UNKNOWN if share is None else yes_if(LOW_EXPLORATION < share < HEAVY_EXPLORATION)


@trait(
    "efficient_core",
    "The core business is efficient and clearly profitable",
    ["cap_core_efficiency"],
)
def efficient_core(a: Answers) -> str:
    return scale_at_least(a, "cap_core_efficiency", HIGH)


@trait("weak_core", "The core business is loss-making or inefficient", ["cap_core_efficiency"])
def weak_core(a: Answers) -> str:
    return scale_at_most(a, "cap_core_efficiency", LOW)


@trait(
    "market_not_ready",
    "Many customers are not ready for the newest way of selling or delivering",
    ["cap_market_readiness"],
)
def market_not_ready(a: Answers) -> str:
    return choice_in(a, "cap_market_readiness", {"adjusting", "not_ready"})


@trait(
    "forcing_fast_switch",
    "Phases the old way out quickly although customers are not ready",
    ["cap_market_readiness", "cap_change_pace"],
)
def forcing_fast_switch(a: Answers) -> str:
    if a.get("cap_market_readiness") == "ready":
        return NA
    return choice_in(a, "cap_change_pace", {"fast_switch"})


@trait(
    "paced_switch",
    "Moves customers to the new way gradually, keeping the old way available",
    ["cap_market_readiness", "cap_change_pace"],
)
def paced_switch(a: Answers) -> str:
    if a.get("cap_market_readiness") == "ready":
        return NA
    return choice_in(a, "cap_change_pace", {"gradual"})


# ---- outcome-based deals (Sjödin et al. 2020) -------------------------------------------------
COMPLETE, WEAKENED, ABSENT = "complete", "weakened", "absent"
THEME_STATES = (COMPLETE, WEAKENED, ABSENT)
OUTCOME_DEAL = {"offering", "planning"}
PHASE_REACHED = {
    1: {"defining", "designing", "delivering"},
    2: {"designing", "delivering"},
    3: {"delivering"},
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


ALIGNED, GAP, MISALIGNED = "aligned", "gap", "misaligned"


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
    return [
        qid
        for theme in ("creation", "capture")
        for qid in ACTIVITIES[phase][theme]
        if activity_achieved(a, qid) is False
    ]


def _theme_trait(phase: int, theme: str) -> Trait:
    words = "creating value" if theme == "creation" else "capturing value"
    return Trait(
        name=f"p{phase}_{theme}_theme",
        label=f"Phase {phase}: the activities for {words}",
        uses=("ob_offers", "ob_furthest_phase", *ACTIVITIES[phase][theme]),
        derive=lambda a, p=phase, t=theme: theme_state(a, p, t),
        states=(*THEME_STATES, UNKNOWN, NA),
    )


def _phase_trait(phase: int) -> Trait:
    return Trait(
        name=f"phase{phase}_alignment",
        label=f"Phase {phase}: value creation and value capture aligned",
        uses=(
            "ob_offers",
            "ob_furthest_phase",
            *ACTIVITIES[phase]["creation"],
            *ACTIVITIES[phase]["capture"],
        ),
        derive=lambda a, p=phase: phase_alignment(a, p),
        states=(ALIGNED, GAP, MISALIGNED, UNKNOWN, NA),
    )


THEME_TRAITS = [_theme_trait(p, t) for p in (1, 2, 3) for t in ("creation", "capture")]
PHASE_TRAITS = [_phase_trait(p) for p in (1, 2, 3)]
ALL_ACTIVITIES = [q for p in (1, 2, 3) for t in ("creation", "capture") for q in ACTIVITIES[p][t]]


@trait(
    "moved_on_while_misaligned",
    "The deal moved to a later phase although an earlier phase was misaligned",
    ["ob_offers", "ob_furthest_phase", *ALL_ACTIVITIES],
)
def moved_on_while_misaligned(a: Answers) -> str:
    states = [phase_alignment(a, p) for p in (1, 2)]
    reached_next = [a.get("ob_furthest_phase") in PHASE_REACHED[p + 1] for p in (1, 2)]
    if any(s == MISALIGNED and r for s, r in zip(states, reached_next, strict=True)):
        return YES
    if a.get("ob_offers") == "no":
        return NA
    return UNKNOWN if UNKNOWN in states else NO


@trait(
    "alignment_gap",
    "A reached phase has one theme only partly done",
    ["ob_offers", "ob_furthest_phase", *ALL_ACTIVITIES],
)
def alignment_gap(a: Answers) -> str:
    states = [phase_alignment(a, p) for p in (1, 2, 3)]
    if GAP in states:
        return YES
    if a.get("ob_offers") == "no":
        return NA
    return UNKNOWN if UNKNOWN in states else NO


@trait(
    "all_reached_phases_aligned",
    "Every phase the deal has reached has its value creation and capture aligned",
    ["ob_offers", "ob_furthest_phase", *ALL_ACTIVITIES],
)
def all_reached_phases_aligned(a: Answers) -> str:
    if a.get("ob_offers") == "no":
        return NA
    states = [phase_alignment(a, p) for p in (1, 2, 3)]
    if MISALIGNED in states:
        return NO
    if UNKNOWN in states or a.get("ob_furthest_phase") is None:
        return UNKNOWN
    return YES


@trait(
    "customer_stakeholders_not_committed",
    "Key customer stakeholders (top management, purchasing) are not on board",
    ["ob_top_management_support", "ob_procurement_early"],
)
def customer_stakeholders_not_committed(a: Answers) -> str:
    return any_yes(
        choice_in(a, "ob_top_management_support", {"no"}),
        choice_in(a, "ob_procurement_early", {"no"}),
    )


@trait("outcome_deal", "Offers or plans outcome-based deals", ["ob_offers"])
def outcome_deal(a: Answers) -> str:
    return choice_in(a, "ob_offers", OUTCOME_DEAL)


@trait("passed_phase_1", "The deal has moved beyond phase 1", ["ob_offers", "ob_furthest_phase"])
def passed_phase_1(a: Answers) -> str:
    if a.get("ob_offers") == "no":
        return NA
    return choice_in(a, "ob_furthest_phase", PHASE_REACHED[2])


@trait(
    "passed_phase_2",
    "The contract has been signed (phase 3 reached)",
    ["ob_offers", "ob_furthest_phase"],
)
def passed_phase_2(a: Answers) -> str:
    if a.get("ob_offers") == "no":
        return NA
    return choice_in(a, "ob_furthest_phase", PHASE_REACHED[3])


@trait("complex_kpis", "The deal's indicators are many or complex", ["ob_kpi_style"])
def complex_kpis(a: Answers) -> str:
    return choice_in(a, "ob_kpi_style", {"many_complex"})


@trait("no_gain_pain_sharing", "Risk and revenue are not shared", ["ob_risk_revenue_sharing"])
def no_gain_pain_sharing(a: Answers) -> str:
    return choice_in(a, "ob_risk_revenue_sharing", {"no"})


@trait("low_trust", "Little trust between provider and customer", ["ob_trust"])
def low_trust(a: Answers) -> str:
    return scale_at_most(a, "ob_trust", LOW)


@trait(
    "revenue_logic_threatened",
    "The provider earns from hours, parts or products and sees the outcome deal as a threat",
    ["ob_current_revenue_logic", "ob_revenue_logic_resistance"],
)
def revenue_logic_threatened(a: Answers) -> str:
    return all_yes(
        choice_in(a, "ob_current_revenue_logic", {"hours_or_parts", "product_sales"}),
        choice_in(a, "ob_revenue_logic_resistance", {"yes"}),
    )


# ---- collaborations (Holm & Kringelum 2022), one subject per collaboration -----------------
COLLAB = "collaborations"
CLUSTER, NETWORK, ECOSYSTEM = "cluster", "network", "ecosystem"


def collaboration_type(a: Answers) -> str:
    """Figure 1: clusters are loosely connected; networks connect members through exchange;
    ecosystems add the co-creation of a joint value proposition to a close connection."""
    connection, co_creation = a.get("co_connection"), a.get("co_co_creation")
    if connection is None:
        return UNKNOWN
    if connection <= LOW:
        return CLUSTER
    if connection >= HIGH:
        if co_creation is None:
            return UNKNOWN
        return ECOSYSTEM if co_creation >= HIGH else NETWORK
    return NETWORK


@trait(
    "collaboration_type",
    "What the collaboration is, judged by connection and co-creation",
    ["co_connection", "co_co_creation"],
    scope=COLLAB,
    states=(CLUSTER, NETWORK, ECOSYSTEM),
)
def collaboration_type_trait(a: Answers) -> str:
    return collaboration_type(a)


RANK = {CLUSTER: 1, NETWORK: 2, ECOSYSTEM: 3}


@trait(
    "label_overstates_ties",
    "The firm calls it something closer-knit than its ties show",
    ["co_self_label", "co_connection", "co_co_creation"],
    scope=COLLAB,
)
def label_overstates_ties(a: Answers) -> str:
    label, kind = a.get("co_self_label"), collaboration_type(a)
    if label is None or kind == UNKNOWN:
        return UNKNOWN
    return yes_if(label in RANK and RANK[label] > RANK[kind])


@trait(
    "time_exceeds_value",
    "Gives more time than it gets value back",
    ["co_time_vs_value"],
    scope=COLLAB,
)
def time_exceeds_value(a: Answers) -> str:
    return choice_in(a, "co_time_vs_value", {"less_value"})


@trait(
    "collaboration_inertia",
    "The collaboration's routines make change harder",
    ["co_inertia"],
    scope=COLLAB,
)
def collaboration_inertia(a: Answers) -> str:
    return choice_in(a, "co_inertia", {"yes"})


@trait(
    "heavy_exposure",
    "Much of the firm's own business model is exposed to members",
    ["co_exposure"],
    scope=COLLAB,
)
def heavy_exposure(a: Answers) -> str:
    return scale_at_least(a, "co_exposure", HIGH)


@trait(
    "small_capture",
    "Keeps little of the value created together",
    ["co_capture_share"],
    scope=COLLAB,
)
def small_capture(a: Answers) -> str:
    return scale_at_most(a, "co_capture_share", LOW)


@trait("high_dependence", "The offer depends heavily on other members", ["co_dependence"], scope=COLLAB)
def high_dependence(a: Answers) -> str:
    return scale_at_least(a, "co_dependence", HIGH)


@trait(
    "not_all_prioritise",
    "Not every key member gives it priority",
    ["co_all_prioritise"],
    scope=COLLAB,
)
def not_all_prioritise(a: Answers) -> str:
    return choice_in(a, "co_all_prioritise", {"no"})


@trait(
    "expectations_misaligned",
    "Members expect quite different things from it",
    ["co_expectations_aligned"],
    scope=COLLAB,
)
def expectations_misaligned(a: Answers) -> str:
    return scale_at_most(a, "co_expectations_aligned", LOW)


@trait(
    "narrow_attention",
    "Works on the material side only, not the social and cultural sides",
    ["co_attributes"],
    scope=COLLAB,
)
def narrow_attention(a: Answers) -> str:
    chosen = a.get("co_attributes")
    return UNKNOWN if chosen is None else yes_if(not {"social", "cultural"} <= set(chosen))


@trait(
    "no_coordinator",
    "Nobody coordinates the collaboration",
    ["co_coordinator_present"],
    scope=COLLAB,
)
def no_coordinator(a: Answers) -> str:
    return choice_in(a, "co_coordinator_present", {"no"})


@trait("leads_collaboration", "The firm is the broker or orchestrator", ["co_role"], scope=COLLAB)
def leads_collaboration(a: Answers) -> str:
    return choice_in(a, "co_role", {"broker", "orchestrator"})


# ---- two-sided view of one outcome-based relationship (Sjödin et al. 2020 interviewed both sides) --
COUNTERPART = "counterpart"
MIN_COMPARED = 4  # activities both sides must have answered before "they agree" means anything


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


@trait(
    "views_diverge",
    "The two sides disagree on whether some activities were done",
    ALL_ACTIVITIES,
    scope=COUNTERPART,
)
def views_diverge(a: Answers) -> str:
    compared = compared_activities(a)
    if not compared:
        return UNKNOWN
    return yes_if(bool(diverging_activities(a)))


@trait(
    "views_agree_broadly",
    f"Both sides answered at least {MIN_COMPARED} activities and agree on every one",
    ALL_ACTIVITIES,
    scope=COUNTERPART,
)
def views_agree_broadly(a: Answers) -> str:
    compared = compared_activities(a)
    if len(compared) < MIN_COMPARED:
        return UNKNOWN
    return yes_if(not diverging_activities(a))


# ---- several business models of one firm (Johansson & Abrahamsson 2014: Seamless 2012) --------
MODELS = "business_models"
# Each model answers its own twin of these firm-level questions; the same trait logic reads them.
MODEL_TWINS = {
    "bm_value_chain_position": "bmx_value_chain_position",
    "bm_brand_visibility": "bmx_brand_visibility",
    "bm_revenue_models": "bmx_revenue_models",
    "bm_lock_in_mechanisms": "bmx_lock_in_mechanisms",
    "nw_partner_commitment": "bmx_partner_commitment",
}
PER_MODEL = [
    invisible_sub_supplier,
    sub_supplier_position,
    top_of_value_chain,
    has_lock_in,
    partners_commit_nothing,
    revenue_share_model,
    # read from the firm-level answers, since they describe the market, not one model
    technology_maturing,
    easily_replaced,
    price_competition,
]
MODEL_TRAITS = [for_scope(t, MODELS, MODEL_TWINS) for t in PER_MODEL]


def _roles(a: Answers) -> list[str | None]:
    return [m.get("bmx_role") for m in a.items(MODELS)]


@trait(
    "portfolio_without_exploration",
    "Two or more business models, and every one of them only earns today",
    ["bmx_role"],
)
def portfolio_without_exploration(a: Answers) -> str:
    roles = _roles(a)
    if len(roles) < PARALLEL_MODELS or "invest_for_later" in roles:
        return NO if roles else UNKNOWN
    return UNKNOWN if None in roles else YES


@trait(
    "portfolio_without_paying_core",
    "No business model is the one that earns the money today",
    ["bmx_role"],
)
def portfolio_without_paying_core(a: Answers) -> str:
    roles = _roles(a)
    if not roles:
        return UNKNOWN
    if "earn_now" in roles:
        return NO
    return UNKNOWN if None in roles else YES


@trait(
    "models_cannibalise",
    "One business model takes customers or sales from another",
    ["bmx_cannibalises"],
)
def models_cannibalise(a: Answers) -> str:
    return (
        any_yes(*(choice_in(m, "bmx_cannibalises", {"yes"}) for m in a.items(MODELS)))
        if a.items(MODELS)
        else UNKNOWN
    )


@trait(
    "new_models_absorb_resources",
    f"Models not yet paying their way take {MODEL_STRAIN_SHARE}% or more of people and money",
    ["bmx_role", "bmx_resource_share"],
)
def new_models_absorb_resources(a: Answers) -> str:
    new = [m for m in a.items(MODELS) if m.get("bmx_role") == "invest_for_later"]
    if not new:
        return NO if a.items(MODELS) and None not in _roles(a) else UNKNOWN
    shares = [m.get("bmx_resource_share") for m in new]
    known = sum(s for s in shares if s is not None)
    if known >= MODEL_STRAIN_SHARE:
        return YES
    return UNKNOWN if None in shares else NO


@trait(
    "balanced_model_portfolio",
    "Some business models earn today while others are investments for later, without strain",
    ["bmx_role", "bmx_resource_share"],
)
def balanced_model_portfolio(a: Answers) -> str:
    roles = _roles(a)
    if len(roles) < PARALLEL_MODELS:
        return NO if roles else UNKNOWN
    if not {"earn_now", "invest_for_later"} <= set(roles):
        return UNKNOWN if None in roles else NO
    strain = new_models_absorb_resources.derive(a)
    return NO if strain == YES else YES


def all_traits() -> list[Trait]:
    declared = [v for v in globals().values() if isinstance(v, Trait)]
    return declared + THEME_TRAITS + PHASE_TRAITS + MODEL_TRAITS
