"""The read-only glance that picks the first screen before the store is opened."""

from __future__ import annotations

from pathlib import Path

from rls_tutor.progress.peek import DEFAULT_LEARNER, peek
from rls_tutor.progress.store import ProgressStore


def test_no_file_is_a_new_learner_and_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite3"
    glance = peek(db)
    assert (glance.learner, glance.known) == (DEFAULT_LEARNER, False)
    assert list(tmp_path.iterdir()) == []


def test_returning_learner_with_a_track(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite3"
    with ProgressStore.open(db) as store:
        store.set_last_learner("ana")
        store.set_setting("ana", "audience", "clinician")
        store.ensure_learner("bo")
    before = db.read_bytes()
    assert peek(db) == peek(db, "ana")
    assert peek(db).known and peek(db).audience == "clinician"
    assert not peek(db, "bo").known  # known name, but no track chosen yet
    assert db.read_bytes() == before


def test_garbage_file_is_unknown_not_an_error(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite3"
    db.write_bytes(b"not a database at all" * 100)
    assert not peek(db).known
    assert db.read_bytes() == b"not a database at all" * 100


def test_the_saved_theme_comes_with_the_glance(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite3"
    with ProgressStore.open(db) as store:
        store.set_last_learner("ana")
        store.set_setting("ana", "audience", "patient")
        store.set_setting("ana", "theme", "textual-light")
        store.set_setting("bo", "audience", "clinician")
    assert peek(db).theme == "textual-light"
    assert peek(db, "bo").theme is None
