"""Home: the course map, with mastery per topic, what is due, and where to continue."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Footer, ListItem, ListView

from rls_tutor.session.learner import track
from rls_tutor.session.review_plan import ReviewCounts
from rls_tutor.tui.screens.base import TutorScreen
from rls_tutor.tui.widgets.mastery import mastery_bar
from rls_tutor.tui.widgets.problems import ProblemsBanner
from rls_tutor.tui.widgets.text import Literal, literal
from rls_tutor.tui.widgets.topic_line import TopicLine

if TYPE_CHECKING:  # home's first frame can come before the model and the store load
    from rls_tutor.content.model import Lesson, Topic
    from rls_tutor.content.preview import CoursePreview, TopicPreview
    from rls_tutor.progress.mastery import TopicProgress
    from rls_tutor.session.glance import HomeFigures
    from rls_tutor.session.learning import HomeData, Session

COL_LEVEL, COL_DUE = 12, 7  # the stats column: bar (15), level, due, lesson state
LESSON_STATES = {"none": "no lesson", "done": "✓ done", "started": "started"}  # "new": blank


def row_stats(progress: TopicProgress | None, lesson_state: str) -> Content:
    """A topic row's figures: mastery bar and percentage, level, due, lesson state."""
    mastery = progress.mastery if progress else 0.0
    level = progress.level if progress else "Not started"
    due = f"{progress.due} due" if progress and progress.due else ""
    return Content.assemble(
        mastery_bar(mastery), "  ", level.ljust(COL_LEVEL), due.ljust(COL_DUE), lesson_state
    )


def continue_label(figures: HomeFigures | None) -> str | Content:
    if figures is None:
        return "Continue"  # not known yet
    if figures.resume is None:
        return "All lessons done"
    verb = "Continue" if figures.resume.started else "Start"
    return Content.assemble(f"{verb}: ", literal(figures.resume.title))


def review_label(figures: HomeFigures | None) -> str:
    return "Review" if figures is None else ReviewCounts(figures.due, figures.new).label()


class TopicRow(ListItem):
    """One topic of the course map; new figures update it in place."""

    def __init__(self, topic: Topic | TopicPreview, figures: HomeFigures | None = None) -> None:
        """With `figures`, the row is drawn with them from its first frame."""
        line = TopicLine(topic.title)
        super().__init__(line, classes="topic-row")
        self.topic = topic
        self.progress: TopicProgress | None = None
        if figures is not None:
            self.progress, state = self._of(figures)
            line.stats = row_stats(self.progress, state)

    def show(self, figures: HomeFigures) -> None:
        self.progress, state = self._of(figures)
        self.query_one(TopicLine).set_stats(row_stats(self.progress, state))

    def _of(self, figures: HomeFigures) -> tuple[TopicProgress | None, str]:
        progress = next((p for p in figures.topics if p.topic_id == self.topic.id), None)
        state = figures.lesson_states.get(self.topic.id, "new")
        return progress, LESSON_STATES.get(state, "")


