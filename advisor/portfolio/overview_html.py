"""The portfolio at a glance as one self-contained HTML file: no CDN, no external file, opens offline.

Rows are firms, columns the findings that occur in the portfolio (grouped by framework); a cell
shows the most serious occurrence (H, M, L, i; "?" when tentative). Counts per framework and
severity cover every firm. Filters are a few lines of inline JavaScript that only toggle CSS
classes and read data attributes; every text a client typed goes through html.escape.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from html import escape
from urllib.parse import quote

from advisor.portfolio.diff import FirmDiff, PortfolioDiff
from advisor.portfolio.index import (
    SEVERITIES,
    FindingCell,
    FirmEntry,
    Manifest,
    Overview,
    RuleColumn,
    heat_cells,
)

MAX_FIRMS_SHOWN = 5000  # beyond this a browser struggles; the summary spreadsheet has them all
SEVERITY_LETTER = {"high": "H", "medium": "M", "low": "L", "info": "i"}

_STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse;font-size:13px}
th,td{border:1px solid #ddd;padding:2px 6px;text-align:center}
th.firm,td.firm{text-align:left;white-space:nowrap}
thead th{position:sticky;top:0;background:#f7f7f7}
td.high{background:#c62828;color:#fff}td.medium{background:#ef8f00;color:#fff}
td.low{background:#f6d55c}td.info{background:#cfe3f7}
td.tentative{opacity:.55;font-style:italic}
.off{display:none}.dim{visibility:hidden}
#filters{margin:1rem 0;display:flex;gap:1.5rem;flex-wrap:wrap;align-items:center}
.note{color:#666}
"""

_SCRIPT = """
function applyFilters(){
  const sev=new Set([...document.querySelectorAll('input[name=sev]:checked')].map(e=>e.value));
  const fw=document.getElementById('fw').value, rule=document.getElementById('rule').value;
  const text=document.getElementById('firm').value.toLowerCase();
  const changedOnly=document.getElementById('changed')?.checked;
  document.querySelectorAll('[data-rule]').forEach(c=>{
    const show=(!fw||c.dataset.fw===fw)&&(!rule||c.dataset.rule===rule);
    c.classList.toggle('off',!show);
  });
  document.querySelectorAll('tbody tr').forEach(tr=>{
    let hits=0;
    tr.querySelectorAll('td[data-sev]').forEach(td=>{
      const on=sev.has(td.dataset.sev)&&!td.classList.contains('off');
      td.classList.toggle('dim',!on); if(on) hits++;
    });
    const named=tr.dataset.name.includes(text);
    const changed=!changedOnly||tr.dataset.changed==='1';
    tr.classList.toggle('off',!(named&&changed&&(hits>0||(!fw&&!rule&&sev.size===4))));
  });
}
document.querySelectorAll('#filters input,#filters select')
  .forEach(e=>e.addEventListener('input',applyFilters));
"""


