"""The rule book: every rule beside the passage of the paper it encodes, in plain words.

Built for a teacher or one of the papers' authors to read and sign off the encoding: per paper and
proposition, the quoted passage, the rules that encode it, each rule's conditions in words (trait
labels and states, never ids), its moves and grounding, its example cases, one generated answer
set that makes it fire, and a coverage table from assessing every example case for real.

This module gathers the book once; `book_markdown` and `book_html` only lay it out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from advisor.authoring.coverage import Case, Cell, Coverage, Outcome
from advisor.authoring.quotes import single_quoted
from advisor.authoring.witness import Search, Witness
from advisor.core.assessment import COUNTERPART
from advisor.core.rulebase import FIRM, RuleBase
from advisor.core.rulekit import NA, NO, UNKNOWN, YES, Cond, Paper, Proposition, RuleExample, RuleSpec

WHEN = "When it fires:"
WHY = "Why (source):"
LIMITS = "Known limits:"
STATE_WORDS = {YES: "yes", NO: "no", NA: "does not apply", UNKNOWN: "not known"}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")  # a summary's blank, filled from the firm's answers


@dataclass(frozen=True)
class Condition:
    text: str  # what must hold, in words
    wants: str  # the state(s) it must be in, in words


@dataclass(frozen=True)
class Answer:
    where: str  # "the firm", "business model 1", "the other side"
    question: str
    answer: str


@dataclass(frozen=True)
class ThresholdLine:
    name: str
    value: str  # with its unit
    rationale: str
    passage: str


@dataclass(frozen=True)
class NearMiss:
    expect: str  # "fires" or "silent"
    why: str
    answers: list[Answer]
    known_gap: bool  # it should, but does not yet


@dataclass
class RulePage:
    spec: RuleSpec
    about: str  # whom the rule judges: the firm, each collaboration, ...
    source: str  # the "Why (source)" text
    cited: str  # where in the paper: section, and case if any
    passages: list[str]  # the paper's words it rests on
    fires_when: str
    conditions: list[Condition]
    questions: list[str]  # the questions its traits read, in words
    thresholds: list[ThresholdLine]  # the named numbers its traits compare answers with
    limits: str
    tells: str  # the summary the firm reads, its blanks shown as [blank]
    outcomes: list[tuple[Case, Cell]]  # what it did in each example case, beside what was expected
    examples: list[NearMiss]  # the rule's own minimal answer sets, run as tests
    witness: list[Answer] | None
    witness_tentative: bool
    flags: list[str] = field(default_factory=list)  # what a reviewer should look at

    def witness_by_place(self) -> dict[str, list[Answer]]:
        """The witness's answers grouped by who gives them (the firm, an entry, the other side)."""
        return by_place(self.witness or [])

    def expected(self, what: str) -> list[tuple[Case, Cell]]:
        """The cases named (by the rule or by the case) where it should "fire" or stay "silent"."""
        return [(case, cell) for case, cell in self.outcomes if cell.expected == what]


@dataclass
class PropositionPart:
    proposition: Proposition
    rules: list[RulePage]  # the rules citing it
    also: list[RulePage]  # rules citing another entry that encode part of this one


@dataclass
class PaperPart:
    paper: Paper
    propositions: list[PropositionPart]


@dataclass
class Book:
    version: str
    content_hash: str
    papers: list[PaperPart]
    coverage: Coverage
    rule_titles: dict[str, str]
    uncited: list[RulePage]  # rules whose proposition is not registered (the check reports them)

    @property
    def rules(self) -> list[RulePage]:
        pages = [r for paper in self.papers for prop in paper.propositions for r in prop.rules]
        return pages + self.uncited

    @property
    def flagged(self) -> list[RulePage]:
        return [r for r in self.rules if r.flags]


