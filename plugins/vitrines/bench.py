"""``vitrines bench``: measured figures, printed as a table and saved as JSON.

Speed targets live here, never in timed unit tests. Each benchmark works on
generated inputs (kept in ``.cache/bench`` so a second run does not pay for
generating them again) and reports the machine's core count beside its figures.
"""

from __future__ import annotations

import json
import math
import os
import platform
import random
import shutil
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageFilter

from . import images
from .model import Photo, Shop


def camera_like_photo(path: Path, seed: int, size=(4000, 3000)) -> None:
    """A photo-like JPEG: smooth light, shapes and sensor-like grain (not flat colour, not pure noise)."""
    rng = random.Random(seed)
    w, h = size
    small = Image.new("RGB", (w // 50, h // 50))
    base = [rng.randrange(40, 220) for _ in range(3)]
    small.putdata([tuple(max(0, min(255, c + rng.randrange(-60, 60))) for c in base)
                   for _ in range(small.width * small.height)])
    im = small.resize(size, Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(8))
    grain = Image.effect_noise(size, 18).convert("RGB")
    im = Image.blend(im, grain, 0.12)
    exif = Image.Exif()
    exif[0x0112] = rng.choice((1, 1, 1, 6, 8))
    im.save(path, "JPEG", quality=90, exif=exif)


def photo_set(cache: Path, count: int) -> list[Path]:
    folder = cache / "bench" / "photos"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"photo-{i:04d}.jpg"
        if not path.exists():
            camera_like_photo(path, seed=i)
        paths.append(path)
    return paths


def _publish(pipeline: images.Pipeline, shop: Shop, site: Path) -> None:
    """A shop's photo as a build publishes it: its files copied into the site (under names that
    change with their bytes, so a file already there is current)."""
    _, files = pipeline.picture(shop, shop.photos[0])
    for rel, source in files:
        target = site / rel
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


def bench_images(cache: Path, count: int, options: images.Options | None = None) -> dict:
    options = options or images.Options()
    sources = photo_set(cache, count)
    shops = [Shop(slug=f"shop-{i}", town="bench", source="", name="", categories=("x",),
                  updated=None, added=None, photos=(Photo(p.name, p, {}),)) for i, p in enumerate(sources)]
    work = Path(tempfile.mkdtemp(prefix="vitrines-bench-"))
    try:
        pipeline = images.Pipeline(work / "cache", options)
        start = time.perf_counter()
        assert not pipeline.prepare(shops)
        for shop in shops:
            _publish(pipeline, shop, work / "out")
        cold = time.perf_counter() - start
        encoded = pipeline.encoded
        start = time.perf_counter()
        warm_pipeline = images.Pipeline(work / "cache", options)
        warm_pipeline.prepare(shops)
        for shop in shops:
            _publish(warm_pipeline, shop, work / "out")
        warm = time.perf_counter() - start
    finally:
        shutil.rmtree(work, ignore_errors=True)
    cores = os.cpu_count() or 1
    return {
        "photos": count, "source_size": "4000x3000", "cores": cores,
        "widths": list(options.widths), "formats": [*options.formats, "jpeg"],
        "cold_seconds": round(cold, 2), "cold_photos_per_second": round(count / cold, 2),
        "cold_photos_per_second_per_core": round(count / cold / cores, 2),
        "warm_seconds": round(warm, 3), "warm_encoded": warm_pipeline.encoded, "cold_encoded": encoded,
    }


# --- a generated directory, for the search benchmark (and the search tests' large corpus) ---------

_SYLLABLES = ("mar", "bel", "cour", "ville", "mont", "roche", "fon", "lac", "pré", "saint", "val", "beau",
              "bois", "riv", "tan", "lou", "ber", "char", "gen", "clair", "haut", "mor", "vic", "ham")
_SURNAMES = ("Dupont", "Lemaire", "Carlier", "Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier",
             "Morin", "Lavoie", "Fortin", "Gagné", "Ouellet", "Pelletier", "Bélanger", "Lévesque", "Bergeron",
             "Leblanc", "Paquette", "Girard", "Simard", "Boucher", "Caron", "Beaulieu", "Cloutier", "Dubé",
             "Poirier", "Fournier", "Lapointe", "Leclerc", "Lefebvre", "Smith", "Brown", "Wilson", "Martin",
             "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "White", "Harris", "Clark", "Lewis", "Walker",
             "Nguyen", "Singh", "Patel", "Kowalski", "Rossi", "Silva", "Janssens", "Peeters", "Maes", "Claes",
             "Wouters", "Mertens", "Willems", "Goossens", "De Smet", "Dubois", "Lambert", "Dupuis", "Renard")
_FIRST = ("Marie", "Julie", "Élise", "Chloé", "Léa", "Camille", "Sophie", "Anne", "Louis", "Hugo", "Théo",
          "Lucas", "Jules", "Émile", "Olivier", "Nathan", "Sarah", "Emma", "Noah", "Liam", "Mia", "Zoé")
_PLACES = ("du Marché", "de la Gare", "du Parc", "des Halles", "du Vieux-Port", "du Beffroi", "du Centre",
           "de la Place", "du Faubourg", "des Remparts", "du Quartier", "Saint-Jean", "Sainte-Anne", "du Lac",
           "Queen Street", "Main Street", "the Corner", "Market Square", "Old Town", "Riverside")
_PRODUCTS = {
    "bakery": (("pain au levain", "croissants", "baguettes", "tartes", "brioches", "viennoiseries", "pâtisseries"),
               ("sourdough bread", "croissants", "baguettes", "pies", "buns", "pastries", "cakes")),
    "butcher": (("viande locale", "saucisses", "charcuterie", "pâtés", "volailles"),
                ("local meat", "sausages", "cured meats", "pâté", "poultry")),
    "cheese": (("fromages affinés", "fromage en grains", "beurre", "crèmerie", "tomme"),
               ("aged cheeses", "cheese curds", "butter", "dairy", "wheels")),
    "grocery": (("fruits", "légumes", "épices", "conserves", "produits en vrac"),
                ("fruit", "vegetables", "spices", "preserves", "bulk foods")),
    "cafe": (("café torréfié", "thé", "chocolat chaud", "espresso", "gâteaux"),
             ("roasted coffee", "tea", "hot chocolate", "espresso", "cakes")),
    "restaurant": (("cuisine du marché", "plats du jour", "brunch", "desserts maison"),
                   ("market cuisine", "daily specials", "brunch", "homemade desserts")),
    "florist": (("bouquets", "plantes", "fleurs coupées", "compositions", "orchidées"),
                ("bouquets", "plants", "cut flowers", "arrangements", "orchids")),
    "bookshop": (("livres", "romans", "bandes dessinées", "livres jeunesse", "cartes"),
                 ("books", "novels", "comics", "children's books", "maps")),
    "clothing": (("vêtements", "manteaux", "robes", "pulls", "accessoires"),
                 ("clothes", "coats", "dresses", "sweaters", "accessories")),
    "shoes": (("chaussures", "bottes", "réparations", "semelles"), ("shoes", "boots", "repairs", "soles")),
    "jewellery": (("bijoux", "bagues", "montres", "colliers"), ("jewellery", "rings", "watches", "necklaces")),
    "hardware": (("outils", "peinture", "quincaillerie", "vis", "jardinage"),
                 ("tools", "paint", "hardware", "screws", "gardening")),
    "bicycle": (("vélos", "réparations", "pièces", "vélos électriques"),
                ("bikes", "repairs", "parts", "e-bikes")),
    "toys": (("jouets", "jeux de société", "puzzles", "peluches"), ("toys", "board games", "puzzles", "plush")),
    "gifts": (("cadeaux", "décoration", "artisanat", "bougies"), ("gifts", "decor", "crafts", "candles")),
    "beauty": (("coiffure", "soins", "coupes", "barbier"), ("haircuts", "treatments", "styling", "barber")),
    "wine": (("vins", "bières artisanales", "spiritueux", "cidres"), ("wines", "craft beers", "spirits", "ciders")),
    "pharmacy": (("tisanes", "herbes", "soins naturels", "vitamines"), ("herbal teas", "herbs", "natural care", "vitamins")),
}
_WEEKS = (
    {"tue": ["09:00-18:00"], "wed": ["09:00-18:00"], "thu": ["09:00-18:00"], "fri": ["09:00-19:00"], "sat": ["09:00-17:00"]},
    {"mon": ["10:00-18:00"], "tue": ["10:00-18:00"], "wed": ["10:00-18:00"], "thu": ["10:00-20:00"],
     "fri": ["10:00-20:00"], "sat": ["10:00-17:00"], "sun": ["12:00-17:00"]},
    {"tue": ["06:30-13:00", "14:00-18:30"], "wed": ["06:30-13:00", "14:00-18:30"], "thu": ["06:30-13:00", "14:00-18:30"],
     "fri": ["06:30-13:00", "14:00-18:30"], "sat": ["06:30-18:00"], "sun": ["07:00-13:00"]},
    {"wed": ["11:30-14:00", "18:00-22:00"], "thu": ["11:30-14:00", "18:00-22:00"], "fri": ["11:30-14:00", "18:00-23:30"],
     "sat": ["18:00-01:00"], "sun": ["11:00-15:00"]},
    {"mon": ["08:00-20:00"], "tue": ["08:00-20:00"], "wed": ["08:00-20:00"], "thu": ["08:00-20:00"],
     "fri": ["08:00-20:00"], "sat": ["08:00-20:00"], "sun": ["09:00-18:00"]},
)


def generated_directory(count: int, seed: int = 1, root: Path | None = None):
    """A made-up directory of ``count`` shops in ``max(3, count // 250)`` towns, in memory."""
    from datetime import date, timedelta

    import yaml

    from .directory import Directory
    from .model import DAYS, Category, HoursException, Range, Town

    rng = random.Random(seed)
    cats_file = Path(__file__).resolve().parents[2] / "shops" / "categories.yaml"
    raw = yaml.safe_load(cats_file.read_text(encoding="utf-8")) if cats_file.is_file() else {
        k: {"fr": v[0][0], "en": v[1][0], "synonyms": []} for k, v in _PRODUCTS.items()}
    categories = {k: Category(k, {"fr": v["fr"], "en": v["en"]}, tuple(v.get("synonyms", ())))
                  for k, v in raw.items() if k in _PRODUCTS}
    zones = (("BE", "Europe/Brussels", 50.5, 4.4, "fr"), ("CA", "America/Toronto", 45.5, -75.0, "fr"),
             ("CA", "America/Toronto", 43.7, -79.4, "en"), ("CA", "America/Vancouver", 49.2, -123.1, "en"))
    towns = {}
    for i in range(max(3, count // 250)):
        name = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 2, 3)))).capitalize()
        country, tz, lat, lon, language = zones[i % len(zones)]
        slug = f"{name.lower()}-{i}".replace("é", "e")
        towns[slug] = Town(slug, f"{name}-{i}" if rng.random() < 0.2 else name, country, tz, language,
                           lat + rng.uniform(-2, 2), lon + rng.uniform(-3, 3), region="Région", radius_km=15.0)
    town_list = list(towns.values())
    holidays = [(date(2026, 12, 24), date(2026, 12, 24), (Range(540, 960),)), (date(2026, 12, 25), date(2026, 12, 26), ()),
                (date(2027, 1, 1), date(2027, 1, 1), ()), (date(2027, 1, 4), date(2027, 1, 15), ())]
    services = ("delivery", "curbside_pickup", "online_ordering", "click_and_collect", "gift_cards",
                "wheelchair_accessible", "repairs", "gift_wrapping", "local_products", "bulk_zero_waste",
                "workshops", "wifi", "terrace", "pet_friendly")
    share = {"bakery": 5, "butcher": 3, "cheese": 2, "grocery": 8, "cafe": 7, "restaurant": 12, "florist": 3,
             "bookshop": 2, "clothing": 10, "shoes": 3, "jewellery": 3, "hardware": 3, "bicycle": 2, "toys": 2,
             "gifts": 6, "beauty": 10, "wine": 3, "pharmacy": 4}  # roughly a city's high streets
    cat_ids = list(categories)
    weights = [share.get(c, 3) for c in cat_ids]
    shops, seen = [], set()
    for i in range(count):
        town = town_list[i % len(town_list)] if i < len(town_list) else rng.choice(town_list)
        cat = rng.choices(cat_ids, weights)[0]
        cats = [cat] + ([rng.choice(cat_ids)] if rng.random() < 0.2 else [])
        cats = list(dict.fromkeys(cats))
        label = categories[cat].labels[rng.choice(("fr", "fr", "en"))]
        style = rng.random()
        if style < 0.4:
            name = f"{label} {rng.choice(_SURNAMES)}"
        elif style < 0.6:
            name = f"{label} {rng.choice(_PLACES)}"
        elif style < 0.8:
            name = f"Chez {rng.choice(_FIRST)}"
        else:
            name = f"{rng.choice(_SURNAMES)} & {rng.choice(('Fils', 'Filles', 'Co.', 'Frères', 'Sons'))}"
        slug = "".join(c if c.isalnum() else "-" for c in name.lower()).encode("ascii", "ignore").decode()
        slug = "-".join(filter(None, slug.split("-"))) or "shop"
        while f"{town.slug}/{slug}" in seen or slug in seen:
            slug = f"{slug}-{rng.randrange(10, 99)}"
        seen.add(slug)
        fr_products, en_products = _PRODUCTS[cat]
        picks = rng.sample(range(len(fr_products)), k=min(3, len(fr_products)))
        year = rng.randrange(1950, 2025)
        street = f"{rng.choice(('Rue', 'Avenue', 'Chaussée', 'Boulevard'))} {rng.choice(_SURNAMES)} {rng.randrange(1, 300)}"
        description = {
            "fr": (f"Depuis {year}, {rng.choice(_FIRST)} {rng.choice(_SURNAMES)} vous accueille {rng.choice(_PLACES)}. "
                   f"Vous y trouverez {', '.join(fr_products[k] for k in picks)}, choisis avec soin."
                   + (" Les produits viennent de la région." if rng.random() < 0.5 else "")),
            "en": (f"Since {year}, {rng.choice(_FIRST)} {rng.choice(_SURNAMES)} welcomes you near {rng.choice(_PLACES)}. "
                   f"Come for {', '.join(en_products[k] for k in picks)}, chosen with care."
                   + (" Everything comes from local producers." if rng.random() < 0.5 else "")),
        }
        if rng.random() < 0.15:
            description.pop("en")
        week = rng.choice(_WEEKS)
        if rng.random() < 0.3:  # a shop's own variation: opens later on one day
            week = {**week, rng.choice(list(week)): [f"{rng.randrange(8, 12):02d}:00-{rng.randrange(15, 20):02d}:00"]}
        hours = {d: tuple(Range.parse(t) for t in week.get(d, ())) for d in DAYS} if rng.random() < 0.95 else None
        exceptions = tuple(HoursException(*rng.choice(holidays)) for _ in range(1) if rng.random() < 0.1)
        online = rng.random() < 0.02
        angle, dist = rng.uniform(0, 6.283), rng.uniform(0, 0.8) * town.radius_km
        lat = town.lat + dist / 111.2 * math.cos(angle)
        lon = town.lon + dist / (111.2 * math.cos(math.radians(town.lat))) * math.sin(angle)
        shops.append(Shop(
            slug=slug, town=town.slug, source=f"{town.slug}/{slug}.yaml", name=name, categories=tuple(cats),
            updated=date(2026, 1, 1), added=date(2025, 1, 1) + timedelta(days=i % 600),
            description=description, online_only=online, street="" if online else street,
            postal_code=str(rng.randrange(1000, 9999)), lat=None if online else round(lat, 5),
            lon=None if online else round(lon, 5), hours=hours, exceptions=exceptions,
            services=tuple(sorted(rng.sample(services, k=rng.randrange(0, 5)))),
            languages=tuple(sorted({town.language, *rng.sample(("fr", "en", "nl", "es", "ar", "it"), k=rng.randrange(0, 3))})),
        ))
    directory = Directory(root or Path("generated"), towns=towns, categories=categories)
    directory.shops = sorted(shops, key=lambda s: (s.town, s.slug))
    return directory


