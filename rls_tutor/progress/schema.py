"""The database's versions and the migrations between them.

`PRAGMA user_version` holds the version. A new file runs every migration from
0; an older file runs the missing ones. `db.migrate()` runs them all in one
`BEGIN IMMEDIATE` transaction after taking a backup, so a file is either fully
migrated or left as it was. Never edit a released migration: add one.

Datetimes are stored as ISO 8601 text in UTC with microseconds
(`2025-01-31T08:00:00.000000+00:00`), so text order is time order and SQL can
compare them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

from rls_tutor.progress import values
from rls_tutor.progress.errors import DamagedValue

# "RLST": marks the file as ours, so another program's SQLite file is refused.
APPLICATION_ID = 0x524C5354


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run `;`-separated statements inside the caller's transaction.

    `executescript()` would COMMIT the pending transaction first, which would
    break the one-transaction rule of migrations.
    """
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


# Version 1: the first release. Cards held only the fsrs JSON, so progress had
# to read every answer; `chosen` was comma-separated text.
V1 = """
CREATE TABLE learners (
    name TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);
CREATE TABLE settings (
    learner TEXT NOT NULL REFERENCES learners(name) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (learner, key)
);
CREATE TABLE answers (
    id INTEGER PRIMARY KEY,
    learner TEXT NOT NULL REFERENCES learners(name) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    topic_id TEXT NOT NULL,
    chosen TEXT NOT NULL,
    correct INTEGER NOT NULL,
    certain INTEGER,
    seconds REAL NOT NULL,
    answered_at TEXT NOT NULL
);
CREATE TABLE cards (
    learner TEXT NOT NULL REFERENCES learners(name) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    card TEXT NOT NULL,
    PRIMARY KEY (learner, question_id)
);
CREATE TABLE positions (
    learner TEXT NOT NULL REFERENCES learners(name) ON DELETE CASCADE,
    lesson_id TEXT NOT NULL,
    step INTEGER NOT NULL,
    completed INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (learner, lesson_id)
)
"""


def _v1(conn: sqlite3.Connection) -> None:
    run_script(conn, V1)


# Version 2: answers keep the question's fingerprint and rating, `chosen` is a
# JSON array; cards carry a summary (due, stability, counts) updated with each
# answer, so progress reads one row per question instead of every answer; the
# last learner is remembered in `meta`.
V2_TABLES = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE answers_v2 (
    id INTEGER PRIMARY KEY,
    learner TEXT NOT NULL REFERENCES learners(name) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    topic_id TEXT NOT NULL,
    chosen TEXT NOT NULL CHECK (json_valid(chosen) AND json_type(chosen) = 'array'),
    correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
    certain INTEGER CHECK (certain IN (0, 1)),
    seconds REAL NOT NULL CHECK (seconds >= 0),
    answered_at TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4)
);
INSERT INTO answers_v2 (id, learner, question_id, topic_id, chosen, correct, certain, seconds,
                        answered_at, fingerprint, rating)
    SELECT id, learner, question_id, topic_id,
           '[' || chosen || ']', correct, certain, MAX(seconds, 0), answered_at, '',
           CASE WHEN correct = 0 THEN 1 WHEN certain = 0 THEN 2 ELSE 3 END
    FROM answers;
DROP TABLE answers;
ALTER TABLE answers_v2 RENAME TO answers;
CREATE INDEX answers_by_learner ON answers (learner, id);
CREATE TABLE cards_v2 (
    learner TEXT NOT NULL REFERENCES learners(name) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    topic_id TEXT NOT NULL,
    card TEXT NOT NULL,
    due TEXT NOT NULL,
    stability REAL,
    last_review TEXT,
    attempts INTEGER NOT NULL CHECK (attempts >= 0),
    correct INTEGER NOT NULL CHECK (correct >= 0),
    last_correct INTEGER NOT NULL CHECK (last_correct IN (0, 1)),
    PRIMARY KEY (learner, question_id)
) WITHOUT ROWID
"""

_CARD_COUNTS = """
SELECT COUNT(*), COALESCE(SUM(correct), 0),
       (SELECT correct FROM answers WHERE learner = ? AND question_id = ? ORDER BY id DESC LIMIT 1),
       (SELECT topic_id FROM answers WHERE learner = ? AND question_id = ? ORDER BY id DESC LIMIT 1)
