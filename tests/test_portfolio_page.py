"""The app's portfolio page, driven with AppTest: a batch folder, one firm opened with its change
since the previous round and its comparison, an uploaded survey export scored once, and the action
plan. The heat map itself runs in the browser: tests/e2e/test_portfolio_browser.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from batch_helpers import case_data, spreadsheet_cases, to_cells, write_csv
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from advisor.portfolio import actions
from advisor.portfolio.batch import run_batch

PAGE = str(ROOT / "app_pages" / "portfolio.py")
pytestmark = pytest.mark.usefixtures("server_folders_allowed")


@pytest.fixture(scope="module")
def rounds(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("page")
    others = [to_cells(c) for c in spreadsheet_cases() if c["firm_id"] != "seamless"]
    run_batch(
        write_csv(tmp / "r1.csv", [to_cells(case_data(ROOT / "examples/seamless-2001.yaml")), *others]),
        tmp / "r1",
    )
    run_batch(
        write_csv(tmp / "r2.csv", [to_cells(case_data(ROOT / "examples/seamless-2005.yaml")), *others]),
        tmp / "r2",
    )
    return tmp / "r1", tmp / "r2"


def _open_firm(at: AppTest, firm_id: str) -> None:
    firm = next(o for o in at.selectbox(key="pf_firm").options if f"({firm_id}," in o)
    at.selectbox(key="pf_firm").set_value(firm).run()


def test_folder_firm_opens_with_its_change_and_comparison(rounds):
    old, new = rounds
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.radio(key="pf_source").set_value("Batch output folder").run()
    at.text_input(key="pf_folder").set_value(str(new)).run()
    at.text_input(key="pf_previous_folder").set_value(str(old)).run()
    assert not at.exception and not at.error
    _open_firm(at, "seamless")
    text = " ".join(m.value for m in at.markdown)
    assert "Since the previous round (2001-12-31)" in text and "# BMI Advisor report: Seamless" in text
    assert any("appeared  LK-04" in t.value for t in at.text)
    compared = at.dataframe[1].value  # after the counts per framework and severity
    assert "comparable firms with it" in compared.columns and len(compared) > 0


def test_an_action_added_on_the_page_is_kept_with_the_batch_output(rounds, tmp_path):
    _, new = rounds
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.radio(key="pf_source").set_value("Batch output folder").run()
    at.text_input(key="pf_folder").set_value(str(new)).run()
    _open_firm(at, "seamless")
    at.selectbox(key="pf_move").set_value(0)
    at.text_input(key="pf_owner").set_value("Anna (advisor)")
    next(b for b in at.button if b.label == "Add action").click().run()
    assert not at.exception
    saved = actions.load_actions(new)
    assert [(a.firm_id, a.owner, a.status) for a in saved] == [("seamless", "Anna (advisor)", "open")]
    (new / actions.ACTIONS).unlink()


def test_a_folder_that_is_not_a_batch_output_shows_why(tmp_path):
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.radio(key="pf_source").set_value("Batch output folder").run()
    at.text_input(key="pf_folder").set_value(str(tmp_path)).run()
    assert at.error and "not a batch output directory" in at.error[0].value


def test_without_a_root_no_server_folder_can_be_opened(monkeypatch, rounds):
    monkeypatch.delenv("BMI_PORTFOLIO_ROOT")
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.radio and "switched off" in " ".join(c.value for c in at.caption)
    assert at.file_uploader(key="pf_upload") is not None


def test_a_folder_outside_the_root_is_refused(monkeypatch, rounds, tmp_path):
    _, new = rounds
    monkeypatch.setenv("BMI_PORTFOLIO_ROOT", str(tmp_path))  # a tree that does not hold `new`
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.radio(key="pf_source").set_value("Batch output folder").run()
    at.text_input(key="pf_folder").set_value(str(new)).run()
    assert at.error and f"only folders under {tmp_path.resolve()}" in at.error[0].value
    assert not at.selectbox


def test_upload_is_scored_once_and_bad_rows_name_the_uploaded_file(tmp_path):
    rows = [to_cells(c) for c in spreadsheet_cases()[:4]]
    rows.append({**rows[0], "firm_id": "broken", "cap_sensing": "11"})
    data = write_csv(tmp_path / "survey.csv", rows).read_bytes()
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.file_uploader(key="pf_upload").set_value(("Autumn survey.csv", data, "text/csv")).run()
    assert not at.exception
    problems = [t.value for t in at.text if "outside the scale" in t.value]
    assert problems and problems[0].startswith("Autumn survey.csv row 6")
    assert len(at.selectbox(key="pf_firm").options) == 4
