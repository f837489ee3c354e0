"""`rls-tutor sync --lrs URL` against a real LRS, and the statements checked by Ralph.

A Ralph LRS (ralph-malph, in the `test` extra) runs on 127.0.0.1 on a free port with
its file backend in the test's tmp folder; each test starts its own and always stops
it (ralph_lrs.py says how, and the one thing it changes). The few answers Ralph
cannot be made to give (503, 429, a redirect, a slow answer) come from a tiny
http.server stub on 127.0.0.1. Every wait is bounded.
"""

from __future__ import annotations

import base64
import io
import json
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from rls_tutor.cli import main
from rls_tutor.commands.sync import ProgressBar
from rls_tutor.content.course import Course
from rls_tutor.content.loader import load_course
from rls_tutor.export import lrs
from rls_tutor.export.identity import make_identity
from rls_tutor.export.xapi import statements
from rls_tutor.locations import bundled_course_root
from rls_tutor.progress.records import LoggedAnswer
from rls_tutor.progress.store import ProgressStore

ralph_models = pytest.importorskip("ralph.models.xapi.base.statements")
pytest.importorskip("uvicorn")

LAUNCHER = Path(__file__).with_name("ralph_lrs.py")
T0 = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
LEARNERS = ("ann", "bob", "Zoë Ünal")
PAGE = 10  # Ralph's page size here, so reading back follows `more`
PROXIES = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")
EXPERIENCED = "http://adlnet.gov/expapi/verbs/experienced"
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))

# --- a progress file with every kind of answer --------------------------------------------


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(bundled_course_root())


def make_progress(path: Path, course: Course) -> int:
    """Three learners over 15 questions: right, wrong, several options, none chosen
    (a statement without a response), unsure and sure; one answer to an earlier
    version of a question (its statement carries no choices) and one to a question
    no longer in the course. Returns the number of answers."""
    questions = list(course.questions.values())[:15]
    with ProgressStore.open(path) as store:
        for n, learner in enumerate(LEARNERS):
            for i, q in enumerate(questions):
                k = n * len(questions) + i
                chosen = [k % len(q.options)]
                if k % 3 == 0:
                    chosen = sorted(q.correct_indexes)
                if k % 7 == 3:
                    chosen = []
                elif q.type == "multiple" and k % 5 == 0:
                    chosen = [0, 1]
                store.record_answer(
                    learner,
                    q,
                    course.question_topic[q.id],
                    chosen,
                    certain=(None, True, False)[k % 3],
                    seconds=k * 1.5,
                    now=T0 + timedelta(minutes=k),
                )
        first = questions[0]
        older = first.model_copy(update={"stem": first.stem + " (as first written)"})
        store.record_answer(
            "ann", older, course.question_topic[first.id], [0], now=T0 - timedelta(days=3)
        )
        retired = questions[1].model_copy(update={"id": "a-retired-question"})
        store.record_answer(
            "bob", retired, course.question_topic[questions[1].id], [1], now=T0 - timedelta(2)
        )
        return store.answer_count()


@pytest.fixture
def db(tmp_path: Path, course: Course) -> Path:
    path = tmp_path / "class.sqlite3"
    assert make_progress(path, course) == 47
    return path


@pytest.fixture
def emails(tmp_path: Path) -> Path:
    path = tmp_path / "emails.csv"
    path.write_text("name,email\nbob,bob@example.org\n", encoding="utf-8")
    return path


def expected_ids(db: Path) -> list[str]:
    with ProgressStore.open(db) as store:
        identity = make_identity(store.install_id())
        return sorted(identity.statement_id(a.id) for a in store.answer_log())


def store_log(db: Path) -> list[LoggedAnswer]:
    with ProgressStore.open(db) as store:
        return store.answer_log()


