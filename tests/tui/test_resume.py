"""Continue after a restart resumes the exact screen."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button

from rls_tutor.tui.screens.lesson import LessonScreen
from rls_tutor.tui.widgets.question_card import QuestionCard

from .tui_helpers import Clock, open_store, press, screen_text, wait_screen


async def test_continue_after_restart_is_at_the_same_screen(make, db: Path) -> None:
    clock = Clock()
    first = make(clock=clock, audience="clinician")
    async with first.run_test() as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "enter")
        await wait_screen(pilot, "LessonScreen")
        # screen 1, the check (answered), then the clinician-only screen (authored step 2)
        await press(pilot, "enter", "1", "enter", "enter")
        assert "Alpha clinician-only text" in screen_text(first)
        await press(pilot, "q")
    assert first.return_code == 0
    with open_store(db) as store:
        position = store.last_position("learner")
        assert position is not None
        assert (position.lesson_id, position.step, position.completed) == ("alpha", 2, False)

    second = make(clock=clock)  # a returning learner goes straight home
    async with second.run_test() as pilot:
        await wait_screen(pilot, "HomeScreen")
        cont = second.screen.query_one("#continue", Button)
        assert "Continue: Alpha lesson" in str(cont.label)
        assert second.focused is cont
        await press(pilot, "enter")
        await wait_screen(pilot, "LessonScreen")
        lesson = second.screen
        assert isinstance(lesson, LessonScreen)
        assert lesson.authored_index == 2
        assert "Alpha clinician-only text, screen two." in screen_text(second)
        assert "3 / 5" in screen_text(second)


async def test_resume_on_a_check_shows_the_question_again(make, db: Path) -> None:
    clock = Clock()
    first = make(clock=clock)
    async with first.run_test() as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "enter")
        await wait_screen(pilot, "LessonScreen")
        await press(pilot, "enter")  # on the check, not answered
        await press(pilot, "q")
    second = make(clock=clock)
    async with second.run_test() as pilot:
        await wait_screen(pilot, "HomeScreen")
        await press(pilot, "c")
        await wait_screen(pilot, "LessonScreen")
        card = second.screen.query_one(QuestionCard)
        assert card.question.id == "alpha-both"
        assert card.phase == "answer"


async def test_position_saved_on_every_step_change(make, db: Path) -> None:
    app = make()
    async with app.run_test() as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "enter")
        await wait_screen(pilot, "LessonScreen")
        steps = []
        for key in ("enter", "right", "left", "right", "right"):
            await press(pilot, key)
            with open_store(db) as store:
                steps.append(store.position("learner", "alpha").step)
        # patient track: authored steps 0, 1 (check), 3 (check), 4 — 2 is clinician-only
        assert steps == [1, 3, 1, 3, 4]


async def test_returning_home_lists_topics_from_the_cache_before_the_load(make, db: Path) -> None:
    """The first frame of a returning learner's home comes from the course cache; Continue
    pressed before the progress arrives still resumes once it has."""
    from rls_tutor.tui.screens.home import HomeScreen, TopicRow

    first = make(audience="patient")
    async with first.run_test() as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "enter")
        await wait_screen(pilot, "LessonScreen")
        await press(pilot, "q")

    second = make()
    async with second.run_test() as pilot:
        home = second.screen
        assert isinstance(home, HomeScreen) and home.session is None  # the cached preview
        assert [row.topic.title for row in home.query(TopicRow)] == ["Alpha topic", "Beta topic"]
        await pilot.press("c")  # queued until the session is attached
        await wait_screen(pilot, "LessonScreen")
        assert home.session is not None
        assert isinstance(second.screen, LessonScreen) and second.screen.lesson.id == "alpha"
