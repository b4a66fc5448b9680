"""The rule book as one self-contained HTML page: no external resources, every text escaped."""

from __future__ import annotations

from html import escape

from advisor.authoring.book import Book, PaperPart, PropositionPart, RulePage, encoded_by, outcome_counts
from advisor.authoring.book_markdown import LEGEND, MARKS, READING, near_miss_title
from advisor.authoring.coverage import Cell, Outcome

_STYLE = """
:root { --ink: #1d2430; --muted: #5b6577; --line: #d9dee7; --paper: #f7f4ec; --warn: #fff4d6;
  --problem: #b3261e; --strength: #1e7a3c; --insight: #245fa8; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 64rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 2rem; margin: 0 0 .25rem; }
h2 { font-size: 1.5rem; margin: 3rem 0 .5rem; padding-top: 1rem; border-top: 3px solid var(--ink); }
h3 { font-size: 1.2rem; margin: 2.2rem 0 .4rem; }
h4 { font-size: 1.05rem; margin: 0; }
a { color: var(--insight); }
.meta, .citation, .muted { color: var(--muted); }
.citation { font-size: .95rem; }
.reading { background: #f3f5f9; border-radius: 8px; padding: .8rem 1rem; }
nav ul { columns: 2; padding-left: 1.2rem; }
.paraphrase { font-style: italic; }
.rule { border: 1px solid var(--line); border-radius: 10px; padding: 1rem 1.2rem; margin: 1.2rem 0; }
.rule header { display: flex; gap: .6rem; align-items: baseline; flex-wrap: wrap; }
.id { font: 600 .9rem ui-monospace, SFMono-Regular, Menlo, monospace; background: var(--ink); color: #fff;
  border-radius: 4px; padding: .05rem .4rem; }
.badge { font-size: .8rem; border-radius: 999px; padding: .05rem .55rem; border: 1px solid currentColor; }
.problem { color: var(--problem); } .strength { color: var(--strength); } .insight { color: var(--insight); }
.about { color: var(--muted); font-size: .9rem; }
.flags { background: var(--warn); border-radius: 6px; padding: .4rem .7rem; margin: .7rem 0; }
blockquote { margin: .6rem 0; padding: .5rem 1rem; background: var(--paper); border-left: 4px solid #c9b98f;
  font-family: Georgia, "Times New Roman", serif; font-size: 1.02rem; }
dl { display: grid; grid-template-columns: 10rem 1fr; gap: .35rem 1rem; margin: .8rem 0; }
dt { font-weight: 600; color: var(--muted); }
dd { margin: 0; }
table { border-collapse: collapse; }
.conditions { width: 100%; }
.conditions td, .conditions th { border-bottom: 1px solid var(--line); padding: .3rem .6rem; text-align: left;
  vertical-align: top; }
.conditions td:last-child { width: 11rem; font-weight: 600; }
ol.moves { margin: .2rem 0; padding-left: 1.3rem; }
.grounding { color: var(--muted); font-size: .93rem; }
.witness { margin: .2rem 0; padding-left: 1.2rem; }
.cases span.case { white-space: nowrap; }
.bad { color: var(--problem); font-weight: 600; }
.weak { background: var(--warn); }
.coverage { font-size: .8rem; }
.coverage th, .coverage td { border: 1px solid var(--line); padding: .15rem .3rem; text-align: center; }
.coverage thead th.case { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap;
  font-weight: 500; padding: .4rem .1rem; }
.coverage td.rule { text-align: left; white-space: nowrap; }
.coverage td.bad { background: #fde2df; }
.coverage tr.flagged td.rule { background: var(--warn); }
.legend { font-size: .9rem; color: var(--muted); list-style: none; padding: 0; columns: 2; }
.legend b { display: inline-block; width: 1.4rem; text-align: center; color: var(--ink); }
@media print { .rule { break-inside: avoid; } h2 { break-before: page; } }
"""
_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def book_html(book: Book) -> str:
    e = escape
    propositions = sum(len(p.propositions) for p in book.papers)
    head = (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Rule book: BMI Advisor rule base {e(book.version)}</title>\n<style>{_STYLE}</style></head>\n"
    )
    intro = (
        f"<h1>Rule book</h1>\n<p class='meta'>BMI Advisor rule base {e(book.version)} · sha256 "
        f"<code>{e(book.content_hash[:12])}</code> · {len(book.rules)} rules · {propositions} propositions "
        f"of {len(book.papers)} papers · coverage from {len(book.coverage.cases)} example cases</p>\n"
        f"<p class='reading'>{e(READING)}</p>\n"
    )
    toc = "".join(f"<li><a href='#{_anchor(p.paper.id)}'>{e(p.paper.short)}</a></li>" for p in book.papers)
    toc += f"<li><a href='#to-look-at'>To look at</a> ({len(book.flagged)} rules)</li>"
    toc += "<li><a href='#coverage'>Coverage</a></li>"
    body = [head, "<body><main>\n", intro, f"<nav><h2 id='contents'>Contents</h2><ul>{toc}</ul></nav>\n"]
    body.append(_to_look_at(book))
    body += [_paper(p) for p in book.papers]
    if book.uncited:
        body.append(
            "<h2>Rules citing no registered proposition</h2>" + "".join(_rule(r) for r in book.uncited)
        )
    body += [_coverage(book), "</main></body></html>\n"]
    return "".join(body)


