"""The report as a PDF to hand to a client or a board, built with fpdf2 from the report model (not
from Markdown, so nothing a founder typed is ever read as formatting).

Page 1 is a cover (firm, date, respondent); page 2 a one-page summary: what matters most with the
first moves, the strengths, and the pictures drawn as vector graphics (sharp at any print size);
then the action plan, the findings with colour-coded severity, tensions, questions, what would
change the findings, and the sources.

The pictures' data come from the caller (`Pictures`): they know the rule base's vocabulary, which
this package does not. With Debian's DejaVu Sans (fonts-dejavu-core) every character of the firm's
texts prints as typed; a character that font lacks (Chinese, Japanese, Korean) prints as □, and the
cover says so; the Markdown and JSON reports keep them (docs/security.md). Without DejaVu the
built-in Helvetica only knows Latin-1: other characters are transliterated (é stays, “ becomes ", a
Chinese name becomes ?).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import TableCellFillMode, XPos, YPos
from fpdf.fonts import FontFace

from advisor.reporting.lead import FindingGroup, grouped, headline, plain, settlers, source_words
from advisor.reporting.markdown import (
    KIND_WORD,
    TENTATIVE_WHY,
    by_framework,
    change_phrase,
    counts_phrase,
    evidence_phrase,
)
from advisor.reporting.report import Report
from advisor.reporting.whatif import WhatWouldChange

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_ASCII_FOR = {"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...", "→": "->", "·": "-"}
MISSING_GLYPH = "□"

# Severity colours: dark enough for white text at 4.5:1 and distinct in greyscale print.
SEVERITY_RGB = {
    "high": (179, 38, 30),
    "medium": (166, 84, 0),
    "low": (45, 95, 139),
    "info": (95, 99, 104),
}
STRENGTH_RGB = (46, 125, 50)
SEVERITY_WORD = {
    "high": "High priority",
    "medium": "Medium priority",
    "low": "Low priority",
    "info": "For info",
}
INK = (33, 37, 41)
MUTED = (84, 89, 94)
ACCENT = (61, 106, 147)


# ---- the pictures' data, filled in by the caller -----------------------------------------------------
@dataclass(frozen=True)
class Bar:
    name: str
    word: str  # the level in words, printed beside the bar
    score: int  # 0 (not known) .. 3 (strong)


@dataclass(frozen=True)
class Cell:
    row: str  # e.g. "1. Value proposition definition"
    column: str  # e.g. "Value creation"
    word: str  # the cell's state in words
    rgb: tuple[int, int, int]
    differs: bool = False  # the other side of the deal sees this cell differently


@dataclass(frozen=True)
class Dot:
    name: str
    x: float  # 1..5
    y: float  # 1..5
    kind: str


@dataclass(frozen=True)
class Pictures:
    capabilities: list[Bar] = field(default_factory=list)
    chain_steps: list[str] = field(default_factory=list)  # bottom of the value chain first
    chain_marks: dict[int, list[str]] = field(default_factory=dict)  # step (1-based) -> who sits there
    phases: list[Cell] = field(default_factory=list)
    collaborations: list[Dot] = field(default_factory=list)
    collaboration_lines: tuple[float, ...] = ()  # x positions of the zone lines
    x_title: str = ""
    y_title: str = ""


@dataclass(frozen=True)
class PlanRow:
    action: str
    because: str
    owner: str = ""
    due: dt.date | None = None
    done: bool = False


class _Writer:
    def __init__(self, font_dir: Path | None):
        self.pdf = FPDF(format="A4")
        self.pdf.set_margins(18, 16, 18)
        self.pdf.set_auto_page_break(True, margin=16)
        regular, bold = (
            (font_dir / "DejaVuSans.ttf", font_dir / "DejaVuSans-Bold.ttf") if font_dir else (None, None)
        )
        self.unicode = bool(regular and bold and regular.exists() and bold.exists())
        self.glyphs: set[int] = set()
        self.replaced = False
        if self.unicode:
            self.pdf.add_font("body", "", str(regular))
            self.pdf.add_font("body", "B", str(bold))
            self.family = "body"
            self.glyphs = set(self.pdf.fonts["body"].cmap)
        else:
            self.family = "helvetica"

    def clean(self, text: str) -> str:
        text = " ".join(str(text).split())
        if self.unicode:
            out = "".join(ch if ord(ch) in self.glyphs else MISSING_GLYPH for ch in text)
            self.replaced |= out != text
            return out
        text = "".join(_ASCII_FOR.get(ch, ch) for ch in text)
        decomposed = unicodedata.normalize("NFKD", text)
        latin = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        # Re-compose: letters Latin-1 has (é, ö, å) print whole; the rest become "?".
        return unicodedata.normalize("NFC", latin).encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float, bold: bool = False, rgb: tuple[int, int, int] = INK) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)
        self.pdf.set_text_color(*rgb)

    def line(
        self,
        text: str,
        size: float = 10,
        bold: bool = False,
        gap: float = 1.5,
        indent: float = 0,
        rgb: tuple[int, int, int] = INK,
        width: float | None = None,
    ) -> None:
        self.font(size, bold, rgb)
        self.pdf.set_x(self.pdf.l_margin + indent)
        self.pdf.multi_cell(
            width or self.pdf.epw - indent,
            size * 0.5,
            self.clean(text),
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.pdf.ln(gap)

    def heading(self, text: str, size: float = 14) -> None:
        if self.pdf.get_y() > self.pdf.h - 45:  # never a heading alone at the foot of a page
            self.pdf.add_page()
        self.line(text, size=size, bold=True, gap=1.5, rgb=ACCENT)

    def badge(self, word: str, rgb: tuple[int, int, int], x: float, y: float) -> float:
        """A filled label in the severity's colour with white words; returns its width."""
        self.font(7.5, bold=True, rgb=(255, 255, 255))
        width = self.pdf.get_string_width(self.clean(word)) + 4
        self.pdf.set_fill_color(*rgb)
        self.pdf.rect(x, y, width, 4.6, style="F")
        self.pdf.set_xy(x, y)
        self.pdf.cell(width, 4.6, self.clean(word), align="C")
        return width


