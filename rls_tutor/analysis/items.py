"""Classical item analysis, as Moodle's quiz statistics and item banks report it.

Each learner's *first* attempt at each question counts (later attempts are practice,
not measurement). A learner's score is the share of their first attempts that were
right. Per question:

- facility: the share of first attempts that were right;
- discrimination: the corrected item-rest point-biserial correlation, i.e. the
  correlation, across learners who met the question, between being right on it and
  the learner's score on *the other* questions they met (the item is left out of
  the score it is compared with, or it would correlate with itself);
- option picks split into the upper and lower 27% of learners by score (Kelley's
  groups), every option listed, zeros included;
- flags: facility under 0.2 or over 0.95, discrimination under 0.15, a distractor
  nobody picked, a distractor picked by more strong learners than the key.

Per topic, KR-20 reliability over the learners who met every question of the topic,
where there are enough of them. When each question's tracks are given, per topic and
track: a learner on one track never meets the other track's questions, so a topic
whose questions are written per track would otherwise never have a complete learner.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

GROUP_SHARE = 0.27  # Kelley: the upper and lower 27% by score
LOW_FACILITY, HIGH_FACILITY = 0.2, 0.95
LOW_DISCRIMINATION = 0.15
MIN_ATTEMPTS = 10  # fewer first attempts than this: figures shown, no flags
MIN_KR20_LEARNERS = 10


@dataclass(frozen=True)
class Response:
    """One recorded answer, as the store or an LRS hands it over."""

    learner: str
    question_id: str
    topic_id: str
    chosen: tuple[int, ...]
    correct: bool
    answered_at: datetime


@dataclass(frozen=True)
class ItemFigures:
    question_id: str
    topic_id: str
    options: int  # how many options the question has
    keyed: tuple[int, ...]
    attempts: int  # all recorded answers
    first_attempts: int
    facility: float | None
    discrimination: float | None
    picks: tuple[int, ...]  # first attempts picking each option
    upper_picks: tuple[int, ...]
    lower_picks: tuple[int, ...]
    upper_size: int
    lower_size: int
    flags: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class TopicFigures:
    topic_id: str
    questions: int
    complete_learners: int  # learners who met every question of the topic (on the track)
    kr20: float | None
    track: str | None = None  # None: every question of the topic, whatever its track


def first_attempts(responses: Iterable[Response]) -> dict[tuple[str, str], Response]:
    """(learner, question) -> the learner's earliest answer to the question."""
    first: dict[tuple[str, str], Response] = {}
    for r in responses:
        key = (r.learner, r.question_id)
        if key not in first or r.answered_at < first[key].answered_at:
            first[key] = r
    return first


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """The correlation of two equally long series; None when either does not vary."""
    if len(xs) < 3:
        return None
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def kr20(matrix: Sequence[Sequence[int]]) -> float | None:
    """KR-20 of a complete 0/1 matrix (learners x items)."""
    if len(matrix) < 2 or len(matrix[0]) < 2:
        return None
    k = len(matrix[0])
    totals = [sum(row) for row in matrix]
    variance = statistics.pvariance(totals)
    if variance == 0:
        return None
    pq = 0.0
    for j in range(k):
        p = statistics.fmean(row[j] for row in matrix)
        pq += p * (1 - p)
    return k / (k - 1) * (1 - pq / variance)


def _flags(
    facility: float | None,
    discrimination: float | None,
    picks: Sequence[int],
    upper: Sequence[int],
    keyed: Sequence[int],
    first: int,
) -> tuple[str, ...]:
    if first < MIN_ATTEMPTS:
        return ()
    found = []
    if facility is not None and facility < LOW_FACILITY:
        found.append("hard: facility under 0.2")
    if facility is not None and facility > HIGH_FACILITY:
        found.append("easy: facility over 0.95")
    if discrimination is not None and discrimination < LOW_DISCRIMINATION:
        found.append("weak: discrimination under 0.15")
    letters = "ABCDEFGH"
    for i, n in enumerate(picks):
        if i not in keyed and n == 0:
            found.append(f"dead distractor: nobody picked {letters[i]}")
    best_key = max((upper[i] for i in keyed), default=0)
    for i, n in enumerate(upper):
        if i not in keyed and n > best_key:
            found.append(f"distractor {letters[i]} picked by more strong learners than the key")
    return tuple(found)


