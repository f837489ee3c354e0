"""Start-up to the first interactive screen, in a real pseudo-terminal.

Compares `rls-tutor` (a fresh database: the welcome screen; a returning learner:
home with the course map filled in) with a bare Textual app that shows one
`Static`, launched the same way, alternately, in the same run. The clock stops
when the screen's text reaches the terminal.

    python benchmarks/bench_startup.py [--runs 9] [--size 100x30]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import shutil
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

BARE_APP = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("bare-app-ready")

Bare().run()
"""
WELCOME_MARKER = b"Which track suits you?"
HOME_MAP_MARKER = b"Putting it together"  # the last topic: the course map is listed
HOME_MARKER = b"Not started"  # a topic row's figures: only there once the progress has loaded
BARE_MARKER = b"bare-app-ready"
TIMEOUT = 30.0


def time_to_text(
    argv: list[str], marker: bytes, size: tuple[int, int], env: dict[str, str]
) -> float:
    """Seconds from spawning `argv` in a pty until `marker` appears in its output."""
    columns, rows = size
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal of the given size
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        os.execve(argv[0], argv, env)
    seen = b""
    try:
        while time.perf_counter() - start < TIMEOUT:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen = seen[-4096:] + chunk
            if marker in seen:
                return time.perf_counter() - start
        raise RuntimeError(f"{marker!r} never appeared; last output: {seen[-400:]!r}")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--size", default="100x30", help="COLUMNSxROWS")
    args = parser.parse_args()
    size = tuple(int(x) for x in args.size.split("x"))
    python = sys.executable
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    env.pop("TEXTUAL", None)

    work = Path(tempfile.mkdtemp(prefix="rls-bench-"))
    try:
        returning = work / "returning.sqlite3"
        # Make a returning learner once (the welcome screen, then Enter, then q).
        from rls_tutor.progress.store import ProgressStore

        with ProgressStore.open(returning) as store:
            store.ensure_learner("learner")
            store.set_last_learner("learner")
            store.set_setting("learner", "audience", "patient")

        cases = {
            "bare Textual app (one Static)": ([python, "-c", BARE_APP], BARE_MARKER),
            "rls-tutor, first run (welcome)": (None, WELCOME_MARKER),
            "rls-tutor, returning (home listed)": (
                [python, "-m", "rls_tutor", "--db", str(returning)],
                HOME_MAP_MARKER,
            ),
            "rls-tutor, returning (home filled)": (
                [python, "-m", "rls_tutor", "--db", str(returning)],
                HOME_MARKER,
            ),
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        for run in range(args.runs + 1):  # the first round warms the OS caches
            for name, (argv, marker) in cases.items():
                if argv is None:  # a fresh database every time
                    fresh = work / f"fresh-{run}.sqlite3"
                    argv = [python, "-m", "rls_tutor", "--db", str(fresh)]
                seconds = time_to_text(argv, marker, size, env)  # type: ignore[arg-type]
                if run:
                    times[name].append(seconds)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    bare = statistics.median(times["bare Textual app (one Static)"])
    print(f"start-up to the first screen, {size[0]}x{size[1]} pty, median of {args.runs} runs:")
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"  {name:34} {median * 1000:7.0f} ms  (min {min(values) * 1000:.0f}, "
            f"max {max(values) * 1000:.0f})  ratio {median / bare:.2f}x"
        )
    print("goal: within 1.5x of the bare app")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
