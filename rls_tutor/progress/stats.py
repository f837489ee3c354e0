"""Instructor statistics: how each question (each version of it) is answered.

Rows are split by the question's fingerprint, so an edited question's new
version starts its own count instead of mixing with the old one. Answers
recorded before fingerprints were kept (schema version 1) have an empty one.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

SUMMARY_SQL = """
SELECT question_id, fingerprint, MAX(topic_id), COUNT(*), SUM(correct),
       COUNT(DISTINCT learner), MAX(answered_at)
FROM answers {where} GROUP BY question_id, fingerprint
"""
PICKS_SQL = """
SELECT a.question_id, a.fingerprint, CAST(j.value AS INTEGER), COUNT(*)
FROM answers AS a, json_each(a.chosen) AS j {where} GROUP BY 1, 2, 3
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
    for qid, fingerprint, index, count in conn.execute(PICKS_SQL.format(where=where), params):
        picks.setdefault((qid, fingerprint), {})[index] = count
    result = []
    for qid, fingerprint, topic, attempts, correct, learners, last in conn.execute(
        SUMMARY_SQL.format(where=where), params
    ):
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
