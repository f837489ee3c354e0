"""The lesson player: one step at a time, screens of Markdown and checks."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Footer

from rls_tutor.content.model import Lesson
from rls_tutor.content.model import Screen as ScreenStep
from rls_tutor.session.learning import Session
from rls_tutor.tui.screens.base import TutorScreen
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
        # Listed by `?`, kept out of the footer so the keys that matter fit in 80 columns.
        Binding("right", "skip", "Next, or skip a check", key_display="→", show=False),
        Binding("left", "previous", "Back", key_display="←", id="previous"),
        Binding("escape", "back", "Home", id="back", tooltip="Back to the course map"),
    ]

    def __init__(
        self, session: Session, lesson: Lesson, step: int = 0, completed: bool = False
    ) -> None:
        super().__init__(session)
        self.lesson = lesson
        self.completed = completed
        self.audience = session.audience
        self.steps = session.visible_steps(lesson)
        self.index = session.visible_index(lesson, step)
        self.answered = 0
        self.right = 0

    def compose(self) -> ComposeResult:
        yield Literal("", id="lesson-bar", classes="topbar")
        yield Literal("", id="step-title")
        yield Vertical(id="step-body")
        yield Literal("", id="step-sources")
        yield Footer()

    async def on_mount(self) -> None:
        await self.show_step()

    async def on_screen_resume(self) -> None:
        # The track may have changed in the settings: keep the place in the lesson.
        if self.audience != self.session.audience:
            authored = self.authored_index
            self.audience = self.session.audience
            self.steps = self.session.visible_steps(self.lesson)
            self.index = self.session.visible_index(self.lesson, authored)
            await self.show_step()

    @property
    def authored_index(self) -> int:
        if not self.steps:
            return 0
        return self.steps[min(self.index, len(self.steps) - 1)][0]

    @property
    def finished(self) -> bool:
        return self.index >= len(self.steps)

    # --- showing a step --------------------------------------------------------

    async def show_step(self) -> None:
        body = self.query_one("#step-body", Vertical)
        await body.remove_children()
        count = len(self.steps)
        step_no = f"{min(self.index + 1, count)} / {count}" if count else "no steps"
        self.query_one("#lesson-bar", Literal).show(
            Content.assemble(literal(self.lesson.title, "bold"), f"  ·  {step_no}")
        )
        sources = self.query_one("#step-sources", Literal)
        sources.display = False
        widget: Widget
        if not self.steps:
            title = "Nothing to show"
            track = "patient" if self.session.audience == "patient" else "clinician"
            widget = Page(
                Literal(f"This lesson has no screens for the {track} track. Press Escape."),
                classes="page",
            )
        elif self.finished:
            title, widget = "Lesson complete", self._summary()
            self.completed = True
            self._save(self.authored_index, completed=True)
        else:
            authored, step = self.steps[self.index]
            if isinstance(step, ScreenStep):
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
                widget = QuestionCard(self.session, question)
            self._save(authored, completed=self.completed)
        self.query_one("#step-title", Literal).show(title)
        await body.mount(widget)
        widget.focus()
        self.refresh_bindings()

    def _summary(self) -> Page:
        lines = [f"You have reached the end of “{self.lesson.title}”."]
        if self.answered:
            lines.append(f"Checks answered this time: {self.answered}, {self.right} right.")
        upcoming = self.session.next_lesson(self.lesson)
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
        await self._advance()

    async def action_skip(self) -> None:
        await self._advance()

    async def _advance(self) -> None:
        if not self.steps:
            return
        if self.finished:
            self._open_next()
            return
        self.index += 1
        await self.show_step()

    async def action_previous(self) -> None:
        if self.index > 0:
            self.index = min(self.index, len(self.steps)) - 1
            await self.show_step()

    @on(QuestionCard.Answered)
    def _tally(self, event: QuestionCard.Answered) -> None:
        self.answered += 1
        self.right += event.result.correct

    @on(QuestionCard.Done)
    async def _after_check(self) -> None:
        await self._advance()

    # --- saving --------------------------------------------------------------------

    def _save(self, authored: int, *, completed: bool) -> None:
        session = self.session
        self._save_position(authored, completed, session.ticket(), session.now())

    @work(thread=True, exit_on_error=False, group="store")
    def _save_position(self, authored: int, completed: bool, ticket: int, now: datetime) -> None:
        self.session.save_position(
            self.lesson.id, authored, completed=completed, ticket=ticket, now=now
        )

    @work(thread=True, exit_on_error=False, group="home")
    def _open_next(self) -> None:
        session = self.session
        upcoming = session.next_lesson(self.lesson)
        if upcoming is None:
            self.app.call_from_thread(self._go_to, None, 0, False)
            return
        position = session.store.position(session.learner, upcoming.id)
        step = position.step if position and not position.completed else 0
        done = bool(position and position.completed)
        self.app.call_from_thread(self._go_to, upcoming, step, done)

    def _go_to(self, lesson: Lesson | None, step: int, completed: bool) -> None:
        if not self.is_current:
            return
        if lesson is None:
            self.app.pop_screen()
        else:
            self.app.switch_screen(LessonScreen(self.session, lesson, step, completed))