# --- search: index build, static index size, bytes and requests in Chromium -----------------------

SEARCH_QUERIES = [  # (query class, first search, following search) as the address of the search page
    ("category word", "?q=boulangerie", "?q=fleuriste"),
    ("English word on the French page", "?q=bakery", "?q=flowers"),
    ("shop name", "?q=tremblay", "?q=chez+marie"),
    ("two words", "?q=boulangerie+{town}", "?q=librairie+{town}"),
    ("typo", "?q=boulangrie", "?q=fleuristte"),
    ("prefix while typing", "?q=boul", "?q=libr"),
    ("words and filters", "?q=boulangerie&town={town}&open=1", "?q=fromage&service=delivery"),
    ("filters only", "?category=bakery&town={town}", "?category=florist&town={town}"),
]
COMPRESSED = (".js", ".json", ".html", ".css", ".txt")


def _gzip_server(folder: Path):
    """A local HTTP server that gzips text files, as a CDN would; Pagefind's files come gzipped."""
    import functools
    import gzip
    import http.server
    import threading

    packed: dict[str, bytes] = {}

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_head(self):
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if path.suffix not in COMPRESSED or not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
                return super().send_head()
            key = str(path)
            if key not in packed:
                packed[key] = gzip.compress(path.read_bytes(), 6)
            body = packed[key]
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            import io
            return io.BytesIO(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


_PAINT_PROBE = """
window.__paints = [];
document.addEventListener("DOMContentLoaded", () => {
  const target = document.getElementById("search") || document.body;
  new MutationObserver(() => requestAnimationFrame(() => requestAnimationFrame(() =>
    window.__paints.push(performance.now())))).observe(target, {childList: true, subtree: true, characterData: true});
});
"""


def _measure(page, go, ready, is_search_file) -> dict:
    """Bytes (as transferred), requests and paint delay of one search."""
    seen = []
    listener = lambda request: seen.append(request)  # noqa: E731
    page.on("requestfinished", listener)
    start = page.evaluate("performance.now()")
    go()
    ready()
    page.wait_for_timeout(50)
    page.remove_listener("requestfinished", listener)
    mine = [r for r in seen if is_search_file(r.url)]
    size = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in mine)
    body = sum(r.sizes()["responseBodySize"] for r in mine)
    timing = page.evaluate("""(start) => {
        const data = performance.getEntriesByType("resource").filter(e => e.startTime >= start)
            .map(e => e.responseEnd);
        const last = data.length ? Math.max(...data) : start;
        const paint = (window.__paints || []).filter(t => t >= last);
        return {last, paint: paint.length ? paint[0] : null};
    }""", start)
    paint_ms = round(timing["paint"] - timing["last"], 1) if timing["paint"] is not None else None
    return {"kb": round(body / 1024, 1), "kb_with_headers": round(size / 1024, 1), "requests": len(mine),
            "paint_after_data_ms": paint_ms}


