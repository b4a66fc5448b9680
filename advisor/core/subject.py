"""The one noun the rules, the report and what-if share: a subject of an assessment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from advisor.core.rulekit import Answers

FIRM = "firm"  # the scope (and item) of the firm itself, as opposed to an item of a repeated section


@dataclass(frozen=True)
class Subject:
    """What the rules look at: the firm, one item of a repeated section, or the other side's view.

    Built once per assessment by RuleBase.subjects: the engine matches its trait states, the report
    explains its findings with its answers and name, what-if tries changes to its answers. A
    subject tried with other trait states only (what-if's probe) has no answers of its own.
    """

    scope: str  # FIRM, a repeated section's id, or the counterpart
    item: str  # FIRM, the item's id, or the other side's firm name
    traits: Mapping[str, str]  # trait name -> state
    name: str = ""  # what the firm calls the item (else its id); "" for the firm itself
    answers: Answers | None = None  # what its traits were derived from

    @property
    def label(self) -> str:
        """How reports name the subject: "firm", or "<section>:<item id>"."""
        return FIRM if self.scope == FIRM else f"{self.scope}:{self.item}"
