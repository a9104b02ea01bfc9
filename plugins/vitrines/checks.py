"""Checks a JSON Schema cannot express: against other files, the calendar,
the country's phone plan and postal codes, the map.

Each check turns a schema-valid :class:`~vitrines.yamlsource.Source` into
model objects plus diagnostics; none of them raises on bad input.
"""

from __future__ import annotations

import difflib
import math
import re
import zoneinfo
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import phonenumbers
from babel import Locale

from . import images, markup
from .diagnostics import ERROR, WARNING, Diagnostic
from .model import DAYS, Category, HoursException, Photo, Program, Range, Shop, Town
from .shopfile import fold
from .yamlsource import Source, field_name

# The shape of postal codes, by country. Countries not listed are not checked.
POSTAL_CODES = {
    "BE": (r"\d{4}", "4 digits, e.g. \"7000\""),
    "CA": (r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] \d[ABCEGHJ-NPRSTV-Z]\d", "like \"G1R 4P5\""),
    "FR": (r"\d{5}", "5 digits, e.g. \"75011\""),
    "LU": (r"\d{4}", "4 digits, e.g. \"1009\""),
    "CH": (r"\d{4}", "4 digits, e.g. \"1201\""),
    "NL": (r"\d{4} [A-Z]{2}", "like \"1012 AB\""),
    "DE": (r"\d{5}", "5 digits, e.g. \"10115\""),
    "US": (r"\d{5}(?:-\d{4})?", "5 digits, e.g. \"14201\""),
}

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Context:
    root: Path
    towns: dict
    categories: dict
    programs: dict
    languages: list
    today: date
    stale_days: int
    image_options: images.Options = images.Options()
    towns_known: bool = True
    categories_known: bool = True
    programs_known: bool = True
    schema_dir: Path | None = None  # None: schema.SCHEMA_DIR


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _known_language(code: str) -> bool:
    return code in Locale("en").languages


# --- towns.yaml, categories.yaml, programs.yaml -----------------------------

def towns(src: Source, langs: list[str]) -> tuple[dict, list[Diagnostic]]:
    out, problems = {}, []
    for slug, entry in src.data.items():
        ok = True
        try:
            zoneinfo.ZoneInfo(entry["timezone"])
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # "Europe" is a folder: IsADirectoryError
            ok = False
            problems.append(src.error((slug, "timezone"), f"{slug}.timezone: unknown time zone "
                                      f"'{entry['timezone']}'; use an IANA name such as Europe/Brussels"))
        for lang in [entry["language"], *entry.get("required_languages", [])]:
            if not _known_language(lang):
                ok = False
                problems.append(src.error((slug, "language"), f"{slug}: unknown language code '{lang}'"))
        if entry["country"] not in phonenumbers.SUPPORTED_REGIONS:
            ok = False
            problems.append(src.error((slug, "country"), f"{slug}.country: unknown country code "
                                      f"'{entry['country']}'; use ISO 3166 codes such as BE or CA"))
        if ok:
            out[slug] = Town(
                slug=slug, name=entry["name"], region=entry.get("region", ""), country=entry["country"],
                timezone=entry["timezone"], language=entry["language"],
                lat=entry["centre"]["lat"], lon=entry["centre"]["lon"],
                radius_km=entry.get("radius_km", 25.0),
                required_languages=tuple(entry.get("required_languages", ())),
            )
    return out, problems


def _labelled(src: Source, langs: list[str], what: str) -> list[Diagnostic]:
    return [
        src.error((key,), f"{key}: no {lang} label; add `{lang}: …` (the site is published in {', '.join(langs)})")
        for key, entry in src.data.items() for lang in langs if lang not in entry
    ]


def categories(src: Source, langs: list[str]) -> tuple[dict, list[Diagnostic]]:
    problems = _labelled(src, langs, "category")
    out = {
        key: Category(key, {k: v for k, v in entry.items() if k != "synonyms"},
                      tuple(entry.get("synonyms", ())))
        for key, entry in src.data.items()
    }
    return out, problems


