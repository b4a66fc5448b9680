"""Born-global propositions: Johansson & Abrahamsson 2014, P1-P4.

Rules speak only of traits from the interpretation layer. Each docstring has the same headings;
'Fires for' and 'Silent for' name teaching cases in examples/ and are checked by the tests.
"""

from __future__ import annotations

from dataclasses import replace

from advisor.core.rulekit import NO, YES, Kind, Severity, is_, maybe, move, rule
from rules.interpretation import MODELS

FW = "born_global"


# ---- P1: partnering with large actors ------------------------------------------------------------
@rule(
    "BG-01",
    title="A large partner is opening international markets for you",
    kind=Kind.STRENGTH,
    severity=Severity.MEDIUM,
    proposition="JA14-P1",
    framework=FW,
    when={"early_stage": is_(YES), "large_partner": is_(YES), "partner_opens_markets": is_(YES)},
    summary=(
        "You are still breaking into international markets and a much larger firm gives you reach, "
        "credibility or lower risk for customers. This is how Seamless (Brightpoint), Xelerated "
        "(Infineon) and Toontrack (a large distributor) broke out."
    ),
    moves=[
        move(
            "renew_partnering",
            "Review the partnership each year against where you want to be in the value chain.",
            "The paper stresses a *dynamic* use of the business model: the partner deal that lets "
            "you break out is rarely the one that lets you grow.",
        ),
    ],
)
def large_partner_opens_markets(traits, answers):
    """When it fires: an early-stage firm has an agreement with a much larger firm that brings
    reach, credibility or lower perceived risk for its customers.
    Why (source): Johansson & Abrahamsson 2014, P1 - early-stage born globals can use partnering
    agreements with large actors to break out on international markets.
    Known limits: says nothing about the terms of the deal; see LK-04 and LK-06 for its downside.
    Fires for: seamless-2001 xelerated-2003 toontrack-2005
    Silent for: seamless-2012 toontrack-2012
    """


@rule(
    "BG-02",
    title="Breaking out alone, without a large partner",
    kind=Kind.PROBLEM,
    severity=Severity.MEDIUM,
    proposition="JA14-P1",
    framework=FW,
    when={"early_stage": is_(YES), "large_partner": is_(NO)},
    summary=(
        "You are still winning international customers without a larger firm's channels or name "
        "behind you. All three born globals in the study broke out through a large partner."
    ),
    moves=[
        move(
            "find_large_partner",
            "List three larger firms whose customers need your product; offer one a distribution, "
            "co-selling or licensing deal.",
            "Large partners give reach (Toontrack's distributors), legitimacy (Xelerated's "
            "Infineon) and an existing customer base (Seamless's Brightpoint).",
        ),
        move(
            "lower_customer_risk",
            "Give big customers a fallback, e.g. a second source or production rights held by a "
            "larger firm if you cannot deliver.",
            "Infineon's production rights 'reduced the customer's perceived risk of doing "
            "business with a small firm'.",
        ),
    ],
)
def early_stage_without_large_partner(traits, answers):
    """When it fires: the firm is early-stage and answers that it has no agreement with a much
    larger firm.
    Why (source): Johansson & Abrahamsson 2014, P1 and Discussion ('business models in high-tech
    SMEs do not develop without significant cooperative relationships').
    Known limits: a firm selling online to consumers may break out without one (Toontrack's first
    years); the finding is a prompt, not a verdict.
    Fires for: kitchen-sink
    Silent for: seamless-2001 xelerated-2003
    """


@rule(
    "BG-03",
    title="Your large partner brings reach but not credibility",
    kind=Kind.INSIGHT,
    severity=Severity.LOW,
    proposition="JA14-P1",
    framework=FW,
    when={
        "large_partner": is_(YES),
        "serves_large_customers": is_(YES),
        "partner_lowers_customer_risk": is_(NO),
    },
    summary=(
        "Your customers are large firms, and your large partner is not yet used to make buying "
        "from a small firm feel safe."
    ),
    moves=[
        move(
            "borrow_credibility",
            "Ask the partner for joint sales visits, a public reference or a fallback promise "
            "(production rights, support guarantee).",
            "Xelerated made joint sales trips and benefited from Infineon's credibility in front "
            "of global customers.",
        ),
    ],
)
def partner_reach_without_credibility(traits, answers):
    """When it fires: the firm sells to large multinationals, has a large partner, and that
    partner gives neither legitimacy nor lower risk for customers.
    Why (source): Johansson & Abrahamsson 2014, P1 (Xelerated-Infineon: legitimacy and reduced
    perceived risk).
    Known limits: legitimacy can come from other sources (awards, reference customers).
    Fires for: seamless-2005
    Silent for: xelerated-2003 seamless-2001
    """


