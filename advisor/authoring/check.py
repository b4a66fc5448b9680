"""`rules check`: lint the rule base as a whole, the way a reviewer would, and say how to fix it.

Every check reads the loaded rule base (traits, rules, question bank, proposition registry), so it
works whatever files the knowledge is kept in. All problems are collected and reported together;
each names the file, the rule (or question, or trait) and the field, and says how to fix it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from advisor.authoring import lint
from advisor.authoring.problems import CHECKS, Problem, RuleBaseFiles, set_aside_known
from advisor.authoring.quotes import PaperLibrary, PaperText, single_quoted
from advisor.authoring.witness import Search, WitnessFinder
from advisor.core.bank import QuestionBank
from advisor.core.rulebase import RuleBase
from advisor.core.rulekit import Proposition, RuleBaseParts, RuleSpec

NO_PAPERS = "no papers folder given (--papers DIR)"


@dataclass
class CheckReport:
    problems: list[Problem]
    known: list[tuple[Problem, str]] = field(default_factory=list)  # each with its reason
    searches: dict[str, Search] = field(default_factory=dict)  # the witness search, per rule
    skipped: dict[str, str] = field(default_factory=dict)  # check -> why it did not run

    @property
    def ok(self) -> bool:
        return not self.problems

    def failing(self, check: str) -> list[Problem]:
        return [p for p in self.problems if p.check == check]


def check_rulebase(
    parts: RuleBaseParts,
    bank: QuestionBank,
    source_dir: Path,
    papers: PaperLibrary | None = None,
    no_papers: str = NO_PAPERS,
) -> CheckReport:
    """Every check over a rule base; quotations only given the papers (else `no_papers` says why).
    The witness search needs the rule base compiled: with a cycle or an unknown name it cannot
    be, and the other checks still run."""
    rb = RuleBaseFiles(parts, bank, source_dir)
    problems: list[Problem] = []
    for check in (lint.unknown_names, lint.unread_questions, lint.same_conditions, lint.contradictions):
        problems += check(rb)
    problems += lint.cycles(rb)
    problems += lint.citations(rb)
    report = CheckReport([])
    if papers is None:
        report.skipped["quotation"] = no_papers
    else:
        problems += quotations(rb, papers)
    if any(p.check in ("unknown-name", "cycle") for p in problems):
        report.skipped["unreachable"] = (
            "fix the unknown names and cycles first: the engine cannot compile them"
        )
    else:
        report.searches = {spec.id: search for spec, search in _witnesses(parts, bank, source_dir)}
        problems += [
            _unreachable(rb, parts, search) for search in report.searches.values() if not search.witness
        ]
    ran = [c for c in CHECKS if c not in report.skipped]
    report.problems, report.known = set_aside_known(problems, rb, ran)
    order = list(CHECKS)
    report.problems.sort(key=lambda p: (order.index(p.check), p.file, p.subject, p.field))
    return report


def _witnesses(parts: RuleBaseParts, bank: QuestionBank, source_dir: Path):
    finder = WitnessFinder(RuleBase(parts, bank, source_dir))
    return [(spec, finder.find(spec)) for spec in parts.rules]


def _unreachable(rb: RuleBaseFiles, parts: RuleBaseParts, search: Search) -> Problem:
    spec = next(r for r in parts.rules if r.id == search.rule_id)
    why = "; ".join(search.blocking) or "its conditions never hold together"
    how = "no answer set" if search.exhaustive else f"none of the {search.tried} answer sets tried"
    message = (
        f"{how} makes it fire ({why}); questions read: {', '.join(search.questions) or 'none'}. "
        "Loosen a condition, or fix the trait that cannot reach the state"
    )
    return Problem("unreachable", rb.rule_file(spec), spec.id, "when", message)


def quotations(rb: RuleBaseFiles, library: PaperLibrary) -> list[Problem]:
    """Every passage a rule shows as the paper's words must be the cited paper's words."""
    found: list[Problem] = []
    texts: dict[str, PaperText] = {}
    for paper in rb.parts.papers:
        text = library.find(paper.id, paper.citation)
        if isinstance(text, str):
            message = f"cannot check its quotations: {text}"
            found.append(Problem("quotation", rb.shown(library.folder), paper.id, "", message))
        else:
            texts[paper.id] = text
    shorts = {p.id: p.short for p in rb.parts.papers}
    propositions = {p.id: p for p in rb.parts.propositions}
    for spec in rb.parts.rules:
        for quoted in shown_quotations(spec, propositions):
            if quoted.paper not in texts:
                continue  # an unregistered paper (a citation problem) or no text (reported above)
            # Another paper's words are fine where the text names that paper beside them.
            named = [texts[p] for p, short in shorts.items() if short in quoted.context and p in texts]
            if any(t.has_quotation(quoted.words) for t in (texts[quoted.paper], *named)):
                continue
            message = _not_verbatim(quoted.words, quoted.paper, texts)
            found.append(Problem("quotation", rb.rule_file(spec), spec.id, quoted.field, message))
    # A threshold names no paper: its passage must be in one of them (checkable with all at hand).
    every_paper = len(texts) == len(rb.parts.papers)
    for name, note in rb.parts.thresholds.items():
        if every_paper and note.passage and not any(t.has_quotation(note.passage) for t in texts.values()):
            message = f"its passage '{_shorten(note.passage)}' is in none of the papers; copy it exactly"
            found.append(Problem("quotation", rb.thresholds_file, name, "passage", message))
    return found


@dataclass(frozen=True)
class Quoted:
    field: str
    paper: str  # the paper the words must be in
    words: str
    context: str = ""  # the text around them, which may name another paper


def shown_quotations(spec: RuleSpec, propositions: Mapping[str, Proposition]) -> list[Quoted]:
    """Every quotation a rule shows as a paper's words: its passage, its moves' passages, and
    whatever its source, summary and moves' grounding put in single quotes."""
    prop = propositions.get(spec.proposition)
    paper = spec.citation.paper if spec.citation else prop.paper if prop else ""
    out: list[Quoted] = []
    if spec.citation and spec.citation.passage:
        out.append(Quoted("citation.passage", paper, spec.citation.passage))
    prose = [(lint.WHY_FIELD, spec.doc_section(lint.WHY)), ("summary", _without_placeholders(spec.summary))]
    out += [Quoted(where, paper, q, text) for where, text in prose for q in single_quoted(text)]
    for move in spec.moves:
        key, source = move.id.rpartition(".")[2], move.source
        grounding = source.paper if source else paper
        if source and source.passage:
            out.append(Quoted(f"moves.{key}.source.passage", grounding, source.passage))
        out += [
            Quoted(f"moves.{key}.rationale", grounding, q, move.rationale)
            for q in single_quoted(move.rationale)
        ]
    return out


def _not_verbatim(words: str, paper: str, texts: Mapping[str, PaperText]) -> str:
    elsewhere = [p for p, t in texts.items() if t.has_quotation(words)]
    fix = (
        f"they are in {', '.join(elsewhere)}: cite that paper, or name it beside them"
        if elsewhere
        else f"copy the words from {texts[paper].name} exactly (mark a cut with '...')"
    )
    return f"'{_shorten(words)}' is not verbatim in {paper} ({texts[paper].name}); {fix}"


def _without_placeholders(template: str) -> str:
    # A summary is a template: a quoted '{item}' is the firm's word, not the paper's.
    return template.replace("'{", "{").replace("}'", "}")


def _shorten(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
