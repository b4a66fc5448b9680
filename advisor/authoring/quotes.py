"""Quotations checked against the papers' text: is what a rule shows in quotes really there?

The papers are plain-text extractions of PDFs, so both sides are normalised before comparing:
compatibility forms (ligatures) folded, curly quotes and the dash family made plain, words split
by a hyphen at a line end joined again (or kept hyphenated: the extraction cannot tell "out-
come" from "outcome-based"), and all whitespace collapsed. Quotation marks inside a quotation
are ignored, since a passage quoted in single quotes writes the paper's inner double quotes as it
likes. An ellipsis or an editorial insertion in brackets splits the quotation into parts that
must each appear, in order. Only the first letter may differ in case ("The result" quoted as
"the result").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

_PLAIN = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u2033", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        "\u00ad": None,  # soft hyphen
        "\u00a0": " ",
    }
)
_LINE_END_HYPHEN = re.compile(r"(\w)-[ \t]*\r?\n\s*(\w)")
_GAP = re.compile(r"\s*(?:\.\.\.|\u2026|\[[^\]]*\])\s*")
# A quotation in single quotes: the opening quote follows no letter (so "firm's" is no quote),
# the closing one is followed by none.
SINGLE_QUOTED = re.compile(r"(?<![\w'])'(?=\S)(.+?)(?<=\S)'(?!\w)", re.S)


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_PLAIN)


def _collapse(text: str) -> str:
    return " ".join(text.replace('"', " ").split())


@dataclass(frozen=True)
class PaperText:
    """A paper's text in the two normal forms a line-end hyphen can take."""

    name: str
    joined: str  # "busi-\nness" read as "business"
    hyphenated: str  # "outcome-\nbased" read as "outcome-based"

    @classmethod
    def read(cls, path: Path) -> PaperText:
        return cls.from_text(path.name, path.read_text(encoding="utf-8", errors="replace"))

    @classmethod
    def from_text(cls, name: str, text: str) -> PaperText:
        text = _plain(text)
        return cls(
            name=name,
            joined=_collapse(_LINE_END_HYPHEN.sub(r"\1\2", text)),
            hyphenated=_collapse(_LINE_END_HYPHEN.sub(r"\1-\2", text)),
        )

    def has_quotation(self, quotation: str) -> bool:
        parts = quotation_parts(quotation)
        return bool(parts) and any(_in_order(parts, text) for text in (self.joined, self.hyphenated))


def _in_order(parts: list[str], text: str) -> bool:
    position = 0
    for part in parts:
        # Only the first letter may change case: a quotation may start mid-sentence.
        found = [text.find(v, position) for v in (part, part[:1].swapcase() + part[1:])]
        hits = [(f, len(part)) for f in found if f >= 0]
        if not hits:
            return False
        start, length = min(hits)
        position = start + length
    return True


def quotation_parts(quotation: str) -> list[str]:
    """The parts of a quotation that must appear verbatim, in order."""
    parts = [p for p in (_collapse(part) for part in _GAP.split(_plain(quotation))) if p]
    # Closing punctuation belongs to the sentence that quotes, not to the paper.
    if parts:
        parts[-1] = parts[-1].rstrip(".,;:!?")
    return [p for p in parts if p]


def single_quoted(text: str) -> list[str]:
    """The passages a text quotes in single quotes."""
    return [" ".join(m.group(1).split()) for m in SINGLE_QUOTED.finditer(text)]


_TITLE = re.compile(r"\(\d{4}[a-z]?\)\.\s*(.+?[.?!])(?:\s|$)")


def title_of(citation: str) -> str:
    """The work's title in an author-year citation: what follows "(2014)." up to its full stop."""
    match = _TITLE.search(" ".join(citation.split()))
    return match.group(1).rstrip(".") if match else ""


class PaperLibrary:
    """The papers' texts in one folder, each found by its id (`JA14.txt`) or else by its title."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.texts = [PaperText.read(p) for p in sorted(folder.glob("*.txt"))]

    def find(self, paper_id: str, citation: str) -> PaperText | str:
        """The paper's text, or why it cannot be found (said so the reader can fix it)."""
        named = [t for t in self.texts if Path(t.name).stem == paper_id]
        if named:
            return named[0]
        title = title_of(citation)
        if not title:
            return f"its citation has no title after the year, and no file {paper_id}.txt is in {self.folder}"
        wanted = _collapse(_plain(title)).casefold()
        holding = [
            t for t in self.texts if wanted in t.joined.casefold() or wanted in t.hyphenated.casefold()
        ]
        if len(holding) == 1:
            return holding[0]
        if not holding:
            return f"no file in {self.folder} holds its title '{title}'; save its text as {paper_id}.txt"
        names = ", ".join(t.name for t in holding)
        return f"several files in {self.folder} hold its title ({names}); name the right one {paper_id}.txt"