# ---- P2: lock-in, both ways --------------------------------------------------------------------
@rule(
    "LK-01",
    title="Customers are locked in, and you know their needs",
    kind=Kind.STRENGTH,
    severity=Severity.MEDIUM,
    proposition="JA14-P2",
    framework=FW,
    when={"has_lock_in": is_(YES), "close_customer_understanding": is_(YES)},
    summary=(
        "Customers have reasons to stay with you and you know their needs and plans: the "
        "combination that let Xelerated and Seamless enter large customers' markets and keep value."
    ),
    moves=[
        move(
            "deepen_lock_in",
            "Use customers' roadmaps to be designed into their next product generation early.",
            "Long product lifecycles and integration make switching costly; being in the next "
            "generation extends that lock-in.",
        ),
    ],
)
def lock_in_with_customer_understanding(traits, answers):
    """When it fires: at least one lock-in mechanism (switching costs, network effects, long
    lifecycles, reference users) and a close understanding of key customers' needs and plans.
    Why (source): Johansson & Abrahamsson 2014, P2 - lock-in strategies together with a close
    understanding of customer needs let born globals enter larger customers' markets and capture
    value.
    Known limits: lock-in cuts both ways; read together with LK-04 and LK-06.
    Fires for: seamless-2005 xelerated-2003
    Silent for: seamless-2001 toontrack-2005
    """


@rule(
    "LK-02",
    title="Customers are locked in, but you do not know where they are heading",
    kind=Kind.PROBLEM,
    severity=Severity.MEDIUM,
    proposition="JA14-P2",
    framework=FW,
    when={"has_lock_in": is_(YES), "weak_customer_understanding": is_(YES)},
    summary=(
        "Customers find it hard to leave you, but you mostly guess their needs. Lock-in without "
        "customer understanding keeps today's revenue but misses tomorrow's demand."
    ),
    moves=[
        move(
            "learn_roadmaps",
            "Set up a yearly roadmap meeting with each key customer.",
            "Seamless and Xelerated foresaw demand through close relationships with large "
            "customers and their future roadmaps.",
        ),
    ],
)
def lock_in_without_customer_understanding(traits, answers):
    """When it fires: a lock-in mechanism is present and understanding of key customers is low.
    Why (source): Johansson & Abrahamsson 2014, P2 ('together with a close understanding of
    customer needs').
    Known limits: self-rated understanding; a founder may over- or under-rate it.
    Fires for: kitchen-sink-balanced
    Silent for: xelerated-2003 seamless-2005
    """


@rule(
    "LK-03",
    title="Nothing keeps customers from switching while you compete on price",
    kind=Kind.PROBLEM,
    severity=Severity.MEDIUM,
    proposition="JA14-P2",
    framework=FW,
    also_for=[MODELS],
    when={"has_lock_in": is_(NO), "price_competition": is_(YES)},
    summary=(
        "Customers could switch easily and deals are won on price: there is little in the business "
        "model to hold on to the value you create."
    ),
    moves=[
        move(
            "build_lock_in",
            "Pick one lock-in you can build: integration into customers' systems, a user community, "
            "or well-known reference users.",
            "Toontrack built lock-in through legitimacy from well-known musicians; Xelerated through "
            "integration and long product lifecycles.",
        ),
    ],
)
def no_lock_in_under_price_pressure(traits, answers):
    """When it fires: the firm names no lock-in mechanism and competes mainly on price.
    Why (source): Johansson & Abrahamsson 2014, P2 and Zott & Amit's lock-in driver.
    Known limits: some markets reward openness; lock-in is one value driver among four.
    Fires for: kitchen-sink
    Silent for: toontrack-2012 xelerated-2003
    """


