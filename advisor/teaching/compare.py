"""Teaching with the papers' own firms: a student's answers against the expert key, a firm's
journey across moments, and a case pack for a course.

Everything here works on assessments and reports only; the app and the command line render it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from advisor.core.assessment import Assessment, assessment_to_data, load_assessment
from advisor.core.bank import DONT_KNOW
from advisor.core.findings import diff_findings
from advisor.core.rulebase import RuleBase
from advisor.reporting.markdown import md_escape, to_markdown
from advisor.reporting.report import Finding, Report, build_report


class Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class AnswerDifference(Model):
    question_id: str
    question: str
    yours: str
    key: str
    key_source: str  # where in the paper the key's answer comes from, if the case says


class FindingDifference(Model):
    rule_id: str
    title: str
    subject: str
    only_in: str  # "yours" or "key"
    because: list[AnswerDifference]  # the differing answers this finding rests on
    paper_says: str


class Comparison(Model):
    case_title: str
    answers: list[AnswerDifference]
    findings_in_both: list[str]
    findings: list[FindingDifference]


def _label(rb: RuleBase, qid: str, assessment: Assessment) -> str:
    answer = assessment.answers.get(qid)
    return rb.bank.by_id[qid].label_of(answer.value if answer else DONT_KNOW)


def compare_to_key(rb: RuleBase, student: Assessment, key: Assessment) -> Comparison:
    """Where a student's answers and findings differ from the expert key, and why."""
    sources = key.case.sources if key.case else {}
    qids = sorted(set(student.answers) | set(key.answers), key=list(rb.bank.by_id).index)
    differing = {
        qid: AnswerDifference(
            question_id=qid,
            question=rb.bank.by_id[qid].text,
            yours=_label(rb, qid, student),
            key=_label(rb, qid, key),
            key_source=sources.get(qid, ""),
        )
        for qid in qids
        if _label(rb, qid, student) != _label(rb, qid, key)
    }
    # From the key to the student's answers: "appeared" is only yours, "resolved" only the key's.
    pairs = diff_findings(build_report(rb, key).findings, build_report(rb, student).findings)
    only = {"appeared": "yours", "resolved": "key"}
    diffs = []
    for c in pairs:
        if c.change not in only:
            continue
        f, side = c.finding, only[c.change]
        rule = rb.rules[f.rule_id]
        used = {q for n in rb.feeding_traits(rule) for q in rb.trait(n, rule.scope).uses}
        diffs.append(
            FindingDifference(
                rule_id=f.rule_id,
                title=f.title,
                subject=f.subject,
                only_in=side,
                because=[d for q, d in differing.items() if q in used],
                paper_says=f"{f.citation.text}: {f.citation.paraphrase}",
            )
        )
    return Comparison(
        case_title=key.case.title if key.case else key.firm_name,
        answers=list(differing.values()),
        findings_in_both=sorted(
            f"{f.rule_id} ({f.subject})" if f.subject != "firm" else f.rule_id
            for f in (c.finding for c in pairs if c.change in ("stayed", "changed"))
        ),
        findings=sorted(diffs, key=lambda d: (d.only_in, d.rule_id, d.subject)),
    )


class Moment(Model):
    date: dt.date
    title: str
    findings: list[str]  # "LK-04 Locked in as an invisible sub-supplier" per finding


class Step(Model):
    from_date: dt.date
    to_date: dt.date
    resolved: list[str]
    appeared: list[str]
    stayed: list[str]


class Journey(Model):
    firm_name: str
    moments: list[Moment]
    steps: list[Step]


def _line(f: Finding) -> str:
    where = "" if f.subject == "firm" else f" [{f.subject_name}]"
    return f"{f.rule_id} {f.title}{where}"


def journey(rb: RuleBase, assessments: list[Assessment]) -> Journey:
    """One firm at several moments: what its business model innovation resolved and created."""
    ordered = sorted(assessments, key=lambda a: a.assessment_date)
    reports: list[Report] = [build_report(rb, a) for a in ordered]
    moments = [
        Moment(
            date=a.assessment_date,
            title=a.case.title if a.case else f"{a.firm_name} {a.assessment_date}",
            findings=[_line(f) for f in r.findings],
        )
        for a, r in zip(ordered, reports, strict=True)
    ]
    steps = []
    for (a, before), (b, after) in zip(
        zip(ordered, reports, strict=True), zip(ordered[1:], reports[1:], strict=True), strict=False
    ):
        pairs = diff_findings(before.findings, after.findings)
        steps.append(
            Step(
                from_date=a.assessment_date,
                to_date=b.assessment_date,
                resolved=[_line(c.finding) for c in pairs if c.change == "resolved"],
                appeared=[_line(c.finding) for c in pairs if c.change == "appeared"],
                stayed=[_line(c.finding) for c in pairs if c.change in ("stayed", "changed")],
            )
        )
    return Journey(firm_name=ordered[0].firm_name, moments=moments, steps=steps)


