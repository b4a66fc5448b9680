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
from advisor.core.rulekit import SEVERITY_ORDER, UNKNOWN, Kind, Move, Paper, Proposition, RuleSpec, Severity
from advisor.core.subject import FIRM, Subject

REPORT_SCHEMA_VERSION = "1.1"  # 1.1: findings carry subject_name
NEXT_QUESTION_LIMIT = 5
SEVERITY_WEIGHT = {Severity.HIGH: 3.0, Severity.MEDIUM: 2.0, Severity.LOW: 1.0, Severity.INFO: 0.5}


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


class Citation(Model):
    proposition_id: str
    paper: str
    section: str
    paraphrase: str
    text: str


class MoveOut(Model):
    id: str
    text: str
    rationale: str


class Finding(Model):
    rule_id: str
    title: str
    kind: str
    severity: str
    confidence: str  # "firm", or "tentative" when the answers so far do not settle it
    framework: str
    subject: str  # "firm", or "<section>:<item id>"
    subject_name: str = ""  # what the firm calls that item (or its id); "" for the firm itself
    summary: str
    details: dict[str, Any]
    citation: Citation
    evidence: Evidence
    moves: list[MoveOut]


class TensionOut(Model):
    moves: list[MoveOut]
    rule_ids: list[str]
    explanation: str


class NextQuestion(Model):
    question_id: str
    item: str = ""
    text: str
    why: str
    rule_ids: list[str]


class RuleBaseStamp(Model):
    version: str
    content_hash: str


class SubjectTraits(Model):
    subject: str
    traits: dict[str, str]


class Report(Model):
    report_schema_version: str = REPORT_SCHEMA_VERSION
    firm_id: str
    firm_name: str
    assessment_date: dt.date
    respondent_role: str
    rulebase: RuleBaseStamp
    findings: list[Finding]
    tensions: list[TensionOut]
    next_questions: list[NextQuestion]
    subjects: list[SubjectTraits]
    questions_answered: int
    questions_applicable: int


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
@lru_cache(maxsize=1024)
def _citation(prop: Proposition, paper: Paper) -> Citation:
    return Citation(
        proposition_id=prop.id,
        paper=paper.citation,
        section=prop.section,
        paraphrase=prop.paraphrase,
        text=f"{paper.short}, {prop.section}",
    )


@lru_cache(maxsize=4096)
def _move(m: Move) -> MoveOut:
    return MoveOut(id=m.id, text=m.text, rationale=m.rationale)


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


def _is_tentative(firing: Firing) -> bool:
    spec = firing.rule
    if any(firing.subject.traits[n] in c.tentative for n, c in spec.trait_conditions.items()):
        return True
    return any(c.get("tentative") for c in firing.conclusions)


def _finding(rb: RuleBase, ctx: _Context, firing: Firing) -> Finding:
    spec = firing.rule
    subject = ctx.subject
    details = dict(spec.details(dict(subject.traits), subject.answers) or {}) if spec.details else {}
    extra_moves = details.pop("moves", [])
    focus = details.pop("focus_questions", [])
    prop = rb.propositions[spec.proposition]
    return Finding(
        rule_id=spec.id,
        title=spec.title,
        kind=spec.kind.value,
        severity=spec.severity.value,
        confidence="tentative" if _is_tentative(firing) else "firm",
        framework=rb.parts.frameworks.get(spec.framework, spec.framework),
        subject=subject.label,
        subject_name=subject.name,
        summary=spec.summary.format(item=subject.name, **details),
        details=details,
        citation=_citation(prop, rb.papers[prop.paper]),
        evidence=_evidence(rb, ctx, spec, focus),
        moves=[_move(m) for m in (*spec.moves, *extra_moves)],
    )


def _findings(rb: RuleBase, assessment: Assessment, firings: list[Firing]) -> list[Finding]:
    contexts: dict[tuple[str, str], _Context] = {}
    findings = []
    for firing in firings:
        if firing.rule.kind is Kind.DERIVATION:
            continue
        key = (firing.subject.scope, firing.subject.item)
        ctx = contexts.get(key)
        if ctx is None:
            ctx = contexts[key] = _Context(assessment, firing.subject)
        findings.append(_finding(rb, ctx, firing))
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


