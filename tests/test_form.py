"""The "Add my shop" form and the "Report a change" links.

The form is made from the schema at build time (a field added to a copy of the schema appears
in it); in Chromium it checks each rule next to its field, keeps what was typed across a
reload, and produces a file (and a ZIP with the photos) that ``vitrines validate`` accepts.
Shop pages link to the form prefilled with the shop, and to the file's edit page on the
repository host; shops imported from OpenStreetMap show its attribution.
"""

from __future__ import annotations

import base64
import io
import json
import re
import shutil
import zipfile
from datetime import datetime
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from PIL import Image

from conftest import ROOT, build
from test_accessibility import Session, axe_violations
from test_validate import META
from vitrines import cli

SHOPS = ROOT / "shops"
FORM = {"fr": "fr/ajouter/", "en": "en/add/"}
NOW = datetime(2026, 11, 25, 12, 0)  # SOURCE_DATE_EPOCH of conftest.build
REPOSITORY = "https://github.com/city/vitrines"
SHOP_SCHEMA = json.loads((ROOT / "schema" / "shop.schema.json").read_text(encoding="utf-8"))


def png(width=640, height=480) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (40, 120, 90)).save(out, "PNG")
    return out.getvalue()


def form_html(site: Path, lang: str) -> str:
    return (site / FORM[lang] / "index.html").read_text(encoding="utf-8")


def config_of(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="form-config">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


def validate(shops: Path, monkeypatch, capsys, *paths: str) -> tuple[int, str]:
    monkeypatch.chdir(shops.parent)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795564800")
    code = cli.main(["validate", *(paths or ["shops"])])
    return code, capsys.readouterr().out


def empty_shops(tmp_path: Path) -> Path:
    shops = tmp_path / "shops"
    shops.mkdir(parents=True)
    for name in META:
        shutil.copy(SHOPS / name, shops / name)
    return shops


# --- the page, made from the schema ---------------------------------------------------

def test_every_field_of_the_schema_has_a_labelled_control(sample_site):
    categories = yaml.safe_load((SHOPS / "categories.yaml").read_text(encoding="utf-8"))
    towns = yaml.safe_load((SHOPS / "towns.yaml").read_text(encoding="utf-8"))
    for lang in FORM:
        html = form_html(sample_site, lang)
        names = set(re.findall(r'\bname="([^"]+)"', html))
        ids = set(re.findall(r'\bid="([^"]+)"', html))
        labelled = set(re.findall(r'<label for="([^"]+)"', html))
        for key, node in SHOP_SCHEMA["properties"].items():
            if node.get("x-form") in (False, "today"):
                assert not any(n == key or n.startswith(key + ".") for n in names), f"{key} is not for the form"
                continue
            assert any(n == key or n.startswith(key + ".") for n in names) or f"f-{key}-template" in ids, \
                f"{lang}: no control for '{key}'"
        for control_id in re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html):
            assert control_id in labelled, f"{lang}: #{control_id} has no <label>"
        assert set(re.findall(r'name="categories" value="([^"]+)"', html)) == set(categories)
        assert set(re.findall(r'<option value="([^"]+)"', html)) == set(towns)
        title = SHOP_SCHEMA["properties"]["name"]["x-title"][lang]
        assert re.search(rf'<label for="f-name">{re.escape(title)}', unescape(html))
        config = config_of(html)
        assert config["schema"] == SHOP_SCHEMA  # the script checks against the schema itself
        assert config["towns"]["quebec"]["required"] == ["fr"]
        assert config["email"] == "commerces@example.org"
        assert re.search(r'<form id="shop-form"[^>]*action="mailto:commerces@example.org', html)
        assert '<script src="' in html and "form." in html and "<script>" not in html


