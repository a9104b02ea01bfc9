"""vitrines.yamlsource: safe YAML with the position of every value, and a diagnostic
(never an exception) for everything a shop file must not hold."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from vitrines.diagnostics import Diagnostic
from vitrines.yamlsource import MAX_DEPTH, Source, field_name, load_bytes, load_file


def only(raw: bytes | str, **kwargs) -> str:
    """The one diagnostic for ``raw``, as ``line:col: severity: message``."""
    src = load_bytes(raw.encode() if isinstance(raw, str) else raw, "f.yaml", **kwargs)
    assert src.data is None and not src.ok
    (d,) = src.diagnostics
    return f"{d.line}:{d.col}: {d.severity}: {d.message}"


def data(raw: bytes | str):
    src = load_bytes(raw.encode() if isinstance(raw, str) else raw, "f.yaml")
    assert src.diagnostics == [] and src.ok
    return src.data


SHOP = """\
name: Chez Test
categories: [bakery, cafe]
geo: {lat: 50.45, lon: 3}
hours:
  mon:
    - "07:00-12:00"
    - 14:00-18:00
languages: [fr, NO]
updated: 2026-11-01
"""


def test_values_and_their_positions():
    src = load_bytes(SHOP.encode(), "shops/mons/chez-test.yaml")
    assert isinstance(src, Source) and src.ok and src.path == "shops/mons/chez-test.yaml"
    assert src.data == {
        "name": "Chez Test", "categories": ["bakery", "cafe"], "geo": {"lat": 50.45, "lon": 3},
        "hours": {"mon": ["07:00-12:00", "14:00-18:00"]}, "languages": ["fr", False], "updated": "2026-11-01",
    }
    assert src.positions[()] == (1, 1)
    assert src.positions[("name",)] == (1, 7)
    assert src.positions[("categories", 1)] == (2, 22)
    assert src.positions[("geo", "lon")] == (3, 24)
    assert src.positions[("hours", "mon", 0)] == (6, 7)
    assert src.positions[("hours", "mon", 1)] == (7, 7)
    assert src.key_positions[("hours", "mon")] == (5, 3)
    assert src.key_positions[("updated",)] == (9, 1)
    # the source text of plain scalars that YAML did not read as text, for "put it in quotes"
    assert src.plain_text == {("geo", "lat"): "50.45", ("geo", "lon"): "3", ("languages", 1): "NO"}


def test_position_falls_back_to_the_nearest_known_parent():
    src = load_bytes(SHOP.encode(), "f.yaml")
    assert src.position(("hours", "mon", 7)) == (6, 5)  # the list of mon starts on line 6
    assert src.position(("hours", "tue")) == (5, 3)     # the hours mapping starts on line 5
    assert src.position(("nothing", "here")) == (1, 1)
    assert src.position(("updated",), key=True) == (9, 1)
    assert src.position(("nope",), key=True) == (1, 1)
    d = src.error(("geo", "lat"), "geo.lat: bad")
    assert d == Diagnostic("f.yaml", 3, 12, "error", "geo.lat: bad")
    assert str(d) == "f.yaml:3:12: error: geo.lat: bad"
    assert Source("x").position(("a",)) == (1, 1)


def test_field_name():
    assert field_name(()) == ""
    assert field_name(("name",)) == "name"
    assert field_name(("hours", "mon", 1)) == "hours.mon[1]"
    assert field_name(("photos", 0, "alt", "fr")) == "photos[0].alt.fr"


@pytest.mark.parametrize("raw, value", [
    ("a: 2026-11-25", "2026-11-25"),        # dates stay text: the schema checks them
    ("a: 2026-11-25 10:00:00", "2026-11-25 10:00:00"),
    ("a: 14:00-18:00", "14:00-18:00"),
    ("a: 07:30", "07:30"),                   # PyYAML's base-60 needs a first digit 1-9
    ("a: 7:30", 450),                        # ... so this one is a number
    ("a: 17:30", 1050),
    ("a: 0700", 448),                        # octal
    ("a: 7000", 7000),
    ("a: NO", False),
    ("a: yes", True),
    ("a: off", False),
    ("a: y", "y"),
    ("a: ~", None),
    ("a:", None),
    ("a: 1e3", "1e3"),
    ("a: .inf", math.inf),
    ("a: 0x1F", 31),
    ("a: '0700'", "0700"),
    ('a: "NO"', "NO"),
    ("a: |\n  NO\n", "NO\n"),
    ("a: =", "="),                           # YAML 1.1 'value' and 'merge' scalars are plain text
    ("a: <<", "<<"),
])
def test_scalars(raw, value):
    got = data(raw)
    assert got == {"a": value}
    assert type(got["a"]) is type(value)


@pytest.mark.parametrize("raw, value", [
    ('"<<": 1', {"<<": 1}),
    ("2026-11-25: x", {"2026-11-25": "x"}),
    ("---\na: 1\n...\n", {"a": 1}),
    ("\ufeffa: 1", {"a": 1}),
    ("a: 1\r\nb: 2\r\n", {"a": 1, "b": 2}),
    ("a\tb: 1", {"a\tb": 1}),
    ("a: ! 0700", {"a": 448}),  # the non-specific tag '!' is allowed, and changes nothing with PyYAML
])
def test_documents(raw, value):
    assert data(raw) == value


def test_crlf_and_bom_keep_positions():
    src = load_bytes(b"\xef\xbb\xbfa: 1\r\nb:\r\n  - x\r\n", "f.yaml")
    assert src.data == {"a": 1, "b": ["x"]}
    assert src.positions[("b", 0)] == (3, 5)


@pytest.mark.parametrize("raw, expected", [
    # anchors, aliases, tags, merge keys
    ("a: &x 1\nb: 2\n", "1:4: error: anchors (&x) are not allowed; write each value out in full"),
    ("a: 1\nb: *x\n", "2:4: error: aliases (*x) are not allowed; write the value out in full"),
    ("a: [1, {b: &x 2}]", "1:12: error: anchors (&x) are not allowed; write each value out in full"),
    ("&x a: 1", "1:1: error: anchors (&x) are not allowed; write each value out in full"),
    ("a: !fr x", "1:4: error: tags such as '!fr' are not allowed; remove it"),
    ("a: !!str 0700", "1:4: error: tags such as 'tag:yaml.org,2002:str' are not allowed; remove it"),
    ("a: !!python/object/apply:os.system [ls]",
     "1:4: error: tags such as 'tag:yaml.org,2002:python/object/apply:os.system' are not allowed; remove it"),
    ("!!map {a: 1}", "1:1: error: tags such as 'tag:yaml.org,2002:map' are not allowed; remove it"),
    ("a:\n  <<: {b: 1}\n", "2:3: error: merge keys ('<<') are not allowed; write each value out in full"),
    # keys
    ("a:\n  b: 1\n  b: 2\n", "3:3: error: duplicate key 'b' (first given on line 2); keep only one"),
    ("a: 1\na: 1\n", "2:1: error: duplicate key 'a' (first given on line 1); keep only one"),
    ("1: x", "1:1: error: the key '1' is read as the number 1; put it in quotes: \"1\""),
    ("true: x", "1:1: error: the key 'true' is read as the boolean true; put it in quotes: \"true\""),
    ("NO: x", "1:1: error: the key 'NO' is read as the boolean false; put it in quotes: \"NO\""),
    ("~: x", "1:1: error: the key '~' is read as empty (null); put it in quotes: \"~\""),
    ("1.5: x", "1:1: error: the key '1.5' is read as the number 1.5; put it in quotes: \"1.5\""),
    ("? [a]\n: x\n", "1:3: error: a key must be a plain word, not a list or a mapping"),
    ("{a: 1}: x", "1:1: error: a key must be a plain word, not a list or a mapping"),
    # numbers
    ("a: .nan", "1:4: error: '.nan' is not a number; write a number"),
    ("a: .NaN", "1:4: error: '.nan' is not a number; write a number"),
    # documents
    ("", "1:1: error: the file is empty; see shops/README.md for an example shop file"),
    ("  \n\n", "1:1: error: the file is empty; see shops/README.md for an example shop file"),
    ("# only a comment\n", "1:1: error: the file is empty; see shops/README.md for an example shop file"),
    ("~", "1:1: error: the file is empty; see shops/README.md for an example shop file"),
    ("---\n", "1:1: error: the file is empty; see shops/README.md for an example shop file"),
    ("a: 1\n---\nb: 2\n",
     "2:1: error: the file holds more than one YAML document ('---'); keep one shop per file"),
    ("--- \na: 1\n---\n",
     "3:1: error: the file holds more than one YAML document ('---'); keep one shop per file"),
    # syntax
    ("a: [1, 2\nb: 3\n", "2:2: error: this is not valid YAML: did not find expected ',' or ']'; check the "
                         "indentation and put text containing ': ' or '#' in quotes"),
    ("a: b: c\n", "1:5: error: this is not valid YAML: mapping values are not allowed in this context; check "
                  "the indentation and put text containing ': ' or '#' in quotes"),
    ("a:\n\tb: 1\n", "2:1: error: this is not valid YAML: found character that cannot start any token; check "
                     "the indentation and put text containing ': ' or '#' in quotes"),
    ("a: 'x\n", "2:1: error: this is not valid YAML: found unexpected end of stream; check the indentation "
                "and put text containing ': ' or '#' in quotes"),
    # the end of a file without a final line break is on its last line, not the one after
    ("[", "1:2: error: this is not valid YAML: did not find expected node content; check the indentation "
          "and put text containing ': ' or '#' in quotes"),
    ("a: 'x", "1:6: error: this is not valid YAML: found unexpected end of stream; check the indentation "
              "and put text containing ': ' or '#' in quotes"),
    ("a: [\r", "2:1: error: this is not valid YAML: did not find expected node content; check the "
               "indentation and put text containing ': ' or '#' in quotes"),
    # a message stays on one line, whatever the value it quotes
    ('"a\\nb": 1\n"a\\nb": 2\n', "2:1: error: duplicate key 'a\\nb' (first given on line 1); keep only one"),
    ("a: 1\n b: 2\n", "2:3: error: this is not valid YAML: mapping values are not allowed in this context; "
                      "check the indentation and put text containing ': ' or '#' in quotes"),
    # characters
    ("a: x\x07y\n", "1:5: error: this is not valid YAML: the control character U+0007 is not allowed; "
                    "delete it (it is often invisible: retype the line)"),
    ("a: 1\nb: 'x\x7f'\n", "2:6: error: this is not valid YAML: the control character U+007F is not allowed; "
                           "delete it (it is often invisible: retype the line)"),
    ("é: 1\nb: \x1b[0m\n", "2:4: error: this is not valid YAML: the control character U+001B is not allowed; "
                           "delete it (it is often invisible: retype the line)"),
    ("a: 1\nb: x\x00\n", "2:5: error: the file contains a NUL character; save it as plain UTF-8 text"),
    (b"a: 1\nb: caf\xe9\n", "2:7: error: this byte is not valid UTF-8; save the file with the UTF-8 encoding"),
    (b"a: \xc3", "1:4: error: this byte is not valid UTF-8; save the file with the UTF-8 encoding"),
    (b"\xff\xfea\x00:\x00", "1:1: error: this byte is not valid UTF-8; save the file with the UTF-8 encoding"),
    (b"ab\xed\xa0\x80", "1:3: error: this byte is not valid UTF-8; save the file with the UTF-8 encoding"),
    ("é: 1\nbé: \xa0caf\u00e9\n".encode("latin-1"),
     "1:1: error: this byte is not valid UTF-8; save the file with the UTF-8 encoding"),
])
def test_rejected(raw, expected):
    assert only(raw) == expected


def test_nesting_depth_limit():
    assert data("[" * MAX_DEPTH + "x" + "]" * MAX_DEPTH)
    assert only("[" * (MAX_DEPTH + 1) + "x" + "]" * (MAX_DEPTH + 1)) == (
        f"1:{MAX_DEPTH + 2}: error: the values are nested more than {MAX_DEPTH} levels deep")
    block = "".join("  " * i + "- \n" for i in range(40)) + "  " * 40 + "x\n"
    assert only(block).endswith("error: the values are nested more than 32 levels deep")


def test_size_cap():
    raw = b"a: " + b"x" * 97
    assert load_bytes(raw, "f.yaml", max_bytes=100).ok
    assert only(raw + b"\n", max_bytes=100) == ("1:1: error: the file is 101 bytes, over the limit of 100; "
                                                "shorten the descriptions or move text elsewhere")
    assert only(b"a: 1\n" * 20000) == ("1:1: error: the file is 100,000 bytes, over the limit of 65,536; "
                                       "shorten the descriptions or move text elsewhere")


def test_load_file(tmp_path):
    path = tmp_path / "chez-test.yaml"
    path.write_text(SHOP, encoding="utf-8")
    src = load_file(path, "shops/mons/chez-test.yaml")
    assert src.ok and src.data["name"] == "Chez Test" and src.path == "shops/mons/chez-test.yaml"
    assert load_file(path).path == str(path)
    (d,) = load_file(tmp_path / "missing.yaml", "m.yaml").diagnostics
    assert str(d) == "m.yaml:1:1: error: cannot read the file: No such file or directory"
    (d,) = load_file(tmp_path, "dir.yaml").diagnostics
    assert str(d) == "dir.yaml:1:1: error: cannot read the file: Is a directory"
    path.write_bytes(b"x" * 70)
    (d,) = load_file(path, "big.yaml", max_bytes=64).diagnostics
    assert d.message.startswith("the file is 70 bytes, over the limit of 64")


def test_a_list_or_a_text_document_is_data_not_a_diagnostic():
    # the schema, not the loader, says a shop file is a mapping
    assert data("- a\n- b\n") == ["a", "b"]
    assert data("just text") == "just text"
    assert data("{}") == {}
