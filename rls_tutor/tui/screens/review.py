"""Review: the questions FSRS says are due, interleaved across topics, then a summary."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer

from rls_tutor.session.learning import Session
from rls_tutor.session.reviewing import ReviewRun
from rls_tutor.tui.screens.base import TutorScreen
from rls_tutor.tui.widgets.page import Page
from rls_tutor.tui.widgets.question_card import QuestionCard
from rls_tutor.tui.widgets.text import Literal


class ReviewScreen(TutorScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "next", "Next", id="next", tooltip="Submit, or go on"),
        Binding("right", "skip", "Skip", key_display="→", tooltip="Skip this question"),
        Binding("escape", "back", "Home", id="back", tooltip="End the review"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.run: ReviewRun | None = None  # loaded in a worker

    def compose(self) -> ComposeResult:
        yield Literal("Review", id="review-bar", classes="topbar")
        yield Vertical(id="review-body")
        yield Footer()

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exit_on_error=False, group="home")
    def _load(self) -> None:
        run = ReviewRun.load(self.session)
        self.app.call_from_thread(self._start, run)  # type: ignore[arg-type]

    async def _start(self, run: ReviewRun) -> None:
        self.run = run
        await self._show()

    async def _show(self) -> None:
        run = self.run
        assert run is not None
        body = self.query_one("#review-body", Vertical)
        await body.remove_children()
        bar = self.query_one("#review-bar", Literal)
        question = run.current
        if question is None:
            bar.show("Review: done" if run.queue else "Review")
            widget = self._summary()
        else:
            bar.show(run.heading())
            label = "  ·  ".join(x for x in (run.topic_title(), run.tag()) if x)
            widget = QuestionCard(self.session, question, label=label)
        await body.mount(widget)
        widget.focus()
        self.refresh_bindings()

    def _summary(self) -> Page:
        assert self.run is not None
        lines = self.run.summary()
        lines.append("Press Enter or Escape to go back to the course map.")
        return Page(*[Literal(line) for line in lines], classes="page summary")

    def _card(self) -> QuestionCard | None:
        cards = self.query(QuestionCard)
        return cards.first() if cards else None

    async def action_next(self) -> None:
        if self.run is None:
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
        assert self.run is not None
        self.run.advance()
        await self._show()

    @on(QuestionCard.Answered)
    def _tally(self, event: QuestionCard.Answered) -> None:
        assert self.run is not None
        self.run.tally(event.card.topic_id, event.result.correct)

    @on(QuestionCard.Done)
    async def _after_answer(self) -> None:
        await self._advance()
