"""Both sides of an outcome-based deal on screen: the founder asks the other side (or joins its
file), the other side answers its own questions, the report says how far it got.

Rendering only; the logic is advisor/other_side.py, tested without Streamlit.
"""

from __future__ import annotations

import streamlit as st

from advisor.app import other_side
from advisor.app.actions import answers_json, answers_yaml
from advisor.app.draft import DEFAULT_FIRM_NAME, FIRM, Draft, set_answer, set_evidence, set_header
from advisor.app.other_side import FROM_FILE, OtherSide, OtherSideRefused
from advisor.core.assessment import AssessmentError
from advisor.reporting.markdown import md_escape
from app_pages.components import ui
from rules.views import by_phase

WHY = (
    "An outcome-based deal only works when both sides agree on what has been done. Ask the other "
    "firm to answer the deal's activity questions too: your report then shows where your views "
    "differ, and suggests a joint workshop on each of those activities."
)


# ---- the founder ----------------------------------------------------------------------------------
def founder_panel(code: str, draft: Draft) -> None:
    """In the outcome-based deals section, once its activity questions apply."""
    bank = ui.bank()
    if not other_side.applies(bank, draft):
        return
    side = other_side.other_side(ui.store(), code, bank, draft)
    with st.container(border=True):
        st.subheader("The other side of this deal")
        st.write(WHY)
        if side is None:
            _ask(code, draft)
            _upload(code)
        else:
            if side.source == FROM_FILE:
                st.markdown(md_escape(other_side.status_line(side)))
            else:
                _invited(side)
            _remove(code)
        relationship = draft.carried.get("relationship_id")
        if relationship:
            st.caption(
                f"Relationship id: {md_escape(str(relationship))}. Both sides' answer files carry it, "
                "so they are never mixed up with another deal's."
            )


def _ask(code: str, draft: Draft) -> None:
    st.markdown("**Ask the other side to answer**")
    own = "" if draft.firm_name == DEFAULT_FIRM_NAME else draft.firm_name
    with st.form("other.ask", border=False):
        their_name = st.text_input("The other firm's name", key="other.firm", max_chars=200)
        role = st.text_input(
            "Who there should answer (optional)",
            key="other.role",
            max_chars=200,
            placeholder="e.g. Head of operations",
        )
        own_name = st.text_input(
            "Your firm's name, as they know it", value=own, key="other.own_name", max_chars=200
        )
        if st.form_submit_button("Create a private link for them", key="other.invite", type="primary"):
            try:
                other_side.invite(ui.store(), code, ui.bank(), their_name, role, own_name)
            except OtherSideRefused as exc:
                st.error(str(exc))
            else:
                st.session_state.pop("hdr.firm_name", None)  # the header shows the name just given
                st.rerun()


def _upload(code: str) -> None:
    st.markdown("**Or use the other side's answers file**")
    st.caption(
        "A YAML or JSON file with their answers: one they filled in for the `bmi-advisor` command, "
        "or downloaded from this app."
    )
    upload = st.file_uploader("Their answers file", type=["yaml", "yml", "json"], key="other.file")
    if upload is not None and st.button("Use their answers", key="other.use_file"):
        try:
            other_side.use_file(ui.store(), code, ui.bank(), upload.name, upload.getvalue())
        except AssessmentError as exc:
            lines = "\n".join(f"- {md_escape(str(p))}" for p in exc.problems)
            st.error(f"This file cannot be used. Please fix:\n\n{lines}")
        except OtherSideRefused as exc:
            st.error(str(exc))
        else:
            st.rerun()


def _invited(side: OtherSide) -> None:
    st.markdown(md_escape(other_side.status_line(side)))
    st.write(
        f"Send this private link to {md_escape(side.firm_name)}. It opens only their questions: they "
        "never see your answers or your report. Anyone with the link can see and change their answers, so "
        "send it to them alone."
    )
    link = other_side.invite_link(st.context.url, side.code)
    if link:
        st.code(link, language=None)
    st.caption("Their private code, if they open the app themselves (under “Come back to your answers”):")
    st.code(side.code, language=None)


def _remove(code: str) -> None:
    if st.button("Remove the other side", key="other.remove"):
        other_side.remove(ui.store(), code)
        st.rerun()
    st.caption(
        "Your report then stops using their answers. If you invited them, their link tells them they "
        "are no longer asked; you can invite them again with a new link."
    )


NOTICE_KEY = "other.new_answers"


