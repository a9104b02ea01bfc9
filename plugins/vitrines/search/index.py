"""The Whoosh index of the shops, kept in the build cache, and the reference search.

The build does not write this index: it needs only the terms cache (:mod:`.terms`), which
:meth:`Index.update_terms` keeps; ``vitrines search`` and the tests call :meth:`Index.update`,
which keeps both.

:func:`update` brings the index in line with a :class:`~vitrines.directory.Directory`: a shop
is re-indexed only when its indexed content (a hash of its document) changed, removed shops
are deleted, and nothing is written when nothing changed. The index, its per-shop hashes and
the query rules it was built with live in ``<VITRINES_CACHE_DIR>/search/``.

:func:`search` is the reference search behind ``vitrines search``: it resolves each query word
through the word table (:mod:`.analysis`), asks Whoosh for the matching shops and their scores,
applies the facet filters and ranks by score, then by the shops' order (town, then a hash of
their address: see :func:`.export.numbering`). The browser client does the same with the
numbers the export precomputed from the same documents (:mod:`.terms`); the parity tests hold
the two to the same answers.

Scores are Whoosh's BM25F (per field, weighted by ``VITRINES_SEARCH_FIELD_BOOSTS``), rounded
to integers at the source (:class:`Weighting`), so that adding them up gives exactly the same
number in Python and in JavaScript.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import chain
from math import log
from pathlib import Path
from typing import Callable, NamedTuple
from zoneinfo import ZoneInfo

from whoosh import fields, index as whoosh_index, query as Q
from whoosh.scoring import BM25F, BM25FScorer, bm25

from .. import schema as shop_schema, settings
from ..background import fork_map
from ..cachefile import write_whole
from ..i18n import language_name
from ..model import DAYS
from . import analysis, terms

SCALE = 8  # score units per BM25F point
FACETS = ("category", "town", "service", "language")
ONLINE_ONLY = "online_only"
PARALLEL_FROM = 2000  # shops to (re)index from which Whoosh writes with one process per core
TEXT_FIELDS = ("name", "category", "town", "street", "services")


def facet_values(record: dict, facet: str) -> list[str]:
    """A shop's values of a facet, from its record (a shop is in one town)."""
    return [record["town"]] if facet == "town" else record[facet]


def field_names(languages) -> tuple[str, ...]:
    """The scored fields, descriptions last (one per site language)."""
    return TEXT_FIELDS + tuple(f"description_{lang}" for lang in languages)


# --- scoring -----------------------------------------------------------------

class _Scorer(BM25FScorer):
    def __init__(self, searcher, fieldname, text, weighting: "Weighting", boost: float):
        parent = searcher.get_parent()
        self.idf = parent.idf(fieldname, text)
        self.avgfl = weighting.stats(parent, fieldname)[1] or 1
        self.B, self.K1, self.qf, self.boost = weighting.B, weighting.K1, 1, boost
        self._memo: dict = {}
        self.setup(searcher, fieldname, text)
        if searcher.schema[fieldname].scorable:  # (a common word has tens of thousands of postings)
            self.dfl = weighting.lengths(searcher, fieldname).__getitem__

    def _score(self, weight, length):
        # weights are small whole numbers and lengths are stored as one byte: few distinct pairs
        key = (weight, length)
        if key not in self._memo:
            self._memo[key] = float(max(1, round(bm25(self.idf, weight, length, self.avgfl, self.B, self.K1)
                                                 * self.boost * SCALE)))
        return self._memo[key]


