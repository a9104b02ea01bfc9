"""The Pelican generator that turns the shops folder into pages.

``generate_context`` loads and validates every shop; if anything is invalid it
prints every diagnostic and stops the build before Pelican writes a single
file (Pelican runs every generator's ``generate_context`` before any
``generate_output``). ``generate_output`` renders, per language: the home
page, one page per shop, the town, category and service listings, the search
page and an Atom feed of the newest shops.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import multiprocessing
import os
import pickle
import shutil
import sys
import time
from functools import cached_property
from itertools import accumulate
from pathlib import Path
from urllib.parse import urlsplit

from feedgenerator import Atom1Feed
from jinja2 import FileSystemBytecodeCache
from pelican.generators import Generator

from . import cards, hosting, i18n, images, maps, opendata, schema, search, settings, uptodate
from .pages import Page, Plan, digest, render_parts
from .assets import Assets
from .background import Background, Then
from .cachefile import flat_pickle, frozen_when_loaded, library_versions, write_whole
from .directory import load_directory
from .schema import SCHEMA_DIR
from .templating import part_context
from .model import Shop, summary
from .urls import Urls, link, save_as
from .markup import excerpt
from .views import ShopViews, text_in

log = logging.getLogger(__name__)
GC_THRESHOLDS = (50_000, 20, 100)
SEND_CHECKED = 500  # shops checked again up to which the search process is sent them (see _start_search)


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


def stop_on_errors(diagnostics: list) -> list[str]:
    """Print every diagnostic; stop the build when one is an error. Returns what was printed."""
    printed = [str(d) for d in diagnostics]
    for line in printed:
        print(line, file=sys.stderr)
    errors = [d for d in diagnostics if d.is_error]
    if errors:
        raise BuildStopped(
            f"vitrines: build stopped: {len(errors)} error(s) in {len({d.path for d in errors})} file(s); "
            "fix them (see `vitrines validate`) and build again. Nothing was written to the output folder."
        )
    return printed


class ShopGenerator(Generator):
    def generate_context(self):
        # A build makes millions of objects that live until it ends (shops, pages, index data):
        # the collector's default thresholds would scan them all again and again (a third of a
        # rebuild at 50,000 shops). Collect rarely, and never scan what the directory holds.
        gc.set_threshold(*GC_THRESHOLDS)
        if gc.get_freeze_count():  # what an earlier build in this process froze (pelican -r): let it go
            gc.unfreeze()
            gc.collect()
        for cached in (i18n.catalogue, schema.load_schema, schema.validator, schema.fast_validator):
            cached.cache_clear()  # files an earlier build in this process read (pelican -r): read again
        self.languages = settings.languages(self.settings)
        self.context["vitrines_languages"] = self.languages
        self.transaction = self.settings["VITRINES_TRANSACTION"]
        shops_dir = project_path(self.settings, "VITRINES_SHOPS_DIR")
        self.today = settings.today()
        self.unchanged, self.checker = None, None
        # the search export is started first: it loads its cache while this process finds out what
        # changed and loads the shops (see _start_search); a build that finds nothing changed stops it
        self.search_job = self._start_search(shops_dir)
        try:
            self.base = self._environment_base()
            listing: dict = {}  # (the shops folder listed once: load_directory below takes it)
            self.inputs = digest(self.base, uptodate.folder_key(shops_dir, listing))
            self.record = uptodate.Record(self.transaction.manifest_file)
            last = self.record.load()
            if last.get("inputs") == self.inputs and last.get("files") and self.transaction.keep(last["files"]):
                self._stop_background()
                self.unchanged = last
                self.messages = last.get("messages", [])
                for message in self.messages:
                    print(message, file=sys.stderr)
                log.info("vitrines: nothing changed since the last build: its %d files are kept", len(last["files"]))
                return
            # the files of the groups the last build published (Transaction.group) are checked in a
            # process of its own, which yields the cores to the others: the build needs its answer
            # once the pages are made only (see _write_site)
            self.checker = Background(self.transaction.intact_groups, nice=10) if self.transaction.groups else None
            self._load(shops_dir, listing)
        except BaseException:
            self._stop_background()
            raise

    def _load(self, shops_dir: Path, listing: dict) -> None:
        """Load and check the shops folder, prepare its photos, hand the search export its inputs."""
        start = time.perf_counter()
        self.search_sent = False
        self.directory = load_directory(shops_dir, self.settings, listing=listing,
                                        cache_dir=project_path(self.settings, "VITRINES_CACHE_DIR"),
                                        checked=self._send_search_inputs if self.search_job else None)
        gc.freeze()
        log.info("vitrines: %d shop files checked in %.1f s", len(self.directory.shops), time.perf_counter() - start)
        self.messages = stop_on_errors(self.directory.diagnostics)
        # Photos are encoded into the cache now, so that a broken one stops the build
        # before anything is written.
        self.pipeline = images.Pipeline(
            project_path(self.settings, "VITRINES_CACHE_DIR") / "images",
            images.Options.from_settings(self.settings),
            settings.get(self.settings, "VITRINES_IMAGE_WORKERS") or None,
        )
        self.messages += stop_on_errors(self.pipeline.prepare(self.directory.shops))
        self.urls = Urls(self.settings)
        self.views = ShopViews(self.directory, self.urls, self.languages, self.today)
        self.jobs = []
        if self.search_job is not None:
            if not self.search_sent:
                d = self.directory
                self._send_search_inputs(d, list(map(summary, d.shops)), [s for s in d.shops if s.source in d.rechecked])
            self.jobs.append(self.search_job[0])
        elif settings.get(self.settings, "VITRINES_SEARCH"):
            self.jobs.append(Background(lambda: self._search(shops_dir, self.directory)))
        log.info("vitrines: %d shops in %d towns", len(self.directory.shops), len(self.directory.towns))

    def _send_search_inputs(self, d, summaries: list[tuple], rechecked: list[Shop]) -> None:
        """Hand the search process what it needs of the shops (see _start_search): as soon as
        load_directory knows every shop's summary (its ``checked``), while this process goes on
        loading them."""
        job, send = self.search_job
        # (past a few hundred, the process loads them from the check cache itself: off this path)
        checked = rechecked if len(rechecked) <= SEND_CHECKED else []
        write_whole(self._search_inputs, flat_pickle((d.towns, d.categories, summaries, checked)))
        try:
            send.send(str(self._search_inputs))
            sent = True
        except OSError:
            sent = False
        if not sent:  # the process ended before reading it: its own error says why
            job.result()
        send.close()
        self.search_sent = True

    # --- output ----------------------------------------------------------------

    def generate_output(self, writer):
        if self.unchanged:
            return
        try:
            self._write_site()
        finally:  # (a failed build does not leave a background process behind)
            self._stop_background()

    def _stop_background(self) -> None:
        """End the processes this build started whose results were not collected (it failed), and
        remove the search process's inputs file (that process removes it when it reads it)."""
        search_job, send = self.search_job or (None, None)
        for job in filter(None, [*getattr(self, "jobs", ()), self.checker, search_job]):
            job.stop()
        if send is not None:
            send.close()
        self._search_inputs.unlink(missing_ok=True)

    def _write_site(self) -> None:
        d = self.directory

        def publish(shop: Shop, photo):
            picture, files = self.pipeline.picture(shop, photo)
            for rel, source in files:
                self.transaction.copy(rel, source)
            return picture

        pictures = {s.key: [publish(s, p) for p in s.photos] for s in d.shops}
        logos = {s.key: publish(s, s.logo) for s in d.shops if s.logo}
        # what a shop's pages show of it: its fields (a shop without photos), and its pictures
        fingerprints = {s.key: digest(s.fingerprint, repr(pictures[s.key]), repr(logos.get(s.key)))
                        if s.photos or s.logo else s.fingerprint for s in d.shops}
        env = self._environment_key()
        # the open data and map files (what they are made from: every shop, each town's shops),
        # in a process of their own while the pages are rendered
        everything = digest(env, *sorted(fingerprints.values()))
        town_keys = {t: digest(env, t, *sorted(fingerprints[s.key] for s in shops))
                     for t, shops in self.shops_by_town.items()}
        shop_groups = Plan.shop_groups(self.shops_by_town, settings.get(self.settings, "VITRINES_SHOP_GROUP_SIZE"))
        group_keys = {group: digest(env, group, *sorted(fingerprints[s.key] for s in shops))
                      for group, shops in shop_groups.items()}
        self.jobs.append(Background(lambda: self._data_files(everything, town_keys, env, fingerprints)))

        # the pages are planned as if the files of every group the last build published were still
        # there as published, while a process of its own checks it (see intact_groups): when some
        # were not, they are planned again (a rare build: files of the output deleted or edited)
        published = self.transaction.speculate() if self.checker is not None else None
        done = self._pages(pictures, logos, fingerprints, env, shop_groups, group_keys)
        if published is not None and not self.transaction.confirm(self.checker.result(), published):
            log.info("vitrines: files of the output changed since the last build: their pages planned again")
            done = self._pages(pictures, logos, fingerprints, env, shop_groups, group_keys)
        log.info("vitrines: %s", done)
        for job in self.jobs:
            self.transaction.merge(*job.result())
        for name, data in Assets(Path(self.theme), self.settings).files():
            self.transaction.write(name, data)
        files, inputs, messages = list(self.transaction.produced), self.inputs, self.messages
        self.transaction.on_commit.append(lambda: self.record.save(inputs, files, messages))
        # (what was frozen stays frozen: the process ends sooner without collecting it, about 3 s at
        # 50,000 shops; a next build in the same process lets it go)

    def _pages(self, pictures: dict, logos: dict, fingerprints: dict, env: str, shop_groups: dict,
               group_keys: dict) -> str:
        """Plan and render the pages, and write the feeds, sitemaps and host files; says how many."""
        # the shop pages of a group of a town's shops (Plan.shop_groups) in one language, and their
        # sitemap files, are made from its shops and the environment only: when its key is the one
        # they were published with, they are published again as a whole, without planning a page
        # (an edit plans its group's); a group is named as its sitemap files are (hosting.sitemap_group)
        groups = {(lang, group): digest(key, "shop pages", lang)
                  for lang in self.languages for group, key in group_keys.items()}
        names = {(lang, group): hosting.sitemap_group(lang, group) for lang, group in groups}
        kept = {lang_group for lang_group, key in groups.items() if self.transaction.group(names[lang_group], key)}

        self._compiled_root  # (before the render workers are forked: they share it)
        with frozen_when_loaded():
            plan = Plan(self, pictures, logos, fingerprints, env, kept,
                        {s.key: group for group, shops in shop_groups.items() for s in shops})
            all_pages = list(plan.pages())
            todo = [p for p in all_pages if not (p.kept or self.transaction.current(save_as(p.url), p.key))]
        # (the cards of the listing pages to render: kept between builds when there are many)
        many = (sum(p.template in ("listing.html", "home.html") for p in todo)
                >= settings.get(self.settings, "VITRINES_CARDS_FROM"))
        card_store = cards.Cards(project_path(self.settings, "VITRINES_CACHE_DIR"), env)
        if many:
            plan.kept_cards = card_store.load(self.languages)
        start = time.perf_counter()
        self.plan = plan
        # the feeds, sitemaps and host files follow from the plan: made in a process of their own
        # while the pages are rendered (a second at 50,000 shops, no longer at the build's end)
        site_files = Background(lambda: self._site_files(all_pages, plan.newest, {names[lg] for lg in kept}))
        try:
            self._render_pages(todo)
        except BaseException:
            site_files.stop()
            raise
        if many:
            card_store.save(plan.kept_cards, plan.made_cards, {s.key for s in self.directory.shops})
            log.info("vitrines: %d listing cards made, the others kept from the last build", len(plan.made_cards))
        done = (f"{len(all_pages)} pages planned, {len(todo)} rendered in {time.perf_counter() - start:.1f} s; "
                f"{len(kept)} of {len(groups)} groups of shop pages and {plan.listings_kept} of "
                f"{plan.listings_kept + len(plan.listing_groups)} listings (in one language) kept whole")
        state, sitemaps = site_files.result()
        self.transaction.merge(*state)
        group_files: dict[str, list] = {names[lang_group]: [] for lang_group in groups if lang_group not in kept}
        for p in all_pages:
            if p.group:
                group_files[hosting.sitemap_group(p.lang, p.group)].append(save_as(p.url))
        for lang_group, key in groups.items():
            if lang_group not in kept:
                name = names[lang_group]
                self.transaction.record_group(name, key, group_files[name] + sitemaps.get(name, []))
        for name, (key, files) in plan.listing_groups.items():
            self.transaction.record_group(name, key, files)
        return done

    def _site_files(self, pages: list, newest: list[Shop], kept: set[str]) -> tuple:
        """The feeds, and the sitemaps and host files (see _host_files) of ``pages`` (in a
        background process): (what it wrote, each group's sitemap files)."""
        self.transaction.fork()
        for lang in self.languages:
            self._feed(lang, newest)
        # (an entry's key: what the sitemap shows of the page, its address and date; its
        # alternates follow from the address and the settings)
        sitemap = [{"url": p.url, "lang": p.lang, "group": p.group, "key": f"{p.url}\x1f{p.lastmod}", "page": p}
                   for p in pages if p.indexed]
        sitemaps = self._host_files(sitemap, kept)
        return self.transaction.worker_state(), sitemaps

    @cached_property
    def shops_by_town(self) -> dict[str, list[Shop]]:
        """Every town's shops (none for some), in the directory's order."""
        found: dict[str, list[Shop]] = {slug: [] for slug in self.directory.towns}
        for shop in self.directory.shops:
            found[shop.town].append(shop)
        return found

    def _data_files(self, key: str, town_keys: dict[str, str], env: str, fingerprints: dict[str, str]) -> tuple:
        """The open data and map files (in a background process)."""
        start = time.perf_counter()
        self.transaction.fork()
        self._open_data(key, town_keys, env, fingerprints)
        self._map_data(key, town_keys)
        log.info("vitrines: open data and map files made in %.1f s", time.perf_counter() - start)
        return self.transaction.worker_state()

    @property
    def _search_inputs(self) -> Path:
        return project_path(self.settings, "VITRINES_CACHE_DIR") / "search" / f"inputs-{os.getpid()}.pickle"

    def _start_search(self, shops_dir: Path) -> tuple | None:
        """The search export, in a process of its own (see background.py), started as the build
        starts: it loads its cache meanwhile, then reads what it needs of the shops (their
        search.Summary: the shops themselves only where they were checked again, an edit's one)
        from a file the build writes as soon as load_directory knows every shop's summary, and
        names to it through a pipe.
        Returns (the process, the pipe's end to send the name through); None when search is off
        or processes cannot be forked: the export then starts once the shops are loaded."""
        if not settings.get(self.settings, "VITRINES_SEARCH") or "fork" not in multiprocessing.get_all_start_methods():
            return None
        receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
        cache_dir = project_path(self.settings, "VITRINES_CACHE_DIR")

        def inputs() -> search.Summary:
            path = Path(receive.recv())
            try:
                with path.open("rb") as fh:
                    towns, categories, rows, checked = pickle.load(fh)
            finally:
                path.unlink(missing_ok=True)
            return search.Summary(shops_dir, towns, categories, [search.ShopInputs(*row) for row in rows],
                                  {s.key: s for s in checked},
                                  lambda: load_directory(shops_dir, self.settings, cache_dir=cache_dir))

        def work() -> Then:
            send.close()  # (this process's copy: the build's is the one that sends)
            return self._search(shops_dir, inputs)

        job = Background(work)
        receive.close()
        return job, send

    def _search(self, shops_dir: Path, directory) -> Then:
        """Bring the search index up to date and publish it (in the background process);
        ``directory``: see search.update."""
        start = time.perf_counter()
        self.transaction.fork()
        later: list = []
        index = search.update(self.settings, shops_dir, directory, later)
        search.publish(index, self.settings, self.transaction.write, self.today)
        log.info("vitrines: search index published in %.1f s", time.perf_counter() - start)

        def afterwards() -> None:  # the export's memo, written once the files are handed back
            for save in later:
                save()

        return Then(self.transaction.worker_state(), afterwards)

    def _environment_base(self) -> str:
        """What every page depends on besides the shops folder: templates, catalogues, theme,
        code, schemas, settings, libraries, editorial pages, the date."""
        h = hashlib.sha256()
        for folder in (Path(self.theme), Path(__file__).resolve().parent, settings.schema_dir(self.settings)):
            for path in sorted(folder.rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    h.update(path.as_posix().encode() + path.read_bytes())
        conf = {k: v for k, v in self.settings.items() if k != "VITRINES_TRANSACTION"}
        h.update(json.dumps(conf, sort_keys=True, default=lambda o: type(o).__name__).encode())
        # editorial pages in every language, as the menus, footer, form and sitemaps show them
        pages = [(p.url, p.title, p.lang, p.metadata.get("order"), p.metadata.get("translation_key"))
                 for page in self.context.get("pages", []) for p in [page, *getattr(page, "translations", [])]]
        h.update(repr((sys.version, library_versions(), pages, self.today.isoformat())).encode())
        return h.hexdigest()

    def _environment_key(self) -> str:
        """What every page depends on besides its own shops: the above, and the towns,
        categories and programs."""
        d = self.directory
        # in their files' order, which pages and data files follow (the map's rows refer to a
        # town or category by its place in the list)
        return digest(self.base, repr((list(d.towns.items()), list(d.categories.items()), list(d.programs.items()))))

    def _render_pages(self, pages: list) -> None:
        """Render pages, over every core when there are many."""
        workers = min(os.cpu_count() or 1, 8)
        if len(pages) < 400 or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            for page in pages:
                self._render(page)
            return
        global _RENDERING
        # (the listings of each half of the languages a part, the shop pages many small ones: see render_parts)
        parts = render_parts(pages, self.languages, max(1, len(pages) // (workers * 24)))
        _RENDERING = (self, [page for part in parts for page in part])
        ends = list(accumulate(map(len, parts)))
        chunks = [range(end - len(part), end) for part, end in zip(parts, ends)]
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for state, made_cards in pool.imap_unordered(_render_chunk, chunks):
                    self.transaction.merge(*state)
                    self.plan.made_cards.update(made_cards)
        finally:
            _RENDERING = None

    def _render(self, page: Page) -> None:
        output_file = save_as(page.url)
        context = dict(self.context)
        context.update(output_file=output_file, page_url=page.url, lang=page.lang, alternates=page.alternates,
                       root=page.link_base or link(output_file, "", self.settings.get("SITEURL", ""),
                                                   self.settings.get("RELATIVE_URLS", True)))
        if page.link_base:
            context["link_base"] = page.link_base
        context.update(page.context())
        html = self._template(page.template, page.lang).render(context)
        self.transaction.write(output_file, html.encode("utf-8"), key=page.key)

    def fragment(self, template: str, lang: str, **context) -> str:
        """A piece of HTML (such as a listing's card) rendered on its own, from ``context``, the
        environment's globals and templating.part_context (not a copy of the build's whole
        context for each of 100,000 cards at 50,000 shops)."""
        return self._template(template, lang).render(part_context(self.context), lang=lang, **context)

    def _template(self, name: str, lang: str):
        envs = self.__dict__.setdefault("_envs", {})
        if lang not in envs:
            envs[lang] = i18n.for_language(self.env, Path(self.theme) / "translations", lang, self._compiled(lang))
        return envs[lang].get_template(name)

    @cached_property
    def _compiled_root(self) -> Path:
        """Compiled templates, kept between builds: in a folder named after the environment's
        base (theme and catalogues, code, settings, libraries, the date), so that a change to any
        of them compiles them again; Jinja also compares each template's source. Other bases'
        folders are removed a day after they were made (once, by the build's process)."""
        root = project_path(self.settings, "VITRINES_CACHE_DIR") / "templates"
        root.mkdir(parents=True, exist_ok=True)
        for other in root.iterdir():
            if other.name != self.base[:24] and time.time() - other.stat().st_mtime > 86400:
                shutil.rmtree(other, ignore_errors=True)
        return root / self.base[:24]

    def _compiled(self, lang: str) -> FileSystemBytecodeCache:
        """The templates compiled for ``lang``, with its translations (see _compiled_root)."""
        folder = self._compiled_root / lang
        folder.mkdir(parents=True, exist_ok=True)
        return FileSystemBytecodeCache(str(folder))

    def _write(self, name: str, text: str, key: str | None = None) -> None:
        """Publish a file of the site (staged; left alone when its bytes have not changed)."""
        self.transaction.write(name, text.encode("utf-8"), key=key)

    def root(self) -> str:
        return self.settings.get("SITEURL", "").rstrip("/") + "/"

    def form_view(self, lang: str):
        """The "Add my shop" form in ``lang``, made from the schema (form.py)."""
        from . import form
        gettext = i18n.catalogue(str(Path(self.theme) / "translations"), lang).gettext
        return form.build(self.settings, self.directory, self.languages, lang, gettext)

    def open_data_files(self) -> list[dict]:
        towns = [("", "")] + [(t.slug, t.name) for t in self.directory.towns.values()]
        return [{"town": name, "formats": [{"name": fmt.upper(), "url": f"data/{slug + '/' if slug else ''}shops.{fmt}"}
                                           for fmt in ("json", "csv", "geojson")]} for slug, name in towns]

    def _open_data(self, key: str, town_keys: dict[str, str], env: str, fingerprints: dict[str, str]) -> None:
        """``data/<town>/shops.*`` (made again when one of the town's shops changed) and
        ``data/shops.*`` (when any did): joined from the towns' blocks (opendata.block) of the
        shops' pieces (opendata.Pieces), both kept by town (opendata.Parts); ``town_keys`` and
        ``key`` identify what they are made from, a piece is made again when its shop's
        fingerprint or the environment ``env`` changed."""
        def current(slug: str) -> bool:
            folder = f"data/{slug}/" if slug else "data/"
            return all(self.transaction.current(f"{folder}shops.{fmt}", town_keys[slug] if slug else key)
                       for fmt in ("json", "csv", "geojson"))

        if current("") and self.transaction.current("data/shop.schema.json", key) and all(map(current, self.directory.towns)):
            return
        urls = self.urls
        licence = settings.get(self.settings, "VITRINES_DATA_LICENCE")
        d = self.directory

        pieces = opendata.Pieces()

        def make(slug: str, last: dict | None) -> dict:
            name = d.towns[slug].name
            known = last["pieces"] if last and last.get("env") == env else {}
            made = {}
            for s in self.shops_by_town[slug]:
                fp = fingerprints[s.key]
                made[fp] = known.get(fp) or pieces(opendata.record(
                    s.full(), name, {lang: self.absolute(urls.shop(lang, s.slug)) or "/" + urls.shop(lang, s.slug)
                              for lang in self.languages}))
            return {"env": env, "pieces": made}

        folder = project_path(self.settings, "VITRINES_CACHE_DIR")
        cache, blocks_cache = opendata.Parts(folder / "opendata"), opendata.Parts(folder / "opendata-blocks")

        def pieces_of(slug: str) -> list:
            return list(cache.get(slug, town_keys[slug], lambda last: make(slug, last))["pieces"].values())

        # (a town whose shops did not change: its block, without its pieces)
        blocks = {slug: blocks_cache.get(slug, town_keys[slug], lambda _, slug=slug: opendata.block(pieces_of(slug)))
                  for slug in sorted(d.towns)}
        for slug in ["", *d.towns]:
            if slug and current(slug):
                continue
            made = opendata.files([blocks[slug]] if slug else list(blocks.values()), licence)
            for fmt, data in made.items():
                self.transaction.write(f"data/{slug + '/' if slug else ''}shops.{fmt}", data,
                                       key=town_keys[slug] if slug else key)
        self._write("data/shop.schema.json",
                    (settings.schema_dir(self.settings) / "shop.schema.json").read_text(encoding="utf-8"), key)

    def _map_data(self, key: str, town_keys: dict[str, str]) -> None:
        """``data/map.json``, and ``data/<town>/map.json`` for each town with shops on the map:
        what map.js shows (see maps.py). A town's file is made again when one of its shops (or
        the list of services, which every file starts with) changed."""
        if not settings.get(self.settings, "VITRINES_MAP"):
            return
        d = self.directory
        services = sorted({x for s in d.shops for x in s.services})
        data = maps.MapData(list(d.towns), list(d.categories), services,
                            {lang: [c.label(lang) for c in d.categories.values()] for lang in self.languages})
        # each town's rows, made again when one of its shops (or the list of services) changed
        row_keys = {t: digest(town_keys[t], repr(services)) for t in d.towns}
        cache = opendata.Parts(project_path(self.settings, "VITRINES_CACHE_DIR") / "map")
        rows = {t: cache.get(t, row_keys[t], lambda _, t=t: [data.row(s) for s in self.shops_by_town[t] if maps.on_map(s)])
                for t in d.towns}
        towns = [t for t in d.towns if rows[t]]
        keys = {"data/map.json": key, **{f"data/{t}/map.json": row_keys[t] for t in towns}}
        files = {"data/map.json": lambda: data.file(r for t in towns for r in rows[t]),
                 **{f"data/{t}/map.json": lambda t=t: data.file(rows[t]) for t in towns}}
        for name, file_key in keys.items():
            if not self.transaction.current(name, file_key):
                self._write(name, files[name](), file_key)

    def _host_files(self, sitemap: list[dict], kept: set[str]) -> dict[str, list[str]]:
        """The sitemaps, robots.txt, _headers and _redirects. ``kept``: the sitemap groups published
        again as a whole (see Transaction.group), whose files are already published. Returns each
        group's sitemap files."""
        siteurl = self.settings.get("SITEURL", "")
        key_of_site = digest(self.base, siteurl, repr(hosting.SITEMAP_MAX_URLS))
        base = urlsplit(siteurl).path.rstrip("/")
        moves = [(self.urls.shop(lang, old), self.urls.shop(lang, shop.slug))
                 for shop in self.directory.shops for old in shop.previous_slugs for lang in self.languages]
        for page in self.context.get("pages", []):
            for p in [page, *page.translations]:
                alternates = [{"lang": t.lang, "url": t.url} for t in [page, *page.translations]]
                sitemap.append({"url": p.url, "lastmod": None, "lang": p.lang, "alternates": alternates,
                                "key": repr((p.url, alternates))})
        files = hosting.sitemap_files(sitemap)
        by_group: dict[str, list[str]] = {}
        for name, entries in files.items():  # (a file's entries are of one language and group)
            by_group.setdefault(hosting.sitemap_group(entries[0]["lang"], entries[0].get("group")), []).append(name)
        for group in kept:  # (their names: the same as when they were published)
            by_group[group] = [n for n in self.transaction.groups[group][1]
                               if n.startswith(hosting.SITEMAP_FOLDER + "/")]
        for name, entries in files.items():
            # a file's key: its entries' keys, and the settings and code (see _environment_base):
            # a shop's new date rewrites its town's files only, a new name none
            file_key = digest(key_of_site, *(e["key"] for e in entries))
            if not self.transaction.current(name, file_key):
                pages = [{"url": e["url"], "lastmod": e["page"].lastmod.isoformat() if e["page"].lastmod else None,
                          "alternates": e["page"].alternates} if "page" in e else e for e in entries]
                self._write(name, hosting.sitemap(siteurl, pages), file_key)
        self._write("sitemap.xml", hosting.sitemap_index(siteurl, [n for g in sorted(by_group) for n in by_group[g]]))
        self._write("robots.txt", hosting.robots_file(siteurl))
        self._write("_headers", hosting.headers_file(base, self.languages, maps.image_hosts(self.settings)))
        self._write("_redirects", hosting.redirects_file(base, moves, self.languages))
        return by_group

    def absolute(self, url: str) -> str:
        """The full address of a page, or "" when the site has no SITEURL (a local build)."""
        siteurl = self.settings.get("SITEURL", "")
        return f"{siteurl.rstrip('/')}/{url}" if siteurl else ""

    def _feed(self, lang: str, newest: list[Shop]) -> None:
        site = self.settings.get("SITENAME", "Vitrines")
        def address(url: str) -> str:  # feeds need addresses that work outside the site
            return self.absolute(url) or "/" + url

        home = address(self.urls.home(lang))
        feed = Atom1Feed(title=site, link=home, description="", language=lang,
                         feed_url=address(self.urls.feed(lang)))
        for shop in newest:
            text, text_lang = text_in(shop.description, lang, self.languages)
            feed.add_item(
                title=shop.name, link=address(self.urls.shop(lang, shop.slug)),
                unique_id=f"tag:vitrines,{shop.added.isoformat()}:{shop.key}",
                description=excerpt(shop.description_plain[text_lang], 300) if text else shop.name,
                pubdate=_midnight(shop.added), updateddate=_midnight(shop.updated),
            )
        self._write(self.urls.feed(lang), feed.writeString("utf-8"))


def _midnight(day):
    from datetime import datetime, timezone
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)


_RENDERING = None  # (generator, pages) while worker processes render; they inherit it by fork


def _render_chunk(indexes: range) -> tuple:
    generator, pages = _RENDERING
    generator.transaction.fork()
    generator.plan.made_cards = {}  # (those of this part: the process may have made others before)
    for i in indexes:
        generator._render(pages[i])
    return generator.transaction.worker_state(), generator.plan.made_cards
