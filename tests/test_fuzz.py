"""Property-based fuzzing of the loader and the validator: whatever the bytes, the
answer is a list of diagnostics with a usable line and column, never an exception.

Each property is kept to a few seconds (max_examples below); raise them locally
(e.g. HYPOTHESIS_MAX_EXAMPLES=5000) for a longer hunt.
"""

from __future__ import annotations

import os
import shutil
import string
import time
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vitrines.diagnostics import Diagnostic
from vitrines.directory import load_directory
from vitrines.model import DAYS
from vitrines.yamlsource import Source, load_bytes

from test_validate import CORPUS, META, ROOT, empty_shops, jpeg, put

TODAY = date(2026, 11, 25)
SAMPLES = sorted((ROOT / "shops").glob("*/*.yaml"))
CORPUS_FILES = sorted(CORPUS.glob("*.yaml"))
MAX = int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "0"))


def fuzz(examples: int):
    return settings(max_examples=MAX or examples, deadline=None, suppress_health_check=list(HealthCheck))


def line_breaks(raw: bytes) -> int:
    """Every byte sequence YAML may count as a line break."""
    return (raw.count(b"\n") + raw.count(b"\r") + raw.count(b"\xc2\x85")
            + raw.count("\u2028".encode()) + raw.count("\u2029".encode()))


def check_diagnostic(d, raw: bytes | None = None) -> None:
    assert isinstance(d, Diagnostic)
    assert isinstance(d.line, int) and isinstance(d.col, int)
    assert d.line >= 1 and d.col >= 1, d
    assert d.severity in ("error", "warning")
    assert d.message and "\n" not in d.message and "\r" not in d.message, d
    assert "Traceback" not in d.message
    if raw is not None:
        assert d.line <= line_breaks(raw) + 1, (d, raw)
        assert d.col <= len(raw) + 1, (d, raw)


def check_source(src, raw: bytes) -> None:
    assert isinstance(src, Source)
    assert src.path == "f.yaml"
    for d in src.diagnostics:
        check_diagnostic(d, raw)
        assert d.path == "f.yaml" and d.severity == "error"
    # a file is either loaded without a word, or refused with exactly one reason
    assert (src.data is None) == (len(src.diagnostics) == 1)
    assert src.ok == (not src.diagnostics)
    for line, col in [*src.positions.values(), *src.key_positions.values()]:
        assert line >= 1 and col >= 1


# --- the loader on anything ---------------------------------------------------------

@fuzz(400)
@given(st.binary(max_size=2048))
def test_load_bytes_on_any_bytes(raw):
    check_source(load_bytes(raw, "f.yaml"), raw)


@fuzz(300)
@given(st.text(max_size=1024))
def test_load_bytes_on_any_text(text):
    raw = text.encode("utf-8")
    check_source(load_bytes(raw, "f.yaml"), raw)


YAML_TOKENS = [
    *"-:[]{},#&*!|>'\"%@`?\n \t\r", "a", "b", "é", "0", "7", ".", "~", "\\",
    "---", "...", "<<", "NO", "yes", "07:30", "17:30", "0700", ".nan", ".inf", "1e3", "2026-11-25", "=",
    "\u2028", "\x85", "\ufeff", "\x07", "\x00", "!!str ", "!!python/object:os.system ", "&x ", "*x", "- ", ": ",
    "\n  ", "\n    ", "? ", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "'x''y'", '"\\u00e9"', '"\\x"', "|-\n  x",
]


@fuzz(400)
@given(st.lists(st.sampled_from(YAML_TOKENS), max_size=60).map("".join))
def test_load_bytes_on_yaml_like_text(text):
    raw = text.encode("utf-8")
    check_source(load_bytes(raw, "f.yaml"), raw)


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
    st.text(max_size=20), st.sampled_from(["NO", "07:30", "17:30", "0700", "2026-11-25", "<<", "=", "~", "", "- x"]),
)
json_like = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=25,
)


@fuzz(300)
@given(json_like, st.booleans(), st.sampled_from([None, True, False]), st.booleans(), st.integers(2, 8),
       st.sampled_from([20, 80, 1000]))
