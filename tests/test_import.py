"""``vitrines new`` and ``vitrines import``, run as a city team runs them.

``new`` driven by options and by answers on standard input; ``import`` of the shared
OpenStreetMap extracts (../shared/datasets, beside the clone) and of a form tool's CSV with
broken rows: every row is accounted for (written + skipped = rows), every written file passes
``vitrines validate``, a second run writes nothing, and nothing is overwritten without
``--update``.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from PIL import Image

from test_cli import vitrines
from test_validate import ROOT, empty_shops
from vitrines import osm

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPORT_END = re.compile(r"^(\d+) rows: (\d+) (?:written|would write) \((\d+) new, (\d+) updated\), (\d+) skipped")


def datasets() -> Path:
    """The shared extracts. CI has shared/ beside the clone: missing is a failure, not a skip."""
    assert DATASETS.is_dir(), f"{DATASETS} is missing: the shared data sets must sit beside the repository"
    return DATASETS


def sample_shops(tmp_path: Path) -> Path:
    shops = tmp_path / "shops"
    shutil.copytree(ROOT / "shops", shops)
    return shops


def report(result) -> dict:
    """The report's lines by kind, and its counts."""
    lines = result.stdout.splitlines()
    m = REPORT_END.match(lines[-1])
    assert m, f"the report does not end with the counts: {lines[-1:]}\n{result.stderr}"
    rows, written, new, updated, skipped = map(int, m.groups())
    found = {"rows": rows, "written": written, "new": new, "updated": updated, "skipped": skipped,
             "written_files": [l.split(": ", 1)[1].split(" (")[0] for l in lines if l.startswith("written: ")],
             "skipped_lines": [l for l in lines if l.startswith("skipped: ")],
             "notes": [l for l in lines if l.startswith("note: ")]}
    assert len(found["written_files"]) == written and len(found["skipped_lines"]) == skipped
    assert written + skipped == rows, "a row is not accounted for"
    for line in found["skipped_lines"]:
        assert re.match(r"^skipped: (?:node|way|relation)/\d+|^skipped: (?:feature|row) \d+: ", line), line
    return found


def assert_valid(cwd: Path) -> None:
    result = vitrines("validate", "shops", cwd=cwd)
    assert result.returncode == 0, result.stdout + result.stderr


def snapshot(shops: Path) -> dict:
    return {p.relative_to(shops).as_posix(): p.read_bytes() for p in sorted(shops.rglob("*")) if p.is_file()}


def photo(path: Path) -> Path:
    Image.new("RGB", (800, 600), (150, 90, 40)).save(path, "JPEG")
    return path


# --- vitrines new ----------------------------------------------------------------------

