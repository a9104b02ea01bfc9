"""``vitrines import FILE --town SLUG``: shops from a form tool's CSV export or OpenStreetMap.

Every input row ends either as a written shop file that passes ``vitrines validate`` or as a
report line ``skipped: <row or OSM id>: <why>``; the report ends with the counts. A file that
exists is never overwritten, unless ``--update`` is given and what the data says has changed;
a second run therefore writes nothing. The town is added to ``towns.yaml`` when it is not
there yet: its centre and radius from the data, its country, time zone and language from the
data or the options.

A CSV needs a mapping file (YAML) that says which column is which field::

    columns:
      Nom du commerce: name
      Catégories: categories          # ids, labels or synonyms of categories.yaml; ; or , between
      Adresse: address.street
      Code postal: address.postal_code
      Téléphone: phone
      Horaires: opening_hours          # OpenStreetMap syntax: Mo-Fr 09:00-18:00; Sa 10:00-17:00
      Lundi: hours.mon                 # or one column per day: 09:00-12:00, 14:00-18:00
      Présentation: description.fr
      Courriel du contact: private.email
    values:                            # optional: the form tool's words -> ids
      categories: {Boulangerie-pâtisserie: bakery}
    tags:                              # optional, for OpenStreetMap: tag -> category id
      shop=deli: grocery
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import phonenumbers
import yaml
from babel.core import get_global

from . import checks, osm, schema, settings, shopfile
from .directory import TOWNS_FILE, display_path, load_directory
from .model import Town
from .yamlsource import load_file

EXIT_OK, EXIT_USAGE = 0, 2


@dataclass
class Record:
    """One input row, on its way to a shop file."""
    ident: str  # how the report names it: "row 7", "node/123", "feature 12"
    identity: str = ""  # an id that finds the same shop again (OpenStreetMap's)
    name: str = ""
    category: str | None = None
    categories: list = field(default_factory=list)  # more categories (CSV)
    category_problem: str = ""
    text: str = ""  # the shop file, once decided
    street_name: str = ""
    housenumber: str = ""
    geo: tuple | None = None
    city: str = ""
    country: str = ""
    fields: dict = field(default_factory=dict)  # further fields, by path ("social.facebook")
    notes: list = field(default_factory=list)  # what was left out, and why
    problem: str = ""  # set when the row cannot be a shop at all


class UsageError(Exception):
    pass


# --- reading CSV ----------------------------------------------------------------------

TRUE = {"yes", "y", "oui", "o", "true", "vrai", "1", "x", "✓", "ja", "si", "sí"}
FALSE = {"no", "n", "non", "false", "faux", "0", "", "nee", "nein"}


def read_mapping(path: Path | None, root_schema: dict) -> dict:
    if path is None:
        return {}
    try:
        mapping = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read the mapping file: {exc}") from None
    if not isinstance(mapping, dict):
        raise UsageError(f"{path}: the mapping file must be a mapping (columns:, values:, tags:)")
    for column, target in (mapping.get("columns") or {}).items():
        if target in ("opening_hours",):
            continue
        if not isinstance(target, str) or _node(root_schema, target.split(".")) is None:
            raise UsageError(f"{path}: column '{column}': '{target}' is not a field of the shop file "
                             f"(fields: {', '.join(root_schema['properties'])}, or opening_hours)")
    return mapping


def _node(root: dict, parts: list[str]) -> dict | None:
    from .form import resolve
    node = resolve(root, root)
    for part in parts:
        props = node.get("properties") or {}
        if part in props:
            node = resolve(props[part], root)
        elif isinstance(node.get("additionalProperties"), dict) and re.fullmatch(r"[a-z]{2,3}", part):
            node = resolve(node["additionalProperties"], root)
        else:
            return None
    return node


def _vocabulary_value(word: str, target: str, node: dict, directory, values: dict) -> str | None:
    """An id of the field's vocabulary for a word of the form tool."""
    explicit = (values.get(target) or {})
    if word in explicit:
        return explicit[word]
    folded = osm.fold(word)
    for key, value in explicit.items():
        if osm.fold(str(key)) == folded:
            return value
    if target == "categories":
        return osm.by_name(word, directory.categories)
    if target == "programs":
        return next((p.id for p in directory.programs.values()
                     if folded in {osm.fold(p.id), *(osm.fold(v) for v in p.labels.values())}), None)
    items = node.get("items") or {}
    labels = node.get("x-labels") or {}
    for value in items.get("enum", []):
        if folded in {osm.fold(value), osm.fold(value.replace("_", " ")),
                      *(osm.fold(text) for text in labels.get(value, {}).values())}:
            return value
    return None


