"""The typed, immutable objects every stage works from.

A :class:`Shop` holds only what may be published: the ``private`` block of a
shop file never reaches it, so no template, index or export can leak it.
"""

from __future__ import annotations

import hashlib
import operator
import pickle
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from . import markup

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Town:
    slug: str
    name: str
    country: str
    timezone: str
    language: str
    lat: float
    lon: float
    region: str = ""
    radius_km: float = 25.0
    required_languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Category:
    id: str
    labels: dict  # language -> label
    synonyms: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or next(iter(self.labels.values()))


@dataclass(frozen=True)
class Program:
    id: str
    labels: dict
    url: str = ""

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or next(iter(self.labels.values()))


@dataclass(frozen=True, order=True)
class Range:
    """An opening range in minutes from midnight; ``end`` > 1440 runs past midnight."""

    start: int
    end: int

    @staticmethod
    @lru_cache(maxsize=None)
    def parse(text: str) -> "Range":
        """The range ``text`` ("09:00-18:00") stands for; one object for each text, shared by every
        shop open then (so also in the check cache, which then loads thousands fewer objects)."""
        begin, _, finish = text.partition("-")
        start = int(begin[:2]) * 60 + int(begin[3:])
        end = int(finish[:2]) * 60 + int(finish[3:])
        if end <= start:
            end += 24 * 60
        return Range(start, end)

    def __str__(self) -> str:
        return f"{self.start // 60:02d}:{self.start % 60:02d}-{self.end // 60 % 24:02d}:{self.end % 60:02d}"


@dataclass(frozen=True)
class HoursException:
    first: date
    last: date
    ranges: tuple[Range, ...] = ()  # empty: closed
    note: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Photo:
    file: str
    source: Path
    alt: dict = field(default_factory=dict)


def site(url: str) -> str:
    """A website as two shop files giving it are told to be the same shop: host without "www.",
    and path, in lower case."""
    parts = urlsplit(url.lower())
    host = (parts.hostname or "").removeprefix("www.")
    return host + parts.path.rstrip("/")


@dataclass(frozen=True)
class Shop:
    slug: str
    town: str
    source: str  # the shop file, as shown in messages
    name: str
    categories: tuple[str, ...]
    updated: date
    added: date
    description: dict = field(default_factory=dict)  # language -> Markdown
    online_only: bool = False
    street: str = ""
    postal_code: str = ""
    lat: float | None = None
    lon: float | None = None
    phone: str = ""  # E.164, for tel: links
    phone_display: str = ""
    email: str = ""
    website: str = ""
    online_store: str = ""
    gift_cards: str = ""
    social: tuple[tuple[str, str], ...] = ()
    hours: dict | None = None  # day -> tuple[Range, ...]; None when not given
    exceptions: tuple[HoursException, ...] = ()
    services: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    payment: tuple[str, ...] = ()
    photos: tuple[Photo, ...] = ()
    logo: Photo | None = None
    programs: tuple[str, ...] = ()
    status: str = "open"
    previous_slugs: tuple[str, ...] = ()
    imported_from: str = ""  # the data set it was imported from (its attribution is shown), e.g. "openstreetmap"
    imported_id: str = ""  # its identifier there, e.g. "node/123"
    # made once when the shop is checked, and kept in the check cache with it
    key: str = field(init=False, repr=False, compare=False)  # "town/slug"
    fingerprint: str = field(init=False, repr=False, compare=False)  # a digest of every field above
    listed: bool = field(init=False, repr=False, compare=False)  # closed shops keep their page but leave listings
    has_geo: bool = field(init=False, repr=False, compare=False)
    site: str = field(init=False, repr=False, compare=False)  # its website as duplicates are told: site(website)
    # the description in each language as safe HTML (markup.to_html) and as plain text: rendered
    # once, not again by every page, listing card, feed and search document that shows it
    description_html: dict = field(init=False, repr=False, compare=False)
    description_plain: dict = field(init=False, repr=False, compare=False)
    excerpts: dict = field(init=False, repr=False, compare=False)  # the plain text cut for a listing card

    def __post_init__(self):
        html = {lang: markup.to_html(text) for lang, text in self.description.items() if text}
        plain = {lang: markup.plain_text(h) for lang, h in html.items()}
        for name, value in (("key", f"{self.town}/{self.slug}"), ("listed", self.status != "closed"),
                            ("has_geo", self.lat is not None and self.lon is not None),
                            ("site", site(self.website) if self.website else ""),
                            ("fingerprint", hashlib.blake2b(repr(self).encode(), digest_size=16).hexdigest()),
                            ("description_html", html), ("description_plain", plain),
                            ("excerpts", {lang: markup.excerpt(text) for lang, text in plain.items()})):
            object.__setattr__(self, name, value)

    def full(self) -> "Shop":
        """The whole shop (as StoredShop.full gives it)."""
        return self


# what every build reads of every shop, whatever changed: to list it (its card), key its pages, publish its
# photos, place it on the map and check it against the others (see StoredShop)
AT_HAND = ("key", "slug", "town", "source", "name", "categories", "services", "languages", "added", "updated",
           "status", "listed", "has_geo", "lat", "lon", "online_only", "fingerprint", "photos", "logo",
           "previous_slugs", "phone", "site", "excerpts")

# what the search export needs of every shop (search.index.ShopInputs), which the check cache keeps
# apart from the shops: the export starts with it before the build has loaded them (see directory.py)
SUMMARY = ("key", "listed", "fingerprint", "town", "categories", "languages")
summary = operator.attrgetter(*SUMMARY)  # a shop's SUMMARY fields, as a tuple


class StoredShop:
    """A shop as the check cache keeps it: the fields of ``AT_HAND`` at hand, the others
    (descriptions, hours, contact…) in a pickle of the whole :class:`Shop`, loaded when one of
    them is first read. A rebuild after one edit reads them of the shops it renders only: loading
    50,000 shops from the cache takes a quarter of the time it would whole."""

    __slots__ = (*AT_HAND, "_packed", "_shop")

    def __init__(self, at_hand: tuple, packed: bytes):
        # (in AT_HAND's order; one unpacking: 50,000 shops are made in 0.06 s, not 0.2 by a loop)
        (self.key, self.slug, self.town, self.source, self.name, self.categories, self.services, self.languages,
         self.added, self.updated, self.status, self.listed, self.has_geo, self.lat, self.lon, self.online_only,
         self.fingerprint, self.photos, self.logo, self.previous_slugs, self.phone, self.site, self.excerpts) = at_hand
        self._packed = packed
        self._shop = None

    @classmethod
    def of(cls, shop: Shop) -> "StoredShop":
        stored = cls(tuple(getattr(shop, name) for name in AT_HAND),
                     pickle.dumps(shop, protocol=pickle.HIGHEST_PROTOCOL))
        stored._shop = shop
        return stored

    def full(self) -> Shop:
        if self._shop is None:
            self._shop = pickle.loads(self._packed)
        return self._shop

    def __getattr__(self, name: str):  # (only called for what is not at hand)
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.full(), name)

    def __reduce__(self):  # (as it was loaded: the whole shop stays packed)
        return StoredShop, (tuple(getattr(self, name) for name in AT_HAND), self._packed)

    def __eq__(self, other) -> bool:
        return self.full() == (other.full() if isinstance(other, (Shop, StoredShop)) else other)

    def __hash__(self) -> int:
        return hash(self.full())

    def __repr__(self) -> str:
        return repr(self.full())
