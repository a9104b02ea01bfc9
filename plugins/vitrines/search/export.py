"""The static index, written from the Whoosh index into the site.

``search/manifest.json`` is the root; every other file has a content-hashed name under
``assets/search/`` (``w-3f9c0a1b2d4e.json``), so a CDN may cache it forever and a rebuild only
rewrites the files whose content changed. The files:

``manifest.json``
    the root, fetched first: query rules and analysis tables, towns (with the range of shop
    numbers each holds), facet values with labels, counts and file, the word-shard boundaries.
``w-*.json`` — word shards
    the word table cut into alphabetical ranges: each word's shop count and terms; each term's
    shop count and its postings, inline when short, else the name of a ``p-*.json`` file.
``p-*.json`` — postings of a frequent term; ``f-*.json`` — the shops of one facet value
    ``[n, shop number gaps…, scores…, category set…, service set…, language set…, hours…]``:
    precomputed BM25F scores (integers, see :class:`~.index.Weighting`) and, for each shop, what
    the facets and "open now" need, so that filtering and live counts need no other file.
``r-*.json`` — shop records, ``BLOCK`` shops per file, for the results shown
    ``[name, slug, lat, lon, online only]``; ``d-*.json`` lists them on large sites.
``h-*.json`` — opening hours, one entry per distinct week (and exceptions still to come),
    most common first, referenced by number from the postings.

Shops are numbered in (town, name) order: a town is a range of numbers, and the browser breaks
ties between equal scores by number, as :func:`.index.search` breaks them by (town, name).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import date
from pathlib import Path

from . import analysis
from .index import FACETS, Index, field_names

INLINE_POSTINGS = 600  # characters: longer postings get their own file
HOURS_BLOCK = 256
INLINE_BLOCK_LIST = 64  # record files listed in the manifest up to this many, else in a d- file


def _json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class Files:
    """Content-hashed files of the static index, kept in memory until written."""

    def __init__(self):
        self.files: dict[str, bytes] = {}

    def add(self, prefix: str, data) -> str:
        body = _json(data)
        name = f"{prefix}-{hashlib.sha256(body).hexdigest()[:12]}.json"
        self.files[name] = body
        return name


def _postings(entries: list[tuple[int, int]], attrs: list[tuple[int, int, int, int]]) -> list[int]:
    """``[(shop number, score)]`` in number order → the flat, column-wise list the client reads."""
    out = [len(entries)]
    last = 0
    for doc, _ in entries:
        out.append(doc - last)
        last = doc
    out.extend(score for _, score in entries)
    for column in range(4):
        out.extend(attrs[doc][column] for doc, _ in entries)
    return out


def build(idx: Index, *, today: date | None = None, block: int = 32, shard_bytes: int = 16384,
          locked: bool = False) -> dict[str, bytes]:
    """Every file of the static index, by name (``manifest.json`` included)."""
    if not locked:
        with idx.lock():
            return build(idx, today=today, block=block, shard_bytes=shard_bytes, locked=True)
    today_iso = (today or date.today()).isoformat()
    state = idx.state
    rules = idx.rules
    meta = state.get("meta", {})
    files = Files()
    ix = idx.open()
    with idx.searcher(ix) as s:
        reader = s.reader()
        stored = {n: s.stored_fields(n)["record"] for n in reader.all_doc_ids()}
        order = sorted(stored, key=lambda n: stored[n]["sort"])
        number = {n: i for i, n in enumerate(order)}
        records = [stored[n] for n in order]

        # what each shop brings to the facets and to "open now"
        combos = {f: {} for f in ("category", "service", "language")}
        hours_use: Counter = Counter()
        hours_of = []
        for rec in records:
            week = None
            if rec["hours"] is not None:
                exceptions = [e for e in rec["exceptions"] if e[1] >= today_iso]
                week = json.dumps([rec["hours"], exceptions], separators=(",", ":"))
                hours_use[week] += 1
            hours_of.append(week)
        hours_order = sorted(hours_use, key=lambda w: (-hours_use[w], w))
        hours_number = {w: i + 1 for i, w in enumerate(hours_order)}  # 0: no hours given
        attrs = []
        for rec, week in zip(records, hours_of):
            row = []
            for f in ("category", "service", "language"):
                key = tuple(rec[f])
                row.append(combos[f].setdefault(key, len(combos[f])))
            row.append(hours_number.get(week, 0))
            attrs.append(tuple(row))

        # scores: every term of every scored field, summed over fields for each shop
        postings: dict[str, dict[int, int]] = {}
        for fieldname in field_names(rules.languages):
            for raw in reader.lexicon(fieldname):
                term = raw.decode("utf-8")
                m = s.postings(fieldname, term)
                into = postings.setdefault(term, {})
                while m.is_active():
                    doc = number[m.id()]
                    into[doc] = into.get(doc, 0) + int(m.score())
                    m.next()
        postings = {t: p for t, p in postings.items() if p}

        # the word table
        table: dict[str, tuple[int, list[str]]] = {}
        for raw in reader.lexicon("words"):
            word = raw.decode("utf-8")
            docs = list(reader.postings("words", word).all_ids())
            ts = [t for t in analysis.terms(word) if t in postings]
            if docs and ts:
                table[word] = (len(docs), ts)

    # word shards
    shard_list = []
    big: dict[str, str] = {}

    def term_entry(term: str):
        entries = sorted(postings[term].items())
        flat = _postings(entries, attrs)
        if len(flat) * 3 > INLINE_POSTINGS:
            if term not in big:
                big[term] = files.add("p", flat)
            return [term, len(entries), big[term]]
        return [term, len(entries), flat]

    current: list = []
    size = 0

    def flush():
        nonlocal current, size
        if not current:
            return
        term_index: dict[str, int] = {}
        words_out = []
        for word, (df, ts) in current:
            words_out.append([word, df, [term_index.setdefault(t, len(term_index)) for t in ts]])
        shard = {"w": words_out, "t": [term_entry(t) for t in term_index]}
        shard_list.append([current[0][0], files.add("w", shard)])
        current, size = [], 0

    for word in sorted(table, key=analysis.order):
        df, ts = table[word]
        cost = len(word) + 12 + sum(min(INLINE_POSTINGS, 3 * (1 + 6 * len(postings[t]))) + len(t) for t in ts)
        if current and size + cost > shard_bytes:
            flush()
        current.append((word, (df, ts)))
        size += cost
    flush()

    # facet files, for searches with filters and no words
    facet_docs: dict[str, dict[str, list[int]]] = {f: {} for f in FACETS}
    for i, rec in enumerate(records):
        for f in FACETS:
            for value in ([rec["town"]] if f == "town" else rec[f]):
                facet_docs[f].setdefault(value, []).append(i)
    labels = meta.get("labels", {})
    facets = {}
    for f in FACETS:
        entries = []
        for value, docs in sorted(facet_docs[f].items()):
            name = files.add("f", _postings([(d, 0) for d in docs], attrs))
            entries.append([value, len(docs), name, labels.get(f, {}).get(value, {})])
        facets[f] = entries

    # towns: their range of shop numbers
    towns = []
    for slug, info in sorted(meta.get("towns", {}).items()):
        numbers = [i for i, rec in enumerate(records) if rec["town"] == slug]
        if numbers:
            towns.append([slug, info["name"], info["tz"], info["lat"], info["lon"], info["radius"],
                          numbers[0], numbers[-1] + 1])

    # records and hours
    blocks = []
    for start in range(0, len(records), block):
        rows = []
        for rec in records[start:start + block]:
            geo = rec["geo"] or [None, None]
            rows.append([rec["name"], rec["slug"], geo[0], geo[1], 1 if rec["online_only"] else 0])
        blocks.append(files.add("r", rows))
    hours_files = [files.add("h", [json.loads(w) for w in hours_order[i:i + HOURS_BLOCK]])
                   for i in range(0, len(hours_order), HOURS_BLOCK)]

    manifest = {
        "version": 1,
        "files": "../" + FOLDER + "/",  # where the other files are, from the manifest
        "shops": len(records),
        "block": block,
        "hoursBlock": HOURS_BLOCK,
        "rules": {"minPrefix": rules.min_prefix, "maxExpansions": rules.max_expansions,
                  "fuzzyMin": rules.fuzzy_min, "fuzzyPrefix": rules.fuzzy_prefix},
        "analysis": analysis.client_tables(),
        "towns": towns,
        "facets": facets,
        "combos": {f: [list(k) for k in sorted(c, key=c.get)] for f, c in combos.items()},
        "shards": shard_list,
        "records": blocks if len(blocks) <= INLINE_BLOCK_LIST else files.add("d", blocks),
        "hours": hours_files,
    }
    files.files["manifest.json"] = _json(manifest)
    return files.files


MANIFEST = "search/manifest.json"
FOLDER = "assets/search"  # hashed files: hosts cache assets/ for a year


def site_path(name: str) -> str:
    """Where a file of the static index is published in the site."""
    return MANIFEST if name == "manifest.json" else f"{FOLDER}/{name}"


def write(files: dict[str, bytes], site: Path) -> dict:
    """Write the files that changed into the site folder ``site``, remove the ones no longer used
    (the build itself publishes through its output transaction instead)."""
    site = Path(site)
    written = 0
    for name, body in files.items():
        target = site / site_path(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or (name == "manifest.json" and target.read_bytes() != body):
            tmp = target.with_name(target.name + ".tmp")
            tmp.write_bytes(body)
            tmp.replace(target)
            written += 1
    removed = 0
    for path in (site / FOLDER).iterdir():
        if path.is_file() and path.name not in files:
            path.unlink()
            removed += 1
    return {"files": len(files), "written": written, "removed": removed,
            "bytes": sum(len(b) for b in files.values())}
