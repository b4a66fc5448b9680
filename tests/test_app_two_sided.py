"""Both sides of an outcome-based deal in the app, driven by AppTest (no browser)."""

from __future__ import annotations

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from advisor.app.other_side import their_code
from advisor.app.store.sqlite import SqliteStore
from rules.views import OTHER_SIDE_QUESTIONS
from tests.cases import EXAMPLES, two_sided_r4_customer_file
from tests.test_app import _app, _code, _markdown, _started

SECRET = "Our margin on this deal is 41 percent"
TEXT_KINDS = ("markdown", "caption", "title", "subheader", "header", "info", "warning", "error", "code")
INPUT_KINDS = ("radio", "text_area", "text_input", "selectbox", "multiselect", "number_input")
VIEWS_DIFFER = "You and the other side see the deal's activities differently"


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "app.sqlite3"
    monkeypatch.setenv("BMI_ADVISOR_DB", str(path))
    return path


def _everything(at: AppTest) -> str:
    """Every piece of text on the page, wherever it is drawn, and what every input holds."""
    parts = [e.value for kind in TEXT_KINDS for e in at.get(kind)]
    parts += [f"{e.proto}\n{e.value}" for kind in INPUT_KINDS for e in at.get(kind)]
    return "\n".join(str(p) for p in parts)


def _outcome_section(at: AppTest, phase: str = "delivering") -> AppTest:
    at.selectbox(key="section").set_value("outcome_deals").run()
    at.radio(key="q.ob_offers").set_value("offering").run()
    at.radio(key="q.ob_role").set_value("provider").run()
    at.radio(key="q.ob_furthest_phase").set_value(phase).run()
    return at


def _founder_asking(db) -> tuple[AppTest, str]:
    """A founder (Machinecorp, provider, in delivery) who asked Forestcorp; the other side's code."""
    at = _started()
    at.radio(key="q.bg_growth_stage").set_value("scaling").run()
    _outcome_section(at)
    at.radio(key="q.ob_p3_improvements").set_value("done").run()
    at.text_input(key="ev.q.ob_p3_improvements").input(SECRET).run()
    at.text_input(key="other.firm").input("Forestcorp")
    at.text_input(key="other.role").input("Technical director")
    at.text_input(key="other.own_name").input("Machinecorp")
    at.button(key="other.invite").click().run()
    assert not at.exception and not at.error
    assert SECRET in _everything(at)  # the founder's own page shows it: the check below can see it
    return at, their_code(_code(at), SqliteStore(db).load(_code(at)))


def test_a_founder_who_buys_the_outcome_deal_reads_the_customers_wording(db):
    at = _started()
    at.selectbox(key="section").set_value("outcome_deals").run()
    at.radio(key="q.ob_offers").set_value("offering").run()
    at.radio(key="q.ob_role").set_value("provider").run()
    at.radio(key="q.ob_furthest_phase").set_value("delivering").run()
    provider_words = "jointly explored where value could be raised"
    assert "Have you and the provider" not in _everything(at)
    assert provider_words in _everything(at)
    at.radio(key="q.ob_role").set_value("customer").run()
    assert not at.exception
    assert "Have you and the provider jointly explored where value could be raised" in _everything(at)


def test_the_other_side_is_offered_only_once_the_deal_questions_apply(db):
    at = _started()
    at.selectbox(key="section").set_value("outcome_deals").run()
    assert "other.firm" not in {t.key for t in at.text_input}
    at.radio(key="q.ob_offers").set_value("no").run()
    assert "other.firm" not in {t.key for t in at.text_input}
    at.radio(key="q.ob_offers").set_value("planning").run()
    assert "other.firm" in {t.key for t in at.text_input}
    assert "The other side of this deal" in [s.value for s in at.subheader]


def test_asking_the_other_side_gives_a_private_code(db):
    at, theirs = _founder_asking(db)
    assert len(theirs) >= 32 and theirs != _code(at)
    assert theirs in [c.value for c in at.code]  # shown to the founder to send
    assert "Forestcorp (Technical director) has answered 0 of the 12 questions asked so far." in _markdown(at)
    other = SqliteStore(db).load(theirs)
    assert other.invitation.asked_by_firm == "Machinecorp" and other.firm_name == "Forestcorp"
    assert "other.firm" not in {t.key for t in at.text_input}  # one other side at a time
    at.run()  # the link stays on show for the founder
    assert theirs in [c.value for c in at.code]


def test_the_other_side_sees_only_its_questions_and_never_the_founders_answers(db):
    _, theirs = _founder_asking(db)
    other = _app(theirs)
    assert not other.exception
    assert other.title[0].value == "Questions from Machinecorp"
    assert "would like Forestcorp's view of the outcome-based deal" in _markdown(other)
    assert {r.key for r in other.radio} == {f"q.{q}" for q in OTHER_SIDE_QUESTIONS}
    assert all(r.value is None for r in other.radio)  # the founder's "done" is not shown
    assert "section" not in {s.key for s in other.selectbox}  # no way into the founder's questionnaire
    page = _everything(other)
    assert SECRET not in page and "scaling" not in page.lower()
    # Forestcorp is the customer: its questions name the provider instead of "the customer".
    assert "**Have you and Machinecorp jointly explored where value could be raised" in _markdown(other)
    assert "read “you” as" not in page


