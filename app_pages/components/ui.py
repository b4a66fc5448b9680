"""Streamlit pieces both pages share: the store, the founder's resume code, and the answer widget.

Only rendering and session handling live here; the logic is in advisor/ and tested without
Streamlit. The saved draft is the single source of truth: every run reads it from the store, so
a rerun, a closed tab or a restarted server shows exactly what was saved.
"""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Callable
from typing import Any, NoReturn

import streamlit as st

from advisor.api import default_rulebase
from advisor.app.answer_input import (
    CHOICE_TYPES,
    choice_options,
    from_input,
    option_label,
    side_button_for,
    side_buttons,
)
from advisor.app.draft import Draft, DraftAnswer, set_header
from advisor.app.other_side import erase_for_good
from advisor.app.store import open_store, purge_if_due
from advisor.app.store.common import DB_ENV, DEFAULT_DB, DraftStore, StoreUnavailable
from advisor.app.teaching_views import explain_rule
from advisor.core.bank import AnswerType, Question, QuestionBank
from advisor.reporting.markdown import md_escape

CODE_KEY = "resume_code"


# Libraries only the report page uses, ~2 s to import on a shared 2-core machine (pandas alone 1.5 s).
REPORT_LIBRARIES = ("pandas", "altair", "openpyxl", "fpdf")


@st.cache_resource
def warm_up() -> None:
    """Once per server, in the background: import what the report page needs, so a founder's first
    report after start-up does not wait for it while they answer questions."""

    def load() -> None:
        for name in REPORT_LIBRARIES:
            importlib.import_module(name)

    threading.Thread(target=load, name="warm-up", daemon=True).start()


@st.cache_resource
def _store_at(location: str) -> DraftStore:
    return open_store(location)


def _stop(exc: StoreUnavailable) -> NoReturn:
    st.error(f"Your answers cannot be saved right now, so the app has stopped here. {md_escape(str(exc))}")
    st.stop()


class _StopWhenUnavailable:
    """The store, with a failure while saving or loading (a damaged page or row) ending in the
    app's plain stop, as a missing database does, never in a traceback or a blank start."""

    def __init__(self, inner: DraftStore):
        self._inner = inner

    def create(self, draft: Draft) -> str:
        return self._guard(self._inner.create, draft)

    def load(self, code: str) -> Draft | None:
        return self._guard(self._inner.load, code)

    def update(self, code: str, change: Callable[[Draft], Draft]) -> Draft:
        return self._guard(self._inner.update, code, change)

    def delete(self, codes: list[str]) -> int:
        return self._guard(self._inner.delete, codes)

    def purge_untouched(self, days: float) -> int:
        return self._guard(self._inner.purge_untouched, days)

    @staticmethod
    def _guard(method: Callable[..., Any], *args: Any) -> Any:
        try:
            return method(*args)
        except StoreUnavailable as exc:
            _stop(exc)


def store() -> DraftStore:
    try:
        opened = _store_at(os.environ.get(DB_ENV) or str(DEFAULT_DB))
        purge_if_due(opened)  # the operator's retention (BMI_ADVISOR_KEEP_DRAFTS_DAYS), hourly at most
    except StoreUnavailable as exc:
        _stop(exc)
    return _StopWhenUnavailable(opened)


def bank() -> QuestionBank:
    return default_rulebase().bank


# Streamlit draws captions and help at 60 % opacity: 3.9:1 on white, below WCAG AA's 4.5:1. This
# grey is 7:1. Focus rings thicker than Streamlit's 1 px, for keyboard users.
ACCESSIBLE_CSS = """
<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stWidgetLabel"] p { color: #4a4d52 !important; opacity: 1 !important; }
[data-testid="stMain"] :focus-visible { outline: 3px solid #1f4e79 !important; outline-offset: 2px; }
</style>
"""


def accessible_style() -> None:
    st.html(ACCESSIBLE_CSS)


def sync_resume_code() -> None:
    """Keep the code in this session and in the address bar, so the link always resumes."""
    code = st.session_state.get(CODE_KEY) or st.query_params.get("resume")
    if code and store().load(code) is not None:
        st.session_state[CODE_KEY] = code
        if st.query_params.get("resume") != code:
            st.query_params["resume"] = code
    elif code:
        st.session_state.pop(CODE_KEY, None)
        st.session_state["bad_code"] = True
        del st.query_params["resume"]


def current() -> tuple[str, Draft] | None:
    code = st.session_state.get(CODE_KEY)
    draft = store().load(code) if code else None
    return (code, draft) if code and draft else None


def begin(draft: Draft) -> None:
    code = store().create(draft)
    st.session_state[CODE_KEY] = code
    st.query_params["resume"] = code


def forget() -> None:
    """Leave these answers (they stay saved under their code) and start over in this tab."""
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.query_params.clear()


def erase_box(code: str, what: str) -> None:
    """Deleting the answers for good (the right to erasure), after the person ticks that they mean it."""
    sure = st.checkbox(f"Delete {what} for good: this cannot be undone", key="erase.sure")
    if st.button("Delete these answers", key="erase", disabled=not sure, icon=":material/delete_forever:"):
        erase_for_good(store(), code)
        forget()
        st.session_state["erased"] = True
        st.rerun()


def update(change: Callable[[Draft], Draft]) -> None:
    store().update(st.session_state[CODE_KEY], change)


