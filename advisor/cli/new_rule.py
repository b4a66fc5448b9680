"""`bmi-advisor rules new XX-NN --paper P --proposition P-ID`: scaffold a rule record.

Writes `<rules>/<framework>/<XX-NN>.yaml` with every field of a rule and TODO placeholders, which
the rule base refuses to load until they are replaced. Reads only the rule-base folder's files
(not the loaded rule base), so a new rule can be started while another is still being filled in.
Exit status: 0 written; 1 refused (the reason on stderr, nothing written).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from advisor.api import default_rulebase
from advisor.core.records import RULE_ID, scaffold_rule
from advisor.core.yamlio import read_yaml


class Refused(Exception):
    pass


def new_rule(root: Path, rule_id: str, paper: str, proposition: str, framework: str | None) -> Path:
    """Write the scaffold and return its path; `Refused` says why nothing was written."""
    if not re.match(RULE_ID, rule_id):
        raise Refused(f"rule id {rule_id!r} must look like LK-04: a two-letter family and two digits")
    props = {p["id"]: p for p in read_yaml(root / "propositions.yaml")["propositions"]}
    prop = props.get(proposition)
    if prop is None:
        raise Refused(f"proposition {proposition} is not in {root / 'propositions.yaml'}; add it there first")
    if prop["paper"] != paper:
        raise Refused(f"proposition {proposition} belongs to paper {prop['paper']}, not {paper}")
    if prop["status"] == "not_encodable":
        raise Refused(f"{proposition} is marked not_encodable: change its status (and reason) first")
    frameworks = list(read_yaml(root / "rulebase.yaml")["frameworks"])
    existing = {p.stem: p for f in frameworks for p in (root / f).glob("*.yaml")}
    if rule_id in existing:
        raise Refused(f"{rule_id} exists already ({existing[rule_id]}); pick a new id")
    if framework is None:
        used = {
            record["framework"]
            for path in existing.values()
            if re.match(RULE_ID, path.stem) and (record := read_yaml(path)).get("proposition") == proposition
        }
        if len(used) != 1:
            raise Refused(f"say which framework with --framework (one of {', '.join(frameworks)})")
        framework = used.pop()
    if framework not in frameworks:
        raise Refused(f"framework {framework!r} is not in rulebase.yaml; one of {', '.join(frameworks)}")
    path = root / framework / f"{rule_id}.yaml"
    text = scaffold_rule(
        rule_id, paper=paper, proposition=proposition, framework=framework, section=prop["section"]
    )
    path.write_text(text, encoding="utf-8")
    return path


def cmd_new(args: argparse.Namespace) -> int:
    root = Path(args.rules) if args.rules else default_rulebase().source_dir
    if not args.paper or not args.proposition:
        sys.stderr.write(
            "rules new needs --paper and --proposition, e.g. --paper JA14 --proposition JA14-P2\n"
        )
        return 1
    try:
        path = new_rule(root, args.rule_id.upper(), args.paper, args.proposition, args.framework)
    except Refused as exc:
        sys.stderr.write(f"rules new: {exc}\n")
        return 1
    sys.stdout.write(
        f"wrote {path}\nReplace every TODO in it (the rule base refuses to load until then), add a trait "
        "or threshold if it needs one, then run `make test`.\n"
    )
    return 0
