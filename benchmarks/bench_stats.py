"""Item analysis end to end: `rls-tutor stats` over a generated class.

    python benchmarks/bench_stats.py [--learners 500] [--answers 100000] [--runs 3] [--dir DIR]

A class of learners of known ability (half on each track) answers the bundled
course's questions of their track (a 2PL model: right more often the abler the
learner and the easier the question), written in one progress file in bulk through
SQLite (the answers table as the store has it; the store creates the file). Each
learner meets about 90% of their track's questions, then practises them again up
to their share of the answers. Timed in-process, output captured: `stats` (text),
`--json`, `--html` (the page written atomically), and the parts of one run:
reading the answers, analysing them, building each report. Budget: a few seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from rls_tutor.analysis.report import LeftOut, class_report, responses_from_log
from rls_tutor.analysis.report_data import json_report
from rls_tutor.analysis.report_html import html_report
from rls_tutor.analysis.report_text import text_report
from rls_tutor.cli import main as cli
from rls_tutor.content.course import Course
from rls_tutor.content.loader import load_course
from rls_tutor.locations import default_course_root
from rls_tutor.progress.schema import iso
from rls_tutor.progress.store import ProgressStore

T0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
INSERT = """
INSERT INTO answers (learner, question_id, topic_id, chosen, correct, certain, seconds,
                     answered_at, fingerprint, rating)
VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)
"""


def answer(rng: random.Random, theta: float, difficulty: float, options: int,
           keyed: frozenset[int]) -> tuple[list[int], bool]:  # fmt: skip
    right = rng.random() < 1 / (1 + math.exp(-1.7 * (theta - difficulty)))
    if right:
        return sorted(keyed), True
    if len(keyed) > 1:  # select-all: one option too many or too few
        flipped = set(keyed) ^ {rng.randrange(options)}
        return sorted(flipped or {min(set(range(options)) - keyed)}), False
    return [rng.choice([i for i in range(options) if i not in keyed])], False


def generate(path: Path, course: Course, learners: int, answers: int, seed: int = 11) -> None:
    """`answers` answers of `learners` learners in the progress file at `path`."""
    rng = random.Random(seed)
    with ProgressStore.open(path):
        pass  # the store makes the file and its schema
    tracks = {
        track: [q for q, question in course.questions.items() if track in question.audience]
        for track in ("patient", "clinician")
    }
    difficulty = {q: rng.gauss(-0.5, 1.0) for q in course.questions}
    fingerprint = {q: question.fingerprint() for q, question in course.questions.items()}
    rows = []
    per_learner = answers // learners
    for n in range(learners):
        name = f"learner-{n:03d}"
        pool = tracks["patient" if n % 2 else "clinician"]
        theta = rng.gauss(0, 1)
        met = [q for q in pool if rng.random() < 0.9]
        rng.shuffle(met)
        order = met + [rng.choice(met) for _ in range(per_learner + (n < answers % learners)
                                                      - len(met))]  # fmt: skip
        at = T0 + timedelta(hours=n)
        for qid in order:
            question = course.questions[qid]
            chosen, right = answer(
                rng, theta, difficulty[qid], len(question.options), question.correct_indexes
            )
            theta += 0.01  # practice helps a little
            at += timedelta(minutes=rng.randint(1, 600))
            rows.append(
                (name, qid, course.question_topic[qid], json.dumps(chosen), int(right),
                 rng.uniform(3, 60), iso(at), fingerprint[qid], 3 if right else 1)
            )  # fmt: skip
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.executemany(
                "INSERT INTO learners (name, created_at) VALUES (?, ?)",
                [(f"learner-{n:03d}", iso(T0)) for n in range(learners)],
            )
            conn.executemany(INSERT, rows)
    finally:
        conn.close()


def timed(func: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def quiet(*argv: str) -> Callable[[], None]:
    def run() -> None:
        with contextlib.redirect_stdout(io.StringIO()) as out:
            code = cli(list(argv))
        if code != 0:
            raise SystemExit(f"stats failed ({code}): {out.getvalue()[-500:]}")

    return run


def show(label: str, times: list[float]) -> None:
    print(f"  {label:<40} median {statistics.median(times):7.3f} s   "
          f"max {max(times):7.3f} s   (n={len(times)})")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=500)
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    course = load_course(default_course_root())
    print(f"course: {len(course.questions)} questions, {len(course.topics)} topics (bundled)")
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        db, page = Path(folder) / "class.sqlite3", Path(folder) / "stats.html"
        start = time.perf_counter()
        generate(db, course, args.learners, args.answers)
        took, size = time.perf_counter() - start, db.stat().st_size / 1e6
        print(f"generated {args.answers} answers of {args.learners} learners in {took:.1f} s "
              f"({size:.1f} MB)")  # fmt: skip

        print("\nend to end, in-process (course loading, reading, analysis, output):")
        show("stats (text)", timed(quiet("stats", "--db", str(db)), args.runs))
        show("stats --json", timed(quiet("stats", "--db", str(db), "--json"), args.runs))
        show("stats --html", timed(quiet("stats", "--db", str(db), "--html", str(page)),
                                   args.runs))  # fmt: skip
        print(f"  HTML page: {page.stat().st_size / 1e3:.0f} kB")

        print("\nthe parts of one run:")
        start = time.perf_counter()
        with ProgressStore.open(db) as store:
            log = store.answer_log()
        read = time.perf_counter() - start
        start = time.perf_counter()
        responses = responses_from_log(log, course, "0:", LeftOut())
        convert = time.perf_counter() - start
        start = time.perf_counter()
        report = class_report(responses, course, sources=["bench"], generated_at=T0)
        analyse = time.perf_counter() - start
        print(f"  {'open the file and read every answer':<40} {read:7.3f} s ({len(log)} answers)")
        print(f"  {'keep the current versions':<40} {convert:7.3f} s")
        print(f"  {'analyse (items, KR-20)':<40} {analyse:7.3f} s")
        for label, build in (
            ("text report", lambda: text_report(report)),
            ("JSON report", lambda: json.dumps(json_report(report))),
            ("HTML report", lambda: html_report(report)),
        ):
            show(label, timed(build, args.runs))
        kr = [f.kr20 for t in report.topics for f in t.reliability if f.kr20 is not None]
        flagged = sum(1 for item in report.items if item.flags)
        print(f"\n{report.learners} learners, {len(report.items)} questions, {flagged} flagged; "
              f"KR-20 for {len(kr)} topic-tracks (median {statistics.median(kr):.2f})"
              if kr else "\nno KR-20")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
