"""The report: summary first, pictures, findings with their evidence, what-if, downloads."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from advisor.api import default_rulebase
from advisor.app import action_plan
from advisor.app.actions import answers_fingerprint, changes_for, downloads, score, with_changes
from advisor.app.advisor_link import notes_by_finding
from advisor.app.draft import FIRM, Draft, DraftAnswer, is_visible, set_answer, set_plan
from advisor.app.other_side import OtherSide, applies, other_side, with_other_side
from advisor.app.report_views import (
    LEVEL_SCORE,
    STATE_RGB,
    cell_state,
    cell_words,
    compare_findings,
    hex_colour,
)
from advisor.core.assessment import Assessment
from advisor.core.bank import QuestionBank
from advisor.reporting import lead
from advisor.reporting.markdown import (
    KIND_WORD,
    TENTATIVE_WHY,
    by_framework,
    change_phrase,
    counts_phrase,
    evidence_phrase,
    md_escape,
)
from advisor.reporting.pdf import Notes
from advisor.reporting.report import Finding, Report
from app_pages.components import advisor, two_sided, ui
from rules.views import (
    ALIGNMENT_WORDS,
    COLLAB_BANDS,
    LEVEL_WORDS,
    STATE_WORDS,
    capabilities,
    collaboration_map,
    phase_matrix,
    value_chain,
)

SEVERITY_COLOUR = {"high": "red", "medium": "orange", "low": "blue", "info": "gray"}
SEVERITY_WORD = {
    "high": "High priority",
    "medium": "Medium priority",
    "low": "Low priority",
    "info": "For info",
}
STATE_COLOUR = {state: hex_colour(rgb) for state, rgb in STATE_RGB.items()}
SCALE_AXIS = alt.Axis(values=[1, 2, 3, 4, 5], format="d")  # the answers' own 1-5 steps, no 0.5 ticks
WHATIF_KEY = "whatif"
ADVANCED_KEY = "report.advanced"
PLAN_KEY = "report.plan"
CHANGES_KEY = "wwc.result"


def badge(f: Finding) -> str:
    colour = "green" if f.kind == "strength" else SEVERITY_COLOUR[f.severity]
    word = "Strength" if f.kind == "strength" else SEVERITY_WORD[f.severity]
    tentative = " · tentative" if f.confidence == "tentative" else ""
    return f":{colour}-badge[{word}{tentative}]"


def advanced() -> bool:
    """Advisors and teachers switch on rule ids, the papers' codes and the rules' own explanations."""
    return bool(st.session_state.get(ADVANCED_KEY))


def headline(report: Report) -> None:
    """The first screen: the problems that matter most, each with its first move, and strengths."""
    problems, strengths = lead.headline(report)
    st.subheader("What matters most")
    if not problems and not strengths:
        st.info("No findings yet. Answer more questions, starting with those at the end of this page.")
    for group in problems:
        with st.container(border=True):
            st.markdown(f"{badge(group.lead)} **{md_escape(group.lead.title)}**{where_group(group)}")
            st.write(md_escape(lead.plain(group.lead.summary)))
            if group.moves:
                st.markdown(f"**First move:** {md_escape(lead.plain(group.moves[0].text))}")
    if strengths:
        st.markdown("**What you do well**")
        for group in strengths:
            st.markdown(
                f"- :green-badge[Strength] **{md_escape(group.lead.title)}**{where_group(group)}: "
                f"{md_escape(lead.plain(group.lead.summary))}"
            )


def where_group(group: lead.FindingGroup) -> str:
    return f" — {md_escape(', '.join(group.where))}" if group.where else ""


def next_90_days(report: Report, draft: Draft) -> None:
    """The action list: the first move of each problem, with an owner and a date, saved as typed."""
    actions = action_plan.plan(report, draft.plan)
    if not actions:
        return
    st.subheader(f"Your next {action_plan.PLAN_DAYS} days")
    st.caption(
        "One move for each problem, the most important first. Add who does it and by when; it is saved."
    )
    # One card per step, its fields labelled: read whole and filled in on a phone, and by a screen
    # reader or the keyboard (a data grid drew the plan on a canvas and hid Owner and Due off-screen).
    for number, a in enumerate(actions, start=1):
        with st.container(border=True):
            st.markdown(f"**Step {number}: {md_escape(a.text)}**")
            st.caption(f"Because: {md_escape(a.because)}")
            done, owner, due = st.columns([2, 3, 3], vertical_alignment="bottom")
            keys = {field: f"{PLAN_KEY}.{field}.{a.move_id}" for field in ("done", "owner", "due")}
            ui.init_state(keys["done"], a.entry.done)
            ui.init_state(keys["owner"], a.entry.owner)
            ui.init_state(keys["due"], a.entry.due)
            done.checkbox(
                f"Step {number} done", key=keys["done"], on_change=_save_plan, args=(a.move_id, "done", keys)
            )
            owner.text_input(
                f"Who does step {number}",
                key=keys["owner"],
                max_chars=100,
                on_change=_save_plan,
                args=(a.move_id, "owner", keys),
            )
            due.date_input(
                f"Step {number} due by",
                key=keys["due"],
                format="YYYY-MM-DD",
                on_change=_save_plan,
                args=(a.move_id, "due", keys),
            )
    stem = report.firm_id
    left, right = st.columns(2)
    left.download_button(
        "Plan as CSV",
        data=lambda: action_plan.plan_csv(actions),
        file_name=f"{stem}-next-90-days.csv",
        mime="text/csv",
        key="plan.csv",
        on_click="ignore",
        width="stretch",
    )
    right.download_button(
        "Plan as Excel",
        data=lambda: action_plan.plan_xlsx(actions, report.firm_name),
        file_name=f"{stem}-next-90-days.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="plan.xlsx",
        on_click="ignore",
        width="stretch",
    )


def _save_plan(move_id: str, field: str, keys: dict[str, str]) -> None:
    value = st.session_state[keys[field]]
    ui.update(lambda d: set_plan(d, move_id, **{field: value.strip() if field == "owner" else value}))


def text_alternative(data: pd.DataFrame) -> None:
    """The chart's numbers as a table, for screen readers and for anyone who prefers to read."""
    with st.expander("The numbers as a table"):
        st.table(data.set_index(data.columns[0]))


