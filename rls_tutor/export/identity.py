"""Who and what exported records name: pseudonyms, statement ids, activity ids.

A learner is a pseudonym by default: an HMAC of the name keyed by the progress
file's own random id (`ProgressStore.install_id`), so the same learner keeps the same
pseudonym in every export of that file, nobody can recompute it from a list of
names, and two classes' files never collide. An instructor who wants real addresses
gives a CSV of `name,email`; nothing else ever puts an e-mail in a record.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_BASE = "https://rls-tutor.invalid"  # .invalid never resolves (RFC 2606)
_NAMESPACE = uuid.UUID("6f1d2f0e-3b1a-5d6c-9a51-7f1f0c2b8e40")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "course"


@dataclass(frozen=True)
class Identity:
    install_id: str
    base: str = DEFAULT_BASE
    emails: dict[str, str] = field(default_factory=dict)

    def pseudonym(self, learner: str) -> str:
        digest = hmac.new(self.install_id.encode(), learner.encode(), hashlib.sha256)
        return f"learner-{digest.hexdigest()[:16]}"

    def statement_id(self, answer_id: int) -> str:
        """The same answer always gets the same id, so sending twice stores it once."""
        return str(uuid.uuid5(_NAMESPACE, f"{self.install_id}:{answer_id}"))

    def course_activity(self, course_title: str) -> str:
        return f"{self.base}/courses/{slug(course_title)}"

    def topic_activity(self, course_title: str, topic_id: str) -> str:
        return f"{self.course_activity(course_title)}/topics/{topic_id}"

    def question_activity(self, course_title: str, question_id: str) -> str:
        return f"{self.course_activity(course_title)}/questions/{question_id}"

    def retry_extension(self) -> str:
        """The context extension marking a statement whose answer was a retry."""
        return f"{self.base}/xapi/retry"


def make_identity(
    install_id: str, activity_base: str | None = None, emails_file: Path | None = None
) -> Identity:
    """The identity the record exports and `sync` use: `--activity-base` (an absolute
    http(s) IRI; default DEFAULT_BASE) and `--emails`. Raises ValueError on a bad base
    or a bad e-mails file, OSError on a file that cannot be read."""
    base = DEFAULT_BASE
    if activity_base:
        base = activity_base.rstrip("/")
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
            raise ValueError(
                f"--activity-base must be an absolute http(s) IRI such as "
                f"https://lms.example.org/rls, not {activity_base!r}"
            )
    emails = read_emails(emails_file) if emails_file else {}
    return Identity(install_id, base, emails)


def read_emails(path: Path) -> dict[str, str]:
    """`name,email` rows (a header row is allowed); raises ValueError on a bad row."""
    emails: dict[str, str] = {}
    with open(path, newline="", encoding="utf-8") as handle:
        for n, row in enumerate(csv.reader(handle), start=1):
            if not row or (n == 1 and [c.strip().lower() for c in row[:2]] == ["name", "email"]):
                continue
            if len(row) != 2 or "@" not in row[1]:
                raise ValueError(f"{path}:{n}: expected `name,email`")
            emails[row[0].strip()] = row[1].strip()
    return emails
