"""The photo pipeline on images made here: orientation, metadata, colour,
odd modes, broken and hostile files, and the cache."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageDraw

from conftest import ROOT
from vitrines import images
from vitrines.directory import load_directory

SHOP = """\
name: Photo Test
categories: [bakery]
address: {{street: "Rue de Nimy 1", postal_code: "7000"}}
geo: {{lat: 50.455, lon: 3.952}}
updated: "2026-11-01"
photos:
{photos}
"""
FAST = images.Options(widths=(320, 640), formats=("webp",), avif_speed=10)


def make_shops(tmp_path: Path, files: dict[str, bytes | Path]) -> Path:
    """A shops folder with one shop whose photos are ``files`` (name -> bytes or a symlink target)."""
    shops = tmp_path / "shops"
    (shops / "mons" / "photo-test").mkdir(parents=True)
    for name in ("towns.yaml", "categories.yaml", "programs.yaml"):
        shutil.copy(ROOT / "shops" / name, shops / name)
    for name, content in files.items():
        target = shops / "mons" / "photo-test" / name
        if isinstance(content, Path):
            target.symlink_to(content)
        else:
            target.write_bytes(content)
    listing = "\n".join(f"  - file: {name}\n    alt: {{fr: Photo, en: Photo}}" for name in files)
    (shops / "mons" / "photo-test.yaml").write_text(SHOP.format(photos=listing), encoding="utf-8")
    return shops


def diagnostics(shops: Path) -> list[str]:
    return [str(d) for d in load_directory(shops).diagnostics if d.is_error]


def encode(im: Image.Image, fmt: str, **kw) -> bytes:
    buffer = io.BytesIO()
    im.save(buffer, fmt, **kw)
    return buffer.getvalue()


def scene(size=(1200, 900)) -> Image.Image:
    """Top half red, bottom half blue: easy to check which way is up."""
    im = Image.new("RGB", size, (220, 30, 30))
    ImageDraw.Draw(im).rectangle((0, size[1] // 2, size[0], size[1]), fill=(30, 30, 220))
    return im


def rotated_jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways: turn 90° clockwise to view
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (50.0, 27.0, 15.5), 3: "E", 4: (3.0, 57.0, 8.0)}
    # what the camera stored: the upright scene turned 90° counter-clockwise
    return encode(scene().transpose(Image.Transpose.ROTATE_90), "JPEG", exif=exif, quality=90,
                  comment=b"taken at home")


def run_pipeline(shops: Path, cache: Path, output: Path, options=FAST):
    directory = load_directory(shops)
    assert not directory.errors, directory.errors
    pipeline = images.Pipeline(cache, options, workers=2)
    assert pipeline.prepare(directory.shops) == []
    written: set[str] = set()
    pictures = []
    for shop in directory.shops:
        for photo in shop.photos:
            picture, files = pipeline.picture(shop, photo)
            pictures.append(picture)
            for rel, source in files:
                (output / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, output / rel)
                written.add(rel)
    return pipeline, pictures, written


def test_rotated_jpeg_is_upright_and_loses_exif_gps_and_comments(tmp_path):
    shops = make_shops(tmp_path, {"facade.jpg": rotated_jpeg_with_gps()})
    _, [picture], written = run_pipeline(shops, tmp_path / "cache", tmp_path / "out")
    assert (picture.width, picture.height) == (640, 480)  # landscape again
    assert {v.format for v in picture.variants} == {"webp", "jpeg"}
    assert picture.social
    for url in written:
        data = (tmp_path / "out" / url).read_bytes()
        with Image.open(io.BytesIO(data)) as im:
            assert not im.getexif(), url
            assert "exif" not in im.info and "icc_profile" not in im.info and "comment" not in im.info
            assert b"Exif" not in data and b"PhoneMaker" not in data and b"taken at home" not in data
            if "social" not in url:
                rgb = im.convert("RGB")
                top, bottom = rgb.getpixel((im.width // 2, 5)), rgb.getpixel((im.width // 2, im.height - 5))
                assert top[0] > 150 and top[2] < 100, f"{url}: top is not red: {top}"
                assert bottom[2] > 150 and bottom[0] < 100, f"{url}: bottom is not blue: {bottom}"
    with Image.open(tmp_path / "out" / picture.social) as im:
        assert im.size == (1200, 630)


def test_variants_are_never_upscaled_and_widths_follow_the_settings(tmp_path):
    shops = make_shops(tmp_path, {"small.png": encode(scene((500, 300)), "PNG")})
    _, [picture], _ = run_pipeline(shops, tmp_path / "cache", tmp_path / "out")
    assert sorted({v.width for v in picture.variants}) == [320, 500]
    assert picture.of("jpeg")[-1].height == 300


def test_cmyk_jpeg_becomes_srgb(tmp_path):
    cmyk = Image.new("CMYK", (800, 600), (255, 0, 0, 0))  # pure cyan ink
    shops = make_shops(tmp_path, {"cmyk.jpg": encode(cmyk, "JPEG", quality=95)})
    _, [picture], _ = run_pipeline(shops, tmp_path / "cache", tmp_path / "out")
    with Image.open(tmp_path / "out" / picture.src.url) as im:
        assert im.mode == "RGB"
        r, g, b = im.getpixel((10, 10))
        assert r < 60 and g > 200 and b > 200, (r, g, b)


def test_embedded_colour_profile_is_applied_then_dropped(tmp_path):
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encode(scene(), "JPEG", icc_profile=profile)
    shops = make_shops(tmp_path, {"profiled.jpg": data})
    _, [picture], written = run_pipeline(shops, tmp_path / "cache", tmp_path / "out")
    for url in written:
        with Image.open(tmp_path / "out" / url) as im:
            assert "icc_profile" not in im.info


def test_sixteen_bit_png_keeps_its_tones(tmp_path):
    gray = Image.new("I;16", (600, 400), 32768)  # mid-grey in 16 bits
    shops = make_shops(tmp_path, {"deep.png": encode(gray, "PNG")})
    _, [picture], _ = run_pipeline(shops, tmp_path / "cache", tmp_path / "out")
    with Image.open(tmp_path / "out" / picture.src.url) as im:
        value = im.convert("L").getpixel((5, 5))
        assert 115 <= value <= 140, value


def test_palette_png_with_transparency_keeps_it_in_a_png_fallback(tmp_path):
    im = Image.new("P", (600, 400), 0)
    im.putpalette([255, 255, 255, 200, 40, 40] + [0] * 762)
    ImageDraw.Draw(im).ellipse((100, 50, 500, 350), fill=1)
    shops = make_shops(tmp_path, {"logo.png": encode(im, "PNG", transparency=0)})
    _, [picture], _ = run_pipeline(shops, tmp_path / "cache", tmp_path / "out")
    assert picture.fallback == "png"
    with Image.open(tmp_path / "out" / picture.src.url) as out:
        assert out.mode == "RGBA"
        assert out.getpixel((2, 2))[3] == 0 and out.getpixel((out.width // 2, out.height // 2))[3] == 255


def test_animated_webp_uses_its_first_frame(tmp_path):
    frames = [Image.new("RGB", (400, 300), c) for c in ((0, 200, 0), (200, 0, 0))]
    data = encode(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=100, lossless=True)
    shops = make_shops(tmp_path, {"anim.webp": data})
    _, [picture], _ = run_pipeline(shops, tmp_path / "cache", tmp_path / "out")
    with Image.open(tmp_path / "out" / picture.src.url) as im:
        r, g, b = im.convert("RGB").getpixel((5, 5))
        assert g > 150 and r < 60
        assert getattr(im, "n_frames", 1) == 1


@pytest.mark.parametrize("name, content, message", [
    ("palette.gif", lambda: encode(Image.new("P", (50, 50)), "GIF", transparency=0),
     "photos[0].file: 'palette.gif' is not in the expected form"),
    ("truncated.jpg", lambda: encode(scene(), "JPEG")[:3000],
     "'truncated.jpg' is damaged or truncated and cannot be decoded; export it again"),
    ("notes.jpg", lambda: b"these are my notes, not a photo\n" * 10,
     "'notes.jpg' is not an image Vitrines can read; save it as JPEG, PNG, WebP or AVIF"),
    ("iphone.jpg", lambda: b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64,
     "'iphone.jpg' is a HEIC/HEIF (an iPhone format) file; save it as JPEG, PNG, WebP or AVIF"),
    ("scan.jpg", lambda: encode(scene((100, 100)), "TIFF"),
     "'scan.jpg' is a TIFF file; save it as JPEG, PNG, WebP or AVIF"),
    ("renamed.jpg", lambda: encode(Image.new("P", (50, 50)), "GIF"),
     "'renamed.jpg' is a GIF file; save it as JPEG, PNG, WebP or AVIF"),
    ("bomb.png", lambda: encode(Image.new("1", (20000, 20000)), "PNG"),
     "'bomb.png' is over the limit of 40 megapixels (far over); make it smaller"),
    ("large.png", lambda: encode(Image.new("1", (9000, 5000)), "PNG"),
     "'large.png' is 9000×5000 pixels, over the limit of 40 megapixels; make it smaller"),
])
def test_bad_photos_are_diagnostics_with_file_and_line(tmp_path, name, content, message):
    shops = make_shops(tmp_path, {name: content()})
    found = diagnostics(shops)
    assert len(found) == 1, found
    assert message in found[0], found[0]
    assert found[0].startswith(f"{shops}/mons/photo-test.yaml:7:11: error: photos[0].file: ")


def test_photo_as_symlink_is_refused(tmp_path):
    outside = tmp_path / "elsewhere.jpg"
    outside.write_bytes(encode(scene(), "JPEG"))
    shops = make_shops(tmp_path, {"linked.jpg": outside})
    [message] = diagnostics(shops)
    assert message == (f"{shops}/mons/photo-test.yaml:7:11: error: photos[0].file: 'linked.jpg' is a "
                       "symbolic link; put the photo itself in shops/mons/photo-test/")


def test_oversized_file_is_refused(tmp_path):
    shops = make_shops(tmp_path, {"big.jpg": encode(scene(), "JPEG")})
    options = images.Options(max_bytes=1000)
    assert images.problem(shops / "mons" / "photo-test" / "big.jpg", options).startswith("is 0.0 MB, over the limit")


def test_second_run_encodes_nothing_and_clean_output_costs_no_encode(tmp_path):
    shops = make_shops(tmp_path, {"a.jpg": rotated_jpeg_with_gps(), "b.png": encode(scene((700, 500)), "PNG")})
    cache, out = tmp_path / "cache", tmp_path / "out"
    first, _, written = run_pipeline(shops, cache, out)
    assert first.encoded == 2
    second, _, again = run_pipeline(shops, cache, out)
    assert second.encoded == 0
    assert again == written
    shutil.rmtree(out)
    third, _, _ = run_pipeline(shops, cache, out)
    assert third.encoded == 0
    assert all((out / url).is_file() for url in written)


def test_changed_photo_or_setting_reencodes_only_what_it_affects(tmp_path):
    shops = make_shops(tmp_path, {"a.jpg": rotated_jpeg_with_gps(), "b.png": encode(scene((700, 500)), "PNG")})
    cache, out = tmp_path / "cache", tmp_path / "out"
    run_pipeline(shops, cache, out)
    (shops / "mons" / "photo-test" / "b.png").write_bytes(encode(scene((710, 500)), "PNG"))
    changed, _, _ = run_pipeline(shops, cache, out)
    assert changed.encoded == 1
    other_quality = images.Options(widths=FAST.widths, formats=FAST.formats, avif_speed=10,
                                   quality=(("avif", 50), ("jpeg", 60), ("png", 0), ("webp", 75)))
    resettled, _, _ = run_pipeline(shops, cache, out, other_quality)
    assert resettled.encoded == 2


def test_removed_photo_leaves_the_built_site(tmp_path):
    from conftest import build
    shops = make_shops(tmp_path, {"a.jpg": encode(scene(), "JPEG"), "b.jpg": encode(scene((900, 900)), "JPEG")})
    output = tmp_path / "output"
    assert build(output, shops).returncode == 0
    media = output / "media" / "mons" / "photo-test"
    before = {p.name for p in media.iterdir()}
    assert any(n.startswith("b-") for n in before) and any(n.startswith("a-") for n in before)
    (shops / "mons" / "photo-test" / "b.jpg").unlink()
    text = (shops / "mons" / "photo-test.yaml").read_text().split("  - file: b.jpg")[0]
    (shops / "mons" / "photo-test.yaml").write_text(text)
    result = build(output, shops)
    assert result.returncode == 0, result.stderr
    after = {p.name for p in media.iterdir()}
    assert after == {n for n in before if n.startswith("a-")}


def test_the_image_benchmark_runs(tmp_path):
    """`make bench` measures the photo pipeline too (its image part once called a method the
    pipeline no longer has, and only a run with photos found it)."""
    from vitrines.bench import bench_images

    result = bench_images(tmp_path, 2, images.Options(widths=(320,), formats=("webp",)))
    assert result["photos"] == 2 and result["cold_encoded"] == 2 and result["warm_encoded"] == 0
    assert result["cold_photos_per_second"] > 0
