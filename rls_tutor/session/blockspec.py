"""What a practice block is asked to be: light (standard library only), so that the
command line checks `rls-tutor practice`'s options before the course and the store load."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Pool = Literal["unused", "incorrect", "flagged", "all"]
Mode = Literal["tutor", "timed"]
POOLS: tuple[Pool, ...] = get_args(Pool)
MODES: tuple[Mode, ...] = get_args(Mode)
POOL_NAMES: dict[Pool, str] = {
    "unused": "not answered yet",
    "incorrect": "last answered wrong",
    "flagged": "flagged",
    "all": "all questions",
}
DEFAULT_SECONDS = 90  # per question in timed mode, as board exams allow
DEFAULT_COUNT = 20
MAX_COUNT = 200
MAX_SECONDS = 3600


class SpecError(ValueError):
    """A block that cannot be built as asked; the message says why, for the learner."""


@dataclass(frozen=True)
class BlockSpec:
    topics: tuple[str, ...] = ()  # empty: every topic
    count: int = DEFAULT_COUNT
    pool: Pool = "all"
    mode: Mode = "tutor"
    seconds_per_question: float = DEFAULT_SECONDS

    def __post_init__(self) -> None:
        if not 1 <= self.count <= MAX_COUNT:
            raise SpecError(f"a block holds 1 to {MAX_COUNT} questions, not {self.count}")
        if self.pool not in POOLS:
            raise SpecError(f"unknown pool {self.pool!r}: use one of {', '.join(POOLS)}")
        if self.mode not in MODES:
            raise SpecError(f"unknown mode {self.mode!r}: use tutor or timed")
        seconds = self.seconds_per_question
        if not (isinstance(seconds, int | float) and 1 <= seconds <= MAX_SECONDS):
            raise SpecError(f"seconds per question go from 1 to {MAX_SECONDS}, not {seconds}")

    @property
    def time_limit(self) -> float | None:
        """The whole block's time in timed mode, for the questions asked for."""
        return self.seconds_per_question * self.count if self.mode == "timed" else None