def sent_rows(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM lrs_sent").fetchone()[0])
    finally:
        conn.close()


# --- the real LRS ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def credentials(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, Path]:
    """A user written to an auth file by `ralph auth` (once per module: bcrypt is slow)."""
    folder = tmp_path_factory.mktemp("ralph-auth")
    user, password = "teacher", secrets.token_urlsafe(12)
    auth_file = folder / "auth.json"
    env = {
        **os.environ,
        "RALPH_AUTH_FILE": str(auth_file),
        "RALPH_APP_DIR": str(folder / "app"),
        "RALPH_RUNSERVER_BACKEND": "fs",  # ralph auth imports the API, which loads it
    }
    command = [sys.executable, "-m", "ralph", "auth", "-w", "-u", user, "-p", password]
    done = subprocess.run(
        [*command, "-s", "all", "-M", "mailto:teacher@example.org"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(auth_file.read_text())[0]["username"] == user
    return user, password, auth_file


class Ralph:
    """Ralph's LRS in a child process of its own (a session of its own, so stopping it
    stops whatever it started)."""

    def __init__(self, folder: Path, auth_file: Path, user: str, password: str) -> None:
        self.folder, self.auth_file = folder, auth_file
        self.data = folder / "data"
        self.data.mkdir(parents=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/xAPI"
        self.auth = (user, password)
        self.process: subprocess.Popen[bytes] | None = None

    def spawn(self) -> None:
        env = {
            **{k: v for k, v in os.environ.items() if k not in PROXIES},
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.data),
            "RALPH_AUTH_FILE": str(self.auth_file),
            "RALPH_APP_DIR": str(self.folder / "app"),
            "RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT": str(PAGE),
        }
        with open(self.folder / "server.log", "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(LAUNCHER), "127.0.0.1", str(self.port)],
                cwd=self.data,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            assert self.process is not None
            if self.process.poll() is not None:
                raise AssertionError(f"Ralph exited ({self.process.returncode}): {self.log()}")
            try:
                heartbeat = f"http://127.0.0.1:{self.port}/__heartbeat__"
                with DIRECT.open(heartbeat, timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"Ralph did not answer within {timeout} s: {self.log()}")
            time.sleep(0.1)

    def start(self) -> None:
        self.spawn()
        self.wait_ready()

    def stop(self, *, crash: bool = False) -> None:
        """SIGTERM (SIGKILL for a crash) to the server's own process group, then wait."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGKILL if crash else signal.SIGTERM)
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)
        except ProcessLookupError:
            pass

    def log(self) -> str:
        return (self.folder / "server.log").read_text(errors="replace")[-3000:]

    def statements(self) -> list[dict[str, Any]]:
        """Every statement the LRS returns to a GET, page by page (its own code, not the
        client under test)."""
        token = base64.b64encode(":".join(self.auth).encode()).decode()
        headers = {"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"}
        found: list[dict[str, Any]] = []
        page: str | None = f"{self.url}/statements"
        for _ in range(1000):
            if page is None:
                return found
            request = urllib.request.Request(page, headers=headers)
            with DIRECT.open(request, timeout=30) as answer:
                result = json.loads(answer.read())
            found += result["statements"]
            more = result.get("more")
            page = f"http://127.0.0.1:{self.port}{more}" if more else None
        raise AssertionError("more than 1000 pages")

    def stored_lines(self) -> list[dict[str, Any]]:
        """The backend's own file: one JSON line per statement stored."""
        path = self.data / "fs_lrs.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


@pytest.fixture
def ralph(
    tmp_path: Path, credentials: tuple[str, str, Path], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Ralph]:
    user, password, auth_file = credentials
    for name in PROXIES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(lrs.ENV_USER, user)
    monkeypatch.setenv(lrs.ENV_PASSWORD, password)
    server = Ralph(tmp_path / "ralph", auth_file, user, password)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Retries in tenths of a second; returns the waits taken."""
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        time.sleep(seconds)

    monkeypatch.setattr(lrs, "RETRY", lrs.Retry(tries=3, first_delay=0.05, max_delay=0.1))
    monkeypatch.setattr(lrs, "_sleep", sleep)
    return waits


def sync(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str, str]:
    code = main(["sync", "--lrs", url, *args])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_statement_per_answer(ralph: Ralph, db: Path) -> None:
    wanted = expected_ids(db)
    served = sorted(s["id"] for s in ralph.statements())
    assert served == wanted, f"{len(served)} statements served for {len(wanted)} answers"
    assert sorted(s["id"] for s in ralph.stored_lines()) == wanted  # no duplicate on disk


def hook_batches(
    monkeypatch: pytest.MonkeyPatch, before: int, action: Callable[[], None]
) -> list[int]:
    """Run `action` just before batch number `before` (1-based) is posted."""
    real = lrs.post_statements
    sizes: list[int] = []

    def hooked(*args: Any, **kwargs: Any) -> lrs.Posted:
        sizes.append(len(args[1]))
        if len(sizes) == before:
            action()
        return real(*args, **kwargs)

    monkeypatch.setattr(lrs, "post_statements", hooked)
    return sizes


# --- Ralph validates every statement ---------------------------------------------------------


def test_every_statement_validates_with_ralphs_xapi_model(
    tmp_path: Path, db: Path, emails: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "statements.jsonl"
    assert main(["export", "xapi", str(out), "--db", str(db), "--emails", str(emails)]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 47
    # Ralph's base model of an xAPI statement, the strict one (no empty values, the
    # context rules, IRIs, the version pattern). Not `ralph validate --format xapi`:
    # its model selector routes every `answered` statement about a cmi.interaction
    # to the virtual-classroom profile (VirtualClassroomAnsweredPoll) and rejects
    # statements of no profile, so no `ralph validate` run checks plain xAPI.
    for line in lines:
        ralph_models.BaseXapiStatement.model_validate(line)
    # every kind of statement the file makes was among them
    assert any("mbox" in s["actor"] for s in lines) and any("account" in s["actor"] for s in lines)
    assert any("response" not in s["result"] for s in lines)  # nothing chosen
    definitions = [s["object"]["definition"] for s in lines]
    assert sum("choices" not in d for d in definitions) == 2  # an earlier version, a retired one
    assert any("[,]" in s["result"].get("response", "") for s in lines)  # several options


# --- sync against the real LRS ---------------------------------------------------------------


def test_sync_stores_one_statement_per_answer_and_a_second_sync_sends_nothing(
    ralph: Ralph, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = sync(capsys, ralph.url, "--db", str(db), "--batch", "20")
    assert (code, out, err) == (0, "47 statements sent, 0 already there\n", "")
    assert_one_statement_per_answer(ralph, db)
    assert sent_rows(db) == 47

    assert sync(capsys, ralph.url, "--db", str(db)) == (
        0,
        "0 statements sent, 0 already there\n",
        "",
    )
    assert len(ralph.stored_lines()) == 47

    # The same LRS under another spelling of its address is the same LRS.
    same = ralph.url.replace("/xAPI", "/xAPI/").replace("http:", "HTTP:")
    assert sync(capsys, same, "--db", str(db))[1] == "0 statements sent, 0 already there\n"

    # A progress file that forgot what it sent (an older backup, say): the LRS keeps one.
    raw = sqlite3.connect(db)
    with raw:
        raw.execute("DELETE FROM lrs_sent")
    raw.close()
    code, out, _ = sync(capsys, ralph.url, "--db", str(db), "--batch", "15")
    assert (code, out) == (0, "0 statements sent, 47 already there\n")
    assert_one_statement_per_answer(ralph, db)
    assert sent_rows(db) == 47

    # A new answer is all the next sync sends.
    with ProgressStore.open(db) as store:
        course = load_course(bundled_course_root())
        question = next(iter(course.questions.values()))
        store.record_answer("ann", question, course.question_topic[question.id], [0])
    assert sync(capsys, ralph.url, "--db", str(db))[1] == "1 statements sent, 0 already there\n"
    assert_one_statement_per_answer(ralph, db)

    # ann starts over: her answers are forgotten here (the LRS keeps them), and her new
    # answer gets a new id, so a new statement id, not the one of her latest old answer.
    in_lrs = expected_ids(db)
    with ProgressStore.open(db) as store:
        store.reset("ann")
        store.record_answer("ann", question, course.question_topic[question.id], [1])
    code, out, err = sync(capsys, ralph.url, "--db", str(db))
    assert (code, out, err) == (0, "1 statements sent, 0 already there\n", "")
    served = sorted(s["id"] for s in ralph.statements())
    assert served == sorted({*in_lrs, *expected_ids(db)}) and len(served) == 49


def test_statements_changed_since_they_were_sent_stay_as_the_lrs_has_them(
    ralph: Ralph, db: Path, emails: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Sent with pseudonyms, forgotten, sent again naming bob by e-mail: Ralph answers
    each batch holding one of bob's statements with 409 (a differing statement under
    the same id), so those batches go again one statement at a time."""
    assert sync(capsys, ralph.url, "--db", str(db))[:2] == (
        0,
        "47 statements sent, 0 already there\n",
    )
    raw = sqlite3.connect(db)
    with raw:
        raw.execute("DELETE FROM lrs_sent")
    raw.close()
    code, out, err = sync(capsys, ralph.url, "--db", str(db), "--emails", str(emails))
    assert (code, out) == (0, "0 statements sent, 47 already there\n")
    assert "warning: the LRS holds 16 of these statements in another form" in err  # bob's
    assert sent_rows(db) == 47
    assert_one_statement_per_answer(ralph, db)
    assert not any("mbox" in s["actor"] for s in ralph.statements())  # Ralph kept its own


def test_a_server_stopped_mid_sync_and_restarted(
    ralph: Ralph,
    db: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    quick_retries: list[float],
) -> None:
    real = lrs.post_statements
    sizes = hook_batches(monkeypatch, 2, lambda: ralph.stop(crash=True))
    code, out, err = sync(capsys, ralph.url, "--db", str(db), "--batch", "5")
    assert code == 1 and out == ""
    assert f"could not reach the LRS at {ralph.url}" in err and "gave up after 3 tries" in err
    assert "5 of 47 statements were accepted before that and will not be sent again" in err
    assert sizes == [5, 5] and len(quick_retries) == 2
    assert sent_rows(db) == 5  # the first batch only
    assert len(ralph.stored_lines()) == 5

    monkeypatch.setattr(lrs, "post_statements", real)
    ralph.start()  # the same port, the same data
    code, out, err = sync(capsys, ralph.url, "--db", str(db), "--batch", "5")
    assert (code, out, err) == (0, "42 statements sent, 0 already there\n", "")
    assert_one_statement_per_answer(ralph, db)


def test_an_answer_lost_after_the_lrs_stored_the_batch(
    ralph: Ralph, db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The LRS stores batch 2, then dies before its answer comes back: batch 2 is not
    marked, and the next sync finds those statements already there."""
    real = lrs.post_statements
    calls: list[int] = []

    def stored_then_lost(*args: Any, **kwargs: Any) -> lrs.Posted:
        calls.append(1)
        posted = real(*args, **kwargs)
        if len(calls) == 2:
            ralph.stop(crash=True)
            raise lrs.LrsError("the connection was lost (simulated)")
        return posted

    monkeypatch.setattr(lrs, "post_statements", stored_then_lost)
    code, _, err = sync(capsys, ralph.url, "--db", str(db), "--batch", "5")
    assert code == 1 and "5 of 47 statements were accepted before that" in err
    assert sent_rows(db) == 5 and len(ralph.stored_lines()) == 10

    monkeypatch.setattr(lrs, "post_statements", real)
    ralph.start()
    code, out, _ = sync(capsys, ralph.url, "--db", str(db), "--batch", "5")
    assert (code, out) == (0, "37 statements sent, 5 already there\n")
    assert_one_statement_per_answer(ralph, db)
    assert sent_rows(db) == 47


def test_a_server_restarted_during_the_backoff_lets_the_same_sync_finish(
    ralph: Ralph, db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        time.sleep(seconds)

    # up to 0.2 + 0.4 + 0.8 + 1.6 + 2 * 10 s of waiting: plenty for Ralph to come back
    monkeypatch.setattr(lrs, "RETRY", lrs.Retry(tries=15, first_delay=0.2, max_delay=2.0))
    monkeypatch.setattr(lrs, "_sleep", sleep)

    def restart() -> None:
        ralph.stop(crash=True)
        ralph.spawn()  # not waiting: the sync's retries find it when it is up

    hook_batches(monkeypatch, 3, restart)
    code, out, err = sync(capsys, ralph.url, "--db", str(db), "--batch", "5")
    assert (code, out, err) == (0, "47 statements sent, 0 already there\n", "")
    assert waits, "the restarted server was reached without a retry"
    ralph.wait_ready()
    assert_one_statement_per_answer(ralph, db)


def test_wrong_credentials_stop_with_a_clear_message_and_mark_nothing(
    ralph: Ralph,
    db: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    credentials: tuple[str, str, Path],
) -> None:
    _, password, _ = credentials
    wrong = "not-" + password
    monkeypatch.setenv(lrs.ENV_PASSWORD, wrong)
    started = time.monotonic()
    code, out, err = sync(capsys, ralph.url, "--db", str(db), "--batch", "5")
    assert code == 1 and out == ""
    assert time.monotonic() - started < 10  # refused at once, not retried
    assert err == (
        f"rls-tutor: error: the LRS at {ralph.url} refused the credentials (HTTP 401 "
        "Unauthorized: Invalid authentication credentials); check RLS_TUTOR_LRS_USER and "
        "RLS_TUTOR_LRS_PASSWORD; nothing was marked as sent\n"
    )
    assert password not in out + err and wrong not in out + err
    assert sent_rows(db) == 0 and ralph.statements() == []

    monkeypatch.delenv(lrs.ENV_USER)
    monkeypatch.delenv(lrs.ENV_PASSWORD)
    code, _, err = sync(capsys, ralph.url, "--db", str(db))
    assert code == 1 and "asks for credentials (HTTP 401" in err and "RLS_TUTOR_LRS_USER" in err
    assert sent_rows(db) == 0 and ralph.stored_lines() == []


def test_answers_read_back_from_the_lrs(
    ralph: Ralph,
    db: Path,
    emails: Path,
    course: Course,
    capsys: pytest.CaptureFixture[str],
) -> None:
    base = "https://lms.example.org/rls"
    args = ("--db", str(db), "--emails", str(emails), "--activity-base", base)
    assert sync(capsys, ralph.url, *args)[0] == 0
    # a statement of another course in the same LRS
    with ProgressStore.open(db) as store:
        identity = make_identity(store.install_id(), base)
        other = statements(store.answer_log()[:1], replace(course, title="Other"), identity)
    other[0]["id"] = "00000000-0000-4000-8000-000000000001"
    assert other[0]["object"]["id"].startswith(f"{base}/courses/other/questions/")
    # and another verb about one of this course's questions
    seen = statements(store_log(db)[-2:-1], course, identity)[0]
    seen |= {"id": "00000000-0000-4000-8000-000000000002", "verb": {"id": EXPERIENCED}}
    posted = lrs.post_statements(ralph.url, [*other, seen], ralph.auth)
    assert len(posted.stored) == 2

    skipped: Counter[str] = Counter()
    got = lrs.read_responses(ralph.url, ralph.auth, course, skipped=skipped)
    assert skipped == Counter(
        {"earlier version": 1, "not in course": 1, "other course": 1, "not an answer": 1}
    )

    with ProgressStore.open(db) as store:
        identity = make_identity(store.install_id(), base)
        log = store.answer_log()
    current = {qid: q.fingerprint() for qid, q in course.questions.items()}
    wanted = sorted(
        (
            "bob@example.org" if a.learner == "bob" else identity.pseudonym(a.learner),
            a.record.question_id,
            course.question_topic[a.record.question_id],
            a.record.chosen,
            a.record.correct,
            a.record.answered_at,
        )
        for a in log
        if current.get(a.record.question_id) == a.record.fingerprint
    )
    assert len(wanted) == 45
    assert (
        sorted(
            (r.learner, r.question_id, r.topic_id, r.chosen, r.correct, r.answered_at) for r in got
        )
        == wanted
    )


# --- refusals before any request ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "wanted"),
    [
        ("http://example.org/xAPI", "refusing plain http:// to example.org"),
        ("http://10.0.0.7:8100/xAPI", "refusing plain http:// to 10.0.0.7"),
        ("ftp://lrs.example.org/xAPI", "expects the LRS's https:// xAPI endpoint"),
        ("lrs.example.org/xAPI", "expects the LRS's https:// xAPI endpoint"),
        ("https://lrs.example.org/xAPI?x=1", "must not carry a query"),
        ("https://lrs.example.org:99999/xAPI", "is not a URL"),
    ],
)
def test_unsafe_or_wrong_addresses_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str, wanted: str
) -> None:
    db = tmp_path / "untouched.sqlite3"
    code, out, err = sync(capsys, url, "--db", str(db))
    assert code == 1 and out == "" and wanted in err and err.count("\n") == 1
    assert not db.exists()  # refused before the progress file was opened


def test_credentials_in_the_url_are_refused_without_repeating_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = sync(capsys, "https://teacher:hunter2@lrs.example.org/xAPI")
    assert code == 1 and "put no credentials in the --lrs URL" in err
    assert "hunter2" not in out + err


def test_the_endpoint_is_normalized_and_local_http_allowed() -> None:
    assert lrs.lrs_endpoint("HTTPS://LRS.Example.org/xAPI/") == "https://lrs.example.org/xAPI"
    for local in ("http://localhost:8100/xAPI", "http://127.0.0.1/x", "http://[::1]:9/xAPI"):
        assert lrs.lrs_endpoint(local) == local
    assert lrs.auth_from_env({}) is None
    with pytest.raises(lrs.LrsError, match="RLS_TUTOR_LRS_PASSWORD is not set"):
        lrs.auth_from_env({lrs.ENV_USER: "teacher"})


# --- answers Ralph cannot be made to give: a stub --------------------------------------------

Script = list[tuple[int, dict[str, str], bytes, float]]  # status, headers, body, delay


class Stub(ThreadingHTTPServer):
    """Answers POST and GET from a script, one entry per request; records requests."""

    daemon_threads = True

    def __init__(self, script: Script) -> None:
        self.script = list(script)
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        super().__init__(("127.0.0.1", 0), StubHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/xAPI"


class StubHandler(BaseHTTPRequestHandler):
    server: Stub

    def _answer(self) -> None:
        size = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(size) if size else b""
        headers = {key.lower(): value for key, value in self.headers.items()}
        self.server.requests.append((self.command, self.path, headers, body))
        status, headers, payload, delay = (
            self.server.script.pop(0) if self.server.script else (500, {}, b"", 0.0)
        )
        if payload == b"ECHO":  # the ids of what was posted
            payload = json.dumps([s["id"] for s in json.loads(body)]).encode()
        time.sleep(delay)
        try:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting

    do_POST = do_GET = _answer

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def stub_for(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Script], Stub]]:
    for name in PROXIES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(lrs.ENV_USER, "teacher")
    monkeypatch.setenv(lrs.ENV_PASSWORD, "s3cret-pw")
    servers: list[Stub] = []

    def start(script: Script) -> Stub:
        server = Stub(script)
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        return server

    try:
        yield start
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


@pytest.fixture
def small_db(tmp_path: Path, course: Course) -> Path:
    path = tmp_path / "small.sqlite3"
    with ProgressStore.open(path) as store:
        for i, q in enumerate(list(course.questions.values())[:3]):
            store.record_answer("ann", q, course.question_topic[q.id], [0], now=T0 + timedelta(i))
    return path


JSON = {"Content-Type": "application/json"}


def test_a_5xx_is_retried_then_sent(
    stub_for: Callable[[Script], Stub],
    small_db: Path,
    capsys: pytest.CaptureFixture[str],
    quick_retries: list[float],
) -> None:
    stub = stub_for([(503, JSON, b'{"detail": "busy"}', 0.0), (200, JSON, b"ECHO", 0.0)])
    code, out, err = sync(capsys, stub.url, "--db", str(small_db))
    assert (code, out, err) == (0, "3 statements sent, 0 already there\n", "")
    assert len(stub.requests) == 2 and quick_retries == [0.05]
    for method, path, headers, body in stub.requests:
        assert (method, path) == ("POST", "/xAPI/statements")
        assert headers["x-experience-api-version"] == "1.0.3"
        assert headers["content-type"].startswith("application/json")
        assert (
            headers["authorization"] == "Basic " + base64.b64encode(b"teacher:s3cret-pw").decode()
        )
        assert len(json.loads(body)) == 3
    assert sent_rows(small_db) == 3


def test_a_timeout_and_a_429_are_retried(
    stub_for: Callable[[Script], Stub],
    small_db: Path,
    capsys: pytest.CaptureFixture[str],
    quick_retries: list[float],
) -> None:
    stub = stub_for(
        [(200, JSON, b"ECHO", 3.0), (429, {"Retry-After": "0"}, b"", 0.0), (200, JSON, b"ECHO", 0)]
    )
    code, out, _ = sync(capsys, stub.url, "--db", str(small_db), "--timeout", "0.5")
    assert (code, out) == (0, "3 statements sent, 0 already there\n")
    assert len(stub.requests) == 3


def test_a_server_that_keeps_failing_gives_up_after_bounded_tries(
    stub_for: Callable[[Script], Stub],
    small_db: Path,
    capsys: pytest.CaptureFixture[str],
    quick_retries: list[float],
) -> None:
    stub = stub_for([(502, {}, b"<html>bad gateway</html>", 0.0)] * 3)
    code, out, err = sync(capsys, stub.url, "--db", str(small_db))
    assert code == 1 and out == ""
    assert "HTTP 502 Bad Gateway: <html>bad gateway</html>; gave up after 3 tries" in err
    assert len(stub.requests) == 3 and sent_rows(small_db) == 0


@pytest.mark.parametrize(
    ("status", "headers", "body", "wanted"),
    [
        (
            400,
            JSON,
            b'{"detail": "bad \\u001b[2J statement"}',
            "refused to store statements (HTTP 400 Bad Request: bad \\x1b[2J statement)",
        ),
        (403, JSON, b'{"detail": "no"}', "does not let this account store statements (HTTP 403"),
        (404, {}, b"", "--lrs takes the xAPI endpoint, the address before /statements"),
        (
            302,
            {"Location": "https://elsewhere.example.org/xAPI/statements"},
            b"",
            "answered with a redirect (HTTP 302 Found); redirects are not followed",
        ),
    ],
)
def test_a_4xx_or_a_redirect_stops_at_once(
    stub_for: Callable[[Script], Stub],
    small_db: Path,
    capsys: pytest.CaptureFixture[str],
    status: int,
    headers: dict[str, str],
    body: bytes,
    wanted: str,
) -> None:
    stub = stub_for([(status, headers, body, 0.0)])
    code, out, err = sync(capsys, stub.url, "--db", str(small_db))
    assert code == 1 and out == "" and wanted in err, err
    assert "\x1b" not in err and "s3cret-pw" not in err and err.count("\n") == 1
    assert len(stub.requests) == 1 and sent_rows(small_db) == 0


def test_a_409_batch_is_sent_again_one_by_one(
    stub_for: Callable[[Script], Stub], small_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stub = stub_for(
        [
            (409, JSON, b'{"detail": "Differing statements already exist"}', 0.0),
            (200, JSON, b"ECHO", 0.0),
            (409, JSON, b"{}", 0.0),
            (204, {}, b"", 0.0),
        ]
    )
    code, out, err = sync(capsys, stub.url, "--db", str(small_db))
    assert (code, out) == (0, "1 statements sent, 2 already there\n")
    assert "warning: the LRS holds 1 of these statements in another form" in err
    assert [len(json.loads(r[3])) for r in stub.requests] == [3, 1, 1, 1]
    assert sent_rows(small_db) == 3


def test_the_progress_bar_on_a_terminal(
    stub_for: Callable[[Script], Stub],
    small_db: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    stub = stub_for([(200, JSON, b"ECHO", 0.0)] * 3)
    code, out, _ = sync(capsys, stub.url, "--db", str(small_db), "--batch", "1")
    assert (code, out) == (0, "3 statements sent, 0 already there\n")
    shown = terminal.getvalue()
    assert f"\r[{'#' * 10}{'-' * 20}] 1/3 statements" in shown
    assert f"\r[{'#' * 30}] 3/3 statements" in shown
    assert shown.endswith("\r") and "\n" not in shown  # the line is cleared at the end
    bar = io.StringIO()
    ProgressBar(0, bar).show(0)  # nothing to send: a full bar, no division by zero
    assert "0/0" in bar.getvalue()


# --- the store's side -----------------------------------------------------------------


def test_the_store_remembers_what_each_lrs_accepted(small_db: Path) -> None:
    with ProgressStore.open(small_db) as store:
        ids = [a.id for a in store.answer_log()]
        assert [a.id for a in store.unsent_answers("https://a.example/xAPI")] == ids
        assert store.mark_sent("https://a.example/xAPI", ids[:2]) == 2
        assert store.mark_sent("https://a.example/xAPI", ids[:2]) == 0  # kept as they were
        assert store.mark_sent("https://a.example/xAPI", [999]) == 0  # no such answer
        assert [a.id for a in store.unsent_answers("https://a.example/xAPI")] == ids[2:]
        assert len(store.unsent_answers("https://b.example/xAPI")) == 3  # another LRS
        assert store.sent_count("https://a.example/xAPI") == 2
        store.reset("ann")  # forgetting the answers forgets that they were sent
        assert store.sent_count("https://a.example/xAPI") == 0
