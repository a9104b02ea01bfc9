"""The Whoosh index in the build cache, the static index written from it, `vitrines search`,
and what a person expects the sample to answer."""

from __future__ import annotations

import dataclasses
import json
import random
import re
import shutil
import subprocess
import sys
import zlib
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT
from search_support import BUILD_DAY, fresh_index, publish, sample_directory

from vitrines.bench import generated_directory
from vitrines import compactjson
from vitrines.search import export, index as search_index, search
from vitrines.search.index import FACETS, Rules, facet_values

WORDS = ["bistro", "pain", "local", "fleur", "quinoa", "boulangerie", "vin", "café", "épicerie", "fromage",
         "fromagerie", "livres", "vélo", "bijoux", "fleuriste", "juillet", "zorglub"]


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory):
    return fresh_index(tmp_path_factory.mktemp("sample-index"), sample_directory())


def keys(result, n=None) -> list[str]:
    return [h.key for h in result.hits][:n]


# --- relevance on the sample ------------------------------------------------------------

@pytest.mark.parametrize("query, first", [
    ("boulangerie", "mons/boulangerie-du-beffroi"),
    ("Boulangerie", "mons/boulangerie-du-beffroi"),
    ("fleurs", "mons/fleurs-du-lumecon"),
    ("the curd nerd", "toronto/the-curd-nerd"),
    ("beffroi", "mons/boulangerie-du-beffroi"),
])
def test_names_come_first(sample_index, query, first):
    assert keys(search(sample_index, query))[0] == first


def test_closed_shops_are_not_found(sample_index):
    closed = [s for s in sample_directory().shops if not s.listed]
    assert closed
    for shop in closed:
        assert shop.key not in keys(search(sample_index, shop.name)), shop.key


def test_accents_and_case_do_not_matter(sample_index):
    for a, b in [("cafe", "café"), ("CAFÉ", "cafe"), ("velo", "vélo"), ("epicerie", "Épicerie"),
                 ("biere", "bière"), ("the", "thé") if False else ("fromagere", "fromagère")]:
        assert keys(search(sample_index, a)) == keys(search(sample_index, b)), (a, b)
    assert keys(search(sample_index, "epicerie"))


def test_plurals_and_stems(sample_index):
    for singular, plural in [("boulangerie", "boulangeries"), ("fleur", "fleurs"), ("librairie", "librairies"),
                             ("bakery", "bakeries"), ("livre", "livres "), ("fromage", "fromages"),
                             ("vélo", "vélos"), ("book", "books")]:
        one, many = set(keys(search(sample_index, singular + " "))), set(keys(search(sample_index, plural)))
        assert one and one == many, (singular, plural)


def test_french_elisions(sample_index):
    assert keys(search(sample_index, "l'atelier d'élise"))[0] == "mons/atelier-d-elise"
    assert keys(search(sample_index, "atelier elise"))[0] == "mons/atelier-d-elise"
    assert keys(search(sample_index, "L’Atelier"))[0] == "mons/atelier-d-elise"


def test_categories_across_languages(sample_index):
    bakeries = {s.key for s in sample_directory().shops if "bakery" in s.categories and s.listed}
    florists = {s.key for s in sample_directory().shops if "florist" in s.categories and s.listed}
    assert bakeries and florists
    for query, wanted in [("bakery", bakeries), ("boulangerie", bakeries), ("bread", bakeries), ("pain", bakeries),
                          ("flowers", florists), ("fleurs", florists), ("fleuriste", florists), ("florist", florists)]:
        found = set(keys(search(sample_index, query)))
        assert wanted <= found, (query, wanted - found)
        assert keys(search(sample_index, query))[0] in wanted, query


def test_one_typo_when_nothing_matches(sample_index):
    result = search(sample_index, "boulangrie")
    assert result.mode == "fuzzy" and result.suggestion == "boulangerie"
    assert keys(result) == keys(search(sample_index, "boulangerie"))
    result = search(sample_index, "fromagrie mons")
    assert result.suggestion == "fromagerie mons" and result.hits
    assert search(sample_index, "boulangerie").suggestion == ""  # exact matches: no correction
    assert not search(sample_index, "xqzwv").hits


