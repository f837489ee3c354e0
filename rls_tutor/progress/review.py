"""FSRS scheduling: how an answer becomes a rating, and what to review next."""

from __future__ import annotations

from datetime import timedelta

from fsrs import Rating, Scheduler

# The queue needs no fsrs (queue.py); it is part of this module's contract too.
from rls_tutor.progress.queue import ReviewPlan, build_queue, due_ids, plan_review

__all__ = [
    "RATING_NAMES",
    "ReviewPlan",
    "build_queue",
    "due_ids",
    "make_scheduler",
    "plan_review",
    "rating_for",
]

RATING_NAMES: dict[Rating, str] = {Rating.Again: "again", Rating.Hard: "hard", Rating.Good: "good"}


def make_scheduler() -> Scheduler:
    """The scheduler every store uses.

    One learning step of 10 minutes: a wrong answer comes back within the
    session, a right one graduates at once to an interval of days (fsrs's
    default second step would re-ask a just-answered multiple-choice question).
    No fuzzing: the same answers give the same schedule and the same mastery,
    which learners (and tests) can rely on; the per-session limit and the
    interleaving already spread a batch of questions that fall due together.
    """
    return Scheduler(
        learning_steps=(timedelta(minutes=10),),
        relearning_steps=(timedelta(minutes=10),),
        enable_fuzzing=False,
    )


def rating_for(correct: bool, certain: bool | None) -> Rating:
    """Wrong -> Again; right but unsure -> Hard; right (sure, or not asked) -> Good."""
    if not correct:
        return Rating.Again
    return Rating.Hard if certain is False else Rating.Good