Notes = Mapping[tuple[str, str], list[str]]  # (rule id, subject) -> notes written on that finding


def _colour(group: FindingGroup) -> tuple[tuple[int, int, int], str]:
    f = group.lead
    if f.kind == "strength":
        return STRENGTH_RGB, "Strength"
    return SEVERITY_RGB[f.severity], SEVERITY_WORD[f.severity]


def _where(group: FindingGroup) -> str:
    return f" ({', '.join(group.where)})" if group.where else ""


# ---- page 1: the cover ------------------------------------------------------------------------------
def _cover(w: _Writer, report: Report) -> None:
    pdf = w.pdf
    pdf.add_page()
    pdf.set_fill_color(*ACCENT)
    pdf.rect(0, 0, pdf.w, 70, style="F")
    pdf.set_y(26)
    w.line("Business model review", size=13, rgb=(255, 255, 255), gap=3)
    w.line(report.firm_name, size=26, bold=True, rgb=(255, 255, 255), gap=2)
    pdf.set_y(86)
    w.line(f"Assessed {report.assessment_date:%d %B %Y}", size=12, gap=1)
    w.line(f"Answered by: {report.respondent_role}", size=12, gap=1)
    w.line(
        counts_phrase(report),
        size=10,
        rgb=MUTED,
        gap=8,
    )
    counts: dict[str, int] = {}
    for g in grouped(report.findings):
        _, word = _colour(g)
        counts[word] = counts.get(word, 0) + 1
    y = pdf.get_y()
    x = pdf.l_margin
    for word in [*SEVERITY_WORD.values(), "Strength"]:
        if word in counts:
            rgb = STRENGTH_RGB if word == "Strength" else SEVERITY_RGB[_key(word)]
            x += w.badge(f"{counts[word]} × {word}", rgb, x, y) + 3
    pdf.set_y(y + 12)
    w.line("How to read this", size=12, bold=True, gap=1)
    w.line(
        "Page 2 is the summary: what matters most, each with its first move, what the firm does well, "
        "and pictures of the business. Then the action plan for the next 90 days, every finding "
        "with the answers it rests on and the moves the research suggests, and the sources.",
        size=10,
        gap=2,
    )
    w.line(
        "The findings come from published research on growing firms, applied to the answers given. They "
        "are prompts for a discussion, not a verdict.",
        size=10,
        rgb=MUTED,
    )


