"""Start-up to the first frame and to the first *useful* screen, in a real pseudo-terminal.

Three programs are launched the same way, in turn (the order rotates each round),
in a pty with TERM=xterm-256color, and timed from the spawn:

- a bare Textual app that shows one `Static` (its first frame is its useful screen);
- `rls-tutor` for a new learner (a fresh database): the welcome screen counts as
  useful once the course's own notice and the track question are on the terminal;
- `rls-tutor` for a returning learner (answers recorded two days ago, a lesson under
  way): home counts as useful once a topic row shows its mastery figure and level
  (the figure is computed here, with the store, for the same moment) and the last
  topic of the course map is listed.

The first frame is the first visible letter or digit drawn after the program switches
to the alternate screen. The clock stops when the screen's text reaches the terminal,
escape sequences aside. The figures: median, spread (min-max) and the ratio of the
medians to the bare app's, for both the first frame and the useful screen; the goal
(GUIDE.md section 4) is the useful screen within 1.5x of the bare app.

By default the programs run as an installed package does, with compiled bytecode
(written once, in the first round, into a temporary PYTHONPYCACHEPREFIX); with
`--no-bytecode` nothing is written (PYTHONDONTWRITEBYTECODE=1), so modules that have
no compiled bytecode yet (rls_tutor's own, in a checkout) compile on every launch.
The course cache lives in a temporary XDG_CACHE_HOME, written while the returning
learner is made; the first round is not counted (it writes the bytecode and warms
the OS caches). `--cold-course` adds a new learner whose course cache is empty (the
first launch after an install or a course edit), for information.

    python benchmarks/bench_startup.py [--runs 9] [--size 100x30] [--no-bytecode] [--cold-course]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

BARE_APP = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("bare-app-ready")

Bare().run()
"""
BARE_MARKER = "bare-app-ready"
WELCOME_QUESTION = "Which track suits you?"
ALT_SCREEN = b"\x1b[?1049h"
# CSI, OSC (ended by BEL or ST), DCS/APC/PM/SOS strings, and two-byte escapes.
ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    rb"|\x1b[P_^X][^\x1b]*\x1b\\"
    rb"|\x1b[ -~]"
)
VISIBLE = re.compile(r"[A-Za-z0-9]")
TIMEOUT = 30.0
DAY = timedelta(days=1)


@dataclass
class Case:
    name: str
    argv: list[str] | None  # None: a fresh database each run
    useful: list[str]  # every one of these on the terminal: the useful screen is up
    env: dict[str, str] = field(default_factory=dict)  # on top of the common environment
    first: list[float] = field(default_factory=list)
    ready: list[float] = field(default_factory=list)


def screen_text(raw: bytes) -> str:
    """What the program drew on the alternate screen, escape sequences removed."""
    start = raw.find(ALT_SCREEN)
    if start < 0:
        return ""
    return ESCAPES.sub(b"", raw[start + len(ALT_SCREEN) :]).decode("utf-8", "replace")


def timed_run(
    argv: list[str], useful: list[str], size: tuple[int, int], env: dict[str, str]
) -> tuple[float, float]:
    """Seconds from spawning `argv` in a pty to its first frame and to its useful screen."""
    columns, rows = size
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal of the given size
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        os.execve(argv[0], argv, env)
    raw = b""
    first: float | None = None
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
            now = time.perf_counter() - start
            raw += chunk
            text = screen_text(raw)
            if first is None and VISIBLE.search(text):
                first = now
            if first is not None and all(marker in text for marker in useful):
                return first, now
        missing = [m for m in useful if m not in screen_text(raw)]
        raise RuntimeError(f"{missing!r} never appeared; last output: {raw[-600:]!r}")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def returning_learner(path: Path, course_root: Path) -> list[str]:
    """A learner who answered the first topic's questions two days ago and is part-way
    through its lesson; returns the text home must show: a topic's figure and level,
    and the last topic's title."""
    from rls_tutor.content.loader import load_course
    from rls_tutor.progress.store import ProgressStore
    from rls_tutor.session.learning import begin, start

    now = datetime.now(UTC)
    course = load_course(course_root)
    first_topic = course.topics[0]
    with ProgressStore.open(path) as store:
        store.ensure_learner("learner")
        store.set_last_learner("learner")
        store.set_setting("learner", "audience", "patient")
        questions = course.questions_for_topic(first_topic.id, "patient")
        for n, question in enumerate(questions):
            right = [i for i, option in enumerate(question.options) if option.correct]
            picked = (
                right
                if n % 4
                else [next(i for i, o in enumerate(question.options) if not o.correct)]
            )
            store.record_answer(
                "learner", question, first_topic.id, picked, seconds=5, now=now - 2 * DAY
            )
        lesson = course.lessons_for_topic(first_topic.id)[0]
        store.save_position("learner", lesson.id, 1, now=now - 2 * DAY)
    startup = start(course_root, path, learner=None, audience=None, create_parent=False)
    try:
        session = begin(startup, startup.learner, startup.audience)
        data = session.home_data()
    finally:
        startup.store.close()
    shown = next(t for t in data.topics if t.topic_id == first_topic.id)
    return [f"{shown.mastery:4.0%}  {shown.level}", course.topics[-1].title]


