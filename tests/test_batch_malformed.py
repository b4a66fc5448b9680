"""Malformed batch inputs: each gets a message naming the file, the row, the column or question,
the value and what is allowed; a file that cannot be read at all is refused before anything is
written, a bad row is listed while the good rows are scored."""

from __future__ import annotations

import json

import pytest
from batch_helpers import firm_row, read_csv, write_csv, write_jsonl

from advisor.cli.main import main
from advisor.core.assessment import AssessmentError
from advisor.portfolio.batch import run_batch


def refused(path, tmp_path, **kwargs) -> str:
    """The message for an input refused as a whole; nothing may have been written."""
    out = tmp_path / "out"
    with pytest.raises(AssessmentError) as caught:
        run_batch(path, out, **kwargs)
    assert not out.exists(), "a refused input must not create the output folder"
    return str(caught.value)


def row_errors(path, tmp_path) -> list[dict[str, str]]:
    run_batch(path, tmp_path / "out")
    return read_csv(tmp_path / "out" / "errors.csv")


def test_wrong_delimiter_is_named_with_the_fix(tmp_path, bank):
    path = write_csv(tmp_path / "semicolons.csv", [firm_row(bank)], delimiter=";")
    message = refused(path, tmp_path)
    assert (
        "semicolons.csv row 1" in message and "separated by ';'" in message and '--delimiter ";"' in message
    )
    result = run_batch(path, tmp_path / "ok", delimiter=";")
    assert result.manifest.firms_scored == 1, "with --delimiter ';' the same file is read"


def test_missing_header_row_says_to_add_one(tmp_path):
    path = tmp_path / "noheader.csv"
    path.write_text("acme,Acme Ltd,2024-05-01,CEO,4\n", encoding="utf-8")
    message = refused(path, tmp_path)
    assert "noheader.csv row 1" in message and "not a header" in message and "'acme'" in message
    assert "template --csv" in message


def test_unknown_columns_are_listed_with_the_closest_names(tmp_path, bank):
    row = {**firm_row(bank), "cap_sensng": "4", "collaborations.1.co_conection": "3", "colabs.1.co_role": "x"}
    message = refused(write_csv(tmp_path / "typos.csv", [row]), tmp_path)
    # The closest name comes first (others may follow as the question bank grows).
    expected = "typos.csv row 1 column 5 question 'cap_sensng': unknown column; did you mean cap_sensing"
    assert expected in message
    assert "did you mean co_connection or" in message
    assert "unknown repeated section 'colabs'; allowed: business_models, collaborations" in message


def test_a_repeated_section_question_without_its_item_number_says_how_to_write_it(tmp_path, bank):
    message = refused(write_csv(tmp_path / "flat.csv", [{**firm_row(bank), "co_role": "member"}]), tmp_path)
    assert "write it as collaborations.1.co_role" in message


def test_missing_required_and_duplicate_columns(tmp_path):
    path = tmp_path / "cols.csv"
    path.write_text("firm_id,firm_name,cap_sensing,cap_sensing\nacme,Acme,3,4\n", encoding="utf-8")
    message = refused(path, tmp_path)
    assert "missing required column(s): assessment_date, respondent_role" in message
    assert "appears twice (columns 3 and 4)" in message


def test_wrong_types_name_row_question_value_and_allowed(tmp_path, bank):
    rows = [
        firm_row(bank, "a", cap_sensing="high"),
        firm_row(bank, "b", bg_employees="12.5"),
        firm_row(bank, "c", bm_revenue_models="license;barter"),
        firm_row(bank, "d", assessment_date="01/05/2024"),
        firm_row(bank, "e", nw_large_partner="Yes"),  # choices are matched without case
    ]
    errors = row_errors(write_csv(tmp_path / "types.csv", rows), tmp_path)
    got = {e["firm_id"]: e for e in errors}
    assert set(got) == {"a", "b", "c", "d"}
    assert got["a"]["position"] == "row 2" and got["a"]["problem"] == "should be a whole number on the scale"
    assert got["a"]["value"] == '"high"' and "from 1" in got["a"]["allowed"]
    assert got["b"]["column"] == "bg_employees" and got["b"]["problem"] == "should be a whole number"
    assert got["c"]["problem"] == "unknown choice(s) barter" and "subscription" in got["c"]["allowed"]
    assert got["d"]["column"] == "assessment_date" and "date" in got["d"]["problem"]
    assert got["d"]["value"] == '"01/05/2024"'