def test_load_bytes_on_dumped_yaml(value, unicode, flow, start, indent, width):
    raw = yaml.dump(value, allow_unicode=unicode, default_flow_style=flow, explicit_start=start, indent=indent,
                    width=width).encode("utf-8")
    check_source(load_bytes(raw, "f.yaml"), raw)


def depth(value) -> int:
    if isinstance(value, list):
        return 1 + max(map(depth, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(depth, value.values()), default=0)
    return 0


def pointers(value, pointer=()):
    yield pointer
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield from pointers(item, pointer + (i,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from pointers(item, pointer + (key,))


@fuzz(300)
@given(st.dictionaries(st.text(max_size=8), json_like, max_size=6), st.sampled_from([None, True, False]))
def test_safe_dump_round_trips_with_a_position_for_every_value(value, flow):
    """What yaml.safe_dump writes of plain data (no repeated objects, so no anchors) loads back the same."""
    raw = yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow).encode("utf-8")
    src = load_bytes(raw, "f.yaml")
    check_source(src, raw)
    # PyYAML's emitter writes NEL and the Unicode line and paragraph separators unescaped,
    # and its parser then reads them as line breaks: a PyYAML quirk, not the loader's
    if depth(value) <= 32 and "&id" not in raw.decode() and not any(c in raw.decode() for c in "\x85\u2028\u2029"):
        assert src.ok, src.diagnostics
        assert src.data == value
        for pointer in pointers(value):
            assert pointer in src.positions
            if pointer and isinstance(pointer[-1], str):
                assert pointer in src.key_positions


@st.composite
def mutated(draw, files=SAMPLES):
    """A real file with random byte flips, deletions, insertions, truncations and duplications."""
    path = draw(st.sampled_from(files))
    raw = bytearray(path.read_bytes())
    interesting = st.sampled_from([token.encode("utf-8") for token in YAML_TOKENS] + [b"\xe9", b"\xff\xfe", b"\xc3"])
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "delete", "insert", "truncate", "duplicate"]))
        i = draw(st.integers(0, len(raw)))
        if op == "flip" and i < len(raw):
            raw[i] = draw(st.integers(0, 255))
        elif op == "delete":
            del raw[i:i + draw(st.integers(1, 40))]
        elif op == "insert":
            raw[i:i] = draw(interesting | st.binary(min_size=1, max_size=6))
        elif op == "truncate":
            del raw[i:]
        elif op == "duplicate":
            j = draw(st.integers(0, len(raw)))
            raw[i:i] = raw[j:j + draw(st.integers(1, 80))]
    return path, bytes(raw)


@fuzz(400)
@given(mutated(SAMPLES + CORPUS_FILES))
def test_load_bytes_on_mutated_shop_files(case):
    _, raw = case
    check_source(load_bytes(raw, "f.yaml"), raw)


# --- the whole validator on a fuzzed shop file ----------------------------------------

TOWNS = ("mons", "quebec", "toronto")


@pytest.fixture(scope="module")
def fuzz_shops(tmp_path_factory) -> Path:
    """A shops folder with one valid shop and, in each town, a shop folder with photos of every kind."""
    shops = empty_shops(tmp_path_factory.mktemp("fuzz"))
    put(shops, "mons/boulangerie-test.yaml", (CORPUS / "valid-mons.yaml").read_bytes())
    names = {p.name for p in ROOT.glob("shops/*/*/*") if p.is_file()} | {"facade.jpg", "logo.png"}
    for town in TOWNS:
        for name in names:
            put(shops, f"{town}/fuzz/{name}", jpeg())
        put(shops, f"{town}/fuzz/bad.jpg", b"not a photo")
        (shops / town / "fuzz" / "link.jpg").symlink_to(shops / town / "fuzz" / "facade.jpg")
    return shops


def validate(shops: Path, town: str, raw: bytes):
    for old in shops.glob("*/fuzz.yaml"):
        old.unlink()
    put(shops, f"{town}/fuzz.yaml", raw)
    directory = load_directory(shops, today=TODAY)
    for d in directory.diagnostics:
        check_diagnostic(d)
        if d.path.endswith("fuzz.yaml"):
            check_diagnostic(d, raw)
    bad = {d.path for d in directory.errors}
    assert not any(shop.source in bad for shop in directory.shops)
    return directory


