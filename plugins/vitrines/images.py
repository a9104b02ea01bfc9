"""Shop photos: a safe, cached, parallel Pillow pipeline.

Photos are untrusted files from merchants' phones. Each source is checked
(format allowlist, byte and pixel limits), decoded once at the smallest size
its variants need (JPEG ``draft``, then ``reduce``), turned upright (EXIF
orientation), converted to sRGB, and saved at a few widths in AVIF, WebP and a
JPEG (or PNG, for transparency) fallback. Saving from fresh pixels drops every
metadata block: EXIF, GPS, XMP, comments, profiles.

Variants are made into a cache folder outside the output, keyed by the source's
bytes and the pipeline settings; a build then publishes what it needs under
``media/`` (see output.py). A rebuild with no photo changed encodes nothing,
cleaning the output costs no re-encode, and a changed setting re-encodes only
what it affects (the key changes).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import shutil
import sys
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

from .diagnostics import ERROR, Diagnostic
from .model import Photo, Shop

log = logging.getLogger(__name__)

PIPELINE_VERSION = 1  # bump when the code below changes its output
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "AVIF"}
SOCIAL_SIZE = (1200, 630)
_NAMES = {"HEIF": "HEIC/HEIF (an iPhone format)", "TIFF": "TIFF", "EPS": "EPS", "PDF": "PDF",
          "GIF": "GIF", "BMP": "BMP", "ICO": "icon"}
_SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class Options:
    """The pipeline settings that shape its output (part of every cache key)."""

    widths: tuple[int, ...] = (480, 960, 1600)
    formats: tuple[str, ...] = ("avif", "webp")
    quality: tuple[tuple[str, int], ...] = (("avif", 50), ("webp", 75), ("jpeg", 80), ("png", 0))
    avif_speed: int = 8
    max_bytes: int = 20 * 1024 * 1024
    max_pixels: int = 40_000_000

    @classmethod
    def from_settings(cls, conf: dict) -> "Options":
        from . import settings
        return cls(
            widths=tuple(sorted(settings.get(conf, "VITRINES_IMAGE_WIDTHS"))),
            formats=tuple(settings.get(conf, "VITRINES_IMAGE_FORMATS")),
            quality=tuple(sorted(settings.get(conf, "VITRINES_IMAGE_QUALITY").items())),
            max_bytes=settings.get(conf, "VITRINES_IMAGE_MAX_BYTES"),
            max_pixels=settings.get(conf, "VITRINES_IMAGE_MAX_PIXELS"),
        )

    def key(self, digest: str, social: bool) -> str:
        shape = json.dumps([PIPELINE_VERSION, self.widths, self.formats, self.quality, self.avif_speed, social])
        return hashlib.sha256(f"{digest}:{shape}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Variant:
    url: str
    width: int
    height: int
    format: str  # avif, webp, jpeg, png


@dataclass(frozen=True)
class Picture:
    """A processed photo: variants by format, its size, a placeholder colour, its alt text."""

    variants: tuple[Variant, ...]
    width: int
    height: int
    color: str
    alt: dict = field(default_factory=dict)
    social: str = ""  # the 1200×630 sharing image, for the first photo of a shop

    @property
    def fallback(self) -> str:
        return "png" if any(v.format == "png" for v in self.variants) else "jpeg"

    def of(self, fmt: str) -> list[Variant]:
        return [v for v in self.variants if v.format == fmt]

    @property
    def sources(self) -> list[dict]:
        """``<source>`` elements, best format first: type and srcset pairs."""
        out = []
        for fmt in ("avif", "webp"):
            variants = self.of(fmt)
            if variants:
                out.append({"type": f"image/{fmt}", "variants": variants})
        return out

    @property
    def src(self) -> Variant:
        fallback = self.of(self.fallback)
        return fallback[len(fallback) // 2]


# --- checking -------------------------------------------------------------------

def problem(path: Path, options: Options = Options()) -> str | None:
    """Why a photo cannot be used, or None. Decodes it at a small size to find truncation."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return f"cannot be read: {exc.strerror}"
    if size > options.max_bytes:
        return (f"is {size / 1e6:.1f} MB, over the limit of {options.max_bytes / 1e6:.0f} MB; "
                "export it smaller")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the size is checked below
            im = Image.open(path)
        with im:
            kind = im.format
            if kind not in ALLOWED_FORMATS:
                return (f"is a {_NAMES.get(kind, kind)} file; save it as JPEG, PNG, WebP or AVIF")
            if im.width * im.height > options.max_pixels:
                return (f"is {im.width}×{im.height} pixels, over the limit of "
                        f"{options.max_pixels / 1e6:.0f} megapixels; make it smaller")
            im.draft("RGB", (64, 64))
            im.load()
    except Image.DecompressionBombError:  # Pillow refuses before reading the size out to us
        return (f"is over the limit of {options.max_pixels / 1e6:.0f} megapixels (far over); "
                "make it smaller")
    except Image.UnidentifiedImageError:
        kind = _sniff(path)
        return ((f"is a {kind} file; " if kind else "is not an image Vitrines can read; ")
                + "save it as JPEG, PNG, WebP or AVIF")
    except Exception:  # Pillow raises many kinds of errors for broken files
        return "is damaged or truncated and cannot be decoded; export it again"
    return None


