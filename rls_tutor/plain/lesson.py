"""A lesson, line by line: each screen as paragraphs, each check as a question.

The session's `LessonRun` decides which steps the track sees, where the lesson
opens and what position is saved when; this prints each step and reads what to do.
Positions are saved the moment a step shows, as in the TUI, so quitting anywhere
(q, the end of input) resumes at that step.
"""

from __future__ import annotations

from typing import Literal

from rls_tutor.content.model import Check, Screen
from rls_tutor.plain import question
from rls_tutor.plain.console import Console, Keys
from rls_tutor.plain.markdown import to_plain
from rls_tutor.session.check_answers import CheckShowing, LessonPass, open_pass
from rls_tutor.session.learning import Opening, Session
from rls_tutor.session.lesson_run import LessonRun

SCREEN_KEYS: Keys = (
    ("Enter", "the next screen"),
    ("b", "back to the previous screen"),
    ("m", "the menu (home)"),
)


def study(console: Console, session: Session, opening: Opening) -> None:
    """Go through a lesson (and on into the next ones) until the learner goes home."""
    run = LessonRun.open(session, opening.lesson, opening.step, opening.completed)
    # Before the first position is saved: a new or finished position starts a pass.
    checks = open_pass(session, run.lesson)
    while True:
        point = run.arrive()
        if point is not None:
            run.save(point)
        step = run.current
        heading = f"{run.lesson.title}, screen {run.number} of {run.count}"
        if run.empty:
            console.heading(run.lesson.title)
            console.say(run.nothing_to_show())
            console.ask("Press Enter to go back to the menu (h for help, q to quit)")
            return
        if step is None:
            choice = _summary(console, run)
            if choice == "back":
                run.back()
                continue
            following = session.next_opening(run.lesson) if choice == "next" else None
            if following is None:
                return
            run = LessonRun.open(session, following.lesson, following.step, following.completed)
            checks = open_pass(session, run.lesson)
        elif isinstance(step, Screen):
            console.heading(f"{heading}: {step.title}")
            console.say(to_plain(step.text_for(session.audience) or ""))
            titles = session.course.source_titles(step.sources)
            console.say(("Source: " if len(titles) == 1 else "Sources: ") + "; ".join(titles))
            typed = console.ask(
                "Press Enter for the next screen (b back, m menu, h help, q quit)", SCREEN_KEYS
            ).casefold()
            if typed == "m":
                return
            if typed == "b":
                if not run.back():
                    console.line("This is the first screen of the lesson.")
            else:
                run.advance()
        else:
            asked = _check(console, run, step, checks, f"{heading}: check your understanding")
            if asked.outcome == "home":
                return
            if asked.outcome == "back":
                if not run.back():
                    console.line("This is the first screen of the lesson.")
                continue
            run.advance()


def _check(
    console: Console, run: LessonRun, step: Check, checks: LessonPass, heading: str
) -> question.Asked:
    """A check, asked (or its answer in this pass shown again), and asked again for as
    long as the learner wants to retry it; each answer recorded counts in the tally."""
    session = run.session
    found = session.course.questions[step.check]
    showing = CheckShowing(session, found, checks)
    while True:
        asked = question.ask(
            console,
            showing,
            heading=heading,
            keys=question.LESSON_KEYS,
            after=question.RETRY_KEYS,
        )
        if asked.recorded and asked.feedback is not None:
            run.tally(asked.feedback.correct)
        if asked.outcome != "retry":
            return asked
        showing = CheckShowing(session, found, checks, retry=True)


def _summary(console: Console, run: LessonRun) -> Literal["next", "back", "home"]:
    """The end of the lesson, and where the learner goes from there."""
    console.heading(f"{run.lesson.title}: lesson complete")
    console.say(*run.summary())
    upcoming = run.upcoming()
    if upcoming is None:
        console.say("That was the last lesson. Review keeps what you learned fresh.")
        prompt = "Press Enter to go back to the menu (b back, h help, q quit)"
        keys: Keys = [("Enter", "the menu (home)"), ("b", "back to the last screen")]
    else:
        console.say(f"Next lesson: {upcoming.title}.")
        prompt = "Press Enter for the next lesson (b back, m menu, h help, q quit)"
        keys = [("Enter", "the next lesson"), *SCREEN_KEYS[1:]]
    typed = console.ask(prompt, keys).casefold()
    if typed == "b":
        return "back"
    if typed == "m" or upcoming is None:
        return "home"
    return "next"
