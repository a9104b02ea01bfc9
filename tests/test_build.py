"""The sample directory, built into a temporary folder and read back.

One page per shop per language; every internal link and image resolves;
nothing from a shop's ``private:`` block is published; JSON-LD parses; every
page says its language and links to its translation; closed shops leave the
listings; merchants' text is escaped; an invalid shop stops the build and
leaves the output folder as it was.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import shutil
import runpy
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import phonenumbers
import pytest
import yaml
from PIL import Image

from conftest import ROOT, build
from vitrines import i18n
from vitrines.shopfile import fold
from vitrines import settings as vitrines_settings

CONF = runpy.run_path(str(ROOT / "pelicanconf.py"))
LANGS = vitrines_settings.languages(CONF)
DEFAULT_LANG = LANGS[0]
PATHS = vitrines_settings.get(CONF, "VITRINES_PATHS")
SHOPS = ROOT / "shops"
EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def gettext(lang: str, message: str) -> str:
    return i18n.catalogue(str(ROOT / "theme" / "translations"), lang).gettext(message)


# --- reading HTML back ----------------------------------------------------------

@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict
    lang: str | None  # the language in effect (nearest lang= up the tree)
    parents: tuple  # enclosing Elements, outermost first

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


@dataclass
class Page:
    elements: list = field(default_factory=list)
    texts: list = field(default_factory=list)  # (text, enclosing Elements); script/style text excluded
    scripts: list = field(default_factory=list)  # [Element, its text]
    ids: set = field(default_factory=set)

    def find(self, tag: str, **attrs) -> list[Element]:
        return [e for e in self.elements
                if e.tag == tag and all(e.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())]

    def text_of(self, element: Element) -> str:
        return " ".join(" ".join(t.split()) for t, stack in self.texts if element in stack and t.strip())

    @property
    def html_lang(self) -> str | None:
        found = self.find("html")
        return found[0].attrs.get("lang") if found else None


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[Element] = []

    def handle_starttag(self, tag, attrs):
        values: dict = {}
        for name, value in attrs:
            values.setdefault(name, "" if value is None else value)  # the first one wins, as in browsers
        lang = values["lang"] if "lang" in values else (self.stack[-1].lang if self.stack else None)
        element = Element(tag, values, lang, tuple(self.stack))
        self.page.elements.append(element)
        if values.get("id"):
            self.page.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.page.ids.add(values["name"])
        if tag == "script":
            self.page.scripts.append([element, ""])
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        top = self.stack[-1] if self.stack else None
        if top is not None and top.tag == "script":
            self.page.scripts[-1][1] += data
        elif top is None or top.tag != "style":
            self.page.texts.append((data, tuple(self.stack)))


def parse(text: str) -> Page:
    reader = _Reader()
    reader.feed(text)
    reader.close()
    return reader.page


def read_site(folder: Path) -> dict[str, Page]:
    """Every HTML file of a built site, by its path in the site (``fr/index.html``)."""
    return {p.relative_to(folder).as_posix(): parse(p.read_text(encoding="utf-8"))
            for p in sorted(folder.rglob("*.html"))}


def page_language(path: str) -> str:
    first = path.split("/", 1)[0]
    return first if first in LANGS else DEFAULT_LANG


def resolve(page: str, ref: str) -> tuple[str, str] | None:
    """(file in the site, fragment) an internal reference from ``page`` points to; None if external."""
    parts = urlsplit(ref.strip())
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        target = page
    else:
        # root-relative links (404 pages) are read as the site served at a domain's root
        start = "" if path.startswith("/") else posixpath.dirname(page)
        target = posixpath.normpath(posixpath.join(start, path.lstrip("/")))
        if path.endswith("/"):
            target = "index.html" if target == "." else f"{target}/index.html"
    return target, unquote(parts.fragment)


def references(page: Page):
    """(element, attribute, reference) for every URL a page refers to."""
    for e in page.elements:
        for name in ("href", "src", "action", "poster", "data"):
            if e.attrs.get(name):
                yield e, name, e.attrs[name]
        for name in ("srcset", "imagesrcset"):
            for candidate in (e.attrs.get(name) or "").split(","):
                if candidate.strip():
                    yield e, name, candidate.split()[0]


def link_problems(folder: Path, site: dict[str, Page]) -> list[str]:
    problems = []
    for path, page in site.items():
        for e, attr, ref in references(page):
            where = f"{path}: <{e.tag} {attr}={ref!r}>"
            scheme = urlsplit(ref.strip()).scheme.lower()
            if scheme and scheme not in EXTERNAL_SCHEMES:
                problems.append(f"{where}: the {scheme}: scheme is not allowed")
                continue
            found = resolve(path, ref)
            if found is None:
                continue
            target, fragment = found
            if target == ".." or target.startswith("../"):
                problems.append(f"{where}: points outside the site")
            elif (folder / target).is_dir():
                problems.append(f"{where}: points to a folder without a trailing slash")
            elif not (folder / target).is_file():
                problems.append(f"{where}: {target} does not exist")
            elif fragment and "=" not in fragment and target in site and fragment not in site[target].ids:
                # (a "key=value" fragment is state for the page's script, e.g. #change= on the form)
                problems.append(f"{where}: no id={fragment!r} in {target}")
    return problems


def scripts_problems(folder: Path, site: dict[str, Page]) -> list[str]:
    """Scripts other than the theme's file and one JSON-LD block, event handlers, javascript: URLs."""
    problems = []
    for path, page in site.items():
        json_ld = 0
        for element, text in page.scripts:
            if element.attrs.get("type") == "application/ld+json":
                json_ld += 1
            elif element.attrs.get("type") == "application/json":
                json.loads(text)  # a data block (the form's configuration): never run, so the CSP allows it
            elif "src" in element.attrs and not text.strip():
                target = resolve(path, element.attrs["src"])
                if target is None or not target[0].startswith("assets/js/"):
                    problems.append(f"{path}: script from {element.attrs['src']!r}")
            else:
                problems.append(f"{path}: a <script> element: {element.attrs} {text[:80]!r}")
        if json_ld > 1:
            problems.append(f"{path}: {json_ld} JSON-LD blocks")
        for e in page.elements:
            for name, value in e.attrs.items():
                if name.startswith("on"):
                    problems.append(f"{path}: <{e.tag} {name}={value!r}>")
                if name in ("href", "src", "action", "formaction") and re.match(r"\s*javascript:", value, re.I):
                    problems.append(f"{path}: <{e.tag} {name}={value!r}>")
    return problems


