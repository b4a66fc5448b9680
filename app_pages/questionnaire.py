"""The questionnaire: start (blank, a teaching case, a file, a resume code), then section by section."""

from __future__ import annotations

import json

import streamlit as st

from advisor.api import default_rulebase
from advisor.app.actions import assessment_of, draft_from_case, draft_from_upload, teaching_cases
from advisor.app.draft import (
    DEFAULT_FIRM_NAME,
    FIRM,
    Draft,
    add_item,
    item_name,
    progress,
    remove_item,
    set_answer,
    set_evidence,
    visible_questions,
)
from advisor.app.other_side import outcome_section, worded_for_founder
from advisor.app.question_guide import context_only, questionnaire_length, why_we_ask
from advisor.core.assessment import AssessmentError
from advisor.core.bank import Question, Section
from advisor.reporting.markdown import md_escape
from advisor.reporting.report import rank_next_questions
from app_pages.components import two_sided, ui

START_TEXT = (
    "BMI Advisor looks at how your business creates value and how it keeps a fair share of it, "
    "and points out risks and strengths that research on growing firms has found. Answer what you "
    "can; **Don't know** is always a fine answer. Your answers are saved as you go."
)


# After a move to another section, the reader starts at its heading: the page would otherwise stay
# scrolled where the "Next section" button was, and keyboard focus would be left on an element that
# is gone, so Tab would carry on from the middle of the new section. Runs once per move, never after
# an answer (that would pull the founder away from the question they are on).
MOVED_KEY = "section.moved"
MOVE_TO_SECTION = """<script>
(() => {
  let tries = 0;
  const go = () => {  // the heading is drawn by the section's own run: wait for it, briefly
    const heading = document.querySelector('[data-testid="stMain"] h2');
    if (heading && heading.innerText.trim().startsWith(TITLE)) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({preventScroll: true});
      heading.scrollIntoView({block: 'start'});
    } else if (++tries < 50) {
      setTimeout(go, 100);
    }
  };
  go();
})();
</script>"""


def start_screen() -> None:
    st.title("BMI Advisor")
    st.write(START_TEXT)
    st.markdown(questionnaire_length(ui.bank()).sentence())
    if st.session_state.pop("bad_code", False):
        st.warning("That resume code does not match any saved answers. Check it, or start again below.")
    if st.session_state.pop("erased", False):
        st.success(
            "Your answers were deleted for good; their resume code and any private links open nothing now."
        )
    bank = ui.bank()
    with st.container(border=True):
        st.subheader("Start a new assessment")
        firm = st.text_input(
            "Your firm's name", key="start.firm", max_chars=200, placeholder="As your report should call it"
        )
        if st.button("Start with a blank questionnaire", type="primary", key="start.blank"):
            ui.begin(Draft(firm_name=firm.strip() or DEFAULT_FIRM_NAME))
            st.rerun()
    with st.container(border=True):
        st.subheader("Come back to your answers")
        code = st.text_input("Your private resume code", key="start.code", type="password")
        if st.button("Resume", key="start.resume"):
            st.session_state[ui.CODE_KEY] = code.strip()
            ui.sync_resume_code()
            st.rerun()
    with st.container(border=True):
        st.subheader("Explore a teaching case")
        st.caption("A real firm's story from the research papers, already answered. Change it as you like.")
        cases = teaching_cases()
        chosen = st.selectbox("Teaching case", cases, format_func=lambda c: c.title, key="start.case")
        if st.button("Open this case", key="start.open_case") and chosen:
            ui.begin(draft_from_case(chosen, bank))
            st.rerun()
    with st.container(border=True):
        st.subheader("Open an assessment file")
        st.caption("A YAML or JSON file saved from this app or written for the `bmi-advisor` command.")
        upload = st.file_uploader("Assessment file", type=["yaml", "yml", "json"], key="start.file")
        if upload is not None and st.button("Open this file", key="start.open_file"):
            try:
                draft = draft_from_upload(upload.name, upload.getvalue(), bank)
            except AssessmentError as exc:
                lines = "\n".join(f"- {md_escape(str(p))}" for p in exc.problems)
                st.error(f"This file cannot be used yet. Please fix:\n\n{lines}")
            else:
                ui.begin(draft)
                st.rerun()


def resume_box(code: str) -> None:
    with st.expander("Come back later", icon=":material/bookmark:"):
        st.write(
            "Your answers are saved as you go. This page's address already holds your private "
            "resume code; bookmark it, or keep the code below somewhere safe. Anyone with the "
            "code can see and change these answers, so share it only with people you trust."
        )
        st.code(code, language=None)
        if st.button("Leave and start another assessment", key="leave"):
            ui.forget()
            st.rerun()
        ui.erase_box(code, "these answers, and those of any other side you asked,")


def question_block(draft: Draft, section: Section, item: str) -> None:
    scope = section.id if section.repeat else FIRM
    stored_all = draft.scope_answers(scope, item)
    prefix = f"q.{section.id}.{item}." if section.repeat else "q."
    optional = context_only()
    shown = visible_questions(ui.bank(), draft, section, item)
    main = [q for q in shown if q.id not in optional]
    extra = [q for q in shown if q.id in optional]

    def card(question: Question) -> None:
        question = worded_for_founder(question, draft)
        stored = stored_all.get(question.id)
        key = f"{prefix}{question.id}"
        kind = "optional" if question.id in optional else "card"
        with st.container(border=True, key=f"{kind}.{key}"):
            ui.answer_widget(
                question,
                stored,
                key,
                lambda v, q=question.id: ui.update(lambda d: set_answer(d, scope, item, q, v)),
            )
            ui.question_extras(
                question,
                stored,
                f"ev.{key}",
                lambda text, q=question.id: ui.update(lambda d: set_evidence(d, scope, item, q, text)),
                why_we_ask(question.id),
            )

    for question in main:
        card(question)
    if not extra:
        return
    heading = (
        f"{len(extra)} optional question{'s' if len(extra) > 1 else ''}: context for your report's readers"
    )
    if section.repeat:  # already inside the entry's expander, which cannot hold another
        st.markdown(f"**{heading}**")
        for question in extra:
            card(question)
        return
    answered = sum(q.id in draft.values() for q in extra)
    with st.expander(f"{heading} ({answered} answered)"):
        st.caption("No finding rests on these. Answer them if you want your report to carry the story.")
        for question in extra:
            card(question)


