"""Practice blocks: building, answering, flags, time, resuming after a kill, recording
each answer once, the report, and the version 4 migration."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest

from rls_tutor.content.course import Course
from rls_tutor.progress.schema import CURRENT_VERSION
from rls_tutor.progress.store import ProgressStore
from rls_tutor.session.practice import (
    BlockSpec,
    PracticeBlock,
    SpecError,
    clock_text,
    draw,
    pool_sizes,
    report,
    resume_block,
    start_block,
)

from .progress_helpers import T0, right, subprocess_env, wrong
from .test_progress_migration import OLD_ANSWERS, make_v2_file, rows


class Ticks:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def start(
    store: ProgressStore, course: Course, ticks: Ticks | None = None, **spec: object
) -> PracticeBlock:
    return start_block(
        store,
        course,
        "ann",
        "clinician",
        BlockSpec(**spec),  # type: ignore[arg-type]
        clock=lambda: T0,
        seed=3,
        monotonic=ticks or Ticks(),
    )


def test_spec_is_checked() -> None:
    with pytest.raises(SpecError, match="1 to 200"):
        BlockSpec(count=0)
    with pytest.raises(SpecError, match="unknown pool"):
        BlockSpec(pool="favourites")  # type: ignore[arg-type]
    with pytest.raises(SpecError, match="seconds per question"):
        BlockSpec(seconds_per_question=0)


def test_draw_is_seeded_and_takes_what_there_is() -> None:
    ids = [f"q{n}" for n in range(50)]
    assert draw(ids, 10, 1) == draw(ids, 10, 1) != draw(ids, 10, 2)
    assert sorted(draw(ids[:4], 10, 1)) == ids[:4]


def test_pools(store: ProgressStore, course: Course) -> None:
    store.record_answer("ann", course.questions["iron-1"], "iron", right(course, "iron-1"))
    store.record_answer("ann", course.questions["genes-1"], "genes", wrong(course, "genes-1"))
    answered = store.answered_states("ann")
    sizes = pool_sizes(course, "clinician", (), answered, {"genes-2"})
    assert sizes == {"all": 5, "unused": 3, "incorrect": 1, "flagged": 1}
    assert pool_sizes(course, "patient", ("iron",), answered, set())["all"] == 2
    block = start(store, course, pool="unused", count=10)
    assert sorted(q.question_id for q in block.items) == ["genes-2", "iron-2", "iron-3"]
    with pytest.raises(SpecError, match="no question is flagged"):
        start(store, course, pool="flagged")
    with pytest.raises(SpecError, match="unknown topic 'blood'"):
        start(store, course, topics=("blood",))


def test_tutor_mode_records_each_answer_once(store: ProgressStore, course: Course) -> None:
    block = start(store, course, count=3)
    first = block.current
    ticket, state = block.answer(right(course, first.question_id), certain=True)  # type: ignore[misc]
    result = block.record_answer(ticket, state, block.index)
    assert result is not None and result.correct
    assert store.answer_count("ann") == 1
    # the same answer again (a second Enter, a retried worker) records nothing
    assert block.record_answer(ticket, state, block.index) is None
    assert block.answer(wrong(course, first.question_id)) is None  # final in tutor mode
    assert store.answer_count("ann") == 1
    finished = block.finish("learner", block.stop_clock())
    assert store.answer_count("ann") == 1  # ending records nothing twice
    assert finished.finished and finished.ended_by == "learner"
    assert store.cards("ann")[first.question_id].attempts == 1


def test_timed_mode_records_the_final_answers_at_the_end(
    store: ProgressStore, course: Course
) -> None:
    ticks = Ticks()
    block = start(store, course, ticks, count=4, mode="timed", seconds_per_question=30)
    assert block.record.time_limit == 120
    block.start_clock()
    qid = block.current.question_id
    block.save(*block.answer(wrong(course, qid), certain=False))  # type: ignore[misc]
    ticks.t += 5
    block.save(*block.answer(right(course, qid), certain=True))  # changed: still one answer
    block.save(*block.move(1))  # type: ignore[misc]
    assert store.answer_count("ann") == 0  # nothing recorded before the end
    ticks.t += 20
    assert block.time_left() == pytest.approx(95)
    done = block.finish("learner", block.stop_clock())
    log = store.recent_answers("ann")
    assert [(r.question_id, r.correct, r.certain) for r in log] == [(qid, True, True)]
    assert log[0].seconds == pytest.approx(5)
    assert done.elapsed == pytest.approx(25)
    assert [q.seconds for q in done.questions[:2]] == [pytest.approx(5), pytest.approx(20)]


def test_saves_out_of_order_keep_the_newest(store: ProgressStore, course: Course) -> None:
    block = start(store, course, count=3, mode="timed")
    old = block.toggle_flag()
    new = block.move(2)
    assert new is not None
    block.save(*new)
    block.save(*old)  # finished later, older: skipped
    assert store.block(block.id).position == 2
    assert store.flagged_questions("ann") == {block.items[0].question_id}


def test_flags_are_the_learners(store: ProgressStore, course: Course) -> None:
    block = start(store, course, count=5)
    flagged = block.current.question_id
    block.save(*block.toggle_flag())
    block.finish("learner", block.stop_clock())
    assert store.flagged_questions("ann") == {flagged}
    again = start(store, course, pool="flagged")
    assert [(q.question_id, q.flagged) for q in again.items] == [(flagged, True)]
    again.save(*again.toggle_flag())  # unflagged: gone from the learner's flags
    assert store.flagged_questions("ann") == set()


def test_time_runs_out(store: ProgressStore, course: Course) -> None:
    ticks = Ticks()
    block = start(store, course, ticks, count=2, mode="timed", seconds_per_question=10)
    block.start_clock()
    ticks.t += 19.5
    assert clock_text(block.time_left() or 0) == "0:01"
    ticks.t += 1
    assert block.expired and block.time_left() == 0
    assert block.answer(right(course, block.current.question_id)) is None


def test_a_new_block_ends_the_unfinished_one(store: ProgressStore, course: Course) -> None:
    first = start(store, course, count=2, mode="timed")
    first.save(*first.answer(right(course, first.current.question_id)))  # type: ignore[misc]
    second = start(store, course, count=2)
    assert store.block(first.id).ended_by == "new-block"
    assert store.answer_count("ann") == 1
    assert store.unfinished_block("ann").id == second.id  # type: ignore[union-attr]


def test_report_and_history(store: ProgressStore, course: Course) -> None:
    ticks = Ticks()
    block = start(store, course, ticks, count=5, mode="timed")
    block.start_clock()
    for n, item in enumerate(block.items[:4]):
        block.move(n)
        ticks.t += 10
        pick = right(course, item.question_id) if n % 2 == 0 else wrong(course, item.question_id)
        block.save(*block.answer(pick, certain=n < 2))  # type: ignore[misc]
    block.save(*block.toggle_flag())
    done = block.finish("time", block.stop_clock())
    result = report(done, course)
    assert (result.count, result.answered, result.correct) == (5, 4, 2)
    assert result.score == pytest.approx(0.4)
    assert result.flagged == [3]
    assert result.calibration is not None
    assert (result.calibration.sure, result.calibration.sure_right) == (2, 1)
    assert (result.calibration.unsure, result.calibration.unsure_right) == (2, 1)
    assert sum(t.count for t in result.topics) == 5
    (line,) = store.block_history("ann")
    assert line.as_json() == {
        "id": block.id,
        "started_at": "2025-03-01T09:00:00.000000+00:00",
        "finished_at": "2025-03-01T09:00:00.000000+00:00",
        "mode": "timed",
        "topics": [],
        "count": 5,
        "answered": 4,
        "correct": 2,
        "flagged": 1,
        "seconds": 40.0,
    }


def test_resume_keeps_answers_and_time_left(store: ProgressStore, course: Course) -> None:
    ticks = Ticks()
    block = start(store, course, ticks, count=4, mode="timed", seconds_per_question=60)
    block.start_clock()
    ticks.t += 30
    block.save(*block.answer(right(course, block.current.question_id)))  # type: ignore[misc]
    block.save(*block.move(1))  # type: ignore[misc]
    ticks.t += 500  # killed here: nothing saved after the move
    later = resume_block(store, course, "ann", clock=lambda: T0 + timedelta(hours=1))
    assert later is not None and later.id == block.id
    assert later.index == 1 and later.answered == 1
    assert later.time_left() == pytest.approx(240 - 30)


def test_killed_process_resumes(tmp_path: Path, course: Course) -> None:
    """A real SIGKILL half-way through a timed block: the answers saved before it are
    there, the time left is the budget minus the time saved, nothing is recorded."""
    db = tmp_path / "killed.sqlite3"
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from progress_helpers import T0, make_course, right
        from rls_tutor.progress.store import ProgressStore
        from rls_tutor.session.practice import BlockSpec, start_block
        course = make_course()
        store = ProgressStore.open({str(db)!r})
        t = [0.0]
        block = start_block(store, course, "ann", "clinician",
            BlockSpec(count=4, mode="timed", seconds_per_question=60),
            clock=lambda: T0, seed=3, monotonic=lambda: t[0])
        block.start_clock()
        t[0] += 42
        block.save(*block.answer(right(course, block.current.question_id), certain=True))
        block.save(*block.move(1))
        block.save(*block.toggle_flag())
        t[0] += 100
        block.answer(right(course, block.current.question_id))  # picked, never saved
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=subprocess_env(), capture_output=True, timeout=60
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    with ProgressStore.open(db) as store:
        block = resume_block(store, course, "ann", clock=lambda: T0)
        assert block is not None
        assert block.index == 1 and block.answered == 1
        assert block.items[0].certain is True and block.items[1].flagged
        assert block.time_left() == pytest.approx(240 - 42)
        assert store.answer_count() == 0
        block.finish("learner", block.stop_clock())
        assert store.answer_count() == 1


def test_version_3_file_migrates_to_4_with_a_backup(tmp_path: Path, course: Course) -> None:
    path = tmp_path / "v3.sqlite3"
    make_v2_file(path, version=3)
    before = rows(path, OLD_ANSWERS)
    with ProgressStore.open(path) as store:
        assert rows(path, "PRAGMA user_version") == [(CURRENT_VERSION,)] == [(5,)]
        assert rows(path, OLD_ANSWERS) == before
        assert store.block_history("ann") == [] and store.flagged_questions("ann") == set()
        start(store, course, count=2)
    (backup,) = tmp_path.glob("v3.sqlite3.v3-*.bak")
    assert rows(backup, "PRAGMA user_version") == [(3,)]
    assert rows(backup, "SELECT name FROM sqlite_master WHERE name = 'blocks'") == []


def test_damaged_block_value_is_a_clear_error(store: ProgressStore, course: Course) -> None:
    block = start(store, course, count=2)
    raw = sqlite3.connect(store.path)
    raw.execute("PRAGMA ignore_check_constraints = ON")
    raw.execute("UPDATE blocks SET mode = 'sprint'")
    raw.commit()
    raw.close()
    with pytest.raises(Exception, match=r"damaged value .*blocks\.mode"):
        store.block(block.id)


def test_reset_forgets_blocks_and_flags(store: ProgressStore, course: Course) -> None:
    block = start(store, course, count=2)
    block.save(*block.toggle_flag())
    block.finish("learner", block.stop_clock())
    store.reset("ann")
    assert store.block_history("ann") == [] and store.flagged_questions("ann") == set()
    assert rows(store.path, "SELECT count(*) FROM block_questions") == [(0,)]


def test_the_environment_is_private() -> None:
    assert os.environ["RLS_TUTOR_DB"].endswith("env-progress.sqlite3")