# --- the shop files -------------------------------------------------------------

@dataclass
class ShopFile:
    path: Path
    town: str
    slug: str
    data: dict

    @property
    def name(self) -> str:
        return self.data["name"].strip()

    @property
    def status(self) -> str:
        return self.data.get("status", "open")

    def page(self, lang: str) -> str:
        return f"{lang}/{PATHS[lang]['shop']}/{self.slug}/index.html"


def shop_files(folder: Path = SHOPS) -> list[ShopFile]:
    return [ShopFile(p, p.parent.name, p.stem, yaml.safe_load(p.read_text(encoding="utf-8")))
            for p in sorted(folder.glob("*/*.yaml"))]


def listing_pages(site: dict[str, Page]) -> list[str]:
    """Home pages and town, category and service listings (every page of them)."""
    found = []
    for path in site:
        lang = path.split("/", 1)[0]
        if lang not in LANGS:
            continue
        if path == f"{lang}/index.html" or any(
                path.startswith(f"{lang}/{PATHS[lang][kind]}/") for kind in ("town", "category", "service")):
            found.append(path)
    return found


@pytest.fixture(scope="module")
def site(sample_site) -> dict[str, Page]:
    return read_site(sample_site)


@pytest.fixture(scope="module")
def shops() -> list[ShopFile]:
    found = shop_files()
    assert found, f"no shop file in {SHOPS}"
    return found


# --- the sample -----------------------------------------------------------------

