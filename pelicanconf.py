"""Settings of this directory. A city changes these, never the templates.

Pelican's own settings are documented at https://docs.getpelican.com/en/latest/settings.html;
every VITRINES_* setting, with its default, is in plugins/vitrines/settings.py.
"""

SITENAME = "Vitrines"
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "UTC"
DEFAULT_LANG = "fr"

# --- Vitrines ---------------------------------------------------------------
VITRINES_LANGUAGES = ["fr", "en"]
VITRINES_TAGLINE = {
    "fr": "Les commerces de proximité de Mons, Québec et Toronto",
    "en": "Local shops of Mons, Québec and Toronto",
}
VITRINES_COLOR_PRIMARY = "#1d4e89"
VITRINES_COLOR_ACCENT = "#b3261e"
# The city team's address, for the "Add my shop" form; VITRINES_REPOSITORY = "https://github.com/…"
# also lets merchants propose their file there (see plugins/vitrines/settings.py).
VITRINES_CONTACT_EMAIL = "commerces@example.org"

# --- Pelican: paths, theme, plugin ------------------------------------------
PATH = "content"
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = []
STATIC_PATHS = ["images"]
THEME = "theme"
THEME_STATIC_PATHS = []  # the vitrines plugin publishes theme/static under content-hashed names
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["vitrines"]
# Pelican's Markdown defaults, less codehilite's guessing of each code block's language (0.3 s a
# build, for colours the theme does not show)
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight", "guess_lang": False},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}
JINJA_ENVIRONMENT = {"extensions": ["jinja2.ext.i18n"], "autoescape": True, "trim_blocks": True, "lstrip_blocks": True}

# Editorial pages (content/pages/*.md) live at /<lang>/<slug>/, and pages with the same
# `translation_key` are each other's translation.
PAGE_URL = PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_SAVE_AS = PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
PAGE_TRANSLATION_ID = "translation_key"

# Shops are not blog articles: turn off Pelican's blog pages and feeds.
DIRECT_TEMPLATES = []
ARTICLE_SAVE_AS = ARTICLE_LANG_SAVE_AS = ""
DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""
AUTHOR_SAVE_AS = CATEGORY_SAVE_AS = TAG_SAVE_AS = ""
ARCHIVES_SAVE_AS = AUTHORS_SAVE_AS = CATEGORIES_SAVE_AS = TAGS_SAVE_AS = ""
FEED_ALL_ATOM = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = False