class Weighting(BM25F):
    """BM25F with a boost per field, as whole numbers of 1/SCALE points.

    Whoosh counts deleted documents in its statistics until segments merge; here the number of
    shops, each term's shop count and the average field length count only the shops in the
    index, so the scores (and so the published files) do not depend on the cache's history."""

    def __init__(self, boosts: dict):
        super().__init__()
        self.boosts = boosts
        self._stats: dict = {}

    def stats(self, searcher, fieldname: str) -> tuple[float, float]:
        """(shops, average length of the field) over the shops in the index, to two significant
        digits (so are the terms' shop counts in :meth:`idf`): adding or editing one shop then
        seldom moves them, and few postings get new scores (and new files to upload)."""
        key = (id(searcher), fieldname)
        if key not in self._stats:
            reader = searcher.reader()
            docs = list(reader.all_doc_ids())
            total = sum(reader.doc_field_length(d, fieldname, 0) or 0 for d in docs)
            self._stats[key] = (terms.two_digits(len(docs)), terms.two_digits(total / len(docs) if docs else 1.0))
        return self._stats[key]

    def lengths(self, searcher, fieldname: str) -> list:
        """The field's length in each document of a segment's searcher, read once, not once per
        posting (as Whoosh's scorers do)."""
        key = ("lengths", id(searcher), fieldname)
        if key not in self._stats:
            reader = searcher.reader()
            self._stats[key] = [reader.doc_field_length(d, fieldname, 1) for d in range(reader.doc_count_all())]
        return self._stats[key]

    def idf(self, searcher, fieldname, text):
        parent = searcher.get_parent()
        shops = self.stats(parent, fieldname)[0]
        having = sum(1 for _ in parent.reader().postings(fieldname, text).all_ids())
        return log(shops / terms.two_digits(having + 1)) + 1

    def scorer(self, searcher, fieldname, text, qf=1):
        boost = self.boosts.get("description" if fieldname.startswith("description_") else fieldname, 1.0)
        return _Scorer(searcher, fieldname, text, self, boost)


# --- the index -------------------------------------------------------------------

@dataclass
class Rules:
    """How query words find terms: the same numbers go to the browser in the manifest."""
    min_prefix: int = 3       # the last word is a prefix from this many letters
    max_expansions: int = 8  # terms a prefix or a typo may stand for, most frequent first
    fuzzy_min: int = 4        # words shorter than this are never corrected
    fuzzy_prefix: int = 2     # a correction keeps the first letters of the word
    boosts: dict = field(default_factory=dict)
    languages: list = field(default_factory=list)

    @classmethod
    def from_settings(cls, conf: dict) -> "Rules":
        return cls(min_prefix=settings.get(conf, "VITRINES_SEARCH_MIN_PREFIX"),
                   max_expansions=settings.get(conf, "VITRINES_SEARCH_MAX_EXPANSIONS"),
                   boosts=dict(settings.get(conf, "VITRINES_SEARCH_FIELD_BOOSTS")),
                   languages=settings.languages(conf))


def make_schema(languages) -> fields.Schema:
    stem = analysis.StemAnalyzer()
    text = {name: fields.TEXT(analyzer=stem, phrase=False) for name in field_names(languages)}
    # (scorable: Whoosh then keeps their lengths, and does not look for a missing file at every posting)
    facets = {f"f_{name}": fields.KEYWORD(scorable=True) for name in FACETS}
    return fields.Schema(key=fields.ID(stored=True, unique=True), record=fields.STORED(),
                         words=fields.KEYWORD(scorable=True), **text, **facets)


def document(shop, directory, languages: list[str]) -> dict:
    """The Whoosh document of a listed shop; ``record`` is what results show."""
    town = directory.towns[shop.town]
    service_labels = shop_schema.labels("services")
    cats = [directory.categories[c] for c in shop.categories if c in directory.categories]
    texts = {
        "name": shop.name,
        "category": " ".join(" ".join([*c.labels.values(), *c.synonyms]) for c in cats),
        "town": f"{town.name} {town.region}",
        "street": f"{shop.street} {shop.postal_code}".strip(),
        "services": " ".join(" ".join(service_labels.get(s, {}).values()) for s in shop.services),
    }
    for lang in languages:
        texts[f"description_{lang}"] = shop.description_plain.get(lang, "")
    surface: set[str] = set()
    stems: set[str] = set()
    for name, value in texts.items():
        found = analysis.words(value)
        texts[name] = " ".join(found)  # what the index's analyzer gets: the words, analysed once
        surface.update(found)
        stems.update(chain.from_iterable(map(analysis.terms, found)))
    record = {
        "key": shop.key, "slug": shop.slug, "town": shop.town, "tz": town.timezone, "name": shop.name,
        "sort": [shop.town, zlib.crc32(shop.slug.encode()), shop.slug],
        # (tuples: the entries of the terms cache share equal ones, see terms.shop_terms)
        "category": tuple(shop.categories), "language": tuple(shop.languages),
        # online-only shops are one more value of the service filter, so shoppers can ask for them
        "service": (*shop.services, *((ONLINE_ONLY,) if shop.online_only else ())),
        "online_only": shop.online_only,
        "geo": [shop.lat, shop.lon] if shop.has_geo else None,
        "hours": None if shop.hours is None else tuple(tuple((r.start, r.end) for r in shop.hours.get(d, ()))
                                                       for d in DAYS),
        "exceptions": tuple((e.first.isoformat(), e.last.isoformat(), tuple((r.start, r.end) for r in e.ranges))
                            for e in shop.exceptions),
    }
    doc = {"key": shop.key, "record": record,
           "words": " ".join(sorted(analysis.table_words(surface, stems))), **texts}
    for name in FACETS:
        doc[f"f_{name}"] = " ".join(record[name] if name != "town" else [shop.town])
    return doc


