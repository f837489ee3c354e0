"""A child process that records answers as fast as it can (for the durability tests).

    python -m tests.unit.progress.progress_writer DB LEARNER COUNT [--wait]

Prints "ready" once the store is open (then, with --wait, waits for a line on
stdin), and the running total after each answer's transaction has committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rls_tutor.progress.store import ProgressStore

from .progress_helpers import make_course


def main(argv: list[str]) -> int:
    path, learner, count = Path(argv[0]), argv[1], int(argv[2])
    course = make_course()
    qids = list(course.questions)
    with ProgressStore.open(path) as store:
        print("ready", flush=True)
        if "--wait" in argv:
            sys.stdin.readline()
        for i in range(count):
            question = course.questions[qids[i % len(qids)]]
            chosen = sorted(question.correct_indexes) if i % 3 else [len(question.options) - 1]
            certain = None if i % 4 == 0 else bool(i % 2)
            store.record_answer(
                learner,
                question,
                course.question_topic[question.id],
                chosen,
                certain=certain,
                seconds=i / 10,
            )
            print(i + 1, flush=True)
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
