"""The other side of an outcome-based deal: asking it to answer, and reading its answers live.

Sjödin et al. 2020 found alignment to be a joint matter and asked both sides of every deal. Here a
founder names the other firm; the app saves a separate draft for that respondent in the same store,
under its own private code, with the same relationship id. The other side is asked only the deal's
activity questions (those TS-01 and TS-02 compare) that the founder's answers make apply, and sees
nothing of the founder's answers. The founder's report joins the other side's answers as they are
saved, through the core's `join_counterpart`, exactly as `assess --counterpart` does. A file with
the other side's answers can be joined the same way instead.

The founder's draft keeps the other side's code sealed: XORed with a key stream derived by
HMAC-SHA256 from the founder's own code and a random nonce. The founder's session can show the link
again at any time, while whoever reads the database finds no code that opens anything (the promise
of advisor/store.py).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

from advisor.app.actions import assessment_from_upload, assessment_of
from advisor.app.draft import (
    DEFAULT_FIRM_NAME,
    Draft,
    Invitation,
    OtherSideLink,
    is_visible,
    slug,
    to_assessment_data,
)
from advisor.app.store.common import DraftStore, UnknownCode
from advisor.core.assessment import (
    COUNTERPART,
    Assessment,
    CounterpartView,
    join_counterpart,
    validate_assessment,
)
from advisor.core.bank import Question, QuestionBank
from rules.views import CUSTOMER_WORDING, OTHER_SIDE_QUESTIONS, OTHER_SIDE_ROLE_QUESTION

OPPOSITE_ROLE = {"provider": "customer", "customer": "provider"}
DEFAULT_OTHER_ROLE = {"provider": "Provider", "customer": "Customer", "": "Other side of the deal"}
_SEAL_CONTEXT = b"bmi-advisor: the other side's code"
INVITED, FROM_FILE = "invited", "file"


class OtherSideRefused(ValueError):
    """The founder cannot do this now; the message says why in plain words."""


# ---- which questions -----------------------------------------------------------------------------
def asked_questions(bank: QuestionBank, draft: Draft) -> list[str]:
    """The activity questions the founder's answers make apply, by the bank's own conditions (as on
    screen: phase 2 and 3 activities once the founder says the deal got that far)."""
    return [qid for qid in OTHER_SIDE_QUESTIONS if is_visible(bank, bank.by_id[qid], draft)]


def applies(bank: QuestionBank, draft: Draft) -> bool:
    """Whether asking the other side makes sense yet: some activity question applies."""
    return bool(asked_questions(bank, draft))


def worded_for(question: Question, deal_role: str, provider: str) -> Question:
    """The question as someone with `deal_role` in the deal reads it: a customer gets the customer's
    wording, naming the provider, instead of the provider's "you and the customer"."""
    wording = CUSTOMER_WORDING.get(question.id)
    if deal_role != "customer" or wording is None:
        return question
    return question.model_copy(update={"text": wording.format(provider=provider)})


def worded_for_them(question: Question, invitation: Invitation) -> Question:
    """The question as the other side reads it (they know the founder's firm by name)."""
    return worded_for(question, invitation.deal_role, invitation.asked_by_firm)


def worded_for_founder(question: Question, draft: Draft) -> Question:
    """The question as the founder reads it: a founder who buys the outcome deal is the customer."""
    return worded_for(question, str(draft.values().get(OTHER_SIDE_ROLE_QUESTION)), "the provider")


def outcome_section(bank: QuestionBank) -> str:
    return bank.by_id[OTHER_SIDE_QUESTIONS[0]].section


def their_deal_role(draft: Draft) -> str:
    """The other side's part in the deal, the opposite of the founder's (or "" when not said)."""
    return OPPOSITE_ROLE.get(str(draft.values().get(OTHER_SIDE_ROLE_QUESTION)), "")


# ---- the other side's code, sealed in the founder's draft ----------------------------------------
def _key_stream(owner_code: str, nonce: str, length: int) -> bytes:
    out, block = b"", 0
    while len(out) < length:
        message = b"|".join((_SEAL_CONTEXT, nonce.encode(), str(block).encode()))
        out += hmac.new(owner_code.encode(), message, hashlib.sha256).digest()
        block += 1
    return out[:length]


def _mix(owner_code: str, nonce: str, data: bytes) -> bytes:
    stream = _key_stream(owner_code, nonce, len(data))
    return bytes(a ^ b for a, b in zip(data, stream, strict=True))


def seal(owner_code: str, nonce: str, code: str) -> str:
    return base64.urlsafe_b64encode(_mix(owner_code, nonce, code.encode())).decode()


def unseal(owner_code: str, nonce: str, sealed: str) -> str:
    # With any other owner's code the result is noise, which matches no saved draft.
    return _mix(owner_code, nonce, base64.urlsafe_b64decode(sealed.encode())).decode(errors="replace")


def their_code(owner_code: str, draft: Draft) -> str | None:
    """The other side's private code, for the founder who asked it (None when nobody was asked)."""
    link = draft.other_side
    return unseal(owner_code, link.nonce, link.sealed_code) if link else None


