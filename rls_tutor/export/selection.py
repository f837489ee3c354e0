"""Which questions an export holds, in the course's teaching order."""

from __future__ import annotations

from typing import Literal

from rls_tutor.content.course import Course
from rls_tutor.content.model import Question, Topic

Choice = Literal["patient", "clinician", "both"]


def questions_by_topic(
    course: Course, audience: Choice = "both"
) -> list[tuple[Topic, list[Question]]]:
    """Each topic with its questions for `audience` (both: every question), topics
    without any left out."""
    picked = []
    for topic in course.topics:
        questions = course.questions_for_topic(topic.id, None if audience == "both" else audience)
        if questions:
            picked.append((topic, questions))
    return picked