def csv_records(path: Path, mapping: dict, root_schema: dict, directory, fallback: str | None):
    if not mapping.get("columns"):
        raise UsageError("a CSV import needs --mapping FILE: a YAML file that says which column is which field "
                         "(see `vitrines import --help`)")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text; export the CSV as UTF-8") from None
    delimiter = mapping.get("delimiter")
    if not delimiter:
        try:
            delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns = mapping["columns"]
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise UsageError(f"{path}: no column {', '.join(repr(c) for c in missing)} "
                         f"(the columns are: {', '.join(reader.fieldnames or [])})")
    values = mapping.get("values") or {}
    split = re.compile(mapping.get("list_separator") or r"\s*[;,\n]\s*")
    for number, row in enumerate(reader, 2):
        rec = Record(ident=f"row {number}")
        if not any((v or "").strip() for k, v in row.items() if k is not None):
            rec.problem = "empty row"
            yield rec
            continue
        for column, target in columns.items():
            raw = (row.get(column) or "").strip()
            if not raw:
                continue
            if target == "name":
                rec.name = raw
            elif target == "opening_hours":
                rec.fields["opening_hours"] = raw
            elif target == "address.street":
                rec.street_name = raw
            elif target == "address.postal_code":
                rec.fields["postal_code"] = raw
            elif target in ("phone", "website", "email"):
                rec.fields[target] = raw
            else:
                _csv_field(rec, target, raw, _node(root_schema, target.split(".")), directory, values, split)
        if rec.category is None and not rec.category_problem:
            if fallback:
                rec.category = fallback
            else:
                rec.category_problem = "no category (the category column is empty)"
        yield rec


def _csv_field(rec: Record, target: str, raw: str, node: dict, directory, values: dict, split) -> None:
    kind = node.get("type")
    if target == "categories":
        ids, unknown = [], []
        for word in filter(None, split.split(raw)):
            found = _vocabulary_value(word, target, node, directory, values)
            (ids.append(found) if found in directory.categories else unknown.append(word))
        if unknown and not ids:
            rec.category_problem = (f"unknown category {', '.join(map(repr, unknown))} (not an id, label or synonym "
                                    "of categories.yaml; map it under values: categories: in the mapping file)")
            return
        if unknown:
            rec.notes.append(f"categories {', '.join(map(repr, unknown))} left out: not in categories.yaml")
        rec.category, rec.categories = ids[0], list(dict.fromkeys(ids[1:]))
    elif target == "hours" or target.startswith("hours."):
        if target == "hours":
            rec.fields["opening_hours"] = raw
        else:
            rec.fields.setdefault("hours", {})[target.split(".")[1]] = [
                osm._text(*r) for r in _day_ranges(raw, rec, target)] if raw.lower() not in ("closed", "fermé") else []
    elif target == "geo.lat" or target == "geo.lon":
        try:
            rec.fields[target] = float(raw.replace(",", "."))
        except ValueError:
            rec.notes.append(f"{target} left out: '{raw}' is not a number")
    elif kind == "array":
        items = [w for w in split.split(raw) if w]
        if (node.get("items") or {}).get("enum") or node.get("x-vocabulary"):
            found = [_vocabulary_value(w, target, node, directory, values) for w in items]
            bad = [w for w, f in zip(items, found) if f is None]
            if bad:
                rec.notes.append(f"{target}: {', '.join(map(repr, bad))} left out: not a known value")
            items = [f for f in found if f is not None]
        else:
            items = [w.lower() if target == "languages" else w for w in items]
        if items:
            rec.fields[target] = list(dict.fromkeys(items))
    elif kind == "boolean":
        if raw.lower() in TRUE:
            rec.fields[target] = True
        elif raw.lower() not in FALSE:
            rec.notes.append(f"{target} left out: '{raw}' is neither yes nor no")
    elif kind in ("number", "integer"):
        try:
            rec.fields[target] = float(raw.replace(",", "."))
        except ValueError:
            rec.notes.append(f"{target} left out: '{raw}' is not a number")
    elif kind == "string" and node.get("enum"):
        found = _vocabulary_value(raw, target, {"items": node, "x-labels": node.get("x-labels", {})}, directory, values)
        if found:
            rec.fields[target] = found
        else:
            rec.notes.append(f"{target} left out: '{raw}' is not one of {', '.join(node['enum'])}")
    else:
        rec.fields[target] = raw


