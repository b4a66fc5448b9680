"""Load a rule base from a folder, e.g. an earlier revision of rules/, beside the current one.

A rule-base package imports its own modules by absolute name (`from rules.computed import REGISTRY`),
so a copy cannot simply be imported under another name: its modules would resolve to the current
`rules`. Instead the copy is imported as `rules` with its parent first on sys.path, and afterwards
sys.modules is put back as it was. The loaded RuleBase keeps references to its own modules, so
both rule bases work side by side in one process.

Get an earlier revision with git:  mkdir /tmp/old && git archive v1.0 rules | tar -x -C /tmp/old
and pass /tmp/old/rules (or /tmp/old). The engine code in advisor/ is the current one; a rule base
written for an incompatible advisor/ has to be scored by its own checkout (then diff the outputs).
"""

from __future__ import annotations

import sys
from pathlib import Path

from advisor.core.assessment import AssessmentError, Problem
from advisor.core.rulebase import RuleBase, load_rulebase

PACKAGE = "rules"


def _is_ours(name: str) -> bool:
    return name == PACKAGE or name.startswith(PACKAGE + ".")


def rules_package_dir(path: Path) -> Path:
    """The `rules` package folder given either it or the folder holding it."""
    for candidate in (path, path / PACKAGE):
        if candidate.name == PACKAGE and (candidate / "__init__.py").is_file():
            return candidate.resolve()
    msg = f"no rule base here: expected a folder named '{PACKAGE}' holding __init__.py (or its parent)"
    raise AssessmentError(str(path), [Problem(str(path), msg)])


def load_rulebase_at(path: Path | None) -> RuleBase:
    """The rule base in `path`, or the installed one when path is None."""
    if path is None:
        return load_rulebase(PACKAGE)
    package_dir = rules_package_dir(path)
    saved = {name: module for name, module in sys.modules.items() if _is_ours(name)}
    for name in saved:
        del sys.modules[name]
    parent = str(package_dir.parent)
    sys.path.insert(0, parent)
    try:
        return load_rulebase(PACKAGE)
    except ImportError as exc:  # a rule base written for an earlier or later engine
        msg = (
            f"written for another version of the engine: it imports {exc.name or exc}, which this "
            "version does not have. Score the portfolio with the checkout this rule base was written "
            "for, and compare the two batch output folders with `diff OLD_FOLDER NEW_FOLDER`"
        )
        raise AssessmentError(str(path), [Problem(str(package_dir), msg)]) from None
    finally:
        sys.path.remove(parent)
        for name in [n for n in sys.modules if _is_ours(n)]:
            del sys.modules[name]
        sys.modules.update(saved)
