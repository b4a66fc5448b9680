"""Reports as text for a terminal and as Markdown for sharing. JSON is the model's own dump.

Everything a firm typed (evidence, names) is escaped for Markdown so it can never become a link,
an image or HTML in a viewer.
"""

from __future__ import annotations

import re
import textwrap
from functools import lru_cache

from advisor.reporting.report import Finding, Report
from advisor.reporting.whatif import WhatWouldChange

WIDTH = 96
SEVERITY_MARK = {"high": "!!!", "medium": "!! ", "low": "!  ", "info": "i  "}
KIND_WORD = {"problem": "Problem", "strength": "Strength", "insight": "Insight"}
# Why a finding is tentative, in words true of every cause: an answer missing or "don't know", or
# answers in between that do not settle a trait (a collaboration typed tentatively).
TENTATIVE_WHY = "the answers so far do not settle it"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#!|~&$])")
# What Markdown viewers (GitHub's, Streamlit's) turn into links without any markup: web addresses
# (scheme://, www.) and e-mail addresses (the @). Their link detection runs on the text after
# backslash escapes are resolved, so an escape cannot stop it; an invisible WORD JOINER (U+2060)
# inside the trigger does, and the address still reads (and prints) the same.
_AUTOLINK = re.compile(r"(?i)(:)(?=//)|(www)(?=\.)|(?=@)")
WORD_JOINER = "\u2060"


def md_escape(text: str) -> str:
    """Neutralise Markdown and HTML in user text: links, images, tags and emphasis render as plain
    text, and bare web addresses do not turn into links."""
    text = str(text)
    return _md_escape_short(text) if len(text) <= ESCAPE_CACHE_MAX_CHARS else _md_escape(text)


def _md_escape(text: str) -> str:
    escaped = _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _AUTOLINK.sub(lambda m: (m.group(1) or m.group(2) or "") + WORD_JOINER, escaped)


def md_escape_lines(text: str) -> str:
    """md_escape for a text of several lines (e.g. a list of problems), keeping its line breaks."""
    return "  \n".join(md_escape(line) for line in str(text).splitlines())


# A report escapes ~150 texts, most of them the rule base's own (questions, titles, moves), the same
# for every firm of a batch. Only short texts are kept, so the cache stays a few MB at most.
ESCAPE_CACHE_MAX_CHARS = 1000
_md_escape_short = lru_cache(maxsize=4096)(_md_escape)


def _subject(f: Finding) -> str:
    return "" if f.subject == "firm" else f" [{f.subject_name}]"


def summary_lines(report: Report, limit: int = 5) -> list[Finding]:
    """The few findings that matter most: problems first by severity, then the top strengths."""
    problems = [f for f in report.findings if f.kind == "problem"]
    others = [f for f in report.findings if f.kind != "problem"]
    return (problems + others)[:limit]


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def to_text(report: Report) -> str:
    out = [
        f"BMI Advisor report: {report.firm_name} ({report.firm_id})",
        f"Assessed {report.assessment_date} · answered by {report.respondent_role}",
        f"{counts_phrase(report)} · rule base {report.rulebase.version} "
        f"({report.rulebase.content_hash[:12]})",
        "",
    ]
    if not report.findings:
        out.append("No findings yet: answer more questions (see the end of this report).")
    for f in report.findings:
        tentative = f" (tentative: {TENTATIVE_WHY})" if f.confidence == "tentative" else ""
        out.append(
            f"{SEVERITY_MARK[f.severity]} {KIND_WORD[f.kind]}: {f.title}{_subject(f)}  "
            f"[{f.rule_id}, {f.severity}]{tentative}"
        )
        out.append(_wrap(f.summary, "    "))
        if f.evidence.answers:
            out.append("    Because you answered:")
            for a in f.evidence.answers:
                line = f"- {a.question} → {a.value_label}"
                if a.evidence:
                    line += f' ("{" ".join(a.evidence.split())}")'
                out.append(_wrap(line, "      "))
        for m in f.moves:
            out.append(_wrap(f"→ {m.text}", "    "))
            source = f" ({m.source.text})" if m.source else ""
            out.append(_wrap(f"Why: {m.rationale}{source}", "        "))
        out.append(_wrap(f"Source: {f.citation.text} ({evidence_phrase(f)})", "    "))
        if f.citation.passage:
            out.append(_wrap(f"The paper: “{f.citation.passage}”", "    "))
        if f.settled_by:
            out.append("    What would settle it:")
            for s in f.settled_by:
                out.append(_wrap(f"- {settler_phrase(s)}", "      "))
        out.append("")
    for gap in report.unused_answers:
        out.append(_wrap(unused_phrase(gap), ""))
        out.append("")
    if report.tensions:
        out.append("Tensions between moves")
        for t in report.tensions:
            out.append(_wrap(f"- {t.moves[0].text}  vs  {t.moves[1].text}", "  "))
            out.append(_wrap(t.explanation, "    "))
        out.append("")
    if report.next_questions:
        out.append("Questions that would sharpen this report")
        for q in report.next_questions:
            where = f" (for {q.item})" if q.item else ""
            out.append(_wrap(f"- [{q.question_id}]{where} {q.text}", "  "))
            out.append(_wrap(q.why, "    "))
    return "\n".join(out).rstrip() + "\n"


