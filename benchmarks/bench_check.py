"""Time `rls-tutor check` on a generated course of 5,000 questions.

Budget (GUIDE.md section 4): loading and validating a 5,000-question bank under 2 s.
Run: python benchmarks/bench_check.py [--questions N] [--topics T] [--repeat R]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COURSE = """\
title: Benchmark course
notice: Generated for timing only.
sources:
  - id: src
    title: Source
    audience: clinician
topics:
{topics}"""

QUESTION = """\
  - id: {topic}-q{n}
    audience: [patient, clinician]
    type: single
    stem: "Question {n} of {topic}: which option is the correct one in this generated bank?"
    options:
      - text: Correct answer {n}
        correct: true
        why: This is the option the generator marked correct, with a rationale of some length.
      - text: First distractor {n}
        why: A plausible distractor with a rationale explaining why it is wrong here.
      - text: Second distractor {n}
        why: Another distractor, with a rationale of similar length to the others.
      - text: Third distractor {n}
        why: The last distractor, again with a rationale so that files are realistic.
    explanation: The explanation of question {n}, one or two sentences long, as authors write.
    sources: [src]
"""


def generate(root: Path, questions: int, topics: int) -> None:
    (root / "lessons").mkdir(parents=True)
    (root / "quizzes").mkdir()
    names = [f"topic-{t}" for t in range(topics)]
    (root / "lessons" / "course.yaml").write_text(
        COURSE.format(
            topics="".join(f"  - id: {t}\n    title: {t}\n    summary: {t}.\n" for t in names)
        )
    )
    per_topic = questions // topics
    for t in names:
        body = "".join(QUESTION.format(topic=t, n=n) for n in range(per_topic))
        (root / "quizzes" / f"{t}.yaml").write_text(f"topic: {t}\nquestions:\n{body}")
        (root / "lessons" / f"{t}.yaml").write_text(
            f"id: {t}\ntitle: {t}\ntopic: {t}\nsteps:\n  - title: Screen\n    sources: [src]\n"
            f"    text:\n      patient: Plain.\n      clinician: Deep.\n  - check: {t}-q0\n"
        )


def time_check(root: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "rls_tutor", "check", str(root)], capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"check failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return elapsed


def time_load(root: Path) -> float:
    from rls_tutor.content.loader import load_course

    start = time.perf_counter()
    course = load_course(root)
    elapsed = time.perf_counter() - start
    assert course.ok and len(course.questions) > 0
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=5000)
    parser.add_argument("--topics", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root, args.questions, args.topics)
        size = sum(p.stat().st_size for p in root.rglob("*.yaml"))
        loads = [time_load(root) for _ in range(args.repeat)]
        checks = [time_check(root) for _ in range(args.repeat)]
    print(f"course: {args.questions} questions in {args.topics} files, {size / 1e6:.1f} MB of YAML")
    print(
        f"load_course (in process): median {statistics.median(loads):.3f} s, "
        f"max {max(loads):.3f} s over {args.repeat} runs"
    )
    print(
        f"rls-tutor check (whole process): median {statistics.median(checks):.3f} s, "
        f"max {max(checks):.3f} s over {args.repeat} runs (budget 2 s)"
    )


if __name__ == "__main__":
    main()
