"""How the tutor was asked to start: the one record the app factory builds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rls_tutor.session.clock import utc_now


@dataclass(frozen=True)
class TutorOptions:
    content_root: Path
    db_path: Path
    learner: str | None = None  # --learner; else the remembered one
    audience: str | None = None  # --audience: "patient" or "clinician"
    create_parent: bool = False  # only the default data folder is ours to create
    clock: Callable[[], datetime] = utc_now  # tests and snapshots pass their own
    seed: int | None = None  # fixed option shuffles for tests; None shuffles freely
