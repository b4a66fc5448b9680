"""The app keeps its secrets and its promises (reliability review M8; issue 15 point 5), driven by
AppTest: a damaged saved draft gives the plain stop, and a founder deletes their answers for good."""

from __future__ import annotations

import sqlite3

from streamlit.testing.v1 import AppTest

from advisor.app.draft import Draft
from advisor.app.store.sqlite import SqliteStore
from tests.cases import EXAMPLES

APP = str(EXAMPLES.parent / "app.py")


def _open(code: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["resume"] = code
    return at.run()


def test_a_damaged_draft_stops_the_app_with_its_plain_message(tmp_path, monkeypatch):
    path = tmp_path / "app.sqlite3"
    monkeypatch.setenv("BMI_ADVISOR_DB", str(path))
    code = SqliteStore(path).create(Draft())
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE drafts SET body = '{not json'")
    at = _open(code)
    assert not at.exception
    assert [e.value for e in at.error if "Your answers cannot be saved right now" in e.value]
    assert "Traceback" not in " ".join(e.value for e in at.error)


def test_a_founder_deletes_their_answers_for_good(tmp_path, monkeypatch):
    path = tmp_path / "app.sqlite3"
    monkeypatch.setenv("BMI_ADVISOR_DB", str(path))
    store = SqliteStore(path)
    code = store.create(Draft(firm_name="Erasecorp"))
    at = _open(code)
    assert at.button(key="erase").disabled  # not before the founder ticks that they mean it
    at.checkbox(key="erase.sure").check().run()
    at.button(key="erase").click().run()
    assert not at.exception
    assert store.load(code) is None
    assert any("deleted for good" in s.value for s in at.success)
    again = _open(code)
    assert any("does not match any saved answers" in w.value for w in again.warning)
