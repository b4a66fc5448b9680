"""Clusters, networks and ecosystems: Holm & Kringelum 2022.

These rules look at one collaboration at a time (scope "collaborations"); a firm in three
collaborations is judged three times, each finding naming its collaboration.
"""

from __future__ import annotations

from advisor.core.rulekit import YES, Kind, Severity, is_, maybe, move, rule
from rules.interpretation import CLUSTER, COLLAB, ECOSYSTEM, NETWORK

FW = "collaboration"


@rule(
    "CO-01",
    title="A cluster: value comes indirectly",
    kind=Kind.INSIGHT,
    severity=Severity.INFO,
    proposition="HK22-CL",
    framework=FW,
    scope=COLLAB,
    when={"collaboration_type": is_(CLUSTER)},
    summary=(
        "'{item}' works as a cluster: members share a place or industry but rarely interact. Its "
        "value is indirect (a pool of skills and knowledge, co-branding), capture is passive and "
        "easy to obtain, and it will hardly change how you configure your business model."
    ),
    moves=[
        move(
            "strengthen_ties",
            "If you want more from it, pick two members and start a concrete exchange (shared "
            "staff training, a joint bid).",
            "A cluster 'provides potential for establishing relationships', but firms 'must "
            "proactively seek stronger ties'.",
        ),
    ],
)
def cluster_value_is_indirect(traits, answers):
    """When it fires: the collaboration's connection is low (1-2 of 5).
    Why (source): Holm & Kringelum 2022, Clusters - value creation 'primarily indirect', limited
    change to value configuration; Implications: 'effects on value creation will be low'.
    Known limits: a cluster can hold networks inside it; add those as separate entries.
    Fires for: hk22-cluster
    Silent for: hk22-network hk22-ecosystem
    """


@rule(
    "CO-02",
    title="The network takes more time than it gives back",
    kind=Kind.PROBLEM,
    severity=Severity.MEDIUM,
    proposition="HK22-NW",
    framework=FW,
    scope=COLLAB,
    when={"collaboration_type": is_(NETWORK), "time_exceeds_value": is_(YES)},
    summary="'{item}' is a network, and it costs you more time than the value it returns.",
    moves=[
        move(
            "set_network_goals",
            "Write down what you want from the network this year (contacts, knowledge, leads) and "
            "cut meetings that do not serve it.",
            "'Managers should be aware of the time spent on the network compared to the value "
            "creation provided through the network.'",
        ),
    ],
)
def network_time_exceeds_value(traits, answers):
    """When it fires: a network where the firm gets less value than the time it spends.
    Why (source): Holm & Kringelum 2022, Implications (networks).
    Known limits: network value often arrives late; judge over more than one year.
    Fires for: hk22-network
    Silent for: hk22-cluster hk22-ecosystem
    """


@rule(
    "CO-03",
    title="The network's routines slow you down",
    kind=Kind.PROBLEM,
    severity=Severity.MEDIUM,
    proposition="HK22-NW",
    framework=FW,
    scope=COLLAB,
    when={"collaboration_type": is_(NETWORK), "collaboration_inertia": is_(YES)},
    summary="The structures of '{item}' make it harder for you to change your own business.",
    moves=[
        move(
            "reconfigure_network",
            "Review which network commitments still fit your business model, and renegotiate or "
            "leave the ones that do not.",
            "Networks risk 'creating structures, which might lead to inertia'; born globals treat "
            "networks dynamically as the business model changes.",
        ),
    ],
)
def network_inertia(traits, answers):
    """When it fires: a network whose routines make change harder for the firm.
    Why (source): Holm & Kringelum 2022, Implications (Håkansson and Ford: inertia); Johansson &
    Abrahamsson 2014, Managerial implications (adjust networks as the business model changes).
    Known limits: the firm's own view of what holds it back.
    Fires for: hk22-network
    Silent for: hk22-cluster hk22-ecosystem
    """


@rule(
    "CO-04",
    title="You expose your business model but keep little of the joint value",
    kind=Kind.PROBLEM,
    severity=Severity.HIGH,
    proposition="HK22-VCP",
    framework=FW,
    scope=COLLAB,
    when={
        "collaboration_type": is_(ECOSYSTEM),
        "heavy_exposure": is_(YES),
        "small_capture": maybe(YES),
    },
    summary=(
        "In the ecosystem '{item}' much of your business model is exposed to other members, yet "
        "you keep little of the value created together. In an ecosystem, capture must be larger to "
        "pay for that exposure."
    ),
    moves=[
        move(
            "renegotiate_share",
            "Put your share of the joint value on the agenda: price your contribution, or limit "
            "what you expose (data, customers) to what you are paid for.",
            "Organisations in an ecosystem 'expose parts of their business model to other actors; "
            "therefore, to compensate for the increased risk, the potential value capture must be "
            "greater'.",
        ),
    ],
)
def ecosystem_exposure_not_compensated(traits, answers):
    """When it fires: an ecosystem where exposure is high and the firm's share of joint value is
    low (tentative when the share is unknown).
    Why (source): Holm & Kringelum 2022, Value capture.
    Known limits: exposure may buy future position rather than present revenue.
    Fires for: hk22-ecosystem
    Silent for: hk22-network xelerated-2003
    """