def test_a_field_added_to_the_schema_appears_in_the_form(tmp_path):
    """Schema and form cannot drift: the build reads the schema (VITRINES_SCHEMA_DIR here)."""
    schema_dir = tmp_path / "schema"
    shutil.copytree(ROOT / "schema", schema_dir)
    changed = json.loads((schema_dir / "shop.schema.json").read_text(encoding="utf-8"))
    changed["properties"]["loyalty_card"] = {
        "title": "Loyalty card", "x-title": {"fr": "Carte de fidélité", "en": "Loyalty card"},
        "type": "string", "maxLength": 80}
    changed["properties"]["accessibility"] = {"title": "Step-free entrance", "type": "boolean"}
    (schema_dir / "shop.schema.json").write_text(json.dumps(changed), encoding="utf-8")
    shops = empty_shops(tmp_path)
    (shops / "mons").mkdir()
    shutil.copy(SHOPS / "mons" / "cordonnerie-sainte-waudru.yaml", shops / "mons")
    output = tmp_path / "output"
    result = build(output, shops, "-e", f'VITRINES_SCHEMA_DIR="{schema_dir}"')
    assert result.returncode == 0, result.stderr
    fr, en = form_html(output, "fr"), form_html(output, "en")
    assert re.search(r'<label for="f-loyalty_card">Carte de fidélité', unescape(fr))
    assert re.search(r'<label for="f-loyalty_card">Loyalty card', en)
    assert 'name="loyalty_card" maxlength="80"' in en
    assert re.search(r'<input type="checkbox" id="f-accessibility" name="accessibility"', en)
    assert config_of(en)["schema"]["properties"]["loyalty_card"]["maxLength"] == 80
    published = json.loads((output / "data" / "shop.schema.json").read_text(encoding="utf-8"))
    assert "loyalty_card" in published["properties"]


@pytest.mark.parametrize("url,kind,new,edit", [
    ("https://github.com/city/vitrines", "GitHub",
     "https://github.com/city/vitrines/new/main/{dir}?filename={file}&value={content}",
     "https://github.com/city/vitrines/edit/main/shops/mons/x.yaml"),
    ("https://gitlab.com/city/annuaire.git", "GitLab",
     "https://gitlab.com/city/annuaire/-/new/main/{dir}?file_name={file}&content={content}",
     "https://gitlab.com/city/annuaire/-/edit/main/shops/mons/x.yaml"),
    ("https://gitlab.ville.example/equipe/vitrines/", "GitLab",
     "https://gitlab.ville.example/equipe/vitrines/-/new/main/{dir}?file_name={file}&content={content}",
     "https://gitlab.ville.example/equipe/vitrines/-/edit/main/shops/mons/x.yaml"),
])
def test_the_repository_host_gives_the_new_and_edit_addresses(url, kind, new, edit):
    from vitrines import form
    conf = {"VITRINES_REPOSITORY": url}
    assert form.repository(conf) == {"host": kind, "new": new, "edit": edit.replace("shops/mons/x.yaml", "{path}")}
    assert form.edit_url(conf, "mons", "x") == edit
    assert form.repository({"VITRINES_REPOSITORY": "https://codeberg.org/city/vitrines"}) is None
    assert form.repository({}) is None


# --- shop pages: report a change, edit on the host, attribution ------------------------

@pytest.fixture(scope="module")
def repo_site(tmp_path_factory) -> Path:
    """Two sample shops and one imported from OpenStreetMap, built with a repository."""
    tmp = tmp_path_factory.mktemp("repo")
    shops = empty_shops(tmp)
    (shops / "mons").mkdir()
    shutil.copy(SHOPS / "mons" / "boulangerie-du-beffroi.yaml", shops / "mons")
    shutil.copytree(SHOPS / "mons" / "boulangerie-du-beffroi", shops / "mons" / "boulangerie-du-beffroi")
    (shops / "mons" / "fleurs-de-la-gare.yaml").write_text(
        '# yaml-language-server: $schema=../../schema/shop.schema.json\nname: "Fleurs de la Gare"\n'
        'categories: ["florist"]\naddress: {street: "Place Léopold 3"}\ngeo: {lat: 50.4532, lon: 3.9419}\n'
        'updated: "2026-11-20"\nimported_from: {dataset: "openstreetmap", id: "node/123456"}\n', encoding="utf-8")
    output = tmp / "output"
    result = build(output, shops, "-e", f'VITRINES_REPOSITORY="{REPOSITORY}"')
    assert result.returncode == 0, result.stderr
    return output


