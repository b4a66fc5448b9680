"""What a report leads with, for the app and the PDF: the findings that matter most, one entry per
finding however many business models it concerns, each with its first move, and the strengths.

Also plain words: the papers' case codes (R1-R6) and proposition codes (P1-P4) stay in the
knowledge, where researchers check them against the papers; founders and boards read words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from advisor.reporting.markdown import settler_phrase
from advisor.reporting.report import Finding, MoveOut, Report, Source

HEADLINE_PROBLEMS = 3  # the first screen: few enough to act on, as the anchor tools do
HEADLINE_STRENGTHS = 3

_CODE_LIST = r"(?:R[1-6]|P[1-4])(?:(?:,\s*|\s+and\s+)(?:R[1-6]|P[1-4]))*"
_PLAIN = [
    (re.compile(rf"\s*\({_CODE_LIST}\)"), ""),  # "(R4)", "(R5, R6)": a reference, not a word
    (re.compile(r"\bR[1-6] and R[1-6]\b"), "two deals in the study"),
    (re.compile(r"\bR[1-6]'s\b"), "one studied deal's"),
    (re.compile(r"\bR[1-6]:\s*"), "in one studied deal, "),
    (re.compile(r"\bR[1-6]\b"), "one deal in the study"),
    (re.compile(r"\bof P[1-4]\b"), "the research describes"),
    (re.compile(r"\bP[1-4]\b"), "the research"),
]


def plain(text: str) -> str:
    """A knowledge text with the papers' case and proposition codes put in plain words."""
    for pattern, words in _PLAIN:
        text = pattern.sub(words, text)
    return text[:1].upper() + text[1:] if text else text


def source_words(source: Source) -> str:
    """Where a claim comes from, without the papers' section and proposition codes: "Sjödin et al.
    2020", or "Advisors' practice (background: Johansson & Abrahamsson 2014)"."""
    if source.advisor_practice:
        context = source.text.partition("context: ")[2].split(",")[0].rstrip(")")
        return f"Advisors' practice (background: {context})" if context else "Advisors' practice"
    return source.text.split(",")[0]


def settlers(group: FindingGroup) -> list[str]:
    """What would settle a tentative finding, once each, over the business models it concerns."""
    return list(dict.fromkeys(settler_phrase(s) for f in group.findings for s in f.settled_by))


@dataclass(frozen=True)
class FindingGroup:
    """One finding about the same thing, for the firm and/or several of its business models."""

    findings: tuple[Finding, ...]

    @property
    def lead(self) -> Finding:
        return self.findings[0]

    @property
    def where(self) -> list[str]:
        """What it concerns besides the firm: the business models' or collaborations' names."""
        return [f.subject_name for f in self.findings if f.subject != "firm"]

    @property
    def moves(self) -> list[MoveOut]:
        seen: dict[str, MoveOut] = {}
        for f in self.findings:
            for m in f.moves:
                seen.setdefault(m.id, m)
        return list(seen.values())


def grouped(findings: list[Finding]) -> list[FindingGroup]:
    """Findings of one rule together, in the report's order (the most severe first)."""
    order: dict[str, list[Finding]] = {}
    for f in findings:
        order.setdefault(f.rule_id, []).append(f)
    return [FindingGroup(tuple(fs)) for fs in order.values()]


def headline(report: Report) -> tuple[list[FindingGroup], list[FindingGroup]]:
    """The first screen: the problems that matter most, and the firm's strengths."""
    groups = grouped(report.findings)
    problems = [g for g in groups if g.lead.kind == "problem"][:HEADLINE_PROBLEMS]
    strengths = [g for g in groups if g.lead.kind == "strength"][:HEADLINE_STRENGTHS]
    return problems, strengths
