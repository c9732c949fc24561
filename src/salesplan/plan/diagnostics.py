"""Messages about a plan: where (file, line, column), what (dotted path) and why."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Literal

Severity = Literal["error", "warning"]
PathItem = str | int
Path = tuple[PathItem, ...]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One error or warning, ready to print as ``file:line:col: error: path: message``."""

    file: str
    line: int | None
    column: int | None
    severity: Severity
    path: str
    message: str

    def format(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        text = f"{self.path}: {self.message}" if self.path else self.message
        return f"{where}: {self.severity}: {text}"

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "path": self.path,
            "message": self.message,
        }


def describe(value) -> str:
    """How a message names a value it did not expect: ``a list``, ``nothing``, ``'abc'``."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    return f"'{value}'"


def dotted(path: Iterable[PathItem]) -> str:
    """``("goals", 0, "monthly")`` -> ``goals[0].monthly``."""
    out = ""
    for item in path:
        if isinstance(item, int):
            out += f"[{item}]"
        else:
            out += f".{item}" if out else str(item)
    return out


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The closest choice to a mistyped word, or None when nothing is close."""
    choices = list(choices)
    if not choices:
        return None
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return lowered[word.lower()]
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return found[0] if found else None


def suggestion(word: str, choices: Iterable[str], *, known_label: str = "known") -> str:
    """`` (did you mean 'x'?)`` or `` (known: a, b, c)`` for a message tail."""
    choices = list(choices)
    close = did_you_mean(word, choices)
    if close is not None:
        return f" (did you mean '{close}'?)"
    if not choices:
        return " (none defined)"
    shown = ", ".join(choices[:12])
    if len(choices) > 12:
        shown += f", ... {len(choices) - 12} more"
    return f" ({known_label}: {shown})"


def num(value: Decimal | int) -> str:
    """A number as a person writes it in a message: ``29000``, ``1250.5``, never ``2.9E+4``."""
    if isinstance(value, int):
        return str(value)
    value = value.normalize() if value == value.to_integral_value() else value
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
