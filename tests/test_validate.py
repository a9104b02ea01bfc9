"""The corpus of broken shop files in tests/broken/, each checked line by line
against what ``vitrines validate`` prints, plus cases that are easier to build in code.

Each file in tests/broken/ is one kind of mistake. Its first comment lines say
where it goes in a fresh shops folder (towns, categories and programs copied from
the repository's shops/, no other shop) and what ``vitrines validate`` must print:

    # <what is wrong>
    # place: <town>/<file>            where the file goes under shops/
    # also: <town>/<file> = <corpus>  another corpus file to put next to it
    # photo: <town>/<shop>/<file>     a real (tiny) JPEG to create
    # symlink: <town>/<shop>/<file>   a symbolic link to a real JPEG outside shops/
    # towns: <old> -> <new>           an edit of towns.yaml
    # renamed: <old> -> <new>         an x-renamed entry added to the shop schema
    # run: <path>                     what to validate (default: shops/<place>)
    # exit: <code>                    the expected exit code (default: 1)
    # expect: <line>:<col>: <severity>: <message>     (in shops/<place>)
    # expect: shops/<path>:<line>:<col>: <severity>: <message>

The output must be exactly the ``expect:`` lines, in order, and nothing else.
"""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from PIL import Image

from vitrines import cli, schema
from vitrines.directory import load_directory

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parent / "broken"
META = ("towns.yaml", "categories.yaml", "programs.yaml")
EPOCH = "1795564800"  # 2026-11-25, as in conftest.build
TODAY = date(2026, 11, 25)


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (180, 120, 60)).save(out, "JPEG")
    return out.getvalue()


def empty_shops(tmp_path: Path) -> Path:
    """A shops folder with the repository's towns, categories and programs, and no shop."""
    shops = tmp_path / "shops"
    shops.mkdir()
    for name in META:
        shutil.copy(ROOT / "shops" / name, shops / name)
    return shops


def put(shops: Path, place: str, content: bytes | str) -> Path:
    path = shops / place
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def header(path: Path) -> dict[str, list[str]]:
    """The ``# key: value`` lines at the top of a corpus file."""
    found: dict[str, list[str]] = {}
    for line in path.read_bytes().decode("utf-8", errors="replace").splitlines()[1:]:
        if not line.startswith("# "):
            break
        key, _, value = line[2:].partition(": ")
        found.setdefault(key, []).append(value)
    return found


def run_validate(monkeypatch, capsys, cwd: Path, *args: str) -> tuple[int, list[str], str]:
    """``vitrines validate ARGS`` in ``cwd``, in this process: exit code, stdout lines, stderr."""
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    capsys.readouterr()
    code = cli.main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


CASES = sorted(p.name for p in CORPUS.glob("*.yaml"))


def test_the_corpus_covers_every_kind_of_mistake():
    needed = {
        "anchor", "alias", "custom-tag", "python-tag", "duplicate-key", "not-utf8", "yaml11-no", "yaml11-time",
        "yaml11-postal-code", "syntax-error", "empty", "two-documents", "unknown-field", "renamed-field",
        "category-typo", "category-french", "unknown-town", "duplicate-slug", "same-phone", "same-website",
        "photo-missing", "photo-symlink", "photo-outside", "url-ftp", "url-javascript", "description-javascript",
        "phone-invalid", "postal-code-shape", "geo-far", "geo-swapped", "hours-25", "hours-9h", "hours-overlap",
        "hours-overnight", "exception-date-and-period", "exception-to-before-from", "updated-future",
        "updated-stale", "added-after-updated", "missing-name", "missing-categories", "missing-updated",
        "missing-address", "online-only", "quebec-english-only", "quebec-photo-alt", "top-level",
        "yml-extension", "file-name-spaces", "file-name-uppercase", "towns-timezone",
    }
    assert needed <= {Path(c).stem for c in CASES}
    for case in CASES:
        h = header(CORPUS / case)
        assert h.get("place"), f"{case}: no '# place:' line"
        assert h.get("expect") or h.get("exit") == ["0"], f"{case}: no '# expect:' line"


