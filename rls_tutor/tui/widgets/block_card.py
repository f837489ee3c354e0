"""The question card of a practice block: the lesson's `QuestionCard`, answered through
the block instead of straight into the store.

Enter (after "how sure", when asked) posts `Submitted`; the block screen saves the
answer in the block and, in tutor mode, records it and calls `reveal()` with the
result; in timed mode it moves on. `reveal()` without a result shows the answer the
block holds (a revisit in tutor mode, the review after the end), recording nothing.
"""

from __future__ import annotations

from textual.message import Message

from rls_tutor.content.model import Question
from rls_tutor.progress.records import AnswerResult
from rls_tutor.session.learning import Session
from rls_tutor.session.practice import PracticeBlock
from rls_tutor.session.practice_showing import BlockShowing
from rls_tutor.tui.widgets.question_card import OptionRow, QuestionCard


class BlockCard(QuestionCard):
    class Submitted(Message):
        """The learner gave an answer (authored option indexes) and how sure they were."""

        def __init__(self, card: BlockCard, chosen: tuple[int, ...], certain: bool | None):
            super().__init__()
            self.card = card
            self.chosen = chosen
            self.certain = certain

        @property
        def control(self) -> BlockCard:
            return self.card

    def __init__(
        self,
        session: Session,
        block: PracticeBlock,
        position: int,
        question: Question,
        *,
        label: str = "",
    ) -> None:
        super().__init__(session, question, label=label)
        self.block_showing = BlockShowing(session, block, position, question)
        self.showing = self.block_showing
        self.position = position

    def on_mount(self) -> None:
        super().on_mount()
        picked = set(self.showing.picked)
        for row in self.query(OptionRow):
            row.mark(picked=row.number - 1 in picked)

    def _record(self) -> None:
        """Not into the store: the block screen decides (see the module's docstring)."""
        showing = self.showing
        self.phase = "saving"
        self.post_message(self.Submitted(self, showing.chosen, showing.certain))

    def saved(self) -> None:
        """Timed mode: the answer is kept in the block; it may still change."""
        self.showing.phase = "answer"
        self.phase = "answer"

    def reveal(self, result: AnswerResult | None = None) -> None:
        self._show_feedback(self.block_showing.reveal(result))