def capability_chart(report: Report) -> None:
    levels = capabilities(report)
    if all(c.level == "unknown" for c in levels):
        st.caption("Shown when you answer the questions on sensing, acting and balancing.")
        return
    rows = [
        {"Capability": c.name, "Level": LEVEL_WORDS[c.level], "Score": LEVEL_SCORE[c.level]} for c in levels
    ]
    data = pd.DataFrame(rows)
    base = alt.Chart(data).encode(
        y=alt.Y("Capability:N", sort=None, title=None),
        x=alt.X("Score:Q", scale=alt.Scale(domain=[0, 3]), axis=None),
    )
    bars = base.mark_bar(color="#5b7fa3", cornerRadiusEnd=3)
    labels = base.mark_text(align="left", dx=6).encode(text="Level:N")
    summary = "; ".join(f"{c.name}: {LEVEL_WORDS[c.level].lower()}" for c in levels)
    st.altair_chart(
        (bars + labels).properties(height=170, description=f"Capabilities. {summary}."), width="stretch"
    )
    text_alternative(data[["Capability", "Level"]].assign(Meaning=[c.meaning for c in levels]))


def phase_chart(report: Report, assessment: Assessment) -> None:
    cells = phase_matrix(report, assessment, default_rulebase())
    if cells is None:
        st.caption("Shown when you offer, or plan to offer, an outcome-based deal.")
        return
    rows = [
        {
            "Phase": f"{c.phase}. {c.phase_name.capitalize()}",
            "Side": c.theme,
            "State": STATE_WORDS[c.state],
            "state": cell_state(c),
            "Missing": "; ".join(c.missing) or "—",
            "Other side": STATE_WORDS[c.theirs_state] if c.theirs_state else "—",
            "Views differ on": "; ".join(c.diverging) or "—",
            "Label": cell_words(c),
        }
        for c in cells
    ]
    data = pd.DataFrame(rows)
    base = alt.Chart(data).encode(
        x=alt.X(
            "Side:N",
            title=None,
            sort=["Value creation", "Value capture"],
            axis=alt.Axis(orient="top", labelAngle=0, labelFontSize=12),
        ),
        y=alt.Y("Phase:N", title=None, axis=alt.Axis(labelLimit=320, labelFontSize=12)),
    )
    rect = base.mark_rect(stroke="white", strokeWidth=3).encode(
        color=alt.Color(
            "state:N",
            scale=alt.Scale(domain=list(STATE_COLOUR), range=list(STATE_COLOUR.values())),
            legend=None,
        ),
        tooltip=["Phase", "Side", "State", "Missing", "Other side", "Views differ on"],
    )
    text = base.mark_text(fontSize=12, lineBreak=": ").encode(text="Label:N")
    described = "; ".join(f"{r['Phase']}, {r['Side']}: {r['Label']}" for r in rows)
    st.altair_chart((rect + text).properties(height=230, description=described), width="stretch")
    text_alternative(data[["Phase", "Side", "Label", "Missing"]].rename(columns={"Label": "State"}))
    for phase in (1, 2, 3):
        pair = [c for c in cells if c.phase == phase]
        missing = [m for c in pair for m in c.missing]
        line = f"**Phase {phase}** is {ALIGNMENT_WORDS[pair[0].alignment]}"
        st.markdown(line + (f". Missing: {md_escape('; '.join(missing))}." if missing else "."))
    if assessment.counterpart is not None:
        both_sides(cells, assessment.counterpart.firm_name)


