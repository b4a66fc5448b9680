"""A founder's answers in progress: incomplete, editable one answer at a time, saved as it goes.

A draft is looser than an Assessment: the founder may have typed evidence before choosing an
answer, or answered a question that a later change hides again. `to_assessment_data` turns it
into the strict file the command line reads, dropping what does not (yet) count.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from advisor.core.assessment import SCHEMA_VERSION, Assessment, assessment_to_data
from advisor.core.bank import Question, QuestionBank, Section, Tally

FIRM = "firm"  # the scope of questions about the firm as a whole, as opposed to a repeated section
DEFAULT_FIRM_NAME = "My firm"
DEFAULT_ROLE = "Founder"
# Parts of an uploaded file the questionnaire does not edit, kept so a download round-trips.
CARRIED_FIELDS = ("relationship_id", "counterpart", "case")


class DraftAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: Any = None  # None: not answered yet (evidence may already be typed)
    evidence: str = ""


class DraftItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    answers: dict[str, DraftAnswer] = Field(default_factory=dict)


class Invitation(BaseModel):
    """On the other side's draft: who asked it to answer, about which deal, and which questions.

    It holds nothing of the asking founder's answers: only names, the relationship id, and the
    ids of the questions the other side is asked (kept in step as the deal moves on).
    """

    model_config = ConfigDict(extra="forbid")

    asked_by_firm: str
    asked_by_role: str
    relationship_id: str
    questions: list[str] = Field(default_factory=list)
    deal_role: str = ""  # the other side's part in the deal: "provider", "customer", or "" (not said)
    withdrawn: bool = False  # the founder removed the other side: no longer asked, no longer read


class OtherSideLink(BaseModel):
    """On the founder's draft: the other side it asked, and that side's code, sealed (other_side.py)."""

    model_config = ConfigDict(extra="forbid")

    firm_name: str
    respondent_role: str
    nonce: str
    sealed_code: str


class AdvisorNote(BaseModel):
    """An advisor's note on one finding of the founder's report: who wrote it, and when."""

    model_config = ConfigDict(extra="forbid")

    finding: str  # the finding's rule id
    subject: str = "firm"  # the finding's subject, as in the report
    text: str = Field(min_length=1, max_length=2000)
    author: str = Field(min_length=1, max_length=200)
    at: str  # UTC, ISO 8601


class ProposedAction(BaseModel):
    """A move the advisor proposes for a finding; it joins the portfolio's action plan."""

    model_config = ConfigDict(extra="forbid")

    finding: str
    move: str = Field(min_length=1, max_length=1000)
    owner: str = Field(default="", max_length=200)
    due: dt.date | None = None
    author: str = Field(min_length=1, max_length=200)
    at: str


class AdvisorLink(BaseModel):
    """On the founder's draft: the advisor it was shared with, and that advisor's code, sealed."""

    model_config = ConfigDict(extra="forbid")

    advisor_name: str
    nonce: str
    sealed_code: str


class Advising(BaseModel):
    """The advisor's own saved row: the founder's code sealed with the advisor's, so the advisor's
    link opens the founder's assessment to read and annotate, and opens nothing else."""

    model_config = ConfigDict(extra="forbid")

    firm_name: str
    advisor_name: str
    nonce: str
    sealed_code: str
    withdrawn: bool = False


class PlanEntry(BaseModel):
    """What the founder wrote against one action of the report's "next 90 days" plan."""

    model_config = ConfigDict(extra="forbid")

    owner: str = ""
    due: dt.date | None = None
    done: bool = False