def _sniff(path: Path) -> str:
    """Name the formats people send most that Pillow does not open."""
    with path.open("rb") as fh:
        head = fh.read(512)
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc", b"heim"):
        return "HEIC/HEIF (an iPhone format)"
    if head.startswith(b"%PDF"):
        return "PDF"
    if b"<svg" in head.lower():
        return "SVG"
    return ""


# --- processing (runs in worker processes) -----------------------------------------

def _upright_srgb(im: Image.Image) -> tuple[Image.Image, bool]:
    """First frame, upright, in 8-bit sRGB (RGB or RGBA); and whether it has transparency."""
    im.seek(0)
    icc = im.info.get("icc_profile")
    im = ImageOps.exif_transpose(im)
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        im = im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    alpha = im.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (im.mode == "P" and "transparency" in im.info)
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if im.mode in ("RGB", "CMYK", "L"):
                im = ImageCms.profileToProfile(im, source, _SRGB, outputMode="RGB")
            elif im.mode == "RGBA":
                im = ImageCms.profileToProfile(im, source, _SRGB, outputMode="RGBA")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: keep the pixels as they are
    im = im.convert("RGBA" if alpha else "RGB")
    if alpha and im.getextrema()[3][0] == 255:  # an alpha channel with nothing transparent
        im, alpha = im.convert("RGB"), False
    im.info = {}
    return im, alpha


def _save(im: Image.Image, fmt: str, target: Path, quality: dict, speed: int) -> None:
    buffer = io.BytesIO()
    if fmt == "avif":
        im.save(buffer, "AVIF", quality=quality["avif"], speed=speed, max_threads=1)
    elif fmt == "webp":
        im.save(buffer, "WEBP", quality=quality["webp"], method=4)
    elif fmt == "jpeg":
        im.save(buffer, "JPEG", quality=quality["jpeg"], optimize=True, progressive=True)
    else:
        im.save(buffer, "PNG", optimize=True)
    target.write_bytes(buffer.getvalue())


def _cover(im: Image.Image, size: tuple[int, int]) -> Image.Image:
    return ImageOps.fit(im, size, Image.Resampling.LANCZOS, centering=(0.5, 0.45))


