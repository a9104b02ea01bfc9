"""Shop photos: resized, re-encoded copies with no metadata.

Photos are untrusted files from merchants' phones. Each is decoded once with
Pillow (EXIF orientation applied), and saved again at a few widths as
baseline JPEG (or PNG when it has transparency), which drops every metadata
block, GPS position included. Variants live under ``media/<town>/<shop>/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from .model import Photo, Shop

WIDTHS = (480, 960, 1440)
FORMATS = {"JPEG", "PNG", "WEBP", "AVIF"}
MAX_PIXELS = 50_000_000


def problem(path: Path) -> str | None:
    """Why a photo cannot be used, or None. Reads the header and checks the data."""
    try:
        with Image.open(path) as im:
            kind = im.format
            if kind not in FORMATS:
                return (f"is a {kind} image; save it as JPEG, PNG or WebP"
                        if kind else "is not an image Vitrines can read; save it as JPEG, PNG or WebP")
            if im.width * im.height > MAX_PIXELS:
                return (f"is {im.width}×{im.height} pixels, over the limit of {MAX_PIXELS // 1_000_000} "
                        "megapixels; make it smaller")
            im.verify()
    except Image.DecompressionBombError:
        return "has far too many pixels to be a photo; make it smaller"
    except Exception:  # Pillow raises many kinds of errors for broken files
        return "is not a readable image (damaged, truncated or not a JPEG/PNG/WebP); export it again"
    return None


@dataclass(frozen=True)
class Variant:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class Picture:
    """One processed photo: its variants, largest last, and its alt text."""

    variants: tuple[Variant, ...]
    alt: dict

    @property
    def src(self) -> Variant:
        return self.variants[len(self.variants) // 2]

    @property
    def srcset(self) -> str:
        return ", ".join(f"{v.url} {v.width}w" for v in self.variants)


def process(photo: Photo, shop: Shop, output: Path, widths=WIDTHS) -> Picture:
    folder = f"media/{shop.town}/{shop.slug}"
    stem = Path(photo.file).stem
    with Image.open(photo.source) as im:
        im = ImageOps.exif_transpose(im)
        alpha = im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info)
        im = im.convert("RGBA" if alpha else "RGB")
        ext = "png" if alpha else "jpg"
        variants = []
        for width in sorted({min(w, im.width) for w in widths}):
            height = round(im.height * width / im.width)
            url = f"{folder}/{stem}-{width}.{ext}"
            target = output / url
            if not target.exists() or target.stat().st_mtime < photo.source.stat().st_mtime:
                target.parent.mkdir(parents=True, exist_ok=True)
                small = im.resize((width, height), Image.Resampling.LANCZOS)
                if alpha:
                    small.save(target, "PNG", optimize=True)
                else:
                    small.save(target, "JPEG", quality=80, optimize=True, progressive=True)
            variants.append(Variant(url, width, height))
    return Picture(tuple(variants), photo.alt)
