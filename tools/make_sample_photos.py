#!/usr/bin/env python3
"""Draw the photos and logos of the sample shops in shops/ with Pillow.

Every picture listed under `photos:` or `logo:` in shops/<town>/<shop>.yaml is drawn
from scratch: a stylised storefront for facade.jpg, a still life chosen from the file
name for the others (pains.jpg, books.jpg, bocaux.jpg ...), a round badge for logo.png.
Nothing is downloaded and no existing picture is used, so the results are free of
rights (CC0, see shops/PHOTOS.md).

The drawing is deterministic: each picture uses a random generator seeded with
"<town>/<shop>/<file>", so running the script again gives the same files.

    python tools/make_sample_photos.py            # (re)draw every listed picture
    python tools/make_sample_photos.py --missing  # draw only the pictures that do not exist
    python tools/make_sample_photos.py mons/boulangerie-du-beffroi   # one shop

It needs Pillow and PyYAML.
"""
from __future__ import annotations

import argparse
import hashlib
import math
import random
import sys
from pathlib import Path

import yaml
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
SHOPS = ROOT / "shops"

SS = 2                      # drawn at twice the size, then scaled down (anti-aliasing)
LANDSCAPE = (1600, 1200)
PORTRAIT = (1200, 1600)
LOGO = (512, 512)
JPEG = dict(quality=82, optimize=True, progressive=True)
MAX_BYTES = 350_000

# --------------------------------------------------------------------------- colours

def rgb(h: str) -> tuple[int, int, int]:
    h = h.lstrip("#")
    return tuple(int(h[i:i + 2], 16) for i in (0, 2, 4))


def shade(c, f: float):
    """f < 1 darkens, f > 1 lightens towards white."""
    if f >= 1:
        t = min(f - 1, 1)
        return tuple(int(x + (255 - x) * t) for x in c[:3])
    return tuple(int(x * f) for x in c[:3])


def mix(a, b, t: float):
    return tuple(int(a[i] + (b[i] - a[i]) * t) for i in range(3))


def jitter(c, rng: random.Random, amount: int = 12):
    return tuple(max(0, min(255, x + rng.randint(-amount, amount))) for x in c[:3])


def jitter_l(c, rng: random.Random, amount: int = 12):
    """Vary the brightness only, keeping the hue."""
    k = rng.randint(-amount, amount)
    return tuple(max(0, min(255, x + k)) for x in c[:3])


def lens(cx, cy, length, width, angle, steps=16):
    """Points of a pointed oval (a leaf, a baker's score) centred on (cx, cy)."""
    ca, sa = math.cos(angle), math.sin(angle)
    pts = []
    for side in (1, -1):
        for i in range(steps + 1):
            t = -1 + 2 * i / steps if side == 1 else 1 - 2 * i / steps
            x, y = t * length / 2, side * width / 2 * (1 - t * t)
            pts.append((cx + x * ca - y * sa, cy + x * sa + y * ca))
    return pts


def alpha(c, a: int):
    return (*c[:3], a)


CREAM = rgb("#f3ead8")
WHITE = rgb("#ffffff")
GOLD = rgb("#d9b25f")
INK = rgb("#2b2622")

NAMED = {
    "sapin": "#24493d", "red": "#b5302f", "cream": "#f3ead8", "teal": "#1f6f78", "navy": "#1f2f57",
    "burgundy": "#6e1f2c", "black": "#1d1d1f", "green": "#2f6b3a", "sage": "#8aa58a", "yellow": "#e8b92f",
    "chocolate": "#4a2e21", "orange": "#e07b2a", "pink": "#e59bb0", "deepblue": "#1e3f7a",
    "blue": "#2361a8", "mustard": "#c99a1e", "charcoal": "#3a3d42", "darkgreen": "#1f4231",
    "turquoise": "#2aa6a0", "gold": "#d4a93c", "dustypink": "#d7a7a3", "white": "#f7f5ef",
    "forest": "#274d33",
}


def c(name):
    return rgb(NAMED[name]) if name in NAMED else rgb(name)


# What each storefront looks like: its photo's alt text describes these colours.
# wall: brick | stone | plaster | clapboard; front: shopfront paint; awning: two stripes.
FACADES = {
    "mons/boulangerie-du-beffroi": dict(wall="brick", front="sapin", awning=("red", "cream")),
    "mons/atelier-d-elise": dict(wall="plaster", wall_color="#efe4cc", front="teal", awning=("navy", "white")),
    "mons/librairie-du-rempart": dict(wall="stone", front="burgundy", awning=("burgundy", "cream")),
    "mons/au-vieux-mons": dict(wall="brick", front="black", awning=("green", "white"), terrace=True),
    "mons/fleurs-du-lumecon": dict(wall="plaster", wall_color="#e8b9b4", front="sage", awning=("green", "white")),
    "mons/salon-margaux": dict(wall="plaster", wall_color="#efe6d2", front="black", awning=("black", "white")),
    "mons/la-malle-au-dragon": dict(wall="brick", front="red", awning=("yellow", "red")),
    "mons/le-comptoir-torrefie": dict(wall="stone", front="chocolate", awning=("orange", "cream")),
    "quebec/the-et-biscuits": dict(wall="clapboard", wall_color="#f0dc97", front="white", awning=("pink", "white")),
    "quebec/fournil-du-faubourg": dict(wall="stone", front="deepblue", awning=("deepblue", "white")),
    "quebec/epicerie-saint-roch": dict(wall="brick", front="green", awning=("green", "white")),
    "quebec/librairie-la-virgule": dict(wall="brick", front="mustard", awning=("black", "yellow")),
    "quebec/boutique-nordet": dict(wall="stone", front="charcoal", awning=("navy", "white")),
    "quebec/le-canot-rouge": dict(wall="stone", front="red", awning=("red", "white")),
    "quebec/bistro-la-chicane": dict(wall="brick", front="darkgreen", awning=("burgundy", "cream"), terrace=True),
    "quebec/les-jardins-de-cartier": dict(wall="plaster", wall_color="#f4f1ea", front="sage", awning=("green", "white")),
    "quebec/boucherie-begin": dict(wall="brick", front="red", awning=("red", "white")),
    "toronto/roncy-bread-co": dict(wall="brick", front="turquoise", awning=("turquoise", "white")),
    "toronto/mercado-augusta": dict(wall="plaster", wall_color="#e98a3c", front="turquoise", awning=("yellow", "red")),
    "toronto/paper-lantern-books": dict(wall="brick", front="red", awning=("red", "gold")),
    "toronto/agora-fine-foods": dict(wall="plaster", wall_color="#f4f1ea", front="blue", awning=("blue", "white")),
    "toronto/bloomwell-flowers": dict(wall="brick", front="dustypink", awning=("green", "white")),
    "toronto/stillwater-tap-room": dict(wall="brick", front="black", awning=("forest", "cream"), terrace=True),
    "toronto/danforth-hardware": dict(wall="brick", front="blue", awning=("orange", "white")),
}

# Still lifes, by the photo's file name (without extension).
MOTIFS = {
    "pains": "bread", "breads": "bread",
    "fromages": "cheese", "cheese": "cheese",
    "fruits": "produce", "produce": "produce",
    "livres": "books", "books": "books",
    "bouteilles": "bottles", "bottles": "bottles",
    "bocaux": "jars", "herbs": "jars",
    "tasses": "cups", "coffee": "cups",
    "salle": "table", "dining": "table",
    "bouquets": "flowers", "flowers": "flowers",
    "velo": "bike", "bike": "bike",
    "tools": "tools", "outils": "tools",
    "jeux": "toys", "toys": "toys",
    "bijoux": "jewellery", "jewellery": "jewellery",
    "vetements": "clothes", "clothes": "clothes",
    "poteries": "pottery", "pottery": "pottery",
    "yarn": "yarn", "laine": "yarn",
}

# Variants where the alt text says more than the motif does.
VARIANTS = {
    "mons/les-confitures-de-mamy-odile/bocaux.jpg": "jam",
    "quebec/herboristerie-la-sauge/bocaux.jpg": "herbs",
    "toronto/golden-lotus-herbal/herbs.jpg": "herbs",
    "quebec/the-et-biscuits/tasses.jpg": "tea",
    "mons/atelier-d-elise/bijoux.jpg": "silver",
    "toronto/stillwater-tap-room/dining.jpg": "pints",
    "mons/au-vieux-mons/salle.jpg": "pints",
}

# --------------------------------------------------------------------------- fonts

FONT_DIRS = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts"]
FONT_CHOICES = {
    "serif-bold": ["DejaVuSerif-Bold.ttf", "LiberationSerif-Bold.ttf"],
    "serif": ["DejaVuSerif.ttf", "LiberationSerif-Regular.ttf"],
    "serif-italic": ["DejaVuSerif-Italic.ttf", "LiberationSerif-Italic.ttf", "DejaVuSerif.ttf"],
    "sans-bold": ["DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf"],
    "sans": ["DejaVuSans.ttf", "LiberationSans-Regular.ttf"],
    "condensed-bold": ["DejaVuSansCondensed-Bold.ttf", "LiberationSansNarrow-Bold.ttf", "DejaVuSans-Bold.ttf"],
}
_font_paths: dict[str, Path | None] = {}


def _find_font(kind: str) -> Path | None:
    if kind not in _font_paths:
        _font_paths[kind] = None
        for name in FONT_CHOICES[kind]:
            for d in FONT_DIRS:
                hits = sorted(d.rglob(name)) if d.is_dir() else []
                if hits:
                    _font_paths[kind] = hits[0]
                    break
            if _font_paths[kind]:
                break
    return _font_paths[kind]


def font(kind: str, size: int):
    path = _find_font(kind)
    if path:
        return ImageFont.truetype(str(path), max(8, int(size)))
    return ImageFont.load_default(size=max(8, int(size)))


def fit_font(draw, text, kind, max_w, max_h):
    size = int(max_h)
    while size > 10:
        f = font(kind, size)
        l, t, r, b = draw.textbbox((0, 0), text, font=f)
        if r - l <= max_w and b - t <= max_h:
            return f
        size = int(size * 0.93)
    return font(kind, 10)


def text_centered(draw, cx, cy, text, f, fill, shadow=None):
    l, t, r, b = draw.textbbox((0, 0), text, font=f)
    x, y = cx - (r - l) / 2 - l, cy - (b - t) / 2 - t
    if shadow:
        off = max(2, (b - t) // 18)
        draw.text((x + off, y + off), text, font=f, fill=shadow)
    draw.text((x, y), text, font=f, fill=fill)

# --------------------------------------------------------------------------- helpers

def price(ctx, rng, choices=("1,20", "2,50", "3,40", "3,99", "4,50", "5,20")):
    """A price tag written the local way: 3,40 € in Mons, 3,40 $ in Québec, $3.40 in Toronto."""
    amount = rng.choice(choices)
    if ctx["town"] == "toronto":
        return "$" + amount.replace(",", ".")
    return f"{amount} {'€' if ctx['town'] == 'mons' else '$'}"


def vgradient(size, top, bottom):
    w, h = size
    mask = Image.linear_gradient("L").resize((w, h))
    return Image.composite(Image.new("RGB", size, bottom[:3]), Image.new("RGB", size, top[:3]), mask)


def soft_shadow(img, box, blur, opacity=120, color=(20, 15, 10)):
    """A blurred dark ellipse under an object."""
    x0, y0, x1, y1 = (int(v) for v in box)
    m = int(blur * 3) + 2
    w, h = x1 - x0 + 2 * m, y1 - y0 + 2 * m
    if w <= 0 or h <= 0:
        return
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).ellipse((m, m, m + x1 - x0, m + y1 - y0), fill=opacity)
    mask = mask.filter(ImageFilter.GaussianBlur(blur))
    layer = Image.new("RGB", (w, h), color)
    img.paste(layer, (x0 - m, y0 - m), mask)


def overlay(img, paint, blur=0):
    """Draw translucent shapes: paint(draw) on a transparent layer, composited on img."""
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    paint(ImageDraw.Draw(layer))
    if blur:
        layer = layer.filter(ImageFilter.GaussianBlur(blur))
    img.paste(layer, (0, 0), layer)


def profile_points(x, y, s, prof, scale=1.0, dx=0.0):
    """prof: [(t, half_width)] from the bottom (t=0) to the top (t=1), in units of s."""
    left = [(x + dx * s - hw * s * scale, y - t * s) for t, hw in prof]
    right = [(x + dx * s + hw * s * scale, y - t * s) for t, hw in reversed(prof)]
    return left + right


def draw_turned(d, x, y, s, prof, color, shine=True):
    """A round object seen from the side (bottle, vase, jar), with a highlight and a shaded edge."""
    d.polygon(profile_points(x, y, s, prof), fill=color)
    if not shine:
        return
    dark = [(x + hw * s * 0.55, y - t * s) for t, hw in prof] + \
           [(x + hw * s, y - t * s) for t, hw in reversed(prof)]
    d.polygon(dark, fill=shade(color, 0.78))
    hi = [(x - hw * s * 0.62, y - t * s) for t, hw in prof[1:-1]] + \
         [(x - hw * s * 0.42, y - t * s) for t, hw in reversed(prof[1:-1])]
    if len(hi) >= 3:
        d.polygon(hi, fill=shade(color, 1.35))


def wood(img, box, base, rng, vertical=False, planks=5):
    """Wooden planks with grain lines."""
    d = ImageDraw.Draw(img)
    x0, y0, x1, y1 = (int(v) for v in box)
    if vertical:
        step = (x1 - x0) / planks
        for i in range(planks):
            col = jitter(base, rng, 10)
            a, b = int(x0 + i * step), int(x0 + (i + 1) * step)
            d.rectangle((a, y0, b, y1), fill=col)
            for _ in range(6):
                gx = rng.uniform(a + 4, b - 4)
                d.line((gx, y0, gx + rng.uniform(-8, 8), y1), fill=shade(col, 0.9), width=2)
            d.line((a, y0, a, y1), fill=shade(col, 0.65), width=4)
    else:
        step = (y1 - y0) / planks
        for i in range(planks):
            col = jitter(base, rng, 10)
            a, b = int(y0 + i * step), int(y0 + (i + 1) * step)
            d.rectangle((x0, a, x1, b), fill=col)
            for _ in range(7):
                gy = rng.uniform(a + 4, b - 4)
                pts = [(x, gy + 4 * math.sin(x / rng.uniform(60, 140) + i)) for x in range(x0, x1 + 40, 40)]
                d.line(pts, fill=shade(col, 0.9), width=2)
            d.line((x0, a, x1, a), fill=shade(col, 0.65), width=4)


