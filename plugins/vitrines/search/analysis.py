"""The one text analysis of the search: the index, ``vitrines search`` and the browser.

Every piece of text goes through the same steps, in this order:

1. Unicode NFKC, then lowercase (``str.lower``, JavaScript's ``toLowerCase``);
2. words are runs of letters and digits (``[^\\W_]+`` here, ``[\\p{L}\\p{N}]+`` in JavaScript);
3. French elisions are dropped (``l'``, ``d'``, ``qu'``… before an apostrophe), and so is the
   English possessive ``'s``; then a short list of French and English stop words, compared
   *before* folding so that "thé" survives while "the" goes;
4. accents are folded: NFKD, marks U+0300–U+036F removed, NFC, and œ æ ß ø ł đ spelled out;
   numbers shorter than three digits (street numbers) are dropped.
   What is left is a *word* (``boulangeries``, ``cafe``, ``patisserie``);
5. each word is stemmed with Snowball's French and English stemmers (PyStemmer, one pinned
   release); its *terms* are both stems (``boulanger``, ``boulangeri``), or one when they agree.

**Where stemming happens, and why only here.** The browser runs steps 1–4 only, with the
word lists (elisions, stop words, spelled-out letters) read from the index's manifest, so the
two sides share data, not code. It never stems: the static index carries, for every word of the
directory, the terms it stands for (a precomputed *word table*), and the client looks words up
in it, exactly, by prefix while typing, or within one typo. We chose this over a JavaScript port
of Snowball because (a) the French and English Snowball stemmers alone would take most of the
12 KB the client may weigh, (b) a second implementation of two stemmers is a second thing to
keep in step with every Snowball release, where a table cannot drift, and (c) the table also
gives what prefix search, typo tolerance and "did you mean" need: real words to offer. The cost:
a query word that is in no shop's text is only found through a variant the table holds. So that
plurals and singulars still meet, the table also holds, for each word, its regular plural and
singular spellings (``fleur``/``fleurs``, ``bakery``/``bakeries``, ``journal``/``journaux``)
when they stem to a term of the same shop (:func:`variants`). ``vitrines search`` resolves words
through the very same table (the ``words`` field of the Whoosh index), which is what makes its
ranking the browser's reference; ``tests/test_search_analysis.py`` checks the JavaScript steps
1–4 against this module over every word of the sample and of a large generated corpus.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer
from whoosh.analysis import Analyzer, Token

#: bump when anything below changes what the index holds: the cache is then rebuilt
VERSION = 3

STEMMERS = ("french", "english")
ELISIONS = ("l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu")
APOSTROPHES = "'\u2019\u02bc"
STOPWORDS = (  # function words only: "or" (gold), "car", "été", "don", "main"… stay searchable
    # French
    "le", "la", "les", "de", "du", "des", "un", "une", "et", "ou", "où", "en", "au", "aux", "à", "a",
    "sur", "pour", "par", "avec", "dans", "depuis", "ce", "ces", "cet", "cette", "ceux", "son", "sa",
    "ses", "leur", "leurs", "notre", "nos", "votre", "vos", "mon", "ma", "mes", "ton", "ta", "tes", "qui",
    "que", "quoi", "est", "sont", "il", "elle", "on", "nous", "vous", "ils", "elles", "je", "tu", "se",
    "ne", "pas", "plus", "y", "mais", "donc", "comme", "aussi", "très", "tout", "tous", "toute",
    "toutes", "chaque", "lui", "eux", "moi", "toi", "me", "te", "être", "avoir", "ont", "était", "sera",
    # English
    "the", "an", "and", "of", "in", "on", "at", "to", "for", "with", "by", "from", "is", "are", "was",
    "were", "be", "been", "its", "it", "our", "your", "their", "this", "that", "these", "those", "as",
    "we", "you", "they", "he", "she", "his", "her", "them", "us", "my", "i", "but", "if", "so", "than",
    "too", "very", "all", "any", "each", "every", "since", "into", "about", "there", "here", "what",
    "which", "who", "when", "has", "have", "had", "will", "can", "just",
)
SPELLED = {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d"}
MIN_NUMBER = 3  # digits: shorter numbers (street numbers) are not words

_WORD = re.compile(r"[^\W_]+")
_MARKS = re.compile("[\u0300-\u036f]")
_SPELLED = re.compile("|".join(SPELLED))
_DIGITS = re.compile(r"[0-9]+")
_STOP = frozenset(STOPWORDS)
_ELIDED = frozenset(ELISIONS)


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Accents off, special letters spelled out: ``Pâtisserie`` → ``patisserie`` (input lowercase)."""
    word = _MARKS.sub("", unicodedata.normalize("NFKD", word))
    return unicodedata.normalize("NFC", _SPELLED.sub(lambda m: SPELLED[m.group()], word))