class HomeScreen(TutorScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        # Every key in the footer, the buttons' too (a key nobody sees is never pressed),
        # but i, named on the screen: with q and ? they fill 80 columns. The glossary (g)
        # and the palette (Ctrl+P), in every other footer, are listed by ? here.
        Binding("c", "resume", "Continue", id="continue", tooltip="Where you stopped"),
        Binding("r", "review", "Review", id="review", tooltip="Due questions, then new ones"),
        Binding(
            "b", "practice", "Practice", id="practice", tooltip="A practice block of questions"
        ),
        Binding("p", "progress", "Progress", id="progress"),
        Binding(
            "s", "settings", "Settings", id="settings", tooltip="Track, how-sure question, theme"
        ),
        Binding("l", "app.switch_learner", "Learner", id="learner", tooltip="Switch learner"),
        Binding("i", "notice", "About", id="notice", show=False),  # named on the screen
        Binding("g", "app.glossary", "Glossary", show=False),
    ]

    def __init__(
        self,
        session: Session | None,
        data: HomeData | None = None,
        *,
        preview: CoursePreview | None = None,
        learner: str = "",
        audience: str | None = None,
        figures: HomeFigures | None = None,
    ) -> None:
        """With `session` None, a first frame from the cached `preview`, with the
        `figures` glanced from the progress file (session/glance.py) if there are any,
        while the course and the store load; `attach()` brings it to life."""
        super().__init__(session)  # type: ignore[arg-type]
        self.data: HomeData | None = None
        self._prefetched = data  # loaded with the course at start-up: no second round trip
        self._resume_when_loaded = False  # Continue pressed before the figures arrived
        self.preview = preview
        self.learner = learner
        self.audience = audience  # the saved track, in the preview's title
        self._glanced = figures

    def compose(self) -> ComposeResult:
        first = self._first_figures()  # drawn in the first frame, not one frame later
        yield Literal(self._title(), id="home-title", classes="topbar")
        yield Literal(
            "Educational material, not medical advice. Press i to read the notice.",
            classes="notice-line",
        )
        if self.session is not None:
            yield ProblemsBanner(self.session.course.problems, self.session.course.root)
        with Horizontal(id="actions"):
            yield Button(continue_label(first), id="continue", variant="primary", compact=True)
            yield Button(review_label(first), id="review", compact=True)
        heading = "Mastery".ljust(17) + "Level".ljust(COL_LEVEL) + "Due".ljust(COL_DUE) + "Lesson"
        header = TopicLine("Topic", classes="topic-header")
        header.stats = Content(heading)
        yield header
        if self.session is not None:
            topics: list[Topic] | list[TopicPreview] = self.session.course.topics
        else:
            topics = self.preview.topics if self.preview else []
        yield ListView(*[TopicRow(t, first) for t in topics], id="topics")
        yield Footer(show_command_palette=False)

    def _title(self) -> str:
        if self.session is None:
            title = self.preview.title if self.preview else "rls-tutor"
            if self.audience is None:
                return f"{title}  ·  {self.learner}"
            return f"{title}  ·  {self.learner}, {track(self.audience).name}"
        name = track(self.session.audience).name
        return f"{self.session.course.title}  ·  {self.session.learner}, {name}"

    def _first_figures(self) -> HomeFigures | None:
        if self._prefetched is not None and self.session is not None:
            from rls_tutor.session.glance import figures

            return figures(self._prefetched, self.session.course)
        return self._glanced

    def on_mount(self) -> None:
        self.query_one("#continue", Button).focus()
        if self._prefetched is not None:
            self.data = self._prefetched  # drawn by compose already

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
        from rls_tutor.session.glance import figures

        self.data = data
        self._paint(figures(data, self.session.course))
        if self._resume_when_loaded:
            self._resume_when_loaded = False
            self.action_resume()

    def _paint(self, figures: HomeFigures) -> None:
        """The figures beside the course map: the session's, or the first frame's glance."""
        cont = self.query_one("#continue", Button)
        cont.label = continue_label(figures)
        review = self.query_one("#review", Button)
        review.label = review_label(figures)
        for button in (cont, review):
            button.refresh(layout=True)  # the label is not a layout reactive
        for row in self.query(TopicRow):
            row.show(figures)

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

        if self.session is None:  # clicked before the session was ready: review then
            self.app.hold_keys(then=self.action_review)
            return
        self.app.push_screen(ReviewScreen(self.session))

    def action_practice(self) -> None:
        from rls_tutor.tui.screens.practice_builder import BuilderScreen

        self.app.push_screen(BuilderScreen(self.session))

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
        if self.session is None:  # clicked before the session was ready: open it then
            self.app.hold_keys(then=lambda: self._open_topic(event))
            return
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
        from rls_tutor.session.learning import opening
        from rls_tutor.tui.screens.lesson import LessonScreen

        where = opening(lesson, self.data.positions.get(lesson.id) if self.data else None)
        self.app.push_screen(LessonScreen(self.session, lesson, where.step, where.completed))
