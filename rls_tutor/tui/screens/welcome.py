"""First run: the notice, who is learning, and which track suits them."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, OptionList
from textual.widgets.option_list import Option

from rls_tutor.progress.peek import DEFAULT_LEARNER
from rls_tutor.tui.errors import ReportsWorkerErrors
from rls_tutor.tui.widgets.text import Literal, reflow

if TYPE_CHECKING:
    from rls_tutor.content.model import Audience
    from rls_tutor.session.learning import Startup

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

    def __init__(
        self,
        startup: Startup | None,
        *,
        learner: str | None = None,
        audience: str = "patient",
        learner_field_empty: bool = False,
    ) -> None:
        """Shown before the course has loaded (`startup` None) on a first run, so the
        learner can type and choose at once; `loaded()` fills in the rest."""
        super().__init__()
        self.startup = startup
        self.learner = startup.learner if startup else learner or DEFAULT_LEARNER
        self.audience = startup.audience if startup else audience
        self.starting = False
        self.start_when_loaded = False
        self.switching = learner_field_empty  # opened to switch learner: ask for a name

    def compose(self) -> ComposeResult:
        course = self.startup.course if self.startup else None
        title = f"Welcome to {course.title}" if course else "Welcome"
        yield Literal(title, classes="topbar", id="welcome-title")
        with VerticalScroll(id="welcome-body"):
            notice = reflow(course.notice) if course else "Loading the course…"
            yield Literal(notice, classes="notice", id="welcome-notice")
            with Horizontal(id="name-row"):
                yield Label("Your name:", classes="field-label")
                yield Input(
                    "" if self.switching else self.learner,
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
        tracks.highlighted = 0 if self.audience == "patient" else 1
        tracks.focus(scroll_visible=False)  # keep the notice, at the top, in view
        if self.switching:
            self.query_one("#name", Input).focus(scroll_visible=False)
        if self.startup is not None:
            self.loaded(self.startup)

    def loaded(self, startup: Startup) -> None:
        """The course and the store are ready: show the notice, then start if asked."""
        from rls_tutor.tui.widgets.problems import ProblemsBanner

        self.startup = startup
        course = startup.course
        self.query_one("#welcome-title", Literal).show(f"Welcome to {course.title}")
        self.query_one("#welcome-notice", Literal).show(reflow(course.notice))
        banner = ProblemsBanner(course.problems, course.root)
        self.query_one("#welcome-body").mount(banner, after="#welcome-notice")
        if self.start_when_loaded:
            self.start_when_loaded = False
            self.action_start()

    def action_track(self, index: int) -> None:
        tracks = self.query_one("#track", OptionList)
        tracks.highlighted = index
        tracks.focus()

    @on(OptionList.OptionSelected, "#track")
    @on(Input.Submitted, "#name")
    def action_start(self) -> None:
        if self.startup is None:
            self.start_when_loaded = True  # Enter pressed while the course was loading
            return
        if self.starting:
            return
        name = " ".join(self.query_one("#name", Input).value.split()) or DEFAULT_LEARNER
        index = self.query_one("#track", OptionList).highlighted or 0
        self.starting = True
        self._begin(name, TRACKS[index][0])

    @work(thread=True, exit_on_error=False, group="store")
    def _begin(self, name: str, audience: Audience) -> None:
        from rls_tutor.session.learning import begin

        assert self.startup is not None
        app = self.app
        session = begin(
            self.startup,
            name,
            audience,
            clock=app.options.clock,  # type: ignore[attr-defined]
            seed=app.options.seed,  # type: ignore[attr-defined]
        )
        # A learner who has not started any lesson goes straight into the first one.
        resume = None if session.store.started_lessons(name) else session.resume_point()
        app.call_from_thread(app.open_session, session, resume=resume)  # type: ignore[attr-defined]

    def worker_failed(self, worker: object) -> None:
        self.starting = False
