"""`rls-tutor reset [--learner NAME] [--topic ID] [--yes]`: forget a learner's progress.

Removes the learner's answers, review schedule and lesson positions (all, or
one topic's), after a confirmation on standard input unless --yes. A backup of
the database is kept beside it first, and its path printed. The learner's name
and settings stay. Exit status: 0 reset (or nothing to reset), 1 not confirmed
or an error, 2 unknown topic.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from rls_tutor.cli import option
from rls_tutor.escape import echo

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "reset",
        parents=[common],
        help="forget a learner's progress (keeps a backup)",
        description="Forget a learner's answers, review schedule and lesson positions, for the "
        "whole course or one topic. Asks for confirmation unless --yes; keeps a backup. "
        "Exit status: 0 reset, 1 not confirmed or error, 2 unknown topic.",
    )
    parser.add_argument("--topic", metavar="ID", help="only this topic's questions and lessons")
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    parser.set_defaults(func=run)


def confirm(prompt: str) -> bool | None:
    """True or False from a line of stdin; None when there is no stdin to ask."""
    stdin = sys.stdin
    if stdin is None or stdin.closed:
        return None
    echo(prompt, end="")
    try:
        line = stdin.readline()
    except (OSError, ValueError):
        return None
    if not line:
        echo()
        return None
    return line.strip().lower() in {"y", "yes"}


def run(args: argparse.Namespace) -> int:
    from rls_tutor.progress import access
    from rls_tutor.progress.errors import StoreError

    try:
        with access.open_store(option(args, "db")) as store:
            learner = access.choose_learner(store, option(args, "learner"))
            questions: set[str] | None = None
            lessons: set[str] | None = None
            scope = "all progress"
            if args.topic:
                course = access.load_course(option(args, "content"))
                questions = store.answered_questions(learner, args.topic)
                questions |= {q.id for q in course.questions_for_topic(args.topic)}
                lessons = {lesson.id for lesson in course.lessons_for_topic(args.topic)}
                if course.topic(args.topic) is None and not questions:
                    topics = ", ".join(t.id for t in course.topics)
                    echo(
                        f"rls-tutor: error: unknown topic {args.topic!r} (topics: {topics})",
                        err=True,
                    )
                    return EXIT_USAGE
                scope = f"the progress in topic {args.topic!r}"
            answers, positions = store.progress_counts(learner, questions, lessons)
            if not answers and not positions:
                where = f" in topic {args.topic!r}" if args.topic else ""
                echo(f"Nothing to reset: learner {learner!r} has no recorded progress{where}.")
                return EXIT_OK
            what = f"{answers} answer{'s' * (answers != 1)}, {positions} lesson position" + (
                "s" * (positions != 1)
            )
            if not args.yes:
                answer = confirm(
                    f"Reset {scope} of learner {learner!r} ({what})? A backup is kept. [y/N] "
                )
                if answer is None:
                    return access.fail(
                        "reset needs a confirmation and there is no input to read one from; "
                        "nothing was changed. Run it in a terminal, or pass --yes."
                    )
                if not answer:
                    echo("Cancelled; nothing was changed.")
                    return EXIT_REFUSED
            store.reset(learner, questions, lessons)
            echo(f"Reset {scope} of learner {learner!r}: {what} removed.")
            echo(f"Backup of the database before the reset: {store.last_backup}")
    except StoreError as exc:
        return access.fail(str(exc))
    return EXIT_OK