@rule(
    "CO-05",
    title="Members expect different things from the ecosystem",
    kind=Kind.PROBLEM,
    severity=Severity.HIGH,
    proposition="HK22-ES",
    framework=FW,
    scope=COLLAB,
    when={"collaboration_type": is_(ECOSYSTEM), "expectations_misaligned": is_(YES)},
    summary=(
        "Members of '{item}' expect quite different things. Misaligned expectations can make an "
        "ecosystem fail or change radically."
    ),
    moves=[
        move(
            "align_expectations",
            "Hold a session where each member states what it needs from the joint offer; write "
            "down the shared goal and the roles.",
            "'Alignment of expectations is essential, as misalignment might lead to ecosystems "
            "failing or radically changing.'",
        ),
    ],
)
def ecosystem_expectations_misaligned(traits, answers):
    """When it fires: an ecosystem whose members' expectations are rated 1 or 2 of 5 aligned.
    Why (source): Holm & Kringelum 2022, Implications (Lund and Nielsen 2014).
    Known limits: one member's view.
    Fires for: hk22-ecosystem
    Silent for: xelerated-2003 hk22-network
    """


@rule(
    "CO-06",
    title="Your offer hangs on members who may not prioritise it",
    kind=Kind.PROBLEM,
    severity=Severity.MEDIUM,
    proposition="HK22-ES",
    framework=FW,
    scope=COLLAB,
    when={
        "collaboration_type": is_(ECOSYSTEM),
        "high_dependence": is_(YES),
        "not_all_prioritise": maybe(YES),
    },
    summary=(
        "Your offer in '{item}' depends heavily on other members delivering their part, and not "
        "every member may give it priority."
    ),
    moves=[
        move(
            "secure_critical_partners",
            "For each member you cannot deliver without, agree a commitment (roadmap, capacity) or "
            "line up a second partner.",
            "Ecosystem interdependence 'presuppose[s] that the ecosystem is prioritized by all "
            "partners'; Xelerated called its search-engine partner 'critical to our success'.",
        ),
    ],
)
def ecosystem_interdependence_risk(traits, answers):
    """When it fires: an ecosystem on which the offer depends heavily, and where not every key
    member prioritises it (tentative when unknown).
    Why (source): Holm & Kringelum 2022, Implications (Adner 2017).
    Known limits: dependence may be mutual, which lowers the risk.
    Fires for: hk22-ecosystem xelerated-2003
    Silent for: hk22-network hk22-cluster
    """


@rule(
    "CO-07",
    title="Only the material side of the ecosystem gets attention",
    kind=Kind.PROBLEM,
    severity=Severity.LOW,
    proposition="HK22-VCF",
    framework=FW,
    scope=COLLAB,
    when={"collaboration_type": is_(ECOSYSTEM), "narrow_attention": is_(YES)},
    summary=(
        "In '{item}' you work on shared resources but not on relationships and shared norms. "
        "Ecosystems need all three kept in balance."
    ),
    moves=[
        move(
            "work_social_cultural",
            "Add one social and one cultural practice: regular informal meetings, shared rules on "
            "how members treat each other's customers and data.",
            "'It is insufficient for leaders to merely focus on ... the material aspects'; a "
            "holistic view includes social and cultural attributes (Spigel 2017).",
        ),
    ],
)
def ecosystem_attributes_not_holistic(traits, answers):
    """When it fires: an ecosystem where the firm does not work on both the social and the
    cultural attributes.
    Why (source): Holm & Kringelum 2022, Value configuration.
    Known limits: the three attributes are self-reported.
    Fires for: hk22-ecosystem
    Silent for: hk22-network
    """


@rule(
    "CO-08",
    title="Nobody coordinates the collaboration",
    kind=Kind.PROBLEM,
    severity=Severity.MEDIUM,
    proposition="HK22-VCF",
    framework=FW,
    scope=COLLAB,
    when={"collaboration_type": is_(NETWORK, ECOSYSTEM), "no_coordinator": is_(YES)},
    summary=(
        "'{item}' has no broker or orchestrator. Networks need a broker to keep them running; "
        "ecosystems need coordination because many actors work on one offer."
    ),
    moves=[
        move(
            "appoint_coordinator",
            "Propose a coordinator: take the role yourself if the collaboration is central to your "
            "business, or fund a neutral broker with the other members.",
            "Networks 'often require a network broker (facilitator)'; ecosystems may need 'an "
            "orchestrator to facilitate the ecosystem'.",
        ),
    ],
)
def collaboration_without_coordinator(traits, answers):
    """When it fires: a network or ecosystem with no broker, orchestrator or lead firm.
    Why (source): Holm & Kringelum 2022, Networks (Huggins 2000) and Value configuration.
    Known limits: small, informal networks can run without one.
    Fires for: kitchen-sink
    Silent for: hk22-network hk22-ecosystem
    """


