"""An older database (schema version 1, a committed fixture) migrates, with a backup."""

from __future__ import annotations

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


def make_v2_file(path: Path) -> None:
    """A file as rls-tutor wrote it at schema version 2: ann's three answers."""
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("BEGIN")
    for step in schema.MIGRATIONS[:2]:
        step(raw)
    raw.execute("PRAGMA user_version = 2")
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
    4 adds the practice blocks' tables (test_practice_blocks.py), empty."""
    path = tmp_path / "v2.sqlite3"
    make_v2_file(path)
    before = rows(path, "SELECT * FROM answers")

    with ProgressStore.open(path) as store:
        assert rows(path, "PRAGMA user_version") == [(CURRENT_VERSION,)] == [(4,)]
        assert rows(path, "SELECT * FROM answers") == before
        assert [a.id for a in store.unsent_answers("https://lrs.example.org/xAPI")] == [1, 2, 3]
        assert store.block_history("ann") == [] and store.unfinished_block("ann") is None
        # Ids are never used again, even when the latest answers are forgotten: a
        # statement's id comes from its answer's id.
        store.reset("ann")
        store.record_answer("ann", course.questions["iron-1"], "iron", [0])
        assert [a.id for a in store.answer_log()] == [4]
    (backup,) = tmp_path.glob("v2.sqlite3.v2-*.bak")
    assert rows(backup, "PRAGMA user_version") == [(2,)]
    assert rows(backup, "SELECT * FROM answers") == before