def _search_page_site(work: Path) -> Path:
    """The sample built by Pelican: its search page and theme, to hold a generated static index."""
    import subprocess
    import sys
    site = work / "site"
    done = subprocess.run([str(Path(sys.executable).with_name("pelican")), "content", "-s", "pelicanconf.py",
                           "-o", str(site), "-e", f'VITRINES_SEARCH_INDEX_DIR="{work / "sample-index"}"'],
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"vitrines bench: building the sample failed:\n{done.stderr[-2000:]}")
    return site


def _pagefind_pages(directory, folder: Path) -> None:
    """One small HTML page per shop (French), with the text our index holds, for Pagefind."""
    from html import escape

    from .schema import labels
    services = labels("services")
    for shop in directory.shops:
        town = directory.towns[shop.town]
        cats = [directory.categories[c] for c in shop.categories]
        words = " ".join(" ".join([*c.labels.values(), *c.synonyms]) for c in cats)
        filters = "".join(f'<span data-pagefind-filter="category">{escape(c.id)}</span>' for c in cats)
        filters += f'<span data-pagefind-filter="town">{escape(town.slug)}</span>'
        filters += "".join(f'<span data-pagefind-filter="service">{escape(s)}</span>' for s in shop.services)
        svc = " ".join(" ".join(services.get(s, {}).values()) for s in shop.services)
        desc = " ".join(f"<p>{escape(t)}</p>" for t in shop.description.values())
        page = folder / "fr" / "commerces" / shop.slug / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{escape(shop.name)}</title>'
                        f'</head><body><main data-pagefind-body><h1>{escape(shop.name)}</h1><p>{escape(words)}</p>'
                        f'<p>{escape(town.name)} {escape(shop.street)}</p><p>{escape(svc)}</p>{desc}'
                        f'<div hidden>{filters}</div></main></body></html>', encoding="utf-8")
    (folder / "search.html").write_text(
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Pagefind</title></head><body>'
        '<script type="module">import * as pagefind from "./pagefind/pagefind.js";'
        'window.run = async (q, filters, shown) => { const r = await pagefind.search(q || null, {filters});'
        'const data = await Promise.all(r.results.slice(0, shown).map(x => x.data()));'
        'document.body.dataset.done = (document.body.dataset.done || "") + "|" + data.length; return r.results.length; };'
        'window.ready = true;</script></body></html>', encoding="utf-8")


