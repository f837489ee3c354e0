"""A tiny course built by hand (no YAML, no loader) for the progress tests.

Topics: iron (two questions for both tracks, one multiple-choice, one for
clinicians only), genes (two questions), sleep (no questions). Lessons: one
for iron, one for genes.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from rls_tutor.content.course import Course
from rls_tutor.content.model import Check, Lesson, Option, Question, Screen, ScreenText, Topic

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
REPO = Path(__file__).resolve().parents[3]


def question(
    qid: str,
    *,
    audience: Sequence[str] = ("patient", "clinician"),
    correct: Sequence[int] = (0,),
    options: int = 3,
    stem: str | None = None,
) -> Question:
    return Question(
        id=qid,
        audience=list(audience),
        type="multiple" if len(correct) > 1 else "single",
        stem=stem or f"Which answer to {qid} is right?",
        options=[
            Option(text=f"Option {i} of {qid}", correct=i in correct, why=f"Because {i}.")
            for i in range(options)
        ],
        explanation=f"The explanation of {qid}.",
        sources=["src"],
    )


def lesson(lesson_id: str, topic: str, checks: Sequence[str]) -> Lesson:
    screen = Screen(
        title=f"About {topic}",
        sources=["src"],
        text=ScreenText(patient="Plain words.", clinician="Full depth."),
    )
    return Lesson(
        id=lesson_id,
        title=f"Lesson {lesson_id}",
        topic=topic,
        steps=[screen, *(Check(check=c) for c in checks)],
    )


def make_course() -> Course:
    questions = {
        "iron-1": ("iron", question("iron-1")),
        "iron-2": ("iron", question("iron-2", correct=(0, 1))),
        "iron-3": ("iron", question("iron-3", audience=("clinician",))),
        "genes-1": ("genes", question("genes-1", correct=(1,))),
        "genes-2": ("genes", question("genes-2")),
    }
    return Course(
        root=Path("/nonexistent-course"),
        title="Test course",
        topics=[
            Topic(id="iron", title="Iron and the brain", summary="Iron."),
            Topic(id="genes", title="Genes", summary="Genes."),
            Topic(id="sleep", title="Sleep", summary="No questions yet."),
        ],
        lessons={
            "iron-basics": lesson("iron-basics", "iron", ["iron-1", "iron-2"]),
            "genes-intro": lesson("genes-intro", "genes", ["genes-1"]),
        },
        questions={qid: q for qid, (_, q) in questions.items()},
        question_topic={qid: topic for qid, (topic, _) in questions.items()},
    )


def right(course: Course, qid: str) -> list[int]:
    return sorted(course.questions[qid].correct_indexes)


def wrong(course: Course, qid: str) -> list[int]:
    q = course.questions[qid]
    return [next(i for i in range(len(q.options)) if i not in q.correct_indexes)]


def subprocess_env() -> dict[str, str]:
    """The environment for child processes: this checkout's package first."""
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": str(REPO) + (os.pathsep + path if path else "")}
