"""The app's actions, without Streamlit: where a draft starts, how it is scored, what is offered
for download, and how a what-if change is tried without touching the saved answers."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from advisor.api import EXAMPLES_DIR, assess, default_rulebase
from advisor.app.action_plan import plan as action_plan
from advisor.app.draft import Draft, PlanEntry, draft_from_assessment, set_answer, to_assessment_data
from advisor.app.report_views import pdf_pictures
from advisor.core.assessment import (
    Assessment,
    AssessmentError,
    Problem,
    assessment_to_data,
    load_assessment,
    structured_from_bytes,
    validate_assessment,
)
from advisor.core.bank import QuestionBank
from advisor.core.limits import UPLOAD
from advisor.reporting.markdown import to_markdown, what_would_change_markdown
from advisor.reporting.pdf import Notes, PlanRow, to_pdf
from advisor.reporting.report import Report
from advisor.reporting.whatif import WhatWouldChange, what_would_change


@dataclass(frozen=True)
class TeachingCase:
    path: Path
    title: str


def teaching_cases(folder: Path = EXAMPLES_DIR) -> list[TeachingCase]:
    """The example assessments drawn from the papers (a case with sources), titled by their story.

    Synthetic firms written to make rules fire are test fixtures, not cases to learn from.
    """
    out = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        case = data.get("case") or {}
        if case.get("sources"):
            out.append(TeachingCase(path, str(case.get("title") or data.get("firm_name") or path.stem)))
    return out


def draft_from_case(case: TeachingCase, bank: QuestionBank) -> Draft:
    return draft_from_assessment(load_assessment(case.path, bank))


def draft_from_upload(name: str, raw: bytes, bank: QuestionBank) -> Draft:
    """An uploaded assessment file (YAML or JSON), checked like the command line checks files.

    Raises AssessmentError listing every problem found.
    """
    return draft_from_assessment(assessment_from_upload(name, raw, bank))


def assessment_from_upload(name: str, raw: bytes, bank: QuestionBank) -> Assessment:
    """An uploaded assessment file (YAML or JSON), validated as the command line validates files.

    Raises AssessmentError listing every problem found.
    """

    if len(raw) > UPLOAD.file_bytes:
        message = f"the file is {len(raw)} bytes; the limit is {UPLOAD.file_bytes}"
        raise AssessmentError(name, [Problem(name, message)])
    data = structured_from_bytes(name, raw, Path(name).suffix, UPLOAD)
    return validate_assessment(data, bank, name)


def assessment_of(bank: QuestionBank, draft: Draft) -> Assessment:
    return validate_assessment(to_assessment_data(bank, draft), bank, "your answers")


def score(bank: QuestionBank, draft: Draft) -> tuple[Assessment, Report]:
    assessment = assessment_of(bank, draft)
    return assessment, assess(assessment)


# One change tried on the report page: (scope, item, question id) -> value.
Changes = dict[tuple[str, str, str], Any]


def with_changes(draft: Draft, changes: Changes) -> Draft:
    for (scope, item, qid), value in changes.items():
        draft = set_answer(draft, scope, item, qid, value)
    return draft


@dataclass(frozen=True)
class Download:
    label: str
    file_name: str
    mime: str
    make: Callable[[], bytes]  # built only when clicked: a PDF takes ~0.2 s, every rerun would pay it


def answers_yaml(assessment: Assessment) -> bytes:
    return yaml.safe_dump(assessment_to_data(assessment), sort_keys=False, allow_unicode=True).encode()


def answers_json(assessment: Assessment) -> bytes:
    return json.dumps(assessment_to_data(assessment), indent=2, ensure_ascii=False).encode()


def changes_for(assessment: Assessment, report: Report) -> list[WhatWouldChange]:
    """What would change this report: ~0.1-0.2 s, so the app computes it only when asked."""
    return what_would_change(default_rulebase(), assessment, report)


def answers_fingerprint(assessment: Assessment) -> str:
    """Identifies a set of answers, so a result computed for them is never shown for others."""
    return hashlib.sha256(answers_json(assessment)).hexdigest()


def report_markdown(report: Report, assessment: Assessment) -> bytes:
    return (to_markdown(report) + "\n" + what_would_change_markdown(changes_for(assessment, report))).encode()


def report_pdf(
    report: Report,
    assessment: Assessment,
    plan: Mapping[str, PlanEntry] | None = None,
    notes: Notes | None = None,
) -> bytes:
    return to_pdf(
        report,
        changes=changes_for(assessment, report),
        pictures=pdf_pictures(report, assessment),
        plan=plan_rows(report, plan or {}),
        notes=notes,
    )


def plan_rows(report: Report, saved: Mapping[str, PlanEntry]) -> list[PlanRow]:
    return [
        PlanRow(a.text, a.because, a.entry.owner, a.entry.due, a.entry.done)
        for a in action_plan(report, saved)
    ]


def downloads(
    report: Report,
    assessment: Assessment,
    plan: Mapping[str, PlanEntry] | None = None,
    notes: Notes | None = None,
) -> list[Download]:
    """The files a founder takes away. The PDF carries `plan`, what the founder wrote against the next
    90 days (Draft.plan, by move id), and `notes`, the advisor's notes per finding."""
    stem = assessment.firm_id
    return [
        Download(
            "Report as PDF",
            f"{stem}-report.pdf",
            "application/pdf",
            partial(report_pdf, report, assessment, plan, notes),
        ),
        Download(
            "Report as Markdown",
            f"{stem}-report.md",
            "text/markdown",
            partial(report_markdown, report, assessment),
        ),
        Download(
            "Report as JSON",
            f"{stem}-report.json",
            "application/json",
            lambda: report.model_dump_json(indent=2).encode(),
        ),
        Download(
            "Answers as YAML", f"{stem}-answers.yaml", "application/x-yaml", partial(answers_yaml, assessment)
        ),
        Download(
            "Answers as JSON", f"{stem}-answers.json", "application/json", partial(answers_json, assessment)
        ),
    ]
