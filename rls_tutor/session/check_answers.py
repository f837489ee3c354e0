"""What a learner answered at a lesson's checks in this pass through the lesson.

A *pass* starts when a lesson opens without a saved position or with a finished one
(the first time, or a finished lesson taken again), and lasts through every later
visit (back and forth with ← and →, quitting and Continue) until the lesson is
finished. The moment it started is kept in the lesson's position
(`positions.pass_started_at`), so a resume knows it after a restart. A check answered
in this pass shows that answer and its feedback again instead of asking once more: a
second attempt, moments after seeing the key, would reschedule the card and count in
the statistics. The learner may ask to retry; the store records that answer like any
other, marked as a retry.

An answer counts for a check if it was recorded at or after the pass began, anywhere
(the lesson, a review), and fits the question as it is now (same fingerprint). A
lesson under way from before passes were kept (no start saved) counts every answer.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import datetime

from rls_tutor.content.model import Check, Lesson, Question
from rls_tutor.progress.records import AnswerResult
from rls_tutor.progress.schema import iso
from rls_tutor.session.answering import Feedback, Showing
from rls_tutor.session.learning import Session
from rls_tutor.session.shuffle import card_seed, shuffled_order, to_display


@dataclass(frozen=True)
class RecordedAnswer:
    """An answer already recorded at a check, as the check shows it again."""

    question_id: str
    chosen: tuple[int, ...]  # authored option indexes
    correct: bool
    retry: bool = False  # recorded as a retry


@dataclass
class LessonPass:
    """One pass through a lesson: when it began and the answers given at its checks."""

    lesson_id: str
    started: datetime | None  # None: a lesson under way from before passes were kept
    answers: dict[str, RecordedAnswer] = field(default_factory=dict)

    def recorded(self, question_id: str) -> RecordedAnswer | None:
        """The answer this pass already holds for a check, if any: show it, don't ask."""
        return self.answers.get(question_id)

    def note(self, answer: RecordedAnswer) -> None:
        """An answer (or a retry) was just recorded at a check of this lesson."""
        self.answers[answer.question_id] = answer

    def option_seed(self, base: int | None, question_id: str) -> int:
        """The seed of a check's option order: the same whenever it shows in this pass,
        so a revisit looks as the answer did (`base`, fixed in tests, wins)."""
        if base is not None or self.started is None:
            return card_seed(base, question_id)
        return zlib.crc32(f"{iso(self.started)}:{question_id}".encode())


def retry_seed(base: int | None, question_id: str) -> int:
    """A retry shows the options in a new order (fixed by `base` in tests)."""
    return card_seed(None if base is None else base + 1, question_id)


def open_pass(session: Session, lesson: Lesson) -> LessonPass:
    """Start a pass, or find the one under way, with the answers recorded in it.

    Blocking (a worker thread in the TUI); call it before the lesson's position is
    saved for this visit, since a new or finished position is what starts a pass.
    """
    store, learner = session.store, session.learner
    position = store.position(learner, lesson.id)
    started: datetime | None
    if position is None or position.completed:
        started = session.now()
        # A lesson this track sees nothing of saves no position: it starts no pass
        # either (a position would make it a lesson started, to continue).
        if position is not None or session.visible_steps(lesson):
            store.start_pass(learner, lesson.id, started)
    else:
        started = store.pass_started(learner, lesson.id)
    questions = session.course.questions
    checks = {step.check for step in lesson.steps if isinstance(step, Check)}
    latest = store.latest_answers(learner, checks, since=started)
    answers: dict[str, RecordedAnswer] = {}
    for qid, logged in latest.items():
        question = questions.get(qid)
        record = logged.record
        # An answer to an earlier version of the question may name other options.
        if question is None or record.fingerprint != question.fingerprint():
            continue
        answers[qid] = RecordedAnswer(qid, record.chosen, record.correct, logged.retry)
    return LessonPass(lesson.id, started, answers)


class CheckShowing(Showing):
    """A check of a lesson, shown in a pass: its options in the pass's order, and an
    answer the pass already holds shown again (`reveal`, recording nothing) instead of
    asked; with `retry`, asked again in a new order and recorded as a retry."""

    REVISIT_NOTE = (
        "You answered this check earlier in this lesson: your answer and its feedback "
        "are shown again, and nothing new is recorded."
    )

    def __init__(
        self, session: Session, question: Question, lesson_pass: LessonPass, *, retry: bool = False
    ) -> None:
        super().__init__(session, question)
        self.lesson_pass = lesson_pass
        self.retry = retry
        if retry:
            seed = retry_seed(session.seed, question.id)
        else:
            seed = lesson_pass.option_seed(session.seed, question.id)
        self.order = shuffled_order(len(question.options), seed)
        self.recorded = None if retry else lesson_pass.recorded(question.id)
        if self.recorded is not None:
            self.picked = to_display(self.order, self.recorded.chosen)

    def reveal(self) -> Feedback:
        """The feedback on the answer recorded in this pass (there must be one)."""
        answer = self.recorded
        if answer is None:
            raise RuntimeError(f"no answer recorded for {self.question.id} in this pass")
        # Nothing is rescheduled: the result carries no rating, and the due date is not
        # shown by any face.
        result = AnswerResult(correct=answer.correct, rating="", due=self.session.now())
        self.feedback = self._feedback(answer.chosen, result)
        self.phase = "feedback"
        return self.feedback

    def record(self) -> Feedback:
        feedback = super().record()
        self.lesson_pass.note(
            RecordedAnswer(self.question.id, self.chosen, feedback.correct, self.retry)
        )
        return feedback
