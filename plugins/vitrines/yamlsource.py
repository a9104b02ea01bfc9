"""Safe YAML loading that remembers where every value came from.

Shop files are written by hand by people who are not developers, and are
untrusted. This loader accepts the plain subset of YAML a shop file needs
(mappings, lists, text, numbers, true/false, null) and turns everything else
into a :class:`~vitrines.diagnostics.Diagnostic` instead of an exception:

* anchors, aliases and tags (``&x``, ``*x``, ``!tag``): they hide values and
  enable "billion laughs" expansions;
* duplicate keys, which PyYAML would silently resolve to the last one;
* files over a size cap, bytes that are not UTF-8, nesting deeper than any
  shop file needs.

Dates are *not* turned into ``datetime.date``: they stay text, and the schema
checks their shape. Other YAML 1.1 conversions (``NO`` -> false, ``7:30`` ->
450, ``0700`` -> 448) are kept so the schema can reject them, and the raw text
of each plain scalar is kept so the message can say what to quote.

Events come from libyaml when PyYAML was built with it (fast), and are composed
here, so the same rules apply to both parsers.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml import events
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from .diagnostics import ERROR, Diagnostic

# libyaml's parser alone when PyYAML was built with it (the events are all we read), else PyYAML's
Parser = yaml.cyaml.CParser if yaml.__with_libyaml__ else yaml.SafeLoader

MAX_DEPTH = 32
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"


class _Resolver(Resolver):
    """YAML 1.1 resolution, without turning dates into ``datetime`` objects."""


_Resolver.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
}

_resolver = _Resolver()
_constructor = SafeConstructor()

# A path into the data: keys and list indexes, as jsonschema reports them.
Pointer = tuple


@dataclass
class Source:
    """A loaded YAML file: its data, and the position of every value in it."""

    path: str
    data: Any = None
    # pointer -> (line, col) of the value, 1-based
    positions: dict = field(default_factory=dict)
    # pointer -> (line, col) of the mapping key that holds the value
    key_positions: dict = field(default_factory=dict)
    # pointer -> source text of a plain (unquoted) scalar that YAML did not read as text
    plain_text: dict = field(default_factory=dict)
    diagnostics: list = field(default_factory=list)

    def position(self, pointer: Pointer, *, key: bool = False) -> tuple[int, int]:
        """Where ``pointer`` is, falling back to its nearest known parent."""
        pointer = tuple(pointer)
        table = self.key_positions if key else self.positions
        if pointer in table:
            return table[pointer]
        while pointer:
            pointer = pointer[:-1]
            if pointer in self.positions:
                return self.positions[pointer]
        return (1, 1)

    def error(self, pointer: Pointer, message: str, *, key: bool = False,
              severity: str = ERROR) -> Diagnostic:
        line, col = self.position(pointer, key=key)
        return Diagnostic(self.path, line, col, severity, one_line(message))

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(message: str) -> str:
    """``message`` with line breaks and other control characters (from quoted values) escaped:
    one diagnostic, one line."""
    return _INVISIBLE.sub(lambda m: repr(m.group())[1:-1], message)


def field_name(pointer: Pointer) -> str:
    """A pointer as a merchant reads it: ``hours.mon[1]``, ``photos[0].alt``."""
    text = ""
    for part in pointer:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".")


class _Reject(Exception):
    def __init__(self, mark, message: str):
        super().__init__(message)
        self.line = (mark.line + 1) if mark is not None else 1
        self.col = (mark.column + 1) if mark is not None else 1
        self.message = message


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def load_file(path: Path, display: str | None = None, *, max_bytes: int = 65536) -> Source:
    """Load ``path``; problems end up in ``Source.diagnostics``, never raised."""
    display = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        src = Source(display)
        src.diagnostics.append(Diagnostic(display, 1, 1, ERROR, f"cannot read the file: {exc.strerror}"))
        return src
    return load_bytes(raw, display, max_bytes=max_bytes)


def load_bytes(raw: bytes, display: str, *, max_bytes: int = 65536) -> Source:
    src = Source(display)

    def fail(line: int, col: int, message: str) -> Source:
        src.data = None
        src.diagnostics.append(Diagnostic(display, line, col, ERROR, one_line(message)))
        return src

    if len(raw) > max_bytes:
        return fail(1, 1, f"the file is {len(raw):,} bytes, over the limit of {max_bytes:,}; "
                          "shorten the descriptions or move text elsewhere")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8", errors="replace")
        line, col = _line_col(good, len(good))
        return fail(line, col, "this byte is not valid UTF-8; save the file with the UTF-8 encoding")
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        line, col = _line_col(text, text.index("\x00"))
        return fail(line, col, "the file contains a NUL character; save it as plain UTF-8 text")
    try:  # (the parser's events, without a generator between)
        src.data = _compose(iter(Parser(text).get_event, None), src)
    except _Reject as exc:
        return fail(exc.line, exc.col, exc.message)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        lines = re.split(r"\r\n|[\r\n\x85\u2028\u2029]", text)  # YAML's line breaks
        if line > len(lines):  # the end of a file without a final line break: point at its end
            line, col = len(lines), len(lines[-1]) + 1
        problem = exc.problem or exc.context or "invalid YAML"
        return fail(line, col, f"this is not valid YAML: {problem}; check the indentation and "
                               "put text containing ': ' or '#' in quotes")
    except yaml.reader.ReaderError as exc:  # a control character; str(exc) spans two lines
        char = chr(exc.character) if isinstance(exc.character, int) else ""
        line, col = _line_col(text, text.find(char)) if char and char in text else (1, 1)
        return fail(line, col, f"this is not valid YAML: the control character U+{ord(char or '?'):04X} "
                               "is not allowed; delete it (it is often invisible: retype the line)")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return fail((mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1,
                    f"this is not valid YAML: {exc}")
    if src.data is None:
        return fail(1, 1, "the file is empty; see shops/README.md for an example shop file")
    return src


def _compose(stream, src: Source) -> Any:
    """Build plain Python values from parser events, recording positions."""
    it = iter(stream)
    documents = []
    for event in it:
        if isinstance(event, events.DocumentStartEvent):
            if documents:
                raise _Reject(event.start_mark, "the file holds more than one YAML document "
                                                "('---'); keep one shop per file")
            documents.append(_node(next(it), it, src, (), 0))
    return documents[0] if documents else None


def _check_event(event) -> None:
    if isinstance(event, events.AliasEvent):
        raise _Reject(event.start_mark, f"aliases (*{event.anchor}) are not allowed; write the value out in full")
    if getattr(event, "anchor", None):
        raise _Reject(event.start_mark, f"anchors (&{event.anchor}) are not allowed; write each value out in full")
    tag = getattr(event, "tag", None)
    if tag not in (None, "!"):
        raise _Reject(event.start_mark, f"tags such as '{tag}' are not allowed; remove it")


# (the events a value starts with, compared by type: the loop every value of every file goes through)
_SCALAR, _SEQUENCE, _MAPPING = events.ScalarEvent, events.SequenceStartEvent, events.MappingStartEvent
_VALUE_EVENTS = frozenset((_SCALAR, _SEQUENCE, _MAPPING))


def _node(event, it, src: Source, pointer: Pointer, depth: int) -> Any:
    kind = type(event)
    if kind not in _VALUE_EVENTS or event.anchor or event.tag not in (None, "!"):
        _check_event(event)
    mark = event.start_mark
    src.positions[pointer] = (mark.line + 1, mark.column + 1)
    if depth > MAX_DEPTH:
        raise _Reject(mark, f"the values are nested more than {MAX_DEPTH} levels deep")
    if kind is _SCALAR:
        return _scalar(event, src, pointer)
    if kind is _SEQUENCE:
        items = []
        for event in it:
            if type(event) is events.SequenceEndEvent:
                return items
            items.append(_node(event, it, src, pointer + (len(items),), depth + 1))
    if kind is _MAPPING:
        mapping: dict = {}
        for event in it:
            kind = type(event)
            if kind is events.MappingEndEvent:
                return mapping
            if kind is not _SCALAR or event.anchor or event.tag not in (None, "!"):
                _check_event(event)
            if kind is not _SCALAR:
                raise _Reject(event.start_mark, "a key must be a plain word, not a list or a mapping")
            key_mark = event.start_mark
            key = _scalar(event, src, None)
            if key == "<<" and event.implicit[0]:
                raise _Reject(key_mark, "merge keys ('<<') are not allowed; write each value out in full")
            if not isinstance(key, str):
                raise _Reject(key_mark, f"the key {event.value!r} is read as {_kind(key)}; "
                                        f"put it in quotes: \"{event.value}\"")
            if key in mapping:
                first = src.key_positions[pointer + (key,)]
                raise _Reject(key_mark, f"duplicate key '{key}' (first given on line {first[0]}); "
                                        "keep only one")
            src.key_positions[pointer + (key,)] = (key_mark.line + 1, key_mark.column + 1)
            mapping[key] = _node(next(it), it, src, pointer + (key,), depth + 1)
    raise _Reject(mark, "unexpected YAML structure")  # pragma: no cover - the parser prevents it


def _scalar(event, src: Source, pointer: Pointer | None) -> Any:
    if not event.implicit[0]:  # quoted, or a block scalar: always text
        return event.value
    tag = _resolver.resolve(ScalarNode, event.value, event.implicit)
    if tag == _STR or tag not in SafeConstructor.yaml_constructors:  # '=' (value), '<<' (merge): text
        return event.value
    # the scalar constructor itself: construct_object would keep every node in a cache for ever
    node = ScalarNode(tag, event.value, event.start_mark, event.end_mark)
    value = SafeConstructor.yaml_constructors[tag](_constructor, node)
    if isinstance(value, float) and math.isnan(value):
        raise _Reject(event.start_mark, "'.nan' is not a number; write a number")
    if pointer is not None:
        src.plain_text[pointer] = event.value
    return value


def _kind(value: Any) -> str:
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return f"the boolean {'true' if value else 'false'}"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    return type(value).__name__
