"""The lean Rete network (advisor/core/rete.py) matches exactly what experta's own does: the same
firings, in the same order, with the same conclusions, for the rule base and for rules that join
on conclusions and negate them."""

from __future__ import annotations

import itertools

import pytest
from experta.matchers import ReteMatcher
from test_engine_hazards import CHAIN

from advisor.api import EXAMPLES_DIR, default_rulebase
from advisor.core.assessment import load_assessment
from advisor.core.engine import EnginePool, Firing, RuleEngine, compile_engine_class
from advisor.core.rete import LeanReteMatcher
from advisor.core.rulekit import NO, UNKNOWN, YES
from advisor.core.subject import Subject


def upstream(engine_class: type[RuleEngine]) -> EnginePool:
    return EnginePool(type("Upstream", (engine_class,), {"__matcher__": ReteMatcher}))


def trace(firings: list[Firing]) -> list[tuple]:
    return [(f.rule.id, f.subject.scope, f.subject.item, f.conclusions) for f in firings]


def test_the_compiled_rule_base_uses_the_lean_network():
    assert default_rulebase().pool._engine_class.__matcher__ is LeanReteMatcher


@pytest.mark.parametrize("path", sorted(EXAMPLES_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_example_fires_as_under_experta_s_own_network(path):
    rb = default_rulebase()
    subjects = rb.subjects(load_assessment(path, rb.bank))
    lean = trace(rb.pool.run(subjects))
    assert lean == trace(upstream(rb.pool._engine_class).run(subjects))


def test_joins_and_negations_on_conclusions_fire_as_under_experta_s_own_network():
    runs = 0
    for order in itertools.permutations(CHAIN):
        cls = compile_engine_class(list(order))
        lean_pool, upstream_pool = EnginePool(cls), upstream(cls)
        for t, u in itertools.product((YES, NO, UNKNOWN), repeat=2):
            subjects = [Subject("firm", "firm", {"t": t, "u": u})]
            # twice on the same engines: a reused engine must not remember the last run
            for _ in range(2):
                assert trace(lean_pool.run(subjects)) == trace(upstream_pool.run(subjects))
                runs += 1
    assert runs == 24 * 9 * 2
