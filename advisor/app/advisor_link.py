"""A founder and an advisor on one assessment: an advisor link that reads and annotates.

The founder shares the assessment with a named advisor. The app saves a small row for the advisor
under a private code of its own (distinct from the founder's resume code), holding the founder's
code sealed with the advisor's (other_side.seal): the advisor's link opens the founder's answers and
report to read, add a note to any finding and propose actions, and never the questionnaire. The
founder's draft keeps the advisor's code sealed with the founder's, so the founder can show the link
again or withdraw it. Notes and proposals are saved on the founder's draft with who wrote them and
when; the founder sees them in the report and the PDF.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable

from advisor.app.draft import Advising, AdvisorLink, AdvisorNote, Draft, ProposedAction
from advisor.app.other_side import seal, unseal
from advisor.app.store.common import DraftStore, UnknownCode, now
from advisor.portfolio.actions import Action


class AdvisorRefused(ValueError):
    """The request cannot be done now; the message says why in plain words."""


def advisor_code(owner_code: str, draft: Draft) -> str | None:
    """The advisor's private code, for the founder who shared (None when not shared)."""
    link = draft.advisor
    return unseal(owner_code, link.nonce, link.sealed_code) if link else None


def share(store: DraftStore, code: str, advisor_name: str) -> str:
    """Give a named advisor read-and-annotate access; sharing again returns the same code."""
    draft = store.load(code)
    if draft is None:
        raise UnknownCode(code)
    existing = advisor_code(code, draft)
    if existing:
        return existing
    name = advisor_name.strip()
    if not name:
        raise AdvisorRefused("Give your advisor's name, so notes show who wrote them.")
    nonce = secrets.token_urlsafe(16)
    placeholder = Advising(firm_name=draft.firm_name, advisor_name=name, nonce=nonce, sealed_code="")
    theirs = store.create(Draft(firm_name=draft.firm_name, respondent_role="Advisor", advising=placeholder))
    sealed_founder = seal(theirs, nonce, code)
    store.update(
        theirs,
        lambda d: d.model_copy(
            update={"advising": placeholder.model_copy(update={"sealed_code": sealed_founder})}
        ),
    )
    own_nonce = secrets.token_urlsafe(16)
    link = AdvisorLink(advisor_name=name, nonce=own_nonce, sealed_code=seal(code, own_nonce, theirs))
    store.update(code, lambda d: d.model_copy(update={"advisor": link}))
    return theirs


def withdraw(store: DraftStore, code: str) -> None:
    """The founder stops sharing: the advisor's link no longer opens anything. Notes stay."""
    draft = store.load(code)
    theirs = advisor_code(code, draft) if draft else None
    if theirs is None:
        return

    def closed(d: Draft) -> Draft:
        assert d.advising is not None
        return d.model_copy(update={"advising": d.advising.model_copy(update={"withdrawn": True})})

    store.update(theirs, closed)
    store.update(code, lambda d: d.model_copy(update={"advisor": None}))


def founder_code(advisor: str, access: Draft) -> str | None:
    """The founder's code behind an advisor's link (None once withdrawn)."""
    if access.advising is None or access.advising.withdrawn:
        return None
    return unseal(advisor, access.advising.nonce, access.advising.sealed_code)


def shared_draft(store: DraftStore, advisor: str) -> tuple[str, Draft] | None:
    """The founder's code and draft an advisor's code opens, or None (unknown or withdrawn)."""
    access = store.load(advisor)
    code = founder_code(advisor, access) if access else None
    draft = store.load(code) if code else None
    return (code, draft) if code and draft else None


def add_note(store: DraftStore, advisor: str, finding: str, subject: str, text: str) -> AdvisorNote:
    """Save the advisor's note on a finding of the founder's assessment."""
    opened = shared_draft(store, advisor)
    access = store.load(advisor)
    if opened is None or access is None or access.advising is None:
        raise AdvisorRefused("This advisor link no longer opens the assessment.")
    if not text.strip():
        raise AdvisorRefused("Write the note first.")
    note = AdvisorNote(
        finding=finding, subject=subject, text=text.strip(), author=access.advising.advisor_name, at=now()
    )
    store.update(opened[0], lambda d: d.model_copy(update={"notes": [*d.notes, note]}))
    return note


def propose(
    store: DraftStore, advisor: str, finding: str, move: str, owner: str = "", due: dt.date | None = None
) -> ProposedAction:
    opened = shared_draft(store, advisor)
    access = store.load(advisor)
    if opened is None or access is None or access.advising is None:
        raise AdvisorRefused("This advisor link no longer opens the assessment.")
    proposal = ProposedAction(
        finding=finding,
        move=move,
        owner=owner.strip(),
        due=due,
        author=access.advising.advisor_name,
        at=now(),
    )
    store.update(opened[0], lambda d: d.model_copy(update={"proposed": [*d.proposed, proposal]}))
    return proposal


def notes_by_finding(notes: Iterable[AdvisorNote]) -> dict[tuple[str, str], list[str]]:
    """Each finding's notes as the report shows them: "text (author, time)"."""
    out: dict[tuple[str, str], list[str]] = {}
    for n in notes:
        out.setdefault((n.finding, n.subject), []).append(
            f"{n.text} ({n.author}, {n.at[:16].replace('T', ' ')} UTC)"
        )
    return out


def as_actions(firm_id: str, proposals: Iterable[ProposedAction]) -> list[Action]:
    """The advisor's proposals as rows of a portfolio's action plan (actions.csv)."""
    return [
        Action(
            firm_id=firm_id,
            finding=p.finding,
            move=p.move,
            owner=p.owner,
            due=p.due,
            note=f"proposed by {p.author} on {p.at[:10]}",
        )
        for p in proposals
    ]
