"""A review session: the questions FSRS says are due, interleaved across topics (then
new ones of started topics), at most `SESSION_LIMIT`, and its tally."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rls_tutor.content.model import Question
from rls_tutor.session import review_plan
from rls_tutor.session.learning import Session

SESSION_LIMIT = review_plan.REVIEW_LIMIT
NOTHING_DUE = review_plan.NOTHING_TO_REVIEW


@dataclass
class ReviewRun:
    session: Session
    queue: list[str]  # question ids
    index: int = 0
    results: list[tuple[str, bool]] = field(default_factory=list)  # (topic id, correct)
    new: frozenset[str] = frozenset()  # the questions never asked before (review_plan.py)

    @classmethod
    def load(cls, session: Session) -> ReviewRun:
        """The questions to review now (blocking: it reads the store)."""
        plan = review_plan.plan(session)
        # A question edited away since it was scheduled is simply left out.
        queue = [qid for qid in plan.queue if qid in session.course.questions]
        return cls(session, queue, new=plan.new & set(queue))

    def heading(self) -> str:
        """The bar: where we are, and how many questions are due and how many new."""
        return review_plan.heading(self.index, len(self.queue), len(self.new))

    def tag(self) -> str:
        """Whether the current question is due again or new."""
        return "" if self.finished else review_plan.tag(self.queue[self.index] in self.new)

    @property
    def finished(self) -> bool:
        return self.index >= len(self.queue)

    @property
    def current(self) -> Question | None:
        return None if self.finished else self.session.course.questions[self.queue[self.index]]

    def topic_title(self) -> str:
        """The title of the current question's topic ("" if it has none)."""
        if self.finished:
            return ""
        course = self.session.course
        topic = course.topic(course.question_topic.get(self.queue[self.index], ""))
        return topic.title if topic else ""

    def advance(self) -> None:
        """On to the next question (answered or skipped)."""
        if not self.finished:
            self.index += 1

    def tally(self, topic_id: str, correct: bool) -> None:
        self.results.append((topic_id, correct))

    def summary(self) -> list[str]:
        """The end of the session, in sentences (the face adds its keys); per-topic lines
        are one sentence joined by newlines, each starting with two spaces."""
        if not self.queue:
            return list(NOTHING_DUE)
        right = sum(ok for _, ok in self.results)
        lines = [f"Session complete: {len(self.results)} answered, {right} right."]
        per_topic = Counter(t for t, _ in self.results)
        right_topic = Counter(t for t, ok in self.results if ok)
        by_topic = []
        for topic_id, count in per_topic.items():
            topic = self.session.course.topic(topic_id)
            title = topic.title if topic else topic_id
            by_topic.append(f"  {title}: {right_topic[topic_id]} / {count} right")
        lines.append("\n".join(by_topic))
        return lines
