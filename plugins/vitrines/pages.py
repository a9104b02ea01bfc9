"""Every page a build makes, and what each one depends on.

A :class:`Page` names its template, its address, and a ``key``: a hash of
everything it shows (the shops on it, their photos, its pagination) together
with the build's environment (templates, catalogues, code, settings, labels,
the date). A page whose key is the one it was last published with is not
rendered again, so editing one shop re-renders its pages and the listings it
appears on, nothing else. The ``context`` function builds what the template
needs only when the page is rendered.
"""

from __future__ import annotations

import hashlib
import heapq
import zlib
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Sequence

from markupsafe import Markup

from . import form, maps, settings
from .model import Shop
from .shopfile import fold
from .urls import link, save_as

_ROOT = "\x00root\x00"  # stands for a page's root in cached card HTML


def page_starts(ends: list[bool], size: int) -> list[int]:
    """Where the pages of a listing start, ``ends`` telling of each of its shops (in order)
    whether it is one to end a page at (1 in ``size`` of them, by address: see Plan). A listing
    of ``2 × size`` shops or fewer is one page; a page ends after such a shop, or at ``2 × size``
    shops. Pages break where the shops are, not at every ``size``-th: a shop added or removed
    moves the shops of its own page only (of the few pages up to the next such shop at most),
    not one shop of every page after it."""
    if len(ends) <= 2 * size:
        return [0]
    starts = [0]
    for i, end in enumerate(ends[:-1], 1):
        if end or i - starts[-1] >= 2 * size:
            starts.append(i)
    return starts


def sort_name(name: str) -> str:
    """A name as listings sort it: "École" among the e's, not after "Zoo"."""
    return name.casefold() if name.isascii() else fold(name)


def digest(*parts: str) -> str:
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


@dataclass(slots=True)
class Page:
    url: str
    template: str
    lang: str
    key: str
    context: Callable[[], dict]
    languages: Sequence[str] = ()  # its alternates: the same page in each language, at make_url(lang)
    make_url: Callable[[str], str] = str
    indexed: bool = True  # listed in the sitemap
    lastmod: object = None
    link_base: str = ""  # for pages served at any address (404): links start from here
    group: str = ""  # its sitemap file, besides its language (a shop page: its town)
    kept: bool = False  # published again with its listing, unchanged (see Plan.listing): not rendered
    shop: str = ""  # a shop page's shop (its key)

    @property
    def alternates(self) -> list[dict]:
        """Made when asked (a page rendered, a sitemap file written), not for every page planned."""
        return [{"lang": lang, "url": self.make_url(lang)} for lang in self.languages]


def render_parts(pages: list[Page], languages: Sequence[str], size: int) -> list[list[Page]]:
    """The pages in the parts the render workers take, in the order they take them. First the
    other pages (listings, home…) of the first half of the languages, then those of the rest,
    each a part: a listing card (made once per process and language, see Plan.cards) is then
    made by one process, not by each. Then the shop pages, in parts of about ``size`` pages, a
    shop's pages in every language one after the other in one part (what they share is made
    once: its whole record unpacked, see StoredShop, and its "report a change" link, see
    Plan.change_fragment); small parts last, so that the workers end together."""
    rank = {lang: i for i, lang in enumerate(languages)}
    half = len(languages) / 2
    others = sorted((page for page in pages if not page.shop), key=lambda page: rank[page.lang])
    first = [page for page in others if rank[page.lang] < half]
    parts = [part for part in (first, others[len(first):]) if part]
    current: list[Page] = []
    for page in sorted((page for page in pages if page.shop), key=lambda page: (page.shop, rank[page.lang])):
        if len(current) >= size and page.shop != current[-1].shop:
            parts.append(current)
            current = []
        current.append(page)
    return parts + [current] if current else parts


