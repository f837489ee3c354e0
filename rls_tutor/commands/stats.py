"""`rls-tutor stats [--json]`: how each question is answered, for instructors.

Per question and per version of it (its fingerprint: an edited question starts
a new row): attempts, percent correct, how many learners, and how often each
option was picked. All learners unless --learner is given. Exit status: 0
shown, 1 the database could not be used.
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
        "stats",
        parents=[common],
        help="answer statistics per question, for instructors",
        description="Attempts, percent correct and option picks per question, split by question "
        "version (fingerprint). All learners unless --learner is given. Exit status: 0 shown, "
        "1 error.",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rls_tutor.progress import access
    from rls_tutor.progress.errors import StoreError

    learner = option(args, "learner")
    try:
        with access.open_store(option(args, "db")) as store:
            stats = store.question_stats(str(learner) if learner else None)
    except StoreError as exc:
        return access.fail(str(exc))
    try:
        # Only to mark which version is current and which options are right.
        course = access.load_course(option(args, "content"))
    except StoreError as exc:
        access.warn(f"{exc} Versions are shown without the course.")
        course = None
    if not args.json:
        from rls_tutor.progress.report import stats_table

        echo(stats_table(stats, course))
        return 0
    questions = []
    for s in stats:
        question = course.questions.get(s.question_id) if course else None
        questions.append(
            {
                "id": s.question_id,
                "topic": s.topic_id,
                "fingerprint": s.fingerprint,
                "current": None
                if course is None
                else bool(question and question.fingerprint() == s.fingerprint),
                "attempts": s.attempts,
                "correct": s.correct,
                "percent_correct": round(s.percent_correct, 1),
                "learners": s.learners,
                "last_answered": s.last_answered,
                "picks": list(s.picks),
            }
        )
    report = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "learner": learner,
        "questions": questions,
    }
    echo(json.dumps(report, indent=2, ensure_ascii=True))
    return 0
