"""The starter plan ``salesplan init`` writes (``templates/init/plan.<language>.yaml``)."""

from __future__ import annotations

import re

from salesplan.resources import templates_dir

#: The year the starter files are written for; ``init --year`` shifts every date by the difference.
STARTER_YEAR = 2027


def starter_plan(language: str, *, kind: str = "annual", year: int = STARTER_YEAR) -> str:
    """The commented starter plan, for ``year`` and with ``plan.kind`` set to ``kind``."""
    text = (templates_dir() / "init" / f"plan.{language}.yaml").read_text(encoding="utf-8")
    shift = year - STARTER_YEAR
    if shift:
        # every date and month (YYYY-MM...) moves by the same number of years
        text = re.sub(r"\b(\d{4})(?=-\d\d\b)", lambda m: str(int(m.group(1)) + shift), text)
    text = re.sub(r"(?m)^(  kind: )annual\b", lambda m: m.group(1) + kind, text, count=1)
    return text
