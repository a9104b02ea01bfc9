"""``vitrines check-links``: every internal link, fragment, image and srcset entry
of a built site must resolve to a file in it.

Links are read from ``href``, ``src`` and ``srcset`` attributes of every HTML
file. External links (another scheme or host) are not fetched: the check works
offline. With ``--base /sub/path/``, root-relative links are read as being
under that sub-path, as when the site is served from it.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True, order=True)
class Broken:
    page: str
    target: str
    why: str

    def __str__(self) -> str:
        return f"{self.page}: {self.target}: {self.why}"


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(name):
                self.ids.add(attrs[name])
        if tag in ("a", "link", "area") and attrs.get("href") is not None:
            if not (tag == "link" and attrs.get("rel") in ("preconnect", "dns-prefetch")):
                self.links.append(attrs["href"])
        for name in ("src", "poster"):
            if attrs.get(name):
                self.links.append(attrs[name])
        if attrs.get("srcset"):
            self.links.extend(part.strip().split(" ")[0] for part in attrs["srcset"].split(",") if part.strip())
        if tag == "form" and attrs.get("action"):
            self.links.append(attrs["action"])


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    return page


def check(root: Path, base: str = "/") -> list[Broken]:
    root = Path(root)
    base = "/" + base.strip("/") + "/" if base.strip("/") else "/"
    pages = {p.relative_to(root).as_posix(): p for p in root.rglob("*.html")}
    parsed: dict[str, _Page] = {}

    def page(rel: str) -> _Page:
        if rel not in parsed:
            parsed[rel] = _parse(root / rel)
        return parsed[rel]

    broken = []
    for rel in sorted(pages):
        for link in page(rel).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue  # another site, mailto:, tel:, data:
            if not parts.path:
                target = rel
            elif parts.path.startswith("/"):
                if not parts.path.startswith(base):
                    broken.append(Broken(rel, link, f"outside the site's base path {base}"))
                    continue
                target = unquote(parts.path[len(base):])
            else:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(parts.path)))
                if target.startswith(".."):
                    broken.append(Broken(rel, link, "goes above the site's root"))
                    continue
                if parts.path.endswith("/"):
                    target += "/"
            if target in ("", ".", "./") or target.endswith("/"):
                target = (target.rstrip("/") + "/index.html").lstrip("./") if target not in ("", ".", "./") \
                    else "index.html"
            file = root / target
            if file.is_dir():
                target, file = f"{target}/index.html", file / "index.html"
            if not file.is_file():
                broken.append(Broken(rel, link, "no such file"))
                continue
            # a "key=value" fragment is state for the target's script (the form's #change=), not an element
            if (parts.fragment and "=" not in parts.fragment and target.endswith(".html")
                    and unquote(parts.fragment) not in page(target).ids):
                broken.append(Broken(rel, link, f"no element with id '{parts.fragment}'"))
    return broken


def run(args) -> int:
    root = Path(args.folder)
    if not root.is_dir():
        print(f"vitrines check-links: {root}: no such folder")
        return 2
    broken = check(root, args.base)
    for b in broken:
        print(b)
    pages = sum(1 for _ in root.rglob("*.html"))
    print(f"{pages} pages checked; {len(broken)} broken link(s)")
    return 1 if broken else 0
