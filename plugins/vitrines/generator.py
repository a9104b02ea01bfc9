"""The Pelican generator that turns the shops folder into pages.

``generate_context`` loads and validates every shop; if anything is invalid it
prints every diagnostic and stops the build before Pelican writes a single
file (Pelican runs every generator's ``generate_context`` before any
``generate_output``). ``generate_output`` renders, per language: the home
page, one page per shop, the town, category and service listings, the search
page and an Atom feed of the newest shops.
"""

from __future__ import annotations

import logging
import math
import sys
from pathlib import Path
from urllib.parse import urlsplit

from feedgenerator import Atom1Feed
from pelican.generators import Generator

from . import hosting, i18n, images, opendata, search, settings
from .assets import Assets
from .directory import load_directory
from .schema import SCHEMA_DIR
from .model import Shop
from .urls import Urls, link, save_as
from .views import ShopViews, text_in, plain_excerpt

log = logging.getLogger(__name__)


class BuildStopped(SystemExit):
    """Invalid input: Pelican must stop without a traceback and write nothing.

    Pelican's command line turns any ``Exception`` into a logged traceback; a
    ``SystemExit`` goes through it untouched and ends the process with code 1."""

    def __init__(self, message: str):
        print(message, file=sys.stderr)
        super().__init__(1)
        self.message = message


def project_path(conf: dict, name: str) -> Path:
    """A folder setting, relative to the project (the folder holding the content folder)."""
    folder = Path(settings.get(conf, name))
    return folder if folder.is_absolute() else Path(conf["PATH"]).parent / folder


def stop_on_errors(diagnostics: list) -> None:
    for d in diagnostics:
        print(d, file=sys.stderr)
    errors = [d for d in diagnostics if d.is_error]
    if errors:
        raise BuildStopped(
            f"vitrines: build stopped: {len(errors)} error(s) in {len({d.path for d in errors})} file(s); "
            "fix them (see `vitrines validate`) and build again. Nothing was written to the output folder."
        )


