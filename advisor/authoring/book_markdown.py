"""The rule book as Markdown: every text from the rule base is escaped, so none becomes markup."""

from __future__ import annotations

from advisor.authoring.book import (
    Book,
    NearMiss,
    PaperPart,
    PropositionPart,
    RulePage,
    ThresholdLine,
    encoded_by,
    outcome_counts,
)
from advisor.authoring.coverage import Cell, Outcome
from advisor.reporting.markdown import md_escape

# One mark per outcome in the coverage table; "!" after it where a case expected otherwise.
MARKS = {
    Outcome.FIRED: "●",
    Outcome.TENTATIVE: "◐",
    Outcome.SILENT: "○",
    Outcome.UNANSWERED: "·",
    Outcome.NO_SUBJECT: "–",
}
LEGEND = {
    "●": "fired",
    "◐": "fired tentatively (the answers do not settle it)",
    "○": "silent, with its questions answered",
    "·": "silent only because its questions were left unanswered",
    "–": "nothing to judge (the case has no entry the rule is about)",
    "!": "not what the case or the rule expects",
}
READING = (
    "Each paper's propositions come in the paper's order; under each, the rules that encode it. For "
    "each rule: the source passage it rests on, when it fires, its conditions in words (all must "
    "hold), the questions it reads, what it tells the firm, its moves and their grounding, its known "
    "limits, the example cases it names, and one generated firm (the fewest answers) for which it "
    "fires. The coverage table at the end comes from assessing every example case. To sign a rule "
    "off, check that its conditions say what the passage says, and that its cases read right."
)


def book_markdown(book: Book) -> str:
    out = [
        f"# Rule book: BMI Advisor rule base {md_escape(book.version)}",
        "",
        f"Rule base {md_escape(book.version)} · sha256 `{book.content_hash[:12]}` · "
        f"{len(book.rules)} rules · {sum(len(p.propositions) for p in book.papers)} propositions of "
        f"{len(book.papers)} papers · coverage from {len(book.coverage.cases)} example cases.",
        "",
        READING,
        "",
        "## Contents",
        "",
        *[f"- [{md_escape(p.paper.short)}](#{_anchor(p.paper.id)})" for p in book.papers],
        f"- [To look at](#to-look-at): {len(book.flagged)} rules",
        "- [Coverage](#coverage)",
        "",
        '<a id="to-look-at"></a>',
        "",
        "## To look at",
        "",
    ]
    out += [
        f"- **{r.spec.id}** {md_escape(r.spec.title)}: {md_escape('; '.join(r.flags))}" for r in book.flagged
    ]
    out += ["- nothing: every rule fires and stays silent as expected" if not book.flagged else "", ""]
    for paper in book.papers:
        out += _paper(paper)
    if book.uncited:
        out += ["## Rules citing no registered proposition", ""]
        for page in book.uncited:
            out += _rule(page)
    out += _coverage(book)
    return "\n".join(out).rstrip() + "\n"


def _paper(part: PaperPart) -> list[str]:
    out = [f'<a id="{_anchor(part.paper.id)}"></a>', "", f"## {md_escape(part.paper.short)}", ""]
    out += [md_escape(part.paper.citation), ""]
    for prop_part in part.propositions:
        prop = prop_part.proposition
        out += [f'<a id="{_anchor(prop.id)}"></a>', "", f"### {prop.id}: {md_escape(prop.section)}", ""]
        out += [f"In our words: {md_escape(prop.paraphrase)}", ""]
        if not prop.encodable:
            out += [f"**Not encoded.** {md_escape(prop.reason)}", ""]
            continue
        out += [_encoded_by(prop_part), ""]
        if prop.status != "encoded":
            out += [f"**Encoded in part.** {md_escape(prop.reason)}", ""]
        for page in prop_part.rules:
            out += _rule(page)
    return out


def _encoded_by(part: PropositionPart) -> str:
    return encoded_by(part, lambda page: f"[{page.spec.id}](#{_anchor(page.spec.id)})")


