"""Portfolio page: many firms at a glance, filters, one firm's report, change since last round.

Thin on purpose: everything shown comes from advisor.app.portfolio_view (tested without Streamlit).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from advisor.api import default_rulebase
from advisor.app.portfolio_view import (
    Filters,
    PortfolioView,
    change_summary,
    changes,
    count_rows,
    from_folder,
    from_upload,
    heat_rows,
)
from advisor.core.assessment import AssessmentError
from advisor.portfolio.index import SEVERITIES
from advisor.reporting.markdown import to_markdown

UPLOAD_TYPES = ["csv", "tsv", "xlsx", "jsonl"]


def _scored_upload(upload) -> PortfolioView:
    # open_input reads from a path (it streams and checks encoding); the upload lives in memory.
    suffix = Path(upload.name).suffix
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(upload.getvalue())
        return from_upload(path, upload.name, default_rulebase())


def _load() -> tuple[PortfolioView | None, PortfolioView | None]:
    source = st.radio(
        "Portfolio", ["Upload survey answers", "Batch output folder"], key="pf_source", horizontal=True
    )
    try:
        if source == "Batch output folder":
            folder = st.text_input("Folder written by `bmi-advisor batch`", key="pf_folder")
            previous = st.text_input("Previous round's folder (optional)", key="pf_previous_folder")
            current = from_folder(Path(folder)) if folder else None
            return current, from_folder(Path(previous)) if previous else None
        upload = st.file_uploader("Answers: CSV, XLSX or JSON Lines", type=UPLOAD_TYPES, key="pf_upload")
        earlier = st.file_uploader("Previous round (optional)", type=UPLOAD_TYPES, key="pf_previous_upload")
        current = _scored_upload(upload) if upload else None
        return current, _scored_upload(earlier) if earlier else None
    except AssessmentError as exc:
        st.error(str(exc))
        return None, None


st.header("Portfolio")
st.caption(
    "See `docs/batch-format.md` for the spreadsheet columns; `bmi-advisor template --csv` gives a header."
)
view, previous = _load()
if view is not None:
    if view.problems:
        with st.expander(f"{len(view.problems)} problem(s) in rows that could not be scored", expanded=True):
            for problem in view.problems:
                st.text(str(problem))
    diff = changes(view, previous)
    st.write(
        f"{len(view.entries)} assessment(s) · rule base {view.rulebase.version} "
        f"({view.rulebase.content_hash[:12]})"
    )
    st.subheader("Findings per framework and severity")
    st.dataframe(count_rows(view), hide_index=True, key="pf_counts")

    frameworks = sorted({f.framework for e in view.entries for f in e.findings})
    rule_ids = sorted({f.rule_id for e in view.entries for f in e.findings})
    columns = st.columns(3)
    filters = Filters(
        severities=tuple(columns[0].multiselect("Severity", SEVERITIES, key="pf_severity")),
        frameworks=tuple(columns[1].multiselect("Framework", frameworks, key="pf_framework")),
        rule_ids=tuple(columns[2].multiselect("Finding", rule_ids, key="pf_rule")),
    )
    st.subheader("Heat map")
    st.caption("H high · M medium · L low · i info · ? tentative · change: + appeared, − resolved, ~ changed")
    st.dataframe(heat_rows(view, filters, diff), hide_index=True, key="pf_heat")

    st.subheader("One firm")
    labels = {f"{e.firm_name} ({e.firm_id}, {e.assessment_date})": e for e in view.entries}
    choice = st.selectbox("Firm", list(labels), index=None, key="pf_firm")
    if choice:
        entry = labels[choice]
        if diff is not None:
            firm_diff = next((f for f in diff.firms if f.firm_id == entry.firm_id), None)
            if firm_diff is not None and firm_diff.new_date == entry.assessment_date:
                st.markdown(
                    f"**Since the previous round ({firm_diff.old_date or '—'}):** {change_summary(firm_diff)}"
                )
                for c in firm_diff.changes:
                    severity = f"{c.old_severity or '—'} → {c.new_severity or '—'}"
                    st.text(f"{c.change:9} {c.rule_id:6} {c.title} ({severity})")
        try:
            st.markdown(to_markdown(view.report(entry)))
        except (AssessmentError, OSError, ValueError) as exc:
            st.error(f"the report of {entry.firm_id} cannot be read: {exc}")