class ShopInputs(NamedTuple):
    """What :func:`inputs` and :func:`labels` read of a shop."""
    key: str
    listed: bool
    fingerprint: str
    town: str
    categories: tuple
    languages: tuple


@dataclass
class Summary:
    """A directory as :meth:`Index.update_terms` reads it, for a process that did not load it: its
    towns and categories, each shop's :class:`ShopInputs`, and the shops themselves where their
    files were checked again (edited, added); ``load()`` loads the whole directory, for a shop to
    index again whose file was not (its town or categories changed, a first index)."""
    root: Path
    towns: dict
    categories: dict
    shops: list[ShopInputs]
    checked: dict  # key -> Shop
    load: Callable

    def shops_of(self, keys) -> dict:
        if not self.checked.keys() >= set(keys):
            self.checked = {s.key: s for s in self.load().shops}
            loaded = {s.key: s.fingerprint for s in self.shops}
            if any(k not in self.checked or self.checked[k].fingerprint != loaded[k] for k in keys):
                raise RuntimeError("the shops folder changed while the build was loading it; build again")
        return {k: self.checked[k] for k in keys}


def _input_hashes(listed: dict, meta: dict) -> dict[str, str]:
    """What each shop's document is made from: the shop (its fingerprint), its town and its
    categories (``meta``: digests of the towns' and categories' reprs, which are stable for the
    same files), hashed once for each town and categories shops have."""
    places: dict[tuple, str] = {}
    out = {}
    for key, shop in listed.items():
        place = (shop.town, shop.categories)
        digest = places.get(place)
        if digest is None:
            parts = [meta[shop.town], *(meta.get(("category", c), "") for c in shop.categories)]
            digest = places[place] = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]
        out[key] = f"{shop.fingerprint}.{digest}"
    return out


def _meta_digests(directory) -> dict:
    digest = lambda value: hashlib.sha256(repr(value).encode()).hexdigest()  # noqa: E731
    return {**{slug: digest(t) for slug, t in directory.towns.items()},
            **{("category", c): digest(value) for c, value in directory.categories.items()}}


def inputs(directory, rules: Rules) -> tuple[dict, dict, dict, dict]:
    """(signature, meta, input hash of each listed shop, listed shops by key): what both the
    Whoosh index and the terms cache are made from. A shop is indexed again when its hash
    changed: the shop, its town, its categories (cheap: the analysis only runs for those)."""
    # what documents are made by: a change to this code or the analysis re-indexes every shop
    code = hashlib.sha256(b"".join((Path(__file__).parent / n).read_bytes()
                                   for n in ("analysis.py", "index.py", "terms.py")))
    signature = {"version": analysis.VERSION, "code": code.hexdigest()[:16], "rules": rules.__dict__,
                 "labels": hashlib.sha256(repr(sorted(shop_schema.labels("services").items())).encode()).hexdigest()[:16]}
    meta = {"towns": {t.slug: {"name": t.name, "tz": t.timezone, "lat": t.lat, "lon": t.lon,
                               "radius": t.radius_km} for t in directory.towns.values()},
            "labels": labels(directory, rules.languages), "source": str(Path(directory.root).resolve())}
    listed = {s.key: s for s in directory.shops if s.listed}
    digests = _meta_digests(directory)
    return signature, meta, _input_hashes(listed, digests), listed


