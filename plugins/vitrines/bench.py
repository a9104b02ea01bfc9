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
        written: set[str] = set()
        for shop in shops:
            pipeline.publish(shop, shop.photos[0], work / "out", written)
        cold = time.perf_counter() - start
        encoded = pipeline.encoded
        start = time.perf_counter()
        warm_pipeline = images.Pipeline(work / "cache", options)
        warm_pipeline.prepare(shops)
        for shop in shops:
            warm_pipeline.publish(shop, shop.photos[0], work / "out", set())
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
    weights = [9, 3, 3, 2, 8, 3, 3, 2, 4, 2, 2, 1, 1, 1, 2, 3, 2, 1]
    cat_ids = list(categories)
    shops, seen = [], set()
    for i in range(count):
        town = town_list[i % len(town_list)] if i < len(town_list) else rng.choice(town_list)
        cat = rng.choices(cat_ids, weights[: len(cat_ids)])[0]
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


def machine() -> dict:
    return {"cores": os.cpu_count(), "python": platform.python_version(), "machine": platform.machine(),
            "processor": platform.processor() or platform.machine()}


def print_table(title: str, rows: dict) -> None:
    print(f"\n{title}")
    width = max(len(k) for k in rows)
    for key, value in rows.items():
        print(f"  {key:<{width}}  {value}")


def run(args) -> int:
    cache = Path(args.cache)
    results = {"machine": machine()}
    if args.photos:
        results["images"] = bench_images(cache, args.photos)
        print_table(f"Photos ({args.photos} camera-like 4000×3000 JPEGs, default settings)", results["images"])
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
        print(f"\nsaved {args.json}")
    return 0
