"""Recorded answers as CSV rows, the same records the xAPI export sends."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from rls_tutor.content.course import Course
from rls_tutor.export.identity import Identity
from rls_tutor.progress.records import LoggedAnswer

COLUMNS = [
    "answer_id",
    "statement_id",
    "learner",
    "question_id",
    "topic_id",
    "chosen",
    "correct",
    "certain",
    "seconds",
    "answered_at",
    "fingerprint",
    "question_current",
    "retry",  # 1: the learner asked to answer a lesson check again
]
LETTERS = "ABCDEFGH"


def csv_text(
    answers: Iterable[LoggedAnswer], course: Course, identity: Identity, *, names: bool = False
) -> str:
    """One row per answer; learners as pseudonyms unless `names`. Chosen options are
    letters in the authored order (A = the first option written)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for answer in answers:
        r = answer.record
        question = course.questions.get(r.question_id)
        writer.writerow(
            [
                answer.id,
                identity.statement_id(answer.id),
                answer.learner if names else identity.pseudonym(answer.learner),
                r.question_id,
                r.topic_id,
                "".join(LETTERS[i] for i in r.chosen if i < len(LETTERS)),
                int(r.correct),
                "" if r.certain is None else int(r.certain),
                f"{r.seconds:.2f}",
                r.answered_at.isoformat(),
                r.fingerprint,
                int(question is not None and question.fingerprint() == r.fingerprint),
                int(answer.retry),
            ]
        )
    return out.getvalue()
