"""The rule base's structure, checked: names, unread questions, overlapping rules, cycles, citations.

Each function reads the loaded parts only and returns every problem it finds, with how to fix it.
"""

from __future__ import annotations

import itertools

from advisor.authoring.problems import Problem, RuleBaseFiles, close_to
from advisor.core.rulebase import FIRM
from advisor.core.rulekit import Kind, Proposition, RuleSpec, Trait

WHY = "Why (source):"  # the docstring heading that gives a rule's source passage
WHY_FIELD = "Why (source)"


def unknown_names(rb: RuleBaseFiles) -> list[Problem]:
    found: list[Problem] = []
    traits: dict[str, dict[str, Trait]] = {}
    for t in rb.parts.traits:
        traits.setdefault(t.name, {})[t.scope] = t
    concluded = {name for spec in rb.parts.rules for name in spec.concludes}
    for spec in rb.parts.rules:
        file = rb.rule_file(spec)
        for name, cond in spec.trait_conditions.items():
            scoped = traits.get(name, {})
            for message in _condition_problems(name, cond.all_states, scoped, spec.scopes, traits):
                found.append(Problem("unknown-name", file, spec.id, f"when.{name}", message))
        for name in spec.conclusion_conditions:
            if name not in concluded:
                message = f"reads conclusion '@{name}', which no rule concludes; {close_to(name, concluded)}"
                found.append(Problem("unknown-name", file, spec.id, f"when.@{name}", message))
    for t in rb.parts.traits:
        for qid in t.uses:
            message = _question_problem(rb, t, qid)
            if message:
                found.append(Problem("unknown-name", rb.trait_file(t), t.name, "uses", message))
    moves = {m.id for spec in rb.parts.rules for m in spec.moves}
    for tension in rb.parts.tensions:
        for move_id in tension.moves:
            if move_id not in moves:
                message = f"names move '{move_id}', which no rule offers; {close_to(move_id, moves)}"
                found.append(
                    Problem("unknown-name", rb.tensions_file, " / ".join(tension.moves), "moves", message)
                )
    return found


def _condition_problems(name, states, scoped: dict[str, Trait], scopes, traits) -> list[str]:
    if not scoped:
        return [f"reads trait '{name}', which no trait defines; {close_to(name, traits)}"]
    messages = []
    for scope in scopes:
        t = scoped.get(scope)
        if t is None:
            defined = ", ".join(sorted(scoped))
            messages.append(
                f"trait '{name}' is not defined for scope '{scope}' (only for {defined}); define it"
            )
        elif odd := [s for s in states if s not in t.states]:
            messages.append(f"trait '{name}' never takes {', '.join(odd)}; it takes {', '.join(t.states)}")
    return messages


def _question_problem(rb: RuleBaseFiles, t: Trait, qid: str) -> str:
    question = rb.bank.by_id.get(qid)
    if question is None:
        return f"reads question '{qid}', which the question bank lacks; {close_to(qid, rb.bank.by_id)}"
    section = rb.bank.section_by_id[question.section]
    # A firm-level trait may summarise a repeated section; an entry's trait reads its own section.
    if section.repeat and t.scope not in (FIRM, section.id):
        return f"reads '{qid}' of section '{section.id}' from scope '{t.scope}'; read the firm's or its own"
    return ""


def unread_questions(rb: RuleBaseFiles) -> list[Problem]:
    readers: dict[str, set[str]] = {}
    for t in rb.parts.traits:
        for qid in t.uses:
            readers.setdefault(qid, set()).add(t.name)
    # Questions that decide whether others apply, or that name an entry, are read by the bank.
    owners = (*rb.bank.questions, *rb.bank.sections)
    read_by_bank = {c.question for owner in owners for c in owner.applies_when}
    read_by_bank |= {s.name_question for s in rb.bank.sections if s.name_question}
    found = []
    for q in rb.bank.questions:
        if q.id not in readers and q.id not in read_by_bank and not q.context_only:
            message = (
                "no rule or trait reads it; read it in a trait, delete it, or mark it "
                "`context_only:` with the reason it is still asked"
            )
            found.append(Problem("unread-question", rb.bank_file, q.id, "", message))
        elif q.id in readers and q.context_only:
            message = (
                f"is marked context-only, but {', '.join(sorted(readers[q.id]))} read(s) it; drop the mark"
            )
            found.append(Problem("unread-question", rb.bank_file, q.id, "context_only", message))
    return found


def same_conditions(rb: RuleBaseFiles) -> list[Problem]:
    found = []
    for a, b in itertools.combinations(rb.parts.rules, 2):
        if _conditions(a) == _conditions(b) and set(a.scopes) & set(b.scopes):
            message = (
                f"has exactly the conditions of {a.id} ({a.title}); merge the two, "
                "or add the condition that tells them apart"
            )
            found.append(Problem("same-conditions", rb.rule_file(b), b.id, "when", message))
    return found