def programs(src: Source, langs: list[str]) -> tuple[dict, list[Diagnostic]]:
    problems = _labelled(src, langs, "program")
    out = {
        key: Program(key, {k: v for k, v in entry.items() if k != "url"}, entry.get("url", ""))
        for key, entry in src.data.items()
    }
    return out, problems


# --- one shop file ------------------------------------------------------------

def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _category_hint(value: str, known: dict) -> str:
    folded = fold(value)
    for category in known.values():
        names = [*category.labels.values(), *category.synonyms]
        if any(fold(n) == folded for n in names):
            return f"; did you mean '{category.id}'?"
    return _suggest(value, known) or "; the categories are listed in shops/categories.yaml"


def _ranges(src: Source, pointer: tuple, texts: list, problems: list) -> tuple[Range, ...]:
    where = field_name(pointer)
    ranges = []
    for i, text in enumerate(texts):
        if text is None:
            continue
        r = Range.parse(text)
        if r.end - r.start == 24 * 60 and text != "00:00-24:00":
            problems.append(src.error(pointer + (i,), f"{where}: '{text}' opens and closes at the same "
                                      "time; for a whole day write \"00:00-24:00\""))
            continue
        ranges.append((r, i))
    ranges.sort()
    for (a, _), (b, j) in zip(ranges, ranges[1:]):
        if b.start < a.end:
            problems.append(src.error(pointer + (j,), f"{where}: '{texts[j]}' overlaps '{a}'; "
                                      "merge the two ranges or fix one of them"))
    day = tuple(r for r, _ in ranges)
    return _DAYS.setdefault(day, day)


@lru_cache(maxsize=None)
def _date(text: str) -> date:
    """One object for each day (as for each range, see Range.parse): shops share them."""
    return date.fromisoformat(text)


_DAYS: dict = {}  # a day's ranges: one tuple for each distinct list, shared by the shops that have it


def _check_url(src: Source, pointer: tuple, url: str, problems: list) -> None:
    try:
        host = urlsplit(url).hostname
    except ValueError:  # e.g. "https://[shop.example": an unclosed IPv6 bracket
        host = None
    if not host or "." not in host:
        problems.append(src.error(pointer, f"{'.'.join(map(str, pointer))}: '{url}' has no valid host name; "
                                  "write the full address, e.g. https://example.com"))