@pytest.mark.parametrize("case", CASES)
def test_broken_file(case, tmp_path, monkeypatch, capsys):
    source = CORPUS / case
    h = header(source)
    shops = empty_shops(tmp_path)
    (place,) = h["place"]
    put(shops, place, source.read_bytes())
    for also in h.get("also", []):
        where, _, name = also.partition(" = ")
        put(shops, where, (CORPUS / name).read_bytes())
    for photo in h.get("photo", []):
        put(shops, photo, jpeg())
    for link in h.get("symlink", []):
        real = put(tmp_path, "elsewhere/photo.jpg", jpeg())
        (shops / link).parent.mkdir(parents=True, exist_ok=True)
        (shops / link).symlink_to(real)
    for edit in h.get("towns", []):
        old, _, new = edit.partition(" -> ")
        towns = (shops / "towns.yaml").read_text(encoding="utf-8")
        assert old in towns
        (shops / "towns.yaml").write_text(towns.replace(old, new), encoding="utf-8")
    for rename in h.get("renamed", []):
        old, _, new = rename.partition(" -> ")
        # the cached schema dict that schema.check_and_prune reads (keyed by both arguments)
        monkeypatch.setitem(schema.load_schema("shop", schema.SCHEMA_DIR)["x-renamed"], old, new)

    code, out, err = run_validate(monkeypatch, capsys, tmp_path, *h.get("run", [f"shops/{place}"]))

    expected = [e if e.startswith("shops/") else f"shops/{place}:{e}" for e in h.get("expect", [])]
    assert out == expected
    assert code == int(h.get("exit", ["1"])[0])
    assert "Traceback" not in err


# --- cases built in code ---------------------------------------------------------

# the valid Mons shop without its header comments: its first line is `name:`
VALID = "".join(line for line in (CORPUS / "valid-mons.yaml").read_text(encoding="utf-8").splitlines(True)
                if not line.startswith("#"))


def test_file_over_the_size_cap(tmp_path, monkeypatch, capsys):
    shops = empty_shops(tmp_path)
    big = VALID + "description:\n  fr: |\n" + "    Du pain, des croissants et des gâteaux.\n" * 1600
    size = len(big.encode())
    assert size > 65536
    put(shops, "mons/boulangerie-test.yaml", big)
    code, out, _ = run_validate(monkeypatch, capsys, tmp_path, "shops")
    assert out == [f"shops/mons/boulangerie-test.yaml:1:1: error: the file is {size:,} bytes, over the limit "
                   "of 65,536; shorten the descriptions or move text elsewhere"]
    assert code == 1


def test_size_cap_is_a_setting(tmp_path):
    shops = empty_shops(tmp_path)
    put(shops, "mons/boulangerie-test.yaml", VALID)
    size = len(VALID.encode())
    assert not load_directory(shops, {"VITRINES_MAX_FILE_BYTES": size}, today=TODAY).diagnostics
    (d,) = load_directory(shops, {"VITRINES_MAX_FILE_BYTES": size - 1}, today=TODAY).diagnostics
    assert (d.line, d.col, d.severity) == (1, 1, "error")
    assert d.message.startswith(f"the file is {size:,} bytes, over the limit of {size - 1:,}")


def test_zero_byte_file(tmp_path, monkeypatch, capsys):
    shops = empty_shops(tmp_path)
    put(shops, "mons/boulangerie-test.yaml", b"")
    code, out, _ = run_validate(monkeypatch, capsys, tmp_path, "shops")
    assert out == ["shops/mons/boulangerie-test.yaml:1:1: error: the file is empty; "
                   "see shops/README.md for an example shop file"]
    assert code == 1


