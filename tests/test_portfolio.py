"""The portfolio overview: the heat map in a self-contained HTML page, and the data behind the app's page."""

from __future__ import annotations

import json
import re
from html import escape

import pytest
from batch_helpers import firm_row, spreadsheet_cases, to_cells, write_csv

from advisor.app.portfolio_view import (
    comparison_rows,
    count_rows,
    from_folder,
    from_upload,
    heatmap,
    peer_pool,
)
from advisor.core.assessment import AssessmentError
from advisor.portfolio.batch import run_batch
from advisor.portfolio.heatmap import PALETTE, SEVERITY_RANK
from advisor.portfolio.index import heat_cells, iter_entries, load_report

pytestmark = pytest.mark.usefixtures("server_folders_allowed")


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("portfolio")
    rows = [to_cells(c) for c in spreadsheet_cases()]
    rows.append(
        {**firm_row(None, "xss"), "firm_name": "<script>alert(1)</script> & 'Co'", "sector": "</script>"}
    )
    run_batch(write_csv(tmp / "in.csv", rows), tmp / "out")
    return tmp / "out"


def _firm_data(html: str) -> dict:
    block = re.search(r"<script type='application/json' id='firm-data'>(.*?)</script>", html, re.S)
    assert block, "the firms' details block is missing"
    return json.loads(block.group(1))


def test_html_is_self_contained_and_escapes_client_text(batch_dir):
    html = (batch_dir / "portfolio.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#x27;Co&#x27;" in html
    # The details block cannot be ended early by a client's text: "<" is written as \u003c.
    assert html.count("</script>") == 2  # the details block and the page's own script
    assert _firm_data(html)["xss_2024-05-01"]["name"] == "<script>alert(1)</script> & 'Co'"
    # Nothing is fetched: no src= at all, and links point only at the firms' own report files.
    assert not re.search(r"\bsrc\s*=", html)
    links = [link for _, d in _firm_data(html).items() for _, link in d["links"]]
    assert links and all(link.startswith("firms/") for link in links)
    assert "default-src 'none'" in html


def test_heat_cells_carry_colour_letter_and_tentative_mark(batch_dir, rb):
    entries = list(iter_entries(batch_dir))
    html = (batch_dir / "portfolio.html").read_text(encoding="utf-8")
    high = [cell for e in entries for cell in heat_cells(e).values() if cell.severity == "high"]
    assert high
    cells = re.findall(r"<td class='s3( t)?[^']*' data-s='3' title='[^']*'>(H\??)</td>", html)
    assert len(cells) == len(high)
    assert all((t == " t") == (mark == "H?") for t, mark in cells)  # tentative: hatched and "?"
    background, _ = PALETTE["high"]
    assert f".hm td.s{SEVERITY_RANK['high']}{{background-color:{background}" in html
    for row in count_rows(from_folder(batch_dir, rb)):
        assert escape(str(row["framework"])) in html


def test_columns_are_grouped_by_framework(batch_dir):
    html = (batch_dir / "portfolio.html").read_text(encoding="utf-8")
    groups = re.findall(r"<th class='g0' colspan='(\d+)' data-fw='([^']*)'", html)
    columns = re.findall(r"<th class='c[^']*' data-fw='([^']*)'", html)
    assert len(groups) == len({fw for fw in columns}) > 1
    assert sum(int(n) for n, _ in groups) == len(columns)
    assert columns == sorted(columns)  # each framework's findings side by side


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


def test_the_page_shows_the_same_heat_map_as_the_file(batch_dir, rb):
    view = from_folder(batch_dir, rb)
    page = heatmap(view, None)
    assert page.count("<tr data-name=") == len(view.entries)
    assert page.count("data-s='3'") == (batch_dir / "portfolio.html").read_text(encoding="utf-8").count(
        "data-s='3'"
    )


def test_a_firm_is_compared_with_counts_only(batch_dir, rb):
    view = from_folder(batch_dir, rb)
    entry = next(e for e in view.entries if e.findings)
    comparison = peer_pool(view, None, pooled=False).compare(entry)
    rows = comparison_rows(entry, comparison)
    assert [r["finding"] for r in rows] and all("finding" in r for r in rows)
    others = {e.firm_name for e in view.entries if e.firm_id != entry.firm_id}
    assert not any(name in json.dumps(comparison.model_dump()) for name in others)


def test_report_paths_cannot_leave_the_batch_folder(batch_dir):
    entry = next(iter_entries(batch_dir)).model_copy(update={"report_json": "../../etc/passwd"})
    with pytest.raises(AssessmentError, match="not inside the batch folder"):
        load_report(batch_dir, entry)


def test_an_upload_is_scored_in_memory_and_problems_name_the_file_as_uploaded(tmp_path, rb):
    rows = [to_cells(c) for c in spreadsheet_cases()[:3]] + [firm_row(None, "bad", cap_sensing="9")]
    data = write_csv(tmp_path / "whatever.csv", rows).read_bytes()
    seen: list[int] = []
    view = from_upload(data, "Spring round.csv", rb, progress=lambda done, expected: seen.append(done))
    assert len(view.entries) == 3 and len(view.problems) == 1
    problem = str(view.problems[0])
    assert problem.startswith("Spring round.csv row 5") and "outside the scale" in problem
    assert "/tmp" not in problem and seen == [1, 2, 3, 4]
    assert view.report(view.entries[0]).firm_id == view.entries[0].firm_id


def test_an_unreadable_upload_names_the_file_as_uploaded(rb):
    with pytest.raises(AssessmentError) as caught:
        from_upload(b"just,some\nwords,here\n", "survey.csv", rb)
    assert all(p.where.startswith("survey.csv") for p in caught.value.problems)
