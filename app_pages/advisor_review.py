"""The advisor's page: a founder's shared assessment, to read, annotate and propose actions on.

Opened by the advisor's own link. The answers stay the founder's: nothing here changes them.
"""

from __future__ import annotations

import streamlit as st

from advisor.app import advisor_link
from advisor.app.actions import answers_yaml, score
from advisor.portfolio.actions import plan_csv
from advisor.reporting.markdown import by_framework, md_escape
from advisor.reporting.report import Finding
from app_pages.components import ui
from app_pages.components.advisor import notes


def _finding(advisor: str, f: Finding, written: dict[tuple[str, str], list[str]]) -> None:
    key = f"{f.rule_id}.{f.subject}"
    with st.container(border=True):
        where = f" ({md_escape(f.subject_name)})" if f.subject != "firm" else ""
        st.markdown(f"**{md_escape(f.title)}**{where} · {f.severity} · `{f.rule_id}`")
        st.write(md_escape(f.summary))
        notes(f, written)
        with st.form(f"note.{key}", clear_on_submit=True, border=False):
            text = st.text_area("Your note to the founder", key=f"note.text.{key}", max_chars=2000)
            if st.form_submit_button("Add note"):
                try:
                    advisor_link.add_note(ui.store(), advisor, f.rule_id, f.subject, text)
                except advisor_link.AdvisorRefused as exc:
                    st.error(str(exc))
                else:
                    st.rerun()
        if f.moves:
            with st.form(f"propose.{key}", clear_on_submit=True, border=False):
                move = st.selectbox(
                    "Propose a move as an action", [m.text for m in f.moves], key=f"move.{key}"
                )
                columns = st.columns(2)
                owner = columns[0].text_input("Owner", key=f"owner.{key}")
                due = columns[1].date_input("Due", value=None, key=f"due.{key}")
                if st.form_submit_button("Propose this action"):
                    advisor_link.propose(ui.store(), advisor, f.rule_id, move, owner, due)
                    st.rerun()


state = ui.current()
opened = advisor_link.shared_draft(ui.store(), state[0]) if state else None
if state is None or opened is None:
    st.title("Advisor review")
    st.error("This link no longer opens an assessment: the founder has stopped sharing it.")
    st.stop()
advisor, access = state
_, draft = opened
assessment, report = score(ui.bank(), draft)
st.title(f"Reviewing: {md_escape(report.firm_name)}")
st.caption(
    f"Shared with {md_escape(access.advising.advisor_name if access.advising else '')} · assessed "
    f"{report.assessment_date} by {md_escape(report.respondent_role)} · {report.questions_answered} of "
    f"{report.questions_applicable} questions answered. You can read and add notes; the answers stay "
    "the founder's."
)
columns = st.columns(2)
columns[0].download_button(
    "Assessment file for your portfolio folder",
    answers_yaml(assessment),
    file_name=f"{assessment.firm_id}_{assessment.assessment_date}.yaml",
    mime="application/x-yaml",
    key="advisor.assessment",
    help="Put it in the folder you score with `bmi-advisor batch FOLDER`.",
)
columns[1].download_button(
    "Proposed actions for your action plan (CSV)",
    plan_csv(advisor_link.as_actions(assessment.firm_id, draft.proposed)),
    file_name=f"{assessment.firm_id}-actions.csv",
    mime="text/csv",
    key="advisor.actions",
    disabled=not draft.proposed,
)
written = advisor_link.notes_by_finding(draft.notes)
for framework, items in by_framework(report).items():
    st.subheader(framework)
    for f in items:
        _finding(advisor, f, written)
