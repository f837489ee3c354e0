"""The tutor's Textual app, and `make_app()`, the one factory the CLI and the tests use."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from contextlib import suppress
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerCancelled, WorkerFailed, WorkerState

from rls_tutor.progress.errors import StoreError
from rls_tutor.progress.peek import peek
from rls_tutor.tui.commands import CourseCommands
from rls_tutor.tui.options import TutorOptions
from rls_tutor.tui.themes import DARK, THEMES, offered

if TYPE_CHECKING:  # the course model, the store and fsrs load in a worker after the first frame
    from rls_tutor.session.learning import HomeData, Resume, Session, Startup
    from rls_tutor.tui.screens.home import HomeScreen

STORE_GROUP = "store"  # workers that write: quitting waits for them
# Keys that act at once even while keys are held for the session (see `hold_keys`).
UNHELD_KEYS = frozenset({"q", "question_mark", "ctrl+c", "ctrl+q"})


class TutorApp(App[None]):
    """Loads the course and the learner's progress, then hands over to the screens."""

    CSS_PATH = "tutor.tcss"
    TITLE = "rls-tutor"
    COMMANDS = App.COMMANDS | {CourseCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit (your progress is already saved)"),
        Binding(
            "question_mark", "help", "Keys", key_display="?", id="help", tooltip="Show the keys"
        ),
        Binding("g", "glossary", "Glossary", id="glossary", tooltip="Search the glossary"),
    ]

    def __init__(self, options: TutorOptions) -> None:
        super().__init__()
        self.options = options
        self.startup: Startup | None = None
        self.session: Session | None = None
        self.startup_error: str | None = None
        self._loading = False  # the start-up worker was started
        self._held: list[events.Key] | None = None  # keys kept until the session is ready
        self._then: list[tuple[Screen[Any], Callable[[], object]]] = []
        self.pending_practice = options.practice  # rls-tutor practice: once the session is open
        # Only the tutor's two themes, checked for contrast (tests/tui/test_contrast.py),
        # are offered: in the settings and in the command palette alike.
        for name in list(self.available_themes):
            if name not in THEMES:
                self.unregister_theme(name)
        for theme in THEMES.values():
            self.register_theme(theme)
        self.theme = offered(self.theme) or DARK  # $TEXTUAL_THEME may name another
        self.stylesheet.set_variables(self.get_css_variables())

    def compose(self) -> ComposeResult:
        yield Static("Loading the course…", id="loading")

    def on_mount(self) -> None:
        # Not pushed from here: this runs inside Textual's start-up batch, which drops the
        # screen updates made meanwhile, so the first screen's first frame came out with
        # holes and the whole of it only one refresh later (benchmarks/bench_startup.py).
        self.call_later(self._first_screen)

    def _first_screen(self) -> None:
        """A useful first screen, drawn before the course model (pydantic), fsrs and the
        store are imported: the welcome screen with the course's notice for a new
        learner, who can type a name and pick a track at once; home with the mastery
        figures for a returning one. Both come from the course cache and a read-only
        glance at the progress file. Without a usable cache (the first launch after an
        install or a course edit) the welcome takes the title and notice from
        `lessons/course.yaml` alone; home, which needs the whole outline, waits for the
        load, as does the welcome if that file is missing or broken."""
        options = self.options
        glance = peek(options.db_path, options.learner)
        self._apply_theme(glance.theme)
        preview = None
        if glance.known or not options.audience:
            from rls_tutor.content.preview import read_preview
            from rls_tutor.locations import cache_dir

            preview = read_preview(options.content_root, cache_dir())
        if glance.known:
            if preview is not None:
                from rls_tutor.session.glance import glance_home
                from rls_tutor.tui.screens.home import HomeScreen

                audience = options.audience or glance.audience or "patient"
                now = options.clock()
                figures = glance_home(options.db_path, glance.learner, audience, preview, now)
                self.push_screen(
                    HomeScreen(
                        None,
                        preview=preview,
                        learner=glance.learner,
                        audience=audience,
                        figures=figures,
                    )
                )
        elif not options.audience:
            from rls_tutor.content.preview import read_course_file
            from rls_tutor.tui.screens.welcome import WelcomeScreen

            if preview is None:
                preview = read_course_file(options.content_root)
            self.push_screen(WelcomeScreen(None, learner=glance.learner, preview=preview))
        # The load starts once this screen is on the terminal: its imports would slow it.
        self.call_after_refresh(self.start_loading)

    # --- start-up ------------------------------------------------------------

    def start_loading(self) -> None:
        """Load the course and the store in a worker (once), now that the first screen is
        drawn; the cyclic collector, off while it was built (commands/study.py), resumes."""
        if self._loading:
            return
        self._loading = True
        gc.freeze()  # what start-up made lives as long as the app: out of the collector's way
        gc.enable()
        self._load()

    @work(thread=True, exit_on_error=False, group="startup")
    def _load(self) -> None:
        from rls_tutor.session.learning import begin, start

        options = self.options
        startup = start(
            options.content_root,
            options.db_path,
            learner=options.learner,
            audience=options.audience,  # type: ignore[arg-type]
            create_parent=options.create_parent,
        )
        self.startup = startup
        session = data = None
        if startup.known:
            session = begin(
                startup, startup.learner, startup.audience, clock=options.clock, seed=options.seed
            )
            data = session.home_data()  # while we are in a thread anyway: home shows filled in
        self.call_from_thread(self._loaded, startup, session, data)

    def _loaded(self, startup: Startup, session: Session | None, data: HomeData | None) -> None:
        from rls_tutor.tui.screens.welcome import WelcomeScreen

        # The course, the modules and the first screens live as long as the app: move
        # them out of the collector's sight, or a full collection (200-400 ms, measured
        # in benchmarks/bench_answer.py) now and then lands between a key and its feedback.
        gc.freeze()

        if session is not None:
            self.open_session(session, resume=None, data=data)
        else:
            self._apply_theme(startup.theme)
            if isinstance(self.screen, WelcomeScreen):
                self.screen.loaded(startup)
            elif self._preview_home() is not None:  # the glance was wrong: a new learner
                self.switch_screen(WelcomeScreen(startup))
            else:
                self.push_screen(WelcomeScreen(startup))
        self._release_keys()

    # --- keys pressed before the session is ready ------------------------------

    def hold_keys(self, then: Callable[[], object] | None = None) -> None:
        """Keep the keys pressed from now until the course and the store are ready, then
        run `then` and replay the keys in order, as if they had been pressed afterwards.
        Quitting and help act at once."""
        if self._held is None:
            self._held = []
        if then is not None:
            self._then.append((self.screen, then))

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and self._holds(event):
            assert self._held is not None
            self._held.append(event)
            return
        await super().on_event(event)

    def _holds(self, event: events.Key) -> bool:
        if event.key in UNHELD_KEYS:
            return False
        if self._held is None and self._preview_home() is not None:
            # Home before its session: every key waits for it (the footer's, the topic list's).
            self.hold_keys()
        return self._held is not None

    def _release_keys(self) -> None:
        held, self._held = self._held or [], None
        then, self._then = self._then, []
        for screen, callback in then:
            if screen is self.screen:  # not if the glance was wrong and the screen changed
                callback()
        for key in held:
            self.post_message(events.Key(key.key, key.character))

    def _preview_home(self) -> HomeScreen | None:
        from rls_tutor.tui.screens.home import HomeScreen

        screen = self.screen
        return screen if isinstance(screen, HomeScreen) and screen.session is None else None

    def open_session(
        self, session: Session, *, resume: Resume | None, data: HomeData | None = None
    ) -> None:
        """Show home, and on top of it the lesson to `resume` if there is one."""
        from rls_tutor.tui.screens.home import HomeScreen
        from rls_tutor.tui.screens.lesson import LessonScreen
        from rls_tutor.tui.screens.welcome import WelcomeScreen

        self.session = session
        self._apply_theme(session.theme)
        preview = self._preview_home()
        # The loading screen stays at the bottom of the stack (it cannot be switched away).
        if preview is not None:
            preview.attach(session, data)
        elif isinstance(self.screen, WelcomeScreen) and len(self.screen_stack) == 2:
            self.switch_screen(HomeScreen(session, data))
        else:
            # Switching learner: the last learner's screens go (the loading one stays).
            while len(self.screen_stack) > 1:
                self.pop_screen()
            self.push_screen(HomeScreen(session, data))
        practice, self.pending_practice = self.pending_practice, None
        if practice is not None:
            from rls_tutor.tui.screens.practice import open_practice

            open_practice(self, session, practice)
        elif resume is not None:
            self.push_screen(LessonScreen(session, resume.lesson, resume.step))

    def _apply_theme(self, theme: str | None) -> None:
        # A theme saved before only two were offered becomes the dark or light one.
        name = offered(theme)
        if name and name != self.theme:
            self.theme = name

    def watch_theme(self, theme: str) -> None:
        session = self.session
        if session is not None and theme != session.theme:
            session.theme = theme
            self.save_setting("theme", theme)

    @work(thread=True, exit_on_error=False, group=STORE_GROUP)
    def save_setting(self, key: str, value: str) -> None:
        session = self.session
        if session is not None:
            session.store.set_setting(session.learner, key, value)

    def close(self) -> None:
        """Close the store; call once the app has exited."""
        if self.startup is not None:
            self.startup.store.close()

    # --- errors: all background failures end up here --------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        error = event.worker.error
        if event.state is not WorkerState.ERROR or error is None:
            return
        if event.worker.group == "startup":
            # Without a store or a course there is nothing to show: the CLI prints why.
            self.startup_error = str(error) if isinstance(error, StoreError) else repr(error)
            self.exit(return_code=1)
        else:
            self.report_error(error)

    def report_error(self, error: BaseException) -> None:
        from rls_tutor.tui.screens.error import ErrorModal

        if isinstance(error, StoreError):
            message = str(error)
        else:
            self.log.error(error)
            message = f"Something unexpected went wrong: {error!r}"
        if isinstance(self.screen, ErrorModal):
            self.screen.add(message)
        else:
            self.push_screen(ErrorModal(message))

    # --- actions available everywhere ------------------------------------------

    async def action_quit(self) -> None:
        """Quit once pending saves have finished, so nothing is lost."""
        pending = [w for w in self.workers if w.group == STORE_GROUP and w.is_running]
        for worker in pending:
            # A failure was already shown; a cancelled thread still ran to its end.
            with suppress(WorkerFailed, WorkerCancelled):
                await worker.wait()
        self.exit(return_code=0)

    def action_help(self) -> None:
        from rls_tutor.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_glossary(self, query: str = "") -> None:
        from rls_tutor.tui.screens.glossary import GlossaryScreen

        if self.session is not None:
            course, audience = self.session.course, self.session.audience
        elif self.startup is not None:  # on the welcome screen
            course, audience = self.startup.course, self.startup.audience
        else:  # still loading: open it then
            self.hold_keys(then=lambda: self.action_glossary(query))
            return
        if isinstance(self.screen, GlossaryScreen):
            self.screen.search(query)
        else:
            self.push_screen(GlossaryScreen(course, audience, query))

    def action_switch_learner(self) -> None:
        """Pick another learner of this progress file, or name a new one (a family
        sharing one install); each learner's progress and track stay their own.
        Escape changes nothing."""
        from rls_tutor.tui.screens.learners import LearnerDialog
        from rls_tutor.tui.screens.welcome import WelcomeScreen

        if self.startup is None or self.session is None:
            return
        if not isinstance(self.screen, LearnerDialog | WelcomeScreen):
            self.push_screen(LearnerDialog(self.startup, self.session))

    def go(self, name: str) -> None:
        """Open one of the main screens (from the palette or a key)."""
        from rls_tutor.tui.screens import open_named

        if self.session is not None:
            open_named(self, self.session, name)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # Textual's own "Keys" (its key panel) would sit beside ours under the same name.
        yield from (c for c in super().get_system_commands(screen) if c.title != "Keys")
        yield SystemCommand("Glossary", "Search the course's glossary", self.action_glossary)
        yield SystemCommand("Keys", "Show the keys for this screen", self.action_help)
        if self.session is not None:
            yield SystemCommand(
                "Switch learner",
                "Study as someone else on this computer",
                self.action_switch_learner,
            )
        if self.session is None:
            return
        if self.session.course.errors:
            yield SystemCommand(
                "Course problems",
                "Course files that could not be loaded",
                lambda: self.go("problems"),
            )
        for name, title, help_text in (
            ("home", "Home", "The course map: topics, mastery, what is due"),
            ("continue", "Continue", "Resume exactly where you stopped"),
            ("review", "Review", "The questions due, then new ones of the topics you started"),
            ("practice", "Practice block", "Questions by topic, tutor or timed, a score report"),
            ("progress", "Progress", "Mastery, accuracy and recent activity per topic"),
            ("settings", "Settings", "Track (patient or clinician), how-sure question, theme"),
            ("notice", "About this course", "The educational notice and the sources"),
        ):
            yield SystemCommand(title, help_text, lambda name=name: self.go(name))


def make_app(**options: Any) -> TutorApp:
    """The app, configured (the fields of `TutorOptions`); nothing opens until it runs.

    The CLI and the tests both build the tutor here.
    """
    return TutorApp(TutorOptions(**options))
