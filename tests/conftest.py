"""Shared fixtures: paths to the repository's data, a CLI runner, and a temporary home for every test.

No test reads or writes the user's real home, cache or configuration folders: the whole
session runs with HOME, the XDG folders and MPLCONFIGDIR pointing into a temporary folder
(set before collection, so imports made while collecting are covered too), and every test
gets a fresh HOME and XDG folders of its own (:func:`isolated_home`). Subprocess runs
(:func:`cli_support.run_cli`) inherit that environment.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli_support import ROOT, run_cli  # noqa: F401 (the one CLI runner; tests import it from here too)

DATA = ROOT / "tests" / "data"
PLANS = ROOT / "plans"
NORTHWIND = PLANS / "northwind-2027.yaml"
LUMEN = PLANS / "atelier-lumen-2027.yaml"

#: Folders a program may keep things in between runs; none of them is the user's in a test.
HOME_VARIABLES = ("HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")

_saved: dict[str, str | None] = {}
_session_root: Path | None = None


def _point_home_at(root: Path) -> dict[str, str]:
    folders = {"HOME": root / "home", "XDG_CACHE_HOME": root / "cache", "XDG_CONFIG_HOME": root / "config",
               "XDG_DATA_HOME": root / "data", "XDG_STATE_HOME": root / "state"}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    return {name: str(folder) for name, folder in folders.items()}


def pytest_configure(config) -> None:
    """The session's temporary home, set before any test module is imported."""
    global _session_root
    _session_root = Path(tempfile.mkdtemp(prefix="salesplan-tests-"))
    values = _point_home_at(_session_root)
    # matplotlib's font list is data, built once: one folder for the whole session (all processes)
    values["MPLCONFIGDIR"] = str(_session_root / "matplotlib")
    for name, value in values.items():
        _saved[name] = os.environ.get(name)
        os.environ[name] = value


def pytest_unconfigure(config) -> None:
    for name, value in _saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    if _session_root is not None:
        shutil.rmtree(_session_root, ignore_errors=True)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch) -> Path:
    """A fresh HOME and XDG folders for this test (and the processes it starts)."""
    root = tmp_path_factory.mktemp("home")
    for name, value in _point_home_at(root).items():
        monkeypatch.setenv(name, value)
    return root


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
