"""What every template gets, in every generator's Jinja environment:
``_()`` in the page's language, ``url()`` for links, ``pages_in()`` for the
editorial pages of a language, ``language_name()`` for the language switch,
``chrome()`` for the menus and footer every page shares, ``picture()`` for a
processed photo (the macro of ``_picture.html``), ``map_view()`` where a map goes
(``_map.html``)."""

from __future__ import annotations

from pathlib import Path

import markupsafe
from jinja2 import Template, pass_context, pass_environment
from markupsafe import Markup

from . import i18n, settings
from .assets import Assets
from .urls import Urls, link


@pass_context
def url(ctx, target: str) -> str:
    """Link from the page being rendered to a site address (``fr/``, ``theme/css/site.css``)."""
    if ctx.get("link_base"):  # pages served at any address, such as 404.html
        return ctx["link_base"] + target
    return link(ctx.get("output_file", ""), target, ctx.get("SITEURL", ""), ctx.get("RELATIVE_URLS", True))


@pass_context
def pages_in(ctx, lang: str) -> list:
    """Pelican pages in ``lang``, whichever language each was written in first."""
    found = []
    for page in ctx.get("pages", []):
        for candidate in [page, *getattr(page, "translations", [])]:
            if candidate.lang == lang:
                found.append(candidate)
    return sorted(found, key=lambda p: (int(p.metadata.get("order", 99)), p.title))


def part_context(context) -> dict:
    """What a part of a page rendered on its own (chrome, a listing card) gets of the build's
    ``context``, besides the environment's globals: the site's name and address, and the
    editorial pages."""
    return {name: context.get(name) for name in ("pages", "SITENAME", "SITEURL", "RELATIVE_URLS", "DEFAULT_LANG")
            if name in context}


@pass_context
def chrome(ctx, template: str, lang: str, root: str) -> Markup:
    """A part of every page that depends only on its language and its root (the site's menus
    and footer): rendered once per language and depth in a build, not once per page. It is
    rendered by the calling page's environment (our per-language ones translate at compile
    time), with the build's settings and editorial pages."""
    env = ctx.environment
    cache = env.__dict__.setdefault("_vitrines_chrome", {})
    key = (template, lang, root, id(ctx.get("pages")))
    if key not in cache:
        cache[key] = Markup(env.get_template(template).render(part_context(ctx), lang=lang, root=root))
    return cache[key]


_DICT_ATTRIBUTES = frozenset(dir(dict))


def dict_keys_first(env) -> None:
    """``{{ shop.name }}`` on a dict (what our views are) without the AttributeError Jinja's
    ``getattr`` raises and catches before it looks the key up (a tenth of a shop page's time):
    the same value, as a dict has no attributes besides its type's."""
    jinja_getattr = env.getattr

    def getattr(obj, attribute):
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return jinja_getattr(obj, attribute)

    env.getattr = getattr


_escape_inner = getattr(markupsafe, "_escape_inner", None)  # (markupsafe's C escaping of a str)
_markup_of = str.__new__


def escape(value) -> Markup:
    """``markupsafe.escape``, without its Python-level ``Markup(…)`` for a string, a number or
    what is already Markup: autoescaping calls it for every ``{{ … }}`` of a page (100 times a
    shop page), and that constructor took half of the time. The same Markup, equal and of the
    same type, as tests/test_templating.py checks."""
    kind = type(value)
    if _escape_inner is not None:
        if kind is str:
            return _markup_of(Markup, _escape_inner(value))
        if kind is Markup:
            return value
        if kind is int or kind is float:
            return _markup_of(Markup, _escape_inner(str(value)))
    return markupsafe.escape(value)


class EscapingTemplate(Template):
    """Jinja's Template, whose output goes through :func:`escape` (the name the compiled
    template's code looks up when it runs)."""

    @classmethod
    def _from_namespace(cls, environment, namespace, globals):
        namespace["escape"] = escape
        return super()._from_namespace(environment, namespace, globals)


def macro(template: str, name: str):
    """A global calling the macro ``name`` of ``template``, from its module made once per
    environment: a page that imported it would have Jinja compare the template's globals with
    the page's each time (a twentieth of a shop page's render)."""
    @pass_environment
    def call(env, *args, **kwargs) -> Markup:
        return getattr(env.get_template(template).module, name)(*args, **kwargs)
    return call


def language_name(code: str) -> str:
    """A language's name in that language: the language switch's label."""
    return i18n.language_name(code, code)


def translator(translations_dir: Path):
    """``translate(lang, message)``: a catalogue entry in a language other than the page's."""
    def translate(lang: str, message: str) -> str:
        return i18n.catalogue(str(translations_dir), lang).gettext(message)
    return translate


def setup(generator) -> None:
    env = generator.env
    env.autoescape = True  # merchants' text is untrusted, whatever pelicanconf.py says
    env.template_class = EscapingTemplate  # (the per-language overlays copy it, see i18n.for_language)
    dict_keys_first(env)
    i18n.install(env, Path(generator.theme) / "translations")
    env.globals.update(url=url, pages_in=pages_in, chrome=chrome, language_name=language_name,
                       picture=macro("_picture.html", "picture"), map_view=macro("_map.html", "view"),
                       asset=Assets(Path(generator.theme), generator.settings).url, urls=Urls(generator.settings),
                       translate=translator(Path(generator.theme) / "translations"),
                       vitrines=lambda name: settings.get(generator.settings, name))
