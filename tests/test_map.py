"""The map (theme/static/js/map.js, plugins/vitrines/maps.py), in Chromium against a tile stub.

The sample is built with VITRINES_MAP_TILES pointing at a local server that answers every tile
with one 256×256 PNG and records what was asked, and served under a sub-path with the
Content-Security-Policy of its ``_headers``. The browser may reach 127.0.0.1 only. Before a
shopper opens a map, nothing is fetched for it: no Leaflet file, no map data, no tile. Once it
is open: tiles come from the stub only, there is one marker per shop on the map, each named
after its shop, and its popup links to the shop's page. The keyboard reaches the switch, opens
the map with Enter, and reaches every shop of the map through the list. axe-core finds nothing
on the map page, map open or closed, in both languages.
"""

from __future__ import annotations

import functools
import http.server
import io
import json
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from PIL import Image

from conftest import ROOT, build
from test_accessibility import axe_violations
from test_build import LANGS, PATHS
from test_hosting import HostHandler, parse_headers_file
from vitrines import demo, maps

SHOPS = ROOT / "shops"
PREFIX = "/commerces/"  # served under a sub-path: every address the map uses must follow
MAP_PAGE = {lang: f"{lang}/{PATHS[lang]['map']}/" for lang in LANGS}


def _sample() -> list[dict]:
    found = []
    for path in sorted(SHOPS.glob("*/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("gift_cards") and "gift_cards" not in data.get("services", []):
            data["services"] = [*data.get("services", []), "gift_cards"]  # a gift-card link is the service
        found.append({"id": path.stem, "town": path.parent.name, "name": data["name"],
                      "status": data.get("status", "open"), "geo": data.get("geo"),
                      "online_only": bool(data.get("online_only")), "categories": data.get("categories") or [],
                      "services": data.get("services") or []})
    return found


SAMPLE = _sample()
ON_MAP = [s for s in SAMPLE if s["geo"] and not s["online_only"] and s["status"] != "closed"]


# --- the tile stub, the site, the browser ---------------------------------------------------

class TileStub(http.server.BaseHTTPRequestHandler):
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (222, 230, 222)).save(buffer, "PNG")
    PNG = buffer.getvalue()
    requests: list[str] = []

    def do_GET(self):
        type(self).requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(self.PNG)))
        self.end_headers()
        self.wfile.write(self.PNG)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def tiles():
    handler = type("Tiles", (TileStub,), {"requests": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield handler, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def site(tmp_path_factory, tiles):
    """The sample built with the tile stub, served at http://127.0.0.1:PORT/commerces/ with its _headers."""
    www = tmp_path_factory.mktemp("map")
    output = www / PREFIX.strip("/")
    result = build(output, None, "-e", f'VITRINES_MAP_TILES="{tiles[1]}/{{z}}/{{x}}/{{y}}.png"')
    assert result.returncode == 0, result.stderr[-3000:]
    handler = type("Host", (HostHandler,), {"rules": parse_headers_file((output / "_headers").read_text()),
                                            "prefix": PREFIX})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(www)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}", output
    server.shutdown()


class Visit:
    """A browser page that may reach 127.0.0.1 only; records what it asked for and CSP reports."""

    def __init__(self, browser, tiles, base: str, **options):
        self.tiles, self.tile_origin = tiles
        self.outside: list[str] = []
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1000, "height": 900}, **options)
        self.context.add_init_script(
            "window.__csp = []; document.addEventListener('securitypolicyviolation',"
            " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
        self.context.route("**/*", self._route)
        self.base = base

    def _route(self, route):
        url = route.request.url
        if urlsplit(url).hostname == "127.0.0.1":
            self.requests.append(url)
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, path: str):
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        response = self.page.goto(self.base + path, wait_until="networkidle")
        assert response is not None and response.ok, path
        return self.page

    def tiles_asked(self) -> list[str]:
        return [u for u in self.requests if u.startswith(self.tile_origin + "/")]

    def map_files(self) -> list[str]:
        """Requests made for a map: Leaflet files, map data, tiles."""
        return [u for u in self.requests if "/vendor/" in u or u.endswith("/map.json") or u.startswith(self.tile_origin)]

    def wait_for_map(self) -> int:
        """Waits until the open map has placed every marker; the number of markers."""
        count = self.page.evaluate("VitrinesMap.views[0].ready.then(v => v.cluster.getLayers().length)")
        assert count == self.page.evaluate("VitrinesMap.views[0].count()")
        if count:
            self.page.wait_for_function("() => !!document.querySelector('.leaflet-tile-loaded')")
        return count

    def check(self):
        assert not self.outside, f"requests to other hosts: {self.outside}"
        assert not self.errors, f"script errors: {self.errors}"
        assert self.page.evaluate("window.__csp") == [], self.page.evaluate("window.__csp")


@pytest.fixture
def visit(browser, tiles, site):
    v = Visit(browser, tiles, site[0])
    yield v
    v.check()
    v.context.close()


# --- the data file ------------------------------------------------------------------------

