"""Load a whole shops folder: towns, categories, programs and every shop file.

:func:`load_directory` never raises on bad input: it returns the
:class:`Directory` of every shop that is valid, and the diagnostics of every
file that is not. The build publishes nothing unless ``directory.errors`` is
empty; ``vitrines validate`` prints the diagnostics.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import checks, images, schema, settings
from .diagnostics import ERROR, Diagnostic, sort_key
from .model import Category, Program, Shop, Town
from .yamlsource import Source, load_file

TOWNS_FILE = "towns.yaml"
CATEGORIES_FILE = "categories.yaml"
PROGRAMS_FILE = "programs.yaml"
META_FILES = {TOWNS_FILE: "towns", CATEGORIES_FILE: "categories", PROGRAMS_FILE: "programs"}


@dataclass
class Directory:
    root: Path
    towns: dict[str, Town] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    programs: dict[str, Program] = field(default_factory=dict)
    shops: list[Shop] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]


def display_path(path: Path) -> str:
    """``path`` relative to the working folder when it is inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive
        return str(path)
    return str(path) if relative.startswith("..") else relative


def load_directory(root: Path, conf: dict | None = None, *, today: date | None = None) -> Directory:
    conf = conf or {}
    root = Path(root)
    today = today or settings.today()
    langs = settings.languages(conf)
    max_bytes = settings.get(conf, "VITRINES_MAX_FILE_BYTES")
    directory = Directory(root)
    add = directory.diagnostics.extend

    meta = {}
    for filename, name in META_FILES.items():
        path = root / filename
        if not path.is_file():
            if filename == PROGRAMS_FILE:
                meta[name] = None
                continue
            add([Diagnostic(display_path(path), 1, 1, ERROR,
                            f"{filename} is missing; every shops folder needs one (see README.md)")])
            meta[name] = None
            continue
        src = load_file(path, display_path(path), max_bytes=max_bytes * 16)
        add(src.diagnostics)
        if src.ok:
            problems = schema.check(src, name)
            add(problems)
            meta[name] = src if not problems else None
        else:
            meta[name] = None

    if meta["towns"]:
        directory.towns, problems = checks.towns(meta["towns"], langs)
        add(problems)
    if meta["categories"]:
        directory.categories, problems = checks.categories(meta["categories"], langs)
        add(problems)
    if meta["programs"]:
        directory.programs, problems = checks.programs(meta["programs"], langs)
        add(problems)

    sources: list[tuple[Path, Source]] = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.is_symlink():
            if path.suffix in (".yaml", ".yml"):
                add([Diagnostic(display_path(path), 1, 1, ERROR,
                                "shop files may not be symbolic links; copy the file here instead")])
            continue
        if not path.is_file() or path.suffix not in (".yaml", ".yml"):
            continue
        shown = display_path(path)
        if len(rel.parts) == 1:
            if rel.name not in META_FILES:
                add([Diagnostic(shown, 1, 1, ERROR,
                                "shop files go in their town's folder: shops/<town>/<shop>.yaml")])
            continue
        if len(rel.parts) > 2:
            continue  # YAML inside a shop's photo folder is not a shop file
        if path.suffix == ".yml":
            add([Diagnostic(shown, 1, 1, ERROR, f"shop files end in .yaml; rename it to {path.stem}.yaml")])
            continue
        src = load_file(path, shown, max_bytes=max_bytes)
        add(src.diagnostics)
        if src.ok:
            sources.append((path, src))

    context = checks.Context(
        root=root, towns=directory.towns, categories=directory.categories,
        programs=directory.programs, languages=langs, today=today,
        stale_days=settings.get(conf, "VITRINES_STALE_DAYS"),
        image_options=images.Options.from_settings(conf),
        # a town that towns.yaml declares but gets wrong is reported there, not as an unknown folder
        towns_known=meta["towns"] is not None and set(meta["towns"].data) <= set(directory.towns),
        categories_known=meta["categories"] is not None,
        programs_known=meta["programs"] is not None or not (root / PROGRAMS_FILE).exists(),
    )
    shops = []
    for path, src in sources:
        problems, data = schema.check_and_prune(src, "shop")
        add(problems)
        shop, problems = checks.shop(path, src, data, context)
        add(problems)
        if shop is not None and src.path not in {d.path for d in directory.errors}:
            shops.append((shop, src))
    add(checks.across(shops))
    bad = {d.path for d in directory.diagnostics if d.is_error}
    directory.shops = sorted((s for s, _ in shops if s.source not in bad), key=lambda s: (s.town, s.slug))
    directory.diagnostics = sorted(set(directory.diagnostics), key=sort_key)
    return directory