@rule(
    "LK-04",
    title="Locked in as an invisible sub-supplier (OEM / white label)",
    kind=Kind.PROBLEM,
    severity=Severity.HIGH,
    proposition="JA14-P2",
    framework=FW,
    also_for=[MODELS],
    when={"invisible_sub_supplier": is_(YES)},
    summary=(
        "Your product is sold inside or under a larger firm's brand. That brings reach and high "
        "switching costs, but you stand far from the end customer, are invisible to it, and the "
        "large firm can use the same lock-in to control you."
    ),
    moves=[
        move(
            "reduce_oem_dependence",
            "Keep one route to market under your own name (a second business model, a segment the "
            "partner does not serve) and grow it step by step.",
            "Seamless kept the Ericsson white-label model but built SEQR under its own brand to "
            "avoid being 'dependent as well as exchangeable'.",
        ),
        move(
            "secure_visibility",
            "Negotiate visibility into the partner's customers: joint account plans, co-branding, "
            "or direct support contracts.",
            "Customer contact is what an invisible sub-supplier loses first.",
        ),
    ],
)
def oem_white_label_dependence(traits, answers):
    """When it fires: the firm's product is a part inside another firm's product, or is sold
    under a partner's brand (white label).
    Why (source): Johansson & Abrahamsson 2014, P2 discussion - lock-in is two-sided: 'the large
    customer use lock-in strategies to take control and incorporate the technology into its OEM
    solution'; Seamless 2005-2010 was 'more or less invisible'.
    Known limits: for some firms OEM is a deliberate, profitable choice; read it as a risk to manage.
    Fires for: seamless-2005
    Silent for: seamless-2012 xelerated-2003 toontrack-2005
    """


@rule(
    "LK-05",
    title="Exchangeable as the technology matures",
    kind=Kind.PROBLEM,
    severity=Severity.MEDIUM,
    proposition="JA14-P2",
    framework=FW,
    also_for=[MODELS],
    when={
        "sub_supplier_position": is_(YES),
        "technology_maturing": maybe(YES),
        "easily_replaced": maybe(YES),
    },
    summary=(
        "You supply larger firms from low in the value chain. As the technology matures and "
        "competition turns to price, a sub-supplier becomes easy to replace."
    ),
    moves=[
        move(
            "move_up_value_chain",
            "Plan a move up the value chain before price competition starts: add services, own "
            "the customer interface, or charge for added value.",
            "Seamless took 'the elevator up to the top of the value chain' rather than stay a "
            "sub-supplier exchangeable on price.",
        ),
    ],
)
def exchangeable_as_technology_matures(traits, answers):
    """When it fires: the firm sits as a component or supplier to larger vendors, and the
    technology is maturing and the firm is easy to replace (tentative when those are unknown).
    Why (source): Johansson & Abrahamsson 2014, Seamless 2012: a sub-supplier position 'includes the
    risk of being dependent as well as exchangeable during time when the technology matures and the
    competition is built on price'.
    Known limits: best-of-breed suppliers with emerging technology (Xelerated) are not exposed yet.
    Fires for: seamless-2005
    Silent for: xelerated-2003 seamless-2012
    """


@rule(
    "LK-06",
    title="One partner carries too much of your revenue",
    kind=Kind.PROBLEM,
    severity=Severity.HIGH,
    proposition="JA14-P2",
    framework=FW,
    when={"one_partner_dominates": is_(YES)},
    summary=(
        "A single customer or partner carries a large share of your revenue. Your growth follows "
        "its decisions, and it knows it."
    ),
    moves=[
        move(
            "spread_revenue",
            "Set a target for the largest partner's share and win two customers outside its reach.",
            "The paper's cases manage the asymmetric relationship with large firms through new "
            "business models and customers (Seamless: MTN frame agreement, then SEQR).",
        ),
    ],
)
def one_partner_dependence(traits, answers):
    """When it fires: one customer or partner carries the dominant share of revenue set in the
    interpretation layer.
    Why (source): Johansson & Abrahamsson 2014, P2 discussion and Future research: 'lock in and
    lock out strategies as act of balancing the asymmetric relationship of small and large firms'.
    Known limits: the threshold is a rule of thumb; a long contract may make dependence safe.
    Fires for: kitchen-sink
    Silent for: toontrack-2005 xelerated-2003
    """


