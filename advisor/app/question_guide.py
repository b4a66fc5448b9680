"""What the questionnaire tells a founder about its questions: how long it takes, why a question is
asked, and which questions only give context (no finding reads them), so they can be folded away.

Read from the rule base itself (which traits read which answers), never from a hand-kept list.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from advisor.api import default_rulebase
from advisor.core.bank import QuestionBank
from advisor.core.rulebase import RuleBase
from rules.views import OTHER_SIDE_ROLE_QUESTION

# Seconds a founder needs per answer, reading included. The first-time walk-through of the app
# took 25-35 minutes for about 93 answers (docs of the round's review): about 20 s each.
SECONDS_PER_ANSWER = 20
# Findings named under "why we ask": enough to show what rests on an answer, short enough to read.
WHY_TITLES = 3


@dataclass(frozen=True)
class Length:
    fewest: int  # questions when every gate stays closed and no entry is added
    most: int  # every follow-up opened and one entry per repeated section

    def minutes(self, questions: int) -> int:
        return max(1, math.ceil(questions * SECONDS_PER_ANSWER / 60 / 5) * 5)

    def sentence(self) -> str:
        low, high = self.minutes(self.fewest), self.minutes(self.most)
        return (
            f"It takes about {low}–{high} minutes: {self.fewest} to {self.most} questions, depending on "
            "your answers (follow-up questions open only when they apply). You can stop at any time and "
            "come back: every answer is saved as you give it."
        )


def questionnaire_length(bank: QuestionBank) -> Length:
    fewest = most = 0
    for section in bank.sections:
        for question in bank.in_section(section.id):
            most += 1
            gated = bool(bank.conditions_for(question))
            fewest += not section.repeat and not gated
    return Length(fewest, most)


@cache
def _readers(rb: RuleBase) -> dict[str, list[str]]:
    """Question id -> titles of the findings whose traits read its answer, in rule-base order."""
    out: dict[str, list[str]] = {}
    for spec in rb.parts.rules:
        for scope in spec.scopes:
            for name in rb.feeding_traits(spec):
                for qid in rb.trait(name, scope).uses:
                    titles = out.setdefault(qid, [])
                    if spec.title not in titles:
                        titles.append(spec.title)
    return out


@cache
def _traits_read(rb: RuleBase) -> frozenset[str]:
    """Questions some trait reads: the findings' and the report pictures' (capabilities, ...)."""
    return frozenset(q for t in rb.parts.traits for q in t.uses)


def why_we_ask(qid: str, rb: RuleBase | None = None) -> str:
    """One plain sentence: what in the report rests on this answer."""
    rb = rb or default_rulebase()
    titles = _readers(rb).get(qid, [])
    if qid in rb.gating_questions and not titles:
        return "Your answer decides which follow-up questions apply to you, so you skip the others."
    if not titles and qid in _traits_read(rb):
        return "Your answer shapes the pictures of your business in the report."
    if not titles:
        return (
            "No finding rests on this answer. It gives whoever reads your report (you, an advisor, "
            "a board) the context behind it."
        )
    named = "; ".join(f"“{t}”" for t in titles[:WHY_TITLES])
    more = f" and {len(titles) - WHY_TITLES} more" if len(titles) > WHY_TITLES else ""
    return f"Your answer helps decide whether these apply to you: {named}{more}."


@cache
def context_only(rb: RuleBase | None = None) -> frozenset[str]:
    """Questions no finding reads, that open no follow-up and name nothing: optional context."""
    rb = rb or default_rulebase()
    read = _traits_read(rb) | rb.gating_questions | {OTHER_SIDE_ROLE_QUESTION}
    names = {s.name_question for s in rb.bank.sections if s.name_question}
    return frozenset(q.id for q in rb.bank.questions if q.id not in read and q.id not in names)
