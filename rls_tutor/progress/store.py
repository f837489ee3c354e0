"""The progress store: every answer, lesson position and FSRS card, in one SQLite file.

`ProgressStore.open()` checks and migrates the file (db.py); every method runs
under the connection's lock, and every write is one `BEGIN IMMEDIATE`
transaction (transactions.py), so an answer and its card are saved together
or not at all, and two open windows queue up instead of failing.
"""

from __future__ import annotations

import json
import math
import secrets
import sqlite3
from collections.abc import Collection, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from fsrs import Card, Scheduler

from rls_tutor.content.course import Course
from rls_tutor.content.model import Audience, Question
from rls_tutor.progress import db, values
from rls_tutor.progress.blocks import BlockStore
from rls_tutor.progress.cards import CARD_COLUMNS, CardSummary, questions_by_topic
from rls_tutor.progress.errors import StoreError
from rls_tutor.progress.mastery import TopicProgress, topic_progress
from rls_tutor.progress.records import (
    AnswerRecord,
    AnswerResult,
    LessonPosition,
    LoggedAnswer,
    check_learner_name,
    utc,
)
from rls_tutor.progress.review import (
    RATING_NAMES,
    ReviewPlan,
    due_ids,
    make_scheduler,
    plan_review,
    rating_for,
)
from rls_tutor.progress.schema import iso
from rls_tutor.progress.stats import QuestionStats, question_stats

_INSERT_ANSWER = """
INSERT INTO answers (learner, question_id, topic_id, chosen, correct, certain, seconds,
                     answered_at, fingerprint, rating, retry)
VALUES (:learner, :question_id, :topic_id, :chosen, :correct, :certain, :seconds,
        :answered_at, :fingerprint, :rating, :retry)
"""
# The card's summary columns change with its fsrs JSON, in the answer's transaction.
_UPSERT_CARD = """
INSERT INTO cards (learner, question_id, topic_id, card, due, stability, last_review,
                   attempts, correct, last_correct)
VALUES (:learner, :question_id, :topic_id, :card, :due, :stability, :last_review,
        1, :correct, :correct)
ON CONFLICT (learner, question_id) DO UPDATE SET
    topic_id = excluded.topic_id, card = excluded.card, due = excluded.due,
    stability = excluded.stability, last_review = excluded.last_review,
    attempts = attempts + 1, correct = correct + excluded.correct,
    last_correct = excluded.last_correct
"""

LOG_COLUMNS = (
    "id, learner, question_id, topic_id, chosen, correct, certain, seconds, answered_at,"
    " fingerprint, retry"
)

# The records and the error are part of this module's contract (imported from here).
__all__ = ["AnswerRecord", "AnswerResult", "LessonPosition", "ProgressStore", "StoreError"]


