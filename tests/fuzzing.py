"""Fuzzing the input boundary: generated answer sets, assessment files and spreadsheet rows, each
judged the same way by the suite (tests/test_fuzz.py, a small budget, failing at the first fault)
and by `make fuzz` (scripts/fuzz.py, >= 10,000 cases, counting every fault and printing them).

A case is fine when it is accepted (and then assessed and rendered without error) or refused with
clear problems. It is a *crash* when anything else is raised, and *unclear* when a problem does not
name where it is, is over-long, or concerns a known question without saying what is allowed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from advisor.api import assess, default_rulebase
from advisor.core.assessment import AssessmentError, Problem, load_assessment, validate_assessment
from advisor.core.bank import DONT_KNOW, NOT_APPLICABLE, AnswerType, Question
from advisor.core.limits import BATCH_INPUT
from advisor.portfolio.batch import Scorer
from advisor.portfolio.inputs import csv_template, open_input
from advisor.reporting.markdown import to_markdown

RB = default_rulebase()
BANK = RB.bank
FIRM_QUESTIONS = [q for q in BANK.questions if not BANK.section_by_id[q.section].repeat]
MAX_PROBLEM_CHARS = 600
HEADER = {
    "schema_version": 1,
    "firm_id": "fuzz-firm",
    "firm_name": "Fuzz Ltd",
    "assessment_date": "2026-11-01",
    "respondent_role": "Founder",
}


# ---------------------------------------------------------------- judging


@dataclass
class Tally:
    """What the cases gave. In the suite `strict` raises at the first fault (Hypothesis then
    shrinks it); `make fuzz` counts them all and keeps a few examples of each kind."""

    strict: bool
    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def fault(self, kind: str, detail: str) -> None:
        self.counts[kind] += 1
        if self.strict:
            raise AssertionError(f"{kind}: {detail}")
        self.examples.setdefault(kind, [])
        if len(self.examples[kind]) < 5:
            self.examples[kind].append(detail[:400])

    def judge(self, name: str, run: Callable[[], Any]) -> None:
        """Run one case: accepted, or refused with clear problems; anything else is a fault."""
        self.counts[f"{name}: cases"] += 1
        try:
            run()
        except AssessmentError as exc:
            self.counts[f"{name}: refused"] += 1
            for problem in exc.problems:
                why = unclear(problem)
                if why:
                    self.fault(f"unclear ({why})", str(problem))
        except Exception as exc:  # the fault this counts: any other exception is a crash
            self.fault(f"crash: {type(exc).__name__}", f"{name}: {exc!s:.300}")
        else:
            self.counts[f"{name}: accepted"] += 1


def unclear(problem: Problem) -> str:
    """Why a problem would leave its reader guessing ("" when it is clear)."""
    text = str(problem)
    if not problem.where or not problem.message:
        return "names no place"
    if len(text) > MAX_PROBLEM_CHARS:
        return "over-long"
    question = BANK.by_id.get(problem.question_id)
    if question is not None and not problem.allowed and "unknown question id" not in problem.message:
        return "no allowed values"
    return ""


def assessed(data: dict[str, Any], source: str = "fuzz") -> None:
    assessment = validate_assessment(data, BANK, source)
    report = assess(assessment, RB)
    json.dumps(report.model_dump(mode="json"))
    to_markdown(report)


# ---------------------------------------------------------------- answer values


def allowed_value(q: Question) -> st.SearchStrategy[Any]:
    choices = [o.value for o in q.choices]
    match q.type:
        case AnswerType.SINGLE | AnswerType.YESNO:
            return st.sampled_from(choices)
        case AnswerType.MULTI:
            return st.lists(st.sampled_from(choices), max_size=4)
        case AnswerType.SCALE:
            assert q.scale
            return st.integers(q.scale.min, q.scale.max)
        case AnswerType.NUMBER:
            assert q.number
            return st.integers(int(q.number.min), int(min(q.number.max, 10_000)))
        case _:
            return st.text(max_size=40)


# Anything a careless or hostile writer puts where a value belongs.
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([10**400, -(10**400), 10**20, 2**64, math.nan, math.inf, -math.inf, 1e308, 2.5]),
    st.floats(),
    st.text(max_size=30),
    st.sampled_from(["x" * 100_000, "\u202e\x00\ud800", "dont_know", "not_applicable", "", "=1+1"]),
    st.recursive(
        st.one_of(st.integers(-5, 5), st.text(max_size=5)),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
        max_leaves=40,
    ),
    st.builds(lambda d: [[[[[[[[[[[[[[[[[[[[[[d]]]]]]]]]]]]]]]]]]]]]], st.integers()),
)


def _weighted(*parts: tuple[int, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """One of the strategies, chosen in proportion to its weight."""
    slots = [strategy for weight, strategy in parts for _ in range(weight)]
    return st.integers(0, len(slots) - 1).flatmap(lambda n: slots[n])


def answer(q: Question) -> st.SearchStrategy[Any]:
    """Mostly allowed values (so that many sets are accepted and assessed), now and then junk."""
    value = _weighted((16, allowed_value(q)), (2, st.sampled_from([DONT_KNOW, NOT_APPLICABLE])), (2, JUNK))
    mapping = st.fixed_dictionaries(
        {}, optional={"value": value, "evidence": st.one_of(st.text(max_size=20), JUNK), "x": JUNK}
    )
    good_mapping = st.builds(lambda v, e: {"value": v, "evidence": e}, value, st.text(max_size=30))
    return _weighted((16, value), (3, good_mapping), (1, mapping))


@st.composite
def answer_sets(draw: st.DrawFn) -> dict[str, Any]:
    """An assessment's data: header fields now and then wrong, answers often wrong, unknown ids."""
    data: dict[str, Any] = dict(HEADER)
    for key in list(data):
        roll = draw(st.integers(0, 59))
        if roll == 0:
            data[key] = draw(JUNK)
        elif roll == 1:
            del data[key]
    questions = draw(st.lists(st.sampled_from(FIRM_QUESTIONS), max_size=12, unique=True))
    answers = {q.id: draw(answer(q)) for q in questions}
    if draw(st.integers(0, 4)) == 0:
        answers[draw(st.sampled_from(["cap_sensin", "unknown_q", "", "nw_distributor"]))] = draw(JUNK)
    data["answers"] = answers if draw(st.integers(0, 14)) else draw(JUNK)
    if draw(st.integers(0, 9)) == 0:
        data[draw(st.sampled_from(["groups", "counterpart", "extra", "case"]))] = draw(JUNK)
    return data