def test_prefix_of_the_last_word_while_typing(sample_index):
    assert "mons/boulangerie-du-beffroi" in keys(search(sample_index, "boula"))
    assert not search(sample_index, "boula ").hits or search(sample_index, "boula ").mode == "fuzzy"
    assert keys(search(sample_index, "fleurs mon"))[0] == "mons/fleurs-du-lumecon"
    assert not search(sample_index, "fleurs mo").hits  # two letters are not yet a prefix


def test_facets_and_counts(sample_index):
    result = search(sample_index, "cafe", {"town": ["toronto"]})
    assert result.hits and all(h.record["town"] == "toronto" for h in result.hits)
    everywhere = search(sample_index, "cafe")
    assert result.counts["town"] == everywhere.counts["town"]  # a facet's own filter leaves its counts
    assert sum(result.counts["town"].values()) == len(everywhere.hits)
    assert result.counts["category"]["cafe"] == sum("cafe" in h.record["category"] for h in result.hits)
    browse = search(sample_index, "", {"category": ["bakery"], "town": ["mons", "quebec"]})
    assert browse.mode == "browse" and browse.hits
    assert all("bakery" in h.record["category"] and h.record["town"] in ("mons", "quebec") for h in browse.hits)


def test_online_only_and_gift_card_filters(sample_index):
    """Issue 8: shoppers can ask for shops that sell only online, and for shops that sell gift
    cards, which includes a shop that gives a gift-card link without ticking the service."""
    directory = sample_directory()
    online = {s.key for s in directory.shops if s.listed and s.online_only}
    gifts = {s.key for s in directory.shops if s.listed and (s.gift_cards or "gift_cards" in s.services)}
    assert online and "toronto/stillwater-tap-room" in gifts
    assert keys(search(sample_index, "", {"service": ["online_only"]})) and \
        set(keys(search(sample_index, "", {"service": ["online_only"]}))) == online
    assert set(keys(search(sample_index, "", {"service": ["gift_cards"]}))) == gifts
    result = search(sample_index, "", {"town": ["mons"]})
    assert result.counts["service"]["online_only"] == sum(k.startswith("mons/") for k in online)


# --- the index in the cache ------------------------------------------------------------------

def test_only_changed_shops_are_reindexed(tmp_path):
    directory = sample_directory()
    idx = fresh_index(tmp_path / "index", directory)
    listed = [s for s in directory.shops if s.listed]
    assert idx.updated == len(listed)
    idx.update(directory, Rules.from_settings({}))
    assert (idx.updated, idx.removed) == (0, 0)
    before = export.build(idx, today=BUILD_DAY)

    shops = list(directory.shops)
    i = next(i for i, s in enumerate(shops) if s.key == "mons/boulangerie-du-beffroi")
    shops[i] = dataclasses.replace(shops[i], name="Boulangerie du Beffroi et des Remparts")
    removed = shops.pop(next(i for i, s in enumerate(shops) if s.key == "toronto/the-curd-nerd"))
    changed = dataclasses.replace(directory, shops=shops)
    idx.update(changed, Rules.from_settings({}))
    assert (idx.updated, idx.removed) == (1, 1)
    assert keys(search(idx, "remparts beffroi"))[0] == "mons/boulangerie-du-beffroi"
    assert removed.key not in keys(search(idx, "curd nerd"))

    # back as it was: the published files are the same bytes as before (scores count only live shops)
    idx.update(directory, Rules.from_settings({}))
    assert export.build(idx, today=BUILD_DAY) == before


