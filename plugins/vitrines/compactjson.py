"""Compact JSON, as the site publishes it: open data, the map's data, the search index,
JSON-LD in shop pages and the "report a change" link.

One rule everywhere: no spaces, UTF-8 (only control characters escaped), and ``<``, ``>`` and
``&`` written as ``\\u003c``, ``\\u003e``, ``\\u0026``, so that a merchant's text cannot close an
HTML element or start an entity, even where a host would serve the file as HTML or a page holds
it in a ``<script>``. Encoded by orjson: a shop's JSON-LD in a tenth of the time the standard
library's C encoder takes (a cold build encodes 50,000 shops several times over)."""

from __future__ import annotations

import orjson


def dumps(value) -> bytes:
    """``value`` as compact JSON, UTF-8 (strings, numbers, lists, tuples, dicts with string keys,
    None and booleans; a number that is not finite is written ``null``)."""
    return orjson.dumps(value).replace(b"<", b"\\u003c").replace(b">", b"\\u003e").replace(b"&", b"\\u0026")


def text(value) -> str:
    """:func:`dumps`, as text."""
    return dumps(value).decode()
