"""Updating a goal's ``target`` and ``monthly`` in a plan file, keeping its comments and layout.

The file is parsed with ruamel.yaml's round-trip loader, which keeps every key's and value's
position. When the goal already has a ``target`` and a ``monthly`` mapping with the same months
(always so in a valid plan whose period the forecast covers), only the numbers change: each
value is replaced where it stands in the text, so every other byte of the file (comments,
blank lines, flow or block style, a mapping spread over two lines, quotes, line endings)
stays as it was. A goal with no ``monthly`` gets one, as a block mapping right after
``target``. Anything else (a goal written as a flow mapping, values brought in by a ``<<``
merge or an alias) is changed in ruamel's round-trip document and dumped again, which keeps
comments and the plan's indentation.
"""

from __future__ import annotations

import io
import os
import re
import stat
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from salesplan.errors import SalesplanError
from salesplan.plan import LoadResult, derived, load_plan
from salesplan.plan.model import Plan

__all__ = ["PlanFileError", "goal_to_write", "number_text", "replace_goal", "update_goal", "write_targets"]

_PLAIN_NUMBER = re.compile(r"[-+]?(?:\d[\d_]*)?(?:\.\d*)?(?:[eE][-+]?\d+)?")
_QUOTED = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"\\]|\\.)*\"")


class PlanFileError(SalesplanError):
    """The plan file cannot be updated; ``str()`` names the file."""


def number_text(value: Decimal) -> str:
    """A Decimal as the plan file writes it: ``34500``, ``1234.5``; never an exponent."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def goal_to_write(plan: Plan, plan_file: str | Path, *, start: str | None = None, months: int | None = None) -> int:
    """The index in ``plan.goals`` of the revenue goal ``forecast --write`` updates.

    :raises PlanFileError: the plan has no revenue goal, or the forecast's period (``start``,
        ``months``; each defaults to the plan's) is not the plan's: the goal's monthly targets
        must cover the plan's period, no more, no less.
    """
    goal = derived.revenue_goal(plan)
    if goal is None:
        raise PlanFileError(f"{plan_file}: the plan has no revenue goal for --write to update")
    if start is not None or months is not None:
        plan_months = derived.plan_months(plan)
        wanted = derived.month_range(start or plan_months[0], months or len(plan_months))
        if wanted != plan_months:
            raise PlanFileError(f"{plan_file}: --write needs the forecast to cover the plan's period "
                                f"({plan_months[0]}..{plan_months[-1]}); --start and --months give "
                                f"{wanted[0]}..{wanted[-1]}")
    return next(i for i, g in enumerate(plan.goals) if g is goal)


def write_targets(path: str | Path, goal_index: int, target: Decimal, monthly: dict[str, Decimal]) -> LoadResult:
    """:func:`replace_goal`, refusing a plan the new targets would make invalid.

    Returns what loading the updated plan gave (its warnings). :raises PlanFileError: the file
    cannot be updated, or the new plan would not be valid (the message holds the plan's errors,
    then says the file was not updated).
    """
    outcome = replace_goal(path, goal_index, target, monthly)
    if not outcome.ok:
        lines = [d.format() for d in outcome.diagnostics]
        raise PlanFileError("\n".join([*lines, f"{path}: not updated: the plan with the forecast's targets would "
                                                 "not be valid"]))
    return outcome


def replace_goal(path: str | Path, goal_index: int, target: Decimal, monthly: dict[str, Decimal]) -> LoadResult:
    """Update ``goals[goal_index]`` of the plan file at ``path`` in place, only if it stays valid.

    The new text is written to a temporary file beside the plan and loaded with every plan
    check (messages name the plan file). Without errors it replaces the plan in one rename
    (atomic: an interrupted run leaves the old plan or the new one, never half of one);
    with errors the temporary file is removed and the plan is left untouched. Returns what
    loading the new plan gave: its warnings (a month the quotas do not cover ...) or errors.

    :raises PlanFileError: the file cannot be read, updated or written.
    """
    shown, path = str(path), Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanFileError(f"{shown}: cannot be read ({exc})") from None
    try:
        updated = update_goal(text, goal_index, target, monthly)
    except PlanFileError as exc:
        raise PlanFileError(f"{shown}: {exc}") from None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise PlanFileError(f"{shown}: cannot write beside it ({exc.strerror or exc})") from None
    keep = False
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(updated.encode("utf-8"))
        os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))
        result = load_plan(temporary, display_name=shown)
        if result.ok:
            goal = result.plan.goals[goal_index]
            if goal.target != target or goal.monthly != monthly:  # never write what was not asked for
                raise PlanFileError(f"{shown}: goals[{goal_index}] did not take the new targets; the plan is left "
                                    "as it was")
            os.replace(temporary, path)
            keep = True
        return result
    except OSError as exc:
        raise PlanFileError(f"{shown}: cannot be written ({exc.strerror or exc})") from None
    finally:
        if not keep:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def update_goal(text: str, goal_index: int, target: Decimal, monthly: dict[str, Decimal]) -> str:
    """The plan ``text`` with ``goals[goal_index]``'s ``target`` and ``monthly`` replaced."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    newline = "\r\n" if "\r\n" in body else "\n"
    if newline != "\n":
        body = body.replace("\r\n", "\n")
    yaml = _yaml()
    data = yaml.load(body)
    try:
        goal = data["goals"][goal_index]
    except (KeyError, IndexError, TypeError):
        raise PlanFileError(f"the plan file has no goals[{goal_index}]") from None
    updated = _splice(body, goal, target, monthly)
    if updated is None:
        updated = _insert_monthly(body, goal, target, monthly)
    if updated is None:
        updated = _dump(yaml, body, data, goal, target, monthly)
    if newline != "\n":
        updated = updated.replace("\n", newline)
    return bom + updated


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = 4096
    return yaml


