"""Where each page lives, and how one page links to another.

Every address is a folder (``fr/commerces/chez-marie/``) saved as its
``index.html``. Links are relative unless the site is published with an
absolute ``SITEURL`` (``RELATIVE_URLS = False``), so the same output works at
a domain's root, under a sub-path or from a local preview.
"""

from __future__ import annotations

from . import settings


class Urls:
    def __init__(self, conf: dict):
        paths = settings.get(conf, "VITRINES_PATHS")
        english = settings.DEFAULTS["VITRINES_PATHS"]["en"]
        # a language without its own path names uses the English ones
        self.paths = {lang: {**english, **paths.get(lang, {})} for lang in settings.languages(conf)}

    def home(self, lang: str) -> str:
        return f"{lang}/"

    def _listing(self, lang: str, kind: str, key: str | None, page: str | None = None) -> str:
        """``page``: a listing page's first shop (the first page: None, see pages.Plan.listing)."""
        url = f"{lang}/{self.paths[lang][kind]}/" + (f"{key}/" if key else "")
        return url + (f"page/{page}/" if page else "")

    def shop(self, lang: str, slug: str) -> str:
        return self._listing(lang, "shop", slug)

    def town(self, lang: str, slug: str | None = None, page: str | None = None) -> str:
        return self._listing(lang, "town", slug, page)

    def category(self, lang: str, key: str | None = None, page: str | None = None) -> str:
        return self._listing(lang, "category", key, page)

    def service(self, lang: str, key: str | None = None, page: str | None = None) -> str:
        return self._listing(lang, "service", key, page)

    def search(self, lang: str) -> str:
        return self._listing(lang, "search", None)

    def data(self, lang: str) -> str:
        return self._listing(lang, "data", None)

    def form(self, lang: str) -> str:
        """The "Add my shop" form."""
        return self._listing(lang, "form", None)

    def map(self, lang: str) -> str:
        return self._listing(lang, "map", None)

    def feed(self, lang: str) -> str:
        return f"{lang}/feed.atom"


def save_as(url: str) -> str:
    return url + "index.html" if url.endswith("/") or not url else url


def link(from_file: str, to_url: str, siteurl: str = "", relative: bool = True) -> str:
    """The href from the page saved as ``from_file`` to the site address ``to_url``.

    Relative links go up to the site's root, then down: ``../../fr/``. Not the shortest
    form, but exact, and cheap enough for a hundred thousand pages."""
    if siteurl and not relative:
        return f"{siteurl.rstrip('/')}/{to_url}"
    return "../" * from_file.count("/") + to_url or "./"
