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
from rls_tutor.session.learner import MAX_NAME, TRACKS, learner_name
from rls_tutor.tui.errors import ReportsWorkerErrors
from rls_tutor.tui.widgets.text import Literal, reflow

if TYPE_CHECKING:
    from rls_tutor.content.model import Audience
    from rls_tutor.content.preview import CoursePreview
    from rls_tutor.session.learning import Startup


class WelcomeScreen(ReportsWorkerErrors, Screen[None]):
    """Enter alone starts: the name is prefilled and a track is highlighted."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "track(0)", "Patient", tooltip="Plain-language track"),
        Binding("2", "track(1)", "Clinician", tooltip="Full-depth track"),
        Binding("enter", "start", "Start", id="start", tooltip="Start learning"),
        # Only when switching learner (the screens of the one studying are underneath).
        Binding("escape", "cancel", "Cancel", id="cancel", tooltip="Keep the learner"),
    ]

    def __init__(
        self,
        startup: Startup | None,
        *,
        learner: str | None = None,
        audience: str = "patient",
        preview: CoursePreview | None = None,
    ) -> None:
        """Shown before the course has loaded (`startup` None) on a first run, so the
        learner can type and choose at once, with the course's title and notice from the
        `preview` if there is one (the cached outline, or `lessons/course.yaml` alone);
        `loaded()` fills in the rest. Given a `learner` with a `startup`, a new learner
        named in the switch-learner dialog chooses a track here, and Escape goes back."""
        super().__init__()
        self.startup = startup
        self.switching = startup is not None and learner is not None
        self.learner = learner or (startup.learner if startup else DEFAULT_LEARNER)
        self.audience = startup.audience if startup else audience
        self.starting = False
        self.start_when_loaded = False
        self.preview = preview

    def compose(self) -> ComposeResult:
        course = self.startup.course if self.startup else self.preview
        title = f"Welcome to {course.title}" if course else "Welcome"
        yield Literal(title, classes="topbar", id="welcome-title")
        with VerticalScroll(id="welcome-body"):
            notice = reflow(course.notice) if course else "Loading the course…"
            yield Literal(notice, classes="notice", id="welcome-notice")
            with Horizontal(id="name-row"):
                yield Label("Your name:", classes="field-label")
                yield Input(
                    self.learner,
                    max_length=MAX_NAME,
                    id="name",
                    placeholder=DEFAULT_LEARNER,
                    compact=True,
                    tooltip="Tab here to change the name",
                )
            yield Label("Which track suits you? (you can change it later)", classes="field-label")
            yield OptionList(
                *[
                    Option(f"{n}  {t.title}: {t.description}", id=t.audience)
                    for n, t in enumerate(TRACKS, start=1)
                ],
                id="track",
            )
            yield Literal("Press 1 or 2 to choose, then Enter to start.", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        # Only the name and the track take focus, so Tab goes between just those two.
        self.query_one("#welcome-body").can_focus = False
        tracks = self.query_one("#track", OptionList)
        tracks.highlighted = 0 if self.audience == "patient" else 1
        tracks.focus(scroll_visible=False)  # keep the notice, at the top, in view
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.switching if action == "cancel" else True

    def action_cancel(self) -> None:
        if self.switching and not self.starting:
            self.app.pop_screen()

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
        name = learner_name(self.query_one("#name", Input).value)
        index = self.query_one("#track", OptionList).highlighted or 0
        self.starting = True
        self._begin(name, TRACKS[index].audience)

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
        resume = session.after_welcome()
        app.call_from_thread(app.open_session, session, resume=resume)  # type: ignore[attr-defined]

    def worker_failed(self, worker: object) -> None:
        self.starting = False