def test_one_page_per_shop_per_language(sample_site, shops):
    for lang in LANGS:
        folder = sample_site / lang / PATHS[lang]["shop"]
        expected = {s.slug for s in shops}
        built = {p.name for p in folder.iterdir() if p.is_dir()} if folder.is_dir() else set()
        assert built == expected, (f"{lang}: shop pages missing: {sorted(expected - built)}; "
                                   f"unexpected: {sorted(built - expected)}")
        for s in shops:
            assert (sample_site / s.page(lang)).is_file(), f"{s.path}: no {s.page(lang)}"


def test_every_internal_link_and_image_resolves(sample_site, site):
    problems = link_problems(sample_site, site)
    assert not problems, f"{len(problems)} broken reference(s):\n" + "\n".join(problems[:50])


def test_every_file_is_utf8_and_every_page_has_one_h1(sample_site, site):
    for path in sample_site.rglob("*"):
        if path.suffix in (".html", ".css", ".js", ".atom", ".json", ".xml", ".txt"):
            path.read_text(encoding="utf-8")  # raises on broken encodings
    no_h1 = [path for path, page in site.items() if len(page.find("h1")) != 1]
    assert not no_h1, f"pages without exactly one <h1>: {no_h1}"


def _leaves(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from _leaves(v)
    elif value is not None:
        yield str(value).strip()


def _published_forms(value: str) -> set[str]:
    """The ways a value could appear in HTML, XML, JSON or a tel: link."""
    forms = {value, html.escape(value), html.escape(value, quote=False),
             value.replace("'", "&#39;"), value.replace("'", "&#x27;"),
             json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]}
    if re.fullmatch(r"\+[\d\s().-]{7,}", value):
        number = phonenumbers.parse(value, None)
        for fmt in (phonenumbers.PhoneNumberFormat.E164, phonenumbers.PhoneNumberFormat.NATIONAL,
                    phonenumbers.PhoneNumberFormat.INTERNATIONAL, phonenumbers.PhoneNumberFormat.RFC3966):
            forms.add(phonenumbers.format_number(number, fmt))
    return {f for f in forms if f}


