"""All-or-nothing output that rewrites only the files whose bytes changed.

When Pelican starts, its output path is pointed at an empty staging folder
beside the real one (``output.partial``): every writer, Pelican's included,
writes there. Our own writers skip a file whose bytes equal the published one,
without even writing it to staging. Only when the whole build has succeeded
(Pelican's ``finalized`` signal) are the staged files moved into the real
output, one rename each, and the files this build did not produce deleted.

So a failed build leaves the published output exactly as it was; unchanged
files keep their modification time (``rsync``/``aws s3 sync`` upload nothing for
them); pages of removed shops disappear.

To know that a file is unchanged without reading it back, a manifest in the
build cache remembers the hash, size and mtime of every file published; a file
whose size or mtime no longer matches is compared byte for byte instead. It also
remembers groups of files made from the same inputs (a town's shop pages in one
language): a group whose inputs did not change is published again whole, its
files checked but not even named by the build (see ``Transaction.group``).
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import pickle
import shutil
import time
from pathlib import Path

import brotli

from .background import fork_map
from .cachefile import flat_pickle, frozen_when_loaded, overwrite, read_overwritten

log = logging.getLogger(__name__)


def _digest(data: bytes | list[bytes]) -> str:
    """The hash of ``data``, or of the parts it is made of (see Transaction.write)."""
    # (SHA-256 rather than BLAKE2: most CPUs hash it in hardware, twice as fast over 120,000 pages
    # and the 170 MB of the open data at 50,000 shops)
    if isinstance(data, bytes):
        return hashlib.sha256(data).hexdigest()[:32]
    h = hashlib.sha256()
    for part in data:
        h.update(part)
    return h.hexdigest()[:32]


# Optional precompressed copies (VITRINES_PRECOMPRESS) for hosts that serve them
# (nginx gzip_static / brotli_static, S3 with Content-Encoding). No timestamp inside: reproducible.
COMPRESSED = {
    ".gz": lambda data: gzip.compress(data, compresslevel=9, mtime=0),
    ".br": lambda data: brotli.compress(data, quality=11),
}
TEXT_TYPES = (".html", ".css", ".js", ".json", ".xml", ".atom", ".txt", ".csv", ".geojson", ".svg")


def _stage(path: str, data: bytes | list[bytes]) -> int:
    """Write ``data`` (bytes, or parts written one after the other) into the new file ``path``
    (its folder made when missing); returns its mtime (ns), which the move into the output keeps.
    Plain strings and system calls: a cold build stages 129,000 files, most in a folder of their
    own, where pathlib's ``mkdir(parents=True, exist_ok=True)`` and ``open`` took a tenth of a page's
    render."""
    folder = path.rpartition("/")[0]
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        for part in (data,) if isinstance(data, bytes) else data:
            view = memoryview(part)
            while view:
                view = view[os.write(fd, view):]
        return os.fstat(fd).st_mtime_ns
    finally:
        os.close(fd)


def _compressible(rel: str) -> bool:
    return rel.endswith(TEXT_TYPES)


class Transaction:
    def __init__(self, real: Path, cache: Path, retention: list[str] = (), precompress: bool = False):
        self.real = Path(real).resolve()
        self.staging = self.real.with_name(self.real.name + ".partial")
        self.retention = set(retention)
        self.precompress = precompress
        key = hashlib.sha1(str(self.real).encode()).hexdigest()[:16]
        self.manifest_file = Path(cache) / "outputs" / f"{key}.pickle"
        self.produced: set[str] = set()
        # file -> key of the inputs it was made from (None: none), for the files this build made;
        # those it published again keep the key the manifest has
        self.keys: dict[str, str | None] = {}
        self.verified: dict[str, list] = {}  # manifest entries checked against the files this build
        self.staged: dict[str, tuple] = {}  # files staged by our writers: (digest, size, mtime); Pelican's are not here
        self.changed: set[str] = set()  # files this build wrote (new or different bytes)
        self.removed: set[str] = set()
        self.was_empty = False  # set by begin()
        self.on_commit: list = []  # called once the output and the manifest are in place
        self.manifest, self.groups = self._load_manifest()
        # as in its file (entries are replaced, never changed in place)
        self.saved_manifest, self.saved_groups = dict(self.manifest), dict(self.groups)
        self.loaded_manifest = set(self.manifest)
        self.new_groups: dict[str, tuple] = {}  # the groups this build published (see group)
        self.intact: dict[str, bool] | None = None  # intact_groups(), when worked out beforehand
        self.assumed: set[str] | None = None  # the groups taken as intact until confirmed (see speculate)

    def _load_manifest(self) -> tuple[dict, dict]:
        """(file -> [digest, size, mtime, key]; group -> (key, its files)). A pickle: 124,000
        entries at 50,000 shops load and save in a fifth of JSON's time."""
        try:
            with frozen_when_loaded():
                stored = pickle.loads(read_overwritten(self.manifest_file))
            return dict(stored["files"]), dict(stored["groups"])
        except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError, KeyError):
            return {}, {}

    def begin(self) -> Path:
        # a first build into an empty (or missing) folder has nothing to remove: no walk of it
        self.was_empty = True
        if self.real.is_dir():
            with os.scandir(self.real) as entries:
                self.was_empty = next(entries, None) is None
        shutil.rmtree(self.staging, ignore_errors=True)  # what a failed build left
        self.staging.mkdir(parents=True)
        return self.staging

    def _unchanged(self, rel: str, digest: str, size: int) -> bool:
        if self.was_empty:  # (a first build: nothing to compare with)
            return False
        target = f"{self.real}/{rel}"
        try:
            stat = os.stat(target)
        except OSError:
            return False
        if stat.st_size != size:
            return False
        entry = self.manifest.get(rel)
        if entry and entry[1] == size and entry[2] == stat.st_mtime_ns:
            return entry[0] == digest
        same = _digest(Path(target).read_bytes()) == digest
        if same:
            self.manifest[rel] = self.verified[rel] = [digest, size, stat.st_mtime_ns]
        return same

    def current(self, rel: str, key: str) -> bool:
        """True when the published ``rel`` was made from inputs with this ``key`` and is
        still there as published: the caller need not make it again."""
        entry = self.manifest.get(rel)
        if not entry or len(entry) < 4 or entry[3] != key or not self._intact((rel,)):
            return False
        self._all_published_again((rel,))
        return True

    def group(self, name: str, key: str) -> bool:
        """True when the files a build published as the group ``name`` (see :meth:`record_group`)
        were made from inputs with this ``key`` and are all still there as published: they are
        published again, none of them need be made or even named. Else False, and nothing is."""
        recorded = self.groups.get(name)
        if not recorded or recorded[0] != key:
            return False
        intact = self.intact.get(name) if self.intact is not None else None
        if intact is None and self.assumed is not None:  # (until confirm)
            self.assumed.add(name)
            intact = True
        if not (self._intact(recorded[1]) if intact is None else intact):
            return False
        self._all_published_again(recorded[1])
        self.new_groups[name] = recorded
        return True

    def speculate(self) -> tuple:
        """From now until :meth:`confirm`, :meth:`group` takes the files of a group as still there
        as published, unchecked. Returns what this build has published so far, for ``confirm``."""
        self.assumed = set()
        return set(self.produced), dict(self.keys), dict(self.staged), dict(self.new_groups)

    def confirm(self, intact: dict[str, bool], published: tuple) -> bool:
        """True when the groups :meth:`group` took as intact since :meth:`speculate` were
        (``intact``: see intact_groups). Else False: what this build publishes is as it was
        then (``published``), and :meth:`group` now goes by ``intact``."""
        assumed, self.assumed, self.intact = self.assumed or set(), None, intact
        if all(intact.get(name) for name in assumed):
            return True
        self.produced, self.keys, self.staged, self.new_groups = published
        return False

    def intact_groups(self) -> dict[str, bool]:
        """Whether the files of each group the last build published are all still there as
        published (see :meth:`group`, which takes this as ``intact`` when set): the build works it
        out in a process of its own while it loads the shops and plans the pages (see speculate)."""
        return {name: self._intact(files) for name, (_, files) in self.groups.items()}

    def _intact(self, files) -> bool:
        """Every one of ``files`` as it was published, and its compressed copies (if any) there."""
        return self._all_as_published(files) and (not self.precompress or all(
            self._copies_there(rel) for rel in files if _compressible(rel)))

    def _copies_there(self, rel: str) -> bool:
        """The compressed copies of ``rel`` are in the output."""
        return all(os.path.isfile(f"{self.real}/{rel}{ext}") for ext in COMPRESSED)

    def record_group(self, name: str, key: str, files: list[str]) -> None:
        """Remember that this build published ``files`` (all made from inputs with ``key``) as the
        group ``name``: when the key is the same next time, :meth:`group` publishes them again."""
        self.new_groups[name] = (key, list(files))

    def keep(self, files: list[str]) -> bool:
        """Publish again, as they are, files an earlier build published (see uptodate.py):
        True when every one is still there as the manifest remembers it; else nothing is kept."""
        if not self._all_as_published(files):
            return False
        self._all_published_again(files)
        self.new_groups = dict(self.groups)
        return True

    def _all_as_published(self, files) -> bool:
        """Every one of ``files`` is in the output with the size and mtime the manifest remembers
        (in one loop: a kept group or build checks 100,000 files)."""
        manifest, root, stat = self.manifest, f"{self.real}/", os.stat
        try:
            for rel in files:
                entry, found = manifest[rel], stat(root + rel)
                if found.st_size != entry[1] or found.st_mtime_ns != entry[2]:
                    return False
        except (KeyError, OSError):
            return False
        return True

    def _all_published_again(self, files) -> None:
        """Publish ``files`` again as they are, and their compressed copies."""
        self.produced.update(files)
        if self.precompress:
            self.produced.update(rel + ext for rel in files if _compressible(rel) for ext in COMPRESSED)

    def write(self, rel: str, data: bytes | list[bytes], key: str | None = None) -> None:
        """Publish ``data`` (bytes, or the parts they are made of, written one after the other) as
        ``rel`` when the build commits; nothing is written if it is unchanged. ``key`` identifies
        the inputs it was made from (see ``current``)."""
        self.produced.add(rel)
        self.keys[rel] = key
        digest, size = _digest(data), len(data) if isinstance(data, bytes) else sum(map(len, data))
        if self._unchanged(rel, digest, size):
            if self.precompress and _compressible(rel):
                if self._copies_there(rel):
                    self.produced.update(rel + ext for ext in COMPRESSED)
                else:
                    self._stage_compressed(rel, data)
            return
        self.staged[rel] = (digest, size, _stage(f"{self.staging}/{rel}", data))
        if self.precompress and _compressible(rel):
            self._stage_compressed(rel, data)

    def _stage_compressed(self, rel: str, data: bytes | list[bytes]) -> None:
        data = data if isinstance(data, bytes) else b"".join(data)
        for ext, compress in COMPRESSED.items():
            self.produced.add(rel + ext)
            packed = compress(data)
            self.staged[rel + ext] = (_digest(packed), len(packed), _stage(f"{self.staging}/{rel}{ext}", packed))

    def copy(self, rel: str, source: Path) -> None:
        """Publish a copy of ``source`` under a content-addressed name (the name changes
        whenever the bytes do), so a file already published under that name is current."""
        self.produced.add(rel)
        if not (self.real / rel).is_file():
            target = self.staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)

    def commit(self) -> None:
        """Move staged files into the real output and delete what this build did not produce."""
        start = time.perf_counter()
        if self.precompress:  # files Pelican staged itself
            for path in list(self.staging.rglob("*")):
                rel = path.relative_to(self.staging).as_posix()
                if path.is_file() and _compressible(rel) and not (self.staging / (rel + ".gz")).exists():
                    self._stage_compressed(rel, path.read_bytes())
        self.real.mkdir(parents=True, exist_ok=True)
        new = []  # (folder, its path in the output): folders the output does not have, moved whole
        for folder, subfolders, files in os.walk(self.staging):
            here = Path(folder)
            prefix = here.relative_to(self.staging).as_posix()
            prefix = "" if prefix == "." else prefix + "/"
            kept = []
            for name in subfolders:
                if (self.real / prefix / name).exists():
                    kept.append(name)
                else:  # a new folder (a new page, a cold build): moved whole, one rename
                    new.append((str(here / name), prefix + name))
            subfolders[:] = kept
            for name in files:
                self._move_file(here / name, prefix + name)
        # (into an empty output, a cold build's 100,000 folders are listed over every core)
        listed = fork_map(self._files_in, new, parallel_from=2 if self.was_empty else len(new) + 1)
        for (folder, rel), (found, hashed) in zip(new, listed):
            self.staged.update(hashed)
            os.replace(folder, self.real / rel)
            for name in found:
                digest, size, mtime = self.staged[name]
                self.produced.add(name)
                self.changed.add(name)
                self.manifest[name] = [digest, size, mtime]
        self._remove_stale()
        shutil.rmtree(self.staging, ignore_errors=True)
        # the entries of the files this build made record the key they were made from (None: none);
        # the others are as they were (published again, or moved in by _move_file), and compare
        # fast below; the files it did not produce leave
        for rel in self.manifest.keys() - self.produced:
            del self.manifest[rel]
        for rel, key in self.keys.items():
            last = self.manifest.get(rel)
            if last is None:
                continue
            if key is None:
                if len(last) != 3:
                    self.manifest[rel] = last[:3]
            elif len(last) != 4 or last[3] != key:
                self.manifest[rel] = [*last[:3], key]
        # (a group's files are all in this build's output: else it was not published as a group)
        self.groups = {name: group for name, group in self.new_groups.items() if self.produced.issuperset(group[1])}
        # (a build that changed nothing need not write 124,000 entries)
        if self.manifest != self.saved_manifest or self.groups != self.saved_groups:
            # (in place: builds into one output folder run one at a time, as they share its staging folder)
            overwrite(self.manifest_file, flat_pickle({"files": self.manifest, "groups": self.groups}))
            self.manifest_file.with_suffix(".json").unlink(missing_ok=True)  # (the manifest's earlier form)
            self.saved_manifest, self.saved_groups = dict(self.manifest), dict(self.groups)
        calls, self.on_commit = self.on_commit, []
        for call in calls:
            call()
        self._forget_gone_outputs()
        log.info("vitrines: %d files written, %d removed, %d unchanged (%.1f s)", len(self.changed),
                 len(self.removed), len(self.produced) - len(self.changed), time.perf_counter() - start)
        # ready for the next build in this process (pelican -r), which writes into staging again
        self.produced, self.keys, self.verified, self.staged = set(), {}, {}, {}
        self.changed, self.removed, self.new_groups, self.intact, self.assumed = set(), set(), {}, None, None
        self.loaded_manifest, self.was_empty = set(self.manifest), False

    def _forget_gone_outputs(self) -> None:
        """Each manifest names its output folder in ``<key>.path``; the manifests of output
        folders that no longer exist (temporary builds, a renamed folder) are deleted."""
        named = self.manifest_file.with_suffix(".path")
        if not named.is_file():
            named.write_text(str(self.real), encoding="utf-8")
        for path_file in self.manifest_file.parent.glob("*.path"):
            try:
                gone = not Path(path_file.read_text(encoding="utf-8")).is_dir()
            except OSError:
                continue
            if gone:
                path_file.with_suffix(".pickle").unlink(missing_ok=True)
                path_file.with_suffix(".inputs").unlink(missing_ok=True)
                path_file.unlink(missing_ok=True)

    def _move_file(self, path: Path, rel: str) -> None:
        self.produced.add(rel)
        if rel in self.staged:  # our writers compared it with the published file already
            digest, size, mtime = self.staged[rel]
        else:
            data = path.read_bytes()
            digest, size, mtime = _digest(data), len(data), None
            if self._unchanged(rel, digest, size):
                return
        target = self.real / rel
        if target.is_dir():
            shutil.rmtree(target)
        os.replace(path, target)
        self.changed.add(rel)
        self.manifest[rel] = [digest, size, mtime or target.stat().st_mtime_ns]

    def _files_in(self, new: tuple[str, str]) -> tuple[list[str], dict]:
        """The files of a new folder (``(folder, its path in the output)``), and (digest, size,
        mtime) of those our writers did not stage (Pelican's: not hashed yet): one ``scandir``
        per folder, plain strings; a rename keeps the mtimes."""
        found, hashed = [], {}
        folders = [new]
        while folders:
            path, inside = folders.pop()
            with os.scandir(path) as entries:
                for entry in entries:
                    name = f"{inside}/{entry.name}"
                    if entry.is_dir(follow_symlinks=False):
                        folders.append((entry.path, name))
                        continue
                    found.append(name)
                    if name not in self.staged:
                        data = Path(entry.path).read_bytes()
                        hashed[name] = (_digest(data), len(data), entry.stat(follow_symlinks=False).st_mtime_ns)
        return found, hashed

    def merge(self, produced: list, keys: dict, manifest: dict, staged: dict) -> None:
        """Take in what a worker process published (see generator.py)."""
        self.produced.update(produced)
        self.keys.update(keys)
        self.manifest.update(manifest)
        self.staged.update(staged)

    def fork(self) -> None:
        """In a worker process: start recording afresh what to hand back with ``worker_state``."""
        self.produced, self.keys, self.verified, self.staged = set(), {}, {}, {}

    def worker_state(self) -> tuple:
        return sorted(self.produced), self.keys, self.verified, self.staged

    def _remove_stale(self) -> None:
        if (self.real / "pelicanconf.py").exists() or (self.real / ".git").exists():
            log.warning("vitrines: %s looks like a project folder, not an output: nothing removed", self.real)
            return
        if self.was_empty:
            return
        if self.manifest and self.loaded_manifest:
            # files a previous build published that this one did not: no walk of the whole output
            emptied = set()
            for rel in sorted(set(self.loaded_manifest) - self.produced):
                path = self.real / rel
                if path.is_file() and rel.split("/", 1)[0] not in self.retention:
                    path.unlink()
                    self.removed.add(rel)
                    emptied.update(p for p in path.parents if p != self.real and self.real in p.parents)
            for folder in sorted(emptied, key=lambda p: len(p.parts), reverse=True):  # deepest first
                try:
                    folder.rmdir()  # only if empty: no listing of big folders such as assets/search
                except OSError:
                    pass
            return
        for path in sorted(self.real.rglob("*"), reverse=True):
            rel = path.relative_to(self.real)
            if rel.parts[0] in self.retention:
                continue
            if path.is_file() or path.is_symlink():
                if rel.as_posix() not in self.produced:
                    path.unlink()
                    self.removed.add(rel.as_posix())
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()


# --- Pelican signals ------------------------------------------------------------

def begin(pelican) -> None:
    from . import settings
    from .generator import project_path
    real = Path(pelican.output_path)
    transaction = Transaction(real, project_path(pelican.settings, "VITRINES_CACHE_DIR"),
                              pelican.settings.get("OUTPUT_RETENTION", []),
                              settings.get(pelican.settings, "VITRINES_PRECOMPRESS"))
    pelican.output_path = str(transaction.begin())
    pelican.settings["VITRINES_TRANSACTION"] = transaction


def commit(pelican) -> None:
    transaction = pelican.settings.get("VITRINES_TRANSACTION")
    if transaction is not None:
        transaction.commit()
