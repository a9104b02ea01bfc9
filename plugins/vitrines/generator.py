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

from feedgenerator import Atom1Feed
from pelican.generators import Generator

from . import images, settings
from .directory import load_directory
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
        self.transaction = self.settings["VITRINES_TRANSACTION"]
        self.context["vitrines_languages"] = self.languages
        log.info("vitrines: %d shops in %d towns", len(self.directory.shops), len(self.directory.towns))

    # --- helpers ---------------------------------------------------------------

    def _render(self, template: str, url: str, **context) -> None:
        output_file = save_as(url)
        page = dict(self.context)
        page.update(output_file=output_file, page_url=url, **context)
        self._write(output_file, self.get_template(template.removesuffix(".html")).render(page))

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
                absolute = self._absolute(url)
                self._render(
                    "shop.html", url, lang=lang, alternates=self._alternates(lambda l: urls.shop(l, shop.slug)),
                    shop=self.views.page(shop, lang, pics, logos.get(shop.key)),
                    json_ld=self.views.json_ld(shop, lang, absolute,
                                               [self._absolute(p.src.url) for p in pics]),
                    og_image=self._absolute(pics[0].social) if pics else "",
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
        self._render("root.html", "", lang=self.languages[0], alternates=self._alternates(urls.home))
        self._write("colors.css", ":root { --primary: %s; --accent: %s; }\n" % (
            settings.get(self.settings, "VITRINES_COLOR_PRIMARY"), settings.get(self.settings, "VITRINES_COLOR_ACCENT")))

    def _absolute(self, url: str) -> str:
        siteurl = self.settings.get("SITEURL", "")
        return f"{siteurl.rstrip('/')}/{url}" if siteurl else url

    def _feed(self, lang: str, newest: list[Shop]) -> None:
        site = self.settings.get("SITENAME", "Vitrines")
        home = self._absolute(self.urls.home(lang))
        feed = Atom1Feed(title=site, link=home, description="", language=lang,
                         feed_url=self._absolute(self.urls.feed(lang)))
        for shop in newest:
            text, _ = text_in(shop.description, lang, self.languages)
            feed.add_item(
                title=shop.name, link=self._absolute(self.urls.shop(lang, shop.slug)),
                unique_id=f"tag:vitrines,{shop.added.isoformat()}:{shop.key}",
                description=plain_excerpt(text, 300) if text else shop.name,
                pubdate=_midnight(shop.added), updateddate=_midnight(shop.updated),
            )
        self._write(self.urls.feed(lang), feed.writeString("utf-8"))


def _midnight(day):
    from datetime import datetime, timezone
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
