"""Text matching helpers shared by the plan checks and the tracking readers."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=65536)
def fold(value: str) -> str:
    """Normalise text for matching: strip surrounding spaces, ignore case and accents.

    >>> fold("  Gagnée ") == fold("GAGNEE")
    True
    """
    decomposed = unicodedata.normalize("NFKD", value.strip())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())
