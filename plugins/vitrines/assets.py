"""The theme's CSS and JavaScript, published under content-hashed names.

``theme/static/css/site.css`` is published as ``assets/css/site.3f9c1a2b.css``;
templates ask for ``asset("css/site.css")``. A changed file gets a new name, so
hosts can cache everything under ``assets/`` for a year (see hosting.py), and
a release never serves stale CSS. ``colors.css`` is made from the
``VITRINES_COLOR_*`` settings and published the same way. Notes for the theme's maintainers
(``*.md``, such as ``vendor/README.md``) are not published; a file without an extension (a
vendored ``LICENSE``) is published as ``.txt``, for hosts to serve it as text.
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

from . import settings

PREFIX = "assets"


class Assets:
    def __init__(self, theme: Path, conf: dict):
        self.static = Path(theme) / "static"
        self.generated = {
            "css/colors.css": (":root { --primary: %s; --accent: %s; }\n" % (
                settings.get(conf, "VITRINES_COLOR_PRIMARY"), settings.get(conf, "VITRINES_COLOR_ACCENT"))).encode(),
        }
        self._names: dict[str, str] = {}

    def content(self, path: str) -> bytes:
        if path in self.generated:
            return self.generated[path]
        return (self.static / path).read_bytes()

    def url(self, path: str) -> str:
        """The published address of ``theme/static/<path>`` (or a generated asset)."""
        if path not in self._names:
            digest = hashlib.sha256(self.content(path)).hexdigest()[:10]
            p = PurePosixPath(path)
            self._names[path] = f"{PREFIX}/{p.parent}/{p.stem}.{digest}{p.suffix or '.txt'}"
        return self._names[path]

    def files(self) -> list[tuple[str, bytes]]:
        """Every asset to publish, as (address, bytes)."""
        paths = [p.relative_to(self.static).as_posix() for p in sorted(self.static.rglob("*"))
                 if p.is_file() and p.suffix != ".md"]
        return [(self.url(path), self.content(path)) for path in [*paths, *self.generated]]