def tiles(img, box, base, size, rng, grout=(210, 205, 195), offset=True):
    d = ImageDraw.Draw(img)
    x0, y0, x1, y1 = (int(v) for v in box)
    d.rectangle(box, fill=grout)
    tw, th = size
    row = 0
    y = y0
    while y < y1:
        x = x0 - (tw // 2 if offset and row % 2 else 0)
        while x < x1:
            d.rectangle((x + 3, y + 3, x + tw - 3, y + th - 3), fill=jitter(jitter_l(base, rng, 8), rng, 2))
            x += tw
        y += th
        row += 1


def brick_wall(img, box, base, rng, bw=150, bh=50):
    tiles(img, box, base, (bw, bh), rng, grout=shade(base, 0.72) if base[0] < 200 else (200, 195, 185))
    d = ImageDraw.Draw(img)
    x0, y0, x1, y1 = box
    for _ in range(int((x1 - x0) * (y1 - y0) / 9000)):
        x, y = rng.uniform(x0, x1), rng.uniform(y0, y1)
        d.point((x, y), fill=shade(base, rng.uniform(0.75, 1.1)))


def stone_wall(img, box, base, rng):
    d = ImageDraw.Draw(img)
    x0, y0, x1, y1 = (int(v) for v in box)
    d.rectangle(box, fill=shade(base, 0.8))
    y = y0
    while y < y1:
        h = rng.randint(70, 110)
        x = x0 - rng.randint(0, 120)
        while x < x1:
            w = rng.randint(140, 300)
            col = jitter(jitter_l(base, rng, 14), rng, 3)
            d.rounded_rectangle((x + 4, y + 4, x + w - 4, y + h - 4), radius=10, fill=col)
            d.line((x + 8, y + h - 8, x + w - 8, y + h - 8), fill=shade(col, 0.88), width=3)
            x += w
        y += h


def plaster_wall(img, box, base, rng):
    x0, y0, x1, y1 = (int(v) for v in box)
    img.paste(vgradient((x1 - x0, y1 - y0), shade(base, 1.06), shade(base, 0.94)), (x0, y0))
    d = ImageDraw.Draw(img)
    for _ in range(int((x1 - x0) * (y1 - y0) / 5000)):
        x, y = rng.uniform(x0, x1), rng.uniform(y0, y1)
        r = rng.uniform(1, 4)
        d.ellipse((x - r, y - r, x + r, y + r), fill=shade(base, rng.uniform(0.93, 1.03)))


def clapboard_wall(img, box, base, rng):
    d = ImageDraw.Draw(img)
    x0, y0, x1, y1 = (int(v) for v in box)
    y = y0
    while y < y1:
        d.rectangle((x0, y, x1, y + 56), fill=jitter(base, rng, 4))
        d.rectangle((x0, y + 48, x1, y + 56), fill=shade(base, 0.82))
        y += 56


def wall(img, box, kind, color, rng):
    if kind == "brick":
        brick_wall(img, box, color, rng)
    elif kind == "stone":
        stone_wall(img, box, color, rng)
    elif kind == "clapboard":
        clapboard_wall(img, box, color, rng)
    else:
        plaster_wall(img, box, color, rng)

# --------------------------------------------------------------------------- small objects
# Every drawer takes the object's bottom centre (x, y) and its size s (about its height).

def loaf(img, d, x, y, s, rng, kind="boule"):
    crust = jitter(rgb("#b9773a"), rng, 14)
    if kind == "boule":
        w, h = s * 0.85, s * 0.62
    else:
        w, h = s * 1.35, s * 0.48
    soft_shadow(img, (x - w, y - h * 0.25, x + w, y + h * 0.15), s * 0.06, 110)
    d.ellipse((x - w, y - h * 2 + h * 0.15, x + w, y + h * 0.05), fill=shade(crust, 0.8))
    d.ellipse((x - w * 0.96, y - h * 2 + h * 0.12, x + w * 0.9, y - h * 0.2), fill=crust)
    d.ellipse((x - w * 0.75, y - h * 1.85, x + w * 0.35, y - h * 1.0), fill=shade(crust, 1.12))
    score = rgb("#ecd3a0")
    if kind == "boule":
        if rng.random() < 0.5:  # a cross
            for a in (0.5, -0.5):
                d.polygon(lens(x, y - h * 1.1, w * 1.2, h * 0.22, a), fill=score)
        else:  # three parallel cuts
            for k in (-1, 0, 1):
                d.polygon(lens(x + k * w * 0.38, y - h * 1.1, h * 1.3, w * 0.13, 1.2), fill=score)
    else:
        for k in range(4):
            d.polygon(lens(x - w * 0.6 + k * w * 0.4, y - h * 1.15, w * 0.42, h * 0.22, -0.35), fill=score)
    for _ in range(int(s / 4)):
        px, py = rng.uniform(x - w * 0.7, x + w * 0.6), rng.uniform(y - h * 1.85, y - h * 1.1)
        d.point((px, py), fill=(245, 238, 225))


def baguette(img, d, x, y, s, rng, length=3.0):
    crust = jitter(rgb("#c48a45"), rng, 12)
    w, h = s * length / 2, s * 0.2
    soft_shadow(img, (x - w, y - h * 0.4, x + w, y + h * 0.3), s * 0.05, 100)
    d.rounded_rectangle((x - w, y - 2 * h, x + w, y), radius=int(h), fill=crust)
    d.rounded_rectangle((x - w * 0.95, y - 1.85 * h, x + w * 0.95, y - 1.2 * h), radius=int(h * 0.4), fill=shade(crust, 1.15))
    n = int(length * 2.2)
    for i in range(n):
        cx = x - w * 0.8 + i * (1.6 * w / max(1, n - 1))
        d.polygon(lens(cx, y - h * 1.25, h * 1.5, h * 0.32, -0.3), fill=rgb("#ecd6a6"))


def croissant(img, d, x, y, s, rng):
    col = jitter(rgb("#d4913e"), rng, 10)
    soft_shadow(img, (x - s * 0.75, y - s * 0.1, x + s * 0.75, y + s * 0.08), s * 0.05, 100)
    segs = [(-0.62, 0.1, 0.16), (-0.4, 0.03, 0.24), (-0.15, -0.02, 0.3), (0.15, -0.02, 0.3), (0.4, 0.03, 0.24), (0.62, 0.1, 0.16)]
    segs.sort(key=lambda t: -abs(t[0]))
    for dx, dy, r in segs:
        cx, cy = x + dx * s, y - s * 0.28 + dy * s
        d.ellipse((cx - r * s, cy - r * s * 0.9, cx + r * s, cy + r * s * 0.9), fill=col, outline=shade(col, 0.75), width=3)
        d.ellipse((cx - r * s * 0.6, cy - r * s * 0.75, cx + r * s * 0.2, cy - r * s * 0.2), fill=shade(col, 1.2))


def cheese_wheel(img, d, x, y, s, rng, col=None):
    col = col or jitter(rgb("#f0cf6b"), rng, 14)
    rind = shade(col, 0.78)
    w, h, e = s * 0.9, s * 0.55, s * 0.22
    soft_shadow(img, (x - w * 1.05, y - e * 0.6, x + w * 1.05, y + e * 0.4), s * 0.05, 110)
    d.ellipse((x - w, y - e, x + w, y + e * 0.6), fill=rind)
    d.rectangle((x - w, y - h - e * 0.2, x + w, y - e * 0.2), fill=rind)
    d.rectangle((x - w * 0.35, y - h - e * 0.2, x - w * 0.1, y - e * 0.2), fill=shade(rind, 1.15))
    d.ellipse((x - w, y - h - e, x + w, y - h + e * 0.6), fill=col)
    d.ellipse((x - w * 0.8, y - h - e * 0.8, x + w * 0.8, y - h + e * 0.4), outline=shade(col, 0.92), width=3)


def cheese_wedge(img, d, x, y, s, rng, holes=False, col=None):
    col = col or jitter(rgb("#f3d77f"), rng, 12)
    soft_shadow(img, (x - s * 0.7, y - s * 0.1, x + s * 0.7, y + s * 0.08), s * 0.05, 110)
    front = [(x - s * 0.7, y), (x + s * 0.5, y), (x + s * 0.5, y - s * 0.5), (x - s * 0.7, y - s * 0.2)]
    top = [(x - s * 0.7, y - s * 0.2), (x + s * 0.5, y - s * 0.5), (x + s * 0.72, y - s * 0.62), (x - s * 0.6, y - s * 0.26)]
    side = [(x + s * 0.5, y), (x + s * 0.72, y - s * 0.1), (x + s * 0.72, y - s * 0.62), (x + s * 0.5, y - s * 0.5)]
    d.polygon(front, fill=col)
    d.polygon(top, fill=shade(col, 1.12))
    d.polygon(side, fill=shade(col, 0.7))
    if holes:
        for _ in range(5):
            hx, hy = rng.uniform(x - s * 0.4, x + s * 0.4), rng.uniform(y - s * 0.28, y - s * 0.06)
            r = rng.uniform(s * 0.03, s * 0.06)
            d.ellipse((hx - r, hy - r, hx + r, hy + r), fill=shade(col, 0.82))


def fruit(d, x, y, r, col, rng, leaf=True):
    d.ellipse((x - r, y - r, x + r, y + r), fill=col)
    d.ellipse((x + r * 0.1, y - r * 0.2, x + r, y + r), fill=shade(col, 0.85))
    d.ellipse((x - r * 0.55, y - r * 0.6, x - r * 0.1, y - r * 0.2), fill=shade(col, 1.35))
    if leaf and rng.random() < 0.4:
        d.polygon([(x, y - r), (x + r * 0.5, y - r * 1.35), (x + r * 0.15, y - r * 0.95)], fill=rgb("#4f8a3a"))


def bottle(img, d, x, y, s, rng, kind="wine", col=None):
    if kind == "wine":
        prof = [(0, 0.15), (0.55, 0.15), (0.66, 0.12), (0.72, 0.05), (0.97, 0.05), (1.0, 0.055)]
        col = col or rng.choice([rgb("#1f4a2c"), rgb("#3b2a16"), rgb("#5b1a22"), rgb("#2e3b23"), rgb("#d9c891")])
    else:  # beer, cider
        s *= 0.8
        prof = [(0, 0.16), (0.5, 0.16), (0.62, 0.12), (0.72, 0.06), (0.97, 0.055), (1.0, 0.06)]
        col = col or rng.choice([rgb("#6b3a12"), rgb("#4a2a0d"), rgb("#2f5a2a"), rgb("#8a5a1a")])
    soft_shadow(img, (x - s * 0.2, y - s * 0.03, x + s * 0.2, y + s * 0.03), s * 0.02, 120)
    draw_turned(d, x, y, s, prof, col)
    label = rng.choice([CREAM, rgb("#f4f0e4"), rgb("#e9d6a9"), rgb("#c9302c"), rgb("#1f2f57"), rgb("#f2c14e")])
    ly0, ly1 = y - s * (0.45 if kind == "wine" else 0.48), y - s * 0.15
    d.rectangle((x - s * 0.14, ly0, x + s * 0.14, ly1), fill=label)
    ink = INK if sum(label) > 400 else CREAM
    d.rectangle((x - s * 0.09, ly0 + s * 0.06, x + s * 0.09, ly0 + s * 0.08), fill=ink)
    d.rectangle((x - s * 0.06, ly0 + s * 0.12, x + s * 0.06, ly0 + s * 0.13), fill=ink)
    cap = rng.choice([rgb("#8b1e24"), rgb("#c9a13c"), rgb("#202020"), rgb("#d8d8d8")])
    d.rectangle((x - s * 0.055, y - s * 1.0, x + s * 0.055, y - s * 0.97), fill=cap)
    if kind == "wine":
        d.rectangle((x - s * 0.052, y - s * 0.97, x + s * 0.052, y - s * 0.85), fill=cap)


def jar(img, d, x, y, s, rng, content, lid=None, label=True, width=0.32):
    prof = [(0, width), (0.86, width), (0.9, width * 0.85), (1.0, width * 0.85)]
    soft_shadow(img, (x - s * width, y - s * 0.04, x + s * width, y + s * 0.04), s * 0.02, 110)
    glass = rgb("#dfe9e6")
    d.polygon(profile_points(x, y, s, prof), fill=glass)
    fill_to = rng.uniform(0.55, 0.82)
    d.rectangle((x - s * width * 0.94, y - s * fill_to, x + s * width * 0.94, y - s * 0.02), fill=content)
    d.ellipse((x - s * width * 0.94, y - s * fill_to - s * 0.03, x + s * width * 0.94, y - s * fill_to + s * 0.03), fill=shade(content, 1.1))
    for _ in range(int(s * 0.4)):
        px = rng.uniform(x - s * width * 0.9, x + s * width * 0.9)
        py = rng.uniform(y - s * fill_to, y - s * 0.04)
        r = rng.uniform(s * 0.006, s * 0.016)
        d.ellipse((px - r, py - r * 0.7, px + r, py + r * 0.7), fill=shade(content, rng.uniform(0.75, 1.2)))
    d.rectangle((x - s * width * 0.8, y - s * 0.84, x - s * width * 0.62, y - s * 0.08), fill=(255, 255, 255))
    d.rectangle((x + s * width * 0.7, y - s * 0.84, x + s * width * 0.88, y - s * 0.08), fill=shade(glass, 0.8))
    lid = lid or rng.choice([rgb("#b0a99c"), rgb("#c49a47"), rgb("#3b3b3b")])
    d.rounded_rectangle((x - s * width * 0.95, y - s * 1.04, x + s * width * 0.95, y - s * 0.88), radius=int(s * 0.03), fill=lid)
    d.rectangle((x - s * width * 0.95, y - s * 0.98, x + s * width * 0.95, y - s * 0.96), fill=shade(lid, 0.8))
    if label:
        d.rectangle((x - s * width * 0.6, y - s * 0.5, x + s * width * 0.6, y - s * 0.3), fill=CREAM)
        d.rectangle((x - s * width * 0.42, y - s * 0.43, x + s * width * 0.42, y - s * 0.405), fill=INK)
        d.rectangle((x - s * width * 0.3, y - s * 0.37, x + s * width * 0.3, y - s * 0.355), fill=shade(INK, 1.8))


def jam_jar(img, d, x, y, s, rng, content):
    prof = [(0, 0.3), (0.05, 0.33), (0.78, 0.33), (0.84, 0.28), (0.9, 0.28)]
    soft_shadow(img, (x - s * 0.33, y - s * 0.04, x + s * 0.33, y + s * 0.04), s * 0.02, 110)
    draw_turned(d, x, y, s, prof, content)
    d.rectangle((x - s * 0.22, y - s * 0.55, x + s * 0.22, y - s * 0.3), fill=CREAM)
    d.rectangle((x - s * 0.15, y - s * 0.46, x + s * 0.15, y - s * 0.43), fill=INK)
    # gingham cloth lid
    lid = rng.choice([rgb("#c8342f"), rgb("#2f6bb0"), rgb("#3f8a46")])
    cloth = [(x - s * 0.4, y - s * 0.78), (x + s * 0.4, y - s * 0.78), (x + s * 0.3, y - s * 1.0), (x - s * 0.3, y - s * 1.0)]
    d.polygon(cloth, fill=WHITE)
    step = s * 0.1
    for i in range(-4, 5):
        d.line((x + i * step, y - s * 0.78, x + i * step * 0.75, y - s * 1.0), fill=lid, width=max(2, int(step * 0.45)))
    for j in range(3):
        yy = y - s * 0.8 - j * s * 0.08
        d.line((x - s * 0.38, yy, x + s * 0.38, yy), fill=shade(lid, 1.2), width=max(2, int(step * 0.35)))
    d.line((x - s * 0.3, y - s * 0.84, x + s * 0.3, y - s * 0.84), fill=rgb("#8a6a3a"), width=max(2, int(s * 0.025)))


def cup(img, d, x, y, s, rng, col=None, drink=rgb("#5a3620"), steam=True):
    col = col or rng.choice([WHITE, rgb("#f1e7d6"), rgb("#3d6f8f"), rgb("#c9553a"), rgb("#2f2f2f")])
    soft_shadow(img, (x - s * 0.75, y - s * 0.1, x + s * 0.75, y + s * 0.12), s * 0.05, 110)
    d.ellipse((x - s * 0.7, y - s * 0.16, x + s * 0.7, y + s * 0.1), fill=shade(col, 0.92))
    d.ellipse((x - s * 0.55, y - s * 0.14, x + s * 0.55, y + s * 0.02), fill=col)
    prof = [(0.05, 0.26), (0.2, 0.36), (0.75, 0.45)]
    d.arc((x + s * 0.3, y - s * 0.62, x + s * 0.68, y - s * 0.26), 270, 90, fill=col, width=max(4, int(s * 0.08)))
    draw_turned(d, x, y, s, prof, col)
    d.ellipse((x - s * 0.45, y - s * 0.82, x + s * 0.45, y - s * 0.68), fill=col)
    d.ellipse((x - s * 0.39, y - s * 0.8, x + s * 0.39, y - s * 0.7), fill=drink)
    d.ellipse((x - s * 0.2, y - s * 0.78, x + s * 0.12, y - s * 0.73), fill=shade(drink, 1.3))
    if steam:
        def paint(o):
            for k in (-1, 0, 1):
                pts = [(x + k * s * 0.16 + s * 0.06 * math.sin(t / 7 + k), y - s * 0.85 - t * s / 40) for t in range(0, 36)]
                o.line(pts, fill=(255, 255, 255, 110), width=max(3, int(s * 0.04)))
        overlay(img, paint, blur=s * 0.03)


def bag(img, d, x, y, s, rng, col=None, label=None):
    col = col or rng.choice([rgb("#b08a5a"), rgb("#3b2a22"), rgb("#c8b28c"), rgb("#1f4a3a"), rgb("#7a2b2b")])
    w = s * 0.34
    soft_shadow(img, (x - w * 1.1, y - s * 0.05, x + w * 1.1, y + s * 0.05), s * 0.03, 110)
    d.polygon([(x - w, y), (x + w, y), (x + w * 0.92, y - s * 0.85), (x - w * 0.92, y - s * 0.85)], fill=col)
    d.polygon([(x - w * 0.92, y - s * 0.85), (x + w * 0.92, y - s * 0.85), (x + w * 0.8, y - s), (x - w * 0.8, y - s)], fill=shade(col, 0.8))
    d.rectangle((x + w * 0.55, y - s * 0.85, x + w * 0.92, y), fill=shade(col, 0.85))
    label = label or CREAM
    d.rectangle((x - w * 0.65, y - s * 0.6, x + w * 0.55, y - s * 0.3), fill=label)
    d.ellipse((x - w * 0.2, y - s * 0.56, x + w * 0.1, y - s * 0.46), fill=INK)
    d.rectangle((x - w * 0.45, y - s * 0.41, x + w * 0.35, y - s * 0.38), fill=INK)


def vase(img, d, x, y, s, rng, col=None):
    templates = [
        [(0, 0.16), (0.2, 0.3), (0.5, 0.32), (0.78, 0.14), (0.92, 0.1), (1.0, 0.14)],
        [(0, 0.2), (0.6, 0.26), (0.85, 0.22), (1.0, 0.2)],
        [(0, 0.14), (0.3, 0.34), (0.6, 0.3), (0.85, 0.08), (1.0, 0.1)],
        [(0, 0.22), (0.4, 0.36), (0.7, 0.36), (1.0, 0.26)],
    ]
    prof = rng.choice(templates)
    col = col or rng.choice([rgb("#3e6e8e"), rgb("#c2673a"), rgb("#e7dfcf"), rgb("#5b7f5a"), rgb("#8a4b6b"), rgb("#d8b25a"), rgb("#2f4858")])
    soft_shadow(img, (x - s * 0.3, y - s * 0.04, x + s * 0.3, y + s * 0.05), s * 0.03, 110)
    draw_turned(d, x, y, s, prof, col)
    band = shade(col, 0.7) if sum(col) > 300 else shade(col, 1.5)
    t = rng.uniform(0.3, 0.6)
    hw = [hw for tt, hw in prof if tt >= t][0]
    d.rectangle((x - hw * s * 0.95, y - t * s - s * 0.025, x + hw * s * 0.95, y - t * s + s * 0.025), fill=band)


def bowl(img, d, x, y, s, rng, col=None):
    col = col or rng.choice([rgb("#3e6e8e"), rgb("#c2673a"), rgb("#e7dfcf"), rgb("#5b7f5a"), rgb("#d8b25a")])
    soft_shadow(img, (x - s * 0.7, y - s * 0.06, x + s * 0.7, y + s * 0.06), s * 0.03, 110)
    d.chord((x - s * 0.75, y - s * 0.9, x + s * 0.75, y + s * 0.02), 0, 180, fill=col)
    d.ellipse((x - s * 0.75, y - s * 0.52, x + s * 0.75, y - s * 0.38), fill=shade(col, 0.7))
    d.chord((x - s * 0.6, y - s * 0.75, x - s * 0.2, y - s * 0.1), 90, 200, fill=shade(col, 1.3))


def book_spine(d, x0, y1, w, h, col, rng, lean=0):
    if lean:
        pts = [(x0, y1), (x0 + w, y1), (x0 + w + lean, y1 - h), (x0 + lean, y1 - h)]
        d.polygon(pts, fill=col)
        return
    d.rectangle((x0, y1 - h, x0 + w, y1), fill=col)
    d.rectangle((x0 + w * 0.78, y1 - h, x0 + w, y1), fill=shade(col, 0.8))
    band = GOLD if rng.random() < 0.5 else shade(col, 1.5)
    for t in (0.12, 0.85):
        d.rectangle((x0 + 2, y1 - h * t - 5, x0 + w - 2, y1 - h * t + 5), fill=band)
    if w > 36:
        d.rectangle((x0 + w * 0.3, y1 - h * 0.7, x0 + w * 0.55, y1 - h * 0.3), fill=shade(col, 1.6))


BOOK_COLOURS = ["#8c2f39", "#1f4e79", "#2e6b4f", "#d9a441", "#d96c3b", "#4b3f72", "#2b2b2b", "#e8dcc2",
                "#5d8aa8", "#a23b72", "#3c7a89", "#c44536", "#7a9e7e", "#f2c14e", "#283d3b", "#9c6644"]


def book_cover(d, x, y, s, rng):
    """A book standing face out."""
    col = rgb(rng.choice(BOOK_COLOURS))
    w = s * 0.7
    d.rectangle((x - w / 2, y - s, x + w / 2, y), fill=col)
    d.rectangle((x - w / 2, y - s, x - w / 2 + s * 0.05, y), fill=shade(col, 0.7))
    art = rgb(rng.choice(BOOK_COLOURS))
    if rng.random() < 0.5:
        d.ellipse((x - w * 0.3, y - s * 0.65, x + w * 0.3, y - s * 0.22), fill=art)
    else:
        d.rectangle((x - w * 0.34, y - s * 0.6, x + w * 0.34, y - s * 0.25), fill=art)
    d.rectangle((x - w * 0.34, y - s * 0.86, x + w * 0.3, y - s * 0.8), fill=CREAM if sum(col) < 450 else INK)


def block(d, x, y, s, col, letter=None):
    t = s * 0.22
    d.polygon([(x - s / 2, y - s), (x - s / 2 + t, y - s - t), (x + s / 2 + t, y - s - t), (x + s / 2, y - s)], fill=shade(col, 1.25))
    d.polygon([(x + s / 2, y), (x + s / 2, y - s), (x + s / 2 + t, y - s - t), (x + s / 2 + t, y - t)], fill=shade(col, 0.75))
    d.rectangle((x - s / 2, y - s, x + s / 2, y), fill=col)
    if letter:
        text_centered(d, x, y - s / 2, letter, font("sans-bold", s * 0.62), CREAM)


def ball(d, x, y, r, cols):
    d.ellipse((x - r, y - 2 * r, x + r, y), fill=cols[0])
    d.chord((x - r, y - 2 * r, x + r, y), 200, 340, fill=cols[1])
    d.chord((x - r, y - 2 * r, x + r, y), 20, 160, fill=cols[2 % len(cols)])
    d.ellipse((x - r * 0.55, y - r * 1.7, x - r * 0.15, y - r * 1.35), fill=(255, 255, 255))


def spinning_top(d, x, y, s, col):
    d.polygon([(x, y), (x - s * 0.45, y - s * 0.45), (x + s * 0.45, y - s * 0.45)], fill=col)
    d.ellipse((x - s * 0.45, y - s * 0.58, x + s * 0.45, y - s * 0.34), fill=shade(col, 1.3))
    d.rectangle((x - s * 0.05, y - s * 0.9, x + s * 0.05, y - s * 0.5), fill=rgb("#8a5a2b"))
    d.line((x - s * 0.4, y - s * 0.42, x + s * 0.4, y - s * 0.42), fill=shade(col, 0.7), width=max(2, int(s * 0.04)))


def train(d, x, y, s, rng):
    cols = [rgb("#c8342f"), rgb("#2f6bb0"), rgb("#e8b92f"), rgb("#3f8a46")]
    x0 = x - s * 1.6
    for i, w in enumerate((0.9, 0.7, 0.7)):
        col = cols[(i + rng.randint(0, 3)) % 4]
        d.rectangle((x0, y - s * 0.55, x0 + s * w, y - s * 0.12), fill=col)
        if i == 0:
            d.rectangle((x0 + s * 0.45, y - s * 0.95, x0 + s * 0.85, y - s * 0.55), fill=shade(col, 0.85))
            d.rectangle((x0 + s * 0.1, y - s * 0.8, x0 + s * 0.25, y - s * 0.55), fill=INK)
        for wx in (0.2, w - 0.2):
            cx = x0 + s * wx
            d.ellipse((cx - s * 0.13, y - s * 0.26, cx + s * 0.13, y), fill=INK)
            d.ellipse((cx - s * 0.05, y - s * 0.18, cx + s * 0.05, y - s * 0.08), fill=GOLD)
        x0 += s * (w + 0.08)


def game_box(d, x, y, w, h, rng):
    col = rgb(rng.choice(BOOK_COLOURS))
    d.rectangle((x - w / 2, y - h, x + w / 2, y), fill=shade(col, 0.8))
    d.rectangle((x - w / 2, y - h, x + w / 2, y - h * 0.35), fill=col)
    d.rectangle((x - w * 0.35, y - h * 0.85, x + w * 0.35, y - h * 0.65), fill=CREAM)
    d.ellipse((x - h * 0.12, y - h * 0.58, x + h * 0.12, y - h * 0.4), fill=rgb(rng.choice(BOOK_COLOURS)))


def ring(d, x, y, r, metal, gem=None):
    d.ellipse((x - r, y - r * 0.75, x + r, y + r * 0.75), outline=shade(metal, 0.7), width=max(4, int(r * 0.28)))
    d.ellipse((x - r, y - r * 0.8, x + r, y + r * 0.7), outline=metal, width=max(3, int(r * 0.2)))
    d.arc((x - r, y - r * 0.8, x + r, y + r * 0.7), 200, 260, fill=shade(metal, 1.5), width=max(2, int(r * 0.1)))
    if gem:
        g = r * 0.42
        d.ellipse((x - g, y - r * 0.8 - g, x + g, y - r * 0.8 + g), fill=shade(metal, 0.8))
        d.ellipse((x - g * 0.75, y - r * 0.8 - g * 0.75, x + g * 0.75, y - r * 0.8 + g * 0.75), fill=gem)
        d.ellipse((x - g * 0.4, y - r * 0.8 - g * 0.5, x - g * 0.05, y - r * 0.8 - g * 0.15), fill=(255, 255, 255))


def garment(d, x, y, s, col, rng, kind):
    """A garment on a hanger hooked on a rail at (x, y)."""
    d.arc((x - s * 0.05, y - s * 0.02, x + s * 0.07, y + s * 0.1), 180, 360, fill=rgb("#8a8a8a"), width=6)
    d.line((x + s * 0.07, y + s * 0.04, x, y + s * 0.12), fill=rgb("#8a8a8a"), width=6)
    top = y + s * 0.12
    sh = s * (0.32 if kind != "coat" else 0.36)
    length = s * {"shirt": 0.75, "sweater": 0.7, "coat": 1.05, "dress": 0.95}[kind]
    body = [(x - sh, top + s * 0.06), (x - s * 0.08, top), (x + s * 0.08, top), (x + sh, top + s * 0.06),
            (x + sh * (1.05 if kind != "dress" else 1.3), top + length), (x - sh * (1.05 if kind != "dress" else 1.3), top + length)]
    if kind != "dress":
        for side in (-1, 1):
            d.polygon([(x + side * sh, top + s * 0.06), (x + side * (sh + s * 0.12), top + s * 0.5),
                       (x + side * (sh + s * 0.02), top + s * 0.55), (x + side * (sh - s * 0.04), top + s * 0.2)], fill=shade(col, 0.85))
    d.polygon(body, fill=col)
    d.polygon([(x - s * 0.08, top), (x, top + s * 0.1), (x + s * 0.08, top)], fill=shade(col, 0.7))
    if kind == "shirt" and rng.random() < 0.6:
        for i in range(1, 7):
            yy = top + i * length / 7
            d.line((x - sh, yy, x + sh, yy), fill=shade(col, 0.8), width=4)
        for i in range(-2, 3):
            xx = x + i * sh / 2.5
            d.line((xx, top + s * 0.05, xx, top + length), fill=shade(col, 0.8), width=4)
    if kind == "sweater":
        for i in range(1, 9):
            yy = top + i * length / 9
            d.line((x - sh, yy, x + sh, yy), fill=shade(col, 0.9), width=3)
        d.rectangle((x - sh, top + length - s * 0.06, x + sh, top + length), fill=shade(col, 0.8))
    if kind == "coat":
        d.line((x, top + s * 0.1, x, top + length), fill=shade(col, 0.7), width=5)
        for i in range(4):
            by = top + s * 0.25 + i * s * 0.18
            d.ellipse((x + s * 0.03, by - 8, x + s * 0.06 + 8, by + 8), fill=rgb("#3a2a1a"))


def yarn_ball(d, x, y, r, col, rng):
    d.ellipse((x - r, y - 2 * r, x + r, y), fill=col)
    for i in range(14):
        a = rng.uniform(0, math.pi)
        w = r * rng.uniform(0.5, 1.0)
        box = (x - w, y - r - r * 0.98, x + w, y - r + r * 0.98)
        d.arc(box, math.degrees(a), math.degrees(a) + 170, fill=shade(col, rng.choice([0.78, 1.2])), width=max(3, int(r * 0.05)))
    d.chord((x - r, y - 2 * r, x + r, y), 300, 60, fill=shade(col, 0.85))
    d.ellipse((x - r * 0.6, y - r * 1.7, x - r * 0.25, y - r * 1.35), fill=shade(col, 1.25))


def flower_head(d, x, y, r, col, kind, rng):
    if kind == "daisy":
        for k in range(10):
            a = k * math.pi / 5
            px, py = x + math.cos(a) * r * 0.6, y + math.sin(a) * r * 0.6
            d.ellipse((px - r * 0.35, py - r * 0.35, px + r * 0.35, py + r * 0.35), fill=col)
        d.ellipse((x - r * 0.35, y - r * 0.35, x + r * 0.35, y + r * 0.35), fill=rgb("#e8b92f") if col != rgb("#e8b92f") else rgb("#7a4a1a"))
    elif kind == "tulip":
        d.ellipse((x - r * 0.6, y - r, x + r * 0.6, y + r * 0.6), fill=col)
        d.polygon([(x - r * 0.6, y - r * 0.2), (x - r * 0.3, y - r * 1.1), (x, y - r * 0.4), (x + r * 0.3, y - r * 1.1), (x + r * 0.6, y - r * 0.2)], fill=shade(col, 1.15))
    elif kind == "rose":
        d.ellipse((x - r, y - r, x + r, y + r), fill=col)
        for k, f in enumerate((0.75, 0.5, 0.28)):
            d.arc((x - r * f, y - r * f, x + r * f, y + r * f), 30 + k * 60, 290 + k * 60, fill=shade(col, 0.75), width=max(2, int(r * 0.12)))
    else:  # cluster (hydrangea, lilac)
        for _ in range(12):
            px, py = x + rng.uniform(-r, r) * 0.8, y + rng.uniform(-r, r) * 0.8
            rr = r * 0.32
            d.ellipse((px - rr, py - rr, px + rr, py + rr), fill=shade(col, rng.uniform(0.85, 1.15)))


FLOWER_COLOURS = ["#e4572e", "#f3a712", "#f7d1cd", "#d1495b", "#ffffff", "#a05195", "#f6c1d6", "#ffd166",
                  "#c3423f", "#8e7dbe", "#f08a4b", "#fbf2c0"]


def bouquet_bucket(img, d, x, y, s, rng):
    """A zinc bucket of flowers: s is the bucket's height."""
    kind = rng.choice(["daisy", "tulip", "rose", "cluster"])
    col = rgb(rng.choice(FLOWER_COLOURS))
    stems_top = y - s * rng.uniform(1.9, 2.5)
    heads = []
    for i in range(rng.randint(7, 11)):
        hx = x + rng.uniform(-s * 0.55, s * 0.55)
        hy = stems_top + rng.uniform(-s * 0.25, s * 0.35)
        heads.append((hx, hy))
        d.line((x + rng.uniform(-s * 0.2, s * 0.2), y - s * 0.8, hx, hy), fill=rgb("#4a7a3a"), width=max(3, int(s * 0.03)))
    for _ in range(6):
        lx, ly = x + rng.uniform(-s * 0.6, s * 0.6), y - s * rng.uniform(1.0, 1.6)
        d.ellipse((lx - s * 0.12, ly - s * 0.05, lx + s * 0.12, ly + s * 0.05), fill=rgb(rng.choice(["#5e8c4a", "#7fa66a", "#8fb3a2"])))
    for hx, hy in sorted(heads, key=lambda p: p[1]):
        flower_head(d, hx, hy, s * rng.uniform(0.16, 0.22), jitter(col, rng, 16), kind, rng)
    soft_shadow(img, (x - s * 0.5, y - s * 0.05, x + s * 0.5, y + s * 0.06), s * 0.04, 120)
    zinc = rgb("#a9b1b6")
    d.polygon([(x - s * 0.42, y), (x + s * 0.42, y), (x + s * 0.52, y - s * 0.85), (x - s * 0.52, y - s * 0.85)], fill=zinc)
    d.polygon([(x + s * 0.2, y), (x + s * 0.42, y), (x + s * 0.52, y - s * 0.85), (x + s * 0.26, y - s * 0.85)], fill=shade(zinc, 0.82))
    d.polygon([(x - s * 0.3, y), (x - s * 0.18, y), (x - s * 0.22, y - s * 0.85), (x - s * 0.36, y - s * 0.85)], fill=shade(zinc, 1.2))
    for t in (0.25, 0.6):
        d.line((x - s * (0.42 + 0.1 * t), y - s * 0.85 * t, x + s * (0.42 + 0.1 * t), y - s * 0.85 * t), fill=shade(zinc, 0.75), width=5)
    d.ellipse((x - s * 0.54, y - s * 0.9, x + s * 0.54, y - s * 0.8), outline=shade(zinc, 0.7), width=6)


def plant_pot(img, d, x, y, s, rng):
    pot = rgb("#b5643c")
    soft_shadow(img, (x - s * 0.45, y - s * 0.05, x + s * 0.45, y + s * 0.07), s * 0.04, 120)
    for _ in range(26):
        lx = x + rng.uniform(-s * 0.55, s * 0.55)
        ly = y - s * 0.7 - rng.uniform(0, s * 0.8) * (1 - abs(lx - x) / (s * 0.8))
        r = s * rng.uniform(0.1, 0.17)
        d.ellipse((lx - r, ly - r, lx + r, ly + r), fill=jitter(rgb("#3f7a3a"), rng, 20))
    if rng.random() < 0.6:
        fc = rgb(rng.choice(["#d1495b", "#f3a712", "#ffffff", "#a05195"]))
        for _ in range(7):
            lx, ly = x + rng.uniform(-s * 0.4, s * 0.4), y - s * rng.uniform(0.8, 1.3)
            d.ellipse((lx - s * 0.06, ly - s * 0.06, lx + s * 0.06, ly + s * 0.06), fill=fc)
    d.polygon([(x - s * 0.35, y), (x + s * 0.35, y), (x + s * 0.45, y - s * 0.6), (x - s * 0.45, y - s * 0.6)], fill=pot)
    d.rectangle((x - s * 0.5, y - s * 0.7, x + s * 0.5, y - s * 0.58), fill=shade(pot, 0.9))
    d.polygon([(x + s * 0.15, y), (x + s * 0.35, y), (x + s * 0.45, y - s * 0.58), (x + s * 0.2, y - s * 0.58)], fill=shade(pot, 0.82))


def bicycle(d, x, y, s, frame, rng):
    """A bike side view; (x, y) is the point under the middle, s the wheel diameter."""
    r = s / 2
    rear, front = (x - s * 0.62, y - r), (x + s * 0.62, y - r)
    bb = (x - s * 0.05, y - r * 0.95)
    seat = (x - s * 0.25, y - s * 1.05)
    head_top, head_bot = (x + s * 0.42, y - s * 1.08), (x + s * 0.47, y - s * 0.85)
    tyre = rgb("#1c1c1c")
    for cx, cy in (rear, front):
        d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=tyre, width=max(8, int(s * 0.06)))
        d.ellipse((cx - r * 0.9, cy - r * 0.9, cx + r * 0.9, cy + r * 0.9), outline=rgb("#b8b8b8"), width=max(3, int(s * 0.012)))
        for k in range(16):
            a = k * math.pi / 8
            d.line((cx, cy, cx + math.cos(a) * r * 0.88, cy + math.sin(a) * r * 0.88), fill=rgb("#c8c8c8"), width=2)
        d.ellipse((cx - s * 0.03, cy - s * 0.03, cx + s * 0.03, cy + s * 0.03), fill=rgb("#999999"))
    w = max(8, int(s * 0.045))
    for a, b in ((rear, bb), (rear, seat), (bb, seat), (bb, head_bot), (seat, head_top), (head_top, head_bot)):
        d.line((*a, *b), fill=frame, width=w)
    d.line((*head_bot, *front), fill=shade(frame, 0.85), width=w)
    d.line((seat[0], seat[1], seat[0] - s * 0.04, seat[1] - s * 0.12), fill=rgb("#777777"), width=w // 2)
    d.rounded_rectangle((seat[0] - s * 0.15, seat[1] - s * 0.16, seat[0] + s * 0.08, seat[1] - s * 0.11), radius=8, fill=rgb("#3a2a1e"))
    d.line((head_top[0], head_top[1], head_top[0] - s * 0.03, head_top[1] - s * 0.1), fill=rgb("#777777"), width=w // 2)
    d.line((head_top[0] - s * 0.03, head_top[1] - s * 0.1, head_top[0] - s * 0.18, head_top[1] - s * 0.13), fill=rgb("#333333"), width=w // 2)
    d.ellipse((bb[0] - s * 0.09, bb[1] - s * 0.09, bb[0] + s * 0.09, bb[1] + s * 0.09), outline=rgb("#888888"), width=w // 2)
    d.line((bb[0], bb[1] - s * 0.09, rear[0], rear[1] - s * 0.03), fill=rgb("#555555"), width=3)
    d.line((bb[0], bb[1] + s * 0.09, rear[0], rear[1] + s * 0.03), fill=rgb("#555555"), width=3)


def tool(d, x, y, s, kind, rng):
    """A tool hanging from a hook at (x, y)."""
    steel, dark = rgb("#b9bec4"), rgb("#5a5f66")
    handle = rgb(rng.choice(["#c8342f", "#e8b92f", "#2f6bb0", "#3a3a3a", "#b5773a"]))
    d.ellipse((x - 8, y - 8, x + 8, y + 8), fill=dark)
    if kind == "hammer":
        d.rounded_rectangle((x - s * 0.05, y + s * 0.1, x + s * 0.05, y + s), radius=10, fill=rgb("#b5773a"))
        d.rectangle((x - s * 0.25, y + s * 0.02, x + s * 0.2, y + s * 0.16), fill=steel)
        d.polygon([(x + s * 0.2, y + s * 0.02), (x + s * 0.32, y - s * 0.02), (x + s * 0.2, y + s * 0.16)], fill=shade(steel, 0.8))
    elif kind == "wrench":
        d.rounded_rectangle((x - s * 0.04, y + s * 0.1, x + s * 0.04, y + s * 0.85), radius=8, fill=steel)
        for yy in (y + s * 0.1, y + s * 0.9):
            d.ellipse((x - s * 0.1, yy - s * 0.1, x + s * 0.1, yy + s * 0.1), fill=steel)
        d.rectangle((x - s * 0.03, y, x + s * 0.03, y + s * 0.12), fill=rgb("#f2efe8"))
    elif kind == "screwdriver":
        d.rounded_rectangle((x - s * 0.07, y + s * 0.05, x + s * 0.07, y + s * 0.4), radius=14, fill=handle)
        d.rectangle((x - s * 0.02, y + s * 0.4, x + s * 0.02, y + s * 0.95), fill=steel)
    elif kind == "saw":
        d.polygon([(x - s * 0.12, y + s * 0.25), (x + s * 0.12, y + s * 0.25), (x + s * 0.06, y + s * 1.1), (x - s * 0.04, y + s * 1.1)], fill=steel)
        for i in range(16):
            yy = y + s * 0.28 + i * s * 0.05
            xx = x + s * 0.12 - (yy - y - s * 0.25) / (s * 0.85) * s * 0.06
            d.polygon([(xx, yy), (xx + s * 0.03, yy + s * 0.02), (xx, yy + s * 0.05)], fill=shade(steel, 0.8))
        d.rounded_rectangle((x - s * 0.14, y, x + s * 0.14, y + s * 0.3), radius=18, fill=handle)
        d.ellipse((x - s * 0.07, y + s * 0.07, x + s * 0.07, y + s * 0.2), fill=rgb("#e9e2d2"))
    elif kind == "pliers":
        d.line((x - s * 0.03, y + s * 0.05, x - s * 0.1, y + s * 0.7), fill=handle, width=int(s * 0.07))
        d.line((x + s * 0.03, y + s * 0.05, x + s * 0.1, y + s * 0.7), fill=handle, width=int(s * 0.07))
        d.polygon([(x - s * 0.05, y + s * 0.05), (x + s * 0.05, y + s * 0.05), (x, y - s * 0.2)], fill=steel)
    else:  # tape measure
        d.rounded_rectangle((x - s * 0.18, y + s * 0.05, x + s * 0.18, y + s * 0.4), radius=20, fill=rgb("#f2c14e"))
        d.ellipse((x - s * 0.08, y + s * 0.14, x + s * 0.08, y + s * 0.3), fill=rgb("#3a3a3a"))


def pegboard(img, box, base, rng):
    d = ImageDraw.Draw(img)
    x0, y0, x1, y1 = (int(v) for v in box)
    img.paste(vgradient((x1 - x0, y1 - y0), shade(base, 1.05), shade(base, 0.9)), (x0, y0))
    for y in range(y0 + 40, y1, 80):
        for x in range(x0 + 40, x1, 80):
            d.ellipse((x - 7, y - 7, x + 7, y + 7), fill=shade(base, 0.55))

# --------------------------------------------------------------------------- scenes

def window_goods(img, d, box, category, rng):
    """Goods on a shelf behind a shop window."""
    x0, y0, x1, y1 = box
    w = x1 - x0
    base = y1 - (y1 - y0) * 0.07
    s = (y1 - y0) * 0.42
    n = max(2, int(w / (s * 1.05)))
    xs = [x0 + w * (i + 0.5) / n for i in range(n)]
    if category in ("bakery",):
        for i, x in enumerate(xs):
            if i % 2:
                croissant(img, d, x, base, s * 0.9, rng)
            else:
                loaf(img, d, x, base, s * 0.8, rng)
    elif category == "butcher":
        rail = y0 + (y1 - y0) * 0.12
        d.line((x0 + 10, rail, x1 - 10, rail), fill=rgb("#9a9a9a"), width=8)
        for k in range(int(w / (s * 0.28))):
            hx = x0 + s * 0.2 + k * s * 0.28
            ln = s * rng.uniform(0.7, 1.0)
            d.line((hx, rail, hx, rail + s * 0.12), fill=rgb("#d8cfc0"), width=4)
            d.polygon(lens(hx, rail + s * 0.12 + ln / 2, ln, s * 0.16, math.pi / 2), fill=jitter(rgb("#8a3a2a"), rng, 14))
        for x in xs:
            d.rounded_rectangle((x - s * 0.4, base - s * 0.28, x + s * 0.4, base), radius=int(s * 0.06), fill=rgb("#e9e2d6"))
            d.rectangle((x - s * 0.34, base - s * 0.26, x + s * 0.34, base - s * 0.1), fill=rgb("#b5653c"))
            d.ellipse((x - s * 0.1, base - s * 0.24, x + s * 0.1, base - s * 0.14), fill=rgb("#f1e3c8"))
    elif category == "cheese":
        for i, x in enumerate(xs):
            if i % 2:
                cheese_wedge(img, d, x, base, s * 0.8, rng, holes=True)
            else:
                cheese_wheel(img, d, x, base, s * 0.75, rng)
    elif category in ("wine", "restaurant"):
        for x in xs:
            for k in (-0.18, 0.18):
                bottle(img, d, x + k * s, base, s * 1.2, rng, "wine" if rng.random() < 0.5 else "beer")
    elif category in ("grocery", "pharmacy"):
        for i, x in enumerate(xs):
            if category == "grocery" and i % 2 == 0:
                for k in range(5):
                    fruit(d, x + (k - 2) * s * 0.16, base - s * 0.1 - (k % 2) * s * 0.1, s * 0.13,
                          rgb(rng.choice(["#c8342f", "#f28c28", "#f2d43d", "#7cb342"])), rng, leaf=False)
            else:
                jar(img, d, x, base, s * 0.8, rng, rgb(rng.choice(["#d9a441", "#a0522d", "#6b8e23", "#e8d9a8", "#8b4513"])))
    elif category == "cafe":
        for i, x in enumerate(xs):
            (bag if i % 2 else cup)(img, d, x, base, s * (0.75 if i % 2 else 0.55), rng)
    elif category == "florist":
        for x in xs:
            bouquet_bucket(img, d, x, base, s * 0.55, rng)
    elif category in ("bookshop",):
        for x in xs:
            book_cover(d, x, base, s * 1.1, rng)
    elif category in ("toys",):
        for i, x in enumerate(xs):
            if i % 3 == 0:
                block(d, x - s * 0.2, base, s * 0.35, rgb(rng.choice(BOOK_COLOURS)), rng.choice("ABCXYZ"))
                block(d, x + s * 0.2, base, s * 0.35, rgb(rng.choice(BOOK_COLOURS)), rng.choice("MNOP"))
            elif i % 3 == 1:
                ball(d, x, base, s * 0.3, [rgb("#c8342f"), rgb("#f2f2f2"), rgb("#2f6bb0")])
            else:
                game_box(d, x, base, s * 0.9, s * 0.6, rng)
    elif category in ("clothing", "shoes"):
        d.line((x0 + 20, y0 + (y1 - y0) * 0.18, x1 - 20, y0 + (y1 - y0) * 0.18), fill=rgb("#8a6a4a"), width=10)
        for x in xs:
            garment(d, x, y0 + (y1 - y0) * 0.18, s * 1.6, rgb(rng.choice(BOOK_COLOURS)), rng,
                    rng.choice(["shirt", "sweater", "coat"]))
    elif category in ("jewellery",):
        for x in xs:
            d.rectangle((x - s * 0.4, base - s * 0.3, x + s * 0.4, base), fill=rgb("#2a2440"))
            ring(d, x, base - s * 0.45, s * 0.18, GOLD if rng.random() < 0.5 else rgb("#d9dde2"), rgb("#3a86c8"))
    elif category in ("bicycle",):
        bicycle(d, (x0 + x1) / 2, base, min(w * 0.38, (y1 - y0) * 0.62), rgb(rng.choice(["#c8342f", "#2f6bb0", "#3f8a46", "#e8b92f"])), rng)
    elif category in ("hardware",):
        for i, x in enumerate(xs):
            tool(d, x, y0 + (y1 - y0) * 0.25, s * 1.1, ["hammer", "wrench", "saw", "screwdriver", "pliers", "tape"][i % 6], rng)
    elif category in ("beauty",):
        for x in xs:
            for k in (-0.2, 0.15):
                draw_turned(d, x + k * s, base, s * rng.uniform(0.5, 0.8), [(0, 0.16), (0.8, 0.16), (0.85, 0.08), (1, 0.08)],
                            rgb(rng.choice(["#f6c1d6", "#ffffff", "#8e7dbe", "#d9a441", "#3c7a89"])))
    else:  # gifts and the rest
        for i, x in enumerate(xs):
            (vase if i % 2 == 0 else bowl)(img, d, x, base, s * (0.9 if i % 2 == 0 else 0.5), rng)


SKIES = {
    "blue": ("#78aede", "#d8e8f2"),
    "golden": ("#8fa2cf", "#f7cf9f"),
    "overcast": ("#a9b3bd", "#e1e5e8"),
}
ROOF_METALS = ["#8f9aa3", "#3f6b4a", "#8c2f2f", "#5b6770"]


def street_tree(img, d, x, ground, H, season, rng):
    leaf = {"summer": ["#3f7a3a", "#4f8a3a", "#2f6a35"], "autumn": ["#d9822b", "#c8502f", "#e8b92f"],
            "winter": None}[season]
    d.polygon([(x - 22, ground + 140), (x + 22, ground + 140), (x + 12, H * 0.3), (x - 12, H * 0.3)], fill=rgb("#4a3a2e"))
    for a in (-0.6, 0.5, -0.2):
        d.line((x, H * 0.45, x + math.sin(a) * 220, H * 0.45 - 260), fill=rgb("#4a3a2e"), width=18)
    if leaf is None:
        for _ in range(14):
            a = rng.uniform(-1.2, 1.2)
            d.line((x, H * 0.35, x + math.sin(a) * 300, H * 0.35 - math.cos(a) * 300), fill=rgb("#4a3a2e"), width=8)
        return
    for _ in range(60):
        r = rng.uniform(70, 130)
        cx, cy = x + rng.gauss(0, 170), H * 0.26 + rng.gauss(0, 110)
        d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=jitter(rgb(rng.choice(leaf)), rng, 14))
    d.rectangle((x - 70, ground + 125, x + 70, ground + 150), fill=rgb("#5a4a3a"))


def scene_facade(img, rng, ctx):
    W, H = img.size
    d = ImageDraw.Draw(img)
    style = FACADES.get(ctx["key"]) or {}
    town = ctx["town"]
    wall_kind = style.get("wall") or rng.choice(["brick", "stone", "plaster"])
    if "wall_color" in style:
        wall_col = rgb(style["wall_color"])
    elif wall_kind == "brick":
        wall_col = {"toronto": rgb("#a4452f"), "quebec": rgb("#9a4a36"), "mons": rgb("#8e4a35")}[town]
    elif wall_kind == "stone":
        wall_col = {"quebec": rgb("#b9ad98"), "mons": rgb("#a9a398")}.get(town, rgb("#b0a897"))
    else:
        wall_col = rgb("#ece3cf")
    front = c(style.get("front", "sapin"))
    aw1, aw2 = (c(x) for x in style.get("awning", ("red", "cream")))
    light_front = sum(front) > 560

    season = "summer"
    if town == "quebec" and rng.random() < 0.5:
        season = "winter"
    elif town == "toronto" and rng.random() < 0.4:
        season = "autumn"
    sky_kind = rng.choice(["blue", "blue", "golden", "overcast"]) if season != "winter" else rng.choice(["blue", "overcast"])
    roof = {"mons": ["stepped", "stepped", "cornice"], "quebec": ["pitched", "pitched", "cornice"],
            "toronto": ["brackets", "brackets", "cornice"]}[town]
    roof = rng.choice(roof)
    if wall_kind == "clapboard":
        roof = "pitched"

    # sky and neighbours
    top_c, bot_c = (rgb(x) for x in SKIES[sky_kind])
    sky = vgradient((W, int(H * 0.45)), top_c, bot_c)
    def clouds(o):
        for _ in range(rng.randint(3, 7)):
            cx, cy = rng.uniform(0, W), rng.uniform(H * 0.02, H * 0.14)
            for _ in range(5):
                rx, ry = rng.uniform(90, 220), rng.uniform(40, 80)
                ox = rng.uniform(-150, 150)
                o.ellipse((cx + ox - rx, cy - ry, cx + ox + rx, cy + ry), fill=(255, 255, 255, 140 if sky_kind != "golden" else 90))
    sky_rgba = sky.convert("RGBA")
    overlay(sky_rgba, clouds, blur=30)
    sky = sky_rgba.convert("RGB")
    img.paste(sky, (0, 0))
    bx0, bx1 = int(W * rng.uniform(0.06, 0.09)), int(W * rng.uniform(0.91, 0.94))
    ground = int(H * 0.885)
    for x0, x1 in ((0, bx0), (bx1, W)):
        nk = rng.choice(["brick", "plaster", "stone"])
        ncol = jitter(rgb(rng.choice(["#c9b89a", "#8e4a35", "#d8cfc0", "#b07a5a", "#9aa3a8", "#c98f6a"])), rng)
        ntop = int(H * rng.uniform(0.0, 0.14))
        wall(img, (x0, ntop, x1, ground), nk, ncol, rng)
        d.rectangle((x0, ntop, x1, ntop + 30), fill=shade(ncol, 0.7))
        wx0 = x0 + (x1 - x0) * 0.25 if x0 == 0 else x0 + 40
        wx1 = wx0 + (x1 - x0) * 0.5
        for wy0, wy1 in ((H * 0.2, H * 0.38), (H * 0.56, H * 0.8)):
            d.rectangle((wx0 - 12, wy0 - 12, wx1 + 12, wy1 + 12), fill=rgb("#e9e4da"))
            d.rectangle((wx0, wy0, wx1, wy1), fill=rgb("#3b4a57"))
    # main building: wall, then its top
    cx_b = (bx0 + bx1) / 2
    if roof == "stepped":
        wall_top, eave = 0, int(H * 0.17)
    elif roof == "pitched":
        wall_top = eave = int(H * 0.2)
    else:
        wall_top = eave = int(H * 0.06)
    wall(img, (bx0, wall_top, bx1, ground), wall_kind, wall_col, rng)
    trim = shade(wall_col, 0.72) if wall_kind != "plaster" else shade(wall_col, 0.85)
    if roof == "stepped":
        steps, top_half = 5, W * 0.06
        sw = ((bx1 - bx0) / 2 - top_half) / steps
        sh = (eave - H * 0.01) / steps
        pts = [(bx0, eave)]
        for i in range(steps):
            x = bx0 + (i + 1) * sw
            pts += [(x, eave - i * sh), (x, eave - (i + 1) * sh)]
        right = [(2 * cx_b - x, y) for x, y in reversed(pts)]
        outline = pts + right
        mask = Image.new("L", img.size, 0)
        ImageDraw.Draw(mask).polygon([(bx0, -2)] + outline + [(bx1, -2)], fill=255)
        img.paste(sky, (0, 0), mask.crop((0, 0) + sky.size))
        for i in range(steps):  # coping stones on each step
            x0 = bx0 + i * sw
            y = eave - i * sh
            d.rectangle((x0 - 14, y - 18, x0 + sw + 8, y + 6), fill=shade(wall_col, 1.25) if wall_kind == "brick" else shade(wall_col, 0.8))
            d.rectangle((2 * cx_b - x0 - sw - 8, y - 18, 2 * cx_b - x0 + 14, y + 6), fill=shade(wall_col, 1.25) if wall_kind == "brick" else shade(wall_col, 0.8))
        d.rectangle((cx_b - top_half - 14, H * 0.01 - 18, cx_b + top_half + 14, H * 0.01 + 6), fill=shade(wall_col, 1.25) if wall_kind == "brick" else shade(wall_col, 0.8))
        # a little window in the gable
        d.ellipse((cx_b - 70, H * 0.05, cx_b + 70, H * 0.05 + 140), fill=WHITE)
        d.ellipse((cx_b - 52, H * 0.05 + 18, cx_b + 52, H * 0.05 + 122), fill=rgb("#3b4a57"))
        d.line((cx_b, H * 0.05 + 18, cx_b, H * 0.05 + 122), fill=WHITE, width=8)
        d.line((cx_b - 52, H * 0.05 + 70, cx_b + 52, H * 0.05 + 70), fill=WHITE, width=8)
        d.rectangle((bx0, eave + 20, bx1, eave + 36), fill=trim)
    elif roof == "pitched":
        metal = rgb(rng.choice(ROOF_METALS))
        r_top = H * 0.025
        inset = W * 0.07
        d.polygon([(bx0 - 30, eave + 10), (bx1 + 30, eave + 10), (bx1 - inset, r_top), (bx0 + inset, r_top)], fill=metal)
        for k in range(1, 40):
            t = k / 40
            xb = bx0 - 30 + (bx1 - bx0 + 60) * t
            xt = bx0 + inset + (bx1 - bx0 - 2 * inset) * t
            d.line((xt, r_top, xb, eave + 10), fill=shade(metal, 0.82), width=6)
        d.rectangle((bx0 - 36, eave, bx1 + 36, eave + 26), fill=shade(metal, 0.7))
        if season == "winter":
            snow = [(bx0 + inset - 6, r_top - 14), (bx1 - inset + 6, r_top - 14)]
            for k in range(24, -1, -1):
                t = k / 24
                xx = bx0 - 30 + (bx1 - bx0 + 60) * t
                snow.append((xx, r_top + (eave - r_top) * rng.uniform(0.35, 0.55)))
            d.polygon(snow, fill=rgb("#f7f9fb"))
            d.rectangle((bx0 - 36, eave - 6, bx1 + 36, eave + 8), fill=rgb("#f7f9fb"))
        for k in (0.3, 0.7):  # dormers
            dx_ = bx0 + (bx1 - bx0) * k
            dw, dt, db = W * 0.045, H * 0.06, H * 0.165
            d.rectangle((dx_ - dw, dt, dx_ + dw, db), fill=WHITE if not light_front else shade(front, 0.85))
            d.polygon([(dx_ - dw - 20, dt + 4), (dx_ + dw + 20, dt + 4), (dx_, dt - 70)], fill=shade(metal, 0.85))
            if season == "winter":
                d.polygon([(dx_ - dw - 20, dt + 4), (dx_ - dw + 10, dt - 8), (dx_, dt - 70), (dx_ - 12, dt - 70)], fill=rgb("#f7f9fb"))
            d.rectangle((dx_ - dw + 18, dt + 18, dx_ + dw - 18, db - 12), fill=rgb("#3b4a57"))
            d.line((dx_, dt + 18, dx_, db - 12), fill=WHITE, width=8)
    else:
        d.rectangle((bx0 - 20, wall_top - 10, bx1 + 20, wall_top + 40), fill=trim)
        if roof == "brackets":
            d.rectangle((bx0 - 34, wall_top - 40, bx1 + 34, wall_top), fill=shade(front, 0.8) if not light_front else trim)
            for x in range(int(bx0), int(bx1) + 1, int((bx1 - bx0) / 9)):
                d.rectangle((x - 18, wall_top, x + 18, wall_top + 90), fill=shade(front, 0.8) if not light_front else trim)
                d.ellipse((x - 18, wall_top + 70, x + 18, wall_top + 106), fill=shade(front, 0.8) if not light_front else trim)
        else:
            for x in range(bx0, bx1, 60):
                d.rectangle((x + 10, wall_top + 40, x + 40, wall_top + 62), fill=shade(wall_col, 0.78))
    d.line((bx0, wall_top, bx0, ground), fill=shade(wall_col, 0.6), width=10)
    d.line((bx1, wall_top, bx1, ground), fill=shade(wall_col, 0.6), width=10)

    # upper windows
    n_up = rng.choice([2, 3, 3, 4])
    ww = min(W * 0.15, (bx1 - bx0) / (n_up * 1.9))
    win_y0 = {"stepped": H * 0.2, "pitched": H * 0.25, "cornice": H * 0.13, "brackets": H * 0.15}[roof]
    wh = H * 0.4 - win_y0
    frame = WHITE if not light_front else rgb("#e9e4da")
    arched = wall_kind == "brick" and rng.random() < 0.5
    glow = sky_kind == "golden"
    shutters = n_up <= 3 and (town == "quebec" or rng.random() < 0.3)
    boxes = town == "mons" and rng.random() < 0.7
    for i in range(n_up):
        cx = bx0 + (bx1 - bx0) * (i + 0.5) / n_up
        x0, y0 = cx - ww / 2, win_y0
        if arched:
            d.chord((x0 - 26, y0 - 70, x0 + ww + 26, y0 + 50), 180, 360, fill=shade(wall_col, 0.75))
            d.chord((x0 - 2, y0 - 44, x0 + ww + 2, y0 + 30), 180, 360, fill=frame)
        elif wall_kind in ("brick", "stone"):
            d.rectangle((x0 - 24, y0 - 30, x0 + ww + 24, y0), fill=shade(wall_col, 0.75) if wall_kind == "brick" else shade(wall_col, 1.1))
        if shutters:
            scol = front if not light_front else rgb("#5d7f9c")
            for sx in (x0 - ww * 0.45, x0 + ww + 6):
                d.rectangle((sx, y0, sx + ww * 0.42, y0 + wh), fill=scol)
                for k in range(1, 8):
                    d.line((sx + 6, y0 + k * wh / 8, sx + ww * 0.42 - 6, y0 + k * wh / 8), fill=shade(scol, 0.75), width=4)
        d.rectangle((x0, y0, x0 + ww, y0 + wh), fill=frame)
        gbx = (int(x0 + 16), int(y0 + 16), int(x0 + ww - 16), int(y0 + wh - 16))
        gtop, gbot = (rgb("#f6d79a"), rgb("#c98a4a")) if glow and rng.random() < 0.7 else (rgb("#9fc0d8"), rgb("#33475a"))
        img.paste(vgradient((gbx[2] - gbx[0], gbx[3] - gbx[1]), gtop, gbot), gbx[:2])
        d.line((cx, y0, cx, y0 + wh), fill=frame, width=12)
        for k in (1, 2):
            d.line((x0, y0 + k * wh / 3, x0 + ww, y0 + k * wh / 3), fill=frame, width=10)
        if rng.random() < 0.35:
            d.rectangle((x0 + 20, y0 + 16, x0 + ww - 20, y0 + wh * 0.35), fill=rgb("#efe7d6"))
        d.rectangle((x0 - 20, y0 + wh, x0 + ww + 20, y0 + wh + 22), fill=shade(wall_col, 1.15) if wall_kind != "plaster" else WHITE)
        if season == "winter":
            d.rounded_rectangle((x0 - 24, y0 + wh - 16, x0 + ww + 24, y0 + wh + 6), radius=10, fill=rgb("#f7f9fb"))
        elif boxes:
            d.rectangle((x0 + 10, y0 + wh - 40, x0 + ww - 10, y0 + wh), fill=rgb("#6b4a2a"))
            fcol = rgb(rng.choice(["#d1495b", "#f3a712", "#ffffff", "#e4572e"]))
            for k in range(9):
                fx = x0 + 30 + k * (ww - 60) / 8
                d.ellipse((fx - 22, y0 + wh - 70, fx + 22, y0 + wh - 30), fill=rgb("#3f7a3a"))
                d.ellipse((fx - 12, y0 + wh - 80, fx + 12, y0 + wh - 56), fill=fcol)

    # shopfront
    sx0, sx1 = int(W * 0.115), int(W * 0.885)
    sign_y0, sign_y1 = int(H * 0.43), int(H * 0.515)
    d.rectangle((sx0 - 30, sign_y0 - 26, sx1 + 30, ground), fill=shade(front, 0.85))
    d.rectangle((sx0 - 30, sign_y0 - 26, sx1 + 30, sign_y0 - 8), fill=shade(front, 1.2) if not light_front else shade(front, 0.8))
    d.rectangle((sx0, sign_y0, sx1, sign_y1), fill=front)
    d.rectangle((sx0 + 14, sign_y0 + 14, sx1 - 14, sign_y1 - 14), outline=GOLD if not light_front else shade(aw1, 0.8), width=6)
    sign_ink = GOLD if front in (c("black"), c("sapin"), c("burgundy"), c("darkgreen"), c("chocolate"), c("navy"), c("charcoal")) else (
        INK if light_front or front in (c("mustard"), c("sage"), c("dustypink"), c("turquoise")) else CREAM)
    kind = rng.choice(["serif-bold", "serif-bold", "sans-bold", "condensed-bold"])
    f = fit_font(d, ctx["name"], kind, (sx1 - sx0) * 0.88, (sign_y1 - sign_y0) * 0.6)
    text_centered(d, (sx0 + sx1) / 2, (sign_y0 + sign_y1) / 2, ctx["name"], f, sign_ink, shadow=shade(front, 0.6))
    for lx in (sx0 + (sx1 - sx0) * 0.2, sx0 + (sx1 - sx0) * 0.8):
        d.line((lx, sign_y0 - 26, lx, sign_y0 - 90), fill=rgb("#2a2a2a"), width=10)
        d.arc((lx - 10, sign_y0 - 150, lx + 110, sign_y0 - 30), 180, 270, fill=rgb("#2a2a2a"), width=10)
        d.polygon([(lx + 60, sign_y0 - 150), (lx + 130, sign_y0 - 150), (lx + 110, sign_y0 - 118), (lx + 80, sign_y0 - 118)], fill=rgb("#2a2a2a"))

    # windows and door
    layout = rng.choice(["centre", "left", "right"])
    door_w = W * 0.12
    if layout == "centre":
        door_x0 = (sx0 + sx1) / 2 - door_w / 2
    elif layout == "left":
        door_x0 = sx0 + W * 0.04
    else:
        door_x0 = sx1 - W * 0.04 - door_w
    win_top, win_bot = int(H * 0.535), int(H * 0.79)
    panes = []
    if door_x0 - sx0 > W * 0.1:
        panes.append((sx0 + 40, win_top, door_x0 - 40, win_bot))
    if sx1 - (door_x0 + door_w) > W * 0.1:
        panes.append((door_x0 + door_w + 40, win_top, sx1 - 40, win_bot))
    main_cat = ctx["categories"][0]
    for (x0, y0, x1, y1) in panes:
        x0, y0, x1, y1 = int(x0), int(y0), int(x1), int(y1)
        d.rectangle((x0 - 22, y0 - 22, x1 + 22, y1 + 22), fill=shade(front, 1.1) if not light_front else shade(front, 0.9))
        img.paste(vgradient((x1 - x0, y1 - y0), rgb("#4a3a2a"), rgb("#d9b987")), (x0, y0))
        d.rectangle((x0, y1 - (y1 - y0) * 0.06, x1, y1), fill=rgb("#6b4a2a"))
        window_goods(img, d, (x0 + 20, y0 + (y1 - y0) * 0.3, x1 - 20, y1), main_cat, rng)
        def reflections(o, x0=x0, y0=y0, x1=x1, y1=y1):
            o.rectangle((x0, y0, x1, y0 + (y1 - y0) * 0.12), fill=(0, 0, 0, 90))
            for k in range(3):
                rx = x0 + (x1 - x0) * (0.15 + 0.3 * k)
                o.polygon([(rx, y1), (rx + 90, y1), (rx + 330, y0), (rx + 240, y0)], fill=(255, 255, 255, 34))
        overlay(img, reflections)
        d.rectangle((x0, y0, x1, y1), outline=shade(front, 0.7), width=6)
        d.rectangle((x0 - 22, y1 + 22, x1 + 22, ground), fill=shade(front, 0.9))
        pw = (x1 - x0) / 3
        for k in range(3):
            d.rectangle((x0 + k * pw + 16, y1 + 44, x0 + (k + 1) * pw - 16, ground - 24), outline=shade(front, 0.7), width=6)
    dx0, dx1 = int(door_x0), int(door_x0 + door_w)
    dy0 = int(H * 0.545)
    d.rectangle((dx0 - 18, dy0 - 18, dx1 + 18, ground), fill=shade(front, 1.1) if not light_front else shade(front, 0.9))
    d.rectangle((dx0, dy0, dx1, ground), fill=front)
    gb = (dx0 + 30, dy0 + 90, dx1 - 30, int(H * 0.74))
    img.paste(vgradient((gb[2] - gb[0], gb[3] - gb[1]), rgb("#5a4632"), rgb("#c9a878")), gb[:2])
    overlay(img, lambda o: o.polygon([(gb[0], gb[3]), (gb[0] + 60, gb[3]), (gb[2], gb[1] + 60), (gb[2], gb[1])], fill=(255, 255, 255, 40)))
    d.rectangle(gb, outline=shade(front, 0.7), width=6)
    d.rectangle((dx0 + 30, int(H * 0.76), dx1 - 30, ground - 30), outline=shade(front, 0.7), width=6)
    d.rounded_rectangle((dx1 - 60, int(H * 0.71), dx1 - 44, int(H * 0.77)), radius=6, fill=GOLD)
    number = ctx.get("number")
    if number:  # enamel house-number plate on the door, under the awning
        nf = font("sans-bold", 46)
        ny = int(H * 0.68)
        plate = rgb("#1f3f7a") if town == "mons" else rgb("#f2efe8")
        d.rounded_rectangle(((dx0 + dx1) / 2 - 70, ny - 36, (dx0 + dx1) / 2 + 70, ny + 36), radius=12, fill=plate, outline=WHITE if town == "mons" else INK, width=4)
        text_centered(d, (dx0 + dx1) / 2, ny, number, nf, WHITE if town == "mons" else INK)
    overlay(img, lambda o: o.rectangle((dx0, dy0, dx1, dy0 + 110), fill=(0, 0, 0, 70)))

    # awning, scalloped or straight
    aw_y0 = int(H * 0.518)
    aw_y1 = int(H * rng.uniform(0.585, 0.61))
    ax0, ax1 = sx0 + 10, sx1 - 10
    n = rng.choice([12, 16, 20])
    scallop = rng.random() < 0.6
    top_pts = [ax0 + (ax1 - ax0) * i / n for i in range(n + 1)]
    bot_pts = [ax0 - 50 + (ax1 - ax0 + 100) * i / n for i in range(n + 1)]
    for i in range(n):
        col = aw1 if i % 2 == 0 else aw2
        d.polygon([(top_pts[i], aw_y0), (top_pts[i + 1], aw_y0), (bot_pts[i + 1], aw_y1), (bot_pts[i], aw_y1)], fill=col)
        if scallop:
            r = (bot_pts[i + 1] - bot_pts[i]) / 2
            d.chord((bot_pts[i], aw_y1 - r, bot_pts[i + 1], aw_y1 + r), 0, 180, fill=col)
        else:
            d.rectangle((bot_pts[i], aw_y1, bot_pts[i + 1], aw_y1 + 46), fill=col)
    overlay(img, lambda o: o.rectangle((ax0 - 50, aw_y0, ax1 + 50, aw_y0 + (aw_y1 - aw_y0) * 0.35), fill=(0, 0, 0, 45)))
    d.line((ax0 - 50, aw_y1, ax1 + 50, aw_y1), fill=shade(aw1, 0.7), width=6)

    # sidewalk
    pave_top, pave_bot = (rgb("#a7a39c"), rgb("#8d8982")) if season != "winter" else (rgb("#b9bcc0"), rgb("#a0a4a8"))
    img.paste(vgradient((W, H - ground), pave_top, pave_bot), (0, ground))
    for y in range(ground + 40, H, 70):
        d.line((0, y, W, y), fill=shade(pave_bot, 0.97), width=3)
    for x in range(0, W, 260):
        d.line((x, ground, x - 60, H), fill=shade(pave_bot, 0.97), width=3)
    overlay(img, lambda o: o.rectangle((0, ground, W, ground + 30), fill=(0, 0, 0, 60)), blur=10)
    if season == "autumn":
        for _ in range(60):
            lx, ly = rng.uniform(0, W), rng.uniform(ground + 20, H - 30)
            d.polygon(lens(lx, ly, 34, 16, rng.uniform(0, 3.14)), fill=rgb(rng.choice(["#d9822b", "#c8502f", "#e8b92f"])))
    tree_side = rng.choice([None, "left", "right"]) if town != "mons" else rng.choice([None, None, "left"])
    if tree_side:
        street_tree(img, d, W * (0.035 if tree_side == "left" else 0.965), ground, H, season, rng)
    elif rng.random() < 0.6:
        bx = W * 0.035 if rng.random() < 0.5 else W * 0.965
        bicycle(d, bx, H - 36, 300, rgb(rng.choice(["#c8342f", "#2f6bb0", "#3f8a46", "#e8b92f", "#1f2f57"])), rng)
    bxc = dx0 - W * 0.07 if layout != "left" else dx1 + W * 0.07
    soft_shadow(img, (bxc - 130, H - 70, bxc + 130, H - 20), 16, 140)
    d.polygon([(bxc - 120, H - 40), (bxc - 90, H - 330), (bxc + 90, H - 330), (bxc + 120, H - 40)], fill=rgb("#6b4a2a"))
    d.polygon([(bxc - 100, H - 60), (bxc - 75, H - 310), (bxc + 75, H - 310), (bxc + 100, H - 60)], fill=rgb("#2b2f2c"))
    board = {"fr": "Bienvenue", "en": "Welcome"}[ctx["lang"]]
    text_centered(d, bxc, H - 250, board, fit_font(d, board, "serif-italic", 150, 50), (240, 240, 235))
    chalk = ctx["category_label"]
    text_centered(d, bxc, H - 180, chalk, fit_font(d, chalk, "sans", 140, 34), (225, 225, 215))
    for k in range(2):
        d.line((bxc - 55 + k * 8, H - 130 + k * 40, bxc + 55 - k * 8, H - 130 + k * 40), fill=(200, 200, 195), width=4)
    if season != "winter":
        pots = [sx0 - 10, sx1 + 10] if layout == "centre" else [dx0 - 60 if layout == "right" else dx1 + 60 + W * 0.14]
        for px in pots:
            if abs(px - bxc) > 220:
                plant_pot(img, d, px, H - 40, 200, rng)
    if style.get("terrace") and season != "winter":
        for tx in ((W * 0.22, W * 0.62) if layout != "left" else (W * 0.5, W * 0.78)):
            if abs(tx - bxc) < 420:
                tx += 440
            soft_shadow(img, (tx - 170, H - 60, tx + 170, H - 10), 14, 120)
            d.line((tx, H - 40, tx, H - 200), fill=rgb("#2a2a2a"), width=12)
            d.ellipse((tx - 150, H - 230, tx + 150, H - 180), fill=rgb("#2a2a2a"))
            d.ellipse((tx - 140, H - 232, tx + 140, H - 190), fill=rgb("#3b3b3b"))
            for cx in (tx - 220, tx + 220):
                d.line((cx - 50, H - 30, cx - 40, H - 160), fill=rgb("#2a2a2a"), width=8)
                d.line((cx + 50, H - 30, cx + 40, H - 160), fill=rgb("#2a2a2a"), width=8)
                d.rectangle((cx - 55, H - 170, cx + 55, H - 150), fill=rgb("#6b4a2a"))
                d.line((cx + (40 if cx > tx else -40), H - 160, cx + (45 if cx > tx else -45), H - 280), fill=rgb("#2a2a2a"), width=8)
            d.polygon([(tx - 30, H - 232), (tx - 22, H - 290), (tx + 22, H - 290), (tx + 30, H - 232)], fill=rgb("#f3ead8"))
    if season == "winter":  # a snowbank along the kerb
        pts = [(0, H)]
        for k in range(0, 41):
            pts.append((W * k / 40, H - 90 - 50 * math.sin(k * 0.9) ** 2 - rng.uniform(0, 40)))
        pts.append((W, H))
        d.polygon(pts, fill=rgb("#f4f7fa"))
        d.line(pts[1:-1], fill=rgb("#d5dde5"), width=6)
    else:
        d.rectangle((0, H - 24, W, H), fill=rgb("#7a766f"))


def counter_scene(img, rng, wall_kind="tiles"):
    """Wall above, a counter top below; returns the counter's front edge y."""
    W, H = img.size
    horizon = int(H * 0.5)
    if wall_kind == "tiles":
        tiles(img, (0, 0, W, horizon), rgb("#f2efe8"), (180, 90), rng)
    elif wall_kind == "stone":
        stone_wall(img, (0, 0, W, horizon), rgb("#9c9487"), rng)
    elif wall_kind == "brick":
        brick_wall(img, (0, 0, W, horizon), rgb("#9a4a36"), rng)
    elif wall_kind == "dark":
        img.paste(vgradient((W, horizon), rgb("#3a3430"), rgb("#5c524a")), (0, 0))
    else:
        plaster_wall(img, (0, 0, W, horizon), rgb(wall_kind), rng)
    wood(img, (0, horizon, W, H), rgb("#a8743f"), rng, planks=6)
    overlay(img, lambda o: o.rectangle((0, horizon, W, horizon + 60), fill=(0, 0, 0, 70)), blur=20)
    return horizon


def scene_bread(img, rng, ctx):
    W, H = img.size
    d = ImageDraw.Draw(img)
    horizon = counter_scene(img, rng, "tiles")
    # a wall shelf of loaves and a chalk board
    shelf_y = horizon - 380
    soft_shadow(img, (0, shelf_y, W * 0.62, shelf_y + 70), 20, 110)
    d.rectangle((0, shelf_y, W * 0.62, shelf_y + 40), fill=rgb("#8a5a2b"))
    for k in range(5):
        loaf(img, d, W * 0.06 + k * W * 0.12, shelf_y, rng.uniform(200, 250), rng, kind=rng.choice(["boule", "batard"]))
    bx0, by0 = W * 0.08, H * 0.04
    d.rectangle((bx0 - 16, by0 - 16, bx0 + 760, by0 + 366), fill=rgb("#6b4a2a"))
    d.rectangle((bx0, by0, bx0 + 744, by0 + 350), fill=rgb("#2b2f2c"))
    menu = {"fr": ["Pain au levain", "Croissant", "Baguette"], "en": ["Sourdough", "Croissant", "Baguette"]}[ctx["lang"]]
    for k, item in enumerate(menu):
        tag = price(ctx, rng, ("1,20", "1,40", "1,75", "3,80", "4,50", "5,20"))
        d.text((bx0 + 40, by0 + 40 + k * 100), item, font=font("serif-italic", 60), fill=(236, 236, 228))
        d.text((bx0 + 540, by0 + 40 + k * 100), tag, font=font("serif-italic", 60), fill=(236, 236, 228))
    # a basket of standing baguettes at the back
    bx = W * rng.uniform(0.72, 0.82)
    for k in range(5):
        x = bx - 160 + k * 80
        col = jitter(rgb("#c48a45"), rng, 10)
        d.rounded_rectangle((x - 32, horizon - 700 + k % 2 * 60, x + 32, horizon + 100), radius=32, fill=col)
        for j in range(5):
            yy = horizon - 620 + k % 2 * 60 + j * 120
            d.line((x - 18, yy + 20, x + 18, yy - 20), fill=rgb("#ecd6a6"), width=7)
    d.polygon([(bx - 260, horizon + 260), (bx + 260, horizon + 260), (bx + 220, horizon - 20), (bx - 220, horizon - 20)], fill=rgb("#8a5a2b"))
    for j in range(6):
        yy = horizon - 20 + j * 45
        d.line((bx - 225 - j * 6, yy, bx + 225 + j * 6, yy), fill=rgb("#6b4420"), width=8)
    # loaves and croissants on the counter
    row_y = horizon + (H - horizon) * 0.45
    xs = [W * 0.14, W * 0.36, W * 0.56]
    for i, x in enumerate(xs):
        loaf(img, d, x + rng.uniform(-30, 30), row_y, rng.uniform(330, 400), rng, kind="boule" if i != 1 else "batard")
    front_y = horizon + (H - horizon) * 0.86
    baguette(img, d, W * 0.3, front_y, 260, rng, length=3.6)
    for k in range(3):
        croissant(img, d, W * 0.62 + k * 300, front_y - (k % 2) * 40, 300, rng)
    # price tag
    d.rectangle((W * 0.05, row_y + 40, W * 0.05 + 240, row_y + 170), fill=rgb("#2b2f2c"))
    text_centered(d, W * 0.05 + 120, row_y + 105, price(ctx, rng, ("3,40", "4,20", "5,50", "6,00")), font("serif-italic", 64), CREAM)


def scene_cheese(img, rng, ctx):
    W, H = img.size
    d = ImageDraw.Draw(img)
    horizon = counter_scene(img, rng, "stone")
    # shelf with wheels at the back
    d.rectangle((0, horizon - 420, W, horizon - 380), fill=rgb("#7a5230"))
    for k in range(7):
        cheese_wheel(img, d, W * (0.08 + k * 0.14), horizon - 420, rng.uniform(230, 300), rng,
                     col=jitter(rgb(rng.choice(["#f0cf6b", "#e8d9a8", "#d9a441", "#f5ecd2", "#c97b2f"])), rng, 8))
    # board
    bx0, by0, bx1, by1 = W * 0.08, horizon + 140, W * 0.92, H * 0.95
    soft_shadow(img, (bx0, by1 - 40, bx1, by1 + 40), 20, 140)
    d.rounded_rectangle((bx0, by0, bx1, by1), radius=50, fill=rgb("#c9975e"))
    d.rounded_rectangle((bx0, by1 - 40, bx1, by1), radius=30, fill=rgb("#8a6036"))
    for _ in range(10):
        gy = rng.uniform(by0 + 30, by1 - 60)
        d.line((bx0 + 40, gy, bx1 - 40, gy + rng.uniform(-10, 10)), fill=rgb("#b88650"), width=3)
    flip = rng.random() < 0.5
    fx = (lambda t: W * (1 - t)) if flip else (lambda t: W * t)
    cheese_wheel(img, d, fx(0.28), by0 + (by1 - by0) * 0.62, rng.uniform(480, 540), rng, col=jitter(rgb("#f1d27a"), rng, 10))
    cheese_wedge(img, d, fx(0.58), by0 + (by1 - by0) * 0.55, rng.uniform(380, 440), rng, holes=True)
    cheese_wedge(img, d, fx(0.8), by0 + (by1 - by0) * 0.84, 360, rng, col=rgb(rng.choice(["#f7f0dc", "#f2e6c4"])))
    cheese_wheel(img, d, fx(0.5), by0 + (by1 - by0) * 0.94, 300, rng, col=rgb(rng.choice(["#e9a33b", "#d9a441", "#f5ecd2"])))
    # knife
    kx, ky = (W * 0.7 if not flip else W * 0.22), by0 + (by1 - by0) * 0.3
    d.polygon([(kx, ky), (kx + 420, ky - 20), (kx + 430, ky + 10), (kx, ky + 40)], fill=rgb("#c9ced3"))
    d.rounded_rectangle((kx - 260, ky - 5, kx + 10, ky + 45), radius=18, fill=rgb("#3a2a1e"))
    for _ in range(8):
        gx, gy = rng.uniform(bx0 + 80, bx1 - 80), rng.uniform(by0 + 60, by1 - 80)
        d.ellipse((gx - 22, gy - 22, gx + 22, gy + 22), fill=rgb(rng.choice(["#6b2a4a", "#7a3a5a", "#a7c957"])))


def scene_produce(img, rng, ctx):
    W, H = img.size
    d = ImageDraw.Draw(img)
    wood(img, (0, 0, W, int(H * 0.7)), rgb("#6b4f3a"), rng, vertical=True, planks=9)
    overlay(img, lambda o: o.rectangle((0, 0, W, int(H * 0.7)), fill=(20, 12, 5, 90)))
    img.paste(vgradient((W, H - int(H * 0.7)), rgb("#7d7a72"), rgb("#5e5b55")), (0, int(H * 0.7)))
    fruits = {"apple": ["#c8342f", "#b02a2a", "#7cb342"], "orange": ["#f28c28"], "lemon": ["#f2d43d"], "eggplant": ["#4b2a5a"]}
    kinds = ["apple", "orange", "lemon", "eggplant", "apple", "orange"]
    rng.shuffle(kinds)
    rows = [(H * 0.48, 0.9), (H * 0.95, 1.0)]
    k = 0
    for ry, scale in rows:
        cw = W / 3
        for i in range(3):
            kind = kinds[k % len(kinds)]
            k += 1
            x0, x1 = i * cw + 30, (i + 1) * cw - 30
            cy = ry - 260 * scale
            r = (70 if kind != "eggplant" else 80) * scale
            for row in range(4):
                for j in range(int((x1 - x0) / (r * 1.8))):
                    fx = x0 + r + j * r * 1.85 + (row % 2) * r * 0.9 + rng.uniform(-8, 8)
                    fy = cy - row * r * 0.9 + rng.uniform(-8, 8)
                    if fx > x1 - r * 0.6:
                        continue
                    col = rgb(rng.choice(fruits[kind]))
                    if kind == "eggplant":
                        d.ellipse((fx - r * 0.75, fy - r * 1.1, fx + r * 0.75, fy + r * 0.6), fill=col)
                        d.ellipse((fx - r * 0.4, fy - r * 0.9, fx - r * 0.1, fy - r * 0.4), fill=shade(col, 1.6))
                        d.polygon([(fx - r * 0.4, fy - r * 1.0), (fx, fy - r * 1.5), (fx + r * 0.4, fy - r * 1.0)], fill=rgb("#4f7a3a"))
                    elif kind == "lemon":
                        d.ellipse((fx - r * 1.05, fy - r * 0.8, fx + r * 1.05, fy + r * 0.8), fill=col)
                        d.ellipse((fx - r * 0.6, fy - r * 0.6, fx - r * 0.1, fy - r * 0.25), fill=shade(col, 1.4))
                    else:
                        fruit(d, fx, fy, r, col, rng)
            # crate front
            d.rectangle((x0, cy + 10 * scale, x1, ry), fill=rgb("#c9a06a"))
            for s_ in range(3):
                yy = cy + 10 * scale + s_ * (ry - cy) / 3
                d.rectangle((x0, yy, x1, yy + (ry - cy) / 3 - 14), fill=jitter(rgb("#d2aa72"), rng, 8))
            d.rectangle((x0, cy + 10 * scale, x0 + 30, ry), fill=rgb("#a07a48"))
            d.rectangle((x1 - 30, cy + 10 * scale, x1, ry), fill=rgb("#a07a48"))
            # slate price card
            d.rectangle((x0 + 60, cy + 40, x0 + 280, cy + 150), fill=rgb("#2b2f2c"))
            text_centered(d, x0 + 170, cy + 95, price(ctx, rng, ("2,50", "3,99", "1,20", "4,50")), font("serif-italic", 52), CREAM)


def shelves(img, rng, n, wall=rgb("#e8dcc4"), plank=rgb("#8a5a2b"), top=0.04, bottom=0.97):
    W, H = img.size
    d = ImageDraw.Draw(img)
    plaster_wall(img, (0, 0, W, H), wall, rng)
    ys = [H * top + (H * (bottom - top)) * (i + 1) / n for i in range(n)]
    for y in ys:
        soft_shadow(img, (0, y, W, y + 60), 20, 120)
        d.rectangle((0, y, W, y + 36), fill=plank)
        d.rectangle((0, y, W, y + 8), fill=shade(plank, 1.2))
    return ys


def scene_books(img, rng, ctx):
    W, H = img.size
    d = ImageDraw.Draw(img)
    ys = shelves(img, rng, 4, wall=rgb("#5a4030"), plank=rgb("#9c6a3a"))
    prev = H * 0.04
    for y in ys:
        x = 20
        space = y - prev - 40
        while x < W - 40:
            w = rng.uniform(40, 95)
            h = space * rng.uniform(0.7, 0.96)
            col = jitter(rgb(rng.choice(BOOK_COLOURS)), rng, 10)
            r = rng.random()
            if r < 0.04 and x < W - 400:
                x += rng.uniform(40, 120)  # a gap
                lean = rng.choice([-1, 1]) * h * 0.35
                book_spine(d, x + (0 if lean > 0 else -lean), y, w, h * 0.97, col, rng, lean=lean)
                x += w + abs(lean) + 10
            elif r < 0.08 and x < W - 400:
                for k in range(rng.randint(3, 6)):  # a stack lying down
                    bh = rng.uniform(35, 60)
                    bw = rng.uniform(230, 320)
                    yy = y - k * bh
                    cc = jitter(rgb(rng.choice(BOOK_COLOURS)), rng, 10)
                    d.rectangle((x, yy - bh, x + bw, yy), fill=cc)
                    d.rectangle((x, yy - bh, x + 20, yy), fill=shade(cc, 0.8))
                x += 340
            else:
                book_spine(d, x, y, w, h, col, rng)
                x += w + 2
        prev = y + 36


def scene_bottles(img, rng, ctx):
    W, H = img.size
    d = ImageDraw.Draw(img)
    ys = shelves(img, rng, 3, wall=rgb("#4a3a2e"), plank=rgb("#a8743f"))
    prev = H * 0.04
    for row, y in enumerate(ys):
        space = y - prev
        kind = ["wine", "beer", "wine"][row] if ctx["town"] != "quebec" else ["wine", "beer", "beer"][row]
        s = space * (0.82 if kind == "wine" else 0.95)
        step = s * (0.38 if kind == "wine" else 0.36)
        x = step * 0.7
        while x < W - step * 0.5:
            bottle(img, d, x, y, s, rng, kind)
            x += step
        prev = y + 36
    # chalk sign hanging on the middle row
    d.rectangle((W * 0.4, ys[0] + 60, W * 0.6, ys[0] + 200), fill=rgb("#2b2f2c"))
    text = {"fr": "Dégustation vendredi", "en": "Tasting Friday"}[ctx["lang"]]
    text_centered(d, W * 0.5, ys[0] + 130, text, fit_font(d, text, "serif-italic", W * 0.18, 60), CREAM)


def scene_jars(img, rng, ctx):
    W, H = img.size
    d = ImageDraw.Draw(img)
    variant = ctx.get("variant") or "bulk"
    ys = shelves(img, rng, 3, wall=rgb("#eee6d6") if variant != "herbs" else rgb("#d9e2d0"), plank=rgb("#9c6a3a"))
    prev = H * 0.04
    palettes = {
        "bulk": ["#e8c872", "#c9653b", "#f2ead8", "#7a4a2a", "#9ab35a", "#d9a441", "#5a3a2a", "#e07b39"],
        "herbs": ["#6b8e23", "#9ab35a", "#b5a06b", "#7a4a6a", "#d9b25a", "#4f6b3a", "#a83232", "#c9c08a"],
        "jam": ["#a8202f", "#c8342f", "#e07b2a", "#d99a2a", "#7a1a3a", "#b2452a"],
    }
    for y in ys:
        space = y - prev
        s = space * (0.8 if variant != "jam" else 0.62)
        step = s * (0.72 if variant != "jam" else 0.78)
        x = step * 0.62
        while x < W - step * 0.4:
            content = jitter(rgb(rng.choice(palettes[variant])), rng, 8)
            if variant == "jam":
                jam_jar(img, d, x, y, s, rng, content)
            else:
                jar(img, d, x, y, s, rng, content, lid=rgb("#c49a47") if variant == "herbs" else None)
            x += step
        prev = y + 36


def scene_cups(img, rng, ctx):
    W, H = img.size
    d = ImageDraw.Draw(img)
    tea = ctx.get("variant") == "tea"
    horizon = counter_scene(img, rng, "#f0e2cc" if tea else "brick")
    if not tea:  # a shelf of coffee bags on the wall
        d.rectangle((W * 0.36, horizon - 380, W * 0.98, horizon - 350), fill=rgb("#5a3a22"))
        for k in range(6):
            bag(img, d, W * 0.41 + k * W * 0.1, horizon - 380, 260, rng)
    else:
        d.rectangle((W * 0.36, horizon - 380, W * 0.98, horizon - 350), fill=rgb("#8a6a4a"))
        for k in range(6):
            x = W * 0.41 + k * W * 0.1
            col = rgb(rng.choice(["#c8342f", "#2f6b8a", "#d9a441", "#3f7a4a", "#e59bb0"]))
            d.rectangle((x - 70, horizon - 560, x + 70, horizon - 380), fill=col)
            d.ellipse((x - 70, horizon - 590, x + 70, horizon - 530), fill=shade(col, 1.2))
            d.rectangle((x - 50, horizon - 500, x + 50, horizon - 440), fill=CREAM)
    mx0, my0 = W * 0.06, H * 0.05
    d.rectangle((mx0 - 16, my0 - 16, mx0 + 820, my0 + 520), fill=rgb("#6b4a2a"))
    d.rectangle((mx0, my0, mx0 + 804, my0 + 504), fill=rgb("#2b2f2c"))
    if tea:
        items = ["Earl Grey", "Sencha", "Rooibos", "Chai"] if ctx["lang"] == "en" else ["Earl Grey", "Sencha", "Rooibos", "Thé des bois"]
    else:
        items = ["Espresso", "Cortado", "Filtre du jour" if ctx["lang"] == "fr" else "Pour-over", "Chocolat chaud" if ctx["lang"] == "fr" else "Hot chocolate"]
    for k, item in enumerate(items):
        tag = price(ctx, rng, ("2,20", "2,80", "3,10", "3,50", "4,25", "4,75"))
        d.text((mx0 + 40, my0 + 40 + k * 112), item, font=font("serif-italic", 60), fill=(236, 236, 228))
        d.text((mx0 + 600, my0 + 40 + k * 112), tag, font=font("serif-italic", 60), fill=(236, 236, 228))
    drink = rgb("#b5651d") if tea else rgb("#4a2c1a")
    y1 = horizon + (H - horizon) * 0.5
    y2 = horizon + (H - horizon) * 0.9
    cup(img, d, W * 0.22, y1, 380, rng, drink=drink)
    cup(img, d, W * 0.52, y2, 460, rng, drink=drink)
    if tea:
        soft_shadow(img, (W * 0.66, y1 - 60, W * 0.94, y1 + 150), 20, 110)
        d.ellipse((W * 0.66, y1 - 90, W * 0.94, y1 + 120), fill=WHITE)
        d.ellipse((W * 0.69, y1 - 65, W * 0.91, y1 + 95), outline=(228, 224, 216), width=5)
        for k in range(5):  # biscuits on a plate
            bx, by = W * 0.8 + (k - 2) * 90, y1 + (k % 2) * 40
            d.ellipse((bx - 70, by - 40, bx + 70, by + 40), fill=rgb("#c98b45"))
            d.ellipse((bx - 55, by - 32, bx + 55, by + 28), fill=rgb("#d9a05a"))
    else:
        bag(img, d, W * 0.82, y2 - 40, 520, rng, col=rgb("#b08a5a"))
        for _ in range(40):  # spilled beans
            bx, by = rng.uniform(W * 0.65, W * 0.98), rng.uniform(y2 - 10, y2 + 120)
            d.ellipse((bx - 16, by - 11, bx + 16, by + 11), fill=rgb("#3a2414"))
            d.line((bx - 10, by, bx + 10, by), fill=rgb("#24150b"), width=3)


def scene_table(img, rng, ctx):
    W, H = img.size
    d = ImageDraw.Draw(img)
    check = rgb(rng.choice(["#b5302f", "#2f5b8a", "#3a6b3a"]))
    d.rectangle((0, 0, W, H), fill=(250, 248, 242))
    sq = 120
    def gingham(o):
        for x in range(0, W, sq * 2):
            o.rectangle((x, 0, x + sq, H), fill=(*check, 120))
        for y in range(0, H, sq * 2):
            o.rectangle((0, y, W, y + sq), fill=(*check, 120))
    overlay(img, gingham)
    foods = [("#7a3b1e", "#c9a25a"), ("#e6c96b", "#6b8e23"), ("#c8342f", "#f2d9a0"), ("#8a5a2b", "#f0e0b0")]
    for (px, py) in ((W * 0.3, H * 0.42), (W * 0.7, H * 0.6)):
        r = 380
        soft_shadow(img, (px - r, py - r + 30, px + r, py + r + 30), 30, 110)
        d.ellipse((px - r, py - r, px + r, py + r), fill=(252, 252, 250))
        d.ellipse((px - r * 0.78, py - r * 0.78, px + r * 0.78, py + r * 0.78), outline=(225, 225, 220), width=6)
        main, side = (rgb(x) for x in rng.choice(foods))
        for _ in range(9):
            fx, fy = px + rng.uniform(-r * 0.4, r * 0.1), py + rng.uniform(-r * 0.35, r * 0.35)
            fr = rng.uniform(60, 110)
            d.ellipse((fx - fr, fy - fr, fx + fr, fy + fr), fill=jitter(main, rng, 14))
        for _ in range(30):
            fx, fy = px + rng.uniform(r * 0.1, r * 0.55), py + rng.uniform(-r * 0.45, r * 0.45)
            d.rounded_rectangle((fx - 14, fy - 50, fx + 14, fy + 50), radius=12, fill=jitter(side, rng, 12))
        for k in range(6):
            fx, fy = px + rng.uniform(-r * 0.5, r * 0.5), py + rng.uniform(-r * 0.5, r * 0.5)
            d.ellipse((fx - 12, fy - 8, fx + 12, fy + 8), fill=rgb("#4f8a3a"))
        # cutlery
        for side_, col in ((-1, rgb("#b8bcc0")), (1, rgb("#b8bcc0"))):
            cx = px + side_ * (r + 80)
            d.rounded_rectangle((cx - 16, py - 300, cx + 16, py + 300), radius=16, fill=col)
            d.rounded_rectangle((cx - 30, py - 320 if side_ < 0 else py - 300, cx + 30, py - 160), radius=22, fill=col)
    pints = ctx.get("variant") == "pints"
    for (gx, gy) in ((W * 0.56, H * 0.16), (W * 0.87, H * 0.3), (W * 0.13, H * 0.82)):
        r = 120
        soft_shadow(img, (gx - r + 20, gy - r + 30, gx + r + 20, gy + r + 30), 20, 110)
        d.ellipse((gx - r, gy - r, gx + r, gy + r), fill=(230, 236, 236))
        inner = rgb("#d9902a") if pints else rgb(rng.choice(["#6b1a2a", "#e9e2b0"]))
        d.ellipse((gx - r * 0.85, gy - r * 0.85, gx + r * 0.85, gy + r * 0.85), fill=inner)
        if pints:
            d.ellipse((gx - r * 0.85, gy - r * 0.85, gx + r * 0.85, gy + r * 0.85), outline=(248, 240, 220), width=26)
        d.ellipse((gx - r * 0.6, gy - r * 0.7, gx - r * 0.2, gy - r * 0.4), fill=(255, 255, 255))
    # candle
    cx, cy = W * 0.5, H * 0.86
    overlay(img, lambda o: o.ellipse((cx - 260, cy - 260, cx + 260, cy + 260), fill=(255, 200, 90, 90)), blur=60)
    d.ellipse((cx - 90, cy - 90, cx + 90, cy + 90), fill=rgb("#f3ead8"))
    d.ellipse((cx - 20, cy - 30, cx + 20, cy + 30), fill=rgb("#f6c64b"))
    d.ellipse((cx - 8, cy - 14, cx + 8, cy + 14), fill=(255, 250, 230))
    # bread basket
    bx, by = W * 0.88, H * 0.82
    d.ellipse((bx - 230, by - 170, bx + 230, by + 170), fill=rgb("#8a5a2b"))
    d.ellipse((bx - 200, by - 145, bx + 200, by + 145), fill=rgb("#f3ead8"))
    for k in range(4):
        sx = bx - 120 + k * 80
        d.ellipse((sx - 70, by - 60 + (k % 2) * 40, sx + 70, by + 40 + (k % 2) * 40), fill=rgb("#c48a45"))
        d.ellipse((sx - 50, by - 45 + (k % 2) * 40, sx + 40, by + 5 + (k % 2) * 40), fill=rgb("#d9a860"))


def scene_flowers(img, rng, ctx):
    W, H = img.size
    d = ImageDraw.Draw(img)
    horizon = int(H * 0.55)
    img.paste(vgradient((W, horizon), rgb("#d9e0d2"), rgb("#b9c4b0")), (0, 0))
    img.paste(vgradient((W, H - horizon), rgb("#7d7a72"), rgb("#5e5b55")), (0, horizon))
    for y in range(horizon, H, 90):
        d.line((0, y, W, y), fill=rgb("#6f6c65"), width=3)
    # back row, then front row, bigger
    for k in range(6):
        bouquet_bucket(img, d, W * (0.1 + k * 0.16), horizon + 60, 330, rng)
    for k in range(5):
        bouquet_bucket(img, d, W * (0.14 + k * 0.18) + rng.uniform(-30, 30), H - 80, 460, rng)


def scene_bike(img, rng, ctx):
    W, H = img.size
    d = ImageDraw.Draw(img)
    pegboard(img, (0, 0, W, int(H * 0.82)), rgb("#c9a67a"), rng)
    wood(img, (0, int(H * 0.82), W, H), rgb("#6b6660"), rng, planks=3)
    kinds = ["hammer", "wrench", "screwdriver", "pliers", "wrench", "screwdriver", "tape", "saw"]
    for k, kind in enumerate(kinds):
        x = W * (0.05 + k * 0.055) if k < 4 else W * (0.78 + (k - 4) * 0.055)
        tool(d, x, H * 0.08 + (k % 2) * 70, 440, kind, rng)
    frame = rgb(rng.choice(["#c8342f", "#2f6bb0", "#3f8a46", "#e8b92f", "#1f2f57"]))
    size, bx, by = 880, W * 0.5, H * 0.8
    soft_shadow(img, (bx - size * 1.0, by - size * 1.1, bx + size * 1.0, by + 40), 40, 90)
    for wx in (bx - size * 0.62, bx + size * 0.62):  # hooks and straps to the wheel rims
        top = by - size
        d.rectangle((wx - 40, H * 0.2, wx + 40, H * 0.22), fill=rgb("#333333"))
        d.line((wx, H * 0.22, wx, top - 6), fill=rgb("#2a2a2a"), width=18)
    bicycle(d, bx, by, size, frame, rng)
    for wx in (bx - size * 0.62, bx + size * 0.62):
        d.rounded_rectangle((wx - 26, by - size - 30, wx + 26, by - size + 30), radius=10, fill=rgb("#2a2a2a"))
    # a spare tyre hanging on a peg
    d.line((W * 0.1, H * 0.36, W * 0.1, H * 0.42), fill=rgb("#333333"), width=14)
    d.ellipse((W * 0.1 - 190, H * 0.41, W * 0.1 + 190, H * 0.41 + 380), outline=rgb("#1c1c1c"), width=34)
    d.rectangle((W * 0.84, H * 0.7, W * 0.96, H * 0.9), fill=rgb("#c8342f"))
    d.rectangle((W * 0.85, H * 0.73, W * 0.95, H * 0.76), fill=rgb("#e8e2d6"))


def scene_tools(img, rng, ctx):
    W, H = img.size
    d = ImageDraw.Draw(img)
    pegboard(img, (0, 0, W, H), rgb("#c9a67a"), rng)
    kinds = ["hammer", "wrench", "screwdriver", "saw", "pliers", "tape", "screwdriver", "wrench", "hammer", "pliers"]
    for row in range(2):
        for k in range(8):
            kind = kinds[(k + row * 3) % len(kinds)]
            x = W * (0.07 + k * 0.123)
            y = H * (0.08 + row * 0.5)
            tool(d, x, y, 520, kind, rng)
    d.rectangle((0, H * 0.92, W, H), fill=rgb("#6b4a2a"))


def scene_toys(img, rng, ctx):
    W, H = img.size
    d = ImageDraw.Draw(img)
    ys = shelves(img, rng, 3, wall=rgb("#f3e9d2"), plank=rgb("#c49a6c"))
    # top: game boxes; middle: blocks, tops, balls; bottom: train + balls
    x = 80
    while x < W - 300:
        w, h = rng.uniform(320, 460), rng.uniform(300, 560)
        game_box(d, x + w / 2, ys[0], w, h, rng)
        x += w + 30
    x = 140
    y = ys[1]
    while x < W - 200:
        r = rng.random()
        if r < 0.45:
            for j in range(rng.randint(1, 3)):
                block(d, x, y - j * 200, 190, rgb(rng.choice(BOOK_COLOURS)), rng.choice("ABCDEFGHIJKLMNOP"))
            x += 300
        elif r < 0.75:
            spinning_top(d, x, y, 300, rgb(rng.choice(["#c8342f", "#2f6bb0", "#e8b92f", "#3f8a46"])))
            x += 260
        else:
            ball(d, x, y, 130, [rgb("#c8342f"), rgb("#f2f2f2"), rgb("#2f6bb0")])
            x += 300
    train(d, W * 0.24, ys[2], 330, rng)
    rx = W * 0.5  # a ring-stacking tower
    d.rectangle((rx - 160, ys[2] - 40, rx + 160, ys[2]), fill=rgb("#c49a6c"))
    d.rectangle((rx - 14, ys[2] - 520, rx + 14, ys[2] - 40), fill=rgb("#c49a6c"))
    for k, col in enumerate(["#c8342f", "#f28c28", "#f2d43d", "#3f8a46", "#2f6bb0", "#6a4c93"]):
        rw = 150 - k * 20
        yy = ys[2] - 40 - k * 72
        d.rounded_rectangle((rx - rw, yy - 70, rx + rw, yy), radius=34, fill=rgb(col))
    d.ellipse((rx - 40, ys[2] - 560, rx + 40, ys[2] - 480), fill=rgb("#c8342f"))
    for k in range(3):
        ball(d, W * (0.66 + k * 0.12), ys[2], rng.uniform(110, 160), [rgb(rng.choice(BOOK_COLOURS)), rgb("#f2f2f2"), rgb(rng.choice(BOOK_COLOURS))])


def scene_jewellery(img, rng, ctx):
    W, H = img.size
    d = ImageDraw.Draw(img)
    velvet = rgb(rng.choice(["#2a2440", "#1f3a3a", "#3a1f2a"]))
    img.paste(vgradient((W, H), shade(velvet, 1.15), shade(velvet, 0.75)), (0, 0))
    silver_only = ctx.get("variant") == "silver"
    metals = [rgb("#d9dde2")] if silver_only else [GOLD, rgb("#d9dde2"), rgb("#e8c39e")]
    gems = [rgb("#3a86c8"), rgb("#c8342f"), rgb("#4caf7a"), None, (250, 250, 255)]
    cols, rows = 4, 2
    for i in range(cols):
        for j in range(rows):
            x0 = W * 0.06 + i * W * 0.225
            y0 = H * 0.08 + j * H * 0.3
            d.rounded_rectangle((x0, y0, x0 + W * 0.2, y0 + H * 0.26), radius=30, fill=shade(velvet, 1.25))
            d.rounded_rectangle((x0 + 14, y0 + 14, x0 + W * 0.2 - 14, y0 + H * 0.26 - 14), radius=24, fill=shade(velvet, 1.1))
            cx, cy = x0 + W * 0.1, y0 + H * 0.15
            if (i + j) % 3 == 2:  # a pair of earrings
                for k in (-1, 1):
                    ex = cx + k * 90
                    m = rng.choice(metals)
                    d.line((ex, cy - 140, ex, cy - 40), fill=m, width=8)
                    d.ellipse((ex - 40, cy - 60, ex + 40, cy + 60), outline=m, width=14)
                    g = rng.choice(gems[:3] if not silver_only else [(240, 240, 250)])
                    d.ellipse((ex - 18, cy + 40, ex + 18, cy + 90), fill=g)
            else:
                ring(d, cx, cy + 30, rng.uniform(150, 185), rng.choice(metals), rng.choice(gems))
    # a necklace across the bottom
    m = rng.choice(metals)
    pts = [(W * 0.08 + t * W * 0.84, H * 0.7 + math.sin(t * math.pi) * H * 0.2) for t in [i / 60 for i in range(61)]]
    for (x, y) in pts:
        d.ellipse((x - 11, y - 11, x + 11, y + 11), fill=m, outline=shade(m, 0.7), width=2)
    px, py = W * 0.5, H * 0.9 + 40
    d.polygon([(px, py - 30), (px + 60, py + 40), (px, py + 120), (px - 60, py + 40)], fill=m)
    d.polygon([(px, py - 5), (px + 35, py + 40), (px, py + 90), (px - 35, py + 40)], fill=rgb("#3a86c8") if not silver_only else shade(m, 1.3))


def scene_clothes(img, rng, ctx):
    W, H = img.size
    d = ImageDraw.Draw(img)
    plaster_wall(img, (0, 0, W, int(H * 0.8)), rgb("#e9e2d6"), rng)
    wood(img, (0, int(H * 0.8), W, H), rgb("#9c7a56"), rng, planks=3)
    rail_y = H * 0.12
    d.line((W * 0.04, rail_y, W * 0.96, rail_y), fill=rgb("#6b4a2a"), width=26)
    d.line((W * 0.05, rail_y, W * 0.05, H * 0.8), fill=rgb("#6b4a2a"), width=22)
    d.line((W * 0.95, rail_y, W * 0.95, H * 0.8), fill=rgb("#6b4a2a"), width=22)
    palette = ["#1f2f57", "#8c2f39", "#2e6b4f", "#d9a441", "#3a3d42", "#c9b79c", "#7a5a3a", "#5d8aa8", "#a83232", "#e9e2d0"]
    kinds = ["coat", "shirt", "sweater", "coat", "shirt", "dress", "sweater", "coat", "shirt"]
    n = len(kinds)
    for k, kind in enumerate(kinds):
        x = W * 0.12 + k * (W * 0.76) / (n - 1)
        garment(d, x, rail_y, 900, jitter(rgb(palette[(k * 3 + rng.randint(0, 2)) % len(palette)]), rng, 8), rng, kind)
    # folded knit toques on a little table
    tx = W * 0.5
    d.rectangle((tx - 500, H * 0.83, tx + 500, H * 0.86), fill=rgb("#5a3a22"))
    for k in range(5):
        col = rgb(rng.choice(["#c8342f", "#1f2f57", "#d9a441", "#e9e2d0", "#2e6b4f"]))
        x = tx - 400 + k * 200
        y = H * 0.83
        d.chord((x - 85, y - 170, x + 85, y + 20), 180, 360, fill=col)
        d.rectangle((x - 85, y - 45, x + 85, y), fill=shade(col, 0.85))
        d.ellipse((x - 28, y - 200, x + 28, y - 150), fill=rgb("#f2efe8"))


def scene_pottery(img, rng, ctx):
    W, H = img.size
    d = ImageDraw.Draw(img)
    ys = shelves(img, rng, 3, wall=rgb("#efe5d2"), plank=rgb("#8a5a2b"))
    prev = H * 0.04
    for row, y in enumerate(ys):
        space = y - prev
        x = 160
        while x < W - 150:
            r = rng.random()
            if r < 0.5:
                s = space * rng.uniform(0.55, 0.85)
                vase(img, d, x, y, s, rng)
                x += s * 0.75 + 60
            elif r < 0.8:
                s = space * 0.3
                bowl(img, d, x + 60, y, s, rng)
                x += s * 1.6 + 60
            else:
                s = space * 0.3
                cup(img, d, x, y, s, rng, steam=False, col=rgb(rng.choice(["#3e6e8e", "#c2673a", "#e7dfcf", "#5b7f5a"])), drink=rgb("#e7dfcf"))
                x += s * 1.7
        prev = y + 36


def scene_yarn(img, rng, ctx):
    W, H = img.size
    d = ImageDraw.Draw(img)
    horizon = counter_scene(img, rng, "#e9e2d6")
    cols = ["#2e6b4f", "#c9653b", "#8e7dbe", "#d9a441", "#5d8aa8", "#a83247", "#7fa66a", "#e59bb0", "#3a4a6a"]
    rng.shuffle(cols)
    cw, ch, cx0, cy0 = 330, 250, W * 0.06, H * 0.02
    d.rectangle((cx0 - 20, cy0 - 20, cx0 + 8 * cw + 20, cy0 + 2 * ch + 20), fill=rgb("#b08a5a"))
    for i in range(8):
        for j in range(2):
            x0, y0 = cx0 + i * cw, cy0 + j * ch
            d.rectangle((x0 + 12, y0 + 12, x0 + cw - 12, y0 + ch - 12), fill=rgb("#6b4f3a"))
            col = rgb(rng.choice(cols))
            for k in range(3):
                yarn_ball(d, x0 + 80 + k * 85, y0 + ch - 14, 62, jitter(col, rng, 10), rng)
    bx, by = W * 0.42, H * 0.92
    bw, bh = 1000, 520
    soft_shadow(img, (bx - bw / 2 - 30, by - 60, bx + bw / 2 + 30, by + 40), 30, 140)
    # balls piled in the basket
    for k in range(9):
        x = bx - bw * 0.38 + (k % 5) * bw * 0.19 + (k // 5) * bw * 0.09
        y = by - bh * 0.75 - (k // 5) * 160
        yarn_ball(d, x, y, 150, rgb(cols[k]), rng)
    basket = rgb("#b9895a")
    d.polygon([(bx - bw / 2, by - bh * 0.8), (bx + bw / 2, by - bh * 0.8), (bx + bw * 0.42, by), (bx - bw * 0.42, by)], fill=basket)
    for j in range(8):
        y = by - bh * 0.8 + j * bh * 0.1
        inset = bw * 0.08 * j / 8
        d.line((bx - bw / 2 + inset, y, bx + bw / 2 - inset, y), fill=shade(basket, 0.75), width=8)
    for k in range(14):
        x = bx - bw * 0.46 + k * bw * 0.07
        d.line((x, by - bh * 0.8, x + (bx - x) * 0.08, by), fill=shade(basket, 0.82), width=6)
    d.rounded_rectangle((bx - bw / 2 - 20, by - bh * 0.85, bx + bw / 2 + 20, by - bh * 0.75), radius=20, fill=shade(basket, 0.9))
    # two loose balls and knitting needles on the right
    yarn_ball(d, W * 0.8, H * 0.9, 170, rgb(cols[0]), rng)
    yarn_ball(d, W * 0.92, H * 0.8, 120, rgb(cols[3]), rng)
    d.line((W * 0.7, H * 0.62, W * 0.98, H * 0.74), fill=rgb("#c9a06a"), width=16)
    d.line((W * 0.72, H * 0.7, W * 0.98, H * 0.66), fill=rgb("#c9a06a"), width=16)


SCENES = {
    "bread": scene_bread, "cheese": scene_cheese, "produce": scene_produce, "books": scene_books,
    "bottles": scene_bottles, "jars": scene_jars, "cups": scene_cups, "table": scene_table,
    "flowers": scene_flowers, "bike": scene_bike, "tools": scene_tools, "toys": scene_toys,
    "jewellery": scene_jewellery, "clothes": scene_clothes, "pottery": scene_pottery, "yarn": scene_yarn,
}

# --------------------------------------------------------------------------- logos

def draw_logo(rng, ctx):
    size = LOGO[0] * SS
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    style = FACADES.get(ctx["key"]) or {}
    col = c(style.get("front", rng.choice(["sapin", "burgundy", "navy", "teal"])))
    if sum(col) > 560:
        col = c(style.get("awning", ("pink", "white"))[0])
    ink = CREAM
    m = size * 0.03
    d.ellipse((m, m, size - m, size - m), fill=col)
    d.ellipse((m * 3.2, m * 3.2, size - m * 3.2, size - m * 3.2), outline=ink, width=int(size * 0.012))
    words = [w for w in ctx["name"].replace("&", " ").replace("'", " ").replace("’", " ").split()
             if w[:1].isalpha() and (len(w) > 3 or w[:1].isupper())]
    initials = "".join(w[0] for w in words[:3] if w[0].isupper()) or ctx["name"][:2]
    initials = initials[:3]
    f = fit_font(d, initials, "serif-bold", size * 0.55, size * 0.36)
    text_centered(d, size / 2, size * 0.45, initials, f, ink)
    d.line((size * 0.3, size * 0.64, size * 0.7, size * 0.64), fill=ink, width=int(size * 0.008))
    for k in (-1, 0, 1):
        cx = size / 2 + k * size * 0.06
        d.ellipse((cx - size * 0.012, size * 0.72 - size * 0.012, cx + size * 0.012, size * 0.72 + size * 0.012), fill=ink)
    town = ctx["town_name"].upper()
    tf = fit_font(d, town, "sans-bold", size * 0.4, size * 0.05)
    text_centered(d, size / 2, size * 0.8, town, tf, ink)
    return img.resize(LOGO, Image.LANCZOS)

# --------------------------------------------------------------------------- driver

def seed_for(key: str) -> int:
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")


def make_photo(ctx, file_name: str, out: Path):
    key = f"{ctx['key']}/{file_name}"
    rng = random.Random(seed_for(key))
    stem = Path(file_name).stem.lower()
    if stem in ("facade", "storefront", "devanture"):
        scene, size = scene_facade, LANDSCAPE
    else:
        motif = MOTIFS.get(stem)
        if motif is None:
            raise SystemExit(f"{out}: no drawing for a photo named {file_name!r}; add it to MOTIFS")
        scene, size = SCENES[motif], LANDSCAPE
    ctx = dict(ctx, variant=VARIANTS.get(key))
    big = Image.new("RGB", (size[0] * SS, size[1] * SS), (255, 255, 255))
    scene(big, rng, ctx)
    img = big.resize(size, Image.LANCZOS)
    img = grain(img, rng)
    quality = JPEG["quality"]
    while True:
        img.save(out, "JPEG", **dict(JPEG, quality=quality))
        if out.stat().st_size <= MAX_BYTES or quality <= 60:
            break
        quality -= 4


def grain(img, rng):
    """A little grain and a soft vignette, so flat shapes read as a photo.

    The noise comes from the picture's own seeded generator (not Image.effect_noise,
    which depends on the C library's rand()), so the output is reproducible."""
    w, h = img.size
    nw, nh = w // 3, h // 3
    noise = Image.frombytes("L", (nw, nh), rng.randbytes(nw * nh)).resize((w, h), Image.BILINEAR)
    img = Image.blend(img, Image.merge("RGB", (noise, noise, noise)), 0.012)
    vignette = Image.radial_gradient("L").resize((w, h))
    mask = vignette.point(lambda v: max(0, v - 150) // 2)
    return Image.composite(Image.new("RGB", (w, h), (20, 15, 10)), img, mask)


def shop_files(only: list[str]):
    towns = yaml.safe_load((SHOPS / "towns.yaml").read_text(encoding="utf-8"))
    categories = yaml.safe_load((SHOPS / "categories.yaml").read_text(encoding="utf-8"))
    for town, info in towns.items():
        for path in sorted((SHOPS / town).glob("*.yaml")):
            key = f"{town}/{path.stem}"
            if only and key not in only and town not in only:
                continue
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            lang = info.get("language", "en")
            cats = data.get("categories") or ["gifts"]
            street = (data.get("address") or {}).get("street", "")
            number = next((w for w in reversed(street.split()) if w[:1].isdigit()), None)
            ctx = dict(key=key, town=town, town_name=info.get("name", town), lang=lang if lang in ("fr", "en") else "en",
                       name=data.get("name", path.stem), categories=cats, number=number,
                       category_label=categories.get(cats[0], {}).get(lang, cats[0]))
            yield path, ctx, data


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("shops", nargs="*", help="town or town/shop to draw (default: all)")
    ap.add_argument("--missing", action="store_true", help="only draw pictures that do not exist yet")
    args = ap.parse_args(argv)
    count = total = 0
    for path, ctx, data in shop_files(args.shops):
        folder = path.with_suffix("")
        wanted = [p["file"] for p in data.get("photos") or []]
        logo = (data.get("logo") or {}).get("file")
        for name in wanted + ([logo] if logo else []):
            out = folder / name
            if args.missing and out.exists():
                continue
            folder.mkdir(exist_ok=True)
            if name == logo:
                draw_logo(random.Random(seed_for(f"{ctx['key']}/{name}")), ctx).save(out, "PNG", optimize=True)
            else:
                make_photo(ctx, name, out)
            count += 1
            total += out.stat().st_size
            print(f"{out.relative_to(ROOT)}  {out.stat().st_size // 1024} KB")
    print(f"{count} pictures, {total / 1e6:.1f} MB")


if __name__ == "__main__":
    sys.exit(main())