@contextmanager
def _locked(folder: Path):
    """One build at a time updates (and reads for export) a given cache."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


class Index:
    """The cached Whoosh index; use :meth:`update` then :meth:`searcher` or :func:`search`."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.whoosh_dir = self.folder / "whoosh"
        self.state_file = self.folder / "state.json"
        self.updated = 0  # shops (re)indexed by the last update
        self.removed = 0
        self.terms = terms.TermsCache(self.folder)

    def exists(self) -> bool:
        return self.state_file.is_file() and whoosh_index.exists_in(str(self.whoosh_dir))

    @property
    def state(self) -> dict:
        return json.loads(self.state_file.read_text(encoding="utf-8"))

    @property
    def rules(self) -> Rules:
        return Rules(**self.state["rules"])

    def open(self):
        return whoosh_index.open_dir(str(self.whoosh_dir))

    def searcher(self, ix=None):
        ix = ix or self.open()
        return ix.searcher(weighting=Weighting(self.rules.boosts))

    def records(self, searcher) -> dict[int, dict]:
        """Shop records by Whoosh document number (kept while the index does not change)."""
        generation = searcher.ixreader.generation() if hasattr(searcher.ixreader, "generation") else None
        key = (generation, searcher.doc_count_all())
        if getattr(self, "_records", (None, None))[0] != key:
            self._records = (key, {n: searcher.stored_fields(n)["record"] for n in searcher.reader().all_doc_ids()})
        return self._records[1]

    @contextmanager
    def lock(self):
        with _locked(self.folder):
            yield

    def update(self, directory, rules: Rules, *, locked: bool = False) -> "Index":
        """Index the listed shops of ``directory`` in Whoosh (for :func:`search`) and in the
        terms cache (for the export); only changed shops are indexed again."""
        if locked:
            self._update(directory, rules)
            self.update_terms(directory, rules, locked=True)
        else:
            with self.lock():
                self._update(directory, rules)
                self.update_terms(directory, rules, locked=True)
        return self

    def update_terms(self, directory, rules: Rules, *, locked: bool = False) -> "Index":
        """Bring only the terms cache up to date: all the export needs (the build's path)."""
        if not locked:
            with self.lock():
                return self.update_terms(directory, rules, locked=True)
        signature, meta, hashes, listed = inputs(directory, rules)
        fields = field_names(rules.languages)

        def make(keys: list[str]) -> list:
            shops = directory.shops_of(keys)

            def entry(key: str) -> terms.ShopTerms:
                # (the whole shop read once, not field by field through StoredShop)
                return terms.shop_terms(document(shops[key].full(), directory, rules.languages), fields)

            return fork_map(entry, keys)

        self.updated, self.removed = self.terms.update(signature, meta, hashes, make)
        return self

    def _update(self, directory, rules: Rules) -> None:
        signature, meta, hashes, listed = inputs(directory, rules)
        old: dict = {}
        if self.exists():
            state = self.state
            if {k: state.get(k) for k in signature} == signature:
                old = state["hashes"]
            else:
                shutil.rmtree(self.whoosh_dir)
        if not whoosh_index.exists_in(str(self.whoosh_dir)):
            self.whoosh_dir.mkdir(parents=True, exist_ok=True)
            whoosh_index.create_in(str(self.whoosh_dir), make_schema(rules.languages))
            old = {}
        changed = [k for k, h in hashes.items() if old.get(k) != h]
        removed = [k for k in old if k not in hashes]
        self.updated, self.removed = len(changed), len(removed)
        if changed or removed:
            ix = self.open()
            procs = min(os.cpu_count() or 1, 8)
            if len(changed) >= PARALLEL_FROM and procs > 1:
                # Whoosh's own multiprocess writer: each process writes a segment of its share of the
                # shops, kept as it is (no merge); searches and the export read across segments
                writer = ix.writer(procs=procs, multisegment=True, limitmb=128)
            else:
                writer = ix.writer(limitmb=256)
            for key in removed:
                writer.delete_by_term("key", key)
            for key in changed:
                doc = document(listed[key], directory, rules.languages)
                writer.update_document(**doc) if key in old else writer.add_document(**doc)
            writer.commit()
        state = {**signature, "meta": meta, "hashes": hashes}
        if changed or removed or not self.state_file.is_file() or self.state != state:
            write_whole(self.state_file, json.dumps(state, ensure_ascii=False).encode("utf-8"))


# --- the word table, as the browser sees it ------------------------------------------

