"""The other side of an outcome-based deal: asked in the app, joined live, or joined from a file."""

from __future__ import annotations

import json
import sqlite3

import pytest
import yaml

from advisor.api import default_rulebase
from advisor.app.actions import answers_yaml, score
from advisor.app.draft import FIRM, Draft, set_answer, set_evidence
from advisor.app.other_side import (
    FROM_FILE,
    INVITED,
    OtherSideRefused,
    asked_questions,
    invite,
    invite_link,
    other_side,
    other_side_assessment,
    remove,
    seal,
    status_line,
    unseal,
    use_file,
    with_other_side,
)
from advisor.app.store.common import code_hash, new_code
from advisor.app.store.sqlite import SqliteStore
from advisor.cli.main import main
from advisor.core.assessment import AssessmentError
from rules.views import OTHER_SIDE_QUESTIONS, phase_matrix
from tests.cases import EXAMPLES, two_sided_r4_customer_file

SECRET = "Our margin on this deal is 41 percent"


@pytest.fixture
def store(tmp_path) -> SqliteStore:
    return SqliteStore(tmp_path / "drafts.sqlite3")


def _founder(phase: str | None = "delivering", **extra) -> Draft:
    answers = {"ob_offers": "offering", "ob_role": "provider", "bg_growth_stage": "scaling", **extra}
    if phase:
        answers["ob_furthest_phase"] = phase
    draft = Draft(firm_name="Machinecorp")
    for qid, value in answers.items():
        draft = set_answer(draft, FIRM, "", qid, value)
    return set_evidence(draft, FIRM, "", "ob_p3_improvements", SECRET)


def _answer(store: SqliteStore, code: str, qid: str, value) -> None:
    store.update(code, lambda d: set_answer(d, FIRM, "", qid, value))


def _invited(store: SqliteStore, bank, **extra) -> tuple[str, str]:
    mine = store.create(_founder(ob_p3_improvements="done", ob_p3_fair_distribution="done", **extra))
    return mine, invite(store, mine, bank, "Forestcorp", "Technical director")


def test_the_other_sides_code_is_sealed_with_the_founders_code():
    mine, theirs, nonce = new_code(), new_code(), "n1"
    sealed = seal(mine, nonce, theirs)
    assert theirs not in sealed
    assert unseal(mine, nonce, sealed) == theirs
    assert unseal(new_code(), nonce, sealed) != theirs  # another founder's code opens nothing
    assert seal(mine, "n2", theirs) != sealed


def test_asking_creates_a_separate_draft_with_the_same_relationship_and_none_of_the_founders_answers(
    store, bank
):
    mine, theirs = _invited(store, bank)
    assert len(theirs) >= 32 and theirs != mine  # 24 random bytes, like every resume code
    founder, other = store.load(mine), store.load(theirs)
    relationship = founder.carried["relationship_id"]
    assert relationship.startswith("machinecorp-forestcorp-")
    assert other.carried == {"relationship_id": relationship}
    assert other.invitation.relationship_id == relationship
    assert other.invitation.asked_by_firm == "Machinecorp" and other.invitation.deal_role == "customer"
    assert (other.firm_name, other.respondent_role) == ("Forestcorp", "Technical director")
    assert other.answers == {} and other.groups == {}
    body = other.model_dump_json()
    assert SECRET not in body and "scaling" not in body and "provider" not in body


def test_the_database_holds_no_code_that_opens_the_other_sides_answers(store, bank):
    mine, theirs = _invited(store, bank)
    raw = b"".join(p.read_bytes() for p in store.path.parent.iterdir())
    assert theirs.encode() not in raw and mine.encode() not in raw
    with sqlite3.connect(store.path) as conn:
        bodies = [row[0] for row in conn.execute("SELECT body FROM drafts")]
    assert not any(theirs in body for body in bodies)


def test_asking_twice_gives_the_same_link_and_an_existing_relationship_id_is_kept(store, bank):
    draft = _founder()
    draft.carried["relationship_id"] = "pumps-2025"
    mine = store.create(draft)
    first = invite(store, mine, bank, "Forestcorp", "")
    assert invite(store, mine, bank, "Someone else", "") == first
    assert store.load(first).invitation.relationship_id == "pumps-2025"
    assert store.load(first).respondent_role == "Customer"  # the founder is the provider


def test_two_clicks_at_once_leave_one_link_and_nothing_open_behind(store, bank, monkeypatch):
    mine = store.create(_founder())
    before = store.load(mine)
    first = invite(store, mine, bank, "Forestcorp", "")
    load = store.load
    stale = iter([before])  # the second click read the founder's draft before the first saved
    monkeypatch.setattr(store, "load", lambda code: next(stale, None) or load(code))
    assert invite(store, mine, bank, "Forestcorp", "") == first
    with sqlite3.connect(store.path) as conn:
        bodies = [json.loads(row[0]) for row in conn.execute("SELECT body FROM drafts")]
    invitations = [b["invitation"] for b in bodies if b.get("invitation")]
    assert sorted(i["withdrawn"] for i in invitations) == [False, True]


