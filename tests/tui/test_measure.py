"""Lesson and review text keeps a readable measure on a wide terminal."""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import Markdown

from rls_tutor.tui.app import TutorApp

from .tui_helpers import press, settle, wait_screen

PARAGRAPH = " ".join(["Restless legs syndrome is a disorder of sensation and movement."] * 8)
MEASURE = 100  # the limit; tutor.tcss sets 88


def _longest_line(app: TutorApp, widget: Widget) -> int:
    """The widest run of text drawn inside `widget`, in cells."""
    region = widget.region
    longest = 0
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        if not region.y <= y < region.bottom:
            continue
        row = strip.text[region.x : region.right]
        longest = max(longest, len(row.strip()))
    return longest


async def _lesson_with_a_long_paragraph(pilot) -> Markdown:  # type: ignore[no-untyped-def]
    await wait_screen(pilot, "WelcomeScreen")
    await press(pilot, "2", "enter")
    await wait_screen(pilot, "LessonScreen")
    markdown = pilot.app.screen.query_one(Markdown)
    await markdown.update(PARAGRAPH)
    await settle(pilot)
    return markdown


async def test_lesson_text_stops_at_a_readable_measure_on_a_wide_terminal(make) -> None:
    app = make()
    async with app.run_test(size=(160, 40)) as pilot:
        markdown = await _lesson_with_a_long_paragraph(pilot)
        assert markdown.region.width <= MEASURE
        assert 80 <= _longest_line(app, markdown) <= MEASURE
        for selector in ("#step-title", "#step-sources"):
            assert app.screen.query_one(selector).region.width <= MEASURE
        # The text column starts where the title's text does.
        title = app.screen.query_one("#step-title")
        assert markdown.region.x == title.content_region.x
        assert markdown.region.right == title.content_region.right
        # The page still scrolls from anywhere across the terminal.
        assert app.screen.query_one(".page").region.width == 160

        await press(pilot, "enter")  # the check
        card = app.screen.query_one("QuestionCard")
        for part in card.query(".stem, .hint, .options, .status"):
            assert part.region.width <= MEASURE


async def test_an_80_column_terminal_keeps_its_full_width(make) -> None:
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        markdown = await _lesson_with_a_long_paragraph(pilot)
        page = app.screen.query_one(".page")
        assert markdown.region.width == page.content_region.width
        assert app.screen.query_one("#step-title").region.width == 80
        assert _longest_line(app, markdown) > 70
