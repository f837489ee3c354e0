"""`rls-tutor serve` without a browser: the command each tab runs, the warning for a
server others can reach, and what is refused before anything listens."""

from __future__ import annotations

import shlex
import socket
import sys
from pathlib import Path
from typing import Any

import pytest

from rls_tutor import cli
from rls_tutor.commands import serve

FIXTURE_COURSE = Path(__file__).resolve().parents[1] / "fixtures" / "course"


class FakeServer:
    def __init__(self, command: str, **options: Any) -> None:
        self.command, self.options = command, options
        self.served = False

    def serve(self) -> None:
        self.served = True


@pytest.fixture
def servers(monkeypatch: pytest.MonkeyPatch) -> list[FakeServer]:
    made: list[FakeServer] = []

    def make(command: str, **options: Any) -> FakeServer:
        made.append(FakeServer(command, **options))
        return made[-1]

    monkeypatch.setattr(serve, "make_server", make)
    return made


@pytest.mark.parametrize("name", ["Ada", "Ada Lovelace", "-x", "a'b\"c; rm -rf ~ $(id) `id`"])
def test_study_command_passes_options_intact(name: str, tmp_path: Path) -> None:
    db, content = tmp_path / "my db.sqlite3", tmp_path / "course $HOME"
    argv = shlex.split(serve.study_command(db, name, content))
    assert argv == [
        sys.executable,
        "-m",
        "rls_tutor",
        "study",
        f"--db={db}",
        f"--learner={name}",
        f"--content={content}",
    ]
    assert serve.study_command(None, None, None) == shlex.join(
        [sys.executable, "-m", "rls_tutor", "study"]
    )


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("", False),
        ("192.0.2.7", False),  # parsed only: nothing is sent anywhere
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert serve.is_loopback(host) is loopback


def test_default_is_this_computer_alone(
    servers: list[FakeServer], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "p.sqlite3"
    assert cli.main(["serve", "--db", str(db), "--content", str(FIXTURE_COURSE)]) == 0
    [server] = servers
    assert server.served
    assert server.options["host"] == "127.0.0.1"
    assert server.options["port"] == 8000
    assert server.options["public_url"] == "http://127.0.0.1:8000"
    assert f"--db={db}" in shlex.split(server.command)
    assert capsys.readouterr().err == ""
    assert db.is_file()  # the progress file was opened (and checked) before serving


def test_listening_elsewhere_warns_naming_the_risk(
    servers: list[FakeServer], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "p.sqlite3"
    argv = ["serve", "--host", "0.0.0.0", "--port", "8123", "--db", str(db)]
    assert cli.main([*argv, "--public-url", "http://tutor.example:8123"]) == 0
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("rls-tutor serve: warning: listening on 0.0.0.0 port 8123")
    assert "no password or other authentication" in line
    assert "anyone who can reach this port can use the tutor" in line
    assert str(db) in line
    assert servers[0].options["public_url"] == "http://tutor.example:8123"


def test_ipv6_address_in_brackets() -> None:
    assert serve.default_public_url("::1", 8000) == "http://[::1]:8000"


@pytest.mark.parametrize("port", ["0", "65536", "http", "-1"])
def test_bad_port_is_a_usage_error(
    port: str, servers: list[FakeServer], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["serve", "--port", port])
    assert exit_.value.code == 2
    assert "not a port number" in capsys.readouterr().err
    assert not servers


def test_problems_are_said_before_serving(
    servers: list[FakeServer], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["serve", "--content", str(tmp_path / "nowhere")]) == 1
    assert "is not a folder" in capsys.readouterr().err
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"not a database" * 100)
    assert cli.main(["serve", "--db", str(broken)]) == 1
    assert str(broken) in capsys.readouterr().err
    assert broken.read_bytes() == b"not a database" * 100  # left untouched
    assert not servers


def test_a_taken_port_is_said_before_serving(
    servers: list[FakeServer], capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert cli.main(["serve", "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert f"rls-tutor serve: error: cannot listen on 127.0.0.1 port {port}: " in err
    assert "try another --port" in err
    assert not servers
