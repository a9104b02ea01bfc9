"""The one text analysis of the search (plugins/vitrines/search/analysis.py).

The browser repeats steps 1-4 (normalisation, words, elisions and stop words, folding) with
tables read from the manifest; it never stems (it looks words up in the exported word table).
Parity is checked on every word of the sample and of a large generated corpus, plus strings
chosen to be awkward.
"""

from __future__ import annotations

import gzip
import random
import re

import pytest
from hypothesis import given, settings, strategies as st

from conftest import ROOT
from search_support import node, publish, fresh_index, sample_directory

from vitrines.bench import generated_directory
from vitrines.search import analysis

AWKWARD = [
    "L'Atelier d'Élise", "l’atelier D’ÉLISE", "Qu'il pleuve", "jusqu'à l'aube", "Marie's shop", "rock'n'roll",
    "Œufs & bœuf", "Straße", "ﬁne ﬂeurs", "Ｆｕｌｌｗｉｄｔｈ", "CAFÉ", "cafe\u0301", "Crème brûlée",
    "Thé à la menthe", "the tea", "Rue de Nimy 12, 7000 Mons", "M5T 2J9", "₂ ½ ² ①", "Ça va? Ça va!",
    "Ærø Łódź Đakovo Øresund", "İstanbul", "ΣΟΦΙΑ σοφίας", "東京の本屋", "naïve coöperate",
    "snake_case_words", "e-mail: bonjour@example.org", "a\u00a0b\u2009c", "Ｌ'ａｔｅｌｉｅｒ", "l'", "'s", "",
    "  trailing space  ", "prefix-at-end", "12 345 6789", "déjà-vu, c'est-à-dire",
]


