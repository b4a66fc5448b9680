"""Compile rule specs into an experta engine and run it safely.

Three experta hazards are handled here (see shared/ENGINEERING_NOTES.md):
- Agenda bug (experta #19): `ExactRemovalStrategy` removes the exact activation among all equal
  keys, so a rule never fires through a violated NOT() or on a retracted fact.
- No truth maintenance: salience layers come from the rules' dependency graph, so every rule that
  concludes something fires before any rule that reads (or negates) that conclusion.
- Memory growth and thread safety: engines are built once and reused with reset(); a pool hands
  each caller its own engine, so no engine is ever used by two threads at once.
"""

from __future__ import annotations

import bisect
import inspect
import queue
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

import experta
from experta import AS, NOT, DefFacts, Fact, KnowledgeEngine, L, Rule
from experta.strategies import DepthStrategy

from advisor.core.rete import LeanReteMatcher
from advisor.core.rulekit import Cond, RuleSpec
from advisor.core.subject import Subject

LAYER_STEP = 10


class ExactRemovalStrategy(DepthStrategy):
    """DepthStrategy whose removal scans every activation with an equal key.

    Upstream only looks at offsets 0, +1 and -1 from bisect_left, which misses when three or more
    activations share a key (same salience, same facts): the normal case when several rules match
    one fact. It also drops upstream's lru_cache on get_key, which pinned old activations.
    """

    def get_key(self, activation):
        salience = activation.rule.salience
        facts = sorted((f["__factid__"] for f in activation.facts), reverse=True)
        return (salience, facts)

    def _update_agenda(self, agenda, added, removed):
        activations = agenda.activations
        for act in removed:
            act.key = self.get_key(act)
            lo = bisect.bisect_left(activations, act)
            hi = bisect.bisect_right(activations, act)
            for idx in range(lo, hi):
                if activations[idx] == act:
                    del activations[idx]
                    break
        for act in added:
            act.key = self.get_key(act)
            bisect.insort(activations, act)


class SubjectFact(Fact):
    """A subject's trait states (plus _scope and _item) as one fact: what the rules match."""

    def update(self, mapping):
        # Trait states and ids are strings, immutable already: experta's per-field freeze (a tenth
        # of engine time for ~80 fields) has nothing to do. Other values take experta's path.
        if self.__factid__ is None and all(type(v) is str for v in mapping.values()):
            dict.update(self, mapping)
        else:
            super().update(mapping)


class Conclusion(Fact):
    """An intermediate conclusion declared by a derivation rule."""


@dataclass(frozen=True)
class Firing:
    rule: RuleSpec
    subject: Subject
    conclusions: tuple[Mapping[str, Any], ...]


def layers(rules: list[RuleSpec]) -> dict[str, int]:
    """Depth of each rule in the conclusion graph: concluders sit above their readers."""
    concluders: dict[str, list[RuleSpec]] = {}
    for spec in rules:
        for name in spec.concludes:
            concluders.setdefault(name, []).append(spec)
    depth: dict[str, int] = {}
    visiting: set[str] = set()

    def visit(spec: RuleSpec) -> int:
        if spec.id in depth:
            return depth[spec.id]
        if spec.id in visiting:
            raise ValueError(f"rule {spec.id} depends on its own conclusion (cycle)")
        visiting.add(spec.id)
        reads = spec.conclusion_conditions
        below = [visit(c) for name in reads for c in concluders.get(name, [])]
        visiting.discard(spec.id)
        depth[spec.id] = 1 + max(below, default=-1)
        return depth[spec.id]

    for spec in rules:
        visit(spec)
    return depth


def _field_pattern(cond: Cond) -> Any:
    states = cond.all_states
    pattern = L(states[0])
    for state in states[1:]:
        pattern = pattern | L(state)
    return pattern


