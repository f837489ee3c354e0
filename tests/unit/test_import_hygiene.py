"""The core runs without the UI, and importing it creates nothing on disk."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

CORE = [
    "rls_tutor.content",
    "rls_tutor.content.loader",
    "rls_tutor.content.schema",
    "rls_tutor.locations",
    "rls_tutor.lint.runner",
    "rls_tutor.session.learning",
    "rls_tutor.analysis.report",
    "rls_tutor.export.xapi",
    "rls_tutor.escape",
    "rls_tutor.cli",
]


def _import_in_subprocess(modules: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + ("print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))")
    )
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data")}
    env.pop("RLS_TUTOR_DB", None)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )


def test_content_never_loads_textual(tmp_path: Path) -> None:
    done = _import_in_subprocess(CORE, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("module", ["rls_tutor.progress", "rls_tutor.progress.store"])
def test_progress_never_loads_textual(tmp_path: Path, module: str) -> None:
    done = _import_in_subprocess([module], tmp_path)
    if "No module named" in done.stderr and module in done.stderr:
        pytest.fail(f"{module} is missing")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_imports_create_no_files(tmp_path: Path) -> None:
    done = _import_in_subprocess([*CORE, "rls_tutor.tui"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert list(tmp_path.rglob("*")) == []
