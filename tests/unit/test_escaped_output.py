"""Nothing from outside reaches a terminal raw: every place text leaves the program.

Each case builds hostile input (a file name, a YAML key or tag, a learner name, a value
stored in the database) holding terminal escapes (OSC 52 writes the clipboard, CSI 2J
clears the screen, BEL, C1 CSI) and a line break that would forge an output line, then
runs the real command and checks the raw bytes it wrote.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from rls_tutor.escape import printable

from .content.course_factory import write_course

OSC52 = "\x1b]52;c;SEFDSw==\x07"
CLEAR = "\x1b[2J"
HOSTILE = f"{OSC52}{CLEAR}\x9b31m\nforged: error: line"


def control_bytes(raw: bytes) -> list[int]:
    """Control bytes other than newline in raw output, and C1 controls once decoded."""
    bad = [b for b in raw if (b < 0x20 and b != 0x0A) or b == 0x7F]
    text = raw.decode("utf-8", errors="replace")
    return bad + [ord(c) for c in text if 0x80 <= ord(c) <= 0x9F]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "rls_tutor", *args],
        capture_output=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
    )


def assert_clean(done: subprocess.CompletedProcess[bytes]) -> str:
    out = done.stdout + done.stderr
    assert control_bytes(out) == [], out
    text = out.decode()
    assert "Traceback" not in text
    assert "\nforged: error: line" not in text  # the line break stayed inside its line
    return text


def test_printable_escapes_every_control_and_keeps_letters() -> None:
    assert printable("a\x1b]52;c;x\x07b") == "a\\x1b]52;c;x\\x07b"
    assert printable("x\x9by\x7fz\n") == "x\\x9by\\x7fz\\x0a"
    assert printable("bidi\u202etxt\u2028") == "bidi\\u202etxt\\u2028"
    assert printable("Ménière 日本 ok") == "Ménière 日本 ok"
    assert printable("two\nlines\tx", keep="\n\t") == "two\nlines\tx"


@pytest.fixture
def hostile_course(tmp_path: Path) -> Path:
    root = write_course(tmp_path / "course")
    lesson = (root / "lessons" / "01-iron.yaml").read_text()
    # an unknown key whose name is an escape sequence, and a tag made of one
    key = HOSTILE.replace("\x1b", "\\e").replace("\x07", "\\a").replace("\n", "\\n")
    key = key.replace("\x9b", "\\x9b")
    (root / "lessons" / "01-iron.yaml").write_text(lesson + f'"{key}": 1\n')
    (root / "lessons" / "03-tag.yaml").write_text("id: !<tag:x,2000:\\e]52> x\n")
    (root / "lessons" / f"04-{OSC52}\nforged: error: line.yaml").write_text("id: [\n")
    return root


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_check_escapes_file_names_keys_and_tags(hostile_course: Path, json_flag: list[str]) -> None:
    done = run("check", str(hostile_course), *json_flag)
    assert done.returncode == 1
    text = assert_clean(done)
    assert "\\x1b]52;c;SEFDSw==\\x07" in text or "\\u001b]52;c;SEFDSw==\\u0007" in text


def test_lint_escapes_file_names(hostile_course: Path) -> None:
    done = run("lint", str(hostile_course))
    assert_clean(done)


def test_tutor_start_error_and_cli_errors_are_escaped(tmp_path: Path) -> None:
    missing = tmp_path / f"no{OSC52}\nforged: error: line"
    for args in (
        ["check", str(missing)],
        ["lint", str(missing)],
        ["progress", "--db", str(missing / "p.sqlite3")],
        ["schema", "--out", str(missing / "x" / "y")],
    ):
        done = run(*args)
        assert done.returncode in ((0,) if args[0] == "schema" else (1, 2)), args
        assert_clean(done)


@pytest.mark.parametrize("command", ["progress", "stats", "reset"])
def test_hostile_learner_names_are_escaped(tmp_path: Path, command: str) -> None:
    db = tmp_path / "p.sqlite3"
    course = write_course(tmp_path / "course")
    extra = ["--yes"] if command == "reset" else []
    done = run(command, "--db", str(db), "--content", str(course), "--learner", HOSTILE, *extra)
    assert done.returncode in (0, 1)
    assert_clean(done)


def test_names_stored_in_the_database_are_escaped(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite3"
    course = write_course(tmp_path / "course")
    assert (
        run("progress", "--db", str(db), "--content", str(course), "--learner", "ann").returncode
        == 0
    )
    with sqlite3.connect(db) as conn:  # another tool wrote a name the tutor never would
        conn.execute("INSERT INTO learners VALUES (?, '2025-01-01T00:00:00+00:00')", (HOSTILE,))
    conn.close()
    done = run("progress", "--db", str(db), "--content", str(course), "--learner", "bob")
    text = assert_clean(done)
    assert "\\x1b]52" in text


@pytest.mark.skipif(shutil.which("script") is None and sys.platform != "linux", reason="no pty")
def test_the_tutor_draws_no_raw_escape_from_file_names_or_keys(
    hostile_course: Path, tmp_path: Path
) -> None:
    """In a real pseudo-terminal: the problems banner shows the hostile names escaped."""
    import pty
    import select
    import time

    pid, fd = pty.fork()
    if pid == 0:  # the child: the tutor, in a pty of 120x40
        os.environ.update(
            TERM="xterm-256color",
            COLUMNS="120",
            LINES="40",
            RLS_TUTOR_DB=str(tmp_path / "p.sqlite3"),
            XDG_CACHE_HOME=str(tmp_path / "cache"),
        )
        os.execv(
            sys.executable, [sys.executable, "-m", "rls_tutor", "--content", str(hostile_course)]
        )
    raw = b""
    deadline = time.monotonic() + 20
    try:
        while time.monotonic() < deadline and b"problem" not in raw:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if ready:
                try:
                    raw += os.read(fd, 65536)
                except OSError:
                    break
        time.sleep(1.0)
        while select.select([fd], [], [], 0.3)[0]:
            try:
                raw += os.read(fd, 65536)
            except OSError:
                break
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)
    assert b"problem" in raw  # the banner was drawn
    assert b"\\x1b]52;c;SEFDSw==\\x07\\x0aforged" in raw  # shown escaped, on one line
    assert b"\x1b]52" not in raw and "\x9b".encode() not in raw
    # Textual's own OSC 22 (pointer shape) ends in BEL; no other BEL may appear
    assert b"\x07" not in re.sub(rb"\x1b\]22;[a-z-]*\x07", b"", raw)