def _pagefind_filters(query: str) -> tuple[str, dict]:
    from urllib.parse import parse_qs
    params = parse_qs(query.lstrip("?"))
    filters = {k: v for k, v in params.items() if k in ("category", "town", "service")}
    return params.get("q", [""])[0], filters


def bench_search(cache: Path, count: int, pagefind: bool = True) -> dict:
    """The search at ``count`` shops: index build cold and after one change, static index size,
    bytes and requests of a first and a following search in Chromium, and Pagefind beside it."""
    import dataclasses
    import gzip
    import subprocess

    from . import search as vsearch
    from .search import export

    work = Path(tempfile.mkdtemp(prefix="vitrines-bench-search-"))
    out: dict = {"shops": count, "cores": os.cpu_count()}
    try:
        def timed(name: str, job):
            """``job()``, its seconds recorded as ``out[name]``."""
            start = time.perf_counter()
            result = job()
            out[name] = round(time.perf_counter() - start, 1)
            return result

        directory = timed("generate_seconds", lambda: generated_directory(count, seed=1, root=work / "shops"))
        idx = vsearch.Index(work / "index")
        rules = vsearch.Rules.from_settings({})
        # the build's path: the terms cache, then the export; the Whoosh index (vitrines search) apart
        timed("terms_cold_seconds", lambda: idx.update_terms(directory, rules))
        files = timed("export_cold_seconds", lambda: export.build(idx))
        timed("whoosh_cold_seconds", lambda: idx.update(directory, rules))

        shops = list(directory.shops)
        shops[len(shops) // 2] = dataclasses.replace(shops[len(shops) // 2], name="Boulangerie Nouvelle Enseigne",
                                                     description={"fr": "Pains au levain et viennoiseries."})
        changed = dataclasses.replace(directory, shops=shops)
        timed("terms_one_change_seconds", lambda: idx.update_terms(changed, rules))
        out["terms_one_change_remade"] = idx.updated
        files2 = timed("export_one_change_seconds", lambda: export.build(idx))
        timed("whoosh_one_change_seconds", lambda: idx.update(changed, rules))
        new_names = set(files2) - set(files)
        out["files_changed_by_one_change"] = len(new_names)
        out["kb_changed_by_one_change"] = round(sum(len(files2[n]) for n in new_names) / 1024, 1)
        idx.update(directory, rules)  # back to the generated directory
        files = export.build(idx)

        out["static_files"] = len(files)
        out["static_mb"] = round(sum(map(len, files.values())) / 2**20, 1)
        out["static_mb_gzip"] = round(sum(len(gzip.compress(b, 6)) for b in files.values()) / 2**20, 1)
        out["manifest_kb_gzip"] = round(len(gzip.compress(files["manifest.json"], 6)) / 1024, 1)

        site = _search_page_site(work)
        shutil.rmtree(site / "assets" / "search", ignore_errors=True)
        export.write(files, site)
        town = directory.towns[directory.shops[0].town]
        out["queries"] = _browser_runs(site, town, "fr/recherche/", PHONE)

        if pagefind:
            try:
                out["pagefind"] = _bench_pagefind(cache, directory, work, town)
            except Exception as exc:  # a comparison, not our figures: say why it is missing
                out["pagefind"] = {"skipped": f"{type(exc).__name__}: {exc}"[:300]}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


