"""Switching learner: a list of the learners to pick from, a field for a new name,
Escape to cancel, and names matched without regard to case."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from .tui_helpers import open_store, press, screen_text, wait_screen


def _listed(app) -> list[str]:
    listing = app.screen.query_one("#learners", OptionList)
    return [listing.get_option_at_index(i).prompt.plain for i in range(listing.option_count)]


def _learners(db: Path, *named: tuple[str, str]) -> None:
    """Learners with tracks; the first is the one the tutor opens for."""
    with open_store(db) as store:
        for name, audience in named:
            store.set_setting(name, "audience", audience)
        store.set_last_learner(named[0][0])


async def test_the_dialog_lists_the_learners_and_escape_changes_nothing(make, db: Path) -> None:
    _learners(db, ("Maria", "clinician"), ("tom", "patient"))
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "HomeScreen")
        home = app.screen
        await press(pilot, "l")
        await wait_screen(pilot, "LearnerDialog")
        assert _listed(app) == [
            "Maria  ·  clinician track  ·  studying now",
            "tom  ·  patient track",
        ]
        assert "Or a new learner:" in screen_text(app)
        await press(pilot, "escape")
        assert app.screen is home
        assert app.session.learner == "Maria"
        # From the palette as well, over any screen: Escape goes back to that screen.
        await press(pilot, "p")
        await wait_screen(pilot, "ProgressScreen")
        progress = app.screen
        app.action_switch_learner()
        await wait_screen(pilot, "LearnerDialog")
        await press(pilot, "escape")
        assert app.screen is progress
    with open_store(db) as store:
        assert store.learners() == ["Maria", "tom"]
        assert store.last_learner() == "Maria"


async def test_picking_a_learner_opens_their_course_map(make, db: Path) -> None:
    _learners(db, ("Maria", "clinician"), ("tom", "patient"))
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "HomeScreen")
        await press(pilot, "p")  # somewhere deeper than home
        await wait_screen(pilot, "ProgressScreen")
        app.action_switch_learner()
        await wait_screen(pilot, "LearnerDialog")
        listing = app.screen.query_one("#learners", OptionList)
        assert listing.highlighted == 1  # the learner after the one studying
        await press(pilot, "enter")
        await wait_screen(pilot, "HomeScreen")
        assert (app.session.learner, app.session.audience) == ("tom", "patient")
        assert "tom, patient track" in screen_text(app)
        assert len(app.screen_stack) == 2  # loading, home: Maria's screens are gone
    with open_store(db) as store:
        assert store.last_learner() == "tom"


async def test_a_typed_name_finds_the_learner_without_regard_to_case(make, db: Path) -> None:
    _learners(db, ("tom", "patient"), ("Maria", "clinician"))
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "HomeScreen")
        await press(pilot, "l")
        await wait_screen(pilot, "LearnerDialog")
        await press(pilot, "tab", *"maria", "enter")
        await wait_screen(pilot, "HomeScreen")
        assert (app.session.learner, app.session.audience) == ("Maria", "clinician")
    with open_store(db) as store:
        assert store.learners() == ["Maria", "tom"]  # no second "maria"


async def test_a_new_name_asks_for_a_track_and_escape_there_cancels(make, db: Path) -> None:
    _learners(db, ("Maria", "clinician"))
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "HomeScreen")
        home = app.screen
        await press(pilot, "l")
        await wait_screen(pilot, "LearnerDialog")
        await press(pilot, "tab", "enter")  # an empty name
        assert "Type a name, or pick one from the list." in screen_text(app)
        await press(pilot, *"Ada", "enter")
        await wait_screen(pilot, "WelcomeScreen")
        assert app.screen.query_one("#name").value == "Ada"
        await press(pilot, "escape")
        assert app.screen is home and app.session.learner == "Maria"
    with open_store(db) as store:
        assert store.learners() == ["Maria"]


async def test_the_same_learner_typed_otherwise_stays(make, db: Path) -> None:
    _learners(db, ("Maria", "clinician"))
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "HomeScreen")
        home = app.screen
        await press(pilot, "l")
        await wait_screen(pilot, "LearnerDialog")
        await press(pilot, "tab", *"MARIA ", "enter")
        await wait_screen(pilot, "HomeScreen")
        assert app.screen is home and app.session.learner == "Maria"


async def test_both_spellings_kept_from_an_older_file_are_matched_exactly_first(
    make, db: Path
) -> None:
    _learners(db, ("Maria", "clinician"), ("maria", "patient"))
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "HomeScreen")
        await press(pilot, "l")
        await wait_screen(pilot, "LearnerDialog")
        assert _listed(app) == [
            "Maria  ·  clinician track  ·  studying now",
            "maria  ·  patient track",
        ]
        await press(pilot, "tab", *"maria", "enter")
        await wait_screen(pilot, "HomeScreen")
        assert (app.session.learner, app.session.audience) == ("maria", "patient")


async def test_the_first_screen_matches_a_typed_name_too(make, db: Path) -> None:
    with open_store(db) as store:
        store.ensure_learner("Maria")  # a learner without a track: the first screen asks
    app = make(learner="MARIA")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "2", "enter")
        await wait_screen(pilot, "LessonScreen")
        assert app.session.learner == "Maria"
    with open_store(db) as store:
        assert store.learners() == ["Maria"]
        assert store.get_setting("Maria", "audience") == "clinician"
