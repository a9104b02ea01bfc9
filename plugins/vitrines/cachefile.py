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
def collector_paused():
    """Load a large cache with Python's cyclic garbage collector paused. Unpickling 50,000 shops
    makes millions of containers, none of them garbage, and the collector would scan them over
    and over as they pile up: loading the search terms took 1.6 s with it, 0.65 s without."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