# ---------------------------------------------------------------- files


def _serialisable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _serialisable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_serialisable(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return 0.5
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")
    return value


def _alias_bomb(levels: int) -> str:
    lines = ["  bg_description: &a [x,x,x,x,x,x,x,x,x]"]
    names = "abcdefghij"
    lines += [f"  q{i}: &{names[i]} [" + ",".join([f"*{names[i - 1]}"] * 9) + "]" for i in range(1, levels)]
    return "answers:\n" + "\n".join(lines) + "\n"


def _deep(text: str, as_json: bool, levels: int) -> str:
    nested = "[" * levels + "]" * levels
    return text.replace("{", '{"d": ' + nested + ", ", 1) if as_json else f"d: {nested}\n{text}"


MUTATIONS: dict[str, Callable[[str, bool, random.Random], bytes]] = {
    "none": lambda t, j, r: t.encode(),
    "bom": lambda t, j, r: b"\xef\xbb\xbf" + t.encode(),
    "crlf": lambda t, j, r: t.replace("\n", "\r\n").encode(),
    "truncate": lambda t, j, r: t.encode()[: r.randint(0, len(t))],
    "latin1": lambda t, j, r: t.replace("Founder", "Föunder").encode("latin-1", "replace"),
    "utf16": lambda t, j, r: t.encode("utf-16"),
    "nul": lambda t, j, r: t.replace("Fuzz", "Fu\x00zz").encode(),
    "deep": lambda t, j, r: _deep(t, j, r.choice([30, 1000, 50_000])).encode(),
    "bigint": lambda t, j, r: (
        t.replace("schema_version", f'"n": {"9" * r.choice([16, 400, 5000])}, "s"', 1).encode()
        if j
        else (f"n: {'9' * r.choice([16, 400, 5000])}\n" + t).encode()
    ),
    "dupkey": lambda t, j, r: (
        t.replace('"firm_id"', '"firm_id": "x", "firm_id"', 1).encode()
        if j
        else (t + "firm_id: other\n").encode()
    ),
    "tag": lambda t, j, r: (t + "x: !!python/object/apply:os.system ['true']\n").encode(),
    "bomb": lambda t, j, r: (t.split("answers:")[0] + _alias_bomb(r.choice([3, 6, 9]))).encode(),
    "empty": lambda t, j, r: b"",
    "list": lambda t, j, r: b"[1, 2]" if j else b"- a\n- b\n",
}


@st.composite
def assessment_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """(file name, bytes): an answer set written as YAML or JSON, then damaged one way."""
    data = _serialisable(draw(answer_sets()))
    as_json = draw(st.booleans())
    text = json.dumps(data, ensure_ascii=False) if as_json else yaml.safe_dump(data, allow_unicode=True)
    kind = draw(st.sampled_from(sorted(MUTATIONS)))
    rng = random.Random(draw(st.integers(0, 2**32)))
    return ("case.json" if as_json else "case.yaml"), MUTATIONS[kind](text, as_json, rng)


def loaded(folder: Path, name: str, raw: bytes) -> None:
    path = folder / name
    path.write_bytes(raw)
    assessment = load_assessment(path, BANK)
    assess(assessment, RB)


# ---------------------------------------------------------------- spreadsheet rows

TEMPLATE_HEADER, TEMPLATE_ROW = list(csv.reader(io.StringIO(csv_template(BANK, dt.date(2026, 11, 1)))))
CELL = st.one_of(
    st.sampled_from(["", "3", "yes", "dont_know", "[]", "=1+1", '"', '""', "a,b", "x\ny", "1e400", "9" * 40]),
    st.text(max_size=12),
    st.sampled_from(["z" * 40_000]),
)


@st.composite
def spreadsheets(draw: st.DrawFn) -> str:
    """A CSV export: the template's header and example rows with some cells replaced by junk,
    quotes left open, rows cut short or made long."""
    rows = []
    for n in range(draw(st.integers(1, 4))):
        cells = list(TEMPLATE_ROW)
        cells[0] = f"row-{n}"
        for _ in range(max(draw(st.integers(-3, 3)), 0)):  # half the rows unchanged
            cells[draw(st.integers(0, len(cells) - 1))] = draw(CELL)
        line = io.StringIO()
        csv.writer(line, lineterminator="\n").writerow(cells)
        text = line.getvalue()
        match draw(st.integers(0, 19)):
            case 0:
                text = text.replace(",", ',"', 1)  # a quote opened and never closed
            case 1:
                text = text[: draw(st.integers(0, len(text)))] + "\n"
            case 2:
                text = text.rstrip("\n") + ",extra,cells\n"
            case _:
                pass
        rows.append(text)
    head = io.StringIO()
    csv.writer(head, lineterminator="\n").writerow(TEMPLATE_HEADER)
    return head.getvalue() + "".join(rows)


def scored_rows(folder: Path, text: str) -> None:
    """Every row of a CSV input through the batch's reader and scorer (in memory): each row is
    scored or refused with problems; problems are judged like a file's."""
    path = folder / "survey.csv"
    path.write_text(text, encoding="utf-8")
    source = open_input(path, BANK, ",", BATCH_INPUT)
    scorer = Scorer(RB, None, source.plan)
    problems: list[Problem] = []
    for row in source.rows:
        *_, found = scorer.report(row)
        problems += found
    if problems:
        raise AssessmentError(str(path), problems)