def invite_link(base_url: str | None, code: str) -> str:
    """The address that opens the app on the other side's questions ("" when the address is not known)."""
    if not base_url:
        return ""
    parts = urlsplit(base_url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode({"resume": code}), ""))


# ---- asking, joining a file, removing ------------------------------------------------------------
def new_relationship_id(own_name: str, their_name: str) -> str:
    """A readable id for the relationship, unique enough to tell two deals apart."""
    return f"{slug(own_name, 'firm')[:30]}-{slug(their_name, 'other-side')[:30]}-{secrets.token_hex(3)}"


def invite(
    store: DraftStore, code: str, bank: QuestionBank, firm_name: str, role: str, own_name: str = ""
) -> str:
    """Save a draft for the other side of the founder's deal and return its private code.

    `own_name`, when given, becomes the founder's firm name: it is how the other side is told who
    asks. Asking again while an invitation stands returns the same code. Raises OtherSideRefused when
    a firm is not named or the founder already uses the other side's answers from a file.
    """
    draft = store.load(code)
    if draft is None:
        raise UnknownCode(code)
    existing = their_code(code, draft)
    if existing:
        return existing
    _check_free(draft)
    name, own_name = firm_name.strip(), own_name.strip() or draft.firm_name
    if not name:
        raise OtherSideRefused("Name the other firm first.")
    if not own_name or own_name == DEFAULT_FIRM_NAME:
        raise OtherSideRefused("Give your own firm's name, so they know who is asking.")
    draft = draft.model_copy(update={"firm_name": own_name})
    deal_role = their_deal_role(draft)
    role = role.strip() or DEFAULT_OTHER_ROLE[deal_role]
    relationship_id = str(draft.carried.get("relationship_id") or new_relationship_id(draft.firm_name, name))
    theirs = Draft(
        firm_name=name,
        firm_id=slug(name, "other-side"),
        respondent_role=role,
        carried={"relationship_id": relationship_id},
        invitation=Invitation(
            asked_by_firm=draft.firm_name,
            asked_by_role=draft.respondent_role,
            relationship_id=relationship_id,
            questions=asked_questions(bank, draft),
            deal_role=deal_role,
        ),
    )
    new_code = store.create(theirs)
    nonce = secrets.token_urlsafe(16)
    link = OtherSideLink(
        firm_name=name, respondent_role=role, nonce=nonce, sealed_code=seal(code, nonce, new_code)
    )

    def attach(d: Draft) -> Draft:
        _check_free(d)  # a second click (or tab) may have asked in the meantime
        new = d.model_copy(deep=True)
        new.other_side = link
        new.firm_name = own_name
        new.carried["relationship_id"] = relationship_id
        return new

    try:
        store.update(code, attach)
    except (OtherSideRefused, UnknownCode):
        store.update(new_code, _withdrawn)  # nobody holds this code: leave nothing open behind
        now = store.load(code)
        earlier = their_code(code, now) if now else None
        if earlier:
            return earlier  # a second click (or tab) asked first: its link is the one
        raise
    return new_code


def _check_free(draft: Draft) -> None:
    if draft.other_side is not None:
        raise OtherSideRefused(
            f"You have already asked {draft.other_side.firm_name}. Remove them first to use a file instead."
        )
    if COUNTERPART in draft.carried:
        name = draft.carried[COUNTERPART].get("firm_name", "the other side")
        raise OtherSideRefused(f"Your report already uses {name}'s answers from a file. Remove them first.")


def use_file(store: DraftStore, code: str, bank: QuestionBank, name: str, raw: bytes) -> CounterpartView:
    """Join the other side's answers file (YAML or JSON, as `assess --counterpart` reads it).

    Raises AssessmentError with the core's messages (a broken file, a different relationship id),
    or OtherSideRefused when the other side is already there.
    """
    other = assessment_from_upload(name, raw, bank)

    def attach(d: Draft) -> Draft:
        _check_free(d)
        own = assessment_of(bank, d)
        joined = join_counterpart(own, other, name)
        assert joined.counterpart is not None
        new = d.model_copy(deep=True)
        new.carried[COUNTERPART] = joined.counterpart.model_dump(mode="json")
        if other.relationship_id and not own.relationship_id:
            new.carried["relationship_id"] = other.relationship_id  # so later files must match it
        return new

    saved = store.update(code, attach)
    return CounterpartView.model_validate(saved.carried[COUNTERPART])


def remove(store: DraftStore, code: str) -> None:
    """Stop using the other side's answers. An invited side is told it is no longer asked; its
    answers stay under its own code, for it to download."""
    before = store.load(code)
    if before is None:
        raise UnknownCode(code)

    def detach(d: Draft) -> Draft:
        new = d.model_copy(deep=True)
        new.other_side = None
        new.carried.pop(COUNTERPART, None)
        return new

    store.update(code, detach)
    asked = their_code(code, before)
    if asked:
        with contextlib.suppress(UnknownCode):  # gone already: nothing left to tell
            store.update(asked, _withdrawn)


