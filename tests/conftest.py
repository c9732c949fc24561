"""Shared fixtures: paths to the repository's data and a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
PLANS = ROOT / "plans"
NORTHWIND = PLANS / "northwind-2027.yaml"
LUMEN = PLANS / "atelier-lumen-2027.yaml"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m salesplan`` in a fresh interpreter (for import checks and exit codes)."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env or {})}
    return subprocess.run([sys.executable, "-m", "salesplan", *args], capture_output=True, text=True,
                          cwd=cwd, env=full_env, timeout=300)
