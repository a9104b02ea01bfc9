"""``vitrines new``: a new shop file, from options or from questions in the terminal.

It asks for what the schema requires (the town, name, categories, and the address unless the
shop sells only online), then for a few useful fields (phone, website, coordinates,
descriptions, photos), re-asking when an answer would not pass the checks. It writes
``shops/<town>/<slug>.yaml`` with the schema modeline, copies the photos into
``shops/<town>/<slug>/``, never overwrites a shop, and validates what it wrote. With ``--yes``
it asks nothing: a missing or wrong option is a usage error.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import phonenumbers

from . import checks, i18n, images, schema, settings, shopfile
from .directory import TOWNS_FILE, display_path, load_directory

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class Stop(Exception):
    """A usage error: the message, then exit 2."""


class Answers:
    """Each value from its option, else from a question (unless --yes)."""

    def __init__(self, interactive: bool):
        self.interactive = interactive

    def get(self, option, label: str, check, *, required: bool, hint: str = "", flag: str = ""):
        """``check(text) -> (value, problem)``; returns the value (or None)."""
        if option not in (None, "", []):
            value, problem = check(option)
            if problem:
                raise Stop(f"{flag}: {problem}")
            return value
        if not self.interactive:
            if required:
                raise Stop(f"{flag} is required ({label})")
            return None
        while True:
            prompt = f"{label}{' (' + hint + ')' if hint else ''}{'' if required else ' [Enter: skip]'}: "
            print(prompt, end="", file=sys.stderr, flush=True)
            line = sys.stdin.readline()
            if not line:  # end of input
                if required:
                    raise Stop(f"no answer for {label}")
                return None
            text = line.strip()
            if not text:
                if required:
                    print("  this is required", file=sys.stderr)
                    continue
                return None
            value, problem = check(text)
            if not problem:
                return value
            print(f"  {problem}", file=sys.stderr)


def _title(root_schema: dict, *path: str) -> str:
    node = root_schema
    for part in path:
        node = node["properties"][part]
    return node.get("title") or path[-1]


def run(args, conf: dict) -> int:
    try:
        return _run(args, conf)
    except Stop as exc:
        print(f"vitrines new: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _run(args, conf: dict) -> int:
    root = Path(args.shops or settings.get(conf, "VITRINES_SHOPS_DIR"))
    if not (root / TOWNS_FILE).is_file():
        raise Stop(f"{root}: not a shops folder (no {TOWNS_FILE}); give --shops FOLDER")
    directory = load_directory(root, conf)
    if not directory.towns:
        raise Stop(f"{display_path(root / TOWNS_FILE)} has no valid town; fix it first (vitrines validate)")
    root_schema = schema.load_schema("shop", settings.schema_dir(conf))
    ask = Answers(interactive=not args.yes)
    langs = settings.languages(conf)

    def town_check(text):
        slug = text.strip().lower()
        if slug in directory.towns:
            return slug, None
        by_name = {shopfile.fold(t.name): t.slug for t in directory.towns.values()}
        if shopfile.fold(text) in by_name:
            return by_name[shopfile.fold(text)], None
        return None, f"unknown town '{text}'; the towns are: {', '.join(directory.towns)}"

    town_slug = ask.get(args.town, "Town", town_check, required=True, hint=", ".join(directory.towns), flag="--town")
    town = directory.towns[town_slug]

    def length_check(*path: str):
        node = root_schema
        for part in path:
            node = node["properties"][part]
        limit = node.get("maxLength", 200)
        return lambda text: (text.strip(), None) if 0 < len(text.strip()) <= limit else (
            None, f"give between 1 and {limit} characters")

    name = ask.get(args.name, _title(root_schema, "name"), length_check("name"), required=True, flag="--name")

    def categories_check(value):
        words = value if isinstance(value, list) else [value]
        ids = [w.strip() for item in words for w in re.split(r"[,;]", item) if w.strip()]
        found, unknown = [], []
        for word in ids:
            cid = word if word in directory.categories else _category_by_name(word, directory)
            (found.append(cid) if cid else unknown.append(word))
        if unknown:
            return None, (f"unknown category {', '.join(map(repr, unknown))}; the categories are: "
                          f"{', '.join(directory.categories)}")
        limit = root_schema["properties"]["categories"].get("maxItems", 5)
        found = list(dict.fromkeys(found))
        if not found or len(found) > limit:
            return None, f"give 1 to {limit} categories, the main one first"
        return found, None

    if ask.interactive and not args.category:
        names = ", ".join(f"{c.id} ({c.label(langs[0])})" for c in directory.categories.values())
        print(f"Categories: {names}", file=sys.stderr)
    categories = ask.get(args.category, _title(root_schema, "categories"), categories_check, required=True,
                         hint="comma-separated ids, the main one first, e.g. bakery, cafe", flag="--category")

    def yes_no(text):
        word = str(text).strip().lower()
        if word in ("y", "yes", "o", "oui", "true", "1"):
            return True, None
        if word in ("n", "no", "non", "false", "0"):
            return False, None
        return None, "answer y or n"

    online = True if args.online_only else (
        ask.get(None, "Does the shop sell only online? y/N", yes_no, required=False) if ask.interactive else False)
    doc: dict = {"name": name, "categories": categories}
    if online:
        doc["online_only"] = True
    street = ask.get(args.street, _title(root_schema, "address", "street"), length_check("address", "street"),
                     required=not online, flag="--street")
    pattern, example = checks.POSTAL_CODES.get(town.country, (r".{1,12}", ""))

    def postal_check(text):
        code = text.strip().upper()
        if town.country == "CA" and re.fullmatch(r"[A-Z]\d[A-Z]\d[A-Z]\d", code):
            code = f"{code[:3]} {code[3:]}"
        return (code, None) if re.fullmatch(pattern, code) else (None, f"not a postal code of {town.country}: expected {example}")

    postal = ask.get(args.postal_code, _title(root_schema, "address", "postal_code"), postal_check, required=False,
                     hint=example, flag="--postal-code")
    if street:
        doc["address"] = {"street": street, **({"postal_code": postal} if postal else {})}

    def geo_check(text):
        parts = [p for p in re.split(r"[,;\s]+", str(text).strip()) if p]
        try:
            lat, lon = (float(p) for p in parts)
        except ValueError:
            return None, "give the latitude and the longitude, e.g. 50.4542, 3.9523"
        away = checks.distance_km(lat, lon, town.lat, town.lon)
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or away > town.radius_km:
            return None, (f"this point is {away:,.0f} km from {town.name}, outside its {town.radius_km:g} km radius; "
                          "check the numbers (latitude first)")
        return {"lat": lat, "lon": lon}, None

    given = f"{args.lat}, {args.lon}" if args.lat is not None and args.lon is not None else None
    if (args.lat is None) != (args.lon is None):
        raise Stop("--lat and --lon go together")
    if not online:
        geo = ask.get(given, "Coordinates", geo_check, required=False, hint="latitude, longitude", flag="--lat/--lon")
        if geo:
            doc["geo"] = geo

    def phone_check(text):
        try:
            number = phonenumbers.parse(text, town.country)
            if phonenumbers.is_valid_number(number):
                return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL), None
        except phonenumbers.NumberParseException:
            pass
        return None, f"not a valid phone number in {town.country}; write it with the country code"

    phone = ask.get(args.phone, _title(root_schema, "phone"), phone_check, required=False, flag="--phone")
    if phone:
        doc["phone"] = phone

    def url_check(text):
        text = text.strip()
        if not re.match(r"(?i)^https?://", text):
            text = "https://" + text
        host = re.sub(r"^https?://", "", text, flags=re.I).split("/")[0]
        return (text, None) if "." in host and " " not in text else (None, "give the full address, e.g. https://example.com")

    website = ask.get(args.website, _title(root_schema, "website"), url_check, required=False, flag="--website")
    if website:
        doc["website"] = website

    def email_check(text):
        text = text.strip()
        return (text, None) if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text) else (None, "not an e-mail address")

    email = ask.get(args.email, _title(root_schema, "email"), email_check, required=False, flag="--email")
    if email:
        doc["email"] = email

    def text_check(limit):
        return lambda text: (text.strip(), None) if 0 < len(text.strip()) <= limit else (
            None, f"give at most {limit} characters")

    descriptions = {}
    for lang in langs:
        required = lang in town.required_languages
        value = ask.get(getattr(args, f"description_{lang}", None),
                        f"Description in {i18n.language_name(lang, 'en')}", text_check(2000),
                        required=required, flag=f"--description-{lang}")
        if value:
            descriptions[lang] = value
    if descriptions:
        doc["description"] = descriptions

    photos = _photos(args, ask, langs, town, conf)

    slug = args.slug or shopfile.slugify(name)
    if not checks.SLUG.match(slug or ""):
        raise Stop(f"--slug '{slug}': lowercase letters, digits and hyphens only")
    path = root / town_slug / f"{slug}.yaml"
    clash = [p for p in root.glob(f"*/{slug}.yaml")] + [root / s.town / f"{s.slug}.yaml" for s in directory.shops
                                                       if slug in s.previous_slugs]
    if clash:
        print(f"vitrines new: {display_path(clash[0])} already exists: a shop's address must be unique. "
              "To change that shop, edit its file; for another shop, give --slug.", file=sys.stderr)
        return EXIT_INVALID
    if photos:
        doc["photos"] = [{"file": name_, "alt": alt} for name_, _, alt in photos]
    doc["updated"] = settings.today().isoformat()

    try:
        shopfile.write_new(path, doc, root_schema)
    except FileExistsError:
        print(f"vitrines new: {display_path(path)} already exists; nothing was changed.", file=sys.stderr)
        return EXIT_INVALID
    for name_, source, _ in photos:
        (path.with_suffix("")).mkdir(exist_ok=True)
        shutil.copyfile(source, path.with_suffix("") / name_)

    found = load_directory(root, conf)
    mine = display_path(path)
    problems = [d for d in found.diagnostics if d.path == mine or d.path.startswith(mine[:-5] + "/")]
    for d in problems:
        print(d, file=sys.stderr)
    if any(d.is_error for d in problems):
        print(f"vitrines new: {mine} was written but is not valid yet; correct it, then run "
              f"`vitrines validate {mine}`.", file=sys.stderr)
        return EXIT_INVALID
    print(f"created: {mine}" + (f" and {len(photos)} photo(s) in {display_path(path.with_suffix(''))}/" if photos else ""))
    return EXIT_OK


def _category_by_name(word: str, directory) -> str | None:
    from .osm import by_name
    return by_name(word, directory.categories)


def _photos(args, ask: Answers, langs: list[str], town, conf: dict) -> list[tuple[str, Path, dict]]:
    """(file name in the shop's folder, source, alt text by language) of each photo."""
    options = images.Options.from_settings(conf)
    alts = {lang: list(getattr(args, f"alt_{lang}", None) or []) for lang in langs}
    chosen: list[tuple[str, Path, dict]] = []
    taken: set[str] = set()

    def photo_check(text):
        source = Path(str(text).strip()).expanduser()
        if not source.is_file():
            return None, f"{source}: no such file"
        why = images.problem(source, options)
        return (source, None) if why is None else (None, f"{source} {why}")

    def alt_check(text):
        return (text.strip(), None) if 0 < len(text.strip()) <= 250 else (None, "give at most 250 characters")

    sources = list(args.photo or [])
    if sources:
        for index, given in enumerate(sources):
            source, problem = photo_check(given)
            if problem:
                raise Stop(f"--photo: {problem}")
            alt = {}
            for lang in langs:
                text = alts[lang][index] if index < len(alts[lang]) else None
                if text:
                    value, problem = alt_check(text)
                    if problem:
                        raise Stop(f"--alt-{lang}: {problem}")
                    alt[lang] = value
            for lang in langs:
                if lang in alt or not (lang in town.required_languages or (not alt and lang == langs[-1])):
                    continue
                if not ask.interactive:
                    raise Stop(f"--alt-{lang} is required for photo {index + 1} ({given}): say what it shows"
                               + (f"; {town.name} requires it in {lang}" if lang in town.required_languages else ""))
                alt[lang] = ask.get(None, f"What photo {index + 1} shows, in {i18n.language_name(lang, 'en')}",
                                    alt_check, required=True)
            name = shopfile.photo_name(source.name, taken)
            taken.add(name)
            chosen.append((name, source, alt))
        return chosen
    while ask.interactive and len(chosen) < 10:
        source = ask.get(None, f"Photo {len(chosen) + 1} (a .jpg, .png, .webp or .avif file)", photo_check, required=False)
        if source is None:
            break
        alt = {}
        for lang in langs:
            value = ask.get(None, f"What it shows, in {i18n.language_name(lang, 'en')}", alt_check,
                            required=lang in town.required_languages or (lang == langs[-1] and not alt))
            if value:
                alt[lang] = value
        name = shopfile.photo_name(source.name, taken)
        taken.add(name)
        chosen.append((name, source, alt))
    return chosen
