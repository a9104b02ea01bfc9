"""The static index, written into the site from the terms cache (:mod:`.terms`).

``search/manifest.json`` is the root; every other file has a content-hashed name under
``assets/search/`` (``w-3f9c0a1b2d4e.json``), so a CDN may cache it forever and a rebuild only
rewrites the files whose content changed. The files:

``manifest.json``
    the root, fetched first and small: query rules and analysis tables, the word-shard
    boundaries, the record blocks' hashes (or the ``d-*.json`` file that lists them), the others.
``t-*.json`` — towns (with the range of shop numbers each holds) and facet values, most common
    first by powers of two, then by name (so that one shop more or less seldom moves the
    others' bits), with labels and counts.
``w-*.json`` — word shards
    the word table cut into alphabetical ranges: each word's shop count and terms (and, for a
    word of several terms with long postings, their sum, so the browser reads one list); each
    term's shop count and its postings, inline when short, else the names of their files.
postings (the shops of a facet value are postings too)
    ``[n, shop number gaps…, scores…, categories…, services…, languages…, hours…]``: precomputed
    BM25F scores (integers, see :class:`~.index.Weighting`) and, for each shop, its facet values as
    bit sets (bit i: the i-th value of the list in ``t-*.json``) and its opening hours' number, so
    that filters, live counts and "open now" need no other file. Short ones are inline. A long
    one is ``[c-*.json, [p-*.json, a-*.json, o-*.json]…]``: ``c-*.json`` holds the records of its
    best ``head`` shops (``[[shop, record]…]``), then its shops are cut by ranges of their numbers
    (:func:`segment_numbers`; an edit rewrites the range of the shop only), and each range is in
    three files the browser reads as it needs them: ``p-*.json`` (``[n, gaps…, scores…]``, the
    first gap from 0: always), ``a-*.json`` (the facet columns: for filters and counts),
    ``o-*.json`` (the hours column: for "open now"). ``s-*.json`` names the postings of each
    facet value.
``r<n>-*.json`` — shop records, the shops numbered ``n × block`` to ``(n + 1) × block - 1`` in each
    file (0 for a number no shop has), for the results shown
    ``[name, slug, lat, lon, online only, opening hours' number, categories (bit set)]``.
``h-*.json`` — opening hours, one entry per distinct week (and exceptions still to come),
    referenced by number from the postings: the most common first, by powers of two (the weeks
    of 64 to 127 shops, then of 32 to 63…), then in text order, so that a shop added or removed
    seldom moves the other weeks' numbers.

Shops are numbered in (town, hash of the address) order, with room between them (see
:func:`numbering`): a town is a range of numbers, and the browser breaks ties between equal scores
by number, as :func:`.index.search` breaks them by (town, hash of the address). A shop added or
removed moves the numbers of none of the others, or of the few just after it: the postings and
records it is not in are last time's files.
"""

from __future__ import annotations

import bisect
import hashlib
import heapq
import json
import operator
import sys
from collections import Counter
from datetime import date
from itertools import accumulate, chain, groupby
from pathlib import Path

from .. import compactjson
from . import analysis, terms
from .index import FACETS, SCALE, Index, Rules, Weighting, facet_values, field_names

INLINE_POSTINGS = 600  # characters: longer postings get their own file
HOURS_BLOCK = 256
INLINE_BLOCK_LIST = 64  # record hashes in the manifest up to this many blocks, else in a d- file
RECORD_HASH = 6  # hex digits of a record block's content hash (its name also has its number)


class Files:
    """Content-hashed files of the static index, kept in memory until written."""

    def __init__(self):
        self.files: dict[str, bytes] = {}

    def add(self, prefix: str, data) -> str:
        body = compactjson.dumps(data)
        name = f"{prefix}-{hashlib.sha256(body).hexdigest()[:12]}.json"
        self.files[name] = body
        return name


def numbering(records: list[dict]) -> list[int]:
    """Each shop's number, ``records`` in (town, hash of the address, address) order (their
    ``sort``). A town of n shops has room for a power of two at least twice n, and half as much
    again, after the towns before it; a shop's number is where its hash falls in that room, or
    the one after the shop before it when that is taken. Numbers are as pure a function of the
    shops as positions, but one shop more or less moves those of the few shops that follow it
    without room between them only, unless its town's room doubles or halves (every number
    after it then moves, a power of two apart)."""
    out, base = [], 0
    for _, town in groupby(records, key=lambda rec: rec["sort"][0]):
        hashes = [rec["sort"][1] for rec in town]
        room, last = 1 << max(4, (2 * len(hashes) - 1).bit_length()), -1
        for h in hashes:
            last = max(h * room >> 32, last + 1)
            out.append(base + last)
        base += room + room // 2
    return out


