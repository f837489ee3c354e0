"""Instructor statistics: how each question (each version of it) is answered.

Rows are split by the question's fingerprint, so an edited question's new
version starts its own count instead of mixing with the old one. Answers
recorded before fingerprints were kept (schema version 1) have an empty one.
Values are checked as they are read (values.py): callers run this inside the
store's `_guard()`, which names the file when one is damaged.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from rls_tutor.progress import values

SUMMARY_SQL = """
SELECT question_id, fingerprint, MAX(topic_id), COUNT(*), SUM(correct),
       COUNT(DISTINCT learner), MAX(answered_at)
FROM answers {where} GROUP BY question_id, fingerprint
"""
PICKS_SQL = """
SELECT a.question_id, a.fingerprint, j.value, COUNT(*)
FROM answers AS a, json_each(a.chosen) AS j {where} GROUP BY 1, 2, 3
"""
# The first `chosen` that is not a JSON array, to name it when json_each() fails.
BAD_CHOSEN_SQL = """
SELECT chosen FROM answers
WHERE NOT (json_valid(chosen) AND json_type(chosen) = 'array') {also} LIMIT 1
"""


@dataclass(frozen=True)
class QuestionStats:
    question_id: str
    fingerprint: str
    topic_id: str
    attempts: int
    correct: int
    learners: int
    last_answered: str  # ISO 8601
    picks: tuple[int, ...]  # how often each option (authored order) was chosen

    @property
    def percent_correct(self) -> float:
        return 100.0 * self.correct / self.attempts if self.attempts else 0.0


def question_stats(conn: sqlite3.Connection, learner: str | None = None) -> list[QuestionStats]:
    """All learners' answers (or one learner's), by question id then fingerprint."""
    where, params = ("WHERE learner = ?", (learner,)) if learner else ("", ())
    picks: dict[tuple[str, str], dict[int, int]] = {}
    try:
        for qid, fingerprint, index, count in conn.execute(PICKS_SQL.format(where=where), params):
            # Checked: the table is as wide as the largest index (a damaged 10**9
            # would build a billion-cell tuple).
            option = values.option_index(index, "answers.chosen")
            picks.setdefault((qid, fingerprint), {})[option] = count
    except sqlite3.OperationalError:
        # json_each() fails on text that is not JSON (the CHECK constraint, which
        # quick_check verifies at open, should rule that out): name the value.
        also = "AND learner = ?" if learner else ""
        for (chosen,) in conn.execute(BAD_CHOSEN_SQL.format(also=also), params):
            values.choices(chosen, "answers.chosen")  # raises DamagedValue
        raise
    result = []
    for qid, fingerprint, topic, attempts, correct, learners, last in conn.execute(
        SUMMARY_SQL.format(where=where), params
    ):
        values.moment(last, "answers.answered_at")  # shown as it is, but must be a date
        for value, column in (
            (qid, "question_id"),
            (fingerprint, "fingerprint"),
            (topic, "topic_id"),
        ):
            values.text(value, f"answers.{column}")
        counts = picks.get((qid, fingerprint), {})
        width = max(counts, default=-1) + 1
        result.append(
            QuestionStats(
                qid,
                fingerprint,
                topic,
                attempts,
                correct,
                learners,
                last,
                tuple(counts.get(i, 0) for i in range(width)),
            )
        )
    result.sort(key=lambda s: (s.question_id, s.last_answered))
    return result
