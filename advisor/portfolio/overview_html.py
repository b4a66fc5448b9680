"""The portfolio at a glance as one self-contained HTML file: no CDN, no external file, opens offline.

The heat map (heatmap.py) with its filters, the counts per framework and severity over every firm,
and a panel that opens a firm: its findings with how common each is among comparable firms
(peers.py), its change since the last round, its agreed actions and what became of them, and
links to its reports. The firms' details travel as JSON in a non-executed script block and are
shown with textContent; the Content-Security-Policy allows inline code only, and nothing external.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from html import escape
from pathlib import Path

from advisor.core.rulekit import SEVERITIES, severity_rank
from advisor.portfolio.actions import Action, ActionReview
from advisor.portfolio.diff import PortfolioDiff
from advisor.portfolio.heatmap import (
    HEATMAP_CSS,
    HEATMAP_JS,
    SEVERITY_LETTER,
    dimension_values,
    heat_rows,
    heatmap_parts,
)
from advisor.portfolio.index import FirmEntry, Manifest, Overview, heat_cells
from advisor.portfolio.peers import PeerPool

MAX_FIRMS_SHOWN = 5000  # beyond this a browser struggles; the summary spreadsheet has them all

_STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}
table.counts{border-collapse:collapse;font-size:13px}
table.counts th,table.counts td{border:1px solid #ddd;padding:2px 8px;text-align:right}
table.counts th:first-child,table.counts td:first-child{text-align:left}
.note{color:#555}
#firm{border:2px solid #444;padding:.5rem 1rem;margin:1rem 0;max-width:60rem}
#firm table{border-collapse:collapse;font-size:13px}
#firm th,#firm td{border:1px solid #ddd;padding:2px 6px;text-align:left}
"""

_PANEL_JS = (Path(__file__).parent / "firm_panel.js").read_text(encoding="utf-8")


def _counts_table(table: dict[str, Counter[str]]) -> str:
    head = "".join(f"<th>{s}</th>" for s in SEVERITIES)
    rows = "".join(
        f"<tr><td>{escape(fw)}</td>" + "".join(f"<td>{c[s]}</td>" for s in SEVERITIES) + "</tr>"
        for fw, c in table.items()
    )
    return (
        f"<table class='counts'><thead><tr><th>Framework</th>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def _share_text(pool: PeerPool | None, entry: FirmEntry) -> tuple[str, dict[str, str]]:
    if pool is None:
        return "No comparison.", {}
    comparison = pool.compare(entry)
    if comparison.suppressed:
        return f"Not compared: {comparison.suppressed}.", {}
    shares = {s.rule_id: f"{s.percent} % ({s.firms_with} of {s.n})" for s in comparison.shares}
    return f"Compared with {comparison.described}.", shares


def firm_details(
    entry: FirmEntry,
    change: str,
    pool: PeerPool | None,
    actions: Sequence[Action],
    reviews: dict[tuple[str, str, str], ActionReview],
) -> dict:
    """What the panel shows of one firm: plain strings only (no other firm's data)."""
    compared, shares = _share_text(pool, entry)
    findings = []
    for rule_id, cell in sorted(heat_cells(entry).items(), key=lambda kv: severity_rank(kv[1].severity)):
        tentative = ", tentative" if cell.confidence != "firm" else ""
        findings.append(
            [
                f"{cell.title} ({rule_id})",
                cell.framework,
                f"{SEVERITY_LETTER[cell.severity]} {cell.severity}{tentative}",
                shares.get(rule_id, "—"),
            ]
        )
    profile = ", ".join(f"{k}: {v}" for k, v in entry.profile.items())
    links = [[t, p] for t, p in (("report", entry.report_md), ("json", entry.report_json)) if p]
    rows = []
    for a in actions:
        r = reviews.get(a.key)
        happened = ""
        if r is not None:
            happened = r.outcome + (" · overdue" if r.overdue else "")
        rows.append(
            [a.finding or "—", a.move, a.owner, a.due.isoformat() if a.due else "", a.status, happened]
        )
    return {
        "name": entry.firm_name,
        "line": f"{entry.firm_id} · assessed {entry.assessment_date} · {entry.respondent_role}"
        + (f" · {profile}" if profile else ""),
        "links": links,
        "change": change,
        "compared": compared,
        "findings": findings,
        "actions": rows,
    }


def _json_for_script(value: object) -> str:
    # Inside <script>, "</" would end the block: JSON allows "\u003c" for "<" in every string.
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def overview_html_parts(
    manifest: Manifest,
    glance: Overview,
    changes: PortfolioDiff | None = None,
    pool: PeerPool | None = None,
    actions: Sequence[Action] = (),
    reviews: Sequence[ActionReview] = (),
) -> Iterator[str]:
    """The page for an overview built with keep=MAX_FIRMS_SHOWN, a row at a time: written to a
    file this way, the page (tens of MB for thousands of firms) is never held whole in memory."""
    shown, total = glance.shown, glance.total
    dimensions = dimension_values(shown, pool.dimensions if pool else ())
    truncated = (
        f"<p class='note'>Showing the first {MAX_FIRMS_SHOWN} of {total} firms; summary.xlsx lists all.</p>"
        if total > len(shown)
        else ""
    )
    since = (
        f" Change since {escape(changes.old.label)}: + appeared, - resolved, ~ changed." if changes else ""
    )
    rb = manifest.rulebase
    yield f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>BMI Advisor portfolio</title><style>{_STYLE}{HEATMAP_CSS}</style></head>
<body>
<h1>BMI Advisor portfolio</h1>
<p>{manifest.firms_scored} firms scored · {manifest.rows_failed} rows failed (see errors.csv) ·
rule base {escape(rb.version)} (<code>{escape(rb.content_hash[:12])}</code>) ·
input {escape(manifest.input)}</p>
<h2>Findings per framework and severity</h2>
{_counts_table(glance.counts)}
<h2>Heat map</h2>
<p class="note">Rows are firms, columns the findings that occur, grouped by framework.{since}</p>
{truncated}
<div id="heatmap">"""
    rows = list(heat_rows(shown, changes))
    yield from heatmap_parts(rows, glance.columns, dimensions, changes is not None, total)
    yield "</div><section id='firm' hidden aria-live='polite'></section>\n"
    yield "<script type='application/json' id='firm-data'>{"
    by_firm: dict[str, list[Action]] = {}
    for a in actions:
        by_firm.setdefault(a.firm_id, []).append(a)
    reviewed = {r.action.key: r for r in reviews}
    for n, row in enumerate(rows):
        details = firm_details(row.entry, row.change, pool, by_firm.get(row.entry.firm_id, []), reviewed)
        yield ("," if n else "") + _json_for_script(row.key) + ":" + _json_for_script(details)
    yield f"}}</script>\n<script>{HEATMAP_JS}{_PANEL_JS}</script>\n</body></html>\n"
