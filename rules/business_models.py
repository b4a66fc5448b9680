"""Several business models of one firm: Johansson & Abrahamsson 2014 (Seamless ran three at
once, 'gas and brake applied all the time'; Future research: parallel business models; P4).

Each model's own position, revenue and lock-in are judged by the born-global rules (they apply to
every business model as well as the firm); these rules judge the set of models as a portfolio.
"""

from __future__ import annotations

from advisor.core.rulekit import YES, Answers, Kind, Severity, is_, move, rule
from rules.interpretation import MODEL_STRAIN_SHARE, MODELS

FW = "born_global"
ROLE_WORDS = {"earn_now": "earns today", "invest_for_later": "investment for later", None: "role unknown"}


def _models(answers: Answers) -> dict:
    models = answers.items(MODELS)
    rows = []
    for index, m in enumerate(models, start=1):
        share = m.get("bmx_resource_share")
        rows.append(
            {
                "name": m.get("bmx_name") or f"business model {index}",
                "role": ROLE_WORDS[m.get("bmx_role")],
                "resource_share": share,
                "takes_from_another": m.get("bmx_cannibalises") == "yes",
            }
        )
    return {
        "models": rows,
        "model_list": "; ".join(f"{r['name']} ({r['role']})" for r in rows),
    }


@rule(
    "BM-01",
    title="Every business model only earns today: nothing is being prepared for tomorrow",
    kind=Kind.PROBLEM,
    severity=Severity.MEDIUM,
    proposition="JA14-P4",
    framework=FW,
    when={"portfolio_without_exploration": is_(YES)},
    summary=(
        "You run several business models ({model_list}), and all of them are about earning today. "
        "The model that got you here will rarely be the one for sustained growth."
    ),
    moves=[
        move(
            "seed_next_model",
            "Choose one opportunity your sensing has turned up and give it a small, separate budget "
            "as a business model of its own.",
            "Seamless built SEQR beside its earning models; the paper's managerial implications: 'as "
            "the firm evolves, so should the business model'.",
        ),
    ],
)
def portfolio_without_exploration(traits, answers):
    """When it fires: two or more business models, all with the role 'earns today'.
    Why (source): Johansson & Abrahamsson 2014, P4 and Managerial implications.
    Known limits: exploration may happen outside any business model (R&D, products).
    Fires for: kitchen-sink-comfort
    Silent for: seamless-2012-models kitchen-sink-models
    """
    return _models(answers)


@rule(
    "BM-02",
    title="No business model pays the bills",
    kind=Kind.PROBLEM,
    severity=Severity.HIGH,
    proposition="JA14-P4",
    framework=FW,
    when={"portfolio_without_paying_core": is_(YES)},
    summary=(
        "All your business models ({model_list}) are investments for later; none is the efficient "
        "core that pays for them."
    ),
    moves=[
        move(
            "name_the_core",
            "Pick the model closest to paying its way and run it for efficiency and cash for the next "
            "year; pace the others to what it can fund.",
            "Seamless kept its earlier models running 'to gain revenue and invest in the new business "
            "model which is very expensive'.",
        ),
    ],
)
def portfolio_without_paying_core(traits, answers):
    """When it fires: every business model listed is an investment for later.
    Why (source): Johansson & Abrahamsson 2014, P4 (efficiency-centred designs fund novelty) and
    Seamless 2012.
    Known limits: a funded start-up may rightly have no paying model yet.
    Fires for: kitchen-sink-models
    Silent for: seamless-2012-models kitchen-sink-comfort
    """
    return _models(answers)


@rule(
    "BM-03",
    title="Your business models compete with each other",
    kind=Kind.PROBLEM,
    severity=Severity.MEDIUM,
    proposition="JA14-FR",
    framework=FW,
    when={"models_cannibalise": is_(YES)},
    summary=(
        "At least one of your business models takes customers or sales from another ({model_list}). "
        "Each opportunity may need its own model, but they must be combined, not set against each "
        "other."
    ),
    moves=[
        move(
            "separate_segments",
            "Draw the line between the models: which customers, markets or channels each one serves, "
            "and who decides when they overlap.",
            "'The challenge with having multiple business models is however how to manage a balance and "
            "to combine the different business model designs' (Seamless).",
        ),
    ],
)
def models_cannibalise(traits, answers):
    """When it fires: a business model is answered as taking customers or sales from another.
    Why (source): Johansson & Abrahamsson 2014, Seamless 2012 and Future research.
    Known limits: some cannibalisation is a deliberate step towards the new model.
    Fires for: kitchen-sink-models
    Silent for: kitchen-sink-comfort
    """
    return _models(answers)


@rule(
    "BM-04",
    title="New business models absorb most of your people and money",
    kind=Kind.PROBLEM,
    severity=Severity.MEDIUM,
    proposition="JA14-FR",
    framework=FW,
    when={"new_models_absorb_resources": is_(YES)},
    summary=(
        f"Business models that do not yet pay their way take {MODEL_STRAIN_SHARE}% or more of your "
        "people and money ({model_list}). For a resource-scarce firm that is a lot of gas and little "
        "brake."
    ),
    moves=[
        move(
            "stage_investment",
            "Fund the new models in stages, each unlocked by a milestone (signed customers, margin), "
            "and protect the people the earning models need.",
            "Seamless: 'It's the challenge to balance these to gain revenue and invest in the new "
            "business model which is very expensive ... it is gas and brake applied all the time'.",
        ),
    ],
)
def new_models_absorb_resources(traits, answers):
    """When it fires: the models marked 'investment for later' together take the strain share of
    people and money set in the interpretation layer.
    Why (source): Johansson & Abrahamsson 2014, Seamless 2012 and P4.
    Known limits: resource shares are estimates.
    Fires for: kitchen-sink-models
    Silent for: seamless-2012-models
    """
    return _models(answers)


@rule(
    "BM-05",
    title="Your business models balance earning today and investing for tomorrow",
    kind=Kind.STRENGTH,
    severity=Severity.LOW,
    proposition="JA14-P4",
    framework=FW,
    when={"balanced_model_portfolio": is_(YES)},
    summary=(
        "Some of your business models earn today while others prepare tomorrow ({model_list}), "
        "the balance Seamless kept with its licence, OEM and SEQR models."
    ),
    moves=[
        move(
            "review_model_portfolio",
            "Review the models together every quarter: revenue, people and money per model, and "
            "which one should grow next.",
            "Balancing several models is the balancing capability of P4 applied to the portfolio.",
        ),
    ],
)
def balanced_model_portfolio(traits, answers):
    """When it fires: at least one model earns today and one is an investment, and investments do
    not take the strain share of resources.
    Why (source): Johansson & Abrahamsson 2014, P4 and Seamless 2012.
    Known limits: tentative shares are treated as no strain when unknown.
    Fires for: seamless-2012-models
    Silent for: kitchen-sink-models kitchen-sink-comfort
    """
    return _models(answers)
