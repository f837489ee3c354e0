"""The course's outline from the cache, without the course model.

The first useful screen comes from here: the welcome screen shows the course's
title and notice, and a returning learner's home lists the topics with their
figures (session/glance.py), for which it needs which questions and lessons each
track sees. Reading it costs a few milliseconds of JSON, while the model
(pydantic), fsrs and the store load in a worker. Only a cache that matches the
course files and its checksum counts (the text in it was sanitized when the
course was loaded).

Without a usable cache (the first launch after an install or a course edit) the
welcome screen still needs only the title and the notice: `read_course_file` takes
them from `lessons/course.yaml` alone, read as the loader reads it (`files.read_file`,
`safe_yaml.parse_yaml`: controls stripped, whitespace trimmed as the model trims it),
without pydantic. A returning learner's home needs the whole outline, so without a
cache it waits for the load.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rls_tutor.content.cache_key import cache_file_for, course_key
from rls_tutor.content.files import COURSE_FILE, Unreadable, read_file, scan

# The tracks (content.model.AUDIENCES, which imports pydantic; a test checks they agree).
AUDIENCES = ("patient", "clinician")


@dataclass(frozen=True)
class TopicPreview:
    id: str
    title: str


@dataclass(frozen=True)
class LessonPreview:
    id: str
    title: str
    topic: str
    audiences: frozenset[str]  # the tracks that see at least one of its steps


@dataclass(frozen=True)
class QuestionPreview:
    audience: tuple[str, ...]


@dataclass(frozen=True)
class CoursePreview:
    """Shaped like the loaded `Course` where the two are read alike (progress/cards.py)."""

    title: str
    topics: list[TopicPreview]
    notice: str = ""
    lessons: list[LessonPreview] = field(default_factory=list)  # in the course's order
    questions: dict[str, QuestionPreview] = field(default_factory=dict)  # in bank order
    question_topic: dict[str, str] = field(default_factory=dict)


def read_payload(root: Path, cache_file: Path) -> dict[str, Any] | None:
    """The cached course data if it matches the course files now, else None."""
    try:
        envelope = json.loads(cache_file.read_text(encoding="utf-8"))
        payload = envelope["payload"]
        if envelope["key"] != course_key(root):
            return None
        if hashlib.sha256(payload.encode()).hexdigest() != envelope["sha256"]:
            return None
        data = json.loads(payload)
        return data if isinstance(data, dict) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing, damaged or from another version


def read_preview(root: Path, cache_dir: Path) -> CoursePreview | None:
    data = read_payload(root, cache_file_for(root, cache_dir))
    if data is None:
        return None
    try:
        return _outline(data)
    except (KeyError, TypeError, AttributeError, ValueError):
        return None  # a payload of another shape: no preview


# What `content.model.CourseFile` allows: exactly these keys, a title of at most 300
# characters, a notice of at most 20,000 (after trimming), lists of sources
# and topics with at least one item each.
_COURSE_KEYS = frozenset({"title", "notice", "sources", "topics"})
_MAX_TITLE = 300
_MAX_NOTICE = 20_000


def read_course_file(root: Path) -> CoursePreview | None:
    """The course's title and notice from `lessons/course.yaml` alone (no topics, lessons
    or questions), or None if the file is missing, unreadable, not valid YAML or plainly
    not a course file; then the welcome screen waits for the load, as without a preview.

    Only the title and notice are checked as the model checks them: a course file
    whose sources or topics are broken still gives a preview, and the loaded course
    (which then falls back to the default title) replaces it once loaded."""
    from rls_tutor.content.safe_yaml import YamlError, parse_yaml  # PyYAML: only here

    entry = next((e for e in scan(root, "lessons").files if e.name == COURSE_FILE), None)
    if entry is None:
        return None
    try:
        data = parse_yaml(read_file(entry)).data
    except (Unreadable, YamlError):
        return None
    if set(data) != _COURSE_KEYS:
        return None
    title, notice = data["title"], data["notice"]
    if not (isinstance(title, str) and isinstance(notice, str)):
        return None
    title, notice = title.strip(), notice.strip()  # str_strip_whitespace, as the model
    if not (0 < len(title) <= _MAX_TITLE and 0 < len(notice) <= _MAX_NOTICE):
        return None
    if not all(isinstance(data[k], list) and data[k] for k in ("sources", "topics")):
        return None
    return CoursePreview(title, [], notice=notice)


def _outline(data: dict[str, Any]) -> CoursePreview:
    topics = [TopicPreview(_text(t["id"]), _text(t["title"])) for t in data["topics"]]
    questions: dict[str, QuestionPreview] = {}
    question_topic: dict[str, str] = {}
    for topic_id, raw in data["questions"]:
        qid = _text(raw["id"])
        questions[qid] = QuestionPreview(tuple(_text(a) for a in raw["audience"]))
        question_topic[qid] = _text(topic_id)
    lessons = [
        LessonPreview(
            _text(raw["id"]),
            _text(raw["title"]),
            _text(raw["topic"]),
            frozenset(a for a in AUDIENCES if any(_shows(s, a, questions) for s in raw["steps"])),
        )
        for raw in data["lessons"]
    ]
    return CoursePreview(
        _text(data["title"]),
        topics,
        notice=_text(data["notice"]),
        lessons=lessons,
        questions=questions,
        question_topic=question_topic,
    )


def _shows(step: dict[str, Any], audience: str, questions: dict[str, QuestionPreview]) -> bool:
    """Whether `audience` sees this step (as `Lesson.steps_for` decides)."""
    if "check" in step:
        question = questions.get(step["check"])
        return question is not None and audience in question.audience
    return bool(step["text"].get(audience))


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, not {type(value).__name__}")
    return value