def test_shop_pages_link_to_the_prefilled_form_and_to_the_file_on_the_host(repo_site):
    for lang, page in (("fr", "fr/commerces/boulangerie-du-beffroi/"), ("en", "en/shops/boulangerie-du-beffroi/")):
        html = (repo_site / page / "index.html").read_text(encoding="utf-8")
        m = re.search(r'<a href="(\.\./)+' + re.escape(FORM[lang]) + r'#change=([A-Za-z0-9_-]+)">', html)
        assert m, f"{page}: no 'Report a change' link to the form"
        data = json.loads(base64.urlsafe_b64decode(m.group(2) + "=" * (-len(m.group(2)) % 4)))
        assert (data["town"], data["slug"]) == ("mons", "boulangerie-du-beffroi")
        original = yaml.safe_load((SHOPS / "mons" / "boulangerie-du-beffroi.yaml").read_text(encoding="utf-8"))
        assert "private" not in data["data"] and "julie.carlier" not in m.group(0)
        for key in ("name", "categories", "description", "address", "geo", "website", "social", "services",
                    "photos", "logo", "added", "programs"):
            assert data["data"][key] == original[key], key
        assert f'href="{REPOSITORY}/edit/main/shops/mons/boulangerie-du-beffroi.yaml"' in html
        assert "OpenStreetMap" not in html.split('class="shop-footer"')[1]


def test_shops_imported_from_openstreetmap_show_its_attribution(repo_site):
    for page, text in (("fr/commerces/fleurs-de-la-gare/", "© les contributeurs d’OpenStreetMap (ODbL)"),
                       ("en/shops/fleurs-de-la-gare/", "© OpenStreetMap contributors (ODbL)")):
        html = unescape((repo_site / page / "index.html").read_text(encoding="utf-8"))
        assert f'<a href="https://www.openstreetmap.org/copyright">{text}</a>' in html
        assert 'href="https://www.openstreetmap.org/node/123456"' in html


# --- in Chromium ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def base_url(sample_site, serve) -> str:
    return serve(sample_site)


@pytest.fixture
def session(browser):
    s = Session(browser, accept_downloads=True)
    s.context.clock.set_fixed_time(NOW)
    s.context.grant_permissions(["clipboard-read", "clipboard-write"])
    yield s
    s.context.close()
    s.check()


def fill_valid_shop(page, photo: bool = True) -> None:
    page.select_option("#f-town", "mons")
    page.fill("#f-name", "Boulangerie du Test Été")
    page.check("#f-categories-cafe")
    page.check("#f-categories-bakery")
    page.fill("#f-description-fr", "Pains au levain.\nCafé et couques le dimanche.")
    page.fill("#f-description-en", 'Sourdough bread, "cramique" and coffee.')
    page.fill("#f-address-street", "Rue de Nimy 12")
    page.fill("#f-address-postal_code", "7000")
    page.fill("#f-geo-lat", "50.4551")
    page.fill("#f-geo-lon", "3.9519")
    page.fill("#f-phone", "+32 65 12 34 56")
    page.fill("#f-website", "https://boulangerie-test.example")
    page.fill("#f-social-instagram", "https://instagram.example/boulangerie.test")
    page.fill("#f-hours-tue", "7h-13h, 14:00-18:30")
    page.fill("#f-hours-sat", "07:00-18:00")
    page.click('[data-add="hours_exceptions"]')
    page.fill("#f-hours_exceptions-0-date", "2026-12-26")
    page.fill("#f-hours_exceptions-0-note-fr", "Lendemain de Noël")
    page.check("#f-services-click_and_collect")
    page.fill("#f-languages", "fr, NL")
    page.check("#f-payment-cash")
    if photo:
        page.click('[data-add="photos"]')
        page.set_input_files("#f-photos-0-file", files=[
            {"name": "Vitrine du Test.PNG", "mimeType": "image/png", "buffer": png()}])
        page.fill("#f-photos-0-alt-fr", "La vitrine et ses pains.")
        page.fill("#f-photos-0-alt-en", "The shop window and its loaves.")
    page.fill("#f-private-contact_name", "Julie Test")


