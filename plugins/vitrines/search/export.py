"""The static index, written into the site from the terms cache (:mod:`.terms`).

``search/manifest.json`` is the root; every other file has a content-hashed name under
``assets/search/`` (``w-3f9c0a1b2d4e.json``), so a CDN may cache it forever and a rebuild only
rewrites the files whose content changed. The files:

``manifest.json``
    the root, fetched first and small: query rules and analysis tables, the word-shard
    boundaries, the record blocks' hashes (or the ``d-*.json`` file that lists them), the others.
``t-*.json`` — towns (with the range of shop numbers each holds) and facet values, most common
    first, with labels and counts.
``w-*.json`` — word shards
    the word table cut into alphabetical ranges: each word's shop count and terms (and, for a
    word of several terms with long postings, their sum, so the browser reads one list); each
    term's shop count and its postings, inline when short, else the names of their files.
postings (the shops of a facet value are postings too)
    ``[n, shop number gaps…, scores…, categories…, services…, languages…, hours…]``: precomputed
    BM25F scores (integers, see :class:`~.index.Weighting`) and, for each shop, its facet values as
    bit sets (bit i: the i-th value of the list in ``t-*.json``) and its opening hours' number, so
    that filters, live counts and "open now" need no other file. Short ones are inline; long ones
    are split in three files the browser reads as it needs them: ``p-*.json`` (``[n, gaps…,
    scores…, [shop, record]…]``: the records of the best ``head`` shops too; always),
    ``a-*.json`` (the facet columns: for filters and counts), ``o-*.json``
    (the hours column: for "open now"). ``s-*.json`` names the postings of each facet value.
``r<n>-*.json`` — shop records, ``block`` shops per file, for the results shown
    ``[name, slug, lat, lon, online only, opening hours' number, categories (bit set)]``.
``h-*.json`` — opening hours, one entry per distinct week (and exceptions still to come),
    most common first, referenced by number from the postings.

Shops are numbered in (town, name) order: a town is a range of numbers, and the browser breaks
ties between equal scores by number, as :func:`.index.search` breaks them by (town, name).
"""

from __future__ import annotations

import hashlib
import heapq
import json
import operator
from collections import Counter
from datetime import date
from itertools import chain
from pathlib import Path

from . import analysis, terms
from .index import FACETS, SCALE, Index, Rules, Weighting, field_names

INLINE_POSTINGS = 600  # characters: longer postings get their own file
HOURS_BLOCK = 256
INLINE_BLOCK_LIST = 64  # record hashes in the manifest up to this many blocks, else in a d- file
RECORD_HASH = 6  # hex digits of a record block's content hash (its name also has its number)


