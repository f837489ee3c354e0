"""What home shows beside the course map, and a glance that computes it for the first frame.

`HomeFigures` is what a face draws on home: each topic's mastery, level and due count,
how far the learner is through each topic's lessons, what the next review holds,
and the lesson "Continue" leads to. `figures()` derives it from the session's `HomeData`.

`glance_home()` computes the same figures before the course model (pydantic), fsrs
and the store are imported: from the cached course outline (content/preview.py) and
a read-only look at the progress file (progress/peek.py), with the store's own
mastery and review queue code (progress/mastery.py, FSRS's forgetting curve in
closed form; progress/queue.py). It decides "Continue" and each topic's lesson state
over lesson ids as `Session` does over lessons; tests/unit/session/test_glance.py
checks that both agree. Any doubt (no cache, an old or damaged file) gives None, and
home waits for the full load.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rls_tutor.progress.cards import questions_by_topic
from rls_tutor.progress.mastery import TopicProgress, topic_progress
from rls_tutor.progress.peek import peek_progress
from rls_tutor.progress.queue import plan_review
from rls_tutor.progress.records import LessonPosition
from rls_tutor.session.progression import LessonState, lesson_state, resume_id
from rls_tutor.session.review_plan import REVIEW_LIMIT

if TYPE_CHECKING:
    from rls_tutor.content.course import Course
    from rls_tutor.content.preview import CoursePreview
    from rls_tutor.session.learning import HomeData


@dataclass(frozen=True)
class NextLesson:
    """Where "Continue" leads, as home names it."""

    title: str
    started: bool


@dataclass(frozen=True)
class HomeFigures:
    topics: list[TopicProgress]  # every topic, in course order
    lesson_states: dict[str, LessonState]  # by topic id
    due: int  # questions due now
    new: int  # never-answered questions the next review adds
    resume: NextLesson | None  # None: every lesson is done


def figures(data: HomeData, course: Course) -> HomeFigures:
    """The figures of a loaded session's `home_data()`."""
    from rls_tutor.session.learning import lesson_state

    resume = data.resume
    return HomeFigures(
        topics=data.topics,
        lesson_states={
            t.id: lesson_state(course.lessons_for_topic(t.id), data.positions)
            for t in course.topics
        },
        due=data.due,
        new=data.new,
        resume=NextLesson(resume.lesson.title, resume.started) if resume else None,
    )


def glance_home(
    db_path: Path, learner: str, audience: str, outline: CoursePreview, now: datetime
) -> HomeFigures | None:
    """Home's figures from the outline and the progress file, read-only; None if unsure."""
    progress = peek_progress(db_path, learner)
    if progress is None:
        return None
    by_topic = questions_by_topic(outline, audience)
    topics = topic_progress(outline.topics, by_topic, progress.cards, now)
    lessons = {x.id: x for x in outline.lessons}
    positions = {k: v for k, v in progress.positions.items() if k in lessons}
    started = {lessons[k].topic for k in positions}
    review = plan_review(by_topic, progress.cards, started, now, REVIEW_LIMIT)
    return HomeFigures(
        topics=topics,
        lesson_states={
            t.id: lesson_state([x.id for x in outline.lessons if x.topic == t.id], positions)
            for t in outline.topics
        },
        due=review.due,
        new=len(review.new),
        resume=_resume(outline, audience, positions, progress.last),
    )


def _resume(
    outline: CoursePreview,
    audience: str,
    positions: Mapping[str, LessonPosition],
    last: LessonPosition | None,
) -> NextLesson | None:
    """`Session.resume_point`, over the outline."""
    titles = {x.id: x.title for x in outline.lessons}
    if last is not None and last.lesson_id not in titles:
        last = None
    topic_ids = [t.id for t in outline.topics]
    ordered = [x for t in topic_ids for x in outline.lessons if x.topic == t]
    ordered += [x for x in outline.lessons if x.topic not in topic_ids]
    visible = [x.id for x in ordered if audience in x.audiences]
    found = resume_id(visible, positions, last)
    return None if found is None else NextLesson(titles[found[0]], started=found[2])
