"""The portfolio heat map: firms × findings grouped by framework, coloured by severity.

One picture for the self-contained portfolio.html and the app's Portfolio page: the HTML, its style
and its script are built here once, and both places show them as they are.

- Colour: a sequential ramp (ColorBrewer YlOrRd, marked colour-blind safe and print friendly) whose
  lightness falls as severity rises, so it also reads in grey print; backgrounds are printed.
- Every filled cell keeps its letter (H, M, L, i) for screen readers and monochrome; a tentative
  finding (one the answers so far do not settle) is hatched and carries "?".
- Filters (framework, severity, the firm's profile, change since the last round, name) and sorting
  run in the browser over data attributes: no round trip, so they answer at once for thousands of
  firms. The header rows and the firm names stay in place while the table scrolls.
- Every text a client typed goes through html.escape; the script reads attributes and sets
  classes or textContent only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from advisor.core.rulekit import SEVERITIES
from advisor.portfolio.diff import PortfolioDiff, change_marks
from advisor.portfolio.index import FindingCell, FirmEntry, RuleColumn, heat_cells, report_stem
from advisor.reporting.markdown import TENTATIVE_WHY

_HERE = Path(__file__).parent
SEVERITY_LETTER = {"high": "H", "medium": "M", "low": "L", "info": "i"}
# Rank in the page's data (3 = most serious), so sorting and filtering compare numbers.
SEVERITY_RANK = {s: str(len(SEVERITIES) - 1 - i) for i, s in enumerate(SEVERITIES)}
# ColorBrewer YlOrRd (5 classes, the second darkest left out so medium and high stay far apart):
# background, text colour.
PALETTE = {
    "high": ("#bd0026", "#ffffff"),
    "medium": ("#fd8d3c", "#000000"),
    "low": ("#fecc5c", "#000000"),
    "info": ("#ffffb2", "#000000"),
}
CHANGE_FILTERS = {
    "changed": "changed since the last round",
    "appeared": "with a finding that appeared",
    "resolved": "with a finding resolved",
    "new": "new in this round",
}
# Rows laid out at once; the rest are a click on "Next" away. A browser needs seconds to lay out a
# table of 2,000 firms by 60 findings, and nobody reads more than a screenful at a time.
PAGE_ROWS = 50
TITLE_CHARS = 38  # a column's header shows this much of the finding's title (all of it on hover)


def _cell_css() -> str:
    return "".join(
        f".hm td.s{SEVERITY_RANK[s]}{{background-color:{bg};color:{fg}}}" for s, (bg, fg) in PALETTE.items()
    )


HEATMAP_CSS = (_HERE / "heatmap.css").read_text(encoding="utf-8") + _cell_css()

HEATMAP_JS = (_HERE / "heatmap.js").read_text(encoding="utf-8")


@dataclass(frozen=True)
class HeatRow:
    """One firm's row: its entry and what changed since the last round."""

    entry: FirmEntry
    change: str = ""  # what the Change column shows ("+2 −1", "new", "–")
    change_kinds: tuple[str, ...] = ()  # of CHANGE_FILTERS

    @property
    def key(self) -> str:
        return report_stem(self.entry.firm_id, self.entry.assessment_date)


def heat_rows(entries: Iterable[FirmEntry], changes: PortfolioDiff | None) -> Iterator[HeatRow]:
    """Each firm's row, with its change when it is the firm's assessment the diff speaks of (an
    earlier round of a firm assessed again in the same portfolio shows none)."""
    by_firm = {f.firm_id: f for f in changes.firms} if changes is not None else {}
    for entry in entries:
        firm = by_firm.get(entry.firm_id)
        current = firm is not None and firm.new_date == entry.assessment_date
        text, kinds = change_marks(firm if current else None)
        yield HeatRow(entry, text, kinds)


def dimension_values(entries: Iterable[FirmEntry], names: Sequence[str]) -> dict[str, list[str]]:
    """The values each profile dimension takes in a portfolio, for its filter (dimensions no firm
    has a value for are left out)."""
    seen: dict[str, set[str]] = {n: set() for n in names}
    for e in entries:
        for name, value in e.profile.items():
            if name in seen:
                seen[name].add(value)
    return {n: sorted(v) for n, v in seen.items() if v}