def both_sides(cells: list, other: str) -> None:
    """Your view and the other side's, per cell; the activities where the two differ marked."""
    name = md_escape(other)
    st.markdown(f"**Your view and {name}'s**")
    for c in cells:
        line = (
            f"- Phase {c.phase}, {c.theme.lower()}: you — {STATE_WORDS[c.state].lower()}; "
            f"{name} — {STATE_WORDS[c.theirs_state or 'unknown'].lower()}"
        )
        if c.diverging:
            line += f"  \n  :orange-badge[Views differ] on {md_escape('; '.join(c.diverging))}"
        st.markdown(line)


def collaboration_chart(report: Report, assessment: Assessment) -> None:
    points = collaboration_map(report, assessment)
    if not points:
        st.caption("Shown when a collaboration has its connection and co-creation answered.")
        return
    data = pd.DataFrame(
        [
            {"Name": p.name, "Connection": p.connection, "Co-creation": p.co_creation, "Type": p.kind}
            for p in points
        ]
    )
    scale = alt.Scale(domain=[0.5, 5.5])
    base = alt.Chart(data).encode(
        x=alt.X("Connection:Q", scale=scale, title="How connected you are (1–5)", axis=SCALE_AXIS),
        y=alt.Y("Co-creation:Q", scale=scale, title="Value created jointly (1–5)", axis=SCALE_AXIS),
    )
    dots = base.mark_circle(size=180, opacity=0.85).encode(
        color=alt.Color("Type:N", title="Looks like a"), tooltip=["Name", "Type"]
    )
    names = base.mark_text(align="left", dx=10).encode(text="Name:N")
    bands = (
        alt.Chart(pd.DataFrame({"x": [COLLAB_BANDS["low"] + 0.5, COLLAB_BANDS["high"] - 0.5]}))
        .mark_rule(strokeDash=[4, 4], color="#999")
        .encode(x="x:Q")
    )
    described = "; ".join(f"{p.name}: connection {p.connection}, co-creation {p.co_creation}" for p in points)
    st.altair_chart(
        (bands + dots + names).properties(height=300, description=f"Collaborations. {described}."),
        width="stretch",
    )
    text_alternative(data)
    st.caption(
        "Left of the first line: a cluster (shared place or industry, little exchange). Between the "
        "lines: a network. Right of the second line with high co-creation: an ecosystem."
    )


