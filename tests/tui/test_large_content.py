"""Large but legal content stays usable: a long table, a glossary of thousands."""

from __future__ import annotations

from pathlib import Path

from rls_tutor.tui.screens.glossary import SHOWN, TermEntry
from rls_tutor.tui.widgets.lesson_markdown import CHUNK_CHARS, LessonMarkdown, chunks

from .tui_helpers import copy_course, press, wait_for, wait_screen

ROWS = 300
TABLE = "| a | b |\n|---|---|\n" + "".join(f"| row {i} | value {i} |\n" for i in range(ROWS))


def test_chunks_keep_every_line_and_cut_at_blocks() -> None:
    text = "First paragraph.\n\n" + TABLE + "\nLast paragraph."
    pieces = chunks(text)
    assert len(pieces) > 1
    joined = "\n".join(pieces)
    assert all(f"| row {i} | value {i} |" in joined for i in range(ROWS))
    assert pieces[0].startswith("First paragraph.") and pieces[-1].endswith("Last paragraph.")
    assert all(len(p) <= CHUNK_CHARS * 2 for p in pieces)
    assert "```text" in joined  # a table this long is drawn as preformatted rows
    assert chunks("A short screen with a | pipe.") == ["A short screen with a | pipe."]


def test_a_fenced_block_is_never_cut_inside() -> None:
    code = "```\n" + "\n\n".join(f"line {i}" for i in range(6)) + "\n```"  # 11 lines
    assert chunks(code) == [code]


async def test_a_long_table_step_shows_at_once_and_fills_in(make, tmp_path: Path) -> None:
    root = copy_course(tmp_path)
    lesson = next((root / "lessons").glob("01-*.yaml"))
    body = "".join(f"        {line}\n" for line in TABLE.splitlines())
    text = lesson.read_text().replace(
        "steps:\n",
        "steps:\n  - title: A long table\n    sources: [patient-source]\n    text:\n"
        f"      patient: |\n{body}      clinician: |\n{body}",
        1,
    )
    lesson.write_text(text)
    app = make(content=root)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "enter")
        await wait_screen(pilot, "LessonScreen")
        md = app.screen.query_one(LessonMarkdown)
        await wait_for(pilot, lambda: f"row {ROWS - 1} " in md.source, "the last rows")
        assert all(f"| row {i} | value {i} |" in md.source for i in range(ROWS))


async def test_a_glossary_of_thousands_shows_the_best_matches(make, tmp_path: Path) -> None:
    root = copy_course(tmp_path)
    terms = "".join(
        f"  - term: Term {i:04d}\n    definition: Meaning number {i}.\n"
        "    sources: [patient-source]\n"
        for i in range(3000)
    )
    (root / "lessons" / "glossary.yaml").write_text("terms:\n" + terms)
    app = make(content=root)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "g")
        await wait_screen(pilot, "GlossaryScreen")
        shown = [e.term.term for e in app.screen.query(TermEntry) if e.display and e.term]
        assert shown == [f"Term {i:04d}" for i in range(SHOWN)]
        more = app.screen.query_one("#more-terms")
        assert more.display and f"{3000 - SHOWN:,} more" in str(more.render())
        await press(pilot, *"term 2999")
        shown = [e.term.term for e in app.screen.query(TermEntry) if e.display and e.term]
        assert shown == ["Term 2999"]
        assert not app.screen.query_one("#more-terms").display