class Table:
    """Word → terms lookups on a searcher; only shops still in the index count."""

    def __init__(self, searcher, rules: Rules):
        self.s = searcher
        self.reader = searcher.reader()
        self.rules = rules
        self.fields = field_names(rules.languages)
        self._df: dict[str, int] = {}
        self._wdf: dict[str, int] = {}

    def _live(self, fieldname: str, text: str) -> int:
        try:
            return len(list(self.reader.postings(fieldname, text).all_ids()))
        except Exception:  # TermNotFound
            return 0

    def word_df(self, word: str) -> int:
        if word not in self._wdf:
            self._wdf[word] = self._live("words", word)
        return self._wdf[word]

    def term_df(self, term: str) -> int:
        """Shops whose scored text holds the term."""
        if term not in self._df:
            docs: set[int] = set()
            for f in self.fields:
                try:
                    docs.update(self.reader.postings(f, term).all_ids())
                except Exception:
                    pass
            self._df[term] = len(docs)
        return self._df[term]

    def terms(self, word: str) -> list[str]:
        if not self.word_df(word):
            return []
        return [t for t in analysis.terms(word) if self.term_df(t)]

    def words_from(self, prefix: str) -> list[str]:
        return [w.decode() if isinstance(w, bytes) else w
                for w in self.reader.expand_prefix("words", prefix)
                if self.word_df(w.decode() if isinstance(w, bytes) else w)]

    def _top(self, exact: list[str], more) -> list[str]:
        extra = sorted({t for t in more if t not in exact}, key=lambda t: (-self.term_df(t), analysis.order(t)))
        return exact + extra[: max(0, self.rules.max_expansions - len(exact))]

    def resolve(self, word: str, prefix: bool) -> list[str]:
        exact = self.terms(word)
        if prefix and len(word) >= self.rules.min_prefix:
            return self._top(exact, (t for w in self.words_from(word) for t in self.terms(w)))
        return exact

    def corrections(self, word: str) -> list[str]:
        """Words of the table one typo away, most frequent first."""
        if len(word) < self.rules.fuzzy_min:
            return []
        found = [w for w in self.words_from(word[: self.rules.fuzzy_prefix]) if analysis.within_one_edit(word, w)]
        return sorted(found, key=lambda w: (-self.word_df(w), analysis.order(w)))

    def fuzzy(self, word: str) -> list[str]:
        return self._top([], (t for w in self.corrections(word) for t in self.terms(w)))


# --- the reference search ---------------------------------------------------------------

@dataclass
class Hit:
    key: str
    score: int
    record: dict


@dataclass
class Result:
    query: str
    words: list[str]
    hits: list[Hit]
    counts: dict  # facet -> value -> shops
    mode: str = "exact"  # exact | fuzzy | none (nothing to search) | browse (filters only)
    suggestion: str = ""


def dedupe(pairs) -> list[tuple[str, tuple[str, ...]]]:
    """Words standing for the same terms count once (Whoosh drops repeated clauses too)."""
    seen, out = set(), []
    for word, ts in pairs:
        key = tuple(sorted(ts))
        if ts and key in seen:
            continue
        seen.add(key)
        out.append((word, tuple(ts)))
    return out


def plan(words: list[str], at_end: bool, resolve) -> list[tuple[str, tuple[str, ...]]]:
    """(word, terms) for each word; the last one is a prefix when it ends the query."""
    return dedupe((word, resolve(word, at_end and i == len(words) - 1)) for i, word in enumerate(words))


def _match(searcher, fields_, planned) -> dict[int, int]:
    if not planned or any(not ts for _, ts in planned):
        return {}
    q = Q.And([Q.Or([Q.Term(f, t) for t in ts for f in fields_]) for _, ts in planned])
    results = searcher.search(q, limit=None)
    return {hit.docnum: int(round(hit.score)) for hit in results}


def open_at(record: dict, tz: str, when: datetime) -> bool:
    """Whether a shop is open at ``when`` (an aware datetime), in its town's time zone."""
    if record["hours"] is None:
        return False
    local = when.astimezone(ZoneInfo(tz))
    minute = local.hour * 60 + local.minute
    for back in (0, 1):  # today's ranges, then yesterday's running past midnight
        day = (local - timedelta(days=back)).date()
        iso = day.isoformat()
        ranges = next((ex[2] for ex in record["exceptions"] if ex[0] <= iso <= ex[1]), None)
        if ranges is None:
            ranges = record["hours"][day.weekday()]
        at = minute + 1440 * back
        if any(start <= at < end for start, end in ranges):
            return True
    return False


