"""The search page in Chromium: typing, facets, "open now" on a fixed clock, the URL and Back,
"did you mean", the keyboard, distance, text-only results, and nothing fetched from elsewhere.

Most tests run on the sample plus one shop whose name is an HTML payload; the parity test runs
on the sample as `make html` builds it.
"""

from __future__ import annotations

import re
import shutil
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import axe_playwright_python
import pytest
from playwright.sync_api import expect

from conftest import ROOT, build
from search_support import fresh_index, sample_directory

from vitrines.directory import load_directory
from vitrines import settings as vitrines_settings
from vitrines.search import search

pytestmark = pytest.mark.browser

EVIL_NAME = "<img src=x onerror=alert(1)>"
EVIL_SHOP = f"""\
name: "{EVIL_NAME}"
categories: [gifts]
description:
  fr: "Boutique d'essai : <script>alert(2)</script> onerror"
  en: "A test shop."
address: {{street: "Rue de Nimy 99", postal_code: "7000"}}
geo: {{lat: 50.4561, lon: 3.9524}}
hours:
  mon: ["09:00-18:00"]
updated: "2026-11-01"
added: "2026-11-01"
"""
SEARCH = {"fr": "fr/recherche/", "en": "en/search/"}
PAGE = vitrines_settings.DEFAULTS["VITRINES_SEARCH_PAGE_SIZE"]  # results shown at first


@pytest.fixture(scope="module")
def evil(tmp_path_factory):
    """The sample plus a shop named like an HTML payload: (built site, its shops folder)."""
    folder = tmp_path_factory.mktemp("evil")
    shutil.copytree(ROOT / "shops", folder / "shops")
    (folder / "shops" / "mons" / "evil-test.yaml").write_text(EVIL_SHOP, encoding="utf-8")
    result = build(folder / "output", folder / "shops")
    assert result.returncode == 0, result.stderr
    return folder / "output", folder / "shops"


@pytest.fixture(scope="module")
def evil_index(evil, tmp_path_factory):
    directory = load_directory(evil[1], {})
    return fresh_index(tmp_path_factory.mktemp("evil-index"), directory)


@pytest.fixture(scope="module")
def base(evil, serve) -> str:
    return serve(evil[0])


