"""What the static index is made from, shop by shop, cached beside the Whoosh index.

For each listed shop: the record results show, its surface words (the browser's word table)
and, for each scored field, its length and its terms with their frequencies: the numbers
Whoosh keeps for the same document (:func:`.index.document`, analysed by
:class:`.analysis.StemAnalyzer`). The export (:mod:`.export`) scores them with the same
BM25F (:func:`scores`), so a build never has to write a Whoosh index and read it back; the
tests hold the published scores to Whoosh's own (tests/test_search_parity.py).

A shop's entry is made again only when what it is made from changed (its input hash, see
:func:`.index.inputs`), in parallel over the cores when many did.
"""

from __future__ import annotations

import json
import pickle
import sys
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from math import log
from pathlib import Path

from whoosh.util.numeric import byte_to_length, length_to_byte

from ..cachefile import frozen_when_loaded, write_whole
from . import analysis


@dataclass
class ShopTerms:
    record: dict
    words: tuple[str, ...]
    # scored field -> (length, terms, their frequencies); fields without a term are left out.
    fields: dict


SHARED_FIELDS = ("hours", "exceptions", "category", "language", "service")
_SHARED: dict = {}  # (the tuples of every entry made in this process, one object for equal ones)


def _shared(value):
    """One object for equal tuples (other values as they are)."""
    return _SHARED.setdefault(value, value) if isinstance(value, tuple) else value


def shop_terms(doc: dict, fields) -> ShopTerms:
    """A Whoosh document's numbers, as Whoosh's Frequency format counts them: the length of a
    field is its number of tokens, a term's weight its number of occurrences.

    Its words and terms are the objects every other entry made in this process has (terms come
    from :func:`.analysis.terms`'s cache; words are interned), and so are its frequencies and the
    record's hours and facet values, as tuples (50,000 shops have a few hundred distinct weeks):
    the entries of 50,000 shops take a few hundred MB, not a GB, and so does a pickle of many,
    which stores an object once (a worker's entries come back in a fifth of the time)."""
    found = {}
    for name in fields:
        counts = Counter(chain.from_iterable(map(analysis.terms, doc[name].split())))
        if counts:
            found[name] = (sum(counts.values()), tuple(counts), _shared(tuple(counts.values())))
    record = {**doc["record"], **{name: _shared(doc["record"][name]) for name in SHARED_FIELDS}}
    return ShopTerms(record, tuple(map(sys.intern, doc["words"].split())), found)


def two_digits(x: float) -> float:
    """A statistic to two significant digits (see :class:`.index.Weighting`)."""
    return float(f"{x:.2g}") or 1.0


@lru_cache(maxsize=None)
def stored_length(length: int) -> int:
    """A field length as Whoosh stores it (one byte) and reads it back."""
    return byte_to_length(length_to_byte(length)) if length else 0


def field_totals(shops, fields) -> dict[str, int]:
    """Each scored field's stored length, summed over ``shops``."""
    totals = dict.fromkeys(fields, 0)
    for s in shops:
        for field, (length, _, _) in s.fields.items():
            totals[field] += stored_length(length)
    return totals


def field_lengths(shops: list[ShopTerms], fields, totals: dict | None = None) -> dict[str, float]:
    """Each scored field's average length over the shops, to two significant digits
    (``totals``: their :func:`field_totals`, when known)."""
    totals = field_totals(shops, fields) if totals is None else totals
    return {field: two_digits(totals[field] / len(shops) if shops else 1.0) for field in fields}


