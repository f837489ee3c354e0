"""The course's title and topic list from the cache, without the course model.

A returning learner's home screen lists the topics in its first frame; reading
them here costs a few milliseconds of JSON, while the model (pydantic), fsrs
and the store load in a worker. Only a cache that matches the course files and
its checksum counts; otherwise there is no preview and home waits for the load.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rls_tutor.content.cache_key import cache_file_for, course_key


@dataclass(frozen=True)
class TopicPreview:
    id: str
    title: str


@dataclass(frozen=True)
class CoursePreview:
    title: str
    topics: list[TopicPreview]


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
        topics = [TopicPreview(t["id"], t["title"]) for t in data["topics"]]
        return CoursePreview(str(data["title"]), topics)
    except (KeyError, TypeError):
        return None