def test_the_map_data_holds_exactly_the_shops_with_coordinates(sample_site):
    data = json.loads((sample_site / "data" / "map.json").read_text(encoding="utf-8"))
    assert data["v"] == maps.VERSION
    rows = {row[0]: row for row in data["shops"]}
    assert len(rows) == len(data["shops"]), "a shop is twice in the map data"
    assert set(rows) == {s["id"] for s in ON_MAP}
    # online-only shops and shops without coordinates are in the open data, not on the map
    geojson = json.loads((sample_site / "data" / "shops.geojson").read_text(encoding="utf-8"))
    assert {f["id"] for f in geojson["features"] if f["properties"]["status"] != "closed"} == set(rows)
    for shop in ON_MAP:
        _, name, lat, lon, town, categories, *services = rows[shop["id"]]
        assert name == shop["name"]
        assert (lat, lon) == (round(shop["geo"]["lat"], 5), round(shop["geo"]["lon"], 5))
        assert data["towns"][town] == shop["town"]
        assert [data["categories"][i] for i in categories] == shop["categories"]
        assert [data["services"][i] for i in (services[0] if services else [])] == shop["services"]
    for lang in LANGS:
        assert len(data["labels"][lang]) == len(data["categories"])
    # one file per town, for the town's listing
    for town in {s["town"] for s in ON_MAP}:
        one = json.loads((sample_site / "data" / town / "map.json").read_text(encoding="utf-8"))
        assert {r[0] for r in one["shops"]} == {s["id"] for s in ON_MAP if s["town"] == town}


