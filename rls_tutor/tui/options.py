"""How the tutor was asked to start: the one record the app factory builds."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rls_tutor.session.clock import utc_now

if TYPE_CHECKING:
    from rls_tutor.session.blockspec import BlockSpec


@dataclass(frozen=True)
class TutorOptions:
    content_root: Path
    db_path: Path
    learner: str | None = None  # --learner; else the remembered one
    audience: str | None = None  # --audience: "patient" or "clinician"
    create_parent: bool = False  # only the default data folder is ours to create
    clock: Callable[[], datetime] = utc_now  # tests and snapshots pass their own
    seed: int | None = None  # fixed option shuffles for tests; None shuffles freely
    practice: BlockSpec | None = None  # rls-tutor practice: open straight into a block
    monotonic: Callable[[], float] = time.monotonic  # a practice block's clock