def comparison_markdown(c: Comparison) -> str:
    out = [f"# Your answers and the expert key: {md_escape(c.case_title)}", ""]
    out += ["## Answers that differ", ""]
    if not c.answers:
        out.append("None: your answers match the key.")
    for d in c.answers:
        source = f" — *{md_escape(d.key_source)}*" if d.key_source else ""
        out.append(
            f"- {md_escape(d.question)} — you: **{md_escape(d.yours)}**, key: **{md_escape(d.key)}**{source}"
        )
    out += ["", "## Findings that differ", ""]
    if not c.findings:
        out.append("None: you reached the same findings as the key.")
    for f in c.findings:
        side = "only in your report" if f.only_in == "yours" else "in the key, not in your report"
        out.append(f"- **{md_escape(f.title)}** (`{f.rule_id}`), {side}")
        for d in f.because:
            yours, key = md_escape(d.yours), md_escape(d.key)
            out.append(f"  - because of: {md_escape(d.question)} (you: {yours}, key: {key})")
        out.append(f"  - the paper: {md_escape(f.paper_says)}")
    if c.findings_in_both:
        out += ["", f"Findings you share with the key: {', '.join(c.findings_in_both)}"]
    return "\n".join(out) + "\n"


def journey_markdown(j: Journey) -> str:
    out = [f"# {md_escape(j.firm_name)}: the journey", ""]
    for m in j.moments:
        out += [f"## {m.date}: {md_escape(m.title)}", ""]
        out += [f"- {md_escape(line)}" for line in m.findings] or ["- no findings"]
        out.append("")
    for s in j.steps:
        out += [f"## From {s.from_date} to {s.to_date}", ""]
        for label, lines in (("Resolved", s.resolved), ("New", s.appeared), ("Still there", s.stayed)):
            out.append(f"**{label}:** " + ("; ".join(md_escape(x) for x in lines) or "none"))
            out.append("")
    return "\n".join(out)


def export_case_pack(rb: RuleBase, cases: list[Path], out_dir: Path) -> list[Path]:
    """Files for a course: per case a student sheet, a blank answer file, the key and the expected
    report; an index for the instructor. Returns the files written."""
    written: list[Path] = []
    index = ["# Case pack", "", "| case | title |", "|---|---|"]
    for path in cases:
        case = load_assessment(path, rb.bank)
        if case.case is None:
            continue
        folder = out_dir / path.stem
        folder.mkdir(parents=True, exist_ok=True)
        meta = case.case
        sheet = [
            f"# {md_escape(meta.title)}",
            "",
            md_escape(meta.narrative),
            "",
            "## Discussion questions",
            "",
        ]
        sheet += [f"{i}. {md_escape(q)}" for i, q in enumerate(meta.discussion_questions, 1)]
        blank = assessment_to_data(case)
        blank["answers"] = {}
        blank["groups"] = {}
        blank.pop("case", None)
        blank.pop("counterpart", None)
        key = assessment_to_data(case)
        files = {
            "case.md": "\n".join(sheet) + "\n",
            "your-answers.yaml": yaml.safe_dump(blank, sort_keys=False, allow_unicode=True),
            "answer-key.yaml": yaml.safe_dump(key, sort_keys=False, allow_unicode=True),
            "expected-report.md": to_markdown(build_report(rb, case)),
        }
        for name, text in files.items():
            target = folder / name
            target.write_text(text, encoding="utf-8")
            written.append(target)
        index.append(f"| `{path.stem}` | {md_escape(meta.title)} |")
    index += [
        "",
        "Give students `case.md` and `your-answers.yaml`; keep `answer-key.yaml` and `expected-report.md`.",
        "Compare a student's file with `bmi-advisor compare STUDENT.yaml answer-key.yaml`.",
    ]
    (out_dir / "README.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    written.append(out_dir / "README.md")
    return written