def _day_ranges(raw: str, rec: Record, target: str) -> list:
    try:
        return osm._ranges(re.sub(r"\s*[-–]\s*", "-", raw).replace(";", ","))
    except osm.Unsupported as exc:
        rec.notes.append(f"{target} left out: {exc}")
        return []


# --- the town -------------------------------------------------------------------------

def new_town(slug: str, records: list[Record], args, conf: dict) -> tuple[Town, dict]:
    """The towns.yaml entry of a town the data is about: name, country, time zone and
    language from the options or the data, centre and radius from the coordinates."""
    points = [r.geo for r in records if r.geo]
    if not points:
        raise UsageError(f"the town '{slug}' is not in {TOWNS_FILE}, and the data has no coordinates to place it; "
                         f"add it to {TOWNS_FILE} first")
    country = (args.country or _most_common(r.country for r in records) or "").upper()
    if not country:
        raise UsageError(f"the town '{slug}' is not in {TOWNS_FILE} and the data does not say its country: "
                         "give --country (e.g. --country FR)")
    if country not in phonenumbers.SUPPORTED_REGIONS:
        raise UsageError(f"--country: unknown country code '{country}'; use ISO 3166 codes such as BE or CA")
    zones = get_global("territory_zones").get(country, [])
    timezone = args.timezone or (zones[0] if len(zones) == 1 else "")
    if not timezone:
        raise UsageError(f"{country} has several time zones ({', '.join(zones[:6])}…): give --timezone")
    site = settings.languages(conf)
    spoken = [lang for lang, info in get_global("territory_languages").get(country, {}).items()
              if info.get("official_status")]
    language = args.language or next((lang for lang in spoken if lang in site), spoken[0] if spoken else site[0])
    lat = sum(p[0] for p in points) / len(points)
    lon = sum(p[1] for p in points) / len(points)
    far = max(checks.distance_km(lat, lon, p[0], p[1]) for p in points)
    radius = min(500, max(2, math.ceil(far * 1.1 + 0.5)))
    name = args.town_name or _most_common(r.city.split(",")[0].strip() for r in records) or slug.replace("-", " ").title()
    entry = {"name": name, **({"region": args.region} if args.region else {}), "country": country,
             "timezone": timezone, "language": language,
             "centre": {"lat": round(lat, 5), "lon": round(lon, 5)}, "radius_km": radius}
    town = Town(slug=slug, name=name, country=country, timezone=timezone, language=language,
                lat=entry["centre"]["lat"], lon=entry["centre"]["lon"], region=args.region or "", radius_km=radius)
    return town, entry


def _most_common(values) -> str:
    counted = Counter(v for v in values if v)
    return counted.most_common(1)[0][0] if counted else ""


def add_town(root: Path, slug: str, entry: dict, source: str) -> None:
    path = root / TOWNS_FILE
    text = path.read_text(encoding="utf-8")
    block = shopfile._dump({slug: entry})
    with path.open("a", encoding="utf-8", newline="\n") as fh:
        fh.write(("" if text.endswith("\n") else "\n") + f"\n# Added by `vitrines import {source}`.\n" + block)


# --- from a record to a shop file -------------------------------------------------------

