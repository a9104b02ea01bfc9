"""Parity: the browser's ranked results equal `vitrines search`'s on the same index.

The browser's engine (theme/static/js/search.js) runs in Node on the published static index;
`vitrines search` (plugins/vitrines/search/index.py) answers from the Whoosh index the static
index was written from. Same shops, same order, same scores, same facet counts, same "did you
mean" — on the sample and on a generated directory of a few thousand shops. The same holds in
Chromium on the built sample (tests/test_search_browser.py reads the page itself).
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timezone

import pytest

from search_support import BUILD_DAY, fresh_index, node, publish, sample_directory

from vitrines.bench import generated_directory
from vitrines.search import analysis, export, search

SAMPLE_QUERIES = [
    "boulangerie", "Boulangeries", "bakery", "bakeries", "pain", "bread", "fleurs", "flowers", "fleuriste",
    "cafe", "café", "CAFÉ", "coffee shop", "salon de thé", "thé", "l'atelier", "d'élise", "atelier elise",
    "boulangrie", "boulangrie mons", "fromagrie", "librairies", "livres", "books", "bookstore", "vélo", "velos",
    "bike repair", "bière", "beer", "wine", "cave", "fromage toronto", "cheese", "épicerie", "epicerie fine",
    "quincaillerie", "hardware", "jouets", "toys", "livraison", "delivery", "wheelchair", "mons", "québec",
    "toronto", "rue", "7000", "boul", "bou", "fro", "lib", "xyzzy", "zzzz qqqq", "pain pain", "the", "",
    "boulangerie mons québec", "coiffeur", "barber", "pharmacie", "herboristerie", "naturopathie",
]
SAMPLE_FILTERS = [
    {}, {"town": ["mons"]}, {"town": ["quebec", "toronto"]}, {"category": ["cafe"]},
    {"category": ["bakery", "cafe"], "town": ["mons"]}, {"service": ["delivery"]}, {"language": ["en"]},
    {"service": ["gift_cards", "delivery"], "language": ["fr"]}, {"service": ["online_only"]},
    {"service": ["gift_cards"], "town": ["toronto"]},
]


def _compare(idx, site, requests):
    answers = node(site, requests)
    problems = []
    for req, js in zip(requests, answers):
        when = datetime.fromisoformat(req["open"]) if req.get("open") else None
        py = search(idx, req["q"], req.get("filters"), open_when=when)
        expected = {"mode": py.mode, "suggestion": py.suggestion, "hits": [[h.key, h.score] for h in py.hits]}
        got = {k: js[k] for k in expected}
        if got != expected:
            problems.append((req, expected, got))
        elif py.mode not in ("none",):
            browse_own = py.mode == "browse"
            for facet, counts in py.counts.items():
                if browse_own and set(req.get("filters") or {}) <= {facet}:
                    continue  # browsing one facet: the browser shows every shop's counts for it
                js_counts = {k: v for k, v in js["counts"][facet].items() if v}
                if js_counts != counts:
                    problems.append((req, facet, counts, js_counts))
    return problems


@pytest.fixture(scope="module")
def sample(sample_site, tmp_path_factory):
    """The sample's Whoosh index, made afresh, and the site the build published: the same index,
    as the byte-identical static files show."""
    idx = fresh_index(tmp_path_factory.mktemp("parity") / "index", sample_directory())
    files = export.build(idx, today=BUILD_DAY)
    for name, body in files.items():
        assert (sample_site / export.site_path(name)).read_bytes() == body, name
    return idx, sample_site


def test_parity_on_the_sample(sample):
    idx, site = sample
    requests = [{"q": q} for q in SAMPLE_QUERIES]
    requests += [{"q": q, "filters": f} for q in ("cafe", "boulangerie", "", "fro", "boulangrie") for f in SAMPLE_FILTERS]
    assert not _compare(idx, site, requests)


def test_parity_of_open_now_on_the_sample(sample):
    idx, site = sample
    times = ["2026-12-01T09:30:00+00:00", "2026-12-05T23:30:00+00:00", "2026-12-06T04:30:00+00:00",
             "2026-12-24T15:00:00+00:00", "2026-12-25T15:00:00+00:00", "2027-01-08T10:00:00+00:00"]
    requests = [{"q": q, "filters": f, "open": t} for t in times for q in ("", "cafe", "restaurant", "bistro")
                for f in ({"town": ["mons", "quebec", "toronto"]}, {"category": ["restaurant", "cafe", "bakery"]})]
    assert not _compare(idx, site, requests)
    # and the question is not trivial: open and closed shops at those times
    counts = {len(search(idx, "", {"town": ["mons", "quebec", "toronto"]},
                         open_when=datetime.fromisoformat(t)).hits) for t in times}
    assert len(counts) > 2


def _queries(idx, rng: random.Random, n: int) -> list[dict]:
    manifest_words = []
    ix = idx.open()
    with idx.searcher(ix) as s:
        manifest_words = sorted({w.decode() for w in s.reader().lexicon("words")})
    words = [w for w in manifest_words if w.isalpha()]
    towns = sorted(idx.state["meta"]["towns"])
    cats = sorted(idx.state["meta"]["labels"]["category"])

    def typo(w):
        i = rng.randrange(2, max(3, len(w)))
        return w[:i] + rng.choice("aeioustr") + w[i + 1:]

    out = []
    for _ in range(n):
        kind = rng.random()
        w = rng.choice(words)
        if kind < 0.3:
            q = w
        elif kind < 0.45:
            q = w[: rng.randrange(3, max(4, len(w)))]
        elif kind < 0.6:
            q = typo(w) if len(w) > 4 else w
        elif kind < 0.8:
            q = f"{w} {rng.choice(words)}"
        elif kind < 0.9:
            q = f"{rng.choice(words)} {w[: rng.randrange(3, max(4, len(w)))]}"
        else:
            q = ""
        filters = {}
        if rng.random() < 0.35 or not q:
            filters["town"] = rng.sample(towns, rng.randrange(1, 3))
        if rng.random() < 0.25:
            filters["category"] = rng.sample(cats, rng.randrange(1, 3))
        if rng.random() < 0.15:
            filters["service"] = [rng.choice(["delivery", "gift_cards", "local_products", "repairs"])]
        out.append({"q": q.upper() if rng.random() < 0.1 else q, "filters": filters})
    return out


def test_parity_on_a_generated_directory(tmp_path):
    directory = generated_directory(2500, seed=11)
    idx = fresh_index(tmp_path / "index", directory)
    # (long postings cut in many files: the browser puts them back together)
    files = publish(idx, tmp_path / "site", segment=64)
    facet_sources = json.loads(next(files[name] for name in files if name.startswith("s-")))
    assert max(len(source) for sources in facet_sources.values() for source in sources) > 8
    rng = random.Random(2)
    requests = _queries(idx, rng, 250)
    requests += [{"q": q} for q in ("boulangerie", "boulangrie", "bakery", "fleurs", "café", "pain levain",
                                    "livres jeunesse", "coffee", "boul", "chez")]
    problems = _compare(idx, tmp_path / "site", requests)
    assert not problems, problems[:3]
    modes = {search(idx, r["q"], r.get("filters")).mode for r in requests}
    assert {"exact", "fuzzy", "browse"} <= modes
    assert analysis.VERSION  # the analysis the tables were made with