def shop(path: Path, src: Source, data: dict, ctx: Context) -> tuple[Shop | None, list[Diagnostic]]:
    """Check a shop file's data (schema-valid, or pruned of what the schema rejected)."""
    problems: list[Diagnostic] = []
    err = problems.append
    town_slug, slug = path.parent.name, path.stem

    if not SLUG.match(slug):
        err(src.error((), f"the file name '{path.name}' must be lowercase letters, digits and hyphens "
                          f"(it becomes the page address), e.g. "
                          f"'{re.sub(r'[^a-z0-9]+', '-', fold(slug)).strip('-') or 'my-shop'}.yaml'"))
    town = ctx.towns.get(town_slug)
    if town is None and ctx.towns_known:
        close = difflib.get_close_matches(town_slug, list(ctx.towns), n=1, cutoff=0.6)
        err(Diagnostic(src.path, 1, 1, ERROR, f"unknown town folder '{town_slug}'"
                       + (f" (did you mean '{close[0]}'?)" if close else "")
                       + "; add it to shops/towns.yaml or move the file"))
    if not isinstance(data, dict):  # e.g. a list or a text: the schema has said what a shop file holds
        return None, problems

    if ctx.categories_known:
        for i, cat in enumerate(data.get("categories", [])):
            if cat is not None and cat not in ctx.categories:
                err(src.error(("categories", i), f"categories: unknown category '{cat}'"
                              f"{_category_hint(cat, ctx.categories)}"))
    for i, prog in enumerate(data.get("programs", [])):
        if ctx.programs_known and prog is not None and prog not in ctx.programs:
            err(src.error(("programs", i), f"programs: unknown program '{prog}'"
                          f"{_suggest(prog, ctx.programs) or '; the programs are listed in shops/programs.yaml'}"))
    for i, lang in enumerate(data.get("languages", [])):
        if lang is not None and not _known_language(lang):
            err(src.error(("languages", i), f"languages: unknown language code '{lang}'; "
                          "use ISO 639 codes such as fr, en, nl"))
    for field in ("description",):
        for lang in data.get(field, {}):
            if not _known_language(lang):
                err(src.error((field, lang), f"{field}: unknown language code '{lang}'", key=True))

    # Links: the schema has checked the scheme; the host and the description's links remain.
    for field in ("website", "online_store", "gift_cards"):
        if field in data:
            _check_url(src, (field,), data[field], problems)
    for network, url in data.get("social", {}).items():
        _check_url(src, ("social", network), url, problems)
    for lang, text in data.get("description", {}).items():
        for href in markup.link_targets(text):
            scheme = urlsplit(href).scheme.lower()
            if scheme not in markup.ALLOWED_SCHEMES:
                err(src.error(("description", lang), f"description.{lang}: the link '{href[:80]}' is not "
                              "allowed; links must start with https://, http://, mailto: or tel:"))

    # Languages a town requires (e.g. French in Québec).
    if town:
        for lang in town.required_languages:
            if lang not in data.get("description", {}) and "description" in data:
                err(src.error(("description",), f"description: no '{lang}' text; {town.name} requires "
                              f"a description in {Locale(lang).get_display_name('en')} ({lang})"))
            elif "description" not in data:
                err(src.error((), f"missing description in '{lang}': {town.name} requires a "
                                  f"description in {Locale(lang).get_display_name('en')} ({lang})"))
            for i, photo in enumerate(data.get("photos", [])):
                if photo and "alt" in photo and lang not in photo["alt"]:
                    err(src.error(("photos", i, "alt"), f"photos[{i}].alt: no '{lang}' text; {town.name} "
                                  f"requires photo descriptions in {lang}"))

    # Phone: valid for the town's country, kept in E.164 for tel: links.
    phone, phone_display = "", ""
    if "phone" in data and town:
        try:
            number = phonenumbers.parse(data["phone"], town.country)
            # (is_valid_number, with the number's region found once, not twice: for a +1 number
            # that means trying the numbering plans of 25 regions)
            region = phonenumbers.region_code_for_number(number)
            valid = phonenumbers.is_valid_number_for_region(number, region)
        except phonenumbers.NumberParseException:
            valid = False
        if valid:
            phone = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            fmt = (phonenumbers.PhoneNumberFormat.NATIONAL if region == town.country
                   else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
            phone_display = phonenumbers.format_number(number, fmt)
        else:
            example = phonenumbers.example_number_for_type(town.country, phonenumbers.PhoneNumberType.FIXED_LINE)
            shown = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL) if example else ""
            err(src.error(("phone",), f"phone: '{data['phone']}' is not a valid phone number in "
                          f"{town.country}" + (f"; write it with the country code, like \"{shown}\"" if shown else "")))

    if "postal_code" in data.get("address", {}) and town and town.country in POSTAL_CODES:
        pattern, example = POSTAL_CODES[town.country]
        code = data["address"]["postal_code"]
        if not re.fullmatch(pattern, code):
            fixed = code.upper().replace(" ", "")
            fixed = fixed[:3] + " " + fixed[3:] if town.country == "CA" and len(fixed) == 6 else fixed
            tip = f"; did you mean \"{fixed}\"?" if re.fullmatch(pattern, fixed) else ""
            err(src.error(("address", "postal_code"), f"address.postal_code: '{code}' is not a postal "
                          f"code of {town.country}: expected {example}{tip}"))

    given = src.data.get("address") if isinstance(src.data, dict) else None  # before pruning
    if "street" in data.get("address", {}) and isinstance(given, dict) and "postal_code" not in given:
        err(src.error(("address",), "address: no postal_code; add it so that shoppers and delivery "
                                    "services find the shop", severity=WARNING))

    if {"lat", "lon"} <= set(data.get("geo", {})) and town:
        lat, lon = data["geo"]["lat"], data["geo"]["lon"]
        away = distance_km(lat, lon, town.lat, town.lon)
        if away > town.radius_km:
            swapped = distance_km(lon, lat, town.lat, town.lon) <= town.radius_km
            tip = "; lat and lon look swapped" if swapped else "; check the coordinates (lat first, then lon)"
            err(src.error(("geo",), f"geo: this point is {away:,.0f} km from {town.name}, more than its "
                          f"{town.radius_km:g} km radius{tip}"))
    elif "address" in data and "geo" not in data:
        err(src.error((), "no geo coordinates: the shop cannot be shown on a map or sorted by distance; "
                          "add `geo: {lat: …, lon: …}`", severity=WARNING))

    hours = None
    if "hours" in data:
        hours = {day: _ranges(src, ("hours", day), data["hours"].get(day) or [], problems) for day in DAYS}
        for i, day in enumerate(DAYS):  # a range past midnight must not run into the next day's first one
            late = [r for r in hours[day] if r.end > 24 * 60]
            following = hours[DAYS[(i + 1) % 7]]
            if late and following and following[0].start < late[-1].end - 24 * 60:
                # point at the next day's earliest range, wherever it is in that day's list
                after, texts = DAYS[(i + 1) % 7], data["hours"].get(DAYS[(i + 1) % 7]) or []
                j = next((k for k, t in enumerate(texts) if t and Range.parse(t) == following[0]), 0)
                err(src.error(("hours", after, j), f"hours.{after}[{j}]: "
                              f"'{following[0]}' overlaps {day}'s '{late[-1]}', which ends after midnight"))
    exceptions = []
    for i, item in enumerate(data.get("hours_exceptions", [])):
        if not item or not ("date" in item or {"from", "to"} <= set(item)):
            continue  # its dates were invalid: already reported by the schema
        first = _date(item.get("date") or item["from"])
        last = _date(item.get("date") or item["to"])
        if last < first:
            err(src.error(("hours_exceptions", i, "to"), f"hours_exceptions[{i}]: 'to' ({last}) is before "
                          f"'from' ({first}); swap them"))
        ranges = _ranges(src, ("hours_exceptions", i, "hours"), item.get("hours", []), problems)
        exceptions.append(HoursException(first, last, ranges, dict(item.get("note", {}))))

    if "updated" not in data:
        return None, problems
    updated = _date(data["updated"])
    added = _date(data.get("added", data["updated"]))
    if updated > ctx.today:
        err(src.error(("updated",), f"updated: {updated} is in the future; give the day the shop last "
                      "confirmed its information"))
    elif (ctx.today - updated) > timedelta(days=ctx.stale_days):
        err(src.error(("updated",), f"updated: last confirmed on {updated}, more than "
                      f"{ctx.stale_days} days ago; ask the shop to confirm its information",
                      severity=WARNING))
    if added > updated:
        err(src.error(("added",), f"added: {added} is after updated ({updated})"))

    folder = path.parent / slug

    def picture(pointer: tuple, item: dict) -> Photo:
        file, where = folder / item["file"], field_name(pointer)
        if file.is_symlink():
            err(src.error(pointer + ("file",), f"{where}.file: '{item['file']}' is a symbolic link; "
                          f"put the photo itself in shops/{town_slug}/{slug}/"))
        elif not file.is_file():
            err(src.error(pointer + ("file",), f"{where}.file: '{item['file']}' was not found in "
                          f"shops/{town_slug}/{slug}/; add the photo there or fix the name"))
        elif not file.resolve().is_relative_to(folder.resolve()):
            err(src.error(pointer + ("file",), f"{where}.file: '{item['file']}' is outside the shop's folder"))
        elif (why := images.problem(file, ctx.image_options)) is not None:
            err(src.error(pointer + ("file",), f"{where}.file: '{item['file']}' {why}"))
        return Photo(item["file"], file, dict(item.get("alt", {})))

    # a photo whose file name the schema rejected (or left out) has nothing to look for
    photos = tuple(picture(("photos", i), item) for i, item in enumerate(data.get("photos", []))
                   if item and "file" in item)
    logo = picture(("logo",), data["logo"]) if "file" in data.get("logo", {}) else None

    if "name" not in data or not data.get("categories"):
        return None, problems
    if any(d.is_error for d in problems):
        return None, problems
    social_order = ("facebook", "instagram", "tiktok", "youtube", "linkedin", "mastodon", "x")
    return Shop(
        slug=slug, town=town_slug, source=src.path, name=data["name"].strip(),
        categories=tuple(data["categories"]), updated=updated, added=added,
        description=dict(data.get("description", {})), online_only=data.get("online_only", False),
        street=data.get("address", {}).get("street", ""), postal_code=data.get("address", {}).get("postal_code", ""),
        lat=data.get("geo", {}).get("lat"), lon=data.get("geo", {}).get("lon"),
        phone=phone, phone_display=phone_display, email=data.get("email", ""),
        website=data.get("website", ""), online_store=data.get("online_store", ""),
        gift_cards=data.get("gift_cards", ""),
        social=tuple((n, data["social"][n]) for n in social_order if n in data.get("social", {})),
        hours=hours, exceptions=tuple(exceptions), services=_services(data),
        languages=tuple(data.get("languages", ())), payment=tuple(data.get("payment", ())),
        photos=photos, logo=logo,
        programs=tuple(data.get("programs", ())), status=data.get("status", "open"),
        previous_slugs=tuple(data.get("previous_slugs", ())),
        imported_from=data.get("imported_from", {}).get("dataset", ""),
        imported_id=data.get("imported_from", {}).get("id", ""),
    ), problems


