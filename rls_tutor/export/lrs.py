"""A small xAPI 1.0.3 client on the standard library: send statements to an LRS, read
answers back.

    post_statements(url, statements, auth, timeout) -> Posted
    read_responses(url, auth, course) -> list[Response]

`url` is the LRS's xAPI endpoint, the address before `/statements` (Ralph:
`https://lrs.example.org/xAPI`); `lrs_endpoint()` checks and normalizes it: https, or
plain http only to this machine (localhost, 127.0.0.1, ::1), no credentials in it.
Credentials are HTTP basic auth from `RLS_TUTOR_LRS_USER` and `RLS_TUTOR_LRS_PASSWORD`
(`auth_from_env()`); no message ever carries them, and redirects are not followed (the
credentials would go along to wherever the redirect points).

Timeouts, connection errors, 429 and 5xx answers are retried with a bounded
exponential backoff (`RETRY`); any other answer outside 2xx stops with an `LrsError`,
one line naming the status, the server's words escaped for a terminal.

Statement ids are derived from answers (identity.py), so the same answer sent twice
is the same statement: an LRS that already has it leaves it out of the ids it returns
(xAPI: "SHALL NOT make any modifications... whether it responds with 409 Conflict,
or 204 No Content"). Such statements are counted as already there.
"""

from __future__ import annotations

import base64
import json
import os
import re
import ssl
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from http.client import HTTPException
from typing import Any
from urllib.parse import unquote, urlencode, urljoin, urlsplit, urlunsplit

from rls_tutor.analysis.items import Response
from rls_tutor.content.course import Course
from rls_tutor.escape import printable
from rls_tutor.export.identity import slug
from rls_tutor.export.xapi import ANSWERED, VERSION, choice_id

ENV_USER = "RLS_TUTOR_LRS_USER"
ENV_PASSWORD = "RLS_TUTOR_LRS_PASSWORD"
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
DEFAULT_TIMEOUT = 30.0  # seconds, for each request
MAX_BODY = 64 * 1024 * 1024  # bytes read from one answer at most
MAX_PAGES = 100_000  # GET pages followed at most (a server whose `more` never ends)
MAX_DETAIL = 200  # characters of the server's own words in a message

Auth = tuple[str, str] | None


class LrsError(Exception):
    """A user-facing, one-line reason the LRS could not be used (already escaped)."""

    def __init__(self, message: str) -> None:
        super().__init__(printable(" ".join(message.split())))


@dataclass(frozen=True)
class Retry:
    """How often and how patiently a failed request is tried again."""

    tries: int = 5
    first_delay: float = 0.5  # seconds before the second try, doubled for each next one
    max_delay: float = 8.0


RETRY = Retry()  # tests make it quicker


@dataclass(frozen=True)
class Posted:
    """What the LRS answered for a batch: ids it stored now, ids it had already."""

    stored: tuple[str, ...]
    already: tuple[str, ...]
    # Of `already`, those answered with 409 on their own: the LRS holds a statement
    # with that id that differs (the course, --emails or --activity-base changed since).
    differing: tuple[str, ...] = ()


# --- the endpoint and the credentials ------------------------------------------------