def test_asking_needs_both_firms_named(store, bank):
    mine = store.create(_founder().model_copy(update={"firm_name": "My firm"}))
    with pytest.raises(OtherSideRefused, match="Name the other firm"):
        invite(store, mine, bank, "  ", "")
    with pytest.raises(OtherSideRefused, match="your own firm's name"):
        invite(store, mine, bank, "Forestcorp", "")
    invite(store, mine, bank, "Forestcorp", "", own_name="Machinecorp")
    assert store.load(mine).firm_name == "Machinecorp"


def test_the_other_side_is_asked_what_the_bank_makes_apply_as_the_deal_moves_on(store, bank):
    assert asked_questions(bank, Draft()) == []  # no outcome-based deal said: nothing to ask
    assert asked_questions(bank, _founder(phase=None)) == [q for q in OTHER_SIDE_QUESTIONS if "_p1_" in q]
    mine = store.create(_founder(phase="defining"))
    theirs = invite(store, mine, bank, "Forestcorp", "")
    assert store.load(theirs).invitation.questions == [q for q in OTHER_SIDE_QUESTIONS if "_p1_" in q]
    store.update(mine, lambda d: set_answer(d, FIRM, "", "ob_furthest_phase", "delivering"))
    other_side(store, mine, bank, store.load(mine))  # the founder's next look keeps them in step
    assert store.load(theirs).invitation.questions == list(OTHER_SIDE_QUESTIONS)


def test_the_other_sides_answers_are_joined_live_into_the_founders_report(store, bank):
    mine, theirs = _invited(store, bank, ob_p1_explore_value="done", ob_p1_value_concept="done")
    _answer(store, theirs, "ob_p3_improvements", "not_done")
    _answer(store, theirs, "ob_p3_fair_distribution", "done")
    founder = store.load(mine)
    side = other_side(store, mine, bank, founder)
    assert (side.source, side.answered, side.asked) == (INVITED, 2, 12)
    assert (
        status_line(side)
        == "Forestcorp (Technical director) has answered 2 of the 12 questions asked so far."
    )
    assessment, report = score(bank, with_other_side(founder, side))
    assert assessment.counterpart.firm_name == "Forestcorp"
    ts01 = next(f for f in report.findings if f.rule_id == "TS-01")
    assert ts01.details["diverging_activities"] == [
        {"activity": "Exploring improvement opportunities", "yours": "done", "theirs": "not done"}
    ]
    assert any(m.id == "TS-01.workshop.ob_p3_improvements" for m in ts01.moves)
    cell = next(
        c
        for c in phase_matrix(report, assessment, default_rulebase())
        if c.phase == 3 and c.theme == "Value creation"
    )
    assert cell.diverging == ["Exploring improvement opportunities"]
    # What they have not answered yet stays unknown in their view; the founder's answers never fill it.
    cells = phase_matrix(report, assessment, default_rulebase())
    assert cells[0].state == "complete" and cells[0].theirs_state == "unknown"
    assert {c.theirs_state for c in cells if c.phase < 3} == {"unknown"}
    assert "counterpart" not in store.load(mine).carried  # read live, never copied into the founder's draft


def test_answers_to_questions_no_longer_asked_are_left_out(store, bank):
    mine, theirs = _invited(store, bank)
    _answer(store, theirs, "ob_p3_improvements", "not_done")
    store.update(mine, lambda d: set_answer(d, FIRM, "", "ob_furthest_phase", "defining"))
    founder = store.load(mine)
    side = other_side(store, mine, bank, founder)
    assert side.view.answers == {} and (side.answered, side.asked) == (0, 4)
    _, report = score(bank, with_other_side(founder, side))
    assert "TS-01" not in {f.rule_id for f in report.findings}


def test_both_downloads_are_files_the_command_line_accepts(store, bank, tmp_path, capsys):
    mine, theirs = _invited(store, bank)
    _answer(store, theirs, "ob_p3_improvements", "not_done")
    founder = store.load(mine)
    assessment, _ = score(bank, with_other_side(founder, other_side(store, mine, bank, founder)))
    own_file, their_file = tmp_path / "machinecorp.yaml", tmp_path / "forestcorp.yaml"
    own_file.write_bytes(answers_yaml(assessment))
    their_file.write_bytes(answers_yaml(other_side_assessment(bank, store.load(theirs))))
    assert yaml.safe_load(own_file.read_text())["counterpart"]["firm_name"] == "Forestcorp"
    assert main(["assess", str(own_file), "--format", "json"]) == 0
    assert "TS-01" in {f["rule_id"] for f in json.loads(capsys.readouterr().out)["findings"]}
    # The other side's own file, alone and as the counterpart of the founder's file without one.
    assert main(["assess", str(their_file)]) == 0
    capsys.readouterr()
    plain = yaml.safe_load(own_file.read_text())
    plain.pop("counterpart")
    own_file.write_text(yaml.safe_dump(plain))
    assert main(["assess", str(own_file), "--counterpart", str(their_file), "--format", "json"]) == 0
    assert "TS-01" in {f["rule_id"] for f in json.loads(capsys.readouterr().out)["findings"]}


