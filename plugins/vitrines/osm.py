"""OpenStreetMap data for ``vitrines import``: GeoJSON features, tags, opening hours.

What a feature tells us becomes a :class:`~vitrines.importer.Record`: its name, category (from
the ``amenity``, ``shop``, ``craft`` or ``cuisine`` tag), ``addr:*`` address, coordinates (a
polygon's centroid), ``phone``, ``website``, ``email``, ``wheelchair``, ``description:<lang>``
and ``opening_hours``. Opening hours are converted only when the conversion is exact; anything
else (public holidays, months, sunrise, comments…) is left out and said.

OpenStreetMap data is © OpenStreetMap contributors, under the ODbL: every imported shop says
so in its file (``imported_from``), and its page shows it.
"""

from __future__ import annotations

import math
import re

from . import shopfile
from .model import DAYS

OSM_ID = re.compile(r"^(?:node|way|relation)/[0-9]+$")

# Tag -> category id of the sample categories.yaml. A city with other categories maps its own
# in the mapping file (``tags: {"shop=deli": grocery}``); a value equal to a category id or to
# one of its synonyms is found without a mapping.
CATEGORY_TAGS = {
    "shop=bakery": "bakery", "shop=pastry": "bakery", "shop=confectionery": "bakery",
    "shop=butcher": "butcher", "shop=cheese": "cheese", "shop=dairy": "cheese",
    "shop=greengrocer": "grocery", "shop=convenience": "grocery", "shop=deli": "grocery",
    "shop=organic": "grocery", "shop=farm": "grocery", "shop=health_food": "grocery", "shop=spices": "grocery",
    "shop=coffee": "cafe", "shop=tea": "cafe", "amenity=cafe": "cafe",
    "amenity=restaurant": "restaurant", "amenity=fast_food": "restaurant",
    "shop=florist": "florist", "shop=garden_centre": "florist",
    "shop=books": "bookshop", "shop=clothes": "clothing", "shop=boutique": "clothing",
    "shop=fashion": "clothing", "shop=second_hand": "clothing",
    "shop=shoes": "shoes", "shop=shoe_repair": "shoes", "craft=shoemaker": "shoes",
    "shop=jewelry": "jewellery", "shop=watches": "jewellery", "craft=jeweller": "jewellery",
    "craft=watchmaker": "jewellery",
    "shop=hardware": "hardware", "shop=doityourself": "hardware", "shop=bicycle": "bicycle",
    "shop=toys": "toys", "shop=games": "toys", "shop=gift": "gifts", "shop=crafts": "gifts",
    "shop=interior_decoration": "gifts", "shop=art": "gifts",
    "shop=hairdresser": "beauty", "shop=beauty": "beauty", "shop=cosmetics": "beauty",
    "shop=wine": "wine", "shop=alcohol": "wine", "shop=beverages": "wine", "craft=brewery": "wine",
    "shop=chemist": "pharmacy", "shop=herbalist": "pharmacy", "amenity=pharmacy": "pharmacy",
}
CATEGORY_KEYS = ("amenity", "shop", "craft")
# A feature with only a cuisine tag is a place to eat; these cuisines are cafés.
CAFE_CUISINES = {"coffee_shop", "coffee", "tea", "cafe"}

# Streets written "name number" in these countries, "number name" elsewhere.
NUMBER_AFTER_STREET = {"AT", "BE", "CH", "CZ", "DE", "DK", "ES", "FI", "IT", "LU", "NL", "NO", "PL", "PT", "SE"}


def fold(text: str) -> str:
    return shopfile.fold(text).strip()


def category(tags: dict, categories: dict, mapping: dict) -> tuple[str | None, str]:
    """(category id, "") or (None, why) for a feature's tags."""
    table = {**CATEGORY_TAGS, **mapping}
    seen = []
    for key in CATEGORY_KEYS:
        value = tags.get(key)
        if not isinstance(value, str) or not value:
            continue
        for one in value.split(";"):
            tag = f"{key}={one.strip()}"
            seen.append(tag)
            found = table.get(tag)
            if found is None:
                found = by_name(one.strip(), categories)
            if found in categories:
                return found, ""
    cuisine = tags.get("cuisine")
    if isinstance(cuisine, str) and cuisine and not seen:
        kinds = {c.strip() for c in cuisine.split(";")}
        found = table.get(f"cuisine={cuisine}") or ("cafe" if kinds & CAFE_CUISINES else "restaurant")
        if found in categories:
            return found, ""
        seen.append(f"cuisine={cuisine}")
    if not seen:
        return None, "no category: no shop, amenity, craft or cuisine tag"
    return None, (f"no category: {', '.join(seen)} is not mapped to a category of categories.yaml "
                  "(map it in the mapping file, or give --category)")


