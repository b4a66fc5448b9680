"""The report: a stable, versioned pydantic model built from the engine's firings.

Every finding is assembled by one helper from the rule's own metadata plus the facts that
matched: nobody types a rule ID, citation or explanation into a message by hand.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict

from advisor.core.assessment import COUNTERPART, Assessment, Value
from advisor.core.bank import DONT_KNOW, NOT_APPLICABLE
from advisor.core.engine import Firing
from advisor.core.rulebase import RuleBase
from advisor.core.rulekit import Citation as ClaimCitation
from advisor.core.rulekit import Kind, Move, Paper, Proposition, RuleSpec, severity_rank
from advisor.core.subject import FIRM, Subject
from advisor.reporting.certainty import (
    BASIS_WORDS,
    Analysis,
    NextQuestion,
    Settler,
    basis_of,
    next_questions,
    settlers,
)

# 1.1: findings carry subject_name. 1.2: severity follows the stated policy (impact, evidence
# basis, answers behind it; strengths and insights "info"), findings carry impact, basis,
# answers_behind and settled_by, next questions are ranked by what they could change (tier,
# item_name), and the report carries counts and unused_answers.
REPORT_SCHEMA_VERSION = "1.2"


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AnswerEvidence(Model):
    question_id: str
    question: str
    value: Value
    value_label: str
    evidence: str = ""


class TraitEvidence(Model):
    name: str
    label: str
    state: str


class Evidence(Model):
    answers: list[AnswerEvidence]
    traits: list[TraitEvidence]


class Source(Model):
    """Where one claim comes from: the paper, its section and, when the claim rests on one case,
    that case and the paper's words (verbatim: `bmi-advisor rules check --papers` checks them).
    A claim that is advisor practice says so; the paper is then context only."""

    paper: str  # the paper's full reference
    section: str
    case: str = ""
    passage: str = ""
    advisor_practice: bool = False
    text: str  # in one line, e.g. "Johansson & Abrahamsson 2014, Findings, Seamless 2001"


class Citation(Source):
    """A finding's source: its claim (as Source) and the proposition of the registry it encodes."""

    proposition_id: str
    paraphrase: str  # the proposition in plain words


class MoveOut(Model):
    id: str
    text: str
    rationale: str
    source: Source | None = None


class Finding(Model):
    rule_id: str
    title: str
    kind: str
    severity: str
    # "firm", or "tentative" while an open answer could remove it or the answers do not settle it
    confidence: str
    framework: str
    subject: str  # "firm", or "<section>:<item id>"
    subject_name: str = ""  # what the firm calls that item (or its id); "" for the firm itself
    summary: str
    details: dict[str, Any]
    citation: Citation
    evidence: Evidence
    moves: list[MoveOut]
    impact: str = ""  # the severity the rule declares, before the policy weighs basis and answers
    basis: str = ""  # case_evidence | conceptual | research_agenda | advisor_practice
    basis_text: str = ""  # the basis in plain words
    answers_behind: int = 0  # answers given (not "don't know") among the questions it reads
    settled_by: list[Settler] = []  # for a tentative finding: the open answers, and what each would do


class TensionOut(Model):
    moves: list[MoveOut]
    rule_ids: list[str]
    explanation: str


class RuleBaseStamp(Model):
    version: str
    content_hash: str


class SubjectTraits(Model):
    subject: str
    traits: dict[str, str]


class Counts(Model):
    """Questions to answer over the firm and each business model and collaboration, counted as
    the questionnaire counts them: those asked now plus the follow-ups the answers may still open
    (optional context left out), those answered ("don't know" included: it is a choice), and
    those left."""

    asked: int
    answered: int
    dont_know: int
    left: int


class UnusedAnswers(Model):
    """Answers given under a gate left blank that several answers could open: not used."""

    gate_id: str
    gate: str
    question_ids: list[str]


class Report(Model):
    report_schema_version: str = REPORT_SCHEMA_VERSION
    firm_id: str
    firm_name: str
    assessment_date: dt.date
    respondent_role: str
    rulebase: RuleBaseStamp
    findings: list[Finding]
    tensions: list[TensionOut]
    next_questions: list[NextQuestion] | None  # None: not ranked in this build (build_report)
    subjects: list[SubjectTraits]
    questions_answered: int  # firm-level questions only, as in 1.1; `counts` counts every question
    questions_applicable: int
    counts: Counts | None = None
    unused_answers: list[UnusedAnswers] = []


class _Context:
    """A subject and the saved answers (values with evidence) its findings quote: prepared once per
    subject of a report, not once per finding (a firm has about ten findings on two or three subjects)."""

    def __init__(self, assessment: Assessment, subject: Subject):
        self.subject = subject
        self.scope = subject.scope
        self.firm_answers = assessment.answers
        self.item_answers = (
            assessment.item_answers(subject.scope, subject.item) if subject.scope != FIRM else {}
        )

    def answer(self, qid: str):
        # The firm's own answer comes first for the counterpart view: it is "what you answered".
        if self.scope == COUNTERPART:
            return self.firm_answers.get(qid)
        return self.item_answers.get(qid) or self.firm_answers.get(qid)


