"""The report as a PDF to print or send, built with fpdf2 from the report model (not from Markdown,
so nothing a founder typed is ever read as formatting).

With Debian's DejaVu Sans (fonts-dejavu-core) Latin, Greek and Cyrillic text prints as typed;
characters the font lacks (Chinese, Japanese, emoji) print blank, as fpdf2 warns, while the
Markdown and JSON reports keep them (docs/security.md). Without DejaVu the
built-in Helvetica only knows Latin-1: other characters are transliterated (é stays, “ becomes ",
a Chinese name becomes ?), never dropped silently from the middle of a sentence.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from advisor.reporting.markdown import (
    KIND_WORD,
    TENTATIVE_WHY,
    by_framework,
    change_phrase,
    counts_phrase,
    evidence_phrase,
    settler_phrase,
    summary_lines,
)
from advisor.reporting.report import Finding, Report
from advisor.reporting.whatif import WhatWouldChange

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_ASCII_FOR = {"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...", "→": "->", "·": "-"}


class _Writer:
    def __init__(self, font_dir: Path | None):
        self.pdf = FPDF(format="A4")
        self.pdf.set_margins(18, 16, 18)
        self.pdf.set_auto_page_break(True, margin=16)
        regular, bold = (
            (font_dir / "DejaVuSans.ttf", font_dir / "DejaVuSans-Bold.ttf") if font_dir else (None, None)
        )
        self.unicode = bool(regular and bold and regular.exists() and bold.exists())
        if self.unicode:
            self.pdf.add_font("body", "", str(regular))
            self.pdf.add_font("body", "B", str(bold))
            self.family = "body"
        else:
            self.family = "helvetica"
        self.pdf.add_page()

    def clean(self, text: str) -> str:
        text = " ".join(str(text).split())
        if self.unicode:
            return text
        text = "".join(_ASCII_FOR.get(ch, ch) for ch in text)
        decomposed = unicodedata.normalize("NFKD", text)
        latin = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        # Re-compose: letters Latin-1 has (é, ö, å) print whole; the rest become "?".
        return unicodedata.normalize("NFC", latin).encode("latin-1", "replace").decode("latin-1")

    def line(
        self, text: str, size: float = 10, bold: bool = False, gap: float = 1.5, indent: float = 0
    ) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)
        self.pdf.set_x(self.pdf.l_margin + indent)
        width = self.pdf.epw - indent
        self.pdf.multi_cell(width, size * 0.5, self.clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(gap)


Notes = Mapping[tuple[str, str], list[str]]  # (rule id, subject) -> notes written on that finding


def _finding(w: _Writer, f: Finding, notes: Notes) -> None:
    where = f" ({f.subject_name})" if f.subject != "firm" else ""
    w.line(f"{f.title}{where}", size=11, bold=True, gap=0.5)
    tentative = f" - tentative: {TENTATIVE_WHY}" if f.confidence == "tentative" else ""
    w.line(f"{KIND_WORD[f.kind]} - severity {f.severity} - {f.rule_id}{tentative}", size=8.5, gap=1)
    w.line(f.summary)
    if f.evidence.answers:
        w.line("Because you answered", size=9.5, bold=True, gap=0.5)
        for a in f.evidence.answers:
            said = f' - "{a.evidence}"' if a.evidence else ""
            w.line(f"- {a.question} → {a.value_label}{said}", size=9.5, gap=0.5, indent=4)
        w.pdf.ln(1)
    if f.moves:
        w.line("Recommended moves", size=9.5, bold=True, gap=0.5)
        for m in f.moves:
            w.line(f"- {m.text}", size=9.5, gap=0.3, indent=4)
            source = f" ({m.source.text})" if m.source else ""
            w.line(f"Why: {m.rationale}{source}", size=8.5, gap=0.8, indent=8)
    written = notes.get((f.rule_id, f.subject), [])
    if written:
        w.line("Your advisor's notes", size=9.5, bold=True, gap=0.5)
        for note in written:
            w.line(f"- {note}", size=9.5, gap=0.5, indent=4)
        w.pdf.ln(1)
    w.line(f"Source: {f.citation.text} - {f.citation.paraphrase}", size=8.5, gap=0.5)
    if f.citation.passage:
        w.line(f"The paper: “{f.citation.passage}”", size=8.5, gap=0.5)
    w.line(f"Evidence: {evidence_phrase(f)}", size=8.5, gap=1)
    if f.settled_by:
        w.line("What would settle it", size=9.5, bold=True, gap=0.5)
        for s in f.settled_by:
            w.line(f"- {settler_phrase(s)}", size=8.5, gap=0.5, indent=4)
    w.pdf.ln(3)


def _changes(w: _Writer, items: list[WhatWouldChange]) -> None:
    w.line("What would change this?", size=13, bold=True, gap=1)
    w.line("The smallest change in your answers for each finding.", size=9.5, gap=2)
    for item in items:
        where = f" ({item.subject_name})" if item.subject != "firm" else ""
        verb = "To remove" if item.goal == "remove" else "To gain"
        w.line(f"{verb}: {item.title}{where} - {item.rule_id}", size=10, bold=True, gap=0.5)
        if not item.alternatives:
            w.line("- no change of one or two answers would do it", size=9.5, gap=0.5, indent=4)
        for alt in item.alternatives:
            w.line(f"- change {change_phrase(alt.changes)}", size=9.5, gap=0.5, indent=4)
        w.pdf.ln(2)


def to_pdf(
    report: Report,
    font_dir: Path | None = FONT_DIR,
    changes: list[WhatWouldChange] | None = None,
    notes: Notes | None = None,
) -> bytes:
    """The report; with `changes` (from advisor.reporting.whatif) a "What would change this?" section
    too, and with `notes` each finding's notes from the founder's advisor (who and when included)."""
    w = _Writer(font_dir)
    w.line(f"BMI Advisor report: {report.firm_name}", size=17, bold=True, gap=2)
    w.line(
        f"Assessed {report.assessment_date} - answered by {report.respondent_role} - "
        f"{counts_phrase(report)} - "
        f"rule base {report.rulebase.version} ({report.rulebase.content_hash[:12]})",
        size=8.5,
        gap=5,
    )
    w.line("Summary", size=13, bold=True, gap=1)
    top = summary_lines(report)
    if not top:
        w.line("No findings yet: answer more questions.")
    for f in top:
        where = f" ({f.subject_name})" if f.subject != "firm" else ""
        w.line(f"- {KIND_WORD[f.kind]} ({f.severity}): {f.title}{where}", gap=0.8, indent=2)
    w.pdf.ln(4)
    for framework, findings in by_framework(report).items():
        w.line(framework, size=13, bold=True, gap=2)
        for f in findings:
            _finding(w, f, notes or {})
    if report.tensions:
        w.line("Tensions between moves", size=13, bold=True, gap=2)
        for t in report.tensions:
            w.line(f"{t.moves[0].text}  versus  {t.moves[1].text}", bold=True, gap=0.5)
            w.line(t.explanation, size=9.5, gap=3)
    if report.next_questions:
        w.line("Questions that would sharpen this report", size=13, bold=True, gap=2)
        for q in report.next_questions:
            where = f" (for {q.item})" if q.item else ""
            w.line(f"- {q.text}{where}", gap=0.3)
            w.line(q.why, size=8.5, gap=2, indent=4)
    if changes:
        _changes(w, changes)
    return bytes(w.pdf.output())
