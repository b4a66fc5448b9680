"""The Portfolio page in a real browser: the heat map's colours, a filter, opening a firm with its
comparison, and an action plan that goes out as a spreadsheet and comes back edited."""

from __future__ import annotations

import csv
import io
import re

from batch_helpers import case_data, spreadsheet_cases, to_cells, write_csv
from conftest import ROOT
from playwright.sync_api import expect

from tests.e2e.browser import app_server, browser_page, needs_chromium
from tests.e2e.test_app_browser import SCREENSHOTS, STEP_TIMEOUT_MS

pytestmark = needs_chromium()
HIGH_RGB = "rgb(189, 0, 38)"  # heatmap.PALETTE["high"], as the browser computes it


def _portfolio_csv(folder):
    rows = [to_cells(c) for c in spreadsheet_cases() if c["firm_id"] != "seamless"]
    rows.append(to_cells(case_data(ROOT / "examples/seamless-2005.yaml")))
    for n, row in enumerate(rows):
        row["sector"] = ("Software", "Manufacturing")[n % 2]
    return write_csv(folder / "Spring round.csv", rows)


def test_heat_map_colours_filter_drill_down_and_the_action_plan_round_trip(tmp_path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    upload = _portfolio_csv(tmp_path)
    with app_server(tmp_path / "e2e.sqlite3") as url, browser_page() as page:
        page.set_default_timeout(STEP_TIMEOUT_MS * 3)
        page.goto(f"{url}/portfolio")
        page.get_by_text("Answers: CSV, XLSX or JSON Lines").wait_for()
        # The heat map gets the screen's width (the other pages keep the narrow, readable column).
        main = page.locator('[data-testid="stMainBlockContainer"]').first
        assert main.evaluate("e => e.getBoundingClientRect().width") > 900
        page.locator("input[type=file]").first.set_input_files(upload)
        count = page.locator(".hm-count[data-applied]")
        count.wait_for()
        total = int(page.locator(".hm-shown").inner_text())
        assert total == len(spreadsheet_cases())

        # Colour, letter and the tentative mark, as the browser draws them.
        high = page.locator("td.s3").first
        assert high.evaluate("e => getComputedStyle(e).backgroundColor") == HIGH_RGB
        assert high.inner_text().startswith("H")
        tentative = page.locator("td.t").first
        assert tentative.inner_text().endswith("?")
        assert "repeating-linear-gradient" in tentative.evaluate("e => getComputedStyle(e).backgroundImage")
        page.screenshot(path=SCREENSHOTS / "portfolio-heatmap.png")

        # A filter answers in the browser: only firms with a high finding, then one framework.
        applied = count.get_attribute("data-applied")
        for severity in ("2", "1", "0"):
            page.locator(f"input[data-f=sev][value='{severity}']").uncheck()
        expect(count).to_have_attribute("data-applied", str(int(applied) + 3))
        shown = int(page.locator(".hm-shown").inner_text())
        assert 0 < shown < total
        assert page.locator("table.hm tbody tr:not([hidden])").count() == shown
        for row in page.locator("table.hm tbody tr:not([hidden])").all():
            assert row.locator("td.s3").count() > 0
        page.locator("select[data-f=fw]").select_option(index=1)
        expect(page.locator("thead tr.cols th.c:visible").first).to_be_visible()
        framework = page.locator("select[data-f=fw]").input_value()
        assert {
            page.locator("thead tr.cols th.c:visible").nth(i).get_attribute("data-fw") for i in range(3)
        } == {framework}
        page.locator("select[data-f=fw]").select_option(value="")
        for severity in ("2", "1", "0"):
            page.locator(f"input[data-f=sev][value='{severity}']").check()
        page.locator("input[data-f=text]").fill("seamless")
        expect(page.locator(".hm-shown")).not_to_have_text(str(total))
        names = page.locator("table.hm tbody tr:not([hidden])").evaluate_all(
            "rows => rows.map(r => r.dataset.name)"
        )
        assert names and all("seamless" in n for n in names)

        # A click opens the firm: its comparison with similar firms and its actions.
        page.locator("button[data-open^='seamless_']").click()
        page.get_by_text("Compared with similar firms").wait_for()
        page.get_by_text(re.compile(r"^(Compared with (all )?\d+ |Not compared: )")).wait_for()
        page.wait_for_timeout(500)
        page.screenshot(path=SCREENSHOTS / "portfolio-firm-comparison.png", full_page=True)

        # Agree a move, download the plan, edit it as a spreadsheet would, bring it back.
        page.get_by_test_id("stSelectbox").filter(has=page.get_by_text("Move", exact=True)).click()
        page.get_by_role("option").first.click()
        page.get_by_label("Owner").fill("Anna (advisor)")
        page.get_by_role("button", name="Add action").click()
        page.get_by_text("1 action(s).").wait_for()
        with page.expect_download() as caught:
            page.get_by_role("button", name="Download the plan (CSV)").click()
        rows = list(csv.DictReader(io.StringIO(caught.value.path().read_text(encoding="utf-8"))))
        assert [(r["firm_id"], r["owner"], r["status"]) for r in rows] == [
            ("seamless", "Anna (advisor)", "open")
        ]
        rows[0]["status"] = "done"
        rows.append({**rows[0], "move": "Talk to two distributors", "due": "soon", "status": "open"})
        edited = tmp_path / "actions edited.csv"
        with edited.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        page.locator("input[type=file]").last.set_input_files(edited)
        page.get_by_text("actions edited.csv row 3 column due").wait_for()
        page.get_by_role("button", name="Use these 1 action(s) as the plan").click()
        page.get_by_text("The plan now holds 1 action(s).").wait_for()
        with page.expect_download() as caught:
            page.get_by_role("button", name="Download the plan (CSV)").click()
        again = list(csv.DictReader(io.StringIO(caught.value.path().read_text(encoding="utf-8"))))
        assert [r["status"] for r in again] == ["done"]
