"""`rls-tutor export anki`: one Anki note per question, in an .apkg genanki writes.

Ids are derived, not random: the note type and each deck from fixed names, each
note's guid from its question id. Importing the deck made from a newer version of
the course therefore updates the notes a student already has (with their review
history) instead of adding duplicates. Options keep one order per question (a
shuffle seeded by its id), so the key's place in the list tells nothing.
"""

from __future__ import annotations

import hashlib
import html
import io
import random
import time

from rls_tutor.content.course import Course
from rls_tutor.content.model import Question
from rls_tutor.export.selection import Choice, questions_by_topic

FIELDS = ["Question id", "Stem", "Options", "Answer", "Rationales", "Explanation", "Sources"]
LETTERS = "ABCDEFGH"

FRONT = """\
<div class="stem">{{Stem}}</div>
<ol class="options">{{Options}}</ol>
"""
BACK = """\
{{FrontSide}}
<hr id="answer">
<div class="answer">{{Answer}}</div>
<ul class="rationales">{{Rationales}}</ul>
<div class="explanation">{{Explanation}}</div>
<div class="sources">{{Sources}}</div>
"""
CSS = """\
.card { font-family: sans-serif; font-size: 18px; text-align: left; max-width: 44em; margin: auto; }
.options { list-style-type: upper-alpha; }
.answer { font-weight: bold; margin: 0.5em 0; }
.rationales li { margin: 0.3em 0; }
.explanation { margin-top: 0.8em; }
.sources { margin-top: 0.8em; font-size: 14px; color: #555; }
"""


def stable_id(name: str) -> int:
    """An id in the range Anki expects (2^30 .. 2^31), the same for the same name."""
    digest = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big")
    return (1 << 30) + digest % (1 << 30)


def option_order(question: Question) -> list[int]:
    order = list(range(len(question.options)))
    random.Random(question.id).shuffle(order)
    return order


def note_fields(question: Question, course: Course) -> list[str]:
    e = html.escape
    order = option_order(question)
    options = "".join(f"<li>{e(question.options[i].text)}</li>" for i in order)
    keyed = [
        (LETTERS[n], question.options[i].text)
        for n, i in enumerate(order)
        if question.options[i].correct
    ]
    label = "Answer" if question.type == "single" else "Answers (select all that apply)"
    answer = f"{label}: " + "; ".join(f"{letter}. {e(text)}" for letter, text in keyed)
    rationales = "".join(
        f"<li><b>{LETTERS[n]}{' ✓' if question.options[i].correct else ''}</b> "
        f"{e(question.options[i].why)}</li>"
        for n, i in enumerate(order)
    )
    sources = "Sources: " + "; ".join(e(t) for t in course.source_titles(question.sources))
    return [
        question.id,
        e(question.stem),
        options,
        answer,
        rationales,
        e(question.explanation),
        sources,
    ]


def tags(question: Question, topic_id: str) -> list[str]:
    return [f"rls-tutor::topic::{topic_id}", *(f"rls-tutor::track::{a}" for a in question.audience)]


def apkg_bytes(course: Course, audience: Choice = "both") -> tuple[bytes, int]:
    """The deck as the bytes of an .apkg file, and how many notes it holds."""
    import genanki  # only this export needs it

    model = genanki.Model(
        stable_id("rls-tutor note type v1"),
        "rls-tutor question",
        fields=[{"name": f} for f in FIELDS],
        templates=[{"name": "Question", "qfmt": FRONT, "afmt": BACK}],
        css=CSS,
        sort_field_index=1,
    )
    decks = []
    count = 0
    for topic, questions in questions_by_topic(course, audience):
        deck = genanki.Deck(
            stable_id(f"rls-tutor deck {topic.id}"), f"{course.title}::{topic.title}"
        )
        for question in questions:
            deck.add_note(
                genanki.Note(
                    model=model,
                    fields=note_fields(question, course),
                    tags=tags(question, topic.id),
                    guid=genanki.guid_for("rls-tutor", question.id),
                )
            )
            count += 1
        decks.append(deck)
    buffer = io.BytesIO()
    # the notes' modification time: now, so that Anki's "update if newer" takes them
    genanki.Package(decks).write_to_file(buffer, timestamp=time.time())
    return buffer.getvalue(), count