def _open_questions(rb: RuleBase, assessment: Assessment, subject: Subject) -> set[str]:
    """Questions of this subject that apply but are unanswered or "don't know"."""
    firm_values = assessment.firm_values()
    item_values = None
    answers = firm_values
    if subject.scope == COUNTERPART:
        return set()  # the other party's open questions are theirs to answer, not this respondent's
    if subject.scope != FIRM:
        entry = assessment.item_answers(subject.scope, subject.item)
        item_values = {q: a.value for q, a in entry.items()}
        answers = {**firm_values, **item_values}
    open_ids = set()
    for q in rb.bank.questions:
        section = rb.bank.section_by_id[q.section]
        if (section.repeat and q.section != subject.scope) or (not section.repeat and subject.scope != FIRM):
            continue
        if answers.get(q.id) in (None, DONT_KNOW) and rb.bank.applies(q, firm_values, item_values):
            open_ids.add(q.id)
    return open_ids


def _next_questions(
    rb: RuleBase, assessment: Assessment, subjects: list[Subject], firings: list[Firing]
) -> list[NextQuestion]:
    """Unanswered questions that could confirm, rule out or create the most findings.

    A rule counts when none of its conditions is contradicted by a known answer: either it fired
    tentatively, or it is silent only because some trait is unknown.
    """
    concluded = {(c["name"], f.subject.item) for f in firings for c in f.conclusions}
    concluded |= {(n, f.subject.item) for f in firings for n in f.rule.concludes}
    scores: dict[tuple[str, str], float] = {}
    reasons: dict[tuple[str, str], list[str]] = {}
    for subject in subjects:
        open_ids = _open_questions(rb, assessment, subject)
        if not open_ids:
            continue
        for spec in rb.parts.rules:
            if subject.scope not in spec.scopes:
                continue
            unknown_traits = []
            blocked = False
            for name, cond in spec.trait_conditions.items():
                state = subject.traits[name]
                if state in cond.accepts:
                    continue
                if state == UNKNOWN:
                    unknown_traits.append(name)
                else:
                    blocked = True
            for name, cond in spec.conclusion_conditions.items():
                if bool(cond.all_states) != ((name, subject.item) in concluded):
                    blocked = True
            if blocked or not unknown_traits:
                continue
            weight = 2.0 if spec.kind is Kind.DERIVATION else SEVERITY_WEIGHT[spec.severity]
            for name in unknown_traits:
                for qid in rb.trait(name, subject.scope).uses:
                    if qid in open_ids:
                        key = (qid, "" if subject.scope == FIRM else subject.item)
                        scores[key] = scores.get(key, 0.0) + weight
                        reasons.setdefault(key, [])
                        if spec.id not in reasons[key]:
                            reasons[key].append(spec.id)
    ranked = sorted(scores, key=lambda k: (-scores[k], k))[:NEXT_QUESTION_LIMIT]
    out = []
    for qid, item in ranked:
        ids = reasons[(qid, item)]
        titles = "; ".join(rb.rules[r].title for r in ids[:3])
        out.append(
            NextQuestion(
                question_id=qid,
                item=item,
                text=rb.bank.by_id[qid].text,
                why=f"Your answer could confirm or rule out: {titles}.",
                rule_ids=ids,
            )
        )
    return out


def _counts(rb: RuleBase, assessment: Assessment) -> tuple[int, int]:
    firm_values = assessment.firm_values()
    answered = applicable = 0
    for q in rb.bank.questions:
        if rb.bank.section_by_id[q.section].repeat:
            continue
        if rb.bank.applies(q, firm_values):
            applicable += 1
            value = firm_values.get(q.id)
            answered += value is not None and value != DONT_KNOW and value != NOT_APPLICABLE
    return answered, applicable


def _sort_key(f: Finding) -> tuple:
    kind_order = {"problem": 0, "strength": 1, "insight": 2}
    return (
        SEVERITY_ORDER[Severity(f.severity)],
        kind_order[f.kind],
        f.confidence != "firm",
        f.rule_id,
        f.subject,
    )


def build_report(rb: RuleBase, assessment: Assessment) -> Report:
    subjects, firings = rb.run(assessment)
    findings = _findings(rb, assessment, firings)
    answered, applicable = _counts(rb, assessment)
    return Report(
        firm_id=assessment.firm_id,
        firm_name=assessment.firm_name,
        assessment_date=assessment.assessment_date,
        respondent_role=assessment.respondent_role,
        rulebase=RuleBaseStamp(version=rb.version, content_hash=rb.content_hash),
        findings=findings,
        tensions=_tensions(rb, findings),
        next_questions=_next_questions(rb, assessment, subjects, firings),
        subjects=[SubjectTraits(subject=s.label, traits=dict(s.traits)) for s in subjects],
        questions_answered=answered,
        questions_applicable=applicable,
    )
