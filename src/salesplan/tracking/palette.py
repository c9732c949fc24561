"""The status colours, read the usual way: ahead and on track green, behind red, not started grey.

One palette for every output that colours a status: the workbook's cells
(:mod:`salesplan.tracking.output_xlsx`), the Word report's cells and chart bars
(:mod:`salesplan.render.progress_report`, :mod:`salesplan.render.progress_charts`) and the
terminal table (:mod:`salesplan.tracking.output_table`). ``ahead`` is a full green and
``on_track`` a lighter one, so the two stay apart; nothing is yellow (leadership reads yellow
as "at risk", which ``on_track`` is not).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PALETTE", "StatusColours", "colours"]


@dataclass(frozen=True)
class StatusColours:
    fill: str  # cell shading (hex RGB, no '#')
    ink: str  # text on that shading
    chart: str  # a bar or point in a chart ('#' hex)
    terminal: str  # click colour name
    bold: bool = False  # the statuses that call for action stand out


PALETTE: dict[str, StatusColours] = {
    "ahead": StatusColours("C6EFCE", "006100", "#2e7d32", "green", bold=True),
    "on_track": StatusColours("E2EFDA", "375623", "#8bc34a", "green"),
    "behind": StatusColours("FFC7CE", "9C0006", "#c62828", "red", bold=True),
    "not_started": StatusColours("EDEDED", "595959", "#9e9e9e", "bright_black"),
    "not_tracked": StatusColours("EDEDED", "595959", "#9e9e9e", "bright_black"),
}


def colours(status: str) -> StatusColours:
    """The colours of ``status`` (grey for anything else)."""
    return PALETTE.get(status, PALETTE["not_started"])