def test_today_argument_decides_future_and_stale(tmp_path):
    shops = empty_shops(tmp_path)
    put(shops, "mons/boulangerie-test.yaml", VALID)  # updated: 2026-11-01
    assert load_directory(shops, today=date(2026, 11, 1)).diagnostics == []
    (d,) = load_directory(shops, today=date(2026, 10, 31)).diagnostics
    assert (d.severity, d.message) == ("error", "updated: 2026-11-01 is in the future; give the day the "
                                                "shop last confirmed its information")
    assert load_directory(shops, today=date(2027, 11, 1)).diagnostics == []  # exactly 365 days
    (d,) = load_directory(shops, today=date(2027, 11, 2)).diagnostics
    assert d.severity == "warning" and "more than 365 days ago" in d.message
    directory = load_directory(shops, today=date(2027, 11, 2))
    assert [s.slug for s in directory.shops] == ["boulangerie-test"]  # a warning does not drop the shop
    (d,) = load_directory(shops, {"VITRINES_STALE_DAYS": 30}, today=date(2026, 12, 2)).diagnostics
    assert d.message.startswith("updated: last confirmed on 2026-11-01, more than 30 days ago")


def test_source_date_epoch_is_today(tmp_path, monkeypatch):
    shops = empty_shops(tmp_path)
    put(shops, "mons/boulangerie-test.yaml", VALID)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1793491200")  # 2026-11-01
    assert load_directory(shops).diagnostics == []
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1793404800")  # 2026-10-31
    (d,) = load_directory(shops).diagnostics
    assert "is in the future" in d.message


def test_valid_files_become_shops_and_broken_ones_do_not(tmp_path):
    shops = empty_shops(tmp_path)
    put(shops, "mons/boulangerie-test.yaml", VALID)
    put(shops, "quebec/fournil-test.yaml", (CORPUS / "valid-quebec.yaml").read_bytes())
    put(shops, "mons/casse.yaml", (CORPUS / "hours-overlap.yaml").read_bytes())
    directory = load_directory(shops, today=TODAY)
    assert [(s.town, s.slug) for s in directory.shops] == [("mons", "boulangerie-test"), ("quebec", "fournil-test")]
    assert {Path(d.path).name for d in directory.errors} == {"casse.yaml"}
    shop = directory.shops[0]
    assert shop.phone == "+3265123456" and shop.postal_code == "7000"


def test_every_problem_of_a_file_is_reported_at_once(tmp_path, monkeypatch, capsys):
    shops = empty_shops(tmp_path)
    put(shops, "mons/boulangerie-test.yaml", VALID.replace("[bakery]", "[bakrey]")
        .replace("https://boulangerie-test.example", "ftp://x.example") + 'hours:\n  mon: ["9h-12h"]\n')
    code, out, _ = run_validate(monkeypatch, capsys, tmp_path, "shops")
    assert out == [
        "shops/mons/boulangerie-test.yaml:2:14: error: categories: unknown category 'bakrey'; did you mean 'bakery'?",
        "shops/mons/boulangerie-test.yaml:8:10: error: website: 'ftp://x.example' is not in the expected form; "
        "write the full address, starting with https://",
        "shops/mons/boulangerie-test.yaml:11:9: error: hours.mon[0]: '9h-12h' is not in the expected form; "
        'write each range as "HH:MM-HH:MM" in quotes, e.g. "09:00-12:30"',
    ]
    assert code == 1


def test_phone_without_country_code_uses_the_towns_country(tmp_path):
    shops = empty_shops(tmp_path)
    put(shops, "mons/boulangerie-test.yaml", VALID.replace('"+32 65 12 34 56"', '"065 12 34 56"'))
    directory = load_directory(shops, today=TODAY)
    assert directory.diagnostics == []
    assert directory.shops[0].phone == "+3265123456"


def test_a_gift_card_link_means_the_gift_cards_service(tmp_path):
    shops = empty_shops(tmp_path)
    put(shops, "mons/boulangerie-test.yaml", VALID + "gift_cards: https://example.org/cartes\n")
    directory = load_directory(shops, today=TODAY)
    assert directory.diagnostics == []
    assert directory.shops[0].services.count("gift_cards") == 1


def test_postal_code_unquoted_number_is_a_yaml_trap(tmp_path):
    shops = empty_shops(tmp_path)
    put(shops, "mons/boulangerie-test.yaml", VALID.replace('postal_code: "7000"', "postal_code: 7000"))
    (d,) = load_directory(shops, today=TODAY).diagnostics
    assert d.message == 'address.postal_code: 7000 is read by YAML as a number, not text; put it in quotes: "7000"'