# --------------------------------------------------------------------------- in-place replacement


def _own(mapping: Any, key: str) -> bool:
    """``key`` is written in this mapping itself (not merged in), with a position."""
    return hasattr(mapping, "lc") and key in mapping.lc.data and key in mapping and not _merged(mapping, key)


def _merged(mapping: Any, key: str) -> bool:
    merge = getattr(mapping, "merge", None) or []
    return any(key in source for _, source in merge) and key not in dict.keys(mapping)


def _anchored(node: Any) -> bool:
    anchor = getattr(node, "anchor", None)
    return bool(anchor is not None and getattr(anchor, "value", None))


def _scalar_span(lines: list[str], line: int, column: int) -> tuple[int, int] | None:
    """Start and end columns of the scalar at (line, column), if it is a number or a quoted string."""
    if line >= len(lines):
        return None
    text = lines[line]
    quoted = _QUOTED.match(text, column)
    if quoted:
        return column, quoted.end()
    plain = _PLAIN_NUMBER.match(text, column)
    if plain and plain.end() > column:
        end = plain.end()
        if end == len(text) or text[end] in " \t,}#\r":
            return column, end
    return None


def _splice(body: str, goal: Any, target: Decimal, monthly: dict[str, Decimal]) -> str | None:
    """Replace the numbers where they stand; None when the goal is not laid out for that."""
    from ruamel.yaml.comments import CommentedMap

    if not isinstance(goal, CommentedMap) or goal.fa.flow_style() or not _own(goal, "target"):
        return None
    if not _own(goal, "monthly"):
        return None
    months = goal["monthly"]
    if not isinstance(months, CommentedMap) or _anchored(months):
        return None
    if [str(k) for k in months] != list(monthly) and sorted(map(str, months)) != sorted(monthly):
        return None
    lines = body.split("\n")
    edits: list[tuple[int, int, int, str]] = []
    spots = [(goal.lc.data["target"], target)]
    for key in months:
        if key not in months.lc.data:
            return None
        spots.append((months.lc.data[key], monthly[str(key)]))
    for (_, _, line, column), value in spots:
        span = _scalar_span(lines, line, column)
        if span is None:
            return None
        edits.append((line, span[0], span[1], number_text(value)))
    for line, start, end, new in sorted(edits, reverse=True):
        lines[line] = lines[line][:start] + new + lines[line][end:]
    return "\n".join(lines)


def _insert_monthly(body: str, goal: Any, target: Decimal, monthly: dict[str, Decimal]) -> str | None:
    """A block-style goal without ``monthly``: replace its target, add the months below it."""
    from ruamel.yaml.comments import CommentedMap

    if not isinstance(goal, CommentedMap) or goal.fa.flow_style() or not _own(goal, "target"):
        return None
    if "monthly" in goal:
        return None
    lines = body.split("\n")
    key_line, key_column, line, column = goal.lc.data["target"]
    span = _scalar_span(lines, line, column)
    if span is None or line != key_line:
        return None
    lines[line] = lines[line][: span[0]] + number_text(target) + lines[line][span[1]:]
    indent = " " * key_column
    block = [f"{indent}monthly:"] + [f"{indent}  {month}: {number_text(v)}" for month, v in monthly.items()]
    lines[line + 1:line + 1] = block
    return "\n".join(lines)


# --------------------------------------------------------------------------- round-trip dump


def _dump(yaml: Any, body: str, data: Any, goal: Any, target: Decimal, monthly: dict[str, Decimal]) -> str:
    """Change the round-trip document and dump it, in the indentation the file uses."""
    from ruamel.yaml.comments import CommentedMap

    _layout(yaml, body)
    yaml.representer.add_representer(Decimal, _represent_decimal)
    months = CommentedMap((month, value) for month, value in monthly.items())
    previous = goal.get("monthly")
    if (isinstance(goal, CommentedMap) and goal.fa.flow_style()) or (
            isinstance(previous, CommentedMap) and previous.fa.flow_style()):
        months.fa.set_flow_style()
    if "monthly" in goal:
        goal["target"] = target
        goal["monthly"] = months
    else:
        keys = list(dict.keys(goal))
        position = keys.index("target") + 1 if "target" in keys else len(keys)
        goal["target"] = target
        goal.insert(position, "monthly", months)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _represent_decimal(representer: Any, value: Decimal) -> Any:
    text = number_text(value)
    tag = "tag:yaml.org,2002:int" if "." not in text else "tag:yaml.org,2002:float"
    return representer.represent_scalar(tag, text)


def _layout(yaml: Any, body: str) -> None:
    """Pick the indentation under which the untouched document dumps back as it was read."""
    for mapping, sequence, offset in ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0)):
        yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
        out = io.StringIO()
        yaml.dump(yaml.load(body), out)
        if out.getvalue() == body:
            return
    yaml.indent(mapping=2, sequence=4, offset=2)
