"""Values read back from rows, parsed defensively.

`quick_check` sees the file's structure, not its values: a date that is not a
date, card JSON that is not a card or an option index no question can have
passes it. SQLite's column types and CHECK constraints do not hold either (a
file written by another tool, `PRAGMA ignore_check_constraints`, a flipped
bit). Each parser returns the value the store wrote or raises `DamagedValue`
naming the column; the store turns that into a `DamagedError` naming the file.
"""

from __future__ import annotations

import json
import math
from datetime import datetime
from typing import TYPE_CHECKING, TypeGuard

from rls_tutor.progress.errors import DamagedValue

if TYPE_CHECKING:  # fsrs loads only where a card is parsed: the first frame reads no card JSON
    from fsrs import Card

# The most options a question can have (content.model.Question.options, max_length).
MAX_OPTIONS = 8


def text(value: object, column: str) -> str:
    if not isinstance(value, str):
        raise DamagedValue(column, value, "text")
    return value


def moment(value: object, column: str) -> datetime:
    """An ISO 8601 date and time with its UTC offset, as `schema.iso()` writes it."""
    try:
        parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise DamagedValue(column, value, "a date and time with a UTC offset")
    return parsed


def optional_moment(value: object, column: str) -> datetime | None:
    return None if value is None else moment(value, column)


def count(value: object, column: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise DamagedValue(column, value, "a whole number >= 0")
    return value


def flag(value: object, column: str) -> bool:
    if value not in (0, 1) or isinstance(value, float):
        raise DamagedValue(column, value, "0 or 1")
    return bool(value)


def optional_flag(value: object, column: str) -> bool | None:
    return None if value is None else flag(value, column)


def seconds(value: object, column: str) -> float:
    if not _finite(value) or value < 0:
        raise DamagedValue(column, value, "a number of seconds >= 0")
    return float(value)


def stability(value: object, column: str) -> float | None:
    """FSRS stability in days: positive (the forgetting curve divides by it) or unset."""
    if value is None:
        return None
    if not _finite(value) or value <= 0:
        raise DamagedValue(column, value, "a number of days > 0")
    return float(value)


def option_index(value: object, column: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < MAX_OPTIONS:
        raise DamagedValue(column, value, f"an option number from 0 to {MAX_OPTIONS - 1}")
    return value


def choices(value: object, column: str) -> tuple[int, ...]:
    """The chosen options: a JSON array of option indexes."""
    expected = f"a JSON list of option numbers from 0 to {MAX_OPTIONS - 1}"
    try:
        items = json.loads(value) if isinstance(value, str) else None
    except (ValueError, RecursionError):
        items = None
    if not isinstance(items, list) or len(items) > MAX_OPTIONS:
        raise DamagedValue(column, value, expected)
    try:
        return tuple(option_index(item, column) for item in items)
    except DamagedValue:
        raise DamagedValue(column, value, expected) from None


def answer_ids(value: object, column: str) -> set[int]:
    """A JSON array of answer row ids (positive integers)."""
    try:
        items = json.loads(value) if isinstance(value, str) else None
    except (ValueError, RecursionError):
        items = None
    if not isinstance(items, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) and i > 0 for i in items
    ):
        raise DamagedValue(column, value, "a JSON list of answer ids")
    return set(items)


def card(value: object, column: str) -> Card:
    """An fsrs card from its JSON, with the fields the scheduler computes with checked."""
    from fsrs import Card

    expected = "an FSRS card"
    try:
        parsed = Card.from_json(value) if isinstance(value, str) else None
    # What Card.from_json raises on bad input: bad JSON or a bad date or state
    # (ValueError), a missing key (KeyError), JSON that is not an object or a
    # number that is a string (TypeError), nesting too deep (RecursionError).
    except (ValueError, KeyError, TypeError, RecursionError):
        parsed = None
    if (
        parsed is None
        or parsed.due.tzinfo is None
        or (parsed.last_review is not None and parsed.last_review.tzinfo is None)
        or not (parsed.step is None or (isinstance(parsed.step, int) and parsed.step >= 0))
        or any(x is not None and not (math.isfinite(x) and x > 0) for x in _curve(parsed))
    ):
        raise DamagedValue(column, value, expected)
    return parsed


def _curve(card: Card) -> tuple[float | None, float | None]:
    return card.stability, card.difficulty


def _finite(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
