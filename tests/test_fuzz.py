"""Fuzz tests of the input boundary in the suite, on a small budget (tests/fuzzing.py says what a
crash and an unclear error are). `make fuzz` runs the same cases by the ten thousand."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fuzzing import Tally, answer_sets, assessed, assessment_files, loaded, scored_rows, spreadsheets
from hypothesis import HealthCheck, given, settings

BUDGET = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


@BUDGET
@given(data=answer_sets())
def test_any_answer_set_is_assessed_or_refused_clearly(data):
    Tally(strict=True).judge("answers", lambda: assessed(data))


@BUDGET
@given(case=assessment_files())
def test_any_damaged_assessment_file_is_read_or_refused_clearly(case):
    name, raw = case
    with tempfile.TemporaryDirectory() as folder:
        Tally(strict=True).judge("files", lambda: loaded(Path(folder), name, raw))


@settings(BUDGET, max_examples=15)
@given(text=spreadsheets())
def test_any_spreadsheet_row_is_scored_or_refused_clearly(text):
    with tempfile.TemporaryDirectory() as folder:
        Tally(strict=True).judge("rows", lambda: scored_rows(Path(folder), text))
