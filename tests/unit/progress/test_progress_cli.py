"""`rls-tutor progress`, `reset` and `stats`: output shapes, prompts and exit codes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rls_tutor.cli import main
from rls_tutor.content.course import Course
from rls_tutor.content.loader import load_course
from rls_tutor.progress import access
from rls_tutor.progress.store import ProgressStore

from .progress_helpers import REPO, T0, question, subprocess_env

TOPIC_KEYS = ["id", "title", "mastery", "level", "seen", "total", "attempts", "correct", "due"]
FIXTURE_COURSE = REPO / "tests" / "fixtures" / "course"
REAL_LOAD_COURSE = access.load_course


@pytest.fixture(autouse=True)
def _hand_built_course(monkeypatch: pytest.MonkeyPatch, course: Course) -> None:
    monkeypatch.setattr(access, "load_course", lambda root: course)


def seed(path: Path, course: Course) -> None:
    with ProgressStore.open(path) as store:
        store.record_answer("ann", course.questions["iron-1"], "iron", [0], now=T0)
        store.record_answer("ann", course.questions["genes-1"], "genes", [0], now=T0)
        store.record_answer("ann", course.questions["genes-1"], "genes", [1], now=T0)
        store.save_position("ann", "iron-basics", 2, now=T0)
        store.save_position("ann", "genes-intro", 1, now=T0)
        store.set_setting("ann", "theme", "nord")
        store.record_answer("bob", course.questions["iron-1"], "iron", [1], now=T0)
        store.set_last_learner("ann")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- progress ---------------------------------------------------------------------


def test_progress_json_shape(
    capsys: pytest.CaptureFixture[str], db_path: Path, course: Course
) -> None:
    seed(db_path, course)
    code, out, err = run(capsys, "progress", "--json", "--db", str(db_path))
    assert code == 0, err
    report = json.loads(out)
    assert list(report) == ["learner", "generated_at", "topics"]
    assert report["learner"] == "ann"  # the remembered learner
    generated = datetime.fromisoformat(report["generated_at"])
    assert abs(generated - datetime.now(UTC)) < timedelta(minutes=1)
    assert [t["id"] for t in report["topics"]] == ["iron", "genes", "sleep"]  # every topic
    for topic in report["topics"]:
        assert list(topic) == TOPIC_KEYS
        assert 0.0 <= topic["mastery"] <= 1.0
        assert isinstance(topic["level"], str) and isinstance(topic["title"], str)
        assert all(isinstance(topic[k], int) for k in TOPIC_KEYS[4:])
    iron, genes, sleep = report["topics"]
    assert (iron["seen"], iron["total"], iron["attempts"], iron["correct"]) == (1, 2, 1, 1)
    assert (genes["seen"], genes["attempts"], genes["correct"]) == (1, 2, 1)
    assert sleep == {
        "id": "sleep", "title": "Sleep", "mastery": 0.0, "level": "Not started",
        "seen": 0, "total": 0, "attempts": 0, "correct": 0, "due": 0,
    }  # fmt: skip


def test_progress_learner_option_and_audience_setting(
    capsys: pytest.CaptureFixture[str], db_path: Path, course: Course
) -> None:
    seed(db_path, course)
    with ProgressStore.open(db_path) as store:
        store.set_setting("bob", "audience", "clinician")
    # common options may come before the command name
    code, out, _ = run(capsys, "--db", str(db_path), "--learner", "bob", "progress", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["learner"] == "bob"
    assert [t["total"] for t in report["topics"]] == [3, 2, 0]  # clinician track
    assert report["topics"][0]["attempts"] == 1


def test_progress_defaults_to_the_default_learner_and_env_db(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "progress", "--json")
    assert code == 0, err
    assert json.loads(out)["learner"] == access.DEFAULT_LEARNER == "learner"
    assert Path(os.environ["RLS_TUTOR_DB"]).is_file()  # RLS_TUTOR_DB, not the user's folder
    assert "no progress recorded for learner 'learner'" in err


def test_progress_table_is_aligned_and_complete(
    capsys: pytest.CaptureFixture[str], db_path: Path, course: Course
) -> None:
    seed(db_path, course)
    code, out, _ = run(capsys, "progress", "--db", str(db_path))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Progress of ann (patient track)")
    header = next(i for i, line in enumerate(lines) if line.startswith("Topic"))
    rows = lines[header + 2 : header + 5]
    assert [r.split("  ")[0] for r in rows] == ["Iron and the brain", "Genes", "Sleep"]
    _, as_json, _ = run(capsys, "progress", "--db", str(db_path), "--json")
    levels = [t["level"] for t in json.loads(as_json)["topics"]]
    level_at = lines[header].index("Level")
    assert [r[level_at:].split("  ")[0] for r in rows] == levels
    assert levels[2] == "Not started"
    seen_at = lines[header].index("Seen") + len("Seen")  # right-aligned numbers
    assert [r[:seen_at].split()[-1] for r in rows] == ["1/2", "1/2", "0/0"]
    assert "question" in lines[-1] and "due" in lines[-1]


@pytest.mark.parametrize("command", ["progress", "reset", "stats"])
def test_a_bad_database_is_an_error_not_a_traceback(
    capsys: pytest.CaptureFixture[str], db_path: Path, command: str
) -> None:
    db_path.write_bytes(b"not a database at all\n" * 20)
    before = db_path.read_bytes()
    extra = ["--yes"] if command == "reset" else []
    code, out, err = run(capsys, command, "--db", str(db_path), *extra)
    assert code == 1
    assert err.startswith("rls-tutor: error: ") and "not an rls-tutor progress database" in err
    assert "Traceback" not in err + out
    assert db_path.read_bytes() == before


def test_a_missing_db_folder_is_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "progress", "--db", str(tmp_path / "nope" / "p.sqlite3"))
    assert code == 1 and "does not exist" in err
    assert not (tmp_path / "nope").exists()


def test_progress_with_the_real_loader(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(access, "load_course", REAL_LOAD_COURSE)
    monkeypatch.setenv("RLS_TUTOR_DB", str(db_path))
    code, out, err = run(capsys, "progress", "--json", "--content", str(FIXTURE_COURSE))
    assert code == 0, err
    expected = [t.id for t in load_course(FIXTURE_COURSE).topics]
    assert expected and [t["id"] for t in json.loads(out)["topics"]] == expected
    code, _, err = run(capsys, "progress", "--content", str(db_path.parent / "missing"))
    assert code == 1 and err.startswith("rls-tutor: error:") and "not a folder" in err


# --- reset ------------------------------------------------------------------------


def counts(path: Path, learner: str = "ann") -> tuple[int, int]:
    with ProgressStore.open(path) as store:
        return store.progress_counts(learner)


def test_reset_yes_removes_everything_and_keeps_a_backup(
    capsys: pytest.CaptureFixture[str], db_path: Path, course: Course
) -> None:
    seed(db_path, course)
    code, out, err = run(capsys, "reset", "--db", str(db_path), "--yes")
    assert code == 0, err
    assert "3 answers, 2 lesson positions removed" in out
    assert counts(db_path) == (0, 0)
    assert counts(db_path, "bob") == (1, 0)  # other learners untouched
    backup = Path(out.strip().splitlines()[-1].split(": ", 1)[1])
    assert backup.is_file() and backup.parent == db_path.parent
    assert counts(backup) == (3, 2)  # the backup holds what was removed
    with ProgressStore.open(db_path) as store:
        assert store.get_setting("ann", "theme") == "nord"  # settings stay
        assert store.cards("ann") == {}


@pytest.mark.parametrize("reply", ["y\n", "YES\n"])
def test_reset_asks_and_proceeds_on_yes(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    db_path: Path,
    course: Course,
    reply: str,
) -> None:
    seed(db_path, course)
    monkeypatch.setattr(sys, "stdin", io.StringIO(reply))
    code, out, _ = run(capsys, "reset", "--db", str(db_path))
    assert code == 0
    assert "(3 answers, 2 lesson positions)? A backup is kept. [y/N]" in out
    assert counts(db_path) == (0, 0)


@pytest.mark.parametrize("reply", ["n\n", "\n", "maybe\n"])
def test_reset_declined_changes_nothing(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    db_path: Path,
    course: Course,
    reply: str,
) -> None:
    seed(db_path, course)
    monkeypatch.setattr(sys, "stdin", io.StringIO(reply))
    code, out, _ = run(capsys, "reset", "--db", str(db_path))
    assert code == 1 and "nothing was changed" in out
    assert counts(db_path) == (3, 2)
    assert list(db_path.parent.glob("*.bak")) == []


@pytest.mark.parametrize("stdin", [io.StringIO(""), None], ids=["eof", "no-stdin"])
def test_reset_without_stdin_refuses_politely(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    db_path: Path,
    course: Course,
    stdin: io.StringIO | None,
) -> None:
    seed(db_path, course)
    monkeypatch.setattr(sys, "stdin", stdin)
    code, _, err = run(capsys, "reset", "--db", str(db_path))
    assert code == 1
    assert err.startswith("rls-tutor: error:") and "--yes" in err and "nothing was changed" in err
    assert counts(db_path) == (3, 2)


def test_reset_one_topic(capsys: pytest.CaptureFixture[str], db_path: Path, course: Course) -> None:
    seed(db_path, course)
    code, out, err = run(capsys, "reset", "--db", str(db_path), "--topic", "genes", "--yes")
    assert code == 0, err
    assert "topic 'genes'" in out
    with ProgressStore.open(db_path) as store:
        assert set(store.cards("ann")) == {"iron-1"}
        assert store.started_lessons("ann") == {"iron-basics"}
        assert store.answer_count("ann") == 1


def test_reset_unknown_topic_and_nothing_to_reset(
    capsys: pytest.CaptureFixture[str], db_path: Path, course: Course
) -> None:
    seed(db_path, course)
    code, _, err = run(capsys, "reset", "--db", str(db_path), "--topic", "nope", "--yes")
    assert code == 2 and "unknown topic 'nope'" in err and "iron, genes, sleep" in err
    code, out, _ = run(capsys, "reset", "--db", str(db_path), "--topic", "sleep")
    assert code == 0 and "Nothing to reset" in out
    code, out, _ = run(capsys, "reset", "--db", str(db_path), "--learner", "carol")
    assert code == 0 and "Nothing to reset" in out
    assert counts(db_path) == (3, 2)


# --- stats ------------------------------------------------------------------------


def test_stats_json_measures_current_versions_and_first_attempts(
    capsys: pytest.CaptureFixture[str], db_path: Path, course: Course
) -> None:
    old = question("genes-1", correct=(1,), stem="An older wording of genes-1?")
    with ProgressStore.open(db_path) as store:
        for learner, chosen in (("ann", [1]), ("bob", [0]), ("bob", [1]), ("cy", [2])):
            store.record_answer(learner, course.questions["genes-1"], "genes", chosen, now=T0)
        store.record_answer("ann", old, "genes", [0], now=T0 - timedelta(days=9))
        store.record_answer("ann", course.questions["iron-2"], "iron", [0, 1], now=T0)
    code, out, err = run(capsys, "stats", "--json", "--db", str(db_path))
    assert code == 0, err
    report = json.loads(out)
    assert report["left_out"]["earlier_versions"] == 1  # the old wording is not measured
    rows = {q["id"]: q for q in report["questions"]}
    assert set(rows) == {"genes-1", "iron-2"}
    genes = rows["genes-1"]
    assert (genes["attempts"], genes["first_attempts"]) == (4, 3)  # bob's second try: practice
    assert genes["facility"] == pytest.approx(1 / 3, abs=1e-4)
    assert genes["picks"] == [1, 1, 1] and genes["keyed"] == [1]
    assert rows["iron-2"]["picks"] == [1, 1, 0]  # a multiple answer counts each option

    code, out, _ = run(capsys, "stats", "--json", "--db", str(db_path), "--learner", "bob")
    (only,) = json.loads(out)["questions"]
    assert (only["attempts"], only["first_attempts"], only["picks"]) == (2, 1, [1, 0, 0])


def test_stats_table(capsys: pytest.CaptureFixture[str], db_path: Path, course: Course) -> None:
    code, out, _ = run(capsys, "stats", "--db", str(db_path))
    assert code == 0 and "No answers recorded yet." in out
    with ProgressStore.open(db_path) as store:
        store.record_answer("ann", course.questions["genes-1"], "genes", [1], now=T0)
    code, out, _ = run(capsys, "stats", "--db", str(db_path))
    assert "genes-1: 1 attempts, 1 first, facility 1.00" in out
    assert "A:0 B*:1 C:0" in out  # every option, the unpicked ones too


def test_cli_errors_end_to_end_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"\x00garbage" * 100)
    done = subprocess.run(
        [sys.executable, "-m", "rls_tutor", "stats", "--db", str(bad)],
        capture_output=True, text=True, cwd=REPO, env=subprocess_env(), timeout=60,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.startswith("rls-tutor: error: ") and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