def _lhs(spec: RuleSpec) -> list[Any]:
    fields = {name: _field_pattern(cond) for name, cond in spec.trait_conditions.items()}
    fields["_scope"] = _field_pattern(Cond(spec.scopes))
    if not spec.conclusion_conditions:
        return [AS.subject << SubjectFact(**fields)]
    # Conclusions are about the same subject (firm or item) as the rule that reads them.
    item = experta.MATCH.item
    patterns: list[Any] = [AS.subject << SubjectFact(_item=item, **fields)]
    for index, (name, cond) in enumerate(spec.conclusion_conditions.items()):
        if cond.all_states:
            patterns.append(getattr(AS, f"c{index}") << Conclusion(name=name, _item=item))
        else:
            patterns.append(NOT(Conclusion(name=name, _item=item)))
    return patterns


def _action(spec: RuleSpec):
    def fire(engine: RuleEngine, subject: Fact, **bound: Any) -> None:
        conclusions = tuple(
            bound[k].as_dict() for k in sorted(bound) if k.startswith("c") and k[1:].isdigit()
        )
        matched = engine.subjects[(subject["_scope"], subject["_item"])]
        engine.firings.append(Firing(spec, matched, conclusions))
        traits = matched.traits
        tentative = any(traits[name] in c.tentative for name, c in spec.trait_conditions.items())
        tentative = tentative or any(c.get("tentative") for c in conclusions)
        for name in spec.concludes:
            engine.declare(Conclusion(name=name, _item=matched.item, by=spec.id, tentative=tentative))

    fire.__name__ = spec.name
    return fire


class RuleEngine(KnowledgeEngine):
    """Base class for compiled rule bases; holds the firings of the current run."""

    __strategy__ = ExactRemovalStrategy
    __matcher__ = LeanReteMatcher

    def __init__(self) -> None:
        super().__init__()
        self.firings: list[Firing] = []
        self.subjects: dict[tuple[str, str], Subject] = {}  # of the current run, by (scope, item)
        cls = type(self)
        self._deffacts_names = [n for n in dir(cls) if isinstance(inspect.getattr_static(cls, n), DefFacts)]

    def get_deffacts(self):
        # Upstream searches every member (~80 rules) with inspect.getmembers on each reset(); which
        # members are DefFacts is fixed by the class, so they are looked up by name.
        return sorted((getattr(self, name) for name in self._deffacts_names), key=lambda d: d.order)


def compile_engine_class(rules: list[RuleSpec]) -> type[RuleEngine]:
    depth = layers(rules)
    top = max(depth.values(), default=0)
    members: dict[str, Any] = {}
    for spec in rules:
        salience = (top - depth[spec.id]) * LAYER_STEP
        members[f"rule_{spec.id.replace('-', '_')}"] = Rule(*_lhs(spec), salience=salience)(_action(spec))
    return type("CompiledRuleEngine", (RuleEngine,), members)


class EnginePool:
    """Hands out engines one caller at a time; builds more only when all are busy.

    Reusing engines with reset() keeps memory flat (a new engine per run leaks in experta's
    class-level caches); checking them out keeps any one engine on one thread.
    """

    def __init__(self, engine_class: type[RuleEngine], max_idle: int = 8):
        self._engine_class = engine_class
        self._idle: queue.LifoQueue[RuleEngine] = queue.LifoQueue(maxsize=max_idle)

    @contextmanager
    def engine(self) -> Iterator[RuleEngine]:
        try:
            engine = self._idle.get_nowait()
        except queue.Empty:
            engine = self._engine_class()
        try:
            yield engine
        finally:
            engine.firings = []
            engine.subjects = {}
            with suppress(queue.Full):  # enough idle engines kept; let this one go
                self._idle.put_nowait(engine)

    def run(self, subjects: list[Subject]) -> list[Firing]:
        with self.engine() as engine:
            engine.reset()
            engine.firings = []
            engine.subjects = {(s.scope, s.item): s for s in subjects}
            engine.declare(*(SubjectFact(_scope=s.scope, _item=s.item, **s.traits) for s in subjects))
            engine.run()
            return list(engine.firings)
