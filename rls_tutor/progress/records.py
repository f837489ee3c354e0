"""The values the store hands out, and the checks on what it is given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from rls_tutor.progress.errors import StoreError

MAX_NAME = 64


@dataclass(frozen=True)
class LessonPosition:
    lesson_id: str
    step: int  # 0-based index into lesson.steps (the authored list)
    completed: bool
    updated_at: datetime


@dataclass(frozen=True)
class AnswerResult:
    correct: bool
    rating: str  # "again" | "hard" | "good"
    due: datetime  # when FSRS schedules the next review


@dataclass(frozen=True)
class AnswerRecord:
    question_id: str
    topic_id: str
    chosen: tuple[int, ...]  # option indexes in the authored order
    correct: bool
    certain: bool | None
    seconds: float
    answered_at: datetime
    fingerprint: str


@dataclass(frozen=True)
class LoggedAnswer:
    """An answer as exports and item analysis read it: its row id and its learner."""

    id: int
    learner: str
    record: AnswerRecord
    retry: bool = False  # recorded as a retry of a lesson check (record_answer(retry=True))


def utc(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("datetimes must be timezone-aware (UTC)")
    return now.astimezone(UTC)  # fsrs insists on tzinfo == UTC


def check_learner_name(name: str) -> str:
    clean = name.strip()
    if not clean or len(clean) > MAX_NAME or not clean.isprintable():
        raise StoreError(
            f"invalid learner name {name!r}: use 1 to {MAX_NAME} printable characters."
        )
    return clean
