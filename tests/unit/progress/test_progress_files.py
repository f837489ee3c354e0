"""Bad files are refused, untouched; bad folders are clear errors; imports write nothing."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from rls_tutor.content.course import Course
from rls_tutor.progress import db
from rls_tutor.progress.errors import StoreError
from rls_tutor.progress.schema import CURRENT_VERSION
from rls_tutor.progress.store import ProgressStore

from .progress_helpers import T0, subprocess_env


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def refused(path: Path, match: str) -> str:
    before = snapshot(path.parent)
    with pytest.raises(StoreError, match=match) as caught:
        ProgressStore.open(path)
    assert snapshot(path.parent) == before  # byte for byte, and no -wal/-shm/backup left
    assert str(path) in str(caught.value)
    return str(caught.value)


def make_store_file(path: Path, course: Course, answers: int = 3) -> None:
    with ProgressStore.open(path) as store, store.batch():
        for i in range(answers):
            store.record_answer("ann", course.questions["iron-1"], "iron", [i % 3], now=T0)
    # A single self-contained file (no -wal), as a user would copy it around.
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA journal_mode = DELETE")
    raw.close()


@pytest.mark.parametrize(
    "content",
    [
        b"hello, this is a text file\n" * 50,
        bytes(range(256)) * 16,
        b"SQLite",  # shorter than the header
        b"SQLite format 3\x00" + b"\xff" * 4080,  # the header, then garbage
    ],
    ids=["text", "binary", "short", "fake-header"],
)
def test_garbage_file_is_refused_and_left_untouched(db_path: Path, content: bytes) -> None:
    db_path.write_bytes(content)
    refused(db_path, "not an rls-tutor progress database|cannot be read|damaged")


def test_another_programs_database_is_refused(db_path: Path) -> None:
    raw = sqlite3.connect(db_path)
    raw.execute("CREATE TABLE bookmarks (url TEXT)")
    raw.execute("INSERT INTO bookmarks VALUES ('https://example.org')")
    raw.commit()
    raw.close()
    refused(db_path, "another program")


@pytest.mark.parametrize("journal", ["DELETE", "WAL"])
def test_newer_schema_is_refused_and_left_untouched(
    db_path: Path, course: Course, journal: str
) -> None:
    make_store_file(db_path, course)
    raw = sqlite3.connect(db_path)
    raw.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    raw.execute(f"PRAGMA journal_mode = {journal}")
    raw.close()
    message = refused(db_path, "newer rls-tutor")
    assert f"schema version {CURRENT_VERSION + 1}" in message


def test_damaged_database_fails_quick_check_and_is_left_untouched(
    db_path: Path, course: Course
) -> None:
    make_store_file(db_path, course, answers=400)
    # The interior page of the answers' b-tree, found by SQLite's own page map: its
    # place in the file moves with the schema's history. (quick_check reports a broken
    # interior page; a broken leaf page of a table makes it raise instead.)
    raw = sqlite3.connect(db_path)
    page = raw.execute("PRAGMA page_size").fetchone()[0]
    (number,) = raw.execute(
        "SELECT pageno FROM dbstat WHERE name = 'answers' AND pagetype = 'internal'"
    ).fetchone()
    raw.close()
    start = (number - 1) * page
    data = bytearray(db_path.read_bytes())
    data[start : start + page] = b"\x55" * page  # one b-tree page of answers, header and all
    db_path.write_bytes(bytes(data))
    refused(db_path, "is damaged")


def test_missing_folder_is_a_clear_error_unless_asked_to_create(tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "progress.sqlite3"
    with pytest.raises(StoreError, match="does not exist"):
        ProgressStore.open(path)
    assert not (tmp_path / "no").exists()
    with ProgressStore.open(path, create_parent=True) as store:
        store.ensure_learner("ann")
    assert path.is_file()


def test_a_folder_in_place_of_the_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "progress.sqlite3").mkdir()
    with pytest.raises(StoreError, match="is a folder"):
        ProgressStore.open(tmp_path / "progress.sqlite3")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write in read-only folders")
def test_read_only_folder_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(StoreError, match="read-only"):
            ProgressStore.open(folder / "progress.sqlite3")
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("target", ["folder", "file"])
def test_read_only_location_is_a_clear_error(
    db_path: Path, course: Course, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    """Also under root (CI containers), where chmod does not stop writes: fake the answer."""
    make_store_file(db_path, course)
    denied = db_path.parent if target == "folder" else db_path
    real_access = os.access
    monkeypatch.setattr(
        db.os, "access", lambda p, mode: False if Path(p) == denied else real_access(p, mode)
    )
    refused(db_path, "read-only")


def test_importing_the_progress_layer_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "env" / "progress.sqlite3"
    modules = [
        "rls_tutor.progress",
        "rls_tutor.progress.store",
        "rls_tutor.progress.access",
        "rls_tutor.progress.report",
        "rls_tutor.commands.progress",
        "rls_tutor.commands.reset",
        "rls_tutor.commands.stats",
    ]
    code = "".join(f"import {m}\n" for m in modules) + (
        "import sys\nprint(any(m.split('.')[0] == 'textual' for m in sys.modules))\n"
    )
    env = {
        **subprocess_env(),
        "RLS_TUTOR_DB": str(target),
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"  # textual never loaded
    assert list(tmp_path.rglob("*")) == []
