"""Helpers for the TUI tests: the fixture course, a ticking clock, waiting, reading the screen."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.text import Text
from textual.content import Content
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from rls_tutor.progress.store import ProgressStore
from rls_tutor.tui.app import TutorApp, make_app
from rls_tutor.tui.widgets.topic_line import TopicLine

FIXTURE_COURSE = Path(__file__).resolve().parents[1] / "fixtures" / "course"
START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
SEED = 7


class Clock:
    """A fixed clock that ticks one second per reading, so saves keep their order."""

    def __init__(self, start: datetime = START) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        self.moment += timedelta(seconds=1)
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


def tutor(
    db: Path, content: Path = FIXTURE_COURSE, clock: Clock | None = None, **kw: object
) -> TutorApp:
    return make_app(
        content_root=content,
        db_path=db,
        clock=clock or Clock(),
        seed=SEED,
        **kw,  # type: ignore[arg-type]
    )


def copy_course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, root)
    return root


async def settle(pilot: Pilot[object], rounds: int = 100) -> None:
    """Let workers finish and their results reach the screen."""
    app = pilot.app

    def busy() -> bool:
        # A newly pushed screen composes over several turns of the loop.
        return not app.screen.is_mounted or any(w.is_running for w in app.workers)

    for _ in range(rounds):
        await pilot.pause()
        if not busy():
            await pilot.pause()
            if not busy():
                return
        await asyncio.sleep(0.01)
    raise AssertionError(f"workers still running: {list(app.workers)}")


async def wait_for(pilot: Pilot[object], predicate: Callable[[], bool], what: str = "") -> None:
    for _ in range(300):
        await pilot.pause()
        if predicate():
            await settle(pilot)
            return
        await asyncio.sleep(0.01)
    raise AssertionError(
        f"timed out waiting for {what or predicate}; screen: {screen_text(pilot.app)}"
    )


async def wait_screen(pilot: Pilot[object], name: str) -> None:
    await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == name, name)


async def press(pilot: Pilot[object], *keys: str) -> None:
    """Press keys one at a time, letting each one's work finish (as a person would)."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
    if not keys:
        await settle(pilot)


def _plain(widget: Widget) -> str:
    if isinstance(widget, Button):
        label = widget.label
        return label.plain if isinstance(label, Content) else str(label)
    if isinstance(widget, Input):
        return widget.value
    if isinstance(widget, TopicLine):
        return widget.render().plain
    if isinstance(widget, Static):
        visual = widget.content
        if isinstance(visual, Content | Text):
            return visual.plain
        return str(visual)
    return ""


def _shown(widget: Widget) -> bool:
    return all(node.display for node in [widget, *widget.ancestors] if isinstance(node, Widget))


def screen_text(app: object) -> str:
    """The text of every visible widget on the current screen, one per line."""
    screen = app.screen  # type: ignore[attr-defined]
    return "\n".join(t for w in screen.query("*") if _shown(w) and (t := _plain(w)))


def open_store(db: Path) -> ProgressStore:
    return ProgressStore.open(db)
