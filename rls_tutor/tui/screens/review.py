"""Review: the questions FSRS says are due, interleaved across topics, then a summary."""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer

from rls_tutor.session.learning import Session
from rls_tutor.tui.screens.base import TutorScreen
from rls_tutor.tui.widgets.page import Page
from rls_tutor.tui.widgets.question_card import QuestionCard
from rls_tutor.tui.widgets.text import Literal

SESSION_LIMIT = 20


class ReviewScreen(TutorScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "next", "Next", id="next", tooltip="Submit, or go on"),
        Binding("right", "skip", "Skip this question", key_display="→", show=False),
        Binding("escape", "back", "Home", id="back", tooltip="End the review"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.queue: list[str] | None = None
        self.index = 0
        self.results: list[tuple[str, bool]] = []  # (topic id, correct)

    def compose(self) -> ComposeResult:
        yield Literal("Review", id="review-bar", classes="topbar")
        yield Vertical(id="review-body")
        yield Footer()

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exit_on_error=False, group="home")
    def _load(self) -> None:
        session = self.session
        queue = session.store.review_queue(
            session.learner,
            session.course,
            session.audience,
            limit=SESSION_LIMIT,
            now=session.now(),
        )
        self.app.call_from_thread(self._start, queue)  # type: ignore[arg-type]

    async def _start(self, queue: list[str]) -> None:
        # A question edited away since it was scheduled is simply left out.
        self.queue = [qid for qid in queue if qid in self.session.course.questions]
        await self._show()

    async def _show(self) -> None:
        assert self.queue is not None
        body = self.query_one("#review-body", Vertical)
        await body.remove_children()
        bar = self.query_one("#review-bar", Literal)
        if self.index >= len(self.queue):
            bar.show("Review: done" if self.queue else "Review")
            widget = self._summary()
        else:
            qid = self.queue[self.index]
            topic = self.session.course.topic(self.session.course.question_topic.get(qid, ""))
            bar.show(f"Review  ·  {self.index + 1} / {len(self.queue)}")
            label = topic.title if topic else ""
            widget = QuestionCard(self.session, self.session.course.questions[qid], label=label)
        await body.mount(widget)
        widget.focus()
        self.refresh_bindings()

    def _summary(self) -> Page:
        if not self.queue:
            lines = [
                "Nothing is due for review right now.",
                "Questions join the review once you meet them in a lesson; "
                "FSRS brings each one back just before you are likely to forget it.",
            ]
        else:
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
        lines.append("Press Enter or Escape to go back to the course map.")
        return Page(*[Literal(line) for line in lines], classes="page summary")

    def _card(self) -> QuestionCard | None:
        cards = self.query(QuestionCard)
        return cards.first() if cards else None

    async def action_next(self) -> None:
        if self.queue is None:
            return
        card = self._card()
        if card is not None and card.phase != "feedback":
            card.action_submit()
        elif card is None:
            self.app.pop_screen()
        else:
            await self._advance()

    async def action_skip(self) -> None:
        if self._card() is not None:
            await self._advance()

    async def _advance(self) -> None:
        self.index += 1
        await self._show()

    @on(QuestionCard.Answered)
    def _tally(self, event: QuestionCard.Answered) -> None:
        self.results.append((event.card.topic_id, event.result.correct))

    @on(QuestionCard.Done)
    async def _after_answer(self) -> None:
        await self._advance()
