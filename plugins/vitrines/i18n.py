"""UI strings through gettext catalogues, dates, times and names through Babel.

Templates use ``{{ _("Opening hours") }}``; the language is the page's own
(``lang`` in our pages, ``page.lang`` in Pelican's), so one Jinja environment
renders every language. Catalogues are the ``.po`` files in
``theme/translations/<lang>/LC_MESSAGES/messages.po``, compiled in memory: no
compiled ``.mo`` file to forget to rebuild. ``make translations`` extracts new
strings from the templates and code into them.
"""

from __future__ import annotations

import gettext
import io
from datetime import date, time
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError, dates
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from jinja2 import pass_context
from jinja2.ext import Extension
from jinja2.lexer import Token

DOMAIN = "messages"


@lru_cache(maxsize=None)
def catalogue(translations_dir: str, lang: str) -> gettext.NullTranslations:
    po = Path(translations_dir) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.is_file():
        return gettext.NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries are left out, as msgfmt does
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def page_language(ctx) -> str:
    lang = ctx.get("lang")
    if not lang:
        content = ctx.get("page") or ctx.get("article")
        lang = getattr(content, "lang", None)
    return lang or ctx.get("DEFAULT_LANG", "en")


class ConstantTranslations(Extension):
    """Translates ``_("literal")`` when a template is compiled, in an environment bound to
    one language: the page then holds a constant, not a gettext call per page. Calls with
    variables (``_("…%(x)s", x=…)``, ``ngettext``) are left to gettext."""

    def filter_stream(self, stream):
        translations = getattr(self.environment, "vitrines_translations", None)
        tokens = list(stream)
        i = 0
        while i < len(tokens):
            window = tokens[i:i + 4]
            if (translations is not None and len(window) == 4 and window[0].test("name:_")
                    and window[1].test("lparen") and window[2].type == "string" and window[3].test("rparen")):
                yield Token(window[0].lineno, "string", translations.gettext(window[2].value))
                i += 4
                continue
            yield tokens[i]
            i += 1


def for_language(env, translations_dir: Path, lang: str, bytecode_cache=None):
    """An overlay of ``env`` bound to one language, for the thousands of pages our generator
    renders: constant strings are translated once, at compile time; ``_()`` with variables
    needs no lookup of the page's language. ``bytecode_cache``: where this language's compiled
    templates are kept between builds (they hold its translations)."""
    # own cache of compiled templates, not checked for changes on every page: a build is too short
    # for a template to change under it (`pelican -r` makes new environments for each build)
    overlay = env.overlay(cache_size=400, auto_reload=False, extensions=[ConstantTranslations],
                          bytecode_cache=bytecode_cache)
    overlay.globals = dict(env.globals)  # bind globals when loaded; overlays share globals otherwise
    translations = catalogue(str(translations_dir), lang)
    overlay.vitrines_translations = translations
    # through the overlay's own copy of the i18n extension: ``overlay.install_gettext_callables``
    # is the parent's (Environment.extend), and would put this language's plurals into the parent's
    # globals, where the next language's overlay copied them from (English pages said "15 commerces")
    overlay.extensions["jinja2.ext.InternationalizationExtension"]._install_callables(
        translations.gettext, translations.ngettext, newstyle=True)
    # a template's globals as one dict, not Jinja's ChainMap of its own and the environment's:
    # each render copies them into the page's context, and copying a ChainMap is a Python loop
    # over its keys (a fifth of the time Jinja takes to set up a page); they are all set by now
    overlay.make_globals = lambda d: {**overlay.globals, **(d or {})}
    return overlay


def install(env, translations_dir: Path) -> None:
    """Give a Jinja environment ``_``/``gettext``/``ngettext`` that follow the page's language."""
    folder = str(translations_dir)

    @pass_context
    def _gettext(ctx, message):
        return catalogue(folder, page_language(ctx)).gettext(message)

    @pass_context
    def _ngettext(ctx, singular, plural, n):
        return catalogue(folder, page_language(ctx)).ngettext(singular, plural, n)

    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)


@lru_cache(maxsize=None)
def locale(lang: str, country: str = "") -> Locale:
    """The most specific Babel locale for a language in a country (fr_CA, en_BE…)."""
    for name in (f"{lang}_{country}", lang) if country else (lang,):
        try:
            return Locale.parse(name)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse("en")


@lru_cache(maxsize=64)
def day_names(lang: str) -> list[str]:
    names = dates.get_day_names("wide", locale=locale(lang))
    return [names[i] for i in range(7)]  # Monday first


@lru_cache(maxsize=4096)
def format_date(value: date, lang: str, country: str = "") -> str:
    return dates.format_date(value, "long", locale=locale(lang, country))


@lru_cache(maxsize=8192)
def format_time(minutes: int, lang: str, country: str = "") -> str:
    minutes %= 24 * 60
    return dates.format_time(time(minutes // 60, minutes % 60), "short", locale=locale(lang, country))


@lru_cache(maxsize=4096)
def language_name(code: str, lang: str) -> str:
    name = locale(lang).languages.get(code, code)
    return name[:1].upper() + name[1:]
