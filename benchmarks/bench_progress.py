"""Progress store figures: recording one answer, and progress over 100,000 answers.

    python benchmarks/bench_progress.py [--questions 5000] [--answers 100000] [--dir DIR]

Budgets (docs: GUIDE.md section 4): answering a question, including the SQLite
commit, under 50 ms; the progress view over 100,000 answers under 200 ms. The
database goes in a temporary folder under --dir (default: the system's temp
folder; pass a folder on the disk you care about, since synchronous=FULL
measures its fsync).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from rls_tutor.content.course import Course
from rls_tutor.content.model import Check, Lesson, Option, Question, Topic
from rls_tutor.progress.store import ProgressStore

T0 = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)
TOPICS = 25


def synthetic_course(n_questions: int) -> Course:
    topics = [
        Topic(id=f"topic-{t}", title=f"Topic {t}", summary="Synthetic.") for t in range(TOPICS)
    ]
    questions: dict[str, Question] = {}
    question_topic: dict[str, str] = {}
    for i in range(n_questions):
        qid = f"q-{i}"
        questions[qid] = Question(
            id=qid,
            audience=["patient", "clinician"],
            stem=f"Synthetic question {i}?",
            options=[
                Option(text=f"Option {k}", correct=k == i % 4, why="Because.") for k in range(4)
            ],
            explanation="Synthetic.",
            sources=["src"],
        )
        question_topic[qid] = topics[i % TOPICS].id
    lessons = {
        f"lesson-{t.id}": Lesson(
            id=f"lesson-{t.id}",
            title=t.title,
            topic=t.id,
            steps=[Check(check=next(q for q, tt in question_topic.items() if tt == t.id))],
        )
        for t in topics
    }
    return Course(
        root=Path("synthetic"),
        topics=topics,
        lessons=lessons,
        questions=questions,
        question_topic=question_topic,
    )


def timed(func: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return times


def p99(times: list[float]) -> float:
    return statistics.quantiles(times, n=100, method="inclusive")[98]


def report(label: str, times: list[float]) -> None:
    print(
        f"  {label:<44} median {statistics.median(times):8.2f} ms   "
        f"p99 {p99(times):8.2f} ms   max {max(times):8.2f} ms   (n={len(times)})"
    )


def seed(store: ProgressStore, course: Course, answers: int, rng: random.Random) -> float:
    """100,000 answers spread over 200 days, in batches (one transaction each)."""
    qids = list(course.questions)
    span = timedelta(days=200) / answers
    start = time.perf_counter()
    for first in range(0, answers, 5000):
        with store.batch():
            for i in range(first, min(first + 5000, answers)):
                question = course.questions[qids[i % len(qids)]]
                right = question.correct_indexes
                chosen = sorted(right) if rng.random() < 0.75 else [(min(right) + 1) % 4]
                store.record_answer(
                    "learner", question, course.question_topic[question.id], chosen,
                    seconds=rng.uniform(2, 30), now=T0 + span * i,
                )  # fmt: skip
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=5000)
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--single", type=int, default=500, help="answers timed one by one")
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    rng = random.Random(4)

    start = time.perf_counter()
    course = synthetic_course(args.questions)
    print(f"synthetic course: {args.questions} questions, {TOPICS} topics "
          f"(built in {time.perf_counter() - start:.2f} s)")  # fmt: skip

    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        path = Path(folder) / "bench.sqlite3"
        with ProgressStore.open(path) as store:
            print(f"database: {path} (WAL, synchronous=FULL)")
            seconds = seed(store, course, args.answers, rng)
            print(f"seeded {args.answers} answers in {seconds:.1f} s (batches of 5,000)")

            qids = list(course.questions)
            now = T0 + timedelta(days=200)

            def one() -> None:
                question = course.questions[rng.choice(qids)]
                store.record_answer("learner", question, "topic-0", [0], now=now)

            print("\nrecording one answer (one BEGIN IMMEDIATE transaction, fsync'd):")
            report("record_answer, on top of 100,000 answers", timed(one, args.single))

        start = time.perf_counter()
        store = ProgressStore.open(path)  # checks (quick_check) on a full file
        open_ms = (time.perf_counter() - start) * 1000
        with store:
            size = path.stat().st_size / 1e6
            print(f"\nopening the {size:.1f} MB file (with quick_check): {open_ms:.1f} ms")
            total = store.answer_count()
            cards = len(store.cards("learner"))
            print(f"\nprogress of one learner, {total} answers over {cards} questions:")
            later = now + timedelta(days=3)
            cold = timed(lambda: store.topic_progress("learner", course, "patient", now=later), 1)
            print(f"  {'topic_progress, first call':<44} {cold[0]:8.2f} ms")
            report(
                "topic_progress",
                timed(lambda: store.topic_progress("learner", course, "patient", now=later), 30),
            )
            report(
                "review_queue (limit 20)",
                timed(lambda: store.review_queue("learner", course, "patient", now=later), 30),
            )
            report(
                "due_count",
                timed(lambda: store.due_count("learner", course, "patient", now=later), 30),
            )
            report("stats (all answers)", timed(store.question_stats, 5))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