def build(rec: Record, town: Town, root_schema: dict) -> dict:
    """The shop file's fields for a record (the town's country decides phone and address
    forms); what cannot be kept goes to ``rec.notes``."""
    doc: dict = {"name": rec.name, "categories": [rec.category, *[c for c in rec.categories if c != rec.category]]}
    fields = dict(rec.fields)
    online = fields.pop("online_only", False) is True
    if online:
        doc["online_only"] = True
    street = osm.street(rec.housenumber, rec.street_name, town.country)
    postal = fields.pop("postal_code", "")
    if street:
        doc["address"] = {"street": street}
        if postal:
            pattern = checks.POSTAL_CODES.get(town.country)
            fixed = postal.upper().strip()
            if town.country == "CA" and re.fullmatch(r"[A-Z]\d[A-Z]\d[A-Z]\d", fixed):
                fixed = f"{fixed[:3]} {fixed[3:]}"
            if pattern is None or re.fullmatch(pattern[0], fixed):
                doc["address"]["postal_code"] = fixed
            else:
                rec.notes.append(f"postal code '{postal}' left out: not a postal code of {town.country}")
    lat, lon = fields.pop("geo.lat", None), fields.pop("geo.lon", None)
    geo = rec.geo or ((lat, lon) if lat is not None and lon is not None else None)
    if geo and not online:
        doc["geo"] = {"lat": geo[0], "lon": geo[1]}
    phone = fields.pop("phone", "")
    if phone:
        try:
            number = phonenumbers.parse(phone, town.country)
            valid = phonenumbers.is_valid_number(number)
        except phonenumbers.NumberParseException:
            valid = False
        if valid:
            doc["phone"] = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        else:
            rec.notes.append(f"phone '{phone}' left out: not a valid phone number in {town.country}")
    for key in ("website", "email"):
        value = fields.pop(key, "")
        if not value:
            continue
        if key == "website" and not re.match(r"(?i)^https?://", value):
            value = "http://" + value.lstrip("/")
        node = _node(root_schema, [key]) or {}
        if re.search(node.get("pattern", ".*"), value) and len(value) <= node.get("maxLength", 10 ** 6):
            doc[key] = value
        else:
            rec.notes.append(f"{key} '{value}' left out: not a valid {'address' if key == 'website' else 'e-mail'}")
    hours = fields.pop("opening_hours", "")
    if hours:
        try:
            doc["hours"] = osm.to_hours(hours)
        except osm.Unsupported as exc:
            rec.notes.append(f"hours left out: opening_hours '{hours}' cannot be converted exactly ({exc})")
    for path, value in fields.items():
        parts = path.split(".")
        target = doc
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
    return shopfile.ordered(doc, root_schema)


def _same_shop(existing: dict, doc: dict, rec: Record) -> bool:
    if rec.identity:
        return (existing.get("imported_from") or {}).get("id") == rec.identity
    def key(d):
        return (osm.fold(str(d.get("name", ""))), osm.fold(str((d.get("address") or {}).get("street", ""))))
    return key(existing) == key(doc)


def _comparable(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k not in ("updated", "added")}


@dataclass
class Outcome:
    written: list = field(default_factory=list)  # (record, path, "new"|"updated")
    skipped: list = field(default_factory=list)  # (record, reason key, message)
    notes: list = field(default_factory=list)  # (record, note)


