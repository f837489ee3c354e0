"""The learner's session: the course, the store, who is learning and how.

Plain Python (no Textual): every method that touches the store blocks, so the
screens call them from thread workers, never from the event loop.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from rls_tutor.content.course import Course
from rls_tutor.content.model import AUDIENCES, Audience, Check, Lesson, Screen
from rls_tutor.progress.mastery import TopicProgress
from rls_tutor.progress.peek import DEFAULT_LEARNER  # one default for the CLI and the TUI
from rls_tutor.progress.store import LessonPosition, ProgressStore
from rls_tutor.session import progression
from rls_tutor.session.clock import utc_now
from rls_tutor.session.progression import LessonState
from rls_tutor.session.review_plan import REVIEW_LIMIT

Step = Screen | Check


@dataclass(frozen=True)
class Resume:
    """Where "Continue" leads: a lesson and an index into its authored steps."""

    lesson: Lesson
    step: int
    started: bool

    @property
    def opening(self) -> Opening:
        return Opening(self.lesson, self.step, completed=False)


@dataclass(frozen=True)
class Opening:
    """Where a lesson opens: its saved step if it is under way, else its start."""

    lesson: Lesson
    step: int
    completed: bool


def opening(lesson: Lesson, position: LessonPosition | None) -> Opening:
    """A lesson under way opens at its saved step; a new or finished one from the start
    (a finished one stays marked as finished)."""
    completed = bool(position and position.completed)
    step = position.step if position is not None and not completed else 0
    return Opening(lesson, step, completed)


def lesson_state(lessons: list[Lesson], positions: dict[str, LessonPosition]) -> LessonState:
    """How far the learner is through these lessons (a topic's, or one)."""
    return progression.lesson_state([x.id for x in lessons], positions)


@dataclass(frozen=True)
class HomeData:
    topics: list[TopicProgress]
    due: int  # questions due now
    resume: Resume | None
    positions: dict[str, LessonPosition]
    new: int = 0  # never-answered questions the next review adds (session/review_plan.py)


@dataclass
class Session:
    course: Course
    store: ProgressStore
    learner: str
    audience: Audience
    ask_certainty: bool = False
    clock: Callable[[], datetime] = utc_now
    seed: int | None = None
    theme: str | None = None
    # Position saves run in worker threads and may finish out of order.
    _tickets: itertools.count[int] = field(default_factory=itertools.count, repr=False)
    _saved: dict[str, int] = field(default_factory=dict, repr=False)
    _save_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def now(self) -> datetime:
        return self.clock()

    def ticket(self) -> int:
        """Take a number when a step changes (on the event loop), save with it later."""
        return next(self._tickets)

    # --- the course, for this audience (no store access) ---------------------

    def lessons_in_order(self) -> list[Lesson]:
        """Lessons in the course's teaching order (topic order, then file order)."""
        ordered = [
            lesson
            for topic in self.course.topics
            for lesson in self.course.lessons_for_topic(topic.id)
        ]
        # Lessons whose topic is missing (a broken course.yaml) still get shown, last.
        ordered += [lesson for lesson in self.course.lessons.values() if lesson not in ordered]
        return ordered

    def visible_steps(self, lesson: Lesson) -> list[tuple[int, Step]]:
        """(authored index, step) for the steps this audience sees."""
        shown = {id(step) for step in lesson.steps_for(self.audience, self.course.questions)}
        return [(i, step) for i, step in enumerate(lesson.steps) if id(step) in shown]

    def visible_index(self, lesson: Lesson, authored: int) -> int:
        """The first visible step at or after an authored index (the track may differ
        from the one the position was saved with)."""
        steps = self.visible_steps(lesson)
        for n, (i, _) in enumerate(steps):
            if i >= authored:
                return n
        return max(len(steps) - 1, 0)

    def next_lesson(self, lesson: Lesson) -> Lesson | None:
        ordered = [x for x in self.lessons_in_order() if self.visible_steps(x)]
        try:
            return ordered[ordered.index(lesson) + 1]
        except (ValueError, IndexError):
            return None

    # --- blocking reads and writes (call from a thread worker) ----------------

    def resume_point(self) -> Resume | None:
        """The exact step where the learner stopped, else the next unfinished lesson."""
        last = self.store.last_position(self.learner)
        if last is not None and last.lesson_id not in self.course.lessons:
            last = None  # a lesson edited away since
        ordered = [x.id for x in self.lessons_in_order() if self.visible_steps(x)]
        positions = {
            i: p for i in ordered if (p := self.store.position(self.learner, i)) is not None
        }
        found = progression.resume_id(ordered, positions, last)
        if found is None:
            return None
        lesson_id, step, started = found
        return Resume(self.course.lessons[lesson_id], step, started=started)

    def after_welcome(self) -> Resume | None:
        """Where a learner goes once named on the first screen: one who has not started
        any lesson goes straight into the first one; anyone else goes home (None)."""
        if self.store.started_lessons(self.learner):
            return None
        return self.resume_point()

    def open_point(self, lesson: Lesson) -> Opening:
        """Where `lesson` opens for this learner (see `opening`)."""
        return opening(lesson, self.store.position(self.learner, lesson.id))

    def next_opening(self, lesson: Lesson) -> Opening | None:
        """Where the lesson after `lesson` opens, or None after the last one."""
        upcoming = self.next_lesson(lesson)
        return None if upcoming is None else self.open_point(upcoming)

    def home_data(self) -> HomeData:
        positions = {}
        for lesson_id in self.course.lessons:
            position = self.store.position(self.learner, lesson_id)
            if position is not None:
                positions[lesson_id] = position
        now = self.now()
        review = self.store.review_plan(
            self.learner, self.course, self.audience, limit=REVIEW_LIMIT, now=now
        )
        return HomeData(
            topics=self.store.topic_progress(self.learner, self.course, self.audience, now=now),
            due=review.due,
            resume=self.resume_point(),
            positions=positions,
            new=len(review.new),
        )

    def save_position(
        self, lesson_id: str, step: int, *, completed: bool, ticket: int, now: datetime
    ) -> None:
        """Save a lesson position unless a newer one for that lesson is already saved."""
        with self._save_lock:
            if ticket < self._saved.get(lesson_id, -1):
                return
            self.store.save_position(self.learner, lesson_id, step, completed=completed, now=now)
            self._saved[lesson_id] = ticket

    def set_audience(self, audience: Audience) -> None:
        self.store.set_setting(self.learner, "audience", audience)
        self.audience = audience

    def set_ask_certainty(self, ask: bool) -> None:
        self.store.set_setting(self.learner, "ask_certainty", "1" if ask else "0")
        self.ask_certainty = ask


@dataclass(frozen=True)
class Startup:
    """What the app needs to decide its first screen."""

    course: Course
    store: ProgressStore
    learner: str
    audience: Audience
    known: bool  # a returning learner with a chosen track: go straight home
    ask_certainty: bool
    theme: str | None


def start(
    content_root: Path,
    db_path: Path,
    *,
    learner: str | None,
    audience: Audience | None,
    create_parent: bool,
) -> Startup:
    """Open the store and load the course (blocking; raises StoreError)."""
    from rls_tutor.content.cache import load_course_cached
    from rls_tutor.locations import cache_dir

    store = ProgressStore.open(db_path, create_parent=create_parent)
    try:
        course = load_course_cached(content_root, cache_dir())
        # A name given without regard to case is the learner already there ("maria": Maria).
        name = (learner and store.find_learner(learner)) or learner
        name = name or store.last_learner() or DEFAULT_LEARNER
        known_learner = name in store.learners()
        saved = store.get_setting(name, "audience") if known_learner else None
        chosen: Audience = audience or (saved if saved in AUDIENCES else "patient")
        return Startup(
            course=course,
            store=store,
            learner=name,
            audience=chosen,
            known=saved in AUDIENCES,
            ask_certainty=known_learner and store.get_setting(name, "ask_certainty") == "1",
            theme=store.get_setting(name, "theme") if known_learner else None,
        )
    except BaseException:
        store.close()
        raise


def begin(
    startup: Startup,
    learner: str,
    audience: Audience,
    *,
    clock: Callable[[], datetime] = utc_now,
    seed: int | None = None,
) -> Session:
    """Make `learner` the current, remembered learner with this track (blocking)."""
    store = startup.store
    learner = store.find_learner(learner) or learner  # "maria" is Maria, not a new learner
    store.ensure_learner(learner)
    store.set_last_learner(learner)
    if store.get_setting(learner, "audience") != audience:
        store.set_setting(learner, "audience", audience)
    same = learner == startup.learner
    return Session(
        course=startup.course,
        store=store,
        learner=learner,
        audience=audience,
        ask_certainty=startup.ask_certainty
        if same
        else store.get_setting(learner, "ask_certainty") == "1",
        theme=startup.theme if same else store.get_setting(learner, "theme"),
        clock=clock,
        seed=seed,
    )
