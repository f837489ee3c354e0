"""FSRS retrievability in closed form (progress/recall.py) against fsrs itself."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Card, Rating, Scheduler, State

from rls_tutor.progress.cards import CardSummary
from rls_tutor.progress.recall import FSRS_DECAY, retrievability
from rls_tutor.progress.review import make_scheduler

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def _fsrs(scheduler: Scheduler, stability: float, last: datetime, now: datetime) -> float:
    card = Card(card_id=1, state=State.Review, stability=stability, last_review=last, due=now)
    return float(scheduler.get_card_retrievability(card, now))


def test_the_closed_form_is_fsrss_own_on_many_cards() -> None:
    scheduler = make_scheduler()
    rng = random.Random(20250301)
    for _ in range(5000):
        stability = rng.choice([0.001, 0.01, 0.5, 1.0, 2.3065, 8.2956]) * rng.uniform(0.5, 400)
        last = T0 + timedelta(seconds=rng.uniform(-3e7, 3e7))
        now = last + timedelta(seconds=rng.uniform(-86400 * 3, 86400 * 3000))
        expected = _fsrs(scheduler, stability, last, now)
        assert retrievability(stability, last, now) == pytest.approx(expected, abs=1e-9, rel=0)


def test_the_closed_form_follows_cards_fsrs_scheduled() -> None:
    """Cards as the store makes them: reviewed by fsrs, then read some days later."""
    scheduler = make_scheduler()
    rng = random.Random(7)
    for _ in range(300):
        card, now = Card(card_id=1, due=T0), T0
        for _ in range(rng.randint(1, 8)):
            now += timedelta(hours=rng.uniform(0, 24 * 40))
            card, _ = scheduler.review_card(card, rng.choice(list(Rating)), now)
        assert card.stability is not None and card.last_review is not None
        for days in (0, 0.5, 1, 3, 30, 365, 4000):
            later = now + timedelta(days=days)
            got = retrievability(card.stability, card.last_review, later)
            expected = float(scheduler.get_card_retrievability(card, later))
            assert got == pytest.approx(expected, abs=1e-9, rel=0)


def test_whole_days_count_and_time_never_runs_backwards() -> None:
    just = retrievability(3.0, T0, T0 + timedelta(hours=23, minutes=59))
    assert just == 1.0  # fsrs counts whole days: the same day is certain recall
    assert retrievability(3.0, T0, T0 - timedelta(days=5)) == 1.0
    assert retrievability(3.0, T0, T0 + timedelta(days=3)) == pytest.approx(0.9)  # R(S) = 0.9
    assert retrievability(None, T0, T0) == 0.0
    assert retrievability(3.0, None, T0) == 0.0


def test_the_store_schedules_with_the_decay_the_first_frame_assumes() -> None:
    """Home's first frame has no scheduler: it uses FSRS_DECAY, which must be make_scheduler's."""
    assert make_scheduler().parameters[20] == FSRS_DECAY
    from fsrs.scheduler import FSRS_DEFAULT_DECAY

    assert FSRS_DECAY == FSRS_DEFAULT_DECAY


def test_other_decays_follow_fsrs_too() -> None:
    for decay in (0.1, 0.2, 0.5, 0.8):
        parameters = list(make_scheduler().parameters)
        parameters[20] = decay
        scheduler = Scheduler(parameters=parameters)
        for days in (1, 10, 100):
            now = T0 + timedelta(days=days)
            expected = _fsrs(scheduler, 4.2, T0, now)
            assert retrievability(4.2, T0, now, decay) == pytest.approx(expected, abs=1e-9, rel=0)


def test_a_card_last_answered_wrong_counts_nothing() -> None:
    right = CardSummary("q", "t", T0, 5.0, T0, attempts=2, correct=1, last_correct=True)
    wrong = CardSummary("q", "t", T0, 5.0, T0, attempts=2, correct=1, last_correct=False)
    later = T0 + timedelta(days=5)
    assert right.recall(later) == retrievability(5.0, T0, later) == pytest.approx(0.9)
    assert wrong.recall(later) == 0.0