def chain_ladder(bank: QuestionBank, assessment: Assessment) -> None:
    steps, positions = value_chain(bank, assessment)
    if not positions:
        st.caption("Shown when you say where you sit in the value chain.")
        return
    lines = []
    for number in range(len(steps), 0, -1):
        here = [md_escape(p.who) for p in positions if p.step == number]
        mark = f" ← **{', '.join(here)}**" if here else ""
        lines.append(f"{number}. {md_escape(steps[number - 1])}{mark}")
    st.markdown("Top: facing the end customer. Bottom: a part inside someone else's product.")
    st.markdown("\n".join(f"- {line}" for line in lines))


def pictures(report: Report, assessment: Assessment, draft: Draft, side: OtherSide | None) -> None:
    st.subheader("Your business at a glance")
    left, right = st.columns(2)
    with left, st.container(border=True):
        st.markdown("**Capabilities**")
        capability_chart(report)
    with right, st.container(border=True):
        st.markdown("**Where you sit in the value chain**")
        chain_ladder(ui.bank(), assessment)
    with st.container(border=True):
        st.markdown("**Outcome-based deal: are value creation and value capture aligned?**")
        phase_chart(report, assessment)
        two_sided.report_line(side, applies(ui.bank(), draft))
    with st.container(border=True):
        st.markdown("**Your collaborations**")
        collaboration_chart(report, assessment)


def finding_card(group: lead.FindingGroup, notes: Notes) -> None:
    f = group.lead
    with st.container(border=True):
        st.markdown(f"{badge(f)} **{md_escape(f.title)}**{where_group(group)}")
        st.write(md_escape(lead.plain(f.summary)))
        # One card stands for the rule across business models: an advisor's note on any of them shows.
        for member in group.findings:
            advisor.notes(member, notes)
        if f.confidence == "tentative":
            st.caption(f"Tentative: {TENTATIVE_WHY}.")
        if group.moves:
            st.markdown("**What you can do**")
            for m in group.moves:
                text, why = (md_escape(lead.plain(x)) for x in (m.text, m.rationale))
                source = f" ({md_escape(lead.source_words(m.source))})" if m.source else ""
                st.markdown(f"- {text}  \n  *Why:* {why}{source}")
        with st.expander("Because you answered"):
            for member in group.findings:
                if len(group.findings) > 1:
                    st.markdown(f"*{md_escape(member.subject_name or report_firm_word(member))}*")
                for a in member.evidence.answers:
                    said = f" — “{md_escape(a.evidence)}”" if a.evidence else ""
                    st.markdown(f"- {md_escape(a.question)} → *{md_escape(a.value_label)}*{said}")
            if advanced():
                st.caption(
                    f"{KIND_WORD[f.kind]} · {f.rule_id} · Source: {md_escape(f.citation.text)}. "
                    f"{md_escape(f.citation.paraphrase)}"
                )
            else:
                st.caption(f"From the research: {md_escape(lead.source_words(f.citation))}.")
            if f.citation.passage:
                st.markdown(f"*The paper:* “{md_escape(f.citation.passage)}”")
            st.caption(f"Evidence: {md_escape(evidence_phrase(f))}")
            if settling := lead.settlers(group):
                st.markdown("**What would settle it**")
                st.markdown("\n".join(f"- {md_escape(text)}" for text in settling))
        if advanced():
            # A popover, not an expander: Streamlit does not nest expanders; the rule is a side trip.
            with st.popover("Explain this rule", icon=":material/menu_book:"):
                ui.rule_explanation(f.rule_id)


def report_firm_word(f: Finding) -> str:
    return "The firm as a whole" if f.subject == "firm" else f.subject


