"""`bmi-advisor batch`: every input kind gives the same reports as the single-file path, bad rows
are listed and skipped, outputs are deterministic, atomic and safe to open in a spreadsheet."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from batch_helpers import firm_row, read_csv, spreadsheet_cases, to_cells, write_csv, write_jsonl
from conftest import EXAMPLES
from openpyxl import Workbook, load_workbook

from advisor.cli.main import main
from advisor.core.assessment import AssessmentError, validate_assessment
from advisor.portfolio.batch import run_batch
from advisor.reporting.report import Report, build_report

OUTPUTS = ("summary.csv", "summary.xlsx", "errors.csv", "portfolio.jsonl", "portfolio.html", "manifest.json")


def findings_of(report: Report) -> list[tuple[str, str, str, str]]:
    return [(f.rule_id, f.subject, f.severity, f.confidence) for f in report.findings]


def expected(rb, data) -> Report:
    return build_report(rb, validate_assessment(data, rb.bank, "expected"))


def report_in(out: Path, firm_id: str, date) -> Report:
    return Report.model_validate_json((out / "firms" / f"{firm_id}_{date}.json").read_text(encoding="utf-8"))


def test_csv_rows_give_the_same_reports_as_the_assessment_files(tmp_path, rb):
    cases = spreadsheet_cases()
    source = write_csv(tmp_path / "clients.csv", [to_cells(c) for c in cases])
    result = run_batch(source, tmp_path / "out")
    assert result.manifest.rows_failed == 0, [str(p) for p in result.problems]
    assert result.manifest.firms_scored == len(cases)
    for data in cases:
        got = report_in(tmp_path / "out", data["firm_id"], data["assessment_date"])
        assert findings_of(got) == findings_of(expected(rb, data)), data["firm_id"]


def test_evidence_columns_and_collaboration_columns_reach_the_report(tmp_path, rb):
    cases = spreadsheet_cases()
    kitchen = next(c for c in cases if c["firm_id"] == "kitchen-sink")
    assert kitchen.get("groups"), "the kitchen-sink case should have repeated sections"
    with_evidence = next(
        c for c in cases if any(a.evidence for f in expected(rb, c).findings for a in f.evidence.answers)
    )
    run_batch(write_csv(tmp_path / "in.csv", [to_cells(kitchen), to_cells(with_evidence)]), tmp_path / "out")
    got = report_in(tmp_path / "out", "kitchen-sink", kitchen["assessment_date"])
    assert {f.subject for f in got.findings} == {f.subject for f in expected(rb, kitchen).findings}
    assert any(f.subject.startswith("collaborations:") for f in got.findings)
    got = report_in(tmp_path / "out", with_evidence["firm_id"], with_evidence["assessment_date"])
    want = {a.evidence for f in expected(rb, with_evidence).findings for a in f.evidence.answers}
    assert {a.evidence for f in got.findings for a in f.evidence.answers} == want


def test_jsonl_and_xlsx_inputs_score_like_csv(tmp_path, rb):
    cases = spreadsheet_cases()[:6]
    jsonl = write_jsonl(tmp_path / "clients.jsonl", cases)
    assert run_batch(jsonl, tmp_path / "from-jsonl").manifest.firms_scored == len(cases)

    # Excel stores numbers, dates and booleans as typed cells; they must read like CSV text.
    book = Workbook()
    sheet = book.active
    rows = [to_cells(c) for c in cases]
    columns = list(dict.fromkeys(k for r in rows for k in r))
    sheet.append(columns)
    for r in rows:
        values = []
        for c in columns:
            text = r.get(c, "")
            if c == "assessment_date":
                values.append(dt.datetime.fromisoformat(text))
            elif text.isdigit():
                values.append(int(text))
            else:
                values.append(text or None)
        sheet.append(values)
    book.save(tmp_path / "clients.xlsx")
    result = run_batch(tmp_path / "clients.xlsx", tmp_path / "from-xlsx")
    assert result.manifest.rows_failed == 0, [str(p) for p in result.problems]
    for data in cases:
        a = report_in(tmp_path / "from-jsonl", data["firm_id"], data["assessment_date"])
        b = report_in(tmp_path / "from-xlsx", data["firm_id"], data["assessment_date"])
        assert findings_of(a) == findings_of(b) == findings_of(expected(rb, data)), data["firm_id"]


def test_rows_on_a_second_sheet_are_named_not_skipped_in_silence(tmp_path, bank):
    """Review L13: only the first sheet is read; rows elsewhere are listed, the first sheet scored."""
    book = Workbook()
    first = book.active
    first.title = "Round 1"
    rows = [firm_row(bank, "a"), firm_row(bank, "b")]
    columns = list(rows[0])
    first.append(columns)
    for r in rows:
        first.append([r[c] or None for c in columns])
    notes = book.create_sheet("Read me")
    notes.append(["Fill in one row per firm."])  # a title row only: nothing unread
    second = book.create_sheet("Round 2")
    second.append(columns)
    second.append([firm_row(bank, "c")[c] or None for c in columns])
    book.save(tmp_path / "clients.xlsx")
    code = main(["batch", str(tmp_path / "clients.xlsx"), "-o", str(tmp_path / "out"), "--quiet"])
    assert code == 1, "rows left unread must show in the exit status"
    errors = read_csv(tmp_path / "out" / "errors.csv")
    assert [e["position"] for e in errors] == ["sheet 'Round 2'"], errors
    assert "reads only the first sheet ('Round 1')" in errors[0]["problem"]
    index = [json.loads(line) for line in (tmp_path / "out" / "portfolio.jsonl").read_text().splitlines()]
    assert [e["firm_id"] for e in index] == ["a", "b"]


def test_a_folder_of_assessments_with_several_rounds_writes_what_changed(tmp_path):
    result = run_batch(EXAMPLES[0].parent, tmp_path / "out")
    assert result.manifest.firms_scored == len(EXAMPLES)
    seamless = [p.name for p in (tmp_path / "out" / "firms").glob("seamless_*.json")]
    assert len(seamless) == 3, f"each round is its own report: {seamless}"
    changes = json.loads((tmp_path / "out" / "changes.json").read_text(encoding="utf-8"))
    seamless = next(f for f in changes["firms"] if f["firm_id"] == "seamless")
    assert seamless["status"] == "changed" and seamless["old_date"] < seamless["new_date"]


def test_bad_rows_are_listed_with_row_column_value_and_reason_and_good_rows_still_scored(tmp_path, bank):
    rows = [
        firm_row(bank, "good-1", cap_sensing="4"),
        firm_row(bank, "bad-scale", cap_sensing="9"),
        firm_row(bank, "bad-choice", bm_brand_visibility="invisible"),
        firm_row(bank, "good-2", bm_revenue_models="license;subscription"),
    ]
    source = write_csv(tmp_path / "clients.csv", rows)
    code = main(["batch", str(source), "-o", str(tmp_path / "out"), "--quiet"])
    assert code == 1, "a failed row must show in the exit status"
    errors = read_csv(tmp_path / "out" / "errors.csv")
    by_firm = {e["firm_id"]: e for e in errors}
    assert set(by_firm) == {"bad-scale", "bad-choice"}
    scale = by_firm["bad-scale"]
    assert scale["position"] == "row 3" and scale["column"] == "cap_sensing" and scale["value"] == "9"
    assert scale["problem"] == "outside the scale" and "whole number from 1" in scale["allowed"]
    choice = by_firm["bad-choice"]
    assert choice["position"] == "row 4" and choice["value"] == '"invisible"'
    assert "own_brand" in choice["allowed"] and "white_label" in choice["allowed"]
    index = [json.loads(line) for line in (tmp_path / "out" / "portfolio.jsonl").read_text().splitlines()]
    assert [e["firm_id"] for e in index] == ["good-1", "good-2"]


def test_summary_has_a_row_per_firm_and_finding_in_csv_and_xlsx(tmp_path, rb):
    cases = spreadsheet_cases()[:5]
    run_batch(write_jsonl(tmp_path / "in.jsonl", cases), tmp_path / "out")
    summary = read_csv(tmp_path / "out" / "summary.csv")
    want = []
    for data in cases:
        report = expected(rb, data)
        want += [(data["firm_id"], f.rule_id, f.severity, f.confidence) for f in report.findings] or [
            (data["firm_id"], "", "", "")
        ]
    assert [(r["firm_id"], r["rule_id"], r["severity"], r["confidence"]) for r in summary] == want
    book = load_workbook(tmp_path / "out" / "summary.xlsx", read_only=True)
    sheet_rows = [
        tuple("" if v is None else v for v in r) for r in book.worksheets[0].iter_rows(values_only=True)
    ]
    book.close()
    assert [list(map(str, r)) for r in sheet_rows[1:]] == [list(r.values()) for r in summary]


def test_output_is_byte_identical_across_runs_and_worker_counts(tmp_path):
    cases = spreadsheet_cases()
    source = write_csv(tmp_path / "clients.csv", [to_cells(c) for c in cases])
    run_batch(source, tmp_path / "a", workers=1)
    run_batch(source, tmp_path / "b", workers=2)
    for name in (
        *OUTPUTS,
        *sorted(p.relative_to(tmp_path / "a").as_posix() for p in (tmp_path / "a" / "firms").iterdir()),
    ):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text())
    assert manifest["rulebase"]["content_hash"] and manifest["rulebase"]["version"]


def test_rerun_replaces_reports_whole_and_prunes_firms_no_longer_in_the_input(tmp_path, bank):
    out = tmp_path / "out"
    run_batch(write_csv(tmp_path / "r1.csv", [firm_row(bank, "a"), firm_row(bank, "b")]), out)
    (out / "firms" / ".a_2024-05-01.json.tmp-999").write_text("{half")  # left by a killed run
    run_batch(write_csv(tmp_path / "r2.csv", [firm_row(bank, "a", cap_sensing="2")]), out)
    assert sorted(p.name for p in (out / "firms").iterdir()) == ["a_2024-05-01.json", "a_2024-05-01.md"]
    Report.model_validate_json((out / "firms" / "a_2024-05-01.json").read_text())
    assert not [p for p in out.rglob("*") if ".tmp-" in p.name]


def test_refuses_an_output_folder_holding_other_files(tmp_path, bank):
    out = tmp_path / "documents"
    out.mkdir()
    (out / "thesis.docx").write_text("precious")
    with pytest.raises(AssessmentError, match=r"thesis\.docx"):
        run_batch(write_csv(tmp_path / "r.csv", [firm_row(bank)]), out)
    assert sorted(p.name for p in out.iterdir()) == ["thesis.docx"]


def test_spreadsheet_outputs_neutralise_formulas(tmp_path, bank):
    rows = [
        {**firm_row(bank, "evil"), "firm_name": '=HYPERLINK("http://x","click")'},
        {**firm_row(bank, "evil2"), "firm_name": "@SUM(1)", "cap_sensing": "-3"},
    ]
    run_batch(write_csv(tmp_path / "in.csv", rows), tmp_path / "out")
    summary = read_csv(tmp_path / "out" / "summary.csv")
    assert summary[0]["firm_name"] == '\'=HYPERLINK("http://x","click")'
    errors = read_csv(tmp_path / "out" / "errors.csv")
    # The client's "-3" is echoed in errors.csv; it must not become a formula there either.
    assert [(e["firm_id"], e["column"], e["value"]) for e in errors] == [("evil2", "cap_sensing", "'-3")]
    book = load_workbook(tmp_path / "out" / "summary.xlsx", read_only=True)
    names = {r[1] for r in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    book.close()
    assert names == {'\'=HYPERLINK("http://x","click")'}


def test_template_csv_is_a_valid_batch_input(tmp_path, capsys):
    assert main(["template", "--csv"]) == 0
    text = capsys.readouterr().out
    header, example = text.splitlines()
    assert example.startswith("example-firm,")
    assert header.startswith("firm_id,firm_name,assessment_date,respondent_role,")
    assert "collaborations.1.co_connection" in header
    path = tmp_path / "template.csv"
    path.write_text(text, encoding="utf-8")
    assert main(["batch", str(path), "-o", str(tmp_path / "out"), "--quiet"]) == 0
    assert len(list((tmp_path / "out" / "firms").glob("example-firm_*.json"))) == 1


def test_progress_line_reports_count_and_rate(tmp_path, bank, capsys):
    source = write_csv(tmp_path / "in.csv", [firm_row(bank, f"f{i}") for i in range(3)])
    assert main(["batch", str(source), "-o", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "3 rows · 0 failed" in err and "rows/s" in err
