"""Time `rls-tutor export anki` and `export gift` on a generated course of 5,000 questions.

Uses bench_check's generator; times building the file's bytes (in process, median of
R runs) and the whole command (a fresh process, as an instructor runs it).
Run: python benchmarks/bench_export.py [--questions N] [--repeat R]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_check import generate

from rls_tutor.content.loader import load_course
from rls_tutor.export.anki import apkg_bytes
from rls_tutor.export.gift import gift_text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rls-bench-") as tmp:
        root = Path(tmp) / "course"
        generate(root, args.questions, 20)
        course = load_course(root)
        assert len(course.questions) == args.questions, course.errors[:3]
        print(f"{len(course.questions):,} questions in {len(course.topics)} topics")
        for name, build in (
            ("anki", lambda: apkg_bytes(course)[0]),
            ("gift", lambda: gift_text(course)[0].encode()),
        ):
            runs, size = [], 0
            for _ in range(args.repeat):
                start = time.perf_counter()
                size = len(build())
                runs.append(time.perf_counter() - start)
            out = Path(tmp) / f"out.{name}"
            start = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "rls_tutor",
                    "export",
                    name,
                    str(out),
                    "--content",
                    str(root),
                ],
                check=True,
                capture_output=True,
            )
            whole = time.perf_counter() - start
            print(
                f"  {name}: build {statistics.median(runs) * 1000:.0f} ms (median of "
                f"{args.repeat}), {size / 1e6:.1f} MB; the whole command {whole:.2f} s"
            )
    print("goal: each under a few seconds")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