def _json(data) -> bytes:
    """Compact JSON; ``<``, ``>`` and ``&`` escaped, so merchants' text cannot read as markup
    even where a host would serve the file as HTML."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode("utf-8")


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
    if not entries:
        return [0]
    docs, scores = zip(*entries)
    out = [len(entries)]
    out.extend(map(operator.sub, docs, (0, *docs[:-1])))  # gaps between shop numbers
    out.extend(scores)
    for column in zip(*map(attrs.__getitem__, docs)):
        out.extend(column)
    return out


def build(idx: Index, *, today: date | None = None, block: int = 32, shard_bytes: int = 16384,
          head: int = 10, locked: bool = False) -> dict[str, bytes]:
    """Every file of the static index, by name (``manifest.json`` included)."""
    if not locked:
        with idx.lock():
            return build(idx, today=today, block=block, shard_bytes=shard_bytes, head=head, locked=True)
    today_iso = (today or date.today()).isoformat()
    state = idx.terms.state
    rules = Rules(**state["signature"]["rules"])
    meta = state.get("meta", {})
    files = Files()
    shops = sorted(idx.terms.shops().values(), key=lambda t: t.record["sort"])
    records = [t.record for t in shops]

    # the facets: values most common first; a shop's values of a facet are a bit set
    facet_docs: dict[str, dict[str, list[int]]] = {f: {} for f in FACETS}
    for i, rec in enumerate(records):
        for f in FACETS:
            for value in ([rec["town"]] if f == "town" else rec[f]):
                facet_docs[f].setdefault(value, []).append(i)
    facet_order = {f: sorted(v, key=lambda k, v=v: (-len(v[k]), k)) for f, v in facet_docs.items()}
    bit = {f: {value: 1 << i for i, value in enumerate(order)} for f, order in facet_order.items()}

    # "open now": one entry per distinct week and exceptions to come, most common first
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
    attrs = [tuple(sum(bit[f][v] for v in rec[f]) for f in ("category", "service", "language"))
             + (hours_number.get(week, 0),) for rec, week in zip(records, hours_of)]

    # scores: every term of every scored field, summed over fields for each shop (as Whoosh scores them)
    weighting = Weighting(rules.boosts)
    postings = terms.scores(shops, field_names(rules.languages), rules.boosts, SCALE, weighting.B, weighting.K1)

    # the word table: each word's shop count and its terms
    word_count = Counter(chain.from_iterable(t.words for t in shops))
    table: dict[str, tuple[int, list[str]]] = {}
    for word, count in word_count.items():
        ts = [t for t in analysis.terms(word) if t in postings]
        if ts:
            table[word] = (count, ts)

    # word shards
    shard_list = []
    big: dict[str, str] = {}

    def row(i: int) -> list:
        rec = records[i]
        geo = rec["geo"] or [None, None]
        return [rec["name"], rec["slug"], geo[0], geo[1], 1 if rec["online_only"] else 0, attrs[i][3], attrs[i][0]]

    def source(key: str, entries: list[tuple[int, int]]):
        """Postings inline when short; else three files, read as needed: shops, scores and the
        records of the best ``head`` (a one-word search shows them without reading a record file),
        their facet values (for filters and counts), their opening hours (for "open now")."""
        flat = _postings(entries, attrs)
        if len(flat) * 3 <= INLINE_POSTINGS:
            return flat
        if key not in big:
            n = len(entries)
            # the best ``head`` by score, then number: only those reaching the head-th score are sorted
            least = heapq.nlargest(head, (score for _, score in entries))[-1]
            best = sorted((e for e in entries if e[1] >= least), key=lambda e: (-e[1], e[0]))[:head]
            big[key] = [files.add("p", flat[: 1 + 2 * n] + [[d, row(d)] for d, _ in best]),
                        files.add("a", flat[1 + 2 * n: 1 + 5 * n]), files.add("o", flat[1 + 5 * n:])]
        return big[key]

    def word_entry(word: str, df: int, ts: list[str], term_index: dict) -> list:
        entry = [word, df, [term_index.setdefault(t, len(term_index)) for t in ts]]
        if len(ts) > 1 and sum(len(postings[t]) for t in ts) * 6 * 3 > INLINE_POSTINGS:
            # the word's terms added up once here, so that the browser fetches one list, not one per term
            merged: dict[int, int] = {}
            for t in ts:
                for doc, score in postings[t].items():
                    merged[doc] = merged.get(doc, 0) + score
            entry.append(source(" ".join(ts), sorted(merged.items())))
        return entry

    current: list = []
    size = 0

    def flush():
        nonlocal current, size
        if not current:
            return
        term_index: dict[str, int] = {}
        words_out = [word_entry(word, df, ts, term_index) for word, (df, ts) in current]
        terms_out = [[t, len(postings[t]), source(t, sorted(postings[t].items()))] for t in term_index]
        shard_list.append([current[0][0], files.add("w", {"w": words_out, "t": terms_out})])
        current, size = [], 0

    for word in sorted(table, key=analysis.order):
        df, ts = table[word]
        cost = len(word) + 12 + sum(min(INLINE_POSTINGS, 3 * (1 + 6 * len(postings[t]))) + len(t) for t in ts)
        if current and size + cost > shard_bytes:
            flush()
        current.append((word, (df, ts)))
        size += cost
    flush()

    # facets, most common value first (its bit); the shops of each, for searches with filters only
    labels = meta.get("labels", {})
    facets = {}
    for f in FACETS:
        facets[f] = [[value, len(facet_docs[f][value]), source(f"{f}:{value}", [(d, 0) for d in facet_docs[f][value]]),
                      labels.get(f, {}).get(value, {})] for value in facet_order[f]]

    # towns: their range of shop numbers
    towns = []
    for slug, info in sorted(meta.get("towns", {}).items()):
        numbers = facet_docs["town"].get(slug)
        if numbers:
            towns.append([slug, info["name"], info["tz"], info["lat"], info["lon"], info["radius"],
                          numbers[0], numbers[-1] + 1])

    # records (r<block number>-<hash>.json: the list of hashes is all the browser needs) and hours
    blocks = []
    for number_, start in enumerate(range(0, len(records), block)):
        body = _json([row(i) for i in range(start, min(start + block, len(records)))])
        digest = hashlib.sha256(body).hexdigest()[:RECORD_HASH]
        files.files[f"r{number_}-{digest}.json"] = body
        blocks.append(digest)
    hours_files = [files.add("h", [json.loads(w) for w in hours_order[i:i + HOURS_BLOCK]])
                   for i in range(0, len(hours_order), HOURS_BLOCK)]

    # what the search page shows besides results: towns, facet values with labels and counts
    shared = {
        "towns": towns,
        "facets": {f: [entry[:2] + entry[3:] for entry in entries] for f, entries in facets.items()},
        # the shops of each facet value, for searches with filters only
        "files": files.add("s", {f: [entry[2] for entry in entries] for f, entries in facets.items()}),
    }
    manifest = {
        "version": 2,
        "files": "../" + FOLDER + "/",  # where the other files are, from the manifest
        "shops": len(records),
        "block": block,
        "hoursBlock": HOURS_BLOCK,
        "rules": {"minPrefix": rules.min_prefix, "maxExpansions": rules.max_expansions,
                  "fuzzyMin": rules.fuzzy_min, "fuzzyPrefix": rules.fuzzy_prefix},
        "analysis": analysis.client_tables(),
        "facets": files.add("t", shared),
        "shards": shard_list,
        "records": ({"hashes": "".join(blocks)} if len(blocks) <= INLINE_BLOCK_LIST
                    else {"file": files.add("d", "".join(blocks))}),
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
