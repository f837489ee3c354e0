"""Crashes and concurrent windows: nothing lost, nothing half-written, nothing doubled."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from rls_tutor.content.course import Course
from rls_tutor.progress.store import ProgressStore

from .progress_helpers import REPO, subprocess_env

WRITER = "tests.unit.progress.progress_writer"


def start_writer(path: Path, learner: str, count: int, wait: bool = False) -> subprocess.Popen:
    args = [sys.executable, "-m", WRITER, str(path), learner, str(count)]
    proc = subprocess.Popen(
        [*args, "--wait"] if wait else args,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=subprocess_env(),
    )
    assert proc.stdout is not None
    first = proc.stdout.readline().strip()
    if first != "ready":
        proc.kill()
        pytest.fail(f"writer did not start: {first!r} {proc.communicate()[1]}")
    return proc


def check_consistent(path: Path, course: Course) -> dict[str, int]:
    """integrity_check is ok, every answer is whole, the cards agree with the answers."""
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        answers = raw.execute(
            "SELECT learner, question_id, topic_id, chosen, correct, certain, seconds,"
            " answered_at, fingerprint, rating FROM answers"
        ).fetchall()
        cards = raw.execute("SELECT learner, question_id, attempts, correct FROM cards").fetchall()
    finally:
        raw.close()
    counts: dict[tuple[str, str], list[int]] = {}
    for learner, qid, topic, chosen, correct, certain, seconds, at, fingerprint, rating in answers:
        question = course.questions[qid]
        picks = json.loads(chosen)
        assert topic == course.question_topic[qid]
        assert all(0 <= i < len(question.options) for i in picks)
        assert bool(correct) == (set(picks) == question.correct_indexes)
        assert certain in (None, 0, 1) and seconds >= 0
        assert datetime.fromisoformat(at).tzinfo is not None
        assert fingerprint == question.fingerprint()
        assert rating == (1 if not correct else 2 if certain == 0 else 3)
        tally = counts.setdefault((learner, qid), [0, 0])
        tally[0] += 1
        tally[1] += correct
    assert {(learner, qid): [a, c] for learner, qid, a, c in cards} == counts
    per_learner: dict[str, int] = {}
    for learner, *_ in answers:
        per_learner[learner] = per_learner.get(learner, 0) + 1
    return per_learner


def test_answers_survive_sigkill_mid_stream(db_path: Path, course: Course) -> None:
    recorded = 0
    rng = random.Random(7)
    for _ in range(8):  # eight crashes, the file reused after each
        proc = start_writer(db_path, "ann", 1_000_000)
        assert proc.stdout is not None
        seen, stop_after = 0, rng.randrange(10, 60)
        while seen < stop_after:
            seen = int(proc.stdout.readline())
        # Kill at a moment unrelated to the child's output, so that over the
        # rounds some kills land inside a transaction or its fsync.
        time.sleep(rng.uniform(0, 0.004))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        printed = [int(line) for line in proc.stdout.read().split() if line.isdigit()]
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            if stream:
                stream.close()
        acknowledged = recorded + (printed[-1] if printed else seen)

        recorded = check_consistent(db_path, course)["ann"]
        # every acknowledged answer is there, plus at most the one committed as it died
        assert acknowledged <= recorded <= acknowledged + 1
    with ProgressStore.open(db_path) as store:  # and the store opens and goes on
        assert store.answer_count("ann") == recorded
        store.record_answer("ann", course.questions["iron-1"], "iron", [0])
        assert store.answer_count("ann") == recorded + 1


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path, course: Course) -> None:
    """Two open windows on a new file: both create it, both write, 2N answers."""
    path = tmp_path / "shared.sqlite3"
    n = 120
    writers = [start_writer(path, "ann", n, wait=True) for _ in range(2)]
    for proc in writers:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in writers:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.split()[-2:] == [str(n), "done"]
    assert check_consistent(path, course) == {"ann": 2 * n}