class ProgressStore(BlockStore):
    """A learner database; the TUI and the CLI use only this (and the records it returns)."""

    def __init__(self, path: Path, conn: sqlite3.Connection, scheduler: Scheduler) -> None:
        super().__init__(path, conn)
        self.last_backup: Path | None = None  # set by reset()
        self._scheduler = scheduler

    @classmethod
    def open(cls, path: Path, *, create_parent: bool = False) -> ProgressStore:
        path = Path(path).expanduser().absolute()
        return cls(path, db.connect(path, create_parent=create_parent), make_scheduler())

    # --- learners and settings --------------------------------------------------

    def learners(self) -> list[str]:
        with self._guard() as conn:
            rows = conn.execute("SELECT name FROM learners ORDER BY name")
            return [values.text(r[0], "learners.name") for r in rows]

    def find_learner(self, name: str) -> str | None:
        """The existing learner a typed name means: that exact name, else the one it
        matches without regard to case ("maria" finds "Maria"; of several, the one made
        first); None for a new name. Files holding both "Maria" and "maria" keep both."""
        wanted = name.strip()
        with self._guard() as conn:
            rows = conn.execute("SELECT name FROM learners ORDER BY created_at, name")
            names = [values.text(r[0], "learners.name") for r in rows]
        if wanted in names:
            return wanted
        folded = wanted.casefold()
        return next((n for n in names if n.casefold() == folded), None)

    def ensure_learner(self, name: str) -> None:
        with self.batch() as conn:
            self._ensure(conn, name)

    @staticmethod
    def _ensure(conn: sqlite3.Connection, name: str) -> str:
        name = check_learner_name(name)
        conn.execute(
            "INSERT OR IGNORE INTO learners (name, created_at) VALUES (?, ?)",
            (name, iso(datetime.now(UTC))),
        )
        return name

    def last_learner(self) -> str | None:
        with self._guard() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'last_learner'").fetchone()
            return values.text(row[0], "meta.value") if row else None

    def set_last_learner(self, name: str) -> None:
        with self.batch() as conn:
            name = self._ensure(conn, name)
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('last_learner', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (name,),
            )

    def get_setting(self, learner: str, key: str, default: str | None = None) -> str | None:
        with self._guard() as conn:
            row = conn.execute(
                "SELECT value FROM settings WHERE learner = ? AND key = ?", (learner.strip(), key)
            ).fetchone()
            return values.text(row[0], "settings.value") if row else default

    def set_setting(self, learner: str, key: str, value: str) -> None:
        with self.batch() as conn:
            name = self._ensure(conn, learner)
            conn.execute(
                "INSERT INTO settings (learner, key, value) VALUES (?, ?, ?) "
                "ON CONFLICT (learner, key) DO UPDATE SET value = excluded.value",
                (name, key, str(value)),
            )

    # --- answers ------------------------------------------------------------------

    def record_answer(
        self,
        learner: str,
        question: Question,
        topic_id: str,
        chosen: Sequence[int],
        *,
        certain: bool | None = None,
        seconds: float = 0.0,
        now: datetime | None = None,
        retry: bool = False,
    ) -> AnswerResult:
        """Save the answer and reschedule its card in one transaction. A `retry` (the
        learner asked to answer a check again) is recorded like any answer and marked
        as such (`answers.retry`: `retried_answers`, `LoggedAnswer.retry`)."""
        now = utc(now)
        picks = sorted(set(chosen))
        if any(not 0 <= i < len(question.options) for i in picks):
            raise ValueError(f"option index out of range for {question.id}: {list(chosen)}")
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError(f"seconds must be a finite number >= 0, not {seconds}")
        correct = set(picks) == question.correct_indexes
        rating = rating_for(correct, certain)
        with self.batch() as conn:
            name = self._ensure(conn, learner)
            saved = conn.execute(
                "SELECT card FROM cards WHERE learner = ? AND question_id = ?", (name, question.id)
            ).fetchone()
            card = values.card(saved[0], "cards.card") if saved else Card(card_id=0, due=now)
            card, _log = self._scheduler.review_card(card, rating, now)
            row = {
                "learner": name,
                "question_id": question.id,
                "topic_id": topic_id,
                "chosen": json.dumps(picks),
                "correct": int(correct),
                "certain": None if certain is None else int(certain),
                "seconds": float(seconds),
                "answered_at": iso(now),
                "fingerprint": question.fingerprint(),
                "rating": int(rating),
                "retry": int(retry),
                "card": card.to_json(),
                "due": iso(card.due),
                "stability": card.stability,
                "last_review": iso(card.last_review) if card.last_review else None,
            }
            conn.execute(_INSERT_ANSWER, row)
            conn.execute(_UPSERT_CARD, row)
        return AnswerResult(correct=correct, rating=RATING_NAMES[rating], due=card.due)

    def recent_answers(self, learner: str, limit: int = 10) -> list[AnswerRecord]:
        with self._guard() as conn:
            rows = conn.execute(
                f"SELECT {LOG_COLUMNS} FROM answers WHERE learner = ? ORDER BY id DESC LIMIT ?",
                (learner.strip(), max(0, limit)),
            ).fetchall()
            return [self._logged(row).record for row in rows]

    def answer_log(self, after_id: int = 0) -> list[LoggedAnswer]:
        """Every learner's answers with a row id above `after_id`, oldest first."""
        with self._guard() as conn:
            rows = conn.execute(
                f"SELECT {LOG_COLUMNS} FROM answers WHERE id > ? ORDER BY id",
                (after_id,),
            ).fetchall()
            return [self._logged(row) for row in rows]

    # --- what an LRS accepted (rls-tutor sync) --------------------------------------

    def unsent_answers(self, lrs: str) -> list[LoggedAnswer]:
        """Every answer this LRS has not accepted yet (no `mark_sent` row), oldest first."""
        with self._guard() as conn:
            rows = conn.execute(
                f"SELECT {LOG_COLUMNS} FROM answers WHERE NOT EXISTS"
                " (SELECT 1 FROM lrs_sent WHERE answer_id = answers.id AND lrs = ?) ORDER BY id",
                (lrs,),
            ).fetchall()
            return [self._logged(row) for row in rows]

    def mark_sent(self, lrs: str, ids: Iterable[int], now: datetime | None = None) -> int:
        """Remember that this LRS accepted these answers' statements; returns the rows
        added. Call it only once the LRS answered for them. Ids of answers forgotten
        meanwhile (reset) are skipped, ids already marked are kept as they were."""
        stamp = iso(utc(now))
        with self.batch() as conn:
            added = 0
            for answer_id in ids:
                added += conn.execute(
                    "INSERT OR IGNORE INTO lrs_sent (answer_id, lrs, sent_at)"
                    " SELECT id, ?, ? FROM answers WHERE id = ?",
                    (lrs, stamp, int(answer_id)),
                ).rowcount
            return added

    def sent_count(self, lrs: str) -> int:
        """How many answers this LRS has accepted (and are still recorded)."""
        with self._guard() as conn:
            row = conn.execute("SELECT count(*) FROM lrs_sent WHERE lrs = ?", (lrs,)).fetchone()
            return int(row[0])

    @staticmethod
    def _logged(row: tuple[object, ...]) -> LoggedAnswer:
        rid, learner, qid, topic, chosen, correct, certain, seconds, at, fingerprint, retry = row
        return LoggedAnswer(
            id=values.count(rid, "answers.id"),
            learner=values.text(learner, "answers.learner"),
            record=AnswerRecord(
                question_id=values.text(qid, "answers.question_id"),
                topic_id=values.text(topic, "answers.topic_id"),
                chosen=values.choices(chosen, "answers.chosen"),
                correct=values.flag(correct, "answers.correct"),
                certain=values.optional_flag(certain, "answers.certain"),
                seconds=values.seconds(seconds, "answers.seconds"),
                answered_at=values.moment(at, "answers.answered_at"),
                fingerprint=values.text(fingerprint, "answers.fingerprint"),
            ),
            retry=values.flag(retry, "answers.retry"),
        )

    def install_id(self) -> str:
        """A random id made once per progress file: exports derive learners' pseudonyms
        and statement ids from it, so they are stable for this file and differ across
        files (a name alone would give the same pseudonym in every class)."""
        with self.batch() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'install_id'").fetchone()
            if row:
                return values.text(row[0], "meta.value")
            made = secrets.token_hex(16)
            conn.execute("INSERT INTO meta (key, value) VALUES ('install_id', ?)", (made,))
            return made

    def answer_count(self, learner: str | None = None) -> int:
        with self._guard() as conn:
            if learner is None:
                return int(conn.execute("SELECT count(*) FROM answers").fetchone()[0])
            row = conn.execute(
                "SELECT count(*) FROM answers WHERE learner = ?", (learner.strip(),)
            ).fetchone()
            return int(row[0])

    def answered_questions(self, learner: str, topic_id: str | None = None) -> set[str]:
        """Ids of the questions this learner has a card for (optionally of one topic)."""
        sql = "SELECT question_id FROM cards WHERE learner = ?"
        params: tuple[str, ...] = (learner.strip(),)
        if topic_id is not None:
            sql, params = sql + " AND topic_id = ?", (*params, topic_id)
        with self._guard() as conn:
            return {values.text(r[0], "cards.question_id") for r in conn.execute(sql, params)}

    def latest_answers(
        self, learner: str, question_ids: Iterable[str], since: datetime | None = None
    ) -> dict[str, LoggedAnswer]:
        """Each of these questions' latest answer by this learner, recorded at or after
        `since` (None: ever), by question id; questions without one are left out."""
        sql = (
            f"SELECT {LOG_COLUMNS} FROM answers WHERE learner = ?"
            " AND question_id IN (SELECT value FROM json_each(?))"
        )
        params: list[object] = [learner.strip(), json.dumps(sorted(set(question_ids)))]
        if since is not None:
            sql += " AND answered_at >= ?"
            params.append(iso(utc(since)))
        with self._guard() as conn:
            rows = conn.execute(sql + " ORDER BY id", params).fetchall()
            latest = {}
            for row in rows:
                logged = self._logged(row)
                latest[logged.record.question_id] = logged
            return latest

    def retried_answers(self, learner: str) -> set[int]:
        """The ids of this learner's answers that were retries (`record_answer(retry=True)`)."""
        with self._guard() as conn:
            rows = conn.execute(
                "SELECT id, retry FROM answers WHERE learner = ? AND retry != 0",
                (learner.strip(),),
            ).fetchall()
            return {
                values.count(rid, "answers.id")
                for rid, retry in rows
                if values.flag(retry, "answers.retry")
            }

    def question_stats(self, learner: str | None = None) -> list[QuestionStats]:
        with self._guard() as conn:
            return question_stats(conn, learner.strip() if learner else None)

    # --- lesson positions ---------------------------------------------------------

    def save_position(
        self,
        learner: str,
        lesson_id: str,
        step: int,
        completed: bool = False,
        now: datetime | None = None,
    ) -> None:
        if step < 0:
            raise ValueError(f"step must be >= 0, not {step}")
        stamp = iso(utc(now))
        with self.batch() as conn:
            name = self._ensure(conn, learner)
            conn.execute(
                "INSERT INTO positions (learner, lesson_id, step, completed, updated_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (learner, lesson_id) DO UPDATE SET"
                " step = excluded.step, completed = excluded.completed,"
                " updated_at = excluded.updated_at",
                (name, lesson_id, int(step), int(completed), stamp),
            )

    _POSITION_SQL = "SELECT lesson_id, step, completed, updated_at FROM positions WHERE learner = ?"

    @staticmethod
    def _position(row: tuple[object, ...] | None) -> LessonPosition | None:
        """Parse a row of `_POSITION_SQL` (inside `_guard()`: it may raise DamagedValue)."""
        if row is None:
            return None
        lesson_id, step, completed, updated = row
        return LessonPosition(
            values.text(lesson_id, "positions.lesson_id"),
            values.count(step, "positions.step"),
            values.flag(completed, "positions.completed"),
            values.moment(updated, "positions.updated_at"),
        )

    def position(self, learner: str, lesson_id: str) -> LessonPosition | None:
        with self._guard() as conn:
            row = conn.execute(
                self._POSITION_SQL + " AND lesson_id = ?", (learner.strip(), lesson_id)
            ).fetchone()
            return self._position(row)

    def last_position(self, learner: str) -> LessonPosition | None:
        with self._guard() as conn:
            row = conn.execute(
                self._POSITION_SQL + " ORDER BY updated_at DESC, rowid DESC LIMIT 1",
                (learner.strip(),),
            ).fetchone()
            return self._position(row)

    def start_pass(self, learner: str, lesson_id: str, started: datetime) -> None:
        """A pass through the lesson began (session/check_answers.py): kept in its
        position, made at step 0 if the lesson has none yet (its first save follows)."""
        stamp = iso(utc(started))
        with self.batch() as conn:
            name = self._ensure(conn, learner)
            conn.execute(
                "INSERT INTO positions (learner, lesson_id, step, completed, updated_at,"
                " pass_started_at) VALUES (?, ?, 0, 0, ?, ?) ON CONFLICT (learner, lesson_id)"
                " DO UPDATE SET pass_started_at = excluded.pass_started_at",
                (name, lesson_id, stamp, stamp),
            )

    def pass_started(self, learner: str, lesson_id: str) -> datetime | None:
        """When the learner's pass through the lesson began; None without a position or
        for a lesson under way from before passes were kept."""
        with self._guard() as conn:
            row = conn.execute(
                "SELECT pass_started_at FROM positions WHERE learner = ? AND lesson_id = ?",
                (learner.strip(), lesson_id),
            ).fetchone()
            return values.optional_moment(row[0], "positions.pass_started_at") if row else None

    def started_lessons(self, learner: str) -> set[str]:
        with self._guard() as conn:
            rows = conn.execute(
                "SELECT lesson_id FROM positions WHERE learner = ?", (learner.strip(),)
            )
            return {values.text(r[0], "positions.lesson_id") for r in rows}

    # --- scheduling and mastery ---------------------------------------------------

    def _cards(self, conn: sqlite3.Connection, learner: str) -> dict[str, CardSummary]:
        rows = conn.execute(f"SELECT {CARD_COLUMNS} FROM cards WHERE learner = ?", (learner,))
        return {card.question_id: card for card in map(CardSummary.from_row, rows)}

    def cards(self, learner: str) -> dict[str, CardSummary]:
        """This learner's card summaries by question id."""
        with self._guard() as conn:
            return self._cards(conn, learner.strip())

    def review_queue(
        self,
        learner: str,
        course: Course,
        audience: Audience,
        *,
        limit: int = 20,
        now: datetime | None = None,
    ) -> list[str]:
        return self.review_plan(learner, course, audience, limit=limit, now=now).queue

    def review_plan(
        self,
        learner: str,
        course: Course,
        audience: Audience,
        *,
        limit: int = 20,
        now: datetime | None = None,
    ) -> ReviewPlan:
        """The review queue (due questions, then new ones from started topics), with how
        many are due now in all and which of the queue are new."""
        now = utc(now)
        name = learner.strip()
        with self._read() as conn:
            cards = self._cards(conn, name)
            rows = conn.execute("SELECT lesson_id FROM positions WHERE learner = ?", (name,))
            started = {course.lessons[r[0]].topic for r in rows if r[0] in course.lessons}
        return plan_review(questions_by_topic(course, audience), cards, started, now, limit)

    def due_count(
        self, learner: str, course: Course, audience: Audience, now: datetime | None = None
    ) -> int:
        now = utc(now)
        by_topic = questions_by_topic(course, audience)
        return sum(1 for _ in due_ids(by_topic, self.cards(learner), now))

    def topic_progress(
        self, learner: str, course: Course, audience: Audience, now: datetime | None = None
    ) -> list[TopicProgress]:
        now = utc(now)
        by_topic = questions_by_topic(course, audience)
        cards = self.cards(learner)
        decay = self._scheduler.parameters[20]  # the forgetting curve this store schedules with
        return topic_progress(course.topics, by_topic, cards, now, decay)

    # --- reset and backups --------------------------------------------------------

    def backup(self, label: str = "manual") -> Path:
        """A consistent copy of the database beside it; returns its path."""
        with self._guard() as conn:
            if self._depth:
                raise RuntimeError("backup() cannot run inside batch()")
            return db.backup(conn, self.path, label)

    def reset(
        self,
        learner: str,
        question_ids: Collection[str] | None = None,
        lesson_ids: Collection[str] | None = None,
    ) -> int:
        """Forget answers and cards (and lesson positions); returns the rows removed.

        With neither collection, everything the learner did goes (their name
        and settings stay); otherwise only the given questions and lessons. A
        backup of the state just before is kept; its path is in `last_backup`.
        """
        name = learner.strip()
        everything = question_ids is None and lesson_ids is None
        with self._lock:
            # sqlite3's backup() waits forever if its own connection holds a write
            # transaction, so the copy comes just before it (under our lock).
            self.last_backup = self.backup("reset")
            return self._delete(name, everything, question_ids, lesson_ids)

    def progress_counts(
        self,
        learner: str,
        question_ids: Collection[str] | None = None,
        lesson_ids: Collection[str] | None = None,
    ) -> tuple[int, int]:
        """(answers, lesson positions) that `reset()` with these arguments would remove."""
        name = learner.strip()
        everything = question_ids is None and lesson_ids is None
        counts = []
        with self._read() as conn:
            for table, column, ids in (
                ("answers", "question_id", question_ids),
                ("positions", "lesson_id", lesson_ids),
            ):
                sql = f"SELECT count(*) FROM {table} WHERE learner = ?"
                if everything:
                    counts.append(conn.execute(sql, (name,)).fetchone()[0])
                elif ids:
                    sql += f" AND {column} IN (SELECT value FROM json_each(?))"
                    counts.append(conn.execute(sql, (name, json.dumps(sorted(ids)))).fetchone()[0])
                else:
                    counts.append(0)
        return counts[0], counts[1]

    def _delete(
        self,
        name: str,
        everything: bool,
        question_ids: Collection[str] | None,
        lesson_ids: Collection[str] | None,
    ) -> int:
        with self.batch() as conn:
            removed = 0
            if everything:
                for table in ("answers", "cards", "positions", "blocks", "flags"):
                    removed += conn.execute(
                        f"DELETE FROM {table} WHERE learner = ?", (name,)
                    ).rowcount
                return removed
            for table, column, ids in (
                ("answers", "question_id", question_ids),
                ("cards", "question_id", question_ids),
                ("positions", "lesson_id", lesson_ids),
            ):
                if ids:
                    removed += conn.execute(
                        f"DELETE FROM {table} WHERE learner = ? AND {column} IN"
                        " (SELECT value FROM json_each(?))",
                        (name, json.dumps(sorted(ids))),
                    ).rowcount
            return removed