def contradictions(rb: RuleBaseFiles) -> list[Problem]:
    """A problem whose every firing brings a strength (or the reverse) tells the firm one thing is
    both. Sound, not complete: A implies B when each of B's conditions is one of A's, narrowed."""
    judged = [r for r in rb.parts.rules if r.kind in (Kind.PROBLEM, Kind.STRENGTH)]
    found = []
    for a, b in itertools.permutations(judged, 2):
        if a.kind is b.kind or not set(a.scopes) & set(b.scopes) or _conditions(a) == _conditions(b):
            continue  # identical conditions are reported once, as same-conditions
        if b.when and all(
            n in a.when and set(a.when[n].all_states) <= set(c.all_states) for n, c in b.when.items()
        ):
            message = (
                f"whenever this {a.kind} fires, {b.id} ({b.title}) fires too and calls it a {b.kind}; "
                "add a condition that tells them apart"
            )
            found.append(Problem("contradiction", rb.rule_file(a), a.id, "when", message))
    return found


def cycles(rb: RuleBaseFiles) -> list[Problem]:
    rules = {r.id: r for r in rb.parts.rules}
    concluders: dict[str, set[str]] = {}
    for spec in rb.parts.rules:
        for name in spec.concludes:
            concluders.setdefault(name, set()).add(spec.id)
    reads = {
        r.id: sorted({c for name in r.conclusion_conditions for c in concluders.get(name, ())})
        for r in rb.parts.rules
    }
    loops: set[tuple[str, ...]] = set()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(rule_id: str) -> None:
        state[rule_id] = 1
        path.append(rule_id)
        for nxt in reads[rule_id]:
            if state.get(nxt) == 1:
                loop = path[path.index(nxt) :]
                start = loop.index(min(loop))  # each loop once, from its smallest id
                loops.add(tuple(loop[start:] + loop[:start]))
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[rule_id] = 2

    for rule_id in sorted(rules):
        if rule_id not in state:
            visit(rule_id)
    found = []
    for loop in sorted(loops):
        chain = " -> ".join((*loop, loop[0]))
        message = (
            f"depends on its own conclusion ({chain}: each reads a conclusion of the next); "
            "break the chain by reading a trait instead of one of the conclusions"
        )
        found.append(Problem("cycle", rb.rule_file(rules[loop[0]]), loop[0], "when", message))
    return found


def citations(rb: RuleBaseFiles) -> list[Problem]:
    propositions = {p.id: p for p in rb.parts.propositions}
    papers = {p.id for p in rb.parts.papers}
    found = []
    for spec in rb.parts.rules:
        message = _citation_problem(spec, propositions, papers)
        if message:
            found.append(Problem("citation", rb.rule_file(spec), spec.id, "proposition", message))
        for where, message in _source_problems(spec, papers):
            found.append(Problem("citation", rb.rule_file(spec), spec.id, where, message))
    rule_ids = {r.id for r in rb.parts.rules}
    for prop in rb.parts.propositions:
        encoding = {r.id for r in rb.parts.rules if r.proposition == prop.id} | set(prop.rules)
        message = _status_problem(prop, encoding, rule_ids)
        if message:
            found.append(Problem("citation", rb.registry_file, prop.id, "status", message))
    return found


def _source_problems(spec: RuleSpec, papers: set[str]) -> list[tuple[str, str]]:
    if spec.citation is None:  # a rule written in code gives its source in its prose
        if spec.doc_section(WHY).strip():
            return []
        return [(WHY_FIELD, "gives no source; say where in the paper the claim is made, quoting its passage")]
    found = []
    if spec.citation.paper not in papers:
        found.append(("citation.paper", f"'{spec.citation.paper}' is not a registered paper; register it"))
    if not spec.citation.passage and spec.basis != "advisor_practice":
        found.append(("citation.passage", "quotes no passage; quote the paper's words the rule rests on"))
    return found


def _status_problem(prop: Proposition, encoding: set[str], rule_ids: set[str]) -> str:
    unknown = sorted(set(prop.rules) - rule_ids)
    if unknown:
        return f"lists rules {', '.join(unknown)} that do not exist under `rules`; fix the ids"
    if prop.encodable and not encoding:
        return f"is marked {prop.status}, but no rule encodes it; encode it, or mark it not_encodable"
    if not prop.encodable and encoding:
        return (
            f"is marked not_encodable, but {', '.join(sorted(encoding))} encode it; mark it partly or encoded"
        )
    if prop.status != "encoded" and not prop.reason:
        return f"is marked {prop.status} without a reason; say what is not encoded and why"
    return ""


def _citation_problem(spec: RuleSpec, propositions, papers) -> str:
    prop = propositions.get(spec.proposition)
    if not spec.proposition:
        return "cites no proposition; name the one it encodes"
    if prop is None:
        hint = close_to(spec.proposition, propositions)
        return f"cites '{spec.proposition}', which the proposition registry lacks; {hint}"
    if not prop.encodable:
        return f"cites {prop.id}, which the registry marks not encodable; fix one of the two"
    if prop.paper not in papers:
        return f"{prop.id} is from paper '{prop.paper}', which is not registered; register the paper"
    return ""


def _conditions(spec: RuleSpec) -> frozenset:
    return frozenset((name, frozenset(c.accepts), frozenset(c.tentative)) for name, c in spec.when.items())