def findings(report: Report, notes: Notes) -> None:
    st.subheader("All findings")
    for framework, items in by_framework(report).items():
        st.markdown(f"#### {md_escape(framework)}")
        for group in lead.grouped(items):
            finding_card(group, notes)
    if report.tensions:
        st.subheader("Tensions between moves")
        st.caption("Some of the moves above pull against each other. Choose knowingly.")
        for t in report.tensions:
            with st.container(border=True):
                st.markdown(
                    f"**{md_escape(lead.plain(t.moves[0].text))}**  \nversus  \n"
                    f"**{md_escape(lead.plain(t.moves[1].text))}**"
                )
                st.write(md_escape(lead.plain(t.explanation)))


def what_would_change(report: Report, assessment: Assessment) -> None:
    st.subheader("What would change this?")
    st.caption(
        "For each problem, and each strength within reach, the smallest change in your answers that "
        "would remove it or bring it. It shows what the finding rests on; it is not advice to answer "
        "differently."
    )
    fingerprint = answers_fingerprint(assessment)
    saved = st.session_state.get(CHANGES_KEY)
    if saved is None or saved[0] != fingerprint:
        if not st.button("Work out what would change this", key="wwc.run"):
            return
        saved = (fingerprint, changes_for(assessment, report))
        st.session_state[CHANGES_KEY] = saved
    items = saved[1]
    if not items:
        st.write("No problems to remove and no strength within reach of one or two changes.")
    for item in items:
        verb = "To remove" if item.goal == "remove" else "To gain"
        where_ = f" — {md_escape(item.subject_name)}" if item.subject != "firm" else ""
        with st.container(border=True):
            st.markdown(f"**{verb}: {md_escape(item.title)}**{where_}")
            if not item.alternatives:
                st.markdown("- No change of one or two answers would do it.")
            for alt in item.alternatives:
                st.markdown(f"- Change {change_phrase(alt.changes, md_escape)}")


def _question_key(scope: str, item: str, qid: str) -> str:
    return f"{scope}.{item}.{qid}" if scope != FIRM else qid


def sharpen(report: Report, draft: Draft) -> None:
    if not report.next_questions:
        return
    st.subheader("Questions that would sharpen this report")
    st.caption("Your answer is saved and the report updates at once.")
    bank = ui.bank()
    for nq in report.next_questions:
        question = bank.by_id[nq.question_id]
        scope = question.section if nq.item else FIRM
        if not is_visible(bank, question, draft, nq.item):
            continue  # a follow-up waits for its gate question, as in the questionnaire
        with st.container(border=True):
            if nq.item:
                st.caption(f"For {md_escape(nq.item)}")
            ui.answer_widget(
                question,
                draft.scope_answers(scope, nq.item).get(question.id),
                f"nq.{_question_key(scope, nq.item, question.id)}",
                lambda v, s=scope, i=nq.item, q=question.id: ui.update(lambda d: set_answer(d, s, i, q, v)),
            )
            st.caption(md_escape(nq.why))


def _question_choices(bank: QuestionBank, draft: Draft) -> list[tuple[str, str, str]]:
    out = [(FIRM, "", q.id) for q in bank.questions if not bank.section_by_id[q.section].repeat]
    for section in bank.repeat_sections:
        out += [
            (section.id, item, q.id) for item in draft.items(section.id) for q in bank.in_section(section.id)
        ]
    return out


