"""``vitrines search "query" [--town …] [--category …] [--service …] [--language …] [--lang …]``.

Answers from the Whoosh index the last build left in the cache (``make html`` writes it), with
the rules of the search page: the browser's ranking is held to this one by the tests.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .. import settings
from . import index as search_index


def run(args, conf: dict) -> int:
    folder = Path(args.index) if args.index else _folder(conf)
    idx = search_index.Index(folder)
    if not idx.exists():
        print(f"vitrines search: no search index in {folder}; build the site first (make html)", file=sys.stderr)
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


def _folder(conf: dict) -> Path:
    if not conf.get("PATH"):
        conf = {**conf, "PATH": "content"}
    return search_index.index_folder(conf)
