"""Key press to feedback shown on a question, including the SQLite commit.

Drives the real app (headless, through Textual's Pilot) over a generated lesson of
N checks, on a database file in a temporary folder (WAL, synchronous=FULL, as in
use). For each check it picks option 1, then times Enter until the feedback is on
screen: the answer is recorded in a thread worker and the feedback is built only
once the commit has returned.

    python benchmarks/bench_answer.py [--questions 60] [--dir FOLDER_ON_THE_REAL_DISK]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

COURSE = """\
title: Benchmark course
notice: Educational, not medical advice.
sources:
  - {id: src, title: A source, audience: patient}
topics:
  - {id: bench, title: Benchmark topic, summary: Questions to answer quickly.}
"""


def write_course(root: Path, count: int) -> None:
    (root / "lessons").mkdir(parents=True)
    (root / "quizzes").mkdir()
    (root / "lessons" / "course.yaml").write_text(COURSE)
    steps = ["  - title: Start\n    sources: [src]\n    text:\n      patient: Go.\n"]
    questions = []
    for n in range(count):
        steps.append(f"  - check: bench-q{n}\n")
        options = "".join(
            f"      - text: Option {k} of question {n}\n"
            + ("        correct: true\n" if k == n % 4 else "")
            + f"        why: Why option {k} is {'right' if k == n % 4 else 'wrong'}.\n"
            for k in range(4)
        )
        questions.append(
            f"  - id: bench-q{n}\n    audience: [patient]\n    stem: Question number {n}?\n"
            f"    options:\n{options}    explanation: The explanation of question {n}.\n"
            "    sources: [src]\n"
        )
    lesson = "id: bench\ntitle: Benchmark lesson\ntopic: bench\nsteps:\n" + "".join(steps)
    (root / "lessons" / "01-bench.yaml").write_text(lesson)
    (root / "quizzes" / "bench.yaml").write_text("topic: bench\nquestions:\n" + "".join(questions))


def _feedback_laid_out(card: object) -> bool:
    """The feedback is mounted and has a place on screen (the next frame draws it)."""
    if getattr(card, "phase", None) != "feedback":
        return False
    feedback = card.query_one(".feedback")  # type: ignore[attr-defined]
    return feedback.display and feedback.region.height > 0


async def measure(root: Path, db: Path, count: int) -> list[float]:
    from rls_tutor.tui.app import make_app
    from rls_tutor.tui.widgets.question_card import QuestionCard

    app = make_app(content_root=root, db_path=db, seed=1)
    timings: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        while type(app.screen).__name__ != "WelcomeScreen":
            await asyncio.sleep(0.005)
        await pilot.press("enter")  # start: straight into the lesson
        while type(app.screen).__name__ != "LessonScreen":
            await asyncio.sleep(0.005)
        await pilot.press("enter")  # the first check
        for _ in range(count):
            while not app.screen.query(QuestionCard):
                await asyncio.sleep(0.001)
            card = app.screen.query_one(QuestionCard)
            await pilot.press("1")
            # The key goes in as a terminal's would; Pilot.press would add its own
            # idle-waiting (about 100 ms) to the figure.
            start = time.perf_counter()
            app.simulate_key("enter")
            while not _feedback_laid_out(card):
                await asyncio.sleep(0.001)
            timings.append(time.perf_counter() - start)
            await pilot.press("enter")  # on to the next check
    app.close()
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=60)
    parser.add_argument("--dir", type=Path, help="where to put the database (default: temp)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rls-bench-", dir=args.dir) as tmp:
        root = Path(tmp) / "course"
        write_course(root, args.questions)
        timings = asyncio.run(measure(root, Path(tmp) / "progress.sqlite3", args.questions))
    first = timings[0] * 1000
    slowest = max(range(len(timings)), key=timings.__getitem__)
    ms = sorted(t * 1000 for t in timings)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    print(f"key press (Enter) to feedback shown, answer committed first; {len(ms)} answers:")
    print(f"  median {statistics.median(ms):.1f} ms   p95 {p95:.1f} ms   max {ms[-1]:.1f} ms")
    print(f"  first answer {first:.1f} ms; the slowest was answer {slowest + 1}")
    print("goal: under 50 ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