def _key(word: str) -> str:
    return next(k for k, v in SEVERITY_WORD.items() if v == word)


# ---- page 2: the one-page summary ---------------------------------------------------------------------
def _summary(w: _Writer, report: Report, pictures: Pictures | None) -> None:
    pdf = w.pdf
    pdf.add_page()
    w.line(f"Summary: {report.firm_name}", size=16, bold=True, rgb=ACCENT, gap=2)
    problems, strengths = headline(report)
    if not problems and not strengths:
        w.line("No findings yet: answer more questions.")
    for g in problems:
        rgb, word = _colour(g)
        y = pdf.get_y()
        w.badge(word, rgb, pdf.l_margin, y + 0.4)
        pdf.set_y(y)
        w.line(f"{g.lead.title}{_where(g)}", size=10, bold=True, indent=30, gap=0.3)
        if g.moves:
            w.line(f"First move: {plain(g.moves[0].text)}", size=9, indent=30, gap=1.2)
    if strengths:
        w.line("What the firm does well", size=10, bold=True, gap=0.5, rgb=STRENGTH_RGB)
        for g in strengths:
            w.line(f"+ {g.lead.title}{_where(g)}", size=9, indent=2, gap=0.4)
    pdf.ln(2)
    if pictures is None:
        return
    # Only the pictures the answers fill, two to a row; the others are named in one line, so the
    # page shows no empty frames.
    drawn = [(title, draw) for title, draw, filled in _pictures(pictures) if filled]
    missing = [title for title, _, filled in _pictures(pictures) if not filled]
    top = pdf.get_y()
    half = (pdf.epw - 6) / 2
    height = min(68.0, (pdf.h - 16 - top - 12) / 2)
    for i, (_, draw) in enumerate(drawn):
        draw(w, pictures, pdf.l_margin + (i % 2) * (half + 6), top + (i // 2) * (height + 6), half, height)
    if missing:
        pdf.set_y(top + (len(drawn) + 1) // 2 * (height + 6))
        w.line(f"Not drawn, for want of answers: {', '.join(missing)}.", size=8.5, rgb=MUTED, width=pdf.epw)


Draw = Callable[["_Writer", Pictures, float, float, float, float], None]


def _pictures(p: Pictures) -> list[tuple[str, Draw, bool]]:
    """The summary's pictures in reading order: title, how to draw it, and whether answers fill it."""
    return [
        ("capabilities", _capabilities, any(b.score for b in p.capabilities)),
        ("the value chain", _chain, bool(p.chain_marks)),
        ("the outcome-based deal's phases", _phases, bool(p.phases)),
        ("collaborations", _collaborations, bool(p.collaborations)),
    ]


def _frame(w: _Writer, title: str, x: float, y: float, width: float, height: float) -> None:
    w.pdf.set_draw_color(200, 204, 209)
    w.pdf.set_line_width(0.3)
    w.pdf.rect(x, y, width, height)
    w.font(9.5, bold=True)
    w.pdf.set_xy(x + 3, y + 2)
    w.pdf.cell(width - 6, 5, w.clean(title))


def _capabilities(w: _Writer, p: Pictures, x: float, y: float, width: float, height: float) -> None:
    _frame(w, "Capabilities", x, y, width, height)
    bars = p.capabilities
    label_w, row = 30.0, min(11.0, (height - 14) / len(bars))
    full = width - label_w - 26
    for i, bar in enumerate(bars):
        top = y + 10 + i * row
        w.font(8.5)
        w.pdf.set_xy(x + 3, top)
        w.pdf.cell(label_w, row * 0.7, w.clean(bar.name))
        w.pdf.set_fill_color(232, 235, 238)
        w.pdf.rect(x + 3 + label_w, top + 0.8, full, row * 0.55, style="F")
        if bar.score:
            w.pdf.set_fill_color(*ACCENT)
            w.pdf.rect(x + 3 + label_w, top + 0.8, full * bar.score / 3, row * 0.55, style="F")
        w.font(7.5, rgb=MUTED)
        w.pdf.set_xy(x + 4 + label_w + full, top)
        w.pdf.cell(22, row * 0.7, w.clean(bar.word))


def _chain(w: _Writer, p: Pictures, x: float, y: float, width: float, height: float) -> None:
    _frame(w, "Where you sit in the value chain", x, y, width, height)
    steps = p.chain_steps
    row = (height - 16) / len(steps)
    for number in range(len(steps), 0, -1):  # the end customer at the top
        top = y + 9 + (len(steps) - number) * row
        here = p.chain_marks.get(number, [])
        w.pdf.set_fill_color(*(ACCENT if here else (238, 240, 242)))
        w.pdf.rect(x + 3, top, width - 6, row - 1.2, style="F")
        w.font(7.5, bold=bool(here), rgb=(255, 255, 255) if here else INK)
        w.pdf.set_xy(x + 4, top + 0.4)
        text = f"{number}. {steps[number - 1]}" + (f"  ← {', '.join(here)}" if here else "")
        w.pdf.multi_cell(width - 8, 3.3, w.clean(text), align="L")
    w.font(7, rgb=MUTED)
    w.pdf.set_xy(x + 3, y + height - 6)
    w.pdf.cell(width - 6, 4, "Top: facing the end customer. Bottom: a part inside another's product.")


def _phases(w: _Writer, p: Pictures, x: float, y: float, width: float, height: float) -> None:
    _frame(w, "Outcome-based deal: phases aligned?", x, y, width, height)
    cells = p.phases
    rows = list(dict.fromkeys(c.row for c in cells))
    columns = list(dict.fromkeys(c.column for c in cells))
    label_w = 26.0
    cell_w = (width - 6 - label_w) / len(columns)
    cell_h = (height - 18) / len(rows)
    w.font(7.5, bold=True)
    for j, column in enumerate(columns):
        w.pdf.set_xy(x + 3 + label_w + j * cell_w, y + 8)
        w.pdf.cell(cell_w, 4, w.clean(column), align="C")
    for i, row in enumerate(rows):
        top = y + 13 + i * cell_h
        w.font(7, rgb=INK)
        w.pdf.set_xy(x + 3, top + 1)
        w.pdf.multi_cell(label_w - 1, 3, w.clean(row), align="L")
        for j, column in enumerate(columns):
            cell = next((c for c in cells if c.row == row and c.column == column), None)
            if cell is None:
                continue
            left = x + 3 + label_w + j * cell_w
            w.pdf.set_fill_color(*cell.rgb)
            w.pdf.rect(left + 0.6, top + 0.6, cell_w - 1.2, cell_h - 1.2, style="F")
            if cell.differs:  # a thick dashed frame: the two sides see this cell differently
                w.pdf.set_draw_color(*SEVERITY_RGB["medium"])
                w.pdf.set_line_width(0.9)
                w.pdf.set_dash_pattern(dash=1.5, gap=1)
                w.pdf.rect(left + 1.2, top + 1.2, cell_w - 2.4, cell_h - 2.4)
                w.pdf.set_dash_pattern()
            w.font(7, bold=cell.differs, rgb=INK)
            w.pdf.set_xy(left + 1.5, top + 1.5)
            w.pdf.multi_cell(cell_w - 3, 3.2, w.clean(cell.word), align="C")


def _collaborations(w: _Writer, p: Pictures, x: float, y: float, width: float, height: float) -> None:
    _frame(w, "Your collaborations", x, y, width, height)
    left, bottom = x + 12, y + height - 10
    plot_w, plot_h = width - 18, height - 22

    def at(vx: float, vy: float) -> tuple[float, float]:
        return left + (vx - 0.5) / 5 * plot_w, bottom - (vy - 0.5) / 5 * plot_h

    w.pdf.set_draw_color(*MUTED)
    w.pdf.set_line_width(0.3)
    w.pdf.line(left, bottom, left + plot_w, bottom)
    w.pdf.line(left, bottom, left, bottom - plot_h)
    w.font(6.5, rgb=MUTED)
    for tick in range(1, 6):
        tx, ty = at(tick, tick)
        w.pdf.set_xy(tx - 2, bottom + 0.5)
        w.pdf.cell(4, 3, str(tick), align="C")
        w.pdf.set_xy(left - 5, ty - 1.5)
        w.pdf.cell(4, 3, str(tick), align="R")
    w.pdf.set_dash_pattern(dash=1, gap=1)
    for line in p.collaboration_lines:
        lx, _ = at(line, 1)
        w.pdf.line(lx, bottom, lx, bottom - plot_h)
    w.pdf.set_dash_pattern()
    w.pdf.set_xy(left, bottom + 3.5)
    w.pdf.cell(plot_w, 3, w.clean(p.x_title), align="C")
    w.pdf.set_xy(x + 3, y + 8)
    w.pdf.cell(plot_w, 3, w.clean(f"↑ {p.y_title}"))
    for dot in p.collaborations:
        dx, dy = at(dot.x, dot.y)
        w.pdf.set_fill_color(*ACCENT)
        w.pdf.circle(dx, dy, 1.6, style="F")
        w.font(7, rgb=INK)
        w.pdf.set_xy(dx + 2.2, dy - 1.6)
        w.pdf.cell(0, 3.2, w.clean(f"{dot.name} ({dot.kind})"))


# ---- the pages after the summary ----------------------------------------------------------------------
def _plan(w: _Writer, rows: list[PlanRow]) -> None:
    w.heading("The next 90 days")
    w.line("One move for each problem, the most important first.", size=9, rgb=MUTED, gap=2)
    pdf = w.pdf
    widths = (pdf.epw * 0.08, pdf.epw * 0.42, pdf.epw * 0.23, pdf.epw * 0.13, pdf.epw * 0.14)
    # The table draws with the current colours and line: set them, never inherit the pictures'.
    pdf.set_draw_color(200, 204, 209)
    pdf.set_line_width(0.2)
    pdf.set_fill_color(246, 247, 248)
    with pdf.table(
        col_widths=widths,
        line_height=4.6,
        text_align="LEFT",
        first_row_as_headings=True,
        headings_style=FontFace(emphasis="BOLD", fill_color=(226, 230, 234)),
        cell_fill_color=(246, 247, 248),  # every other row, for the eye to follow a line across
        cell_fill_mode=TableCellFillMode.ROWS,
    ) as table:
        w.font(8.5)
        header = table.row()
        for title in ("Done", "Action", "Because", "Owner", "Due"):
            header.cell(title)
        for r in rows:
            row = table.row()
            due = r.due.isoformat() if r.due else ""
            for value in ("Done" if r.done else "", r.action, r.because, r.owner, due):
                row.cell(w.clean(value))
    pdf.ln(4)


def _finding(w: _Writer, g: FindingGroup, notes: Notes) -> None:
    f = g.lead
    rgb, word = _colour(g)
    pdf = w.pdf
    if pdf.get_y() > pdf.h - 40:
        pdf.add_page()
    y = pdf.get_y()
    w.badge(word, rgb, pdf.l_margin, y + 0.5)
    pdf.set_y(y)
    w.line(f"{f.title}{_where(g)}", size=11, bold=True, gap=0.5, indent=30)
    if f.confidence == "tentative":
        w.line(f"Tentative: {TENTATIVE_WHY}.", size=8.5, rgb=MUTED)
    w.line(plain(f.summary))
    answers = [(m, a) for m in g.findings for a in m.evidence.answers]
    if answers:
        w.line("Because you answered", size=9.5, bold=True, gap=0.5)
        for member, a in answers:
            said = f" - “{a.evidence}”" if a.evidence else ""
            scope = f"{member.subject_name}: " if len(g.findings) > 1 and member.subject_name else ""
            w.line(f"- {scope}{a.question} → {a.value_label}{said}", size=9.5, gap=0.5, indent=4)
        pdf.ln(1)
    if g.moves:
        w.line("What you can do", size=9.5, bold=True, gap=0.5)
        for m in g.moves:
            w.line(f"- {plain(m.text)}", size=9.5, gap=0.3, indent=4)
            source = f" ({source_words(m.source)})" if m.source else ""
            w.line(f"Why: {plain(m.rationale)}{source}", size=8.5, gap=0.8, indent=8, rgb=MUTED)
    # One entry stands for the rule across business models: an advisor's note on any of them shows.
    written = [note for m in g.findings for note in notes.get((m.rule_id, m.subject), [])]
    if written:
        w.line("Your advisor's notes", size=9.5, bold=True, gap=0.5)
        for note in written:
            w.line(f"- {note}", size=9.5, gap=0.5, indent=4)
        pdf.ln(1)
    if f.citation.passage:
        w.line(f"The paper: “{f.citation.passage}”", size=8.5, gap=0.5, rgb=MUTED)
    w.line(
        f"{KIND_WORD[f.kind]} · source: {source_words(f.citation)} · {evidence_phrase(f)}",
        size=7.5,
        gap=1,
        rgb=MUTED,
    )
    if settling := settlers(g):
        w.line("What would settle it", size=9.5, bold=True, gap=0.5)
        for text in settling:
            w.line(f"- {text}", size=8.5, gap=0.5, indent=4)
    pdf.ln(3)


def _changes(w: _Writer, items: list[WhatWouldChange]) -> None:
    w.heading("What would change this?", size=13)
    w.line("The smallest change in the answers for each finding.", size=9.5, gap=2)
    for item in items:
        where = f" ({item.subject_name})" if item.subject != "firm" else ""
        verb = "To remove" if item.goal == "remove" else "To gain"
        w.line(f"{verb}: {item.title}{where}", size=10, bold=True, gap=0.5)
        if not item.alternatives:
            w.line("- no change of one or two answers would do it", size=9.5, gap=0.5, indent=4)
        for alt in item.alternatives:
            w.line(f"- change {change_phrase(alt.changes)}", size=9.5, gap=0.5, indent=4)
        w.pdf.ln(2)


def _sources(w: _Writer, report: Report) -> None:
    """The papers in full, as a reader would look them up (the propositions' codes are for researchers:
    the JSON report and the app's Advanced view carry them)."""
    papers = sorted({f.citation.paper for f in report.findings})
    if not papers:
        return
    w.heading("Sources", size=13)
    for paper in papers:
        w.line(f"- {paper}", size=8.5, gap=0.5)
    w.line(
        f"Rule base {report.rulebase.version} ({report.rulebase.content_hash[:12]}): the same answers give "
        "the same findings.",
        size=8,
        rgb=MUTED,
        gap=2,
    )


def to_pdf(
    report: Report,
    font_dir: Path | None = FONT_DIR,
    changes: list[WhatWouldChange] | None = None,
    pictures: Pictures | None = None,
    plan: list[PlanRow] | None = None,
    notes: Notes | None = None,
) -> bytes:
    """The report; with `changes` (from advisor.reporting.whatif) a "What would change this?" section,
    with `pictures` the summary page's charts, with `plan` the action plan, and with `notes` each
    finding's notes from the founder's advisor (who and when included)."""
    w = _Writer(font_dir)
    _cover(w, report)
    _summary(w, report, pictures)
    w.pdf.add_page()
    if plan:
        _plan(w, plan)
    for framework, findings in by_framework(report).items():
        w.heading(framework)
        for g in grouped(findings):
            _finding(w, g, notes or {})
    if report.tensions:
        w.heading("Tensions between moves", size=13)
        for t in report.tensions:
            w.line(f"{plain(t.moves[0].text)}  versus  {plain(t.moves[1].text)}", bold=True, gap=0.5)
            w.line(plain(t.explanation), size=9.5, gap=3)
    if report.next_questions:
        w.heading("Questions that would sharpen this report", size=13)
        for q in report.next_questions:
            where = f" (for {q.item})" if q.item else ""
            w.line(f"- {q.text}{where}", gap=0.3)
            w.line(q.why, size=8.5, gap=2, indent=4, rgb=MUTED)
    if changes:
        _changes(w, changes)
    _sources(w, report)
    if w.replaced:
        w.pdf.page = 1  # the cover says so: a reader must know a name may be incomplete
        w.pdf.set_xy(w.pdf.l_margin, w.pdf.h - 30)
        w.line(
            "Some characters of the firm's texts are not in this server's fonts and print as "
            f"{MISSING_GLYPH}; the downloaded Markdown, JSON and answer files keep every character.",
            size=8.5,
            rgb=SEVERITY_RGB["high"],
        )
    return bytes(w.pdf.output())
