"""Search: a static index for the browser, and a Whoosh index that answers the same.

- :mod:`.analysis` — the one text analysis (normalisation, elisions, folding, Snowball stems)
  and why the browser looks words up in a table instead of stemming;
- :mod:`.terms` — each listed shop's record, words and term frequencies, cached in the build
  cache and made again only for changed shops: what the static index is made from;
- :mod:`.export` — the static files in ``output/search/`` the client reads;
- :mod:`.index` — the Whoosh index (``vitrines search`` brings it up to date) and the
  reference search the tests hold the browser to;
- :mod:`.cli` — ``vitrines search``.

The generator calls :func:`update` while loading (``generate_context``) and :func:`publish`
while writing (``generate_output``); theme/static/js/search.js is the client.
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
import time
from datetime import date
from pathlib import Path

from .. import settings
from ..cachefile import flat_pickle, frozen_when_loaded, overwrite, read_overwritten
from .index import Index, Rules, ShopInputs, Summary, index_folder, search

log = logging.getLogger(__name__)

__all__ = ["Index", "Rules", "ShopInputs", "Summary", "search", "update", "publish", "index_folder"]


def update(conf: dict, root: Path, directory, later: list | None = None) -> Index | None:
    """Bring the cached index of the shops folder ``root`` up to date with the directory (only
    changed shops are re-indexed), and make the static index from it at once, under the cache's
    lock: a build running at the same time on the same cache cannot slip its shops in between.

    ``directory``: a Directory (or an :class:`.index.Summary`), or a function that returns one: it
    is called once the cached terms and the export's memo are loaded, so that a process started
    before the shops were loaded gets that done meanwhile. ``later``, when given, receives the
    writing of the export's memo (a cache for the next build, a quarter of a second at 50,000
    shops) for the caller to call once its result is out; else it is written here."""
    if not settings.get(conf, "VITRINES_SEARCH"):
        return None
    from . import export
    idx = Index(index_folder(conf, root))
    options = {"block": settings.get(conf, "VITRINES_SEARCH_BLOCK_SIZE"),
               "shard_bytes": settings.get(conf, "VITRINES_SEARCH_SHARD_BYTES"),
               "head": settings.get(conf, "VITRINES_SEARCH_PAGE_SIZE"),
               "segment": settings.get(conf, "VITRINES_SEARCH_SEGMENT")}
    start = time.perf_counter()
    with idx.lock():
        cached = idx.folder / "export.pickle"
        try:
            with frozen_when_loaded():
                stored = pickle.loads(read_overwritten(cached))
        except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError):
            stored = {}
        if callable(directory):
            idx.terms.shops()  # (what an update that changes a shop reads: while the shops load)
            directory = directory()
        # the build needs the terms cache only; `vitrines search` brings the Whoosh index up to date
        idx.update_terms(directory, Rules.from_settings(conf), locked=True)
        # the export is a function of the terms' state, the options, the day and the code: reuse
        # the last one when none of them changed (a rebuild with no shop changed exports nothing)
        key = hashlib.sha256(json.dumps([options, settings.today().isoformat()], sort_keys=True).encode())
        key.update(idx.terms.state_file.read_bytes() + export.code_digest().encode())
        # (else it is made again, only where the shops re-indexed changed it: see export.make)
        memo = stored.get("memo") if isinstance(stored, dict) else None
        idx.files = memo["files"] if memo and stored.get("key") == key.hexdigest() else None
        if idx.files is None:
            log.info("vitrines: search index: %d shop(s) re-indexed, %d removed in %.1f s; exporting",
                     idx.updated, idx.removed, time.perf_counter() - start)
            idx.files, memo = export.make(idx, today=settings.today(), locked=True, previous=memo, **options)

            def save(memo=memo, key=key.hexdigest()):
                # (flat, and where it lies: the build waits for this process to end)
                overwrite(cached, flat_pickle({"key": key, "memo": memo}))

            def save_locked():  # (a build that took the lock meanwhile wrote a memo of its own key)
                with idx.lock():
                    save()

            save() if later is None else later.append(save_locked)
    log.info("vitrines: search index: %d shop(s) re-indexed, %d removed; %d files", idx.updated, idx.removed,
             len(idx.files))
    return idx


def publish(idx: Index | None, conf: dict, write, today: date | None = None) -> dict[str, bytes]:
    """Publish the static index (``search/manifest.json``, ``assets/search/…``) made by
    :func:`update`: ``write(name, bytes)`` publishes one file of the site (the build's output
    transaction, which leaves unchanged files alone), or ``write`` is a folder to write into."""
    if idx is None:
        return {}
    from . import export
    files = getattr(idx, "files", None) or export.build(idx, today=today)
    if callable(write):
        for name, body in files.items():
            write(export.site_path(name), body)
    else:
        export.write(files, Path(write))
    return files