def test_private_fields_are_absent(sample_site, shops):
    secrets = []
    for s in shops:
        public = "\n".join(_leaves({k: v for k, v in s.data.items() if k != "private"}))
        for value in _leaves(s.data.get("private") or {}):
            # A value the merchant also published (an owner named in the description) is not a secret.
            if len(value) >= 4 and value not in public:
                secrets.append((s.path.relative_to(SHOPS.parent), value, _published_forms(value)))
    assert secrets, "the sample has no private: values to look for"
    leaks = []
    for path in sorted(p for p in sample_site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for source, value, forms in secrets:
            if any(form.encode("utf-8") in data for form in forms):
                leaks.append(f"{path.relative_to(sample_site)}: {value!r} from the private block of {source}")
    assert not leaks, "private data published:\n" + "\n".join(leaks)


def test_open_data_lists_every_shop_in_every_format_for_all_towns_and_each(sample_site, shops):
    import csv
    from vitrines import opendata

    def read(folder: Path) -> tuple[dict, list[dict], dict]:
        with (folder / "shops.csv").open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        return (json.loads((folder / "shops.json").read_text(encoding="utf-8")), rows,
                json.loads((folder / "shops.geojson").read_text(encoding="utf-8")))

    data, rows, geo = read(sample_site / "data")
    assert data["count"] == len(data["shops"]) == len(shops) == len(rows)
    ids = [r["id"] for r in data["shops"]]
    assert sorted(ids) == sorted(s.slug for s in shops)  # closed ones too: every published page
    assert [r["id"] for r in rows] == ids and list(rows[0]) == opendata.COLUMNS
    assert [f["id"] for f in geo["features"]] == [r["id"] for r in data["shops"]
                                                  if r["lat"] is not None and not r["online_only"]]
    assert data["licence"] == geo["licence"] and data["licence"]["url"]
    towns = sorted({s.town for s in shops})
    for town in towns:  # each town's files hold its shops, as the files of all towns list them
        one, one_rows, one_geo = read(sample_site / "data" / town)
        assert one["shops"] == [r for r in data["shops"] if r["town"] == town] and one["count"] == len(one["shops"])
        assert one_rows == [r for r in rows if r["town"] == town]
        assert one_geo["features"] == [f for f in geo["features"] if f["properties"]["town"] == town]
    assert ids == [r["id"] for town in towns for r in data["shops"] if r["town"] == town]


def test_json_ld_parses(site, shops):
    for s in shops:
        for lang in LANGS:
            blocks = [text for e, text in site[s.page(lang)].scripts
                      if e.attrs.get("type") == "application/ld+json"]
            assert len(blocks) == 1, f"{s.page(lang)}: {len(blocks)} JSON-LD blocks"
            data = json.loads(blocks[0])
            assert data["@context"] in ("https://schema.org", "http://schema.org", "https://schema.org/")
            assert data["@type"] == "LocalBusiness", s.page(lang)
            assert data["name"] == s.name, s.page(lang)


def _alternates(path: str, page: Page) -> dict[str, str]:
    found = {}
    for link in page.find("link"):
        if "alternate" in (link.attrs.get("rel") or "").split() and link.attrs.get("hreflang") in LANGS:
            target = resolve(path, link.attrs.get("href", ""))
            assert target is not None, f"{path}: hreflang link to another site: {link.attrs}"
            found[link.attrs["hreflang"]] = target[0]
    return found


def test_every_page_has_its_language_and_links_to_its_translations(site):
    assert any(p.startswith(f"{lang}/") for p in site for lang in LANGS)
    problems = []
    for path, page in site.items():
        lang = page_language(path)
        if page.html_lang != lang:
            problems.append(f"{path}: <html lang={page.html_lang!r}>, expected {lang!r}")
        alternates = _alternates(path, page)
        missing = [l for l in LANGS if l not in alternates]
        if missing:
            problems.append(f"{path}: no <link rel=alternate hreflang=…> for {missing}")
            continue
        if path == "404.html":  # served for any missing address: points to each language's 404 page
            wrong = {o: alternates[o] for o in LANGS if alternates[o] != f"{o}/404.html"}
            if wrong:
                problems.append(f"{path}: hreflang alternates {wrong}, expected each language's 404.html")
            continue
        if path == "index.html":  # the root: a language choice, linking to each home page
            for other in LANGS:
                if alternates[other] != f"{other}/index.html":
                    problems.append(f"{path}: hreflang={other} points to {alternates[other]}")
                if not [a for a in page.find("a", hreflang=other) if resolve(path, a.attrs["href"])[0] == alternates[other]]:
                    problems.append(f"{path}: no link to the {other} home page")
            continue
        if alternates[lang] != path:
            problems.append(f"{path}: hreflang={lang} points to {alternates[lang]}, not to the page itself")
        for other in LANGS:
            if other == lang:
                continue
            target = alternates[other]
            if target not in site:
                problems.append(f"{path}: hreflang={other} points to {target}, which was not built")
                continue
            if _alternates(target, site[target]).get(lang) != path:
                problems.append(f"{path}: its {other} version {target} does not point back to it")
            switch = [a for a in page.find("a", hreflang=other)
                      if resolve(path, a.attrs.get("href", "")) and resolve(path, a.attrs["href"])[0] == target]
            if not switch:
                problems.append(f"{path}: no language switch link (<a hreflang={other}>) to {target}")
            elif any(a.lang != other for a in switch):
                problems.append(f"{path}: the link to the {other} version is not marked lang={other}")
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:50])


def _links_to(site: dict[str, Page], targets: set[str]) -> dict[str, list[str]]:
    """Pages with an <a> to any of ``targets``, and which."""
    found: dict[str, list[str]] = {}
    for path, page in site.items():
        for a in page.find("a"):
            target = resolve(path, a.attrs.get("href", ""))
            if target and target[0] in targets and target[0] != path:
                found.setdefault(path, []).append(target[0])
    return found