def _counts_table(table: dict[str, Counter[str]]) -> str:
    head = "".join(f"<th>{s}</th>" for s in SEVERITIES)
    rows = "".join(
        f"<tr><td class='firm'>{escape(fw)}</td>" + "".join(f"<td>{c[s]}</td>" for s in SEVERITIES) + "</tr>"
        for fw, c in table.items()
    )
    return (
        f"<table><thead><tr><th class='firm'>Framework</th>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def _change_text(by_firm: dict[str, FirmDiff] | None, entry: FirmEntry) -> tuple[str, bool]:
    if by_firm is None:
        return "", False
    firm = by_firm.get(entry.firm_id)
    if firm is None or firm.new_date != entry.assessment_date:
        return "", False  # an earlier round of a firm assessed again in this portfolio
    if firm.status == "unchanged":
        return "–", False
    if firm.status == "new":
        return "new", True
    kinds = Counter(c.change for c in firm.changes)
    text = " ".join(
        f"{mark}{kinds[k]}"
        for k, mark in (("appeared", "+"), ("resolved", "−"), ("changed", "~"))
        if kinds[k]
    )
    return text, True


def _column_attrs(col: RuleColumn) -> tuple[RuleColumn, str, str]:
    """A column with its cells' attributes and its empty cell, the same in every row."""
    attrs = f"data-rule='{escape(col.rule_id)}' data-fw='{escape(col.framework)}'"
    return col, attrs, f"<td {attrs}></td>"


def _found_cell(col: RuleColumn, attrs: str, cell: FindingCell) -> str:
    tentative = cell.confidence != "firm"
    title = escape(f"{col.rule_id} {cell.title}: {cell.severity}, {cell.confidence}")
    css = f"{cell.severity}{' tentative' if tentative else ''}"
    mark = SEVERITY_LETTER[cell.severity] + ("?" if tentative else "")
    return f"<td class='{css}' data-sev='{cell.severity}' {attrs} title='{title}'>{mark}</td>"


def _firm_row(
    entry: FirmEntry,
    columns: list[tuple[RuleColumn, str, str]],
    by_firm: dict[str, FirmDiff] | None,
    drawn: dict[tuple[str, str, str, str], str],
) -> str:
    """One firm's row; `drawn` keeps the cells drawn so far (a few per rule, repeated by firms)."""
    name = escape(entry.firm_name)
    links = ""
    if entry.report_md:
        links = (
            f" <a href='{escape(quote(entry.report_md))}'>report</a>"
            f" <a href='{escape(quote(entry.report_json))}'>json</a>"
        )
    change, changed = _change_text(by_firm, entry)
    found = heat_cells(entry)
    cells = []
    for col, attrs, empty in columns:
        cell = found.get(col.rule_id)
        if cell is None:
            cells.append(empty)
            continue
        key = (col.rule_id, cell.title, cell.severity, cell.confidence)
        html = drawn.get(key)
        if html is None:
            html = drawn[key] = _found_cell(col, attrs, cell)
        cells.append(html)
    search = escape(f"{entry.firm_name} {entry.firm_id}".lower())
    change_cell = f"<td>{escape(change)}</td>" if by_firm is not None else ""
    return (
        f"<tr data-name='{search}' data-changed='{int(changed)}'>"
        f"<td class='firm'>{name} <span class='note'>({escape(entry.firm_id)}, "
        f"{entry.assessment_date})</span>{links}</td>{change_cell}{''.join(cells)}</tr>"
    )


def overview_html_parts(
    manifest: Manifest, glance: Overview, changes: PortfolioDiff | None = None
) -> Iterator[str]:
    """The page for an overview built with keep=MAX_FIRMS_SHOWN, a row at a time: written to a
    file this way, the page (tens of MB for thousands of firms) is never held whole in memory."""
    shown, total, columns = glance.shown, glance.total, glance.columns
    by_firm = {f.firm_id: f for f in changes.firms} if changes is not None else None
    frameworks = sorted({c.framework for c in columns})
    head = "".join(
        f"<th data-rule='{escape(c.rule_id)}' data-fw='{escape(c.framework)}' title='{escape(c.title)}'>"
        f"{escape(c.rule_id)}</th>"
        for c in columns
    )
    change_head = "<th>Change</th>" if changes is not None else ""
    attributed = [_column_attrs(c) for c in columns]
    truncated = (
        f"<p class='note'>Showing the first {MAX_FIRMS_SHOWN} of {total} firms; summary.xlsx lists all.</p>"
        if total > len(shown)
        else ""
    )
    sev_boxes = "".join(
        f"<label><input type='checkbox' name='sev' value='{s}' checked> {s}</label> " for s in SEVERITIES
    )
    fw_options = "".join(f"<option value='{escape(f)}'>{escape(f)}</option>" for f in frameworks)
    rule_options = "".join(
        f"<option value='{escape(c.rule_id)}'>{escape(c.rule_id)} {escape(c.title)}</option>" for c in columns
    )
    changed_box = (
        "<label><input type='checkbox' id='changed'> only firms that changed</label>"
        if changes is not None
        else ""
    )
    legend = (
        "Cells: H high, M medium, L low, i info; ? = tentative (rests on missing answers). "
        "Hover a cell or a column for the finding."
    )
    since = ""
    if changes is not None:
        since = (
            f" Change since {escape(changes.old.label)}: + appeared, − resolved, ~ severity or confidence."
        )
    rb = manifest.rulebase
    yield f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>BMI Advisor portfolio</title><style>{_STYLE}</style></head>
<body>
<h1>BMI Advisor portfolio</h1>
<p>{manifest.firms_scored} firms scored · {manifest.rows_failed} rows failed (see errors.csv) ·
rule base {escape(rb.version)} (<code>{escape(rb.content_hash[:12])}</code>) ·
input {escape(manifest.input)}</p>
<h2>Findings per framework and severity</h2>
{_counts_table(glance.counts)}
<h2>Heat map</h2>
<p class="note">{legend}{since}</p>
<div id="filters">
<span>Severity: {sev_boxes}</span>
<label>Framework <select id="fw"><option value="">all</option>{fw_options}</select></label>
<label>Finding <select id="rule"><option value="">all</option>{rule_options}</select></label>
<label>Firm <input id="firm" type="search" placeholder="name or id"></label>
{changed_box}
</div>
{truncated}
<table id="heat"><thead><tr><th class="firm">Firm</th>{change_head}{head}</tr></thead>
<tbody>"""
    drawn: dict[tuple[str, str, str, str], str] = {}
    for entry in shown:
        yield _firm_row(entry, attributed, by_firm, drawn)
    yield f"""</tbody></table>
<script>{_SCRIPT}</script>
</body></html>
"""
