"""The course's outline from the cache, without the course model.

The first useful screen comes from here: the welcome screen shows the course's
title and notice, and a returning learner's home lists the topics with their
figures (session/glance.py), for which it needs which questions and lessons each
track sees. Reading it costs a few milliseconds of JSON, while the model
(pydantic), fsrs and the store load in a worker. Only a cache that matches the
course files and its checksum counts (the text in it was sanitized when the
course was loaded); otherwise there is no preview and the screens wait for the load.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rls_tutor.content.cache_key import cache_file_for, course_key

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