def by_name(word: str, categories: dict) -> str | None:
    """A category whose id, label or synonym is ``word`` (any case and accents)."""
    folded = fold(word.replace("_", " "))
    for c in categories.values():
        names = [c.id, *c.labels.values(), *c.synonyms]
        if any(fold(n) == folded for n in names):
            return c.id
    return None


def street(number: str, name: str, country: str) -> str:
    if not name:
        return ""
    if not number:
        return name
    return f"{name} {number}" if country in NUMBER_AFTER_STREET else f"{number} {name}"


# --- geometry ------------------------------------------------------------------------

def _ring_centroid(ring: list) -> tuple[float, float, float] | None:
    """(lon, lat, area) of a closed ring (shoelace formula, in degrees: fine at a shop's size)."""
    points = [(float(p[0]), float(p[1])) for p in ring if isinstance(p, (list, tuple)) and len(p) >= 2]
    if len(points) < 3:
        return None
    if points[0] != points[-1]:
        points.append(points[0])
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(points, points[1:]):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if abs(area) < 1e-18:
        xs, ys = zip(*points[:-1])
        return sum(xs) / len(xs), sum(ys) / len(ys), 0.0
    return cx / (3 * area), cy / (3 * area), abs(area) / 2


def centroid(geometry) -> tuple[float, float] | None:
    """(lat, lon) of a Point, or the centroid of a Polygon (the largest part of a MultiPolygon);
    a line's points' mean."""
    if not isinstance(geometry, dict):
        return None
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    try:
        if kind == "Point":
            lon, lat = float(coords[0]), float(coords[1])
        elif kind == "Polygon":
            lon, lat, _ = _ring_centroid(coords[0])
        elif kind == "MultiPolygon":
            parts = [c for c in (_ring_centroid(p[0]) for p in coords) if c]
            lon, lat, _ = max(parts, key=lambda c: c[2])
        elif kind in ("LineString", "MultiPoint"):
            lon = sum(float(p[0]) for p in coords) / len(coords)
            lat = sum(float(p[1]) for p in coords) / len(coords)
        else:
            return None
    except (TypeError, ValueError, IndexError, ZeroDivisionError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return round(lat, 6), round(lon, 6)


# --- opening_hours ---------------------------------------------------------------------

class Unsupported(ValueError):
    """An opening_hours value that cannot be written exactly as weekly hours."""


OSM_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_DAY = r"(?:Mo|Tu|We|Th|Fr|Sa|Su)"
_SELECTOR = re.compile(rf"^{_DAY}(?:-{_DAY})?(?:,{_DAY}(?:-{_DAY})?)*$")
_TIME = r"(\d{1,2}):(\d{2})"
_RANGE = re.compile(rf"^{_TIME}-{_TIME}$")


def _days(selector: str) -> list[str]:
    found = []
    for part in selector.split(","):
        first, _, last = part.partition("-")
        i = OSM_DAYS.index(first)
        j = OSM_DAYS.index(last) if last else i
        while True:  # "Fr-Mo" wraps over the weekend
            if DAYS[i] not in found:
                found.append(DAYS[i])
            if i == j:
                break
            i = (i + 1) % 7
    return found


def _ranges(text: str) -> list[tuple[int, int]]:
    out = []
    for part in text.split(","):
        part = part.strip()
        m = _RANGE.match(part)
        if not m:
            raise Unsupported(f"'{part}' is not a time range")
        h1, m1, h2, m2 = map(int, m.groups())
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if h1 > 23 or m1 > 59 or m2 > 59 or end > 48 * 60 or (h2 > 24 and end <= 24 * 60):
            raise Unsupported(f"'{part}' is not a time of day")
        if end > 24 * 60:  # "18:00-26:00": until 2 a.m.
            end -= 24 * 60
        if start == end:
            raise Unsupported(f"'{part}' opens and closes at the same time")
        out.append((start, end))
    return out


def _text(start: int, end: int) -> str:
    def hm(minutes: int) -> str:
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    return f"{hm(start)}-{hm(end)}"


def to_hours(value: str) -> dict:
    """Weekly hours, as in a shop file, from an OSM ``opening_hours`` value.

    Rules are separated by ``;`` (a later rule replaces the hours of the days it names) or by
    ``,`` after a time (an additional rule). Supported: day ranges and lists (``Mo-Fr``,
    ``Mo,We,Fr``, ``Fr-Mo``), several ranges (``09:00-12:00,14:00-18:00``), ``off`` and
    ``closed``, times past midnight, a rule without days (every day) and ``24/7``. Anything else
    raises :class:`Unsupported`."""
    text = " ".join(str(value).split())
    if not text:
        raise Unsupported("empty")
    if text == "24/7":
        return {day: ["00:00-24:00"] for day in DAYS}
    if "||" in text or '"' in text:
        raise Unsupported("fallback rules and comments cannot be written as weekly hours")
    week: dict[str, list[tuple[int, int]]] = {}
    for rule in filter(None, (r.strip() for r in text.split(";"))):
        for n, part in enumerate(re.split(rf"(?<=\d),\s*(?={_DAY}\b)", rule)):
            additional = n > 0
            part = part.strip()
            selector, _, rest = part.partition(" ")
            if not _SELECTOR.match(selector):
                if re.match(r"^\d", selector):  # times without days: every day
                    selector, rest = "Mo-Su", part
                else:
                    raise Unsupported(f"'{selector}' (holidays, months, weeks…) cannot be written as weekly hours")
            rest = rest.strip()
            if rest in ("off", "closed"):
                ranges: list = []
            elif rest == "":
                ranges = [(0, 24 * 60)]
            else:
                ranges = _ranges(rest)
            for day in _days(selector):
                week[day] = (week.get(day, []) if additional else []) + ranges
    hours = {}
    for day in DAYS:
        if day not in week or not week[day]:
            continue
        spans = sorted(week[day])
        for (s1, e1), (s2, _) in zip(spans, spans[1:]):
            if s2 < (e1 if e1 > s1 else e1 + 24 * 60):
                raise Unsupported(f"overlapping ranges on {day}")
        hours[day] = [_text(s, e) for s, e in spans]
    return hours


# --- features ---------------------------------------------------------------------------

def records(collection: dict, categories: dict, mapping: dict, fallback: str | None):
    """One Record per feature of a GeoJSON FeatureCollection."""
    from .importer import Record

    features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(features, list):
        raise ValueError("not a GeoJSON FeatureCollection (no \"features\" list)")
    for index, feature in enumerate(features, 1):
        tags = (feature.get("properties") if isinstance(feature, dict) else None) or {}
        tags = {str(k): v for k, v in tags.items()} if isinstance(tags, dict) else {}
        osm_id = next((x for x in (tags.get("@id"), (feature or {}).get("id"), tags.get("id"))
                       if isinstance(x, str) and OSM_ID.match(x)), "")
        rec = Record(ident=osm_id or f"feature {index}", identity=osm_id,
                     city=str(tags.get("addr:city") or ""), country=str(tags.get("addr:country") or "").upper())
        rec.name = str(tags.get("name") or "").strip()
        rec.category, rec.category_problem = category(tags, categories, mapping)
        if rec.category is None and fallback:
            rec.category, rec.category_problem = fallback, ""
        rec.geo = centroid(feature.get("geometry") if isinstance(feature, dict) else None)
        rec.street_name = str(tags.get("addr:street") or "").strip()
        rec.housenumber = str(tags.get("addr:housenumber") or "").strip()
        rec.fields["postal_code"] = str(tags.get("addr:postcode") or "").strip()
        for key, tag_names in (("phone", ("phone", "contact:phone")), ("website", ("website", "contact:website", "url")),
                               ("email", ("email", "contact:email"))):
            value = next((str(tags[t]).strip() for t in tag_names if tags.get(t)), "")
            if value:
                rec.fields[key] = value.split(";")[0].strip()
        if tags.get("opening_hours"):
            rec.fields["opening_hours"] = str(tags["opening_hours"])
        if tags.get("wheelchair") == "yes":
            rec.fields["services"] = ["wheelchair_accessible"]
        for key, value in tags.items():
            m = re.fullmatch(r"description:([a-z]{2,3})", key)
            if m and isinstance(value, str) and value.strip():
                rec.fields.setdefault("description", {})[m.group(1)] = value.strip()
        if isinstance(tags.get("description"), str) and tags["description"].strip():
            rec.notes.append("description left out: its language is not given (description:fr, description:en… are)")
        rec.fields["imported_from"] = {"dataset": "openstreetmap", **({"id": osm_id} if osm_id else {})}
        yield rec
