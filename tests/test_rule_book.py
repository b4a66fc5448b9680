"""`rules book`: each rule beside its passage, its conditions in words, its cases and the coverage
computed by assessing the example cases; everything escaped; nothing loaded from elsewhere."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from advisor.api import default_rulebase
from advisor.authoring.book import build_book
from advisor.authoring.book_html import book_html
from advisor.authoring.book_markdown import book_markdown
from advisor.authoring.coverage import Outcome, coverage
from advisor.authoring.witness import WitnessFinder
from advisor.cli.main import main
from advisor.core.assessment import validate_assessment
from advisor.core.rulebase import RuleBase
from tests import small_rulebase as small
from tests.cases import case_paths, fired

HOSTILE = "<script>alert('x')</script> *bold* [link](https://evil.example) & `code`"


def small_case(case_id: str, answers: dict) -> dict:
    return {
        "schema_version": 1,
        "firm_id": case_id,
        "firm_name": case_id.title(),
        "assessment_date": "2024-01-01",
        "respondent_role": "Founder",
        "case": {
            "title": f"The {case_id} story",
            "narrative": "A small firm.",
        },
        "answers": answers,
    }


@pytest.fixture(scope="module")
def small_book(tmp_path_factory):
    rules = small.rules()
    rules[1] = replace(rules[1], title=f"Partners spread {HOSTILE}", summary=HOSTILE, silent_for=("case-c",))
    rb = RuleBase(small.parts(rules), small.bank(), tmp_path_factory.mktemp("rules"))
    raw = {
        "case-a": small_case("case-a", {"partner_share": 70, "stage": "early"}),
        "case-b": small_case("case-b", {"partner_share": 10, "stage": "early"}),
        "case-c": small_case("case-c", {}),
    }
    cases = {name: validate_assessment(data, rb.bank, name) for name, data in raw.items()}
    finder = WitnessFinder(rb)
    cov = coverage(rb, cases)
    return build_book(rb, cov, {s.id: finder.find(s) for s in rb.parts.rules})


def test_coverage_is_what_assessing_the_cases_gives(small_book):
    cov = small_book.coverage
    assert [c.id for c in cov.cases] == ["case-a", "case-b", "case-c"]
    assert [c.outcome for c in cov.row("SM-01")] == [Outcome.FIRED, Outcome.SILENT, Outcome.UNANSWERED]
    assert [c.outcome for c in cov.row("SM-02")] == [Outcome.SILENT, Outcome.FIRED, Outcome.UNANSWERED]
    assert cov.never_fired(["SM-01", "SM-02", "SM-03"]) == ["SM-03"]
    assert cov.row("SM-01")[0].expected == "fire" and cov.row("SM-01")[1].expected == "silent"


def test_rules_never_exercised_and_empty_silences_are_flagged(small_book):
    flags = {page.spec.id: page.flags for page in small_book.rules}
    assert "fires in no example case" in flags["SM-03"]
    assert "silent for case-c only because its questions are unanswered there" in flags["SM-02"]
    assert flags["SM-01"] == []


@pytest.mark.parametrize("render", [book_markdown, book_html], ids=["markdown", "html"])
def test_a_rule_is_shown_with_its_passage_conditions_in_words_cases_and_witness(small_book, render):
    text = render(small_book)
    assert small.QUOTE in text  # the paper's words it rests on
    assert "Smith, A. (2021). Small firms and their large partners" in text  # the paper's citation
    assert "Leaning on one partner makes a small firm exchangeable." in text  # the proposition
    assert "One partner carries 40% or more of sales" in text and "The firm is at an early stage" in text
    assert "partner_dominates" not in text and "early_stage" not in text  # words, not trait ids
    assert "case-a (fired)" in text and "case-b (silent)" in text
    assert "What share of sales goes through your largest partner?" in text  # the witness, in words
    assert "Find a second partner." in text
    assert small.NEAR_MISS in text and "39 %" in text  # its own near miss, in words
    assert "dominant share = 40 (% of sales)" in text and small.RATIONALE in text  # its threshold, and why


def test_html_escapes_everything_and_loads_nothing(small_book):
    html = book_html(small_book)
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)  # no external resource
    assert "<link" not in html and "@import" not in html


def test_markdown_escapes_everything(small_book):
    md = book_markdown(small_book)
    assert "<script>" not in md and "\\<script\\>" in md
    assert "\\[link\\]" in md and "\\*bold\\*" in md
    assert "](https://evil" not in md


def test_the_real_book_from_the_command_line(tmp_path, capsys):
    assert main(["rules", "book", "-o", str(tmp_path)]) == 0
    html = (tmp_path / "rule-book.html").read_text(encoding="utf-8")
    md = (tmp_path / "rule-book.md").read_text(encoding="utf-8")
    assert "Wrote" in capsys.readouterr().out
    rb = default_rulebase()
    # Every rule, and LK-04 beside the paper's words it quotes.
    for spec in rb.parts.rules:
        assert f"id='{spec.id.lower()}'" in html and f"#### {spec.id}:" in md
    passage = "the large customer use lock-in strategies to take control and incorporate the technology"
    assert passage in html and passage in md
    # A summary's blanks, filled from each firm's answers in a report, show as [blank].
    blanks = {b for spec in rb.parts.rules for b in re.findall(r"\{(\w+)\}", spec.summary)}
    for blank in blanks:
        assert f"[{blank.replace('_', ' ')}]" in html and f"{{{blank}}}" not in html
    # The coverage counts are what assessing every example case gives.
    row = re.search(r"^\| LK-04 \|(.*)\| (\d+) \| (\d+) \|$", md, re.M)
    assert row, "LK-04 has no row in the coverage table"
    assert int(row.group(2)) == sum("LK-04" in fired(p.stem) for p in case_paths())
    assert len(row.group(1).split("|")) == len(case_paths())


def test_the_book_needs_a_folder(capsys):
    with pytest.raises(SystemExit):
        main(["rules", "book"])
    assert "rules book needs a folder" in capsys.readouterr().err


def test_a_broken_example_case_is_named_and_no_book_is_written(tmp_path, capsys):
    examples = tmp_path / "cases"
    examples.mkdir()
    (examples / "broken.yaml").write_text("schema_version: 1\nfirm_id: x\n", encoding="utf-8")
    out = tmp_path / "book"
    assert main(["rules", "book", "-o", str(out), "--examples", str(examples)]) == 1
    assert "broken.yaml" in capsys.readouterr().err
    assert not Path(out / "rule-book.html").exists()