def _inline(n: int) -> bool:
    """A posting of ``n`` shops is written inline: its list (see _postings), about 3 characters a
    number, is short."""
    return (1 + 6 * n) * 3 <= INLINE_POSTINGS


def _is_long(source) -> bool:
    """A posting's source names its files (a long one), rather than being its list."""
    return bool(source) and isinstance(source[0], str)


def _postings(entries: list[tuple[int, int]], attrs: dict[int, tuple[int, int, int, int]]) -> list[int]:
    """``[(shop number, score)]`` in number order → the flat, column-wise list the client reads."""
    if not entries:
        return [0]
    # (maps of item getters, not zip(*…): a call with as many arguments as shops is slow)
    docs = list(map(operator.itemgetter(0), entries))
    out = [len(entries)]
    out.extend(map(operator.sub, docs, (0, *docs[:-1])))  # gaps between shop numbers
    out.extend(map(operator.itemgetter(1), entries))
    rows = list(map(attrs.__getitem__, docs))
    for k in range(len(rows[0])):
        out.extend(map(operator.itemgetter(k), rows))
    return out


def build(idx: Index, *, today: date | None = None, block: int = 128, shard_bytes: int = 16384,
          head: int = 10, segment: int = 2048, locked: bool = False) -> dict[str, bytes]:
    """Every file of the static index, by name (``manifest.json`` included)."""
    return make(idx, today=today, block=block, shard_bytes=shard_bytes, head=head, segment=segment,
                locked=locked)[0]


