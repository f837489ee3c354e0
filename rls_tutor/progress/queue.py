"""What to review next, and how many are due: the review queue, without fsrs.

Only the cards' summaries (cards.py) are read, so home's first frame can count what a
review holds before fsrs is imported (session/glance.py); review.py, which schedules
with fsrs, re-exports these.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from rls_tutor.progress.cards import CardSummary


@dataclass(frozen=True)
class ReviewPlan:
    """A review: its questions, and how many are due and how many new, for a label that
    tells the truth ("Review due (0)" used to open a review of new questions)."""

    queue: list[str]  # due questions first, then new ones; at most the limit
    due: int  # questions due now, in all (the queue holds at most the limit)
    new: frozenset[str]  # the questions of the queue never answered before

    @property
    def due_in_queue(self) -> int:
        return len(self.queue) - len(self.new)


def plan_review(
    by_topic: Mapping[str, list[str]],
    cards: Mapping[str, CardSummary],
    started_topics: set[str],
    now: datetime,
    limit: int,
) -> ReviewPlan:
    """`build_queue`, with the counts a face shows before and during the review."""
    queue = build_queue(by_topic, cards, started_topics, now, limit)
    return ReviewPlan(
        queue=queue,
        due=sum(1 for _ in due_ids(by_topic, cards, now)),
        new=frozenset(q for q in queue if q not in cards),
    )


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
