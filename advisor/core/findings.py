"""One comparison of two sets of findings, wherever two are set side by side: two rounds of a
portfolio, two rule bases, two moments of one firm, a student's answers and the key, an answer
tried in the app.

A finding is identified by its rule and its subject (the firm, or one item such as a
collaboration), so the same rule firing for two collaborations is two findings. Each finding of
either side is, from the old side to the new one: "appeared" (only in the new), "resolved" (only
in the old), "changed" (in both, with another severity or confidence) or "stayed".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, Literal, Protocol, TypeVar

Change = Literal["appeared", "resolved", "changed", "stayed"]


class Comparable(Protocol):
    """What a finding needs to be compared (a report's Finding, a portfolio index's cell)."""

    @property
    def rule_id(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def confidence(self) -> str: ...


F = TypeVar("F", bound=Comparable)


def finding_key(f: Comparable) -> tuple[str, str]:
    return (f.rule_id, f.subject)


@dataclass(frozen=True)
class FindingChange(Generic[F]):
    change: Change
    old: F | None  # None when it appeared
    new: F | None  # None when it was resolved

    @property
    def finding(self) -> F:
        """The finding as it is now, or as it was if it was resolved."""
        shown = self.new or self.old
        assert shown is not None
        return shown


def diff_findings(old: Iterable[F], new: Iterable[F]) -> list[FindingChange[F]]:
    """Every finding of either side once: the new side's in its order, then the resolved ones."""
    before = {finding_key(f): f for f in old}
    after = {finding_key(f): f for f in new}
    out: list[FindingChange[F]] = []
    for key, f in after.items():
        was = before.get(key)
        if was is None:
            out.append(FindingChange("appeared", None, f))
        elif (was.severity, was.confidence) != (f.severity, f.confidence):
            out.append(FindingChange("changed", was, f))
        else:
            out.append(FindingChange("stayed", was, f))
    out += [FindingChange("resolved", f, None) for key, f in before.items() if key not in after]
    return out
