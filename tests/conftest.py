"""Shared fixtures: the default rule base, varied valid assessments drawn from its bank, and a
real PostgreSQL server for the store."""

from __future__ import annotations

import itertools
import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from hypothesis import HealthCheck, settings

from advisor.api import default_rulebase
from advisor.core.bank import DONT_KNOW, NOT_APPLICABLE, AnswerType, Question, QuestionBank
from advisor.core.rulebase import RuleBase
from tests.pg_server import postgres_server

# Hypothesis: `make test` runs the "ci" profile (the property tests together stay under 15 s on a
# 2-core machine); HYPOTHESIS_PROFILE=thorough runs ten times the examples before a release.
_PROFILE = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("ci", max_examples=50, **_PROFILE)
settings.register_profile("thorough", max_examples=500, **_PROFILE)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.fixture(scope="session")
def rb() -> RuleBase:
    return default_rulebase()


@pytest.fixture(scope="session")
def bank(rb: RuleBase) -> QuestionBank:
    return rb.bank


def header(firm_id: str = "test-firm") -> dict[str, Any]:
    return {
        "schema_version": 1,
        "firm_id": firm_id,
        "firm_name": "Test Firm",
        "assessment_date": "2024-05-01",
        "respondent_role": "Founder",
    }


def random_value(q: Question, rng: random.Random) -> Any:
    """A value the bank allows for q, now and then "don't know" or "not applicable"."""
    roll = rng.random()
    if roll < 0.08:
        return DONT_KNOW
    if roll < 0.12 and q.allow_not_applicable:
        return NOT_APPLICABLE
    values = [o.value for o in q.choices]
    match q.type:
        case AnswerType.SINGLE | AnswerType.YESNO:
            return rng.choice(values)
        case AnswerType.MULTI:
            return rng.sample(values, rng.randint(0, len(values)))
        case AnswerType.SCALE:
            assert q.scale
            return rng.randint(q.scale.min, q.scale.max)
        case AnswerType.NUMBER:
            assert q.number
            lo, hi = q.number.min, min(q.number.max, q.number.min + 200)
            return rng.randint(int(lo), int(hi)) if q.number.integer else rng.uniform(lo, hi)
        case AnswerType.TEXT:
            return rng.choice(["", "We sell licences.", "Pump maker, 40 staff, sells in 12 countries."])


def random_assessment(bank: QuestionBank, rng: random.Random, answered: float = 0.8) -> dict[str, Any]:
    """Raw data for a valid assessment: about `answered` of the questions, 0-3 collaborations."""
    firm = [q for q in bank.questions if not bank.section_by_id[q.section].repeat]
    answers = {q.id: random_value(q, rng) for q in firm if rng.random() < answered}
    groups = {
        section.id: [
            {
                "id": f"{section.item_noun or 'item'}-{n}",
                "answers": {
                    q.id: random_value(q, rng) for q in bank.in_section(section.id) if rng.random() < answered
                },
            }
            for n in range(rng.randint(0, 3))
        ]
        for section in bank.repeat_sections
    }
    return {**header(f"firm-{rng.randrange(10**6)}"), "answers": answers, "groups": groups}


_database_numbers = itertools.count()


@pytest.fixture
def server_folders_allowed(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The operator lets the Portfolio page read batch folders under the tests' temp folder
    (reading the server's folders is off unless BMI_PORTFOLIO_ROOT names a tree)."""
    monkeypatch.setenv("BMI_PORTFOLIO_ROOT", str(tmp_path_factory.getbasetemp()))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture
def pg_url(pg_server: str) -> str:
    """A fresh, empty database on the session's server: one per test."""
    name = f"drafts_{next(_database_numbers)}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return pg_server.rsplit("/", 1)[0] + f"/{name}"