def test_new_from_options_writes_a_valid_file_and_copies_the_photos(tmp_path):
    shops = empty_shops(tmp_path)
    source = photo(tmp_path / "Ma Vitrine.JPG")
    result = vitrines("new", "--yes", "--town", "mons", "--name", "Boulangerie du Coin Été",
                      "--category", "bakery", "--category", "cafe", "--street", "Rue de Nimy 12",
                      "--postal-code", "7000", "--lat", "50.4561", "--lon", "3.9524", "--phone", "065 12 34 56",
                      "--website", "boulangerie-du-coin.example", "--description-fr", "Du pain.",
                      "--photo", str(source), "--alt-fr", "La vitrine", "--alt-en", "The window", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    path = shops / "mons" / "boulangerie-du-coin-ete.yaml"
    assert result.stdout.startswith("created: shops/mons/boulangerie-du-coin-ete.yaml")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/shop.schema.json\n")
    assert 'postal_code: "7000"' in text and 'updated: "2026-11-25"' in text
    data = yaml.safe_load(text)
    assert data["categories"] == ["bakery", "cafe"] and data["phone"] == "+32 65 12 34 56"
    assert data["website"] == "https://boulangerie-du-coin.example"
    assert data["photos"] == [{"file": "ma-vitrine.jpg", "alt": {"fr": "La vitrine", "en": "The window"}}]
    assert (shops / "mons" / "boulangerie-du-coin-ete" / "ma-vitrine.jpg").read_bytes() == source.read_bytes()
    assert_valid(tmp_path)


def test_new_refuses_to_overwrite_a_shop(tmp_path):
    shops = sample_shops(tmp_path)
    before = snapshot(shops)
    result = vitrines("new", "--yes", "--town", "toronto", "--name", "Boulangerie du Beffroi", "--category", "bakery",
                      "--street", "Queen Street West 1", cwd=tmp_path)
    assert result.returncode == 1
    assert "shops/mons/boulangerie-du-beffroi.yaml already exists" in result.stderr  # slugs are unique across towns
    assert snapshot(shops) == before


def test_new_without_a_required_option_is_a_usage_error(tmp_path):
    empty_shops(tmp_path)
    result = vitrines("new", "--yes", "--town", "mons", "--name", "Sans Catégorie", cwd=tmp_path)
    assert result.returncode == 2 and "--category is required" in result.stderr
    result = vitrines("new", "--yes", "--town", "mons", "--name", "X", "--category", "garage", "--street", "Rue 1",
                      cwd=tmp_path)
    assert result.returncode == 2 and "unknown category 'garage'" in result.stderr
    assert not list((tmp_path / "shops").glob("*/*.yaml"))


def test_new_asks_in_the_terminal_and_asks_again_after_a_wrong_answer(tmp_path, monkeypatch):
    shops = empty_shops(tmp_path)
    source = photo(tmp_path / "devanture.jpg")
    answers = [
        "quebek", "quebec",        # town: a typo, asked again
        "Le Petit Fournil",        # name
        "pain, cafe",              # categories: a synonym and an id
        "n",                       # sells only online?
        "12 rue Saint-Jean",       # street
        "g1r4p5",                  # postal code, corrected to "G1R 4P5"
        "46.8139 -71.2080",        # coordinates
        "418 555 01",              # phone: not valid, asked again
        "+1 418 555 0199",
        "",                        # website: skipped
        "",                        # e-mail: skipped
        "",                        # description in French: required in Québec, asked again
        "Un fournil de quartier.",
        "",                        # description in English: skipped
        str(source),               # photo 1
        "La devanture",            # what it shows, in French
        "",                        # in English: skipped
        "",                        # no more photos
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(answers) + "\n"))
    result = vitrines("new", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "unknown town 'quebek'" in result.stderr and "not a valid phone number in CA" in result.stderr
    assert "this is required" in result.stderr
    data = yaml.safe_load((shops / "quebec" / "le-petit-fournil.yaml").read_text(encoding="utf-8"))
    assert data == {"name": "Le Petit Fournil", "categories": ["bakery", "cafe"],
                    "description": {"fr": "Un fournil de quartier."},
                    "address": {"street": "12 rue Saint-Jean", "postal_code": "G1R 4P5"},
                    "geo": {"lat": 46.8139, "lon": -71.208}, "phone": "+1 418-555-0199",
                    "photos": [{"file": "devanture.jpg", "alt": {"fr": "La devanture"}}], "updated": "2026-11-25"}
    assert_valid(tmp_path)


# --- vitrines import: OpenStreetMap --------------------------------------------------------

# (file, options, into the sample folder?, rows, written, skipped by reason)
EXTRACTS = [
    ("osm-paris-florists-2014.geojson", ["--town", "paris"], True, 191, 28,
     {"no street address": 93, "no name": 70}),
    ("osm-paris-jewellers-2014.geojson", ["--town", "paris", "--country", "FR"], True, 80, 12,
     {"no street address": 62, "no name": 6}),
    # Québec's shops must describe themselves in French: OpenStreetMap has no description
    ("osm-quebec-restaurants.geojson", ["--town", "quebec"], True, 148, 0,
     {"invalid (missing description in 'fr')": 86, "no category": 58, "no name": 2, "no street address": 2}),
    # a new town, with the category of rows that have no cuisine tag given
    ("osm-quebec-restaurants.geojson", ["--town", "quebec-city", "--country", "CA", "--timezone", "America/Toronto",
                                        "--category", "restaurant"], False, 148, 141,
     {"no street address": 5, "no name": 2}),
]


@pytest.mark.parametrize("name,options,sample,rows,written,reasons", EXTRACTS,
                         ids=["paris-florists", "paris-jewellers", "quebec-restaurants", "quebec-restaurants-new-town"])
def test_import_of_the_shared_openstreetmap_extracts(tmp_path, name, options, sample, rows, written, reasons):
    source = datasets() / name
    shops = sample_shops(tmp_path) if sample else empty_shops(tmp_path)
    before = snapshot(shops)
    first = report(vitrines("import", str(source), *options, cwd=tmp_path))
    features = json.loads(source.read_text(encoding="utf-8"))["features"]
    assert first["rows"] == len(features) == rows
    assert first["written"] == first["new"] == written
    found = {}
    for line in first["skipped_lines"]:
        reason = line.split(": ", 2)[2]
        key = next(k for k in reasons if reason.startswith(k.split(" (")[0]) or k in reason or
                   (k.startswith("invalid") and reason.startswith("invalid")))
        found[key] = found.get(key, 0) + 1
    assert found == reasons
    for name_ in first["written_files"]:
        data = yaml.safe_load((tmp_path / name_).read_text(encoding="utf-8"))
        assert data["imported_from"]["dataset"] == "openstreetmap"  # the page shows the ODbL attribution
    for old, data in before.items():  # nothing that was there was overwritten
        assert (shops / old).read_bytes() == data or old == "towns.yaml"
    assert_valid(tmp_path)
    after = snapshot(shops)
    second = report(vitrines("import", str(source), *options, cwd=tmp_path))
    assert second["written"] == 0 and second["rows"] == rows
    assert snapshot(shops) == after  # running it twice changes nothing
    if written:
        town = options[1]
        towns = yaml.safe_load((shops / "towns.yaml").read_text(encoding="utf-8"))
        assert town in towns


def test_a_new_town_takes_its_country_and_time_zone_from_the_data(tmp_path):
    empty_shops(tmp_path)
    result = vitrines("import", str(datasets() / "osm-paris-florists-2014.geojson"), "--town", "paris", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    town = yaml.safe_load((tmp_path / "shops" / "towns.yaml").read_text(encoding="utf-8"))["paris"]
    assert (town["name"], town["country"], town["timezone"], town["language"]) == ("Paris", "FR", "Europe/Paris", "fr")
    assert 48.8 < town["centre"]["lat"] < 48.9 and 2.2 < town["centre"]["lon"] < 2.45 and town["radius_km"] < 20
    # no addr:country in the data: the country must be given
    result = vitrines("import", str(datasets() / "osm-quebec-restaurants.geojson"), "--town", "qc", cwd=tmp_path)
    assert result.returncode == 2 and "give --country" in result.stderr
    result = vitrines("import", str(datasets() / "osm-quebec-restaurants.geojson"), "--town", "qc", "--country", "CA",
                      cwd=tmp_path)
    assert result.returncode == 2 and "give --timezone" in result.stderr


def test_an_imported_shop_with_the_same_name_as_another_gets_its_own_file(tmp_path):
    shops = empty_shops(tmp_path)
    (shops / "mons").mkdir()
    mine = shops / "mons" / "fleurs-du-parc.yaml"
    mine.write_text('name: "Fleurs du Parc"\ncategories: ["florist"]\naddress: {street: "Rue de Nimy 1"}\n'
                    'updated: "2026-11-01"\n', encoding="utf-8")
    before = mine.read_bytes()
    feature = {"type": "Feature", "properties": {"@id": "node/42", "shop": "florist", "name": "Fleurs du Parc",
                                                 "addr:street": "Rue d'Havré", "addr:housenumber": "5",
                                                 "opening_hours": "Mo-Sa 09:00-19:00; Su 09:00-13:00",
                                                 "phone": "+32 65 00 11 22", "wheelchair": "yes"},
               "geometry": {"type": "Polygon", "coordinates": [[[3.95, 50.45], [3.952, 50.45], [3.952, 50.452],
                                                                 [3.95, 50.452], [3.95, 50.45]]]}}
    source = tmp_path / "one.geojson"
    source.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    found = report(vitrines("import", str(source), "--town", "mons", cwd=tmp_path))
    assert found["written_files"] == ["shops/mons/fleurs-du-parc-2.yaml"] and mine.read_bytes() == before
    data = yaml.safe_load((shops / "mons" / "fleurs-du-parc-2.yaml").read_text(encoding="utf-8"))
    assert data["address"] == {"street": "Rue d'Havré 5"}  # Belgium: number after the street
    assert data["geo"] == {"lat": 50.451, "lon": 3.951}  # the polygon's centroid
    assert data["hours"]["sun"] == ["09:00-13:00"] and "mon" in data["hours"]
    assert data["services"] == ["wheelchair_accessible"]
    assert data["imported_from"] == {"dataset": "openstreetmap", "id": "node/42"}
    assert_valid(tmp_path)


@pytest.mark.parametrize("value,hours", [
    ("Mo-Fr 09:00-18:00; Sa 10:00-17:00", {**{d: ["09:00-18:00"] for d in ("mon", "tue", "wed", "thu", "fri")},
                                          "sat": ["10:00-17:00"]}),
    ("Mo,We,Fr 09:00-12:00,14:00-18:00", {d: ["09:00-12:00", "14:00-18:00"] for d in ("mon", "wed", "fri")}),
    ("Mo-Sa 10:00-19:00; We off", {d: ["10:00-19:00"] for d in ("mon", "tue", "thu", "fri", "sat")}),
    ("Fr-Mo 18:00-02:00", {d: ["18:00-02:00"] for d in ("fri", "sat", "sun", "mon")}),
    ("Tu-Su 11:00-23:00; Mo closed", {d: ["11:00-23:00"] for d in ("tue", "wed", "thu", "fri", "sat", "sun")}),
    ("24/7", {d: ["00:00-24:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}),
    ("10:00-18:00", {d: ["10:00-18:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}),
    ("Mo-Fr 08:00-12:00, We 14:00-18:00", {**{d: ["08:00-12:00"] for d in ("mon", "tue", "thu", "fri")},
                                           "wed": ["08:00-12:00", "14:00-18:00"]}),
    ("Sa 20:00-26:00", {"sat": ["20:00-02:00"]}),
])
def test_opening_hours_in_the_common_forms_are_converted(value, hours):
    assert osm.to_hours(value) == hours


@pytest.mark.parametrize("value", ["Mo-Fr 09:00-18:00; PH off", "Jan-Mar Mo-Fr 10:00-16:00", "sunrise-sunset",
                                   "Mo-Fr 09:00+", 'Mo-Fr 09:00-18:00 "sur rendez-vous"', "Mo 09:00-12:00,11:00-14:00",
                                   "Mo[1] 09:00-12:00", "Mo-Fr 9h-18h"])
def test_opening_hours_that_cannot_be_converted_exactly_are_refused(value):
    with pytest.raises(osm.Unsupported):
        osm.to_hours(value)


# --- vitrines import: a form tool's CSV ------------------------------------------------------

CSV = FIXTURES / "form-export.csv"
MAPPING = FIXTURES / "form-export-mapping.yaml"


def test_import_of_a_csv_with_broken_rows(tmp_path):
    shops = sample_shops(tmp_path)
    sample = snapshot(shops)
    found = report(vitrines("import", str(CSV), "--town", "mons", "--mapping", str(MAPPING), cwd=tmp_path))
    assert found["rows"] == 11
    assert found["written_files"] == ["shops/mons/boulangerie-lucie.yaml", "shops/mons/fromagerie-du-marche.yaml",
                                      "shops/mons/librairie-en-ligne.yaml", "shops/mons/cave-saint-georges.yaml"]
    skipped = {line.split(": ")[1]: line.split(": ", 2)[2] for line in found["skipped_lines"]}
    assert skipped["row 3"] == "no name"
    assert skipped["row 4"].startswith("unknown category 'Garage'")
    assert skipped["row 5"].startswith('no street address for "Atelier Sans Adresse"')
    assert skipped["row 7"].startswith("already in the directory as shops/mons/boulangerie-du-beffroi.yaml")
    assert skipped["row 8"] == '"Boulangerie Lucie": duplicate of shops/mons/boulangerie-lucie.yaml (same name and street)'
    assert skipped["row 9"] == "empty row"
    assert skipped["row 11"].startswith('"Fleurs de Paris" is 212 km from Mons')
    assert "note: row 6: phone '12345' left out: not a valid phone number in BE" in found["notes"]
    assert any(n.startswith("note: row 6: hours left out: opening_hours 'Mo-Fr 09:00-18:00; PH off'")
               for n in found["notes"])
    lucie = yaml.safe_load((shops / "mons" / "boulangerie-lucie.yaml").read_text(encoding="utf-8"))
    assert lucie["services"] == ["delivery", "local_products"] and lucie["private"] == {"email": "lucie@private.example"}
    assert lucie["hours"]["sun"] == ["07:00-12:30"] and "mon" not in lucie["hours"]
    online = yaml.safe_load((shops / "mons" / "librairie-en-ligne.yaml").read_text(encoding="utf-8"))
    assert online["online_only"] is True and "address" not in online
    cave = (shops / "mons" / "cave-saint-georges.yaml").read_text(encoding="utf-8")
    assert "fr: |-\n    Bières de la région.\n    Dégustation le samedi.\n" in cave
    assert all((shops / k).read_bytes() == v for k, v in sample.items())  # the sample is untouched
    assert_valid(tmp_path)

    after = snapshot(shops)
    again = report(vitrines("import", str(CSV), "--town", "mons", "--mapping", str(MAPPING), cwd=tmp_path))
    assert again["written"] == 0 and snapshot(shops) == after

    changed = tmp_path / "changed.csv"
    changed.write_text(CSV.read_text(encoding="utf-8").replace("065 31 22 11", "065 31 22 99"), encoding="utf-8")
    (shops / "mons" / "boulangerie-lucie").mkdir()
    photo(shops / "mons" / "boulangerie-lucie" / "pains.jpg")
    with (shops / "mons" / "boulangerie-lucie.yaml").open("a", encoding="utf-8") as fh:
        fh.write('photos:\n- file: "pains.jpg"\n  alt: {fr: "Des pains"}\n')
    edited = snapshot(shops)
    held = report(vitrines("import", str(changed), "--town", "mons", "--mapping", str(MAPPING), cwd=tmp_path))
    assert held["written"] == 0 and snapshot(shops) == edited  # not without --update
    assert any("boulangerie-lucie.yaml; the data differs: give --update" in l for l in held["skipped_lines"])
    updated = report(vitrines("import", str(changed), "--town", "mons", "--mapping", str(MAPPING), "--update",
                              cwd=tmp_path))
    # --update brings the row's fields into the files of the shops it names, row 7's too
    assert sorted(updated["written_files"]) == ["shops/mons/boulangerie-du-beffroi.yaml",
                                                "shops/mons/boulangerie-lucie.yaml"] and updated["updated"] == 2
    lucie = yaml.safe_load((shops / "mons" / "boulangerie-lucie.yaml").read_text(encoding="utf-8"))
    assert lucie["phone"] == "+32 65 31 22 99" and lucie["photos"][0]["file"] == "pains.jpg"  # the rest stays
    assert_valid(tmp_path)


def test_a_mapping_to_an_unknown_field_is_a_usage_error(tmp_path):
    empty_shops(tmp_path)
    bad = tmp_path / "mapping.yaml"
    bad.write_text("columns:\n  Nom du commerce: nom\n", encoding="utf-8")
    result = vitrines("import", str(CSV), "--town", "mons", "--mapping", str(bad), cwd=tmp_path)
    assert result.returncode == 2 and "'nom' is not a field of the shop file" in result.stderr
    result = vitrines("import", str(CSV), "--town", "mons", cwd=tmp_path)
    assert result.returncode == 2 and "needs --mapping" in result.stderr
