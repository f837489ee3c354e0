"""Home's first frame (session/glance.py): the figures glanced from the course cache and a
read-only look at the progress file are the ones the loaded session computes, and
computing them imports neither pydantic nor fsrs nor the store."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rls_tutor.content import model
from rls_tutor.content.cache import load_course_cached
from rls_tutor.content.course import Course
from rls_tutor.content.preview import AUDIENCES, CoursePreview, read_preview
from rls_tutor.locations import bundled_course_root
from rls_tutor.progress.store import ProgressStore
from rls_tutor.session.glance import HomeFigures, figures, glance_home
from rls_tutor.session.learning import Session

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "course"
NOW = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)

# A lesson no patient sees (its one screen is for clinicians): "Continue" skips it.
CLINICIAN_LESSON = """\
id: gamma
title: Gamma lesson, for clinicians
topic: beta
steps:
  - title: Clinician only
    audience: clinician
    sources: [clinician-source]
    text:
      clinician: |
        Gamma clinician text.
"""


def fixture_course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(FIXTURE, root)
    (root / "lessons" / "03-gamma.yaml").write_text(CLINICIAN_LESSON, encoding="utf-8")
    return root


def outline(root: Path, cache_dir: Path) -> tuple[Course, CoursePreview]:
    course = load_course_cached(root, cache_dir)  # writes the cache the first frame reads
    preview = read_preview(root, cache_dir)
    assert preview is not None
    return course, preview


def play(store: ProgressStore, course: Course, rng: random.Random) -> None:
    """Answers (right and wrong, over weeks) and lesson positions, at random."""
    qids = list(course.questions)
    when = NOW - timedelta(days=60)
    for _ in range(rng.randint(0, 3 * len(qids))):
        question = course.questions[rng.choice(qids)]
        right = [i for i, o in enumerate(question.options) if o.correct]
        wrong = [i for i, o in enumerate(question.options) if not o.correct][:1]
        picks = right if rng.random() < 0.7 or not wrong else wrong
        when += timedelta(hours=rng.uniform(0, 72))
        store.record_answer(
            "ann",
            question,
            course.question_topic[question.id],
            picks,
            certain=rng.choice([None, True, False]),
            now=min(when, NOW),
        )
    lesson_ids = [*course.lessons, "gone-lesson"]  # a lesson no longer in the course
    for _ in range(rng.randint(0, 2 * len(lesson_ids))):
        when += timedelta(minutes=rng.uniform(1, 600))
        store.save_position(
            "ann",
            rng.choice(lesson_ids),
            rng.randint(0, 4),
            completed=rng.random() < 0.5,
            now=min(when, NOW),
        )


def session_figures(store: ProgressStore, course: Course, audience: str) -> HomeFigures:
    session = Session(course, store, "ann", audience, clock=lambda: NOW)  # type: ignore[arg-type]
    return figures(session.home_data(), course)


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_glance_agrees_with_the_session(tmp_path: Path, seed: int, audience: str) -> None:
    course, preview = outline(fixture_course(tmp_path), tmp_path / "cache")
    db = tmp_path / "p.sqlite3"
    with ProgressStore.open(db) as store:
        store.set_setting("ann", "audience", audience)
        play(store, course, random.Random(seed))
        expected = session_figures(store, course, audience)
    assert glance_home(db, "ann", audience, preview, NOW) == expected


@pytest.mark.parametrize("seed", range(3))
def test_the_glance_agrees_on_the_bundled_course(tmp_path: Path, seed: int) -> None:
    course, preview = outline(bundled_course_root(), tmp_path / "cache")
    db = tmp_path / "p.sqlite3"
    with ProgressStore.open(db) as store:
        play(store, course, random.Random(seed))
        for audience in AUDIENCES:
            expected = session_figures(store, course, audience)
            assert glance_home(db, "ann", audience, preview, NOW) == expected
            assert len(expected.topics) == len(course.topics)


def test_a_new_learner_and_every_lesson_done(tmp_path: Path) -> None:
    course, preview = outline(fixture_course(tmp_path), tmp_path / "cache")
    db = tmp_path / "p.sqlite3"
    with ProgressStore.open(db) as store:
        store.ensure_learner("ann")
        fresh = glance_home(db, "ann", "patient", preview, NOW)
        assert fresh == session_figures(store, course, "patient")
        assert fresh is not None and fresh.resume is not None and not fresh.resume.started
        assert [t.level for t in fresh.topics] == ["Not started", "Not started"]
        for lesson in course.lessons:
            store.save_position("ann", lesson, 4, completed=True, now=NOW)
        done = glance_home(db, "ann", "patient", preview, NOW)
        assert done == session_figures(store, course, "patient")
        assert done is not None and done.resume is None
        assert set(done.lesson_states.values()) == {"done"}


def test_the_outline_knows_what_each_track_sees(tmp_path: Path) -> None:
    course, preview = outline(fixture_course(tmp_path), tmp_path / "cache")
    assert AUDIENCES == model.AUDIENCES
    assert (preview.title, preview.notice) == (course.title, course.notice)
    assert [(t.id, t.title) for t in preview.topics] == [(t.id, t.title) for t in course.topics]
    for lesson in preview.lessons:
        real = course.lessons[lesson.id]
        assert (lesson.title, lesson.topic) == (real.title, real.topic)
        seen_by = {a for a in AUDIENCES if real.steps_for(a, course.questions)}
        assert lesson.audiences == seen_by
    assert preview.lessons[-1].audiences == {"clinician"}  # gamma
    for qid, question in course.questions.items():
        assert preview.questions[qid].audience == tuple(question.audience)
    assert preview.question_topic == course.question_topic


def test_no_glance_without_a_current_readable_file(tmp_path: Path) -> None:
    _, preview = outline(fixture_course(tmp_path), tmp_path / "cache")
    db = tmp_path / "p.sqlite3"
    assert glance_home(db, "ann", "patient", preview, NOW) is None  # no file yet
    assert not db.exists()
    with ProgressStore.open(db) as store:
        store.set_setting("ann", "audience", "patient")
    before = db.read_bytes()
    assert glance_home(db, "ann", "patient", preview, NOW) is not None
    assert db.read_bytes() == before  # read-only

    # A value the store never writes: no figures (the store, once open, says why).
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO positions (learner, lesson_id, step, completed, updated_at)"
            " VALUES ('ann', 'alpha', -3, 0, 'not a date')"
        )
    assert glance_home(db, "ann", "patient", preview, NOW) is None

    # A file of another schema version: the store may migrate it first.
    other = tmp_path / "old.sqlite3"
    with ProgressStore.open(other) as store:
        store.set_setting("ann", "audience", "patient")
    with sqlite3.connect(other) as conn:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA user_version = {version - 1}")
    assert glance_home(other, "ann", "patient", preview, NOW) is None

    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database" * 100)
    assert glance_home(garbage, "ann", "patient", preview, NOW) is None


def test_the_first_frame_imports_neither_pydantic_nor_fsrs_nor_the_store(tmp_path: Path) -> None:
    root = fixture_course(tmp_path)
    cache_dir = tmp_path / "cache"
    course, _ = outline(root, cache_dir)
    db = tmp_path / "p.sqlite3"
    with ProgressStore.open(db) as store:
        play(store, course, random.Random(1))
        store.set_setting("ann", "audience", "patient")
    code = f"""
import sys
from datetime import UTC, datetime
from pathlib import Path
from rls_tutor.content.preview import read_preview
from rls_tutor.progress.peek import peek
from rls_tutor.session.glance import glance_home
glance = peek(Path({str(db)!r}), "ann")
preview = read_preview(Path({str(root)!r}), Path({str(cache_dir)!r}))
figures = glance_home(Path({str(db)!r}), "ann", glance.audience, preview, datetime.now(UTC))
assert figures is not None and figures.topics
heavy = ("pydantic", "fsrs", "textual", "rls_tutor.content.model", "rls_tutor.progress.store")
print(sorted(m for m in sys.modules if m in heavy or m.startswith(("pydantic.", "fsrs."))))
"""
    env = {**os.environ, "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
