"""docs/interview-guide.md maps the interview guide of Johansson & Abrahamsson 2014 (Appendix 1)
to the question bank. These tests keep it true: every id it names exists, and every question that
no rule reads is listed there as context only (or as asked for a rule still to come), and nothing
a rule reads is listed as context only."""

from __future__ import annotations

import re
from pathlib import Path

from advisor.api import default_rulebase

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "interview-guide.md"
RB = default_rulebase()


def _section_ids(heading: str) -> set[str]:
    text = GUIDE.read_text(encoding="utf-8")
    part = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"`([a-z]+_[a-z0-9_]+)`", part))


def _read_by_rules() -> set[str]:
    read: set[str] = set()
    for spec in RB.parts.rules:
        for name in RB.feeding_traits(spec):
            for scope in spec.scopes:
                read.update(RB.trait(name, scope).uses)
    return read


def test_every_id_the_guide_names_is_a_question():
    named = set(re.findall(r"`([a-z]+_[a-z0-9_]+)`", GUIDE.read_text(encoding="utf-8")))
    unknown = sorted(named - set(RB.bank.by_id))
    assert not unknown, f"docs/interview-guide.md names ids missing from rules/questions.yaml: {unknown}"


def test_questions_no_rule_reads_are_marked_context_only():
    unread = {q.id for q in RB.bank.questions} - _read_by_rules()
    listed = _section_ids("Context only") | _section_ids("Asked for rules still to come")
    missing = sorted(unread - listed)
    assert not missing, (
        f"no rule reads {missing}: list them under 'Context only' in docs/interview-guide.md, "
        "or make a rule read them"
    )
    wrongly = sorted(listed - unread)
    assert not wrongly, f"rules read {wrongly}; take them off the context-only lists of the guide"
