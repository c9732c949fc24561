"""Reading a plan's YAML: one parse, YAML 1.2 core types, the position of every node.

PyYAML's own loaders follow YAML 1.1 (``no`` becomes ``False``, ``2027-01-01`` a date, a
duplicate key silently wins) and forget where a value came from. This module composes the
node graph with libyaml when it is there (pure Python otherwise), then builds plain Python
data itself with YAML 1.2 core-schema scalars:

* ``true``/``false`` (any case form of the spec) are booleans; ``yes``, ``no``, ``on``, ``off``
  stay strings, so a territory ``no`` is Norway;
* integers stay ``int``; floats become :class:`~decimal.Decimal` from their source text, so
  ``0.1`` is exactly one tenth and money never passes through ``float``;
* dates and months stay strings (the plan model parses them);
* a duplicate key in a mapping, a tag outside the core set (``!!python/object`` ...) and an
  alias bomb are errors;
* every value's (and every key's) line and column is recorded under its path, so later
  checks can point at the exact place of a mistake.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from salesplan.errors import SalesplanError
from salesplan.plan.diagnostics import Diagnostic, Path, dotted
from salesplan.plan.yaml_errors import explain

try:  # libyaml keeps line marks too and composes several times faster
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


TAG = "tag:yaml.org,2002:"
CORE_TAGS = {TAG + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "merge")}

#: Most nodes an alias may expand into, in all, before the file counts as an alias bomb.
MAX_ALIAS_EXPANSION = 100_000


class CoreResolver(BaseResolver):
    """Implicit tags of the YAML 1.2 core schema (plus ``<<`` merge keys)."""

    yaml_implicit_resolvers: dict = {}


for _tag, _regexp, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("merge", r"^(?:<<)$", "<"),
):
    CoreResolver.add_implicit_resolver(TAG + _tag, re.compile(_regexp), list(_first))


_PLAIN_TAGS: dict[str, str] = {}


class _Composer(_Parser, CoreResolver):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        CoreResolver.__init__(self)

    def resolve(self, kind, value, implicit):  # noqa: ANN001 - PyYAML's signature
        """The core resolver, memoised for plain scalars (plans repeat the same words a lot)."""
        if kind is ScalarNode and implicit[0]:
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = CoreResolver.resolve(self, kind, value, implicit)
                if len(_PLAIN_TAGS) < 100_000:
                    _PLAIN_TAGS[value] = tag
            return tag
        return CoreResolver.resolve(self, kind, value, implicit)


@dataclass
class Positions:
    """Where each value (and each mapping key) stands in the file, by path; 1-based."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def of_value(self, path: Path) -> tuple[int, int]:
        """The position of the value at ``path``, or of its nearest known ancestor."""
        path = tuple(path)
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))

    def of_key(self, path: Path) -> tuple[int, int]:
        """The position of the key that names ``path`` (falls back to the value's)."""
        path = tuple(path)
        if path in self.keys:
            return self.keys[path]
        return self.of_value(path)