def _tally(group: Sequence[tuple[str, Response]], n_options: int) -> tuple[int, ...]:
    """How often each option was picked in `group` (an index out of range is left out:
    the question had more options when it was answered)."""
    tally = [0] * n_options
    for _, r in group:
        for i in r.chosen:
            if 0 <= i < n_options:
                tally[i] += 1
    return tuple(tally)


def analyse(
    responses: Iterable[Response],
    questions: dict[str, tuple[int, tuple[int, ...]]],
    tracks: Mapping[str, Collection[str]] | None = None,
) -> tuple[list[ItemFigures], list[TopicFigures]]:
    """Figures per question and per topic.

    `questions` maps each question id to (number of options, keyed indexes) as the
    course has them now; answers to questions no longer in it are left out.
    `tracks`, when given, maps each question id to the tracks it is written for:
    KR-20 is then computed per topic and track, over that track's questions.
    """
    all_responses = [r for r in responses if r.question_id in questions]
    attempts: dict[str, int] = {}
    for r in all_responses:
        attempts[r.question_id] = attempts.get(r.question_id, 0) + 1
    first = first_attempts(all_responses)
    by_learner: dict[str, dict[str, int]] = {}
    topic_of: dict[str, str] = {}
    for (learner, qid), r in first.items():
        by_learner.setdefault(learner, {})[qid] = int(r.correct)
        topic_of[qid] = r.topic_id
    score = {learner: statistics.fmean(items.values()) for learner, items in by_learner.items()}
    by_question: dict[str, list[tuple[str, Response]]] = {}
    for (learner, qid), r in first.items():
        by_question.setdefault(qid, []).append((learner, r))
    items: list[ItemFigures] = []
    for qid in sorted(topic_of):
        n_options, keyed = questions[qid]
        met = by_question[qid]
        xs, rests = [], []
        for learner, r in met:
            own = by_learner[learner]
            if len(own) > 1:
                xs.append(float(r.correct))
                rests.append((sum(own.values()) - own[qid]) / (len(own) - 1))
        ranked = sorted(met, key=lambda m: score[m[0]])
        size = max(1, round(GROUP_SHARE * len(ranked))) if len(ranked) >= 4 else 0
        lower = ranked[:size]
        upper = ranked[len(ranked) - size :] if size else []

        facility = statistics.fmean(float(r.correct) for _, r in met) if met else None
        discrimination = pearson(xs, rests)
        picks, upper_picks = _tally(met, n_options), _tally(upper, n_options)
        items.append(
            ItemFigures(
                question_id=qid,
                topic_id=topic_of[qid],
                options=n_options,
                keyed=keyed,
                attempts=attempts[qid],
                first_attempts=len(met),
                facility=facility,
                discrimination=discrimination,
                picks=picks,
                upper_picks=upper_picks,
                lower_picks=_tally(lower, n_options),
                upper_size=len(upper),
                lower_size=len(lower),
                flags=_flags(facility, discrimination, picks, upper_picks, keyed, len(met)),
            )
        )
    topics: list[TopicFigures] = []
    for topic in sorted(set(topic_of.values())):
        in_topic = sorted(q for q, t in topic_of.items() if t == topic)
        scales: list[tuple[str | None, list[str]]] = [(None, in_topic)]
        if tracks is not None:
            names = sorted({track for q in in_topic for track in tracks.get(q, ())})
            per_track = [(n, [q for q in in_topic if n in tracks.get(q, ())]) for n in names]
            if len({tuple(qids) for _, qids in per_track}) > 1:  # else: one scale, the topic
                scales = [(n, qids) for n, qids in per_track]
        for track, qids in scales:
            complete = [
                [own[q] for q in qids] for own in by_learner.values() if all(q in own for q in qids)
            ]
            reliability = kr20(complete) if len(complete) >= MIN_KR20_LEARNERS else None
            topics.append(TopicFigures(topic, len(qids), len(complete), reliability, track))
    return items, topics
