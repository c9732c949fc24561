"""Look-ups per distinct spelling, for whole columns: the tallies' fast path.

A file repeats a few hundred stages, dates and rep names over millions of rows; a tally works
each spelling out once, keeps it in a dictionary, and looks a whole column up with C-level
``map`` calls.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from itertools import compress, repeat
from operator import is_
from typing import Any

__all__ = ["CACHE_LIMIT", "MISSING", "lookup_column"]

CACHE_LIMIT = 100_000
"""Distinct spellings remembered per look-up before starting afresh (text date-times can all differ)."""

MISSING: Any = object()
"""Not in a cache (None is a value the caches hold)."""


def lookup_column(cache: dict, keys: Sequence[Hashable], compute: Callable[[Any], Any]) -> list:
    """``cache[key]`` for every key of a column, working out each key not cached yet once.

    The new keys are computed in the order the column first gives them (``compute`` may record
    what it sees, such as the first spelling of a date); past :data:`CACHE_LIMIT` the cache
    starts afresh with this column's keys.
    """
    values = list(map(cache.get, keys, repeat(MISSING)))
    if MISSING in values:
        new = dict.fromkeys(compress(keys, map(is_, values, repeat(MISSING))))
        if len(cache) + len(new) > CACHE_LIMIT:
            cache.clear()
            new = dict.fromkeys(keys)
        for key in new:
            cache[key] = compute(key)
        values = list(map(cache.__getitem__, keys))
    return values


def lookup(cache: dict, key: Hashable, compute: Callable[[Any], Any]) -> Any:
    """``cache[key]``, worked out once (the row path's counterpart of :func:`lookup_column`)."""
    value = cache.get(key, MISSING)
    if value is MISSING:
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        value = cache[key] = compute(key)
    return value
