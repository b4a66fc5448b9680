"""Teaching mode: student against key, a firm's journey, and the case pack."""

from __future__ import annotations

import yaml

from advisor.api import default_rulebase
from advisor.cli.main import main
from advisor.core.assessment import load_assessment, validate_assessment
from advisor.reporting.markdown import md_escape
from advisor.teaching.compare import compare_to_key, export_case_pack, journey
from tests.cases import EXAMPLES, case

RB = default_rulebase()


def _student_from(case_id: str, **changes) -> object:
    data = case(case_id).model_dump(mode="json", exclude_none=True)
    data.pop("case")
    data["answers"].update(changes)
    return validate_assessment(data, RB.bank, "student.yaml")


def test_comparison_explains_a_missed_finding_by_the_differing_answer():
    student = _student_from("toontrack-2005", nw_distributor_control=4)
    result = compare_to_key(RB, student, case("toontrack-2005"))
    assert [(d.question_id, d.yours, d.key) for d in result.answers] == [
        ("nw_distributor_control", "4 of 5 (No control … Full control)", "2 of 5 (No control … Full control)")
    ]
    assert result.answers[0].key_source.startswith("Findings, Toontrack")
    (missed,) = result.findings
    assert (missed.rule_id, missed.only_in) == ("LK-08", "key")
    assert [d.question_id for d in missed.because] == ["nw_distributor_control"]
    assert "Johansson & Abrahamsson 2014" in missed.paper_says
    assert result.findings_in_both == []  # the distributor finding was Toontrack 2005's only one


def test_identical_answers_give_no_differences():
    student = _student_from("s20-r4")
    result = compare_to_key(RB, student, case("s20-r4"))
    assert result.answers == [] and result.findings == []


def test_seamless_journey_shows_what_each_business_model_innovation_resolved_and_created():
    moments = [case(c) for c in ("seamless-2012", "seamless-2001", "seamless-2005")]  # any order
    j = journey(RB, moments)
    assert [m.date.year for m in j.moments] == [2001, 2010, 2012]
    first, second = j.steps
    assert any(line.startswith("LK-07") for line in first.resolved)
    assert any(line.startswith("LK-04") for line in first.appeared)
    assert any(line.startswith("LK-04") for line in second.resolved)
    assert any(line.startswith("LK-09") for line in second.appeared)


def test_case_pack_gives_students_no_key_and_instructors_a_loadable_key(tmp_path):
    written = export_case_pack(RB, [EXAMPLES / "toontrack-2005.yaml"], tmp_path)
    folder = tmp_path / "toontrack-2005"
    assert {p.name for p in written} == {
        "case.md",
        "your-answers.yaml",
        "answer-key.yaml",
        "expected-report.md",
        "README.md",
    }
    blank = yaml.safe_load((folder / "your-answers.yaml").read_text(encoding="utf-8"))
    assert blank["answers"] == {} and "case" not in blank
    key = load_assessment(folder / "answer-key.yaml", RB.bank)
    assert key.answers == case("toontrack-2005").answers
    sheet = (folder / "case.md").read_text(encoding="utf-8")
    assert "Discussion questions" in sheet and "must_fire" not in sheet


def test_cli_compare_and_journey(tmp_path, capsys):
    student = tmp_path / "student.yaml"
    data = yaml.safe_load((EXAMPLES / "toontrack-2005.yaml").read_text(encoding="utf-8"))
    data.pop("case")
    data["answers"]["nw_distributor_control"] = 4
    student.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert main(["compare", str(student), str(EXAMPLES / "toontrack-2005.yaml")]) == 0
    assert "in the key, not in your report" in capsys.readouterr().out
    files = [str(EXAMPLES / f"toontrack-{y}.yaml") for y in (2005, 2012)]
    assert main(["journey", *files]) == 0
    assert "From 2005-12-31 to 2012-12-31" in capsys.readouterr().out
    assert main(["journey", files[0], str(EXAMPLES / "s20-r1.yaml")]) == 1
    assert "same firm" in capsys.readouterr().err


def test_user_text_cannot_become_a_link_image_or_tag():
    text = md_escape("[click](http://evil.example) ![img](x.png) <script>x</script> www.evil.example")
    assert "](" not in text.replace("\\](", "")
    assert "<script>" not in text and "http://" not in text and "www.evil" not in text
