"""Loading a plan file: YAML -> positions -> model -> cross-checks, every message with its line.

:func:`load_plan` never raises for a user's mistake: it returns a :class:`LoadResult` whose
``diagnostics`` say what is wrong, each pointing at file, line and column.
"""

from __future__ import annotations

import copy
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from pydantic import BaseModel, ValidationError

from salesplan.errors import SalesplanError
from salesplan.plan.diagnostics import Diagnostic, Path, describe, dotted, suggestion
from salesplan.plan.model import Plan
from salesplan.plan.yamlio import Positions, YamlFileError, load_yaml


@dataclass
class LoadResult:
    """What loading a plan gave: the plan (None when it has errors) and every message."""

    file: str
    plan: Plan | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    positions: Positions = field(default_factory=Positions)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    @property
    def ok(self) -> bool:
        return self.plan is not None and not self.errors


#: File name endings of spreadsheets (and zip/OLE files): refused in one line, never parsed as YAML.
SPREADSHEETS = frozenset({".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".numbers"})


class PlanError(SalesplanError):
    """Raised by :func:`require_plan` for a plan that has errors; carries the messages."""

    def __init__(self, result: LoadResult):
        self.result = result
        super().__init__("\n".join(d.format() for d in result.errors))


def read_text(path: FsPath, shown: str) -> str:
    """The file's text, or a :class:`YamlFileError` naming what is wrong with the file."""
    def fail(message: str, line: int | None = None, col: int | None = None) -> YamlFileError:
        return YamlFileError(Diagnostic(shown, line, col, "error", "", message))

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise fail("no such file") from None
    except IsADirectoryError:
        raise fail("is a folder, not a plan file") from None
    except PermissionError:
        raise fail("cannot be read (permission denied)") from None
    except OSError as exc:
        raise fail(f"cannot be read ({exc.strerror or exc})") from None
    if path.suffix.lower() in SPREADSHEETS or raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise fail("this is a spreadsheet, not a plan; a plan is a YAML file (salesplan init writes one)")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise fail(f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02X}); save it as UTF-8", line, col) from None


def load_plan(path: str | FsPath, *, display_name: str | None = None) -> LoadResult:
    """Read, validate and cross-check one plan file."""
    path = FsPath(path)
    shown = display_name or str(path)
    try:
        text = read_text(path, shown)
    except YamlFileError as exc:
        return LoadResult(shown, None, [exc.diagnostic])
    return load_plan_text(text, shown)


def load_plan_text(text: str, shown: str = "<plan>") -> LoadResult:
    """Validate and cross-check a plan given as YAML text."""
    try:
        data, positions, problems = load_yaml(text, shown)
    except YamlFileError as exc:
        return LoadResult(shown, None, [exc.diagnostic])
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else describe(data) if len(str(data)) <= 40 else "plain text"
        return LoadResult(shown, None, [Diagnostic(
            shown, 1, 1, "error", "",
            f"a plan is a mapping of sections (plan:, mission:, goals: ...), found {found} at the top",
        )], positions)

    diagnostics = list(problems)
    plan, schema_errors = _validate(data, shown, positions)
    reported = {d.path for d in problems}  # a refused tag already said what is wrong there
    diagnostics += [d for d in schema_errors if d.path not in reported]
    if plan is not None:
        from salesplan.plan.checks import cross_check

        causes = [_container(d.path) for d in diagnostics if d.severity == "error"]
        causes = [c for c in causes if "." in c or "[" in c]  # a whole top-level section is too broad
        lost = {kind for prefix, kind in _REFERENCED.items() for c in causes if _within(c, prefix)}
        diagnostics += [d for d in cross_check(plan, data, positions, shown)
                        if not any(_within(d.path, cause) for cause in causes)
                        and not any(d.message.startswith(f"unknown {kind} ") for kind in lost)]
    diagnostics.sort(key=lambda d: (d.line or 0, d.column or 0, d.severity != "error"))
    has_errors = any(d.severity == "error" for d in diagnostics)
    if plan is not None:
        plan._source = (shown, positions)
    return LoadResult(shown, None if has_errors else plan, diagnostics, positions)


#: Lists whose items others refer to: a refused item there makes those references unknown, as a consequence.
_REFERENCED = {"team.members": "member", "team.territories": "territory", "goals": "goal"}


def _container(path: str) -> str:
    """``goals[0].monthly.2027-13`` -> ``goals[0].monthly``: where a removed bad value sat."""
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else ""


def _within(path: str, container: str) -> bool:
    """Whether a cross-check at ``path`` looks at ``container`` (so its error may only repeat the cause)."""
    return bool(container) and (path == container or path.startswith((container + ".", container + "[")))


def plan_place(plan: Plan, path: Path, *, column: bool = True) -> str | None:
    """Where the value at ``path`` is written in the plan's file: ``plan.yaml:187:11`` (or
    ``plan.yaml:187`` without ``column``); None for a plan that was not read from a file."""
    if plan._source is None:
        return None
    shown, positions = plan._source
    if tuple(path) not in positions.values:
        return None
    line, col = positions.of_value(path)
    return f"{shown}:{line}:{col}" if column else f"{shown}:{line}"


def require_plan(path: str | FsPath) -> Plan:
    """Load a plan for a command that needs a valid one; :class:`PlanError` otherwise."""
    result = load_plan(path)
    if not result.ok:
        raise PlanError(result)
    return result.plan  # type: ignore[return-value]


# --------------------------------------------------------------------------- schema errors


def _validate(data: dict, shown: str, positions: Positions) -> tuple[Plan | None, list[Diagnostic]]:
    """Validate against the model; map each pydantic error to its place in the file.

    When the only errors are unknown keys or bad optional values, they are pruned from a
    copy and the rest is validated again, so the cross-checks still run and every mistake
    is reported at once.
    """
    try:
        return Plan.model_validate(data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    diagnostics = [_diagnostic(err, data, shown, positions) for err in errors]
    pruned = copy.deepcopy(data)
    for _ in range(3):
        if any(err["type"] == "missing" for err in errors):
            return None, diagnostics
        if not all(_remove(pruned, _data_path(err["loc"], pruned)[0]) for err in errors):
            return None, diagnostics
        try:
            return Plan.model_validate(pruned), diagnostics
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
    return None, diagnostics


def _remove(data: Any, path: Path) -> bool:
    """Delete the value at ``path`` from a copy of the data, to validate the rest again.

    A bad item of a list of plain values (``ramp[0]``) takes its whole list with it; a list
    item that is a mapping is never removed, since the paths of the items after it would
    shift. Returns False when nothing could be removed cleanly.
    """
    def at(path: Path) -> Any:
        node = data
        for item in path:
            node = node[item]
        return node

    try:
        while path and isinstance(path[-1], int) and not isinstance(at(path), dict):
            path = path[:-1]
        if not path or isinstance(path[-1], int):
            return False
        parent = at(path[:-1])
    except (KeyError, IndexError, TypeError):
        return False
    if isinstance(parent, dict) and path[-1] in parent:
        del parent[path[-1]]
        return True
    return False


def _data_path(loc: tuple, data: Any) -> tuple[Path, bool]:
    """The part of a pydantic ``loc`` that exists in the data, and whether it names a bad key.

    Union tags and ``[key]`` markers that pydantic inserts are skipped.
    """
    path: list[Any] = []
    node = data
    bad_key = False
    for item in loc:
        if item == "[key]":
            bad_key = True
            continue
        if isinstance(node, dict) and isinstance(item, str) and item in node:
            path.append(item)
            node = node[item]
        elif isinstance(node, list) and isinstance(item, int) and 0 <= item < len(node):
            path.append(item)
            node = node[item]
        elif isinstance(node, dict) and isinstance(item, str):
            # a key the data does not have: a missing key, or a union tag to skip
            if not _is_union_tag(item):
                path.append(item)
                node = None
        # anything else: an internal tag
    return tuple(path), bad_key


def _is_union_tag(item: str) -> bool:
    return item in ("flat", "by_month") or "[" in item or item.startswith("function-")


def _diagnostic(err: dict, data: dict, shown: str, positions: Positions) -> Diagnostic:
    path, bad_key = _data_path(err["loc"], data)
    kind = err["type"]
    message = err["msg"]
    if kind == "missing":
        line, col = positions.of_value(path[:-1])
        message = "required key missing"
    elif kind == "extra_forbidden":
        line, col = positions.of_key(path)
        allowed = _allowed_keys(path[:-1], data)
        message = "unknown key" + suggestion(str(path[-1]), allowed, known_label="expected one of")
    else:
        line, col = positions.of_key(path) if bad_key else positions.of_value(path)
        message = _friendly(err, path)
    return Diagnostic(shown, line, col, "error", dotted(path), message)


def _friendly(err: dict, path: Path) -> str:
    kind, value = err["type"], err.get("input")
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        options = [part.strip(" '") for part in expected.replace(" or ", ", ").split(",")]
        return f"'{value}' is not allowed" + suggestion(str(value), options, known_label="expected one of")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        missing_colon = isinstance(value, str) and re.match(r"^([a-z_]+) +(\S.*)$", value)
        hint = f" (a colon missing? '{missing_colon[1]}: {missing_colon[2]}')" if missing_colon else ""
        return f"expected a mapping of keys, got {describe(value)}{hint}"
    if kind == "list_type":
        return f"expected a list, got {describe(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {describe(value)}"
    if kind == "bool_type" or kind == "bool_parsing":
        return f"expected true or false, got {describe(value)}"
    if kind == "too_short":
        least = err.get("ctx", {}).get("min_length", 1)
        return "must not be empty" if least == 1 else f"needs at least {least} items"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return message_for_bounds(err)
    if kind == "union_tag_invalid":
        return f"expected an amount or a mapping of months to amounts, got {describe(value)}"
    if kind == "string_pattern_mismatch":
        return f"'{value}' does not have the expected form"
    return err["msg"]


def message_for_bounds(err: dict) -> str:
    ctx = err.get("ctx", {})
    value = err.get("input")
    if "ge" in ctx and "le" in ctx:
        return f"must lie between {ctx['ge']} and {ctx['le']}, got {value}"
    for key, words in (("ge", "at least"), ("gt", "above"), ("le", "at most"), ("lt", "below")):
        if key in ctx:
            return f"must be {words} {ctx[key]}, got {value}"
    return err["msg"]


def _allowed_keys(path: Path, data: Any) -> list[str]:
    """The keys the model allows at ``path`` (for "did you mean")."""
    model: Any = Plan
    for item in path:
        if isinstance(item, int):
            continue
        model = _field_model(model, item)
        if model is None:
            return []
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _field_model(model: Any, name: str) -> Any:
    if not (isinstance(model, type) and issubclass(model, BaseModel)) or name not in model.model_fields:
        return None
    return _unwrap(model.model_fields[name].annotation)


def _unwrap(annotation: Any) -> Any:
    """``list[Goal] | None`` -> ``Goal``; anything that is not a model -> itself."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        inner = _unwrap(arg)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return inner
    return annotation