def _seriousness(cells: dict[str, FindingCell]) -> int:
    # Sorts "most serious first": a high outweighs any number of mediums below ten, and so on.
    return sum(10 ** int(SEVERITY_RANK[c.severity]) for c in cells.values())


def _short(title: str) -> str:
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"


def _legend() -> str:
    swatches = "".join(
        f"<span><span class='sw' style='background:{bg};color:{fg}'>{SEVERITY_LETTER[s]}</span>{s}</span>"
        for s, (bg, fg) in PALETTE.items()
    )
    tentative = (
        f"<span><span class='sw' style='background:{PALETTE['medium'][0]};background-image:"
        "repeating-linear-gradient(45deg,rgba(255,255,255,.45) 0 2px,transparent 2px 7px);"
        f"font-style:italic'>M?</span>tentative ({TENTATIVE_WHY})</span>"
    )
    hint = "<span>Click a firm to open it; click a column to sort by it.</span>"
    return f"<div class='hm-legend'>{swatches}{tentative}{hint}</div>"


def _filters(columns: Sequence[RuleColumn], dimensions: dict[str, list[str]], with_changes: bool) -> str:
    frameworks = sorted({c.framework for c in columns})
    fw = "".join(f"<option value='{escape(f)}'>{escape(f)}</option>" for f in frameworks)
    sev = "".join(
        f"<label><input type='checkbox' data-f='sev' value='{SEVERITY_RANK[s]}' checked> {s}</label>"
        for s in SEVERITIES
    )
    dims = "".join(
        f"<label>{escape(name.capitalize())} <select data-dim='p{i}'><option value=''>all</option>"
        + "".join(f"<option value='{escape(v)}'>{escape(v)}</option>" for v in values)
        + "</select></label>"
        for i, (name, values) in enumerate(dimensions.items())
    )
    change = ""
    if with_changes:
        options = "".join(f"<option value='{k}'>{escape(v)}</option>" for k, v in CHANGE_FILTERS.items())
        change = f"<label>Firms <select data-f='ch'><option value=''>all</option>{options}</select></label>"
    sort = (
        "<label>Sort <select data-f='sort'><option value='order'>as listed</option>"
        "<option value='serious'>most serious first</option><option value='name'>name</option>"
        + ("<option value='change'>most changed</option>" if with_changes else "")
        + "<option value='col'>by the clicked column</option></select></label>"
    )
    return (
        "<div class='hm-filters'>"
        f"<label>Framework <select data-f='fw'><option value=''>all</option>{fw}</select></label>"
        f"<fieldset><legend>Severity</legend>{sev}</fieldset>{dims}{change}"
        "<label>Firm <input type='search' data-f='text' placeholder='name or id'></label>"
        f"{sort}</div>"
    )


def _head(columns: Sequence[RuleColumn], with_changes: bool) -> str:
    groups: list[tuple[str, int]] = []
    for c in columns:
        if groups and groups[-1][0] == c.framework:
            groups[-1] = (c.framework, groups[-1][1] + 1)
        else:
            groups.append((c.framework, 1))
    group_row = f"<th class='firm' colspan='1'></th>{'<th></th>' if with_changes else ''}" + "".join(
        f"<th class='g0' colspan='{n}' data-fw='{escape(fw)}' title='{escape(fw)}'>{escape(fw)}</th>"
        for fw, n in groups
    )
    cells, previous = [], None
    for c in columns:
        first = " g0" if c.framework != previous else ""
        previous = c.framework
        tip = escape(f"{c.rule_id} {c.title} ({c.framework})")
        cells.append(
            f"<th class='c{first}' data-fw='{escape(c.framework)}' title='{tip}' scope='col'>"
            f"<span>{escape(_short(c.title))}</span></th>"
        )
    change_head = "<th scope='col'>Change</th>" if with_changes else ""
    return (
        f"<thead><tr class='groups'>{group_row}</tr>"
        f"<tr class='cols'><th class='firm' scope='col'>Firm</th>{change_head}{''.join(cells)}</tr></thead>"
    )