@fuzz(150)
@given(mutated(SAMPLES + CORPUS_FILES), st.sampled_from(TOWNS))
def test_load_directory_on_mutated_shop_files(fuzz_shops, case, town):
    validate(fuzz_shops, town, case[1])


junk = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
                 st.text(max_size=12), st.lists(st.integers(), max_size=2),
                 st.dictionaries(st.text(max_size=4), st.integers(), max_size=2))
hhmm = st.builds("{:02d}:{:02d}".format, st.integers(0, 24), st.sampled_from([0, 15, 30, 59, 60]))
ranges = st.one_of(st.builds("{}-{}".format, hhmm, hhmm),
                   st.sampled_from(["00:00-24:00", "18:00-02:00", "9h-12h", "25:00-12:00", "09:00-09:00", ""]),
                   junk)
day = st.one_of(st.dates(date(2019, 1, 1), date(2028, 12, 31)).map(str),
                st.sampled_from(["2026-02-30", "2026-13-01", "01/11/2026", "2026-1-1", ""]), junk)
texts = st.one_of(st.dictionaries(st.sampled_from(["fr", "en", "nl", "xx", "FR", "fra", "f"]), st.one_of(
    st.text(max_size=30), st.sampled_from(["[x](javascript:alert(1))", "[y](https://ok.example)",
                                           "<a href='javascript:x'>a</a>", "[z](//x)", "[w](data:x)"]),
    junk), max_size=3), junk)
urls = st.one_of(st.sampled_from(["https://shop.example", "http://www.shop.example/", "https://shop", "ftp://x.example",
                                  "javascript:alert(1)", "https://", "https://[::1]/", "https://a..b/", "http://x.example:99999/"]),
                 st.text(max_size=20), junk)
files = st.one_of(st.sampled_from(["facade.jpg", "missing.jpg", "../x.jpg", "a b.png", "link.jpg", "bad.jpg",
                                   "logo.png", "FACADE.JPG", ".jpg"]), junk)


def optional(**fields):
    return st.one_of(st.fixed_dictionaries({}, optional=fields), junk)


def listing(values, size=5):
    return st.one_of(st.lists(st.one_of(values, junk), max_size=size), junk)


SHOP_FIELDS = dict(
    name=st.one_of(st.text(max_size=30), junk),
    categories=listing(st.sampled_from(["bakery", "cafe", "toys", "boulangerie", "Boulangerie", "bakrey", "épicerie", ""]), 6),
    description=texts,
    online_only=st.one_of(st.booleans(), junk),
    address=optional(street=st.one_of(st.text(max_size=20), junk), city=st.text(max_size=4),
                     postal_code=st.one_of(st.sampled_from(["7000", "G1R 4P5", "g1r4p5", "M5V 2T6", "0700", "", "7000 "]), junk)),
    geo=optional(lat=st.one_of(st.floats(-100, 100), junk), lon=st.one_of(st.floats(-200, 200), junk)),
    phone=st.one_of(st.sampled_from(["+32 65 12 34 56", "065 12 34 56", "+1 416 555 0100", "418 555 0199", "12",
                                     "abc", "+999", "+32 65 12 34 56 ext. 2"]), junk),
    email=st.one_of(st.sampled_from(["a@b.example", "nope", "a@b", "a @b.c"]), junk),
    website=urls, online_store=urls, gift_cards=urls,
    social=st.one_of(st.dictionaries(st.sampled_from(["facebook", "instagram", "x", "myspace"]), urls, max_size=3), junk),
    hours=st.one_of(st.dictionaries(st.sampled_from([*DAYS, "lun"]), st.one_of(st.lists(ranges, max_size=4), junk),
                                    max_size=8), junk),
    hours_exceptions=listing(optional(date=day, **{"from": day}, to=day, hours=st.one_of(st.lists(ranges, max_size=3), junk),
                                      note=texts), 4),
    services=listing(st.sampled_from(["delivery", "wifi", "teleportation"])),
    languages=listing(st.sampled_from(["fr", "en", "nl", "xx", "FR", "zzz"])),
    payment=listing(st.sampled_from(["cash", "bitcoin"])),
    photos=listing(optional(file=files, alt=texts, caption=st.text(max_size=3)), 4),
    logo=optional(file=files),
    programs=listing(st.sampled_from(["chere-mons", "panier-bleu", "nope"])),
    previous_slugs=listing(st.sampled_from(["ancienne-adresse", "boulangerie-test", "fuzz", "Old Name", ""])),
    status=st.one_of(st.sampled_from(["open", "closed", "temporarily_closed", "gone"]), junk),
    added=day, updated=day,
    private=optional(notes=st.text(max_size=10), phone=junk),
    telephone=junk,
)
shop_like = st.fixed_dictionaries({}, optional=SHOP_FIELDS)


