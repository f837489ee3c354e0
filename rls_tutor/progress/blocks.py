"""Practice blocks in the progress file: their questions, answers, flags and time.

A mixin of `ProgressStore` (store.py), over the tables of schema version 4. Every
write is one `BEGIN IMMEDIATE` transaction, and a block's state is written whole
(`save_block`) at every answer, flag and move, so a killed tutor loses at most the
pick it had not submitted. An answer reaches `answers` and the FSRS card through
`record_answer` once per question per block: `recorded_at` says it did, and is read
and set in the transaction that records it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rls_tutor.content.model import Question
from rls_tutor.progress import values
from rls_tutor.progress.errors import DamagedValue, StoreError
from rls_tutor.progress.records import AnswerResult, check_learner_name, utc
from rls_tutor.progress.schema import iso
from rls_tutor.progress.transactions import Transactions

MODES = ("tutor", "timed")
POOLS = ("unused", "incorrect", "flagged", "all")
ENDINGS = ("learner", "time", "new-block")


@dataclass(frozen=True, slots=True)
class BlockQuestion:
    """One question of a block, as saved: its place, its option order and its state."""

    position: int
    question_id: str
    topic_id: str
    order: tuple[int, ...]  # order[display index] = authored option index
    chosen: tuple[int, ...] | None = None  # authored option indexes; None: not answered
    certain: bool | None = None
    correct: bool | None = None
    flagged: bool = False
    seconds: float = 0.0  # on screen, over every visit
    recorded: bool = False  # in `answers` (and the card) already


@dataclass(frozen=True, slots=True)
class BlockRecord:
    id: int
    learner: str
    audience: str
    mode: str  # "tutor" | "timed"
    pool: str
    topics: tuple[str, ...]  # empty: every topic
    seconds_per_question: float
    time_limit: float | None  # seconds; None in tutor mode
    elapsed: float  # seconds the block was open
    position: int  # the question on screen when it was last saved
    seed: int
    started_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    ended_by: str | None
    questions: tuple[BlockQuestion, ...]

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


@dataclass(frozen=True, slots=True)
class BlockSummary:
    """A line of the history (`rls-tutor blocks`, the progress screen)."""

    id: int
    started_at: datetime
    finished_at: datetime | None
    mode: str
    topics: tuple[str, ...]
    count: int
    answered: int
    correct: int
    flagged: int
    seconds: float

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "started_at": iso(self.started_at),
            "finished_at": iso(self.finished_at) if self.finished_at else None,
            "mode": self.mode,
            "topics": list(self.topics),
            "count": self.count,
            "answered": self.answered,
            "correct": self.correct,
            "flagged": self.flagged,
            "seconds": round(self.seconds, 1),
        }


_BLOCK_COLUMNS = (
    "id, learner, audience, mode, pool, topics, seconds_per_question, time_limit, elapsed,"
    " position, seed, started_at, updated_at, finished_at, ended_by"
)
_QUESTION_COLUMNS = (
    "position, question_id, topic_id, option_order, chosen, certain, correct, flagged, seconds,"
    " recorded_at"
)
_SUMMARY = """
SELECT b.id, b.started_at, b.finished_at, b.mode, b.topics, b.elapsed,
       count(q.position), count(q.chosen), coalesce(sum(q.correct = 1), 0),
       coalesce(sum(q.flagged), 0)
