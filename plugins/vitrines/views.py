"""What templates see: a shop, in one language, with every label resolved.

Templates only place these values; every choice of wording, format or order
is made here (or in the gettext catalogues), once for all templates.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from . import compactjson, i18n, schema
from .markup import excerpt
from .model import DAYS, Shop

SOCIAL_NAMES = {"facebook": "Facebook", "instagram": "Instagram", "tiktok": "TikTok", "youtube": "YouTube",
                "linkedin": "LinkedIn", "mastodon": "Mastodon", "x": "X"}
SCHEMA_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def text_in(texts: dict, lang: str, fallback_order: list[str]) -> tuple[str, str]:
    """(text, its language): the page's language first, then the others."""
    for code in [lang, *fallback_order, *texts]:
        if texts.get(code):
            return texts[code], code
    return "", lang


# A week's opening hours as a page and its JSON-LD show them, made once for the shops with the
# same hours (most share theirs with many others), not once per page: read-only views, shared.

@lru_cache(maxsize=4096)
def _week_view(week: tuple, lang: str, country: str) -> list[dict]:
    names = i18n.day_names(lang)
    return [{
        "day": day,
        "name": names[i],
        "ranges": [f"{i18n.format_time(r.start, lang, country)} – {i18n.format_time(r.end, lang, country)}"
                   for r in week[i]],
        "data": " ".join(str(r) for r in week[i]),
    } for i, day in enumerate(DAYS)]


@lru_cache(maxsize=4096)
def _week_json_ld(week: tuple) -> list[dict]:
    return [{"@type": "OpeningHoursSpecification", "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[i]}",
             "opens": f"{r.start // 60:02d}:{r.start % 60:02d}", "closes": f"{r.end // 60 % 24:02d}:{r.end % 60:02d}"}
            for i, ranges in enumerate(week) for r in ranges]


class ShopViews:
    def __init__(self, directory, urls, languages: list[str], today: date):
        self.directory = directory
        self.urls = urls
        self.languages = languages
        self.today = today
        self.service_labels = schema.labels("services")
        self.payment_labels = schema.labels("payment")

    def label(self, table: dict, key: str, lang: str) -> str:
        entry = table.get(key, {})
        return entry.get(lang) or entry.get("en") or key

    def card(self, shop: Shop, lang: str, image=None) -> dict:
        """What a listing shows of a shop: from the fields a StoredShop has at hand (AT_HAND)."""
        town = self.directory.towns[shop.town]
        texts = shop.excerpts  # (the languages with a description, as text_in would choose among them)
        text_lang = next((code for code in (lang, *self.languages, *texts) if code in texts), lang)
        return {
            "name": shop.name,
            "url": self.urls.shop(lang, shop.slug),
            "town": town.name,
            "categories": [self.directory.categories[c].label(lang) for c in shop.categories],
            "excerpt": texts.get(text_lang, ""),
            "excerpt_lang": text_lang if text_lang != lang else "",
            "status": shop.status,
            "online_only": shop.online_only,
            "image": image,
        }

    def page(self, shop: Shop, lang: str, images: list, logo=None) -> dict:
        d = self.directory
        town = d.towns[shop.town]
        text, text_lang = text_in(shop.description, lang, self.languages)
        country = town.country
        view = self.card(shop, lang, images[0] if images else None)
        view.update({
            "slug": shop.slug,
            "town_url": self.urls.town(lang, shop.town),
            "region": town.region,
            "category_links": [{"label": d.categories[c].label(lang), "url": self.urls.category(lang, c)}
                               for c in shop.categories],
            "description_html": shop.description_html[text_lang] if text else "",
            "description_lang": text_lang if text_lang != lang else "",
            "online_only": shop.online_only,
            "street": shop.street,
            "postal_code": shop.postal_code,
            "phone": shop.phone,
            "phone_display": shop.phone_display,
            "email": shop.email,
            "website": shop.website,
            "online_store": shop.online_store,
            "gift_cards": shop.gift_cards,
            "social": [{"name": SOCIAL_NAMES[n], "url": u} for n, u in shop.social],
            "hours": self.hours(shop, lang, country),
            "exceptions": self.exceptions(shop, lang, country),
            "timezone": town.timezone,
            "services": [{"id": s, "label": self.label(self.service_labels, s, lang),
                          "url": self.urls.service(lang, s)} for s in shop.services],
            "languages": [i18n.language_name(code, lang) for code in shop.languages],
            "payment": [self.label(self.payment_labels, p, lang) for p in shop.payment],
            "programs": [d.programs[p].label(lang) for p in shop.programs if p in d.programs],
            "images": images,
            "logo": logo,
            "updated": i18n.format_date(shop.updated, lang, country),
            "updated_iso": shop.updated.isoformat(),
            "locale": str(i18n.locale(lang, country)),
            "lat": shop.lat,
            "lon": shop.lon,
        })
        return view

    def hours(self, shop: Shop, lang: str, country: str) -> list[dict] | None:
        if shop.hours is None:
            return None
        return _week_view(tuple(shop.hours[day] for day in DAYS), lang, country)

    def exceptions(self, shop: Shop, lang: str, country: str) -> list[dict]:
        out = []
        for ex in shop.exceptions:
            if ex.last < self.today:
                continue
            when = i18n.format_date(ex.first, lang, country)
            if ex.last != ex.first:
                when = f"{when} – {i18n.format_date(ex.last, lang, country)}"
            note, _ = text_in(ex.note, lang, self.languages)
            out.append({
                "when": when, "first": ex.first.isoformat(), "last": ex.last.isoformat(),
                "ranges": [f"{i18n.format_time(r.start, lang, country)} – {i18n.format_time(r.end, lang, country)}"
                           for r in ex.ranges],
                "note": note,
            })
        return out

    def json_ld(self, shop: Shop, lang: str, page_url: str, image_urls: list[str]) -> str:
        """schema.org LocalBusiness, safe to place inside a <script> element."""
        town = self.directory.towns[shop.town]
        text, text_lang = text_in(shop.description, lang, self.languages)
        data: dict = {
            "@context": "https://schema.org",
            "@type": "LocalBusiness",
            "name": shop.name,
        }
        if page_url:
            data["url"] = page_url
        if text:
            data["description"] = excerpt(shop.description_plain[text_lang], 500)
        if not shop.online_only and shop.street:
            data["address"] = {
                "@type": "PostalAddress", "streetAddress": shop.street, "postalCode": shop.postal_code,
                "addressLocality": town.name, "addressRegion": town.region, "addressCountry": town.country,
            }
        if shop.has_geo:
            data["geo"] = {"@type": "GeoCoordinates", "latitude": shop.lat, "longitude": shop.lon}
        if shop.phone:
            data["telephone"] = shop.phone
        if shop.email:
            data["email"] = shop.email
        if image_urls:
            data["image"] = image_urls
        same_as = [u for u in (shop.website, *(u for _, u in shop.social)) if u]
        if same_as:
            data["sameAs"] = same_as
        if shop.hours is not None:
            data["openingHoursSpecification"] = _week_json_ld(tuple(shop.hours[day] for day in DAYS))
        if shop.payment:
            data["paymentAccepted"] = ", ".join(self.label(self.payment_labels, p, "en") for p in shop.payment)
        if shop.languages:
            data["knowsLanguage"] = list(shop.languages)
        if shop.status == "closed":
            data["description"] = "Permanently closed. " + data.get("description", "")
        return compactjson.text(data)
