"""Files of the build cache, written whole or not at all."""

from __future__ import annotations

import gc
import io
import os
import pickle
import re
import struct
import zlib
from contextlib import contextmanager
from functools import lru_cache
from importlib import metadata
from pathlib import Path


def write_whole(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a file of this process beside it, then rename it: a
    reader, or a build running at the same time, sees the old file or the new one, never part
    of one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}")
    partial.write_bytes(data)
    partial.replace(path)


_HEADER = struct.Struct(">QI")  # an overwritten file's length and CRC-32


def overwrite(path: Path, data: bytes) -> None:
    """Write ``data`` into the file ``path`` where it lies, for a large cache file that every
    build rewrites and reads under a lock (the search export's memo, 70 MB at 50,000 shops).
    On ext4 a new file's blocks, while the last one's are being freed, can cost ten to thirty
    times the writing itself (a third of a second for the memo); the blocks the file has cost
    nothing. Its length and checksum go first: a write cut short reads as no file (see
    :func:`read_overwritten`)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(os.open(path, os.O_RDWR | os.O_CREAT, 0o644), "r+b") as fh:
        fh.write(_HEADER.pack(len(data), zlib.crc32(data)))
        fh.write(data)
        fh.truncate()


def read_overwritten(path: Path) -> memoryview:
    """What :func:`overwrite` wrote to ``path``; ValueError when it is not all there."""
    raw = memoryview(Path(path).read_bytes())
    if len(raw) < _HEADER.size:
        raise ValueError(f"{path}: too short")
    size, crc = _HEADER.unpack_from(raw)
    data = raw[_HEADER.size:]
    if len(data) != size or zlib.crc32(data) != crc:
        raise ValueError(f"{path}: written in part")
    return data


def flat_pickle(obj) -> bytes:
    """``obj`` pickled without the memo of objects already written (the pickler's fast mode):
    for plain data, none of it cyclic, whose parts are seldom shared, such as the output
    manifest (130,000 entries at 50,000 shops: saved in 0.04 s instead of 0.2). Shared parts
    are written, and loaded, once per place; a cycle stops the pickler with a ValueError."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(obj)
    return buffer.getvalue()


@lru_cache(maxsize=None)
def library_versions() -> tuple[tuple[str, str], ...]:
    """The installed version of each library Vitrines needs: an upgrade may change what a cache
    holds (nh3 cleans the descriptions the check cache keeps) and the output."""
    try:
        needed = [r for r in metadata.requires("vitrines") or [] if "extra ==" not in r]
        return tuple((name, metadata.version(name)) for name in (re.match(r"[\w.-]+", r).group() for r in needed))
    except metadata.PackageNotFoundError:  # run from the source folder, not installed
        return ()


@contextmanager
def frozen_when_loaded():
    """Load a large cache (or make what the rest of the build keeps) with Python's cyclic
    garbage collector paused, then freeze it (``gc.freeze``): it lives until the build ends,
    and is never scanned. Unpickling 50,000 shops makes millions of containers, none of them
    garbage; the collector would scan them again and again as they pile up (loading the search
    terms: 1.6 s; paused: 0.65 s), and, merely paused, all of them once more at its next run.
    A next build in the same process lets them go (see ShopGenerator.generate_context)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
