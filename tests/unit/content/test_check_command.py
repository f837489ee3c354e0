"""`rls-tutor check` and `rls-tutor schema` as an instructor runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rls_tutor.cli import main
from rls_tutor.content.schema import combined_schema, schema_for

from .course_factory import QUIZ, write_course


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rls_tutor", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )


def test_valid_course_exits_0_with_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_course(tmp_path)
    assert main(["check", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.strip().endswith(f"in {tmp_path}")
    assert out.startswith(
        "ok: 0 errors, 0 warnings; 2 lessons, 3 questions, 2 topics, 1 glossary terms"
    )


def test_errors_exit_1_as_path_line_col(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_course(tmp_path, quiz=QUIZ.replace("text: Insulin", "text: off"))
    assert main(["check", "."]) == 1
    lines = capsys.readouterr().out.splitlines()
    (error,) = [line for line in lines if ": error: " in line]
    assert error.startswith("quizzes/iron.yaml:10:15: error: questions[0].options[1].text")
    # the broken question is skipped, so its lesson loses its only patient check
    assert "lessons/01-iron.yaml:5:3: warning: lesson 'iron' has no check for patients" in lines
    assert lines[-1].startswith("failed: 1 error, ")


def test_json_report_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_course(tmp_path, quiz=QUIZ.replace("text: Insulin", "text: yes"))
    assert main(["check", str(tmp_path), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"ok", "errors", "warnings", "lessons", "questions", "topics"}
    assert report["ok"] is False
    (error,) = report["errors"]
    assert set(error) == {"path", "line", "column", "message"}
    assert (error["line"], error["column"]) == (10, 15)
    assert report["questions"] == 2
    assert report["topics"][0] == {
        "id": "iron",
        "title": "Iron",
        "lessons": 1,
        "questions": 1,
        "questions_by_audience": {"patient": 0, "clinician": 1},
    }


def test_wrong_usage_exits_2(tmp_path: Path) -> None:
    missing = run_cli("check", str(tmp_path / "nowhere"))
    assert missing.returncode == 2
    assert "is not a folder" in missing.stderr
    bad_flag = run_cli("check", "--no-such-flag")
    assert bad_flag.returncode == 2
    assert "usage:" in bad_flag.stderr


def test_bundled_course_is_found_from_another_folder(tmp_path: Path) -> None:
    done = run_cli("check", "--json", cwd=tmp_path)
    report = json.loads(done.stdout)
    assert report["lessons"] > 0 and report["questions"] > 0, done.stdout
    assert report["ok"] is True, report["errors"][:5]
    assert done.returncode == 0


def test_schema_comes_from_the_model() -> None:
    quiz = schema_for("quiz")
    question = quiz["$defs"]["Question"]
    assert question["additionalProperties"] is False
    assert question["properties"]["options"]["minItems"] == 2
    assert question["properties"]["options"]["maxItems"] == 8
    assert set(question["required"]) == {
        "id",
        "audience",
        "stem",
        "options",
        "explanation",
        "sources",
    }
    lesson = schema_for("lesson")
    assert lesson["properties"]["id"]["pattern"] == "^[a-z0-9]+(?:-[a-z0-9]+)*$"
    combined = combined_schema()
    assert len(combined["anyOf"]) == 2 and "Screen" in combined["$defs"]


def test_schema_command_prints_json_and_writes_files(tmp_path: Path) -> None:
    printed = run_cli("schema")
    assert printed.returncode == 0
    assert json.loads(printed.stdout)["$schema"].startswith("https://json-schema.org/")
    written = run_cli("schema", "--out", str(tmp_path))
    assert written.returncode == 0
    names = sorted(p.name for p in tmp_path.glob("*.schema.json"))
    assert names == [
        "course.schema.json",
        "glossary.schema.json",
        "lesson.schema.json",
        "quiz.schema.json",
    ]


def test_schema_into_an_unwritable_place_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    done = run_cli("schema", "--out", str(blocker / "schemas"))
    assert done.returncode == 1
    assert done.stderr.startswith("rls-tutor: error: ")
    assert "Traceback" not in done.stderr