def scores(shops: list[ShopTerms], fields, boosts: dict, scale: int, B: float, K1: float,
           only: set | None = None, averages: dict | None = None, *, counts: dict | None = None,
           among: tuple[int, dict] | None = None, numbers: list[int] | None = None) -> dict[str, dict[int, int]]:
    """term -> {shop number: score}: each field's BM25 score of the term, in whole numbers of
    1/``scale`` points, summed over the fields (see :class:`.index.Weighting`: the number of
    shops, the average field length and each term's shop count to two significant digits).
    With ``only``, the postings of those terms only; ``averages``: :func:`field_lengths`.
    ``counts``, when given, receives each field's term -> number of these shops that have it;
    ``among``: (number of shops, such counts) of a directory these shops are some of, to score
    them as they score there; ``numbers``: the shops' numbers (else their positions)."""
    postings: dict[str, dict[int, int]] = {}
    count = two_digits(among[0] if among else len(shops))
    averages = averages or field_lengths(shops, fields)
    k1_plus_1 = K1 + 1
    # each field's (shop number, its entry) for the shops that have it; with ``only``, an entry
    # of those terms only (one set intersection per shop: an edit's few terms are not looked
    # for among the millions of the others)
    having_field: dict[str, list] = {field: [] for field in fields}
    for n, s in zip(range(len(shops)) if numbers is None else numbers, shops):
        for field, entry in s.fields.items():
            if only is None:
                having_field[field].append((n, entry))
            else:
                hits = only.intersection(entry[1])
                if hits:
                    length, terms, freqs = entry
                    hits = sorted(hits)
                    having_field[field].append((n, (length, hits, [freqs[terms.index(t)] for t in hits])))
    for field in fields:
        boost = boosts.get("description" if field.startswith("description_") else field, 1.0)
        present = having_field[field]
        avgfl = averages[field]
        having = Counter(term for _, (_, terms, _) in present for term in terms)
        if counts is not None:
            counts[field] = having
        shown = among[1][field] if among else having
        idf = {term: log(count / two_digits(shown[term] + 1)) + 1 for term in having}
        for number, (length, terms, freqs) in present:
            # whoosh.scoring.bm25, its operations in the same order (the same floats), with the
            # part that depends on the shop only worked out once for its terms
            norm = K1 * ((1 - B) + B * (stored_length(length) or 1) / avgfl)
            for term, freq in zip(terms, freqs):
                # (scores are positive: ``or 1`` is Whoosh's max(1, …))
                score = round(idf[term] * ((freq * k1_plus_1) / (freq + norm)) * boost * scale) or 1
                into = postings.get(term)
                if into is None:
                    into = postings[term] = {}
                into[number] = into.get(number, 0) + score
    return postings


class TermsCache:
    """``terms.json`` (what the entries were made with, and each shop's input hash) and
    ``terms/<town>.pickle`` (the entries of a town's shops: an edit rewrites its town's file),
    read only when some shop changed or the export needs them."""

    def __init__(self, folder: Path):
        self.state_file = Path(folder) / "terms.json"
        self.data_dir = Path(folder) / "terms"
        self._shops: dict | None = None
        self._state: dict | None = None
        # after update(): the shops' input hashes it started from, and the entries it replaced
        # or removed (None for a shop that had none); the export makes only what they touched
        self.before: dict = {}
        self.replaced: dict | None = None

    @property
    def state(self) -> dict:
        """``terms.json``: as the last update() left it, else as read now."""
        if self._state is None:
            try:
                self._state = json.loads(self.state_file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return {}
        return self._state

    def shops(self) -> dict[str, ShopTerms]:
        if self._shops is None:
            self._shops = {}
            for path in sorted(self.data_dir.glob("*.pickle")):
                try:
                    with path.open("rb") as fh, frozen_when_loaded():
                        self._shops.update(pickle.load(fh))
                except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError, TypeError):
                    pass  # then it holds fewer shops than terms.json says: update() starts again
        return self._shops

    def update(self, signature: dict, meta: dict, hashes: dict, make) -> tuple[int, int]:
        """Bring the entries up to date; ``make(keys)`` makes the entries of the shops ``keys``.
        Returns (shops made, shops removed)."""
        self._state = None  # (read again: another build may have updated it since)
        state = self.state
        same = bool(state) and state.get("signature") == signature and self.data_dir.is_dir()
        old = state.get("hashes", {}) if same else {}
        changed = [k for k, h in hashes.items() if old.get(k) != h]
        removed = [k for k in old if k not in hashes]
        self.before, self.replaced = (old, {}) if same else ({}, None)
        if changed or removed or not same:
            shops = self.shops() if same and old else {}  # read only when something changed
            if set(old) != set(shops):  # the files do not hold what terms.json says: start again
                shops, changed, same = {}, list(hashes), False
            if same:
                self.replaced = {k: shops.get(k) for k in [*changed, *removed]}
            else:
                self.before, self.replaced = {}, None
            shops = {k: v for k, v in shops.items() if k in hashes}
            shops.update(zip(changed, make(changed)))
            self._shops = shops
            towns: dict[str, dict] = {}
            for key, entry in shops.items():
                towns.setdefault(_town(key), {})[key] = entry
            touched = {_town(k) for k in [*changed, *removed]} if same else set(towns)
            for town in touched:
                path = self.data_dir / f"{town}.pickle"
                if town in towns:
                    write_whole(path, pickle.dumps(towns[town], protocol=pickle.HIGHEST_PROTOCOL))
                else:
                    path.unlink(missing_ok=True)
            if not same:
                for path in self.data_dir.glob("*.pickle"):
                    if path.stem not in towns:
                        path.unlink()
        new_state = {"signature": signature, "meta": meta, "hashes": hashes}
        if new_state != state:
            write_whole(self.state_file, json.dumps(new_state, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        self._state = new_state
        return len(changed), len(removed)


def _town(key: str) -> str:
    return key.split("/", 1)[0]
