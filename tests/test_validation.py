"""Assessment files are validated once, at the boundary, and every problem is reported at once.

Each problem must let the person who wrote the file fix it: which question, what was given, and
what is allowed.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema  # comes with streamlit (via altair)
import pytest
import yaml
from conftest import EXAMPLES, header

from advisor.core.assessment import (
    MAX_FILE_BYTES,
    AssessmentError,
    Problem,
    load_assessment,
    read_structured_file,
    validate_assessment,
)
from advisor.core.bank import DONT_KNOW, NOT_APPLICABLE
from advisor.core.schema import assessment_json_schema

# Question ids are stable (rules/questions.yaml never renames or reuses one).
SCALE = "cap_sensing"  # 1..5, always applies
NUMBER = "bg_employees"  # whole number 0..1,000,000
PERCENT = "bg_international_sales_share"  # whole number 0..100
SINGLE = "bg_growth_stage"
YESNO = "nw_large_partner"
MULTI = "bm_revenue_models"
TEXT = "bg_description"
MAY_NOT_APPLY = "nw_partner_commitment"
ITEM_SCALE = "co_connection"


def problems_of(data: dict[str, Any], bank) -> list[Problem]:
    with pytest.raises(AssessmentError) as caught:
        validate_assessment(data, bank, "case.yaml")
    return caught.value.problems


def with_answers(answers: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {**header(), "answers": answers, **extra}


def only_problem_for(problems: list[Problem], qid: str) -> Problem:
    mine = [p for p in problems if p.question_id == qid]
    assert len(mine) == 1, f"expected one problem for {qid}, got {[str(p) for p in problems]}"
    return mine[0]


# ---------------------------------------------------------------- all errors at once


def test_every_bad_answer_is_reported_together_with_value_and_allowed(bank):
    data = with_answers(
        {
            SCALE: 9,
            NUMBER: -3,
            SINGLE: "enormous",
            YESNO: "perhaps",
            MULTI: ["licence"],
            TEXT: 42,
            "cap_sensing_x": 3,
            PERCENT: 50,  # fine: must not be reported
        }
    )
    problems = problems_of(data, bank)
    by_id = {p.question_id: p for p in problems}
    assert set(by_id) == {SCALE, NUMBER, SINGLE, YESNO, MULTI, TEXT, "cap_sensing_x"}, [
        str(p) for p in problems
    ]
    given = {SCALE: "9", NUMBER: "-3", SINGLE: '"enormous"', YESNO: '"perhaps"', TEXT: "42"}
    for qid, value in given.items():
        p = by_id[qid]
        assert p.value == value, f"{qid}: problem should quote the value given, got {p.value!r}"
        assert p.allowed == bank.by_id[qid].allowed_description(), f"{qid}: {p}"
        text = str(p)
        assert qid in text and value in text and p.allowed in text, f"incomplete message: {text}"
    assert "licence" in by_id[MULTI].message, f"unknown choice not named: {by_id[MULTI]}"


def test_the_error_message_lists_every_problem(bank):
    with pytest.raises(AssessmentError) as caught:
        validate_assessment(with_answers({SCALE: 0, NUMBER: "many"}), bank, "firm.yaml")
    text = str(caught.value)
    assert text.startswith("firm.yaml: 2 problem(s)"), text
    assert SCALE in text and NUMBER in text, text


# ---------------------------------------------------------------- unknown ids


def test_unknown_question_id_suggests_close_ids(bank):
    problem = only_problem_for(problems_of(with_answers({"cap_sensng": 4}), bank), "cap_sensng")
    assert "did you mean" in problem.message and SCALE in problem.message, str(problem)


def test_unknown_question_id_far_from_any_points_to_the_question_list(bank):
    problem = only_problem_for(problems_of(with_answers({"zzzz": 4}), bank), "zzzz")
    assert "bmi-advisor questions" in problem.message, str(problem)


def test_item_question_at_firm_level_is_unknown_there(bank):
    problem = only_problem_for(problems_of(with_answers({ITEM_SCALE: 3}), bank), ITEM_SCALE)
    assert "firm-level" in problem.message, str(problem)


def test_firm_question_inside_an_item_is_unknown_there(bank):
    groups = {"collaborations": [{"id": "c1", "answers": {SCALE: 3, "co_conection": 2}}]}
    problems = problems_of(with_answers({}, groups=groups), bank)
    assert {p.question_id for p in problems} == {SCALE, "co_conection"}, [str(p) for p in problems]
    typo = only_problem_for(problems, "co_conection")
    assert "collaborations[0]" in typo.where and "id c1" in typo.where, typo.where
    assert ITEM_SCALE in typo.message, f"should suggest {ITEM_SCALE}: {typo}"


# ---------------------------------------------------------------- types and ranges

WRONG_TYPE = [
    (SCALE, "4", "whole number"),
    (SCALE, 3.5, "whole number"),
    (SCALE, [3], "whole number"),
    (SCALE, True, "whole number"),
    (NUMBER, "ten", "number"),
    (NUMBER, 2.5, "whole number"),
    (NUMBER, None, "number"),
    (NUMBER, float("nan"), "number"),
    (NUMBER, float("inf"), "number"),
    (SINGLE, ["scaling"], "allowed choices"),
    (SINGLE, 3, "allowed choices"),
    (YESNO, "maybe", "allowed choices"),
    (MULTI, "license", "list of choices"),
    (MULTI, [1, 2], "list of choices"),
    (TEXT, ["a"], "text"),
    (TEXT, dt.date(2020, 1, 1), "text"),
]


@pytest.mark.parametrize(("qid", "value", "says"), WRONG_TYPE)
def test_wrong_type_for_the_answer_type(bank, qid, value, says):
    problem = only_problem_for(problems_of(with_answers({qid: value}), bank), qid)
    assert says in problem.message, f"{qid}={value!r}: {problem}"
    assert problem.allowed == bank.by_id[qid].allowed_description(), str(problem)
    assert problem.value, f"{qid}={value!r}: the value given is missing from {problem}"


@pytest.mark.parametrize(
    ("qid", "value"), [(SCALE, 0), (SCALE, 6), (NUMBER, -1), (PERCENT, 101), (NUMBER, 1_000_001)]
)
def test_out_of_range(bank, qid, value):
    problem = only_problem_for(problems_of(with_answers({qid: value}), bank), qid)
    assert "outside" in problem.message or "out of range" in problem.message, str(problem)
    assert problem.value == json.dumps(value), str(problem)


def test_range_bounds_and_whole_floats_are_accepted(bank):
    ok = validate_assessment(with_answers({SCALE: 5.0, PERCENT: 0, NUMBER: 1_000_000}), bank)
    assert ok.answers[SCALE].value == 5 and isinstance(ok.answers[SCALE].value, int)
    assert ok.answers[PERCENT].value == 0 and ok.answers[NUMBER].value == 1_000_000


def test_yaml_bare_yes_and_no_read_as_yes_and_no(bank, tmp_path):
    path = tmp_path / "firm.yaml"
    path.write_text(yaml.safe_dump(with_answers({YESNO: True, "bm_changed": False})), encoding="utf-8")
    assert "true" in path.read_text(), "the file should hold YAML booleans for this test"
    assessment = load_assessment(path, bank)
    assert assessment.answers[YESNO].value == "yes"
    assert assessment.answers["bm_changed"].value == "no"


def test_multi_choice_is_deduplicated_in_bank_order(bank):
    choices = [o.value for o in bank.by_id[MULTI].choices]
    given = [choices[2], choices[0], choices[2]]
    assessment = validate_assessment(with_answers({MULTI: given}), bank)
    assert assessment.answers[MULTI].value == [choices[0], choices[2]]


def test_not_applicable_only_where_allowed(bank):
    assert not bank.by_id[SCALE].allow_not_applicable and bank.by_id[MAY_NOT_APPLY].allow_not_applicable
    problem = only_problem_for(problems_of(with_answers({SCALE: NOT_APPLICABLE}), bank), SCALE)
    assert "not_applicable" in problem.message and NOT_APPLICABLE not in problem.allowed, str(problem)
    ok = validate_assessment(with_answers({MAY_NOT_APPLY: NOT_APPLICABLE, SCALE: DONT_KNOW}), bank)
    assert ok.answers[MAY_NOT_APPLY].value == NOT_APPLICABLE and ok.answers[SCALE].value == DONT_KNOW


def test_evidence_longer_than_the_limit_is_rejected(bank):
    problems = problems_of(with_answers({SCALE: {"value": 3, "evidence": "x" * 5001}}), bank)
    assert [p.question_id for p in problems] == [SCALE], [str(p) for p in problems]
    assert "5000" in problems[0].message, str(problems[0])


# ---------------------------------------------------------------- structure


def test_unknown_repeated_section_suggests_the_known_one(bank):
    problems = problems_of(with_answers({}, groups={"collaboration": [{"id": "c1"}]}), bank)
    assert len(problems) == 1, [str(p) for p in problems]
    assert "groups.collaboration" in problems[0].where, str(problems[0])
    assert "unknown repeated section" in problems[0].message and "collaborations" in problems[0].message


def test_duplicate_item_ids_are_rejected(bank):
    items = [{"id": "alpha"}, {"id": "beta"}, {"id": "alpha"}]
    problems = problems_of(with_answers({}, groups={"collaborations": items}), bank)
    assert len(problems) == 1, [str(p) for p in problems]
    assert "duplicate item id" in problems[0].message and "[2] (id alpha)" in problems[0].where


def test_wrong_schema_version(bank):
    problems = problems_of({**with_answers({}), "schema_version": 2}, bank)
    assert len(problems) == 1 and "schema_version" in problems[0].where, [str(p) for p in problems]
    assert "2 is not supported" in problems[0].message and "reads 1" in problems[0].message


def test_missing_firm_id_and_other_header_problems_come_together(bank):
    data = with_answers({SCALE: 2})
    del data["firm_id"]
    data["firm_name"] = ""
    data["assessment_date"] = "next tuesday"
    problems = problems_of(data, bank)
    where = sorted(p.where for p in problems)
    assert where == ["case.yaml: assessment_date", "case.yaml: firm_id", "case.yaml: firm_name"], where
    missing = next(p for p in problems if p.where.endswith("firm_id"))
    assert "required" in missing.message.lower(), str(missing)


def test_unknown_top_level_key_is_rejected(bank):
    problems = problems_of({**with_answers({}), "anwsers": {}}, bank)
    assert any("anwsers" in p.where for p in problems), [str(p) for p in problems]


# ---------------------------------------------------------------- files


def test_json_and_yaml_files_both_load_to_the_same_assessment(bank, tmp_path):
    data = with_answers({SCALE: 4, SINGLE: "scaling", MULTI: ["license"], TEXT: "Pumps, 40 staff."})
    (tmp_path / "firm.json").write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "firm.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    from_json = load_assessment(tmp_path / "firm.json", bank)
    from_yaml = load_assessment(tmp_path / "firm.yaml", bank)
    assert from_json == from_yaml
    assert from_json.answers[SCALE].value == 4 and from_json.firm_id == "test-firm"


def test_non_utf8_file_is_rejected_with_advice(bank, tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(yaml.safe_dump(with_answers({TEXT: "Malmö"}), allow_unicode=True).encode("latin-1"))
    with pytest.raises(AssessmentError) as caught:
        load_assessment(path, bank)
    assert "not UTF-8" in str(caught.value) and "save the file as UTF-8" in str(caught.value)


def test_yaml_python_tags_are_not_executed(bank, tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(
        f"!!python/object/apply:os.system ['touch {marker}']\nschema_version: 1\n",
        encoding="utf-8",
    )
    with pytest.raises(AssessmentError) as caught:
        load_assessment(path, bank)
    assert "cannot be parsed" in str(caught.value), str(caught.value)
    assert not marker.exists(), "a YAML python tag was executed: files must be read with safe_load"
    path.write_text("firm: !!python/object:collections.OrderedDict {}\n", encoding="utf-8")
    with pytest.raises(AssessmentError, match="cannot be parsed"):
        read_structured_file(path)


def test_file_over_the_size_limit_is_rejected_before_reading(bank, tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(AssessmentError) as caught:
        load_assessment(path, bank)
    assert f"the limit is {MAX_FILE_BYTES}" in str(caught.value)


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        ("broken.yaml", "answers: [unclosed", "cannot be parsed"),
        ("broken.json", '{"answers": ', "cannot be parsed"),
        ("list.yaml", "- 1\n- 2\n", "should hold one assessment"),
        ("empty.yaml", "", "should hold one assessment"),
    ],
)
def test_unparseable_or_non_mapping_files(bank, tmp_path, name, text, says):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AssessmentError) as caught:
        load_assessment(path, bank)
    assert says in str(caught.value) and name in str(caught.value), str(caught.value)


# ---------------------------------------------------------------- JSON Schema


def _plain(value: Any) -> Any:
    """What a JSON file would hold: YAML dates become ISO strings."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.fixture(scope="module")