def erase_for_good(store: DraftStore, code: str) -> int:
    """Delete these answers for good (the right to erasure), with the answers of the other side
    they asked, whose private link then opens nothing; one transaction. How many drafts went.
    (An other side removed earlier keeps its answers under its own code: its link was handed over.)"""
    draft = store.load(code)
    if draft is None:
        return 0
    asked = their_code(code, draft)
    return store.delete([code, *([asked] if asked else [])])


def _withdrawn(d: Draft) -> Draft:
    new = d.model_copy(deep=True)
    if new.invitation is not None:
        new.invitation.withdrawn = True
    return new


# ---- the other side's own answers ----------------------------------------------------------------
def other_side_assessment(bank: QuestionBank, draft: Draft) -> Assessment:
    """The other side's answers as its own assessment file: the questions asked, the relationship id.

    The command line accepts it alone, or as `--counterpart` to the founder's file.
    """
    data = to_assessment_data(bank, draft)
    asked = set(draft.invitation.questions if draft.invitation else OTHER_SIDE_QUESTIONS)
    data["answers"] = {qid: value for qid, value in data["answers"].items() if qid in asked}
    data["groups"] = {}
    return validate_assessment(data, bank, f"{draft.firm_name}'s answers")


def answered_count(draft: Draft) -> tuple[int, int]:
    """(answered, asked) on the other side's own screen. "Don't know" counts: it is a choice."""
    asked = draft.invitation.questions if draft.invitation else []
    values = draft.values()
    return sum(q in values for q in asked), len(asked)


def _keep_in_step(store: DraftStore, code: str, bank: QuestionBank, draft: Draft) -> Draft | None:
    """The other side's draft, its questions and names updated when the founder's answers moved on."""
    theirs = store.load(code)
    if theirs is None or theirs.invitation is None:
        return None
    wanted = {
        "questions": asked_questions(bank, draft),
        "deal_role": their_deal_role(draft),
        "asked_by_firm": draft.firm_name,
        "asked_by_role": draft.respondent_role,
    }
    if all(getattr(theirs.invitation, k) == v for k, v in wanted.items()):
        return theirs

    def refresh(d: Draft) -> Draft:
        new = d.model_copy(deep=True)
        if new.invitation is not None:
            new.invitation = new.invitation.model_copy(update=wanted)
        return new

    return store.update(code, refresh)


# ---- what the founder's report uses --------------------------------------------------------------
@dataclass(frozen=True)
class OtherSide:
    source: str  # INVITED (answering in the app) or FROM_FILE
    firm_name: str
    respondent_role: str
    asked: int  # activity questions that apply to the deal now
    answered: int  # of those, how many the other side answered ("don't know" included)
    view: CounterpartView | None  # None when an invited side's answers cannot be found
    code: str = ""  # the other side's private code, when invited


def other_side(store: DraftStore, code: str, bank: QuestionBank, draft: Draft) -> OtherSide | None:
    """The founder's other side as it stands now (None when there is none).

    An invited side's answers are read live and joined with `join_counterpart`; its questions are
    kept in step with the founder's answers on the way.
    """
    asked = asked_questions(bank, draft)
    link = draft.other_side
    if link is not None:
        code_theirs = unseal(code, link.nonce, link.sealed_code)
        theirs = _keep_in_step(store, code_theirs, bank, draft)
        view = None
        if theirs is not None:
            joined = join_counterpart(
                assessment_of(bank, draft),
                other_side_assessment(bank, theirs),
                f"{theirs.firm_name}'s answers",
            )
            view = joined.counterpart
        name = view.firm_name if view else link.firm_name
        role = view.respondent_role if view else link.respondent_role
        answered = sum(q in view.answers for q in asked) if view else 0
        return OtherSide(INVITED, name, role, len(asked), answered, view, code_theirs)
    if COUNTERPART in draft.carried:
        view = CounterpartView.model_validate(draft.carried[COUNTERPART])
        answered = sum(q in view.answers for q in asked)
        return OtherSide(FROM_FILE, view.firm_name, view.respondent_role, len(asked), answered, view)
    return None


def with_other_side(draft: Draft, side: OtherSide | None) -> Draft:
    """The founder's draft with an invited side's current answers beside it, to score and download.

    Not saved: the other side's answers stay in its own draft, under its own code.
    """
    if side is None or side.source != INVITED or side.view is None:
        return draft
    new = draft.model_copy(deep=True)
    new.carried[COUNTERPART] = side.view.model_dump(mode="json")
    return new


def status_line(side: OtherSide) -> str:
    """One plain sentence for the report: whose view, and how many of its questions are answered."""
    whose = f"{side.firm_name} ({side.respondent_role})"
    if side.view is None:
        return f"The answers of {whose} cannot be found any more."
    if side.asked == 0:
        return f"{whose}: no questions about this deal's activities apply yet."
    count = f"{side.answered} of the {side.asked} question{'s' if side.asked != 1 else ''}"
    if side.source == FROM_FILE:
        return f"The other side's view comes from a file: {whose} answered {count} on this deal's activities."
    return f"{whose} has answered {count} asked so far."