def _rule(page: RulePage) -> list[str]:
    spec = page.spec
    out = [
        f'<a id="{_anchor(spec.id)}"></a>',
        "",
        f"#### {spec.id}: {md_escape(spec.title)}",
        "",
        f"*{spec.kind.value.capitalize()} · {spec.severity.value} severity · judges {md_escape(page.about)}*",
        "",
    ]
    if page.flags:
        out += [f"**To look at:** {md_escape('; '.join(page.flags))}.", ""]
    cited = f" *({md_escape(page.cited)})*" if page.cited else ""
    out += [f"**Source.** {md_escape(page.source) or '(none given)'}{cited}", ""]
    out += [f"> “{md_escape(passage)}”" for passage in page.passages]
    out += [""] if page.passages else []
    out += [
        f"**Fires when.** {md_escape(page.fires_when)}",
        "",
        "**Conditions**, all of which must hold:",
        "",
    ]
    out += ["| condition | must be |", "|---|---|"]
    out += [f"| {md_escape(c.text)} | {md_escape(c.wants)} |" for c in page.conditions]
    out += ["", "**Questions it reads:** " + "; ".join(md_escape(q) for q in page.questions), ""]
    if page.thresholds:
        out += ["**Thresholds**", ""]
        out += [
            f"- **{md_escape(t.name.replace('_', ' '))} = {md_escape(t.value)}**. {md_escape(_why(t))}"
            for t in page.thresholds
        ]
        out += [""]
    out += [f"**Tells the firm.** {md_escape(page.tells)}", ""]
    if spec.moves:
        out += ["**Moves**", ""]
        out += [
            f"{i}. {md_escape(m.text)} *Grounding:* {md_escape(m.rationale)}"
            for i, m in enumerate(spec.moves, 1)
        ]
        out += [""]
    out += [f"**Known limits.** {md_escape(page.limits) or '(none stated)'}", ""]
    out += [f"**Example cases.** {_expected(page)}", ""]
    if page.examples:
        out += ["**Near misses** (the rule's own answer sets, run as tests):", ""]
        for x in page.examples:
            out += [f"- {md_escape(near_miss_title(x))}: {md_escape(x.why)}"]
            out += [
                f"  - {md_escape(a.where)}: {md_escape(a.question)} **{md_escape(a.answer)}**"
                for a in x.answers
            ]
        out += [""]
    out += [f"**Generated firm for which it fires** {_witness_intro(page)}", ""]
    if page.witness:
        out += [
            f"- {md_escape(a.where)}: {md_escape(a.question)} **{md_escape(a.answer)}**" for a in page.witness
        ]
        out += [""]
    return out


def near_miss_title(example: NearMiss) -> str:
    if example.known_gap:
        return (
            "Should fire (known gap: it does not yet)"
            if example.expect == "fires"
            else ("Should stay silent (known gap: it still fires)")
        )
    return "Fires" if example.expect == "fires" else "Stays silent"


def _why(t: ThresholdLine) -> str:
    return t.rationale + (f" The paper: “{t.passage}”" if t.passage else "")


def _expected(page: RulePage) -> str:
    def listed(what: str) -> str:
        return (
            ", ".join(f"{md_escape(case.id)} ({_said(cell)})" for case, cell in page.expected(what))
            or "none named"
        )

    return (
        f"Fires for {listed('fire')}. Silent for {listed('silent')}. Over all example cases: {_counts(page)}."
    )


def _said(cell: Cell | None) -> str:
    return (
        "no such case"
        if cell is None
        else cell.outcome.value + ("" if cell.as_expected else ", not as expected")
    )


def _counts(page: RulePage) -> str:
    return outcome_counts(page)


def _witness_intro(page: RulePage) -> str:
    if page.witness is None:
        return "(none found: see `rules check`)."
    if not page.witness:
        return "with no answers at all (it fires tentatively)."
    tentative = " It fires tentatively." if page.witness_tentative else ""
    return f"(the fewest answers; every other question unanswered).{tentative}"


def _coverage(book: Book) -> list[str]:
    cases = book.coverage.cases
    legend = "; ".join(f"{mark} {words}" for mark, words in LEGEND.items())
    out = ['<a id="coverage"></a>', "", "## Coverage", "", legend + ".", ""]
    out += ["Cases: " + "; ".join(f"{i} {md_escape(c.id)}" for i, c in enumerate(cases, 1)), ""]
    out += ["| rule | " + " | ".join(str(i) for i in range(1, len(cases) + 1)) + " | fired | silent |"]
    out += ["|---|" + "---|" * (len(cases) + 2)]
    for page in book.rules:
        marks = [MARKS[c.outcome] + ("!" if not c.as_expected else "") for _, c in page.outcomes]
        fired = sum(c.outcome.fired for _, c in page.outcomes)
        silent = sum(c.outcome is Outcome.SILENT for _, c in page.outcomes)
        out += [f"| {page.spec.id} | " + " | ".join(marks) + f" | {fired} | {silent} |"]
    return [*out, ""]


def _anchor(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower())