def _to_look_at(book: Book) -> str:
    items = "".join(
        f"<li><a href='#{_anchor(r.spec.id)}'>{escape(r.spec.id)}</a> {escape(r.spec.title)}: "
        f"{escape('; '.join(r.flags))}</li>"
        for r in book.flagged
    )
    empty = "<p>Nothing: every rule fires and stays silent as expected.</p>"
    return f"<h2 id='to-look-at'>To look at</h2>{f'<ul>{items}</ul>' if items else empty}\n"


def _paper(part: PaperPart) -> str:
    e = escape
    out = [f"<section><h2 id='{_anchor(part.paper.id)}'>{e(part.paper.short)}</h2>"]
    out.append(f"<p class='citation'>{e(part.paper.citation)}</p>")
    out += [_proposition(p) for p in part.propositions]
    return "".join(out) + "</section>\n"


def _proposition(part: PropositionPart) -> str:
    e = escape
    prop = part.proposition
    out = [f"<h3 id='{_anchor(prop.id)}'>{e(prop.id)}: {e(prop.section)}</h3>"]
    paraphrase = f"<span class='paraphrase'>{e(prop.paraphrase)}</span>"
    out.append(f"<p><span class='muted'>In our words:</span> {paraphrase}</p>")
    if not prop.encodable:
        return "".join(out) + f"<p><strong>Not encoded.</strong> {e(prop.reason)}</p>"

    def link(page: RulePage) -> str:
        return f"<a href='#{_anchor(page.spec.id)}'>{e(page.spec.id)}</a>"

    out.append(f"<p>{encoded_by(part, link)}</p>")
    if prop.status != "encoded":
        out.append(f"<p><strong>Encoded in part.</strong> {e(prop.reason)}</p>")
    out += [_rule(r) for r in part.rules]
    return "".join(out)


def _rule(page: RulePage) -> str:
    e = escape
    spec = page.spec
    kind = spec.kind.value
    out = [
        f"<article class='rule' id='{_anchor(spec.id)}'><header><span class='id'>{e(spec.id)}</span>",
        f"<h4>{e(spec.title)}</h4><span class='badge {e(kind)}'>{e(kind)} · {e(spec.severity.value)}</span>",
        f"<span class='about'>judges {e(page.about)}</span></header>",
    ]
    if page.flags:
        out.append(f"<p class='flags'><strong>To look at:</strong> {e('; '.join(page.flags))}.</p>")
    cited = f" <span class='muted'>({e(page.cited)})</span>" if page.cited else ""
    out.append(f"<p><strong>Source.</strong> {e(page.source) or '(none given)'}{cited}</p>")
    out += [f"<blockquote>“{e(passage)}”</blockquote>" for passage in page.passages]
    rows = "".join(f"<tr><td>{e(c.text)}</td><td>{e(c.wants)}</td></tr>" for c in page.conditions)
    questions = "".join(f"<li>{e(q)}</li>" for q in page.questions)
    moves = "".join(
        f"<li>{e(m.text)}<br><span class='grounding'>Grounding: {e(m.rationale)}</span></li>"
        for m in spec.moves
    )
    out.append(
        "<dl>"
        f"<dt>Fires when</dt><dd>{e(page.fires_when)}</dd>"
        "<dt>Conditions</dt><dd>All must hold:<table class='conditions'><thead><tr><th>condition</th>"
        f"<th>must be</th></tr></thead><tbody>{rows}</tbody></table></dd>"
        f"<dt>Questions it reads</dt><dd><ul class='witness'>{questions}</ul></dd>"
        + _thresholds(page)
        + f"<dt>Tells the firm</dt><dd>{e(page.tells)}</dd>"
        + (f"<dt>Moves</dt><dd><ol class='moves'>{moves}</ol></dd>" if moves else "")
        + f"<dt>Known limits</dt><dd>{e(page.limits) or '(none stated)'}</dd>"
        f"<dt>Example cases</dt><dd class='cases'>{_cases(page)}</dd>"
        + _near_misses(page)
        + f"<dt>A firm for which it fires</dt><dd>{_witness(page)}</dd>"
        "</dl></article>"
    )
    return "".join(out)