def make_variants(source: str, folder: str, options: Options, social: bool) -> dict:
    """Decode ``source`` once and write every variant into ``folder``; returns its metadata."""
    Image.MAX_IMAGE_PIXELS = options.max_pixels
    out = Path(folder)
    tmp = out.with_name(f"{out.name}.tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    quality = dict(options.quality)
    with Image.open(source) as im:
        if im.format == "JPEG":  # decode at 1/2, 1/4 or 1/8 scale when that is still big enough
            largest, (sw, sh) = max(options.widths), im.size
            turned = im.getexif().get(0x0112, 1) in (5, 6, 7, 8)  # shown width is the stored height
            im.draft("RGB", (round(largest * sw / sh), largest) if turned else (largest, round(largest * sh / sw)))
        im, alpha = _upright_srgb(im)
    width, height = im.size
    widths = sorted({min(w, width) for w in options.widths})
    fallback = "png" if alpha else "jpeg"
    variants = []
    base = im
    for w in reversed(widths):  # largest first; each smaller one from the one before
        h = max(1, round(height * w / width))
        factor = base.width // w
        if factor >= 2:
            base = base.reduce(factor)
        small = base.resize((w, h), Image.Resampling.LANCZOS) if base.size != (w, h) else base
        for fmt in (*options.formats, fallback):
            name = f"{w}.{fmt}"
            _save(small, fmt, tmp / name, quality, options.avif_speed)
            variants.append({"file": name, "width": w, "height": h, "format": fmt})
        base = small
    color = "#%02x%02x%02x" % base.convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    meta = {"width": widths[-1], "height": max(1, round(height * widths[-1] / width)), "color": color,
            "variants": variants[::-1]}
    if social:
        _save(_cover(im.convert("RGB"), SOCIAL_SIZE), "jpeg", tmp / "social.jpeg", quality, options.avif_speed)
        meta["social"] = "social.jpeg"
    (tmp / "meta.json").write_text(json.dumps(meta))
    try:
        tmp.rename(out)
    except OSError:  # another build made the same variants meanwhile: keep theirs
        shutil.rmtree(tmp, ignore_errors=True)
    return meta


def _worker(job: tuple) -> tuple[str, dict | None, str | None]:
    key, source, folder, options, social = job
    try:
        return key, make_variants(source, folder, options, social), None
    except Exception as exc:  # reported as a diagnostic by the caller
        shutil.rmtree(f"{folder}.tmp{os.getpid()}", ignore_errors=True)
        return key, None, f"{type(exc).__name__}: {exc}"


# --- the pipeline ---------------------------------------------------------------

class Pipeline:
    """Turns every shop's photos into cached variants, and tells what to publish."""

    def __init__(self, cache: Path, options: Options, workers: int | None = None):
        self.cache = Path(cache)
        self.options = options
        self.workers = workers or os.cpu_count() or 1
        self.digests_file = self.cache / "digests.json"
        self.encoded = 0  # sources encoded by the last prepare(): 0 when everything was cached
        self._jobs: dict[tuple[str, str], dict] = {}

    def _digests(self) -> dict:
        try:
            return json.loads(self.digests_file.read_text())
        except (OSError, ValueError):
            return {}

    def _digest(self, path: Path, known: dict) -> str:
        """sha256 of a source, remembered by (size, mtime) so a warm build reads no photo."""
        stat = path.stat()
        stamp = [stat.st_size, stat.st_mtime_ns]
        entry = known.get(str(path))
        if entry and entry[0] == stamp:
            return entry[1]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        known[str(path)] = [stamp, digest]
        return digest

    def prepare(self, shops: list[Shop]) -> list[Diagnostic]:
        """Make every missing variant in the cache; problems come back as diagnostics."""
        known = self._digests()
        jobs, wanted = [], {}
        for shop in shops:
            items = [(p, i == 0) for i, p in enumerate(shop.photos)] + ([(shop.logo, False)] if shop.logo else [])
            for photo, social in items:
                key = self.options.key(self._digest(photo.source, known), social)
                folder = self.cache / key[:2] / key
                self._jobs[(shop.key, photo.file)] = {"key": key, "folder": folder}
                if not (folder / "meta.json").is_file() and key not in wanted:
                    wanted[key] = (shop, photo)
                    jobs.append((key, str(photo.source), str(folder), self.options, social))
        self.cache.mkdir(parents=True, exist_ok=True)
        self.digests_file.write_text(json.dumps(known, sort_keys=True))
        self.encoded = len(jobs)
        problems = []
        for key, meta, error in self._run(jobs):
            if error:
                shop, photo = wanted[key]
                problems.append(Diagnostic(str(photo.source), 1, 1, ERROR,
                                           f"this photo of {shop.source} could not be processed ({error}); "
                                           "export it again as JPEG or PNG"))
        return problems

    def _run(self, jobs: list[tuple]):
        if not jobs:
            return []
        results = []
        progress = _progress(len(jobs))
        if self.workers == 1 or len(jobs) == 1:
            for job in jobs:
                results.append(_worker(job))
                progress(1)
        else:
            with ProcessPoolExecutor(max_workers=min(self.workers, len(jobs))) as pool:
                for result in pool.map(_worker, jobs, chunksize=1):
                    results.append(result)
                    progress(1)
        progress(0, done=True)
        return results

    def picture(self, shop: Shop, photo: Photo) -> tuple[Picture, list[tuple[str, Path]]]:
        """A processed photo, and its files to publish: (address in the site, cached file).
        Addresses carry the cache key, so they change whenever the bytes do."""
        job = self._jobs[(shop.key, photo.file)]
        folder: Path = job["folder"]
        meta = json.loads((folder / "meta.json").read_text())
        stem = f"media/{shop.town}/{shop.slug}/{Path(photo.file).stem.lower()}-{job['key'][:10]}"
        variants, files = [], []
        for v in meta["variants"]:
            url = f"{stem}-{v['file']}"
            files.append((url, folder / v["file"]))
            variants.append(Variant(url, v["width"], v["height"], v["format"]))
        social = ""
        if "social" in meta:
            social = f"{stem}-social.jpeg"
            files.append((social, folder / meta["social"]))
        return Picture(tuple(variants), meta["width"], meta["height"], meta["color"], photo.alt, social), files


def _progress(total: int):
    """A progress bar when a person watches (TTY), a one-line summary otherwise."""
    if sys.stderr.isatty():
        from rich.progress import Progress
        bar = Progress(transient=True)
        bar.start()
        task = bar.add_task("photos", total=total)

        def step(n: int, done: bool = False):
            if done:
                bar.stop()
                log.info("vitrines: %d photos processed", total)
            else:
                bar.advance(task, n)
        return step

    def quiet(n: int, done: bool = False):
        if done:
            log.info("vitrines: %d photos processed", total)
    return quiet