class Plan:
    """Builds the list of pages from the directory; ``gen`` is the ShopGenerator."""

    def __init__(self, gen, pictures: dict, logos: dict, fingerprints: dict, environment: str,
                 kept: set[tuple[str, str]], groups: dict[str, str]):
        self.gen = gen
        self.kept = kept  # (language, group) whose shop pages are published again whole: not planned
        self.groups = groups  # each shop's group of shop pages (see shop_groups), by key
        self.d = gen.directory
        self.urls = gen.urls
        self.views = gen.views
        self.languages = gen.languages
        self.pictures = pictures
        self.logos = logos
        self.fp = fingerprints
        self.env = environment
        self.listed = [s for s in self.d.shops if s.listed]
        self.page_size = size = settings.get(gen.settings, "VITRINES_PAGE_SIZE")
        self.newest = heapq.nlargest(settings.get(gen.settings, "VITRINES_NEWEST"), self.listed,
                                     key=lambda s: (s.added, s.slug))
        # (by name, case and accents aside, then address: one string per shop compares faster
        # than a pair; names hold no NUL)
        self.by_name = sorted(self.listed, key=lambda s: f"{sort_name(s.name)}\x00{s.slug}")
        # the listed shops by town, category and service, each group in name order with their
        # fingerprints, whether each is on the map and whether a page may end with it (see
        # page_starts; in one pass: each shop is looked at once)
        groups: dict[tuple[str, str], tuple[list[Shop], list[str], list[bool], list[bool]]] = {}
        on_map = maps.on_map
        for s in self.by_name:
            fp, shown, end = fingerprints[s.key], on_map(s), zlib.crc32(s.slug.encode()) % size == 0
            for group in (("town", s.town), *[("category", c) for c in s.categories],
                          *[("service", x) for x in s.services]):
                entry = groups.get(group)
                if entry is None:
                    entry = groups[group] = ([], [], [], [])
                entry[0].append(s)
                entry[1].append(fp)
                entry[2].append(shown)
                entry[3].append(end)
        self.by_town, self.by_category, self.by_service = {}, {}, {}
        kinds = {"town": self.by_town, "category": self.by_category, "service": self.by_service}
        for (kind, k), (shops, _, _, _) in groups.items():
            kinds[kind][k] = shops
        self._listed_fps = {group: fps for group, (_, fps, _, _) in groups.items()}
        self._map_counts = Counter({group: n for group, (_, _, shown, _) in groups.items() if (n := sum(shown))})
        self._page_ends = {group: ends for group, (_, _, _, ends) in groups.items()}
        self._starts: dict[tuple[str, str], list[int]] = {}  # (see listing)
        self._fps_digests: dict[tuple[str, str], str] = {}  # (see listing)
        # the shops on the map (maps.py); None when the map is off
        self.on_map = ([s for s in self.listed if maps.on_map(s)]
                       if settings.get(gen.settings, "VITRINES_MAP") else None)
        # (shop key, language, heading) -> (its fingerprint, its card): those read from the cache
        # (see cards.py) and those made in this process, and these alone
        self.kept_cards: dict[tuple[str, str, str], tuple[str, str]] = {}
        self.made_cards: dict[tuple[str, str, str], tuple[str, str]] = {}
        self._fragment = ("", "")  # (see change_fragment)
        self.listing_groups: dict[str, tuple[str, list[str]]] = {}  # planned listings: name -> (key, files)
        self.listings_kept = 0

    def root(self, url: str) -> str:
        """From the page at ``url`` to the site's root."""
        conf = self.gen.settings
        return link(save_as(url), "", conf.get("SITEURL", ""), conf.get("RELATIVE_URLS", True))

    def key(self, *parts) -> str:
        return digest(self.env, *map(str, parts))

    def cards(self, shops: list[Shop], lang: str, heading: str, root: str) -> list[Markup]:
        """Listing entries: each shop's card is rendered once per language and heading level
        (in this process, unless it is among the cards kept, see cards.py), then placed on every
        page that lists it."""
        out = []
        for shop in shops:
            fp = self.fp[shop.key]
            card = self.kept_cards.get((shop.key, lang, heading))
            if card is None or card[0] != fp:
                pics = self.pictures[shop.key]
                item = self.views.card(shop, lang, pics[0] if pics else None)
                card = self.kept_cards[(shop.key, lang, heading)] = self.made_cards[(shop.key, lang, heading)] = (
                    fp, self.gen.fragment("_card.html", lang, item=item, heading=heading, root=_ROOT))
            out.append(Markup(card[1].replace(_ROOT, root)))
        return out

    # --- the vocabularies shown on the home, search and browse pages -----------------

    def categories(self, lang: str) -> list[dict]:
        cats = [{"id": c.id, "label": c.label(lang), "url": self.urls.category(lang, c.id),
                 "count": len(self.by_category.get(c.id, []))} for c in self.d.categories.values()]
        return sorted((c for c in cats if c["count"]), key=lambda c: c["label"].casefold())

    def towns(self, lang: str) -> list[dict]:
        return [{"slug": t.slug, "name": t.name, "region": t.region, "url": self.urls.town(lang, t.slug),
                 "count": len(self.by_town.get(t.slug, []))} for t in self.d.towns.values()
                if self.by_town.get(t.slug)]

    def services(self, lang: str) -> list[dict]:
        return [{"id": k, "label": self.views.label(self.views.service_labels, k, lang),
                 "url": self.urls.service(lang, k), "count": len(v)} for k, v in sorted(self.by_service.items())]

    # --- the pages ---------------------------------------------------------------

    def pages(self):
        urls = self.urls
        counts = repr([(k, [s.key for s in v]) for k, v in sorted(self.by_category.items())]
                      + [(k, len(v)) for k, v in sorted(self.by_town.items())]
                      + [(k, len(v)) for k, v in sorted(self.by_service.items())])
        for lang in self.languages:
            yield self.simple("home.html", urls.home(lang), lang, urls.home,
                              lambda lang=lang: {"newest": self.cards(self.newest, lang, "h3", self.root(urls.home(lang))),
                                                 "shop_count": len(self.listed), "categories": self.categories(lang),
                                                 "towns": self.towns(lang)},
                              counts, *(self.fp[s.key] for s in self.newest))
            yield self.simple("search.html", urls.search(lang), lang, urls.search,
                              lambda lang=lang: {"categories": self.categories(lang), "towns": self.towns(lang)},
                              counts)
            for kind, entries, make in (("category", self.categories, urls.category), ("town", self.towns, urls.town),
                                        ("service", self.services, urls.service)):
                yield self.simple("browse.html", make(lang), lang, make,
                                  lambda lang=lang, kind=kind, entries=entries: {"kind": kind, "entries": entries(lang)},
                                  counts, kind)
            for shop in self.d.shops:
                if (lang, self.groups[shop.key]) not in self.kept:
                    yield self.shop_page(shop, lang)
            for town in self.d.towns.values():
                yield from self.listing(lang, "town", town.slug, town.name, town.region,
                                        self.by_town.get(town.slug, []), urls.town)
            for cat in self.d.categories.values():
                yield from self.listing(lang, "category", cat.id, cat.label(lang), "",
                                        self.by_category.get(cat.id, []), urls.category)
            for service in self.services(lang):
                yield from self.listing(lang, "service", service["id"], service["label"], "",
                                        self.by_service[service["id"]], urls.service)
            yield self.simple("opendata.html", urls.data(lang), lang, urls.data,
                              lambda lang=lang: {"files": self.gen.open_data_files(), "towns": self.towns(lang),
                                                 "licence": settings.get(self.gen.settings, "VITRINES_DATA_LICENCE"),
                                                 "shop_count": len(self.d.shops)},
                              counts, len(self.d.shops))
            if self.on_map is not None:
                yield self.map_page(lang)
            yield self.simple("form.html", urls.form(lang), lang, urls.form,
                              lambda lang=lang: {"form": self.gen.form_view(lang)}, form.schema_digest(self.gen.settings))
            page = self.simple("404.html", f"{lang}/404.html", lang, lambda l: f"{l}/404.html", dict, "404")
            page.indexed, page.link_base = False, self.gen.root()
            yield page
        first = self.languages[0]
        yield self.simple("root.html", "", first, urls.home, dict, "root")
        page = self.simple("404.html", "404.html", first, lambda l: f"{l}/404.html", lambda: {"bilingual": True},
                           "404 root")
        page.indexed, page.link_base = False, self.gen.root()
        yield page

    def simple(self, template: str, url: str, lang: str, make_url, context, *key_parts) -> Page:
        return Page(url, template, lang, self.key(template, url, *key_parts), context, self.languages, make_url)

    def shop_page(self, shop: Shop, lang: str) -> Page:
        gen = self.gen

        def context() -> dict:
            pics = self.pictures[shop.key]
            absolute = gen.absolute(url)  # "" without SITEURL: then no og:url, og:image, JSON-LD url
            whole = shop.full()  # (every field read from it, not through StoredShop's __getattr__)
            return {
                "shop": self.views.page(whole, lang, pics, self.logos.get(shop.key)),
                "json_ld": self.views.json_ld(whole, lang, absolute,
                                              [gen.absolute(p.src.url) for p in pics] if absolute else []),
                "og_url": absolute, "og_image": gen.absolute(pics[0].social) if pics else "",
                "report": form.report_links(gen.settings, self.urls, whole, lang, self.change_fragment(whole)),
            }

        url = self.urls.shop(lang, shop.slug)
        page = Page(url, "shop.html", lang, self.key("shop", url, self.fp[shop.key]), context,
                    self.languages, lambda l: self.urls.shop(l, shop.slug), shop.listed, shop.updated,
                    group=self.groups[shop.key], shop=shop.key)
        return page

    def change_fragment(self, shop: Shop) -> str:
        """form.change_fragment, made once for a shop's pages in every language (rendered one
        after the other, see render_parts)."""
        if self._fragment[0] != shop.key:
            self._fragment = (shop.key, form.change_fragment(shop))
        return self._fragment[1]

    @staticmethod
    def shop_groups(shops_by_town: dict[str, list[Shop]], size: int) -> dict[str, list[Shop]]:
        """The shops of each group of shop pages: a town's (``shops-<town>``), or, for a town of
        twice ``size`` shops or more, about ``size`` of its shops each, chosen by address
        (``shops-<town>_<n>``; a town slug has no "_"). Each group has its sitemap files (see
        hosting.sitemap_group), and its pages in one language are published again whole when its
        shops did not change (see generator.py): an edit plans the pages of its group only."""
        groups: dict[str, list[Shop]] = {}
        for town, shops in shops_by_town.items():
            count = len(shops) // size if size else 0
            if count < 2:
                groups[f"shops-{town}"] = shops
                continue
            names = [f"shops-{town}_{n + 1}" for n in range(count)]
            for shop in shops:
                groups.setdefault(names[zlib.crc32(shop.slug.encode()) % count], []).append(shop)
        return groups

    def map_view(self, kind: str = "", ident: str = "", members: list[Shop] | None = None) -> dict | None:
        """What a page's map shows (see _map.html): its data file and filter; None without a map
        or when none of ``members`` (a listing's shops) is on it."""
        if self.on_map is None:
            return None
        count = len(self.on_map) if members is None else self._map_counts[kind, ident]
        if not count and members is not None:
            return None
        data = f"data/{ident}/map.json" if kind == "town" else "data/map.json"
        return {"data": data, "filter": f"{kind}:{ident}" if kind else "", "count": count}

    def map_page(self, lang: str) -> Page:
        """The map, and the same shops listed by town: every shop on the map reachable by keyboard
        and without JavaScript (up to VITRINES_MAP_LIST_LIMIT shops; beyond, each town links to its
        listing)."""
        limit = settings.get(self.gen.settings, "VITRINES_MAP_LIST_LIMIT")
        listed = len(self.on_map) <= limit  # else each town's count, not its shops

        def context() -> dict:
            towns = []
            for town in self.d.towns.values():
                shops = [s for s in self.by_town.get(town.slug, []) if maps.on_map(s)] if listed else ()
                count = self._map_counts["town", town.slug]
                if count:
                    towns.append({"slug": town.slug, "name": town.name, "region": town.region, "count": count,
                                  "url": self.urls.town(lang, town.slug),
                                  "shops": [{"name": s.name, "url": self.urls.shop(lang, s.slug), "street": s.street,
                                             "postal_code": s.postal_code} for s in shops] if listed else None})
            return {"map": self.map_view(), "towns_on_map": towns, "shop_count": len(self.listed)}

        shown = ([self.fp[s.key] for s in self.on_map] if listed
                 else sorted((town, n) for (kind, town), n in self._map_counts.items() if kind == "town"))
        return self.simple("map.html", self.urls.map(lang), lang, self.urls.map, context, limit, len(self.listed),
                           len(self.on_map), shown)

    def listing(self, lang: str, kind: str, ident: str, heading: str, subheading: str, members: list[Shop],
                make_url):
        """The pages of a listing (see page_starts): the first at the listing's address, each of
        the others at its first shop's (``…/page/<slug>/``). Its pages in one language are made
        from its shops (in order), its headings and map, and the environment only: when the
        listing's key is the one they were published with and they are all still there
        (Transaction.group), they are published again as a whole, without a key or a check of
        their own (an edit plans the pages of its shop's listings only). Else each page's key
        holds what it shows: its shops, its neighbours' addresses, and on the first page alone,
        the number of shops and every page's first and last shop (a contents). The sitemap lists
        the first page only: the others come and go as shops are added or removed (a sitemap
        file rewritten each time), and the first links to every one of them."""
        starts = self._starts.get((kind, ident))
        if starts is None:  # (the same in every language)
            starts = self._starts[kind, ident] = page_starts(self._page_ends.get((kind, ident), []), self.page_size)
        firsts = [None, *(members[i].slug for i in starts[1:])]  # each page's address, after the listing's
        map_view = self.map_view(kind, ident, members)
        fps = self._listed_fps.get((kind, ident), [])
        shops_digest = self._fps_digests.get((kind, ident))
        if shops_digest is None:  # (the same in every language: 40,000 fingerprints hashed once)
            shops_digest = self._fps_digests[kind, ident] = digest(*fps)
        name, whole = f"listing {lang} {kind} {ident}", self.key("listing", lang, kind, ident, heading, subheading,
                                                                  map_view, shops_digest)
        if self.gen.transaction.group(name, whole):
            self.listings_kept += 1  # (published again whole: its first page is planned for the sitemap)
            yield Page(make_url(lang, ident, None), "listing.html", lang, "", dict, self.languages,
                       lambda l: make_url(l, ident, None), kept=True)
            return
        self.listing_groups[name] = (whole, [save_as(make_url(lang, ident, first)) for first in firsts])
        ends = [*starts[1:], len(members)]
        urls = [make_url(lang, ident, first) for first in firsts]
        contents = ([(url, members[a].name, members[b - 1].name) for url, a, b in zip(urls, starts, ends)]
                    if len(starts) > 1 else [])
        shown_map = map_view and (map_view["data"], map_view["filter"])  # (not its count: not shown)
        for number, (first, url, part) in enumerate(zip(firsts, urls, map(slice, starts, ends))):
            chosen = members[part]
            root = self.root(url)
            pagination = {
                "first": urls[0] if number > 1 else None,  # (on the second page, "previous" is the first)
                "previous": urls[number - 1] if number else None,
                "next": urls[number + 1] if number + 1 < len(urls) else None,
                # the first page: every page, with its first and last shops' names; another: its own
                "pages": contents if not number and len(urls) > 1 else None,
                "range": contents[number][1:] if number else None,
            }

            def context(chosen=chosen, root=root, pagination=pagination) -> dict:
                return {
                    "kind": kind, "heading": heading, "subheading": subheading,
                    "items": self.cards(chosen, lang, "h2", root), "map": map_view,
                    "total": None if pagination["range"] else len(members), "pagination": pagination,
                }

            yield Page(url, "listing.html", lang,
                       self.key("listing", url, heading, subheading, shown_map, pagination,
                                len(members) if not number else "", *fps[part]),
                       context, self.languages, lambda l, first=first: make_url(l, ident, first), indexed=not number)
