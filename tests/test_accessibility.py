"""Accessibility of the built sample, in Chromium (Debian's /usr/bin/chromium).

axe-core (the copy bundled with axe-playwright-python) must report no
violation of WCAG 2.0/2.1/2.2 A and AA or of its best practices on every kind
of page, in both languages and at a phone's size; the keyboard reaches the
skip link first and sees where its focus is. Pages are served from 127.0.0.1
and may request nothing from anywhere else.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import axe_playwright_python
import pytest
import yaml

from conftest import build
from test_build import LANGS, PATHS, SHOPS

pytestmark = pytest.mark.browser

AXE_JS = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
AXE_OPTIONS = {"runOnly": {"type": "tag",
                           "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}}
EDITORIAL = {"fr": "fr/a-propos/", "en": "en/about/"}
PHONE = {"width": 390, "height": 844}


def _shops() -> list[dict]:
    found = []
    for path in sorted(SHOPS.glob("*/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found.append({"slug": path.stem, "town": path.parent.name, "status": data.get("status", "open"),
                      "photos": len(data.get("photos") or []), "categories": data.get("categories") or []})
    return found


def _pick(shops: list[dict], **wanted) -> dict:
    for shop in shops:
        if all(shop[k] == v if not callable(v) else v(shop[k]) for k, v in wanted.items()):
            return shop
    raise AssertionError(f"the sample has no shop with {wanted}")


def _page_types() -> list[tuple[str, str]]:
    """(name, path in the site) of one page of each kind, in each language."""
    shops = _shops()
    with_photos = _pick(shops, status="open", photos=lambda n: n >= 2)
    temporary = _pick(shops, status="temporarily_closed")
    closed = _pick(shops, status="closed")
    found = [("root", "")]
    for lang in LANGS:
        p = PATHS[lang]
        found += [
            (f"{lang}-home", f"{lang}/"),
            (f"{lang}-shop-with-photos", f"{lang}/{p['shop']}/{with_photos['slug']}/"),
            (f"{lang}-shop-temporarily-closed", f"{lang}/{p['shop']}/{temporary['slug']}/"),
            (f"{lang}-shop-closed", f"{lang}/{p['shop']}/{closed['slug']}/"),
            (f"{lang}-town", f"{lang}/{p['town']}/{with_photos['town']}/"),
            (f"{lang}-category", f"{lang}/{p['category']}/{with_photos['categories'][0]}/"),
            (f"{lang}-categories", f"{lang}/{p['category']}/"),
            (f"{lang}-towns", f"{lang}/{p['town']}/"),
            (f"{lang}-services", f"{lang}/{p['service']}/"),
            (f"{lang}-search", f"{lang}/{p['search']}/"),
            (f"{lang}-editorial", EDITORIAL[lang]),
        ]
    return found


PAGE_TYPES = _page_types()
SHOP_WITH_PHOTOS = {lang: dict(PAGE_TYPES)[f"{lang}-shop-with-photos"] for lang in LANGS}


# --- fixtures ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def base_url(sample_site, serve) -> str:
    return serve(sample_site)


@pytest.fixture(scope="module")
def paginated_url(tmp_path_factory, serve) -> str:
    """The sample again, with two shops per listing page, so that listings have several pages."""
    output = tmp_path_factory.mktemp("paginated") / "output"
    result = build(output, None, "-e", "VITRINES_PAGE_SIZE=2")
    assert result.returncode == 0, result.stderr
    return serve(output)


class Session:
    """A browser context that lets pages reach 127.0.0.1 only, and collects script errors."""

    def __init__(self, browser, **options):
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(**options)
        self.context.route("**/*", self._route)

    def _route(self, route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def open(self, url: str):
        page = self.context.new_page()
        page.on("pageerror", lambda exc: self.errors.append(f"{url}: {exc}"))
        response = page.goto(url, wait_until="load")
        assert response is not None and response.ok, f"{url}: HTTP {response.status if response else '?'}"
        return page

    def check(self):
        assert not self.blocked, "requests to other hosts than 127.0.0.1:\n" + "\n".join(self.blocked)
        assert not self.errors, "script errors:\n" + "\n".join(self.errors)


@pytest.fixture
def session(browser):
    s = Session(browser)
    yield s
    s.context.close()
    s.check()


@pytest.fixture
def phone(browser):
    s = Session(browser, viewport=PHONE, device_scale_factor=3, is_mobile=True, has_touch=True)
    yield s
    s.context.close()
    s.check()


def axe_violations(page) -> list[str]:
    page.add_script_tag(content=AXE_JS)
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    report = []
    for v in results["violations"]:
        report.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:10]:
            summary = " ".join(line.strip() for line in node.get("failureSummary", "").splitlines()[1:])
            report.append(f"    {' '.join(map(str, node['target']))}: {summary}")
    return report


# --- axe-core on every kind of page -------------------------------------------------

@pytest.mark.parametrize("path", [p for _, p in PAGE_TYPES], ids=[n for n, _ in PAGE_TYPES])
def test_axe_finds_no_violation(session, base_url, path):
    page = session.open(base_url + path)
    violations = axe_violations(page)
    assert not violations, f"{path}:\n" + "\n".join(violations)


@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_no_violation_on_a_listing_s_pages(session, paginated_url, lang):
    """The first page of a long listing (with its list of every page) and the second."""
    shops = _shops()
    town = _pick(shops, status="open", photos=lambda n: n >= 2)["town"]
    path = f"{lang}/{PATHS[lang]['town']}/{town}/"
    page = session.open(paginated_url + path)
    assert page.locator(".pagination-pages a").count() > 2, f"{path}: no list of the pages"
    violations = axe_violations(page)
    assert not violations, f"{path}:\n" + "\n".join(violations)
    page.locator("a[rel=next]").click()
    page.wait_for_load_state()
    assert page.locator("a[rel=prev]").count() == 1, f"{page.url}: no link to the previous page"
    violations = axe_violations(page)
    assert not violations, f"{page.url}:\n" + "\n".join(violations)


@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_no_violation_on_a_phone(phone, base_url, lang):
    path = SHOP_WITH_PHOTOS[lang]
    page = phone.open(base_url + path)
    violations = axe_violations(page)
    assert not violations, f"{path} at {PHONE['width']}×{PHONE['height']}:\n" + "\n".join(violations)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{path}: the page scrolls sideways on a phone ({width}px wide)"


# --- keyboard -------------------------------------------------------------------------

KEYBOARD_PAGES = [("home", lambda lang: f"{lang}/"), ("shop", lambda lang: SHOP_WITH_PHOTOS[lang])]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind,make_path", KEYBOARD_PAGES, ids=[k for k, _ in KEYBOARD_PAGES])
def test_tab_reaches_the_skip_link_first_and_it_moves_focus_to_main(session, base_url, lang, kind, make_path):
    page = session.open(base_url + make_path(lang))
    page.keyboard.press("Tab")
    first = page.evaluate("""() => {
        const e = document.activeElement, r = e.getBoundingClientRect();
        return {tag: e.tagName, href: e.getAttribute('href'), text: e.textContent.trim(),
                visible: r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0
                         && r.bottom <= innerHeight && r.right <= innerWidth};
    }""")
    assert first["tag"] == "A" and first["href"] == "#main", f"the first Tab stop is {first}"
    assert first["visible"], f"the skip link is not on screen when it has the focus: {first}"
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'", timeout=2000)
    assert page.evaluate("document.activeElement.tagName") == "MAIN"


FOCUS_STYLE_JS = """
() => {
  const e = document.activeElement, s = getComputedStyle(e);
  return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow];
}
"""
UNFOCUSED_STYLES_JS = """
() => Array.from(document.querySelectorAll(
    'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])'))
  .map(e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow]; })
