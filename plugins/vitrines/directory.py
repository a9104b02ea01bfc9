"""Load a whole shops folder: towns, categories, programs and every shop file.

:func:`load_directory` never raises on bad input: it returns the
:class:`Directory` of every shop that is valid, and the diagnostics of every
file that is not. The build publishes nothing unless ``directory.errors`` is
empty; ``vitrines validate`` prints the diagnostics.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import zlib
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Callable

from . import checks, images, schema, settings
from .background import fork_map
from .cachefile import frozen_when_loaded, library_versions, write_whole
from .diagnostics import ERROR, Diagnostic, sort_key
from .model import Category, Program, Shop, StoredShop, Town, summary
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
    # the shop files checked by this load (the others' results came from the check cache unchanged)
    rechecked: set[str] = field(default_factory=set)

    def shops_of(self, keys) -> dict[str, Shop]:
        """The shops of these keys ("town/slug"), by key."""
        wanted = set(keys)
        return {s.key: s for s in self.shops if s.key in wanted}

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


def load_directory(root: Path, conf: dict | None = None, *, today: date | None = None,
                   cache_dir: Path | None = None, listing: dict | None = None,
                   checked: Callable[[Directory, list[tuple], list[Shop]], None] | None = None) -> Directory:
    """Load and check a shops folder. With ``cache_dir``, the result of each shop file is
    kept there and reused while the file, its photo folder and everything the checks
    depend on (code, schemas, towns, categories, settings, the date) are unchanged.
    ``listing``: its folders' entries, as :func:`.uptodate.folder_key` just listed them.
    ``checked(directory, summaries, shops)`` is called once every file is checked without an
    error, before the checks across files and the sorting, and before the cached results are
    loaded (see _check_files): with each valid shop's summary (model.SUMMARY), and the shops
    whose files were checked again (a build hands them to work that may start at once; it stops
    that work if an error follows)."""
    conf = conf or {}
    root = Path(root)
    today = today or settings.today()
    langs = settings.languages(conf)
    max_bytes = settings.get(conf, "VITRINES_MAX_FILE_BYTES")
    schema_dir = settings.schema_dir(conf)
    directory = Directory(root)
    add = directory.diagnostics.extend

    meta, meta_bytes = {}, []
    for filename, name in META_FILES.items():
        path = root / filename
        meta_bytes.append(path.read_bytes() if path.is_file() else b"")
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
            problems = schema.check(src, name, schema_dir)
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

    candidates, problems = _shop_files(root, listing or {})
    add(problems)

    context = checks.Context(
        root=root, towns=directory.towns, categories=directory.categories,
        programs=directory.programs, languages=langs, today=today,
        stale_days=settings.get(conf, "VITRINES_STALE_DAYS"),
        image_options=images.Options.from_settings(conf),
        # a town that towns.yaml declares but gets wrong is reported there, not as an unknown folder
        towns_known=meta["towns"] is not None and set(meta["towns"].data) <= set(directory.towns),
        categories_known=meta["categories"] is not None,
        programs_known=meta["programs"] is not None or not (root / PROGRAMS_FILE).exists(),
        schema_dir=schema_dir,
    )
    shops = []
    key = _context_key(root, conf, today, meta_bytes, schema_dir)
    early = partial(checked, directory) if checked and not any(d.is_error for d in directory.diagnostics) else None
    for shop, problems, anchor in _check_files(candidates, context, max_bytes, cache_dir, root, key,
                                               directory.rechecked, early):
        add(problems)
        if shop is not None:
            shops.append((shop, anchor))
    add(checks.across(shops))
    bad = {d.path for d in directory.diagnostics if d.is_error}
    directory.shops = sorted((s for s, _ in shops if s.source not in bad), key=lambda s: (s.town, s.slug))
    directory.diagnostics = sorted(set(directory.diagnostics), key=sort_key)
    return directory


def _shop_files(root: Path, listing: dict) -> tuple[list[tuple[str, str, str, tuple]], list[Diagnostic]]:
    """The shop files (``<town>/<shop>.yaml``, sorted: their town, their path, the path shown in
    messages and their :func:`_stamp`), and the diagnostics of YAML files in the wrong place.
    Photo folders are not looked into for shop files: YAML there is not one. One ``scandir``
    per folder, unless ``listing`` has its entries (see load_directory)."""
    candidates, problems = [], []
    shown_root = display_path(root)
    cwd, resolved = Path.cwd().resolve(), root.resolve()
    fast = cwd == resolved or not cwd.is_relative_to(resolved)  # else some files are shown from a town folder
    prefix = "" if shown_root == "." else shown_root.rstrip("/") + "/"

    def show(rel: str) -> str:  # display_path of root/rel, without a relpath per file in the common case
        return prefix + rel if fast else display_path(root / rel)

    def entries(folder) -> list:
        try:
            found = listing.get(str(folder)) or sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return []
        return [e for e in found if not e.name.startswith(".")]

    def misplaced(name: str) -> bool:
        return name.endswith((".yaml", ".yml"))

    for top in entries(root):
        if top.is_symlink():
            if misplaced(top.name):
                problems.append(Diagnostic(show(top.name), 1, 1, ERROR,
                                           "shop files may not be symbolic links; copy the file here instead"))
            continue
        if top.is_file():
            if misplaced(top.name) and top.name not in META_FILES:
                problems.append(Diagnostic(show(top.name), 1, 1, ERROR,
                                           "shop files go in their town's folder: shops/<town>/<shop>.yaml"))
            continue
        if not top.is_dir():
            continue
        found = entries(top.path)
        folders = {e.name for e in found if e.is_dir()}
        for entry in found:
            if not misplaced(entry.name):
                continue
            shown = show(f"{top.name}/{entry.name}")
            if entry.is_symlink():
                problems.append(Diagnostic(shown, 1, 1, ERROR,
                                           "shop files may not be symbolic links; copy the file here instead"))
            elif not entry.is_file():
                continue
            elif entry.name.endswith(".yml"):
                problems.append(Diagnostic(shown, 1, 1, ERROR,
                                           f"shop files end in .yaml; rename it to {entry.name[:-4]}.yaml"))
            else:
                candidates.append((top.name, entry.path, shown, _stamp(entry, entry.name[:-5] in folders, listing)))
    return candidates, problems


# --- checking shop files, cached and in parallel ------------------------------------

_PACKAGE = Path(__file__).resolve().parent
_CHECK_CODE = ("yamlsource.py", "schema.py", "checks.py", "model.py", "images.py", "markup.py", "shopfile.py",
               "directory.py", "diagnostics.py", "settings.py")


def _context_key(root: Path, conf: dict, today: date, meta_bytes: list[bytes], schema_dir: Path) -> str:
    """Everything a shop file's checks depend on, besides the file and its photo folder (the
    libraries too: the shops keep their descriptions as HTML cleaned by nh3)."""
    h = hashlib.sha256()
    for name in _CHECK_CODE:
        h.update((_PACKAGE / name).read_bytes())
    for path in sorted(schema_dir.glob("*.json")):
        h.update(path.read_bytes())
    for data in meta_bytes:
        h.update(len(data).to_bytes(8, "big") + data)
    relevant = {k: settings.get(conf, k) for k in settings.DEFAULTS if k.startswith(("VITRINES_IMAGE", "VITRINES_STALE",
                                                                                     "VITRINES_MAX", "VITRINES_LANG"))}
    h.update(repr((sorted(relevant.items()), conf.get("DEFAULT_LANG"), today.isoformat(), os.getcwd(),
                   str(root.resolve()), library_versions())).encode())
    return h.hexdigest()


def _stamp(entry: os.DirEntry, has_folder: bool, listing: dict) -> tuple:
    """What tells that a shop file or its photo folder changed, without reading them."""
    stat = entry.stat()
    photos = ()
    if has_folder:
        found = listing.get(entry.path[:-5])
        if found is None:
            with os.scandir(entry.path[:-5]) as scanned:
                found = list(scanned)
        photos = tuple(sorted((e.name, e.stat(follow_symlinks=False).st_size,
                               e.stat(follow_symlinks=False).st_mtime_ns, e.is_symlink()) for e in found))
    return (stat.st_size, stat.st_mtime_ns, photos)


_ANCHORS = ((), ("phone",), ("website",))


class Anchor:
    """Where the checks across files point in a shop file: the file, its start, its phone, its
    website and each of its previous slugs, as (line, column) pairs in one tuple of numbers (0
    where it has none). The check cache keeps one per shop, read by every build; the
    :class:`Source` that words a message is made when one is reported."""

    __slots__ = ("path", "points")

    def __init__(self, path: str, points: tuple[int, ...] = ()):
        self.path, self.points = path, points

    @staticmethod
    def pointers(previous_slugs: int) -> list[tuple]:
        """What an anchor holds the place of, in order, for a file of that many previous slugs."""
        return [*_ANCHORS, *(("previous_slugs", i) for i in range(previous_slugs))]

    @classmethod
    def of(cls, src: Source, previous_slugs: int) -> "Anchor":
        return cls(src.path, tuple(n for p in cls.pointers(previous_slugs) for n in src.positions.get(p, (0, 0))))

    def error(self, pointer, message: str) -> Diagnostic:
        lines = iter(self.points)
        where = {p: (line, col) for p, line, col in zip(self.pointers(len(self.points) // 2 - len(_ANCHORS)),
                                                          lines, lines) if line}
        return Source(self.path, positions=where).error(pointer, message)

    def __reduce__(self):
        return Anchor, (self.path, self.points)


def _check_file(path: Path, shown: str, context: checks.Context, max_bytes: int):
    """(Shop or None, diagnostics, the Anchor of the checks across files) for one file."""
    src = load_file(path, shown, max_bytes=max_bytes)
    if not src.ok:
        return None, list(src.diagnostics), Anchor(shown)
    problems, data = schema.check_and_prune(src, "shop", context.schema_dir or schema.SCHEMA_DIR)
    shop, more = checks.shop(path, src, data, context)
    problems = [*problems, *more]
    previous = (data.get("previous_slugs") or ()) if isinstance(data, dict) else ()  # a list or text: no shop
    return (None if any(d.is_error for d in problems) else shop), problems, Anchor.of(src, len(previous))


CHECK_PARTS = 8  # files of the check cache per town folder: an edit rewrites one, an eighth of its town


def _part(town: str, path: str) -> str:
    """The check cache file that keeps a shop file's result: its town's, chosen by its name."""
    return f"{town}.{zlib.crc32(path.rpartition('/')[2].encode()) % CHECK_PARTS}"


def _check_files(candidates, context, max_bytes: int, cache_dir: Path | None, root: Path, key: str,
                 rechecked: set[str], checked: Callable | None = None) -> list:
    """Check the shop files, reusing the cached result of every file (and its photo folder)
    unchanged since. The cache has a few files per town folder (see _part): an edit rewrites
    one of its town's. Each holds two pickles: each file's stamp and shop's summary
    (model.SUMMARY), then the results, whose shops come back as StoredShop (unpacked whole
    when first read). ``rechecked`` receives the files checked (as shown in messages).
    ``checked(summaries, shops)``, when given, is called as soon as the summary of every shop is
    known (unless a file has an error): the cached ones, read first, and those of the files
    checked again, whose shops it gets; their results are written to the cache before, the
    cached results loaded after (a third of a second at 50,000 shops)."""
    folder = None
    cached: dict[str, tuple] = {}  # part -> (its bytes, where its results start, {file: (stamp, summary)})
    if cache_dir is not None:
        folder = Path(cache_dir) / f"shops-{hashlib.sha1(str(root.resolve()).encode()).hexdigest()[:16]}"
        for path in folder.glob("*.pickle"):
            try:
                stream = io.BytesIO(path.read_bytes())
                with frozen_when_loaded():
                    head = pickle.load(stream)
                if head.get("key") == key:
                    cached[path.stem] = (stream.getbuffer(), stream.tell(), head["files"])
            except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
                pass
    known: dict[str, tuple] = {}  # file -> (stamp, summary, its part)
    for part, (_, _, files) in cached.items():
        known.update((shown, (stamp, summed, part)) for shown, (stamp, summed) in files.items())
    todo = [c for c in candidates if (hit := known.get(c[2])) is None or hit[0] != c[3]]

    def check(item) -> tuple:
        shop, problems, anchor = _check_file(Path(item[1]), item[2], context, max_bytes)
        # (packed where checked, on every core: see StoredShop)
        return (StoredShop.of(shop) if shop is not None and folder is not None else shop), problems, anchor

    results: dict[str, tuple] = dict(zip((shown for _, _, shown, _ in todo), fork_map(check, todo)))
    rechecked.update(results)
    loaded: dict[str, dict] = {}

    def results_of(part: str) -> dict:  # {file: (stamp, result)} of a part of the cache, unpickled once
        if part not in loaded:
            data, start, _ = cached[part]
            with frozen_when_loaded():
                loaded[part] = pickle.loads(data[start:])
        return loaded[part]

    if folder is not None:
        # the files written again: those of the files checked now, and those that lost one
        present = {shown for _, _, shown, _ in candidates}
        parts: dict[str, dict] = {}
        for town, path, shown, stamp in todo:
            parts.setdefault(_part(town, path), {})[shown] = (stamp, results[shown])
        for part, (_, _, files) in cached.items():
            if part in parts or not files.keys() <= present:
                parts[part] = {**{shown: entry for shown, entry in results_of(part).items() if shown in present},
                               **parts.get(part, {})}
        for part, files in parts.items():
            if files:
                head = {shown: (stamp, None if result[0] is None else summary(result[0]))
                        for shown, (stamp, result) in files.items()}
                write_whole(folder / f"{part}.pickle", pickle.dumps({"key": key, "files": head},
                                                                    protocol=pickle.HIGHEST_PROTOCOL)
                            + pickle.dumps(files, protocol=pickle.HIGHEST_PROTOCOL))
            else:
                (folder / f"{part}.pickle").unlink(missing_ok=True)
        if parts:  # (the files of another key: the cache of other code, or of an earlier layout)
            for path in folder.glob("*.pickle"):
                if path.stem not in parts and path.stem not in cached:
                    path.unlink(missing_ok=True)
    if checked is not None:
        summaries = [known[shown][1] if shown not in results else
                     None if results[shown][0] is None else summary(results[shown][0])
                     for _, _, shown, _ in candidates]
        if None not in summaries:
            checked(summaries, [results[shown][0] for _, _, shown, _ in todo])
    for _, _, shown, _ in candidates:
        if shown not in results:
            results[shown] = results_of(known[shown][2])[shown][1]
    return [results[shown] for _, _, shown, _ in candidates]
