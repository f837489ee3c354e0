"""Lesson Markdown as plain paragraphs: no markup characters left, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from rls_tutor.content.loader import load_course
from rls_tutor.plain.markdown import to_plain

BUNDLED = Path(__file__).resolve().parents[2]


def test_emphasis_loses_its_markers() -> None:
    assert to_plain("Iron is a **cofactor**, *not* a __fuel__, ~~never~~ `TH`.") == (
        "Iron is a cofactor, not a fuel, never TH."
    )


def test_paragraphs_are_one_line_each_with_a_blank_line_between() -> None:
    text = "Your brain uses iron\nto build dopamine.\n\nA second\nparagraph.\n"
    assert to_plain(text) == "Your brain uses iron to build dopamine.\n\nA second paragraph."


def test_a_hard_line_break_stays() -> None:
    assert to_plain("first line  \nsecond line") == "first line\nsecond line"


def test_lists_are_lines_starting_with_a_dash_or_their_number() -> None:
    text = "Findings:\n\n- low **brain** iron;\n- depleted stores\n  over lines;\n  - nested\n"
    assert to_plain(text) == (
        "Findings:\n\n- low brain iron;\n- depleted stores over lines;\n  - nested"
    )
    assert to_plain("3. third\n4. fourth") == "3. third\n4. fourth"
    assert to_plain("* star\n+ plus") == "- star\n\n- plus"  # two lists: two paragraphs


def test_a_loose_list_item_keeps_its_paragraphs_under_it() -> None:
    assert to_plain("- one\n\n  more of one\n- two") == "- one\n  more of one\n- two"


def test_links_show_their_address() -> None:
    assert to_plain("See [the summary](https://example.org/rls).") == (
        "See the summary (https://example.org/rls)."
    )
    assert to_plain("<https://example.org>") == "https://example.org"
    assert to_plain("at www.example.org today") == "at www.example.org today"
    assert to_plain("[https://a.org](https://a.org)") == "https://a.org"


def test_headings_quotes_code_tables_rules_and_images() -> None:
    assert to_plain("# Iron\n\ntext") == "Iron\n\ntext"
    assert to_plain("> quoted\n> words") == "  quoted words"
    assert to_plain("```\nline one\n  line two\n```") == "line one\n  line two"
    table = "| Test | Meaning |\n| --- | --- |\n| ferritin | iron stores |\n| TSAT | transport |"
    assert to_plain(table) == "Test: ferritin; Meaning: iron stores\nTest: TSAT; Meaning: transport"
    assert to_plain("above\n\n---\n\nbelow") == "above\n\nbelow"
    assert to_plain("![a brain scan](scan.png)") == "image: a brain scan"


def test_html_is_dropped_as_the_tui_drops_it() -> None:
    assert to_plain("a <b>bold</b> word") == "a bold word"
    assert to_plain("<div>\nblock\n</div>\n\nafter") == "after"


def test_markup_characters_of_the_tui_are_just_text() -> None:
    assert to_plain("[@click=app.quit]x[/] and a[i]") == "[@click=app.quit]x[/] and a[i]"


@pytest.mark.parametrize("entity", ["&#27;", "&#x1b;", "&#x9b;", "&#0;"])
def test_entities_never_produce_a_control_character(entity: str) -> None:
    out = to_plain(f"a {entity}[2J b")
    assert all(c.isprintable() or c == "\n" for c in out), repr(out)


def test_tabs_become_spaces() -> None:
    assert "\t" not in to_plain("```\n\tindented\n```")


def test_every_screen_of_the_bundled_course() -> None:
    course = load_course(BUNDLED)
    screens = 0
    for lesson in course.lessons.values():
        for step in lesson.steps:
            texts = [getattr(step, "text", None)]
            for text in (t for block in texts if block for t in (block.patient, block.clinician)):
                if not text:
                    continue
                screens += 1
                plain = to_plain(text)
                assert "**" not in plain and "__" not in plain, plain
                assert plain.strip(), text
                assert "\n\n\n" not in plain
    assert screens > 50