def test_a_category_renamed_indexes_again_the_shops_it_has_only(tmp_path):
    directory = sample_directory()
    rules = Rules.from_settings({})
    search_index.Index(tmp_path / "index").update_terms(directory, rules)
    listed = Counter(c for s in directory.shops if s.listed for c in s.categories)
    category = max(listed, key=lambda c: (listed[c] < len(directory.shops) / 2, listed[c]))
    old = directory.categories[category]
    categories = {**directory.categories, category: dataclasses.replace(old, labels={**old.labels, "fr": "Autre nom"})}
    idx = search_index.Index(tmp_path / "index").update_terms(dataclasses.replace(directory, categories=categories),
                                                              rules)
    assert idx.updated == listed[category] > 1


def test_the_terms_cache_rewrites_the_changed_town_only_and_never_serves_a_stale_entry(tmp_path):
    directory = sample_directory()
    rules = Rules.from_settings({})
    idx = search_index.Index(tmp_path / "index").update_terms(directory, rules)
    before = export.build(idx, today=BUILD_DAY)
    towns = {p.stem: p.stat().st_mtime_ns for p in (idx.folder / "terms").glob("*.pickle")}
    assert set(towns) == {s.town for s in directory.shops if s.listed}

    shops = list(directory.shops)
    i = next(i for i, s in enumerate(shops) if s.key == "mons/boulangerie-du-beffroi")
    shops[i] = dataclasses.replace(shops[i], name="Boulangerie Zanzibar")
    changed = dataclasses.replace(directory, shops=shops)
    idx = search_index.Index(tmp_path / "index").update_terms(changed, rules)  # as a new build reads it
    assert (idx.updated, idx.removed) == (1, 0)
    after = {p.stem: p.stat().st_mtime_ns for p in (idx.folder / "terms").glob("*.pickle")}
    assert [t for t in towns if after[t] != towns[t]] == ["mons"]
    assert export.build(idx, today=BUILD_DAY) == export.build(
        search_index.Index(tmp_path / "cold").update_terms(changed, rules), today=BUILD_DAY)

    # a lost town file: everything is made again rather than published without that town
    (idx.folder / "terms" / "quebec.pickle").unlink()
    idx = search_index.Index(tmp_path / "index").update_terms(directory, rules)
    assert idx.updated == len([s for s in directory.shops if s.listed])
    assert export.build(idx, today=BUILD_DAY) == before


