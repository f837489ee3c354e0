"""The command line behaves: hostile files, odd arguments, closed pipes, signals, no tty.

Each case runs the real `rls-tutor` (a subprocess, or a pseudo-terminal for the tutor
itself) and checks the raw bytes it wrote: a clear message, the right exit status,
no traceback, no control byte, and refused files left byte-identical.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rls_tutor.cli import build_parser, main, with_default_command
from rls_tutor.commands import study
from rls_tutor.content.files import MAX_BYTES
from rls_tutor.content.loader import load_course
from rls_tutor.escape import printable

from .content.course_factory import write_course

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX links, pipes, signals, ptys")
FIXTURE_COURSE = Path(__file__).resolve().parents[1] / "fixtures" / "course"
SECRET = "root:$6$not-a-real-hash:20228:0:99999:7:::\n"
ESC_NAME = "\x1b]52;c;SEFDSw==\x07\x1b[2J.yaml"


def control_bytes(raw: bytes, allowed: bytes = b"\n") -> list[int]:
    """Control bytes in raw output (but `allowed`), and C1 controls once decoded."""
    bad = [b for b in raw if (b < 0x20 and b not in allowed) or b == 0x7F]
    text = raw.decode("utf-8", errors="replace")
    return bad + [ord(c) for c in text if 0x80 <= ord(c) <= 0x9F]


def isolated_env(tmp_path: Path) -> dict[str, str]:
    """No learner's real files: progress, cache and home all under tmp_path."""
    env = {
        **os.environ,
        "HOME": str(tmp_path / "home"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "RLS_TUTOR_DB": str(tmp_path / "progress.sqlite3"),
        "TERM": "xterm-256color",
    }
    env.pop("TEXTUAL_DRIVER", None)
    return env


def run_cli(
    tmp_path: Path, *args: str, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "rls_tutor", *args],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
        cwd=cwd,
        env=isolated_env(tmp_path),
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def hostile_course(tmp_path: Path) -> Path:
    """The small course plus one of each hostile file (the secret lies outside it)."""
    root = write_course(tmp_path / "course")
    secret = tmp_path / "outside" / "shadow"
    secret.parent.mkdir()
    secret.write_text(SECRET)
    (root / "lessons" / "99-x.yaml").symlink_to("/nonexistent")
    (root / "quizzes" / "z.yaml").symlink_to(secret)
    os.mkfifo(root / "lessons" / "50-x.yaml")
    with (root / "quizzes" / "big.yaml").open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    (root / "lessons" / ESC_NAME).symlink_to("/nonexistent")
    try:
        with open(os.path.join(os.fsencode(root / "quizzes"), b"bad\xff.yaml"), "wb") as handle:
            handle.write(b"topic: iron\n")
    except OSError:
        pass  # a file system that refuses such names: the other cases still run
    return root


# --- class 2: unusual files, through the command line ------------------------------


@POSIX
@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_check_reports_each_hostile_file(
    hostile_course: Path, tmp_path: Path, json_flag: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "outside" / "shadow"
    before = digest(secret)
    done = run_cli(tmp_path, "check", "course", *json_flag, cwd=tmp_path)
    raw = done.stdout + done.stderr
    assert done.returncode == 1, raw
    assert control_bytes(raw) == [], raw
    text = raw.decode()
    assert "Traceback" not in text and "not-a-real-hash" not in text
    if json_flag:
        report = json.loads(done.stdout)
        found = {(e["path"], e["line"], e["column"]) for e in report["errors"]}
        assert report["lessons"] == 2 and report["questions"] == 3  # the rest loaded
    else:
        found = {tuple(line.split(":")[:3]) for line in text.splitlines() if ": error: " in line}
        found = {(p, int(ln), int(col)) for p, ln, col in found}
        assert text.splitlines()[-1].startswith("failed: ")
        assert "; 2 lessons, 3 questions," in text
    expected = {
        ("course/lessons/99-x.yaml", 1, 1),
        ("course/lessons/50-x.yaml", 1, 1),
        ("course/quizzes/z.yaml", 1, 1),
        ("course/quizzes/big.yaml", 1, 1),
    }
    assert expected <= found
    if json_flag:  # JSON escapes the name itself; compare as the text output shows it
        found = {(printable(path), ln, col) for path, ln, col in found}
    assert any("\\x1b]52;c;SEFDSw==\\x07\\x1b[2J" in path for path, _, _ in found)
    # the tutor's loader, from the same working folder, reports the same set
    monkeypatch.chdir(tmp_path)
    loaded = {(printable(p.path), p.line, p.column) for p in load_course(Path("course")).errors}
    assert loaded == found
    assert digest(secret) == before
    assert (hostile_course / "lessons" / "50-x.yaml").is_fifo()
    assert (hostile_course / "quizzes" / "big.yaml").stat().st_size == MAX_BYTES + 1


# --- class 4: the command line -------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "command", "learner"),
    [
        (["--learner", "check"], "study", "check"),
        (["--learner=check"], "study", "check"),
        (["--learner", "check", "progress"], "progress", "check"),
        (["progress", "--learner", "check"], "progress", "check"),
        (["--db", "lint", "--learner", "stats"], "study", "stats"),
        (["--audience", "clinician"], "study", None),
        ([], "study", None),
        (["check", "--learner", "progress"], "check", "progress"),
    ],
)
def test_an_option_value_is_never_a_command(
    argv: list[str], command: str, learner: str | None
) -> None:
    args = build_parser().parse_args(with_default_command(argv))
    assert args.command == command
    assert getattr(args, "learner", None) == learner


def test_help_version_and_unknown_words_are_left_to_argparse(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for argv in (["-h"], ["--version"], ["--learner", "x", "--help"], ["nonsense"]):
        assert with_default_command(argv) == argv
    with pytest.raises(SystemExit) as exit_info:
        main(["--learner", "x", "--help"])
    assert exit_info.value.code == 0
    assert "COMMAND" in capsys.readouterr().out  # the top-level help, not study's
    with pytest.raises(SystemExit) as exit_info:
        main(["--learner"])
    assert exit_info.value.code == 2
    assert "expected one argument" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [["--learner", "check", "progress"], ["progress", "--learner", "check"]],
)
def test_learner_named_like_a_command(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "p.sqlite3")
    status = main([*argv, "--db", db, "--content", str(FIXTURE_COURSE)])
    out = capsys.readouterr().out
    assert status == 0
    assert out.startswith("Progress of check ")


def test_learner_named_check_opens_the_tutor(tmp_path: Path) -> None:
    """No command: `study` for learner "check" (here without a terminal, so it says so)."""
    done = run_cli(tmp_path, "--learner", "check", "--content", str(FIXTURE_COURSE))
    assert done.returncode == 1
    assert done.stderr.decode().startswith("rls-tutor: error: the tutor needs a terminal")
    assert b"usage:" not in done.stderr


def test_no_terminal_is_one_clear_line(tmp_path: Path) -> None:
    started = time.monotonic()
    done = run_cli(tmp_path, "--content", str(FIXTURE_COURSE))
    assert time.monotonic() - started < 30  # no hang
    assert done.returncode == 1
    assert done.stdout == b""
    (line,) = done.stderr.decode().splitlines()
    assert line.startswith("rls-tutor: error: the tutor needs a terminal (stdin, stdout and ")
    assert control_bytes(done.stderr) == []
    assert not (tmp_path / "progress.sqlite3").exists()  # nothing was opened


def test_terminal_problem_names_the_streams(monkeypatch: pytest.MonkeyPatch) -> None:
    class Stream:
        def __init__(self, tty: bool) -> None:
            self.tty = tty

        def isatty(self) -> bool:
            return self.tty

    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    monkeypatch.setattr(sys, "stdin", Stream(True))
    monkeypatch.setattr(sys, "stdout", Stream(False))
    monkeypatch.setattr(sys, "stderr", Stream(True))
    assert "(stdout is not a terminal)" in (study.terminal_problem() or "")
    monkeypatch.setattr(sys, "stdout", Stream(True))
    assert study.terminal_problem() is None
    monkeypatch.setattr(sys, "stdin", None)
    assert "(stdin is not a terminal)" in (study.terminal_problem() or "")
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert study.terminal_problem() is None  # textual-serve brings its own


@POSIX
@pytest.mark.parametrize("args", [["schema"], ["check", "{course}"], ["--help"]])
def test_closed_pipe_exits_quietly(tmp_path: Path, args: list[str]) -> None:
    """The reader is gone before the first byte: no traceback, no message."""
    course = write_course(tmp_path / "course")
    argv = [a.format(course=course) for a in args]
    proc = subprocess.Popen(
        [sys.executable, "-m", "rls_tutor", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=isolated_env(tmp_path),
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read()
    status = proc.wait(timeout=60)
    assert err == b""
    assert status in (0, 141)


@POSIX
def test_reader_that_leaves_after_one_line(tmp_path: Path) -> None:
    """`rls-tutor check | head -1` over far more output than a pipe holds."""
    keys = "".join(f"unknown-{i}: 1\n" for i in range(5000))
    root = write_course(tmp_path / "course")
    (root / "quizzes" / "iron.yaml").write_text((root / "quizzes" / "iron.yaml").read_text() + keys)
    proc = subprocess.Popen(
        [sys.executable, "-m", "rls_tutor", "check", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=isolated_env(tmp_path),
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 141
    assert first.startswith(str(root).encode()) and b": warning: " in first
    assert b"Traceback" not in err and b"BrokenPipeError" not in err
    assert err == b""


def test_schema_out_keeps_the_old_file_on_a_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "schemas"
    out.mkdir()
    old = out / "course.schema.json"
    old.write_bytes(b'{"old": true}\n')

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    assert main(["schema", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err == f"rls-tutor: error: {old}: No space left on device\n"
    assert old.read_bytes() == b'{"old": true}\n'
    assert sorted(p.name for p in out.iterdir()) == ["course.schema.json"]  # no temp file


def test_schema_out_replaces_files_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "schemas"
    out.mkdir()
    (out / "quiz.schema.json").mkdir()  # a folder where a file should go: replace fails
    assert main(["schema", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("rls-tutor: error: ") and "quiz.schema.json" in err
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    (out / "quiz.schema.json").rmdir()
    assert main(["schema", "--out", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"{k}.schema.json" for k in ("course", "glossary", "lesson", "quiz")]
    for path in out.iterdir():
        assert json.loads(path.read_text())["$schema"]
        assert path.stat().st_mode & 0o777 != 0o600  # the umask's mode, not mkstemp's


# --- the tutor in a real terminal ------------------------------------------------------


def run_in_pty(tmp_path: Path, args: list[str], until: bytes, then: int) -> tuple[int, bytes]:
    """Start the tutor on a pseudo-terminal, wait for `until` on screen, send signal
    `then`; its exit status and everything it wrote."""
    import pty

    env = isolated_env(tmp_path)
    pid, fd = pty.fork()
    if pid == 0:  # the child: become the tutor
        os.execve(sys.executable, [sys.executable, "-m", "rls_tutor", *args], env)
    out = b""
    sent = False
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                out += chunk
            if not sent and until in out:
                time.sleep(0.3)  # let the first screen settle
                os.kill(pid, then)
                sent = True
        else:
            os.kill(pid, signal.SIGKILL)
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert sent, out[-2000:]
    return os.waitstatus_to_exitcode(status), out


def assert_terminal_restored(out: bytes) -> None:
    text = out.decode("utf-8", errors="replace")
    assert "Traceback" not in text
    enter, leave = text.rfind("\x1b[?1049h"), text.rfind("\x1b[?1049l")
    assert enter >= 0 and leave > enter, "still on the alternate screen"
    for mode in ("1000", "1003", "1006"):  # mouse reporting: each turned off at the end
        assert text.rfind(f"\x1b[?{mode}l") > text.rfind(f"\x1b[?{mode}h"), mode
    assert text.rfind("\x1b[?25h") > text.rfind("\x1b[?25l")  # the cursor is back


@POSIX
@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_signal_restores_the_terminal(tmp_path: Path, signame: str) -> None:
    signum = getattr(signal, signame)
    args = ["--content", str(FIXTURE_COURSE)]
    status, out = run_in_pty(tmp_path, args, b"Your name", signum)
    assert status == 128 + signum
    assert_terminal_restored(out)


@POSIX
def test_tutor_keeps_running_beside_hostile_files(hostile_course: Path, tmp_path: Path) -> None:
    """The issue's case: a dangling link (and worse) beside the lessons, in the tutor."""
    secret_before = digest(tmp_path / "outside" / "shadow")
    args = ["--content", str(hostile_course)]
    status, out = run_in_pty(tmp_path, args, b"problem(s) in the course files", signal.SIGTERM)
    assert status == 128 + signal.SIGTERM  # still running until told to stop
    assert_terminal_restored(out)
    text = out.decode("utf-8", errors="replace")
    assert "FileNotFoundError" not in text and "not-a-real-hash" not in text
    assert digest(tmp_path / "outside" / "shadow") == secret_before
    assert (hostile_course / "lessons" / "50-x.yaml").is_fifo()