@rule(
    "LK-07",
    title="Partners earn from you but commit nothing",
    kind=Kind.PROBLEM,
    severity=Severity.HIGH,
    proposition="JA14-P2",
    framework=FW,
    also_for=[MODELS],
    when={"partners_commit_nothing": is_(YES), "revenue_share_model": maybe(YES)},
    summary=(
        "Partners and customers invest no time, money or people. It made entry easy, but it is "
        "why Seamless grew fast in 2001 without capturing enough value."
    ),
    moves=[
        move(
            "ask_for_commitment",
            "Make the next deals require commitment: an entry fee, minimum volumes, or dedicated "
            "staff on the partner's side.",
            "'We learned the hard way the disadvantages to not have a business model that requires "
            "a firm to commit time and resources or capital investment' (Seamless).",
        ),
        move(
            "move_to_direct_revenue",
            "Sell directly to the firms that gain most (for Seamless: operators and telecom "
            "vendors) so revenue does not depend on passive partners.",
            "Seamless changed its business model to capture 'a higher level of value'.",
        ),
    ],
)
def partners_commit_nothing(traits, answers):
    """When it fires: partners and customers invest nothing in the business (tentatively stronger
    when the firm charges a share of their revenue).
    Why (source): Johansson & Abrahamsson 2014, Seamless 2001 - revenue-share growth 'with no
    significant investments required' left the firm unable to capture value (P2: capture value).
    Known limits: early on, low commitment can be a deliberate way to spread fast.
    Fires for: seamless-2001
    Silent for: seamless-2005 seamless-2012
    """


@rule(
    "LK-08",
    title="Distributors stand between you and your customers",
    kind=Kind.PROBLEM,
    severity=Severity.MEDIUM,
    proposition="JA14-P2",
    framework=FW,
    when={
        "distributors_main_channel": is_(YES),
        "weak_distributor_control": maybe(YES),
        "little_end_customer_contact": maybe(YES),
    },
    summary=(
        "Most sales pass through distributors, with little control and little direct customer "
        "contact. Distributors save marketing costs, but cut margins, control and what you learn "
        "about customers."
    ),
    moves=[
        move(
            "reclaim_customer_contact",
            "Open a direct channel (downloads, direct deals with key stores) in the markets where "
            "distributors perform worst.",
            "Toontrack cancelled distributors in Germany and the US to deal directly with stores "
            "and moved towards direct downloads for more control and customer contact.",
        ),
        move(
            "set_distributor_targets",
            "Agree marketing commitments and sales targets with each distributor, both ways.",
            "Distributors' willingness to market can fade; the risk of losing one if sales targets "
            "are missed cuts both ways.",
        ),
    ],
)
def distributor_dependence(traits, answers):
    """When it fires: distributors carry the main share of sales, and control over them and
    direct contact with end users are low (tentative when unknown).
    Why (source): Johansson & Abrahamsson 2014, Toontrack - distribution agreements bring 'lack of
    control of the product' and 'cut in the firm's value capturing ability'; direct downloads give
    'more avenues for direct contact with the customer' (P2: close customer understanding).
    Known limits: in markets the firm cannot reach alone, distributors remain the better choice.
    Fires for: toontrack-2005
    Silent for: toontrack-2012 seamless-2012
    """


@rule(
    "LK-09",
    title="You own the customer interface at the top of the value chain",
    kind=Kind.STRENGTH,
    severity=Severity.MEDIUM,
    proposition="JA14-VC",
    framework=FW,
    also_for=[MODELS],
    when={"top_of_value_chain": is_(YES)},
    summary=(
        "You face end customers directly under your own brand: you control the relationship and "
        "keep more of the value, as Seamless did with SEQR. Building a brand is costly for a small "
        "firm, so fund it deliberately."
    ),
    moves=[
        move(
            "fund_brand_building",
            "Budget brand building as an investment with milestones, funded by the steadier business models.",
            "'Building an own brand towards end-customer are very costly, especially for a SME' "
            "(Seamless 2012).",
        ),
    ],
)
def top_of_value_chain_position(traits, answers):
    """When it fires: the firm sells directly to end customers under its own brand.
    Why (source): Johansson & Abrahamsson 2014 - born globals use business model innovation to
    'climb the ladders of their value chains'; Seamless SEQR: 'now we are in the penthouse'.
    Known limits: position alone does not guarantee capture; see BX-07 for the cost of running it
    beside other models.
    Fires for: seamless-2012
    Silent for: seamless-2005 toontrack-2005
    """


