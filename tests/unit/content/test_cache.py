"""The course cache: same course as a fresh load, and never stale or trusted when damaged."""

from __future__ import annotations

import json
import os
from pathlib import Path

from rls_tutor.content import cache
from rls_tutor.content.course import Course
from rls_tutor.content.loader import load_course
from rls_tutor.locations import bundled_course_root

from .course_factory import write_course


def same(a: Course, b: Course) -> bool:
    return (
        (a.title, a.notice, a.sources, a.topics, a.lessons, a.questions, a.question_topic)
        == (b.title, b.notice, b.sources, b.topics, b.lessons, b.questions, b.question_topic)
        and a.glossary == b.glossary
        and a.problems == b.problems
    )


def test_cached_bundled_course_equals_a_fresh_load(tmp_path: Path) -> None:
    root = bundled_course_root()
    first = cache.load_course_cached(root, tmp_path)
    cache_file = cache.cache_file_for(root, tmp_path)
    assert cache_file.is_file()
    second = cache.read_cache(root, cache_file)
    assert second is not None and same(second, load_course(root)) and same(first, second)
    q = next(iter(second.questions.values()))
    assert q.fingerprint() == load_course(root).questions[q.id].fingerprint()


def test_an_edited_file_misses_the_cache(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course")
    cache_dir = tmp_path / "cache"
    cache.load_course_cached(root, cache_dir)
    quiz = root / "quizzes" / "iron.yaml"
    quiz.write_text(quiz.read_text().replace("Dopamine", "Dopamine (DA)"))
    os.utime(quiz, ns=(1, 1))  # even with an old timestamp, the size changed
    assert cache.read_cache(root, cache.cache_file_for(root, cache_dir)) is None
    fresh = cache.load_course_cached(root, cache_dir)
    assert fresh.questions["iron-q1"].options[0].text == "Dopamine (DA)"


def test_problems_are_cached_too(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", genes_quiz="topic: [genes\n")
    cache_dir = tmp_path / "cache"
    first = cache.load_course_cached(root, cache_dir)
    again = cache.read_cache(root, cache.cache_file_for(root, cache_dir))
    assert again is not None and again.problems == first.problems and again.errors


def test_damaged_or_tampered_cache_is_ignored(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course")
    cache_dir = tmp_path / "cache"
    cache.load_course_cached(root, cache_dir)
    cache_file = cache.cache_file_for(root, cache_dir)
    envelope = json.loads(cache_file.read_text())
    envelope["payload"] = envelope["payload"].replace("Dopamine", "Serotonin")
    cache_file.write_text(json.dumps(envelope))
    assert cache.read_cache(root, cache_file) is None  # checksum mismatch
    cache_file.write_text("{not json")
    assert cache.read_cache(root, cache_file) is None
    assert "iron-q1" in cache.load_course_cached(root, cache_dir).questions


def test_unwritable_cache_folder_only_costs_time(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    course = cache.load_course_cached(root, blocker / "cache")
    assert "iron-q1" in course.questions