@fuzz(200)
@given(shop_like, st.sampled_from(TOWNS))
def test_load_directory_on_shop_like_files(fuzz_shops, shop, town):
    """Mostly plausible values with junk mixed in: every check runs on data the schema pruned."""
    raw = yaml.safe_dump(shop, allow_unicode=True, sort_keys=False).encode("utf-8")
    validate(fuzz_shops, town, raw)


@fuzz(100)
@given(mutated([ROOT / "shops" / name for name in META]), st.sampled_from(TOWNS))
def test_load_directory_on_mutated_towns_and_categories(tmp_path_factory, case, town):
    path, raw = case
    shops = empty_shops(tmp_path_factory.mktemp("meta"))
    put(shops, "mons/boulangerie-test.yaml", (CORPUS / "valid-mons.yaml").read_bytes())
    put(shops, "quebec/fournil-test.yaml", (CORPUS / "valid-quebec.yaml").read_bytes())
    put(shops, path.name, raw)
    directory = load_directory(shops, today=TODAY)
    for d in directory.diagnostics:
        check_diagnostic(d)
    if directory.errors:
        assert directory.errors[0].path  # something to point at
    shutil.rmtree(shops.parent)


# --- bombs ------------------------------------------------------------------------------

def billion_laughs(levels: int = 10) -> bytes:
    lines = ['lol0: &lol0 "lol"']
    for i in range(1, levels):
        lines.append(f"lol{i}: &lol{i} [" + ", ".join([f"*lol{i - 1}"] * 10) + "]")
    return ("\n".join(lines) + "\n").encode()


BOMBS = {
    "flow lists 10,000 deep": b"[" * 10000 + b"]" * 10000,
    "flow mappings 10,000 deep": b"{a: " * 10000 + b"}" * 10000,
    "block lists 200 deep": "".join("  " * i + "-\n" for i in range(200)).encode(),
    "billion laughs": billion_laughs(),
    "aliases without anchors": b"a: [" + b", ".join([b"*lol"] * 5000) + b"]\n",
    "a key 60,000 characters long": b"k" * 60000 + b": 1\n",
    "60,000 list items": b"a: [" + b"1," * 30000 + b"]\n",
}


@pytest.mark.parametrize("name", BOMBS)
def test_bombs_yield_a_diagnostic_quickly(name, tmp_path):
    raw = BOMBS[name]
    assert len(raw) <= 65536
    start = time.perf_counter()
    src = load_bytes(raw, "f.yaml")
    assert time.perf_counter() - start < 1.0
    check_source(src, raw)
    if name in ("a key 60,000 characters long", "60,000 list items"):
        return  # valid YAML: the schema refuses them
    (d,) = src.diagnostics
    assert any(word in d.message for word in ("nested", "nesting", "anchors", "aliases", "not valid YAML")), d

    shops = empty_shops(tmp_path)
    put(shops, "mons/bombe.yaml", raw)
    start = time.perf_counter()
    directory = load_directory(shops, today=TODAY)
    assert time.perf_counter() - start < 2.0
    assert [(x.line, x.col, x.message) for x in directory.diagnostics] == [(d.line, d.col, d.message)]


def test_billion_laughs_message():
    assert str(load_bytes(billion_laughs(), "f.yaml").diagnostics[0]) == (
        "f.yaml:1:7: error: anchors (&lol0) are not allowed; write each value out in full")


def test_deep_nesting_message():
    assert str(load_bytes(BOMBS["block lists 200 deep"], "f.yaml").diagnostics[0]) == (
        "f.yaml:34:67: error: the values are nested more than 32 levels deep")
