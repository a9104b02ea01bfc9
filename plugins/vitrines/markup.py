"""Merchants' descriptions: a small Markdown subset, rendered to safe HTML.

Paragraphs, emphasis, lists and links only; raw HTML is shown as text. The
rendered HTML then goes through nh3 (an allowlist sanitizer) so that, whatever
the Markdown parser lets through, only these tags and http(s)/mailto/tel links
reach the page.
"""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}
_TAGS = {"p", "em", "strong", "ul", "ol", "li", "a", "br"}


@lru_cache(maxsize=2)
def _parser(permissive: bool = False) -> MarkdownIt:
    md = MarkdownIt("zero", {"html": False, "linkify": False, "breaks": False})
    md.enable(["emphasis", "list", "link", "newline", "escape", "backticks"])
    if permissive:  # to find every link, including those to_html would drop
        md.validateLink = lambda url: True
    return md


def to_html(text: str) -> str:
    html = _parser().render(text)
    return nh3.clean(
        html.replace("<code>", "").replace("</code>", ""),
        tags=_TAGS,
        attributes={"a": {"href"}},
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow noopener ugc",
    )


def plain_text(html: str) -> str:
    """What :func:`to_html` made, as text: no tags, entities read, runs of spaces as one."""
    text = re.sub(r"<[^>]+>", "", html)
    return re.sub(r"\s+", " ", text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
                  .replace("&quot;", '"').replace("&#x27;", "'")).strip()


def excerpt(text: str, limit: int = 160) -> str:
    """Plain text cut at a word to at most ``limit`` characters."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def link_targets(text: str) -> list[str]:
    """The target of every link written in ``text``, allowed or not."""
    if "](" not in text:  # an inline link is the only kind the parser knows: `[text](target)`
        return []
    return [
        child.attrGet("href") or ""
        for token in _parser(permissive=True).parse(text)
        for child in token.children or ()
        if child.type == "link_open"
    ]
