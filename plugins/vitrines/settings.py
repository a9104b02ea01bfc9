"""Every Vitrines setting, with its default and what it does.

A city sets any of these in ``pelicanconf.py``; anything left out takes the
default below. Pelican's own settings (``SITENAME``, ``SITEURL``,
``DEFAULT_LANG``, ``THEME``...) keep their Pelican meaning.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone

DEFAULTS: dict = {
    # Folder of shop files, relative to the folder pelicanconf.py is in.
    "VITRINES_SHOPS_DIR": "shops",
    # Languages the site is published in; the first page a visitor meets is
    # in DEFAULT_LANG (Pelican's setting), which must be one of these.
    "VITRINES_LANGUAGES": ["fr", "en"],
    # Path segments of listing pages, per language: /fr/commerces/<slug>/ ...
    "VITRINES_PATHS": {
        "fr": {"shop": "commerces", "town": "villes", "category": "categories",
               "service": "services", "search": "recherche", "data": "donnees-ouvertes",
               "map": "carte", "form": "ajouter"},
        "en": {"shop": "shops", "town": "towns", "category": "categories",
               "service": "services", "search": "search", "data": "open-data",
               "map": "map", "form": "add"},
    },
    # Shops per page on category, town and service listings, on average: a listing of up to twice
    # as many is one page; a longer one is cut where the shops are (at most twice as many a page),
    # so that a shop added or removed changes a few of its pages, not every page after it.
    "VITRINES_PAGE_SIZE": 24,
    # How many of the most recently added shops the home page and feed show.
    "VITRINES_NEWEST": 8,
    # Shop files larger than this are refused (bytes).
    "VITRINES_MAX_FILE_BYTES": 65536,
    # `updated` older than this many days gives a warning.
    "VITRINES_STALE_DAYS": 365,
    # The city's look: a logo in theme/static or content/, and two colours.
    # Both colours must keep a 4.5:1 contrast with white text (WCAG AA).
    "VITRINES_LOGO": "",
    "VITRINES_COLOR_PRIMARY": "#1d4e89",
    "VITRINES_COLOR_ACCENT": "#b3261e",
    # Optional tagline under the site name, per language.
    "VITRINES_TAGLINE": {},
    # Link for "directions"; {lat}, {lon} and {query} are filled in.
    "VITRINES_DIRECTIONS_URL": "https://www.openstreetmap.org/directions?to={lat}%2C{lon}",
    "VITRINES_MAP_URL": "https://www.openstreetmap.org/search?query={query}",
    # Licence of the open data files (data/shops.json, .csv, .geojson), shown on the open data page.
    "VITRINES_DATA_LICENCE": {"name": "Open Database License (ODbL) 1.0",
                              "url": "https://opendatacommons.org/licenses/odbl/1-0/"},
    # Hosts images may come from besides the site itself (Content-Security-Policy img-src). The map's
    # tile server (VITRINES_MAP_TILES) is added by itself when the map is on.
    "VITRINES_CSP_IMAGE_HOSTS": [],
    # The map (theme/static/js/map.js, with Leaflet): a map page and a "List / Map" switch on the town,
    # category and service listings. Nothing is fetched from the tile server, and no Leaflet file
    # is loaded, until a shopper opens a map. Shops on it: listed, with coordinates, not online-only.
    "VITRINES_MAP": True,
    # The tile server: address template ({z}/{x}/{y}; {s} for a subdomain), its attribution (plain
    # text) and the page the attribution links to, and its highest zoom level.
    "VITRINES_MAP_TILES": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "VITRINES_MAP_ATTRIBUTION": "© OpenStreetMap contributors",
    "VITRINES_MAP_ATTRIBUTION_URL": "https://www.openstreetmap.org/copyright",
    "VITRINES_MAP_MAX_ZOOM": 19,
    # The map page also lists the shops of the map by town (for keyboards, screen readers and
    # browsers without JavaScript) up to this many shops; beyond, it lists the towns, each linking
    # to its listing.
    "VITRINES_MAP_LIST_LIMIT": 1000,
    # Also write .gz and .br copies of every text file, for hosts that serve them as they are.
    "VITRINES_PRECOMPRESS": False,
    # Build cache (processed photos, search index…), relative to the folder of
    # pelicanconf.py. Outside the output, so cleaning the output costs no re-encode.
    "VITRINES_CACHE_DIR": ".cache",
    # Photo widths made for each photo (never larger than the original), in pixels.
    "VITRINES_IMAGE_WIDTHS": [480, 960, 1600],
    # Modern formats offered before the JPEG (or PNG, for transparency) fallback.
    "VITRINES_IMAGE_FORMATS": ["avif", "webp"],
    # Encoder quality by format (0-100; PNG is lossless).
    "VITRINES_IMAGE_QUALITY": {"avif": 50, "webp": 75, "jpeg": 80, "png": 0},
    # Limits for merchants' photos: bytes of a file, pixels of an image.
    "VITRINES_IMAGE_MAX_BYTES": 20 * 1024 * 1024,
    "VITRINES_IMAGE_MAX_PIXELS": 40_000_000,
    # Processes encoding photos; 0 means one per core.
    "VITRINES_IMAGE_WORKERS": 0,
    # A town's shop pages are kept between builds in groups of about this many shops (each with its
    # sitemap file): an edit plans and checks the pages of its shop's group only. A town of fewer
    # than twice as many shops is one group; 0: every town is one.
    "VITRINES_SHOP_GROUP_SIZE": 1000,
    # Listing pages to render from which the listing cards the last build kept are read (see
    # cards.py): reading them all costs about as much as making 5,000.
    "VITRINES_CARDS_FROM": 200,
    # The "Add my shop" form and "Report a change" links (form.py). The repository the site is built
    # from, e.g. "https://github.com/my-city/vitrines" or "https://gitlab.com/my-city/vitrines":
    # when set, the form opens a prefilled "new file" page there, and shop pages link to their
    # file's edit page. GitHub and GitLab (gitlab.com or a host whose name contains "gitlab").
    "VITRINES_REPOSITORY": "",
    # The branch merchants' files are proposed against.
    "VITRINES_REPOSITORY_BRANCH": "main",
    # The city team's address: the form's "send by e-mail", and its fallback without JavaScript.
    "VITRINES_CONTACT_EMAIL": "",
    # Folder of the JSON Schemas (shop.schema.json…), relative like the others; empty: the schema/
    # folder of Vitrines. The validator, the form and the published schema all read it.
    "VITRINES_SCHEMA_DIR": "",
    # Search in the browser: a Whoosh index in the build cache, exported to output/search/.
    "VITRINES_SEARCH": True,
    # Folder of the search index (relative like the others); empty: search/ in VITRINES_CACHE_DIR.
    "VITRINES_SEARCH_INDEX_DIR": "",
    # How much a word found in each field weighs (BM25F, per field).
    "VITRINES_SEARCH_FIELD_BOOSTS": {"name": 6, "category": 4, "town": 2, "services": 1.5,
                                     "street": 1, "description": 1},
    # While typing, the last word counts as a prefix from this many letters.
    "VITRINES_SEARCH_MIN_PREFIX": 3,
    # Most terms a prefix or a typo may stand for (the most frequent are kept).
    "VITRINES_SEARCH_MAX_EXPANSIONS": 8,
    # Shop numbers per record file of the static index (a town's numbers leave room for twice
    # its shops and more: a file holds a sixth to a third as many shops), and target size of a
    # word file (bytes, before compression): smaller files mean fewer bytes per search but more files.
    "VITRINES_SEARCH_BLOCK_SIZE": 128,
    "VITRINES_SEARCH_SHARD_BYTES": 16384,
    # Shops per file of a long posting, on average for one spread over every town (the files are
    # ranges of shop numbers: a town's shops are in fewer, fuller ones). A shop added, edited or
    # removed rewrites the file of its range only; a search for a word most shops have reads all.
    "VITRINES_SEARCH_SEGMENT": 2048,
    # Results shown at once on the search page ("more results" shows as many again).
    "VITRINES_SEARCH_PAGE_SIZE": 10,
}


def get(settings: dict, name: str):
    """A setting's value: the city's if set, else the documented default."""
    return settings.get(name, DEFAULTS[name])


def languages(settings: dict) -> list[str]:
    langs = list(get(settings, "VITRINES_LANGUAGES"))
    default = settings.get("DEFAULT_LANG") or langs[0]
    return [default] + [lang for lang in langs if lang != default]


def schema_dir(settings: dict):
    """The folder of the JSON Schemas: VITRINES_SCHEMA_DIR, relative to the project folder."""
    from pathlib import Path

    from .schema import SCHEMA_DIR
    value = get(settings, "VITRINES_SCHEMA_DIR")
    if not value:
        return SCHEMA_DIR
    folder = Path(value)
    if not folder.is_absolute() and settings.get("PATH"):
        folder = Path(settings["PATH"]).parent / folder
    return folder.resolve()


def today() -> date:
    """The build's "today": SOURCE_DATE_EPOCH when set, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return date.today()