# What a finding repeats from its rule base is built once: the models are frozen, so every
# finding of every firm can share them. Keyed by value, so any rule base gets its own.
def source_fields(claim: ClaimCitation, paper: Paper) -> dict[str, Any]:
    """A claim's source as the report gives it (also for the app's rule explanations)."""
    where = f"{paper.short}, {claim.section}"
    if claim.case and claim.case not in claim.section:
        where += f", {claim.case}"
    practice = claim.basis == "advisor_practice"
    return {
        "paper": paper.citation,
        "section": claim.section,
        "case": claim.case,
        "passage": claim.passage,
        "advisor_practice": practice,
        "text": f"Advisor practice (context: {where})" if practice else where,
    }


@lru_cache(maxsize=1024)
def _citation(claim: ClaimCitation | None, prop: Proposition, papers: tuple[Paper, ...]) -> Citation:
    """The finding's claim as its rule cites it; a rule without its own citation cites its
    proposition's section."""
    by_id = {p.id: p for p in papers}
    claim = claim or ClaimCitation(prop.paper, prop.section)
    return Citation(
        **source_fields(claim, by_id[claim.paper]), proposition_id=prop.id, paraphrase=prop.paraphrase
    )


@lru_cache(maxsize=4096)
def _move(m: Move, papers: tuple[Paper, ...]) -> MoveOut:
    source = None
    if m.source is not None:
        paper = next(p for p in papers if p.id == m.source.paper)
        source = Source(**source_fields(m.source, paper))
    return MoveOut(id=m.id, text=m.text, rationale=m.rationale, source=source)


@lru_cache(maxsize=8192)
def _trait_evidence(name: str, label: str, state: str) -> TraitEvidence:
    return TraitEvidence(name=name, label=label, state=state)


def _evidence(rb: RuleBase, ctx: _Context, spec: RuleSpec, focus: list[str]) -> Evidence:
    """The answers and traits behind a finding; `focus`, if the rule gives one, narrows the
    answers to those that made the difference (e.g. the activities two sides disagree on)."""
    trait_names = rb.feeding_traits(spec)
    answers: list[AnswerEvidence] = []
    seen: set[str] = set()
    for name in trait_names:
        for qid in rb.trait(name, ctx.scope).uses:
            answer = ctx.answer(qid)
            if answer is None or qid in seen or (focus and qid not in focus):
                continue
            seen.add(qid)
            question = rb.bank.by_id[qid]
            answers.append(
                AnswerEvidence(
                    question_id=qid,
                    question=question.text,
                    value=answer.value,
                    value_label=question.label_of(answer.value),
                    evidence=answer.evidence,
                )
            )
    traits = ctx.subject.traits
    trait_out = [_trait_evidence(n, rb.trait(n, ctx.scope).label, str(traits[n])) for n in trait_names]
    return Evidence(answers=answers, traits=trait_out)


def _finding(rb: RuleBase, ctx: _Context, firing: Firing, analysis: Analysis, names: dict) -> Finding:
    spec = firing.rule
    subject = ctx.subject
    details = dict(spec.details(dict(subject.traits), subject.answers) or {}) if spec.details else {}
    extra_moves = details.pop("moves", [])
    focus = details.pop("focus_questions", [])
    prop = rb.propositions[spec.proposition]
    papers = tuple(rb.parts.papers)
    key = (spec.id, subject.scope, subject.item)
    verdict = analysis.base[key]
    tentative = key in analysis.tentative
    basis = basis_of(rb, spec)
    return Finding(
        rule_id=spec.id,
        title=spec.title,
        kind=spec.kind.value,
        severity=verdict.severity.value,
        confidence="tentative" if tentative else "firm",
        framework=rb.parts.frameworks.get(spec.framework, spec.framework),
        subject=subject.label,
        subject_name=subject.name,
        summary=spec.summary.format(item=subject.name, **details),
        details=details,
        citation=_citation(spec.citation, prop, papers),
        evidence=_evidence(rb, ctx, spec, focus),
        moves=[_move(m, papers) for m in (*spec.moves, *extra_moves)],
        impact=spec.severity.value,
        basis=basis.value,
        basis_text=BASIS_WORDS[basis],
        answers_behind=verdict.answers_behind,
        settled_by=settlers(analysis, key, names) if tentative else [],
    )


