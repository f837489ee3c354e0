"""A class's item analysis with what a report needs from the course around it.

`class_report()` runs the analysis (items.py) over responses already gathered and
keeps, beside the figures, the course's own words (topic titles, stems, options)
and where the answers came from, so the text, JSON, CSV and HTML builders
(report_text.py, report_data.py, report_html.py) only lay out what is here.
`responses_from_log()` turns a progress file's answer log into responses: only
answers to the question as the course has it now count (an edited question, or
one whose options moved, would tally picks against the wrong letters).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from rls_tutor.analysis.items import (
    HIGH_FACILITY,
    LOW_DISCRIMINATION,
    LOW_FACILITY,
    MIN_ATTEMPTS,
    MIN_KR20_LEARNERS,
    ItemFigures,
    Response,
    TopicFigures,
    analyse,
)
from rls_tutor.content.course import Course
from rls_tutor.content.model import AUDIENCES
from rls_tutor.progress.records import LoggedAnswer

LETTERS = "ABCDEFGH"  # a question has at most 8 options (content/model.py)


@dataclass(frozen=True)
class QuestionText:
    """A question as the course words it now, for reports that show it."""

    stem: str
    options: tuple[str, ...]
    tracks: tuple[str, ...]


@dataclass(frozen=True)
class TopicReport:
    topic_id: str
    title: str
    items: tuple[ItemFigures, ...]  # in the course's order
    reliability: tuple[TopicFigures, ...]  # one per track
    unanswered: tuple[str, ...]  # ids of the topic's questions nobody has answered


@dataclass
class LeftOut:
    """Answers read but not analysed, and why."""

    earlier_versions: int = 0  # the question was edited since (or the answer predates
    #                            fingerprints): its letters may not mean what they do now
    not_in_course: int = 0  # the question is no longer in the course
    unreadable: int = 0  # an LRS statement this analysis cannot read

    def __str__(self) -> str:
        """In words, or "" when nothing was left out."""
        parts = []
        if self.earlier_versions:
            parts.append(
                f"{self.earlier_versions} answers to an earlier version of a question "
                "(edited since)"
            )
        if self.not_in_course:
            parts.append(f"{self.not_in_course} to questions no longer in the course")
        if self.unreadable:
            parts.append(f"{self.unreadable} LRS statements that could not be read")
        return f"Left out: {', '.join(parts)}." if parts else ""


@dataclass(frozen=True)
class ClassReport:
    generated_at: datetime
    course_title: str
    sources: tuple[str, ...]  # where the answers came from, in words
    learner: str | None  # the --learner filter, if any
    learners: int
    answers: int  # analysed answers (all attempts)
    left_out: LeftOut
    topics: tuple[TopicReport, ...]
    texts: dict[str, QuestionText] = field(default_factory=dict)

    @property
    def items(self) -> list[ItemFigures]:
        return [item for topic in self.topics for item in topic.items]


def questions_map(course: Course) -> dict[str, tuple[int, tuple[int, ...]]]:
    """What `analyse()` needs of each question: its number of options and its keys."""
    return {
        qid: (len(q.options), tuple(sorted(q.correct_indexes)))
        for qid, q in course.questions.items()
    }


def responses_from_log(
    log: Iterable[LoggedAnswer],
    course: Course,
    prefix: str,
    left_out: LeftOut,
    learner: str | None = None,
) -> list[Response]:
    """A progress file's answers to the course's current questions, learners named
    `prefix + name` (learners of different files are different people, even with
    the same name). Answers left out are counted in `left_out`."""
    current = {qid: q.fingerprint() for qid, q in course.questions.items()}
    responses = []
    for answer in log:
        if learner is not None and answer.learner != learner:
            continue
        r = answer.record
        fingerprint = current.get(r.question_id)
        if fingerprint is None:
            left_out.not_in_course += 1
        elif r.fingerprint != fingerprint:
            left_out.earlier_versions += 1
        else:
            responses.append(
                Response(
                    learner=prefix + answer.learner,
                    question_id=r.question_id,
                    topic_id=course.question_topic[r.question_id],
                    chosen=r.chosen,
                    correct=r.correct,
                    answered_at=r.answered_at,
                )
            )
    return responses


def class_report(
    responses: Sequence[Response],
    course: Course,
    *,
    sources: Sequence[str],
    generated_at: datetime,
    left_out: LeftOut | None = None,
    learner: str | None = None,
) -> ClassReport:
    """Analyse `responses` against the course; topics and questions in course order."""
    left_out = left_out or LeftOut()
    known = [r for r in responses if r.question_id in course.questions]
    left_out.not_in_course += len(responses) - len(known)
    # A response's topic may be the one its question had when it was answered.
    known = [
        r
        if r.topic_id == course.question_topic[r.question_id]
        else replace(r, topic_id=course.question_topic[r.question_id])
        for r in known
    ]
    tracks = {qid: tuple(q.audience) for qid, q in course.questions.items()}
    items, reliability = analyse(known, questions_map(course), tracks)
    by_id = {item.question_id: item for item in items}
    track_order: dict[str, int] = {name: i for i, name in enumerate(AUDIENCES)}
    topics = []
    for topic in course.topics:
        qids = [q for q, t in course.question_topic.items() if t == topic.id]
        if not qids:
            continue
        figures = sorted(
            (f for f in reliability if f.topic_id == topic.id),
            key=lambda f: track_order.get(f.track or "", len(track_order)),
        )
        topics.append(
            TopicReport(
                topic_id=topic.id,
                title=topic.title,
                items=tuple(by_id[q] for q in qids if q in by_id),
                reliability=tuple(figures),
                unanswered=tuple(q for q in qids if q not in by_id),
            )
        )
    texts = {
        qid: QuestionText(
            stem=q.stem,
            options=tuple(o.text for o in q.options),
            tracks=tuple(sorted(q.audience, key=lambda a: track_order.get(a, 99))),
        )
        for qid, q in course.questions.items()
    }
    return ClassReport(
        generated_at=generated_at,
        course_title=course.title,
        sources=tuple(sources),
        learner=learner,
        learners=len({r.learner for r in known}),
        answers=len(known),
        left_out=left_out,
        topics=tuple(topics),
        texts=texts,
    )


# --- words every report uses ---------------------------------------------------------


def letter(index: int) -> str:
    return LETTERS[index] if 0 <= index < len(LETTERS) else f"#{index + 1}"


def picks_text(picks: Sequence[int], keyed: Sequence[int]) -> str:
    """`A*:12 B:0 C:3 D:5`: every option, zeros included, `*` on the keyed ones."""
    return " ".join(f"{letter(i)}{'*' if i in keyed else ''}:{n}" for i, n in enumerate(picks))


def figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def reliability_text(figures: TopicFigures) -> str:
    """A topic's KR-20 in words, or why there is none."""
    if figures.kr20 is not None:
        return (
            f"{figures.kr20:.2f} ({figures.questions} questions, "
            f"{figures.complete_learners} learners met every one)"
        )
    if figures.questions < 2:
        return "not computed: the topic has a single answered question on this track"
    if figures.complete_learners < MIN_KR20_LEARNERS:
        return (
            f"not enough learners: {figures.complete_learners} of {MIN_KR20_LEARNERS} "
            "met every question"
        )
    return (
        f"not computed: the {figures.complete_learners} learners who met every question "
        "all had the same score"
    )


