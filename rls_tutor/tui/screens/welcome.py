"""First run: the notice, who is learning, and which track suits them."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, OptionList
from textual.widgets.option_list import Option

from rls_tutor.content.model import Audience
from rls_tutor.tui.errors import ReportsWorkerErrors
from rls_tutor.tui.session import DEFAULT_LEARNER, Startup, begin
from rls_tutor.tui.widgets.problems import ProblemsBanner
from rls_tutor.tui.widgets.text import Literal, reflow

TRACKS: list[tuple[Audience, str]] = [
    ("patient", "1  Patient or family: plain language, every term explained"),
    ("clinician", "2  Medical student or clinician: full depth and terminology"),
]
MAX_NAME = 40


class WelcomeScreen(ReportsWorkerErrors, Screen[None]):
    """Enter alone starts: the name is prefilled and a track is highlighted."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "track(0)", "Patient", tooltip="Plain-language track"),
        Binding("2", "track(1)", "Clinician", tooltip="Full-depth track"),
        Binding("enter", "start", "Start", id="start", tooltip="Start learning"),
    ]

    def __init__(self, startup: Startup) -> None:
        super().__init__()
        self.startup = startup
        self.starting = False

    def compose(self) -> ComposeResult:
        course = self.startup.course
        yield Literal(f"Welcome to {course.title}", classes="topbar")
        with VerticalScroll(id="welcome-body"):
            yield Literal(reflow(course.notice), classes="notice")
            yield ProblemsBanner(course.problems, course.root)
            with Horizontal(id="name-row"):
                yield Label("Your name:", classes="field-label")
                yield Input(
                    self.startup.learner or DEFAULT_LEARNER,
                    max_length=MAX_NAME,
                    id="name",
                    placeholder=DEFAULT_LEARNER,
                    compact=True,
                    tooltip="Tab here to change the name",
                )
            yield Label("Which track suits you? (you can change it later)", classes="field-label")
            yield OptionList(*[Option(text, id=audience) for audience, text in TRACKS], id="track")
            yield Literal("Press 1 or 2 to choose, then Enter to start.", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        # Only the name and the track take focus, so Tab goes between just those two.
        self.query_one("#welcome-body").can_focus = False
        tracks = self.query_one("#track", OptionList)
        tracks.highlighted = 0 if self.startup.audience == "patient" else 1
        tracks.focus(scroll_visible=False)  # keep the notice, at the top, in view

    def action_track(self, index: int) -> None:
        tracks = self.query_one("#track", OptionList)
        tracks.highlighted = index
        tracks.focus()

    @on(OptionList.OptionSelected, "#track")
    @on(Input.Submitted, "#name")
    def action_start(self) -> None:
        if self.starting:
            return
        name = " ".join(self.query_one("#name", Input).value.split()) or DEFAULT_LEARNER
        index = self.query_one("#track", OptionList).highlighted or 0
        self.starting = True
        self._begin(name, TRACKS[index][0])

    @work(thread=True, exit_on_error=False, group="store")
    def _begin(self, name: str, audience: Audience) -> None:
        app = self.app
        session = begin(
            self.startup,
            name,
            audience,
            clock=app.clock,
            seed=app.seed,  # type: ignore[attr-defined]
        )
        # A learner who has not started any lesson goes straight into the first one.
        resume = None if session.store.started_lessons(name) else session.resume_point()
        app.call_from_thread(app.open_session, session, resume=resume)  # type: ignore[attr-defined]

    def worker_failed(self, worker: object) -> None:
        self.starting = False