def to_markdown(report: Report) -> str:
    name = md_escape(report.firm_name)
    out = [
        f"# BMI Advisor report: {name}",
        "",
        f"*Firm id* {md_escape(report.firm_id)} · *assessed* {report.assessment_date} · "
        f"*answered by* {md_escape(report.respondent_role)}  ",
        f"{counts_phrase(report)} · rule base {report.rulebase.version} "
        f"(`{report.rulebase.content_hash[:12]}`)",
        "",
        "## Summary",
        "",
    ]
    top = summary_lines(report)
    if not top:
        out.append("No findings yet: answer more questions (see the end of this report).")
    for f in top:
        out.append(f"- **{KIND_WORD[f.kind]} ({f.severity}):** {md_escape(f.title)}{_md_subject(f)}")
    frameworks: dict[str, list[Finding]] = {}
    for f in report.findings:
        frameworks.setdefault(f.framework, []).append(f)
    for framework, findings in frameworks.items():
        out += ["", f"## {framework}", ""]
        for f in findings:
            out += _md_finding(f)
    for gap in report.unused_answers:
        out += ["", f"*{md_escape(unused_phrase(gap))}*"]
    if report.tensions:
        out += ["", "## Tensions between moves", ""]
        for t in report.tensions:
            out.append(f"- **{md_escape(t.moves[0].text)}** vs **{md_escape(t.moves[1].text)}**  ")
            out.append(f"  {md_escape(t.explanation)}")
    if report.next_questions:
        out += ["", "## Questions that would sharpen this report", ""]
        for q in report.next_questions:
            where = f" (for {md_escape(q.item)})" if q.item else ""
            out.append(f"- `{q.question_id}`{where}: {md_escape(q.text)}  ")
            out.append(f"  {md_escape(q.why)}")
    return "\n".join(out).rstrip() + "\n"


def _md_subject(f: Finding) -> str:
    return "" if f.subject == "firm" else f" ({md_escape(f.subject_name)})"


def _md_finding(f: Finding) -> list[str]:
    tentative = f" · *tentative: {TENTATIVE_WHY}*" if f.confidence == "tentative" else ""
    out = [
        f"### {md_escape(f.title)}{_md_subject(f)}",
        "",
        f"{KIND_WORD[f.kind]} · severity {f.severity} · `{f.rule_id}`{tentative}",
        "",
        md_escape(f.summary),
        "",
    ]
    if f.evidence.answers:
        out.append("**Because you answered**")
        out.append("")
        for a in f.evidence.answers:
            line = f"- {md_escape(a.question)} → *{md_escape(a.value_label)}*"
            if a.evidence:
                line += f" — “{md_escape(a.evidence)}”"
            out.append(line)
        out.append("")
    if f.moves:
        out.append("**Recommended moves**")
        out.append("")
        for m in f.moves:
            out.append(f"- {md_escape(m.text)}  ")
            source = f" *({md_escape(m.source.text)})*" if m.source else ""
            out.append(f"  *Why:* {md_escape(m.rationale)}{source}")
        out.append("")
    out.append(f"*Source:* {md_escape(f.citation.text)} — {md_escape(f.citation.paraphrase)}  ")
    if f.citation.passage:
        out.append(f"*The paper:* “{md_escape(f.citation.passage)}”  ")
    out.append(f"*Evidence:* {md_escape(evidence_phrase(f))}")
    out.append("")
    if f.settled_by:
        out.append("**What would settle it**")
        out.append("")
        out += [f"- {md_escape(settler_phrase(s))}" for s in f.settled_by]
        out.append("")
    return out


