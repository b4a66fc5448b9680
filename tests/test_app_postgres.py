"""The app on a PostgreSQL database (BMI_ADVISOR_DB=postgresql://...): answers saved and resumed."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from advisor.app.store import open_store
from tests.pg_server import needs_postgres
from tests.test_app import APP, TIMEOUT, _code

pytestmark = needs_postgres()


def test_answers_are_saved_to_postgres_and_resumed_from_it(pg_url, monkeypatch):
    monkeypatch.setenv("BMI_ADVISOR_DB", pg_url)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.button(key="start.blank").click().run()
    code = _code(at)
    at.radio(key="q.bg_growth_stage").set_value("scaling").run()
    assert not at.exception
    assert open_store(pg_url).load(code).values() == {"bg_growth_stage": "scaling"}
    again = AppTest.from_file(APP, default_timeout=TIMEOUT)
    again.query_params["resume"] = code
    again.run()
    assert not again.exception
    assert again.radio(key="q.bg_growth_stage").value == "scaling"


def test_an_unreachable_database_stops_the_app_with_a_plain_message(monkeypatch):
    monkeypatch.setenv("BMI_ADVISOR_DB", "postgresql://founder:s3cret@127.0.0.1:1/bmi")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.button(key="start.blank").click().run()  # the first save
    assert not at.exception
    message = at.error[0].value
    assert message.startswith("Your answers cannot be saved right now")
    assert "127.0.0.1:1/bmi" in message and "s3cret" not in message
