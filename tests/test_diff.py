"""`bmi-advisor diff`: per firm, findings that appeared, were resolved or changed, between two
assessment files, two batch folders, or two rule bases on the same answers."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from batch_helpers import case_data, firm_row, spreadsheet_cases, to_cells, write_csv
from conftest import EXAMPLES, ROOT

from advisor.cli.main import main
from advisor.portfolio.batch import rulebase_diff, run_batch
from advisor.portfolio.diff import compare_firm
from advisor.portfolio.index import FindingCell, FirmEntry

SEAMLESS_2001 = ROOT / "examples" / "seamless-2001.yaml"
SEAMLESS_2005 = ROOT / "examples" / "seamless-2005.yaml"


def cell(
    rule_id: str, severity: str = "high", confidence: str = "firm", subject: str = "firm"
) -> FindingCell:
    return FindingCell(
        rule_id=rule_id,
        title=f"title {rule_id}",
        kind="problem",
        severity=severity,
        confidence=confidence,
        framework="fw",
        subject=subject,
    )


def entry(date: str, *cells: FindingCell) -> FirmEntry:
    return FirmEntry(
        firm_id="acme", firm_name="Acme", assessment_date=date, respondent_role="CEO", findings=list(cells)
    )


def test_compare_firm_sorts_appeared_changed_resolved():
    old = entry("2024-01-01", cell("A-1"), cell("B-1", "low"), cell("C-1", confidence="tentative"))
    new = entry(
        "2025-01-01", cell("B-1", "medium"), cell("C-1"), cell("D-1"), cell("A-1", subject="collaborations:x")
    )
    result = compare_firm(old, new)
    got = [(c.change, c.rule_id, c.subject) for c in result.changes]
    assert got == [
        ("appeared", "A-1", "collaborations:x"),
        ("appeared", "D-1", "firm"),
        ("changed", "C-1", "firm"),
        ("changed", "B-1", "firm"),
        ("resolved", "A-1", "firm"),
    ]
    changed = {c.rule_id: c for c in result.changes if c.change == "changed"}
    assert (changed["B-1"].old_severity, changed["B-1"].new_severity) == ("low", "medium")
    assert (changed["C-1"].old_confidence, changed["C-1"].new_confidence) == ("tentative", "firm")
    assert result.status == "changed" and not result.note
    assert compare_firm(new, old).note.startswith("the old side is more recent")


def test_diff_of_two_assessment_files_in_each_format(capsys):
    assert main(["diff", str(SEAMLESS_2001), str(SEAMLESS_2005)]) == 0
    text = capsys.readouterr().out
    assert "seamless (Seamless) 2001-12-31 → " in text
    assert "+ LK-04" in text and "appeared (medium, firm)" in text
    # LK-07's impact is high; one answer carries it, so the severity policy makes it medium.
    assert "- LK-07" in text and "resolved (was medium, firm)" in text
    assert main(["diff", str(SEAMLESS_2001), str(SEAMLESS_2005), "--format", "md"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("# What changed") and "| + | `LK-04` |" in md
    assert main(["diff", str(SEAMLESS_2001), str(SEAMLESS_2005), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (firm,) = data["firms"]
    assert {(c["change"], c["rule_id"]) for c in firm["changes"]} >= {
        ("appeared", "LK-04"),
        ("resolved", "LK-07"),
    }
    assert data["old"]["rulebase"]["content_hash"] == data["new"]["rulebase"]["content_hash"]


def test_diff_refuses_two_different_firms(capsys):
    assert main(["diff", str(SEAMLESS_2001), str(EXAMPLES[0])]) == 1
    assert "a diff compares one firm" in capsys.readouterr().err


def test_diff_of_two_batch_rounds_and_batch_previous(tmp_path, bank, capsys):
    toontrack = to_cells(next(c for c in spreadsheet_cases() if c["firm_id"] == "toontrack"))
    round1 = [to_cells(case_data(SEAMLESS_2001)), toontrack, firm_row(bank, "leaver")]
    round2 = [to_cells(case_data(SEAMLESS_2005)), toontrack, firm_row(bank, "newcomer")]
    run_batch(write_csv(tmp_path / "r1.csv", round1), tmp_path / "round1")
    result = run_batch(
        write_csv(tmp_path / "r2.csv", round2), tmp_path / "round2", previous=tmp_path / "round1"
    )
    assert result.changes is not None
    status = {f.firm_id: f.status for f in result.changes.firms}
    assert status == {"seamless": "changed", "toontrack": "unchanged", "newcomer": "new", "leaver": "gone"}
    assert "LK-04" in (tmp_path / "round2" / "changes.md").read_text()
    html = (tmp_path / "round2" / "portfolio.html").read_text()
    assert "changed since the last round" in html  # the heat map's change filter
    assert re.search(r"<tr data-name='seamless[^>]*data-ch='changed appeared", html)
    assert main(["diff", str(tmp_path / "round1"), str(tmp_path / "round2"), "--format", "json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert {f["firm_id"]: f["status"] for f in again["firms"]} == status


def test_rulebase_diff_shows_what_a_rule_change_does_to_a_portfolio(tmp_path, capsys):
    old_rules = tmp_path / "old" / "rules"
    shutil.copytree(ROOT / "rules", old_rules, ignore=shutil.ignore_patterns("__pycache__"))
    record = old_rules / "born_global" / "LK-04.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("\nseverity: medium\n", "\nseverity: low\n", 1), encoding="utf-8")
    cases = [to_cells(c) for c in spreadsheet_cases()]
    inputs = write_csv(tmp_path / "in.csv", cases)
    result, failures = rulebase_diff(inputs, old_rules)
    assert not failures
    assert result.old.rulebase.content_hash != result.new.rulebase.content_hash
    changed = {
        (f.firm_id, c.rule_id, c.old_severity, c.new_severity) for f in result.firms for c in f.changes
    }
    assert changed, "some teaching case shows LK-04"
    assert {(rule, old, new) for _, rule, old, new in changed} == {("LK-04", "low", "medium")}
    # The installed rule base is untouched by loading the old one beside it.
    assert main(["diff", "--rules-old", str(tmp_path / "old"), str(inputs), "--workers", "2"]) == 0
    out = capsys.readouterr().out
    assert "~ LK-04" in out and "severity low → medium" in out


def test_a_rule_base_written_for_another_engine_is_refused_with_what_to_do(tmp_path, capsys):
    """A first-edition rules folder (Python importing modules this engine no longer has)."""
    old_rules = tmp_path / "v1" / "rules"
    old_rules.mkdir(parents=True)
    (old_rules / "__init__.py").write_text("from advisor.bank import QuestionBank\n", encoding="utf-8")
    inputs = write_csv(tmp_path / "in.csv", [to_cells(c) for c in spreadsheet_cases()[:1]])
    assert main(["diff", "--rules-old", str(tmp_path / "v1"), str(inputs)]) != 0
    err = capsys.readouterr().err
    assert "written for another version of the engine: it imports advisor.bank" in err
    assert "Traceback" not in err
    import rules  # the installed rule base is still the one imported

    assert Path(rules.__file__).parent == ROOT / "rules"