def stripped(value):
    """Text as a form gives it back: without the final line break of a YAML block."""
    if isinstance(value, dict):
        return {k: stripped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [stripped(v) for v in value]
    return value.strip() if isinstance(value, str) else value


def errors_shown(page) -> dict:
    return page.evaluate("""() => Object.fromEntries(Array.from(document.querySelectorAll('.field-error'))
        .filter(p => !p.hidden).map(p => [p.id.replace(/-error$/, ''), p.textContent]))""")


@pytest.mark.browser
def test_the_form_gives_a_file_and_photos_that_vitrines_validate_accepts(session, base_url, tmp_path, monkeypatch,
                                                                        capsys):
    page = session.open(base_url + FORM["en"])
    fill_valid_shop(page)
    page.click("#form-submit")
    page.wait_for_selector("#form-result:not([hidden])")
    assert errors_shown(page) == {}
    assert page.evaluate("document.activeElement.id") == "form-result-title"
    text = page.input_value("#form-result-yaml")
    assert text.startswith("# yaml-language-server: $schema=../../schema/shop.schema.json\n")
    assert page.inner_text("#form-result-path") == "shops/mons/boulangerie-du-test-ete.yaml"
    data = yaml.safe_load(text)
    assert data["categories"] == ["cafe", "bakery"]  # in the order they were ticked
    assert data["hours"] == {"tue": ["07:00-13:00", "14:00-18:30"], "sat": ["07:00-18:00"]}
    assert data["languages"] == ["fr", "nl"] and data["updated"] == "2026-11-25"
    assert data["photos"] == [{"file": "vitrine-du-test.png", "alt": {"fr": "La vitrine et ses pains.",
                                                                       "en": "The shop window and its loaves."}}]
    assert data["private"] == {"contact_name": "Julie Test"}
    assert 'postal_code: "7000"' in text and 'phone: "+32 65 12 34 56"' in text  # every string quoted
    with page.expect_download() as download:
        page.click("#form-download")
    assert download.value.suggested_filename == "boulangerie-du-test-ete.yaml"
    assert Path(download.value.path()).read_text(encoding="utf-8") == text
    with page.expect_download() as download:
        page.click("#form-download-zip")
    shops = empty_shops(tmp_path)
    with zipfile.ZipFile(download.value.path()) as archive:
        assert archive.testzip() is None
        assert sorted(archive.namelist()) == ["shops/mons/boulangerie-du-test-ete.yaml",
                                              "shops/mons/boulangerie-du-test-ete/vitrine-du-test.png"]
        archive.extractall(tmp_path)
    code, out = validate(shops, monkeypatch, capsys)
    assert code == 0, out
    assert (shops / "mons" / "boulangerie-du-test-ete.yaml").read_text(encoding="utf-8") == text
    page.click("#form-copy")
    page.wait_for_function("document.getElementById('form-result-status').textContent.includes('copied')")
    assert page.evaluate("navigator.clipboard.readText()") == text
    mail = page.get_attribute("#form-email", "href")
    assert mail.startswith("mailto:commerces@example.org?subject=")
    assert unquote(mail).endswith(text)
    assert page.is_hidden("#form-repository")  # the sample has no repository


@pytest.mark.browser
def test_each_rule_is_reported_next_to_its_field(session, base_url):
    def small_limit(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace('"maxPhotoBytes":20971520', '"maxPhotoBytes":5000'))

    session.context.route("**/" + FORM["en"], small_limit)
    page = session.open(base_url + FORM["en"])
    page.click("#form-submit")
    page.wait_for_selector("#error-summary:not([hidden])")
    assert errors_shown(page) == {"f-town": "Fill in this field.", "f-name": "Fill in this field.",
                                  "f-categories": "Choose at least 1.", "f-address-street": "Fill in this field."}
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.inner_text("#error-summary-title") == "There are 4 problems to fix"
    assert page.get_attribute("#f-name", "aria-invalid") == "true"
    assert page.get_attribute("#f-name", "aria-describedby") == "f-name-error"
    page.click("#error-summary a[href='#f-name']")
    assert page.evaluate("document.activeElement.id") == "f-name"

    page.select_option("#f-town", "quebec")  # Québec requires a French description
    page.evaluate("document.getElementById('f-name').value = 'x'.repeat(121)")
    for cid in ("bakery", "butcher", "cheese", "grocery", "cafe", "florist"):
        page.check(f"#f-categories-{cid}")
    page.fill("#f-description-en", "A bakery.")
    page.fill("#f-address-street", "12 rue Saint-Jean")
    page.fill("#f-address-postal_code", "7000")
    page.fill("#f-geo-lat", "50.45")
    page.fill("#f-geo-lon", "3.95")
    page.fill("#f-phone", "123")
    page.fill("#f-email", "not an address")
    page.fill("#f-website", "ftp://example.org")
    page.fill("#f-online_store", "https://localhost/shop")
    page.fill("#f-social-facebook", "facebook.com/test")
    page.fill("#f-hours-mon", "9 to noon")
    page.fill("#f-hours-tue", "09:00-13:00, 12:00-18:00")
    page.fill("#f-hours-wed", "10:00-10:00")
    page.click('[data-add="hours_exceptions"]')
    page.fill("#f-hours_exceptions-0-date", "2026-12-24")
    page.fill("#f-hours_exceptions-0-from", "2026-12-24")
    page.click('[data-add="hours_exceptions"]')
    page.fill("#f-hours_exceptions-1-from", "2027-01-10")
    page.fill("#f-hours_exceptions-1-to", "2027-01-02")
    page.fill("#f-languages", "fr, xx")
    for i in range(3):
        page.click('[data-add="photos"]')
    page.set_input_files("#f-photos-0-file", files=[{"name": "menu.jpg", "mimeType": "image/jpeg",
                                                     "buffer": b"%PDF-1.4 not a photo"}])
    page.fill("#f-photos-0-alt-fr", "Le menu")
    page.set_input_files("#f-photos-1-file", files=[{"name": "big.png", "mimeType": "image/png",
                                                     "buffer": png(400, 300) + b"\0" * 6000}])
    page.fill("#f-photos-1-alt-en", "Big")
    page.set_input_files("#f-photos-2-file", files=[{"name": "ok.png", "mimeType": "image/png", "buffer": png()}])
    page.click("#form-submit")
    page.wait_for_function("document.activeElement.id === 'error-summary'")
    shown = errors_shown(page)
    expected = {
        "f-name": "Too long: 121 characters, at most 120.",
        "f-categories": "Choose at most 5.",
        "f-description-fr": "Québec requires this text in",
        "f-address-postal_code": "This is not a postal code of CA",
        "f-geo-lat": "km from Québec, more than 25 km away",
        "f-phone": "This is not a valid phone number in CA",
        "f-email": "Enter an e-mail address",
        "f-website": "Write the full address, starting with https://",
        "f-online_store": "This address has no valid host name",
        "f-social-facebook": "Write the full address, starting with https://",
        "f-hours-mon": 'Write each range as "HH:MM-HH:MM"',
        "f-hours-tue": "“12:00-18:00” overlaps “09:00-13:00”",
        "f-hours-wed": "opens and closes at the same time",
        "f-hours_exceptions-0": "Give either `date:` for one day",
        "f-hours_exceptions-1-to": "The last day is before the first day.",
        "f-languages": "“xx” is not a language code",
        "f-photos-0-file": "Choose a JPEG, PNG, WebP or AVIF photo.",
        "f-photos-1-file": "This photo is 0.0 MB, over the limit of 0 MB",
        "f-photos-1-alt-fr": "Québec requires this text in",
        "f-photos-2-alt": "Fill in this field.",
    }
    for cid, message in expected.items():
        assert cid in shown, f"no error next to #{cid}; shown: {shown}"
        assert message in shown[cid], f"#{cid}: {shown[cid]!r}"
        element = page.locator(f"#{cid}")
        assert f"{cid}-error" in (element.get_attribute("aria-describedby") or "").split()
        if element.evaluate("e => e.tagName") != "FIELDSET":
            assert element.get_attribute("aria-invalid") == "true"
    assert set(shown) == set(expected), set(shown) ^ set(expected)
    assert page.locator("#error-summary li").count() == len(expected)
    assert page.is_hidden("#form-result")


@pytest.mark.browser
def test_reloading_keeps_what_was_typed_and_the_photos(session, base_url):
    page = session.open(base_url + FORM["fr"])
    fill_valid_shop(page)
    page.fill("#f-hours-tue", "pas encore fini")
    page.click("#form-submit")  # an error: nothing is lost either
    page.wait_for_selector("#error-summary:not([hidden])")
    page.wait_for_timeout(400)  # the draft is saved a moment after typing
    page.reload()
    assert page.input_value("#f-name") == "Boulangerie du Test Été"
    assert page.input_value("#f-town") == "mons"
    assert page.input_value("#f-hours-tue") == "pas encore fini"
    assert page.input_value("#f-photos-0-alt-en") == "The shop window and its loaves."
    assert page.input_value("#f-hours_exceptions-0-date") == "2026-12-26"
    assert page.is_checked("#f-categories-cafe") and page.is_checked("#f-categories-bakery")
    assert page.inner_text("#form-draft") == "Ce que vous aviez saisi dans ce navigateur est de retour dans le formulaire."
    page.wait_for_function("document.getElementById('f-photos-0-file').files.length === 1")
    page.fill("#f-hours-tue", "07:00-13:00")
    page.click("#form-submit")
    page.wait_for_selector("#form-result:not([hidden])")
    data = yaml.safe_load(page.input_value("#form-result-yaml"))
    assert data["categories"] == ["cafe", "bakery"]  # the order survives too
    assert data["photos"][0]["file"] == "vitrine-du-test.png"
    assert page.is_visible("#form-download-zip")


@pytest.mark.browser
def test_report_a_change_opens_the_form_with_the_shop(session, base_url, shops_copy, monkeypatch, capsys):
    page = session.open(base_url + "en/shops/boulangerie-du-beffroi/")
    page.click("text=Report a change")
    page.wait_for_selector("#form-change:not([hidden])")
    assert "Boulangerie du Beffroi" in page.inner_text("#form-change")
    assert page.input_value("#f-name") == "Boulangerie du Beffroi"
    assert page.is_disabled("#f-town") and page.input_value("#f-town") == "mons"
    assert page.input_value("#f-hours-tue") == "06:30-13:00, 14:00-18:30"
    assert "facade.jpg" in page.inner_text("#f-photos-0-file-info")
    page.fill("#f-hours-mon", "08:00-12:00")
    page.click("#form-submit")
    page.wait_for_selector("#form-result:not([hidden])")
    text = page.input_value("#form-result-yaml")
    assert page.inner_text("#form-result-path") == "shops/mons/boulangerie-du-beffroi.yaml"
    data = yaml.safe_load(text)
    original = yaml.safe_load((SHOPS / "mons" / "boulangerie-du-beffroi.yaml").read_text(encoding="utf-8"))
    assert data["hours"]["mon"] == ["08:00-12:00"]
    for key in ("name", "categories", "description", "address", "geo", "email", "website", "social",
                "hours_exceptions", "services", "languages", "payment", "programs", "photos", "logo", "added"):
        assert data[key] == stripped(original[key]), key
    assert "private" not in data  # never on the public page, so never in the form
    (shops_copy / "mons" / "boulangerie-du-beffroi.yaml").write_text(text, encoding="utf-8")
    code, out = validate(shops_copy, monkeypatch, capsys, "shops/mons/boulangerie-du-beffroi.yaml")
    assert code == 0, out


@pytest.mark.browser
def test_the_repository_link_opens_a_prefilled_new_file(browser, repo_site, serve):
    s = Session(browser)
    s.context.clock.set_fixed_time(NOW)
    try:
        page = s.open(serve(repo_site) + FORM["en"])
        fill_valid_shop(page, photo=False)
        page.click("#form-submit")
        page.wait_for_selector("#form-result:not([hidden])")
        href = page.get_attribute("#form-repository", "href")
        parts = urlsplit(href)
        assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPOSITORY}/new/main/shops/mons"
        query = parse_qs(parts.query)
        assert query["filename"] == ["boulangerie-du-test-ete.yaml"]
        public = yaml.safe_load(query["value"][0])
        assert "private" not in public  # the public repository gets no private contact
        assert public == {k: v for k, v in yaml.safe_load(page.input_value("#form-result-yaml")).items()
                          if k != "private"}
        assert "GitHub" in page.inner_text("#form-result-notes")
        assert page.inner_text("#form-repository") == "Propose it on GitHub"
    finally:
        s.context.close()
    s.check()


@pytest.mark.browser
def test_without_javascript_the_form_says_how_to_send_it_by_email(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + FORM["fr"])
        assert page.is_visible("#form-without-js")
        assert "commerces@example.org" in page.inner_text("#form-without-js")
        assert page.is_visible("#f-name") and page.is_visible("#f-categories-bakery")
        assert page.inner_text("#form-submit") == "Envoyer par courriel"
        assert page.get_attribute("#shop-form", "action").startswith("mailto:commerces@example.org")
        assert page.get_attribute("#shop-form", "enctype") == "text/plain"
    finally:
        context.close()


@pytest.mark.browser
def test_axe_finds_no_violation_on_the_form(session, base_url):
    """In French with the errors shown, in English with the file ready."""
    page = session.open(base_url + FORM["fr"])
    page.click('[data-add="photos"]')
    page.click("#form-submit")
    page.wait_for_selector("#error-summary:not([hidden])")
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
    page.evaluate("localStorage.clear()")  # both languages share the draft
    page = session.open(base_url + FORM["en"])
    fill_valid_shop(page, photo=False)
    page.click("#form-submit")
    page.wait_for_selector("#form-result:not([hidden])")
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