# --- across shop files --------------------------------------------------------

def _services(data: dict) -> tuple[str, ...]:
    """The shop's services; a ``gift_cards`` link means the shop sells gift cards, so listings
    and the search filter for that service find it even when the merchant did not tick it."""
    services = tuple(data.get("services", ()))
    if data.get("gift_cards") and "gift_cards" not in services:
        services += ("gift_cards",)
    return services


def across(shops: list[tuple[Shop, Source]]) -> list[Diagnostic]:
    """Duplicate slugs, and the same shop entered twice (same phone or website).

    ``shops``: valid shops, each with a Source (or what words an error as its ``error`` does,
    such as directory.Anchor) that knows (at least) where the file's phone, website and
    previous_slugs are."""
    problems = []
    seen: dict[tuple[str, str], Shop] = {}
    valid = [s for s, _ in shops]
    slugs = [s.slug for s in valid]
    current = dict(zip(slugs, valid))
    # only the shops with previous slugs, or with a value another one has too, are looked at (a few of
    # 50,000), in their order: each message names the first shop with the value
    looked_at = {i for i, s in enumerate(valid) if s.previous_slugs}
    for values in (slugs, [s.phone for s in valid], [s.site for s in valid]):
        twice = {value for value, n in Counter(values).items() if n > 1 and value}
        if twice:
            looked_at.update(i for i, value in enumerate(values) if value in twice)
    for s, src in (shops[i] for i in sorted(looked_at)):
        for i, old in enumerate(s.previous_slugs):
            other = current.get(old)
            if other is not None:
                problems.append(src.error(("previous_slugs", i), f"previous_slugs: '{old}' is the address of "
                                          f"{other.source}; an old address cannot redirect while a shop uses it"))
            elif seen.setdefault(("previous", old), s) is not s:
                problems.append(src.error(("previous_slugs", i), f"previous_slugs: '{old}' is also a previous "
                                          f"address of {seen[('previous', old)].source}; keep it in one file"))
        for kind, value in (("slug", s.slug), ("phone", s.phone), ("website", s.site)):
            if not value:
                continue
            other = seen.setdefault((kind, value), s)
            if other is s:
                continue
            if kind == "slug":
                message = (f"the slug '{s.slug}' is already used by {other.source}; shop addresses must "
                           f"be unique, so rename one file (e.g. {s.slug}-{s.town}.yaml)")
            else:
                message = (f"{kind}: same {kind} as {other.source}; is it the same shop twice? "
                           "Keep one file, or fix the " + kind)
            problems.append(src.error(() if kind == "slug" else (kind,), message))
    return problems
