"""Ready for any host: a site served under a sub-path with its own _headers,
reproducible bytes, a failed build that leaves the output alone, link checking."""

from __future__ import annotations

import fnmatch
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import ROOT, build
from vitrines import demo, hosting, linkcheck

VITRINES = str(Path(sys.executable).with_name("vitrines"))


def parse_headers_file(text: str) -> list[tuple[str, dict]]:
    rules, current = [], None
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line.startswith(" "):
            current = (line.strip(), {})
            rules.append(current)
        else:
            name, _, value = line.strip().partition(":")
            current[1][name.strip()] = value.strip()
    return rules


class HostHandler(http.server.SimpleHTTPRequestHandler):
    """A static host in the Netlify / Cloudflare Pages manner: _headers applied, 404.html for misses."""

    rules: list = []
    prefix = "/"

    def log_message(self, *args):
        pass

    def end_headers(self):
        path = self.path.split("?")[0]
        for pattern, headers in self.rules:
            if fnmatch.fnmatchcase(path, pattern) or path == pattern:
                for name, value in headers.items():
                    self.send_header(name, value)
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        lang = self.path[len(self.prefix):].split("/", 1)[0]
        page = Path(self.directory) / self.prefix.strip("/") / (f"{lang}/404.html" if lang in ("fr", "en") else "404.html")
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def subpath_site(tmp_path):
    """The sample built for http://127.0.0.1:PORT/commerces/ and served there with its _headers."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), None)
    port = server.server_address[1]
    siteurl = f"http://127.0.0.1:{port}/commerces"
    site = tmp_path / "www"
    result = build(site / "commerces", None, "-s", "publishconf.py", env={"SITEURL": siteurl})
    assert result.returncode == 0, result.stderr[-3000:]
    handler = type("Handler", (HostHandler,), {
        "rules": parse_headers_file((site / "commerces" / "_headers").read_text()), "prefix": "/commerces/"})
    server.RequestHandlerClass = functools.partial(handler, directory=str(site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield siteurl, site / "commerces"
    server.shutdown()


def test_the_site_works_under_a_sub_path_with_its_csp(subpath_site, browser):
    siteurl, output = subpath_site
    assert "https://" not in (output / "fr" / "index.html").read_text() or siteurl in (output / "fr" / "index.html").read_text()
    context = browser.new_context()
    context.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
    failures, outside, console = [], [], []

    def route(r):
        if r.request.url.startswith("http://127.0.0.1"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("response", lambda resp: resp.status >= 400 and failures.append(f"{resp.status} {resp.url}"))
    page.on("console", lambda msg: msg.type == "error" and console.append(msg.text))
    shop = next(p.parent.name for p in (output / "fr" / "commerces").glob("*/index.html"))
    for path in ("", "fr/", "en/", f"fr/commerces/{shop}/", "en/towns/mons/", "fr/categories/bakery/",
                 "fr/recherche/?q=boulangerie", "en/open-data/", "fr/a-propos/", "en/search/?q=flowers"):
        page.goto(f"{siteurl}/{path}")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__csp") == [], (path, page.evaluate("window.__csp"))
    assert not failures, failures
    assert not outside, outside
    assert not [c for c in console if "Content Security Policy" in c], console
    # a missing address gets the 404 page, whose links work from any depth
    response = page.goto(f"{siteurl}/fr/nulle/part/ici/")
    assert response.status == 404
    page.click("text=Retour à l’accueil")
    assert page.url == f"{siteurl}/fr/"
    context.close()


def test_headers_file_gives_security_headers_and_caching(sample_site):
    rules = dict(parse_headers_file((sample_site / "_headers").read_text()))
    everywhere = rules["/*"]
    assert "script-src 'self'" in everywhere["Content-Security-Policy"]
    assert "unsafe-inline" not in everywhere["Content-Security-Policy"].split("style-src-attr")[0]
    assert everywhere["X-Content-Type-Options"] == "nosniff"
    assert everywhere["Referrer-Policy"]
    assert "geolocation=(self)" in everywhere["Permissions-Policy"]
    assert "camera=()" in everywhere["Permissions-Policy"]
    assert rules["/assets/*"]["Cache-Control"] == rules["/media/*"]["Cache-Control"] == \
        "public, max-age=31536000, immutable"
    assert rules["/fr/*"]["Cache-Control"] == "public, max-age=0, must-revalidate"
    # each published file matches exactly one Cache-Control rule (hosts join repeated headers)
    for path in sample_site.rglob("*"):
        if path.is_file() and path.name not in ("_headers", "_redirects"):
            url = "/" + path.relative_to(sample_site).as_posix()
            matching = [p for p, h in rules.items() if "Cache-Control" in h and
                        (fnmatch.fnmatchcase(url, p) or url == p)]
            assert len(matching) <= 1, (url, matching)
    # hashed names: what is cached for a year changes name when its bytes change
    for path in (sample_site / "assets").rglob("*.*"):
        if path.is_file():  # not folders such as vendor/leaflet-1.9.4
            assert len(path.stem.rsplit(".", 1)[-1]) >= 8 or "search" in path.parts, path


def test_two_builds_in_different_conditions_are_byte_identical(tmp_path):
    shops = tmp_path / "shops"
    demo.write(shops, 12, seed=11, photos_per_shop=1)
    outputs = []
    for n, (tz, seed) in enumerate((("UTC", "1"), ("America/Vancouver", "4242"))):
        work = tmp_path / f"build{n}"
        out = work / "out"
        result = build(out, shops, "-e", f'VITRINES_CACHE_DIR="{work / "cache"}"',
                       env={"TZ": tz, "PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr[-2000:]
        outputs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    first, second = outputs
    assert sorted(first) == sorted(second)
    assert [k for k in first if first[k] != second[k]] == []


def test_a_build_that_fails_half_way_leaves_the_output_as_it_was(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    output = tmp_path / "output"
    assert build(output, None, "-e", f'THEME="{theme}"').returncode == 0
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in output.rglob("*") if p.is_file()}
    # pages are rendered, then one template fails while the build is writing
    listing = theme / "templates" / "listing.html"
    listing.write_text(listing.read_text().replace("{{ heading }}</h1>", "{{ heading }}{{ no_such_function() }}</h1>"))
    (theme / "templates" / "shop.html").write_text((theme / "templates" / "shop.html").read_text() + "\n")
    result = build(output, None, "-e", f'THEME="{theme}"')
    assert result.returncode != 0
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in output.rglob("*") if p.is_file()}
    assert after == before


def test_removing_a_shop_removes_its_pages_and_data(shops_copy, tmp_path):
    output = tmp_path / "output"
    assert build(output, shops_copy).returncode == 0
    victim = sorted(shops_copy.glob("*/*.yaml"))[3]
    assert (output / "fr" / "commerces" / victim.stem / "index.html").exists()
    victim.unlink()
    shutil.rmtree(victim.with_suffix(""), ignore_errors=True)
    assert build(output, shops_copy).returncode == 0
    assert not (output / "fr" / "commerces" / victim.stem).exists()
    assert not (output / "en" / "shops" / victim.stem).exists()
    assert not (output / "media" / victim.parent.name / victim.stem).exists()
    assert victim.stem not in (output / "data" / "shops.csv").read_text()
    assert not linkcheck.check(output)


def test_link_checker_finds_every_kind_of_broken_reference(tmp_path):
    site = tmp_path / "site"
    (site / "fr").mkdir(parents=True)
    (site / "img.png").write_bytes(b"png")
    (site / "fr" / "index.html").write_text(
        '<p id="here"></p><a href="../img.png">ok</a><a href="#here">ok</a><a href="#nowhere">bad</a>'
        '<a href="missing/">bad</a><img src="../img.png" srcset="../img.png 1x, ../gone.png 2x">'
        '<a href="https://elsewhere.example/x">external</a><a href="../../../etc/passwd">bad</a>'
        '<a href="/fr/#here">ok</a>')
    broken = {(b.target, b.why.split(" ")[0]) for b in linkcheck.check(site)}
    assert broken == {("#nowhere", "no"), ("missing/", "no"), ("../gone.png", "no"), ("../../../etc/passwd", "goes")}
    result = subprocess.run([VITRINES, "check-links", str(site)], capture_output=True, text=True)
    assert result.returncode == 1 and "4 broken link(s)" in result.stdout


def test_the_sample_has_no_broken_link(sample_site):
    result = subprocess.run([VITRINES, "check-links", str(sample_site)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_precompressed_copies_match_their_file(tmp_path):
    import gzip

    import brotli

    shops = tmp_path / "shops"
    demo.write(shops, 10, seed=5)
    output = tmp_path / "out"
    assert build(output, shops, "-e", "VITRINES_PRECOMPRESS=true").returncode == 0
    texts = [p for p in output.rglob("*") if p.suffix in (".html", ".css", ".js", ".json", ".xml", ".csv")]
    assert texts
    for path in texts:
        data = path.read_bytes()
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == data, path
        assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == data, path
    assert not list(output.rglob("*.png.gz")) and not list(output.rglob("*.avif.br"))
    # a compressed copy deleted from a town none of whose shops changed: its shop pages are not
    # kept whole (Transaction.group), the copy is made again
    towns = sorted(p.name for p in shops.iterdir() if p.is_dir())
    edited = sorted(shops.glob(f"{towns[0]}/*.yaml"))[0]
    edited.write_text(edited.read_text(encoding="utf-8").replace("name: ", "name: Chez ", 1), encoding="utf-8")
    copy = next(output.glob(f"fr/*/{sorted(shops.glob(f'{towns[1]}/*.yaml'))[0].stem}/index.html.gz"))
    copy.unlink()
    assert build(output, shops, "-e", "VITRINES_PRECOMPRESS=true").returncode == 0
    assert gzip.decompress(copy.read_bytes()) == copy.with_suffix("").read_bytes()
    # turned off again: the copies leave the output
    assert build(output, shops).returncode == 0
    assert not list(output.rglob("*.gz")) and not list(output.rglob("*.br"))


# --- the sitemap ----------------------------------------------------------------------------

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_the_sitemap_index_lists_files_that_hold_every_listed_page(sample_site):
    import xml.etree.ElementTree as ET

    import yaml

    from test_build import LANGS, PATHS
    index = ET.parse(sample_site / "sitemap.xml").getroot()
    assert index.tag == f"{{{SITEMAP_NS['s']}}}sitemapindex"
    seen: dict[str, list[str]] = {}
    for loc in index.findall("s:sitemap/s:loc", SITEMAP_NS):
        name = loc.text.removeprefix("/")
        urls = ET.parse(sample_site / name).getroot().findall("s:url", SITEMAP_NS)
        assert 0 < len(urls) <= hosting.SITEMAP_MAX_URLS
        for url in urls:
            address = url.find("s:loc", SITEMAP_NS).text.removeprefix("/")
            assert (sample_site / address / "index.html").is_file() or (sample_site / address).is_file(), address
            alternates = {a.get("hreflang") for a in url.findall("x:link", SITEMAP_NS)}
            assert alternates == set(LANGS), address
            seen.setdefault(address, []).append(name)
    assert all(len(files) == 1 for files in seen.values()), "a page is in two sitemap files"
    for path in (ROOT / "shops").glob("*/*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for lang in LANGS:
            address = f"{lang}/{PATHS[lang]['shop']}/{path.stem}/"
            listed = data.get("status", "open") != "closed"
            assert (address in seen) == listed, address
            if listed:  # a shop's pages are in its town's file, so an edit rewrites that one only
                assert seen[address] == [f"sitemaps/{lang}-shops-{path.parent.name}.xml"]


def test_sitemap_files_are_cut_at_the_protocols_limit(monkeypatch):
    monkeypatch.setattr(hosting, "SITEMAP_MAX_URLS", 3)
    pages = [{"url": f"fr/commerces/s{i}/", "lang": "fr", "group": "shops-mons"} for i in range(7)]
    files = hosting.sitemap_files(pages + [{"url": "fr/", "lang": "fr"}])
    assert {name: len(p) for name, p in files.items()} == {
        "sitemaps/fr-pages.xml": 1, "sitemaps/fr-shops-mons.xml": 3, "sitemaps/fr-shops-mons-2.xml": 3,
        "sitemaps/fr-shops-mons-3.xml": 1}
