"""A practice block on screen: one question at a time, the navigator, the countdown.

Tutor mode: Enter records the answer and shows the feedback (every option's why, the
explanation, the sources); Enter again goes to the next unanswered question. Timed
mode: Enter keeps the answer in the block and goes on, with no feedback until the
end; answers can change until then. The block's state is saved (in a thread) at every
answer, flag and move, and every few seconds while a timed block is open. The same
screen, with `review`, walks through a finished block with every answer's feedback.
"""

from __future__ import annotations

from contextlib import suppress
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Footer

from rls_tutor.progress.errors import StoreError
from rls_tutor.session.practice import (
    CHECKPOINT_SECONDS,
    PracticeBlock,
    SpecError,
    State,
    clock_text,
    resume_block,
    start_for,
    summary_line,
)
from rls_tutor.tui.screens.base import TutorScreen
from rls_tutor.tui.widgets.block_card import BlockCard
from rls_tutor.tui.widgets.countdown import Countdown
from rls_tutor.tui.widgets.navigator import Navigator
from rls_tutor.tui.widgets.page import Page
from rls_tutor.tui.widgets.text import Literal

if TYPE_CHECKING:
    from rls_tutor.progress.blocks import BlockRecord
    from rls_tutor.session.blockspec import BlockSpec
    from rls_tutor.session.learning import Session