def build_book(rb: RuleBase, coverage: Coverage, searches: dict[str, Search]) -> Book:
    writer = _Writer(rb, coverage, searches)
    pages = {spec.id: writer.page(spec) for spec in rb.parts.rules}
    papers = []
    for paper in rb.parts.papers:
        parts = [
            PropositionPart(
                prop,
                [pages[r.id] for r in rb.parts.rules if r.proposition == prop.id],
                [pages[r] for r in prop.rules if r in pages],
            )
            for prop in rb.parts.propositions
            if prop.paper == paper.id
        ]
        papers.append(PaperPart(paper, parts))
    registered = {p.id for p in rb.parts.propositions}
    return Book(
        version=rb.version,
        content_hash=rb.content_hash,
        papers=papers,
        coverage=coverage,
        rule_titles={r.id: r.title for r in rb.parts.rules},
        uncited=[pages[r.id] for r in rb.parts.rules if r.proposition not in registered],
    )


class _Writer:
    def __init__(self, rb: RuleBase, coverage: Coverage, searches: dict[str, Search]):
        self.rb = rb
        self.coverage = coverage
        self.searches = searches

    def page(self, spec: RuleSpec) -> RulePage:
        search = self.searches.get(spec.id)
        witness = search.witness if search else None
        outcomes = list(zip(self.coverage.cases, self.coverage.row(spec.id), strict=True))
        page = RulePage(
            spec=spec,
            about=self.about(spec),
            source=spec.doc_section(WHY),
            cited=_cited(spec),
            passages=[spec.citation.passage]
            if spec.citation and spec.citation.passage
            else single_quoted(spec.doc_section(WHY)),
            fires_when=spec.doc_section(WHEN),
            conditions=self.conditions(spec),
            questions=self.questions(spec),
            thresholds=self.thresholds(spec),
            limits=spec.doc_section(LIMITS),
            tells=_PLACEHOLDER.sub(lambda m: f"[{m.group(1).replace('_', ' ')}]", spec.summary),
            outcomes=outcomes,
            examples=[self.near_miss(e) for e in spec.examples],
            witness=self.witness(witness) if witness else None,
            witness_tentative=bool(witness and witness.tentative),
        )
        page.flags = self.flags(spec, outcomes, witness)
        return page

    def about(self, spec: RuleSpec) -> str:
        return " and ".join(self._scope_words(s) for s in spec.scopes)

    def _scope_words(self, scope: str) -> str:
        if scope == FIRM:
            return "the firm"
        if scope == COUNTERPART:
            return "the other side of the deal, beside the firm's own view"
        section = self.rb.bank.section_by_id.get(scope)
        return f"each {section.item_noun}" if section and section.item_noun else f"each entry of {scope}"

    def conditions(self, spec: RuleSpec) -> list[Condition]:
        out = [
            Condition(self.rb.trait(name, spec.scope).label, _wants(cond))
            for name, cond in spec.trait_conditions.items()
        ]
        for name, cond in spec.conclusion_conditions.items():
            concluders = [r for r in self.rb.parts.rules if name in r.concludes]
            named = " or ".join(f"{r.id} ({r.title})" for r in concluders) or "no rule"
            out.append(Condition(f"{named} has fired", "yes" if cond.all_states else "no"))
        return out

    def questions(self, spec: RuleSpec) -> list[str]:
        qids: dict[str, None] = {}
        for name in self.rb.feeding_traits(spec):
            qids.update(dict.fromkeys(self.rb.trait(name, spec.scope).uses))
        return [self.rb.bank.by_id[q].text for q in qids if q in self.rb.bank.by_id]

    def thresholds(self, spec: RuleSpec) -> list[ThresholdLine]:
        names: dict[str, None] = {}
        for name in self.rb.feeding_traits(spec):
            names.update(dict.fromkeys(self.rb.trait(name, spec.scope).thresholds))
        notes = self.rb.parts.thresholds
        return [
            ThresholdLine(n, f"{notes[n].value:g} ({notes[n].unit})", notes[n].rationale, notes[n].passage)
            for n in names
            if n in notes
        ]

    def witness(self, witness: Witness) -> list[Answer]:
        answers = []
        for (slot, qid), value in sorted(witness.answers.items(), key=lambda kv: _place_order(kv[0])):
            answers.append(Answer(self._place(slot.place, slot.entry), *self._words(qid, value)))
        return answers

    def near_miss(self, example: RuleExample) -> NearMiss:
        given = [(FIRM, 0, example.answers)]
        given += [(s, i, entry) for s, entries in example.items.items() for i, entry in enumerate(entries)]
        given += [(COUNTERPART, 0, example.counterpart)] if example.counterpart else []
        answers = [
            Answer(self._place(place, index), *self._words(qid, value))
            for place, index, values in given
            for qid, value in values.items()
        ]
        return NearMiss(example.expect, example.why, answers, example.known_gap)

    def _words(self, qid: str, value: Any) -> tuple[str, str]:
        question = self.rb.bank.by_id.get(qid)
        return (question.text, question.label_of(value)) if question else (qid, str(value))

    def _place(self, place: str, entry: int) -> str:
        if place == FIRM:
            return "the firm"
        if place == COUNTERPART:
            return "the other side"
        section = self.rb.bank.section_by_id.get(place)
        return f"{section.item_noun if section else place} {entry + 1}"

    def flags(self, spec: RuleSpec, outcomes: list[tuple[Case, Cell]], witness: Witness | None) -> list[str]:
        flags = []
        if not any(c.outcome.fired for _, c in outcomes):
            flags.append("fires in no example case")
        if not any(c.outcome is Outcome.SILENT for _, c in outcomes):
            flags.append("stays silent with its questions answered in no example case")
        wrong = [case.id for case, c in outcomes if not c.as_expected]
        if wrong:
            flags.append(f"not as its cases expect in {', '.join(wrong)}")
        # A named silent case that leaves the rule's questions unanswered proves nothing.
        unanswered = (Outcome.UNANSWERED, Outcome.NO_SUBJECT)
        vacuous = [case.id for case, c in outcomes if c.expected == "silent" and c.outcome in unanswered]
        if vacuous:
            flags.append(f"silent for {', '.join(vacuous)} only because its questions are unanswered there")
        if witness is None and spec.id in self.searches:
            flags.append("no answer set makes it fire (see `rules check`)")
        return flags


