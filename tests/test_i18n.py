"""Every interface string is in the catalogues and translated; pages use them."""

from __future__ import annotations

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from conftest import ROOT

TRANSLATIONS = ROOT / "theme" / "translations"


def _source_messages() -> set:
    found = set()
    for method, pattern in (("jinja2", "theme/templates"), ("python", "plugins")):
        options = {"**.html": {"extensions": "jinja2.ext.i18n"}} if method == "jinja2" else {}
        mapping = [("**.html" if method == "jinja2" else "**.py", method)]
        for _file, _line, message, _comments, _context in extract_from_dir(
                ROOT / pattern, method_map=mapping, options_map=options):
            found.add(message if isinstance(message, str) else message[0])
    return found


def _catalogue(lang: str):
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def test_every_template_string_is_translated_in_french():
    catalogue = _catalogue("fr")
    missing, untranslated = [], []
    for message in sorted(_source_messages()):
        entry = catalogue.get(message)
        if entry is None:
            missing.append(message)
        elif entry.fuzzy or not (entry.string if isinstance(entry.string, str) else all(entry.string)):
            untranslated.append(message)
    assert not missing, f"not in fr/messages.po (run `make translations`): {missing}"
    assert not untranslated, f"untranslated or fuzzy in fr/messages.po: {untranslated}"


def test_catalogues_have_no_leftover_entries():
    used = _source_messages()
    for lang in ("fr", "en"):
        stale = [m.id for m in _catalogue(lang) if m.id and (m.id if isinstance(m.id, str) else m.id[0]) not in used]
        assert not stale, f"{lang}/messages.po has entries no template uses: {stale}"


def test_pages_use_the_catalogue_of_their_language(sample_site):
    fr = (sample_site / "fr" / "index.html").read_text(encoding="utf-8")
    en = (sample_site / "en" / "index.html").read_text(encoding="utf-8")
    assert "Parcourir par catégorie" in fr and "Browse by category" not in fr
    assert "Browse by category" in en and "Parcourir par catégorie" not in en
    about_fr = (sample_site / "fr" / "a-propos" / "index.html").read_text(encoding="utf-8")
    assert "Aller au contenu" in about_fr  # Pelican's own pages follow the page's language too