def segment_numbers(n: int, span: int, segment: int) -> int:
    """How many shop numbers each file of a long posting of ``n`` shops covers: the power of two
    above the numbers' ``span``, cut in as many files as ``segment`` goes into ``n`` (rounded down
    to a power of two). A posting whose shops are spread over every town has about half
    ``segment`` to twice as many in a file; one whose shops are in a few towns (a town's, a word
    of its name) has fewer files, with more in each. Its files' ranges move only when ``n``
    crosses ``segment`` times a power of two, or the span a power of two."""
    files = 1 << max(0, (n // segment).bit_length() - 1)
    return max(1, (1 << span.bit_length()) // files)


def code_digest() -> str:
    """The code the static index is made by: a change to it makes the export again in full."""
    files = [Path(__file__).parent / name for name in ("analysis.py", "index.py", "terms.py", "export.py")]
    return hashlib.sha256(b"".join(path.read_bytes() for path in [*files, Path(compactjson.__file__)])).hexdigest()


def make(idx: Index, *, today: date | None = None, block: int = 128, shard_bytes: int = 16384, head: int = 10,
         segment: int = 2048, locked: bool = False, previous: dict | None = None) -> tuple[dict[str, bytes], dict]:
    """(every file of the static index, the memo to pass as ``previous`` next time).

    With the memo of the export made from the terms cache as it was before its last update
    (``idx.terms.before``), only the postings of the terms of the shops that update replaced,
    added or removed are scored and written again, as long as nothing the others depend on
    moved: the number of shops (to two digits), the average field lengths, the day, the options
    and the code. The other postings are the last ones (see ``reused``); those of a shop whose
    number moved (one added or removed just before it) are patched too. Where the facet values'
    or the weeks' order moved, so did the bits or the hours' number of some shops: their
    postings are made again.
    A word shard or a block of records none of whose contents changed keeps last time's file.
    Otherwise everything is made again."""
    if not locked:
        with idx.lock():
            return make(idx, today=today, block=block, shard_bytes=shard_bytes, head=head, segment=segment,
                        locked=True, previous=previous)
    today_iso = (today or date.today()).isoformat()
    state = idx.terms.state
    rules = Rules(**state["signature"]["rules"])
    meta = state.get("meta", {})
    files = Files()
    shops = sorted(idx.terms.shops().values(), key=lambda t: t.record["sort"])
    records = [t.record for t in shops]
    nums = numbering(records)
    span = nums[-1] + 1 if nums else 0
    fields = field_names(rules.languages)

    # the facets: values most common first, by powers of two (as the weeks below), then by name;
    # a shop's values of a facet are a bit set
    facet_docs: dict[str, dict[str, list[int]]] = {f: {} for f in FACETS}
    for n, rec in zip(nums, records):
        for f in FACETS:
            for value in facet_values(rec, f):
                facet_docs[f].setdefault(value, []).append(n)
    facet_order = {f: sorted(v, key=lambda k, v=v: (-len(v[k]).bit_length(), k)) for f, v in facet_docs.items()}
    bit = {f: {value: 1 << i for i, value in enumerate(order)} for f, order in facet_order.items()}

    # "open now": one entry per distinct week and exceptions to come, most common first (by powers of two)
    def week_of(rec: dict) -> str | None:
        if rec["hours"] is None:
            return None
        exceptions = [e for e in rec["exceptions"] if e[1] >= today_iso]
        # (one string for equal weeks: the memo keeps each once)
        return sys.intern(json.dumps([rec["hours"], exceptions], separators=(",", ":")))

    # the last export's memo is of use when it was made by this code from the terms as they were
    # before their last update; ``replaced``: key -> the entry that update replaced or removed
    # (None for a shop it added)
    code = code_digest()
    replaced = idx.terms.replaced
    entries = idx.terms.shops()
    # each word's terms (Snowball stems) depend on the code only: last time's are good for any change
    known_terms = previous.get("word_terms", {}) if previous and previous.get("code") == code else {}
    if not (previous and previous.get("code") == code and replaced is not None
            and previous.get("hashes") == idx.terms.before):
        previous = None

    if previous is not None and previous.get("day") == today_iso:  # the others' weeks are as they were
        weeks = previous["weeks"]
        hours_of = [week_of(rec) if rec["key"] in replaced else weeks[rec["key"]] for rec in records]
    else:
        hours_of = [week_of(rec) for rec in records]
    hours_use = Counter(week for week in hours_of if week is not None)
    hours_order = sorted(hours_use, key=lambda w: (-hours_use[w].bit_length(), w))
    hours_number = {w: i + 1 for i, w in enumerate(hours_order)}  # 0: no hours given

    def attr(rec: dict, week: str | None) -> tuple:
        """A shop's facet values (bit sets) and opening hours' number, as its postings show them.
        (A value no shop has any more, that a replaced shop's last record may hold, counts as
        -2**60: such attributes are a shop's attributes now in no case.)"""
        return (tuple(sum(bit[f].get(v, -(1 << 60)) for v in rec[f]) for f in ("category", "service", "language"))
                + (hours_number.get(week, 0),))

    def row_of(rec: dict, attr: tuple) -> list:
        """A shop's record as results show it."""
        geo = rec["geo"] or [None, None]
        return [rec["name"], rec["slug"], geo[0], geo[1], 1 if rec["online_only"] else 0, attr[3], attr[0]]

    # what every posting depends on besides its own shops
    if previous is None:
        totals = terms.field_totals(shops, fields)
    else:  # the last totals, less the replaced shops' old lengths, plus their new ones
        totals = dict(previous["totals"])
        for key, old in replaced.items():
            for sign, entry in ((-1, old), (1, entries.get(key))):
                for field, (length, _, _) in entry.fields.items() if entry else ():
                    totals[field] += sign * terms.stored_length(length)
    averages = terms.field_lengths(shops, fields, totals)
    context = hashlib.sha256(json.dumps(
        [today_iso, block, shard_bytes, head, segment, rules.__dict__, terms.two_digits(len(records)),
         averages], ensure_ascii=False).encode()).hexdigest()
    if previous is not None and previous.get("context") != context:
        previous = None
    keys = [r["key"] for r in records]
    number = dict(zip(keys, nums))
    # what a shop's facet values' bits and hours' number come from
    orders = [facet_order["category"], facet_order["service"], facet_order["language"], hours_order]
    reattributed: set[str] = set()  # shops whose bits or hours' number changed as the orders moved
    if previous is None:
        attrs = [attr(rec, week) for rec, week in zip(records, hours_of)]
    else:
        last = dict(zip(previous["keys"], previous["attrs"]))
        if previous["orders"] == orders:  # only the replaced shops' may differ
            attrs = [attr(rec, week) if rec["key"] in replaced else last[rec["key"]]
                     for rec, week in zip(records, hours_of)]
        else:
            attrs = [attr(rec, week) for rec, week in zip(records, hours_of)]
            # (a replaced shop too: its postings hold its last attributes, however it changed)
            reattributed = {key for key, a in zip(keys, attrs) if last.get(key, a) != a}
    attr_at = dict(zip(nums, attrs))  # by shop number
    touched_facets: set[str] = set()
    moved: dict[int, int] = {}  # the shops whose number moved or that left (-1), by their last number
    # terms whose posting is last time's with some shops' entries made again (numbers moved,
    # removed shops left out): term -> the keys of the shops added or edited whose score of it is
    # made again (an empty list: last time's posting, written again with the records it heads)
    patch: dict[str, list[str]] = {}
    rescaled: dict[str, set[str]] = {}  # term -> the shops scored again as its idf moved (see patched)
    if previous is None:
        touched, word_count = None, Counter(chain.from_iterable(t.words for t in shops))
        dirty_words: set[str] = set()  # words whose shop count may have changed
        counts: dict[str, Counter] = {}  # made by scores() below
    else:
        # what the replaced shops change: the terms of each field that changed, as it was and as
        # it is; when its facet values or hours changed, every posting it is in; when only its
        # record did, the postings it heads; when it was added or removed, its terms' postings and
        # facet values'. Its posting is patched (see patched): where the term's idf moved in a
        # field, the shops that have it in that field are scored again too. (A shop's place is its
        # key's: a replaced shop keeps it. The others keep their numbers, but for the few just
        # after a shop added or removed, see numbering.)
        touched, heading = set(), set()
        shifted: dict[str, set[str]] = {}  # term -> the fields where its idf moved

        def facets_of(e) -> set[str]:
            return {f"{f}:{v}" for f in FACETS for v in facet_values(e.record, f)}

        def rescore(key: str | None, ts) -> None:
            """The shop ``key``'s scores of the terms ``ts`` are made again (their postings patched
            where they can be; None: a shop removed, which patched postings leave out, or one whose
            number moved, whose entry in them is last time's)."""
            for t in ts:
                # (a term no shop had: its posting holds the shops edited or added that have it;
                # where its idf moved, the shops that have it in those fields are scored again too)
                if t not in previous["lengths"] or t in previous["sources"]:
                    patch.setdefault(t, []).extend([key] if key else [])
                    fields_moved = idf_moved(t) if t in previous["lengths"] else ()
                    if fields_moved:
                        shifted.setdefault(t, set()).update(fields_moved)
                else:
                    touched.add(t)

        def again(key: str) -> None:
            """A posting made again from last time's, its scores as they were (with the facet values
            and hours of its shops as they are now): a facet value's, or a term's (or a word's
            terms')."""
            if ":" in key and key.partition(":")[0] in FACETS:  # (a term may be "town")
                touched_facets.add(key)
            else:
                for t in key.split(" "):
                    if t in previous["sources"]:
                        patch.setdefault(t, [])
                    else:
                        touched.add(t)

        def everywhere(*shown) -> None:
            """Every posting these entries are in is made again (their facet values' or hours'
            bits moved, not their scores): all their terms and facet values."""
            for e in shown:
                for (_, ts, _) in e.fields.values():
                    for t in ts:
                        again(t)
                touched_facets.update(facets_of(e))

        # each field's terms' shop counts, as they were and as they are
        counts = {f: Counter(previous["counts"][f]) for f in fields}
        for key, old in replaced.items():
            for sign, e in ((-1, old), (1, entries.get(key))):
                for field, (_, ts, _) in e.fields.items() if e else ():
                    counts[field].update(dict.fromkeys(ts, sign))
        counts = {f: +c for f, c in counts.items()}  # (terms no shop has any more are dropped)

        def idf_moved(term: str) -> list[str]:
            """The fields where the term's shop count, to two digits, moved: its idf there, and the
            scores of the shops that have it there."""
            return [f for f, c in counts.items()
                    if terms.two_digits(previous["counts"][f].get(term, 0) + 1) != terms.two_digits(c.get(term, 0) + 1)]

        last_number = dict(zip(previous["keys"], previous["numbers"]))
        for key, old in replaced.items():
            new = entries.get(key)
            if (old is None) != (new is None):
                # a shop added or removed: the postings of its terms gain or lose it; the others'
                # scores change only where a term's idf did, else its posting is patched
                e = old or new
                touched_facets.update(facets_of(e))
                rescore(key if new else None, {t for (_, ts, _) in e.fields.values() for t in ts})
                continue
            for field in {*old.fields, *new.fields}:
                was, now = old.fields.get(field), new.fields.get(field)
                if was == now:
                    continue
                if was and now and terms.stored_length(was[0]) == terms.stored_length(now[0]):
                    # the length Whoosh stores is the same: only the terms whose frequency changed
                    # (or that came or went) score differently
                    rescore(key, {t for t, _ in set(zip(was[1], was[2])) ^ set(zip(now[1], now[2]))})
                else:
                    rescore(key, {t for e in (was, now) for t in (e[1] if e else ())})
            before, now = attr(old.record, week_of(old.record)), attr_at[number[key]]
            if before != now:
                everywhere(old, new)
            elif row_of(old.record, before) != row_of(new.record, now):
                heading.add(last_number[key])
        for key, docs in previous["heads"].items():
            if not heading.isdisjoint(docs):  # the records it shows
                again(key)
        for key, (size, _, n) in previous["segments"].items():
            if segment_numbers(n, span, segment) != size:  # its ranges of numbers per file
                again(key)
        for key in reattributed:  # every posting it is in shows its bits and hours' number
            everywhere(entries[key])
        for key, n in last_number.items():
            now = number.get(key, -1)
            if now != n:  # a shop that left (-1), or whose number moved (one added or removed before it)
                moved[n] = now
                if now >= 0:  # every posting it is in shows its number: made again or patched
                    touched_facets.update(facets_of(entries[key]))
                    rescore(None, {t for (_, ts, _) in entries[key].fields.values() for t in ts})
        # the shops that have a term in a field where its idf moved: scored again, their numbers
        # where its posting differs from last time's (one pass, over those fields only)
        by_field: dict[str, set[str]] = {}
        for t, fs in shifted.items():
            for f in fs:
                by_field.setdefault(f, set()).add(t)
        for key, e in entries.items():
            for f, ts in by_field.items():
                entry = e.fields.get(f)
                if entry is not None and not ts.isdisjoint(entry[1]):
                    for t in ts.intersection(entry[1]):
                        rescaled.setdefault(t, set()).add(key)
        word_count = Counter(previous["words"])
        # (a shop's words are each given once: a word's count changes where a shop gained or lost it)
        dirty_words = set().union(*(set(old.words if old else ()) ^ set(entries[k].words if k in entries else ())
                                    for k, old in replaced.items()))
        word_count.subtract(chain.from_iterable(e.words for e in replaced.values() if e))
        word_count.update(chain.from_iterable(entries[k].words for k in replaced if k in entries))
        word_count = +word_count  # (words no shop has any more are dropped)
    word_terms = {word: known_terms.get(word) or analysis.terms(word) for word in word_count}
    if touched is not None:
        patch = {t: gained for t, gained in patch.items() if t not in touched}
        # a word of several terms sums their postings: all of them are needed when one changed
        # (until none is added: a term added for one word may be another word's)
        several, grew = [ts for ts in word_terms.values() if len(ts) > 1], True
        while grew:
            grew = False
            for ts in several:
                if not (touched.isdisjoint(ts) and patch.keys().isdisjoint(ts)):
                    for t in ts:
                        if t not in touched and t not in patch:
                            if t in previous["sources"]:
                                patch[t] = []
                                grew = True
                            elif t in previous["lengths"]:
                                touched.add(t)  # (else no shop has it, then or now: no posting)
                                grew = True

    # scores: every term of every scored field, summed over fields for each shop (as Whoosh scores them)
    weighting = Weighting(rules.boosts)

    def decoded(flat: list) -> list[tuple[int, int]]:
        """(shop number, score) of a posting as written, ``[n, gaps…, scores…, …]``."""
        n = flat[0]
        return list(zip(accumulate(flat[1: 1 + n]), flat[1 + n: 1 + 2 * n]))

    def last_range(names: list[str]) -> list[tuple[int, int]]:
        """(shop number, score) of a range of a long posting made last time (its files' names)."""
        return decoded(json.loads(previous["files"][names[0]]))

    def last_entries(source) -> list[tuple[int, int]]:
        """A posting made last time, as (shop number, score) in number order (inline, or its
        files': the shops and scores of each range)."""
        return [e for names in source[1:] for e in last_range(names)] if _is_long(source) else decoded(source)

    def dirty_ranges(key: str, size: int) -> set[int]:
        """The ranges of ``size`` numbers where a posting may differ from last time's: those of the
        shops replaced, moved or reattributed, and of those scored again as a term's idf moved."""
        return {d // size for d in chain(dirty, (number[k] for t in key.split(" ") for k in rescaled.get(t, ())))}

    def in_ranges(t: str, keys: list[str], made: dict, more: dict) -> tuple | None:
        """A long posting patched in the ranges of numbers where it may differ from last time's
        only (their files alone are read): (numbers per file, those ranges' entries, its length),
        None where it would not be cut as it was (see segment_numbers)."""
        size, parts, n = previous["segments"][t]
        fresh: dict[int, list] = {i: [] for i in dirty_ranges(t, size)}
        posting: dict[int, int] = {}
        for i in fresh:
            if i in parts:
                posting.update(last_range(parts[i][0]))
                n -= parts[i][1]
        patch_entries(posting, t, keys, made, more)
        n += len(posting)
        if _inline(n) or segment_numbers(n, span, segment) != size:
            return None
        for d, score in sorted(posting.items()):  # (moved shops move between those ranges only)
            fresh[d // size].append((d, score))
        return size, fresh, n

    def patch_entries(posting: dict[int, int], t: str, keys: list[str], made: dict, more: dict) -> None:
        """Last time's entries of a posting (or of some of its ranges) as they are now."""
        if moved:  # (the shops that moved or left: all taken out before any is put back)
            for d, score in [(moved[d], posting.pop(d)) for d in moved if d in posting]:
                if d >= 0:
                    posting[d] = score
        for k in keys:
            posting.pop(number[k], None)
            score = made.get(t, {}).get(number[k])
            if score is not None:
                posting[number[k]] = score
        if t in more:  # (the shops that have it where its idf moved: their scores now)
            posting.update((number[k], more[t][number[k]]) for k in rescaled[t])

    def patched(patch: dict[str, list[str]]) -> dict[str, dict[int, int]]:
        """The postings of the terms of ``patch``: last time's, their shops' numbers as they are now
        (a removed shop left out), with the entries of the shops added or edited made again,
        scored as they score among all (left out where such a shop no longer has the term), and
        those of the shops ``rescaled`` (of its terms only)."""
        def scored(keys, only) -> dict[str, dict[int, int]]:
            keys = sorted(keys, key=number.__getitem__)
            return terms.scores([entries[k] for k in keys], fields, rules.boosts, SCALE, weighting.B, weighting.K1,
                                only=only, averages=averages, among=(len(records), counts),
                                numbers=[number[k] for k in keys])
        made = scored({k for ks in patch.values() for k in ks}, set(patch))
        wider = {t: keys for t, keys in rescaled.items() if t in patch}
        more = scored(set().union(*wider.values()), set(wider)) if wider else {}
        out = {}
        for t, keys in patch.items():
            cut = in_ranges(t, keys, made, more) if t in previous["segments"] else None
            if cut is not None:
                partial[t] = cut
                continue
            posting = dict(last_entries(previous["sources"][t]) if t in previous["sources"] else ())
            patch_entries(posting, t, keys, made, more)
            out[t] = posting
        return out
    # (an edit whose postings are all patched scores none over every shop)
    postings = terms.scores(shops, fields, rules.boosts, SCALE, weighting.B, weighting.K1, only=touched,
                            averages=averages, counts=counts if touched is None else None,
                            numbers=nums) if touched != set() else {}
    # the postings every shop's entry of which may have changed (scored again: the idf moved), and
    # the shop numbers where the others may differ from last time's (the shops replaced, moved or
    # reattributed, at their numbers then and now): a long posting's files without one are kept
    rescored = touched
    dirty: set[int] = set()
    if previous is not None:
        for key in [*replaced, *reattributed]:
            dirty.update(n for n in (last_number.get(key), number.get(key)) if n is not None)
        dirty.update(n for pair in moved.items() for n in pair if n >= 0)
    partial: dict[str, tuple] = {}  # long postings patched in some ranges only (see in_ranges)
    if patch:
        postings.update(patched(patch))
        touched = touched | set(patch)  # (made again from here on, as if scored)
    if touched is None:
        lengths = {t: len(p) for t, p in postings.items()}
    else:
        lengths = {t: n for t, n in previous["lengths"].items() if t not in touched}
        lengths.update((t, len(p)) for t, p in postings.items())
        lengths.update((t, n) for t, (_, _, n) in partial.items())

    def full(t: str) -> dict[int, int]:
        """A posting, whole (one patched in some ranges only: put together)."""
        if t not in postings:
            size, fresh, _ = partial[t]
            parts = previous["segments"][t][1]
            postings[t] = {d: score for i in sorted({*parts, *fresh})
                           for d, score in (fresh[i] if i in fresh else last_range(parts[i][0]))}
        return postings[t]

    def reused(key: str) -> object:
        """A posting made last time, and its files if it has some (none of its shops moved: the
        postings of those that did are made again)."""
        source = previous["sources"][key]
        if _is_long(source):
            for name in [source[0], *chain.from_iterable(source[1:])]:
                files.files[name] = previous["files"][name]
            heads[key] = previous["heads"][key]
            segments[key] = previous["segments"][key]
        return source

    # the word table: each word's shop count and its terms
    table: dict[str, tuple[int, list[str]]] = {}
    for word, count in word_count.items():
        ts = [t for t in word_terms[word] if t in lengths]
        if ts:
            table[word] = (count, ts)

    # word shards
    shard_list = []
    big: dict[str, str] = {}
    sources: dict[str, object] = {}  # what each posting is in the files: the memo's

    heads: dict[str, list[int]] = {}  # the shops whose records each long posting shows
    # each long posting's shop numbers per file, its ranges of numbers (their files, number of
    # shops and best ``head``) and its length: the memo's
    segments: dict[str, tuple[int, dict[int, tuple[list[str], int, list]], int]] = {}

    record_at = dict(zip(nums, records))

    def row(n: int) -> list:
        return row_of(record_at[n], attr_at[n])

    def source(key: str, entries: list[tuple[int, int]]):
        """Postings inline when short; else the records of the best ``head`` (a one-word search
        shows them without reading a record file) in a file, and the shops cut by ranges of their
        numbers (see segment_numbers), each range in three files read as needed: shops and scores,
        their facet values (for filters and counts), their opening hours (for "open now"). A range
        where no shop was replaced, moved or reattributed keeps last time's files, unless every
        score may have moved (the idf of a term of the posting)."""
        n = len(entries)
        if _inline(n):
            return _postings(entries, attr_at)
        if key not in big:
            size = segment_numbers(n, span, segment)
            last = previous["segments"].get(key) if previous is not None else None
            if last is None or last[0] != size or not rescored.isdisjoint(key.split(" ")):
                last = (size, {}, n)
            dirty_parts = dirty_ranges(key, size)
            docs = list(map(operator.itemgetter(0), entries))
            parts: dict[int, tuple] = {}
            start = 0
            while start < n:
                i = docs[start] // size
                end = bisect.bisect_left(docs, (i + 1) * size, start)
                parts[i] = (kept(last[1][i]) if i in last[1] and i not in dirty_parts
                            else part(entries[start:end]))
                start = end
            big[key] = long_source(key, size, parts, n)
        return big[key]

    def part(entries: list[tuple[int, int]]) -> tuple:
        """A range of a long posting: (its files, its number of shops, its best ``head``)."""
        flat, m = _postings(entries, attr_at), len(entries)
        # (the best by score, then number: nlargest keeps the entries' order between equals)
        return ([files.add("p", flat[: 1 + 2 * m]), files.add("a", flat[1 + 2 * m: 1 + 5 * m]),
                 files.add("o", flat[1 + 5 * m:])], m, heapq.nlargest(head, entries, key=operator.itemgetter(1)))

    def kept(part: tuple) -> tuple:
        """A range of a long posting as it was last time."""
        for name in part[0]:
            files.files[name] = previous["files"][name]
        return part

    def long_source(key: str, size: int, parts: dict[int, tuple], n: int) -> list:
        """A long posting's source, from its ranges (in order); its best ``head`` are among theirs."""
        best = heapq.nlargest(head, sorted(chain.from_iterable(p[2] for p in parts.values())),
                              key=operator.itemgetter(1))
        heads[key] = [d for d, _ in best]
        segments[key] = (size, parts, n)
        return [files.add("c", [[d, row(d)] for d, _ in best]), *(p[0] for p in parts.values())]

    def partial_source(t: str) -> list:
        """The source of a long posting patched in some ranges only (see in_ranges)."""
        size, fresh, n = partial[t]
        parts = previous["segments"][t][1]
        return long_source(t, size, {i: part(fresh[i]) if i in fresh else kept(parts[i])
                                     for i in sorted({*parts, *fresh}) if i not in fresh or fresh[i]}, n)

    def posting(key: str, changed: bool, entries) -> object:
        """The source of a posting: last time's when it did not change, else made from ``entries()``."""
        if key not in sources:
            if previous is not None and not changed and key in previous["sources"]:
                sources[key] = reused(key)
            elif key in partial:
                sources[key] = partial_source(key)
            else:
                sources[key] = source(key, entries())
        return sources[key]

    def changed(ts: list[str]) -> bool:
        return touched is None or not touched.isdisjoint(ts)

    def merged(ts: list[str]) -> list[tuple[int, int]]:
        # the word's terms added up once here, so that the browser fetches one list, not one per term
        total: dict[int, int] = {}
        for t in ts:
            for doc, score in full(t).items():
                total[doc] = total.get(doc, 0) + score
        return sorted(total.items())

    def word_entry(word: str, df: int, ts: list[str], term_index: dict) -> list:
        entry = [word, df, [term_index.setdefault(t, len(term_index)) for t in ts]]
        if len(ts) > 1 and sum(lengths[t] for t in ts) * 6 * 3 > INLINE_POSTINGS:
            entry.append(posting(" ".join(ts), changed(ts), lambda: merged(ts)))
        return entry

    current: list = []
    size = 0

    shards: dict[str, tuple] = {}  # first word -> (its words, its file): the memo's
    last_shards = previous["shards"] if previous is not None else {}

    def flush():
        nonlocal current, size
        if not current:
            return
        words = tuple(word for word, _ in current)
        last = last_shards.get(words[0])
        if (last and last[0] == words and dirty_words.isdisjoint(words)
                and not any(changed(ts) for _, (_, ts) in current)):
            # the same words, counts and postings as last time: its file too (its postings' files
            # come along with them)
            for _, (_, ts) in current:
                if len(ts) > 1 and " ".join(ts) in previous["sources"]:
                    posting(" ".join(ts), False, None)
                for t in ts:
                    posting(t, False, None)
            name = last[1]
            files.files[name] = previous["files"][name]
        else:
            term_index: dict[str, int] = {}
            words_out = [word_entry(word, df, ts, term_index) for word, (df, ts) in current]
            terms_out = [[t, lengths[t], posting(t, changed([t]), lambda t=t: sorted(full(t).items()))]
                         for t in term_index]
            name = files.add("w", {"w": words_out, "t": terms_out})
        shards[words[0]] = (words, name)
        shard_list.append([words[0], name])
        current, size = [], 0

    for word in sorted(table, key=analysis.order):
        df, ts = table[word]
        cost = len(word) + 12 + sum(min(INLINE_POSTINGS, 3 * (1 + 6 * lengths[t])) + len(t) for t in ts)
        if current and size + cost > shard_bytes:
            flush()
        current.append((word, (df, ts)))
        size += cost
    flush()

    # facets, most common value first (its bit); the shops of each, for searches with filters only
    labels = meta.get("labels", {})
    facets = {}
    for f in FACETS:
        facets[f] = [[value, len(facet_docs[f][value]),
                      posting(f"{f}:{value}", f"{f}:{value}" in touched_facets,
                              lambda f=f, value=value: [(d, 0) for d in facet_docs[f][value]]),
                      labels.get(f, {}).get(value, {})] for value in facet_order[f]]

    # towns: their range of shop numbers
    towns = []
    for slug, info in sorted(meta.get("towns", {}).items()):
        numbers = facet_docs["town"].get(slug)
        if numbers:
            towns.append([slug, info["name"], info["tz"], info["lat"], info["lon"], info["radius"],
                          numbers[0], numbers[-1] + 1])

    # records (r<block number>-<hash>.json: the list of hashes is all the browser needs) and hours
    # (last time's file for a block none of whose shops was added, removed, moved, replaced or
    # reattributed)
    renewed: set[int] = set()  # blocks made again
    if previous is not None:
        renewed = {number[k] // block for k in [*replaced, *reattributed] if k in number}
        renewed.update(n // block for pair in moved.items() for n in pair if n >= 0)
        last_span = previous["numbers"][-1] + 1 if previous["numbers"] else 0
        if last_span != span:  # the blocks where the numbers ended and end: cut there
            renewed.update((end - 1) // block for end in (last_span, span) if end)
    blocks = []
    for b in range(-(-span // block)):
        if previous is not None and b < len(previous["blocks"]) and b not in renewed:
            digest = previous["blocks"][b]
            body = previous["files"][f"r{b}-{digest}.json"]
        else:
            rows = [row(n) if n in record_at else 0 for n in range(b * block, min(span, (b + 1) * block))]
            body = compactjson.dumps(rows)
            digest = hashlib.sha256(body).hexdigest()[:RECORD_HASH]
        files.files[f"r{b}-{digest}.json"] = body
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
        "version": 3,  # (3: record files by shop number, see numbering)
        "files": "../" + FOLDER + "/",  # where the other files are, from the manifest
        "shops": len(records),
        "numbers": span,  # (shop numbers are below it: see numbering)
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
    files.files["manifest.json"] = compactjson.dumps(manifest)
    memo = {"code": code, "context": context, "hashes": state.get("hashes", {}), "words": dict(word_count),
            "lengths": lengths, "sources": sources, "heads": heads, "files": files.files, "totals": totals,
            "day": today_iso, "weeks": {rec["key"]: week for rec, week in zip(records, hours_of)},
            "keys": keys, "numbers": nums, "attrs": attrs, "orders": orders, "word_terms": word_terms, "shards": shards,
            "blocks": blocks, "counts": counts, "segments": segments}
    return files.files, memo


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
