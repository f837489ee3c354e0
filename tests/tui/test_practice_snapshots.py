"""SVG snapshots of practice blocks at 80x24 and 120x36 (fixture course, fixed clock,
seed and block clock): the builder, a timed question, the score report.

Update with `pytest tests/tui/test_practice_snapshots.py --snapshot-update` after
checking the differences in the report.
"""

from __future__ import annotations

import pytest

from rls_tutor.session.blockspec import BlockSpec

from .test_practice import Mono, into_block, key_for
from .tui_helpers import press, screen_text, wait_for, wait_screen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]


@pytest.mark.parametrize("size", SIZES)
def test_builder(make, snap_compare, size) -> None:
    async def run_before(pilot) -> None:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "2", "enter")
        await wait_screen(pilot, "LessonScreen")
        await press(pilot, "escape")
        await wait_screen(pilot, "HomeScreen")
        await press(pilot, "b")
        await wait_screen(pilot, "BuilderScreen")
        await wait_for(pilot, lambda: "holds" in screen_text(pilot.app), "the count")

    assert snap_compare(make(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_timed_question(make, snap_compare, size) -> None:
    mono = Mono()
    app = make(practice=BlockSpec(count=4, mode="timed"), monotonic=mono)

    async def run_before(pilot) -> None:
        await into_block(pilot)
        mono.t += 75
        await press(pilot, key_for(pilot, 0), "enter", "f")
        mono.t += 12
        await press(pilot, "1")
        await pilot.pause(0.4)  # the countdown's next tick

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_report(make, snap_compare, size) -> None:
    mono = Mono()
    app = make(practice=BlockSpec(count=4, mode="timed"), monotonic=mono)

    async def run_before(pilot) -> None:
        await into_block(pilot)
        for n, option in enumerate((0, 1, 0)):
            mono.t += 20 + 10 * n
            await press(pilot, key_for(pilot, option))
            if pilot.app.screen.query_one("BlockCard").multiple:
                await press(pilot, key_for(pilot, 1))
            await press(pilot, "enter")
        await press(pilot, "f", "e", "y")
        await wait_screen(pilot, "ReportScreen")

    assert snap_compare(app, terminal_size=size, run_before=run_before)
