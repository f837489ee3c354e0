"""Shuffling a question's options, and mapping what the learner picked back.

Kept free of Textual so the mapping (the part that decides what is recorded as
the learner's answer) can be tested on its own.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterable


def card_seed(base: int | None, question_id: str) -> int:
    """The seed for one showing of a question.

    With a fixed `base` (tests, snapshots) the order depends only on the question;
    without one, every showing gets a fresh order.
    """
    if base is None:
        return random.SystemRandom().randrange(2**32)
    return zlib.crc32(f"{base}:{question_id}".encode())


def shuffled_order(count: int, seed: int) -> list[int]:
    """`order[display_index]` is the authored index of the option shown there."""
    order = list(range(count))
    random.Random(seed).shuffle(order)
    return order


def to_authored(order: list[int], picked: Iterable[int]) -> tuple[int, ...]:
    """Authored option indexes, sorted, for the 0-based display positions picked."""
    return tuple(sorted(order[i] for i in picked))


def to_display(order: list[int], authored: Iterable[int]) -> list[int]:
    """0-based display positions, in display order, of the given authored indexes."""
    wanted = set(authored)
    return [i for i, a in enumerate(order) if a in wanted]
