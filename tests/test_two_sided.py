"""Two-sided assessment: provider and customer answer the same relationship's activities."""

from __future__ import annotations

import yaml

from advisor.api import default_rulebase
from advisor.cli.main import main
from tests.cases import EXAMPLES, finding, fired

RB = default_rulebase()


def test_divergent_views_are_a_finding_naming_each_activity_and_both_views():
    f = finding("two-sided-r4", "TS-01")
    assert f.subject == "counterpart:Forestcorp"
    assert f.details["diverging_activities"] == [
        {"activity": "Exploring improvement opportunities", "yours": "done", "theirs": "not done"},
        {"activity": "Ensuring fair value distribution", "yours": "done", "theirs": "not done"},
    ]
    assert [a.question_id for a in f.evidence.answers] == ["ob_p3_improvements", "ob_p3_fair_distribution"]
    workshops = [m for m in f.moves if m.id.startswith("TS-01.workshop.")]
    assert len(workshops) == 2


def test_agreeing_views_are_a_strength_and_no_divergence():
    assert "TS-02" in fired("two-sided-r5")
    assert "TS-01" not in fired("two-sided-r5")


def _split(tmp_path):
    """Write the two sides of two-sided-r4 as two separate files, as two respondents would."""
    data = yaml.safe_load((EXAMPLES / "two-sided-r4.yaml").read_text(encoding="utf-8"))
    other = data.pop("counterpart")
    data.pop("case")
    customer = {
        **{k: data[k] for k in ("schema_version", "assessment_date", "relationship_id")},
        "firm_id": "forestcorp",
        "firm_name": other["firm_name"],
        "respondent_role": other["respondent_role"],
        "answers": other["answers"],
    }
    own, theirs = tmp_path / "provider.yaml", tmp_path / "customer.yaml"
    own.write_text(yaml.safe_dump(data), encoding="utf-8")
    theirs.write_text(yaml.safe_dump(customer), encoding="utf-8")
    return own, theirs, customer


def test_cli_joins_two_files_for_one_relationship(tmp_path, capsys):
    own, theirs, _ = _split(tmp_path)
    assert main(["assess", str(own), "--counterpart", str(theirs), "--format", "json"]) == 0
    report = yaml.safe_load(capsys.readouterr().out)
    assert "TS-01" in {f["rule_id"] for f in report["findings"]}


def test_cli_refuses_two_different_relationships(tmp_path, capsys):
    own, theirs, customer = _split(tmp_path)
    customer["relationship_id"] = "another-deal"
    theirs.write_text(yaml.safe_dump(customer), encoding="utf-8")
    assert main(["assess", str(own), "--counterpart", str(theirs)]) == 1
    err = capsys.readouterr().err
    assert "relationship_id 'another-deal' differs" in err and "customer.yaml" in err