def _texts(directory) -> list[str]:
    out = []
    for shop in directory.shops:
        town = directory.towns[shop.town]
        out += [shop.name, shop.street, shop.postal_code, town.name, town.region]
        out += list(shop.description_plain.values())
        for c in shop.categories:
            cat = directory.categories[c]
            out += [*cat.labels.values(), *cat.synonyms]
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A tiny published index: the engine needs a manifest for its tables."""
    folder = tmp_path_factory.mktemp("analysis")
    publish(fresh_index(folder / "index", sample_directory()), folder / "site")
    return folder / "site"


def test_python_analysis():
    assert analysis.words("L’Atelier d’Élise") == ["atelier", "elise"]
    assert analysis.words("Qu'il pleuve, jusqu'à l'aube") == ["pleuve", "aube"]
    assert analysis.words("Marie's Pâtisseries") == ["marie", "patisseries"]
    assert analysis.words("Thé and the coffee") == ["the", "coffee"]  # "thé" is a word, "the" a stop word
    assert analysis.words("Œufs, Straße, ﬂeurs") == ["oeufs", "strasse", "fleurs"]
    assert analysis.words("Rue de Nimy 12, 7000") == ["rue", "nimy", "7000"]
    assert analysis.words_with_end("boulang") == (["boulang"], True)
    assert analysis.words_with_end("boulang ") == (["boulang"], False)
    assert set(analysis.terms("boulangeries")) == set(analysis.terms("boulangerie")) == {"boulanger", "boulangeri"}
    assert set(analysis.terms("bakery")) & set(analysis.terms("bakeries"))
    assert analysis.terms("fleurs") == analysis.terms("fleur")
    assert analysis.terms("cafe") == analysis.terms("cafes")


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="lLdsSqujtcaéÉ1_' \u2019\u02bc-\u00a0ﬂＬ", max_size=24)
       | st.sampled_from(AWKWARD + [w for t in AWKWARD for w in t.split()]))
def test_the_indexing_pass_finds_the_words_the_query_loop_finds(text):
    """words() (one regular expression, to index) and words_with_end() (a loop, for queries and
    the reference the browser is held to) apply the same elision and apostrophe rules."""
    assert analysis.words(text) == analysis.words_with_end(text)[0]


def test_variants_give_plurals_and_singulars():
    assert {"fleurs"} <= analysis.variants("fleur")
    assert {"fleur"} <= analysis.variants("fleurs")
    assert {"bakeries"} <= analysis.variants("bakery")
    assert {"bakery"} <= analysis.variants("bakeries")
    assert {"journaux"} <= analysis.variants("journal")
    assert {"gateaux"} <= analysis.variants("gateau")
    table = analysis.table_words({"boulangerie"}, set(analysis.terms("boulangerie")))
    assert table == {"boulangerie", "boulangeries"}


def test_one_edit():
    yes = [("boulangrie", "boulangerie"), ("boulangerie", "boulangrie"), ("boulangerei", "boulangerie"),
           ("boulangerir", "boulangerie"), ("fleur", "fleurs"), ("cafe", "cave")]
    no = [("boulangerie", "boulangerie"), ("boulgrie", "boulangerie"), ("abcd", "badc"), ("fleur", "flouer")]
    assert all(analysis.within_one_edit(a, b) for a, b in yes)
    assert not any(analysis.within_one_edit(a, b) for a, b in no)


def test_browser_analysis_equals_python_on_every_word(site):
    """Steps 1-4 in JavaScript give the same words, on the sample, a large generated corpus and odd text."""
    texts = _texts(sample_directory()) + _texts(generated_directory(3000, seed=7)) + AWKWARD
    rng = random.Random(3)
    alphabet = "aàâäbcçdeéèêëfghiîïjklmnoôöœpqrstuùûüvwxyÿzß'’- _.,0123456789ΣσςİıﬁÆæØøŁłĐđ\u0301\u00a0ＬＡ"
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 25))) for _ in range(3000)]
    texts = list(dict.fromkeys(texts))
    expected = [list(analysis.words_with_end(t)) for t in texts]
    got = node(site, [{"analyse": texts}])[0]
    differ = [(t, e, g) for t, e, g in zip(texts, expected, got) if e != g]
    assert not differ, differ[:10]
    assert len({w for e in expected for w in e[0]}) > 2000  # the corpus really is large


def test_browser_edit_distance_equals_python(site):
    script = (ROOT / "theme" / "static" / "js" / "search.js")
    words = sorted({w for t in _texts(sample_directory()) for w in analysis.words(t)})
    rng = random.Random(5)
    pairs = []
    for w in rng.sample(words, 300):
        for _ in range(3):
            chars = list(w)
            i = rng.randrange(len(chars))
            op = rng.choice("sdit")
            if op == "s":
                chars[i] = rng.choice("aeiouxyz")
            elif op == "d":
                del chars[i]
            elif op == "i":
                chars.insert(i, rng.choice("aeiouxyz"))
            elif i + 1 < len(chars):
                chars[i], chars[i + 1] = chars[i + 1], chars[i]
            pairs.append((w, "".join(chars)))
        pairs.append((w, rng.choice(words)))
    import json
    import subprocess
    code = (f"const c=require({json.dumps(str(script))});"
            f"const p={json.dumps(pairs)};"
            "process.stdout.write(JSON.stringify(p.map(([a,b])=>c.withinOneEdit(a,b))));")
    got = json.loads(subprocess.run(["node", "-e", code], capture_output=True, text=True, check=True).stdout)
    assert got == [analysis.within_one_edit(a, b) for a, b in pairs]


def test_client_is_small():
    """At most 12 KB minified and gzipped, as the issue asks (and no framework, no WASM)."""
    rjsmin = pytest.importorskip("rjsmin")
    source = (ROOT / "theme" / "static" / "js" / "search.js").read_text(encoding="utf-8")
    size = len(gzip.compress(rjsmin.jsmin(source).encode(), 9))
    assert size <= 12 * 1024, size
    assert not re.search(r"WebAssembly|import\s*\(|require\(['\"](?!fs|path)", source.split("module.exports")[0])
