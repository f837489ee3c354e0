"""Practice blocks: key to feedback, building a block, the countdown's redraw.

1. Key press (Enter) to feedback shown in a tutor-mode block, the answer recorded and
   the block saved in one committed transaction first (the real app, headless, on a
   database in a temporary folder: WAL, synchronous=FULL).
2. Building a 40-question block from a generated 5,000-question course (50 topics),
   for a learner with 2,000 answered questions and 100 flags: the pools, the draw,
   the option orders and the block's rows, committed (`start_block`).
3. The countdown of a timed block: over a few seconds of ticks, which widgets the
   screen repaints, which regions it sends to the terminal, and how many layouts run.

    python benchmarks/bench_practice.py [--questions 40] [--builds 30] [--dir FOLDER]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_answer import write_course


def _feedback_laid_out(card: object) -> bool:
    if getattr(card, "phase", None) != "feedback":
        return False
    feedback = card.query_one(".feedback")  # type: ignore[attr-defined]
    return feedback.display and feedback.region.height > 0


async def key_to_feedback(root: Path, db: Path, count: int) -> list[float]:
    from rls_tutor.session.blockspec import BlockSpec
    from rls_tutor.tui.app import make_app
    from rls_tutor.tui.widgets.block_card import BlockCard

    app = make_app(
        content_root=root, db_path=db, seed=1, practice=BlockSpec(count=count, mode="tutor")
    )
    timings: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        while type(app.screen).__name__ != "WelcomeScreen":
            await asyncio.sleep(0.005)
        await pilot.press("enter")
        while type(app.screen).__name__ != "PracticeScreen":
            await asyncio.sleep(0.005)
        for _ in range(count):
            while (
                not app.screen.query(BlockCard) or app.screen.query_one(BlockCard).phase != "answer"
            ):
                await asyncio.sleep(0.001)
            card = app.screen.query_one(BlockCard)
            await pilot.press("1")
            start = time.perf_counter()
            app.simulate_key("enter")  # as a terminal sends it (no Pilot idle-waiting)
            while not _feedback_laid_out(card):
                await asyncio.sleep(0.001)
            timings.append(time.perf_counter() - start)
            await pilot.press("enter")
            if type(app.screen).__name__ == "ReportScreen":
                break
    app.close()
    return timings


def big_course(questions: int, topics: int) -> object:
    from rls_tutor.content.course import Course
    from rls_tutor.content.model import Option, Question, Topic

    course = Course(root=Path("/generated"), title="Generated")
    course.topics = [Topic(id=f"t{k}", title=f"Topic {k}", summary="x") for k in range(topics)]
    for n in range(questions):
        qid = f"q{n}"
        course.questions[qid] = Question(
            id=qid,
            audience=["patient", "clinician"],
            stem=f"Question {n}?",
            options=[
                Option(text=f"Option {k} of {n}", correct=k == n % 4, why=f"Why {k}.")
                for k in range(4)
            ],
            explanation="Because.",
            sources=["src"],
        )
        course.question_topic[qid] = f"t{n % topics}"
    return course


def build_times(folder: Path, builds: int) -> tuple[list[float], int]:
    from rls_tutor.progress.store import ProgressStore
    from rls_tutor.session.blockspec import BlockSpec
    from rls_tutor.session.practice import start_block

    course = big_course(5_000, 50)
    t0 = datetime(2025, 3, 1, tzinfo=UTC)
    with ProgressStore.open(folder / "build.sqlite3") as store:
        with store.batch():
            for n in range(2_000):
                q = course.questions[f"q{n * 2}"]  # type: ignore[attr-defined]
                store.record_answer("ann", q, f"t{n % 50}", [n % 3], now=t0)
        first = start_block(
            store,
            course,
            "ann",
            "clinician",
            BlockSpec(count=100),
            clock=lambda: t0,
            seed=1,  # type: ignore[arg-type]
        )
        first.save(*first.toggle_flag())
        times = []
        for k in range(builds):
            spec = BlockSpec(count=40, pool=("all", "unused", "incorrect")[k % 3], mode="timed")
            now = t0 + timedelta(minutes=k)
            start = time.perf_counter()
            block = start_block(store, course, "ann", "clinician", spec, clock=lambda now=now: now)  # type: ignore[arg-type]
            times.append(time.perf_counter() - start)
            assert len(block.items) == 40
        return times, len(course.questions)  # type: ignore[attr-defined]


async def countdown_redraws(root: Path, db: Path, seconds: float) -> dict[str, object]:
    from textual.widget import Widget

    from rls_tutor.session.blockspec import BlockSpec
    from rls_tutor.tui.app import make_app

    app = make_app(content_root=root, db_path=db, seed=1, practice=BlockSpec(count=5, mode="timed"))
    painted: dict[str, int] = {}
    regions: list[tuple[int, int, int, int]] = []
    layouts = 0
    async with app.run_test(size=(100, 30)) as pilot:
        while type(app.screen).__name__ != "WelcomeScreen":
            await asyncio.sleep(0.005)
        await pilot.press("enter")
        while type(app.screen).__name__ != "PracticeScreen":
            await asyncio.sleep(0.005)
        await pilot.pause(0.5)
        screen = app.screen
        countdown = screen.query_one("#countdown")
        compositor = screen._compositor
        real_update, real_layout = compositor.update_widgets, screen._refresh_layout

        def update_widgets(widgets: set[Widget]) -> None:
            for widget in widgets:
                name = (
                    f"{type(widget).__name__}#{widget.id}" if widget.id else type(widget).__name__
                )
                painted[name] = painted.get(name, 0) + 1
                regions.append(tuple(widget.region))  # type: ignore[arg-type]
            real_update(widgets)

        def refresh_layout(*args: object, **kw: object) -> None:
            nonlocal layouts
            layouts += 1
            real_layout(*args, **kw)  # type: ignore[arg-type]

        compositor.update_widgets = update_widgets  # type: ignore[method-assign]
        screen._refresh_layout = refresh_layout  # type: ignore[method-assign]
        before = countdown.redraws  # type: ignore[attr-defined]
        await asyncio.sleep(seconds)
        ticks = countdown.redraws - before  # type: ignore[attr-defined]
        region = tuple(countdown.region)
    app.close()
    return {
        "text changes": ticks,
        "widgets repainted": painted,
        "regions": sorted(set(regions)),
        "countdown region": region,
        "layouts": layouts,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--builds", type=int, default=30)
    parser.add_argument("--dir", type=Path, help="where to put the databases (default: temp)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rls-bench-", dir=args.dir) as tmp:
        folder = Path(tmp)
        root = folder / "course"
        write_course(root, args.questions)
        timings = asyncio.run(key_to_feedback(root, folder / "feedback.sqlite3", args.questions))
        ms = sorted(t * 1000 for t in timings)
        p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
        print(
            f"1. key (Enter) to feedback in a tutor-mode block, committed first; {len(ms)} answers:"
        )
        print(f"   median {statistics.median(ms):.1f} ms   p95 {p95:.1f} ms   max {ms[-1]:.1f} ms")
        print("   goal: under 50 ms median")

        builds, size = build_times(folder, args.builds)
        ms = sorted(t * 1000 for t in builds)
        print(f"2. building a 40-question block from a {size:,}-question course; {len(ms)} builds:")
        print(f"   median {statistics.median(ms):.1f} ms   max {ms[-1]:.1f} ms")
        print("   goal: under 100 ms")

        seen = asyncio.run(countdown_redraws(root, folder / "countdown.sqlite3", 3.2))
        print("3. the countdown over 3.2 s of a timed block:")
        for key, value in seen.items():
            print(f"   {key}: {value}")
        print("   goal: only the countdown's own region, no layout")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