def new_answers_notice(draft: Draft, side: OtherSide | None) -> None:
    """Tell the founder when the other side has answered more since the report was last seen. The
    notice stays for this visit: the page may rerun right after it is first counted as seen."""
    if side is not None and side.source == other_side.INVITED and side.answered > draft.other_side_seen:
        more = side.answered - draft.other_side_seen
        st.session_state[NOTICE_KEY] = (
            f"New: {md_escape(side.firm_name)} has answered {more} more question{'s' if more != 1 else ''} "
            "since you last looked. Their view is in the outcome-based deal picture below."
        )
        ui.update(lambda d: set_header(d, other_side_seen=side.answered))
    if st.session_state.get(NOTICE_KEY):
        st.success(st.session_state[NOTICE_KEY], icon=":material/mark_email_unread:")


def report_line(side: OtherSide | None, asks: bool) -> None:
    """Under the phase matrix: whose view is beside the founder's, and how much of it is answered."""
    if side is not None:
        st.caption(md_escape(other_side.status_line(side)))
    elif asks:
        st.caption(
            "Want the other side's view too? Ask them under “The other side of this deal” in the "
            "questionnaire's outcome-based deals section."
        )


# ---- the other side ------------------------------------------------------------------------------
def respondent_page(code: str, draft: Draft) -> None:
    """What the other side of a founder's deal sees: who asks and why, its questions, nothing else."""
    invitation = draft.invitation
    assert invitation is not None
    asker = md_escape(invitation.asked_by_firm)
    st.title(f"Questions from {asker}")
    if invitation.withdrawn:
        st.info(
            f"{asker} no longer asks for your answers and no longer sees them. "
            "You can still download what you answered."
        )
        _downloads(draft)
        _resume_box(code, draft)
        return
    st.write(
        f"{asker} ({md_escape(invitation.asked_by_role)}) would like {md_escape(draft.firm_name)}'s "
        "view of the outcome-based deal between your two firms, where one side is paid for a result "
        f"it guarantees. {asker} answers the same questions from their side. Where your answers "
        "differ, their report suggests a joint workshop on that activity, to agree what “done” means "
        "and who does what next."
    )
    st.write(
        f"{asker} sees your answers, and any examples you add, as you save them. You do not see "
        "theirs, and they see nothing else of yours. **Don't know** is always a fine answer."
    )
    answered, asked = other_side.answered_count(draft)
    if not asked:
        st.info("There is nothing to answer right now. Come back with the same link later.")
    else:
        st.progress(answered / asked, text=f"{answered} of {asked} questions answered")
    ui.header_fields(draft, "Your firm's name")
    bank = ui.bank()
    for heading, questions in by_phase(invitation.questions):
        st.subheader(heading)
        for qid in questions:
            question = other_side.worded_for_them(bank.by_id[qid], invitation)
            stored = draft.answers.get(qid)
            with st.container(border=True):
                ui.answer_widget(
                    question,
                    stored,
                    f"q.{qid}",
                    lambda v, q=qid: ui.update(lambda d: set_answer(d, FIRM, "", q, v)),
                )
                ui.question_extras(
                    question,
                    stored,
                    f"ev.q.{qid}",
                    lambda text, q=qid: ui.update(lambda d: set_evidence(d, FIRM, "", q, text)),
                    f"{asker} answers the same question from their side. Where your answers differ, "
                    "their report suggests a joint workshop on this activity.",
                )
    _downloads(draft)
    _resume_box(code, draft)


def _downloads(draft: Draft) -> None:
    assessment = other_side.other_side_assessment(ui.bank(), draft)
    st.caption("Your answers as a file, for your records or for the `bmi-advisor` command.")
    left, right = st.columns(2)
    for column, label, suffix, make, mime in (
        (left, "Your answers as YAML", "yaml", answers_yaml, "application/x-yaml"),
        (right, "Your answers as JSON", "json", answers_json, "application/json"),
    ):
        column.download_button(
            label,
            data=lambda m=make: m(assessment),
            file_name=f"{assessment.firm_id}-answers.{suffix}",
            mime=mime,
            key=f"other.download.{suffix}",
            on_click="ignore",
            width="stretch",
        )


def _resume_box(code: str, draft: Draft) -> None:
    with st.expander("Come back later", icon=":material/bookmark:"):
        st.write(
            "This page's address holds your private code: bookmark it, or keep the code below. Anyone "
            f"with it can see and change these answers, so share it only with colleagues at "
            f"{md_escape(draft.firm_name)}."
        )
        st.code(code, language=None)
        if st.button("Leave and start an assessment of your own", key="leave"):
            ui.forget()
            st.rerun()
        ui.erase_box(code, "your answers")


def respondent_report(draft: Draft) -> None:
    """The report page, for the other side: no report of anyone's here."""
    invitation = draft.invitation
    assert invitation is not None
    st.title("Report")
    st.info(
        f"Your answers go into {md_escape(invitation.asked_by_firm)}'s report, beside their own. "
        "That report is theirs alone, just as only you and they see your answers."
    )
    st.page_link("app_pages/questionnaire.py", label="Back to your questions", icon=":material/edit_note:")
