"""What `rules check` reports: problems that say where and how to fix, and the known ones.

Problems a rule base lives with for now are listed, each with its reason, in `known_problems.yaml`
beside its files (as semgrep's `todoruleid:` or pytest's `xfail(strict=True)`): they are shown
but do not fail the check, and an entry whose problem no longer occurs does fail it, so the list
cannot go stale.
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from advisor.core.bank import QuestionBank
from advisor.core.rulekit import RuleBaseParts, RuleSpec, Trait

KNOWN_PROBLEMS_FILE = "known_problems.yaml"

# The checks, in the order they are reported, with what passing each one means.
CHECKS = {
    "unknown-name": "every trait, state, conclusion, question and move named exists",
    "unreachable": "every rule fires for some answer set (--witness prints one per rule)",
    "unread-question": "every question is read by a trait, or marked context-only with a reason",
    "same-conditions": "no two rules have identical conditions",
    "contradiction": "no strength fires whenever a problem does, or the reverse",
    "cycle": "no rule depends on its own conclusion",
    "citation": "every rule cites a registered proposition and gives its source passage",
    "quotation": "every shown quotation is verbatim in the cited paper",
    "known-problem": "every known problem listed is well formed and still occurs",
}


@dataclass(frozen=True)
class Problem:
    check: str  # one of CHECKS
    file: str
    subject: str  # the rule id, question id or trait name
    field: str
    message: str  # what is wrong, and how to fix it

    def __str__(self) -> str:
        where = ", ".join(p for p in (self.subject, self.field) if p)
        return f"{self.file}: {where}: {self.message} [{self.check}]"


@dataclass(frozen=True)
class KnownProblem:
    check: str
    subject: str
    field: str
    reason: str

    def matches(self, problem: Problem) -> bool:
        return (self.check, self.subject, self.field) == (problem.check, problem.subject, problem.field)


class RuleBaseFiles:
    """A rule base's parts, and the files they were read from (for messages)."""

    def __init__(self, parts: RuleBaseParts, bank: QuestionBank, source_dir: Path):
        self.parts = parts
        self.bank = bank
        self.source_dir = source_dir

    def rule_file(self, spec: RuleSpec) -> str:
        return self.shown(Path(spec.source)) if spec.source else self._file_of(spec.details)

    def trait_file(self, trait: Trait) -> str:
        return self._file_of(trait.derive)

    @cached_property
    def bank_file(self) -> str:
        return self._yaml_holding("questions", "the question bank")

    @cached_property
    def registry_file(self) -> str:
        return self._yaml_holding("propositions", "the proposition registry")

    @cached_property
    def tensions_file(self) -> str:
        return self._yaml_holding("tensions", "the tensions")

    @cached_property
    def thresholds_file(self) -> str:
        path = self.source_dir / "thresholds.yaml"  # where the records' loader reads them
        return self.shown(path) if path.is_file() else "the thresholds"

    def shown(self, path: Path) -> str:
        """A path as the reader knows it: relative to the folder holding the rule base."""
        path, root = path.resolve(), self.source_dir.resolve().parent
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()

    def _file_of(self, obj: Any) -> str:
        try:
            source = inspect.getsourcefile(obj) if obj is not None else None
        except TypeError:  # built without a source file (e.g. in a test)
            source = None
        return self.shown(Path(source)) if source else "the rule base"

    def _yaml_holding(self, key: str, otherwise: str) -> str:
        """The rule base's YAML file whose top level holds `key` (the rule base names its files)."""
        for path in sorted(self.source_dir.rglob("*.yaml")):
            if any(line.startswith(f"{key}:") for line in path.read_text(encoding="utf-8").splitlines()):
                return self.shown(path)
        return otherwise


def set_aside_known(
    problems: list[Problem], files: RuleBaseFiles, checks_run: Iterable[str]
) -> tuple[list[Problem], list[tuple[Problem, str]]]:
    """(problems still failing, known problems with their reasons). An entry for a check that ran
    and found no such problem is stale, and is itself a problem; so is a malformed entry."""
    path = files.source_dir / KNOWN_PROBLEMS_FILE
    entries, failing = _read_known(path, files.shown(path))
    known: list[tuple[Problem, str]] = []
    used: set[KnownProblem] = set()
    for problem in problems:
        entry = next((e for e in entries if e.matches(problem)), None)
        if entry is None:
            failing.append(problem)
        else:
            used.add(entry)
            known.append((problem, entry.reason))
    ran = set(checks_run)
    for entry in entries:
        if entry not in used and entry.check in ran:
            message = f"is listed as a known {entry.check} problem, but no longer occurs; delete the entry"
            failing.append(Problem("known-problem", files.shown(path), entry.subject, entry.field, message))
    return failing, known


def _read_known(path: Path, shown: str) -> tuple[list[KnownProblem], list[Problem]]:
    if not path.is_file():
        return [], []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries: list[KnownProblem] = []
    problems: list[Problem] = []
    for index, entry in enumerate(data.get("known_problems") or [], start=1):
        wrong = _malformed(entry)
        if wrong:
            message = f"{wrong}; give check, subject, reason (and field, if the problem names one)"
            problems.append(Problem("known-problem", shown, f"entry {index}", "", message))
            continue
        fields = (entry["check"], str(entry["subject"]), str(entry.get("field", "")), entry["reason"])
        entries.append(KnownProblem(*fields))
    return entries, problems


def _malformed(entry: Any) -> str:
    if not isinstance(entry, dict):
        return "is not a mapping"
    missing = [k for k in ("check", "subject", "reason") if not entry.get(k)]
    if missing:
        return f"lacks {', '.join(missing)}"
    odd = sorted(set(entry) - {"check", "subject", "field", "reason"})
    if odd:
        return f"has unknown keys {', '.join(odd)}"
    if entry["check"] not in CHECKS:
        return f"names check '{entry['check']}'; the checks are {', '.join(CHECKS)}"
    return ""


def close_to(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.6)
    return f"did you mean {' or '.join(close)}?" if close else "check the spelling"