PHONE = {"width": 390, "height": 844}


def _browser_runs(site: Path, town, search_path: str, viewport: dict = PHONE) -> dict:
    from playwright.sync_api import sync_playwright

    server, base = _gzip_server(site)
    runs: dict = {}
    names = lambda q: q.replace("{town}", town.slug if "town=" in q.split("{town}")[0][-6:] else town.name.lower())  # noqa

    def is_search_file(url: str) -> bool:
        return "/assets/search/" in url or url.endswith("/search/manifest.json") or "/search." in url.rsplit("/", 1)[-1]

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--headless", "--no-sandbox", "--disable-gpu"])
            for label, first, following in SEARCH_QUERIES:
                context = browser.new_context(viewport=viewport)
                context.add_init_script(_PAINT_PROBE)
                page = context.new_page()

                def go_to(query):
                    return lambda: page.goto(base + search_path + names(query))

                def ready(query):
                    q = dict(x.split("=", 1) for x in names(query).lstrip("?").split("&") if "=" in x).get("q", "")
                    q = q.replace("+", " ")
                    return lambda: page.wait_for_selector(f'#search[data-state="ready"][data-query="{q}"]',
                                                          state="attached", timeout=60_000)

                one = _measure(page, go_to(first), ready(first), is_search_file)
                page.evaluate("window.__paints = []")
                # a following search in the same page, typed into the field
                q2 = dict(x.split("=", 1) for x in names(following).lstrip("?").split("&")).get("q", "").replace("+", " ")

                def type_following():
                    params = names(following)
                    page.evaluate("""(p) => { history.replaceState(null, "", location.pathname + p);
                                             window.dispatchEvent(new PopStateEvent("popstate")); }""", params)

                two = _measure(page, type_following, ready(following), is_search_file)
                runs[label] = {"first": one, "following": two, "queries": [names(first), names(following)]}
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return runs


