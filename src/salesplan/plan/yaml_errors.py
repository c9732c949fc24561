"""YAML syntax errors in words a sales manager can act on.

libyaml reports where its parser gave up ("could not find expected ':'" one line after the
line that lacks it, "mapping values are not allowed in this context" ...). :func:`explain`
turns the usual mistakes of hand-written plans into one sentence on the line to fix, with a
hint: a missing colon, a tab used for indentation, a line indented differently from its
neighbours, a value holding ``': '`` that needs quotes.
"""

from __future__ import annotations

import re

import yaml

_KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?)([^\s:#][^:#]*?)\s+(\S.*?)\s*(?:#.*)?$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(line: str) -> str:
    """The line without its comment and surrounding spaces (a rough cut, enough for messages)."""
    text = line.strip()
    if text.startswith("#"):
        return ""
    cut = text.find(" #")
    return text[:cut].rstrip() if cut >= 0 else text


def _above(lines: list[str], index: int) -> int | None:
    """Index of the nearest line above ``index`` that holds something (not blank, not a comment)."""
    for i in range(index - 1, -1, -1):
        if _content(lines[i]):
            return i
    return None


def _tab_line(lines: list[str], upto: int) -> int | None:
    """0-based index of the first line up to ``upto`` indented with a tab."""
    for i, line in enumerate(lines[: upto + 1]):
        lead = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in lead and line.strip():
            return i
    return None


def explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """``(line, column, message)`` for a syntax error, 1-based; a plain sentence where we know one."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line, mark.column) if mark else (0, 0)
    problem = exc.problem or "not valid YAML"
    lines = text.splitlines() or [""]
    reported = line  # the parser's own line, for the messages left in its words
    line = min(line, len(lines) - 1)

    tab = _tab_line(lines, line)
    if tab is not None and ("tab" in problem or "indent" in problem or "expected" in problem):
        return tab + 1, 1, f"line {tab + 1} is indented with a tab; YAML needs spaces (replace the tab with spaces)"

    if problem == "could not find expected ':'" and exc.context_mark is not None:
        at = exc.context_mark.line
        source = lines[at] if at < len(lines) else ""
        found = _KEY_VALUE.match(source)
        written = _content(source)
        if found:
            lead, key, value = found.groups()
            return at + 1, exc.context_mark.column + 1, (
                f"'{written.removeprefix('- ').strip()}' needs a colon after the key: '{key}: {value}'"
            )
        return at + 1, exc.context_mark.column + 1, (
            f"'{written.removeprefix('- ').strip()}' needs a colon after the key: "
            f"'{written.removeprefix('- ').strip()}:'")
    context = exc.context or ""
    if exc.context_mark is not None and "quoted scalar" in context:
        at = exc.context_mark
        return at.line + 1, at.column + 1, (
            f"the quote opened on line {at.line + 1} is never closed; end the value with the same quote mark")
    if exc.context_mark is not None and ("flow sequence" in context or "flow mapping" in context):
        at = exc.context_mark
        opened, closing = ("[", "]") if "sequence" in context else ("{", "}")
        return at.line + 1, at.column + 1, (
            f"the '{opened}' opened on line {at.line + 1} is not closed; close it with '{closing}', or put "
            f"the value in quotes if the '{opened}' is part of the text")

    here = lines[line] if line < len(lines) else ""
    prev = _above(lines, line)
    above = (
        f"line {line + 1} starts at column {_indent(here) + 1}, line {prev + 1} above it at column "
        f"{_indent(lines[prev]) + 1}" if prev is not None else f"line {line + 1} starts at column {_indent(here) + 1}"
    )
    if problem.startswith("mapping values are not allowed"):
        first = here.find(": ")
        if 0 <= first < col:  # a second ': ' on the line: the value holds one
            key, value = (part.strip() for part in _content(here).split(":", 1))
            key = key.removeprefix("- ")
            return line + 1, col + 1, (
                f"the value of '{key}' holds ': ', which YAML reads as a second key; put the value in quotes: "
                f"{key}: \"{value}\""
            )
        return line + 1, _indent(here) + 1, (
            f"line {line + 1} is indented further than the line above, which already has its value "
            f"({above}); start it at the column of the line above, or end the line above with ':' "
            "if this line belongs under it"
        )
    if problem == "did not find expected key":
        return line + 1, _indent(here) + 1, (
            f"line {line + 1} does not line up with the lines above ({above}); the keys of one section "
            "start at the same column, and a key under another is indented further than it"
        )
    if problem == "did not find expected '-' indicator":
        item = next((i for i in range(line - 1, -1, -1) if _indent(lines[i]) == _indent(here)
                     and lines[i].lstrip().startswith("- ")), None)
        inside = (len(lines[item]) - len(lines[item].lstrip(" ").removeprefix("-").lstrip(" ")) + 1
                  if item is not None else _indent(here) + 3)
        return line + 1, _indent(here) + 1, (
            f"line {line + 1} starts at the column of the list's '-' above but is not a list item: indent it "
            f"to column {inside} to belong to the item above, or start it with '- ' for a new item"
        )
    if exc.context and "expected a single document" in exc.context:
        problem = "the file holds several YAML documents; a plan is one document"
    return reported + 1, col + 1, f"YAML syntax: {problem}"