def search(idx: Index, text: str, filters: dict | None = None, *, open_when: datetime | None = None) -> Result:
    """Rank the shops for a query, as the browser does; ``filters``: facet -> values (OR within)."""
    filters = {k: list(v) for k, v in (filters or {}).items() if v}
    rules = idx.rules
    fields_ = field_names(rules.languages)
    words, at_end = analysis.words_with_end(text)
    ix = idx.open()
    with idx.searcher(ix) as s:
        table = Table(s, rules)
        records = idx.records(s)
        mode, suggestion = "exact", ""
        if words:
            planned = plan(words, at_end, table.resolve)
            scores = _match(s, fields_, planned)
            if not scores:
                corrected, fixes = [], []
                for word, ts in planned:
                    if ts:
                        corrected.append((word, ts))
                        fixes.append(word)
                    else:
                        options = table.corrections(word)
                        corrected.append((word, tuple(table.fuzzy(word))))
                        fixes.append(options[0] if options else word)
                if any(not ts for _, ts in planned):
                    mode = "fuzzy"
                    scores = _match(s, fields_, dedupe(corrected))
                    if scores:
                        suggestion = " ".join(fixes)
        elif filters:
            mode, scores = "browse", {n: 0 for n in records}
        else:
            mode, scores = "none", {}

    def keeps(rec, facet_filters) -> bool:
        return all(set(vals) & set(facet_values(rec, f)) for f, vals in facet_filters.items())

    def is_open(rec) -> bool:
        return open_when is None or open_at(rec, rec["tz"], open_when)

    matched = [(n, sc) for n, sc in scores.items() if is_open(records[n])]
    counts: dict = {}
    for f in FACETS:
        others = {k: v for k, v in filters.items() if k != f}
        tally: dict = {}
        for n, _ in matched:
            rec = records[n]
            if keeps(rec, others):
                for value in facet_values(rec, f):
                    tally[value] = tally.get(value, 0) + 1
        counts[f] = tally
    hits = [Hit(records[n]["key"], sc, records[n]) for n, sc in matched if keeps(records[n], filters)]
    hits.sort(key=lambda h: (-h.score, h.record["sort"]))
    return Result(text, words, hits, counts, mode, suggestion)


def index_folder(conf: dict, shops: Path | None = None) -> Path:
    """``VITRINES_SEARCH_INDEX_DIR``, or ``search/<shops folder>-<hash of its path>`` in the build
    cache: each shops folder has its own index, so building another folder (a copy, a demo) does
    not re-index everything. Indexes of shops folders that no longer exist are removed."""
    from ..generator import project_path
    if settings.get(conf, "VITRINES_SEARCH_INDEX_DIR"):
        return project_path(conf, "VITRINES_SEARCH_INDEX_DIR")
    shops = Path(shops) if shops is not None else project_path(conf, "VITRINES_SHOPS_DIR")
    source = str(shops.resolve())
    parent = project_path(conf, "VITRINES_CACHE_DIR") / "search"
    for other in parent.glob("*/terms.json") if parent.is_dir() else ():
        try:
            gone = not Path(json.loads(other.read_text(encoding="utf-8"))["meta"].get("source", "/")).exists()
        except (OSError, ValueError, KeyError, AttributeError):
            gone = False
        if gone:
            shutil.rmtree(other.parent, ignore_errors=True)
    name = "".join(c if c.isalnum() else "-" for c in shops.resolve().name)[:40]
    return parent / f"{name}-{hashlib.sha1(source.encode()).hexdigest()[:10]}"


def labels(directory, languages) -> dict:
    """Names of facet values in each language, for the manifest and the command line."""
    services = {**shop_schema.labels("services"), ONLINE_ONLY: shop_schema.load_schema("shop")["properties"][ONLINE_ONLY]["x-title"]}
    spoken = sorted({code for s in directory.shops for code in s.languages})
    return {
        "category": {c.id: {lang: c.label(lang) for lang in languages} for c in directory.categories.values()},
        "service": {k: {lang: v.get(lang) or v.get("en") or k for lang in languages} for k, v in services.items()},
        "language": {code: {lang: language_name(code, lang) for lang in languages} for code in spoken},
    }