def _customer_file(relationship_id: str = "s20-r4") -> tuple[Draft, bytes]:
    """The provider's draft of two-sided-r4 without a counterpart, and the customer's own file."""
    data = yaml.safe_load((EXAMPLES / "two-sided-r4.yaml").read_text(encoding="utf-8"))
    data.pop("counterpart")
    data.pop("case")
    customer = two_sided_r4_customer_file(relationship_id)
    founder = Draft(firm_name=data["firm_name"], carried={"relationship_id": data["relationship_id"]})
    for qid, value in data["answers"].items():
        founder = set_answer(founder, FIRM, "", qid, value["value"] if isinstance(value, dict) else value)
    return founder, yaml.safe_dump(customer).encode()


def test_the_other_sides_file_is_joined(store, bank):
    founder, raw = _customer_file()
    mine = store.create(founder)
    view = use_file(store, mine, bank, "forestcorp.yaml", raw)
    assert view.firm_name == "Forestcorp"
    side = other_side(store, mine, bank, store.load(mine))
    assert (side.source, side.answered, side.asked) == (FROM_FILE, 12, 12)
    _, report = score(bank, with_other_side(store.load(mine), side))
    assert "TS-01" in {f.rule_id for f in report.findings}


def test_a_file_about_another_relationship_is_refused_with_the_cores_message(store, bank):
    founder, raw = _customer_file("another-deal")
    mine = store.create(founder)
    with pytest.raises(AssessmentError) as caught:
        use_file(store, mine, bank, "forestcorp.yaml", raw)
    assert "relationship_id 'another-deal' differs from 's20-r4'" in str(caught.value)
    assert "counterpart" not in store.load(mine).carried


def test_a_file_takes_the_relationship_id_it_brings_when_the_founder_has_none(store, bank):
    founder, raw = _customer_file()
    mine = store.create(founder.model_copy(update={"carried": {}}))
    use_file(store, mine, bank, "forestcorp.yaml", raw)
    assert store.load(mine).carried["relationship_id"] == "s20-r4"


def test_one_other_side_at_a_time(store, bank):
    mine, _ = _invited(store, bank)
    _, raw = _customer_file()
    with pytest.raises(OtherSideRefused, match="already asked Forestcorp"):
        use_file(store, mine, bank, "forestcorp.yaml", raw)
    founder, raw = _customer_file()
    with_file = store.create(founder)
    use_file(store, with_file, bank, "forestcorp.yaml", raw)
    with pytest.raises(OtherSideRefused, match="from a file"):
        invite(store, with_file, bank, "Forestcorp", "")


def test_removing_an_invited_side_withdraws_the_question(store, bank):
    mine, theirs = _invited(store, bank)
    _answer(store, theirs, "ob_p3_improvements", "not_done")
    remove(store, mine)
    founder = store.load(mine)
    assert founder.other_side is None and other_side(store, mine, bank, founder) is None
    assert store.load(theirs).invitation.withdrawn
    assert store.load(theirs).values() == {"ob_p3_improvements": "not_done"}  # theirs to keep
    _, report = score(bank, founder)
    assert "TS-01" not in {f.rule_id for f in report.findings}
    assert invite(store, mine, bank, "Forestcorp", "") != theirs  # asking again: a new link


def test_removing_a_file_keeps_the_relationship_id(store, bank):
    founder, raw = _customer_file()
    mine = store.create(founder)
    use_file(store, mine, bank, "forestcorp.yaml", raw)
    remove(store, mine)
    assert store.load(mine).carried == {"relationship_id": "s20-r4"}


def test_drafts_saved_before_two_sided_deals_still_load(store):
    old_body = json.dumps(
        {"firm_name": "Pump Works", "answers": {"cap_sensing": {"value": 4}}, "carried": {}}
    )
    with sqlite3.connect(store.path) as conn:
        conn.execute(
            "INSERT INTO drafts VALUES (?, ?, 0, '2025-01-01', '2025-01-01')",
            (code_hash("x" * 32), old_body),
        )
    draft = store.load("x" * 32)
    assert draft.firm_name == "Pump Works" and draft.other_side is None and draft.invitation is None


def test_the_link_opens_the_app_on_the_other_sides_code():
    assert (
        invite_link("https://advisor.example/?resume=mine#top", "abc")
        == "https://advisor.example/?resume=abc"
    )
    assert invite_link("http://127.0.0.1:8501", "abc") == "http://127.0.0.1:8501/?resume=abc"
    assert invite_link(None, "abc") == ""
