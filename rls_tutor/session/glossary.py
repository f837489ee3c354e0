"""Searching the course's glossary, the same way in every face."""

from __future__ import annotations

from collections.abc import Iterable

from rls_tutor.content.model import Audience, GlossaryTerm


def rank(term: GlossaryTerm, query: str) -> int | None:
    """0: the term starts with the query, 1: the term contains it, 2: the
    definition does; None: no match."""
    words = query.casefold().split()
    name = term.term.casefold()
    if name.startswith(" ".join(words)):
        return 0
    if all(w in name for w in words):
        return 1
    text = f"{term.definition}\n{term.detail or ''}".casefold()
    if all(w in name or w in text for w in words):
        return 2
    return None


def search(terms: Iterable[GlossaryTerm], query: str) -> list[GlossaryTerm]:
    """The terms matching `query`, best first (every term, by name, for an empty one)."""
    ranked = sorted(
        (r, term.term.casefold(), n, term)
        for n, term in enumerate(terms)
        if (r := rank(term, query)) is not None
    )
    return [found[3] for found in ranked]


def shows_detail(term: GlossaryTerm, audience: Audience) -> bool:
    """A term's clinical detail is for the clinician track."""
    return bool(term.detail) and audience == "clinician"