def test_closed_shops_keep_a_page_but_leave_every_listing(site, shops):
    closed = [s for s in shops if s.status == "closed"]
    assert closed, "the sample has no shop with status: closed"
    listings = listing_pages(site)
    for s in closed:
        own = {s.page(lang) for lang in LANGS}
        for lang in LANGS:
            page = site[s.page(lang)]
            banner = [e for e in page.elements if "banner" in e.classes]
            assert banner and gettext(lang, "This shop has closed for good.") in page.text_of(banner[0]), \
                f"{s.page(lang)}: no banner saying the shop has closed"
        linked = {p: t for p, t in _links_to(site, own).items() if p not in own}
        assert not linked, f"{s.path}: closed, but linked from {sorted(linked)}"
        named = [p for p in listings if any(s.name in " ".join(t.split()) for t, _ in site[p].texts)]
        assert not named, f"{s.path}: closed, but named in {named}"


def test_open_and_temporarily_closed_shops_are_listed_in_their_town(site, shops):
    for s in shops:
        if s.status == "closed":
            continue
        for lang in LANGS:
            town_pages = [p for p in site if p.startswith(f"{lang}/{PATHS[lang]['town']}/{s.town}/")]
            assert any(p in town_pages for p in _links_to(site, {s.page(lang)})), \
                f"{s.page(lang)} is linked from no page of its town listing"


def test_a_long_listing_s_first_page_lists_every_page_and_each_links_to_its_neighbours(tmp_path):
    """One shop per page (a page size of 1): each page after the first is at its first shop's
    address; the first page says how many shops there are and lists every page, in order; each
    page links to the previous and the next ones, and from the third on, to the first. Following
    "next" from the first page reaches every page once, and their shops, one after the other, are
    the town's in alphabetical order (case and accents aside), each once."""
    output = tmp_path / "out"
    result = build(output, None, "-e", "VITRINES_PAGE_SIZE=1")
    assert result.returncode == 0, result.stderr
    lang, everything = DEFAULT_LANG, read_site(output)
    for town in ("mons", "quebec"):  # (in Québec, "Épicerie Saint-Roch" among the e's)
        folder = f"{lang}/{PATHS[lang]['town']}/{town}/"
        site = {p: page for p, page in everything.items() if p.startswith(folder)}
        first = f"{folder}index.html"
        assert len(site) >= 12
        assert all(p == first or re.fullmatch(rf"{folder}page/[a-z0-9-]+/index.html", p) for p in site)

        def nav_links(path: str) -> dict[str, str]:  # link text or rel -> target
            nav = [e for e in site[path].elements if "pagination" in e.classes]
            assert len(nav) == 1, path
            return {e.attrs.get("rel") or site[path].text_of(e): resolve(path, e.attrs["href"])[0]
                    for e in site[path].elements if e.tag == "a" and nav[0] in e.parents}

        def shops_on(path: str) -> list[str]:
            return [resolve(path, e.attrs["href"])[0].split("/")[-2] for e in site[path].elements
                    if e.tag == "a" and any("cards" in p.classes for p in e.parents)
                    and f"/{PATHS[lang]['shop']}/" in resolve(path, e.attrs["href"])[0]]

        contents = [e for e in site[first].elements if "pagination-pages" in e.classes]
        assert len(contents) == 1
        listed = [resolve(first, e.attrs["href"])[0] for e in site[first].elements
                  if e.tag == "a" and contents[0] in e.parents]
        assert listed[0] == first and sorted(listed) == sorted(site)
        order, path = [], first
        while path:
            order.append(path)
            links = nav_links(path)
            if path != first:  # (the second page's link to the first: its previous one, once)
                assert links["prev"] == order[-2] and links.get(gettext(lang, "First page"), first) == first, path
                assert (gettext(lang, "First page") in links) == (len(order) > 2), path
                assert path == f"{folder}page/{shops_on(path)[0]}/index.html", path  # its first shop's address
            path = links.get("next")
        assert order == listed
        shops = [s for s in shop_files() if s.town == town and s.status != "closed"]
        assert [slug for p in order for slug in shops_on(p)] == [s.slug for s in sorted(
            shops, key=lambda s: f"{fold(s.name)}\x00{s.slug}")]
        assert any(site[first].text_of(e).startswith(f"{len(shops)} ") for e in site[first].find("p"))
        # the sitemap lists the first page only (it links to the others)
        sitemap = (output / "sitemaps" / f"{lang}-pages.xml").read_text(encoding="utf-8")
        assert f"<loc>/{folder}</loc>" in sitemap and f"{folder}page/" not in sitemap


