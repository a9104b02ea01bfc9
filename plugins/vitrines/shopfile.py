"""Writing shop files: what ``vitrines new``, ``vitrines import`` and the form's prefill share.

A written shop file starts with the ``yaml-language-server`` modeline (editors then check it
against the schema), quotes every string (``"07:30"`` and ``"NO"`` stay text), and lists its
fields in the schema's order.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

from .model import DAYS, Range, Shop

MODELINE = "# yaml-language-server: $schema=../../schema/shop.schema.json\n"
SLUG_MAX = 60


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def slugify(text: str) -> str:
    """A shop's file name from its name: ``Fleurs d'Élise`` -> ``fleurs-d-elise``."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text).replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")).strip("-")
    if len(slug) > SLUG_MAX:
        slug = slug[:SLUG_MAX].rsplit("-", 1)[0] or slug[:SLUG_MAX]
    return slug


def photo_name(name: str, taken: set[str] = frozenset()) -> str:
    """A photo's file name as the schema wants it (letters, digits, ``._-``, a known extension),
    different from the names in ``taken``."""
    stem, dot, ext = name.rpartition(".")
    ext = ext.lower() if dot else "jpg"
    ext = {"jpeg": "jpg"}.get(ext, ext)
    base = slugify(stem if dot else name) or "photo"
    candidate, n = f"{base}.{ext}", 2
    while candidate in taken:
        candidate, n = f"{base}-{n}.{ext}", n + 1
    return candidate


_PLAIN_KEY = re.compile(r"^[a-z_][a-z0-9_]*$")
_YAML11_WORDS = re.compile(r"^(?:y|yes|n|no|on|off|true|false|null)$", re.IGNORECASE)


class _Dumper(yaml.SafeDumper):
    """Strings in double quotes ("07:30" and "NO" stay text) or, over several lines, in a
    literal block; keys plain; short lists of scalars on one line (``categories: ["bakery"]``)."""


def _represent_str(dumper, text):
    # several lines: a literal block when the text allows one (PyYAML falls back to quotes)
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text.strip() else '"')


def _represent_dict(dumper, data):
    pairs = []
    for key, value in data.items():
        if isinstance(key, str) and _PLAIN_KEY.match(key) and not _YAML11_WORDS.match(key):
            key_node = yaml.ScalarNode("tag:yaml.org,2002:str", key)
        else:
            key_node = dumper.represent_data(key)
        pairs.append((key_node, dumper.represent_data(value)))
    return yaml.MappingNode("tag:yaml.org,2002:map", pairs, flow_style=False)


def _represent_list(dumper, data):
    flow = all(not isinstance(x, (dict, list)) for x in data) and len(repr(data)) < 80
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(list, _represent_list)


def _dump(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def ordered(doc: dict, schema: dict) -> dict:
    """``doc`` with its fields in the schema's order (unknown ones last)."""
    order = list(schema.get("properties", {}))
    return dict(sorted(doc.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))


def dump(doc: dict, schema: dict | None = None) -> str:
    """The text of a shop file."""
    return MODELINE + _dump(ordered(doc, schema) if schema else doc)


def write_new(path: Path, doc: dict, schema: dict | None = None) -> None:
    """Write a shop file that must not exist yet (``FileExistsError`` otherwise)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as fh:
        fh.write(dump(doc, schema))


def range_text(r: Range) -> str:
    end = r.end if r.end == 24 * 60 else r.end % (24 * 60)
    return f"{r.start // 60:02d}:{r.start % 60:02d}-{end // 60:02d}:{end % 60:02d}"


def public_data(shop: Shop) -> dict:
    """The public fields of a shop, shaped as in its file (never the ``private`` block, which a
    Shop does not hold): what the form is prefilled with to report a change."""
    doc: dict = {"name": shop.name, "categories": list(shop.categories)}
    if shop.description:
        doc["description"] = dict(shop.description)
    if shop.online_only:
        doc["online_only"] = True
    if shop.street:
        doc["address"] = {"street": shop.street, **({"postal_code": shop.postal_code} if shop.postal_code else {})}
    if shop.has_geo:
        doc["geo"] = {"lat": shop.lat, "lon": shop.lon}
    for key in ("phone", "email", "website", "online_store", "gift_cards"):
        if getattr(shop, key):
            doc[key] = getattr(shop, key)
    if shop.social:
        doc["social"] = dict(shop.social)
    if shop.hours is not None:
        doc["hours"] = {day: [range_text(r) for r in shop.hours[day]] for day in DAYS if shop.hours[day]}
    if shop.exceptions:
        doc["hours_exceptions"] = []
        for ex in shop.exceptions:
            item = ({"date": ex.first.isoformat()} if ex.first == ex.last
                    else {"from": ex.first.isoformat(), "to": ex.last.isoformat()})
            if ex.ranges:
                item["hours"] = [range_text(r) for r in ex.ranges]
            if ex.note:
                item["note"] = dict(ex.note)
            doc["hours_exceptions"].append(item)
    for key in ("services", "languages", "payment", "programs", "previous_slugs"):
        if getattr(shop, key):
            doc[key] = list(getattr(shop, key))
    if shop.photos:
        doc["photos"] = [{"file": p.file, "alt": dict(p.alt)} for p in shop.photos]
    if shop.logo:
        doc["logo"] = {"file": shop.logo.file}
    if shop.status != "open":
        doc["status"] = shop.status
    doc["added"] = shop.added.isoformat()
    doc["updated"] = shop.updated.isoformat()
    if shop.imported_from:
        doc["imported_from"] = {"dataset": shop.imported_from,
                                **({"id": shop.imported_id} if shop.imported_id else {})}
    return doc


def check_document(text: str, path: Path, directory, conf: dict):
    """(Shop or None, diagnostics) for the text of a shop file that would be written at
    ``path`` (``shops/<town>/<slug>.yaml``), checked as `vitrines validate` checks a file:
    schema, then the checks against the towns, categories, phone plan, calendar… Photos are
    looked for in the shop's folder. Duplicates across files are the caller's business."""
    from . import checks, images, schema, settings
    from .directory import display_path
    from .yamlsource import load_bytes

    shown = display_path(path)
    src = load_bytes(text.encode("utf-8"), shown, max_bytes=settings.get(conf, "VITRINES_MAX_FILE_BYTES"))
    if not src.ok:
        return None, list(src.diagnostics)
    problems, data = schema.check_and_prune(src, "shop", settings.schema_dir(conf))
    context = checks.Context(
        root=directory.root, towns=directory.towns, categories=directory.categories,
        programs=directory.programs, languages=settings.languages(conf), today=settings.today(),
        stale_days=settings.get(conf, "VITRINES_STALE_DAYS"), image_options=images.Options.from_settings(conf),
        schema_dir=settings.schema_dir(conf))
    shop, more = checks.shop(path, src, data, context)
    return shop, sorted({*problems, *more})