def test_broken_categories_file_does_not_hide_shops_behind_it(tmp_path):
    shops = empty_shops(tmp_path)
    (shops / "categories.yaml").write_text("bakery: [\n", encoding="utf-8")
    put(shops, "mons/boulangerie-test.yaml", VALID)
    diagnostics = load_directory(shops, today=TODAY).diagnostics
    assert [(Path(d.path).name, d.line, d.severity) for d in diagnostics] == [("categories.yaml", 2, "error")]


def test_missing_towns_file(tmp_path):
    shops = empty_shops(tmp_path)
    (shops / "towns.yaml").unlink()
    put(shops, "mons/boulangerie-test.yaml", VALID)
    diagnostics = load_directory(shops, today=TODAY).diagnostics
    assert [(Path(d.path).name, d.message) for d in diagnostics] == [
        ("towns.yaml", "towns.yaml is missing; every shops folder needs one (see README.md)")]


def test_category_capitalised_label_gets_the_id(tmp_path):
    shops = empty_shops(tmp_path)
    put(shops, "mons/boulangerie-test.yaml", VALID.replace("[bakery]", "[Boulangerie]"))
    messages = [d.message for d in load_directory(shops, today=TODAY).diagnostics]
    assert messages == ["categories: unknown category 'Boulangerie'; did you mean 'bakery'?"]


# --- the fast validator (jsonschema-rs) and the one that says what is wrong (jsonschema) -------

_FIELDS = {  # where a string goes in a shop file, for each kind of constraint the schema has
    "name": lambda d, v: d.update(name=v),
    "website": lambda d, v: d.update(website=v),
    "email": lambda d, v: d.update(email=v),
    "language": lambda d, v: d.update(languages=[v]),
    "added": lambda d, v: d.update(added=v),
    "hours": lambda d, v: d["hours"].update(wed=[v]),
    "exception": lambda d, v: d["hours_exceptions"].append({"date": v}),
    "previous slug": lambda d, v: d.update(previous_slugs=[v]),
    "photo": lambda d, v: d.update(photos=[{"file": v, "alt": {"fr": "Vitrine", "en": "Window"}}]),
    "description": lambda d, v: d["description"].update(fr=v),
}
_AWKWARD = "aZ09@.:/-_#?$ \t\n\x0b\x1c\x1d\x1e\x1f\x85\xa0\u2028\u3000é"


def _shop_data() -> dict:
    import yaml
    return yaml.safe_load((ROOT / "shops" / "mons" / "atelier-d-elise.yaml").read_text(encoding="utf-8"))


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(sorted(_FIELDS)),
       value=st.text(alphabet=_AWKWARD, max_size=12) | st.sampled_from([
           "https://a.example", "https://a\x1cb.example", "a@b.example", "a@b.example\n", "a\x1f@b.example",
           "fr", "fr\n", "2026-11-25", "2026-02-30", "10:00-18:00", "10:00-18:00\n", "shop.jpg", "shop\x1c.jpg",
           "prior-slug", "x" * 2001]))
def test_the_fast_validator_passes_nothing_the_full_one_refuses(field, value):
    data = _shop_data()
    _FIELDS[field](data, value)
    fast = schema.fast_validator("shop")(data)
    full = not list(schema.validator("shop").iter_errors(data))
    assert full or not fast, (field, value)


def test_the_fast_validator_passes_the_valid_files():
    """(else every file would be checked twice, the second time a hundred times slower)"""
    import yaml
    files = sorted((ROOT / "shops").glob("*/*.yaml"))
    assert len(files) > 10
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert schema.fast_validator("shop")(data), path


def test_python_s_spaces_in_the_patterns_the_fast_validator_is_given():
    assert schema._pattern_with_python_spaces(r"^[^@\s]+@x\s$") == r"^[^@\s\x1c-\x1f]+@x[\s\x1c-\x1f]$"
    assert schema._pattern_with_python_spaces(r"[]\s]\[\s") == r"[]\s\x1c-\x1f]\[[\s\x1c-\x1f]"
    with pytest.raises(ValueError):
        schema._pattern_with_python_spaces(r"^\w+$")
