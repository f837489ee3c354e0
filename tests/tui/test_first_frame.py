"""The first useful screen comes before the course model, fsrs and the store have loaded:
the welcome screen with the course's notice, home with its figures; and a key pressed
before the session is ready is neither lost nor a crash, but acts once it is ready."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from rls_tutor.content.cache import load_course_cached
from rls_tutor.content.cache_key import cache_file_for
from rls_tutor.locations import cache_dir
from rls_tutor.progress.store import ProgressStore
from rls_tutor.tui.screens.home import HomeScreen, TopicRow
from rls_tutor.tui.screens.welcome import WelcomeScreen

from .tui_helpers import (
    FIXTURE_COURSE,
    START,
    copy_course,
    screen_text,
    wait_for,
    wait_screen,
)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Holds the start-up worker (the course model, the store) until the test opens it."""
    import rls_tutor.session.learning as learning

    opened = threading.Event()
    real = learning.start

    def start(*args: object, **kwargs: object) -> object:
        assert opened.wait(20), "the test never let the load go on"
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(learning, "start", start)
    yield opened
    opened.set()


@pytest.fixture
def cached() -> None:
    """The course cache a previous run wrote (XDG_CACHE_HOME is the test's own)."""
    load_course_cached(FIXTURE_COURSE, cache_dir())


@pytest.fixture
def returning(db: Path, cached: None) -> None:
    """Ann, on the patient track: both alpha checks answered right two days ago, lesson
    alpha under way."""
    course = load_course_cached(FIXTURE_COURSE, cache_dir())
    with ProgressStore.open(db) as store:
        store.set_last_learner("ann")
        store.set_setting("ann", "audience", "patient")
        for qid in ("alpha-both", "alpha-multi"):
            question = course.questions[qid]
            right = [i for i, o in enumerate(question.options) if o.correct]
            store.record_answer("ann", question, "alpha", right, now=START.replace(day=1))
        store.save_position("ann", "alpha", 3, now=START.replace(day=1))


async def pause(pilot: Pilot[object], times: int = 5) -> None:
    for _ in range(times):
        await pilot.pause()


async def test_a_new_learner_reads_the_notice_before_the_course_loads(
    make, gate: threading.Event, cached: None
) -> None:
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await pause(pilot)
        assert isinstance(app.screen, WelcomeScreen) and app.startup is None
        text = screen_text(app)
        assert "Welcome to Fixture course" in text
        assert "Educational material only, not medical advice." in text
        assert "Which track suits you?" in text
        gate.set()
        await wait_for(pilot, lambda: app.startup is not None, "the load")
        assert screen_text(app) == text  # the same screen, now loaded


async def test_without_a_cache_the_welcome_reads_the_notice_from_the_course_file(
    make, gate: threading.Event, cached: None
) -> None:
    cache_file_for(FIXTURE_COURSE, cache_dir()).unlink()  # the first launch after an install
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await pause(pilot)
        assert isinstance(app.screen, WelcomeScreen) and app.startup is None
        text = screen_text(app)
        assert "Welcome to Fixture course" in text
        assert "Educational material only, not medical advice." in text
        assert "Which track suits you?" in text
        assert "Loading the course" not in text
        gate.set()
        await wait_for(pilot, lambda: app.startup is not None, "the load")
        assert screen_text(app) == text  # the same screen, now loaded
    assert cache_file_for(FIXTURE_COURSE, cache_dir()).is_file()  # the load wrote it again


@pytest.mark.parametrize("course_file", [None, "title: [unclosed\n"], ids=["missing", "broken"])
async def test_without_a_cache_or_a_readable_course_file_the_welcome_waits_for_the_course(
    make, gate: threading.Event, tmp_path: Path, course_file: str | None
) -> None:
    root = copy_course(tmp_path)
    path = root / "lessons" / "course.yaml"
    if course_file is None:
        path.unlink()
    else:
        path.write_text(course_file, encoding="utf-8")
    app = make(content=root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pause(pilot)
        assert isinstance(app.screen, WelcomeScreen) and app.startup is None
        assert "Loading the course" in screen_text(app)
        gate.set()
        await wait_for(pilot, lambda: app.startup is not None, "the load")
        text = screen_text(app)
        assert "Loading the course" not in text
        assert "Welcome to RLS tutor" in text  # the loader's default title, and its problems


async def test_home_shows_its_figures_before_the_session_loads(
    make, gate: threading.Event, returning: None
) -> None:
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await pause(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen) and home.session is None
        before = screen_text(app)
        rows = {row.topic.id: row.progress for row in home.query(TopicRow)}
        alpha = rows["alpha"]
        assert alpha is not None and alpha.seen == 2 and alpha.mastery > 0.5
        assert "Continue: Alpha lesson" in before
        assert "Fixture course  ·  ann, patient track" in before
        assert f"{alpha.mastery:4.0%}  {alpha.level}" in before
        gate.set()
        await wait_for(pilot, lambda: home.session is not None, "the session")
        assert app.screen is home
        assert screen_text(app) == before  # the figures the session computes, exactly
        assert {row.topic.id: row.progress for row in home.query(TopicRow)} == rows


async def test_keys_pressed_on_home_before_the_session_act_once_it_is_ready(
    make, gate: threading.Event, returning: None
) -> None:
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await pause(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen) and home.session is None
        await pilot.press("p")  # Progress
        await pause(pilot)
        assert app.screen is home  # nothing to show it with yet, and no crash
        await pilot.press("escape", "s")  # back from Progress, then Settings
        await pause(pilot)
        gate.set()
        await wait_screen(pilot, "SettingsScreen")  # in the order pressed
        assert app.screen_stack[-2] is home
        assert app.session is not None


async def test_quitting_before_the_session_is_ready_works_at_once(
    make, gate: threading.Event, returning: None
) -> None:
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await pause(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("q")
        await pause(pilot)
        assert not app.is_running or app.return_code == 0
        gate.set()
    assert app.return_code == 0


async def test_the_glossary_asked_for_while_the_course_loads_opens_once_it_has(
    make, gate: threading.Event, cached: None
) -> None:
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await pause(pilot)
        assert isinstance(app.screen, WelcomeScreen) and app.startup is None
        await pilot.press("g")
        await pause(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        gate.set()
        await wait_screen(pilot, "GlossaryScreen")


async def test_the_first_frame_is_drawn_in_the_learners_theme(
    make, db: Path, gate: threading.Event, returning: None
) -> None:
    with ProgressStore.open(db) as store:
        store.set_setting("ann", "theme", "textual-light")
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await pause(pilot)
        assert isinstance(app.screen, HomeScreen) and app.screen.session is None
        assert app.theme == "textual-light"  # not dark first, then light once loaded
        gate.set()
        await wait_for(pilot, lambda: app.session is not None, "the session")
        assert app.theme == "textual-light"


async def test_a_click_on_review_before_the_session_opens_it_once_ready(
    make, gate: threading.Event, returning: None
) -> None:
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await pause(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen) and home.session is None
        await pilot.click("#review")
        await pause(pilot)
        assert app.screen is home
        gate.set()
        await wait_screen(pilot, "ReviewScreen")
