"""`rls-tutor serve` in a real browser: Debian's Chromium, driven by Playwright, opens
the served page, keys pressed in the page start the first lesson and answer its first
check, and the answer is in the progress file.

The page draws the terminal on a canvas, so the test reads what the tutor sends it:
the websocket frames, stripped of their escape sequences. Only the Playwright Python
package is used, never `playwright install`: the browser is the system's Chromium
(`.ci/run` installs Debian's), and the test is skipped where there is none.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rls_tutor.progress.store import ProgressStore

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium on this machine (Debian: apt-get install chromium; .ci/run does)",
)
playwright_api = pytest.importorskip(
    "playwright.async_api", reason="the Playwright package is not installed (the test extra)"
)

FIXTURE_COURSE = Path(__file__).resolve().parents[1] / "fixtures" / "course"
LEARNER = "Ada O'Lovelace -x"  # a space, a quote and a dash: the options reach `study` intact
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# CSI (colours, cursor moves), OSC (title, clipboard) and other two-byte escapes.
ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")
STEP_TIMEOUT = 20.0  # seconds for any one thing to appear


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(server: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + STEP_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the server ended ({server.returncode}):\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listened on port {port}:\n{log.read_text()}")


def stop(server: subprocess.Popen[bytes]) -> None:
    """SIGTERM (textual-serve quits each tutor the way `q` does), then SIGKILL; the
    server leads a process group of its own, holding the tutors it started."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)  # any tutor left behind
    server.wait(timeout=5)


class Screen:
    """What the tutor has sent to the page, as plain text."""

    def __init__(self) -> None:
        self.frames: list[str] = []

    def receive(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):
            payload = payload.decode("utf-8", "replace")
        self.frames.append(payload)

    def text(self) -> str:
        return ESCAPES.sub("", "".join(self.frames))

    async def wait(self, *needles: str) -> str:
        """The first of `needles` the tutor sends."""
        deadline = time.monotonic() + STEP_TIMEOUT
        while time.monotonic() < deadline:
            text = self.text()
            for needle in needles:
                if needle in text:
                    return needle
            await asyncio.sleep(0.05)
        raise AssertionError(f"never shown: {needles}; last text: {self.text()[-1500:]!r}")


async def wait_for_answer(db: Path) -> None:
    deadline = time.monotonic() + STEP_TIMEOUT
    while time.monotonic() < deadline:
        with ProgressStore.open(db) as store:
            if store.answer_count(LEARNER):
                return
        await asyncio.sleep(0.1)
    raise AssertionError("no answer was saved")


async def test_a_question_answered_in_chromium_is_saved(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    log = tmp_path / "serve.log"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        *(sys.executable, "-m", "rls_tutor", "serve", "--port", str(port)),
        *("--db", str(db), "--learner", LEARNER, "--content", str(FIXTURE_COURSE)),
    ]
    with log.open("wb") as out:
        server = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        wait_for_port(server, port, log)
        assert f"open {base} in a web browser" in log.read_text()
        screen = Screen()
        requests: list[str] = []
        async with playwright_api.async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, timeout=30_000
            )
            try:
                page = await browser.new_page(viewport={"width": 1000, "height": 700})
                page.set_default_timeout(STEP_TIMEOUT * 1000)
                page.on("request", lambda request: requests.append(request.url))
                page.on("websocket", lambda ws: ws.on("framereceived", screen.receive))
                await page.goto(base + "/")
                try:
                    await screen.wait("Welcome to Fixture course")  # the course has loaded
                    await page.click("#terminal")  # focus the terminal, as a person would
                    await page.keyboard.press("Enter")  # the suggested name and track: start
                    await screen.wait("First screen")  # the first lesson's first screen
                    await page.keyboard.press("Enter")
                    await screen.wait("Which answer is right?")  # its first check
                    await page.keyboard.press("1")
                    await page.keyboard.press("Enter")
                    verdict = await screen.wait("Correct.", "Not quite.")
                    await wait_for_answer(db)
                except AssertionError:
                    await page.screenshot(path=tmp_path / "page.png")
                    raise
            finally:
                await browser.close()
    finally:
        stop(server)

    # Everything the page loaded came from the server itself: no CDN, no web font service.
    assert requests, "the page made no request"
    assert all(url.startswith(base + "/") for url in requests), requests
    with ProgressStore.open(db) as store:
        [answer] = store.recent_answers(LEARNER)
    assert answer.question_id == "alpha-both"
    assert answer.topic_id == "alpha"
    assert len(answer.chosen) == 1  # option 1 as shown; options are shuffled per learner
    assert answer.correct is (verdict == "Correct.")