def test_temporarily_closed_shops_show_the_banner(site, shops):
    temporary = [s for s in shops if s.status == "temporarily_closed"]
    assert temporary, "the sample has no shop with status: temporarily_closed"
    for s in shops:
        for lang in LANGS:
            page = site[s.page(lang)]
            banners = [e for e in page.elements if "banner" in e.classes]
            if s.status == "temporarily_closed":
                assert banners, f"{s.page(lang)}: no banner"
                assert gettext(lang, "Temporarily closed.") in page.text_of(banners[0]), s.page(lang)
            elif s.status == "open":
                assert not banners, f"{s.page(lang)}: an open shop with a banner"


def _first_words(markdown_text: str, count: int = 5) -> str:
    line = markdown_text.strip().splitlines()[0]
    return " ".join(re.sub(r"[*_`\[\]]", "", line).split()[:count])


def test_a_description_in_another_language_is_marked_with_lang(site, shops):
    checked = 0
    for s in shops:
        texts = s.data.get("description") or {}
        for lang in LANGS:
            if texts.get(lang) or not texts:
                continue
            other = next(l for l in [*LANGS, *texts] if texts.get(l))
            snippet = _first_words(texts[other])
            shown = 0
            for path, page in site.items():
                if page_language(path) != lang:
                    continue
                for text, stack in page.texts:
                    if snippet in " ".join(text.split()):
                        where = stack[-1] if stack else None
                        lang_here = where.lang if where else None
                        assert lang_here == other, (f"{path}: {other} text {snippet!r}… is in an element "
                                                    f"of language {lang_here!r}, not marked lang={other}")
                        shown += path == s.page(lang)
            assert shown, f"{s.page(lang)}: the {other} description ({snippet!r}…) is not shown"
            checked += 1
    assert checked, "the sample has no shop whose description is missing in one of the languages"


@lru_cache(maxsize=None)
def _image_size(path: Path) -> tuple[int, int]:
    with Image.open(path) as im:
        return im.size


def test_photos_have_width_height_and_alt(sample_site, site, shops):
    problems = []
    for path, page in site.items():
        for img in page.find("img"):
            where = f"{path}: <img src={img.attrs.get('src')!r}>"
            width, height = img.attrs.get("width", ""), img.attrs.get("height", "")
            if not (width.isdigit() and height.isdigit() and int(width) and int(height)):
                problems.append(f"{where}: width={width!r} height={height!r}")
                continue
            if "alt" not in img.attrs:
                problems.append(f"{where}: no alt")
            target = resolve(path, img.attrs.get("src", ""))
            if target and (sample_site / target[0]).is_file():
                actual = _image_size(sample_site / target[0])
                if abs(int(width) / int(height) - actual[0] / actual[1]) > 0.02:
                    problems.append(f"{where}: width/height {width}×{height} do not have the shape of "
                                    f"the file ({actual[0]}×{actual[1]})")
            for candidate in (img.attrs.get("srcset") or "").split(","):
                if not candidate.strip():
                    continue
                url, descriptor = (candidate.split() + [""])[:2]
                file = resolve(path, url)
                if descriptor.endswith("w") and file and (sample_site / file[0]).is_file():
                    if _image_size(sample_site / file[0])[0] != int(descriptor[:-1]):
                        problems.append(f"{where}: srcset says {url} is {descriptor} wide")
    for s in shops:
        for lang in LANGS:
            page = site[s.page(lang)]
            for photo in s.data.get("photos") or []:
                stem = Path(photo["file"]).stem
                imgs = [i for i in page.find("img") if f"media/{s.town}/{s.slug}/{stem}-" in i.attrs.get("src", "")]
                if not imgs:
                    problems.append(f"{s.page(lang)}: photo {photo['file']} not shown")
                    continue
                alts = photo.get("alt") or {}
                expected = alts.get(lang) or next(iter(alts.values()), "")
                if not expected or imgs[0].attrs.get("alt") != expected.strip():
                    problems.append(f"{s.page(lang)}: {photo['file']} alt={imgs[0].attrs.get('alt')!r}, "
                                    f"expected {expected!r}")
                elif not alts.get(lang) and imgs[0].lang == lang:
                    problems.append(f"{s.page(lang)}: {photo['file']}: alt text in another language "
                                    "without lang=")
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:50])


