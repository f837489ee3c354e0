"""The plain mode is a face without Textual: starting it loads neither Textual nor Rich."""

from __future__ import annotations

import subprocess
import sys


def test_the_plain_mode_never_loads_textual() -> None:
    code = (
        "import sys\n"
        "import rls_tutor.plain.app\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"
