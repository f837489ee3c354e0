"""The question card of a lesson check: an answer already given in this pass through
the lesson is shown again with its feedback, not asked again (session/check_answers.py).

The lesson screen offers `r` on the feedback to answer again: a new card with
`retry=True`, whose answer is recorded as a retry.
"""

from __future__ import annotations

from textual.content import Content

from rls_tutor.content.model import Question
from rls_tutor.session.answering import Feedback
from rls_tutor.session.check_answers import CheckShowing, LessonPass
from rls_tutor.session.learning import Session
from rls_tutor.tui.widgets.question_card import QuestionCard
from rls_tutor.tui.widgets.text import Literal


class CheckCard(QuestionCard):
    def __init__(
        self,
        session: Session,
        question: Question,
        lesson_pass: LessonPass,
        *,
        retry: bool = False,
    ) -> None:
        super().__init__(session, question)
        self.check_showing = CheckShowing(session, question, lesson_pass, retry=retry)
        self.showing = self.check_showing

    @property
    def revisited(self) -> bool:
        """Showing an answer recorded before in this pass (nothing to answer)."""
        return self.check_showing.recorded is not None

    def on_mount(self) -> None:
        super().on_mount()
        if self.revisited:
            # Nothing to choose: it was answered (the hint said how to).
            self.query_one(".hint", Literal).show("Your answer from earlier in this lesson:")
            self._show_feedback(self.check_showing.reveal(), answered=False)

    def _feedback(self, feedback: Feedback) -> Content:
        shown = super()._feedback(feedback)
        if self.revisited:
            note = f"{CheckShowing.REVISIT_NOTE} Press r to answer it again."
            return Content("\n\n").join([Content.styled(note, "$text-muted"), shown])
        if self.check_showing.retry:
            return Content("\n\n").join(
                [Content.styled("Answered again: recorded as a retry.", "$text-muted"), shown]
            )
        return shown
