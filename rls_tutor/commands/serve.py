"""`rls-tutor serve [--host 127.0.0.1] [--port 8000]`: the tutor in a web browser.

textual-serve (the Textual team's own server) serves a page with a terminal in it
and, for every browser tab that opens it, runs one `rls-tutor study` process with
the same --db, --learner and --content, its screen and keys carried over a
websocket. So the browser shows exactly the terminal tutor, and writes the same
progress file.

textual-serve has no authentication: whoever can reach the port can study, and
read and change the progress file. It listens on this computer alone (127.0.0.1)
unless --host says otherwise, and then a warning names that risk.

The page comes from this package and textual-serve's, with nothing from the
internet: textual-serve's own page loads its font from Google Fonts, so ours
(serve_page/app_index.html) is that page with the font served from the fonts
textual-serve ships. A patient's browser asks no one else for anything.
"""

from __future__ import annotations

import argparse
import errno
import ipaddress
import logging
import os
import shlex
import socket
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rls_tutor.cli import option
from rls_tutor.escape import echo, printable
from rls_tutor.locations import ENV_DB, default_course_root, default_db_path

if TYPE_CHECKING:
    import textual_serve.server
    from aiohttp import web

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
PAGE_TEMPLATES = Path(__file__).resolve().parent / "serve_page"
WILDCARD_HOSTS = ("", "0.0.0.0", "::")


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "serve",
        parents=[common],
        help="study the course in a web browser (textual-serve)",
        description="Serve the tutor to a web browser: run this, then open the link it "
        "prints. Each browser tab runs its own tutor on the same progress file. "
        "There is no password: anyone who can reach the port can use the tutor.",
    )
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default: {DEFAULT_HOST}, this computer alone; "
        "anything else lets other computers in, without a password)",
    )
    parser.add_argument(
        "--port",
        type=port_number,
        default=DEFAULT_PORT,
        help=f"port to listen on (default: {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers reach the server at, when it is not http://HOST:PORT "
        "(behind a proxy; with --host 0.0.0.0 the default uses this computer's name)",
    )
    parser.set_defaults(func=run)


