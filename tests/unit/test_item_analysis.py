"""Item analysis: a hand-computed case, and a generated class with planted flaws."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta

import pytest

from rls_tutor.analysis.items import Response, analyse, kr20, pearson

T0 = datetime(2026, 1, 5, 9, tzinfo=UTC)


def answer(learner: str, qid: str, chosen: int, key: int, minute: int = 0) -> Response:
    return Response(learner, qid, "t", (chosen,), chosen == key, T0 + timedelta(minutes=minute))


def test_a_small_case_matches_a_hand_computation() -> None:
    # 4 learners x 3 items, key = option 0 everywhere; 1 = right
    #        q1 q2 q3   score
    #   a     1  1  1   3/3
    #   b     1  1  0   2/3
    #   c     1  0  0   1/3
    #   d     0  0  0   0/3
    grid = {"a": (1, 1, 1), "b": (1, 1, 0), "c": (1, 0, 0), "d": (0, 0, 0)}
    responses = [
        answer(learner, f"q{j + 1}", 0 if right else 1, 0)
        for learner, row in grid.items()
        for j, right in enumerate(row)
    ]
    responses.append(answer("d", "q1", 0, 0, minute=5))  # a later attempt: not counted
    items, topics = analyse(responses, {f"q{j}": (4, (0,)) for j in (1, 2, 3)})
    q1 = next(i for i in items if i.question_id == "q1")
    assert q1.attempts == 5 and q1.first_attempts == 4
    assert q1.facility == pytest.approx(0.75)
    # rest scores (other two items): a 1, b 0.5, c 0, d 0 against q1 = 1, 1, 1, 0
    x, rest = [1, 1, 1, 0], [1, 0.5, 0, 0]
    mx, mr = sum(x) / 4, sum(rest) / 4
    r = sum((a - mx) * (b - mr) for a, b in zip(x, rest, strict=True)) / math.sqrt(
        sum((a - mx) ** 2 for a in x) * sum((b - mr) ** 2 for b in rest)
    )
    assert q1.discrimination == pytest.approx(r) == pytest.approx(0.5222329679)
    assert q1.picks == (3, 1, 0, 0)
    assert (q1.upper_size, q1.upper_picks, q1.lower_picks) == (1, (1, 0, 0, 0), (0, 1, 0, 0))
    # KR-20 by hand: k=3, p = .75 .5 .25, sum pq = .1875+.25+.1875 = .625,
    # totals 3 2 1 0, population variance 1.25 -> 3/2 * (1 - .625/1.25) = 0.75
    assert kr20([list(row) for row in grid.values()]) == pytest.approx(0.75)
    assert topics[0].complete_learners == 4 and topics[0].kr20 is None  # under 10 learners


def test_pearson_of_a_constant_is_none() -> None:
    assert pearson([1, 1, 1, 1], [0.1, 0.5, 0.2, 0.9]) is None


def simulate_class(seed: int = 7) -> tuple[list[Response], dict[str, tuple[int, tuple[int, ...]]]]:
    """60 learners of known ability over 30 four-option items (2PL model). Planted:
    q0..q2 do not discriminate (right in the pattern 1,0,0,1 down the ability
    ranking, so as many strong as weak learners get them right), q3's option D is
    dead, q4 has a distractor that strong learners prefer to the key."""
    rng = random.Random(seed)
    abilities = {f"learner-{n:02d}": rng.gauss(0, 1) for n in range(60)}
    rank = {name: i for i, name in enumerate(sorted(abilities, key=abilities.__getitem__))}
    difficulty = {j: rng.uniform(-1, 1) for j in range(30)}
    questions = {f"q{j}": (4, (0,)) for j in range(30)}
    responses = []
    for learner, theta in abilities.items():
        for j in range(30):
            p_right = 1 / (1 + math.exp(-1.8 * (theta - difficulty[j])))
            right = rng.random() < p_right
            if j < 3:
                right = (rank[learner] + j) % 4 in (0, 3)
            if j == 4:  # strong learners fall for B, weak ones guess
                chosen = 1 if theta > 0.3 else rng.choice([0, 1, 2, 3])
                right = chosen == 0
            elif right:
                chosen = 0
            else:
                chosen = rng.choice([1, 2] if j == 3 else [1, 2, 3])
            responses.append(Response(learner, f"q{j}", "t", (chosen,), right, T0))
    return responses, questions


def test_a_generated_class_finds_the_planted_items() -> None:
    responses, questions = simulate_class()
    items, topics = analyse(responses, questions)
    flagged = {i.question_id: i.flags for i in items}
    weak = {q for q, f in flagged.items() if any(x.startswith("weak") for x in f)}
    assert {"q0", "q1", "q2"} <= weak
    assert weak - {"q0", "q1", "q2", "q4"} == set()
    assert "dead distractor: nobody picked D" in flagged["q3"]
    assert any("picked by more strong learners than the key" in f for f in flagged["q4"])
    planted = [i.discrimination for i in items if i.question_id in {"q0", "q1", "q2"}]
    assert all(d is not None and abs(d) < 0.15 for d in planted)
    (topic,) = topics
    assert topic.complete_learners == 60 and topic.kr20 is not None and topic.kr20 > 0.7


def test_kr20_per_track_when_each_track_has_its_own_questions() -> None:
    """A topic written per track: no learner meets the other track's questions, so the
    topic as a whole has no complete learner; per track, every learner is complete."""
    responses, questions = simulate_class()
    # q0..q14 for the first 30 learners' track, q15..q29 for the others'
    learners = sorted({r.learner for r in responses})
    track_of = {name: "patient" if i < 30 else "clinician" for i, name in enumerate(learners)}
    tracks = {f"q{j}": ("patient",) if j < 15 else ("clinician",) for j in range(30)}
    kept = [r for r in responses if track_of[r.learner] in tracks[r.question_id]]

    _, whole = analyse(kept, questions)
    assert [(t.track, t.complete_learners, t.kr20) for t in whole] == [(None, 0, None)]

    _, per_track = analyse(kept, questions, tracks)
    assert [(t.track, t.questions, t.complete_learners) for t in per_track] == [
        ("clinician", 15, 30),
        ("patient", 15, 30),
    ]
    assert all(t.kr20 is not None for t in per_track)

    # questions written for both tracks: one scale, the whole topic, as without tracks
    both = {q: ("patient", "clinician") for q in questions}
    _, shared = analyse(responses, questions, both)
    assert [(t.track, t.questions, t.complete_learners) for t in shared] == [(None, 30, 60)]
