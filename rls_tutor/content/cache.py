"""A cache of the validated course, so the tutor does not re-parse unchanged YAML.

Parsing and validating the course is the slowest part of start-up (the YAML
event stream is walked in Python). The tutor instead reads a JSON file written
the last time the same files were loaded, and rebuilds the models with
`model_construct`, which skips validation: the data was validated before it
was written. The key covers every course file's path, size and modification
time plus the package and cache-format versions, and the payload carries its
own SHA-256, so an edited course or a damaged cache file means a fresh load,
never stale or broken content. JSON only: nothing in the cache can run code.
Problems are stored with paths relative to the course folder and shown relative to
the working folder when read back, so a cache written from one folder still points
at the right files from another. `rls-tutor check` never uses the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from rls_tutor.content.cache_key import cache_file_for, course_key
from rls_tutor.content.course import Course, Problem
from rls_tutor.content.files import display_path
from rls_tutor.content.model import (
    Check,
    GlossaryTerm,
    Lesson,
    Option,
    Question,
    Screen,
    ScreenText,
    Source,
    Topic,
)
from rls_tutor.content.preview import read_payload


def _from_root(shown: str, root: Path) -> str:
    """A problem's path (as `display_path` showed it) relative to the course folder."""
    rel = os.path.relpath(os.path.abspath(shown), os.path.abspath(root))
    return os.path.abspath(shown) if rel.startswith("..") else rel


def _to_shown(stored: str, root: Path) -> str:
    """A stored problem path as `display_path` shows it from the working folder now."""
    return display_path(Path(root) / stored)  # an absolute `stored` stays as it is


def _dump(course: Course) -> dict[str, Any]:
    root = course.root
    return {
        "title": course.title,
        "notice": course.notice,
        "sources": [s.model_dump(mode="json") for s in course.sources.values()],
        "topics": [t.model_dump(mode="json") for t in course.topics],
        "lessons": [lesson.model_dump(mode="json") for lesson in course.lessons.values()],
        "questions": [
            [course.question_topic[qid], q.model_dump(mode="json")]
            for qid, q in course.questions.items()
        ],
        "glossary": [t.model_dump(mode="json") for t in course.glossary],
        "problems": [
            [_from_root(p.path, root), p.line, p.column, p.severity, p.message]
            for p in course.problems
        ],
    }


def _source(data: dict[str, Any]) -> Source:
    updated = data.get("updated")
    return Source.model_construct(
        **{**data, "updated": date.fromisoformat(updated) if updated else None}
    )


def _step(data: dict[str, Any]) -> Screen | Check:
    if "check" in data:
        return Check.model_construct(**data)
    return Screen.model_construct(**{**data, "text": ScreenText.model_construct(**data["text"])})


def _question(data: dict[str, Any]) -> Question:
    options = [Option.model_construct(**o) for o in data["options"]]
    return Question.model_construct(**{**data, "options": options})


def _build(root: Path, data: dict[str, Any]) -> Course:
    course = Course(root=root, title=data["title"], notice=data["notice"])
    course.sources = {s["id"]: _source(s) for s in data["sources"]}
    course.topics = [Topic.model_construct(**t) for t in data["topics"]]
    for raw in data["lessons"]:
        steps = [_step(s) for s in raw["steps"]]
        course.lessons[raw["id"]] = Lesson.model_construct(**{**raw, "steps": steps})
    for topic_id, raw in data["questions"]:
        course.questions[raw["id"]] = _question(raw)
        course.question_topic[raw["id"]] = topic_id
    course.glossary = [GlossaryTerm.model_construct(**t) for t in data["glossary"]]
    course.problems = [
        Problem(_to_shown(path, root), line, column, severity, message)
        for path, line, column, severity, message in data["problems"]
    ]
    course.problems.sort()  # as a fresh load sorts them, seen from this folder
    return course


def read_cache(root: Path, cache_file: Path) -> Course | None:
    """The cached course if it matches the files under `root` now, else None."""
    data = read_payload(root, cache_file)
    if data is None:
        return None
    try:
        return _build(root, data)
    except (ValueError, KeyError, TypeError):
        return None  # a payload of another shape: load afresh


def write_cache(course: Course, cache_file: Path, key: str) -> None:
    """Write atomically; a cache that cannot be written only costs time later."""
    try:
        payload = json.dumps(_dump(course), ensure_ascii=False, separators=(",", ":"))
        envelope = {
            "key": key,
            "sha256": hashlib.sha256(payload.encode()).hexdigest(),
            "payload": payload,
        }
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_file.parent, prefix=".course-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(envelope, handle, ensure_ascii=False)
        os.replace(tmp, cache_file)
    except (OSError, ValueError):  # ValueError: text that cannot be encoded
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)


def load_course_cached(root: Path, cache_dir: Path | None) -> Course:
    """The course under `root`, from the cache when the files are unchanged."""
    from rls_tutor.content.loader import load_course  # only needed on a miss

    if cache_dir is None:
        return load_course(root)
    cache_file = cache_file_for(root, cache_dir)
    cached = read_cache(root, cache_file)
    if cached is not None:
        return cached
    key = course_key(root)  # before loading: a file edited meanwhile misses next time
    course = load_course(root)
    write_cache(course, cache_file, key)
    return course
