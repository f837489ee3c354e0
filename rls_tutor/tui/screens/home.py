"""Home: the course map, with mastery per topic, what is due, and where to continue."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Footer, ListItem, ListView

from rls_tutor.tui.screens.base import TutorScreen
from rls_tutor.tui.widgets.mastery import mastery_bar
from rls_tutor.tui.widgets.problems import ProblemsBanner
from rls_tutor.tui.widgets.text import Literal, literal
from rls_tutor.tui.widgets.topic_line import TopicLine

if TYPE_CHECKING:  # home's first frame can come before the model and the store load
    from rls_tutor.content.model import Lesson, Topic
    from rls_tutor.content.preview import CoursePreview, TopicPreview
    from rls_tutor.progress.mastery import TopicProgress
    from rls_tutor.progress.store import LessonPosition
    from rls_tutor.session.learning import HomeData, Session

TRACK_NAMES = {"patient": "patient track", "clinician": "clinician track"}
COL_LEVEL, COL_DUE = 12, 7  # the stats column: bar (15), level, due, lesson state


class TopicRow(ListItem):
    """One topic of the course map; new figures update it in place."""

    def __init__(self, topic: Topic | TopicPreview) -> None:
        super().__init__(TopicLine(topic.title), classes="topic-row")
        self.topic = topic
        self.progress: TopicProgress | None = None

    def show(self, progress: TopicProgress | None, lesson_state: str) -> None:
        self.progress = progress
        mastery = progress.mastery if progress else 0.0
        level = progress.level if progress else "Not started"
        due = f"{progress.due} due" if progress and progress.due else ""
        stats = Content.assemble(
            mastery_bar(mastery), "  ", level.ljust(COL_LEVEL), due.ljust(COL_DUE), lesson_state
        )
        self.query_one(TopicLine).set_stats(stats)


class HomeScreen(TutorScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        # c and r have buttons on the screen, so they stay out of the footer.
        Binding("c", "resume", "Continue", id="continue", show=False),
        Binding("r", "review", "Review", id="review", show=False),
        Binding("p", "progress", "Progress", id="progress"),
        Binding(
            "s", "settings", "Settings", id="settings", tooltip="Track, how-sure question, theme"
        ),
        Binding("i", "notice", "About", id="notice", show=False),  # named on the screen
        Binding("l", "app.switch_learner", "Switch learner", id="learner", show=False),
    ]

    def __init__(
        self,
        session: Session | None,
        data: HomeData | None = None,
        *,
        preview: CoursePreview | None = None,
        learner: str = "",
    ) -> None:
        """With `session` None, a first frame from the cached `preview` (titles only)
        while the course and the store load; `attach()` brings it to life."""
        super().__init__(session)  # type: ignore[arg-type]
        self.data: HomeData | None = None
        self._prefetched = data  # loaded with the course at start-up: no second round trip
        self._resume_when_loaded = False  # Continue pressed before the figures arrived
        self.preview = preview
        self.learner = learner

    def compose(self) -> ComposeResult:
        yield Literal(self._title(), id="home-title", classes="topbar")
        yield Literal(
            "Educational material, not medical advice. Press i to read the notice.",
            classes="notice-line",
        )
        if self.session is not None:
            yield ProblemsBanner(self.session.course.problems, self.session.course.root)
        with Horizontal(id="actions"):
            yield Button("Continue", id="continue", variant="primary", compact=True)
            yield Button("Review due", id="review", compact=True)
        heading = "Mastery".ljust(17) + "Level".ljust(COL_LEVEL) + "Due".ljust(COL_DUE) + "Lesson"
        header = TopicLine("Topic", classes="topic-header")
        header.stats = Content(heading)
        yield header
        if self.session is not None:
            topics: list[Topic] | list[TopicPreview] = self.session.course.topics
        else:
            topics = self.preview.topics if self.preview else []
        yield ListView(*[TopicRow(t) for t in topics], id="topics")
        yield Footer()

    def _title(self) -> str:
        if self.session is None:
            title = self.preview.title if self.preview else "rls-tutor"
            return f"{title}  ·  {self.learner}"
        track = TRACK_NAMES[self.session.audience]
        return f"{self.session.course.title}  ·  {self.session.learner}, {track}"

    def on_mount(self) -> None:
        self.query_one("#continue", Button).focus()
        if self._prefetched is not None:
            self._show(self._prefetched)

    def attach(self, session: Session, data: HomeData | None) -> None:
        """The course and the store are ready: the preview becomes the real home."""
        self.session = session
        self.preview = None
        topics = {t.id: t for t in session.course.topics}
        rows = list(self.query(TopicRow))
        if [r.topic.id for r in rows] != [t.id for t in session.course.topics]:
            listing = self.query_one("#topics", ListView)
            listing.clear()
            listing.extend(TopicRow(t) for t in session.course.topics)
        else:
            for row in rows:
                row.topic = topics[row.topic.id]
        banner = ProblemsBanner(session.course.problems, session.course.root)
        self.mount(banner, after=self.query_one(".notice-line"))
        self.query_one("#home-title", Literal).show(self._title())
        self.refresh_bindings()
        if data is not None:
            self._show(data)
        else:
            self._refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return False  # home is the bottom of the stack
        # Before the session arrives only Continue (queued), quitting and help work.
        return self.session is not None or action == "resume" or None

    def on_screen_resume(self) -> None:
        if self.session is None:
            return  # the preview: attach() fills in
        self.query_one("#home-title", Literal).show(self._title())
        if self._prefetched is not None:
            self._prefetched = None  # fresh already; later visits reload
        else:
            self._refresh()

    @work(thread=True, exit_on_error=False, exclusive=True, group="home")
    def _refresh(self) -> None:
        data = self.session.home_data()
        self.app.call_from_thread(self._show, data)

    def _show(self, data: HomeData) -> None:
        self.data = data
        resume = data.resume
        cont = self.query_one("#continue", Button)
        if resume is None:
            cont.label = "All lessons done"
        else:
            verb = "Continue" if resume.started else "Start"
            cont.label = Content.assemble(f"{verb}: ", literal(resume.lesson.title))
        review = self.query_one("#review", Button)
        review.label = f"Review due ({data.due})"
        for button in (cont, review):
            button.refresh(layout=True)  # the label is not a layout reactive
        progress = {p.topic_id: p for p in data.topics}
        for row in self.query(TopicRow):
            row.show(progress.get(row.topic.id), self._lesson_state(row.topic, data.positions))
        if self._resume_when_loaded:
            self._resume_when_loaded = False
            self.action_resume()

    def _lesson_state(
        self, topic: Topic | TopicPreview, positions: dict[str, LessonPosition]
    ) -> str:
        lessons = self.session.course.lessons_for_topic(topic.id)
        if not lessons:
            return "no lesson"
        done = sum(1 for x in lessons if x.id in positions and positions[x.id].completed)
        if done == len(lessons):
            return "✓ done"
        if any(x.id in positions for x in lessons):
            return "started"
        return ""

    # --- actions ---------------------------------------------------------------

    @on(Button.Pressed, "#continue")
    def action_resume(self) -> None:
        from rls_tutor.tui.screens.lesson import LessonScreen

        if self.data is None:
            self._resume_when_loaded = True
            return
        if self.data.resume is None:
            self.notify("You have finished every lesson. Review keeps your mastery up.")
            return
        resume = self.data.resume
        self.app.push_screen(LessonScreen(self.session, resume.lesson, resume.step))

    @on(Button.Pressed, "#review")
    def action_review(self) -> None:
        from rls_tutor.tui.screens.review import ReviewScreen

        if self.session is None:
            return
        self.app.push_screen(ReviewScreen(self.session))

    def action_progress(self) -> None:
        from rls_tutor.tui.screens.progress import ProgressScreen

        self.app.push_screen(ProgressScreen(self.session))

    def action_settings(self) -> None:
        from rls_tutor.tui.screens.settings import SettingsScreen

        self.app.push_screen(SettingsScreen(self.session))

    def action_notice(self) -> None:
        from rls_tutor.tui.screens.notice import NoticeScreen

        self.app.push_screen(NoticeScreen(self.session.course))

    @on(ListView.Selected, "#topics")
    def _open_topic(self, event: ListView.Selected) -> None:
        assert isinstance(event.item, TopicRow)
        if self.session is None:
            return  # still loading
        lessons = self.session.course.lessons_for_topic(event.item.topic.id)
        if not lessons:
            self.notify("This topic has no lesson yet.", markup=False)
        elif len(lessons) == 1:
            self.open_lesson(lessons[0])
        else:
            from rls_tutor.tui.screens.lesson_picker import LessonPicker

            self.app.push_screen(LessonPicker(lessons), self._picked)

    def _picked(self, lesson: Lesson | None) -> None:
        if lesson is not None:
            self.open_lesson(lesson)

    def open_lesson(self, lesson: Lesson) -> None:
        """Open at the saved step if the lesson is under way, else from the start."""
        from rls_tutor.tui.screens.lesson import LessonScreen

        position = self.data.positions.get(lesson.id) if self.data else None
        completed = bool(position and position.completed)
        step = position.step if position and not completed else 0
        self.app.push_screen(LessonScreen(self.session, lesson, step, completed))
