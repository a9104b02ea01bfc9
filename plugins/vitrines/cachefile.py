"""Files of the build cache, written whole or not at all."""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
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


@contextmanager
def frozen_when_loaded():
    """Load a large cache (or make what the rest of the build keeps) with Python's cyclic
    garbage collector paused, then freeze it (``gc.freeze``): it lives until the build ends,
    and is never scanned. Unpickling
    50,000 shops makes millions of containers, none of them garbage; the collector would scan
    them again and again as they pile up (loading the search terms: 1.6 s; paused: 0.65 s),
    and, merely paused, all of them once more at its next run. A next build in the same
    process lets them go (see ShopGenerator.generate_context)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
