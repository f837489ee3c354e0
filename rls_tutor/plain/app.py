"""`rls-tutor study --plain`: the tutor as lines of text, for a screen reader, a braille
display or a pipe.

The same start as the TUI (`session.learning.start` and `begin`): a new learner sees
the course's notice and is asked a name and a track (Enter accepts the defaults) and
goes straight into the first lesson; a returning one comes to the menu, where "c"
continues exactly where the TUI would. Every answer is recorded by the session's
`Showing`, the same call as the TUI's. `q`, or the end of the input, leaves with
status 0: everything is saved as it happens.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rls_tutor.content.model import Audience
from rls_tutor.content.text import reflow
from rls_tutor.escape import echo, printable
from rls_tutor.plain import pages
from rls_tutor.plain.console import Console, Keys, Quit
from rls_tutor.plain.lesson import study
from rls_tutor.plain.review import review
from rls_tutor.progress.errors import StoreError
from rls_tutor.session.learner import TRACKS, learner_name, name_problem, track
from rls_tutor.session.learning import (
    Resume,
    Session,
    Startup,
    begin,
    lesson_state,
    start,
)
from rls_tutor.session.review_plan import ReviewCounts

STATES = {"done": "done", "started": "started", "new": "not started"}


def run_plain(
    content_root: Path,
    db_path: Path,
    *,
    learner: str | None,
    audience: Audience | None,
    create_parent: bool,
    console: Console | None = None,
) -> int:
    """The plain mode's exit status: 0 when the learner leaves, 1 if the progress file
    cannot be used (said on stderr, as the TUI's command says it)."""
    try:
        startup = start(
            content_root, db_path, learner=learner, audience=audience, create_parent=create_parent
        )
    except StoreError as exc:
        echo(printable(f"rls-tutor: error: {exc}"), err=True)
        return 1
    console = console or Console()
    try:
        if startup.known:
            session = begin(startup, startup.learner, startup.audience)
            resume = None
        else:
            session, resume = welcome(console, startup)
        Plain(console, session).run(resume)
    except Quit:
        echo()
        echo("Goodbye: your progress is saved.")
    except StoreError as exc:
        echo(printable(f"rls-tutor: error: {exc}"), err=True)
        return 1
    finally:
        startup.store.close()
    return 0


def welcome(console: Console, startup: Startup) -> tuple[Session, Resume | None]:
    """A first run: the notice, then who is learning and which track suits them."""
    course = startup.course
    console.heading(f"Welcome to {course.title}")
    console.say(reflow(course.notice))
    errors = course.errors
    if errors:
        console.say(
            f"{len(errors)} problem(s) in the course files; the rest of the course loaded "
            "(`rls-tutor check` lists them)."
        )
    while True:
        typed = console.ask(
            f"Your name: type it, then Enter (Enter alone: {startup.learner}; h for help, "
            "q to quit)",
            [("a name", "who is learning"), ("Enter", f"keep the name {startup.learner}")],
            commands=False,
        )
        name = learner_name(typed or startup.learner)
        problem = name_problem(name)
        if problem is None:
            break
        console.line(problem)
    console.line("")
    console.line("Which track suits you? You can change it later in the settings.")
    for number, choice in enumerate(TRACKS, start=1):
        console.line(f"{number}. {choice.title}: {choice.description}")
    console.line("")
    default = next(n for n, t in enumerate(TRACKS, start=1) if t.audience == startup.audience)
    count = len(TRACKS)
    numbers = " or ".join(str(n) for n in range(1, count + 1))
    while True:
        typed = console.ask(
            f"Answer {numbers}, then Enter (Enter alone: {default}; h for help, q to quit)",
            [(numbers, "the track"), ("Enter", f"track {default}")],
        )
        if not typed:
            typed = str(default)
        if typed.isdigit() and 1 <= int(typed) <= count:
            break
        console.line(f"Type a number from 1 to {count}, then Enter.")
    session = begin(startup, name, TRACKS[int(typed) - 1].audience)
    return session, session.after_welcome()


class Plain:
    """The menu (home) and what it opens."""

    def __init__(self, console: Console, session: Session) -> None:
        self.console = console
        self.session = session
        console.glossary = lambda: pages.glossary(console, session)

    def run(self, resume: Resume | None) -> None:
        if resume is not None:
            study(self.console, self.session, resume.opening)
        while True:
            self.home()

    def home(self) -> None:
        console, session = self.console, self.session
        data = session.home_data()
        lessons = session.lessons_in_order()
        console.heading(
            f"{session.course.title}: menu. {session.learner}, {track(session.audience).name}."
        )
        console.say("Educational material, not medical advice (i: the notice and the sources).")
        resume = data.resume
        if resume is None:
            console.line("c: all lessons are done; review keeps them fresh")
        else:
            verb = "continue" if resume.started else "start"
            console.line(f"c: {verb} {resume.lesson.title}")
        console.line(f"r: {ReviewCounts(data.due, data.new).label()}")
        console.line("p: progress")
        console.line("g: glossary")
        console.line("s: settings")
        console.line("q: quit")
        console.line("")
        console.line("Lessons:")
        for number, lesson in enumerate(lessons, start=1):
            topic = session.course.topic(lesson.topic)
            state = STATES.get(lesson_state([lesson], data.positions), "")
            about = f", {topic.title}" if topic else ""
            console.line(f"{number}: {lesson.title}{about}, {state}")
        console.line("")
        actions: dict[str, Callable[[], None]] = {
            "c": lambda: self.resume(resume),
            "r": lambda: review(console, session),
            "p": lambda: pages.progress(console, session),
            "s": lambda: pages.settings(console, session),
            "i": lambda: pages.notice(console, session),
        }
        keys: Keys = [
            ("Enter or c", "continue where you stopped"),
            ("r", "review the questions that are due"),
            (f"1 to {len(lessons)}", "open that lesson"),
            ("p", "progress: mastery per topic"),
            ("s", "settings: track, how-sure question"),
            ("i", "the notice and the sources"),
        ]
        while True:
            typed = console.ask(
                "Type a letter or a lesson's number, then Enter (Enter alone: c; h for help, "
                "q to quit)",
                keys,
            )
            action = actions.get(typed.casefold() or "c")
            if action is not None:
                action()
                return
            if typed.isdigit() and 1 <= int(typed) <= len(lessons):
                study(console, session, session.open_point(lessons[int(typed) - 1]))
                return
            console.line(f"Not a choice here: {typed}. Type h for the keys.")

    def resume(self, resume: Resume | None) -> None:
        if resume is None:
            self.console.say("You have finished every lesson. Review keeps your mastery up.")
            return
        study(self.console, self.session, resume.opening)
