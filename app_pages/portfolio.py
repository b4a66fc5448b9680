"""Portfolio page: many firms at a glance, one firm opened, its comparison and its action plan.

Thin on purpose: everything shown comes from advisor.app.portfolio_view (tested without Streamlit).
An upload is scored once per content (the cache key is its hash); filters run inside the heat map,
and opening a firm or editing its actions reads what was scored.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from advisor.api import default_rulebase
from advisor.app import portfolio_view as pv
from advisor.core.assessment import AssessmentError
from advisor.portfolio import actions
from advisor.portfolio.diff import change_marks
from advisor.portfolio.inputs import csv_template
from advisor.reporting.markdown import to_markdown
from app_pages.components.heatmap import heatmap

UPLOAD_TYPES = ["csv", "tsv", "xlsx", "jsonl"]
PLAN_TYPES = ["csv", "xlsx"]
CACHED_PORTFOLIOS = 4  # uploads kept scored at once, per server


@st.cache_resource(max_entries=CACHED_PORTFOLIOS, show_spinner=False)
def _scored(content: str, name: str, _data: bytes) -> pv.PortfolioView:
    """Scored once per content and file name (messages name the file); the first time shows a bar."""
    bar = st.progress(0.0, text=f"Scoring {name}…")

    def progress(done: int, expected: int | None) -> None:
        if done % 25 == 0 or done == expected:
            share = min(done / expected, 1.0) if expected else 0.0
            bar.progress(
                share, text=f"Scoring {name}: {done}" + (f" of {expected}" if expected else "") + " firms"
            )

    try:
        return pv.from_upload(_data, name, default_rulebase(), progress=progress)
    finally:
        bar.empty()


@st.cache_resource(max_entries=CACHED_PORTFOLIOS, show_spinner=False)
def _folder(folder: str, _stamp: float) -> pv.PortfolioView:
    return pv.from_folder(Path(folder), default_rulebase())


@st.cache_resource(max_entries=CACHED_PORTFOLIOS, show_spinner=False)
def _heatmap(identity: str, _view: pv.PortfolioView, _previous: pv.PortfolioView | None) -> str:
    return pv.heatmap(_view, pv.changes(_view, _previous))


def _from_folder(folder: str) -> tuple[pv.PortfolioView, str]:
    pv.check_allowed(Path(folder))
    index = Path(folder) / "portfolio.jsonl"
    stamp = index.stat().st_mtime_ns if index.is_file() else 0
    return _folder(folder, stamp), f"{folder}@{stamp}"


def _load() -> tuple[pv.PortfolioView | None, pv.PortfolioView | None, str]:
    """The portfolio, the previous round if given, and what identifies the pair."""
    if pv.folder_root() is None:  # reading the server's folders is the operator's choice
        source = "Upload survey answers"
        st.caption(
            f"Opening a batch output folder on this server is switched off (the operator turns it on "
            f"with {pv.ROOT_ENV}=/folder/of/portfolios); upload the survey answers instead."
        )
    else:
        source = st.radio(
            "Portfolio", ["Upload survey answers", "Batch output folder"], key="pf_source", horizontal=True
        )
    try:
        if source == "Batch output folder":
            folder = st.text_input("Folder written by `bmi-advisor batch`", key="pf_folder")
            earlier = st.text_input("Previous round's folder (optional)", key="pf_previous_folder")
            if not folder:
                return None, None, ""
            current, ident = _from_folder(folder)
            previous, before = _from_folder(earlier) if earlier else (None, "")
            return current, previous, f"{ident}|{before}"
        upload = st.file_uploader("Answers: CSV, XLSX or JSON Lines", type=UPLOAD_TYPES, key="pf_upload")
        earlier = st.file_uploader("Previous round (optional)", type=UPLOAD_TYPES, key="pf_previous_upload")
        if upload is None:
            return None, None, ""
        data = upload.getvalue()
        current = _scored(pv.digest(data), upload.name, data)
        previous = None
        ident = pv.digest(data)
        if earlier is not None:
            old = earlier.getvalue()
            previous = _scored(pv.digest(old), earlier.name, old)
            ident += "|" + pv.digest(old)
        return current, previous, ident
    except AssessmentError as exc:
        st.error(str(exc))
        return None, None, ""


def _template() -> None:
    bank = default_rulebase().bank
    st.caption(
        "One row per firm and date: firm_id, firm_name, assessment_date, respondent_role, an optional "
        "sector, then one column per question."
    )
    st.download_button(
        "Blank spreadsheet with every column (CSV)",
        csv_template(bank, dt.date.today()),
        file_name="bmi-advisor-template.csv",
        mime="text/csv",
        key="pf_template",
    )


# ---------------------------------------------------------------- one firm


def _plan() -> list[actions.Action]:
    return st.session_state.setdefault("pf_plan", [])


def _firm(view: pv.PortfolioView, previous: pv.PortfolioView | None, entry, diff) -> None:
    st.subheader(entry.firm_name)
    profile = " · ".join(f"{k}: {v}" for k, v in entry.profile.items())
    st.caption(f"{entry.firm_id} · assessed {entry.assessment_date} · {entry.respondent_role} · {profile}")
    if diff is not None:
        firm_diff = next((f for f in diff.firms if f.firm_id == entry.firm_id), None)
        if firm_diff is not None and firm_diff.new_date == entry.assessment_date:
            st.markdown(
                f"**Since the previous round ({firm_diff.old_date or '—'}):** {change_marks(firm_diff)[0]}"
            )
            for c in firm_diff.changes:
                severity = f"{c.old_severity or '—'} → {c.new_severity or '—'}"
                st.text(f"{c.change:9} {c.rule_id:6} {c.title} ({severity})")

    st.markdown("**Compared with similar firms**")
    pooled = st.toggle(
        "Pool this round with the previous one",
        key="pf_pooled",
        disabled=previous is None,
        help="More comparable firms, when a round alone has too few",
    )
    comparison = pv.peer_pool(view, previous, pooled).compare(entry)
    if comparison.suppressed:
        st.info(f"Not compared: {comparison.suppressed}.")
    else:
        st.caption(f"Compared with {comparison.described}. Figures are counts of firms, never names.")
    st.dataframe(pv.comparison_rows(entry, comparison), hide_index=True, key="pf_compare")

    try:
        report = view.report(entry)
    except (AssessmentError, OSError, ValueError) as exc:
        st.error(f"the report of {entry.firm_id} cannot be read: {exc}")
        return
    _actions(view, entry, report)
    with st.expander("The firm's report"):
        st.markdown(to_markdown(report))


def _actions(view: pv.PortfolioView, entry, report) -> None:
    st.markdown("**Agreed actions**")
    plan = pv.saved_plan(view) if view.folder is not None else _plan()
    mine = [a for a in plan if a.firm_id == entry.firm_id]
    if mine:
        st.dataframe(
            [{c: v for c, v in zip(actions.COLUMNS[1:], a.cells()[1:], strict=True)} for a in mine],
            hide_index=True,
            key="pf_firm_actions",
        )
    moves = pv.proposed_moves(report)
    with st.form("pf_add_action", clear_on_submit=True):
        choice = st.selectbox(
            "Move",
            range(len(moves)),
            format_func=lambda i: f"{moves[i][1]} ({moves[i][0]})",
            index=None,
            placeholder="Pick a move from the findings",
            key="pf_move",
        )
        columns = st.columns(3)
        owner = columns[0].text_input("Owner", key="pf_owner")
        due = columns[1].date_input("Due", value=None, key="pf_due")
        status = columns[2].selectbox("Status", actions.STATUSES, key="pf_status")
        note = st.text_input("Note", key="pf_note")
        if st.form_submit_button("Add action") and choice is not None:
            finding, move = moves[choice]
            new = actions.Action(
                firm_id=entry.firm_id,
                finding=finding,
                move=move,
                owner=owner,
                due=due,
                status=status,
                note=note,
            )
            _save(view, actions.merged(plan, [new]))
            st.rerun()


def _save(view: pv.PortfolioView, plan: list[actions.Action]) -> None:
    if view.folder is not None:
        pv.keep_plan(view, plan)
    else:
        st.session_state["pf_plan"] = plan


def _plan_files(view: pv.PortfolioView) -> None:
    """The whole plan as a spreadsheet, and back: every bad row is named, the good ones kept."""
    st.subheader("Action plan file")
    if saved := st.session_state.pop("pf_plan_saved", None):
        st.success(saved)
    plan = pv.saved_plan(view) if view.folder is not None else _plan()
    st.caption(
        f"{len(plan)} action(s). Columns: {', '.join(actions.COLUMNS)}; status is one of "
        f"{', '.join(actions.STATUSES)}; due as YYYY-MM-DD."
    )
    columns = st.columns(2)
    columns[0].download_button(
        "Download the plan (CSV)",
        actions.plan_csv(plan),
        file_name="actions.csv",
        mime="text/csv",
        key="pf_plan_csv",
    )
    columns[1].download_button(
        "Download the plan (XLSX)",
        actions.plan_xlsx(plan),
        file_name="actions.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="pf_plan_xlsx",
    )
    upload = st.file_uploader("Upload an edited plan", type=PLAN_TYPES, key="pf_plan_upload")
    if upload is None:
        return
    firms = {e.firm_id for e in view.entries}
    loaded, problems = actions.read_plan(upload.getvalue(), upload.name, firms)
    if problems:
        st.error(f"{len(problems)} problem(s) in {upload.name}; the other rows were read:")
        for p in problems:
            st.text(str(p))
    if st.button(f"Use these {len(loaded)} action(s) as the plan", key="pf_plan_use"):
        _save(view, loaded)
        st.session_state["pf_plan_saved"] = f"The plan now holds {len(loaded)} action(s)."
        st.rerun()  # so the downloads above hold the new plan


# ---------------------------------------------------------------- the page

st.header("Portfolio")
_template()
view, previous, identity = _load()
if view is not None:
    if view.problems:
        with st.expander(f"{len(view.problems)} problem(s) in rows that could not be scored", expanded=True):
            for problem in view.problems:
                st.text(str(problem))
    diff = pv.changes(view, previous)
    st.write(
        f"{len(view.entries)} assessment(s) · rule base {view.rulebase.version} "
        f"({view.rulebase.content_hash[:12]})"
    )
    st.subheader("Findings per framework and severity")
    st.dataframe(pv.count_rows(view), hide_index=True, key="pf_counts")
    st.subheader("Heat map")
    opened = heatmap(_heatmap(identity, view, previous), identity, key="pf_heat")
    labels = {f"{e.firm_name} ({e.firm_id}, {e.assessment_date})": e for e in view.entries}
    if opened and (entry := view.entry(opened)) is not None:
        st.session_state["pf_firm"] = f"{entry.firm_name} ({entry.firm_id}, {entry.assessment_date})"
    choice = st.selectbox("Open a firm", list(labels), index=None, key="pf_firm")
    if choice:
        _firm(view, previous, labels[choice], diff)
    _plan_files(view)