def words_with_end(text: str) -> tuple[list[str], bool]:
    """The words of ``text`` (steps 1–4), and whether the last one ends the text (is being typed)."""
    text = unicodedata.normalize("NFKC", text).lower()
    out, at_end = [], False
    for m in _WORD.finditer(text):
        word = m.group()
        if word in _ELIDED:  # (the rare case: an elision, or the "s" of "Marie's")
            after = text[m.end():m.end() + 1]
            if after and after in APOSTROPHES:
                continue
            if word == "s" and m.start() and text[m.start() - 1] in APOSTROPHES:
                continue
        folded = _indexed(word)
        if not folded:
            continue
        out.append(folded)
        at_end = m.end() == len(text)
    return out, at_end


@lru_cache(maxsize=200_000)
def _indexed(word: str) -> str:
    """A lowercase word as indexed: folded; "" for a stop word or a short number."""
    if word in _STOP:
        return ""
    folded = fold(word)
    return "" if _DIGITS.fullmatch(folded) and len(folded) < MIN_NUMBER else folded


# The same steps for a text to index, in one pass of a regular expression instead of a loop over
# the words (a shop's texts in a third of the time): an elision before an apostrophe and the "s"
# after one match without a group (and give ""); every other run of letters and digits is the group.
# (An apostrophe that is itself a letter, U+02BC, is part of the run, as it is above.)
_BREAKING = "".join(c for c in APOSTROPHES if not _WORD.fullmatch(c))
_RUNS = re.compile("(?:" + "|".join(sorted(ELISIONS, key=len, reverse=True)) + f")(?=[{_BREAKING}])"
                   f"|(?<=[{_BREAKING}])s(?![^\\W_])|([^\\W_]+)")


def words(text: str) -> list[str]:
    """The words of ``text`` (steps 1–4), as :func:`words_with_end` gives them."""
    return [w for w in map(_indexed, _RUNS.findall(unicodedata.normalize("NFKC", text).lower())) if w]


@lru_cache(maxsize=None)
def _stemmers():
    return [Stemmer.Stemmer(name) for name in STEMMERS]


@lru_cache(maxsize=200_000)
def terms(word: str) -> tuple[str, ...]:
    """The index terms a word stands for: its French and English Snowball stems, once each."""
    out: list[str] = []
    for stemmer in _stemmers():
        stem = stemmer.stemWord(word)
        if stem and stem not in out:
            out.append(stem)
    return tuple(out)


def variants(word: str) -> set[str]:
    """Regular plural and singular spellings of a word, French and English."""
    out: set[str] = set()
    if len(word) < 3 or not word.isalpha():
        return out
    if word.endswith(("s", "x", "z")):
        if len(word) > 3:
            out.add(word[:-1])
        if word.endswith("aux") and len(word) > 4:
            out.add(word[:-3] + "al")
        if word.endswith("ies") and len(word) > 4:
            out.add(word[:-3] + "y")
        if word.endswith(("ses", "xes", "zes", "ches", "shes")):
            out.add(word[:-2])
        out.add(word + "es")
    else:
        out.add(word + "s")
        if word.endswith(("eau", "eu", "au")):
            out.add(word + "x")
        if word.endswith("al"):
            out.add(word[:-2] + "aux")
        if word.endswith("y") and word[-2] not in "aeiou":
            out.add(word[:-1] + "ies")
        if word.endswith(("ch", "sh")):
            out.add(word + "es")
    out.discard(word)
    return out


@lru_cache(maxsize=200_000)
def _variant_terms(word: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A word's variants, each with its terms (worked out once per distinct word)."""
    return tuple((v, terms(v)) for v in sorted(variants(word)))


def table_words(surface: set[str], stems: set[str]) -> set[str]:
    """A shop's entries in the word table: its words, and their variants that stem to its terms."""
    out = set(surface)
    for word in surface:
        for v, ts in _variant_terms(word):
            if v not in out and not stems.isdisjoint(ts):
                out.add(v)
    return out


def order(text: str) -> bytes:
    """Sort key matching JavaScript's string order (UTF-16 code units), for ties the browser breaks too."""
    return text.encode("utf-16-be")


def within_one_edit(a: str, b: str) -> bool:
    """True when ``b`` is ``a`` with one letter changed, added, removed, or two neighbours swapped."""
    if a == b:
        return False
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < la and i < lb and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1:] == b[i + 1:]:
            return True
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]
    if la > lb:
        return a[i + 1:] == b[i:]
    return a[i:] == b[i + 1:]


def client_tables() -> dict:
    """What the browser needs to analyse a query the same way (written into the manifest)."""
    return {"elisions": list(ELISIONS), "apostrophes": APOSTROPHES, "stop": list(STOPWORDS),
            "spelled": SPELLED, "minNumber": MIN_NUMBER}


class StemAnalyzer(Analyzer):
    """Whoosh analyzer for the scored fields: each word's terms, at the word's position.

    The index is given each field as its words already (``" ".join(words(text))``, see
    :func:`vitrines.search.index.document`), so the text is analysed once per build."""

    def __eq__(self, other):
        return type(other) is type(self)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        for word in (value.split() if tokenize else [value]):
            for term in terms(word):
                token.text = term
                token.boost = 1.0
                token.stopped = False
                if positions:
                    token.pos = pos
                if chars:
                    token.startchar = token.endchar = start_char
                yield token
            pos += 1
