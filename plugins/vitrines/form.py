"""The "Add my shop" form, made from the shop schema and the shops folder at build time.

Every field of ``schema/shop.schema.json`` becomes a control (unless it says ``"x-form":
false``), with its label and help in the page's language (``x-title``, ``x-help``), its
vocabulary (``enum`` with ``x-labels``, or the file named by ``x-vocabulary``) and the HTML
constraints the schema implies. There is no other list of fields: a field added to the schema
appears in the form at the next build.

The page also carries, as a JSON data block, what ``theme/static/js/form.js`` needs to check
what is typed the way ``vitrines validate`` does: the schema itself, and per town its phone
plan, postal code shape, centre and required languages.

Controls are named after their place in the shop file (``address.postal_code``,
``photos.0.alt.fr``) and their ids follow from the name (``f-address-postal_code``), so the
script finds the control of any path the schema reports.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import phonenumbers
from babel import Locale

from . import checks, compactjson, i18n, schema, settings
from .shopfile import public_data

TEXTAREA_FROM = 1000  # characters: longer texts get a textarea
TOWN = "town"  # not a field of the file: the folder it goes in


@dataclass
class Control:
    path: tuple
    kind: str  # input, textarea, checkbox, choices, radios, list, file, group, langs, repeat, select
    label: str
    help: str = ""
    help_lang: str = ""  # set when the help is not in the page's language
    required: bool = False
    input_type: str = "text"
    attrs: dict = field(default_factory=dict)
    options: list = field(default_factory=list)  # [{"value", "label"}]
    children: list = field(default_factory=list)
    lang: str = ""  # the language of what is typed (description.fr…)
    item: "Control | None" = None  # repeat: the control of one item, with "__i__" for its index
    default: object = None  # the schema's default (a radio checked at first)

    @property
    def name(self) -> str:
        return ".".join(map(str, self.path))

    @property
    def id(self) -> str:
        return "f-" + "-".join(map(str, self.path))


def resolve(node: dict, root: dict) -> dict:
    """A schema node with its ``$ref`` and ``allOf`` merged in (the node's own keywords win)."""
    node = dict(node)
    while "$ref" in node:
        target = root["$defs"][node.pop("$ref").rsplit("/", 1)[-1]]
        node = {**target, **node}
    if "allOf" in node:
        merged: dict = {}
        for part in node.pop("allOf"):
            merged.update(resolve(part, root))
        extra = {**(merged.get("additionalProperties") or {}), **(node.get("additionalProperties") or {})}
        node = {**merged, **node}
        if extra:
            node["additionalProperties"] = extra
    return node


def in_language(texts, lang: str) -> str:
    if isinstance(texts, dict):
        return texts.get(lang) or ""
    return texts or ""


def is_text_map(node: dict) -> bool:
    return node.get("type") == "object" and "propertyNames" in node and isinstance(
        node.get("additionalProperties"), dict)


class FormBuilder:
    def __init__(self, shop_schema: dict, directory, languages: list[str], lang: str, gettext=str):
        self.root = shop_schema
        self.d = directory
        self.languages = languages
        self.lang = lang
        self.gettext = gettext

    def label(self, key, node: dict) -> str:
        return (in_language(node.get("x-title"), self.lang) or node.get("title")
                or str(key).replace("_", " ").capitalize())

    def help(self, node: dict) -> tuple[str, str]:
        text = in_language(node.get("x-help"), self.lang)
        if text:
            return text, ""
        if node.get("description") and "x-help" not in node:
            return node["description"], ("en" if self.lang != "en" else "")
        return "", ""

    def vocabulary(self, node: dict) -> list[dict] | None:
        name = node.get("x-vocabulary")
        items = resolve(node.get("items", {}), self.root) if node.get("type") == "array" else node
        if name == "categories":
            entries = [(c.id, c.label(self.lang)) for c in self.d.categories.values()]
            return sorted(({"value": v, "label": lab} for v, lab in entries), key=lambda o: o["label"].casefold())
        if name == "programs":
            return [{"value": p.id, "label": p.label(self.lang)} for p in self.d.programs.values()]
        if "enum" in items:
            labels = node.get("x-labels") or items.get("x-labels") or {}
            return [{"value": v, "label": in_language(labels.get(v), self.lang) or str(v)} for v in items["enum"]]
        return None

    def controls(self) -> list[Control]:
        required = set(self.root.get("required", []))
        _ = self.gettext
        found = [Control((TOWN,), "select", _("Town"), _("The town your shop is in."), required=True,
                         options=[{"value": t.slug, "label": t.name + (f" ({t.region})" if t.region else "")}
                                  for t in sorted(self.d.towns.values(), key=lambda t: t.name.casefold())])]
        for key, node in self.root.get("properties", {}).items():
            control = self.control((key,), node, key in required)
            if control is not None:
                found.append(control)
        return found

    def control(self, path: tuple, raw: dict, required: bool) -> Control | None:
        if raw.get("x-form") is False or raw.get("x-form") == "today":
            return None
        node = resolve(raw, self.root)
        key = path[-1]
        label = self.label(key, node)
        text, help_lang = self.help(raw)  # the field's own help, not its definition's
        c = Control(path, "input", label, text, help_lang, required, default=node.get("default"))
        kind = node.get("type")
        vocab = self.vocabulary(node)
        if is_text_map(node):
            c.kind = "langs"
            limit = node["additionalProperties"].get("maxLength")
            for lang in self.languages:
                child = Control(path + (lang,), "textarea" if (limit or 0) > 250 else "input",
                                i18n.language_name(lang, self.lang), lang=lang)
                if limit:
                    child.attrs["maxlength"] = limit
                c.children.append(child)
        elif kind == "object":
            c.kind = "group"
            inner = set(node.get("required", []))
            for sub, subnode in node.get("properties", {}).items():
                child = self.control(path + (sub,), subnode, sub in inner and required)
                if child is not None:
                    c.children.append(child)
        elif kind == "array" and vocab is not None:
            if not vocab:
                return None  # e.g. no programs in this directory: nothing to choose from
            c.kind, c.options = "choices", vocab
        elif kind == "array" and resolve(node.get("items", {}), self.root).get("type") == "object":
            c.kind = "repeat"
            item = resolve(node["items"], self.root)
            inner = set(item.get("required", []))
            c.item = Control(path + ("__i__",), "group", self.label(key, item))
            for sub, subnode in item.get("properties", {}).items():
                child = self.control(path + ("__i__", sub), subnode, sub in inner)
                if child is not None:
                    c.item.children.append(child)
            if node.get("maxItems"):
                c.attrs["data-max"] = node["maxItems"]
        elif kind == "array":
            c.kind = "list"
        elif kind == "string" and vocab is not None:
            c.kind, c.options = "radios", vocab
        elif kind == "boolean":
            c.kind = "checkbox"
        elif kind == "string" and node.get("x-file"):
            c.kind = "file"
            c.attrs["accept"] = ",".join(node["x-file"])
        elif kind in ("number", "integer"):
            c.input_type = "number"
            c.attrs.update(step="any" if kind == "number" else "1", inputmode="decimal")
            for word in ("minimum", "maximum"):
                if word in node:
                    c.attrs[word[:3]] = node[word]
        else:
            if node.get("format") == "date":
                c.input_type = "date"
            elif node.get("format") == "email" or node.get("x-autocomplete") == "email":
                c.input_type = "email"
            elif str(node.get("pattern", "")).startswith("^https?://"):
                c.input_type = "url"
            elif node.get("x-autocomplete") == "tel":
                c.input_type = "tel"
            if node.get("maxLength", 0) >= TEXTAREA_FROM:
                c.kind = "textarea"
            if "maxLength" in node:
                c.attrs["maxlength"] = node["maxLength"]
            if node.get("x-autocomplete"):
                c.attrs["autocomplete"] = node["x-autocomplete"]
        return c


# --- the repository host ------------------------------------------------------------

def repository(conf: dict) -> dict | None:
    """The "new file" and "edit file" addresses on the repository host, with ``{dir}``,
    ``{file}``, ``{content}`` and ``{path}`` to fill in; None when no repository is set or its
    host is not one we know (GitHub, GitLab)."""
    url = (settings.get(conf, "VITRINES_REPOSITORY") or "").strip().rstrip("/").removesuffix(".git")
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    branch = quote(settings.get(conf, "VITRINES_REPOSITORY_BRANCH"), safe="")
    if host == "github.com" or host.endswith(".github.com"):
        return {"host": "GitHub", "new": f"{url}/new/{branch}/{{dir}}?filename={{file}}&value={{content}}",
                "edit": f"{url}/edit/{branch}/{{path}}"}
    if "gitlab" in host:
        return {"host": "GitLab", "new": f"{url}/-/new/{branch}/{{dir}}?file_name={{file}}&content={{content}}",
                "edit": f"{url}/-/edit/{branch}/{{path}}"}
    return None


def shops_folder(conf: dict) -> str:
    """The shops folder's path in the repository."""
    folder = Path(settings.get(conf, "VITRINES_SHOPS_DIR"))
    return folder.as_posix() if not folder.is_absolute() else folder.name


def edit_url(conf: dict, town: str, slug: str) -> str:
    repo = repository(conf)
    if not repo:
        return ""
    return repo["edit"].replace("{path}", quote(f"{shops_folder(conf)}/{town}/{slug}.yaml"))


def change_fragment(shop) -> str:
    """The part after ``#`` of a "Report a change" link: the shop's public fields, for the form
    to start from (never sent to a server: browsers keep fragments to themselves)."""
    data = compactjson.dumps({"town": shop.town, "slug": shop.slug, "data": public_data(shop)})
    return "change=" + base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


# --- what the script needs ----------------------------------------------------------

def _phone_plan(country: str) -> dict:
    meta = phonenumbers.PhoneMetadata.metadata_for_region(country)
    if meta is None:
        return {}
    example = phonenumbers.example_number_for_type(country, phonenumbers.PhoneNumberType.FIXED_LINE)
    return {"code": str(meta.country_code), "prefix": meta.national_prefix or "",
            "pattern": meta.general_desc.national_number_pattern or "",
            "example": phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
            if example else ""}


def towns(directory) -> dict:
    out = {}
    for t in directory.towns.values():
        postal = checks.POSTAL_CODES.get(t.country)
        out[t.slug] = {
            "name": t.name, "country": t.country, "lat": t.lat, "lon": t.lon, "radius": t.radius_km,
            "required": list(t.required_languages), "phone": _phone_plan(t.country),
            "postal": {"pattern": postal[0], "example": postal[1]} if postal else None,
        }
    return out


def language_codes() -> list[str]:
    return sorted(code for code in Locale("en").languages if re.fullmatch(r"[a-z]{2,3}", code))


@dataclass
class FormView:
    controls: list
    config: str  # JSON for the data block, safe inside <script>


def build(conf: dict, directory, languages: list[str], lang: str, gettext=str) -> FormView:
    """The form's controls and the script's configuration, in ``lang``; ``gettext`` translates
    into it."""
    shop_schema = schema.load_schema("shop", settings.schema_dir(conf))
    builder = FormBuilder(shop_schema, directory, languages, lang, gettext)
    repo = repository(conf)
    config = {
        "lang": lang,
        "languages": languages,
        "schema": shop_schema,
        "towns": towns(directory),
        "vocabularies": {"categories": sorted(directory.categories), "programs": sorted(directory.programs)},
        "languageCodes": language_codes(),
        "shopsDir": shops_folder(conf),
        "repository": repo,
        "email": settings.get(conf, "VITRINES_CONTACT_EMAIL"),
        "maxPhotoBytes": settings.get(conf, "VITRINES_IMAGE_MAX_BYTES"),
        "maxPhotoPixels": settings.get(conf, "VITRINES_IMAGE_MAX_PIXELS"),
        "site": conf.get("SITENAME", ""),
    }
    return FormView(builder.controls(), compactjson.text(config))


def schema_digest(conf: dict) -> str:
    """What the form page depends on in the schema folder."""
    return hashlib.sha256((settings.schema_dir(conf) / "shop.schema.json").read_bytes()).hexdigest()


# --- on a shop's page -----------------------------------------------------------------

OBJECT_URLS = {"openstreetmap": "https://www.openstreetmap.org/{id}"}


def attribution(conf: dict, shop, lang: str) -> dict | None:
    """The attribution of the data set a shop was imported from (``imported_from``): its label
    and licence page from the schema (``x-labels``, ``x-urls``), and the original entry."""
    if not shop.imported_from:
        return None
    node = schema.load_schema("shop", settings.schema_dir(conf))["properties"].get("imported_from", {})
    dataset = node.get("properties", {}).get("dataset", {})
    label = in_language(dataset.get("x-labels", {}).get(shop.imported_from), lang) or shop.imported_from
    url = dataset.get("x-urls", {}).get(shop.imported_from, "")
    entry = OBJECT_URLS.get(shop.imported_from, "")
    return {"label": label, "url": url,
            "entry": entry.format(id=shop.imported_id) if entry and shop.imported_id else ""}


def report_links(conf: dict, urls, shop, lang: str, fragment: str) -> dict:
    """A shop page's "Report a change" link (the form, prefilled with ``fragment``, the shop's
    change_fragment), and its file's edit page on the repository host when there is one."""
    repo = repository(conf)
    return {"change": f"{urls.form(lang)}#{fragment}",
            "edit": edit_url(conf, shop.town, shop.slug), "host": repo["host"] if repo else "",
            "attribution": attribution(conf, shop, lang)}
