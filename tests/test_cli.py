"""The `bmi-advisor` command line, driven through main() and once through the installed script."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from advisor.cli.main import EXIT_BROKEN_PIPE, main
from advisor.core.assessment import validate_assessment

SEAMLESS = ROOT / "examples" / "seamless-2005.yaml"
SCRIPT = Path(sys.executable).parent / "bmi-advisor"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------- assess


def test_assess_json_carries_the_whole_report(capsys, rb):
    code, out, err = run(capsys, "assess", str(SEAMLESS), "--format", "json")
    assert code == 0 and err == "", f"exit {code}, stderr: {err}"
    report = json.loads(out)
    assert report["firm_id"] == "seamless"
    assert report["rulebase"] == {"version": rb.version, "content_hash": rb.content_hash}
    assert report["findings"], "the Seamless 2005 case should produce findings"
    needed = {"rule_id", "title", "severity", "confidence", "citation", "evidence", "moves"}
    for finding in report["findings"]:
        missing = needed - set(finding)
        assert not missing, f"finding {finding.get('rule_id')} lacks {missing}"
        assert finding["rule_id"] in rb.rules and finding["citation"]["text"], finding["rule_id"]
        assert finding["evidence"]["traits"], f"{finding['rule_id']} has no trait evidence"
    assert "LK-04" in {f["rule_id"] for f in report["findings"]}, "Seamless 2005 must show LK-04"
    assert isinstance(report["tensions"], list) and isinstance(report["next_questions"], list)


def test_assess_json_of_several_files_is_one_array(capsys):
    other = ROOT / "examples" / "s20-r6.yaml"
    code, out, err = run(capsys, "assess", str(SEAMLESS), str(other), "--format", "json")
    assert code == 0 and err == "", f"exit {code}, stderr: {err}"
    assert [r["firm_id"] for r in json.loads(out)] == ["seamless", "s20-r6"]


def test_assess_text_and_markdown_show_findings_with_sources(capsys):
    code, text, _ = run(capsys, "assess", str(SEAMLESS))
    assert code == 0
    assert text.startswith("BMI Advisor report: Seamless"), text[:80]
    assert "[LK-04, medium]" in text and "Source: Johansson & Abrahamsson 2014" in text
    code, md, _ = run(capsys, "assess", str(SEAMLESS), "--format", "md")
    assert code == 0
    assert md.startswith("# BMI Advisor report: Seamless") and "## Summary" in md, md[:120]
    assert "LK-04" in md


def test_a_bad_file_fails_with_reasons_and_good_files_still_print(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    data = yaml.safe_load(SEAMLESS.read_text(encoding="utf-8"))
    data["answers"]["cap_relational"] = 9
    data["answers"]["bm_brand_visibilty"] = "white_label"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    code, out, err = run(capsys, "assess", str(SEAMLESS), str(bad), str(SEAMLESS))
    assert code == 1, "a file that cannot be assessed must give exit status 1"
    assert out.count("BMI Advisor report: Seamless") == 2, "both good files should still be reported"
    assert f"{bad}: 2 problem(s)" in err, err
    assert "question 'cap_relational'" in err and "(got 9)" in err, err
    assert "did you mean bm_brand_visibility" in err, err


def test_a_missing_file_or_a_directory_is_reported_not_a_traceback(capsys, tmp_path):
    missing = tmp_path / "nowhere.yaml"
    code, out, err = run(capsys, "assess", str(missing), str(tmp_path), str(SEAMLESS))
    assert code == 1
    assert f"{missing}: cannot be read: No such file or directory" in err, err
    assert f"{tmp_path}: cannot be read:" in err, err
    assert out.count("BMI Advisor report: Seamless") == 1, "the readable file should still be reported"


# ---------------------------------------------------------------- rules


def test_rules_lists_every_rule_and_the_rulebase_stamp(capsys, rb):
    code, out, _ = run(capsys, "rules")
    assert code == 0
    listed = {line.split()[0] for line in out.splitlines() if line[:2].isalpha() and line[2:3] == "-"}
    assert listed == set(rb.rules), f"missing from the list: {set(rb.rules) - listed}"
    assert f"rule base {rb.version} · sha256 {rb.content_hash}" in out


def test_rules_show_prints_doc_citation_and_example_cases(capsys, rb):
    code, out, _ = run(capsys, "rules", "show", "lk-04")
    spec = rb.rules["LK-04"]
    assert code == 0
    assert out.startswith(f"LK-04  {spec.title}"), out[:80]
    assert f"proposition: {spec.proposition}" in out
    for heading in ("When it fires:", "Why (source):", "Known limits:"):
        assert heading in out, f"doc heading {heading} missing"
    fires = ", ".join(spec.fires_for)
    assert fires and f"example cases where it fires: {fires}" in out
    assert "example cases where it stays silent: " in out
    assert spec.moves[0].text in out


def test_rules_show_unknown_id_lists_the_known_ones(capsys):
    code, out, err = run(capsys, "rules", "show", "XX-99")
    assert code == 1 and out == ""
    assert "unknown rule id XX-99" in err and "LK-04" in err, err


def test_rules_show_without_an_id_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["rules", "show"])
    assert caught.value.code == 2
    assert "rules show needs a rule id" in capsys.readouterr().err


def test_rules_propositions_give_each_status(capsys, rb):
    code, out, _ = run(capsys, "rules", "--propositions")
    assert code == 0
    for prop in rb.parts.propositions:
        assert prop.id in out, f"proposition {prop.id} missing"
    assert "encoded by LK-04" in out or "LK-04" in out


# ---------------------------------------------------------------- questions and template


def test_questions_lists_every_question_with_what_is_allowed(capsys, bank):
    code, out, _ = run(capsys, "questions")
    assert code == 0
    for q in bank.questions:
        assert f"  {q.id}: {q.text}" in out, f"question {q.id} missing"
        assert q.allowed_description() in out


def test_questions_schema_is_valid_json_schema(capsys, bank):
    import jsonschema  # comes with streamlit (via altair)

    code, out, _ = run(capsys, "questions", "--schema")
    assert code == 0
    schema = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    firm_ids = {q.id for q in bank.questions if not bank.section_by_id[q.section].repeat}
    assert set(schema["properties"]["answers"]["properties"]) == firm_ids


def test_questions_json_round_trips_to_the_bank(capsys, bank):
    code, out, _ = run(capsys, "questions", "--format", "json")
    assert code == 0
    assert type(bank).model_validate_json(out) == bank


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_template_loads_back_as_a_valid_assessment(capsys, bank, fmt):
    code, out, _ = run(capsys, "template", "--format", fmt)
    assert code == 0
    data = json.loads(out) if fmt == "json" else yaml.safe_load(out)
    assessment = validate_assessment(data, bank, f"template.{fmt}")
    assert assessment.firm_id == "my-firm"
    firm_ids = {q.id for q in bank.questions if not bank.section_by_id[q.section].repeat}
    assert set(assessment.answers) == firm_ids, "the template should list every firm question"


# ---------------------------------------------------------------- the installed script


def test_console_script_assesses_a_file():
    result = subprocess.run(
        [str(SCRIPT), "assess", str(SEAMLESS), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"exit {result.returncode}: {result.stderr[-2000:]}"
    assert json.loads(result.stdout)["firm_id"] == "seamless"


def test_closed_output_stops_quietly(capsys, monkeypatch):
    """`bmi-advisor questions | head` must not end in a BrokenPipeError traceback."""

    class ClosedPipe:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

        def fileno(self) -> int:
            raise io.UnsupportedOperation("fileno")  # as for any stream not backed by a file

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["questions"]) == EXIT_BROKEN_PIPE


# ---------------------------------------------------------------- start-up


def test_version_is_the_installed_packages_and_loads_no_rule_base():
    from importlib.metadata import version

    # A fresh interpreter: the version is printed without importing the engine or pydantic.
    code = (
        "import sys\nfrom advisor.cli.main import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit as exit:\n    assert exit.code == 0\n"
        "print(sorted(m for m in ('experta', 'pydantic', 'yaml', 'advisor.api') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == [f"bmi-advisor {version('bmi-advisor')}", "[]"]


def test_assess_imports_neither_the_portfolio_nor_the_teaching_modules():
    code = (
        "import sys\nfrom advisor.cli.main import main\n"
        f"main(['assess', {str(SEAMLESS)!r}])\n"
        "print(sorted(m for m in sys.modules if m.startswith(('advisor.portfolio', 'advisor.teaching',"
        " 'advisor.app', 'openpyxl', 'fpdf'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]"
