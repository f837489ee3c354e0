"""The store's everyday behaviour: learners, settings, answers, positions, threads."""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from rls_tutor.content.course import Course
from rls_tutor.progress import db
from rls_tutor.progress.errors import StoreError
from rls_tutor.progress.store import LessonPosition, ProgressStore

from .progress_helpers import T0, right, wrong


def test_durability_settings_are_in_force(store: ProgressStore, db_path: Path) -> None:
    raw = sqlite3.connect(db_path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # persistent in the file
    raw.close()
    conn = store._conn  # per-connection pragmas can only be read on the store's own connection
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == db.BUSY_TIMEOUT_MS


def test_learners_and_last_learner_are_remembered(db_path: Path) -> None:
    with ProgressStore.open(db_path) as store:
        assert store.learners() == []
        assert store.last_learner() is None
        store.ensure_learner("zoe")
        store.ensure_learner("zoe")
        store.set_last_learner("ann")
    with ProgressStore.open(db_path) as store:
        assert store.learners() == ["ann", "zoe"]
        assert store.last_learner() == "ann"


@pytest.mark.parametrize("name", ["", "   ", "a\x1b]0;x", "x" * 65])
def test_invalid_learner_names_are_refused(store: ProgressStore, name: str) -> None:
    with pytest.raises(StoreError, match="learner name"):
        store.ensure_learner(name)
    assert store.learners() == []


def test_settings_default_and_overwrite(store: ProgressStore) -> None:
    assert store.get_setting("ann", "audience") is None
    assert store.get_setting("ann", "audience", "patient") == "patient"
    store.set_setting("ann", "audience", "clinician")
    store.set_setting("ann", "audience", "patient")
    store.set_setting("ann", "theme", "nord")
    assert store.get_setting("ann", "audience") == "patient"
    assert store.get_setting("ann", "theme") == "nord"
    assert store.get_setting("bob", "theme") is None
    assert store.learners() == ["ann"]


def test_record_answer_saves_every_field(store: ProgressStore, course: Course) -> None:
    q = course.questions["iron-2"]  # multiple choice: options 0 and 1
    result = store.record_answer("ann", q, "iron", [1, 0, 1], certain=True, seconds=4.5, now=T0)
    assert result.correct and result.rating == "good"
    (record,) = store.recent_answers("ann")
    assert record.question_id == "iron-2" and record.topic_id == "iron"
    assert record.chosen == (0, 1)  # authored order, duplicates dropped
    assert record.correct is True and record.certain is True
    assert record.seconds == 4.5
    assert record.answered_at == T0
    assert record.fingerprint == q.fingerprint()
    stored = store._conn.execute("SELECT chosen FROM answers").fetchone()[0]
    assert json.loads(stored) == [0, 1]  # JSON text, not pickles or commas


def test_a_retry_is_marked_in_its_answer_row(store: ProgressStore, course: Course) -> None:
    q = course.questions["iron-1"]
    store.record_answer("ann", q, "iron", [1], now=T0)
    store.record_answer("ann", q, "iron", [0], now=T0 + timedelta(minutes=1), retry=True)
    store.record_answer("bob", q, "iron", [0], now=T0, retry=True)
    log = store.answer_log()
    assert [(a.learner, a.retry) for a in log] == [("ann", False), ("ann", True), ("bob", True)]
    assert store.retried_answers("ann") == {log[1].id}
    assert store.retried_answers("bob") == {log[2].id}
    latest = store.latest_answers("ann", ["iron-1"])
    assert latest["iron-1"].retry and latest["iron-1"].id == log[1].id
    assert [a.retry for a in store.unsent_answers("https://lrs.example.org")] == [False, True, True]
    # a column, not a setting any more
    assert store.get_setting("ann", "retried_answers") is None
    assert store._conn.execute("SELECT retry FROM answers ORDER BY id").fetchall() == [
        (0,),
        (1,),
        (1,),
    ]
    store.reset("ann", question_ids=["iron-1"])  # the mark goes with its answer
    assert store.retried_answers("ann") == set() and store.retried_answers("bob") == {log[2].id}


def test_partial_choice_of_multiple_answer_is_wrong(store: ProgressStore, course: Course) -> None:
    result = store.record_answer("ann", course.questions["iron-2"], "iron", [0], now=T0)
    assert not result.correct and result.rating == "again"


def test_recent_answers_newest_first_and_limited(store: ProgressStore, course: Course) -> None:
    for i, qid in enumerate(["iron-1", "genes-1", "genes-2"]):
        store.record_answer(
            "ann", course.questions[qid], "x", right(course, qid), now=T0 + timedelta(minutes=i)
        )
    store.record_answer("bob", course.questions["iron-1"], "iron", [0], now=T0)
    assert [r.question_id for r in store.recent_answers("ann", limit=2)] == ["genes-2", "genes-1"]
    assert len(store.recent_answers("bob")) == 1


@pytest.mark.parametrize(
    ("chosen", "kwargs", "error"),
    [
        ([7], {}, "out of range"),
        ([0], {"seconds": -1.0}, "seconds"),
        ([0], {"seconds": float("nan")}, "seconds"),
        ([0], {"now": T0.replace(tzinfo=None)}, "timezone-aware"),
    ],
)
def test_bad_answers_are_refused_and_not_saved(
    store: ProgressStore, course: Course, chosen: list[int], kwargs: dict, error: str
) -> None:
    with pytest.raises(ValueError, match=error):
        store.record_answer("ann", course.questions["iron-1"], "iron", chosen, **kwargs)
    assert store.answer_count() == 0
    assert store.cards("ann") == {}


def test_card_summary_counts_follow_answers(store: ProgressStore, course: Course) -> None:
    q = course.questions["genes-1"]
    store.record_answer("ann", q, "genes", wrong(course, "genes-1"), now=T0)
    store.record_answer("ann", q, "genes", right(course, "genes-1"), now=T0 + timedelta(hours=1))
    card = store.cards("ann")["genes-1"]
    assert (card.attempts, card.correct, card.last_correct) == (2, 1, True)
    assert card.last_review == T0 + timedelta(hours=1)
    assert card.topic_id == "genes"


def test_positions(store: ProgressStore) -> None:
    assert store.position("ann", "iron-basics") is None
    assert store.last_position("ann") is None
    store.save_position("ann", "iron-basics", 2, now=T0)
    store.save_position("ann", "genes-intro", 0, now=T0 + timedelta(minutes=5))
    store.save_position("ann", "iron-basics", 3, completed=True, now=T0 + timedelta(minutes=9))
    assert store.position("ann", "iron-basics") == LessonPosition(
        "iron-basics", 3, True, T0 + timedelta(minutes=9)
    )
    last = store.last_position("ann")
    assert last is not None and last.lesson_id == "iron-basics"
    assert store.started_lessons("ann") == {"iron-basics", "genes-intro"}
    assert store.started_lessons("bob") == set()
    with pytest.raises(ValueError):
        store.save_position("ann", "iron-basics", -1)


def test_threads_share_one_store(store: ProgressStore, course: Course) -> None:
    """The TUI calls the store from worker threads: no lost or broken writes."""
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(25):
                qid = ["iron-1", "genes-1", "genes-2"][(n + i) % 3]
                store.record_answer("ann", course.questions[qid], "t", [0], now=T0)
                store.topic_progress("ann", course, "patient", now=T0)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.answer_count("ann") == 100
    assert sum(c.attempts for c in store.cards("ann").values()) == 100


def test_a_long_lock_by_another_process_is_a_clear_error(
    db_path: Path, course: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
    with ProgressStore.open(db_path) as store:
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreError, match="busy"):
                store.record_answer("ann", course.questions["iron-1"], "iron", [0], now=T0)
        finally:
            other.execute("ROLLBACK")
            other.close()
        # the store is still usable once the other writer is gone
        store.record_answer("ann", course.questions["iron-1"], "iron", [0], now=T0)
        assert store.answer_count() == 1


def test_batch_is_one_transaction(store: ProgressStore, course: Course) -> None:
    with pytest.raises(RuntimeError), store.batch():
        store.record_answer("ann", course.questions["iron-1"], "iron", [0], now=T0)
        store.record_answer("ann", course.questions["iron-2"], "iron", [0, 1], now=T0)
        raise RuntimeError("interrupted")
    assert store.answer_count() == 0
    with store.batch():
        for _ in range(3):
            store.record_answer("ann", course.questions["iron-1"], "iron", [0], now=T0)
    assert store.answer_count() == 3


def test_closed_store_raises_store_error(db_path: Path) -> None:
    store = ProgressStore.open(db_path)
    store.close()
    with pytest.raises(StoreError):
        store.learners()


def test_write_transactions_take_the_write_lock_first(
    store: ProgressStore, db_path: Path, course: Course
) -> None:
    """A read-then-write transaction must not fail when another writer commits in between.

    With a plain (deferred) BEGIN the other process's commit lands between our
    read and our write, and our write then fails at once with SQLITE_BUSY.
    """
    other_done = threading.Event()
    errors: list[BaseException] = []

    def other_writer() -> None:
        try:
            other = sqlite3.connect(db_path, timeout=10, isolation_level=None)
            other.execute("INSERT INTO learners (name, created_at) VALUES ('zed', 'now')")
            other.close()
        except BaseException as exc:
            errors.append(exc)
        finally:
            other_done.set()

    store.ensure_learner("ann")
    with store.batch() as conn:
        conn.execute("SELECT count(*) FROM learners").fetchone()  # read first
        thread = threading.Thread(target=other_writer)
        thread.start()
        other_done.wait(0.5)  # with BEGIN IMMEDIATE the other writer waits for us
        store.record_answer("ann", course.questions["iron-1"], "iron", [0], now=T0)
    thread.join()
    assert errors == []
    assert store.learners() == ["ann", "zed"]
    assert store.answer_count() == 1


def test_reset_scopes_and_backup(store: ProgressStore, course: Course, db_path: Path) -> None:
    for qid in ("iron-1", "iron-2", "genes-1"):
        store.record_answer("ann", course.questions[qid], "x", right(course, qid), now=T0)
    store.record_answer("bob", course.questions["iron-1"], "iron", [0], now=T0)
    store.save_position("ann", "iron-basics", 1, now=T0)
    store.save_position("ann", "genes-intro", 1, now=T0)

    assert store.progress_counts("ann", ["iron-1"], None) == (1, 0)
    assert store.reset("ann", question_ids=["iron-1"]) == 2  # one answer, one card
    assert set(store.cards("ann")) == {"iron-2", "genes-1"}
    assert store.started_lessons("ann") == {"iron-basics", "genes-intro"}
    first = store.last_backup
    assert first is not None and first.is_file() and first.parent == db_path.parent

    assert store.reset("ann", lesson_ids=["genes-intro"]) == 1
    assert store.started_lessons("ann") == {"iron-basics"}
    assert store.reset("ann") == 2 + 2 + 1  # everything else of ann
    assert store.progress_counts("ann") == (0, 0)
    assert store.answer_count("bob") == 1
    assert store.last_backup != first
    backed_up = ProgressStore.open(first)
    try:
        assert backed_up.answer_count("ann") == 3  # the copy holds the state before
    finally:
        backed_up.close()
    with pytest.raises(RuntimeError), store.batch():
        store.backup("inside")  # would wait forever in sqlite3: refused instead


def test_only_the_latest_backups_of_a_kind_are_kept(store: ProgressStore) -> None:
    made = [store.backup("reset") for _ in range(db.KEEP_BACKUPS + 2)]
    store.backup("manual")
    kept = sorted(store.path.parent.glob(f"{store.path.name}.reset-*.bak"))
    assert sorted(made[-db.KEEP_BACKUPS :]) == kept
    assert len(list(store.path.parent.glob("*.manual-*.bak"))) == 1