"""
FOCUSED_INDEX_JS = """
() => Array.from(document.querySelectorAll(
    'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])'))
  .indexOf(document.activeElement)
"""
DESCRIBE_JS = "() => document.activeElement.outerHTML.slice(0, 160)"


def _visible_indicator(unfocused: list, focused: list) -> bool:
    outline_style, outline_width, _, shadow = focused
    has_outline = outline_style not in ("none", "hidden") and float(outline_width.removesuffix("px") or 0) >= 2
    has_shadow = shadow not in ("", "none")
    return focused != unfocused and (has_outline or has_shadow)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind,make_path", KEYBOARD_PAGES, ids=[k for k, _ in KEYBOARD_PAGES])
def test_every_interactive_element_shows_its_focus(session, base_url, lang, kind, make_path):
    path = make_path(lang)
    page = session.open(base_url + path)
    unfocused = page.evaluate(UNFOCUSED_STYLES_JS)
    assert unfocused, f"{path}: nothing to focus"
    reached, problems = set(), []
    for _ in range(len(unfocused) + 5):
        page.keyboard.press("Tab")
        index = page.evaluate(FOCUSED_INDEX_JS)
        if index < 0 or index in reached:
            break
        reached.add(index)
        focused = page.evaluate(FOCUS_STYLE_JS)
        if not _visible_indicator(unfocused[index], focused):
            problems.append(f"{page.evaluate(DESCRIBE_JS)}: focused {focused}, unfocused {unfocused[index]}")
    assert len(reached) >= min(5, len(unfocused)), f"{path}: Tab reached only {len(reached)} elements"
    assert not problems, f"{path}: no visible focus indicator on:\n" + "\n".join(problems)
