"""An older database (schema version 1, a committed fixture, or a file built at versions
2 to 4) migrates, with a backup."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from fsrs import Card

from rls_tutor.content.course import Course
from rls_tutor.progress import db, schema
from rls_tutor.progress.errors import StoreError
from rls_tutor.progress.schema import CURRENT_VERSION
from rls_tutor.progress.store import ProgressStore

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "progress" / "v1.sqlite3"


def rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    target = tmp_path / "progress.sqlite3"
    shutil.copyfile(FIXTURE, target)
    assert rows(target, "PRAGMA user_version") == [(1,)]
    return target


def test_v1_fixture_migrates_keeping_every_row(v1_copy: Path, course: Course) -> None:
    old_answers = rows(v1_copy, "SELECT id, learner, question_id, chosen, correct FROM answers")
    old_cards = dict(
        ((learner, qid), raw) for learner, qid, raw in rows(v1_copy, "SELECT * FROM cards")
    )
    with ProgressStore.open(v1_copy) as store:
        assert store.learners() == ["ann", "bob"]
        assert store.get_setting("ann", "audience") == "clinician"
        assert store.get_setting("bob", "ask_certainty") == "1"
        assert store.last_learner() is None  # version 1 did not remember one
        position = store.last_position("ann")
        assert position is not None and (position.lesson_id, position.step) == ("iron-basics", 2)
        assert store.started_lessons("bob") == {"genes-intro"}

        assert rows(v1_copy, "PRAGMA user_version") == [(CURRENT_VERSION,)]
        new_answers = rows(v1_copy, "SELECT id, learner, question_id, chosen, correct FROM answers")
        assert len(new_answers) == len(old_answers) == 7
        for (i, who, qid, old, ok), (j, who2, qid2, new, ok2) in zip(
            old_answers, new_answers, strict=True
        ):
            assert (i, who, qid, ok) == (j, who2, qid2, ok2)
            assert json.loads(new) == [int(x) for x in old.split(",") if x]  # "0,1" -> [0, 1]
        ratings = [r for (r,) in rows(v1_copy, "SELECT rating FROM answers ORDER BY id")]
        assert ratings == [3, 2, 1, 1, 3, 3, 1]  # good, hard (unsure), again, ...
        # every date now has the uniform format (microseconds included)
        for (at,) in rows(v1_copy, "SELECT answered_at FROM answers"):
            assert at.endswith(".000000+00:00")

        # card summaries come from the fsrs JSON and the answers
        cards = store.cards("ann")
        iron = cards["iron-1"]
        assert (iron.attempts, iron.correct, iron.last_correct) == (3, 2, True)
        assert iron.due == Card.from_json(old_cards[("ann", "iron-1")]).due
        assert cards["genes-1"].last_correct is False
        assert store.cards("bob")["iron-3"].topic_id == "iron"

        # the migrated store keeps working: progress, queue, a new answer on the old card
        when = datetime.fromisoformat("2025-01-14T09:00:00+00:00")
        topics = store.topic_progress("ann", course, "clinician", now=when)
        assert [t.attempts for t in topics] == [4, 1, 0]
        assert store.review_queue("ann", course, "clinician", now=when)
        store.record_answer("ann", course.questions["iron-1"], "iron", [0], now=when)
        assert store.cards("ann")["iron-1"].attempts == 4
        assert store.answer_count() == 8


def test_migration_keeps_a_backup_of_the_old_file(v1_copy: Path) -> None:
    before = rows(v1_copy, "SELECT * FROM answers")
    ProgressStore.open(v1_copy).close()
    (backup,) = v1_copy.parent.glob("progress.sqlite3.v1-*.bak")
    assert rows(backup, "PRAGMA user_version") == [(1,)]
    assert rows(backup, "SELECT * FROM answers") == before
    assert rows(backup, "PRAGMA integrity_check") == [("ok",)]
    # a second open finds nothing to migrate and makes no new backup
    ProgressStore.open(v1_copy).close()
    assert len(list(v1_copy.parent.glob("*.bak"))) == 1


def test_failed_migration_changes_nothing(v1_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = rows(v1_copy, "SELECT * FROM answers")

    def half_then_crash(conn: sqlite3.Connection) -> None:
        schema.run_script(conn, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        conn.execute("UPDATE answers SET chosen = 'broken'")
        raise sqlite3.OperationalError("disk I/O error (simulated)")

    monkeypatch.setattr(db, "MIGRATIONS", (schema.MIGRATIONS[0], half_then_crash))
    with pytest.raises(StoreError, match="nothing was changed"):
        ProgressStore.open(v1_copy)
    assert rows(v1_copy, "PRAGMA user_version") == [(1,)]
    assert rows(v1_copy, "SELECT * FROM answers") == before
    assert rows(v1_copy, "SELECT name FROM sqlite_master WHERE name = 'meta'") == []
    monkeypatch.undo()
    with ProgressStore.open(v1_copy) as store:  # and the real migration still works after
        assert store.answer_count() == 7


def test_a_new_file_is_created_at_the_current_version(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite3"
    ProgressStore.open(path).close()
    assert rows(path, "PRAGMA user_version") == [(CURRENT_VERSION,)]
    assert rows(path, "PRAGMA application_id") == [(schema.APPLICATION_ID,)]
    assert list(tmp_path.glob("*.bak")) == []  # nothing to back up


# The answers' columns from version 2 to 4 (version 5 adds `retry`).
OLD_ANSWERS = (
    "SELECT id, learner, question_id, topic_id, chosen, correct, certain, seconds,"
    " answered_at, fingerprint, rating FROM answers ORDER BY id"
)


def make_v2_file(path: Path, version: int = 2) -> None:
    """A file as rls-tutor wrote it at schema version 2 (or 3 or 4): ann's three answers."""
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("BEGIN")
    for step in schema.MIGRATIONS[:version]:
        step(raw)
    raw.execute(f"PRAGMA user_version = {version}")
    raw.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    raw.execute("INSERT INTO learners VALUES ('ann', '2025-01-06T09:00:00.000000+00:00')")
    for n in range(1, 4):
        raw.execute(
            "INSERT INTO answers VALUES (?, 'ann', 'iron-1', 'iron', '[0]', 1, NULL, 2.5,"
            " ?, 'f1', 3)",
            (n, f"2025-01-06T09:0{n}:00.000000+00:00"),
        )
    raw.execute("COMMIT")
    raw.close()


