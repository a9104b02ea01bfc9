"""``vitrines demo``: a realistic, generated shops folder of any size.

For benchmarks and tests at scale (the sample directory is hand-written and
is not made with this). The folder is complete — towns, categories and
programs files included — and every shop file is valid: real French and
English words, phone numbers and postal codes of each town's country,
coordinates near the town, hours with breaks and holidays, services,
languages, programs, optional generated photos. The same seed gives the same
folder, byte for byte.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml

SAMPLE = Path(__file__).resolve().parents[2] / "shops"


@dataclass(frozen=True)
class DemoTown:
    slug: str
    name: str
    region: str
    country: str
    timezone: str
    language: str
    lat: float
    lon: float
    phone: str  # a prefix; four more digits make a valid number
    postal: tuple[str, ...]
    streets: tuple[str, ...]


TOWNS = (
    DemoTown("mons", "Mons", "Hainaut", "BE", "Europe/Brussels", "fr", 50.4542, 3.9523, "+32 65 3",
             ("7000", "7011", "7020", "7030"), ("Rue de Nimy", "Rue de la Chaussée", "Rue d'Havré", "Grand-Place")),
    DemoTown("liege", "Liège", "Liège", "BE", "Europe/Brussels", "fr", 50.6326, 5.5797, "+32 4 22",
             ("4000", "4020", "4030"), ("Rue Saint-Gilles", "Féronstrée", "Rue Hors-Château", "Boulevard d'Avroy")),
    DemoTown("lyon", "Lyon", "Auvergne-Rhône-Alpes", "FR", "Europe/Paris", "fr", 45.7640, 4.8357, "+33 4 78 2",
             ("69001", "69002", "69003", "69004"), ("Rue de la République", "Rue Mercière", "Montée de la Grande Côte")),
    DemoTown("geneve", "Genève", "Genève", "CH", "Europe/Zurich", "fr", 46.2044, 6.1432, "+41 22 73",
             ("1201", "1204", "1205"), ("Rue du Rhône", "Rue de Carouge", "Boulevard Carl-Vogt")),
    DemoTown("quebec", "Québec", "Québec", "CA", "America/Toronto", "fr", 46.8139, -71.2080, "+1 418 52",
             ("G1R 4P5", "G1K 3A9", "G1L 2R7", "G1S 1C1"), ("Rue Saint-Jean", "Avenue Cartier", "Rue Saint-Joseph Est")),
    DemoTown("montreal", "Montréal", "Québec", "CA", "America/Toronto", "fr", 45.5019, -73.5674, "+1 514 28",
             ("H2X 1Y4", "H2T 1S6", "H2J 2L1"), ("Boulevard Saint-Laurent", "Rue Saint-Denis", "Avenue du Mont-Royal")),
    DemoTown("toronto", "Toronto", "Ontario", "CA", "America/Toronto", "en", 43.6532, -79.3832, "+1 416 36",
             ("M5V 2T6", "M6J 1E6", "M4M 1H9", "M6R 2K8"), ("Queen Street West", "Danforth Avenue", "Ossington Avenue")),
    DemoTown("winnipeg", "Winnipeg", "Manitoba", "CA", "America/Winnipeg", "en", 49.8951, -97.1384, "+1 204 94",
             ("R3C 0V8", "R3B 1B9", "R3L 0R4"), ("Corydon Avenue", "Portage Avenue", "Osborne Street")),
    DemoTown("calgary", "Calgary", "Alberta", "CA", "America/Edmonton", "en", 51.0447, -114.0719, "+1 403 26",
             ("T2P 1J9", "T2R 0B4", "T2S 2N6"), ("17 Avenue SW", "Kensington Road NW", "Stephen Avenue")),
    DemoTown("vancouver", "Vancouver", "British Columbia", "CA", "America/Vancouver", "en", 49.2827, -123.1207,
             "+1 604 68", ("V6B 1A1", "V5T 3C6", "V6K 2G8"), ("Commercial Drive", "Main Street", "West 4th Avenue")),
    DemoTown("halifax", "Halifax", "Nova Scotia", "CA", "America/Halifax", "en", 44.6488, -63.5752, "+1 902 42",
             ("B3J 1R2", "B3K 4L3", "B3H 1Y8"), ("Spring Garden Road", "Agricola Street", "Quinpool Road")),
)

WORDS = {
    "fr": {
        "adjectives": ["artisanal", "familial", "local", "chaleureux", "indépendant", "gourmand", "durable",
                       "créatif", "authentique", "accueillant", "traditionnel", "moderne", "solidaire", "convivial"],
        "products": ["pains", "viennoiseries", "fromages", "livres", "fleurs", "vins", "bières", "jouets", "bijoux",
                     "vêtements", "outils", "légumes", "fruits", "épices", "cafés", "thés", "chaussures", "savons",
                     "confitures", "chocolats", "plantes", "carnets", "céramiques", "vélos", "lunettes"],
        "places": ["atelier", "comptoir", "boutique", "maison", "épicerie", "cave", "fabrique", "marché", "coin"],
        "sentences": ["{Name} propose des {p1} et des {p2} depuis {year}.",
                      "Une adresse {adj} où l'on trouve des {p1} choisis avec soin.",
                      "L'équipe conseille chaque client et prépare des {p2} sur commande.",
                      "Le {place} travaille avec des producteurs de la région.",
                      "On y vient pour les {p1}, on y revient pour l'accueil."],
    },
    "en": {
        "adjectives": ["handmade", "family-run", "local", "friendly", "independent", "cosy", "sustainable",
                       "creative", "genuine", "welcoming", "traditional", "modern", "neighbourly", "bright"],
        "products": ["breads", "pastries", "cheeses", "books", "flowers", "wines", "beers", "toys", "jewellery",
                     "clothes", "tools", "vegetables", "fruit", "spices", "coffees", "teas", "shoes", "soaps",
                     "jams", "chocolates", "plants", "notebooks", "ceramics", "bicycles", "glasses"],
        "places": ["workshop", "counter", "shop", "house", "grocery", "cellar", "factory", "market", "corner"],
        "sentences": ["{Name} has sold {p1} and {p2} since {year}.",
                      "A {adj} address for carefully chosen {p1}.",
                      "The team advises every customer and prepares {p2} to order.",
                      "The {place} works with growers and makers from the region.",
                      "People come for the {p1} and come back for the welcome."],
    },
}
NAME_PARTS = {
    "fr": (["Chez", "Atelier", "Maison", "Comptoir", "Épicerie", "Boutique", "Au", "La Petite"],
           ["Lucie", "Marcel", "Beffroi", "Tilleul", "Moulin", "Rempart", "Soleil", "Marché", "Coin", "Clocher",
            "Jardin", "Pont", "Hirondelle", "Verger", "Faubourg", "Quai"]),
    "en": (["The", "Corner", "Little", "Old", "Main Street", "Good", "Neighbourhood", "Blue"],
           ["Pantry", "Larder", "Bench", "Oak", "Lantern", "Harbour", "Maple", "Market", "Kettle", "Loom",
            "Sparrow", "Bridge", "Garden", "Mill", "Orchard", "Compass"]),
}
SERVICES = ["delivery", "curbside_pickup", "online_ordering", "click_and_collect", "gift_cards",
            "wheelchair_accessible", "repairs", "gift_wrapping", "local_products", "bulk_zero_waste",
            "workshops", "wifi", "terrace", "pet_friendly"]
PAYMENT = ["cash", "debit_card", "credit_card", "contactless", "mobile_payment", "cheque"]
LANGUAGES = ["fr", "en", "nl", "de", "es", "it", "pt", "ar", "zh", "vi", "tl", "pl"]
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _hours(rng: random.Random) -> dict:
    opens = rng.choice(["07:00", "08:30", "09:00", "09:30", "10:00", "11:00"])
    closes = rng.choice(["17:00", "18:00", "18:30", "19:00", "20:00"])
    lunch = rng.random() < 0.4
    hours = {}
    for day in DAYS:
        if day == "sun" and rng.random() < 0.7 or day == "mon" and rng.random() < 0.4:
            continue
        if day == "sat" and rng.random() < 0.5:
            hours[day] = [f"{opens}-17:00"]
        elif lunch:
            hours[day] = [f"{opens}-12:30", f"13:30-{closes}"]
        else:
            hours[day] = [f"{opens}-{closes}"]
    return hours


def shop_document(rng: random.Random, index: int, town: DemoTown, categories: list[str], programs: list[str],
                  today: date) -> tuple[str, dict]:
    lang = town.language
    other = "en" if lang == "fr" else "fr"
    first, second = NAME_PARTS[lang]
    name = f"{rng.choice(first)} {rng.choice(second)} {index}"
    slug = f"shop-{index:06d}"
    year = rng.randrange(1950, 2025)
    description = {}
    for code in (lang, other) if rng.random() < 0.85 else (lang,):
        words = WORDS[code]
        sentences = rng.sample(words["sentences"], 3)
        description[code] = " ".join(s.format(Name=name, p1=rng.choice(words["products"]),
                                              p2=rng.choice(words["products"]), year=year,
                                              adj=rng.choice(words["adjectives"]), place=rng.choice(words["places"]))
                                     for s in sentences)
    number = f"{town.phone}{index // 10000 % 10}{index % 10000:04d}"
    updated = today - timedelta(days=rng.randrange(1, 300))
    doc = {
        "name": name,
        "categories": rng.sample(categories, rng.choice((1, 1, 2, 3))),
        "description": description,
        "address": {"street": f"{rng.choice(town.streets)} {rng.randrange(1, 300)}",
                    "postal_code": rng.choice(town.postal)},
        "geo": {"lat": round(town.lat + rng.uniform(-0.04, 0.04), 5), "lon": round(town.lon + rng.uniform(-0.05, 0.05), 5)},
        "phone": number,
        "hours": _hours(rng),
    }
    if rng.random() < 0.6:
        doc["website"] = f"https://{slug}.example"
    if rng.random() < 0.2:
        doc["online_store"] = f"https://shop.{slug}.example"
    if rng.random() < 0.5:
        doc["hours_exceptions"] = [{"date": f"{today.year}-12-25"},
                                   {"from": f"{today.year + 1}-01-02", "to": f"{today.year + 1}-01-09",
                                    "note": {"fr": "Congés annuels", "en": "Annual holidays"}}]
    doc["services"] = rng.sample(SERVICES, rng.randrange(0, 5))
    doc["languages"] = sorted({lang, *rng.sample(LANGUAGES, rng.randrange(0, 3))})
    doc["payment"] = rng.sample(PAYMENT, rng.randrange(1, 5))
    if programs and rng.random() < 0.3:
        doc["programs"] = [rng.choice(programs)]
    if rng.random() < 0.03:
        doc["status"] = "temporarily_closed"
    doc["added"] = (updated - timedelta(days=rng.randrange(0, 400))).isoformat()
    doc["updated"] = updated.isoformat()
    doc["private"] = {"contact_name": f"Contact {index}", "email": f"owner{index}@private.example"}
    return slug, {k: v for k, v in doc.items() if v not in ([], {})}


def write(dest: Path, shops: int, seed: int = 1, photos_per_shop: int = 0, today: date | None = None) -> int:
    from .bench import camera_like_photo

    rng = random.Random(seed)
    today = today or date(2026, 11, 1)
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    categories_file = yaml.safe_load((SAMPLE / "categories.yaml").read_text(encoding="utf-8"))
    programs_file = yaml.safe_load((SAMPLE / "programs.yaml").read_text(encoding="utf-8")) or {}
    shutil.copyfile(SAMPLE / "categories.yaml", dest / "categories.yaml")
    shutil.copyfile(SAMPLE / "programs.yaml", dest / "programs.yaml")
    towns = {t.slug: {"name": t.name, "region": t.region, "country": t.country, "timezone": t.timezone,
                      "language": t.language, "centre": {"lat": t.lat, "lon": t.lon}, "radius_km": 15}
             for t in TOWNS}
    (dest / "towns.yaml").write_text(_dump(towns), encoding="utf-8")
    categories = sorted(categories_file)
    programs = sorted(programs_file)
    header = "# yaml-language-server: $schema=../../schema/shop.schema.json\n"
    for index in range(shops):
        town = TOWNS[index % len(TOWNS)]
        slug, doc = shop_document(rng, index, town, categories, programs, today)
        folder = dest / town.slug
        folder.mkdir(exist_ok=True)
        if photos_per_shop:
            (folder / slug).mkdir(exist_ok=True)
            doc["photos"] = []
            for k in range(photos_per_shop):
                camera_like_photo(folder / slug / f"photo-{k}.jpg", seed * 1_000_003 + index * 31 + k, (1600, 1200))
                doc["photos"].append({"file": f"photo-{k}.jpg",
                                      "alt": {"fr": f"Photo {k + 1} de {doc['name']}", "en": f"Photo {k + 1} of {doc['name']}"}})
        (folder / f"{slug}.yaml").write_text(header + _dump(doc), encoding="utf-8")
    return shops


def _dump(data) -> str:
    """YAML with every string quoted: dates, times, codes and phones stay text."""
    class Quoted(yaml.SafeDumper):
        pass

    Quoted.add_representer(str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style='"'))
    return yaml.dump(data, Dumper=Quoted, allow_unicode=True, sort_keys=False, width=100)


def run(args) -> int:
    dest = Path(args.dest)
    if dest.exists() and any(dest.iterdir()):
        print(f"vitrines demo: {dest} is not empty; give a new folder")
        return 2
    count = write(dest, args.shops, args.seed, args.photos_per_shop)
    print(f"{count} shops written to {dest}")
    return 0