def lrs_endpoint(url: str) -> str:
    """`url` checked and normalized (lower-case scheme and host, no trailing slash)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise LrsError(f"--lrs {url!r} is not a URL ({exc})") from None
    if parts.username is not None or parts.password is not None:
        # The URL itself is not repeated: it holds a password.
        raise LrsError(
            f"put no credentials in the --lrs URL; set {ENV_USER} and {ENV_PASSWORD} instead"
        )
    scheme, host = parts.scheme.lower(), (parts.hostname or "")
    if scheme not in ("http", "https") or not host:
        raise LrsError(
            f"--lrs expects the LRS's https:// xAPI endpoint (the address before "
            f"/statements), not {url!r}"
        )
    if scheme == "http" and host not in LOCAL_HOSTS:
        raise LrsError(
            f"refusing plain http:// to {host}: the credentials and the learners' answers "
            "would cross the network unencrypted; use https:// (http:// is accepted for "
            "localhost, 127.0.0.1 and ::1 only)"
        )
    if parts.query or parts.fragment:
        raise LrsError(f"--lrs must not carry a query or a fragment: {url!r}")
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc = f"{netloc}:{port}"
    return urlunsplit((scheme, netloc, parts.path.rstrip("/"), "", ""))


def auth_from_env(environ: Mapping[str, str] | None = None) -> Auth:
    """(user, password) from RLS_TUTOR_LRS_USER and RLS_TUTOR_LRS_PASSWORD, or None when
    neither is set; one without the other is an error."""
    env = os.environ if environ is None else environ
    user, password = env.get(ENV_USER, ""), env.get(ENV_PASSWORD, "")
    if not user and not password:
        return None
    if not user or not password:
        missing = ENV_USER if not user else ENV_PASSWORD
        raise LrsError(f"{missing} is not set (both {ENV_USER} and {ENV_PASSWORD} are needed)")
    if ":" in user:
        raise LrsError(f"{ENV_USER} must not contain ':' (HTTP basic auth cannot carry it)")
    return user, password


# --- one request, retried --------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects become errors: urllib would send the credentials along to the new
    address, whatever host or scheme it names."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect())


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


def _headers(auth: Auth, body: bytes | None) -> dict[str, str]:
    headers = {"X-Experience-API-Version": VERSION, "Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/json; charset=utf-8"
    if auth is not None:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    return headers


def _read(response: Any) -> bytes:
    data: bytes = response.read(MAX_BODY + 1)
    if len(data) > MAX_BODY:
        raise LrsError(f"the LRS answered with more than {MAX_BODY} bytes")
    return data


def _detail(error: urllib.error.HTTPError) -> str:
    """The server's own explanation (Ralph: {"detail": ...}), short and escaped."""
    try:
        raw = error.read(64 * 1024)
    except (OSError, HTTPException):
        raw = b""
    text = raw.decode("utf-8", "replace").strip()
    try:
        found: Any = json.loads(text)
    except ValueError:
        found = text
    if isinstance(found, dict):
        found = found.get("detail", found.get("message", found.get("error", found)))
    if isinstance(found, list) and found and isinstance(found[0], dict) and "msg" in found[0]:
        found = found[0]["msg"]  # pydantic's list of errors: the first one
    words = " ".join(str(found).split()) if found else ""
    if len(words) > MAX_DETAIL:
        words = words[: MAX_DETAIL - 3] + "..."
    return printable(words)


def _refusal(status: int, reason: str, detail: str, url: str, auth: Auth, action: str) -> str:
    said = f"HTTP {status} {reason}".strip() + (f": {detail}" if detail else "")
    if status == 401:
        if auth is None:
            return (
                f"the LRS at {url} asks for credentials ({said}); set {ENV_USER} and {ENV_PASSWORD}"
            )
        return (
            f"the LRS at {url} refused the credentials ({said}); check {ENV_USER} and "
            f"{ENV_PASSWORD}"
        )
    if status == 403:
        return f"the LRS at {url} does not let this account {action} statements ({said})"
    if 300 <= status < 400:
        return (
            f"the LRS at {url} answered with a redirect ({said}); redirects are not followed: "
            "give the final address with --lrs"
        )
    if status == 404:
        return (
            f"the LRS at {url} has no statements resource ({said}); --lrs takes the xAPI "
            "endpoint, the address before /statements"
        )
    return f"the LRS at {url} refused to {action} statements ({said})"


def _request(
    method: str, url: str, endpoint: str, auth: Auth, body: bytes | None, timeout: float
) -> tuple[int, bytes]:
    """(status, body) of a 2xx or 409 answer; retries what may pass, raises LrsError."""
    action = "store" if method == "POST" else "read"
    delay = RETRY.first_delay
    tries = max(1, RETRY.tries)
    for attempt in range(1, tries + 1):
        request = urllib.request.Request(
            url, data=body, method=method, headers=_headers(auth, body)
        )
        wait = 0.0
        try:
            with _OPENER.open(request, timeout=timeout) as response:
                return int(response.status), _read(response)
        except urllib.error.HTTPError as exc:
            with exc:
                status, reason = int(exc.code), str(exc.reason or "")
                if status == 409:
                    return status, b""
                detail = _detail(exc)
                if status != 429 and status < 500:
                    raise LrsError(
                        _refusal(status, reason, detail, endpoint, auth, action)
                    ) from None
                problem = f"HTTP {status} {reason}".strip() + (f": {detail}" if detail else "")
                wait = _retry_after(exc.headers.get("Retry-After") if exc.headers else None)
        except urllib.error.URLError as exc:
            cause = exc.reason
            if isinstance(cause, ssl.SSLCertVerificationError):
                raise LrsError(
                    f"the LRS at {endpoint} has a certificate this machine does not trust ({cause})"
                ) from None
            problem = str(cause)
        except TimeoutError:
            problem = f"no answer within {timeout:g} s"
        except (OSError, HTTPException) as exc:  # reset, refused or cut off mid-answer
            problem = str(exc) or type(exc).__name__
        if attempt == tries:
            raise LrsError(
                f"could not reach the LRS at {endpoint} ({problem}; gave up after {tries} tries)"
            )
        _sleep(max(wait, min(delay, RETRY.max_delay)))
        delay *= 2
    raise AssertionError("unreachable")  # pragma: no cover


