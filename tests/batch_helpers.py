"""Helpers for the batch tests: teaching cases written as spreadsheet rows and JSON lines."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from conftest import EXAMPLES

from advisor.core.assessment import read_structured_file
from advisor.core.bank import QuestionBank

META = ("firm_id", "firm_name", "assessment_date", "respondent_role")


def case_data(path: Path) -> dict[str, Any]:
    """An example's data without the teaching and two-sided parts a spreadsheet cannot hold."""
    data = read_structured_file(path)
    for key in ("case", "counterpart", "relationship_id"):
        data.pop(key, None)
    return data


def spreadsheet_cases() -> list[dict[str, Any]]:
    """One assessment per firm id (the latest round), as a batch spreadsheet would hold them."""
    latest: dict[str, dict[str, Any]] = {}
    for path in EXAMPLES:
        data = case_data(path)
        if data["firm_id"] not in latest or str(data["assessment_date"]) > str(
            latest[data["firm_id"]]["assessment_date"]
        ):
            latest[data["firm_id"]] = data
    return list(latest.values())


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return ";".join(value) if value else "[]"
    return str(value)


def to_cells(data: dict[str, Any]) -> dict[str, str]:
    """An assessment as spreadsheet cells, in the documented column format."""
    cells = {k: str(data[k]) for k in META}
    for qid, raw in data.get("answers", {}).items():
        answer = raw if isinstance(raw, dict) else {"value": raw}
        cells[qid] = _cell(answer["value"])
        if answer.get("evidence"):
            cells[f"{qid}__evidence"] = answer["evidence"]
    for section, items in (data.get("groups") or {}).items():
        for n, item in enumerate(items, start=1):
            cells[f"{section}.{n}.id"] = item["id"]
            for qid, raw in item.get("answers", {}).items():
                answer = raw if isinstance(raw, dict) else {"value": raw}
                cells[f"{section}.{n}.{qid}"] = _cell(answer["value"])
                if answer.get("evidence"):
                    cells[f"{section}.{n}.{qid}__evidence"] = answer["evidence"]
    return cells


def write_csv(path: Path, rows: list[dict[str, str]], delimiter: str = ",") -> Path:
    columns: list[str] = []
    for row in rows:
        columns += [c for c in row if c not in columns]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_jsonl(path: Path, items: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(i, default=str) + "\n" for i in items), encoding="utf-8")
    return path


def firm_row(bank: QuestionBank | None, firm_id: str = "acme", **answers: str) -> dict[str, str]:
    row = {
        "firm_id": firm_id,
        "firm_name": "Acme Ltd",
        "assessment_date": "2024-05-01",
        "respondent_role": "CEO",
    }
    return {**row, **answers}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
