"""Exports proven by the programs that read them: Anki's own package and a GIFT parser."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from rls_tutor.cli import main
from rls_tutor.content.course import Course
from rls_tutor.content.loader import load_course
from rls_tutor.export.gift import gift_text
from rls_tutor.locations import bundled_course_root

from .content.course_factory import QUIZ, write_course

anki_collection = pytest.importorskip("anki.collection")
pygift = pytest.importorskip("pygiftparser.parser")


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(bundled_course_root())


def import_apkg(collection: Path, apkg: Path) -> object:
    col = anki_collection.Collection(str(collection))
    try:
        request = anki_collection.ImportAnkiPackageRequest(
            package_path=str(apkg), options=anki_collection.ImportAnkiPackageOptions()
        )
        return col.import_anki_package(request).log
    finally:
        col.close()


def notes(collection: Path) -> dict[str, dict[str, object]]:
    col = anki_collection.Collection(str(collection))
    try:
        out = {}
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            out[note["Question id"]] = {
                **dict(note.items()),
                "tags": sorted(note.tags),
                "deck": col.decks.name(col.get_card(note.card_ids()[0]).did),
            }
        return out
    finally:
        col.close()


def test_the_deck_imports_into_anki_one_note_per_question(tmp_path: Path, course: Course) -> None:
    apkg = tmp_path / "course.apkg"
    assert main(["export", "anki", str(apkg)]) == 0
    log = import_apkg(tmp_path / "collection.anki2", apkg)
    assert len(log.new) == len(course.questions) and not log.duplicate
    imported = notes(tmp_path / "collection.anki2")
    assert set(imported) == set(course.questions)
    for qid, q in course.questions.items():
        note = imported[qid]
        topic = course.question_topic[qid]
        assert note["Stem"] == q.stem.replace("&", "&amp;").replace("<", "&lt;").replace(
            ">", "&gt;"
        ).replace('"', "&quot;").replace("'", "&#x27;")
        assert note["tags"] == sorted(
            [f"rls-tutor::topic::{topic}", *(f"rls-tutor::track::{a}" for a in q.audience)]
        )
        assert str(note["deck"]).endswith("::" + course.topic(topic).title)  # type: ignore[union-attr]
        for option in q.options:  # every option, its rationale, and the key in the answer
            text = option.text.replace("'", "&#x27;").replace('"', "&quot;")
            assert text in str(note["Options"])
            assert (text in str(note["Answer"])) == option.correct
        assert str(note["Rationales"]).count("<li>") == len(q.options)
        assert "Sources: " in str(note["Sources"])


def test_a_newer_export_updates_notes_instead_of_duplicating(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(bundled_course_root() / "lessons", root / "lessons")
    shutil.copytree(bundled_course_root() / "quizzes", root / "quizzes")
    collection = tmp_path / "collection.anki2"
    first = tmp_path / "v1.apkg"
    assert main(["export", "anki", str(first), "--content", str(root)]) == 0
    count = len(import_apkg(collection, first).new)
    bank = root / "quizzes" / "iron.yaml"
    text = bank.read_text()
    explanation = next(line for line in text.splitlines() if "explanation:" in line)
    stem_at = text.index("    stem:")  # the first question's stem, whatever its YAML style
    revised = (
        text[:stem_at]
        + '    stem: "A revised stem?"\n'
        + text[text.index("    options:", stem_at) :]
    )
    assert explanation in revised
    bank.write_text(revised)
    time.sleep(1.1)  # Anki updates a note when the package's copy is newer, to the second
    second = tmp_path / "v2.apkg"
    assert main(["export", "anki", str(second), "--content", str(root)]) == 0
    log = import_apkg(collection, second)
    assert len(log.new) == 0 and not log.duplicate and log.found_notes == count
    imported = notes(collection)
    assert len(imported) == count
    assert sum(n["Stem"] == "A revised stem?" for n in imported.values()) == 1


def test_a_deck_for_one_track(tmp_path: Path, course: Course) -> None:
    apkg = tmp_path / "clinician.apkg"
    assert main(["export", "anki", str(apkg), "--audience", "clinician"]) == 0
    import_apkg(tmp_path / "c.anki2", apkg)
    imported = notes(tmp_path / "c.anki2")
    assert set(imported) == {q.id for q in course.questions.values() if "clinician" in q.audience}


def parse_gift(text: str) -> list[object]:
    return pygift.parseFile(io.StringIO(text))


def unescape(text: str) -> str:
    """GIFT's escapes as Moodle reads them: \\n a line break, \\X the character X.
    (pygiftparser keeps them in its model and drops them only when rendering.)"""
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def test_gift_parses_with_every_question_key_and_feedback(course: Course) -> None:
    text, count = gift_text(course)
    parsed = {q.title: q for q in parse_gift(text)}
    assert count == len(course.questions) == len(parsed)
    assert text.count("$CATEGORY: ") == len(course.topics)
    for qid, q in course.questions.items():
        got = parsed[qid]
        assert got.valid and unescape(got.text.strip()) == q.stem
        answers = got.answers.answers
        assert [unescape(a.answer) for a in answers] == [o.text for o in q.options]
        assert [unescape(a.feedback) for a in answers] == [o.why for o in q.options]
        fractions = [float(a.fraction) for a in answers]
        if q.type == "single":
            assert fractions == [100 if o.correct else 0 for o in q.options]
        else:
            assert sum(f for f in fractions if f > 0) == pytest.approx(100, abs=0.01)
            assert sum(f for f in fractions if f < 0) == pytest.approx(-100, abs=0.01)
            assert [f > 0 for f in fractions] == [o.correct for o in q.options]
        assert q.explanation in unescape(got.generalFeedback)


HOSTILE = "A {brace} = equals ~ tilde # hash: colon \\ backslash"
HOSTILE_YAML = HOSTILE.replace("\\", "\\\\")  # inside a double-quoted YAML string
NODE_MODULES = Path(__file__).resolve().parents[2] / ".ci" / "node" / "node_modules"


def gift_pegjs(text: str, tmp_path: Path) -> list[dict[str, Any]]:
    """Moodle's GIFT grammar, as gift-pegjs parses it (.ci/run installs it with npm)."""
    node = shutil.which("node")
    if node is None or not (NODE_MODULES / "gift-pegjs").is_dir():
        pytest.skip("gift-pegjs not installed: npm install --prefix .ci/node gift-pegjs")
    path = tmp_path / "course.gift"
    path.write_text(text, encoding="utf-8")
    script = Path(__file__).with_name("gift_pegjs.js")
    done = subprocess.run(
        [node, str(script), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NODE_PATH": str(NODE_MODULES)},
        check=True,
    )
    parsed: list[dict[str, Any]] = json.loads(done.stdout)
    return parsed


def test_gift_parses_with_moodles_grammar(tmp_path: Path, course: Course) -> None:
    text, _ = gift_text(course)
    items = gift_pegjs(text, tmp_path)
    categories = [i["title"] for i in items if i["type"] == "Category"]
    assert categories == [f"$course$/{course.title}/{t.title}" for t in course.topics]
    parsed = {i["title"]: i for i in items if i["type"] != "Category"}
    assert set(parsed) == set(course.questions)
    for qid, q in course.questions.items():
        got = parsed[qid]
        assert got["type"] == "MC" and got["stem"]["text"] == q.stem
        assert [c["text"]["text"] for c in got["choices"]] == [o.text for o in q.options]
        assert [c["feedback"]["text"] for c in got["choices"]] == [o.why for o in q.options]
        assert q.explanation in got["globalFeedback"]["text"]
        if q.type == "single":
            assert [c["isCorrect"] for c in got["choices"]] == [o.correct for o in q.options]
        else:
            weights = [c["weight"] for c in got["choices"]]
            assert [w > 0 for w in weights] == [o.correct for o in q.options]
            assert sum(w for w in weights if w > 0) == pytest.approx(100, abs=0.01)


def test_gift_escapes_every_special_character(tmp_path: Path) -> None:
    quiz = f"""\
topic: iron
questions:
  - id: iron-q1
    audience: [patient, clinician]
    stem: "{HOSTILE_YAML}?"
    options:
      - text: "{HOSTILE_YAML} one"
        correct: true
        why: "Why: {{right}} = #1 ~ ok"
      - text: Insulin
        why: "Line one.\\n\\nLine two after a blank line."
    explanation: "Both: {{a}} and ~b~ // not a comment"
    sources: [src-a]
""" + QUIZ[QUIZ.index("  - id: iron-q2") :]  # and the factory's select-all item

    root = write_course(tmp_path / "course", quiz=quiz)
    course = load_course(root)
    assert course.ok, course.errors
    text, _ = gift_text(course)
    parsed = {i["title"]: i for i in gift_pegjs(text, tmp_path) if i["type"] != "Category"}
    assert set(parsed) == {"iron-q1", "iron-q2", "genes-q1"}
    q1 = parsed["iron-q1"]
    assert q1["stem"]["text"] == f"{HOSTILE}?"
    assert [c["text"]["text"] for c in q1["choices"]] == [f"{HOSTILE} one", "Insulin"]
    assert q1["choices"][0]["feedback"]["text"] == "Why: {right} = #1 ~ ok"
    assert q1["choices"][1]["feedback"]["text"] == "Line one.\n\nLine two after a blank line."
    assert q1["globalFeedback"]["text"].startswith("Both: {a} and ~b~ // not a comment")
    assert [c["weight"] for c in parsed["iron-q2"]["choices"]] == pytest.approx([50, 50, -100])
