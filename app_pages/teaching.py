"""Teaching: answer a paper's case and compare with the expert key, follow a firm's journey, and
read why a rule fires. The logic is in advisor/teaching_views.py; this page only draws it."""

from __future__ import annotations

import streamlit as st

from advisor.app.draft import DraftAnswer
from advisor.app.teaching_views import (
    JOURNEYS,
    FindingLine,
    case_library,
    case_questions,
    check_against_key,
    explain_rule,
    firm_journey,
    rule_ids,
)
from advisor.core.assessment import AssessmentError
from advisor.reporting.markdown import md_escape
from app_pages.components import ui

ANSWERS_KEY = "teach.answers"  # case id -> {question id: value}
CHECKED_KEY = "teach.checked"  # case ids whose answers the student has submitted


def _finding_list(lines: list[FindingLine], empty: str) -> None:
    if not lines:
        st.write(empty)
    for f in lines:
        mark = ":green-badge[Same as the key]" if f.in_both else ":orange-badge[Differs]"
        who = f" — {md_escape(f.subject)}" if f.subject else ""
        st.markdown(f"{mark} **{md_escape(f.title)}**{who} ({f.rule_id})")


def comparison(case_id: str, answers: dict) -> None:
    try:
        check = check_against_key(case_id, answers)
    except AssessmentError as exc:
        st.error(md_escape(str(exc)))
        return
    st.subheader("Your answers beside the key")
    for a in check.answers:
        same = a.yours == a.key
        mark = ":green-badge[Same]" if same else ":orange-badge[Differs]"
        line = f"{mark} {md_escape(a.question)}  \nYou: *{md_escape(a.yours)}* · Key: *{md_escape(a.key)}*"
        st.markdown(line)
        if a.key_source and not same:
            st.caption(f"The paper: {md_escape(a.key_source)}")
    st.subheader("Your findings beside the expert's")
    left, right = st.columns(2)
    with left:
        st.markdown("**Your findings**")
        _finding_list(check.yours, "No findings from your answers.")
    with right:
        st.markdown("**The expert key's findings**")
        _finding_list(check.key, "No findings in the key.")
    st.subheader("Why the findings differ")
    if not check.comparison.findings:
        st.success("You reached the same findings as the expert key.")
    for d in check.comparison.findings:
        with st.container(border=True):
            side = "Only in your report" if d.only_in == "yours" else "In the key, not in your report"
            st.markdown(f"**{md_escape(d.title)}** ({d.rule_id}) — {side}")
            if d.because:
                st.markdown("Because of these answers:")
                for b in d.because:
                    st.markdown(
                        f"- {md_escape(b.question)} (you: {md_escape(b.yours)}, key: {md_escape(b.key)})"
                    )
            else:
                st.markdown("None of your answers that differ feed this finding directly.")
            st.caption(f"The paper: {md_escape(d.paper_says)}")
            with st.expander("Explain this rule"):
                ui.rule_explanation(d.rule_id)


def answer_a_case() -> None:
    cards = case_library()
    card = st.selectbox("Case", cards, format_func=lambda c: c.title, key="teach.case")
    if card is None:
        return
    st.markdown(md_escape(card.narrative))
    if card.discussion_questions:
        with st.expander("Instructor notes: questions for discussion"):
            for q in card.discussion_questions:
                st.markdown(f"- {md_escape(q)}")
    st.markdown("#### Your answers")
    st.caption(
        "The questions the expert answered for this firm; one you leave blank counts as “Don't know”. "
        "Collaborations, business models and the other side's view are taken as the case gives them."
    )
    answers: dict = st.session_state.setdefault(ANSWERS_KEY, {}).setdefault(card.case_id, {})
    for q in case_questions(card.case_id):
        with st.container(border=True):
            value = answers.get(q.id)
            ui.answer_widget(
                q,
                DraftAnswer(value=value) if value is not None else None,
                f"teach.{card.case_id}.{q.id}",
                lambda v, qid=q.id: answers.__setitem__(qid, v),
            )
    checked: set = st.session_state.setdefault(CHECKED_KEY, set())
    if st.button("Compare with the expert key", key="teach.check", type="primary"):
        checked.add(card.case_id)
    if card.case_id in checked:
        comparison(card.case_id, answers)


def journeys() -> None:
    st.caption("This shows the expert findings for these firms' cases: answer the cases first.")
    firm = st.selectbox("Firm", list(JOURNEYS), key="teach.journey", index=None, placeholder="Pick a firm")
    if firm is None:
        return
    j = firm_journey(firm)
    st.caption("The same firm at several moments, as the paper describes it.")
    for column, m in zip(st.columns(len(j.moments)), j.moments, strict=True):
        with column, st.container(border=True):
            st.markdown(f"**{m.date.year}**  \n{md_escape(m.title)}")
            for line in m.findings or ["No findings"]:
                st.markdown(f"- {md_escape(line)}")
    for s in j.steps:
        st.markdown(f"#### From {s.from_date.year} to {s.to_date.year}")
        for badge, lines in (
            (":green-badge[Resolved]", s.resolved),
            (":orange-badge[New]", s.appeared),
            (":blue-badge[Still there]", s.stayed),
        ):
            st.markdown(f"{badge} " + ("; ".join(md_escape(x) for x in lines) or "none"))


def rule_explorer() -> None:
    rule_id = st.selectbox(
        "Rule",
        rule_ids(),
        key="teach.rule",
        format_func=lambda r: f"{r} · {explain_rule(r).title}",
        index=None,
        placeholder="Pick a rule",
    )
    if rule_id:
        ui.rule_explanation(rule_id)


st.title("Teaching cases")
st.caption(
    "Firms from the research papers. Answer a case as you read it, then compare with the expert key: "
    "the key and its findings are shown only after you compare."
)
case_tab, journey_tab, rule_tab = st.tabs(["Answer a case", "Journeys", "Explain a rule"])
with case_tab:
    answer_a_case()
with journey_tab:
    journeys()
with rule_tab:
    rule_explorer()