def test_the_other_sides_answer_appears_in_the_founders_report(db):
    founder, theirs = _founder_asking(db)
    other = _app(theirs)
    other.radio(key="q.ob_p3_improvements").set_value("not_done").run()
    other.text_input(key="ev.q.ob_p3_improvements").input("We saw no added value").run()
    assert SqliteStore(db).load(theirs).values() == {"ob_p3_improvements": "not_done"}  # autosaved
    assert "1 of 12 questions answered" in other.get("progress")[0].proto.text
    founder.switch_page("app_pages/report.py").run()
    assert not founder.exception
    text = _markdown(founder)
    assert VIEWS_DIFFER in text
    assert "You and Forestcorp disagree on whether these activities were done: exploring improvement" in text
    assert "Hold a joint workshop on “exploring improvement opportunities”" in text
    assert "**Your view and Forestcorp's**" in text
    assert ":orange-badge[Views differ] on Exploring improvement opportunities" in text
    captions = [c.value for c in founder.caption]
    assert "Forestcorp (Technical director) has answered 1 of the 12 questions asked so far." in captions
    notice = "New: Forestcorp has answered 1 more question since you last looked."
    assert any(s.value.startswith(notice) for s in founder.success)
    founder.run()  # the notice stays for this visit
    assert any(s.value.startswith(notice) for s in founder.success)
    later = _app(_code(founder))  # a later visit: those answers are seen, nothing new to announce
    later.switch_page("app_pages/report.py").run()
    assert not later.exception and not [s for s in later.success if s.value.startswith("New:")]


def test_the_other_sides_file_is_joined(db):
    at = _opened(_provider_file())
    _outcome_section(at)
    _upload_theirs(at, _customer_file())
    assert not at.exception and not at.error
    assert "The other side's view comes from a file: Forestcorp" in _markdown(at)
    at.switch_page("app_pages/report.py").run()
    text = _markdown(at)
    assert VIEWS_DIFFER in text and "**Your view and Forestcorp's**" in text


def test_a_file_about_another_relationship_is_refused_with_the_cores_message(db):
    at = _opened(_provider_file())
    _outcome_section(at)
    _upload_theirs(at, _customer_file(relationship_id="another-deal"))
    assert not at.exception
    assert "relationship\\_id 'another-deal' differs from 's20-r4'" in at.error[0].value
    assert "counterpart" not in SqliteStore(db).load(_code(at)).carried


def test_removing_an_invited_other_side(db):
    founder, theirs = _founder_asking(db)
    other = _app(theirs)
    other.radio(key="q.ob_p3_improvements").set_value("not_done").run()
    founder.run()
    founder.button(key="other.remove").click().run()
    assert not founder.exception
    assert SqliteStore(db).load(_code(founder)).other_side is None
    assert "other.firm" in {t.key for t in founder.text_input}  # may ask again
    founder.switch_page("app_pages/report.py").run()
    assert VIEWS_DIFFER not in _markdown(founder) and "Your view and" not in _markdown(founder)
    other.run()
    assert "no longer asks for your answers" in other.info[0].value
    assert not other.radio


def test_removing_the_other_side_of_a_teaching_case(db):
    at = _started("two-sided-r4.yaml")
    at.selectbox(key="section").set_value("outcome_deals").run()
    assert "The other side's view comes from a file: Forestcorp" in _markdown(at)
    at.button(key="other.remove").click().run()
    assert "counterpart" not in SqliteStore(db).load(_code(at)).carried
    at.switch_page("app_pages/report.py").run()
    assert "**Your view and Forestcorp's**" not in _markdown(at)


# ---- files for the upload tests: the two sides of two-sided-r4, as two respondents would write them
def _provider_file() -> dict:
    data = yaml.safe_load((EXAMPLES / "two-sided-r4.yaml").read_text(encoding="utf-8"))
    data.pop("counterpart")
    data.pop("case")
    return data


_customer_file = two_sided_r4_customer_file


def _as_upload(name: str, data: dict) -> tuple[str, bytes, str]:
    return name, yaml.safe_dump(data, allow_unicode=True).encode(), "application/x-yaml"


def _opened(data: dict) -> AppTest:
    at = _app()
    at.get("file_uploader")[0].set_value(_as_upload("machinecorp.yaml", data))
    at.run()
    at.button(key="start.open_file").click().run()
    assert not at.exception and not at.error
    return at


def _upload_theirs(at: AppTest, data: dict) -> None:
    (uploader,) = at.get("file_uploader")  # the questionnaire page has only this one
    uploader.set_value(_as_upload("forestcorp.yaml", data))
    at.run()
    at.button(key="other.use_file").click().run()
