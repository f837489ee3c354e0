"""Near-duplicate items: the same fact asked twice, within a bank or across banks.

Two items are near duplicates when their stems and keys share most of their content
words, or when they key the same answer to much the same question. Unicode look-alikes
are folded first (`content.text.comparable`), so a zero-width space, a full-width
letter or a Cyrillic look-alike hides nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rls_tutor.content.model import Question
from rls_tutor.content.text import comparable as fold
from rls_tutor.lint.words import content_stems

SAME_ITEM = 0.6  # Jaccard of stem + key words
SAME_KEY_STEM = 0.35  # Jaccard of stems when the keys read the same


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _key_text(q: Question) -> str:
    return " ".join(sorted(fold(q.options[i].text).strip(" .") for i in q.correct_indexes))


def near_duplicates(questions: Sequence[Question]) -> Iterator[tuple[Question, Question, float]]:
    """(later, earlier, similarity) for each item that repeats an earlier one."""
    prepared = []
    for q in questions:
        stem_words = content_stems(fold(q.stem))
        key = _key_text(q)
        prepared.append((q, stem_words, stem_words | content_stems(key), key))
    for j, (q, stem_j, all_j, key_j) in enumerate(prepared):
        for earlier, stem_i, all_i, key_i in prepared[:j]:
            whole = _jaccard(all_i, all_j)
            if whole >= SAME_ITEM or (key_i == key_j and _jaccard(stem_i, stem_j) >= SAME_KEY_STEM):
                yield q, earlier, whole
                break