# ---- P3: sensing, entrepreneurial and relational capabilities -----------------------------------
def _capability_rule(rule_id: str, name: str, trait_name: str, title: str, text: str, example: str):
    @rule(
        rule_id,
        title=title,
        kind=Kind.PROBLEM,
        severity=Severity.MEDIUM,
        proposition="JA14-P3",
        framework=FW,
        when={trait_name: is_(YES)},
        summary=text,
        moves=[move("strengthen", example[0], example[1])],
    )
    def capability_gap(traits, answers):
        """When it fires: the founder rates this capability low (1 or 2 of 5).
        Why (source): Johansson & Abrahamsson 2014, P3 - born globals use sensing, entrepreneurial
        and relational capabilities to manage business model innovation over time.
        Known limits: a self-rating; compare with an advisor's view.
        Fires for: kitchen-sink
        Silent for: toontrack-2012 xelerated-2003
        """

    return replace(capability_gap, name=name)


SENSING_WEAK = _capability_rule(
    "CP-01",
    "sensing_capability_weak",
    "sensing_weak",
    "You spot new opportunities late",
    "Opportunities are noticed rarely or by chance. Sensing comes first: the other capabilities act "
    "on what it finds.",
    (
        "Name one person to scan customers, competitors and technology each month and report three "
        "signals to the leadership team.",
        "Toontrack 'actively scans competitors, customers and technological trends' to time its "
        "changes, such as the move to downloads.",
    ),
)
ENTREPRENEURIAL_WEAK = _capability_rule(
    "CP-02",
    "entrepreneurial_capability_weak",
    "entrepreneurial_weak",
    "Opportunities are seen but not acted on",
    "Turning an opportunity into a new offer or business model is slow. Without it, sensing "
    "produces reports, not growth.",
    (
        "Keep a small budget and a team that can test one new offer or business model per half-year.",
        "Seamless's ability to 'assemble resources for acting on and creating new business "
        "opportunities' made its entrepreneurial capability high.",
    ),
)
RELATIONAL_WEAK = _capability_rule(
    "CP-03",
    "relational_capability_weak",
    "relational_weak",
    "Relationships are not used to learn or reach markets",
    "Partners, customers and competitors are hardly used to learn or to open markets; for a small "
    "firm with few resources, that is the cheapest source of both.",
    (
        "Map your ten most important relationships and decide, for each, what you want to learn "
        "from it and what market it could open.",
        "Seamless used relational capabilities to 'maneuver in its networks and enter new product "
        "markets'; Toontrack leveraged distributors for growth and learning.",
    ),
)


@rule(
    "CP-04",
    title="Sensing, entrepreneurial and relational capabilities are all strong",
    kind=Kind.STRENGTH,
    severity=Severity.LOW,
    proposition="JA14-P3",
    framework=FW,
    when={
        "sensing_strong": is_(YES),
        "entrepreneurial_strong": is_(YES),
        "relational_strong": is_(YES),
    },
    summary=(
        "You scan for opportunities, act on them and use your relationships well: the three "
        "capabilities the paper found behind all three firms' business model innovation."
    ),
    moves=[
        move(
            "keep_capabilities_in_balance",
            "Check each year that day-to-day efficiency is not crowding these capabilities out.",
            "The paper warns that substantive 'being good at what you do' capabilities can slow "
            "business model innovation down (P4).",
        ),
    ],
)
def three_capabilities_strong(traits, answers):
    """When it fires: sensing, entrepreneurial and relational capabilities are all rated 4 or 5.
    Why (source): Johansson & Abrahamsson 2014, P3.
    Known limits: self-ratings; strength in all three does not prove they are used together.
    Fires for: xelerated-2003 toontrack-2012 seamless-2012
    Silent for: seamless-2001 toontrack-2005
    """