FROM blocks AS b LEFT JOIN block_questions AS q ON q.block_id = b.id
WHERE b.learner = ? AND b.finished_at IS NOT NULL
GROUP BY b.id ORDER BY b.finished_at DESC, b.id DESC
"""


class BlockStore(Transactions):
    """The block methods of `ProgressStore`."""

    if TYPE_CHECKING:  # defined by ProgressStore

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
        ) -> AnswerResult: ...

    # --- flags (the learner's, across blocks) -------------------------------------

    def flagged_questions(self, learner: str) -> set[str]:
        with self._guard() as conn:
            rows = conn.execute(
                "SELECT question_id FROM flags WHERE learner = ?", (learner.strip(),)
            )
            return {values.text(r[0], "flags.question_id") for r in rows}

    def answered_states(self, learner: str) -> dict[str, bool]:
        """Question id -> whether its last answer was right, for every question answered
        (what the `unused` and `incorrect` pools need, without parsing whole cards)."""
        with self._guard() as conn:
            rows = conn.execute(
                "SELECT question_id, last_correct FROM cards WHERE learner = ?", (learner.strip(),)
            )
            return {
                values.text(qid, "cards.question_id"): values.flag(ok, "cards.last_correct")
                for qid, ok in rows
            }

    # --- a block's life ----------------------------------------------------------------

    def create_block(
        self,
        learner: str,
        *,
        audience: str,
        mode: str,
        pool: str,
        topics: Sequence[str],
        seconds_per_question: float,
        time_limit: float | None,
        seed: int,
        questions: Sequence[tuple[str, str, Sequence[int]]],
        now: datetime | None = None,
    ) -> BlockRecord:
        """A new block of `questions` (id, topic, option order); the learner's flags
        come with them."""
        if mode not in MODES or pool not in POOLS:
            raise ValueError(f"unknown mode or pool: {mode!r}, {pool!r}")
        if not questions:
            raise ValueError("a block needs at least one question")
        stamp = iso(utc(now))
        with self.batch() as conn:
            name = check_learner_name(learner)
            conn.execute(
                "INSERT OR IGNORE INTO learners (name, created_at) VALUES (?, ?)", (name, stamp)
            )
            cursor = conn.execute(
                "INSERT INTO blocks (learner, audience, mode, pool, topics, seconds_per_question,"
                " time_limit, seed, started_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    name,
                    audience,
                    mode,
                    pool,
                    json.dumps(list(topics)),
                    float(seconds_per_question),
                    time_limit,
                    int(seed),
                    stamp,
                    stamp,
                ),
            )
            block_id = int(cursor.lastrowid or 0)
            conn.executemany(
                "INSERT INTO block_questions (block_id, position, question_id, topic_id,"
                " option_order, flagged) VALUES (?, ?, ?, ?, ?, EXISTS (SELECT 1 FROM flags"
                " WHERE learner = ? AND question_id = ?))",
                [
                    (block_id, n, qid, topic, json.dumps(list(order)), name, qid)
                    for n, (qid, topic, order) in enumerate(questions)
                ],
            )
            return self._block(conn, block_id)

    def save_block(
        self,
        block_id: int,
        *,
        position: int,
        elapsed: float,
        questions: Sequence[BlockQuestion],
        now: datetime | None = None,
    ) -> None:
        """Write a block's whole state (one transaction). A recorded answer is never
        changed again; a flag that changed here changes the learner's flag too."""
        with self.batch() as conn:
            self._write(conn, block_id, position, elapsed, questions, iso(utc(now)))

    def record_block_answer(
        self,
        block_id: int,
        position: int,
        question: Question,
        *,
        state: tuple[int, float, Sequence[BlockQuestion]] | None,
        now: datetime | None = None,
    ) -> AnswerResult | None:
        """Save the block (`state`: position, elapsed, questions; None: as it is) and
        record the answer at `position` (tutor mode), in one transaction; None if it was
        recorded before."""
        moment = utc(now)
        with self.batch() as conn:
            if state is not None:
                position_now, elapsed, questions = state
                self._write(conn, block_id, position_now, elapsed, questions, iso(moment))
            return self._record(conn, block_id, position, question, moment)

    def finish_block(
        self,
        block_id: int,
        course_questions: Mapping[str, Question],
        *,
        ended_by: str,
        state: tuple[int, float, Sequence[BlockQuestion]] | None = None,
        now: datetime | None = None,
    ) -> BlockRecord:
        """End the block: save `state`, record every answer not recorded yet (timed
        mode's, or a tutor-mode answer a kill cut off), mark it finished: one
        transaction, so a block is finished with all its answers recorded, or not at
        all. A question gone from the course since is kept in the block, unrecorded."""
        if ended_by not in ENDINGS:
            raise ValueError(f"unknown ending: {ended_by!r}")
        moment = utc(now)
        stamp = iso(moment)
        with self.batch() as conn:
            if state is not None:
                position, elapsed, questions = state
                self._write(conn, block_id, position, elapsed, questions, stamp)
            block = self._block(conn, block_id)
            if block.finished:
                return block
            for item in block.questions:
                question = course_questions.get(item.question_id)
                if item.chosen is not None and not item.recorded and question is not None:
                    self._record(conn, block_id, item.position, question, moment)
            conn.execute(
                "UPDATE blocks SET finished_at = ?, ended_by = ?, updated_at = ? WHERE id = ?",
                (stamp, ended_by, stamp, block_id),
            )
            return self._block(conn, block_id)

    # --- reading ---------------------------------------------------------------------

    def block(self, block_id: int) -> BlockRecord:
        with self._read() as conn:
            return self._block(conn, block_id)

    def unfinished_block(self, learner: str) -> BlockRecord | None:
        """The learner's block under way (the latest, if a crash left several)."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT id FROM blocks WHERE learner = ? AND finished_at IS NULL"
                " ORDER BY id DESC LIMIT 1",
                (learner.strip(),),
            ).fetchone()
            return self._block(conn, values.count(row[0], "blocks.id")) if row else None

    def block_history(self, learner: str, limit: int | None = None) -> list[BlockSummary]:
        """Finished blocks, the latest first."""
        sql = _SUMMARY + (" LIMIT ?" if limit is not None else "")
        params: tuple[object, ...] = (learner.strip(),)
        if limit is not None:
            params += (max(0, limit),)
        with self._guard() as conn:
            return [_summary(row) for row in conn.execute(sql, params)]

    # --- inside a transaction ---------------------------------------------------------

    def _write(
        self,
        conn: sqlite3.Connection,
        block_id: int,
        position: int,
        elapsed: float,
        questions: Sequence[BlockQuestion],
        stamp: str,
    ) -> None:
        row = conn.execute(
            "SELECT learner, finished_at FROM blocks WHERE id = ?", (block_id,)
        ).fetchone()
        if row is None:
            raise StoreError(f"{self.path} has no practice block {block_id}.")
        learner = values.text(row[0], "blocks.learner")
        if row[1] is not None:
            return  # finished (in another window, or by the clock): its state is final
        before = {
            values.count(p, "block_questions.position"): values.flag(f, "block_questions.flagged")
            for p, f in conn.execute(
                "SELECT position, flagged FROM block_questions WHERE block_id = ?", (block_id,)
            )
        }
        conn.execute(
            "UPDATE blocks SET position = ?, elapsed = max(elapsed, ?), updated_at = ?"
            " WHERE id = ?",
            (int(position), _seconds(elapsed), stamp, block_id),
        )
        conn.executemany(
            "UPDATE block_questions SET"
            " chosen = CASE WHEN recorded_at IS NULL THEN ? ELSE chosen END,"
            " certain = CASE WHEN recorded_at IS NULL THEN ? ELSE certain END,"
            " correct = CASE WHEN recorded_at IS NULL THEN ? ELSE correct END,"
            " flagged = ?, seconds = max(seconds, ?)"
            " WHERE block_id = ? AND position = ?",
            [
                (
                    None if q.chosen is None else json.dumps(sorted(q.chosen)),
                    None if q.certain is None else int(q.certain),
                    None if q.correct is None else int(q.correct),
                    int(q.flagged),
                    _seconds(q.seconds),
                    block_id,
                    q.position,
                )
                for q in questions
            ],
        )
        for q in questions:
            if before.get(q.position, q.flagged) == q.flagged:
                continue
            if q.flagged:
                conn.execute(
                    "INSERT OR IGNORE INTO flags (learner, question_id, flagged_at)"
                    " VALUES (?, ?, ?)",
                    (learner, q.question_id, stamp),
                )
            else:
                conn.execute(
                    "DELETE FROM flags WHERE learner = ? AND question_id = ?",
                    (learner, q.question_id),
                )

    def _record(
        self,
        conn: sqlite3.Connection,
        block_id: int,
        position: int,
        question: Question,
        moment: datetime,
    ) -> AnswerResult | None:
        row = conn.execute(
            "SELECT b.learner, q.question_id, q.topic_id, q.chosen, q.certain, q.seconds,"
            " q.recorded_at FROM block_questions AS q JOIN blocks AS b ON b.id = q.block_id"
            " WHERE q.block_id = ? AND q.position = ?",
            (block_id, position),
        ).fetchone()
        if row is None:
            raise StoreError(f"{self.path} has no question {position} in block {block_id}.")
        learner, qid, topic, chosen, certain, seconds, recorded_at = row
        if recorded_at is not None or chosen is None:
            return None
        if values.text(qid, "block_questions.question_id") != question.id:
            raise ValueError(f"block {block_id} has {qid} at {position}, not {question.id}")
        result = self.record_answer(
            values.text(learner, "blocks.learner"),
            question,
            values.text(topic, "block_questions.topic_id"),
            values.choices(chosen, "block_questions.chosen"),
            certain=values.optional_flag(certain, "block_questions.certain"),
            seconds=round(values.seconds(seconds, "block_questions.seconds"), 3),
            now=moment,
        )
        conn.execute(
            "UPDATE block_questions SET recorded_at = ?, correct = ?"
            " WHERE block_id = ? AND position = ?",
            (iso(moment), int(result.correct), block_id, position),
        )
        return result

    def _block(self, conn: sqlite3.Connection, block_id: int) -> BlockRecord:
        row = conn.execute(
            f"SELECT {_BLOCK_COLUMNS} FROM blocks WHERE id = ?", (block_id,)
        ).fetchone()
        if row is None:
            raise StoreError(f"{self.path} has no practice block {block_id}.")
        rows = conn.execute(
            f"SELECT {_QUESTION_COLUMNS} FROM block_questions WHERE block_id = ? ORDER BY position",
            (block_id,),
        ).fetchall()
        return _record_of(row, [_question(r) for r in rows])


def _seconds(value: float) -> float:
    return max(0.0, float(value)) if value == value else 0.0  # NaN -> 0


def _topics(value: object, column: str) -> tuple[str, ...]:
    try:
        items = json.loads(value) if isinstance(value, str) else None
    except (ValueError, RecursionError):
        items = None
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise DamagedValue(column, value, "a JSON list of topic ids")
    return tuple(items)


def _choice(value: object, allowed: tuple[str, ...], column: str) -> str:
    if value not in allowed:
        raise DamagedValue(column, value, "one of " + ", ".join(allowed))
    return str(value)


def _question(row: tuple[object, ...]) -> BlockQuestion:
    position, qid, topic, order, chosen, certain, correct, flagged, seconds, recorded = row
    return BlockQuestion(
        position=values.count(position, "block_questions.position"),
        question_id=values.text(qid, "block_questions.question_id"),
        topic_id=values.text(topic, "block_questions.topic_id"),
        order=values.choices(order, "block_questions.option_order"),
        chosen=None if chosen is None else values.choices(chosen, "block_questions.chosen"),
        certain=values.optional_flag(certain, "block_questions.certain"),
        correct=values.optional_flag(correct, "block_questions.correct"),
        flagged=values.flag(flagged, "block_questions.flagged"),
        seconds=values.seconds(seconds, "block_questions.seconds"),
        recorded=values.optional_moment(recorded, "block_questions.recorded_at") is not None,
    )


def _record_of(row: tuple[object, ...], questions: list[BlockQuestion]) -> BlockRecord:
    (bid, learner, audience, mode, pool, topics, spq, limit, elapsed, position, seed) = row[:11]
    started, updated, finished, ended_by = row[11:]
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise DamagedValue("blocks.seed", seed, "a whole number")
    spq_value = values.seconds(spq, "blocks.seconds_per_question")
    return BlockRecord(
        id=values.count(bid, "blocks.id"),
        learner=values.text(learner, "blocks.learner"),
        audience=values.text(audience, "blocks.audience"),
        mode=_choice(mode, MODES, "blocks.mode"),
        pool=_choice(pool, POOLS, "blocks.pool"),
        topics=_topics(topics, "blocks.topics"),
        seconds_per_question=spq_value,
        time_limit=None if limit is None else values.seconds(limit, "blocks.time_limit"),
        elapsed=values.seconds(elapsed, "blocks.elapsed"),
        position=values.count(position, "blocks.position"),
        seed=seed,
        started_at=values.moment(started, "blocks.started_at"),
        updated_at=values.moment(updated, "blocks.updated_at"),
        finished_at=values.optional_moment(finished, "blocks.finished_at"),
        ended_by=None if ended_by is None else _choice(ended_by, ENDINGS, "blocks.ended_by"),
        questions=tuple(questions),
    )


def _summary(row: tuple[object, ...]) -> BlockSummary:
    bid, started, finished, mode, topics, elapsed, count, answered, correct, flagged = row
    return BlockSummary(
        id=values.count(bid, "blocks.id"),
        started_at=values.moment(started, "blocks.started_at"),
        finished_at=values.optional_moment(finished, "blocks.finished_at"),
        mode=_choice(mode, MODES, "blocks.mode"),
        topics=_topics(topics, "blocks.topics"),
        count=values.count(count, "block_questions"),
        answered=values.count(answered, "block_questions.chosen"),
        correct=values.count(correct, "block_questions.correct"),
        flagged=values.count(flagged, "block_questions.flagged"),
        seconds=values.seconds(elapsed, "blocks.elapsed"),
    )
