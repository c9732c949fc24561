"""The tests themselves: no test sees the user's home, cache or configuration folders."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tests.conftest import HOME_VARIABLES


def test_every_test_has_a_temporary_home(isolated_home):
    for name in HOME_VARIABLES:
        assert Path(os.environ[name]).parent == isolated_home, name
    assert Path.home() == isolated_home / "home"
    assert Path(os.environ["MPLCONFIGDIR"]).is_relative_to(tempfile.gettempdir())


def test_the_next_test_gets_another_one(isolated_home):
    assert Path.home() == isolated_home / "home"
    assert list(Path.home().iterdir()) == []  # nothing left by an earlier test