def schema_validator(bank):
    schema = assessment_json_schema(bank)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_json_schema_accepts_every_teaching_case(schema_validator, bank, path: Path):
    data = _plain(yaml.safe_load(path.read_text(encoding="utf-8")))
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in schema_validator.iter_errors(data)
    ]
    assert not errors, f"{path.name} fails the published JSON Schema: {errors[:5]}"
    load_assessment(path, bank)  # and the validator agrees with the schema


def test_json_schema_rejects_what_the_validator_rejects(schema_validator):
    bad = with_answers({SCALE: 9, "cap_sensng": 3, MULTI: ["licence"]}, groups={"collaboration": []})
    paths = {"/".join(map(str, e.absolute_path)) for e in schema_validator.iter_errors(bad)}
    assert {f"answers/{SCALE}", f"answers/{MULTI}", "answers", "groups"} <= paths, paths


def test_examples_exist():
    assert EXAMPLES, "no teaching cases found in examples/"


@pytest.mark.parametrize("name_question", ["co_connection", "bmx_name", "no_such_question"])
def test_a_section_is_named_only_by_one_of_its_own_text_questions(bank, name_question):
    data = bank.model_dump()
    section = next(s for s in data["sections"] if s["id"] == "collaborations")
    section["name_question"] = name_question
    with pytest.raises(ValueError, match=f"name_question {name_question} is not its text question"):
        type(bank).model_validate(data)