def repeated_section(draft: Draft, section: Section) -> None:
    noun = section.item_noun or "entry"
    for item in draft.items(section.id):
        with st.expander(f"{noun.capitalize()}: {md_escape(item_name(draft, section, item))}", expanded=True):
            question_block(draft, section, item)
            if st.button(f"Remove this {noun}", key=f"remove.{section.id}.{item}"):
                ui.update(lambda d, i=item: remove_item(d, section.id, i))
                st.rerun()
    with st.form(f"add.{section.id}", clear_on_submit=True, border=True):
        name = st.text_input(f"Add a {noun}: a short name", key=f"add.{section.id}.name", max_chars=60)
        if st.form_submit_button(f"Add {noun}"):
            ui.update(lambda d: add_item(d, section, name)[0])
            st.rerun()


def questionnaire(code: str, draft: Draft) -> None:
    bank = ui.bank()
    st.title(f"Questionnaire: {md_escape(draft.firm_name)}")
    ui.header_fields(draft, "Your firm's name")
    resume_box(code)
    ids = [s.id for s in bank.sections]
    ui.init_state("section", ids[0])
    # The labels never change while the founder answers: a label that changed (a ✓ appearing) made
    # Streamlit treat the box as new, throwing the founder back to section 1 and dropping the next
    # click. What is done is shown inside the section's fragment instead.
    st.selectbox(
        "Section", ids, key="section", format_func=lambda i: bank.section_by_id[i].title, on_change=_moved
    )
    section_body(code, st.session_state["section"])
    if st.session_state.pop(MOVED_KEY, False):
        # In the page's run, not the section's: a move ends with a rerun of the whole page, which
        # would remove the script before it ran. Its only data is the section's title, from the bank.
        title = json.dumps(bank.section_by_id[st.session_state["section"]].title)
        st.html(MOVE_TO_SECTION.replace("TITLE", title), unsafe_allow_javascript=True)


@st.fragment
def section_body(code: str, section_id: str) -> None:
    """The section and its progress. An answer reruns only this, not the page around it."""
    bank = ui.bank()
    state = ui.current()
    if state is None:
        return
    draft = state[1]
    status = progress(bank, draft, optional=context_only())
    total = len(status.sections)
    left = status.questions_left
    st.progress(
        status.sections_done / total,
        text=f"{status.sections_done} of {total} sections done · "
        f"{left} question{'' if left == 1 else 's'} left, counting the follow-ups your answers may open",
    )
    st.caption(
        " · ".join(
            f"✓ {s.section.title}" if s.done else f"{s.section.title}: {s.left} left" for s in status.sections
        )
    )
    worth_answering_next(draft)
    section = bank.section_by_id[section_id]
    st.header(section.title)
    st.write(section.intro)
    if section.repeat:
        repeated_section(draft, section)
    else:
        question_block(draft, section, "")
    if section_id == outcome_section(bank):
        two_sided.founder_panel(code, draft)
    ids = [s.id for s in bank.sections]
    position = ids.index(section_id)
    back, forward = st.columns(2)
    if position > 0 and back.button(
        "← Previous section", key="prev", on_click=_go, args=(ids[position - 1],)
    ):
        st.rerun()
    if position == len(ids) - 1:
        forward.page_link("app_pages/report.py", label="See your report →", icon=":material/description:")
    elif forward.button(
        "Next section →", key="next", on_click=_go, args=(ids[position + 1],), type="primary"
    ):
        st.rerun()


def worth_answering_next(draft: Draft) -> None:
    """The open questions that could change this firm's report most: the report's own ranking,
    tried only when the founder asks (it re-runs the rules for each open answer, 35-80 ms)."""
    if not st.toggle("Show the questions that would change my report most", key="show_next"):
        return
    bank = ui.bank()
    try:
        ranked = rank_next_questions(default_rulebase(), assessment_of(bank, draft), limit=3)
    except AssessmentError:
        st.caption("Fix the answers marked above first; then this shows what to answer next.")
        return
    if not ranked:
        st.caption("No open question would change your report now.")
    for n, question in enumerate(ranked):
        home = bank.section_by_id[bank.by_id[question.question_id].section]
        where = f"{home.title}, {question.item_name}" if question.item_name else home.title
        with st.container(border=True):
            st.markdown(f"**{md_escape(question.text)}**  \n{md_escape(question.why)}")
            st.button(f"Go to {where}", key=f"next_q.{n}", on_click=_go, args=(home.id,))


def _go(section_id: str) -> None:
    st.session_state["section"] = section_id
    _moved()


def _moved() -> None:
    st.session_state[MOVED_KEY] = True


state = ui.current()
if state is None:
    start_screen()
elif state[1].invitation is not None:  # the other side of a founder's deal, answering its questions
    two_sided.respondent_page(*state)
else:
    questionnaire(*state)
