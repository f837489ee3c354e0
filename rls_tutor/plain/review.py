"""Review, line by line: the session's queue of due questions, one after another."""

from __future__ import annotations

from rls_tutor.plain import question
from rls_tutor.plain.console import Console
from rls_tutor.session.answering import Showing
from rls_tutor.session.learning import Session
from rls_tutor.session.reviewing import ReviewRun


def review(console: Console, session: Session) -> None:
    run = ReviewRun.load(session)
    while (current := run.current) is not None:
        topic = run.topic_title()
        heading = f"Review, question {run.index + 1} of {len(run.queue)} ({run.tag()})"
        asked = question.ask(
            console,
            Showing(session, current),
            heading=f"{heading}: {topic}" if topic else heading,
            keys=question.REVIEW_KEYS,
        )
        if asked.outcome == "home":
            return
        if asked.feedback is not None:
            run.tally(asked.topic_id, asked.feedback.correct)
        run.advance()
    console.heading("Review: done" if run.queue else "Review")
    console.say(*run.summary())
    if run.queue:
        console.ask("Press Enter to go back to the menu (h for help, q to quit)")
