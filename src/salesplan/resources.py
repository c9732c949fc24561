"""Where the files shipped with salesplan live (templates, starter plans, the schema)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def templates_dir() -> Path:
    """The ``templates/`` folder: inside the installed package, or at the top of a checkout."""
    for candidate in (_PACKAGE / "templates", _PACKAGE.parent.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("salesplan's templates folder is missing; reinstall salesplan")
