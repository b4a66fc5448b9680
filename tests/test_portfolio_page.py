"""The app's portfolio page, driven with AppTest: a batch folder, filters, one firm's report and
its change since the previous round; and an uploaded survey export."""

from __future__ import annotations

from pathlib import Path

import pytest
from batch_helpers import case_data, spreadsheet_cases, to_cells, write_csv
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from advisor.portfolio.batch import run_batch

PAGE = str(ROOT / "app_pages" / "portfolio.py")


def heat_map(at: AppTest):
    """The heat map: the page's second table (after the counts per framework and severity)."""
    tables = at.dataframe
    assert len(tables) == 2, f"expected the counts and the heat map, got {len(tables)} tables"
    return tables[1].value


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


def test_folder_heat_map_filters_and_drill_down(rounds):
    old, new = rounds
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.radio(key="pf_source").set_value("Batch output folder").run()
    at.text_input(key="pf_folder").set_value(str(new)).run()
    at.text_input(key="pf_previous_folder").set_value(str(old)).run()
    assert not at.exception and not at.error
    heat = heat_map(at)
    seamless = heat[heat["firm"].str.contains(r"\(seamless\)")].iloc[0]
    assert seamless["change"].startswith("+") and seamless["LK-04"] == "H"
    at.multiselect(key="pf_severity").set_value(["high"]).run()
    filtered = heat_map(at)
    assert 0 < len(filtered) < len(heat)
    assert all(
        v == "" or v.startswith("H") for v in filtered.drop(columns=["firm", "date", "change"]).values.ravel()
    )
    firm = next(o for o in at.selectbox(key="pf_firm").options if "(seamless," in o)
    at.selectbox(key="pf_firm").set_value(firm).run()
    text = " ".join(m.value for m in at.markdown)
    assert "Since the previous round (2001-12-31)" in text and "# BMI Advisor report: Seamless" in text
    assert any("appeared  LK-04" in t.value for t in at.text)


def test_a_folder_that_is_not_a_batch_output_shows_why(tmp_path):
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.radio(key="pf_source").set_value("Batch output folder").run()
    at.text_input(key="pf_folder").set_value(str(tmp_path)).run()
    assert at.error and "not a batch output directory" in at.error[0].value


def test_upload_is_scored_and_bad_rows_listed(tmp_path):
    rows = [to_cells(c) for c in spreadsheet_cases()[:4]]
    rows.append({**rows[0], "firm_id": "broken", "cap_sensing": "11"})
    data = write_csv(tmp_path / "survey.csv", rows).read_bytes()
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.file_uploader(key="pf_upload").set_value(("survey.csv", data, "text/csv")).run()
    assert not at.exception
    assert len(heat_map(at)) == 4
    assert any("outside the scale" in t.value for t in at.text)
