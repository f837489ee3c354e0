"""What mastery and the review queue read: one summary row per answered question.

The `cards` table keeps, beside the fsrs JSON, the few fields these need
(due, stability, last review, counts), updated in the same transaction as each
answer. Progress therefore reads at most one row per question and never scans
the answers. Rows are parsed defensively (values.py).

Neither fsrs nor the course model (pydantic) is imported here: the first frame of
home reads these rows before either is loaded (session/glance.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from rls_tutor.progress import values
from rls_tutor.progress.errors import DamagedValue
from rls_tutor.progress.recall import FSRS_DECAY, retrievability


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


class _ForAudiences(Protocol):
    @property
    def audience(self) -> Sequence[str]: ...


class QuestionBank(Protocol):
    """What `questions_by_topic` reads: the loaded `Course`, or the cached outline."""

    @property
    def topics(self) -> Sequence[_Identified]: ...

    @property
    def questions(self) -> Mapping[str, _ForAudiences]: ...

    @property
    def question_topic(self) -> Mapping[str, str]: ...


CARD_COLUMNS = "question_id, topic_id, due, stability, last_review, attempts, correct, last_correct"


@dataclass(frozen=True, slots=True)
class CardSummary:
    question_id: str
    topic_id: str
    due: datetime
    stability: float | None
    last_review: datetime | None
    attempts: int
    correct: int
    last_correct: bool

    @classmethod
    def from_row(cls, row: tuple[object, ...]) -> CardSummary:
        """A row of `CARD_COLUMNS`; raises `DamagedValue` for a value the store never writes."""
        qid, topic, due, stability, last_review, attempts, correct, last_correct = row
        tries = values.count(attempts, "cards.attempts")
        right = values.count(correct, "cards.correct")
        if right > tries:
            raise DamagedValue("cards.correct", right, f"at most cards.attempts ({tries})")
        return cls(
            values.text(qid, "cards.question_id"),
            values.text(topic, "cards.topic_id"),
            values.moment(due, "cards.due"),
            values.stability(stability, "cards.stability"),
            values.optional_moment(last_review, "cards.last_review"),
            tries,
            right,
            values.flag(last_correct, "cards.last_correct"),
        )

    def recall(self, now: datetime, decay: float = FSRS_DECAY) -> float:
        """Predicted probability of recalling the answer now (fsrs counts whole days),
        from fsrs's forgetting curve in closed form (recall.py).

        A question last answered wrong counts 0 until it is answered right: fsrs
        predicts near-certain recall just after it shows the answer, which says
        nothing about what the learner has mastered.
        """
        if not self.last_correct:
            return 0.0
        return retrievability(self.stability, self.last_review, now, decay)


def questions_by_topic(course: QuestionBank, audience: str) -> dict[str, list[str]]:
    """The audience's question ids per topic, topics in course order, questions in bank order.

    One pass over the questions: `Course.questions_for_topic` per topic would be
    quadratic for a large bank.
    """
    grouped: dict[str, list[str]] = {topic.id: [] for topic in course.topics}
    for qid, question in course.questions.items():
        topic = course.question_topic.get(qid)
        if topic in grouped and audience in question.audience:
            grouped[topic].append(qid)
    return grouped