@rule(
    "CO-09",
    title="You call it closer-knit than it is",
    kind=Kind.INSIGHT,
    severity=Severity.LOW,
    proposition="HK22-CO",
    framework=FW,
    scope=COLLAB,
    when={"label_overstates_ties": is_(YES)},
    summary=(
        "You call '{item}' a {self_label}, but its ties look like a {actual}. Expect the value of a "
        "{actual}, or build the ties (and co-creation) of a {self_label}."
    ),
    moves=[
        move(
            "match_expectations_to_ties",
            "Decide which you want: keep it as it is and expect less, or invest in the closer "
            "connection and joint offer it would need.",
            "Clusters, networks and ecosystems differ by degree of connection and co-creation, and "
            "each has different business model implications.",
        ),
    ],
)
def label_overstates_ties(traits, answers):
    """When it fires: the firm's own label (network, ecosystem) is closer-knit than the
    collaboration's connection and co-creation show.
    Why (source): Holm & Kringelum 2022, Co-existence of the concepts (Figure 1).
    Known limits: labels in practice are loose; the finding is a prompt to check expectations.
    Fires for: hk22-network
    Silent for: hk22-ecosystem hk22-cluster
    """
    return {"self_label": answers.get("co_self_label"), "actual": traits["collaboration_type"]}


@rule(
    "CO-10",
    title="You lead the collaboration: its success becomes part of your business model",
    kind=Kind.INSIGHT,
    severity=Severity.INFO,
    proposition="HK22-VCF",
    framework=FW,
    scope=COLLAB,
    when={"leads_collaboration": is_(YES), "collaboration_type": is_(NETWORK, ECOSYSTEM)},
    summary=(
        "You are the broker or orchestrator of '{item}'. Coordination, relational capital and "
        "trust become key activities of your own business model."
    ),
    moves=[
        move(
            "resource_the_role",
            "Budget people for coordination, and decide what you will hand to other members so "
            "you can focus on the joint offer.",
            "Leaders 'need to be prepared to outsource responsibility to other organizations in "
            "order to focus on joint value propositions' (Lingens et al. 2021).",
        ),
    ],
)
def leads_collaboration(traits, answers):
    """When it fires: the firm is broker of a network or orchestrator of an ecosystem.
    Why (source): Holm & Kringelum 2022, Networks (broker) and Value configuration (orchestrator,
    relational capital).
    Known limits: informational; the cost of the role is not measured.
    Fires for: xelerated-2003
    Silent for: hk22-ecosystem hk22-cluster
    """


@rule(
    "CO-11",
    title="A network: what it means for your business model",
    kind=Kind.INSIGHT,
    severity=Severity.INFO,
    proposition="HK22-NW",
    framework=FW,
    scope=COLLAB,
    when={"collaboration_type": is_(NETWORK)},
    summary=(
        "'{item}' works as a network: members are connected through regular exchange of information "
        "and knowledge, without one joint offer. Value creation can shift from inside your firm to "
        "co-creation through tighter links; capture is more active than in a cluster (knowledge about "
        "competitors and customers); building and keeping the network becomes an activity of its own."
    ),
    moves=[
        move(
            "decide_openness",
            "Decide how openly you approach the network: which role you want in it, and which parts "
            "of your business model it may touch.",
            "'The focal organization must therefore take into account how openly to approach the "
            "network structure: Which role do they aim to sustain?'",
        ),
    ],
)
def network_implications(traits, answers):
    """When it fires: a collaboration with medium connection, or close connection without much
    co-creation.
    Why (source): Holm & Kringelum 2022, Networks; Discussion (value creation, capture, configuration).
    Known limits: informational; risks are CO-02, CO-03 and CO-08.
    Fires for: hk22-network
    Silent for: hk22-cluster hk22-ecosystem
    """


@rule(
    "CO-12",
    title="An ecosystem: what it means for your business model",
    kind=Kind.INSIGHT,
    severity=Severity.INFO,
    proposition="HK22-ES",
    framework=FW,
    scope=COLLAB,
    when={"collaboration_type": is_(ECOSYSTEM)},
    summary=(
        "'{item}' works as an ecosystem: close connection and one value proposition created together. "
        "It can create value none of you could alone, but your value creation now depends on others, "
        "you expose parts of your business model, so your share of value must be larger to compensate, "
        "and partners, coordination and trust become key parts of your own business model."
    ),
    moves=[
        move(
            "set_ecosystem_strategy",
            "Write down your own ecosystem strategy: what you contribute, what you expose, what share "
            "you need, and which business models inside and outside the ecosystem it affects.",
            "Every member has its own ecosystem strategy, which may not converge with the whole; the "
            "firm may end up managing several business models.",
        ),
    ],
)
def ecosystem_implications(traits, answers):
    """When it fires: a collaboration with close connection and high co-creation.
    Why (source): Holm & Kringelum 2022, Ecosystems; Discussion (value capture: exposure must be
    compensated; value configuration: key partners, orchestration).
    Known limits: informational; risks are CO-04 to CO-08.
    Fires for: hk22-ecosystem xelerated-2003
    Silent for: hk22-network hk22-cluster
    """