class Visit:
    """A page in a context that may reach 127.0.0.1 only; records script errors and dialogs."""

    def __init__(self, browser, **options):
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(**options)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def _route(self, route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def goto(self, url: str):
        self.page.goto(url)
        return self.page

    def ready(self, q: str | None = None):
        selector = '#search[data-state="ready"]' + (f'[data-query="{q}"]' if q is not None else "")
        self.page.wait_for_selector(selector, state="attached", timeout=10_000)

    def shops(self) -> list[str]:
        return self.page.eval_on_selector_all("#search-list li", "els => els.map(e => e.dataset.shop)")

    def params(self) -> dict:
        return parse_qs(urlsplit(self.page.url).query)

    def close(self):
        self.context.close()
        assert not self.outside, f"requests that left the site: {self.outside}"
        assert not self.errors, f"script errors: {self.errors}"
        assert not self.dialogs, f"dialogs opened: {self.dialogs}"


@pytest.fixture
def visit(browser):
    opened = []

    def make(**options) -> Visit:
        v = Visit(browser, **options)
        opened.append(v)
        return v

    yield make
    for v in opened:
        v.close()


def test_without_javascript_the_page_lists_what_to_browse(visit, base):
    v = visit(java_script_enabled=False)
    page = v.goto(base + SEARCH["fr"])
    assert page.locator("#search").is_hidden()
    fallback = page.locator(".search-fallback")
    assert fallback.is_visible() and "JavaScript" in fallback.inner_text()
    assert fallback.locator('a[href*="categories/"]').count() >= 10
    assert fallback.locator('a[href*="villes/"]').count() == 3


def test_results_as_you_type(visit, base):
    v = visit()
    page = v.goto(base + SEARCH["fr"])
    assert page.locator(".search-fallback").is_hidden() and page.locator("#search").is_visible()
    v.ready("")
    page.locator("#search-q").press_sequentially("boul", delay=30)
    v.ready("boul")
    assert "mons/boulangerie-du-beffroi" in v.shops()
    assert page.locator("#search-status").inner_text().endswith("trouvés.")
    assert v.params()["q"] == ["boul"]
    page.locator("#search-q").press_sequentially("angeries", delay=10)
    v.ready("boulangeries")
    assert v.shops()[0] == "mons/boulangerie-du-beffroi"
    page.locator("#search-q").fill("BOULANGERIE")
    v.ready("BOULANGERIE")
    assert v.shops()[0] == "mons/boulangerie-du-beffroi"
    page.locator("#search-q").fill("bakery")  # an English word on the French page
    v.ready("bakery")
    assert "mons/boulangerie-du-beffroi" in v.shops()


def test_facets_filter_with_live_counts(visit, base, evil_index):
    v = visit()
    page = v.goto(base + SEARCH["en"] + "?q=cafe")
    v.ready("cafe")
    assert page.locator("#facet-town-toronto").is_hidden()  # filters are folded until asked for
    page.locator(".search-filters summary").click()  # opening them reads the live counts
    v.ready("cafe")
    expected = search(evil_index, "cafe")
    toronto = page.locator("#facet-town-toronto")
    label = page.locator('label[for="facet-town-toronto"]')
    assert label.inner_text() == f"Toronto ({expected.counts['town']['toronto']})"
    toronto.check()
    v.ready("cafe")
    assert v.params()["town"] == ["toronto"]
    filtered = search(evil_index, "cafe", {"town": ["toronto"]})
    assert v.shops() == [h.key for h in filtered.hits][:PAGE]
    assert all(s.startswith("toronto/") for s in v.shops())
    counts = {c: page.locator(f'label[for="facet-category-{c}"]').inner_text()
              for c in filtered.counts["category"]}
    assert all(text.endswith(f"({filtered.counts['category'][c]})") for c, text in counts.items())
    # a value no result has is hidden; a filter alone lists its shops
    assert page.locator("#facet-category-bicycle").is_hidden()
    page.goto(base + SEARCH["en"] + "?category=bakery")
    v.ready("")
    bakeries = [h.key for h in search(evil_index, "", {"category": ["bakery"]}).hits]
    assert v.shops() == bakeries and page.locator("#facet-category-bakery").is_checked()


def test_online_only_and_gift_card_filters(visit, base, evil_index):
    """Issue 8: the service filter offers "online only" and "gift cards" (which includes shops
    that only give a gift-card link), labelled in the page's language."""
    v = visit()
    page = v.goto(base + SEARCH["fr"])
    v.ready("")
    page.locator(".search-filters summary").click()
    v.ready("")
    online = page.locator("#facet-service-online_only")
    expect(page.locator('label[for="facet-service-online_only"]')).to_have_text(re.compile(r"^Vente en ligne uniquement \(\d+\)$"))
    online.check()
    v.ready("")
    assert v.params()["service"] == ["online_only"]
    expected = [h.key for h in search(evil_index, "", {"service": ["online_only"]}).hits]
    assert expected and v.shops() == expected[:PAGE]
    page.goto(base + SEARCH["en"] + "?service=gift_cards&town=toronto")
    v.ready("")
    assert "toronto/stillwater-tap-room" in v.shops()
    expect(page.locator('label[for="facet-service-gift_cards"]')).to_have_text(re.compile(r"^Gift cards \(\d+\)$"))


@pytest.mark.parametrize("when", [datetime(2026, 12, 1, 9, 30, tzinfo=timezone.utc),
                                  datetime(2026, 12, 5, 23, 30, tzinfo=timezone.utc),
                                  datetime(2026, 12, 25, 15, 0, tzinfo=timezone.utc)])
def test_open_now_on_a_fixed_clock(visit, base, evil_index, when):
    v = visit()
    v.page.clock.set_fixed_time(when)
    page = v.goto(base + SEARCH["fr"] + "?town=mons&town=quebec&town=toronto&open=1")
    v.ready("")
    expected = search(evil_index, "", {"town": ["mons", "quebec", "toronto"]}, open_when=when)
    assert v.shops() == [h.key for h in expected.hits][:PAGE]
    assert page.locator("#search-open").is_checked()
    badges = page.locator("#search-list .badge-open").count()
    assert badges == min(PAGE, len(expected.hits))  # every shop listed is open, and says so


def test_url_state_and_back(visit, base):
    v = visit()
    page = v.goto(base + SEARCH["fr"])
    v.ready("")
    page.locator("#search-q").press_sequentially("cafe", delay=20)
    v.ready("cafe")
    everywhere = v.shops()
    page.locator(".search-filters summary").click()
    v.ready("cafe")
    page.locator("#facet-town-mons").check()
    v.ready("cafe")
    assert v.params() == {"q": ["cafe"], "town": ["mons"]}
    in_mons = v.shops()
    assert in_mons and set(in_mons) < set(everywhere)
    page.locator("#search-open").check()
    v.ready("cafe")
    assert v.params()["open"] == ["1"]
    page.go_back()
    v.ready("cafe")
    assert v.params() == {"q": ["cafe"], "town": ["mons"]} and not page.locator("#search-open").is_checked()
    page.go_back()
    v.ready("cafe")
    assert v.shops() == everywhere and not page.locator("#facet-town-mons").is_checked()
    page.go_back()
    v.ready("")
    assert page.locator("#search-q").input_value() == "" and not v.shops()
    page.go_forward()
    v.ready("cafe")
    assert v.shops() == everywhere
    # a shared address opens on the same state
    page.goto(page.url + "&town=mons")
    v.ready("cafe")
    assert v.shops() == in_mons


def test_did_you_mean_when_nothing_matches(visit, base):
    v = visit()
    page = v.goto(base + SEARCH["fr"])
    v.ready("")
    page.locator("#search-q").press_sequentially("boulangrie", delay=10)
    v.ready("boulangrie")
    hint = page.locator("#search-hint")
    assert hint.is_visible() and "boulangrie" in hint.inner_text()
    assert v.shops()[0] == "mons/boulangerie-du-beffroi"
    hint.get_by_role("link", name="boulangerie").click()
    v.ready("boulangerie")
    assert page.locator("#search-q").input_value() == "boulangerie" and hint.is_hidden()
    assert len(v.shops()) < PAGE and page.locator("#search-more").is_hidden()
    assert v.params()["q"] == ["boulangerie"]
    page.locator("#search-q").fill("qqqqxz")
    v.ready("qqqqxz")
    assert not v.shops() and page.locator("#search-status").inner_text() == "Aucun commerce trouvé."


def test_keyboard(visit, base):
    v = visit()
    page = v.goto(base + SEARCH["en"])
    v.ready("")
    page.keyboard.press("Tab")  # the skip link, to the content, whose first stop is the field
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "search-q"
    page.keyboard.type("fleurs")
    v.ready("fleurs")
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.closest('li') && document.activeElement.closest('li').dataset.shop")
    assert first == v.shops()[0]
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "search-q"
    page.keyboard.press("Enter")  # submitting does not reload the page
    v.ready("fleurs")
    page.locator("#search-open").focus()
    page.keyboard.press("Space")
    v.ready("fleurs")
    assert v.params().get("open") == ["1"]
    status = page.locator("#search-status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    assert page.locator('label[for="search-q"]').inner_text()


def test_distance_from_me_and_from_a_town(visit, base):
    v = visit(geolocation={"latitude": 50.4542, "longitude": 3.9523}, permissions=["geolocation"])
    page = v.goto(base + SEARCH["fr"] + "?q=cafe")
    v.ready("cafe")
    page.locator("#search-sort").select_option("near")
    v.ready("cafe")
    assert v.shops()[0].startswith("mons/")
    distances = [float(t.split()[0].replace(",", ".")) for t in page.locator(".badge-distance").all_inner_texts()]
    assert distances == sorted(distances) and distances[0] < 5
    page.locator("#search-sort").select_option("town:toronto")
    v.ready("cafe")
    assert v.shops()[0].startswith("toronto/") and v.params()["sort"] == ["town:toronto"]


def test_results_are_text_only(visit, base):
    v = visit()
    page = v.goto(base + SEARCH["fr"] + "?q=onerror")
    v.ready("onerror")
    assert v.shops() == ["mons/evil-test"]
    link = page.locator("#search-list li a")
    assert link.inner_text() == EVIL_NAME
    assert page.locator("#search-list img, #search img").count() == 0
    payload = "<script>alert(3)</script><img src=x onerror=alert(4)>"
    page.goto(base + SEARCH["fr"] + "?q=" + payload.replace("<", "%3C").replace(">", "%3E"))
    v.ready()
    assert page.locator("#search-q").input_value() == payload
    assert page.locator("#search script, #search img").count() == 0
    page.locator("#search-q").fill('"><svg onload=alert(5)>')
    v.ready()
    assert page.locator("#search svg").count() == 0
    page.wait_for_timeout(200)
    assert not v.dialogs


def test_search_page_has_no_accessibility_violation(visit, base):
    axe = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
    for size in ({"width": 1280, "height": 900}, {"width": 390, "height": 844}):
        v = visit(viewport=size)
        page = v.goto(base + SEARCH["fr"] + "?q=boulangrie&town=mons")
        v.ready("boulangrie")
        page.evaluate(axe)
        result = page.evaluate("""() => axe.run(document, {runOnly: {type: "tag", values: [
            "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}})""")
        assert not result["violations"], [(x["id"], [n["target"] for n in x["nodes"]]) for x in result["violations"]]


def test_chromium_gives_the_reference_ranking(visit, sample_site, serve, tmp_path_factory):
    """On the sample as built, the page shows `vitrines search`'s shops, scores and count."""
    idx = fresh_index(tmp_path_factory.mktemp("chromium-parity"), sample_directory())
    base_url = serve(sample_site)
    v = visit()
    for q in ["boulangerie", "bakery", "boulangrie", "fleurs mons", "l'atelier", "café", "bou", "coffee shop"]:
        page = v.goto(base_url + SEARCH["fr"] + "?q=" + q.replace(" ", "+"))
        v.ready(q)
        expected = search(idx, q)
        got = page.eval_on_selector_all("#search-list li", "els => els.map(e => [e.dataset.shop, +e.dataset.score])")
        assert got == [[h.key, h.score] for h in expected.hits][:PAGE], q
        if len(expected.hits) > PAGE:  # and the next ones
            page.locator("#search-more").click()
            v.ready(q)
            got = page.eval_on_selector_all("#search-list li", "els => els.map(e => [e.dataset.shop, +e.dataset.score])")
            assert got == [[h.key, h.score] for h in expected.hits][:2 * PAGE], q