FROM answers WHERE learner = ? AND question_id = ?
"""


def _v2(conn: sqlite3.Connection) -> None:
    run_script(conn, V2_TABLES)
    # The summary columns come from the fsrs JSON (parsed in Python so the dates
    # get the uniform format above) and from the answers themselves. A value that
    # does not parse raises DamagedValue: db.migrate rolls back and refuses the file.
    rows = conn.execute("SELECT learner, question_id, card FROM cards").fetchall()
    for learner, qid, raw in rows:
        card = values.card(raw, "cards.card")
        keys = (learner, qid)
        attempts, correct, last_correct, topic = conn.execute(_CARD_COUNTS, keys * 3).fetchone()
        conn.execute(
            "INSERT INTO cards_v2 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                learner,
                qid,
                topic or "",
                raw,
                iso(card.due),
                card.stability,
                iso(card.last_review) if card.last_review else None,
                attempts,
                correct,
                last_correct or 0,
            ),
        )
    # Version 1 wrote `isoformat()`, which drops zero microseconds: normalize so
    # text order is time order (last_position sorts on it).
    for table, key, column in (
        ("answers", "id", "answered_at"),
        ("positions", "rowid", "updated_at"),
    ):
        rows = conn.execute(f"SELECT {key}, {column} FROM {table}").fetchall()
        conn.executemany(
            f"UPDATE {table} SET {column} = ? WHERE {key} = ?",
            [(iso(values.moment(at, f"{table}.{column}")), rowid) for rowid, at in rows],
        )
    run_script(
        conn,
        """
        DROP TABLE cards;
        ALTER TABLE cards_v2 RENAME TO cards;
        CREATE INDEX cards_by_due ON cards (learner, due)
        """,
    )


# Version 3: which answers an LRS accepted (`rls-tutor sync`), one row per answer and
# LRS (the LRS's normalized URL), written only after the LRS accepted the batch holding
# that answer's statement; forgetting an answer forgets its rows. And answer ids are
# never used again (AUTOINCREMENT): a statement's id is derived from its answer's id,
# so a new answer under the id of a forgotten one (`reset` of the latest answers, or of
# all of them) would be taken by an LRS for the statement it already has.
V3 = """
CREATE TABLE answers_v3 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    learner TEXT NOT NULL REFERENCES learners(name) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    topic_id TEXT NOT NULL,
    chosen TEXT NOT NULL CHECK (json_valid(chosen) AND json_type(chosen) = 'array'),
    correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
    certain INTEGER CHECK (certain IN (0, 1)),
    seconds REAL NOT NULL CHECK (seconds >= 0),
    answered_at TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4)
);
INSERT INTO answers_v3 (id, learner, question_id, topic_id, chosen, correct, certain, seconds,
                        answered_at, fingerprint, rating)
    SELECT id, learner, question_id, topic_id, chosen, correct, certain, seconds,
           answered_at, fingerprint, rating
    FROM answers;