def by_place(answers: list[Answer]) -> dict[str, list[Answer]]:
    grouped: dict[str, list[Answer]] = {}
    for answer in answers:
        grouped.setdefault(answer.where, []).append(answer)
    return grouped


def _cited(spec: RuleSpec) -> str:
    if spec.citation is None:
        return ""
    case = f"; case: {spec.citation.case}" if spec.citation.case else ""
    return f"{spec.citation.section}{case}"


def encoded_by(part: PropositionPart, link: Callable[[RulePage], str]) -> str:
    """Which rules encode a proposition, as one sentence; `link` writes one rule's link in the
    book's format (HTML or Markdown)."""

    def links(pages: list[RulePage]) -> str:
        return ", ".join(link(page) for page in pages)

    elsewhere = "shown under the entry each cites"
    if not part.rules:
        return f"Encoded in part by {links(part.also)}, {elsewhere}."
    text = f"Encoded by {links(part.rules)}"
    text += f"; in part also by {links(part.also)}, {elsewhere}" if part.also else ""
    return text + "."


def outcome_counts(page: RulePage) -> str:
    """ "3 fired, 2 silent, ..." over every example case, leaving out outcomes that never happened."""
    counts = [(sum(c.outcome is o for _, c in page.outcomes), o) for o in Outcome]
    return ", ".join(f"{n} {o.value}" for n, o in counts if n)


def _wants(cond: Cond) -> str:
    words = " or ".join(STATE_WORDS.get(s, s.replace("_", " ")) for s in cond.accepts)
    if cond.tentative:
        words += " (or not yet known: then the finding is tentative)"
    return words


def _place_order(var: Any) -> tuple:
    slot = var[0]
    return (slot.place != FIRM, slot.place == COUNTERPART, slot.place, slot.entry, var[1])