class YamlFileError(SalesplanError):
    """The text cannot be read as a plan at all (nothing else can be checked)."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self, filename: str):
        self.filename = filename
        self.positions = Positions()
        self.problems: list[Diagnostic] = []
        self._seen: set[int] = set()
        self._expanding = 0
        self._expanded = 0
        self._alias_path: Path = ()

    def error(self, node: Node, path: Path, message: str) -> None:
        line, col = _mark(node)
        self.problems.append(Diagnostic(self.filename, line, col, "error", dotted(path), message))

    def build(self, node: Node, path: Path) -> Any:
        first_visit = id(node) not in self._seen
        if not first_visit:
            if not self._expanding:
                self._alias_path = path  # where the outermost alias being expanded is used
            self._expanding += 1
        self._seen.add(id(node))
        try:
            if self._expanding:
                self._expanded += 1
                if self._expanded > MAX_ALIAS_EXPANSION:
                    line, col = self.positions.of_value(self._alias_path[:-1])
                    raise YamlFileError(
                        Diagnostic(
                            self.filename, line, col, "error", dotted(self._alias_path),
                            f"aliases expand to more than {MAX_ALIAS_EXPANSION:,} values "
                            "(an alias bomb?); write the values out instead",
                        )
                    )
            self.positions.values[path] = _mark(node)
            if node.tag not in CORE_TAGS:
                self.error(node, path, f"tag '{node.tag.replace(TAG, '!!')}' is not allowed in a plan "
                           "(only plain values, lists and mappings)")
                return None
            if isinstance(node, ScalarNode):
                return self.scalar(node, path)
            if isinstance(node, SequenceNode):
                return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
            return self.mapping(node, path)
        finally:
            if not first_visit:
                self._expanding -= 1

    def scalar(self, node: ScalarNode, path: Path) -> Any:
        tag, text = node.tag, node.value
        if tag == TAG + "str":
            return text
        if tag == TAG + "null":
            if text not in ("", "~", "null", "Null", "NULL"):
                self.error(node, path, f"'{text}' is not null")
            return None
        if tag == TAG + "bool":
            if text in ("true", "True", "TRUE"):
                return True
            if text in ("false", "False", "FALSE"):
                return False
            self.error(node, path, f"'{text}' is not true or false")
            return None
        if tag == TAG + "int":
            try:
                if text[:2] in ("0o", "0x"):
                    return int(text, 0)
                return int(text, 10)
            except ValueError:
                self.error(node, path, f"'{text}' is not a whole number")
                return None
        if tag == TAG + "float":
            cleaned = text.lower().replace(".inf", "infinity").replace(".nan", "nan")
            try:
                return Decimal(cleaned)
            except InvalidOperation:
                self.error(node, path, f"'{text}' is not a number")
                return None
        self.error(node, path, "a merge key '<<' needs a mapping after it")
        return None

    def mapping(self, node: MappingNode, path: Path) -> dict:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == TAG + "merge":
                merged.update(self._merge(value_node, path))
                continue
            if not isinstance(key_node, ScalarNode):
                self.error(key_node, path, "a key must be plain text, not a list or a mapping")
                continue
            key = key_node.value
            child = path + (key,)
            if self._split_by_comma(node, key_node, value_node, result, path):
                continue
            if key in first_line:
                self.error(key_node, child, f"duplicate key '{key}' (first at line {first_line[key]}); "
                           "a mapping may name each key once")
            first_line[key] = key_node.start_mark.line + 1
            self.positions.keys[child] = _mark(key_node)
            result[key] = self.build(value_node, child)
        for key, value in merged.items():
            result.setdefault(key, value)
        return result

    def _split_by_comma(self, node: MappingNode, key_node: ScalarNode, value_node: Node, result: dict,
                        path: Path) -> bool:
        """A comma inside ``{...}`` that cut a value in two: ``{description: 1 to 5 shops, France}``.

        The words after the comma come back as a key with no colon and no value; say so (instead
        of "unknown key 'France'") and drop that key.
        """
        if not (node.flow_style and result and key_node.style in (None, "") and isinstance(value_node, ScalarNode)
                and value_node.value == "" and value_node.start_mark.index == key_node.end_mark.index):
            return False
        before = list(result)[-1]
        previous = result[before]
        if not isinstance(previous, str):
            return False
        self.error(key_node, path + (before,),
                   f"the comma before '{key_node.value}' cut the value in two; put the whole value in quotes: "
                   f"{before}: \"{previous}, {key_node.value}\"")
        return True

    def _merge(self, node: Node, path: Path) -> dict:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        merged: dict[str, Any] = {}
        for source in sources:
            value = self.build(source, path)
            if not isinstance(value, dict):
                self.error(source, path, "a merge key '<<' needs a mapping (or a list of mappings) after it")
                continue
            for key, item in value.items():
                merged.setdefault(key, item)
        return merged


def load_yaml(text: str, filename: str) -> tuple[Any, Positions, list[Diagnostic]]:
    """Parse ``text`` into plain data, positions and the problems found on the way.

    Raises :class:`YamlFileError` when the text cannot be read as one YAML document at all.
    """
    composer = _Composer(text)
    gc_was_enabled = gc.isenabled()
    gc.disable()  # node graphs are large and acyclic: collection passes would only cost time
    try:
        node = composer.get_single_node()
    except yaml.MarkedYAMLError as exc:
        line, col, message = explain(exc, text)
        raise YamlFileError(Diagnostic(filename, line, col, "error", "", message)) from None
    except yaml.YAMLError as exc:
        raise YamlFileError(Diagnostic(filename, 1, 1, "error", "", f"YAML syntax: {exc}")) from None
    finally:
        composer.dispose()
        if gc_was_enabled:
            gc.enable()
    if node is None:
        raise YamlFileError(Diagnostic(
            filename, 1, 1, "error", "",
            "the file is empty; a plan needs at least the plan:, mission: and goals: sections",
        ))
    builder = _Builder(filename)
    gc.disable()
    try:
        data = builder.build(node, ())
    except RecursionError:
        raise YamlFileError(Diagnostic(filename, 1, 1, "error", "", "the file is nested too deeply to be a plan")) from None
    finally:
        if gc_was_enabled:
            gc.enable()
    return data, builder.positions, builder.problems
