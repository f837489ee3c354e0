"""The glossary: searchable from any screen, by key and from the command palette."""

from __future__ import annotations

from rls_tutor.tui.screens.glossary import GlossaryScreen, TermEntry

from .tui_helpers import press, screen_text, wait_screen


def _terms(app) -> list[str]:
    return [e.term.term for e in app.screen.query(TermEntry) if e.display]


async def test_search_from_a_lesson(make) -> None:
    app = make()
    async with app.run_test() as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "enter")
        await wait_screen(pilot, "LessonScreen")
        await press(pilot, "g")
        await wait_screen(pilot, "GlossaryScreen")
        assert _terms(app) == ["Circadian rhythm", "Dopamine", "Ferritin"]
        await press(pilot, *"iron")  # matches the definition of Ferritin
        assert _terms(app) == ["Ferritin"]
        assert "A protein that stores iron" in screen_text(app)
        assert "Source: A clinician summary" in screen_text(app)
        await press(pilot, *"xyz")
        assert _terms(app) == []
        assert "No term matches" in screen_text(app)
        await press(pilot, "escape")
        await wait_screen(pilot, "LessonScreen")


async def test_clinicians_see_the_detail(make) -> None:
    app = make(audience="clinician")
    async with app.run_test() as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "enter")
        await wait_screen(pilot, "LessonScreen")
        await press(pilot, "g", *"dopa")
        assert "A catecholamine neurotransmitter made from tyrosine." in screen_text(app)


async def test_from_the_command_palette(make) -> None:
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "enter")
        await wait_screen(pilot, "LessonScreen")
        await press(pilot, "ctrl+p", *"ferritin")
        await pilot.pause(0.5)
        await press(pilot, "enter")
        await wait_screen(pilot, "GlossaryScreen")
        assert isinstance(app.screen, GlossaryScreen)
        assert _terms(app) == ["Ferritin"]


async def test_available_on_the_welcome_screen(make) -> None:
    app = make()
    async with app.run_test() as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "g")
        await wait_screen(pilot, "GlossaryScreen")
        await press(pilot, "escape")
        await wait_screen(pilot, "WelcomeScreen")