LETTERS_LEGEND = (
    "Letters: A is a question's first option as written in its quiz file (YAML), B the "
    "second, and so on; * marks a keyed (correct) option."
)
TERMS = (  # (JSON key, label, meaning)
    ("attempts", "Attempts", "every recorded answer to the question"),
    (
        "first_attempts",
        "First",
        "learners' first attempts, the only ones measured (later ones are practice)",
    ),
    ("facility", "Facility", "the share of first attempts that were right (0 to 1)"),
    (
        "discrimination",
        "Discrimination",
        "the corrected item-rest point-biserial correlation (-1 to 1): how far the learners "
        "who got this question right did better on the other questions they met",
    ),
    ("picks", "Picks", "how many first attempts chose each option"),
    (
        "upper_lower",
        "Upper / Lower",
        "the same picks among the top and the bottom 27% of the learners who met the "
        "question, ranked by their score (group size in brackets)",
    ),
    (
        "kr20",
        "KR-20",
        "the reliability of a topic's questions on one track, from the learners who met "
        "every one of them (at most 1; the higher, the more its questions agree)",
    ),
)
FLAGS_LEGEND = (
    f"Flags (from {MIN_ATTEMPTS} first attempts): facility under {LOW_FACILITY} or over "
    f"{HIGH_FACILITY}, discrimination under {LOW_DISCRIMINATION}, a distractor nobody "
    "picked, a distractor the upper group picked more than the key."
)
