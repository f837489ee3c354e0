"""A question of a practice block as a face shows it (a `Showing` of answering.py):
the block's option order, the answer saved in the block picked again on a revisit,
and feedback built from the block's answer. The block, not the showing, records."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from rls_tutor.content.model import Question
from rls_tutor.progress.records import AnswerResult
from rls_tutor.session.answering import Feedback, Rationale, Showing
from rls_tutor.session.learning import Session
from rls_tutor.session.practice import PracticeBlock
from rls_tutor.session.shuffle import to_display


@dataclass(frozen=True)
class BlockFeedback(Feedback):
    """A block's feedback explains every option, not only the ones picked or right."""

    @property
    def picked_or_correct(self) -> list[Rationale]:
        return self.rationales


class BlockShowing(Showing):
    def __init__(
        self, session: Session, block: PracticeBlock, position: int, question: Question
    ) -> None:
        super().__init__(session, question)
        self.block = block
        self.position = position
        item = block.items[position]
        self.order = list(item.order)  # as first shown, on every visit and after a resume
        if item.chosen is not None:
            self.picked = to_display(self.order, item.chosen)
            self.certain = item.certain

    def reveal(self, result: AnswerResult | None = None) -> Feedback:
        """The feedback on the answer saved in the block (every option's why, the
        explanation, the sources), recording nothing; "Not answered." without one."""
        item = self.block.items[self.position]
        if result is None:
            result = AnswerResult(correct=bool(item.correct), rating="", due=self.session.now())
        plain = self._feedback(item.chosen or (), result)
        feedback: Feedback = BlockFeedback(
            **{f.name: getattr(plain, f.name) for f in fields(plain)}
        )
        if item.chosen is None:
            feedback = replace(feedback, verdict="Not answered.")
        self.feedback = feedback
        self.phase = "feedback"
        return feedback

    def record(self) -> Feedback:
        raise RuntimeError("a block's answers are recorded by the block (PracticeBlock)")
