"""Mastery per topic: the mean predicted recall of all its questions.

Every question of the topic for the learner's audience counts, and an unseen
one counts 0, so a topic is mastered only when most of it is known, and mastery
fades as the fsrs forgetting curve falls between reviews (fsrs counts whole
days, so it changes from one day to the next, not within a day). The curve is
computed in closed form (recall.py), so neither fsrs nor the course model is
imported here: home's first frame uses this with the cached course outline.

Levels (what a learner reads beside the number):

    Not started   no question of the topic answered yet
    Attempted     some answered, mastery below 0.4
    Familiar      mastery >= 0.4
    Proficient    mastery >= 0.7
    Mastered      mastery >= 0.9
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Protocol

from rls_tutor.progress.cards import CardSummary
from rls_tutor.progress.recall import FSRS_DECAY

NOT_STARTED = "Not started"
LEVELS: tuple[tuple[float, str], ...] = (
    (0.9, "Mastered"),
    (0.7, "Proficient"),
    (0.4, "Familiar"),
    (0.0, "Attempted"),
)


@dataclass(frozen=True)
class TopicProgress:
    topic_id: str
    title: str
    mastery: float  # 0..1, see the module docstring
    level: str
    seen: int  # distinct questions answered at least once
    total: int  # questions for this audience
    attempts: int
    correct: int
    due: int

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.attempts if self.attempts else None

    def as_json(self) -> dict[str, object]:
        """The shape of one topic in `rls-tutor progress --json`."""
        data = asdict(self)
        data["id"] = data.pop("topic_id")
        data["mastery"] = round(self.mastery, 4)
        order = ("id", "title", "mastery", "level", "seen", "total", "attempts", "correct", "due")
        return {key: data[key] for key in order}


def level_for(mastery: float, seen: int) -> str:
    if seen <= 0:
        return NOT_STARTED
    return next(name for floor, name in LEVELS if mastery >= floor)


class _Topic(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...


def topic_progress(
    topics: Iterable[_Topic],
    by_topic: Mapping[str, list[str]],
    cards: Mapping[str, CardSummary],
    now: datetime,
    decay: float = FSRS_DECAY,
) -> list[TopicProgress]:
    """Every topic of the course in course order, studied or not; `decay` is the
    scheduler's w[20] (fsrs's default unless the scheduler says otherwise)."""
    result = []
    for topic in topics:
        qids = by_topic.get(topic.id, [])
        mine = [cards[q] for q in qids if q in cards]
        recall = sum(card.recall(now, decay) for card in mine)
        mastery = min(1.0, recall / len(qids)) if qids else 0.0
        seen = sum(1 for card in mine if card.attempts > 0)
        result.append(
            TopicProgress(
                topic_id=topic.id,
                title=topic.title,
                mastery=mastery,
                level=level_for(mastery, seen),
                seen=seen,
                total=len(qids),
                attempts=sum(card.attempts for card in mine),
                correct=sum(card.correct for card in mine),
                due=sum(1 for card in mine if card.due <= now),
            )
        )
    return result