def _findings(
    rb: RuleBase, assessment: Assessment, firings: list[Firing], analysis: Analysis, names: dict
) -> list[Finding]:
    contexts: dict[tuple[str, str], _Context] = {}
    findings = []
    for firing in firings:
        if firing.rule.kind is Kind.DERIVATION:
            continue
        key = (firing.subject.scope, firing.subject.item)
        ctx = contexts.get(key)
        if ctx is None:
            ctx = contexts[key] = _Context(assessment, firing.subject)
        findings.append(_finding(rb, ctx, firing, analysis, names))
    return sorted(findings, key=_sort_key)


def _tensions(rb: RuleBase, findings: list[Finding]) -> list[TensionOut]:
    present: dict[str, tuple[MoveOut, str]] = {}
    for f in findings:
        for m in f.moves:
            present.setdefault(m.id, (m, f.rule_id))
    out = []
    for tension in rb.parts.tensions:
        a, b = tension.moves
        if a in present and b in present:
            out.append(
                TensionOut(
                    moves=[present[a][0], present[b][0]],
                    rule_ids=sorted({present[a][1], present[b][1]}),
                    explanation=tension.explanation,
                )
            )
    return out


def counts(rb: RuleBase, assessment: Assessment) -> Counts:
    """Questions asked, answered and left, counted as the questionnaire counts them (the bank's
    `tally`): the firm's questions and each entry's, follow-ups the answers open or may still open,
    optional context left out."""
    firm = assessment.firm_values()
    skip = rb.bank.context_questions
    tally = rb.bank.tally([q for q in rb.bank.questions if not _repeat(rb, q)], firm, None, skip)
    for section in rb.bank.repeat_sections:
        for entry in assessment.groups.get(section.id, []):
            own = {q: a.value for q, a in entry.answers.items()}
            tally += rb.bank.tally(rb.bank.in_section(section.id), firm, own, skip)
    return Counts(
        asked=tally.asked + tally.may_open,
        answered=tally.answered,
        dont_know=tally.dont_know,
        left=tally.left,
    )


def _repeat(rb: RuleBase, q) -> bool:
    return rb.bank.section_by_id[q.section].repeat


def _firm_counts(rb: RuleBase, assessment: Assessment) -> tuple[int, int]:
    """Report schema 1.1's counts, kept with their meaning: firm-level questions that apply,
    and those answered other than "don't know"."""
    firm_values = assessment.firm_values()
    answered = applicable = 0
    for q in rb.bank.questions:
        if _repeat(rb, q):
            continue
        if rb.bank.applies(q, firm_values):
            applicable += 1
            value = firm_values.get(q.id)
            answered += value is not None and value != DONT_KNOW and value != NOT_APPLICABLE
    return answered, applicable


def _unused_answers(rb: RuleBase, assessment: Assessment) -> list[UnusedAnswers]:
    gaps = rb.bank.unimplied_gates(assessment.firm_values())
    return [
        UnusedAnswers(gate_id=gate, gate=rb.bank.by_id[gate].text, question_ids=qids)
        for gate, qids in gaps.items()
    ]


def subject_names(analysis: Analysis) -> dict[tuple[str, str], str]:
    return {key: analysis.sheet.name(key) for key in analysis.sheet.keys}


def rank_next_questions(rb: RuleBase, assessment: Assessment, limit: int = 5) -> list[NextQuestion]:
    """The open questions worth asking next for this firm, best first, each with why we ask:
    the same ranking the report, the command line and the questionnaire show."""
    analysis = Analysis(rb, assessment)
    return next_questions(analysis, subject_names(analysis), limit)


def _sort_key(f: Finding) -> tuple:
    kind_order = {"problem": 0, "strength": 1, "insight": 2}
    return (
        severity_rank(f.severity),
        kind_order[f.kind],
        f.confidence != "firm",
        f.rule_id,
        f.subject,
    )


def build_report(rb: RuleBase, assessment: Assessment, *, rank_questions: bool = False) -> Report:
    """The firm's report. With `rank_questions`, the open questions worth asking next are ranked
    too (what the command line and the app show): trying every open answer costs tens of
    milliseconds, so batch scoring and comparisons leave it out (`next_questions` is then None)."""
    subjects, firings = rb.run(assessment)
    analysis = Analysis(rb, assessment, subjects, firings)
    names = subject_names(analysis)
    findings = _findings(rb, assessment, firings, analysis, names)
    answered, applicable = _firm_counts(rb, assessment)
    return Report(
        firm_id=assessment.firm_id,
        firm_name=assessment.firm_name,
        assessment_date=assessment.assessment_date,
        respondent_role=assessment.respondent_role,
        rulebase=RuleBaseStamp(version=rb.version, content_hash=rb.content_hash),
        findings=findings,
        tensions=_tensions(rb, findings),
        next_questions=next_questions(analysis, names) if rank_questions else None,
        subjects=[SubjectTraits(subject=s.label, traits=dict(s.traits)) for s in subjects],
        questions_answered=answered,
        questions_applicable=applicable,
        counts=counts(rb, assessment),
        unused_answers=_unused_answers(rb, assessment),
    )
