"""Hostile progress files: an operational SQLite error is not damage.

Each test builds the case for real (a second connection holding the file under
`locking_mode=EXCLUSIVE`, a page limit that fills the "disk", raw SQL that
damages one value, a v1 file a migration cannot finish, a dropped column, a
FIFO) and checks what the learner sees: a clear message naming the file, exit
status 1 (or the tutor still running), no traceback, no control byte in the
raw output, and a refused file left byte for byte as it was (sha256).
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from rls_tutor.cli import main
from rls_tutor.content.course import Course
from rls_tutor.content.model import Question
from rls_tutor.progress import db, schema, values
from rls_tutor.progress.errors import (
    AccessError,
    BusyError,
    DamagedError,
    DamagedValue,
    DiskFullError,
    StoreError,
    classify,
    classify_os_error,
)
from rls_tutor.progress.stats import question_stats
from rls_tutor.progress.store import ProgressStore

from .progress_helpers import REPO, T0, subprocess_env

FIXTURE_COURSE = REPO / "tests" / "fixtures" / "course"
V1_FIXTURE = REPO / "tests" / "fixtures" / "progress" / "v1.sqlite3"
SHORT_WAIT_MS = "200"
OPERATIONAL_WORDS = ("damaged", "move it away", "restore a backup", "cannot be read")


# --- helpers ------------------------------------------------------------------------


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def assert_clean(raw: bytes) -> str:
    """No traceback, and no control byte but the newline: checked on the raw bytes."""
    text = raw.decode("utf-8")
    assert "Traceback" not in text
    bad = sorted({b for b in raw if (b < 0x20 and b != 0x0A) or b == 0x7F})
    assert not bad, f"control bytes {bad} in {raw!r}"
    assert not any(0x80 <= ord(c) <= 0x9F for c in text), text  # nor C1 controls
    return text


def cli(*argv: str, timeout: float = 60) -> tuple[int, str]:
    """`python -m rls_tutor ...` in a child process with a short busy timeout;
    returns the exit status and stdout + stderr, checked clean."""
    env = {**subprocess_env(), db.ENV_BUSY_TIMEOUT: SHORT_WAIT_MS}
    done = subprocess.run(
        [sys.executable, "-m", "rls_tutor", *argv, "--content", str(FIXTURE_COURSE)],
        capture_output=True,
        cwd=REPO,
        env=env,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    return done.returncode, assert_clean(done.stdout + done.stderr)


def command(name: str, path: Path) -> list[str]:
    return [name, "--db", str(path), *(["--yes"] if name == "reset" else [])]


def seed(path: Path, course: Course) -> None:
    with ProgressStore.open(path) as store:
        store.record_answer("ann", course.questions["iron-1"], "iron", [0], now=T0)
        store.record_answer("ann", course.questions["genes-1"], "genes", [1], now=T0)
        store.save_position("ann", "iron-basics", 1, now=T0)
        store.set_setting("ann", "audience", "patient")
        store.set_last_learner("ann")


def raw_sql(path: Path, *statements: str) -> None:
    """Change the file behind the store's back; CHECK constraints do not stop it."""
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        raw.execute("PRAGMA ignore_check_constraints = ON")
        for statement in statements:
            raw.execute(statement)
    finally:
        raw.close()


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    raw = sqlite3.connect(path)
    try:
        return raw.execute(sql).fetchall()
    finally:
        raw.close()


def v1_copy(tmp_path: Path, journal: str = "DELETE") -> Path:
    target = tmp_path / "old.sqlite3"
    shutil.copyfile(V1_FIXTURE, target)
    raw_sql(target, f"PRAGMA journal_mode = {journal}")
    return target


# --- locked / busy ------------------------------------------------------------------


@contextmanager
def held_exclusively(path: Path, exclusive: bool = True) -> Iterator[None]:
    """Another program holds the file: exclusive locking mode and an open write
    (or only the open write, when the store has the file open already: WAL's
    exclusive mode needs to be the only connection)."""
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        if exclusive:
            holder.execute("PRAGMA locking_mode = EXCLUSIVE")
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("INSERT INTO meta (key, value) VALUES ('held', 'by another process')")
        yield
    finally:
        if holder.in_transaction:
            holder.execute("ROLLBACK")
        holder.close()