def _cell(cell: FindingCell, first: bool) -> str:
    tentative = cell.confidence != "firm"
    css = f"s{SEVERITY_RANK[cell.severity]}{' t' if tentative else ''}{' g0' if first else ''}"
    label = f"{cell.title}: {cell.severity}{', tentative' if tentative else ''}"
    mark = SEVERITY_LETTER[cell.severity] + ("?" if tentative else "")
    return f"<td class='{css}' data-s='{SEVERITY_RANK[cell.severity]}' title='{escape(label)}'>{mark}</td>"


def _row(
    row: HeatRow,
    columns: Sequence[tuple[str, bool]],
    dimension_names: Sequence[str],
    with_changes: bool,
    drawn: dict[tuple[FindingCell, bool], str],
    hidden: bool,
) -> str:
    entry = row.entry
    cells = heat_cells(entry)
    parts = []
    for rule_id, first in columns:
        cell = cells.get(rule_id)
        if cell is None:
            parts.append("<td class='g0'></td>" if first else "<td></td>")
            continue
        html = drawn.get((cell, first))
        if html is None:  # a few hundred kinds of cell repeat over thousands of firms
            html = drawn[(cell, first)] = _cell(cell, first)
        parts.append(html)
    profile = "".join(
        f" data-p{i}='{escape(entry.profile.get(name, ''))}'" for i, name in enumerate(dimension_names)
    )
    change_attrs = ""
    change_cell = ""
    if with_changes:
        kinds = " ".join(row.change_kinds)
        change_attrs = f" data-ch='{kinds}' data-nch='{len(row.change_kinds)}'"
        change_cell = f"<td class='ch'>{escape(row.change)}</td>"
    search = escape(f"{entry.firm_name} {entry.firm_id}".lower())
    key = escape(row.key)
    return (
        f"<tr data-name='{search}' data-w='{_seriousness(cells)}'{profile}{change_attrs}"
        f"{' hidden' if hidden else ''}><th class='firm' scope='row'>"
        f"<button type='button' data-open='{key}'>{escape(entry.firm_name)}</button>"
        f"<span class='id'>{escape(entry.firm_id)} · {entry.assessment_date}</span></th>"
        f"{change_cell}{''.join(parts)}</tr>"
    )


def heatmap_parts(
    rows: Sequence[HeatRow] | Iterator[HeatRow],
    columns: Sequence[RuleColumn],
    dimensions: dict[str, list[str]],
    with_changes: bool,
    total: int,
) -> Iterator[str]:
    """The heat map's HTML a row at a time (a page for thousands of firms is tens of MB): legend,
    filters, count, table. `dimensions` maps each profile dimension to the values that occur;
    `total` is how many firms there are (more than the rows when the page shows only the first)."""
    yield "<div class='hm-root'><style class='hm-dyn'></style>"
    yield _legend()
    yield _filters(columns, dimensions, with_changes)
    yield (
        f"<p class='hm-count' data-page='{PAGE_ROWS}'><span class='hm-shown'>{total}</span> of {total} firms "
        "match · showing <span class='hm-page'></span> "
        "<button type='button' data-f='prev'>Previous</button> "
        "<button type='button' data-f='next'>Next</button></p>"
    )
    yield f"<div class='hm-wrap'><table class='hm'>{_head(columns, with_changes)}<tbody>"
    placed, previous = [], None
    for c in columns:
        placed.append((c.rule_id, c.framework != previous))
        previous = c.framework
    names = list(dimensions)
    drawn: dict[tuple[FindingCell, bool], str] = {}
    for n, row in enumerate(rows):
        yield _row(row, placed, names, with_changes, drawn, hidden=n >= PAGE_ROWS)
    yield "</tbody></table></div></div>"


def heatmap_html(
    rows: Sequence[HeatRow],
    columns: Sequence[RuleColumn],
    dimensions: dict[str, list[str]],
    with_changes: bool,
) -> str:
    return "".join(heatmap_parts(rows, columns, dimensions, with_changes, len(rows)))