def test_a_version_2_file_migrates_with_a_backup(tmp_path: Path, course: Course) -> None:
    """Version 3 adds `lrs_sent` (what `rls-tutor sync` sent) and makes answer ids
    AUTOINCREMENT: a version 2 file keeps every answer, none of them sent yet; version
    4 adds the practice blocks' tables (test_practice_blocks.py), empty; version 5 the
    retry mark, 0 for every answer."""
    path = tmp_path / "v2.sqlite3"
    make_v2_file(path)
    before = rows(path, OLD_ANSWERS)

    with ProgressStore.open(path) as store:
        assert rows(path, "PRAGMA user_version") == [(CURRENT_VERSION,)] == [(5,)]
        assert rows(path, OLD_ANSWERS) == before
        assert rows(path, "SELECT retry FROM answers") == [(0,)] * 3
        assert [a.id for a in store.unsent_answers("https://lrs.example.org/xAPI")] == [1, 2, 3]
        assert store.block_history("ann") == [] and store.unfinished_block("ann") is None
        # Ids are never used again, even when the latest answers are forgotten: a
        # statement's id comes from its answer's id.
        store.reset("ann")
        store.record_answer("ann", course.questions["iron-1"], "iron", [0])
        assert [a.id for a in store.answer_log()] == [4]
    (backup,) = tmp_path.glob("v2.sqlite3.v2-*.bak")
    assert rows(backup, "PRAGMA user_version") == [(2,)]
    assert rows(backup, OLD_ANSWERS) == before