class Draft(BaseModel):
    model_config = ConfigDict(extra="forbid")

    firm_name: str = DEFAULT_FIRM_NAME
    firm_id: str = ""  # derived from the name unless a loaded file gave one
    respondent_role: str = DEFAULT_ROLE
    assessment_date: dt.date = Field(default_factory=dt.date.today)
    answers: dict[str, DraftAnswer] = Field(default_factory=dict)
    groups: dict[str, list[DraftItem]] = Field(default_factory=dict)
    carried: dict[str, Any] = Field(default_factory=dict)
    # Two-sided deals (advisor/other_side.py); absent from drafts saved before they existed.
    other_side: OtherSideLink | None = None  # a founder who asked the other side of a deal
    invitation: Invitation | None = None  # the other side, answering for a founder's deal
    # An advisor reading along (advisor/app/advisor_link.py); absent from older drafts.
    advisor: AdvisorLink | None = None  # a founder who shared the assessment with an advisor
    advising: Advising | None = None  # the advisor's link: opens the founder's draft, nothing else
    notes: list[AdvisorNote] = Field(default_factory=list)
    proposed: list[ProposedAction] = Field(default_factory=list)
    plan: dict[str, PlanEntry] = Field(default_factory=dict)  # by move id; absent from older drafts
    other_side_seen: int = 0  # the other side's answers the founder has seen on the report

    def scope_answers(self, scope: str, item: str = "") -> dict[str, DraftAnswer]:
        if scope == FIRM:
            return self.answers
        return next((e.answers for e in self.groups.get(scope, []) if e.id == item), {})

    def values(self, scope: str = FIRM, item: str = "") -> dict[str, Any]:
        return {q: a.value for q, a in self.scope_answers(scope, item).items() if a.value is not None}

    def items(self, section: str) -> list[str]:
        return [e.id for e in self.groups.get(section, [])]


def draft_from_assessment(assessment: Assessment) -> Draft:
    data = assessment_to_data(assessment)
    return Draft(
        firm_name=data["firm_name"],
        firm_id=data["firm_id"],
        respondent_role=data["respondent_role"],
        assessment_date=assessment.assessment_date,
        answers=data.get("answers", {}),
        groups=data.get("groups", {}),
        carried={k: data[k] for k in CARRIED_FIELDS if k in data},
    )


# ---- edits: each returns a new draft, so the store can apply it inside one transaction ----------
def set_answer(draft: Draft, scope: str, item: str, qid: str, value: Any) -> Draft:
    """Give, change or (with None) clear one answer; its evidence stays."""
    new = draft.model_copy(deep=True)
    if scope != FIRM and item not in new.items(scope):
        raise KeyError(f"no entry {item!r} in {scope}")
    new.scope_answers(scope, item).setdefault(qid, DraftAnswer()).value = value
    return new


def set_evidence(draft: Draft, scope: str, item: str, qid: str, evidence: str) -> Draft:
    new = draft.model_copy(deep=True)
    if scope != FIRM and item not in new.items(scope):
        raise KeyError(f"no entry {item!r} in {scope}")
    new.scope_answers(scope, item).setdefault(qid, DraftAnswer()).evidence = evidence
    return new


def set_plan(draft: Draft, move_id: str, **fields: Any) -> Draft:
    """Owner, due date or done for one action of the plan; the other fields stay."""
    new = draft.model_copy(deep=True)
    entry = new.plan.get(move_id, PlanEntry())
    new.plan[move_id] = PlanEntry.model_validate({**entry.model_dump(), **fields})
    return new


def set_header(draft: Draft, **fields: Any) -> Draft:
    return draft.model_copy(deep=True, update=fields)


def slug(text: str, fallback: str) -> str:
    """An id the assessment file accepts, made from a name a founder typed."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", text.strip().lower()).strip("-._")[:60]
    return cleaned or fallback


def add_item(draft: Draft, section: Section, name: str) -> tuple[Draft, str]:
    """A new entry of a repeated section, with an id unique in that section."""
    new = draft.model_copy(deep=True)
    taken = set(new.items(section.id))
    base = slug(name, section.item_noun.replace(" ", "-") or "item")
    item_id, n = base, 2
    while item_id in taken:
        item_id, n = f"{base}-{n}", n + 1
    named = section.name_question and name.strip()
    answers = {section.name_question: DraftAnswer(value=name.strip())} if named else {}
    new.groups.setdefault(section.id, []).append(DraftItem(id=item_id, answers=answers))
    return new, item_id


def item_name(draft: Draft, section: Section, item: str) -> str:
    """What the founder calls an entry (its name answer), else its id."""
    named = draft.scope_answers(section.id, item).get(section.name_question)
    return named.value.strip() if named and isinstance(named.value, str) and named.value.strip() else item


def remove_item(draft: Draft, section_id: str, item_id: str) -> Draft:
    new = draft.model_copy(deep=True)
    new.groups[section_id] = [e for e in new.groups.get(section_id, []) if e.id != item_id]
    return new


# ---- what the founder sees ----------------------------------------------------------------------
def is_visible(bank: QuestionBank, question: Question, draft: Draft, item: str = "") -> bool:
    """Shown once every answer it depends on is given and makes it apply ("don't know" opens
    follow-ups too): the bank's `asked`, the one definition the report and CLI count with."""
    section = bank.section_by_id[question.section]
    item_values = draft.values(section.id, item) if section.repeat else None
    return bank.asked(question, draft.values(), item_values)


