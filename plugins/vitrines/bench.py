"""``vitrines bench``: measured figures, printed as a table and saved as JSON.

Speed targets live here, never in timed unit tests. Each benchmark works on
generated inputs (kept in ``.cache/bench`` so a second run does not pay for
generating them again) and reports the machine's core count beside its figures.
"""

from __future__ import annotations

import json
import os
import platform
import random
import shutil
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageFilter

from . import images
from .model import Photo, Shop


def camera_like_photo(path: Path, seed: int, size=(4000, 3000)) -> None:
    """A photo-like JPEG: smooth light, shapes and sensor-like grain (not flat colour, not pure noise)."""
    rng = random.Random(seed)
    w, h = size
    small = Image.new("RGB", (w // 50, h // 50))
    base = [rng.randrange(40, 220) for _ in range(3)]
    small.putdata([tuple(max(0, min(255, c + rng.randrange(-60, 60))) for c in base)
                   for _ in range(small.width * small.height)])
    im = small.resize(size, Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(8))
    grain = Image.effect_noise(size, 18).convert("RGB")
    im = Image.blend(im, grain, 0.12)
    exif = Image.Exif()
    exif[0x0112] = rng.choice((1, 1, 1, 6, 8))
    im.save(path, "JPEG", quality=90, exif=exif)


def photo_set(cache: Path, count: int) -> list[Path]:
    folder = cache / "bench" / "photos"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"photo-{i:04d}.jpg"
        if not path.exists():
            camera_like_photo(path, seed=i)
        paths.append(path)
    return paths


def bench_images(cache: Path, count: int, options: images.Options | None = None) -> dict:
    options = options or images.Options()
    sources = photo_set(cache, count)
    shops = [Shop(slug=f"shop-{i}", town="bench", source="", name="", categories=("x",),
                  updated=None, added=None, photos=(Photo(p.name, p, {}),)) for i, p in enumerate(sources)]
    work = Path(tempfile.mkdtemp(prefix="vitrines-bench-"))
    try:
        pipeline = images.Pipeline(work / "cache", options)
        start = time.perf_counter()
        assert not pipeline.prepare(shops)
        written: set[str] = set()
        for shop in shops:
            pipeline.publish(shop, shop.photos[0], work / "out", written)
        cold = time.perf_counter() - start
        encoded = pipeline.encoded
        start = time.perf_counter()
        warm_pipeline = images.Pipeline(work / "cache", options)
        warm_pipeline.prepare(shops)
        for shop in shops:
            warm_pipeline.publish(shop, shop.photos[0], work / "out", set())
        warm = time.perf_counter() - start
    finally:
        shutil.rmtree(work, ignore_errors=True)
    cores = os.cpu_count() or 1
    return {
        "photos": count, "source_size": "4000x3000", "cores": cores,
        "widths": list(options.widths), "formats": [*options.formats, "jpeg"],
        "cold_seconds": round(cold, 2), "cold_photos_per_second": round(count / cold, 2),
        "cold_photos_per_second_per_core": round(count / cold / cores, 2),
        "warm_seconds": round(warm, 3), "warm_encoded": warm_pipeline.encoded, "cold_encoded": encoded,
    }


def machine() -> dict:
    return {"cores": os.cpu_count(), "python": platform.python_version(), "machine": platform.machine(),
            "processor": platform.processor() or platform.machine()}


def print_table(title: str, rows: dict) -> None:
    print(f"\n{title}")
    width = max(len(k) for k in rows)
    for key, value in rows.items():
        print(f"  {key:<{width}}  {value}")


def run(args) -> int:
    cache = Path(args.cache)
    results = {"machine": machine()}
    if args.photos:
        results["images"] = bench_images(cache, args.photos)
        print_table(f"Photos ({args.photos} camera-like 4000×3000 JPEGs, default settings)", results["images"])
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
        print(f"\nsaved {args.json}")
    return 0