def notice_start(course_root: Path) -> str:
    """The first words of the course's notice (they fit on the notice's first line)."""
    from rls_tutor.content.loader import load_course

    return " ".join(load_course(course_root).notice.split()[:6])


def summary(values: list[float], base: float) -> str:
    median = statistics.median(values)
    return (
        f"{median * 1000:6.0f} ms ({min(values) * 1000:4.0f}-{max(values) * 1000:4.0f})"
        f" {median / base:5.2f}x"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="counted rounds (default 9)")
    parser.add_argument("--size", default="100x30", help="COLUMNSxROWS")
    parser.add_argument(
        "--no-bytecode", action="store_true", help="compile every module on every launch"
    )
    parser.add_argument(
        "--cold-course", action="store_true", help="also a new learner with no course cache"
    )
    args = parser.parse_args()
    columns, rows = (int(x) for x in args.size.split("x"))
    size = (columns, rows)
    python = sys.executable

    from rls_tutor.locations import default_course_root

    course_root = default_course_root()
    work = Path(tempfile.mkdtemp(prefix="rls-bench-"))
    os.environ["XDG_CACHE_HOME"] = str(work / "cache")  # ours too: the user's cache stays as is
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    for name in ("TEXTUAL", "TEXTUAL_DRIVER", "RLS_TUTOR_DB", "RLS_TUTOR_CONTENT"):
        env.pop(name, None)
    if args.no_bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    tutor = [python, "-m", "rls_tutor", "--content", str(course_root), "--db"]
    try:
        returning = work / "returning.sqlite3"
        cases = [
            Case("bare Textual app (one Static)", [python, "-c", BARE_APP], [BARE_MARKER]),
            Case(
                "new learner (welcome, notice)", None, [notice_start(course_root), WELCOME_QUESTION]
            ),
            Case(
                "returning (home, mastery figures)",
                [*tutor, str(returning)],
                returning_learner(returning, course_root),
            ),
        ]
        if args.cold_course:
            cases.append(
                Case(
                    "new learner, no course cache",
                    None,
                    cases[1].useful,
                    {"XDG_CACHE_HOME": str(work / "no-cache")},
                )
            )
        print(f"useful-screen markers: {[case.useful for case in cases]}", file=sys.stderr)
        for round_ in range(args.runs + 1):  # round 0 writes the caches and is not counted
            shift = round_ % len(cases)
            for case in cases[shift:] + cases[:shift]:
                argv = case.argv
                if argv is None:  # a fresh database every time
                    fresh = work / f"fresh-{round_}-{cases.index(case)}.sqlite3"
                    argv = [*tutor, str(fresh)]
                if case.name.endswith("no course cache"):
                    shutil.rmtree(work / "no-cache", ignore_errors=True)
                first, ready = timed_run(argv, case.useful, size, {**env, **case.env})
                if round_:
                    case.first.append(first)
                    case.ready.append(ready)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    bare = cases[0]
    first_base, ready_base = statistics.median(bare.first), statistics.median(bare.ready)
    mode = "no bytecode cache" if args.no_bytecode else "bytecode cached"
    print(
        f"start-up in a {columns}x{rows} pty, TERM=xterm-256color, {mode}; "
        f"median (min-max) of {args.runs} alternating runs, ratio to the bare app's median"
    )
    print(f"  {'':34} {'first frame':>28}   {'first useful screen':>28}")
    for case in cases:
        print(
            f"  {case.name:34} {summary(case.first, first_base)}   "
            f"{summary(case.ready, ready_base)}"
        )
    worst = max(statistics.median(case.ready) / ready_base for case in cases[1:3])
    verdict = "met" if worst <= 1.5 else "NOT met"
    print(f"goal: the useful screen within 1.5x of the bare app: {verdict} (worst {worst:.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