def visible_questions(bank: QuestionBank, draft: Draft, section: Section, item: str = "") -> list[Question]:
    return [q for q in bank.in_section(section.id) if is_visible(bank, q, draft, item)]


@dataclass(frozen=True)
class SectionProgress:
    section: Section
    answered: int
    shown: int  # questions visible now; for a repeated section, summed over its entries
    entries: int  # entries of a repeated section (0 for others)
    # Follow-ups not shown yet that the answers so far leave open: their gate is unanswered or
    # "don't know". Counting them keeps "questions left" from jumping up when a gate opens them.
    may_open: int = 0

    @property
    def done(self) -> bool:
        if self.section.repeat:
            return self.entries > 0 and self.answered == self.shown
        return self.answered == self.shown

    @property
    def left(self) -> int:
        return self.shown - self.answered + self.may_open


@dataclass(frozen=True)
class Progress:
    sections: list[SectionProgress]

    @property
    def sections_done(self) -> int:
        return sum(s.done for s in self.sections)

    @property
    def questions_left(self) -> int:
        """Visible questions unanswered, plus the follow-ups the answers so far may still open."""
        return sum(s.left for s in self.sections)


def progress(bank: QuestionBank, draft: Draft, optional: frozenset[str] = frozenset()) -> Progress:
    """Answered and visible questions per section. "Don't know" counts as answered: it is a choice.

    Questions in `optional` (context no finding reads) are not counted: a section is done without them.
    A repeated section with no entries counts as not done, though a founder may rightly have none.
    """
    out = []
    firm_values = draft.values()
    for section in bank.sections:
        items = draft.items(section.id) if section.repeat else [""]
        tally = Tally()
        for item in items:
            item_values = draft.values(section.id, item) if section.repeat else None
            tally += bank.tally(bank.in_section(section.id), firm_values, item_values, optional)
        entries = len(items) if section.repeat else 0
        out.append(SectionProgress(section, tally.answered, tally.asked, entries, tally.may_open))
    return Progress(out)


def _counted(bank: QuestionBank, draft: Draft, section: Section, item: str) -> dict[str, dict[str, Any]]:
    """Answers of one scope that count: given, and of questions that apply with the answers as they
    are now. A follow-up answered before its gate changed stays in the draft, not in the file."""
    firm_values = draft.values()
    item_values = draft.values(section.id, item) if section.repeat else None
    out = {}
    for qid, answer in draft.scope_answers(section.id if section.repeat else FIRM, item).items():
        question = bank.by_id.get(qid)
        if answer.value is None or question is None or question.section != section.id:
            continue
        if bank.applies(question, firm_values, item_values):
            out[qid] = (
                {"value": answer.value, "evidence": answer.evidence} if answer.evidence else answer.value
            )
    return out


def to_assessment_data(bank: QuestionBank, draft: Draft) -> dict[str, Any]:
    """The assessment file for this draft, in the shape `bmi-advisor assess` reads."""
    answers: dict[str, Any] = {}
    for section in bank.sections:
        if not section.repeat:
            answers.update(_counted(bank, draft, section, ""))
    groups = {
        section.id: [{"id": item, "answers": _counted(bank, draft, section, item)} for item in items]
        for section in bank.repeat_sections
        if (items := draft.items(section.id))
    }
    return {
        "schema_version": SCHEMA_VERSION,
        "firm_id": draft.firm_id or slug(draft.firm_name, "my-firm"),
        "firm_name": draft.firm_name.strip() or DEFAULT_FIRM_NAME,
        "assessment_date": draft.assessment_date.isoformat(),
        "respondent_role": draft.respondent_role.strip() or DEFAULT_ROLE,
        "answers": answers,
        "groups": groups,
        **draft.carried,
    }
