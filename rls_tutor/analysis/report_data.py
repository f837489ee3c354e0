"""The item analysis as data: one JSON object (stable keys) or CSV, a row per question.

Figures are rounded to 4 decimals; picks are lists in the options' authored order
(index 0 = letter A), so they line up with `keyed`.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from rls_tutor.analysis.items import (
    GROUP_SHARE,
    HIGH_FACILITY,
    LOW_DISCRIMINATION,
    LOW_FACILITY,
    MIN_ATTEMPTS,
    MIN_KR20_LEARNERS,
    ItemFigures,
    TopicFigures,
)
from rls_tutor.analysis.report import LETTERS_LEGEND, TERMS, ClassReport, letter


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def item_json(item: ItemFigures) -> dict[str, Any]:
    return {
        "id": item.question_id,
        "topic": item.topic_id,
        "options": item.options,
        "keyed": list(item.keyed),
        "keyed_letters": [letter(i) for i in item.keyed],
        "attempts": item.attempts,
        "first_attempts": item.first_attempts,
        "facility": rounded(item.facility),
        "discrimination": rounded(item.discrimination),
        "picks": list(item.picks),
        "upper": {"size": item.upper_size, "picks": list(item.upper_picks)},
        "lower": {"size": item.lower_size, "picks": list(item.lower_picks)},
        "flags": list(item.flags),
    }


def reliability_json(figures: TopicFigures) -> dict[str, Any]:
    return {
        "track": figures.track,
        "questions": figures.questions,
        "complete_learners": figures.complete_learners,
        "kr20": rounded(figures.kr20),
    }


def json_report(report: ClassReport) -> dict[str, Any]:
    return {
        "generated_at": report.generated_at.isoformat(timespec="seconds"),
        "course": report.course_title,
        "sources": list(report.sources),
        "learner": report.learner,
        "learners": report.learners,
        "answers": report.answers,
        "left_out": {
            "earlier_versions": report.left_out.earlier_versions,
            "not_in_course": report.left_out.not_in_course,
            "unreadable": report.left_out.unreadable,
        },
        "thresholds": {
            "low_facility": LOW_FACILITY,
            "high_facility": HIGH_FACILITY,
            "low_discrimination": LOW_DISCRIMINATION,
            "min_first_attempts_for_flags": MIN_ATTEMPTS,
            "min_learners_for_kr20": MIN_KR20_LEARNERS,
            "group_share": GROUP_SHARE,
        },
        "legend": {"letters": LETTERS_LEGEND, **{key: text for key, _, text in TERMS}},
        "topics": [
            {
                "id": t.topic_id,
                "title": t.title,
                "reliability": [reliability_json(f) for f in t.reliability],
                "unanswered": list(t.unanswered),
            }
            for t in report.topics
        ],
        "questions": [item_json(item) for item in report.items],
    }


def csv_report(report: ClassReport) -> str:
    """One row per answered question; a pick column per letter up to the widest
    question (empty where a question has fewer options)."""
    items = report.items
    width = max((item.options for item in items), default=4)
    letters = [letter(i) for i in range(width)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "question_id",
            "topic_id",
            "options",
            "keyed",
            "attempts",
            "first_attempts",
            "facility",
            "discrimination",
            "upper_size",
            "lower_size",
            *(f"picks_{c}" for c in letters),
            *(f"upper_{c}" for c in letters),
            *(f"lower_{c}" for c in letters),
            "flags",
        ]
    )

    def spread(picks: tuple[int, ...]) -> list[object]:
        return [*picks, *[""] * (width - len(picks))]

    for item in items:
        facility, discrimination = rounded(item.facility), rounded(item.discrimination)
        writer.writerow(
            [
                item.question_id,
                item.topic_id,
                item.options,
                "".join(letter(i) for i in item.keyed),
                item.attempts,
                item.first_attempts,
                "" if facility is None else facility,
                "" if discrimination is None else discrimination,
                item.upper_size,
                item.lower_size,
                *spread(item.picks),
                *spread(item.upper_picks),
                *spread(item.lower_picks),
                "; ".join(item.flags),
            ]
        )
    return out.getvalue()