def test_only_the_theme_script_and_json_ld(site, sample_site):
    problems = scripts_problems(sample_site, site)
    assert not problems, "\n".join(problems[:50])


# --- a hostile shop file -------------------------------------------------------

HOSTILE_NAME = 'Chez <script>alert(1)</script> & "Fils"'
HOSTILE_FILE = """\
name: 'Chez <script>alert(1)</script> & "Fils"'
categories: [bakery]
description:
  fr: |
    Du pain <script>alert(2)</script> et des <img src=x onerror=alert(3)> gâteaux,
    <a href="javascript:alert(4)">cliquez ici</a> & "à bientôt" </main></body>.
  en: |
    Bread <script>alert(5)</script> and <iframe src="javascript:alert(6)"></iframe> cakes,
    <a href="javascript:alert(7)" onclick="alert(8)">click here</a> & "see you".
address:
  street: 'Rue <b onmouseover="alert(9)">Haute</b> 1'
  postal_code: "7000"
hours:
  mon: ["08:00-18:00"]
photos:
  - file: four.jpg
    alt:
      fr: 'Un four "><script>alert(10)</script>'
      en: "An oven '><svg onload=alert(11)>"
added: "2026-11-20"
updated: "2026-11-20"
"""


def test_a_hostile_shop_is_escaped_everywhere(shops_copy, tmp_path):
    town = sorted(p for p in shops_copy.iterdir() if p.is_dir())[0]
    shop_file = town / "chez-fils.yaml"
    shop_file.write_text(HOSTILE_FILE, encoding="utf-8")
    (town / "chez-fils").mkdir()
    Image.new("RGB", (1200, 900), (200, 120, 40)).save(town / "chez-fils" / "four.jpg")
    output = tmp_path / "output"
    result = build(output, shops_copy)
    assert result.returncode == 0, result.stderr
    hostile = ShopFile(shop_file, town.name, "chez-fils", yaml.safe_load(HOSTILE_FILE))
    assert hostile.name == HOSTILE_NAME
    site = read_site(output)

    problems = scripts_problems(output, site) + link_problems(output, site)
    assert not problems, "\n".join(problems[:50])
    for path in output.rglob("*"):
        # third-party code aside; CSV cannot escape "<" and is served as text/csv with nosniff
        if path.is_file() and "vendor" not in path.relative_to(output).parts[:2] and path.suffix != ".csv":
            data = path.read_bytes()
            for raw in (b"<script>alert", b"<img src=x", b"<iframe", b"<svg", b"<b onmouseover"):
                assert raw not in data, f"{path.relative_to(output)}: unescaped {raw!r}"

    for lang in LANGS:
        page = site[hostile.page(lang)]
        assert [page.text_of(h) for h in page.find("h1")] == [HOSTILE_NAME]
        assert HOSTILE_NAME in page.text_of(page.find("title")[0])
        assert page.find("meta", property="og:title")[0].attrs["content"] == HOSTILE_NAME
        data = json.loads(next(t for e, t in page.scripts if e.attrs.get("type") == "application/ld+json"))
        assert data["name"] == HOSTILE_NAME
        shown = " ".join(" ".join(t.split()) for t, _ in page.texts)
        raw_html = {"fr": '<a href="javascript:alert(4)">cliquez ici</a>',
                    "en": '<a href="javascript:alert(7)" onclick="alert(8)">click here</a>'}[lang]
        assert raw_html in shown, f"{hostile.page(lang)}: the description's HTML is not shown as text"
        alt = hostile.data["photos"][0]["alt"][lang]
        assert [i.attrs["alt"] for i in page.find("img") if "chez-fils/four-" in i.attrs.get("src", "")] == [alt]
        # Listed on the home page (newest) and in its town: the name as text there too.
        for listing in (f"{lang}/index.html", f"{lang}/{PATHS[lang]['town']}/{town.name}/index.html"):
            links = [a for a in site[listing].find("a")
                     if (resolve(listing, a.attrs.get("href", "")) or ("",))[0] == hostile.page(lang)]
            assert [site[listing].text_of(a) for a in links] == [HOSTILE_NAME], listing
    for lang in LANGS:
        feed = ET.parse(output / lang / "feed.atom").getroot()
        titles = [t.text for t in feed.iter("{http://www.w3.org/2005/Atom}title")]
        assert HOSTILE_NAME in titles, f"{lang}/feed.atom: {titles}"


