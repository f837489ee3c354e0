"""SVG snapshots at fixed sizes, over the fixture course with a fixed clock and seed.

Update with `pytest tests/tui/test_snapshots.py --snapshot-update` after checking
the differences in the report.
"""

from __future__ import annotations

from .tui_helpers import press, wait_screen


def test_welcome(make, snap_compare) -> None:
    async def run_before(pilot) -> None:
        await wait_screen(pilot, "WelcomeScreen")

    assert snap_compare(make(), terminal_size=(80, 24), run_before=run_before)


def test_lesson_screen(make, snap_compare) -> None:
    async def run_before(pilot) -> None:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "2", "enter")
        await wait_screen(pilot, "LessonScreen")

    assert snap_compare(make(), terminal_size=(80, 24), run_before=run_before)


def test_question_feedback(make, snap_compare) -> None:
    async def run_before(pilot) -> None:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "enter")
        await wait_screen(pilot, "LessonScreen")
        await press(pilot, "enter")
        card = pilot.app.screen.query_one("QuestionCard")
        await press(pilot, str(card.order.index(1) + 1), "enter")  # a wrong answer

    assert snap_compare(make(), terminal_size=(100, 30), run_before=run_before)


def test_select_all_that_apply(make, snap_compare) -> None:
    async def run_before(pilot) -> None:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "enter")
        await wait_screen(pilot, "LessonScreen")
        await press(pilot, "enter", "1", "enter", "enter", "1")

    assert snap_compare(make(), terminal_size=(80, 24), run_before=run_before)


def test_home(make, snap_compare) -> None:
    async def run_before(pilot) -> None:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "enter")
        await wait_screen(pilot, "LessonScreen")
        await press(pilot, "enter", "1", "enter", "escape")
        await wait_screen(pilot, "HomeScreen")

    assert snap_compare(make(), terminal_size=(80, 24), run_before=run_before)


def test_home_wide(make, snap_compare) -> None:
    async def run_before(pilot) -> None:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "enter")
        await wait_screen(pilot, "LessonScreen")
        await press(pilot, "escape")
        await wait_screen(pilot, "HomeScreen")

    assert snap_compare(make(), terminal_size=(120, 36), run_before=run_before)


def test_question_feedback_light(make, snap_compare) -> None:
    """The light theme: amber title, green and red verdicts, the picked option."""

    async def run_before(pilot) -> None:
        pilot.app.theme = "textual-light"
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "enter")
        await wait_screen(pilot, "LessonScreen")
        await press(pilot, "enter")
        card = pilot.app.screen.query_one("QuestionCard")
        await press(pilot, str(card.order.index(1) + 1), "enter")  # a wrong answer

    assert snap_compare(make(), terminal_size=(100, 30), run_before=run_before)


def test_check_revisited(make, snap_compare) -> None:
    """Back to an answered check: the answer and its feedback, and r to retry."""

    async def run_before(pilot) -> None:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "enter")
        await wait_screen(pilot, "LessonScreen")
        await press(pilot, "enter")
        card = pilot.app.screen.query_one("QuestionCard")
        await press(pilot, str(card.order.index(1) + 1), "enter", "enter", "left")

    assert snap_compare(make(), terminal_size=(80, 24), run_before=run_before)


def test_learner_dialog(make, snap_compare, db) -> None:
    """Switch learner: the list, a field for a new name, Escape to cancel."""
    from .tui_helpers import open_store

    with open_store(db) as store:
        store.set_setting("Maria", "audience", "clinician")
        store.set_setting("tom", "audience", "patient")
        store.set_last_learner("Maria")

    async def run_before(pilot) -> None:
        await wait_screen(pilot, "HomeScreen")
        await press(pilot, "l")
        await wait_screen(pilot, "LearnerDialog")

    assert snap_compare(make(), terminal_size=(80, 24), run_before=run_before)