# ---- P4: balancing exploration and exploitation -------------------------------------------------
@rule(
    "BX-01",
    title="Habits are holding the business model in place",
    kind=Kind.PROBLEM,
    severity=Severity.HIGH,
    proposition="JA14-P4",
    framework=FW,
    when={"habits_block_change": is_(YES), "model_unchanged_long": maybe(YES)},
    summary=(
        "Strong habits hold back change, and the business model has not changed for years. "
        "'Being good at what you do' can turn into inertia."
    ),
    moves=[
        move(
            "challenge_the_model",
            "Once a year, have someone from outside the core business redesign it from scratch for "
            "one market, and test the best idea.",
            "Seamless brought in new CEOs from other industries at each business model change.",
        ),
    ],
)
def business_model_inertia(traits, answers):
    """When it fires: habits strongly hold back business-model change and the model has not
    changed for years (tentative when that is unknown).
    Why (source): Johansson & Abrahamsson 2014, P4 - substantive capabilities can 'delay business
    model innovation'; Appendix 1 asks about mental barriers.
    Known limits: stability is right for some firms; the rule looks for habits that block change.
    Fires for: kitchen-sink
    Silent for: seamless-2012 toontrack-2012
    """


@rule(
    "BX-02",
    title="Comfortable in a mature niche",
    kind=Kind.PROBLEM,
    severity=Severity.MEDIUM,
    proposition="JA14-P4",
    framework=FW,
    when={"mature_niche": is_(YES), "low_exploration": is_(YES)},
    summary=(
        "You defend an established niche and put little time or money into new products, markets "
        "or business models: the 'comfort zone' the paper saw at Toontrack."
    ),
    moves=[
        move(
            "start_exploring",
            "Reserve a fixed share of time and money for one new product or business model, even "
            "outside your core (Toontrack's piano library).",
            "Toontrack's piano launch was seen as 'a significant innovative step' beyond drums.",
        ),
    ],
)
def comfort_zone(traits, answers):
    """When it fires: the firm is in a mature niche and exploration is at or below the low
    threshold.
    Why (source): Johansson & Abrahamsson 2014, P4 discussion: Toontrack's 'reluctance of venturing
    into new products ... arguably reaching a comfort zone'.
    Known limits: exploration share is an estimate.
    Fires for: kitchen-sink-comfort
    Silent for: toontrack-2012 seamless-2012
    """


@rule(
    "BX-03",
    title="Too many new bets, not enough efficient core",
    kind=Kind.PROBLEM,
    severity=Severity.HIGH,
    proposition="JA14-P4",
    framework=FW,
    when={"heavy_exploration": is_(YES), "weak_core": maybe(YES)},
    summary=(
        "Much of your effort goes into new initiatives while the core business is not efficient. "
        "A resource-scarce firm needs the core to pay for exploration."
    ),
    moves=[
        move(
            "focus_core",
            "Stop or pause the weakest initiatives until the core business is clearly profitable.",
            "The paper: young firms depend on 'the correct trade-off decisions' and need the "
            "efficiency-centred model to fund novelty.",
        ),
    ],
)
def novelty_bets_without_efficient_core(traits, answers):
    """When it fires: exploration takes a heavy share of effort or many initiatives run, and the
    core business is weak (tentative when that is unknown).
    Why (source): Johansson & Abrahamsson 2014, P4 - balance novelty and efficiency designs; 'gas
    and brake applied all the time'.
    Known limits: a funded start-up may rightly explore heavily before having a core.
    Fires for: kitchen-sink
    Silent for: toontrack-2012 seamless-2001
    """


@rule(
    "BX-04",
    title="Moving faster than your customers",
    kind=Kind.PROBLEM,
    severity=Severity.MEDIUM,
    proposition="JA14-P4",
    framework=FW,
    when={"market_not_ready": is_(YES), "forcing_fast_switch": is_(YES)},
    summary=(
        "Many customers are not ready for your new way of selling or delivering, and you are "
        "phasing the old way out quickly. Going too fast can alienate customers."
    ),
    moves=[
        move(
            "pace_the_shift",
            "Keep the old channel open and move customers with incentives, market by market.",
            "Toontrack's shift to downloads was 'balanced and moderated by the management, in order "
            "for the market to adjust'.",
        ),
    ],
)
def moving_faster_than_market(traits, answers):
    """When it fires: customers are not (all) ready for the newest way of selling, and the firm
    phases the old way out quickly.
    Why (source): Johansson & Abrahamsson 2014, P4 - balancing also means 'making sure that the
    business model innovation does not go too fast for the market'; Managerial implications.
    Known limits: sometimes a fast switch is forced by costs or partners.
    Fires for: kitchen-sink
    Silent for: toontrack-2012
    """


