"""The test-wise score: what a learner who knows nothing scores by a surface strategy.

Each strategy reads only the options (and the stem's words), never the content. On a
single-answer item it picks an option; ties are split evenly, so a strategy that
cannot tell the options apart scores chance. A bank whose strategies all score near
chance gives its key away by no surface cue; one that beats chance clearly teaches
test-wiseness instead of the topic.

Select-all items are scored apart: of the options a strategy would tick, the share
that are keyed, against the share of keyed options overall.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rls_tutor.content.model import Question
from rls_tutor.lint.words import absolutes_in, content_stems, hedges_in, words

Picks = list[float]  # a probability per option


def _best(values: Sequence[float]) -> Picks:
    top = max(values)
    winners = [v == top for v in values]
    return [w / sum(winners) for w in winners]


def _at_length_rank(q: Question, rank: int) -> Picks:
    """The option at `rank` (0 = longest) in order of length, ties split."""
    lengths = [len(o.text) for o in q.options]
    target = sorted(lengths, reverse=True)[rank]
    return _best([1.0 if n == target else 0.0 for n in lengths])


def _uniform_unless(flags: list[bool]) -> Picks:
    """Pick among the flagged options, or among all when the flag tells nothing."""
    if all(flags) or not any(flags):
        return [1 / len(flags)] * len(flags)
    return _best([1.0 if f else 0.0 for f in flags])


def _stem_overlap(q: Question) -> list[float]:
    stem = content_stems(q.stem)
    return [len(stem & content_stems(o.text)) for o in q.options]


def _convergence(q: Question) -> list[float]:
    """Words shared with the other options: distractors are often made by changing one
    part of the key, so the key is the option the others converge on."""
    stems = [content_stems(o.text) for o in q.options]
    return [sum(len(s & t) for j, t in enumerate(stems) if j != i) for i, s in enumerate(stems)]


def _technicality(q: Question) -> list[float]:
    return [statistics.fmean(len(w) for w in words(o.text) or [""]) for o in q.options]


SINGLE_STRATEGIES: dict[str, Callable[[Question], Picks]] = {
    "longest": lambda q: _at_length_rank(q, 0),
    "second longest": lambda q: _at_length_rank(q, 1),
    "shortest": lambda q: _at_length_rank(q, len(q.options) - 1),
    "most hedged": lambda q: _best([len(hedges_in(o.text)) for o in q.options]),
    "no absolute word": lambda q: _uniform_unless([not absolutes_in(o.text) for o in q.options]),
    "most words shared with the stem": lambda q: _best(_stem_overlap(q)),
    "most like the other options": lambda q: _best(_convergence(q)),
    "most technical words": lambda q: _best(_technicality(q)),
}


def _median_split(q: Question, *, longer: bool) -> list[bool]:
    lengths = [len(o.text) for o in q.options]
    middle = statistics.median(lengths)
    return [n > middle if longer else n < middle for n in lengths]


# For select-all items: which options a strategy ticks.
MULTIPLE_STRATEGIES: dict[str, Callable[[Question], list[bool]]] = {
    "select-all: tick the longer half": lambda q: _median_split(q, longer=True),
    "select-all: tick the shorter half": lambda q: _median_split(q, longer=False),
    "select-all: tick the hedged": lambda q: [bool(hedges_in(o.text)) for o in q.options],
    "select-all: tick those without an absolute word": lambda q: (
        [not absolutes_in(o.text) for o in q.options]
        if any(absolutes_in(o.text) for o in q.options)
        else [False] * len(q.options)
    ),
    "select-all: tick those sharing words with the stem": lambda q: [
        n > 0 for n in _stem_overlap(q)
    ],
}


# Column heads for the text report, in the order of the strategies above.
SHORT_NAMES: dict[str, str] = {
    "chance": "chance",
    "longest": "long",
    "second longest": "2nd",
    "shortest": "short",
    "most hedged": "hedged",
    "no absolute word": "no-abs",
    "most words shared with the stem": "stem",
    "most like the other options": "alike",
    "most technical words": "tech",
    "select-all: tick the longer half": "long",
    "select-all: tick the shorter half": "short",
    "select-all: tick the hedged": "hedged",
    "select-all: tick those without an absolute word": "no-abs",
    "select-all: tick those sharing words with the stem": "stem",
}


@dataclass(frozen=True)
class Figure:
    """One strategy's score on a set of items, next to what chance would give."""

    score: float
    chance: float
    items: int

    @property
    def margin(self) -> float:
        return self.score - self.chance


def single_figures(questions: Sequence[Question]) -> dict[str, Figure]:
    single = [q for q in questions if q.type == "single" and len(q.correct_indexes) == 1]
    if not single:
        return {}
    chance = statistics.fmean(1 / len(q.options) for q in single)
    figures = {"chance": Figure(chance, chance, len(single))}
    for name, strategy in SINGLE_STRATEGIES.items():
        scores = []
        for q in single:
            picks = strategy(q)
            scores.append(sum(picks[i] for i in q.correct_indexes))
        figures[name] = Figure(statistics.fmean(scores), chance, len(single))
    return figures


def multiple_figures(questions: Sequence[Question]) -> dict[str, Figure]:
    multiple = [q for q in questions if q.type == "multiple"]
    if not multiple:
        return {}
    keyed = sum(len(q.correct_indexes) for q in multiple)
    chance = keyed / sum(len(q.options) for q in multiple)
    figures = {}
    for name, strategy in MULTIPLE_STRATEGIES.items():
        ticked = hits = items = 0
        for q in multiple:
            ticks = strategy(q)
            if not any(ticks):
                continue  # the strategy has nothing to go on in this item
            items += 1
            ticked += sum(ticks)
            hits += sum(1 for i, t in enumerate(ticks) if t and i in q.correct_indexes)
        if ticked:
            figures[name] = Figure(hits / ticked, chance, items)
    return figures