# ---- the answer widget --------------------------------------------------------------------------
def _commit(question: Question, key: str, on_answer: Callable[[Any], None], from_button: bool) -> None:
    typed = st.session_state.get(key)
    button = st.session_state.get(f"{key}.side")
    if from_button:
        if button is None:  # the founder un-pressed the button: fall back to what is typed
            value, error = from_input(question, typed, None)
        else:
            value, error = from_input(question, None, button)
            st.session_state[key] = [] if question.type is AnswerType.MULTI else None
    else:
        value, error = from_input(question, typed, None)
        if f"{key}.side" in st.session_state:
            st.session_state[f"{key}.side"] = None
    st.session_state[f"{key}.error"] = error
    if error is None:
        on_answer(value)


def init_state(key: str, value: Any) -> None:
    # Widgets take their first value from session state, never from a default argument: callbacks
    # may then reset a widget, and Streamlit warns when both are used.
    if key not in st.session_state:
        st.session_state[key] = value


def answer_widget(question: Question, stored: DraftAnswer | None, key: str, on_answer: Callable) -> None:
    """One question's input, with "don't know" / "not applicable", showing the core's error."""
    value = stored.value if stored else None
    args = (question, key, on_answer)
    st.markdown(f"**{md_escape(question.text)}**")
    st.caption(md_escape(question.help))
    if question.type in CHOICE_TYPES:
        options = choice_options(question)
        init_state(key, value if value in options else None)
        st.radio(
            question.text,
            options,
            key=key,
            format_func=lambda v: option_label(question, v),
            horizontal=question.type is not AnswerType.SINGLE,
            label_visibility="collapsed",
            on_change=_commit,
            args=(*args, False),
        )
    else:
        if question.type is AnswerType.MULTI:
            init_state(key, value if isinstance(value, list) else [])
            st.multiselect(
                question.text,
                [o.value for o in question.choices],
                key=key,
                format_func=lambda v: option_label(question, v),
                placeholder="Pick all that apply",
                label_visibility="collapsed",
                on_change=_commit,
                args=(*args, False),
            )
        elif question.type is AnswerType.NUMBER:
            assert question.number
            init_state(key, value if isinstance(value, int | float) else None)
            # No min/max on the widget: an out-of-range value reaches the core's check and its message.
            st.number_input(
                f"{question.text} ({question.number.unit})",
                key=key,
                step=1 if question.number.integer else 0.1,
                placeholder=f"A number ({question.number.unit})",
                label_visibility="collapsed",
                on_change=_commit,
                args=(*args, False),
            )
        else:
            init_state(key, value if isinstance(value, str) and value not in side_buttons(question) else "")
            st.text_area(
                question.text,
                key=key,
                height=80,
                max_chars=5000,
                placeholder="In your own words",
                label_visibility="collapsed",
                on_change=_commit,
                args=(*args, False),
            )
        init_state(f"{key}.side", side_button_for(question, value))
        st.pills(
            f"Or, for: {question.text}",
            side_buttons(question),
            key=f"{key}.side",
            format_func=lambda v: option_label(question, v),
            label_visibility="collapsed",
            on_change=_commit,
            args=(*args, True),
        )
    error = st.session_state.get(f"{key}.error")
    if error:
        st.error(error)


def question_extras(
    question: Question,
    stored: DraftAnswer | None,
    key: str,
    on_evidence: Callable[[str], None],
    why: str,
) -> None:
    """Under a question: "why we ask", and an example or quote behind a small control, so the optional
    box does not double every section's length. A saved example shows in the control's label."""
    init_state(key, stored.evidence if stored else "")
    row = st.container(horizontal=True, gap="small")
    with row.popover("Why we ask", icon=":material/help:"):
        st.write(why)
    has_example = bool(st.session_state[key])
    with row.popover(
        "Your example ✓" if has_example else "Add an example",
        icon=":material/format_quote:",
    ):
        st.text_input(
            f"An example or a quote for: {question.text}",
            key=key,
            max_chars=5000,
            placeholder="What a customer said, a number you track, a recent event",
            on_change=lambda: on_evidence(st.session_state[key].strip()),
        )


def rule_explanation(rule_id: str) -> None:
    """The rule's doc, the paper's claim and the cases where it fires and stays silent."""
    e = explain_rule(rule_id)
    st.markdown(f"**{md_escape(e.rule_id)} · {md_escape(e.title)}** ({md_escape(e.kind)})")
    for paragraph in e.doc:
        st.markdown(md_escape(paragraph))
    st.markdown(f"**The paper's claim:** {md_escape(e.proposition)}")
    st.caption(f"Source: {md_escape(e.citation)}")
    if e.passage:
        st.markdown(f"> “{md_escape(e.passage)}”")
    for label, cases in (("Fires for", e.fires_for), ("Stays silent for", e.silent_for)):
        named = "; ".join(md_escape(title) for _, title in cases) or "no example case"
        st.markdown(f"**{label}:** {named}")


def header_fields(draft: Draft, firm_label: str) -> None:
    """Firm name and respondent role, on the first screen and saved as typed; a cleared field keeps
    the saved value."""
    left, right = st.columns(2)
    for column, field, label in ((left, "firm_name", firm_label), (right, "respondent_role", "Your role")):
        key = f"hdr.{field}"
        init_state(key, getattr(draft, field))
        column.text_input(
            label,
            key=key,
            max_chars=200,
            on_change=lambda f=field, k=key: update(
                lambda d: set_header(d, **{f: st.session_state[k].strip() or getattr(d, f)})
            ),
        )