@pytest.mark.parametrize("journal", ["WAL", "DELETE"])
@pytest.mark.parametrize("name", ["progress", "stats", "reset"])
def test_a_locked_file_is_busy_not_damaged(
    db_path: Path, course: Course, name: str, journal: str
) -> None:
    seed(db_path, course)
    raw_sql(db_path, f"PRAGMA journal_mode = {journal}")
    before = sha256(db_path)
    with held_exclusively(db_path):
        started = time.monotonic()
        code, out = cli(*command(name, db_path))
        assert time.monotonic() - started < 30  # waited the short busy timeout, not 10 s+
        assert code == 1
        assert out.startswith("rls-tutor: error: ")
        assert f"{db_path} is busy" in out and "another rls-tutor is using it" in out
        assert "try again" in out.lower()
        assert not any(word in out for word in OPERATIONAL_WORDS), out
        assert sha256(db_path) == before
    assert sha256(db_path) == before
    # The file was healthy all along: once the other process lets go, it works.
    code, out = cli("progress", "--db", str(db_path))
    assert code == 0 and "Progress of ann" in out


async def test_the_tutor_on_a_locked_file_says_busy(
    db_path: Path, course: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rls_tutor.tui.app import make_app

    seed(db_path, course)
    monkeypatch.setenv(db.ENV_BUSY_TIMEOUT, SHORT_WAIT_MS)  # read at connect time
    before = sha256(db_path)
    with held_exclusively(db_path):
        app = make_app(content_root=FIXTURE_COURSE, db_path=db_path, seed=1)
        async with app.run_test() as pilot:
            for _ in range(300):
                if app.startup_error is not None:
                    break
                await pilot.pause(0.02)
        assert app.return_code == 1
        assert app.startup_error is not None and "is busy" in app.startup_error
        assert "damaged" not in app.startup_error
        app.close()
    assert sha256(db_path) == before


def test_a_busy_write_in_a_session_is_busy(
    db_path: Path, course: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(db.ENV_BUSY_TIMEOUT, SHORT_WAIT_MS)
    seed(db_path, course)
    with ProgressStore.open(db_path) as store:
        with (
            held_exclusively(db_path, exclusive=False),
            pytest.raises(BusyError, match="is busy") as caught,
        ):
            store.record_answer("ann", course.questions["iron-2"], "iron", [0, 1], now=T0)
        assert str(db_path) in str(caught.value)
        assert not any(word in str(caught.value) for word in OPERATIONAL_WORDS)
        assert store.answer_count("ann") == 2  # and the store goes on afterwards
        store.record_answer("ann", course.questions["iron-2"], "iron", [0, 1], now=T0)
        assert store.answer_count("ann") == 3


@pytest.mark.parametrize(
    ("raw", "expected"), [("250", 250), ("0", 0), ("", 10_000), ("soon", 10_000), ("-5", 10_000)]
)
def test_busy_timeout_is_read_from_the_environment_at_connect(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, raw: str, expected: int
) -> None:
    monkeypatch.setenv(db.ENV_BUSY_TIMEOUT, raw)
    assert db.busy_timeout_ms() == expected
    with ProgressStore.open(db_path) as store:
        assert store._conn.execute("PRAGMA busy_timeout").fetchone()[0] == expected


# --- disk full ----------------------------------------------------------------------


def test_a_full_disk_while_answering_is_full_not_damaged(db_path: Path, course: Course) -> None:
    seed(db_path, course)
    with ProgressStore.open(db_path) as store:
        conn = store._conn
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own SQLITE_FULL
        saved = store.answer_count()
        long_topic = "t" * 3000  # fills a page in a few answers
        with pytest.raises(DiskFullError) as caught:
            for _ in range(200):
                store.record_answer("ann", course.questions["iron-1"], long_topic, [0], now=T0)
                saved += 1
        message = str(caught.value)
        assert "the disk is full" in message and str(db_path) in message
        assert not any(word in message for word in OPERATIONAL_WORDS), message
        assert not conn.in_transaction
        assert store.answer_count() == saved  # the failed answer is not half there
        conn.execute("PRAGMA max_page_count = 1073741823")  # space again: it goes on
        store.record_answer("ann", course.questions["iron-1"], "iron", [0], now=T0)
        assert store.answer_count() == saved + 1
    assert rows(db_path, "PRAGMA integrity_check") == [("ok",)]


def test_a_full_disk_during_an_upgrade_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    path = v1_copy(tmp_path)
    before, files = sha256(path), listing(tmp_path)
    real_connect = sqlite3.connect

    def no_room_to_grow(database: str, *args: Any, **kw: Any) -> sqlite3.Connection:
        conn = real_connect(database, *args, **kw)
        if Path(database) == path:
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    with monkeypatch.context() as patched:
        patched.setattr(sqlite3, "connect", no_room_to_grow)
        for _ in range(3):
            code = main([*command("progress", path), "--content", str(FIXTURE_COURSE)])
            captured = capsysbinary.readouterr()
            out = assert_clean(captured.out + captured.err)
            assert code == 1
            assert "the disk is full" in out and str(path) in out
            assert not any(word in out for word in OPERATIONAL_WORDS), out
            assert sha256(path) == before
            assert listing(tmp_path) == files  # no backup, journal or WAL left per try
    with ProgressStore.open(path) as store:  # room again: the upgrade goes through
        assert store.answer_count() == 7


# --- damaged values inside rows -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "damage", "column"),
    [
        ("progress", "UPDATE cards SET due = 'soon'", "cards.due"),
        ("progress", "UPDATE cards SET due = '2025-03-01T09:00:00'", "cards.due"),  # no offset
        ("progress", "UPDATE cards SET last_review = '2025-02-30T09:00:00+00:00'",
         "cards.last_review"),
        ("progress", "UPDATE cards SET stability = -1", "cards.stability"),
        ("progress", "UPDATE cards SET attempts = 'many'", "cards.attempts"),
        ("stats", "UPDATE answers SET chosen = '[1000000000]'", "answers.chosen"),
        ("stats", "UPDATE answers SET chosen = '[0, -1]'", "answers.chosen"),
        ("stats", "UPDATE answers SET answered_at = 'x' || char(27) || ']52;c;QQ==' || char(7)",
         "answers.answered_at"),
    ],
    ids=["word-date", "naive-date", "impossible-date", "negative-stability", "text-count",
         "huge-option", "negative-option", "date-with-escapes"],
)  # fmt: skip
def test_a_damaged_value_is_a_clear_cli_error(
    db_path: Path, course: Course, name: str, damage: str, column: str
) -> None:
    seed(db_path, course)
    raw_sql(db_path, damage)
    before = sha256(db_path)
    started = time.monotonic()
    code, out = cli(*command(name, db_path))
    assert time.monotonic() - started < 30  # the huge index builds no huge table
    assert code == 1
    assert out.startswith("rls-tutor: error: ") and len(out.strip().splitlines()) == 1
    assert f"{db_path} has a damaged value ({column} holds " in out
    assert "restore a backup" in out
    assert sha256(db_path) == before


def test_a_value_against_a_check_constraint_fails_quick_check(
    db_path: Path, course: Course
) -> None:
    """quick_check sees CHECK constraints: that damage is caught at open, as damage."""
    seed(db_path, course)
    raw_sql(db_path, "UPDATE answers SET chosen = 'not json'")
    before = sha256(db_path)
    code, out = cli(*command("stats", db_path))
    assert code == 1
    assert f"{db_path} is damaged (SQLite quick_check: CHECK constraint failed in answers)" in out
    assert sha256(db_path) == before


def test_stats_names_chosen_that_is_not_json_even_without_the_check() -> None:
    """Without the CHECK (a file written by another tool), json_each() itself fails."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE TABLE answers (learner, question_id, topic_id, chosen, correct, answered_at,"
        " fingerprint)"
    )
    conn.execute(
        "INSERT INTO answers VALUES ('ann', 'q', 't', '{not json', 1,"
        " '2025-03-01T09:00:00.000000+00:00', 'f')"
    )
    with pytest.raises(DamagedValue, match=r"answers\.chosen holds '\{not json'"):
        question_stats(conn)
    conn.close()


@pytest.mark.parametrize(
    "card",
    [
        "{not json",
        "[]",
        "{}",
        '{"card_id": 1, "state": 9, "step": 0, "stability": null, "difficulty": null,'
        ' "due": "2025-03-01T09:00:00+00:00", "last_review": null}',
        '{"card_id": 1, "state": 1, "step": 0, "stability": null, "difficulty": null,'
        ' "due": "2025-03-01T09:00:00", "last_review": null}',
        '{"card_id": 1, "state": 2, "step": null, "stability": -3, "difficulty": 5,'
        ' "due": "2025-03-01T09:00:00+00:00", "last_review": "2025-03-01T09:00:00+00:00"}',
        "[" * 100_000,
    ],
    ids=["bad-json", "list", "empty", "bad-state", "naive-due", "negative-stability", "deep"],
)
def test_damaged_card_json_refuses_the_answer_and_the_store_goes_on(
    db_path: Path, course: Course, card: str
) -> None:
    seed(db_path, course)
    with ProgressStore.open(db_path) as store:
        raw_sql(db_path, f"UPDATE cards SET card = '{card}' WHERE question_id = 'iron-1'")
        with pytest.raises(DamagedError, match=r"has a damaged value \(cards\.card holds") as err:
            store.record_answer("ann", course.questions["iron-1"], "iron", [0], now=T0)
        assert str(db_path) in str(err.value)
        assert not store._conn.in_transaction
        assert store.answer_count("ann") == 2  # the answer was not half saved
        store.record_answer("ann", course.questions["genes-2"], "genes", [0], now=T0)
        assert store.answer_count("ann") == 3


@pytest.mark.parametrize(
    ("damage", "column", "read"),
    [
        ("UPDATE positions SET updated_at = '31/12/2024'", "positions.updated_at",
         lambda s: s.last_position("ann")),
        ("UPDATE positions SET step = -2", "positions.step",
         lambda s: s.position("ann", "iron-basics")),
        ("UPDATE answers SET chosen = '[0, 12]'", "answers.chosen",
         lambda s: s.recent_answers("ann")),
        ("UPDATE answers SET seconds = 'slow'", "answers.seconds",
         lambda s: s.recent_answers("ann")),
        ("UPDATE settings SET value = x'00ff'", "settings.value",
         lambda s: s.get_setting("ann", "audience")),
        ("UPDATE learners SET created_at = created_at, name = name", None,
         lambda s: s.learners()),  # an undamaged read for comparison
        ("UPDATE cards SET correct = 5, attempts = 1", "cards.correct",
         lambda s: s.cards("ann")),
    ],
    ids=["position-date", "position-step", "option-index", "seconds", "blob-setting",
         "undamaged", "more-right-than-tries"],
)  # fmt: skip
def test_damaged_values_in_every_read(
    db_path: Path,
    course: Course,
    damage: str,
    column: str | None,
    read: Callable[[ProgressStore], object],
) -> None:
    seed(db_path, course)
    raw_sql(db_path, damage)
    with ProgressStore.open(db_path) as store:
        if column is None:
            read(store)
            return
        with pytest.raises(DamagedError) as caught:
            read(store)
        assert str(caught.value).startswith(f"{db_path} has a damaged value ({column} holds ")
        assert store.learners() == ["ann"]  # the lock was released, the store is usable


async def test_the_tutor_shows_a_damaged_card_and_keeps_running(tmp_path: Path) -> None:
    from rls_tutor.content.loader import load_course
    from rls_tutor.tui.app import make_app
    from rls_tutor.tui.screens.error import ErrorModal
    from rls_tutor.tui.widgets.question_card import QuestionCard

    path = tmp_path / "tutor.sqlite3"
    fixture = load_course(FIXTURE_COURSE)
    first: Question = fixture.questions["alpha-both"]
    with ProgressStore.open(path) as store:  # answered before, but no track chosen yet
        store.record_answer("learner", first, "alpha", [0], now=T0)
    raw_sql(path, 'UPDATE cards SET card = \'{"due": "tomorrow"}\'')
    app = make_app(content_root=FIXTURE_COURSE, db_path=path, seed=7)
    try:
        async with app.run_test(size=(100, 30)) as pilot:

            async def until(predicate: Callable[[], object]) -> None:
                for _ in range(500):
                    await pilot.pause(0.01)
                    if predicate():
                        return
                raise AssertionError(f"screen: {type(app.screen).__name__}")

            await until(lambda: type(app.screen).__name__ == "WelcomeScreen")
            await until(lambda: app.startup is not None)
            await pilot.press("enter")
            await until(lambda: type(app.screen).__name__ == "LessonScreen")
            await pilot.press("enter")
            await until(lambda: app.screen.query(QuestionCard))
            card = app.screen.query_one(QuestionCard)
            assert card.question.id == "alpha-both"
            await pilot.press("1", "enter")
            await until(lambda: isinstance(app.screen, ErrorModal))
            shown = " ".join(str(w.render()) for w in app.screen.query("*"))
            assert f"{path} has a damaged value (cards.card holds " in shown
            assert app.return_code is None  # still running
    finally:
        app.close()
    assert app.return_code in (None, 0)


# --- migrations that fail half-way --------------------------------------------------


@pytest.mark.parametrize("journal", ["DELETE", "WAL"])
@pytest.mark.parametrize(
    ("damage", "column"),
    [
        ("UPDATE answers SET answered_at = 'garbage' WHERE id = 4", "answers.answered_at"),
        ("UPDATE positions SET updated_at = 'yesterday'", "positions.updated_at"),
        ("UPDATE cards SET card = '{broken'", "cards.card"),
    ],
    ids=["answer-date", "position-date", "card-json"],
)
def test_a_damaged_v1_file_is_refused_byte_identical_without_new_backups(
    tmp_path: Path, damage: str, column: str, journal: str
) -> None:
    path = v1_copy(tmp_path, journal)
    raw_sql(path, damage)
    before, files = sha256(path), listing(tmp_path)
    header = path.read_bytes()[18:20]
    for _ in range(3):  # each try the same answer, and nothing piles up
        code, out = cli("progress", "--db", str(path))
        assert code == 1
        assert f"{path} has a damaged value ({column} holds " in out
        assert "cannot be upgraded to schema version" in out
        assert sha256(path) == before
        assert path.read_bytes()[18:20] == header  # not switched to WAL
        assert listing(tmp_path) == files  # no .bak, no -wal, -shm or -journal


def test_a_migration_failing_half_way_keeps_older_backups_and_adds_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = v1_copy(tmp_path)
    older = [tmp_path / f"{path.name}.v1-2025010{i}T000000Z.bak" for i in range(1, 6)]
    for n, copy in enumerate(older):
        shutil.copyfile(path, copy)
        os.utime(copy, (1_700_000_000 + n, 1_700_000_000 + n))
    before, files = sha256(path), listing(tmp_path)

    def half_then_crash(conn: sqlite3.Connection) -> None:
        schema.run_script(conn, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        conn.execute("UPDATE answers SET chosen = 'broken'")
        raise sqlite3.OperationalError("simulated failure")

    monkeypatch.setattr(db, "MIGRATIONS", (schema.MIGRATIONS[0], half_then_crash))
    for _ in range(3):
        with pytest.raises(StoreError, match="nothing was changed"):
            ProgressStore.open(path)
        assert sha256(path) == before
        assert listing(tmp_path) == files  # the five older copies all kept, no sixth
    monkeypatch.undo()
    with ProgressStore.open(path) as store:
        assert store.answer_count() == 7
    assert len(list(tmp_path.glob("*.v1-*.bak"))) == db.KEEP_BACKUPS  # pruned after success


# --- missing tables and columns -----------------------------------------------------


def test_reset_cannot_delete_from_a_file_missing_a_column(db_path: Path, course: Course) -> None:
    seed(db_path, course)
    raw_sql(db_path, "ALTER TABLE answers DROP COLUMN fingerprint")
    before, files = sha256(db_path), listing(db_path.parent)
    code, out = cli(*command("reset", db_path))
    assert code == 1
    assert f"{db_path} is damaged (the table 'answers' has no column 'fingerprint')" in out
    assert sha256(db_path) == before and listing(db_path.parent) == files  # no backup either
    assert rows(db_path, "SELECT count(*) FROM answers") == [(2,)]


@pytest.mark.parametrize(
    ("damage", "wanted"),
    [
        ("DROP TABLE positions", "without its table 'positions'"),
        ("ALTER TABLE cards RENAME COLUMN due TO due_at", "the table 'cards' has no column 'due'"),
        ("ALTER TABLE meta RENAME TO meta_old", "without its table 'meta'"),
    ],
)
def test_a_file_missing_schema_is_refused_at_open(
    db_path: Path, course: Course, damage: str, wanted: str
) -> None:
    seed(db_path, course)
    raw_sql(db_path, damage)
    before, files = sha256(db_path), listing(db_path.parent)
    with pytest.raises(DamagedError, match="is damaged") as caught:
        ProgressStore.open(db_path)
    assert wanted in str(caught.value) and str(db_path) in str(caught.value)
    assert sha256(db_path) == before and listing(db_path.parent) == files


def test_a_v1_file_missing_a_column_is_refused_before_the_backup(tmp_path: Path) -> None:
    path = v1_copy(tmp_path)
    raw_sql(path, "ALTER TABLE answers DROP COLUMN certain")
    before, files = sha256(path), listing(tmp_path)
    with pytest.raises(DamagedError, match="the table 'answers' has no column 'certain'"):
        ProgressStore.open(path)
    assert sha256(path) == before and listing(tmp_path) == files


def test_the_expected_schema_comes_from_the_migrations() -> None:
    current = db.expected_schema(schema.CURRENT_VERSION)
    assert set(current) == {
        "learners",
        "settings",
        "answers",
        "cards",
        "positions",
        "meta",
        "lrs_sent",
        "sqlite_sequence",  # answers' ids are AUTOINCREMENT from version 3
        "blocks",  # practice blocks, from version 4
        "block_questions",
        "flags",
    }
    assert current["lrs_sent"] == {"answer_id", "lrs", "sent_at"}
    assert {"elapsed", "time_limit", "finished_at"} <= current["blocks"]
    assert {"option_order", "chosen", "flagged", "recorded_at"} <= current["block_questions"]
    assert {"fingerprint", "rating", "chosen", "retry"} <= current["answers"]
    assert "pass_started_at" in current["positions"]  # version 5, as answers.retry
    assert "retry" not in db.expected_schema(4)["answers"]
    assert "certain" in db.expected_schema(1)["answers"]
    assert db.expected_schema(0) == {}


# --- files that are not regular files -----------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("where", ["", "-journal", "-wal"])
def test_a_fifo_is_refused_at_once(db_path: Path, course: Course, where: str) -> None:
    if where:
        seed(db_path, course)
        raw_sql(db_path, "PRAGMA journal_mode = DELETE")
    fifo = db_path.with_name(db_path.name + where)
    os.mkfifo(fifo)
    before = sha256(db_path) if where else None
    files = listing(db_path.parent)
    started = time.monotonic()
    code, out = cli("progress", "--db", str(db_path), timeout=30)  # would block for ever
    assert time.monotonic() - started < 20
    assert code == 1
    assert "named pipe (FIFO)" in out and str(db_path) in out
    assert (fifo.name + " beside it") in out if where else "it is a named pipe" in out
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert listing(db_path.parent) == files
    if before is not None:
        assert sha256(db_path) == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_the_first_frame_glance_does_not_block_on_a_fifo_journal(
    db_path: Path, course: Course
) -> None:
    """The tutor's start-up glance (peek) runs on the event loop: it must not hang."""
    seed(db_path, course)
    raw_sql(db_path, "PRAGMA journal_mode = DELETE")
    os.mkfifo(db_path.with_name(db_path.name + "-journal"))
    code = (
        "import sys\nfrom pathlib import Path\nfrom rls_tutor.progress.peek import peek\n"
        "print(peek(Path(sys.argv[1])).known)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(db_path)],
        capture_output=True, text=True, cwd=REPO, env=subprocess_env(), timeout=30,
    )  # fmt: skip
    assert done.returncode == 0 and done.stdout.strip() == "False", done.stderr


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
def test_a_device_is_refused(tmp_path: Path) -> None:
    code, out = cli("stats", "--db", "/dev/null")
    assert code == 1 and "/dev/null: it is a device, not a database file" in out


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "progress.sqlite3"
    folder.mkdir()
    code, out = cli("progress", "--db", str(folder))
    assert code == 1 and "it is a folder, not a database file" in out


# --- one classification, by SQLite's result code --------------------------------------


def fake(code: int, name: str, text: str) -> sqlite3.Error:
    exc = sqlite3.OperationalError(text)
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    exc.sqlite_errorname = name  # type: ignore[attr-defined]
    return exc


@pytest.mark.parametrize(
    ("exc", "kind", "words"),
    [
        (fake(5, "SQLITE_BUSY", "database is locked"), BusyError, "is busy"),
        (fake(517, "SQLITE_BUSY_SNAPSHOT", "database is locked"), BusyError, "is busy"),
        (fake(6, "SQLITE_LOCKED", "database table is locked"), BusyError, "is busy"),
        (fake(13, "SQLITE_FULL", "database or disk is full"), DiskFullError, "disk is full"),
        (fake(778, "SQLITE_IOERR_WRITE", "disk I/O error"), AccessError, "input/output error"),
        (fake(8, "SQLITE_READONLY", "attempt to write a readonly database"), AccessError,
         "read-only"),
        (fake(14, "SQLITE_CANTOPEN", "unable to open database file"), AccessError,
         "cannot be opened"),
        (fake(11, "SQLITE_CORRUPT", "database disk image is malformed"), DamagedError,
         "cannot be read as a database"),
        (fake(26, "SQLITE_NOTADB", "file is not a database"), DamagedError,
         "cannot be read as a database"),
        # The code decides, not the text: an I/O error that mentions "locked" is I/O.
        (fake(10, "SQLITE_IOERR", "database is locked"), AccessError, "input/output error"),
        (fake(1, "SQLITE_ERROR", "no such table: x"), StoreError, "cannot use"),
        (sqlite3.ProgrammingError("Cannot operate on a closed database."), StoreError,
         "cannot use"),
    ],
)  # fmt: skip
def test_classify_by_result_code(exc: sqlite3.Error, kind: type[StoreError], words: str) -> None:
    error = classify(exc, Path("/data/progress.sqlite3"))
    assert type(error) is kind
    assert words in str(error) and "/data/progress.sqlite3" in str(error)
    if kind is not DamagedError:
        assert not any(word in str(error) for word in OPERATIONAL_WORDS)


def test_classify_real_sqlite_errors(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    ProgressStore.open(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    other = sqlite3.connect(path, timeout=0)
    with pytest.raises(sqlite3.Error) as locked:
        other.execute("BEGIN IMMEDIATE")
    holder.execute("ROLLBACK")
    assert isinstance(classify(locked.value, path), BusyError)
    reader = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    with pytest.raises(sqlite3.Error) as readonly:
        reader.execute("INSERT INTO meta VALUES ('k', 'v')")
    assert isinstance(classify(readonly.value, path), AccessError)
    garbage = tmp_path / "garbage"
    garbage.write_bytes(b"\x01" * 4096)
    with pytest.raises(sqlite3.Error) as notadb:
        sqlite3.connect(garbage).execute("SELECT * FROM sqlite_master")
    assert isinstance(classify(notadb.value, garbage), DamagedError)
    for conn in (holder, other, reader):
        conn.close()


@pytest.mark.parametrize(
    ("number", "kind"),
    [(errno.ENOSPC, DiskFullError), (errno.EACCES, AccessError), (errno.EIO, AccessError),
     (errno.ENAMETOOLONG, StoreError)],
)  # fmt: skip
def test_classify_os_errors(number: int, kind: type[StoreError]) -> None:
    error = classify_os_error(OSError(number, os.strerror(number)), Path("/x/p.sqlite3"), "read")
    assert type(error) is kind and "/x/p.sqlite3" in str(error)


def test_max_options_matches_the_course_model() -> None:
    limits = [getattr(m, "max_length", None) for m in Question.model_fields["options"].metadata]
    assert values.MAX_OPTIONS in limits
