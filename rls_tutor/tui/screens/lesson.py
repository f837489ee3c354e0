"""The lesson player: one step at a time, screens of Markdown and checks."""

from __future__ import annotations

import threading
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Footer

from rls_tutor.content.model import Check, Lesson
from rls_tutor.content.model import Screen as ScreenStep
from rls_tutor.session.check_answers import LessonPass, open_pass
from rls_tutor.session.learning import Opening, Session
from rls_tutor.session.lesson_run import LessonRun, SavePoint
from rls_tutor.tui.screens.base import TutorScreen
from rls_tutor.tui.widgets.check_card import CheckCard
from rls_tutor.tui.widgets.lesson_markdown import LessonMarkdown
from rls_tutor.tui.widgets.page import Page
from rls_tutor.tui.widgets.question_card import QuestionCard
from rls_tutor.tui.widgets.text import Literal, literal


class LessonScreen(TutorScreen):
    """Shows the steps of `lesson` that the learner's track sees.

    Positions are saved as indexes into the authored `lesson.steps`, so that a
    learner who switches track resumes at the same place in the lesson.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "next", "Next", id="next", tooltip="Next screen"),
        # In the footer too (compact, it fits in 80 columns): a key nobody sees is unused.
        Binding("right", "skip", "Skip", key_display="→", tooltip="Next screen, or skip a check"),
        Binding("left", "previous", "Back", key_display="←", id="previous"),
        Binding("escape", "back", "Home", id="back", tooltip="Back to the course map"),
        # On the feedback of a check: answer it again, recorded as a retry.
        Binding("r", "retry", "Retry", id="retry", tooltip="Answer this check again"),
    ]

    def __init__(
        self, session: Session, lesson: Lesson, step: int = 0, completed: bool = False
    ) -> None:
        super().__init__(session)
        self.run = LessonRun.open(session, lesson, step, completed)
        # This pass through the lesson and the answers given at its checks: opened in a
        # worker before any position is saved (a new or finished position starts a pass).
        self.checks: LessonPass | None = None
        self._pass_opened = threading.Event()

    @property
    def lesson(self) -> Lesson:
        return self.run.lesson

    def compose(self) -> ComposeResult:
        yield Literal("", id="lesson-bar", classes="topbar")
        yield Literal("", id="step-title")
        yield Vertical(id="step-body")
        yield Literal("", id="step-sources")
        yield Footer()

    async def on_mount(self) -> None:
        self._open_pass()
        await self.show_step()

    @work(thread=True, exit_on_error=False, group="store")
    def _open_pass(self) -> None:
        try:
            opened = open_pass(self.session, self.lesson)
        finally:
            self._pass_opened.set()
        self.app.call_from_thread(self._pass_ready, opened)  # type: ignore[arg-type]

    async def _pass_ready(self, opened: LessonPass) -> None:
        self.checks = opened
        if isinstance(self.run.current, Check) and self._card() is None:
            await self.show_step()  # the check waited for it (a few milliseconds)

    def worker_failed(self, worker: object) -> None:
        if getattr(worker, "name", "") == "_open_pass" and self.checks is None:
            # The error modal says why; the checks are asked as if answered nowhere.
            self.call_later(self._pass_ready, LessonPass(self.lesson.id, started=None))

    async def on_screen_resume(self) -> None:
        # The track may have changed in the settings: keep the place in the lesson.
        if self.run.follow_track():
            await self.show_step()

    @property
    def authored_index(self) -> int:
        return self.run.authored_index

    # --- showing a step --------------------------------------------------------

    async def show_step(self) -> None:
        body = self.query_one("#step-body", Vertical)
        await body.remove_children()
        run = self.run
        step_no = f"{run.number} / {run.count}" if run.count else "no steps"
        self.query_one("#lesson-bar", Literal).show(
            Content.assemble(literal(self.lesson.title, "bold"), f"  ·  {step_no}")
        )
        sources = self.query_one("#step-sources", Literal)
        sources.display = False
        widget: Widget
        step = run.current
        if run.empty:
            title = "Nothing to show"
            widget = Page(Literal(f"{run.nothing_to_show()} Press Escape."), classes="page")
        elif step is None:
            title, widget = "Lesson complete", self._summary()
        elif isinstance(step, ScreenStep):
            title = step.title
            text = step.text_for(self.session.audience) or ""
            widget = Page(LessonMarkdown(text), classes="page")
            titles = self.session.course.source_titles(step.sources)
            label = "Source: " if len(titles) == 1 else "Sources: "
            sources.show(Content.assemble((label, "bold"), literal("; ".join(titles))))
            sources.display = True
        else:
            title = "Check your understanding"
            question = self.session.course.questions[step.check]
            if self.checks is None:
                widget = Literal("…")  # until the pass is open: see _pass_ready
            else:
                widget = CheckCard(self.session, question, self.checks)
        point = run.arrive()
        if point is not None:
            self._save_position(point)
        self.query_one("#step-title", Literal).show(title)
        await body.mount(widget)
        widget.focus()
        self.refresh_bindings()

    def _summary(self) -> Page:
        lines = self.run.summary()
        upcoming = self.run.upcoming()
        if upcoming is not None:
            lines.append(f"Press Enter for the next lesson: {upcoming.title}.")
        else:
            lines.append("That was the last lesson. Press Enter to go back to the course map.")
        lines.append("Press Escape for the course map; review keeps what you learned fresh.")
        return Page(*[Literal(line) for line in lines], classes="page summary")

    # --- moving ------------------------------------------------------------------

    def _card(self) -> QuestionCard | None:
        cards = self.query(QuestionCard)
        return cards.first() if cards else None

    async def action_next(self) -> None:
        card = self._card()
        if card is not None and card.phase != "feedback":
            card.action_submit()  # Enter on a check submits; it never skips it
            return
        if card is None and isinstance(self.run.current, Check):
            return  # the check is about to show: Enter never skips it
        await self._advance()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            card = self._card()
            return isinstance(card, CheckCard) and card.phase == "feedback"
        return True

    async def action_retry(self) -> None:
        card = self._card()
        if not isinstance(card, CheckCard) or card.phase != "feedback" or self.checks is None:
            return
        retry = CheckCard(self.session, card.question, self.checks, retry=True)
        body = self.query_one("#step-body", Vertical)
        await body.remove_children()
        await body.mount(retry)
        retry.focus()
        self.refresh_bindings()

    async def action_skip(self) -> None:
        await self._advance()

    async def _advance(self) -> None:
        if self.run.empty:
            return
        if self.run.finished:
            self._open_next()
            return
        self.run.advance()
        await self.show_step()

    async def action_previous(self) -> None:
        if self.run.back():
            await self.show_step()

    @on(QuestionCard.Answered)
    def _tally(self, event: QuestionCard.Answered) -> None:
        self.run.tally(event.result.correct)

    @on(QuestionCard.Done)
    async def _after_check(self) -> None:
        await self._advance()

    # --- saving --------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="store")
    def _save_position(self, point: SavePoint) -> None:
        # After the pass is open: it reads the position this would overwrite.
        self._pass_opened.wait(timeout=10)
        self.run.save(point)

    @work(thread=True, exit_on_error=False, group="home")
    def _open_next(self) -> None:
        opening = self.session.next_opening(self.lesson)
        self.app.call_from_thread(self._go_to, opening)

    def _go_to(self, opening: Opening | None) -> None:
        if not self.is_current:
            return
        if opening is None:
            self.app.pop_screen()
        else:
            self.app.switch_screen(
                LessonScreen(self.session, opening.lesson, opening.step, opening.completed)
            )