def _bench_pagefind(cache: Path, directory, work: Path, town) -> dict:
    """Pagefind, installed from npm into the cache, on pages with the same text."""
    import subprocess
    binary = Path(cache).resolve() / "pagefind" / "node_modules" / ".bin" / "pagefind"
    if not binary.exists():
        done = subprocess.run(["npm", "install", "--prefix", str(binary.parents[2]), "--no-audit", "--no-fund",
                               "pagefind@1.6.0"], capture_output=True, text=True)
        if done.returncode or not binary.exists():
            return {"skipped": "pagefind could not be installed with npm: " + done.stderr[-300:]}
    pages = work / "pagefind-site"
    start = time.perf_counter()
    _pagefind_pages(directory, pages)
    pages_seconds = time.perf_counter() - start
    start = time.perf_counter()
    done = subprocess.run([str(binary), "--site", str(pages)], capture_output=True, text=True)
    if done.returncode:
        return {"skipped": "pagefind failed: " + done.stderr[-300:]}
    out = {"version": subprocess.run([str(binary), "--version"], capture_output=True, text=True).stdout.strip(),
           "index_seconds": round(time.perf_counter() - start, 1), "pages_seconds": round(pages_seconds, 1)}
    files = [p for p in (pages / "pagefind").rglob("*") if p.is_file()]
    out["static_files"] = len(files)
    out["static_mb"] = round(sum(p.stat().st_size for p in files) / 2**20, 1)
    from playwright.sync_api import sync_playwright
    server, base = _gzip_server(pages)
    runs = {}
    names = lambda q: q.replace("{town}", town.slug if "town=" in q.split("{town}")[0][-6:] else town.name.lower())  # noqa
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--headless", "--no-sandbox", "--disable-gpu"])
            for label, first, following in SEARCH_QUERIES:
                if "open=1" in first:
                    first = first.replace("&open=1", "")  # Pagefind has no "open now"
                context = browser.new_context()
                page = context.new_page()
                page.goto(base + "search.html")
                page.wait_for_function("window.ready === true")
                result = {}
                for when, query in (("first", first), ("following", following)):
                    q, filters = _pagefind_filters(names(query))
                    result[when] = _measure(page, lambda: page.evaluate("([q, f]) => window.run(q, f, 5)", [q, filters]),
                                            lambda: None, lambda url: "/pagefind/" in url)
                runs[label] = result
                context.close()
            browser.close()
    finally:
        server.shutdown()
    out["queries"] = runs
    out["note"] = "Pagefind's default UI: its first 5 results' fragments (ours shows 10 results)"
    return out


