"""A cached copy of the plan model's compiled validator, so `salesplan validate` starts fast.

Building the pydantic validator of the whole plan model costs about 60 ms on every run, as
much as the rest of `validate`. pydantic-core validators can be pickled; the first run saves
the compiled one under ``$XDG_CACHE_HOME/salesplan`` (``~/.cache/salesplan``) and later runs
load it in about a millisecond. The file's name carries a hash of the model's source and of
the salesplan, pydantic and Python versions, so a changed model never uses a stale copy. A
cache that cannot be read or written is simply not used; ``SALESPLAN_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

_installed = False


def _cache_file() -> Path | None:
    if os.environ.get("SALESPLAN_NO_CACHE"):
        return None
    import pydantic
    import pydantic_core

    from salesplan import __version__
    from salesplan.plan import model

    try:
        source = Path(model.__file__).read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(source)
    for part in (__version__, pydantic.VERSION, pydantic_core.__version__, sys.version):
        digest.update(part.encode())
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "salesplan"
    return base / f"plan-validator-{digest.hexdigest()[:20]}.pickle"


def install_plan_validator() -> None:
    """Give :class:`~salesplan.plan.model.Plan` its validator: from the cache, or built and cached."""
    global _installed
    if _installed:
        return
    _installed = True
    from salesplan.plan.model import Plan

    path = _cache_file()
    if path is None:
        return
    try:
        Plan.__pydantic_validator__ = pickle.loads(path.read_bytes())  # our own file, keyed by the model's hash
        return
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    try:
        Plan.model_rebuild()  # the model is built lazily (defer_build): build it now, once
        data = pickle.dumps(Plan.__pydantic_validator__)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".plan-validator.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass
