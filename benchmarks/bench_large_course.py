"""Key press to screen ready on a course ten times the bundled one.

Builds, in a temporary folder, the bundled course repeated ten times (120 lessons and
ten times its questions), a glossary of 3,000 terms, and one lesson step holding a
20,000-character Markdown table. Drives the real app headless (Textual's Pilot) and times,
for each key, the press until the app has handled every message it caused and laid
the screen out (the next frame draws it), and the longest the event loop then went
without a turn until everything settled (what a key pressed meanwhile would wait):

- `g`: the glossary opens; a letter typed in its search box; Escape back;
- Enter on home: the first lesson opens; → to the next screen;
- the step with the big table;
- `p`: the progress screen.

    python benchmarks/bench_large_course.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from rls_tutor.locations import bundled_course_root

COPIES = 10
TERMS = 3_000


def _renamed(text: str, ids: set[str], k: int) -> str:
    pattern = re.compile(
        r"\b(" + "|".join(sorted(map(re.escape, ids), key=len, reverse=True)) + r")\b"
    )
    return pattern.sub(lambda m: f"{m.group(1)}-copy{k}", text)


def write_course(root: Path) -> None:
    source = bundled_course_root()
    (root / "lessons").mkdir(parents=True)
    (root / "quizzes").mkdir()
    shutil.copy(source / "lessons" / "course.yaml", root / "lessons" / "course.yaml")
    question_ids: set[str] = set()
    for bank in (source / "quizzes").glob("*.yaml"):
        question_ids |= set(re.findall(r"^  - id: ([a-z0-9-]+)$", bank.read_text(), re.M))
    for k in range(COPIES):
        for bank in (source / "quizzes").glob("*.yaml"):
            text = _renamed(bank.read_text(), question_ids, k)
            (root / "quizzes" / f"{bank.stem}-{k}.yaml").write_text(text)
        for lesson in sorted((source / "lessons").glob("[0-9]*.yaml")):
            text = _renamed(lesson.read_text(), question_ids, k)
            text = re.sub(r"^id: ([a-z0-9-]+)$", rf"id: \1-copy{k}", text, count=1, flags=re.M)
            (root / "lessons" / f"{k:02d}-{lesson.name}").write_text(text)
    # the first lesson gets a step holding a 20,000-character table
    rows = "".join(f"| row {i} | {'x' * 20} | {'y' * 20} |\n" for i in range(20_000 // 60))
    table = f"| a | b | c |\n|---|---|---|\n{rows}"
    first = sorted((root / "lessons").glob("00-01-*.yaml"))[0]
    text = first.read_text().replace(
        "steps:\n",
        "steps:\n  - title: A big table\n    sources: [patient-article]\n    text:\n"
        "      patient: |\n"
        + "".join(f"        {line}\n" for line in table.splitlines())
        + "      clinician: |\n"
        + "".join(f"        {line}\n" for line in table.splitlines()),
        1,
    )
    first.write_text(text)
    terms = "".join(
        f"  - term: Term {i:04d}\n    definition: The plain meaning of term number {i}.\n"
        "    sources: [patient-article]\n"
        for i in range(TERMS)
    )
    (root / "lessons" / "glossary.yaml").write_text("terms:\n" + terms)


def _laid_out(app: object, selector: str) -> bool:
    """A widget matching `selector` is on the current screen with a place on it."""
    screen = app.screen  # type: ignore[attr-defined]
    return any(w.display and w.region.height > 0 for w in screen.query(selector))


class StallMonitor:
    """The longest time the event loop went without a turn: how long a key pressed
    at the worst moment would wait."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _watch(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            self.longest = max(self.longest, now - last - 0.001)
            last = now

    def start(self) -> None:
        self.longest = 0.0
        self._task = asyncio.create_task(self._watch())

    def stop(self) -> float:
        if self._task:
            self._task.cancel()
        return self.longest


async def measure(root: Path, db: Path) -> dict[str, tuple[float, float]]:
    """For each key: (ms until its screen is laid out, longest stall until all settled)."""
    from rls_tutor.tui.app import make_app

    app = make_app(content_root=root, db_path=db, seed=1, learner="bench")
    times: dict[str, tuple[float, float]] = {}
    monitor = StallMonitor()

    def markdown() -> object:
        found = app.screen.query("LessonMarkdown")
        return found.first() if found else None

    def first_term() -> str:
        shown = [e for e in app.screen.query("TermEntry") if e.display and e.region.height]
        return shown[0].term.term if shown else ""

    async def timed(name: str, key: str, screen: str, selector: str, done=lambda: True) -> None:
        await pilot.pause()
        monitor.start()
        start = time.perf_counter()
        # as a terminal would send it: Pilot.press adds its own idle-waiting
        app.simulate_key(key)
        while type(app.screen).__name__ != screen or not _laid_out(app, selector) or not done():
            await asyncio.sleep(0.001)
        shown = time.perf_counter() - start
        await pilot.pause()
        await asyncio.sleep(0.2)  # chunks appended after the first frame
        await pilot.pause()
        times[name] = (shown * 1000, monitor.stop() * 1000)

    async with app.run_test(size=(120, 40)) as pilot:
        while type(app.screen).__name__ not in ("WelcomeScreen", "HomeScreen"):
            await asyncio.sleep(0.01)
        if type(app.screen).__name__ == "WelcomeScreen":
            await pilot.press("enter")
            while type(app.screen).__name__ != "LessonScreen":
                await asyncio.sleep(0.01)
            await pilot.press("escape")
        while type(app.screen).__name__ != "HomeScreen":
            await asyncio.sleep(0.01)
        await timed("g: the glossary", "g", "GlossaryScreen", "TermEntry")
        await timed(
            "a letter in the glossary search",
            "7",
            "GlossaryScreen",
            "TermEntry",
            lambda: "7" in first_term(),
        )
        await timed("escape: back home", "escape", "HomeScreen", "TopicRow")
        await timed(
            "enter: a lesson, its 20,000-character table",
            "enter",
            "LessonScreen",
            "LessonMarkdown > *",
        )
        await timed(
            "right: the next screen of the lesson", "right", "LessonScreen", "LessonMarkdown > *"
        )
        await timed("escape: back home", "escape", "HomeScreen", "TopicRow")
        await timed("p: progress", "p", "ProgressScreen", "*")
    app.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="rls-bench-") as tmp:
        root = Path(tmp) / "course"
        write_course(root)
        for n in range(args.repeat):
            times = asyncio.run(measure(root, Path(tmp) / f"p{n}.sqlite3"))
            for name, figures in times.items():
                runs.setdefault(name, []).append(figures)
    print(
        f"course: {COPIES}x the bundled one, {TERMS:,} glossary terms; median of {args.repeat} runs"
    )
    print(f"  {'key':<48} {'screen shown':>13} {'longest stall':>14}")
    for name, figures in runs.items():
        shown = statistics.median(f[0] for f in figures)
        stall = statistics.median(f[1] for f in figures)
        print(f"  {name:<48} {shown:10.1f} ms {stall:11.1f} ms")
    print("goal: every screen within 100 ms of its key")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