def test_an_export_made_from_the_last_one_equals_an_export_made_from_scratch(tmp_path, monkeypatch):
    """A rebuild scores again only the terms of the shops it re-indexed (export.make's memo), in
    last time's postings (patched: the shop added, edited or removed made again), and where a
    term's idf moved in a field, for the shops that have it there: no term is scored over every
    shop. After every kind of edit, its files are the files of an export made from scratch."""
    from vitrines.search import terms as search_terms

    directory = generated_directory(300, seed=5)
    rules = Rules.from_settings({})
    _, memo = export.make(search_index.Index(tmp_path / "warm").update_terms(directory, rules), today=BUILD_DAY)
    scored = []  # (the terms scored, whether of a few shops among all: a patch)
    score = search_terms.scores
    monkeypatch.setattr(search_terms, "scores", lambda *a, only=None, among=None, **k: scored.append(
        (only, among is not None)) or score(*a, only=only, among=among, **k))
    shops = list(directory.shops)
    day = dict(shops[0].hours or {})

    def place(k: int) -> tuple:  # a shop's place in number order (export.numbering)
        return shops[k].town, zlib.crc32(shops[k].slug.encode()), shops[k].slug
    first = min((k for k, s in enumerate(shops) if s.listed), key=place)
    edits = [  # (which shop, what changes, whether only its terms are scored again: None if orders may move)
        # the first shop in number order, of its town and of each of its facet values: their postings
        # show its record
        (first, lambda s: dataclasses.replace(s, name=s.name + " et fils"), True),
        # no text changed: only the postings that show its record (it heads them)
        (first, lambda s: dataclasses.replace(s, lat=(s.lat or 45.5) + 0.001, lon=(s.lon or -73.5) + 0.001), True),
        # words sharing a stem with others ("bistros", "locaux"), whose summed postings change too
        (17, lambda s: dataclasses.replace(s, description={**s.description, "fr": "Un bistro local."}), True),
        # one word for another, the text as long: only the two words' terms (not every term of the text)
        (23, lambda s: dataclasses.replace(s, description={**s.description, "fr": s.description["fr"] + " Zyxwv"}),
         True),
        (23, lambda s: dataclasses.replace(s, description={**s.description, "fr": s.description["fr"][:-5] + "Vwxyz"}),
         "few"),
        # words of the same terms ("vitamins", "vitamines"): no posting changes, the word table does
        (23, lambda s: dataclasses.replace(s, description={**s.description, "fr": "Des vitamins bio."}), True),
        (23, lambda s: dataclasses.replace(s, description={**s.description, "fr": "Des vitamines bio."}), "none"),
        (57, lambda s: dataclasses.replace(s, categories=("florist",) if "florist" not in s.categories else ("bakery",)),
         None),
        # a shop renamed as another's new category moves the categories' order: the renamed shop's
        # bits move too, though its own categories did not change
        ("pair", None, None),
        (97, lambda s: dataclasses.replace(s, hours=day, services=("delivery",)), None),  # weeks, services by use
        # renamed: its number (a hash of its address) and the others' do not move
        (137, lambda s: dataclasses.replace(s, name="Aaaa " + s.name), True),
        (177, lambda s: dataclasses.replace(s, status="closed"), None),  # leaves the index
        ("last", None, None),  # the last shop in number order leaves: the last block of records shrinks
        # in the heads of the term "town" (towns called "Old Town"), a term named like a facet
        (176, lambda s: dataclasses.replace(s, lat=(s.lat or 45.5) + 0.001, lon=(s.lon or -73.5) + 0.001), True),
        # a shop's file renamed (one shop removed, one added) and the shop first of its town now:
        # the shops between its two places move, the facet values' and weeks' orders do not
        (90, lambda s: dataclasses.replace(s, slug="a-" + s.slug, name="Aaaa" + s.name), True),
        # a shop added (in the middle of its town) and one removed (orders may move in a small directory)
        ("add", lambda s: dataclasses.replace(s, slug="nouvelle-adresse", name="Nouvelle Adresse Bistro"), None),
        ("remove", None, None),
    ]
    for number, (i, change, in_place) in enumerate(edits):
        if i == "add":
            shops.append(change(shops[40]))
        elif i == "remove":
            del shops[60]
        elif i == "last":
            last = max((k for k, s in enumerate(shops) if s.listed), key=place)
            shops[last] = dataclasses.replace(shops[last], status="closed")
        elif i == "pair":
            # a category one shop short of a power of two: one more moves it before others
            listed = Counter(c for s in shops if s.listed for c in s.categories)
            category = next(c for c, n in sorted(listed.items()) if (n + 1).bit_length() > n.bit_length())
            renamed = next(k for k, s in enumerate(shops) if s.listed and category in s.categories)
            added = next(k for k, s in enumerate(shops) if s.listed and category not in s.categories)
            shops[renamed] = dataclasses.replace(shops[renamed], name=shops[renamed].name + " fils")
            shops[added] = dataclasses.replace(shops[added], categories=(*shops[added].categories, category))
        else:
            shops[i] = change(shops[i])
        changed = dataclasses.replace(directory, shops=shops)
        scored.clear()
        files, memo = export.make(search_index.Index(tmp_path / "warm").update_terms(changed, rules),
                                  today=BUILD_DAY, previous=memo)
        scans = [only for only, patch in scored if not patch]  # over every shop
        patches = [only for only, patch in scored if patch]
        if i in (90, "add"):  # postings patched (a shop's entry added, one left out), none scored again
            # (at 300 shops, many terms' idf moves with one shop more: the shops that have them are
            # scored again among the patched ones)
            assert scans == [] and patches, number
        if number == 1:  # only the postings it heads: last time's, written again with its new record
            assert scans == [] and patches, number
        if in_place == "none":
            assert scored == [], number
        elif in_place == "few":
            # (and the stems of their plural spellings, see analysis.variants)
            again = set().union(*scans, *patches)  # (a new term: its posting is the shop's only, patched)
            assert {"zyxwv", "vwxyz"} <= again and len(again) <= 4, number
        elif in_place is not None:
            assert (None not in scans) == in_place, number  # only some terms scored, or all of them
        cold = export.build(search_index.Index(tmp_path / f"cold-{number}").update_terms(changed, rules),
                            today=BUILD_DAY)
        assert sorted(files) == sorted(cold), number
        assert [n for n in files if files[n] != cold[n]] == [], number
    # a memo of another terms cache's state is not used
    scored.clear()
    export.make(search_index.Index(tmp_path / "cold-0").update_terms(directory, rules), today=BUILD_DAY, previous=memo)
    assert scored == [(None, False)]