@rule(
    "BX-05",
    title="You pace change to what customers can take",
    kind=Kind.STRENGTH,
    severity=Severity.LOW,
    proposition="JA14-P4",
    framework=FW,
    when={"market_not_ready": is_(YES), "paced_switch": is_(YES)},
    summary=(
        "You move customers to the new way gradually, keeping the old way available, as Toontrack "
        "did with downloads."
    ),
    moves=[
        move(
            "keep_old_channel",
            "Set a date to review the old channel's share, so gradual does not become never.",
            "The same paper warns about 'slow' shifts as a sign of a comfort zone.",
        ),
    ],
)
def paced_business_model_shift(traits, answers):
    """When it fires: customers are not all ready and the firm keeps the old way available.
    Why (source): Johansson & Abrahamsson 2014, P4 (Toontrack's moderated move to downloads).
    Known limits: does not judge whether the pace is too slow.
    Fires for: toontrack-2012
    Silent for: toontrack-2005 seamless-2012
    """


@rule(
    "BX-06",
    title="Exploration and exploitation are in balance",
    kind=Kind.STRENGTH,
    severity=Severity.LOW,
    proposition="JA14-P4",
    framework=FW,
    when={"moderate_exploration": is_(YES), "efficient_core": is_(YES)},
    summary=(
        "A moderate share of effort goes to new things while the core business is efficient and "
        "profitable: the balance P4 asks for."
    ),
    moves=[
        move(
            "review_balance",
            "Review the split twice a year against market changes.",
            "The right balance shifts over time (Seamless changed it with each business model).",
        ),
    ],
)
def balanced_exploration_exploitation(traits, answers):
    """When it fires: exploration is between the low and heavy thresholds and the core is
    efficient.
    Why (source): Johansson & Abrahamsson 2014, P4.
    Known limits: a snapshot; balance is a moving target.
    Fires for: kitchen-sink-balanced
    Silent for: kitchen-sink toontrack-2012
    """


@rule(
    "BX-07",
    title="Several business models run side by side",
    kind=Kind.INSIGHT,
    severity=Severity.MEDIUM,
    proposition="JA14-FR",
    framework=FW,
    when={"parallel_models": is_(YES)},
    summary=(
        "You run more than one business model at once. Each opportunity may need its own model, but "
        "they compete for the same scarce people and money: 'gas and brake applied all the time'."
    ),
    moves=[
        move(
            "manage_as_portfolio",
            "Give each business model a role (earn now, or invest for later), its own figures and a "
            "quarterly review of where money and people go.",
            "Seamless ran three models at once and had to 'balance these to gain revenue and invest "
            "in the new business model which is very expensive'.",
        ),
    ],
)
def parallel_business_models(traits, answers):
    """When it fires: the firm runs two or more business models in parallel.
    Why (source): Johansson & Abrahamsson 2014, Seamless 2012 and Future research ('firms often used
    multiple different business models in parallel').
    Known limits: counts models; whether they cannibalise each other needs per-model answers.
    Fires for: seamless-2005 seamless-2012
    Silent for: toontrack-2005 xelerated-2003
    """


@rule(
    "BX-08",
    title="A price war among look-alike business models",
    kind=Kind.PROBLEM,
    severity=Severity.MEDIUM,
    proposition="JA14-P4",
    framework=FW,
    when={
        "price_competition": is_(YES),
        "lookalike_competitors": is_(YES),
        "mature_niche": maybe(YES),
    },
    summary=(
        "Competitors use the same business model and compete on price; product improvements are "
        "copied the next day. The way out is a different business model, not another feature."
    ),
    moves=[
        move(
            "innovate_business_model",
            "Change how you deliver or charge (direct downloads, subscriptions, services around the "
            "product) rather than only what you sell.",
            "Toontrack: 'If we release a new product today, everyone else will be doing the same "
            "tomorrow'; its move to direct downloads changed value delivery and capture.",
        ),
    ],
)
def mature_niche_price_war(traits, answers):
    """When it fires: competition is on price, competitors use the same business model, and the
    niche is mature (tentative when maturity is unknown).
    Why (source): Johansson & Abrahamsson 2014, Toontrack 2012 ('a low-intensity war') and P4.
    Known limits: the firm may still win on product for a while.
    Fires for: toontrack-2012
    Silent for: toontrack-2005 xelerated-2003
    """