class PracticeScreen(TutorScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "next", "Next", show=False),
        Binding("f", "flag", "Flag", id="flag", tooltip="Flag or unflag this question"),
        # ← → and j are named under the navigator: the footer keeps to 80 columns.
        Binding("left", "move(-1)", "Previous question", key_display="←", show=False),
        Binding("right", "move(1)", "Next question", key_display="→", show=False),
        Binding("j", "jump", "Go to a question", id="jump", show=False),
        Binding("e", "end", "End", id="end", tooltip="End the block and see your score"),
        Binding("escape", "back", "Pause", id="back", tooltip="Leave now, resume later"),
    ]

    def __init__(self, session: Session, block: PracticeBlock, *, review: bool = False) -> None:
        super().__init__(session)
        self.block = block
        self.review = review
        self.finishing = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="block-bar", classes="topbar"):
            yield Literal("", id="block-title")
            if self.block.timed and not self.review:
                yield Countdown(self.block, id="countdown")
        yield Navigator(id="navigator")
        yield Vertical(id="block-body")
        yield Literal("", id="block-status")
        yield Footer()

    async def on_mount(self) -> None:
        if not self.review:
            self.block.start_clock()
            if self.block.timed:
                self.set_interval(CHECKPOINT_SECONDS, self._checkpoint)
        await self._show()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.finishing:
            return action == "back" or None
        return not (self.review and action in ("flag", "end"))

    # --- showing -----------------------------------------------------------------

    def _card(self) -> BlockCard | None:
        cards = self.query(BlockCard)
        return cards.first() if cards else None

    async def _show(self) -> None:
        block = self.block
        body = self.query_one("#block-body", Vertical)
        await body.remove_children()
        item = block.current
        question = block.question(item)
        widget: Widget
        if question is None:
            widget = Page(
                Literal("This question is no longer in the course. Press → to go on."),
                classes="page",
            )
        else:
            topic = self.session.course.topic(item.topic_id)
            widget = BlockCard(
                self.session, block, block.index, question, label=topic.title if topic else ""
            )
        await body.mount(widget)
        widget.focus()
        if isinstance(widget, BlockCard) and (self.review or block.locked(item)):
            widget.reveal()
        self._status("")
        self._draw_bar()

    def _draw_bar(self) -> None:
        block = self.block
        item = block.current
        total = len(block.items)
        if self.review:
            verdict = (
                "not answered" if item.chosen is None else ("right" if item.correct else "wrong")
            )
            title = f"Review · Question {block.index + 1} of {total} · {verdict}"
        else:
            mode = "Timed block" if block.timed else "Tutor block"
            title = f"{mode} · Question {block.index + 1} of {total} · {block.answered} answered"
        if item.flagged:
            title += " · ⚑ flagged"
        self.query_one("#block-title", Literal).show(title)
        self.query_one(Navigator).show(block.items, block.index, review=self.review)

    def _status(self, text: str) -> None:
        status = self.query_one("#block-status", Literal)
        status.show(text)
        status.display = bool(text)

    # --- keys ------------------------------------------------------------------------

    async def action_next(self) -> None:
        """Enter where no card takes it (a question gone from the course)."""
        await self._go(self.block.index + 1)

    async def action_move(self, step: int) -> None:
        await self._go(self.block.index + step)

    async def _go(self, index: int) -> None:
        if self.finishing:
            return
        if not 0 <= index < len(self.block.items):
            if self.review and index >= len(self.block.items):
                self.app.pop_screen()  # past the last: back to the report
            return
        moved = self.block.move(index)
        if moved is None:
            return
        if not self.review:
            self._save(*moved)
        await self._show()

    @on(Navigator.Jump)
    async def _jump_to(self, event: Navigator.Jump) -> None:
        await self._go(event.index)

    def action_jump(self) -> None:
        from rls_tutor.tui.screens.jump import JumpDialog

        def jumped(index: int | None) -> None:
            if index is not None:
                self.run_worker(self._go(index), exclusive=True, group="jump")

        self.app.push_screen(JumpDialog(self.block, self.review), jumped)

    def action_flag(self) -> None:
        if self.review or self.finishing:
            return
        self._save(*self.block.toggle_flag())
        self._draw_bar()

    def action_end(self) -> None:
        from rls_tutor.tui.screens.confirm import ConfirmModal

        block = self.block
        if self.review or self.finishing:
            return
        missing = len(block.items) - block.answered
        lines = [f"{block.answered} of {len(block.items)} questions answered."]
        if missing:
            lines.append(f"{missing} not answered will count as wrong.")
        left = block.time_left()
        if left is not None:
            lines.append(f"Time left: {clock_text(left)}.")
        lines.append("End the block now and see your score?")

        def answered(yes: bool | None) -> None:
            if yes:
                self.finish("learner")

        self.app.push_screen(
            ConfirmModal("End the block?", " ".join(lines), "End the block", "Keep going"),
            answered,
        )

    def action_back(self) -> None:
        if self.review or self.finishing:
            self.app.pop_screen()
            return
        self._save(0, self.block.stop_clock())
        self.app.pop_screen()
        self.app.notify(
            "Your block is saved: press b on the course map, or run rls-tutor practice, "
            "to go on where you stopped.",
            markup=False,
        )

    # --- answers ---------------------------------------------------------------------

    @on(BlockCard.Submitted)
    async def _submitted(self, event: BlockCard.Submitted) -> None:
        block = self.block
        card = event.card
        if self.review or self.finishing or card.position != block.index:
            card.saved()
            return
        given = block.answer(event.chosen, event.certain)
        if given is None:
            card.saved()
            return
        if not block.timed:
            self._record(*given, card)
            self._draw_bar()
            return
        self._save(*given)
        card.saved()
        following = block.next_index()
        if following is not None:
            await self._go(following)
            return
        self._draw_bar()
        if block.answered == len(block.items):
            self._status("Every question is answered: press e to end the block (← to check).")
        else:
            self._status("That was the last question: press j to see the ones not answered.")

    # Described by name: Textual's default description is the repr of the arguments,
    # here the whole block state, built again for every answer.
    @work(thread=True, exit_on_error=False, group="store", description="record")
    def _record(self, ticket: int, state: State, card: BlockCard) -> None:
        result = self.block.record_answer(ticket, state, card.position)
        self.app.call_from_thread(self._reveal, card, result)

    def _reveal(self, card: BlockCard, result: object) -> None:
        if card.is_attached:
            card.reveal(result)  # type: ignore[arg-type]
        self._draw_bar()

    def worker_failed(self, worker: object) -> None:
        # The answer is in the block all the same: the end records it (finish_block).
        card = self._card()
        if card is not None and card.phase == "saving":
            card.reveal()

    @on(BlockCard.Done)
    async def _after_feedback(self) -> None:
        block = self.block
        if self.review:
            await self._go(block.index + 1)
            return
        following = block.next_index(unanswered=True)
        if following is None:
            self.finish("learner")  # all answered in tutor mode: the report
        else:
            await self._go(following)

    # --- time and the end ------------------------------------------------------------

    @on(Countdown.Expired)
    def _time_is_up(self) -> None:
        if not self.finishing:
            self.app.notify("Time is up: the block has ended.", markup=False)
            self.finish("time")

    def _checkpoint(self) -> None:
        if not self.finishing:
            self._save(*self.block.checkpoint())

    @work(thread=True, exit_on_error=False, group="store", description="save")
    def _save(self, ticket: int, state: State) -> None:
        self.block.save(ticket, state)

    def finish(self, ended_by: str) -> None:
        if self.finishing:
            return
        self.finishing = True
        self._status("Ending the block…")
        self.refresh_bindings()
        self._finish(ended_by, self.block.stop_clock())

    @work(thread=True, exit_on_error=False, group="store", description="finish")
    def _finish(self, ended_by: str, state: State) -> None:
        record = self.block.finish(ended_by, state)
        self.app.call_from_thread(self._open_report, record)

    def _open_report(self, record: BlockRecord) -> None:
        from rls_tutor.tui.screens.practice_report import ReportScreen

        if self.is_current:
            self.app.switch_screen(ReportScreen(self.session, record))
        else:  # a dialog is open over the block (jump, keys): close it first
            while not self.is_current and len(self.app.screen_stack) > 1:
                self.app.pop_screen()
            self.app.switch_screen(ReportScreen(self.session, record))

    def on_unmount(self) -> None:
        # The tutor is quitting with the block open: keep the time it ran (a kill
        # loses at most the seconds since the last save).
        if not self.review and not self.finishing and self.block._since is not None:
            with suppress(StoreError):
                self.block.save(1 << 61, self.block.stop_clock())


