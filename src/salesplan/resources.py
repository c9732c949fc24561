"""Where the files that ship with salesplan live (starter plans, document wording, reference.docx)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import salesplan


@lru_cache(maxsize=1)
def templates_dir() -> Path:
    """The ``templates`` folder: inside the installed package, else the repository's top level.

    A wheel carries the folder as ``salesplan/templates`` (see ``pyproject.toml``); a source
    checkout run with ``PYTHONPATH=src`` finds it two levels above the package.
    """
    package = Path(salesplan.__file__).resolve().parent
    installed = package / "templates"
    if installed.is_dir():
        return installed
    return package.parent.parent / "templates"
