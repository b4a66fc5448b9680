"""experta's Rete network, made to do less per fact without changing what it matches.

A firm is a few facts (one per subject) that each pass ~35 alpha nodes on their way to the ~125
conflict-set nodes (one per rule, or per branch of a rule with alternatives). Upstream spends most
of an engine run on bookkeeping around those tests rather than on the tests: every node copies the
token it receives (a new namedtuple with isinstance asserts), every engine step visits every
conflict-set node, and reset() recurses through every path of the network. The matcher below
rewires the network once, at build time, so that

- an alpha node passes the token it received on unchanged when its test adds no bindings (only a
  test that binds a variable changes the token's context, and then the node copies it first);
- a conflict-set node reads the token without copying it and marks itself as changed, so a step
  collects activations from the nodes a fact reached, in upstream's order;
- reset() touches only the nodes that hold memory.

Two-input nodes (joins on conclusions, NOT) keep upstream's code: they copy what they receive.
The nodes, checks, activations and agenda are experta's own; the rule tests in tests/test_engine*
and every example report pin that the firings are unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from experta import KnowledgeEngine
from experta.matchers import ReteMatcher
from experta.matchers.rete.mixins import ChildNode, NoMemory
from experta.matchers.rete.nodes import ConflictSetNode, FeatureTesterNode


def _alpha_test(node: FeatureTesterNode) -> Callable[[Any], None]:
    """Upstream FeatureTesterNode.activate (see its docstring), copying the token only when the
    test binds variables into its context."""
    test = node.matcher
    children = node.children

    def activate(token: Any) -> None:
        (fact,) = token.data
        match = test(fact)
        if not match:
            return
        if isinstance(match, Mapping):
            token = token.copy()
            context = token.context
            for key, value in match.items():
                if isinstance(key, tuple):  # a negated binding
                    if key[1] in context and context[key[1]] == value:
                        return
                elif context.get(key, value) != value or context.get((False, key), object()) == value:
                    return
            context.update(match)
        for child in children:
            child.callback(token)

    return activate


class LeanReteMatcher(ReteMatcher):
    """ReteMatcher that rewires its network as the module docstring says."""

    def __init__(self, engine: KnowledgeEngine):
        super().__init__(engine)
        nodes: dict[int, Any] = {}
        pending = [self.root_node]
        while pending:
            node = pending.pop()
            if id(node) not in nodes:
                nodes[id(node)] = node
                pending += [child.node for child in node.children]
        self._conflict_sets = self._get_conflict_set_nodes()  # upstream's order, kept for the agenda
        self._changed: set[int] = set()  # positions in _conflict_sets a fact reached this step
        self._with_memory = [n for n in nodes.values() if not isinstance(n, NoMemory)]
        entry = {id(n): self._entry(n) for n in nodes.values()}
        for node in nodes.values():  # two-input nodes keep their left/right callbacks
            node.children[:] = [ChildNode(c.node, entry[id(c.node)] or c.callback) for c in node.children]

    def _entry(self, node: Any) -> Callable[[Any], None] | None:
        """What a parent calls to pass a token to a one-input `node` (None: upstream's callback)."""
        if type(node) is FeatureTesterNode:
            return _alpha_test(node)
        if type(node) is ConflictSetNode:
            position = self._conflict_sets.index(node)
            changed, record = self._changed, node._activate

            def arrive(token: Any) -> None:
                changed.add(position)
                record(token)

            return arrive
        return None

    def changes(self, adding=None, deleting=None):
        for fact in deleting or ():
            self.root_node.remove(fact)
        for fact in adding or ():
            self.root_node.add(fact)
        added: list[Any] = []
        removed: list[Any] = []
        for position in sorted(self._changed):
            c_added, c_removed = self._conflict_sets[position].get_activations()
            added.extend(c_added)
            removed.extend(c_removed)
        self._changed.clear()
        return added, removed

    def reset(self) -> None:
        self._changed.clear()
        for node in self._with_memory:
            node._reset()
