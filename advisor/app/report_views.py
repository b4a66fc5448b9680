"""Comparisons and pictures the report page shows, computed without Streamlit."""

from __future__ import annotations

from advisor.api import default_rulebase
from advisor.core.assessment import Assessment
from advisor.core.findings import FindingChange, diff_findings
from advisor.reporting.pdf import Bar, Cell, Dot, Pictures
from advisor.reporting.report import Finding, Report
from rules.views import (
    COLLAB_BANDS,
    LEVEL_WORDS,
    STATE_WORDS,
    PhaseCell,
    capabilities,
    collaboration_map,
    phase_matrix,
    value_chain,
)


def compare_findings(before: Report, after: Report) -> list[FindingChange[Finding]]:
    """Findings that appear, are resolved or change severity or confidence between two reports
    of one firm (those that stay as they were are left out)."""
    return [c for c in diff_findings(before.findings, after.findings) if c.change != "stayed"]


# ---- the pictures, shared by the report page and the PDF ------------------------------------------
# Cell colours of the phase matrix; a cell where the two sides of a deal differ is never green.
STATE_RGB = {
    "complete": (76, 154, 106),
    "weakened": (224, 163, 59),
    "absent": (200, 85, 61),
    "unknown": (201, 204, 209),
    "na": (238, 240, 242),
    "differs": (190, 176, 226),  # lavender: neither done (green) nor missing (amber, red)
}
LEVEL_SCORE = {"unknown": 0, "weak": 1, "moderate": 2, "strong": 3}
DIFFERS_WORD = "Views differ"


def hex_colour(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def cell_state(cell: PhaseCell) -> str:
    """The colour key of a phase-matrix cell: "differs" wins, so a disputed cell never looks done."""
    return "differs" if cell.diverging else cell.state


def cell_words(cell: PhaseCell) -> str:
    return (
        f"{DIFFERS_WORD}: {STATE_WORDS[cell.state].lower()} for you"
        if cell.diverging
        else STATE_WORDS[cell.state]
    )


def pdf_pictures(report: Report, assessment: Assessment) -> Pictures:
    """The summary page's pictures for the PDF, from the knowledge's own views."""
    rb = default_rulebase()
    steps, positions = value_chain(rb.bank, assessment)
    marks: dict[int, list[str]] = {}
    for p in positions:
        marks.setdefault(p.step, []).append(p.who)
    cells = phase_matrix(report, assessment, rb) or []
    return Pictures(
        capabilities=[Bar(c.name, LEVEL_WORDS[c.level], LEVEL_SCORE[c.level]) for c in capabilities(report)],
        chain_steps=steps,
        chain_marks=marks,
        phases=[
            Cell(
                f"{c.phase}. {c.phase_name.capitalize()}",
                c.theme,
                cell_words(c),
                STATE_RGB[cell_state(c)],
                bool(c.diverging),
            )
            for c in cells
        ],
        collaborations=[
            Dot(p.name, p.connection, p.co_creation, p.kind) for p in collaboration_map(report, assessment)
        ],
        collaboration_lines=(COLLAB_BANDS["low"] + 0.5, COLLAB_BANDS["high"] - 0.5),
        x_title="How connected you are (1–5) →",
        y_title="Value created jointly (1–5)",
    )