def make_v4_file_with_marks(path: Path, retried: str = "[2, 3, 99]") -> None:
    """A version 4 file holding the marks version 5 moves: ann retried answers 2 and 3
    (99 was forgotten since), began passes through alpha (a position), beta (none) and
    gamma (a position, an unreadable start); bob retried nothing."""
    make_v2_file(path, version=4)
    raw = sqlite3.connect(path, isolation_level=None)
    raw.executescript(
        f"""
        BEGIN;
        INSERT INTO learners VALUES ('bob', '2025-01-06T09:00:00.000000+00:00');
        INSERT INTO settings VALUES
            ('ann', 'audience', 'patient'),
            ('ann', 'retried_answers', '{retried}'),
            ('ann', 'lesson_pass:alpha', '2025-01-06T10:00:00+01:00'),
            ('ann', 'lesson_pass:beta', '2025-01-06T09:30:00.000000+00:00'),
            ('ann', 'lesson_pass:gamma', 'soon'),
            ('bob', 'lesson_passes', 'kept: not a pass setting');
        INSERT INTO positions VALUES
            ('ann', 'alpha', 2, 0, '2025-01-06T09:05:00.000000+00:00'),
            ('ann', 'gamma', 1, 0, '2025-01-06T09:06:00.000000+00:00'),
            ('bob', 'alpha', 1, 0, '2025-01-06T09:07:00.000000+00:00');
        COMMIT;
        """
    )
    raw.close()


def test_version_5_moves_the_retry_and_pass_settings_into_columns(tmp_path: Path) -> None:
    path = tmp_path / "v4.sqlite3"
    make_v4_file_with_marks(path)
    before = rows(path, OLD_ANSWERS)
    settings = rows(path, "SELECT * FROM settings ORDER BY learner, key")

    with ProgressStore.open(path) as store:
        assert rows(path, "PRAGMA user_version") == [(CURRENT_VERSION,)] == [(5,)]
        assert rows(path, OLD_ANSWERS) == before
        assert rows(path, "SELECT id, retry FROM answers ORDER BY id") == [(1, 0), (2, 1), (3, 1)]
        assert store.retried_answers("ann") == {2, 3} and store.retried_answers("bob") == set()
        assert [a.retry for a in store.answer_log()] == [False, True, True]
        # the settings moved are gone, the others stay
        assert rows(path, "SELECT learner, key FROM settings ORDER BY learner, key") == [
            ("ann", "audience"),
            ("bob", "lesson_passes"),
        ]
        # a pass's start, in the uniform UTC format; unreadable: NULL (every answer counts)
        assert rows(path, "SELECT learner, lesson_id, pass_started_at FROM positions") == [
            ("ann", "alpha", "2025-01-06T09:00:00.000000+00:00"),
            ("ann", "gamma", None),
            ("bob", "alpha", None),
        ]
        assert store.pass_started("ann", "alpha") == datetime.fromisoformat(
            "2025-01-06T09:00:00+00:00"
        )
        assert store.pass_started("ann", "beta") is None and store.position("ann", "beta") is None
        position = store.position("ann", "alpha")
        assert position is not None and position.step == 2  # the position as it was

    (backup,) = tmp_path.glob("v4.sqlite3.v4-*.bak")
    assert rows(backup, "PRAGMA user_version") == [(4,)]
    assert rows(backup, "SELECT * FROM answers ORDER BY id") == before
    assert rows(backup, "SELECT * FROM settings ORDER BY learner, key") == settings


def test_a_damaged_retry_setting_refuses_version_5_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "v4.sqlite3"
    make_v4_file_with_marks(path, retried='["x"]')
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(StoreError, match="damaged value") as caught:
        ProgressStore.open(path)
    assert "settings.value" in str(caught.value)
    assert "cannot be upgraded to schema version 5" in str(caught.value)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert list(tmp_path.glob("*.bak")) == []
