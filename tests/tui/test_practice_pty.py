"""`rls-tutor practice` in a real terminal (a pseudo-terminal), as a new user would:
a timed block of 5 answered with 1 and Enter, one flagged with f, ended; then
`rls-tutor blocks --json`. And the same block killed with SIGKILL half-way, resumed
with its answers and the time it had left."""

from __future__ import annotations

import fcntl
import json
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from rls_tutor.progress.store import ProgressStore

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX ptys and signals")

ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Z0-9]|\x1b[=>]")


def env_for(tmp_path: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "HOME": str(tmp_path / "home"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "TERM": "xterm-256color",
    }
    for name in ("TEXTUAL_DRIVER", "RLS_TUTOR_DB", "RLS_TUTOR_CONTENT"):
        env.pop(name, None)
    return env


class Terminal:
    """The tutor on a 100x30 pseudo-terminal; `wait` reads until a text shows."""

    def __init__(self, tmp_path: Path, args: list[str]) -> None:
        import pty

        env = env_for(tmp_path)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(sys.executable, [sys.executable, "-m", "rls_tutor", *args], env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        self.out = b""
        self.mark = 0  # `wait` looks at the output after the last match

    def wait(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            plain = ANSI.sub(b"", self.out[self.mark :]).decode("utf-8", errors="replace")
            if text in plain:
                self.mark = len(self.out)
                return
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                self.out += chunk
        tail = ANSI.sub(b"", self.out[-3000:]).decode("utf-8", errors="replace")
        raise AssertionError(f"{text!r} never showed; the end of the output:\n{tail}")

    def send(self, *keys: str) -> None:
        for key in keys:
            os.write(self.fd, key.encode())
            time.sleep(0.15)

    def drain(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    self.out += os.read(self.fd, 65536)
                except OSError:
                    return

    def finish(self, kill: bool = False) -> int:
        if kill:
            os.kill(self.pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        status = None
        while time.monotonic() < deadline:
            self.drain(0.1)
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                break
        else:
            os.kill(self.pid, signal.SIGKILL)
            _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status or 0)


def blocks_json(tmp_path: Path, db: Path) -> list[dict[str, object]]:
    done = subprocess.run(
        [sys.executable, "-m", "rls_tutor", "blocks", "--json", "--db", str(db)],
        env=env_for(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def answer(term: Terminal, number: int, flag: bool = False) -> None:
    term.wait(f"Question {number} of 5")
    if flag:
        term.send("f")
        term.wait("⚑ flagged")
    term.send("1", "\r")


def test_a_timed_block_in_a_terminal(tmp_path: Path) -> None:
    db = tmp_path / "b.sqlite3"
    term = Terminal(tmp_path, ["practice", "--count", "5", "--timed", "--db", str(db)])
    term.wait("Your name")  # a new user: the welcome first, Enter takes the defaults
    term.send("\r")
    term.wait("Timed block")
    for number in range(1, 6):
        answer(term, number, flag=number == 3)
    term.wait("Every question is answered")
    term.send("e")
    term.wait("End the block?")
    term.send("y")
    term.wait("Block report")
    term.wait("5 answered")
    term.send("q")
    assert term.finish() == 0
    (block,) = blocks_json(tmp_path, db)
    assert (block["count"], block["answered"], block["flagged"]) == (5, 5, 1)
    assert block["mode"] == "timed" and block["finished_at"]
    with ProgressStore.open(db) as store:
        assert store.answer_count() == 5  # each answer recorded once, at the end


def test_a_killed_block_resumes_with_its_answers_and_time(tmp_path: Path) -> None:
    db = tmp_path / "b.sqlite3"
    args = ["practice", "--count", "5", "--timed", "--db", str(db)]
    term = Terminal(tmp_path, args)
    term.wait("Your name")
    term.send("\r")
    term.wait("Timed block")
    answer(term, 1)
    answer(term, 2, flag=True)
    term.wait("Question 3 of 5")
    term.drain(1.5)
    assert term.finish(kill=True) == -signal.SIGKILL
    with ProgressStore.open(db) as store:
        saved = store.unfinished_block("learner")
        assert saved is not None
        assert [q.chosen is not None for q in saved.questions] == [True, True, False, False, False]
        assert saved.questions[1].flagged and saved.position == 2
        assert 0 < saved.elapsed < 60
        left = 5 * 90 - saved.elapsed
        assert store.answer_count() == 0  # a timed block records when it ends

    again = Terminal(tmp_path, args)
    again.wait("Question 3 of 5 · 2 answered")  # no welcome: a known learner
    minutes, seconds = divmod(int(left), 60)
    shown = re.search(rb"Time left (\d+):(\d\d)", ANSI.sub(b"", again.out))
    assert shown is not None
    on_screen = int(shown[1]) * 60 + int(shown[2])
    assert left - 3 <= on_screen <= left + 1, (on_screen, left, f"{minutes}:{seconds:02d}")
    again.send("\x1b[D")  # ←: the answer given before the kill is there
    again.wait("Question 2 of 5 · 2 answered · ⚑ flagged")
    again.send("q")
    assert again.finish() == 0
    with ProgressStore.open(db) as store:
        resumed = store.unfinished_block("learner")
        assert resumed is not None and resumed.id == saved.id
        assert resumed.elapsed >= saved.elapsed