def test_empty_file_and_header_only(tmp_path, bank):
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert "file is empty" in refused(empty, tmp_path)
    header_only = tmp_path / "header.csv"
    header_only.write_text("firm_id,firm_name,assessment_date,respondent_role\n", encoding="utf-8")
    errors = row_errors(header_only, tmp_path)
    assert [e["problem"] for e in errors] == ["no data rows after the header"]


def test_duplicate_firm_ids_keep_the_first_and_list_the_rest(tmp_path, bank):
    rows = [firm_row(bank, "acme", cap_sensing="4"), firm_row(bank, "other"), firm_row(bank, "ACME")]
    errors = row_errors(write_csv(tmp_path / "dups.csv", rows), tmp_path)
    assert [(e["position"], e["column"], e["firm_id"]) for e in errors] == [("row 4", "firm_id", "ACME")]
    assert "first used at" in errors[0]["problem"] and "dups.csv row 2" in errors[0]["problem"]
    report = json.loads((tmp_path / "out" / "firms" / "acme_2024-05-01.json").read_text())
    assert report["firm_id"] == "acme", "the first row's report must survive the duplicate"


def test_same_firm_at_two_dates_is_two_assessments(tmp_path, bank):
    rows = [firm_row(bank, "acme"), {**firm_row(bank, "acme"), "assessment_date": "2025-05-01"}]
    result = run_batch(write_csv(tmp_path / "rounds.csv", rows), tmp_path / "out")
    assert result.manifest.firms_scored == 2 and result.manifest.rows_failed == 0


def test_non_utf8_file_names_the_line(tmp_path):
    path = tmp_path / "latin1.csv"
    text = "firm_id,firm_name,assessment_date,respondent_role\nacme,Société Générale,2024-05-01,CEO\n"
    path.write_bytes(text.encode("latin-1"))
    message = refused(path, tmp_path)
    assert "latin1.csv" in message and "not UTF-8 text (line 2" in message and "CSV UTF-8" in message


def test_extra_cells_and_evidence_without_answer_are_row_errors(tmp_path):
    path = tmp_path / "cells.csv"
    path.write_text(
        "firm_id,firm_name,assessment_date,respondent_role,cap_sensing__evidence\n"
        "a,A,2024-05-01,CEO,we scan the market,stray\n"
        "b,B,2024-05-01,CEO,\n",
        encoding="utf-8",
    )
    errors = row_errors(path, tmp_path)
    problems = {e["problem"] for e in errors if e["firm_id"] == "a"}
    assert any("beyond the 5 named columns" in p for p in problems)
    assert "evidence given but the question has no answer" in problems
    assert not [e for e in errors if e["firm_id"] == "b"]


def test_bad_jsonl_lines_are_listed_and_good_lines_scored(tmp_path, bank):
    good = {"schema_version": 1, **{k: v for k, v in firm_row(bank).items()}, "answers": {"cap_sensing": 3}}
    path = write_jsonl(tmp_path / "in.jsonl", [good])
    with path.open("a", encoding="utf-8") as handle:
        handle.write("{not json\n[1, 2]\n")
    errors = row_errors(path, tmp_path)
    assert [(e["position"], e["problem"].removeprefix("cannot be parsed: ")[:14]) for e in errors] == [
        ("line 2", "not valid JSON"),
        ("line 3", "should hold on"),
    ]


def test_not_a_workbook_and_unknown_kinds(tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("firm_id,firm_name\n", encoding="utf-8")
    assert "not a readable .xlsx workbook" in refused(fake, tmp_path)
    odd = tmp_path / "answers.pdf"
    odd.write_bytes(b"%PDF")
    assert "allowed: .csv, .tsv, .xlsx, .jsonl" in refused(odd, tmp_path)


def test_yaml_in_a_folder_is_parsed_safely(tmp_path):
    folder = tmp_path / "answers"
    folder.mkdir()
    (folder / "evil.yaml").write_text("!!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    errors = row_errors(folder, tmp_path)
    assert errors and "cannot be parsed" in errors[0]["problem"]


def test_cli_reports_an_unreadable_input_and_exits_1(tmp_path, capsys):
    code = main(["batch", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert (
        code == 1 and "missing.csv" in err and "no such file or folder" in err and "nothing was scored" in err
    )