def _retry_after(value: str | None) -> float:
    """A Retry-After in seconds, capped like the backoff (an HTTP date is ignored)."""
    if value and value.strip().isdigit():
        return min(float(value.strip()), RETRY.max_delay)
    return 0.0


# --- sending ----------------------------------------------------------------------------


def post_statements(
    url: str,
    statements: Sequence[Mapping[str, Any]],
    auth: Auth,
    timeout: float = DEFAULT_TIMEOUT,
) -> Posted:
    """POST `statements` (each with its `id`) to `{url}/statements` as one JSON array.

    An LRS that already holds a statement leaves its id out of the ids it returns
    (204 No Content when it had them all): those count as already there. A 409
    Conflict rejects a whole batch (an LRS stores a batch all or nothing), so a batch
    answered with 409 is sent again one statement at a time, and a statement answered
    with 409 on its own is there already (the LRS has a statement with its id)."""
    return _post(lrs_endpoint(url), statements, auth, timeout)


def _post(
    endpoint: str, statements: Sequence[Mapping[str, Any]], auth: Auth, timeout: float
) -> Posted:
    ids = [_statement_id(s) for s in statements]
    if not ids:
        return Posted((), ())
    if len(set(ids)) != len(ids):
        raise ValueError("a batch of statements holds the same id twice")
    body = json.dumps(list(statements), ensure_ascii=False).encode("utf-8")
    status, data = _request("POST", f"{endpoint}/statements", endpoint, auth, body, timeout)
    if status == 409:
        if len(ids) == 1:
            return Posted((), (ids[0],), (ids[0],))
        stored: list[str] = []
        already: list[str] = []
        differing: list[str] = []
        for one in statements:
            posted = _post(endpoint, [one], auth, timeout)
            stored += posted.stored
            already += posted.already
            differing += posted.differing
        return Posted(tuple(stored), tuple(already), tuple(differing))
    returned = _returned_ids(data, endpoint) if status != 204 else set()
    return Posted(
        tuple(i for i in ids if i in returned), tuple(i for i in ids if i not in returned)
    )


def _statement_id(statement: Mapping[str, Any]) -> str:
    value = statement.get("id")
    if not isinstance(value, str) or not value:
        raise ValueError("every statement sent must carry its id")
    return value.lower()  # UUIDs compare case-insensitively


def _returned_ids(data: bytes, endpoint: str) -> set[str]:
    if not data.strip():
        return set()
    try:
        found = json.loads(data)
    except ValueError:
        found = None
    if not isinstance(found, list) or not all(isinstance(i, str) for i in found):
        raise LrsError(
            f"the LRS at {endpoint} answered the statements with something else than a "
            "list of statement ids"
        )
    return {i.lower() for i in found}


# --- reading ----------------------------------------------------------------------------