def port_number(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number (1 to 65535): {text!r}")
    return port


def is_loopback(host: str) -> bool:
    """Whether listening on `host` keeps the server to this computer: a loopback
    address, or a name whose every address is one (`localhost`)."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        pass
    if host in WILDCARD_HOSTS:
        return False
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):  # cannot be resolved: listening there fails anyway
        return False
    addresses = {info[4][0] for info in infos}
    return bool(addresses) and all(
        ipaddress.ip_address(str(a).split("%", 1)[0]).is_loopback for a in addresses
    )


def exposure_warning(host: str, port: int, db: Path) -> str:
    """The one line printed when the server listens beyond this computer."""
    return (
        f"rls-tutor serve: warning: listening on {printable(host)} port {port}, not on this "
        "computer alone: textual-serve has no password or other authentication, so anyone "
        "who can reach this port can use the tutor and read and change the progress in "
        f"{printable(db)}; use --host 127.0.0.1 unless every computer on that network is trusted"
    )


def default_public_url(host: str, port: int) -> str:
    """The link to print and the address the page's websocket connects to."""
    name = socket.gethostname() if host in WILDCARD_HOSTS else host.strip("[]")
    if ":" in name:  # an IPv6 address goes in brackets in a URL
        name = f"[{name}]"
    return f"http://{name}:{port}"


def study_command(db: Path | None, learner: str | None, content: Path | None) -> str:
    """The shell command textual-serve runs for each browser tab: this Python's
    `rls-tutor study` with the same options, every value quoted, given as
    `--option=value` so that a value starting with "-" stays a value."""
    argv = [sys.executable, "-m", "rls_tutor", "study"]
    if db is not None:
        argv.append(f"--db={db.expanduser().absolute()}")
    if learner is not None:
        argv.append(f"--learner={learner}")
    if content is not None:
        argv.append(f"--content={content.expanduser().absolute()}")
    # textual-serve runs it with asyncio.create_subprocess_shell: sh, or cmd.exe on Windows.
    return subprocess.list2cmdline(argv) if os.name == "nt" else shlex.join(argv)


def run(args: argparse.Namespace) -> int:
    from rls_tutor.commands.study import content_problem

    db_arg = option(args, "db")
    db_given = Path(db_arg) if db_arg else None  # type: ignore[arg-type]
    content_arg = option(args, "content")
    content_given = Path(content_arg) if content_arg else None  # type: ignore[arg-type]
    learner = option(args, "learner")
    host: str = args.host
    port: int = args.port

    db = db_given or default_db_path()
    problem = content_problem(content_given or default_course_root())
    if problem:
        echo(printable(f"rls-tutor: error: {problem}"), err=True)
        return 1
    problem = store_problem(db, create_parent=not db_given and not os.environ.get(ENV_DB))
    if problem:
        echo(printable(f"rls-tutor: error: {problem}"), err=True)
        return 1
    problem = listen_problem(host, port)
    if problem:
        echo(printable(f"rls-tutor serve: error: {problem}"), err=True)
        return 1
    if not is_loopback(host):
        echo(exposure_warning(host, port, db), err=True)

    server = make_server(
        study_command(db_given, learner if isinstance(learner, str) else None, content_given),
        host=host,
        port=port,
        public_url=args.public_url or default_public_url(host, port),
        db=db,
    )
    try:
        server.serve()
    except OSError as exc:  # taken since listen_problem() looked
        echo(printable(f"rls-tutor serve: error: {cannot_listen(host, port, exc)}"), err=True)
        return 1
    return 0


def cannot_listen(host: str, port: int, exc: OSError) -> str:
    hint = {
        errno.EADDRINUSE: " (another program uses it: try another --port)",
        errno.EADDRNOTAVAIL: " (not an address of this computer: check --host)",
        errno.EACCES: " (a port below 1024 needs special rights: try another --port)",
    }.get(exc.errno or 0, "")
    return f"cannot listen on {host} port {port}: {exc.strerror or exc}{hint}"


def listen_problem(host: str, port: int) -> str | None:
    """Why the server could not listen on `host`:`port` (taken, or not an address of
    this computer), found by binding it for a moment the way aiohttp will; None when
    it can. Said before the server starts: textual-serve says it is ready before it
    binds."""
    try:
        infos = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
        for family, kind, proto, _name, address in infos:
            with socket.socket(family, kind, proto) as probe:
                if os.name != "nt":  # as asyncio's create_server does
                    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                probe.bind(address)
    except OSError as exc:
        return cannot_listen(host, port, exc)
    return None


def store_problem(db: Path, *, create_parent: bool) -> str | None:
    """Why the progress file cannot be used, said now in the terminal rather than
    later in a browser tab that closes; None when it opens."""
    from rls_tutor.progress.store import ProgressStore, StoreError

    try:
        ProgressStore.open(db, create_parent=create_parent).close()
    except StoreError as exc:
        return str(exc)
    return None


def make_server(
    command: str, *, host: str, port: int, public_url: str, db: Path
) -> textual_serve.server.Server:
    """textual-serve's server with rls-tutor's page and start-up message (imported
    here: only this command needs aiohttp)."""
    from textual_serve.server import Server

    class TutorServer(Server):
        def initialize_logging(self) -> None:
            # textual-serve's log, less a line for every file a browser fetches.
            super().initialize_logging()
            logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

        async def on_startup(self, app: web.Application) -> None:
            # textual-serve prints a logo and the command line; a patient needs the link.
            echo(
                f"rls-tutor is ready: open {printable(self.public_url)} in a web browser.\n"
                f"Each browser tab is a tutor of its own; progress is saved in {printable(db)}."
                "\nPress Ctrl+C here to stop."
            )
            sys.stdout.flush()

    return TutorServer(
        command,
        host=host,
        port=port,
        title="rls-tutor",
        public_url=public_url,
        templates_path=PAGE_TEMPLATES,
    )
