"""``vitrines search "query" [--town …] [--category …] [--service …] [--language …] [--lang …]``.

Answers from the Whoosh index of the shops folder, kept in the build cache and brought up to
date first (the build itself only needs the terms cache, see terms.py), with the rules of the
search page: the browser's ranking is held to this one by the tests.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .. import settings
from . import index as search_index


def run(args, conf: dict) -> int:
    if args.index:
        idx = search_index.Index(Path(args.index))
        if not idx.exists():
            print(f"vitrines search: no search index in {args.index}", file=sys.stderr)
            return 2
    else:
        idx = _up_to_date(conf)
        if idx is None:
            return 2
    filters = {f: getattr(args, f) for f in search_index.FACETS if getattr(args, f)}
    result = search_index.search(idx, args.query, filters)
    hits = result.hits if not args.limit else result.hits[: args.limit]
    if args.json:
        print(json.dumps({"query": args.query, "words": result.words, "mode": result.mode,
                          "suggestion": result.suggestion, "total": len(result.hits),
                          "results": [{"shop": h.key, "score": h.score, "name": h.record["name"]} for h in hits],
                          "counts": result.counts}, ensure_ascii=False, indent=1))
        return 0
    lang = args.lang or conf.get("DEFAULT_LANG") or settings.languages(conf)[0]
    meta = idx.state.get("meta", {})
    towns = {slug: t["name"] for slug, t in meta.get("towns", {}).items()}
    categories = meta.get("labels", {}).get("category", {})
    if result.suggestion:
        print(f"no shop matches {args.query!r}; did you mean {result.suggestion!r}? Results for it:")
    for rank, h in enumerate(hits, 1):
        cats = ", ".join(categories.get(c, {}).get(lang, c) for c in h.record["category"])
        print(f"{rank:3}. {h.record['name']} — {cats} — {towns.get(h.record['town'], h.record['town'])}"
              f"  [{h.key}, score {h.score}]")
    print(f"{len(result.hits)} shop(s)" + (f", {len(hits)} shown" if len(hits) < len(result.hits) else ""),
          file=sys.stderr)
    return 0


def _up_to_date(conf: dict):
    """The Whoosh index of the configured shops folder, brought up to date (only the shops
    changed since it was last used are indexed again; the first time, every shop is)."""
    from ..directory import load_directory
    from ..generator import project_path
    if not conf.get("PATH"):
        conf = {**conf, "PATH": "content"}
    shops = project_path(conf, "VITRINES_SHOPS_DIR")
    directory = load_directory(shops, conf, cache_dir=project_path(conf, "VITRINES_CACHE_DIR"))
    if directory.errors:
        print(f"vitrines search: {len(directory.errors)} error(s) in {shops}; run `vitrines validate` and fix them "
              "first", file=sys.stderr)
        return None
    idx = search_index.Index(search_index.index_folder(conf, shops))
    return idx.update(directory, search_index.Rules.from_settings(conf))
