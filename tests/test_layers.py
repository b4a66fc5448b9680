"""The house's layers: who may import whom, no import cycles, and a package that knows no domain.

Read from the source (every import statement, including those inside functions), so a lazy import
cannot hide an arrow. Each failure says what to move where.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from advisor.api import default_rulebase

ROOT = Path(__file__).resolve().parent.parent

# Each layer, and the project's packages it may import (besides its own modules). Lower layers
# first: a layer never imports one above it.
LAYERS: dict[str, set[str]] = {
    "advisor.core": set(),
    "advisor.reporting": {"advisor.core"},
    "advisor.api": {"advisor.core", "advisor.reporting"},
    "advisor.portfolio": {"advisor.core", "advisor.reporting", "advisor.api"},
    "advisor.teaching": {"advisor.core", "advisor.reporting", "advisor.api"},
    # The rule check and rule book: given a loaded rule base, like the core they name no knowledge.
    "advisor.authoring": {"advisor.core", "advisor.reporting"},
    "advisor.cli": {
        "advisor.core",
        "advisor.reporting",
        "advisor.api",
        "advisor.portfolio",
        "advisor.teaching",
        "advisor.authoring",
    },
    "advisor.app": {
        "advisor.core",
        "advisor.reporting",
        "advisor.api",
        "advisor.portfolio",
        "advisor.teaching",
        "rules.views",
    },
    # The knowledge reads only the domain-blind kit; its pictures (views) also read the report model.
    "rules.views": {"advisor.core", "advisor.reporting", "rules"},
    "rules": {"advisor.core"},
}
FIX = {
    "advisor.core": "the core is domain-blind and the bottom layer: move the code that needs more up, "
    "or pass what it needs in as an argument",
    "advisor.reporting": "reporting builds on the core only: move the shared piece into advisor/core/",
    "advisor.authoring": "the authoring tools read the rule base they are given (core) and the report "
    "model (reporting) only: take the rule base as an argument instead of loading it",
    "advisor.app": "only the app's logic may read the knowledge's pictures, and only through rules/views.py",
    "rules": "the knowledge reads only advisor.core (the kit); presentation belongs in rules/views.py",
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, Path]:
    files = [*ROOT.joinpath("advisor").rglob("*.py"), *ROOT.joinpath("rules").rglob("*.py")]
    return {_module_name(p): p for p in files}


def _imports(path: Path, module: str, known: set[str]) -> set[str]:
    """The project modules `module` imports (resolving `from pkg import mod` to the module)."""
    found: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    [*package.split(".")[: len(package.split(".")) - node.level + 1], base]
                ).strip(".")
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known)
    return {name for name in found if name in known}


def _graph() -> dict[str, set[str]]:
    sources = _sources()
    known = set(sources)
    return {m: _imports(p, m, known) - {m} for m, p in sources.items()}


def _layer(module: str) -> str | None:
    matches = [layer for layer in LAYERS if module == layer or module.startswith(layer + ".")]
    return max(matches, key=len) if matches else None


def _allowed(source_layer: str, target: str) -> bool:
    if target == "advisor":  # the package itself holds only __version__ and imports nothing
        return True
    target_layer = _layer(target)
    if target_layer == source_layer:
        return True
    return any(target == a or target.startswith(a + ".") for a in LAYERS[source_layer])


def test_every_module_belongs_to_a_layer():
    orphans = sorted(m for m in _sources() if _layer(m) is None and m not in ("advisor", "rules"))
    assert not orphans, f"{orphans}: put each module in one of the layers' folders ({sorted(LAYERS)})"


def test_no_layer_imports_one_it_may_not():
    wrong = []
    for module, targets in _graph().items():
        layer = _layer(module)
        if layer is None:
            continue
        for target in sorted(targets):
            if not _allowed(layer, target):
                hint = FIX.get(layer) or FIX.get(layer.split(".")[0], "")
                wrong.append(f"{module} imports {target}: {hint}")
    assert not wrong, "layering broken:\n" + "\n".join(wrong)


def test_the_package_has_no_import_cycles():
    graph = _graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert not cycles, "import cycles (move the shared piece into a module both can import):\n" + "\n".join(
        " -> ".join(c) for c in cycles
    )


def _string_literals(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return {
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
    }


@pytest.mark.parametrize(
    "path", sorted(ROOT.joinpath("advisor").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_the_package_names_no_question_trait_or_rule_of_the_knowledge(path):
    """advisor/ is domain-blind: the vocabulary of the rule base (question ids, trait names, rule
    ids) is read from the loaded rule base, never typed into the code."""
    rb = default_rulebase()
    vocabulary = set(rb.bank.by_id) | {t.name for t in rb.parts.traits} | {r.id for r in rb.parts.rules}
    typed = sorted(_string_literals(path) & vocabulary)
    assert not typed, (
        f"{path.relative_to(ROOT)} types {typed}: read them from the rule base, or move the code that "
        "needs them into rules/ (pictures go in rules/views.py)"
    )
