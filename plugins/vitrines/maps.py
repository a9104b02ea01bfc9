"""The map: which shops are on it, the small data file the browser reads, the tile server's host.

The map is drawn by ``theme/static/js/map.js`` with Leaflet (``theme/static/vendor/``), only
once a shopper opens it. It reads ``data/map.json`` (every shop on the map) or
``data/<town>/map.json`` (one town's, for that town's listing): one file for every language,
made small for tens of thousands of shops: a row per shop, with the town, categories and
services as numbers that index the lists at the top::

    {"v": 1, "towns": ["mons", …], "categories": ["bakery", …], "services": ["delivery", …],
     "labels": {"fr": ["Boulangerie", …], "en": ["Bakery", …]},
     "shops": [["boulangerie-du-beffroi", "Boulangerie du Beffroi", 50.45612, 3.95241, 0, [3], [0]], …]}

A row is ``[id (the shop's address on the site), name, lat, lon, town, categories, services]``;
a shop without services has no last element.
"""

from __future__ import annotations

import re
from typing import Iterable

from . import compactjson, settings
from .model import Shop

VERSION = 1


def on_map(shop: Shop) -> bool:
    """Listed (not closed), with coordinates, and not online-only."""
    return shop.listed and shop.has_geo and not shop.online_only


class MapData:
    """Writes map data files (see above) sharing one set of lists: each shop's row is made once,
    then placed in the file of all towns and in its town's."""

    def __init__(self, towns: list[str], categories: list[str], services: list[str],
                 labels: dict[str, list[str]]):
        self.town_index = {t: i for i, t in enumerate(towns)}
        self.category_index = {c: i for i, c in enumerate(categories)}
        self.service_index = {s: i for i, s in enumerate(services)}
        head = compactjson.text({"v": VERSION, "towns": towns, "categories": categories, "services": services,
                                 "labels": labels, "shops": []})
        self.head = head[:-2]  # without the closing "]}"

    def row(self, shop: Shop) -> str:
        """A shop's row, as JSON text."""
        row = [shop.slug, shop.name, round(shop.lat, 5), round(shop.lon, 5), self.town_index[shop.town],
               [self.category_index[c] for c in shop.categories]]
        if shop.services:
            row.append([self.service_index[x] for x in shop.services])
        return compactjson.text(row)

    def file(self, rows: Iterable[str]) -> str:
        return self.head + ",".join(rows) + "]}\n"


def data_file(shops: Iterable[Shop], towns: list[str], categories: list[str], services: list[str],
              labels: dict[str, list[str]]) -> str:
    """The map data (see above) of the shops on the map among ``shops``, in their order.
    ``labels``: the categories' names in each language, in the order of ``categories``."""
    data = MapData(towns, categories, services, labels)
    return data.file(data.row(s) for s in shops if on_map(s))


def tile_host(template: str) -> str:
    """The Content-Security-Policy source of a tile address template: its scheme and host
    (``https://tile.openstreetmap.org``); a ``{s}`` subdomain becomes ``*``. "" for tiles
    published with the site (a template without a host)."""
    match = re.match(r"^(?:([a-z][a-z0-9+.-]*):)?//([^/?#]+)", template.strip(), re.IGNORECASE)
    if not match:
        return ""
    scheme, host = match.groups()
    host = re.sub(r"\{[^}]*\}", "*", host)
    return f"{scheme.lower()}://{host}" if scheme else host


def image_hosts(conf: dict) -> list[str]:
    """VITRINES_CSP_IMAGE_HOSTS, with the tile server's host when the map is on."""
    hosts = list(settings.get(conf, "VITRINES_CSP_IMAGE_HOSTS"))
    if settings.get(conf, "VITRINES_MAP"):
        host = tile_host(settings.get(conf, "VITRINES_MAP_TILES"))
        if host and host not in hosts:
            hosts.append(host)
    return hosts