DROP TABLE answers;
ALTER TABLE answers_v3 RENAME TO answers;
CREATE INDEX answers_by_learner ON answers (learner, id);
CREATE TABLE lrs_sent (
    answer_id INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
    lrs TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (answer_id, lrs)
) WITHOUT ROWID
"""


def _v3(conn: sqlite3.Connection) -> None:
    run_script(conn, V3)


# Version 4: practice blocks (`rls-tutor practice`). A block is a list of questions
# picked once (their order and each one's option order kept, so a revisit or a resume
# shows the same screen), answered, flagged and timed; its state is saved at every
# answer, flag and move. `elapsed` counts the seconds the block was open in the tutor
# (a timed block's time left is `time_limit - elapsed`). `recorded_at` marks the
# answer that went to `answers` and the card: once per question per block (tutor mode
# at the answer, timed mode when the block ends, in the transaction that ends it).
# `flags` are the learner's own, kept across blocks (the `flagged` pool).
V4 = """
CREATE TABLE blocks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    learner TEXT NOT NULL REFERENCES learners(name) ON DELETE CASCADE,
    audience TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('tutor', 'timed')),
    pool TEXT NOT NULL CHECK (pool IN ('unused', 'incorrect', 'flagged', 'all')),
    topics TEXT NOT NULL CHECK (json_valid(topics) AND json_type(topics) = 'array'),
    seconds_per_question REAL NOT NULL CHECK (seconds_per_question > 0),
    time_limit REAL CHECK (time_limit IS NULL OR time_limit > 0),
    elapsed REAL NOT NULL DEFAULT 0 CHECK (elapsed >= 0),
    position INTEGER NOT NULL DEFAULT 0 CHECK (position >= 0),
    seed INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    finished_at TEXT,
    ended_by TEXT CHECK (ended_by IN ('learner', 'time', 'new-block'))
);
CREATE INDEX blocks_by_learner ON blocks (learner, finished_at, id);
CREATE TABLE block_questions (
    block_id INTEGER NOT NULL REFERENCES blocks(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    question_id TEXT NOT NULL,
    topic_id TEXT NOT NULL,
    option_order TEXT NOT NULL
        CHECK (json_valid(option_order) AND json_type(option_order) = 'array'),
    chosen TEXT CHECK (chosen IS NULL OR (json_valid(chosen) AND json_type(chosen) = 'array')),
    certain INTEGER CHECK (certain IN (0, 1)),
    correct INTEGER CHECK (correct IN (0, 1)),
    flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
    seconds REAL NOT NULL DEFAULT 0 CHECK (seconds >= 0),
    recorded_at TEXT,
    PRIMARY KEY (block_id, position)
) WITHOUT ROWID;
CREATE TABLE flags (
    learner TEXT NOT NULL REFERENCES learners(name) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    flagged_at TEXT NOT NULL,
    PRIMARY KEY (learner, question_id)
) WITHOUT ROWID
"""


def _v4(conn: sqlite3.Connection) -> None:
    run_script(conn, V4)


# Version 5: two marks that lived in learner settings for lack of a column move into
# their rows. `answers.retry`: the learner asked to answer a lesson check again
# (`record_answer(retry=True)`), was the `retried_answers` setting (a JSON list of
# answer ids). `positions.pass_started_at`: when the learner's pass through the lesson
# began (session/check_answers.py), was the `lesson_pass:<lesson id>` setting; NULL
# counts every answer (a lesson under way from before passes were kept).
V5 = """
ALTER TABLE answers ADD COLUMN retry INTEGER NOT NULL DEFAULT 0 CHECK (retry IN (0, 1));
ALTER TABLE positions ADD COLUMN pass_started_at TEXT
"""
RETRIES_SETTING = "retried_answers"  # the settings version 5 moves into columns
PASS_SETTING = "lesson_pass:"  # + lesson id


def _v5(conn: sqlite3.Connection) -> None:
    run_script(conn, V5)
    # The ids were read as the store read them: a list that does not parse raises
    # DamagedValue (db.migrate rolls back and refuses the file). Ids of answers
    # forgotten since (reset) match no row; ids are never used again (AUTOINCREMENT).
    rows = conn.execute(
        "SELECT learner, value FROM settings WHERE key = ?", (RETRIES_SETTING,)
    ).fetchall()
    for learner, raw in rows:
        conn.executemany(
            "UPDATE answers SET retry = 1 WHERE id = ? AND learner = ?",
            [
                (answer_id, learner)
                for answer_id in sorted(values.answer_ids(raw, "settings.value"))
            ],
        )
    conn.execute("DELETE FROM settings WHERE key = ?", (RETRIES_SETTING,))
    # A pass's start was read generously (unreadable: count every answer), so it is
    # moved the same way: an unreadable one leaves NULL. A lesson without a position
    # starts a new pass when it opens: its setting just goes.
    prefix = (len(PASS_SETTING), PASS_SETTING)
    rows = conn.execute(
        "SELECT learner, substr(key, ? + 1), value FROM settings WHERE substr(key, 1, ?) = ?",
        (prefix[0], *prefix),
    ).fetchall()
    for learner, lesson_id, raw in rows:
        try:
            started = iso(values.moment(raw, "settings.value"))
        except DamagedValue:
            continue
        conn.execute(
            "UPDATE positions SET pass_started_at = ? WHERE learner = ? AND lesson_id = ?",
            (started, learner, lesson_id),
        )
    conn.execute("DELETE FROM settings WHERE substr(key, 1, ?) = ?", prefix)


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1, _v2, _v3, _v4, _v5)
CURRENT_VERSION = len(MIGRATIONS)
