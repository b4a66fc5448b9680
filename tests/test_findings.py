"""The one comparison of two sets of findings (batch --previous, diff, journey, teaching, app)."""

from __future__ import annotations

from dataclasses import dataclass

from advisor.core.findings import diff_findings, finding_key


@dataclass(frozen=True)
class F:
    rule_id: str
    subject: str
    severity: str = "high"
    confidence: str = "firm"


def test_each_finding_of_either_side_is_listed_once_with_what_happened_to_it():
    old = [F("A-1", "firm"), F("B-1", "firm"), F("C-1", "collaborations:c1"), F("D-1", "firm")]
    new = [
        F("A-1", "firm"),  # stayed
        F("B-1", "firm", severity="low"),  # changed severity
        F("C-1", "collaborations:c1", confidence="tentative"),  # changed confidence
        F("C-1", "collaborations:c2"),  # same rule, another subject: a finding of its own
    ]
    changes = diff_findings(old, new)
    got = [(c.change, finding_key(c.finding)) for c in changes]
    assert got == [
        ("stayed", ("A-1", "firm")),
        ("changed", ("B-1", "firm")),
        ("changed", ("C-1", "collaborations:c1")),
        ("appeared", ("C-1", "collaborations:c2")),
        ("resolved", ("D-1", "firm")),
    ]
    by_key = {finding_key(c.finding): c for c in changes}
    assert by_key[("B-1", "firm")].old == old[1] and by_key[("B-1", "firm")].new == new[1]
    assert by_key[("C-1", "collaborations:c2")].old is None
    assert by_key[("D-1", "firm")].new is None and by_key[("D-1", "firm")].finding == old[3]


def test_two_empty_sides_have_nothing_to_say():
    assert diff_findings([], []) == []
