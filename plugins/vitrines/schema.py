"""The JSON Schemas in ``schema/``, and plain-language messages for their errors.

``schema/shop.schema.json`` is the one definition of the shop file format. Its
non-standard ``x-`` keywords carry what a person needs beyond the rule itself:

* ``x-hint``: what to write instead, added to pattern and format errors;
* ``x-message``: the whole message for a ``oneOf`` that failed;
* ``x-labels``: the French and English labels of an ``enum``'s values;
* ``x-renamed`` (top level): ``{old field: new field}`` after a migration.

For the web form (form.py) and ``vitrines new``:

* ``x-title``, ``x-help``: a field's label and help, by language (``title`` is the fallback);
* ``x-vocabulary``: the shops-folder file whose keys are the allowed values (``categories``);
* ``x-file``: the media types of a file name field, for a file chooser;
* ``x-form``: ``false`` for fields that tools set (not asked), ``"today"`` for the day the form
  is filled in;
* ``x-urls``: a web address per ``enum`` value (attributions);
* ``x-autocomplete``: the HTML ``autocomplete`` token of a field (``tel`` also makes a phone input).

``x-hint`` and ``x-message`` are text, or text by language; these messages use the English.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import jsonschema_rs

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

from .diagnostics import ERROR, Diagnostic
from .yamlsource import Source, field_name

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"


@lru_cache(maxsize=None)
def load_schema(name: str, schema_dir: Path = SCHEMA_DIR) -> dict:
    return json.loads((schema_dir / f"{name}.schema.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def validator(name: str, schema_dir: Path = SCHEMA_DIR) -> Draft202012Validator:
    """The validator that finds every error and says where (for files fast_validator refused:
    imported then, not by every build)."""
    from jsonschema import Draft202012Validator, FormatChecker

    return Draft202012Validator(load_schema(name, schema_dir), format_checker=FormatChecker(["date", "email"]))


def labels(field: str, schema_dir: Path = SCHEMA_DIR) -> dict[str, dict[str, str]]:
    """``x-labels`` of a top-level list field of the shop schema, by value then language."""
    return load_schema("shop", schema_dir)["properties"][field]["x-labels"]


def check(src: Source, name: str, schema_dir: Path = SCHEMA_DIR) -> list[Diagnostic]:
    """Validate ``src.data`` against a schema; one diagnostic per problem."""
    return check_and_prune(src, name, schema_dir)[0]


@lru_cache(maxsize=None)
def fast_validator(name: str, schema_dir: Path = SCHEMA_DIR) -> Callable[[Any], bool]:
    """Whether data is valid, by jsonschema-rs (Rust: a shop file in 3 us, where the Python
    validator takes a hundred times that): it lets valid files through, and :func:`validator`
    says what is wrong with the others. It must never pass what :func:`validator` refuses; where
    they differ it is the stricter (its ``$`` does not match before a final line break, its email
    format is RFC 5321's, not "has an @"), once its patterns' ``\\s`` also takes in U+001C–U+001F
    as Python's does (:func:`_python_spaces`). tests/test_validate.py holds the two to this. A
    schema with a pattern whose classes the two engines read differently (``\\w``, ``\\d``, ``\\b``,
    ``\\S``…) or that Rust cannot compile is left to :func:`validator` alone."""
    try:
        rust = jsonschema_rs.validator_for(_python_spaces(load_schema(name, schema_dir)), validate_formats=True)
    except (ValueError, jsonschema_rs.ValidationError):  # (a pattern left to Python: see above)
        return lambda data: False
    return rust.is_valid


_SPACES = r"\s\x1c-\x1f"  # what Python's \s is: Unicode's White_Space, and U+001C–U+001F


def _python_spaces(value):
    """``value`` (a schema), its patterns' ``\\s`` as Python reads it."""
    if isinstance(value, list):
        return [_python_spaces(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: _python_spaces(v) for k, v in value.items()}
    if isinstance(out.get("pattern"), str):
        out["pattern"] = _pattern_with_python_spaces(out["pattern"])
    if "patternProperties" in out:
        out["patternProperties"] = {_pattern_with_python_spaces(k): v for k, v in out["patternProperties"].items()}
    return out


def _pattern_with_python_spaces(pattern: str) -> str:
    if re.search(r"\\[wWdDbBS]", pattern):
        raise ValueError(f"{pattern}: left to Python's regular expressions")
    out, in_class, i = [], False, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            escape = pattern[i:i + 2]
            out.append((_SPACES if in_class else f"[{_SPACES}]") if escape == "\\s" else escape)
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
            c += re.match(r"\^?\]?", pattern[i + 1:]).group()  # (a "]" first in a class is one of its characters)
        elif c == "]":
            in_class = False
        out.append(c)
        i += len(c)
    return "".join(out)


def check_and_prune(src: Source, name: str, schema_dir: Path = SCHEMA_DIR) -> tuple[list[Diagnostic], Any]:
    """Validate, and also return a copy of the data without the invalid values,
    so that further checks can still report on everything that is valid."""
    try:
        if fast_validator(name, schema_dir)(src.data):
            return [], src.data
    except ValueError:  # (what it cannot read, such as a key that is a number)
        pass
    # jsonschema finds every error and says where
    schema = load_schema(name, schema_dir)
    found, bad = [], []
    for error in validator(name, schema_dir).iter_errors(src.data):
        found.extend(_explain(error, src, schema))
        if error.validator not in ("required", "additionalProperties") and error.absolute_path:
            bad.append(tuple(error.absolute_path))
        if error.validator == "additionalProperties":  # unknown keys: the checks must not meet them
            bad.extend(tuple(error.absolute_path) + (extra,) for extra in _extras(error))
    return sorted(set(found)), _prune(src.data, bad) if bad else src.data


def _extras(error) -> list:
    """The keys an ``additionalProperties: false`` error is about."""
    allowed = error.schema.get("properties", {})
    patterns = error.schema.get("patternProperties", {})
    return [k for k in error.instance if k not in allowed and not any(re.search(p, k) for p in patterns)]


_GONE = object()


def _prune(data: Any, bad: list[tuple]) -> Any:
    def walk(value, pointer):
        if pointer in bad:
            return _GONE
        if isinstance(value, dict):
            kept = {k: walk(v, pointer + (k,)) for k, v in value.items()}
            return {k: v for k, v in kept.items() if v is not _GONE}
        if isinstance(value, list):
            # invalid items become None, so the others keep their index (and position)
            return [None if v is _GONE else v for v in (walk(v, pointer + (i,)) for i, v in enumerate(value))]
        return value

    bad = set(bad)
    return walk(data, ())


def english(text) -> str | None:
    """An ``x-hint`` or ``x-message``: text, or text by language."""
    return text.get("en") if isinstance(text, dict) else text


def _quoted(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'" if len(value) <= 60 else f"'{value[:57]}...'"
    return json.dumps(value, ensure_ascii=False)


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value)"
    return type(value).__name__


_TYPE_NAMES = {
    "string": "text", "number": "a number", "integer": "a whole number", "boolean": "true or false",
    "array": "a list", "object": "a mapping (key: value)", "null": "empty",
}


def _field(path) -> str:
    return field_name(path) or "the file"


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _explain(error, src: Source, root: dict) -> list[Diagnostic]:
    path = tuple(error.absolute_path)
    where = _field(path)
    kind = error.validator
    value = error.instance
    schema = error.schema
    hint = english(schema.get("x-hint"))

    def at(message: str, pointer=path, key: bool = False) -> Diagnostic:
        return src.error(pointer, message, key=key)

    if kind == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        names = " or ".join(_TYPE_NAMES.get(t, t) for t in expected)
        raw = src.plain_text.get(path)
        if "string" in expected and raw is not None:
            return [at(f"{where}: {raw} is read by YAML as {_kind(value)}, not text; "
                       f"put it in quotes: \"{raw}\"")]
        return [at(f"{where}: expected {names}, found {_kind(value)}")]
    if kind == "required":
        missing = [p for p in error.validator_value if isinstance(value, dict) and p not in value]
        tip = " (or set `online_only: true` for a shop that sells only online)" if "else" in error.schema_path else ""
        prefix = f"{where}: " if path else ""
        return [at(f"{prefix}missing required field '{name}'{tip}") for name in missing]
    if kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        extras = _extras(error)
        renamed = root.get("x-renamed", {}) if not path else {}
        out = []
        for extra in extras:
            prefix = f"{where}: " if path else ""
            if extra in renamed:
                out.append(at(f"{prefix}the field '{extra}' was renamed to '{renamed[extra]}'; rename it",
                              path + (extra,), key=True))
            else:
                tip = _suggest(extra, allowed) or f"; allowed here: {', '.join(allowed)}"
                out.append(at(f"{prefix}unknown field '{extra}'{tip}", path + (extra,), key=True))
        return out
    if kind == "enum":
        return [at(f"{where}: {_quoted(value)} is not allowed{_suggest(value, error.validator_value)}"
                   f" (choose from: {', '.join(map(str, error.validator_value))})")]
    if kind == "pattern":
        return [at(f"{where}: {_quoted(value)} is not in the expected form"
                   + (f"; {hint}" if hint else ""))]
    if kind == "format":
        return [at(f"{where}: {_quoted(value)} is not a valid {error.validator_value}"
                   + (f"; {hint}" if hint else ""))]
    if kind == "oneOf":
        return [at(f"{where}: {english(schema.get('x-message')) or 'does not match any allowed form'}")]
    if kind == "propertyNames":
        return [at(f"{where}: the key {_quoted(value)} is not allowed here"
                   + ("; use a language code such as fr or en" if "text" in str(error.schema_path) else ""),
                   path + (value,), key=True)]
    if kind in ("minItems", "minProperties"):
        return [at(f"{where}: give at least {error.validator_value}")]
    if kind in ("maxItems", "maxProperties"):
        return [at(f"{where}: give at most {error.validator_value}")]
    if kind == "minLength":
        return [at(f"{where}: must not be empty")]
    if kind == "maxLength":
        return [at(f"{where}: too long ({len(value)} characters, at most {error.validator_value}); shorten it")]
    if kind == "uniqueItems":
        seen, dupes = set(), []
        for item in value:
            key = json.dumps(item, sort_keys=True)
            (dupes.append(item) if key in seen else seen.add(key))
        return [at(f"{where}: {', '.join(map(_quoted, dupes))} is listed twice; keep it once")]
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        word = "at least" if "inimum" in kind else "at most"
        return [at(f"{where}: {value} is out of range; it must be {word} {error.validator_value}")]
    return [Diagnostic(src.path, *src.position(path), ERROR, f"{where}: {error.message}")]
