"""The portfolio overview: a self-contained HTML page and the data behind the app's page."""

from __future__ import annotations

import re
from html import escape

import pytest
from batch_helpers import firm_row, spreadsheet_cases, to_cells, write_csv

from advisor.app.portfolio_view import Filters, count_rows, from_folder, from_upload, heat_rows
from advisor.core.assessment import AssessmentError
from advisor.portfolio.batch import run_batch
from advisor.portfolio.index import heat_cells, iter_entries, load_report


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("portfolio")
    rows = [to_cells(c) for c in spreadsheet_cases()]
    rows.append({**firm_row(None, "xss"), "firm_name": "<script>alert(1)</script> & 'Co'"})
    run_batch(write_csv(tmp / "in.csv", rows), tmp / "out")
    return tmp / "out"


def test_html_is_self_contained_and_escapes_client_text(batch_dir):
    html = (batch_dir / "portfolio.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#x27;Co&#x27;" in html
    # Nothing is fetched: no src= at all, and links point only at the firms' own report files.
    assert not re.search(r"\bsrc\s*=", html)
    assert re.findall(r"href='([^']*)'", html)
    assert all(h.startswith("firms/") for h in re.findall(r"href='([^']*)'", html))
    assert "default-src 'none'" in html


def test_html_counts_and_heat_cells_match_the_index(batch_dir):
    entries = list(iter_entries(batch_dir))
    html = (batch_dir / "portfolio.html").read_text(encoding="utf-8")
    high = sum(1 for e in entries for f in e.findings if f.severity == "high")
    assert high > 0
    cells = re.findall(r"<td class='high[^']*' data-sev='high'", html)
    assert len(cells) == sum(1 for e in entries for cell in heat_cells(e).values() if cell.severity == "high")
    for row in count_rows(from_folder(batch_dir)):
        assert escape(row["framework"]) in html
    assert sum(r["high"] for r in count_rows(from_folder(batch_dir))) == high


def test_html_lists_at_most_the_cap_and_says_so(tmp_path, monkeypatch):
    import advisor.portfolio.batch as batch_module
    import advisor.portfolio.overview_html as html_module

    monkeypatch.setattr(html_module, "MAX_FIRMS_SHOWN", 2)
    monkeypatch.setattr(batch_module, "MAX_FIRMS_SHOWN", 2)
    rows = [to_cells(c) for c in spreadsheet_cases()]
    run_batch(write_csv(tmp_path / "in.csv", rows), tmp_path / "out")
    html = (tmp_path / "out" / "portfolio.html").read_text(encoding="utf-8")
    assert len(rows) > 2
    assert html.count("<tr data-name=") == 2 and "Showing the first 2 of" in html


def test_heat_rows_filter_by_severity_framework_and_finding(batch_dir):
    view = from_folder(batch_dir)
    every = heat_rows(view, Filters(), None)
    assert len(every) == len(view.entries)
    high = heat_rows(view, Filters(severities=("high",)), None)
    assert high and len(high) < len(every)
    for row in high:
        marks = [v for k, v in row.items() if k not in ("firm", "date", "change") and v]
        assert marks and all(m.startswith("H") for m in marks)
    one = heat_rows(view, Filters(rule_ids=("LK-04",)), None)
    assert one and all(set(r) == {"firm", "date", "change", "LK-04"} for r in one)


def test_report_paths_cannot_leave_the_batch_folder(batch_dir):
    entry = next(iter_entries(batch_dir)).model_copy(update={"report_json": "../../etc/passwd"})
    with pytest.raises(AssessmentError, match="not inside the batch folder"):
        load_report(batch_dir, entry)


def test_an_upload_is_scored_in_memory_with_its_problems(tmp_path, rb):
    rows = [to_cells(c) for c in spreadsheet_cases()[:3]] + [firm_row(None, "bad", cap_sensing="9")]
    view = from_upload(write_csv(tmp_path / "up.csv", rows), "up.csv", rb)
    assert len(view.entries) == 3 and len(view.problems) == 1 and "outside the scale" in str(view.problems[0])
    report = view.report(view.entries[0])
    assert report.firm_id == view.entries[0].firm_id
