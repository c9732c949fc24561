"""The one helper that runs the real ``salesplan`` command in a fresh interpreter.

Used where a test needs a real process: exit statuses, stderr as a terminal user sees it,
import checks. It inherits the environment the ``isolated_home`` fixture of ``conftest.py``
set (a temporary HOME and cache folders), with colour off and no SOURCE_DATE_EPOCH unless
``env`` gives one.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str | Path, env: dict | None = None, cwd: Path | None = None,
            encoding: str = "utf-8") -> subprocess.CompletedProcess:
    """``python -m salesplan ARGS`` with stdout and stderr captured as text (read as ``encoding``)."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    full_env.pop("SOURCE_DATE_EPOCH", None)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "salesplan", *map(str, args)], capture_output=True,
                          encoding=encoding, cwd=cwd, env=full_env, timeout=300)
