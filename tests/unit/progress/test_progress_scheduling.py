"""FSRS ratings, the review queue and mastery over time (the clock is injected)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Rating

from rls_tutor.content.course import Course
from rls_tutor.progress.cards import CardSummary
from rls_tutor.progress.mastery import LEVELS, NOT_STARTED, level_for
from rls_tutor.progress.review import build_queue, make_scheduler, rating_for
from rls_tutor.progress.store import ProgressStore

from .progress_helpers import T0, right, wrong


@pytest.mark.parametrize(
    ("correct", "certain", "rating"),
    [
        (False, None, Rating.Again),
        (False, True, Rating.Again),
        (False, False, Rating.Again),
        (True, False, Rating.Hard),
        (True, True, Rating.Good),
        (True, None, Rating.Good),
    ],
)
def test_rating_mapping(correct: bool, certain: bool | None, rating: Rating) -> None:
    assert rating_for(correct, certain) == rating


def test_scheduler_is_deterministic() -> None:
    assert make_scheduler().enable_fuzzing is False


def test_answers_schedule_the_next_review(store: ProgressStore, course: Course) -> None:
    q = course.questions["iron-1"]
    again = store.record_answer("a", q, "iron", wrong(course, "iron-1"), now=T0)
    hard = store.record_answer("b", q, "iron", [0], certain=False, now=T0)
    good = store.record_answer("c", q, "iron", [0], certain=True, now=T0)
    assert (again.rating, hard.rating, good.rating) == ("again", "hard", "good")
    assert again.due == T0 + timedelta(minutes=10)  # comes back within the session
    assert hard.due == T0 + timedelta(minutes=15)
    assert good.due >= T0 + timedelta(days=1)  # graduates to days at once
    # a second right answer after the interval pushes the next review further out
    later = store.record_answer("c", q, "iron", [0], now=good.due)
    assert later.due - good.due > good.due - T0


def _due_card(qid: str, topic: str, due: datetime) -> CardSummary:
    return CardSummary(qid, topic, due, 1.0, due - timedelta(days=1), 1, 0, False)


def test_queue_most_overdue_first_interleaved_across_topics() -> None:
    by_topic = {"a": ["a1", "a2", "a3"], "b": ["b1", "b2"], "c": ["c1"]}
    cards = {
        "a1": _due_card("a1", "a", T0),
        "a2": _due_card("a2", "a", T0 + timedelta(minutes=1)),
        "a3": _due_card("a3", "a", T0 + timedelta(minutes=2)),
        "b1": _due_card("b1", "b", T0 + timedelta(minutes=5)),
        "b2": _due_card("b2", "b", T0 + timedelta(days=5)),  # not due yet
    }
    now = T0 + timedelta(hours=1)
    assert build_queue(by_topic, cards, set(), now, 20) == ["a1", "b1", "a2", "a3"]
    # new questions only from started topics, after every due one, round-robin
    assert build_queue(by_topic, cards, {"b", "c"}, now, 20) == ["a1", "b1", "a2", "a3", "c1"]
    by_topic["d"] = ["d1", "d2", "d3"]
    queue = build_queue(by_topic, cards, {"c", "d"}, now, 20)
    assert queue == ["a1", "b1", "a2", "a3", "c1", "d1", "d2", "d3"]
    assert build_queue(by_topic, cards, {"c", "d"}, now, 5) == queue[:5]
    assert build_queue(by_topic, cards, {"c", "d"}, now, 0) == []


def test_review_queue_and_due_count_from_the_store(store: ProgressStore, course: Course) -> None:
    # iron-1 wrong at T0 (due T0+10 min), genes-1 wrong a minute later, genes-2 right (due in days)
    store.record_answer("ann", course.questions["iron-1"], "iron", [2], now=T0)
    store.record_answer(
        "ann", course.questions["genes-1"], "genes", [0], now=T0 + timedelta(minutes=1)
    )
    store.record_answer("ann", course.questions["genes-2"], "genes", [0], now=T0)
    before = T0 + timedelta(minutes=5)
    assert store.review_queue("ann", course, "patient", now=before) == []
    assert store.due_count("ann", course, "patient", now=before) == 0

    now = T0 + timedelta(hours=1)
    assert store.review_queue("ann", course, "patient", now=now) == ["iron-1", "genes-1"]
    assert store.due_count("ann", course, "patient", now=now) == 2
    # starting the iron lesson adds iron's unseen questions for this track
    store.save_position("ann", "iron-basics", 1, now=now)
    assert store.review_queue("ann", course, "patient", now=now) == ["iron-1", "genes-1", "iron-2"]
    clinician = store.review_queue("ann", course, "clinician", now=now)
    assert clinician == ["iron-1", "genes-1", "iron-2", "iron-3"]
    assert store.review_queue("ann", course, "clinician", limit=3, now=now) == clinician[:3]
    assert store.review_queue("bob", course, "patient", now=now) == []


@pytest.mark.parametrize(
    ("mastery", "seen", "level"),
    [
        (0.0, 0, NOT_STARTED),
        (0.0, 1, "Attempted"),
        (0.39, 3, "Attempted"),
        (0.4, 3, "Familiar"),
        (0.7, 3, "Proficient"),
        (0.9, 3, "Mastered"),
        (1.0, 3, "Mastered"),
    ],
)
def test_levels(mastery: float, seen: int, level: str) -> None:
    assert level_for(mastery, seen) == level
    assert [floor for floor, _ in LEVELS] == sorted((floor for floor, _ in LEVELS), reverse=True)


def _iron(store: ProgressStore, course: Course, now: datetime, audience: str = "patient"):
    return next(
        t for t in store.topic_progress("ann", course, audience, now=now) if t.topic_id == "iron"
    )


def test_progress_lists_every_topic_even_unstudied(store: ProgressStore, course: Course) -> None:
    topics = store.topic_progress("nobody", course, "patient", now=T0)
    assert [t.topic_id for t in topics] == ["iron", "genes", "sleep"]
    assert [t.total for t in topics] == [2, 2, 0]
    assert all(t.mastery == 0 and t.level == NOT_STARTED and t.seen == 0 for t in topics)
    assert [t.total for t in store.topic_progress("x", course, "clinician", now=T0)] == [3, 2, 0]


def test_unseen_questions_count_zero(store: ProgressStore, course: Course) -> None:
    store.record_answer("ann", course.questions["iron-1"], "iron", [0], now=T0)
    patient = _iron(store, course, T0)
    assert patient.mastery == pytest.approx(0.5)  # 1 of 2 questions, just recalled
    assert (patient.seen, patient.total, patient.attempts, patient.correct) == (1, 2, 1, 1)
    assert _iron(store, course, T0, "clinician").mastery == pytest.approx(1 / 3)


def test_mastery_fades_without_review_and_returns_with_it(
    store: ProgressStore, course: Course
) -> None:
    for qid in ("iron-1", "iron-2"):
        store.record_answer("ann", course.questions[qid], "iron", right(course, qid), now=T0)
    days = [0, 1, 7, 30, 120, 365]
    curve = [_iron(store, course, T0 + timedelta(days=d)) for d in days]
    masteries = [p.mastery for p in curve]
    assert masteries[0] == pytest.approx(1.0)
    assert all(a > b for a, b in itertools.pairwise(masteries)), masteries
    assert curve[0].level == "Mastered"
    assert curve[-1].level in {"Familiar", "Attempted"}
    # reviewing a month later brings it back up
    month = T0 + timedelta(days=30)
    for qid in ("iron-1", "iron-2"):
        store.record_answer("ann", course.questions[qid], "iron", right(course, qid), now=month)
    assert _iron(store, course, month + timedelta(days=7)).mastery > curve[2].mastery


def test_a_wrong_last_answer_is_not_mastery(store: ProgressStore, course: Course) -> None:
    store.record_answer("ann", course.questions["iron-1"], "iron", [0], now=T0)
    store.record_answer("ann", course.questions["iron-2"], "iron", [2], now=T0)
    progress = _iron(store, course, T0)
    assert progress.mastery == pytest.approx(0.5)
    assert (progress.seen, progress.correct, progress.attempts) == (2, 1, 2)
    store.record_answer("ann", course.questions["iron-2"], "iron", [0, 1], now=T0)
    assert _iron(store, course, T0).mastery == pytest.approx(1.0)


def test_topic_due_counts(store: ProgressStore, course: Course) -> None:
    store.record_answer("ann", course.questions["iron-1"], "iron", [1], now=T0)
    store.record_answer("ann", course.questions["iron-2"], "iron", [0, 1], now=T0)
    assert _iron(store, course, T0).due == 0
    assert _iron(store, course, T0 + timedelta(hours=1)).due == 1
    assert _iron(store, course, T0 + timedelta(days=60)).due == 2


def test_now_defaults_to_the_real_clock(store: ProgressStore, course: Course) -> None:
    result = store.record_answer("ann", course.questions["iron-1"], "iron", [0])
    (record,) = store.recent_answers("ann")
    assert abs(record.answered_at - datetime.now(UTC)) < timedelta(minutes=1)
    assert result.due.tzinfo is not None
