"""What a founder picks or types on screen, turned into a stored answer or a plain-words error.

Choice questions (one choice, yes/no, scales) offer "Don't know" and, where the bank allows it,
"Not applicable" among their options. Questions answered by typing or by picking several options
offer those two (and "None of these" for several options) as separate buttons beside the input.
The error shown for a rejected value is the core's own message, so screen and files agree.
"""

from __future__ import annotations

from typing import Any

from advisor.core.assessment import check_value
from advisor.core.bank import DONT_KNOW, NOT_APPLICABLE, SPECIAL_LABELS, AnswerType, Question

NONE_OF_THESE = "none_of_these"  # a screen choice only: stored as an empty list
CHOICE_TYPES = (AnswerType.SINGLE, AnswerType.YESNO, AnswerType.SCALE)


def special_values(question: Question) -> list[str]:
    return [DONT_KNOW] + ([NOT_APPLICABLE] if question.allow_not_applicable else [])


def choice_options(question: Question) -> list[Any]:
    """Options of a one-choice widget, the special answers last."""
    if question.type is AnswerType.SCALE:
        assert question.scale
        plain: list[Any] = list(range(question.scale.min, question.scale.max + 1))
    else:
        plain = [o.value for o in question.choices]
    return plain + special_values(question)


def side_buttons(question: Question) -> list[str]:
    """The buttons beside a typed or multi-choice input."""
    extra = [NONE_OF_THESE] if question.type is AnswerType.MULTI else []
    return extra + special_values(question)


def option_label(question: Question, value: Any) -> str:
    if value == NONE_OF_THESE:
        return "None of these"
    if value in SPECIAL_LABELS:
        return SPECIAL_LABELS[value]
    if question.type is AnswerType.SCALE and question.scale:
        ends = {question.scale.min: question.scale.low, question.scale.max: question.scale.high}
        return f"{value} – {ends[value]}" if value in ends else str(value)
    return question.label_of(value)


def side_button_for(question: Question, stored: Any) -> str | None:
    """Which side button shows as pressed for a stored answer."""
    if question.type is AnswerType.MULTI and stored == []:
        return NONE_OF_THESE
    return stored if isinstance(stored, str) and stored in (DONT_KNOW, NOT_APPLICABLE) else None


def error_text(question: Question, why: str) -> str:
    """The core's message, with the file spellings of the special answers in plain words."""
    allowed = question.allowed_description()
    for value, label in SPECIAL_LABELS.items():
        allowed = allowed.replace(value, f"“{label}”")
    return f"{why[0].upper()}{why[1:]}. Allowed: {allowed}."


def from_input(question: Question, typed: Any, button: str | None) -> tuple[Any, str | None]:
    """The answer to store from the input and the pressed side button, or why it is refused.

    (None, None) means no answer: the founder cleared it.
    """
    if button == NONE_OF_THESE:
        return [], None
    if button is not None:
        value, why = check_value(question, button)
        return (value, None) if why is None else (None, error_text(question, why))
    if typed is None or typed == "" or typed == []:
        return None, None
    if question.type is AnswerType.TEXT:
        typed = typed.strip()
        if not typed:
            return None, None
    value, why = check_value(question, typed)
    return (value, None) if why is None else (None, error_text(question, why))
