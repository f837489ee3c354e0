"""`rls-tutor progress [--learner NAME] [--json]`: mastery per topic.

The learner is --learner, else the one the tutor last remembered, else
"learner"; the track is that learner's "audience" setting (default: patient).
Every topic of the course is listed, studied or not. Exit status: 0 shown,
1 the database or the course could not be used.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from typing import Any

from rls_tutor.cli import option
from rls_tutor.escape import echo


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "progress",
        parents=[common],
        help="show a learner's mastery per topic",
        description="Show mastery, level, questions seen, accuracy and reviews due per topic. "
        "Learner: --learner, else the last learner, else 'learner'. "
        "Exit status: 0 shown, 1 error.",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help='print {"learner", "generated_at", "topics": [{"id", "title", "mastery", "level", '
        '"seen", "total", "attempts", "correct", "due"}]}',
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rls_tutor.progress import access
    from rls_tutor.progress.errors import StoreError

    try:
        course = access.load_course(option(args, "content"))
        with access.open_store(option(args, "db")) as store:
            learner = access.choose_learner(store, option(args, "learner"))
            known = store.learners()
            audience = access.audience_of(store, learner)
            now = datetime.now(UTC)
            topics = store.topic_progress(learner, course, audience, now=now)
    except StoreError as exc:
        return access.fail(str(exc))
    if learner not in known:
        names = ", ".join(known) or "none yet"
        access.warn(f"no progress recorded for learner {learner!r} (learners: {names}).")
    if args.json:
        report = {
            "learner": learner,
            "generated_at": now.isoformat(timespec="seconds"),
            "topics": [t.as_json() for t in topics],
        }
        echo(json.dumps(report, indent=2, ensure_ascii=True))
    else:
        from rls_tutor.progress.report import progress_table

        echo(progress_table(learner, audience, now, topics))
    return 0