def machine() -> dict:
    return {"cores": os.cpu_count(), "python": platform.python_version(), "machine": platform.machine(),
            "processor": platform.processor() or platform.machine()}


def print_table(title: str, rows: dict) -> None:
    print(f"\n{title}")
    width = max(len(k) for k in rows)
    for key, value in rows.items():
        print(f"  {key:<{width}}  {value}")


def print_search(r: dict) -> None:
    rows = {k: v for k, v in r.items() if not isinstance(v, dict)}
    print_table(f"Search index ({r['shops']:,} generated shops)", rows)
    pf = r.get("pagefind", {})
    if pf:
        print_table("Pagefind on the same shops", {k: v for k, v in pf.items() if not isinstance(v, dict)})
    print("\n  Compressed KB and requests per search in Chromium (first: cold cache, the client included;")
    print("  following: the next search in the same page), and ms from the last byte of data to the")
    print("  results painted. Budgets: first <= 80 KB, following <= 25 KB, paint <= 100 ms.")
    print(f"\n  {'query class':<34} {'search':<10} {'ours KB / req / ms':>21} {'Pagefind KB / req':>19}")
    for label, run in r["queries"].items():
        theirs = pf.get("queries", {}).get(label, {})
        for when in ("first", "following"):
            m, t = run[when], theirs.get(when)
            print(f"  {label:<34} {when:<10} {m['kb']:>8} / {m['requests']:>3} / {m['paint_after_data_ms']!s:>5}"
                  + (f" {t['kb']:>12} / {t['requests']:>3}" if t else ""))


def run(args) -> int:
    cache = Path(args.cache)
    results = {"machine": machine()}
    if getattr(args, "shops", 0):
        from .bench_build import bench_build
        results["build"] = bench_build(cache, args.shops, plain_pelican=not getattr(args, "no_plain_pelican", False),
                                       rounds=getattr(args, "rounds", 1))
        print_table(f"Build ({args.shops} generated shops, two languages, search index, no photos)",
                    results["build"])
    if args.photos:
        results["images"] = bench_images(cache, args.photos)
        print_table(f"Photos ({args.photos} camera-like 4000×3000 JPEGs, default settings)", results["images"])
    if getattr(args, "search", 0):
        results["search"] = bench_search(cache, args.search, pagefind=not getattr(args, "no_pagefind", False))
        print_search(results["search"])
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
        print(f"\nsaved {args.json}")
    return 0
