"""Listing cards kept between builds.

A card (a shop as the listings and the home page show it, ``_card.html``) is made from the shop
(its fingerprint), the language, the heading level and the environment only. Adding or removing
a shop shifts half of each listing it is in: a few thousand pages at 50,000 shops, whose 24 cards
each are as they were. Making them again was two thirds of rendering those pages, so a build that
renders many listing pages (``VITRINES_CARDS_FROM``) reads the cards kept by the last one, and
keeps those it made: one file per language and town (an added shop rewrites its town's), in a folder named
after the environment (a new template or catalogue starts afresh). A card whose shop's
fingerprint is not the one it was made with is made again; an edit that renders a handful of
listing pages neither reads nor writes them.
"""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

from .cachefile import frozen_when_loaded, write_whole


class Cards:
    def __init__(self, cache_dir: Path, environment: str):
        self.root = Path(cache_dir) / "cards"
        self.folder = self.root / environment[:16]

    def load(self, languages: list[str]) -> dict[tuple[str, str, str], tuple[str, str]]:
        """(shop key, language, heading) -> (the shop's fingerprint, the card)."""
        cards: dict = {}
        for lang in languages:
            for path in sorted((self.folder / lang).glob("*.pickle")):
                try:
                    with path.open("rb") as fh, frozen_when_loaded():
                        cards.update(pickle.load(fh))
                except (OSError, pickle.PickleError, EOFError, ValueError, TypeError):
                    continue  # (made again, and kept again)
        return cards

    def save(self, kept: dict, made: dict, shops: set[str]) -> None:
        """Keep the cards ``made`` by this build, with those ``kept`` (what :meth:`load` read) of
        the ``shops`` (keys) still in the directory."""
        if not made:
            return
        for other in self.root.glob("*") if self.root.is_dir() else ():  # (another environment's)
            if other != self.folder:
                shutil.rmtree(other, ignore_errors=True)
        touched = {(lang, key.split("/", 1)[0]) for key, lang, _ in made}
        files: dict[tuple[str, str], dict] = {}
        for card_key, card in (*kept.items(), *made.items()):
            where = (card_key[1], card_key[0].split("/", 1)[0])
            if where in touched and card_key[0] in shops:
                files.setdefault(where, {})[card_key] = card
        for (lang, town), cards in files.items():
            write_whole(self.folder / lang / f"{town}.pickle", pickle.dumps(cards, protocol=pickle.HIGHEST_PROTOCOL))
