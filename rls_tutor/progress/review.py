"""FSRS scheduling: how an answer becomes a rating, and what to review next."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from fsrs import Rating, Scheduler

from rls_tutor.progress.cards import CardSummary

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


def build_queue(
    by_topic: Mapping[str, list[str]],
    cards: Mapping[str, CardSummary],
    started_topics: set[str],
    now: datetime,
    limit: int,
) -> list[str]:
    """Due questions first, then unseen ones from started topics; at most `limit`.

    Due: the most overdue question first, never two of one topic in a row while
    another topic has a due question. New: round-robin over the started topics
    in course order, each topic's questions in bank order.
    """
    if limit <= 0:
        return []
    due: dict[str, list[tuple[datetime, str]]] = {}
    for topic, qids in by_topic.items():
        waiting = sorted((cards[q].due, q) for q in qids if q in cards and cards[q].due <= now)
        if waiting:
            due[topic] = waiting
    queue = _interleave_by_due(due, limit)
    fresh = [
        [q for q in qids if q not in cards] for t, qids in by_topic.items() if t in started_topics
    ]
    queue.extend(_round_robin(fresh, limit - len(queue)))
    return queue


def _interleave_by_due(groups: dict[str, list[tuple[datetime, str]]], limit: int) -> list[str]:
    heads = [(items[0][0], topic, 0) for topic, items in groups.items()]
    heapq.heapify(heads)
    queue: list[str] = []
    last_topic: str | None = None
    while heads and len(queue) < limit:
        pick = heapq.heappop(heads)
        if pick[1] == last_topic and heads:
            # Interleave: take the most overdue question of another topic.
            pick = heapq.heapreplace(heads, pick)
        _, topic, index = pick
        queue.append(groups[topic][index][1])
        last_topic = topic
        if index + 1 < len(groups[topic]):
            heapq.heappush(heads, (groups[topic][index + 1][0], topic, index + 1))
    return queue


def _round_robin(groups: Iterable[list[str]], limit: int) -> list[str]:
    lists = [g for g in groups if g]
    queue: list[str] = []
    index = 0
    while lists and len(queue) < limit:
        lists = [g for g in lists if index < len(g)]
        for group in lists:
            if len(queue) >= limit:
                break
            queue.append(group[index])
        index += 1
    return queue


def due_ids(
    by_topic: Mapping[str, list[str]], cards: Mapping[str, CardSummary], now: datetime
) -> Iterable[str]:
    return (q for qids in by_topic.values() for q in qids if q in cards and cards[q].due <= now)