def _thresholds(page: RulePage) -> str:
    if not page.thresholds:
        return ""
    items = "".join(
        f"<li><strong>{escape(t.name.replace('_', ' '))} = {escape(t.value)}</strong>. {escape(t.rationale)}"
        + (f"<blockquote>“{escape(t.passage)}”</blockquote>" if t.passage else "")
        + "</li>"
        for t in page.thresholds
    )
    return f"<dt>Thresholds</dt><dd><ul class='witness'>{items}</ul></dd>"


def _near_misses(page: RulePage) -> str:
    if not page.examples:
        return ""
    items = "".join(
        f"<li><strong>{escape(near_miss_title(x))}</strong>: {escape(x.why)}<ul>"
        + "".join(
            f"<li><span class='muted'>{escape(a.where)}:</span> {escape(a.question)} "
            f"<strong>{escape(a.answer)}</strong></li>"
            for a in x.answers
        )
        + "</ul></li>"
        for x in page.examples
    )
    intro = "The rule's own answer sets, run as tests:"
    return f"<dt>Near misses</dt><dd>{intro}<ul class='witness'>{items}</ul></dd>"


def _cases(page: RulePage) -> str:
    def listed(what: str) -> str:
        items = [
            f"<span class='case {_case_mark(what, c)}'>{escape(f'{case.id} ({c.outcome.value})')}</span>"
            for case, c in page.expected(what)
        ]
        return ", ".join(items) or "none named"

    return (
        f"Fires for {listed('fire')}.<br>Silent for {listed('silent')}.<br>"
        f"<span class='muted'>Over all example cases: {escape(outcome_counts(page))}.</span>"
    )


def _case_mark(what: str, cell: Cell) -> str:
    if not cell.as_expected:
        return "bad"
    if what == "silent" and cell.outcome in (Outcome.UNANSWERED, Outcome.NO_SUBJECT):
        return "weak"  # a silence that proves nothing: its questions were left unanswered
    return ""


def _witness(page: RulePage) -> str:
    if page.witness is None:
        return "none found (see <code>rules check</code>)"
    if not page.witness:
        return "with no answers at all, tentatively"
    groups = "".join(
        f"<li>{escape(where.capitalize())}:<ul>"
        + "".join(f"<li>{escape(a.question)} <strong>{escape(a.answer)}</strong></li>" for a in answers)
        + "</ul></li>"
        for where, answers in page.witness_by_place().items()
    )
    note = " It fires tentatively." if page.witness_tentative else ""
    return f"The fewest answers (every other question unanswered).{note}<ul class='witness'>{groups}</ul>"


def _coverage(book: Book) -> str:
    cases = book.coverage.cases
    legend = "".join(f"<li><b>{escape(mark)}</b> {escape(words)}</li>" for mark, words in LEGEND.items())
    head = "".join(f"<th class='case' title='{escape(c.title)}'>{escape(c.id)}</th>" for c in cases)
    rows = []
    for page in book.rules:
        cells = "".join(_coverage_cell(case.id, c) for case, c in page.outcomes)
        fired = sum(c.outcome.fired for _, c in page.outcomes)
        silent = sum(c.outcome is Outcome.SILENT for _, c in page.outcomes)
        flagged = " class='flagged'" if page.flags else ""
        link = f"<a href='#{_anchor(page.spec.id)}'>{escape(page.spec.id)}</a>"
        rows.append(f"<tr{flagged}><td class='rule'>{link}</td>{cells}<td>{fired}</td><td>{silent}</td></tr>")
    return (
        f"<section><h2 id='coverage'>Coverage</h2><ul class='legend'>{legend}</ul>"
        f"<table class='coverage'><thead><tr><th>rule</th>{head}<th>fired</th><th>silent</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>\n"
    )


def _coverage_cell(case_id: str, cell: Cell) -> str:
    expected = f", expected to {cell.expected}" if cell.expected else ""
    title = escape(f"{case_id}: {cell.outcome.value}{expected}")
    bad = "" if cell.as_expected else "!"
    return f"<td class='{'bad' if bad else ''}' title='{title}'>{MARKS[cell.outcome]}{bad}</td>"


def _anchor(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower())
