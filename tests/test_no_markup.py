"""Nothing a visitor wrote is rendered (reliability review M1; issue 15 point 4): each kind of markup
(a link, an image, HTML, emphasis, a bare web address, www., an e-mail address) is put into every
field a founder, the other side or a file fills in, and every output is searched for it live: the
app's pages, the Markdown report, portfolio.html and the PDF."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from advisor.api import default_rulebase
from advisor.app.actions import score
from advisor.app.draft import FIRM, Draft, add_item, set_answer, set_evidence, set_header
from advisor.app.other_side import invite
from advisor.app.store.sqlite import SqliteStore
from advisor.portfolio.batch import run_batch
from advisor.reporting.markdown import to_markdown
from advisor.reporting.pdf import to_pdf
from tests.cases import EXAMPLES

APP = str(EXAMPLES.parent / "app.py")
# Every kind at once, short enough for a firm name (200 characters).
PAYLOAD = (
    "[Click](https://evil.example/x) ![t](https://evil.example/p.png) <b>b</b> "
    "www.evil.example boss@evil.example **loud**"
)
LONG = PAYLOAD + " <img src=x onerror=alert(1)> <script>s</script> # Head | a | b | `code` $x^2$"
# Each pattern is markup that would render, in Markdown source (escaped forms do not match).
RENDERED = {
    "link or image": re.compile(r"(?<!\\)\[[^\]\n]*(?<!\\)\]\("),
    "HTML tag": re.compile(r"(?<!\\)<(?:b|img|script)\b"),
    "bare web address": re.compile(r"https?://evil"),
    "www address": re.compile(r"www\.evil"),
    "e-mail address": re.compile(r"boss@evil"),
    "emphasis": re.compile(r"(?<!\\)\*\*loud(?<!\\)\*\*"),
}


def rendered(text: str) -> list[str]:
    return [kind for kind, pattern in RENDERED.items() if pattern.search(text)]


def hostile_draft() -> Draft:
    bank = default_rulebase().bank
    draft = Draft(firm_name=PAYLOAD, respondent_role=PAYLOAD)
    answers = {
        "ob_offers": "offering",
        "ob_role": "provider",
        "ob_furthest_phase": "delivering",
        "cap_sensing": 2,
        "bm_value_chain_position": "component_inside_partner_product",
        "nw_large_partner": "yes",
        "nw_largest_partner_share": 80,
    }
    for qid, value in answers.items():
        draft = set_answer(draft, FIRM, "", qid, value)
        draft = set_evidence(draft, FIRM, "", qid, LONG)
    for question in bank.questions:
        if question.type.value == "text" and not bank.section_by_id[question.section].repeat:
            draft = set_answer(draft, FIRM, "", question.id, LONG)
    section = bank.repeat_sections[0]
    draft, item = add_item(draft, section, PAYLOAD)
    first = bank.in_section(section.id)[0]
    value = first.choices[0].value if first.choices else LONG
    draft = set_answer(draft, section.id, item, first.id, value)
    return set_evidence(draft, section.id, item, first.id, LONG)


@pytest.fixture
def founder(tmp_path, monkeypatch) -> tuple[SqliteStore, str]:
    path = tmp_path / "app.sqlite3"
    monkeypatch.setenv("BMI_ADVISOR_DB", str(path))
    store = SqliteStore(path)
    code = store.create(hostile_draft())
    theirs = invite(store, code, default_rulebase().bank, PAYLOAD, PAYLOAD)
    store.update(theirs, lambda d: set_header(d, firm_name=PAYLOAD, respondent_role=PAYLOAD))
    store.update(theirs, lambda d: set_answer(d, FIRM, "", "ob_p1_offering_definition", "done"))
    store.update(theirs, lambda d: set_evidence(d, FIRM, "", "ob_p1_offering_definition", LONG))
    return store, code


def shown_as_markdown(at: AppTest) -> list[str]:
    """Every text the app hands to Streamlit's Markdown renderer."""
    texts = [
        e.value
        for kind in ("markdown", "caption", "info", "warning", "error", "success")
        for e in at.get(kind)
    ]
    texts += [e.value for kind in ("title", "header", "subheader") for e in at.get(kind)]
    texts += [e.label for e in at.expander] + [e.label for e in at.button] + [e.label for e in at.checkbox]
    return texts


def test_the_app_shows_every_visitor_text_as_text(founder):
    _, code = founder
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["resume"] = code
    at.run()
    assert not at.exception
    seen: dict[str, list[str]] = {}
    sections = at.selectbox(key="section").options
    for section in sections:
        at.selectbox(key="section").set_value(section).run()
        assert not at.exception, section
        for text in shown_as_markdown(at):
            if rendered(text):
                seen.setdefault(section, []).append(f"{rendered(text)}: {text[:160]}")
    at.switch_page("app_pages/report.py").run()
    assert not at.exception
    for text in shown_as_markdown(at):
        if rendered(text):
            seen.setdefault("report", []).append(f"{rendered(text)}: {text[:160]}")
    assert not seen, json.dumps(seen, indent=1, ensure_ascii=False)
    assert any("evil.example" in t for t in shown_as_markdown(at)), "the payload never reached the page"


def test_markdown_html_and_pdf_outputs_show_visitor_text_as_text(founder, tmp_path):
    store, code = founder
    bank = default_rulebase().bank
    assessment, report = score(bank, store.load(code))
    markdown = to_markdown(report)
    assert "evil.example" in markdown and not rendered(markdown), rendered(markdown)
    pdf = to_pdf(report)
    assert b"/URI" not in pdf and b"/Link" not in pdf
    data = assessment.model_dump(mode="json", exclude_none=True)
    data.pop("counterpart", None)
    data["firm_id"] = "hostile"
    source = tmp_path / "hostile.jsonl"
    source.write_text(json.dumps(data) + "\n")
    run_batch(source, tmp_path / "out")
    html = (tmp_path / "out" / "portfolio.html").read_text()
    assert "evil.example" in html
    for raw in ("<b>b</b>", "<img src=x", "<script>s</script>", 'href="https://evil', "href='https://evil"):
        assert raw not in html, raw
    for report_md in (tmp_path / "out" / "firms").glob("*.md"):
        assert not rendered(report_md.read_text()), report_md.name
