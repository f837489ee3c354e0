"""Driving `rls-tutor study --plain` through a pseudo-terminal (the standard `pty`
module): what a learner types goes in as lines, everything the tutor writes (and the
terminal's echo of the typing) is kept raw, so a test can read it and check that no
escape sequence or control character ever came out."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

FIXTURE_COURSE = Path(__file__).resolve().parents[1] / "fixtures" / "course"
TIMEOUT = 30.0


class Plain:
    """One run of the plain mode in a pseudo-terminal."""

    def __init__(self, db: Path, *args: str, content: Path = FIXTURE_COURSE) -> None:
        master, slave = pty.openpty()
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "rls_tutor",
                "study",
                "--plain",
                "--db",
                str(db),
                "--content",
                str(content),
                *args,
            ],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,  # the pty becomes its controlling terminal
        )
        os.close(slave)
        self.master = master
        self.raw = bytearray()
        self.seen = 0  # `expect` looks after this offset of the text
        self.closed = False  # the output ended
        self._fd_open = True

    # --- reading -----------------------------------------------------------------

    @property
    def text(self) -> str:
        return self.raw.decode("utf-8", errors="replace").replace("\r\n", "\n")

    def _read(self, timeout: float) -> bool:
        """Read what is there (waiting up to `timeout`); False at the end of output."""
        if self.closed:
            return False
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: the child closed the terminal
            chunk = b""
        if not chunk:
            self.closed = True
            return False
        self.raw += chunk
        return True

    def expect(self, pattern: str, timeout: float = TIMEOUT) -> re.Match[str]:
        """Wait for `pattern` (a regular expression) after what was matched before."""
        wanted = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            found = wanted.search(self.text, self.seen)
            if found:
                self.seen = found.end()
                return found
            if time.monotonic() > deadline or not self._read(0.1):
                if found := wanted.search(self.text, self.seen):
                    self.seen = found.end()
                    return found
                tail = self.text[self.seen :][-3000:]
                raise AssertionError(f"no {pattern!r} in the output; after the last match:\n{tail}")

    def prompt(self) -> str:
        """The text up to and including the next prompt (a line naming its help key)."""
        start = self.seen
        self.expect(r"h for help[^\n]*\n|h help[^\n]*\n")
        return self.text[start : self.seen]

    # --- typing ------------------------------------------------------------------

    def send(self, line: str = "") -> None:
        os.write(self.master, line.encode() + b"\n")

    def send_eof(self) -> None:
        os.write(self.master, b"\x04")  # Ctrl+D at the start of a line: the end of input

    def wait(self, timeout: float = TIMEOUT) -> int:
        deadline = time.monotonic() + timeout
        while self._read(0.1) and time.monotonic() < deadline:
            pass
        status = self.proc.wait(timeout=max(1.0, deadline - time.monotonic()))
        self.close()
        return status

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self._fd_open:
            self._fd_open = False
            os.close(self.master)


def option_number(screen: str, text: str) -> str:
    """The number the options of the last question shown give to `text`."""
    found = re.findall(rf"^(\d+)\. {re.escape(text)}$", screen, re.MULTILINE)
    assert found, f"no option {text!r} in:\n{screen}"
    return found[-1]


def control_characters(raw: bytes) -> list[str]:
    """Every control character in the raw output but newline and carriage return (the
    terminal's own line ending), as reprs: C0, DEL and C1."""
    text = raw.decode("utf-8", errors="strict")
    return [repr(c) for c in text if (ord(c) < 0x20 and c not in "\n\r") or 0x7F <= ord(c) <= 0x9F]
