"""JSON Schema for assessment files, and a blank assessment to fill in, both from the bank."""

from __future__ import annotations

import datetime as dt
from typing import Any

from advisor.core.assessment import SCHEMA_VERSION, Assessment
from advisor.core.bank import DONT_KNOW, NOT_APPLICABLE, AnswerType, Question, QuestionBank


def _value_schema(q: Question) -> dict[str, Any]:
    special = [DONT_KNOW] + ([NOT_APPLICABLE] if q.allow_not_applicable else [])
    match q.type:
        case AnswerType.SINGLE | AnswerType.YESNO:
            core: dict[str, Any] = {"enum": [o.value for o in q.choices]}
        case AnswerType.MULTI:
            core = {"type": "array", "items": {"enum": [o.value for o in q.choices]}}
        case AnswerType.SCALE:
            assert q.scale
            core = {"type": "integer", "minimum": q.scale.min, "maximum": q.scale.max}
        case AnswerType.NUMBER:
            assert q.number
            kind = "integer" if q.number.integer else "number"
            core = {"type": kind, "minimum": q.number.min, "maximum": q.number.max}
        case AnswerType.TEXT:
            core = {"type": "string"}
    return {"anyOf": [core, {"enum": special}], "description": q.text}


def _answers_schema(questions: list[Question]) -> dict[str, Any]:
    props = {}
    for q in questions:
        value = _value_schema(q)
        props[q.id] = {
            "description": f"{q.text} ({q.source.paper}: {q.source.item})",
            "anyOf": [
                value,
                {
                    "type": "object",
                    "properties": {"value": value, "evidence": {"type": "string"}},
                    "required": ["value"],
                    "additionalProperties": False,
                },
            ],
        }
    return {"type": "object", "properties": props, "additionalProperties": False}


def assessment_json_schema(bank: QuestionBank) -> dict[str, Any]:
    """The pydantic schema of the file, with the answers narrowed to the bank's questions."""
    schema = Assessment.model_json_schema()
    firm_questions = [q for q in bank.questions if not bank.section_by_id[q.section].repeat]
    schema["properties"]["answers"] = _answers_schema(firm_questions)
    if "CounterpartView" in schema.get("$defs", {}):  # the other side answers the same questions
        schema["$defs"]["CounterpartView"]["properties"]["answers"] = _answers_schema(firm_questions)
    groups = {}
    for section in bank.repeat_sections:
        item = {
            "type": "object",
            "properties": {
                "id": {"type": "string"},
                "answers": _answers_schema(bank.in_section(section.id)),
            },
            "required": ["id"],
            "additionalProperties": False,
        }
        groups[section.id] = {"type": "array", "items": item, "description": section.intro}
    schema["properties"]["groups"] = {
        "type": "object",
        "properties": groups,
        "additionalProperties": False,
    }
    schema["title"] = f"BMI Advisor assessment (schema_version {SCHEMA_VERSION})"
    return schema


def blank_assessment(bank: QuestionBank) -> dict[str, Any]:
    """Every question with "don't know" as its answer, ready to be filled in."""
    firm = {q.id: DONT_KNOW for q in bank.questions if not bank.section_by_id[q.section].repeat}
    groups = {
        s.id: [
            {
                "id": f"{s.item_noun or 'item'}-1",
                "answers": {q.id: DONT_KNOW for q in bank.in_section(s.id)},
            }
        ]
        for s in bank.repeat_sections
    }
    return {
        "schema_version": SCHEMA_VERSION,
        "firm_id": "my-firm",
        "firm_name": "My Firm",
        "assessment_date": dt.date.today().isoformat(),
        "respondent_role": "Founder",
        "answers": firm,
        "groups": groups,
    }
