"""Recorded answers as xAPI 1.0.3 statements, one per answer.

Verb `answered` (ADL), object a `cmi.interaction` activity of type `choice` with its
choices and `correctResponsesPattern`, `result` with the response, success and
duration, context naming the course (grouping) and the topic (parent), and the time of
the answer. An answer given as a retry of a lesson check (the learner asked to answer
it again) carries the context extension `<activity base>/xapi/retry`: true; other
statements carry no extension. The statement id is derived from the answer
(identity.py), so an LRS that receives a statement twice keeps one. Choices are named
`o0`, `o1`... after the options' authored places; when a question has been edited
since the answer (its fingerprint differs), the statement carries no choices, because
today's options are not the ones the learner saw.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rls_tutor.content.course import Course
from rls_tutor.export.identity import Identity
from rls_tutor.progress.records import LoggedAnswer

ANSWERED = {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}}
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
COURSE_TYPE = "http://adlnet.gov/expapi/activities/course"
MODULE_TYPE = "http://adlnet.gov/expapi/activities/module"
VERSION = "1.0.3"


def choice_id(index: int) -> str:
    return f"o{index}"


def duration(seconds: float) -> str:
    return f"PT{max(0.0, seconds):.2f}S"


def actor(identity: Identity, learner: str) -> dict[str, Any]:
    email = identity.emails.get(learner)
    if email:
        return {"objectType": "Agent", "mbox": f"mailto:{email}"}
    return {
        "objectType": "Agent",
        "account": {"homePage": f"{identity.base}/", "name": identity.pseudonym(learner)},
    }


def statement(answer: LoggedAnswer, course: Course, identity: Identity) -> dict[str, Any]:
    record = answer.record
    question = course.questions.get(record.question_id)
    current = question is not None and question.fingerprint() == record.fingerprint
    definition: dict[str, Any] = {
        "name": {"en-US": record.question_id},
        "type": INTERACTION,
        "interactionType": "choice",
    }
    if question is not None and current:
        definition["description"] = {"en-US": question.stem}
        definition["choices"] = [
            {"id": choice_id(i), "description": {"en-US": o.text}}
            for i, o in enumerate(question.options)
        ]
        definition["correctResponsesPattern"] = [
            "[,]".join(choice_id(i) for i in sorted(question.correct_indexes))
        ]
    topic = course.topic(record.topic_id)
    result: dict[str, Any] = {}
    if record.chosen:  # nothing chosen: no response (LRSs such as Ralph refuse empty strings)
        result["response"] = "[,]".join(choice_id(i) for i in record.chosen)
    result.update(success=record.correct, duration=duration(record.seconds))
    context: dict[str, Any] = {
        "platform": "rls-tutor",
        "contextActivities": {
            "parent": [
                {
                    "objectType": "Activity",
                    "id": identity.topic_activity(course.title, record.topic_id),
                    "definition": {
                        "name": {"en-US": topic.title if topic else record.topic_id},
                        "type": MODULE_TYPE,
                    },
                }
            ],
            "grouping": [
                {
                    "objectType": "Activity",
                    "id": identity.course_activity(course.title),
                    "definition": {"name": {"en-US": course.title}, "type": COURSE_TYPE},
                }
            ],
        },
    }
    if answer.retry:
        context["extensions"] = {identity.retry_extension(): True}
    return {
        "id": identity.statement_id(answer.id),
        "actor": actor(identity, answer.learner),
        "verb": ANSWERED,
        "object": {
            "objectType": "Activity",
            "id": identity.question_activity(course.title, record.question_id),
            "definition": definition,
        },
        "result": result,
        "context": context,
        "timestamp": record.answered_at.isoformat().replace("+00:00", "Z"),
        "version": VERSION,
    }


def statements(
    answers: Iterable[LoggedAnswer], course: Course, identity: Identity
) -> list[dict[str, Any]]:
    """One statement per answer, in the answers' order (`export xapi` and `sync`)."""
    return [statement(answer, course, identity) for answer in answers]