# --- an invalid shop stops the build ------------------------------------------

def _snapshot(folder: Path) -> dict[str, tuple]:
    state = {}
    for path in sorted(folder.rglob("*")):
        info = path.stat()
        key = path.relative_to(folder).as_posix()
        state[key] = ("dir", info.st_mtime_ns) if path.is_dir() else (path.read_bytes(), info.st_mtime_ns)
    return state


def test_an_invalid_shop_stops_the_build_and_leaves_the_output_as_it_was(shops_copy, tmp_path):
    output = tmp_path / "output"
    first = build(output, shops_copy)
    assert first.returncode == 0, first.stderr
    before = _snapshot(output)
    assert any(k.startswith("media/") for k in before) and "fr/index.html" in before

    files = sorted(shops_copy.glob("*/*.yaml"))
    syntax, schema = files[0], files[-1]
    syntax.write_text(syntax.read_text(encoding="utf-8").replace("categories:", "categories: [oops\n  bad:", 1),
                      encoding="utf-8")
    schema.write_text(schema.read_text(encoding="utf-8") + "opening_hours: tomorrow\n", encoding="utf-8")
    result = build(output, shops_copy)

    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    errors = re.findall(r"^(.+?\.yaml):(\d+):(\d+): error: .+$", result.stderr, re.M)
    assert errors, f"no path:line:col: error: line in\n{result.stderr}"
    reported = {(ROOT / p).resolve() for p, _, _ in errors}
    for broken in (syntax, schema):
        assert broken.resolve() in reported, f"{broken} not reported in\n{result.stderr}"
    after = _snapshot(output)
    assert after.keys() == before.keys(), (f"files added: {sorted(after.keys() - before.keys())[:20]}; "
                                           f"removed: {sorted(before.keys() - after.keys())[:20]}")
    changed = [k for k in before if before[k] != after[k]]
    assert not changed, f"changed by the failed build: {changed[:20]}"


def test_a_shop_entered_twice_stops_the_build_though_the_search_export_had_started(shops_copy, tmp_path):
    """The search process is handed the shops once their files are checked, before the checks
    across files (generator._send_search_inputs): an error found then still stops the build, and
    leaves the output as it was and no inputs file behind."""
    output, cache = tmp_path / "output", tmp_path / "cache"
    assert build(output, shops_copy, "-e", f'VITRINES_CACHE_DIR="{cache}"').returncode == 0
    before = _snapshot(output)
    original = next(p for p in sorted(shops_copy.glob("*/*.yaml")) if not p.with_suffix("").is_dir())  # (no photos)
    shutil.copyfile(original, original.with_name("the-same-shop-again.yaml"))
    result = build(output, shops_copy, "-e", f'VITRINES_CACHE_DIR="{cache}"')
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout, result.stderr
    assert re.search(r"the-same-shop-again\.yaml:\d+:\d+: error: (phone|website): same", result.stderr), result.stderr
    assert _snapshot(output) == before
    assert not list((cache / "search").glob("inputs-*"))