def test_random_edits_keep_an_export_made_from_the_last_one_equal_to_one_made_from_scratch(tmp_path):
    """Seeded series of edits of every kind, a few at a time, and two edge cases: the only shop of
    a category leaves it (its last record holds a value no shop has), and a town that sorts last
    gains its first shop, then loses it (the numbers end in another record file of 4)."""
    rules = Rules.from_settings({})
    seed = 3  # (one whose edits have a word's terms made again only through another word's)
    directory = generated_directory(400, seed=seed)
    last = max(directory.towns)
    directory = dataclasses.replace(directory, towns={
        **directory.towns, "zzz-town": dataclasses.replace(directory.towns[last], slug="zzz-town", name="Zzz")})
    shops, rng = list(directory.shops), random.Random(seed)
    categories, services = sorted(directory.categories), ["delivery", "gift_cards", "repairs", "terrace", "wifi"]
    first = dataclasses.replace(shops[0], slug="premiere", town="zzz-town", source="zzz-town/premiere.yaml",
                                status="open")

    def edit(kind: str) -> None:
        i = rng.choice([k for k, s in enumerate(shops) if s.listed])
        s, town, word = shops[i], rng.choice(sorted(directory.towns)), rng.choice(WORDS)
        if kind == "add":
            slug = f"{word}-{rng.randrange(10 ** 6)}"
            shops.append(dataclasses.replace(s, slug=slug, town=town, source=f"{town}/{slug}.yaml",
                                             name=f"{word.capitalize()} {s.name}"))
        elif kind == "remove":
            del shops[i]
        elif kind == "name":
            shops[i] = dataclasses.replace(s, name=f"{s.name} {word}")
        elif kind == "description":
            shops[i] = dataclasses.replace(s, description={**s.description, "fr": " ".join(
                rng.choice(WORDS) for _ in range(rng.randrange(1, 20)))})
        elif kind == "categories":
            shops[i] = dataclasses.replace(s, categories=tuple(rng.sample(categories, rng.randrange(1, 3))))
        elif kind == "services":
            shops[i] = dataclasses.replace(s, services=tuple(sorted(rng.sample(services, rng.randrange(0, 3)))))
        elif kind == "close":
            shops[i] = dataclasses.replace(s, status="closed")

    warm = search_index.Index(tmp_path / "warm")
    _, memo = export.make(warm.update_terms(directory, rules), today=BUILD_DAY, block=4, segment=4)
    steps = [*(["random"] * 8), "sole category", "first shop of the last town", "last town empty again"]
    for step, what in enumerate(steps):
        if what == "random":
            for _ in range(rng.choice([1, 2, 3, 5])):
                edit(rng.choice(["add", "add", "remove", "name", "description", "categories", "services", "close"]))
        elif what == "sole category":
            rare = min(categories, key=lambda c: sum(c in s.categories for s in shops if s.listed))
            shops[:] = [dataclasses.replace(s, categories=tuple(c for c in s.categories if c != rare) or ("bakery",))
                        for s in shops]
            shops[0] = dataclasses.replace(shops[0], categories=(rare,))
            _, memo = export.make(warm.update_terms(dataclasses.replace(directory, shops=shops), rules),
                                  today=BUILD_DAY, previous=memo, block=4, segment=4)
            shops[0] = dataclasses.replace(shops[0], categories=("bakery",))
        elif what == "first shop of the last town":
            shops.append(first)
        else:
            shops.remove(first)
        changed = dataclasses.replace(directory, shops=shops)
        files, memo = export.make(warm.update_terms(changed, rules), today=BUILD_DAY, previous=memo, block=4, segment=4)
        cold = export.build(search_index.Index(tmp_path / f"cold-{step}").update_terms(changed, rules),
                            today=BUILD_DAY, block=4, segment=4)
        assert sorted(files) == sorted(cold) and [n for n in files if files[n] != cold[n]] == [], (step, what)