class ShopGenerator(Generator):
    def generate_context(self):
        self.languages = settings.languages(self.settings)
        self.directory = load_directory(project_path(self.settings, "VITRINES_SHOPS_DIR"), self.settings)
        stop_on_errors(self.directory.diagnostics)
        # Photos are encoded into the cache now, so that a broken one stops the build
        # before anything is written.
        self.pipeline = images.Pipeline(
            project_path(self.settings, "VITRINES_CACHE_DIR") / "images",
            images.Options.from_settings(self.settings),
            settings.get(self.settings, "VITRINES_IMAGE_WORKERS") or None,
        )
        stop_on_errors(self.pipeline.prepare(self.directory.shops))
        self.urls = Urls(self.settings)
        self.today = settings.today()
        self.views = ShopViews(self.directory, self.urls, self.languages, self.today)
        self.search_index = search.update(self.settings, self.directory)
        self.transaction = self.settings["VITRINES_TRANSACTION"]
        self.context["vitrines_languages"] = self.languages
        log.info("vitrines: %d shops in %d towns", len(self.directory.shops), len(self.directory.towns))

    # --- helpers ---------------------------------------------------------------

    def _render(self, template: str, url: str, *, lastmod=None, indexed: bool = True, **context) -> None:
        output_file = save_as(url)
        page = dict(self.context)
        page.update(output_file=output_file, page_url=url, **context)
        self._write(output_file, self._template(template, context["lang"]).render(page))
        if indexed and "alternates" in context:
            self.sitemap.append({"url": url, "alternates": context["alternates"],
                                 "lastmod": lastmod.isoformat() if lastmod else None})

    def _template(self, name: str, lang: str):
        envs = self.__dict__.setdefault("_envs", {})
        if lang not in envs:
            envs[lang] = i18n.for_language(self.env, Path(self.theme) / "translations", lang)
        return envs[lang].get_template(name)

    def _write(self, name: str, text: str) -> None:
        """Publish a file of the site (staged; left alone when its bytes have not changed)."""
        self.transaction.write(name, text.encode("utf-8"))

    def _alternates(self, make_url) -> list[dict]:
        return [{"lang": lang, "url": make_url(lang)} for lang in self.languages]

    def _paginate(self, template: str, lang: str, items: list, make_url, **context) -> None:
        size = settings.get(self.settings, "VITRINES_PAGE_SIZE")
        pages = max(1, math.ceil(len(items) / size))
        for number in range(1, pages + 1):
            url = make_url(lang, number)
            self._render(
                template, url, lang=lang, alternates=self._alternates(lambda l: make_url(l, number)),
                items=items[(number - 1) * size: number * size], total=len(items),
                pagination={"number": number, "count": pages,
                            "previous": make_url(lang, number - 1) if number > 1 else None,
                            "next": make_url(lang, number + 1) if number < pages else None,
                            "pages": [{"number": n, "url": make_url(lang, n)} for n in range(1, pages + 1)]},
                **context,
            )

    # --- output ----------------------------------------------------------------

    def generate_output(self, writer):
        d = self.directory
        self.sitemap: list[dict] = []

        def publish(shop: Shop, photo):
            picture, files = self.pipeline.picture(shop, photo)
            for rel, source in files:
                self.transaction.copy(rel, source)
            return picture

        pictures = {s.key: [publish(s, p) for p in s.photos] for s in d.shops}
        logos = {s.key: publish(s, s.logo) for s in d.shops if s.logo}
        listed = [s for s in d.shops if s.listed]
        newest = sorted(listed, key=lambda s: (s.added, s.slug), reverse=True)[
            : settings.get(self.settings, "VITRINES_NEWEST")]
        urls = self.urls

        def card(shop: Shop, lang: str) -> dict:
            pics = pictures[shop.key]
            return self.views.card(shop, lang, pics[0] if pics else None)

        def by(key) -> dict[str, list[Shop]]:
            groups: dict[str, list[Shop]] = {}
            for s in listed:
                for k in key(s):
                    groups.setdefault(k, []).append(s)
            for members in groups.values():
                members.sort(key=lambda s: (s.name.casefold(), s.slug))
            return groups

        by_town = by(lambda s: [s.town])
        by_category = by(lambda s: s.categories)
        by_service = by(lambda s: s.services)

        for lang in self.languages:
            cats = [{"id": c.id, "label": c.label(lang), "url": urls.category(lang, c.id),
                     "count": len(by_category.get(c.id, []))} for c in d.categories.values()]
            cats.sort(key=lambda c: c["label"].casefold())
            towns = [{"slug": t.slug, "name": t.name, "region": t.region, "url": urls.town(lang, t.slug),
                      "count": len(by_town.get(t.slug, []))} for t in d.towns.values()]
            services = [{"id": k, "label": self.views.label(self.views.service_labels, k, lang),
                         "url": urls.service(lang, k), "count": len(v)} for k, v in sorted(by_service.items())]
            common = {"categories": [c for c in cats if c["count"]], "towns": [t for t in towns if t["count"]]}

            self._render("home.html", urls.home(lang), lang=lang, alternates=self._alternates(urls.home),
                         newest=[card(s, lang) for s in newest], shop_count=len(listed), **common)
            self._render("search.html", urls.search(lang), lang=lang, alternates=self._alternates(urls.search),
                         **common)
            self._render("browse.html", urls.category(lang), lang=lang, kind="category",
                         alternates=self._alternates(urls.category), entries=common["categories"])
            self._render("browse.html", urls.town(lang), lang=lang, kind="town",
                         alternates=self._alternates(urls.town), entries=common["towns"])
            self._render("browse.html", urls.service(lang), lang=lang, kind="service",
                         alternates=self._alternates(urls.service), entries=services)

            for shop in d.shops:
                url = urls.shop(lang, shop.slug)
                pics = pictures[shop.key]
                absolute = self._absolute(url)  # "" without SITEURL: then no og:url, og:image, JSON-LD url
                self._render(
                    "shop.html", url, lang=lang, lastmod=shop.updated, indexed=shop.listed, alternates=self._alternates(lambda l: urls.shop(l, shop.slug)),
                    shop=self.views.page(shop, lang, pics, logos.get(shop.key)),
                    json_ld=self.views.json_ld(shop, lang, absolute,
                                               [self._absolute(p.src.url) for p in pics] if absolute else []),
                    og_url=absolute, og_image=self._absolute(pics[0].social) if pics else "",
                )
            for town in d.towns.values():
                members = [card(s, lang) for s in by_town.get(town.slug, [])]
                self._paginate("listing.html", lang, members, lambda l, n, t=town.slug: urls.town(l, t, n),
                               kind="town", heading=town.name, subheading=town.region)
            for cat in d.categories.values():
                members = [card(s, lang) for s in by_category.get(cat.id, [])]
                self._paginate("listing.html", lang, members, lambda l, n, c=cat.id: urls.category(l, c, n),
                               kind="category", heading=cat.label(lang))
            for service in services:
                members = [card(s, lang) for s in by_service[service["id"]]]
                self._paginate("listing.html", lang, members,
                               lambda l, n, k=service["id"]: urls.service(l, k, n),
                               kind="service", heading=service["label"])
            self._feed(lang, newest)
            self._render("opendata.html", urls.data(lang), lang=lang, alternates=self._alternates(urls.data),
                         files=self._open_data_files(), licence=settings.get(self.settings, "VITRINES_DATA_LICENCE"),
                         towns=common["towns"], shop_count=len(d.shops))
            # 404 pages are served at any address: their links must not be relative
            self._render("404.html", f"{lang}/404.html", lang=lang, indexed=False, link_base=self._root(),
                         alternates=self._alternates(lambda l: f"{l}/404.html"))
        self._render("root.html", "", lang=self.languages[0], alternates=self._alternates(urls.home))
        self._render("404.html", "404.html", lang=self.languages[0], indexed=False, link_base=self._root(),
                     alternates=self._alternates(lambda l: f"{l}/404.html"), bilingual=True)
        self._open_data(urls)
        self._host_files()
        search.publish(self.search_index, self.settings, self.transaction.write, self.today)
        for name, data in Assets(Path(self.theme), self.settings).files():
            self.transaction.write(name, data)

    def _root(self) -> str:
        return self.settings.get("SITEURL", "").rstrip("/") + "/"

    def _open_data_files(self) -> list[dict]:
        towns = [("", "")] + [(t.slug, t.name) for t in self.directory.towns.values()]
        return [{"town": name, "formats": [{"name": fmt.upper(), "url": f"data/{slug + '/' if slug else ''}shops.{fmt}"}
                                           for fmt in ("json", "csv", "geojson")]} for slug, name in towns]

    def _open_data(self, urls: Urls) -> None:
        licence = settings.get(self.settings, "VITRINES_DATA_LICENCE")
        d = self.directory
        records = [opendata.record(s, d.towns[s.town].name,
                                   {lang: self._absolute(urls.shop(lang, s.slug)) or "/" + urls.shop(lang, s.slug)
                                    for lang in self.languages})
                   for s in d.shops]
        for slug in ["", *d.towns]:
            chosen = [r for r in records if not slug or r["town"] == slug]
            folder = f"data/{slug}/" if slug else "data/"
            self._write(folder + "shops.json", opendata.to_json(chosen, licence))
            self._write(folder + "shops.csv", opendata.to_csv(chosen))
            self._write(folder + "shops.geojson", opendata.to_geojson(chosen, licence))
        self._write("data/shop.schema.json", (SCHEMA_DIR / "shop.schema.json").read_text(encoding="utf-8"))

    def _host_files(self) -> None:
        siteurl = self.settings.get("SITEURL", "")
        base = urlsplit(siteurl).path.rstrip("/")
        moves = [(self.urls.shop(lang, old), self.urls.shop(lang, shop.slug))
                 for shop in self.directory.shops for old in shop.previous_slugs for lang in self.languages]
        for page in self.context.get("pages", []):
            for p in [page, *page.translations]:
                self.sitemap.append({"url": p.url, "lastmod": None,
                                     "alternates": [{"lang": t.lang, "url": t.url} for t in [page, *page.translations]]})
        self._write("sitemap.xml", hosting.sitemap(siteurl, self.sitemap))
        self._write("robots.txt", hosting.robots_file(siteurl))
        self._write("_headers", hosting.headers_file(base, self.languages,
                                                     settings.get(self.settings, "VITRINES_CSP_IMAGE_HOSTS")))
        self._write("_redirects", hosting.redirects_file(base, moves, self.languages))

    def _absolute(self, url: str) -> str:
        """The full address of a page, or "" when the site has no SITEURL (a local build)."""
        siteurl = self.settings.get("SITEURL", "")
        return f"{siteurl.rstrip('/')}/{url}" if siteurl else ""

    def _feed(self, lang: str, newest: list[Shop]) -> None:
        site = self.settings.get("SITENAME", "Vitrines")
        def address(url: str) -> str:  # feeds need addresses that work outside the site
            return self._absolute(url) or "/" + url

        home = address(self.urls.home(lang))
        feed = Atom1Feed(title=site, link=home, description="", language=lang,
                         feed_url=address(self.urls.feed(lang)))
        for shop in newest:
            text, _ = text_in(shop.description, lang, self.languages)
            feed.add_item(
                title=shop.name, link=address(self.urls.shop(lang, shop.slug)),
                unique_id=f"tag:vitrines,{shop.added.isoformat()}:{shop.key}",
                description=plain_excerpt(text, 300) if text else shop.name,
                pubdate=_midnight(shop.added), updateddate=_midnight(shop.updated),
            )
        self._write(self.urls.feed(lang), feed.writeString("utf-8"))


def _midnight(day):
    from datetime import datetime, timezone
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