def run(args, conf: dict) -> int:
    try:
        return _run(args, conf)
    except UsageError as exc:
        print(f"vitrines import: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _run(args, conf: dict) -> int:
    source = Path(args.file)
    if not source.is_file():
        raise UsageError(f"{source}: no such file")
    root = Path(args.shops or settings.get(conf, "VITRINES_SHOPS_DIR"))
    if not (root / TOWNS_FILE).is_file():
        raise UsageError(f"{root}: not a shops folder (no {TOWNS_FILE}); give --shops FOLDER")
    if not checks.SLUG.match(args.town):
        raise UsageError(f"--town '{args.town}': a town's slug is lowercase letters, digits and hyphens")
    root_schema = schema.load_schema("shop", settings.schema_dir(conf))
    directory = load_directory(root, conf)
    if args.category and args.category not in directory.categories:
        raise UsageError(f"--category '{args.category}' is not in categories.yaml")
    mapping = read_mapping(Path(args.mapping) if args.mapping else None, root_schema)
    kind = args.format or ("csv" if source.suffix.lower() in (".csv", ".tsv", ".txt") else "geojson")
    if kind == "csv":
        records = list(csv_records(source, mapping, root_schema, directory, args.category))
    else:
        try:
            collection = json.loads(source.read_text(encoding="utf-8"))
            records = list(osm.records(collection, directory.categories, mapping.get("tags") or {}, args.category))
        except (ValueError, UnicodeDecodeError) as exc:
            raise UsageError(f"{source}: {exc}") from None

    town = directory.towns.get(args.town)
    town_entry = None
    if town is None:
        town, town_entry = new_town(args.town, records, args, conf)
        directory.towns[args.town] = town

    outcome = Outcome()
    folder = root / args.town
    existing = _existing(directory, root)
    accepted: dict = {}  # (kind, value) -> who has it: for duplicates within the run
    for rec in records:
        _decide(rec, town, folder, root_schema, directory, conf, existing, accepted, outcome, args.update)

    if outcome.written and not args.dry_run:
        if town_entry is not None:
            add_town(root, args.town, town_entry, f"{source.name} --town {args.town}")
        for rec, path, _ in outcome.written:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(rec.text, encoding="utf-8", newline="\n")
        _recheck(root, conf, outcome)
    _report(outcome, len(records), town_entry, args)
    return EXIT_OK


def _existing(directory, root: Path) -> dict:
    """What the shops already in the folder use: slugs, phones, websites, names and streets."""
    taken = {}
    for shop in directory.shops:
        path = root / shop.town / f"{shop.slug}.yaml"
        taken[("slug", shop.slug)] = path
        for old in shop.previous_slugs:
            taken[("slug", old)] = path
        if shop.phone:
            taken[("phone", shop.phone)] = path
        if shop.website:
            taken[("website", shop.site)] = path
        taken[("place", shop.town, osm.fold(shop.name), osm.fold(shop.street))] = path
    for path in root.glob("*/*.yaml"):  # invalid files hold their slug too
        taken.setdefault(("slug", path.stem), path)
    return taken


def _skip(outcome: Outcome, rec: Record, reason: str, message: str) -> None:
    outcome.skipped.append((rec, reason, message))


def _decide(rec, town, folder, root_schema, directory, conf, existing, accepted, outcome, update) -> None:
    if rec.problem:
        return _skip(outcome, rec, rec.problem, rec.problem)
    if not rec.name:
        return _skip(outcome, rec, "no name", "no name")
    if rec.category is None:
        return _skip(outcome, rec, "no category", rec.category_problem or "no category")
    if rec.category not in directory.categories:
        return _skip(outcome, rec, "no category", f"category '{rec.category}' is not in categories.yaml")
    doc = build(rec, town, root_schema)
    if "address" not in doc and not doc.get("online_only"):
        return _skip(outcome, rec, "no street address",
                     f"no street address for \"{rec.name}\" (a shop needs one unless it sells only online)")
    if "geo" in doc:
        away = checks.distance_km(doc["geo"]["lat"], doc["geo"]["lon"], town.lat, town.lon)
        if away > town.radius_km:
            return _skip(outcome, rec, "outside the town",
                         f"\"{rec.name}\" is {away:,.0f} km from {town.name}, outside its {town.radius_km:g} km radius")

    # The file: the same shop imported before, or a new name for a different shop
    base = shopfile.slugify(rec.name) or "shop"
    slug, n, same = base, 2, None
    while True:
        path = folder / f"{slug}.yaml"
        holder = existing.get(("slug", slug))
        if holder is None and slug not in accepted.get("slugs", set()):
            break
        if holder == path and path.is_file():
            src = load_file(path)
            if src.ok and isinstance(src.data, dict) and _same_shop(src.data, doc, rec):
                same = src.data
                break
        slug, n = f"{base}-{n}", n + 1
    shown = display_path(path)
    if same is not None:
        # --update brings in the fields the data gives; what else the file holds (photos,
        # descriptions, private contact…) stays
        new = shopfile.ordered({**same, **doc, "updated": same.get("updated")}, root_schema)
        if _comparable(same) == _comparable(new):
            return _skip(outcome, rec, "already in the directory", f"already in the directory as {shown} (unchanged)")
        if not update:
            return _skip(outcome, rec, "already in the directory",
                         f"already in the directory as {shown}; the data differs: give --update to bring it in")
        doc = {**new, "updated": settings.today().isoformat()}
    else:
        doc["updated"] = settings.today().isoformat()

    # The same shop twice, in the folder or in this file
    mine = {path} if same is not None else set()
    place = ("place", town.slug, osm.fold(rec.name), osm.fold((doc.get("address") or {}).get("street", "")))
    shop, problems = None, []
    for attempt in range(4):
        text = shopfile.dump(doc, root_schema)
        shop, problems = shopfile.check_document(text, path, directory, conf)
        errors = [d for d in problems if d.is_error]
        if not errors:
            break
        fields = {re.split(r"[.\[:]", d.message, maxsplit=1)[0] for d in errors}
        optional = {f for f in fields if f in doc and f not in root_schema.get("required", []) and f != "address"}
        if not optional or attempt == 3:
            return _skip(outcome, rec, f"invalid ({errors[0].message.split(':')[0]})", f"invalid: {errors[0].message}")
        for f in optional:
            rec.notes.append(f"{f} left out: " + next(d.message for d in errors if d.message.startswith(f)))
            doc.pop(f)
    checks_ = [place, ("phone", shop.phone) if shop.phone else None,
               ("website", shop.site) if shop.website else None]
    for key in filter(None, checks_):
        other = existing.get(key) or accepted.get(key)
        if other is not None and other not in mine:
            what = {"place": "same name and street", "phone": "same phone",
                    "website": "same website (a chain's branches share one)"}[key[0]]
            other_shown = display_path(other) if isinstance(other, Path) else other
            return _skip(outcome, rec, "duplicate", f"\"{rec.name}\": duplicate of {other_shown} ({what})")
    for key in filter(None, checks_):
        accepted[key] = path
    accepted.setdefault("slugs", set()).add(slug)
    rec.text = text
    outcome.written.append((rec, path, "updated" if same is not None else "new"))
    outcome.notes.extend((rec, note) for note in rec.notes)


def _recheck(root: Path, conf: dict, outcome: Outcome) -> None:
    """Validate the folder as `vitrines validate` does: a written file with an error (which the
    checks before writing should have caught) is removed and reported as skipped."""
    directory = load_directory(root, conf)
    bad = {}
    for d in directory.errors:
        bad.setdefault(d.path, d.message)
    kept = []
    for rec, path, how in outcome.written:
        message = bad.get(display_path(path))
        if message is None:
            kept.append((rec, path, how))
            continue
        if how == "new":
            path.unlink()
        _skip(outcome, rec, f"invalid ({message.split(':')[0]})", f"invalid: {message}")
    outcome.written = kept


def _report(outcome: Outcome, total: int, town_entry: dict | None, args) -> None:
    verb = "would write" if args.dry_run else "written"
    if town_entry is not None and outcome.written:
        print(f"town: {args.town} ({town_entry['name']}, {town_entry['country']}, {town_entry['timezone']}) "
              f"{'would be ' if args.dry_run else ''}added to {TOWNS_FILE}")
    for rec, path, how in outcome.written:
        print(f"{verb}: {display_path(path)} ({rec.ident}){' updated' if how == 'updated' else ''}")
    for rec, note in outcome.notes:
        print(f"note: {rec.ident}: {note}")
    for rec, _, message in outcome.skipped:
        print(f"skipped: {rec.ident}: {message}")
    reasons = Counter(reason for _, reason, _ in outcome.skipped)
    new = sum(1 for *_, how in outcome.written if how == "new")
    updated = len(outcome.written) - new
    detail = "; ".join(f"{count} {reason}" for reason, count in reasons.most_common())
    print(f"{total} rows: {len(outcome.written)} {verb} ({new} new, {updated} updated), "
          f"{len(outcome.skipped)} skipped" + (f" ({detail})" if detail else ""))