def test_the_tile_host_joins_the_content_security_policy(sample_site):
    assert maps.tile_host("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == "https://tile.openstreetmap.org"
    assert maps.tile_host("https://{s}.tile.example.org/{z}/{x}/{y}.png") == "https://*.tile.example.org"
    assert maps.tile_host("http://127.0.0.1:8080/{z}/{x}/{y}.png") == "http://127.0.0.1:8080"
    assert maps.tile_host("tiles/{z}/{x}/{y}.png") == ""  # published with the site: 'self'
    csp = dict(parse_headers_file((sample_site / "_headers").read_text()))["/*"]["Content-Security-Policy"]
    assert "img-src 'self' data: https://tile.openstreetmap.org;" in csp
    assert maps.image_hosts({"VITRINES_MAP": False, "VITRINES_CSP_IMAGE_HOSTS": ["https://img.example"]}) == \
        ["https://img.example"]


def test_the_map_page_lists_every_shop_of_the_map_by_town(sample_site):
    for lang in LANGS:
        html = (sample_site / MAP_PAGE[lang] / "index.html").read_text(encoding="utf-8")
        for shop in SAMPLE:
            link = f'href="../../{lang}/{PATHS[lang]["shop"]}/{shop["id"]}/"'
            assert (link in html) == (shop in ON_MAP), (lang, shop["id"])
        # without JavaScript: no button and no map (map.js reveals them), the list only
        assert 'data-map-controls hidden' in html and 'class="map-canvas" role="region"' in html


def test_beyond_the_list_limit_the_map_page_links_to_each_town(tmp_path):
    shops = tmp_path / "shops"
    demo.write(shops, 8, seed=3)
    output = tmp_path / "output"
    result = build(output, shops, "-e", "VITRINES_MAP_LIST_LIMIT=2", f'VITRINES_CACHE_DIR="{tmp_path / "cache"}"')
    assert result.returncode == 0, result.stderr[-3000:]
    html = (output / MAP_PAGE["en"] / "index.html").read_text(encoding="utf-8")
    assert f'/{PATHS["en"]["shop"]}/' not in html.split("<main")[1]
    towns = {p.parent.name for p in shops.glob("*/*.yaml")}
    assert all(f'href="../../en/{PATHS["en"]["town"]}/{t}/"' in html for t in towns), towns


def test_a_city_can_turn_the_map_off(tmp_path):
    shops = tmp_path / "shops"
    demo.write(shops, 6, seed=3)
    output = tmp_path / "output"
    result = build(output, shops, "-e", "VITRINES_MAP=false", f'VITRINES_CACHE_DIR="{tmp_path / "cache"}"')
    assert result.returncode == 0, result.stderr[-3000:]
    assert not (output / MAP_PAGE[LANGS[0]]).exists() and not list(output.rglob("map.json"))
    for page in output.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "data-map-config" not in html and not any(f'{m}"' in html for m in MAP_PAGE.values()), page
    csp = dict(parse_headers_file((output / "_headers").read_text()))["/*"]["Content-Security-Policy"]
    assert "img-src 'self' data:;" in csp


# --- in the browser -----------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_nothing_is_fetched_until_the_map_is_opened(visit, lang):
    page = visit.open(MAP_PAGE[lang])
    assert page.locator("[data-map-toggle]").is_visible()
    assert visit.map_files() == [], "fetched before the map was opened"
    assert page.evaluate("typeof window.L") == "undefined"
    page.click("[data-map-toggle]")
    assert visit.wait_for_map() == len(ON_MAP)
    assert visit.tiles_asked() and visit.tiles.requests, "no tile was asked from the tile server"
    assert all(re.fullmatch(r"/\d+/\d+/\d+\.png", path) for path in visit.tiles.requests), visit.tiles.requests
    assert all(u.startswith(visit.tile_origin) or u.startswith(visit.base) for u in visit.requests)
    assert page.locator(".map-status").text_content().split()[0] == str(len(ON_MAP))
    # every marker is named after its shop
    names = page.evaluate("VitrinesMap.views[0].cluster.getLayers().map(m => m.options.alt)")
    assert sorted(names) == sorted(s["name"] for s in ON_MAP)
    # closing hides it; nothing more is loaded
    page.click("[data-map-toggle]")
    assert page.locator(".map-canvas").is_hidden()
    assert page.locator("[data-map-toggle]").get_attribute("aria-expanded") == "false"


@pytest.mark.browser
def test_keyboard_opens_a_listing_map_and_a_marker_leads_to_its_shop(visit):
    town = "mons"
    expected = [s for s in ON_MAP if s["town"] == town]
    page = visit.open(f"en/{PATHS['en']['town']}/{town}/")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('data-map-switch')") == "map":
            break
    else:
        pytest.fail("Tab never reached the Map button")
    assert visit.map_files() == []
    page.keyboard.press("Enter")
    assert visit.wait_for_map() == len(expected)
    assert page.locator("[data-map-switch=map]").get_attribute("aria-pressed") == "true"
    assert page.locator("[data-map-list]").is_hidden()
    assert visit.tiles_asked()
    assert all(u.endswith(f"/data/{town}/map.json") for u in visit.requests if u.endswith("map.json"))
    # one shop, close up: its marker is a button named after it; Enter opens its popup's link
    shop = expected[0]
    page.evaluate("([lat, lon]) => VitrinesMap.views[0].map.setView([lat, lon], 19, {animate: false})",
                  [shop["geo"]["lat"], shop["geo"]["lon"]])
    marker = page.locator(f'img.leaflet-marker-icon[alt="{shop["name"]}"]')
    marker.wait_for()
    assert marker.get_attribute("role") == "button" and marker.get_attribute("tabindex") == "0"
    marker.focus()
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup .map-popup a")
    link.wait_for()
    assert page.evaluate("document.activeElement.href") == f"{visit.base}en/{PATHS['en']['shop']}/{shop['id']}/"
    page.keyboard.press("Escape")
    page.wait_for_function("() => document.activeElement.classList.contains('leaflet-marker-icon')")
    # back to the list
    page.click("[data-map-switch=list]")
    assert page.locator("[data-map-list]").is_visible() and page.locator(".map-canvas").is_hidden()
    page.click("[data-map-switch=map]")  # and back: the same map, shown again
    assert visit.wait_for_map() == len(expected) and page.locator(".map-canvas").is_visible()


@pytest.mark.browser
def test_other_scripts_can_show_chosen_shops_on_the_map(visit):
    """The search page's way in: VitrinesMap.show(element, ids)."""
    page = visit.open(MAP_PAGE["en"])
    chosen = [ON_MAP[0]["id"], ON_MAP[-1]["id"]]
    shown = "(ids) => VitrinesMap.show(document.querySelector('.map-view'), ids).then(v => v.cluster.getLayers().map(m => m.row[0]))"
    assert sorted(page.evaluate(shown, chosen)) == sorted(chosen)
    assert page.evaluate(shown, ["no-such-shop"]) == []
    assert page.locator(".map-canvas").is_hidden()
    assert page.locator(".map-status").text_content() == "None of these shops is on the map."
    assert len(page.evaluate(shown, None)) == len(ON_MAP)


@pytest.mark.browser
def test_a_category_listing_maps_every_shop_of_the_category(visit):
    category = "bakery"
    page = visit.open(f"fr/{PATHS['fr']['category']}/{category}/")
    page.click("[data-map-switch=map]")
    assert visit.wait_for_map() == len([s for s in ON_MAP if category in s["categories"]])


@pytest.mark.browser
def test_every_shop_of_the_map_is_reached_by_keyboard_through_the_list(visit):
    lang = "fr"
    page = visit.open(MAP_PAGE[lang])
    reached = set()
    for _ in range(400):
        page.keyboard.press("Tab")
        href, done = page.evaluate("[document.activeElement.href || '', !!document.activeElement.closest('footer')]")
        if done:
            break
        reached.add(href)
    wanted = {f"{visit.base}{lang}/{PATHS[lang]['shop']}/{s['id']}/" for s in ON_MAP}
    assert not wanted - reached, f"not reached by Tab: {sorted(wanted - reached)}"


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_no_violation_with_the_map_closed_and_open(browser, tiles, site, lang):
    visit = Visit(browser, tiles, site[0], bypass_csp=True)  # axe-core is injected as an inline script
    page = visit.open(MAP_PAGE[lang])
    violations = axe_violations(page)
    assert not violations, "map closed:\n" + "\n".join(violations)
    page.click("[data-map-toggle]")
    visit.wait_for_map()
    violations = axe_violations(page)
    assert not violations, "map open:\n" + "\n".join(violations)
    assert not visit.outside and not visit.errors, (visit.outside, visit.errors)
    visit.context.close()
