"""A founder shares an assessment with an advisor: a separate link that reads and annotates, notes
kept with who wrote them and when, shown in the report's PDF, and a link the founder can withdraw."""

from __future__ import annotations

import re
import sqlite3
import zlib

import pytest

from advisor.app.actions import score
from advisor.app.advisor_link import (
    AdvisorRefused,
    add_note,
    advisor_code,
    as_actions,
    notes_by_finding,
    propose,
    share,
    shared_draft,
    withdraw,
)
from advisor.app.draft import draft_from_assessment
from advisor.app.store.sqlite import SqliteStore
from advisor.reporting.pdf import to_pdf
from tests.cases import case


@pytest.fixture
def shared(tmp_path):
    store = SqliteStore(tmp_path / "drafts.sqlite3")
    founder = store.create(draft_from_assessment(case("seamless-2005")))
    return store, founder, share(store, founder, "Anna Berg")


def test_the_advisor_link_is_its_own_code_and_opens_the_founders_assessment(shared):
    store, founder, advisor = shared
    assert advisor != founder and share(store, founder, "Anna Berg") == advisor  # asking again: same link
    code, draft = shared_draft(store, advisor)
    assert code == founder and draft.firm_name == "Seamless"
    assert advisor_code(founder, store.load(founder)) == advisor
    with pytest.raises(AdvisorRefused, match="name"):
        share(store, store.create(draft_from_assessment(case("toontrack-2005"))), "  ")


def test_notes_and_proposals_are_kept_with_author_and_time(shared):
    store, founder, advisor = shared
    note = add_note(store, advisor, "LK-04", "firm", "Let us test one own-brand product in Q3.")
    assert note.author == "Anna Berg" and re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d", note.at)
    propose(store, advisor, "LK-04", "Sell one product under your own brand", owner="Founder")
    saved = store.load(founder)
    assert [n.text for n in saved.notes] == ["Let us test one own-brand product in Q3."]
    (row,) = as_actions("seamless", saved.proposed)
    assert (row.finding, row.owner, row.status) == ("LK-04", "Founder", "open")
    assert row.note.startswith("proposed by Anna Berg on ")
    with pytest.raises(AdvisorRefused):
        add_note(store, advisor, "LK-04", "firm", "   ")


def test_the_founders_pdf_carries_the_notes(shared, bank):
    store, founder, advisor = shared
    add_note(store, advisor, "LK-04", "firm", "Start with the Nordic distributor.")
    draft = store.load(founder)
    _, report = score(bank, draft)
    assert any(f.rule_id == "LK-04" for f in report.findings)
    pdf = to_pdf(report, font_dir=None, notes=notes_by_finding(draft.notes))
    text = b"".join(zlib.decompress(s) for s in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S))
    assert b"Your advisor's notes" in text and b"Start with the Nordic distributor." in text
    assert b"Anna Berg" in text


def test_withdrawn_link_opens_nothing_and_the_database_holds_no_usable_code(shared, tmp_path):
    store, founder, advisor = shared
    with sqlite3.connect(tmp_path / "drafts.sqlite3") as conn:
        bodies = " ".join(r[0] for r in conn.execute("SELECT body FROM drafts"))
    assert founder not in bodies and advisor not in bodies
    withdraw(store, founder)
    assert shared_draft(store, advisor) is None
    with pytest.raises(AdvisorRefused):
        add_note(store, advisor, "LK-04", "firm", "too late")
    assert store.load(founder).advisor is None