def what_if(report: Report, draft: Draft) -> None:
    st.subheader("Try a change")
    st.caption(
        "See how the report would change if one of your answers were different. Nothing is saved "
        "unless you choose to keep the change."
    )
    bank = ui.bank()
    changes: dict = st.session_state.setdefault(WHATIF_KEY, {})
    choices = _question_choices(bank, draft)

    def label(choice: tuple[str, str, str]) -> str:
        scope, item, qid = choice
        question = bank.by_id[qid]
        now = draft.scope_answers(scope, item).get(qid)
        shown = question.label_of(now.value) if now and now.value is not None else "not answered"
        where_ = f"{item} · " if item else ""
        return f"{where_}{question.text} (now: {shown})"

    choice = st.selectbox("Question", choices, format_func=label, key="whatif.question", index=None)
    if choice is not None:
        scope, item, qid = choice
        question = bank.by_id[qid]
        current = changes.get(choice)
        stored = draft.scope_answers(scope, item).get(qid)
        shown = DraftAnswer(value=current) if current is not None else stored

        def remember(value, c=choice) -> None:
            st.session_state[WHATIF_KEY][c] = value

        ui.answer_widget(question, shown, f"wi.{_question_key(scope, item, qid)}", remember)
    if not changes:
        return
    tried = with_changes(draft, changes)
    _, new_report = score(bank, tried)
    diff = compare_findings(report, new_report)
    st.markdown("**With this change**")
    if not diff:
        st.write("The findings would stay the same.")
    for c in diff:
        f = c.finding
        where_ = f" — {md_escape(f.subject_name)}" if f.subject_name else ""
        if c.old is None:
            st.markdown(f":orange-badge[New] {md_escape(f.title)}{where_} ({f.severity})")
        elif c.new is None:
            st.markdown(f":green-badge[Gone] {md_escape(f.title)}{where_}")
        else:
            was, now = f"{c.old.severity}, {c.old.confidence}", f"{c.new.severity}, {c.new.confidence}"
            st.markdown(f":blue-badge[Changed] {md_escape(f.title)}{where_}: {was} → {now}")
    keep, drop = st.columns(2)
    if keep.button("Keep this change", key="whatif.keep", type="primary"):
        ui.update(lambda d: with_changes(d, changes))
        _reset_what_if()
        st.rerun()
    if drop.button("Undo", key="whatif.drop"):
        _reset_what_if()
        st.rerun()


def _reset_what_if() -> None:
    st.session_state[WHATIF_KEY] = {}
    for key in [k for k in st.session_state if str(k).startswith("wi.") or k == "whatif.question"]:
        del st.session_state[key]


def download_row(report: Report, assessment: Assessment, draft: Draft, notes: Notes) -> None:
    st.subheader("Take it with you")
    files = downloads(report, assessment, draft.plan, notes)
    # Three to a row: five buttons in one row of the centred layout cut their labels.
    columns = st.columns(3) + st.columns(3)
    for column, d in zip(columns, files, strict=False):
        column.download_button(
            d.label,
            data=d.make,
            file_name=d.file_name,
            mime=d.mime,
            key=f"download.{d.file_name.rsplit('-', 1)[-1]}",
            on_click="ignore",
            width="stretch",
        )


def page(code: str, draft: Draft, side: OtherSide | None = None) -> None:
    assessment, report = score(ui.bank(), draft)
    notes = notes_by_finding(draft.notes)
    st.title(f"Report: {md_escape(report.firm_name)}")
    top, switch = st.columns([3, 1], vertical_alignment="center")
    top.caption(
        f"{counts_phrase(report)} · "
        f"assessed {report.assessment_date}"
        + (f" · rule base {report.rulebase.version}" if advanced() else "")
    )
    switch.toggle(
        "Advanced", key=ADVANCED_KEY, help="Rule ids, the papers' codes and each rule's own explanation"
    )
    two_sided.new_answers_notice(draft, side)
    headline(report)
    next_90_days(report, draft)
    pictures(report, assessment, draft, side)
    findings(report, notes)
    what_would_change(report, assessment)
    sharpen(report, draft)
    what_if(report, draft)
    advisor.share_panel(code, draft)
    download_row(report, assessment, draft, notes)  # last: the founder leaves with the files


state = ui.current()
if state is None:
    st.title("Report")
    st.info("Start or resume an assessment on the Questionnaire page to see your report.")
    st.page_link("app_pages/questionnaire.py", label="Go to the questionnaire", icon=":material/edit_note:")
elif state[1].invitation is not None:  # the other side of a founder's deal sees no one's report
    two_sided.respondent_report(state[1])
else:
    side = other_side(ui.store(), state[0], ui.bank(), state[1])
    page(state[0], with_other_side(state[1], side), side)