def get_statements(
    url: str,
    auth: Auth,
    params: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Iterator[dict[str, Any]]:
    """Every statement `GET {url}/statements?params` finds, following `more` page by page
    (only within the same LRS: a `more` naming another host is refused)."""
    endpoint = lrs_endpoint(url)
    home = urlsplit(endpoint)
    page = f"{endpoint}/statements" + (f"?{urlencode(dict(params))}" if params else "")
    seen: set[str] = set()
    for _ in range(MAX_PAGES):
        seen.add(page)
        _status, data = _request("GET", page, endpoint, auth, None, timeout)
        try:
            result = json.loads(data)
        except ValueError:
            result = None
        if not isinstance(result, dict) or not isinstance(result.get("statements"), list):
            raise LrsError(f"the LRS at {endpoint} did not answer with a StatementResult")
        for found in result["statements"]:
            if isinstance(found, dict):
                yield found
        more = result.get("more")
        if not more or not isinstance(more, str):
            return
        page = urljoin(page, more)
        there = urlsplit(page)
        if (there.scheme, there.netloc) != (home.scheme, home.netloc):
            raise LrsError(f"the LRS at {endpoint} points its next page at another server")
        if page in seen:
            raise LrsError(f"the LRS at {endpoint} sent the same page of statements twice")
    raise LrsError(f"the LRS at {endpoint} has more than {MAX_PAGES} pages of statements")


_QUESTION = re.compile(r"/courses/(?P<course>[^/]+)/questions/(?P<question>[^/]+)$")
_TOPIC = re.compile(r"/courses/(?P<course>[^/]+)/topics/(?P<topic>[^/]+)$")
_CHOICE = re.compile(r"o(0|[1-9][0-9]{0,3})")


def read_responses(
    url: str,
    auth: tuple[str, str] | None,
    course: Course,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    skipped: Counter[str] | None = None,
) -> list[Response]:
    """The `answered` statements of this course in the LRS, as item analysis reads them.

    A statement is this course's when its object is a question activity under
    `.../courses/<the course's slug>/questions/<id>` (whatever `--activity-base` named
    it). Learner: the account's name (a pseudonym) or the mbox's address; chosen: the
    `o0[,]o2` choice ids of `result.response`; correct: `result.success`. As the
    progress file's statistics do, answers to an earlier version of a question (the
    statement's choices, stem or key differ from today's, or it carries no choices
    because the question had changed when it was sent) and to questions no longer in
    the course are left out. Each statement left out is counted in `skipped` by
    reason: "not an answer" (another verb), "other course", "not in course", "earlier
    version", "unreadable"."""
    left_out: Counter[str] = Counter() if skipped is None else skipped
    responses = []
    # Every statement, filtered here: a `verb` query finds nothing on Ralph's file
    # backend (5.1 compares the IRI object with the stored string), and an empty
    # answer would look like a class that never answered.
    for found in get_statements(url, auth, None, timeout):
        reason, response = _response(found, course)
        if response is None:
            left_out[reason] += 1
        else:
            responses.append(response)
    return responses


def _response(found: dict[str, Any], course: Course) -> tuple[str, Response | None]:
    """(reason left out, None) or ("", the Response) for one statement."""
    verb = found.get("verb")
    if not isinstance(verb, dict) or verb.get("id") != ANSWERED["id"]:
        return "not an answer", None
    target = found.get("object")
    activity = target.get("id") if isinstance(target, dict) else None
    matched = _QUESTION.search(urlsplit(activity).path) if isinstance(activity, str) else None
    if matched is None or unquote(matched["course"]) != slug(course.title):
        return "other course", None
    qid = unquote(matched["question"])
    question = course.questions.get(qid)
    if question is None:
        return "not in course", None
    definition = target.get("definition") if isinstance(target, dict) else None
    if not _current(definition, question):
        return "earlier version", None
    learner = _learner(found.get("actor"))
    result = found.get("result")
    chosen = _chosen(result.get("response", "") if isinstance(result, dict) else None)
    success = result.get("success") if isinstance(result, dict) else None
    when = _moment(found.get("timestamp"))
    if learner is None or chosen is None or not isinstance(success, bool) or when is None:
        return "unreadable", None
    if any(i >= len(question.options) for i in chosen):
        return "earlier version", None
    topic = course.question_topic.get(qid) or _topic(found) or ""
    return "", Response(learner, qid, topic, chosen, success, when)


def _current(definition: object, question: Any) -> bool:
    """Do the statement's stem, choices and key match the question as it is today?"""
    if not isinstance(definition, dict):
        return False
    stem = definition.get("description", {})
    choices = definition.get("choices")
    pattern = definition.get("correctResponsesPattern")
    if not isinstance(stem, dict) or not isinstance(choices, list):
        return False
    texts = [
        c.get("description", {}).get("en-US") if isinstance(c, dict) else None for c in choices
    ]
    ids = [c.get("id") if isinstance(c, dict) else None for c in choices]
    key = "[,]".join(choice_id(i) for i in sorted(question.correct_indexes))
    return (
        stem.get("en-US") == question.stem
        and texts == [o.text for o in question.options]
        and ids == [choice_id(i) for i in range(len(question.options))]
        and pattern == [key]
    )


def _learner(actor: object) -> str | None:
    if not isinstance(actor, dict):
        return None
    account = actor.get("account")
    if isinstance(account, dict) and isinstance(account.get("name"), str) and account["name"]:
        return str(account["name"])
    mbox = actor.get("mbox")
    if isinstance(mbox, str) and mbox.startswith("mailto:") and len(mbox) > len("mailto:"):
        return mbox[len("mailto:") :]
    return None


def _chosen(response: object) -> tuple[int, ...] | None:
    if not isinstance(response, str):
        return None
    if not response:
        return ()
    picks = []
    for part in response.split("[,]"):
        matched = _CHOICE.fullmatch(part)
        if matched is None:
            return None
        picks.append(int(matched[1]))
    return tuple(sorted(set(picks)))


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _topic(found: dict[str, Any]) -> str | None:
    context = found.get("context")
    activities = context.get("contextActivities") if isinstance(context, dict) else None
    parents = activities.get("parent") if isinstance(activities, dict) else None
    for parent in parents if isinstance(parents, list) else []:
        pid = parent.get("id") if isinstance(parent, dict) else None
        matched = _TOPIC.search(urlsplit(pid).path) if isinstance(pid, str) else None
        if matched:
            return unquote(matched["topic"])
    return None