def counts_phrase(report: Report) -> str:
    """Questions answered and left, counted as the questionnaire counts them."""
    c = report.counts
    if c is None:
        return f"{report.questions_answered} of {report.questions_applicable} firm questions answered"
    dont_know = f" ({c.dont_know} “don't know”)" if c.dont_know else ""
    return f"{c.answered} of {c.asked} questions answered{dont_know} · {c.left} left"


def evidence_phrase(f: Finding) -> str:
    """The finding's evidence basis and how many answers carry it, in plain words."""
    answers = "one answer" if f.answers_behind == 1 else f"{f.answers_behind} answers"
    return f"{f.basis_text}; {answers} behind it"


def settler_phrase(s) -> str:
    """“question” (for an entry): answers → what they would do to the finding."""
    where = f" (for {s.item_name})" if s.item_name else ""
    if s.current:
        where += f", you answered {s.current}"
    effects = "; ".join(
        (f"{', '.join(o.answers)} → {_effect_words(o.effect)}" if o.answers else o.effect) for o in s.outcomes
    )
    return f"“{s.question}”{where}: {effects}"


def _effect_words(effect: str) -> str:
    if effect.startswith(("raises to ", "lowers to ")):
        return f"makes it {effect.split()[-1]} priority"
    return {"confirms": "confirms it", "removes": "rules it out"}.get(effect, effect)


def unused_phrase(gap) -> str:
    n = len(gap.question_ids)
    return (
        f"{n} answer{'s' if n > 1 else ''} given under “{gap.gate}” could not be used, because that "
        "question is unanswered; answer it so they count."
    )


def change_phrase(changes, escape=str) -> str:
    """“question” from X to Y, and ...: one set of answer changes in plain words."""
    return " and ".join(
        f"“{escape(c.question)}” from {escape(c.from_label)} to {escape(c.to_label)}" for c in changes
    )


def what_would_change_text(items: list[WhatWouldChange]) -> str:
    out = ["What would change this? (the smallest change in your answers)"]
    for w in items:
        where = "" if w.subject == "firm" else f" [{w.subject_name}]"
        verb = "To remove" if w.goal == "remove" else "To gain"
        out.append(_wrap(f"{verb} “{w.title}”{where} [{w.rule_id}]:", "  "))
        if not w.alternatives:
            out.append(_wrap("no change of one or two answers would do it", "    "))
        for alt in w.alternatives:
            out.append(_wrap(f"- change {change_phrase(alt.changes, str)}", "    "))
    return "\n".join(out) + "\n"


def what_would_change_markdown(items: list[WhatWouldChange]) -> str:
    out = ["## What would change this?", "", "The smallest change in your answers for each finding.", ""]
    for w in items:
        where = "" if w.subject == "firm" else f" ({md_escape(w.subject_name)})"
        verb = "To remove" if w.goal == "remove" else "To gain"
        out.append(f"- **{verb} {md_escape(w.title)}**{where} (`{w.rule_id}`)")
        if not w.alternatives:
            out.append("  - no change of one or two answers would do it")
        for alt in w.alternatives:
            out.append(f"  - change {change_phrase(alt.changes, md_escape)}")
    return "\n".join(out) + "\n"


def by_framework(report: Report) -> dict[str, list[Finding]]:
    groups: dict[str, list[Finding]] = {}
    for f in report.findings:
        groups.setdefault(f.framework, []).append(f)
    return groups
