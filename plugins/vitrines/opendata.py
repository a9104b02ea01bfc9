"""Open data: every published shop as JSON, CSV and GeoJSON, for all towns and per town.

Only public fields are exported: they come from the :class:`~vitrines.model.Shop`
objects, which never hold the private block. The JSON Schema of the shop files
is published beside the data (``data/shop.schema.json``).
"""

from __future__ import annotations

import csv
import io
import pickle
from pathlib import Path

from . import compactjson
from .cachefile import write_whole
from .model import DAYS, Shop

COLUMNS = [
    "id", "name", "town", "categories", "status", "online_only", "street", "postal_code", "lat", "lon",
    "phone", "email", "website", "online_store", "gift_cards", "services", "languages", "payment",
    "programs", "hours", "description_fr", "description_en", "url_fr", "url_en", "added", "updated",
]


def record(shop: Shop, town_name: str, urls: dict[str, str]) -> dict:
    hours = None
    if shop.hours is not None:
        hours = {day: [str(r) for r in shop.hours[day]] for day in DAYS}
    return {
        "id": shop.slug, "name": shop.name, "town": shop.town, "town_name": town_name,
        "categories": list(shop.categories), "status": shop.status, "online_only": shop.online_only,
        "street": shop.street or None, "postal_code": shop.postal_code or None,
        "lat": shop.lat, "lon": shop.lon, "phone": shop.phone or None, "email": shop.email or None,
        "website": shop.website or None, "online_store": shop.online_store or None,
        "gift_cards": shop.gift_cards or None, "social": dict(shop.social),
        "services": list(shop.services), "languages": list(shop.languages), "payment": list(shop.payment),
        "programs": list(shop.programs), "hours": hours,
        "hours_exceptions": [{"from": e.first.isoformat(), "to": e.last.isoformat(),
                              "hours": [str(r) for r in e.ranges], "note": e.note} for e in shop.exceptions],
        "description": dict(shop.description), "urls": urls,
        "added": shop.added.isoformat(), "updated": shop.updated.isoformat(),
        "imported_from": shop.imported_from or None,  # e.g. openstreetmap: © OpenStreetMap contributors, ODbL
    }


def _csv_row(r: dict) -> dict:
    hours = "; ".join(f"{day} {','.join(r['hours'][day]) or 'closed'}" for day in DAYS) if r["hours"] else ""
    return {
        **{k: r.get(k) for k in COLUMNS if k in r},
        **{k: ";".join(r[k]) for k in ("categories", "services", "languages", "payment", "programs")},
        "online_only": "true" if r["online_only"] else "false",
        "hours": hours,
        "description_fr": r["description"].get("fr", ""), "description_en": r["description"].get("en", ""),
        "url_fr": r["urls"].get("fr", ""), "url_en": r["urls"].get("en", ""),
    }


def _csv_header() -> str:
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n").writeheader()
    return buffer.getvalue()


class Pieces:
    """Records serialized one by one, as they appear in every file that lists them: a shop's
    JSON, its CSV row and its GeoJSON feature ("" when it is not on the map). The files of a
    town, and of all towns, are these pieces joined: an edit serializes one shop again, not
    its town's records or the 50,000 of every town."""

    def __init__(self):
        self._buffer = io.StringIO()
        self._writer = csv.DictWriter(self._buffer, fieldnames=COLUMNS, lineterminator="\r\n")

    def __call__(self, r: dict) -> tuple[str, str, str]:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow(_csv_row(r))
        feature = "" if r["lat"] is None or r["online_only"] else compactjson.text({
            "type": "Feature",
            "id": r["id"],
            "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
            "properties": {k: v for k, v in r.items() if k not in ("lat", "lon")},
        })
        return compactjson.text(r), self._buffer.getvalue(), feature


def block(pieces: list[tuple[str, str, str]]) -> tuple[int, bytes, bytes, bytes]:
    """A town's records, joined once per file format (UTF-8): (their number, JSON records, CSV
    rows, GeoJSON features). A town's files and the files of all towns are made of these, so
    that an edit joins its town's 5,000 pieces again, not the 50,000 of every town."""
    return (len(pieces), ",".join(p[0] for p in pieces).encode(), "".join(p[1] for p in pieces).encode(),
            ",".join(p[2] for p in pieces if p[2]).encode())


def files(blocks: list[tuple[int, bytes, bytes, bytes]], licence: dict) -> dict[str, list[bytes]]:
    """``shops.json``, ``shops.csv`` and ``shops.geojson`` of the records of ``blocks`` (see
    :func:`block`), in order (the same bytes as ``json.dumps`` of the whole, compact): each as the
    parts it is made of, written one after the other (the files of all towns are 170 MB at 50,000
    shops: not joined in memory)."""
    def joined(i: int) -> list[bytes]:
        parts = [b[i] for b in blocks if b[i]]
        return [part for block in parts for part in (b",", block)][1:]

    licence_json = compactjson.dumps(licence)
    count = str(sum(b[0] for b in blocks)).encode()
    return {
        "json": [b'{"licence":' + licence_json + b',"count":' + count + b',"shops":[', *joined(1), b"]}\n"],
        "csv": [_csv_header().encode(), *(b[2] for b in blocks)],
        "geojson": [b'{"type":"FeatureCollection","licence":' + licence_json + b',"features":[', *joined(3),
                    b"]}\n"],
    }


class Parts:
    """Each town's part of the data files (its records' :class:`Pieces`, its rows of the map), kept in the
    build cache (``<folder>/<town>.pickle``) with the key of what it was made from: an edit makes
    its town's part again, not every town's."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def get(self, town: str, key: str, make):
        """The town's part made with ``key``: the cached one, else ``make(last)``, where ``last``
        is the part cached with another key (or None), whose unchanged pieces it may reuse."""
        path = self.folder / f"{town}.pickle"
        last = None
        try:
            with path.open("rb") as fh:
                stored = pickle.load(fh)
            if stored["key"] == key:
                return stored["part"]
            last = stored["part"]
        except (OSError, pickle.PickleError, EOFError, KeyError, TypeError, ValueError):
            pass
        made = make(last)
        write_whole(path, pickle.dumps({"key": key, "part": made}, protocol=pickle.HIGHEST_PROTOCOL))
        return made
