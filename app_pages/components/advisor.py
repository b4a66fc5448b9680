"""A founder and an advisor on one assessment, on screen: sharing it, and the advisor's notes.

Rendering only; the logic is advisor/app/advisor_link.py, tested without Streamlit.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import streamlit as st

from advisor.app import advisor_link
from advisor.app.draft import Draft
from advisor.app.other_side import invite_link
from advisor.reporting.markdown import md_escape
from advisor.reporting.report import Finding
from app_pages.components import ui


def notes(f: Finding, written: dict[tuple[str, str], list[str]]) -> None:
    """The advisor's notes on one finding, under its card (who wrote each, and when)."""
    for note in written.get((f.rule_id, f.subject), []):
        st.info(f"**Your advisor's note:** {md_escape(note)}", icon=":material/rate_review:")


def share_panel(code: str, draft: Draft) -> None:
    """Near the end of the founder's report, before the downloads: share it with an advisor, or stop."""
    with st.container(border=True):
        st.subheader("Share with your advisor")
        theirs = advisor_link.advisor_code(code, draft)
        if theirs is None:
            st.write(
                "Your advisor gets a link of their own: they can read your answers and this report, add a "
                "note to any finding and propose actions. They cannot change your answers, and your "
                "resume code stays yours."
            )
            with st.form("advisor.share", border=False):
                name = st.text_input("Your advisor's name", key="advisor.name", max_chars=200)
                if st.form_submit_button("Create a link for my advisor"):
                    try:
                        advisor_link.share(ui.store(), code, name)
                    except advisor_link.AdvisorRefused as exc:
                        st.error(str(exc))
                    else:
                        st.rerun()
            return
        assert draft.advisor is not None
        st.write(f"Shared with **{md_escape(draft.advisor.advisor_name)}**. Send them this link:")
        # The app's root, not this page: the advisor's link opens the advisor's own page.
        parts = urlsplit(st.context.url or "")
        link = invite_link(
            urlunsplit((parts.scheme, parts.netloc, "/", "", "")) if parts.netloc else "", theirs
        )
        st.code(link or theirs, language=None)
        if draft.proposed:
            st.markdown("**Actions your advisor proposes**")
            for p in draft.proposed:
                due = f", by {p.due}" if p.due else ""
                st.markdown(f"- {md_escape(p.move)}{md_escape(due)} ({md_escape(p.author)}, {p.at[:10]})")
        if st.button("Stop sharing", key="advisor.stop"):
            advisor_link.withdraw(ui.store(), code)
            st.rerun()