def test_a_shop_added_or_removed_moves_no_other_shop_s_postings(tmp_path, monkeypatch):
    """Shop numbers leave room between shops (export.numbering): a shop added, then removed,
    moves the numbers of a few others at most, and every posting none of them is in is last
    time's, as it was (with numbers as positions, every posting after it would move). In the long
    postings it is in, only the files of the ranges of numbers that moved are made again."""
    directory = generated_directory(300, seed=5)
    rules = Rules.from_settings({})
    _, before = export.make(search_index.Index(tmp_path / "warm").update_terms(directory, rules), today=BUILD_DAY,
                            segment=4)
    added = dataclasses.replace(directory.shops[40], slug="nouvelle-adresse", name="Nouvelle Adresse Bistro")
    idx, entry = search_index.Index(tmp_path / "warm"), None
    encoded = []  # the shops files of long postings made (each range's)
    add = export.Files.add
    monkeypatch.setattr(export.Files, "add", lambda self, prefix, data: (
        encoded.append(compactjson.dumps(data)) if prefix == "p" else None, add(self, prefix, data))[1])
    for shops in ([*directory.shops, added], directory.shops):
        encoded.clear()
        files, after = export.make(idx.update_terms(dataclasses.replace(directory, shops=shops), rules),
                                   today=BUILD_DAY, previous=before, segment=4)
        last, now = dict(zip(before["keys"], before["numbers"])), dict(zip(after["keys"], after["numbers"]))
        moved = {k for k in last.keys() & now.keys() if last[k] != now[k]}
        assert len(moved) <= 3 and len(now) == 300 + (shops is not directory.shops), moved
        entries = idx.terms.shops()
        entry = entries.get(added.key, entry)  # (once removed: as it was added)

        def postings_of(e) -> set[str]:
            return ({t for (_, ts, _) in e.fields.values() for t in ts}
                    | {f"{f}:{v}" for f in FACETS for v in facet_values(e.record, f)})
        made = set().union(postings_of(entry), *(postings_of(entries[k]) for k in moved))
        others = [key for key in before["sources"] if made.isdisjoint(key.split(" "))]
        assert len(others) > len(before["sources"]) / 2
        assert [key for key in others if after["sources"].get(key) != before["sources"][key]] == []
        # (a facet value's shops: their scores are 0, no idf moves them)
        dirty = {n for k in [*moved, added.key] for n in (last.get(k), now.get(k)) if n is not None}
        long_facets = [key for key in postings_of(entry) if ":" in key and key in after["segments"]]
        assert len(long_facets) >= 3
        for key in long_facets:
            size, parts, _ = after["segments"][key]
            assert before["segments"][key][0] == size and len(parts) >= 4, (key, len(parts))
            kept = {i for i, part in parts.items() if before["segments"][key][1].get(i) == part}
            assert kept == set(parts) - {n // size for n in dirty}, key
            # (and the others were not made again to the same bytes)
            assert not {files[parts[i][0][0]] for i in kept} & set(encoded), key
        before = after


def test_indexing_over_several_processes_gives_the_same_static_index(tmp_path, monkeypatch):
    """From PARALLEL_FROM changed shops, Whoosh writes with one process per core into several
    segments: the published files must not depend on it."""
    directory = generated_directory(600, seed=3)
    serial = export.build(fresh_index(tmp_path / "serial", directory), today=BUILD_DAY)
    monkeypatch.setattr(search_index, "PARALLEL_FROM", 100)
    monkeypatch.setattr(search_index.os, "cpu_count", lambda: 2)
    parallel_idx = fresh_index(tmp_path / "parallel", directory)
    assert len(parallel_idx.open().reader().leaf_readers()) >= 2  # several segments were written
    assert export.build(parallel_idx, today=BUILD_DAY) == serial


def test_static_index_files(tmp_path, sample_index):
    files = publish(sample_index, tmp_path)
    manifest = json.loads((tmp_path / "search" / "manifest.json").read_text())
    assert len((tmp_path / "search" / "manifest.json").read_bytes()) < 16 * 1024
    published = sorted(p.name for p in (tmp_path / "assets" / "search").iterdir())
    assert published == sorted(n for n in files if n != "manifest.json")
    assert all(re.fullmatch(r"[wpfhdtaosc]-[0-9a-f]{12}\.json|r\d+-[0-9a-f]{6}\.json", n) for n in published), published
    assert manifest["shops"] == len([s for s in sample_directory().shops if s.listed])
    shared = json.loads(files[manifest["facets"]])
    assert {f for f in shared["facets"]} == {"category", "town", "service", "language"}
    # nothing private reaches the index
    text = b"".join(files.values()).decode()
    assert "private.example" not in text and "julie.carlier" not in text.lower()
    # writing again changes nothing; a stale file is removed
    (tmp_path / "assets" / "search" / "w-000000000000.json").write_text("{}")
    stats = export.write(files, tmp_path)
    assert stats["written"] == 0 and stats["removed"] == 1


def test_cli_keeps_its_index_up_to_date(tmp_path):
    """Without --index, `vitrines search` indexes the project's shops folder in the build cache,
    and again only what changed (the build itself never writes the Whoosh index)."""
    shutil.copytree(ROOT / "shops", tmp_path / "shops")
    shutil.copy(ROOT / "pelicanconf.py", tmp_path / "pelicanconf.py")
    (tmp_path / "content").mkdir()
    for name in ("theme", "plugins"):
        (tmp_path / name).symlink_to(ROOT / name)

    def run(query):
        done = subprocess.run([str(Path(sys.executable).with_name("vitrines")), "search", query, "--json"],
                              capture_output=True, text=True, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        return [r["shop"] for r in json.loads(done.stdout)["results"]]

    assert run("beffroi")[0] == "mons/boulangerie-du-beffroi"
    assert run("zanzibar") == []
    shop = tmp_path / "shops" / "mons" / "boulangerie-du-beffroi.yaml"
    shop.write_text(shop.read_text(encoding="utf-8").replace("Boulangerie du Beffroi", "Boulangerie Zanzibar", 1),
                    encoding="utf-8")
    assert run("zanzibar") == ["mons/boulangerie-du-beffroi"]
    assert any((tmp_path / ".cache" / "search").glob("*/whoosh"))


def test_cli_answers_from_the_index(tmp_path, sample_index):
    def run(*args, index=sample_index.folder):
        return subprocess.run([str(Path(sys.executable).with_name("vitrines")), "search", *args,
                               "--index", str(index)], capture_output=True, text=True, cwd=ROOT)

    done = run("boulangrie", "--json")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["suggestion"] == "boulangerie"
    assert [r["shop"] for r in answer["results"]] == keys(search(sample_index, "boulangrie"), 20)
    text = run("bakery", "--town", "mons", "--lang", "en")
    assert text.returncode == 0 and "Boulangerie du Beffroi — Bakery" in text.stdout
    assert run("x", index=tmp_path / "none").returncode == 2