# --- opening a block (home's builder, the palette, rls-tutor practice) ---------------


def open_practice(app: App[Any], session: Session, spec: BlockSpec | None) -> None:
    """Resume the learner's unfinished block; else start `spec`'s; else (no spec, or
    nothing to draw) open the builder."""
    app.run_worker(
        partial(_prepare, app, session, spec), thread=True, exit_on_error=False, group="home"
    )


def _prepare(app: App[Any], session: Session, spec: BlockSpec | None) -> None:
    options = getattr(app, "options", None)
    monotonic = options.monotonic if options is not None else None
    kw = {"monotonic": monotonic} if monotonic is not None else {}
    block = resume_block(session.store, session.course, session.learner, clock=session.now, **kw)
    if block is not None:
        message = f"Resumed your unfinished block: {summary_line(block)}."
        app.call_from_thread(_push_block, app, session, block, message)
        return
    if spec is None:
        app.call_from_thread(_push_builder, app, session, None, "")
        return
    try:
        block = start_for(session, spec, **kw)
    except SpecError as exc:
        app.call_from_thread(_push_builder, app, session, spec, f"No block yet: {exc}.")
        return
    app.call_from_thread(_push_block, app, session, block, "")


def _push_block(app: App[Any], session: Session, block: PracticeBlock, message: str) -> None:
    app.push_screen(PracticeScreen(session, block))
    if message:
        app.notify(message, markup=False)


def _push_builder(app: App[Any], session: Session, spec: BlockSpec | None, message: str) -> None:
    from rls_tutor.tui.screens.practice_builder import BuilderScreen

    app.push_screen(BuilderScreen(session, spec))
    if message:
        app.notify(message, severity="warning", markup=False)
