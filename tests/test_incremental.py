"""Incremental builds must never serve a stale result: after a series of edits,
a warm build (caches and previous output kept) equals a cold build of the same
final state, byte for byte; and an edit rewrites only the files it affects."""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, build
from vitrines import demo


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def run(output: Path, shops: Path, cache: Path, *extra: str):
    result = build(output, shops, "-e", f'VITRINES_CACHE_DIR="{cache}"', *extra)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def edit(path: Path, change) -> None:
    header = path.read_text(encoding="utf-8").splitlines()[0] + "\n"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(header + demo._dump(data), encoding="utf-8")


@pytest.fixture
def directory(tmp_path) -> Path:
    shops = tmp_path / "shops"
    demo.write(shops, 120, seed=7)
    return shops


def test_warm_build_after_random_edits_equals_a_cold_build(directory, tmp_path):
    rng = random.Random(3)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    warm_out, warm_cache = tmp_path / "warm", tmp_path / "warm-cache"
    settings = ["-e", f'THEME="{theme}"', "VITRINES_SHOP_GROUP_SIZE=4"]  # (towns of 11 shops: 2 groups)
    run(warm_out, directory, warm_cache, *settings)

    files = sorted(directory.glob("*/*.yaml"))
    changed, renamed, removed = rng.sample(files, 3)
    edit(changed, lambda d: d.update(name=d["name"] + " et fils", categories=["florist"]))
    # a rename keeps the old address for redirects
    new_name = renamed.with_name("renamed-shop.yaml")
    edit(renamed, lambda d: d.update(previous_slugs=[renamed.stem]))
    renamed.rename(new_name)
    removed.unlink()
    added = directory / files[0].parent.name / "brand-new-shop.yaml"
    shutil.copyfile(files[1] if files[1] not in (changed, renamed, removed) else files[2], added)
    edit(added, lambda d: d.update(name="Brand New Shop", phone=d["phone"][:-4] + "9999",
                                   website="https://brand-new-shop.example"))
    run(warm_out, directory, warm_cache, *settings)

    # a template and a setting change too
    listing = theme / "templates" / "listing.html"
    listing.write_text(listing.read_text(encoding="utf-8").replace('<p class="lead">', '<p class="lead intro">'),
                       encoding="utf-8")
    settings += ["-e", "VITRINES_PAGE_SIZE=7"]
    run(warm_out, directory, warm_cache, *settings)

    # the categories in another order (the map's rows refer to a category by its place), one shop edited
    categories = directory / "categories.yaml"
    first, *others = yaml.safe_load(categories.read_text(encoding="utf-8")).items()
    categories.write_text(yaml.safe_dump(dict([*others, first]), allow_unicode=True, sort_keys=False), encoding="utf-8")
    edit(sorted(directory.glob("*/*.yaml"))[-1], lambda d: d.update(name=d["name"] + " II"))
    run(warm_out, directory, warm_cache, *settings)
    # then shops alone (what most builds see: the pages, listings and groups of the others are kept)
    edit(sorted(directory.glob("*/*.yaml"))[-2], lambda d: d.update(name=d["name"] + " III"))
    sorted(directory.glob("*/*.yaml"))[-3].unlink()
    run(warm_out, directory, warm_cache, *settings)

    cold_out = tmp_path / "cold"
    run(cold_out, directory, tmp_path / "cold-cache", *settings)
    warm, cold = snapshot(warm_out), snapshot(cold_out)
    assert sorted(warm) == sorted(cold), (sorted(set(warm) ^ set(cold)))[:20]
    different = [name for name in cold if warm[name] != cold[name]]
    assert not different, different[:20]
    assert "/page/" in "".join(cold)  # the page size setting took effect
    assert any(name.startswith("sitemaps/fr-shops-") and "_" in name for name in cold)  # and the group size
    assert any("renamed-shop" in name for name in cold) and not any(removed.stem + "/" in n for n in cold)
    assert f"/{renamed.stem}/" in cold["_redirects"].decode()


def test_a_rebuild_with_nothing_changed_writes_nothing(directory, tmp_path):
    output, cache = tmp_path / "out", tmp_path / "cache"
    run(output, directory, cache)
    before = mtimes(output)
    run(output, directory, cache)
    assert mtimes(output) == before


def test_editing_one_shop_rewrites_only_the_files_that_show_it(directory, tmp_path):
    output, cache = tmp_path / "out", tmp_path / "cache"
    run(output, directory, cache)
    before_bytes, before = snapshot(output), mtimes(output)
    target = sorted(directory.glob("*/*.yaml"))[5]
    slug = target.stem
    edit(target, lambda d: d["description"].update(fr="Une toute nouvelle description, bien plus courte."))
    run(output, directory, cache)
    after = mtimes(output)
    rewritten = {name for name in after if before.get(name) != after[name]}
    # the shop's own pages, the listings and data it appears in, the search files; nothing else
    assert f"fr/commerces/{slug}/index.html" in rewritten
    for name in rewritten:
        page = (output / name).read_bytes()
        # (the open data, map data and sitemap files of other towns are not rewritten)
        shows_it = slug.encode() in page or name.startswith(("assets/search/", "search/"))
        assert shows_it, f"{name} was rewritten but does not show {slug}"
        assert page != before_bytes.get(name), f"{name} was rewritten with the same bytes"
    assert len(rewritten) < len(after) / 5, len(rewritten)


def test_a_shop_added_or_removed_rewrites_a_few_pages_of_each_of_its_listings(directory, tmp_path):
    """Listing pages break where the shops are (pages.page_starts): a shop added, then removed,
    rewrites the page it is on and at most two others of each of its listings (a page split or
    merged, its neighbours' links) besides the first (its number of shops and list of pages), where
    pages made every 2 shops would all move after it. And its page shows it, then no longer."""
    output, cache = tmp_path / "out", tmp_path / "cache"
    settings = ("-e", "VITRINES_PAGE_SIZE=2")
    run(output, directory, cache, *settings)
    source = sorted(directory.glob("*/*.yaml"))[7]
    added = source.with_name("atelier-nouveau.yaml")
    shutil.copyfile(source, added)
    edit(added, lambda d: d.update(name="Atelier Nouveau", phone=d["phone"][:-4] + "9999",
                                   website="https://atelier-nouveau.example"))
    for step in ("added", "removed"):
        before = mtimes(output)
        run(output, directory, cache, *settings)
        after = mtimes(output)
        rewritten = [name for name in after if before.get(name) != after[name]]
        pages = Counter(name.split("/page/")[0] for name in rewritten if "/page/" in name)
        listings = Counter(name.split("/page/")[0] for name in after if "/page/" in name)
        assert pages and max(pages.values()) <= 3, (step, pages)
        assert max(listings[name] for name in pages) >= 8, (step, listings)  # (long listings: the test shows it)
        shown = [name for name in rewritten if "/page/" in name and b"atelier-nouveau" in (output / name).read_bytes()]
        assert bool(shown) == (step == "added"), (step, shown)
        added.unlink(missing_ok=True)


def test_the_pages_none_of_whose_shops_changed_are_kept_whole(directory, tmp_path):
    """A group of a town's shop pages, and a listing's pages, in one language: not even planned,
    but kept only while every one of their files is in the output as published."""
    output, cache = tmp_path / "out", tmp_path / "cache"
    towns = sorted(p.name for p in directory.iterdir() if p.is_dir())
    group_size = ("-e", "VITRINES_SHOP_GROUP_SIZE=4")  # (each town, of 10 or 11 shops: two groups)
    run(output, directory, cache, *group_size)
    target = next(p for p in sorted(directory.glob(f"{towns[0]}/*.yaml"))
                  if yaml.safe_load(p.read_text(encoding="utf-8")).get("status", "open") != "closed")
    shown = yaml.safe_load(target.read_text(encoding="utf-8"))
    edit(target, lambda d: d.update(name=d["name"] + " et fils"))

    def kept(result) -> tuple[int, ...]:
        found = re.search(r"(\d+) of (\d+) groups of shop pages and (\d+) of (\d+) listings \(in one language\) "
                          r"kept whole", result.stdout + result.stderr)
        return tuple(map(int, found.groups()))

    def rendered(result) -> int:
        return int(re.search(r"pages planned, (\d+) rendered", result.stdout + result.stderr).group(1))

    # its group's shop pages and the listings that show it (its town, categories and services), in
    # two languages, are planned; nothing else
    groups_kept, groups, listings_kept, listings = kept(run(output, directory, cache, "-v", *group_size))
    assert groups_kept == groups - 2 and groups > 2 * len(towns)
    assert listings_kept == listings - 2 * (1 + len(shown["categories"]) + len(shown.get("services", [])))
    before = snapshot(output)

    other = sorted(directory.glob(f"{towns[1]}/*.yaml"))[0].stem
    (output / "en" / "shops" / other / "index.html").unlink()
    sitemap = next((output / "sitemaps").glob(f"fr-shops-{towns[2]}_*.xml"))
    sitemap.write_bytes(sitemap.read_bytes().replace(b"<url>", b"<url> "))
    category = next(p for p in sorted((output / "fr" / "categories").iterdir())
                    if p.is_dir() and p.name not in shown["categories"])
    (category / "index.html").unlink()
    result = run(output, directory, cache, "-v", *group_size)
    assert kept(result) == (groups_kept, groups, listings - 1, listings)
    assert rendered(result) == 2  # the two pages deleted: the others of their groups are as published
    assert snapshot(output) == before


def test_listing_cards_are_kept_between_builds_and_made_again_for_a_changed_shop(directory, tmp_path):
    """Many listing pages to render (here, ten): the cards come from the last build, but for the
    shops that changed."""
    output, cache, setting = tmp_path / "out", tmp_path / "cache", ["-e", "VITRINES_CARDS_FROM=10"]
    first = run(output, directory, cache, "-v", *setting)
    assert list((cache / "cards").rglob("*.pickle"))
    made = int(re.search(r"(\d+) listing cards made", first.stdout + first.stderr).group(1))
    files = sorted(directory.glob("*/*.yaml"))
    edit(files[4], lambda d: d.update(name="Aaa " + d["name"]))  # (first in its listings: all shift)
    files[9].unlink()
    result = run(output, directory, cache, "-v", *setting)
    again = int(re.search(r"(\d+) listing cards made", result.stdout + result.stderr).group(1))
    assert 0 < again <= 4 < made  # the edited shop's, in two languages and two heading levels
    run(tmp_path / "cold", directory, tmp_path / "cold-cache", *setting)
    assert snapshot(output) == snapshot(tmp_path / "cold")


def test_the_search_index_catches_up_with_a_shop_edited_while_search_was_off(directory, tmp_path):
    """The search process, started before the shops are loaded, is sent only the shops checked
    again; one edited in a build without search was not, this time: it loads the directory."""
    output, cache = tmp_path / "out", tmp_path / "cache"
    run(output, directory, cache)
    edit(sorted(directory.glob("*/*.yaml"))[3], lambda d: d.update(name=d["name"] + " et fils"))
    run(output, directory, cache, "-e", "VITRINES_SEARCH=false")
    run(output, directory, cache)
    run(tmp_path / "cold", directory, tmp_path / "cold-cache")
    assert snapshot(output) == snapshot(tmp_path / "cold")


def test_a_search_process_that_fails_early_says_why_and_leaves_nothing_behind(directory, tmp_path):
    """It fails before it reads what the build sends it (here: its cache's lock cannot be opened)."""
    output, cache = tmp_path / "out", tmp_path / "cache"
    run(output, directory, cache)
    before = snapshot(output)
    lock = next((cache / "search").glob("*/lock"))
    lock.unlink()
    lock.mkdir()
    edit(sorted(directory.glob("*/*.yaml"))[3], lambda d: d.update(name=d["name"] + " et fils"))
    result = build(output, directory, "-e", f'VITRINES_CACHE_DIR="{cache}"')
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert "IsADirectoryError" in said and "BrokenPipe" not in said, said[-3000:]
    assert not list((cache / "search").glob("inputs-*")) and snapshot(output) == before


def test_manifests_of_deleted_outputs_are_forgotten(directory, tmp_path):
    cache = tmp_path / "cache"

    def outputs() -> set[str]:  # each output folder's manifest and record of its last build's inputs
        return {p.name.split(".")[0] for p in (cache / "outputs").iterdir() if p.suffix in (".pickle", ".inputs")}

    run(tmp_path / "one", directory, cache)
    run(tmp_path / "two", directory, cache)
    assert len(outputs()) == 2
    assert len(list((cache / "outputs").glob("*.pickle"))) == len(list((cache / "outputs").glob("*.inputs"))) == 2
    shutil.rmtree(tmp_path / "one")
    run(tmp_path / "two", directory, cache)
    kept = list((cache / "outputs").glob("*.path"))
    assert [p.read_text(encoding="utf-8") for p in kept] == [str((tmp_path / "two").resolve())]
    assert outputs() == {kept[0].stem}


SKIPPED = "nothing changed since the last build"


def test_a_build_with_the_same_inputs_keeps_the_last_one_without_loading_a_shop(directory, tmp_path):
    output, cache = tmp_path / "out", tmp_path / "cache"
    stale = sorted(directory.glob("*/*.yaml"))[3]
    edit(stale, lambda d: d.update(added="2020-01-01", updated="2020-01-02"))  # a warning, printed by every build
    first = run(output, directory, cache, "-v")
    assert SKIPPED not in first.stdout + first.stderr and "more than" in first.stderr
    before_bytes, before = snapshot(output), mtimes(output)

    again = run(output, directory, cache, "-v")
    assert SKIPPED in again.stdout + again.stderr
    assert "checked in" not in again.stdout + again.stderr  # no shop file was loaded
    assert [line for line in again.stderr.splitlines() if "more than" in line] == \
        [line for line in first.stderr.splitlines() if "more than" in line]
    assert mtimes(output) == before

    # an output file deleted or edited by hand: a real build, which puts it back
    page = output / "fr" / "commerces" / stale.stem / "index.html"
    page.unlink()
    (output / "en" / "index.html").write_text("edited by hand", encoding="utf-8")
    repaired = run(output, directory, cache, "-v")
    assert SKIPPED not in repaired.stdout + repaired.stderr
    assert snapshot(output) == before_bytes

    # any entry of the shops folder touched (here a photo folder appears), or another day: a real build
    (stale.parent / stale.stem).mkdir()
    assert SKIPPED not in run(output, directory, cache, "-v").stdout
    assert SKIPPED in run(output, directory, cache, "-v").stdout
    tomorrow = build(output, directory, "-v", "-e", f'VITRINES_CACHE_DIR="{cache}"',
                     env={"SOURCE_DATE_EPOCH": str(1795564800 + 86400)})
    assert tomorrow.returncode == 0 and SKIPPED not in tomorrow.stdout


def test_builds_again_in_the_same_process_let_the_last_ones_objects_go(directory, tmp_path):
    """``pelican -r`` runs every build in one process: each build freezes what it loaded for the
    collector (generator.py), and the next one lets it go, so that memory does not grow; each
    build is its own output transaction."""
    script = f"""
import gc, os, sys
from pathlib import Path
from pelican import get_instance, parse_arguments
args = parse_arguments(["content", "-s", "pelicanconf.py", "-o", {str(tmp_path / "out")!r}, "-e",
                        'VITRINES_CACHE_DIR="{tmp_path / "cache"}"', 'VITRINES_SHOPS_DIR="{directory}"'])
pelican, _ = get_instance(args)
shop, gone = sorted(Path({str(directory)!r}).glob("*/*.yaml"))[:2]
for n in range(3):
    os.utime(shop, ns=(n + 1, n + 1))  # a changed input: the build loads the directory again
    if n == 2:
        gone.unlink()
    pelican.run()
    print("frozen", gc.get_freeze_count())
print("page", (Path({str(tmp_path / "out")!r}) / "fr" / "commerces" / gone.stem).exists())
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "SOURCE_DATE_EPOCH": "1795564800"})
    assert result.returncode == 0, result.stderr[-3000:]
    counts = [int(line.split()[1]) for line in result.stdout.splitlines() if line.startswith("frozen")]
    assert len(counts) == 3 and counts[0] > 1000
    assert max(counts) < counts[0] * 1.2, counts  # not twice, then three times as many
    assert "page False" in result.stdout  # the shop removed before the third build left the site


def test_a_photo_broken_after_a_build_is_found_though_its_shop_file_did_not_change(shops_copy, tmp_path):
    """The check cache and the up-to-date record both look into each shop's photo folder."""
    output, cache = tmp_path / "out", tmp_path / "cache"
    run(output, shops_copy, cache)
    photo = next(p for p in sorted((shops_copy / "mons" / "boulangerie-du-beffroi").iterdir()) if p.is_file())
    photo.write_bytes(b"not a photo any more")
    result = build(output, shops_copy, "-e", f'VITRINES_CACHE_DIR="{cache}"')
    assert result.returncode == 1
    assert f"'{photo.name}'" in result.stderr and "boulangerie-du-beffroi.yaml" in result.stderr


def test_an_editorial_page_renamed_in_one_language_is_not_an_unchanged_build(directory, tmp_path):
    """The menus, footer and sitemaps show the editorial pages in every language: a change to a
    translation alone must rebuild what shows it."""
    content, output, cache = tmp_path / "content", tmp_path / "out", tmp_path / "cache"
    shutil.copytree(ROOT / "content", content)

    def go():
        result = build(output, directory, "-v", "-e", f'VITRINES_CACHE_DIR="{cache}"', content=content)
        assert result.returncode == 0, result.stderr[-3000:]
        return result

    go()
    about = content / "pages" / "about.en.md"
    about.write_text(about.read_text(encoding="utf-8").replace("Slug: about\n", "Slug: about-us\n"), encoding="utf-8")
    assert SKIPPED not in go().stdout
    assert not (output / "en" / "about").exists() and (output / "en" / "about-us" / "index.html").exists()
    shop_page = next((output / "en" / "shops").glob("*/index.html")).read_text(encoding="utf-8")
    assert "about-us/" in shop_page and "/about/" not in shop_page
    assert "about-us/" in (output / "sitemaps" / "en-pages.xml").read_text(encoding="utf-8")


def test_the_up_to_date_key_looks_into_a_photo_folder_given_as_a_link(tmp_path):
    from vitrines.uptodate import folder_key

    shops, photos = tmp_path / "shops", tmp_path / "elsewhere"
    (shops / "mons").mkdir(parents=True)
    (shops / "mons" / "a-shop.yaml").write_text("name: A shop\n", encoding="utf-8")
    photos.mkdir()
    (photos / "front.jpg").write_bytes(b"one")
    (shops / "mons" / "a-shop").symlink_to(photos)
    (shops / "mons" / "loop").symlink_to(shops)  # a link to a folder above: looked into once
    before = folder_key(shops)
    (photos / "front.jpg").write_bytes(b"another photo")
    assert folder_key(shops) != before


def test_a_translation_edited_between_builds_in_the_same_process_is_used(directory, tmp_path):
    """``pelican -r``: catalogues and schemas are read again by each build, not kept from the first."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    script = f"""
from pathlib import Path
from pelican import get_instance, parse_arguments
args = parse_arguments(["content", "-s", "pelicanconf.py", "-o", {str(tmp_path / "out")!r}, "-e",
                        'VITRINES_CACHE_DIR="{tmp_path / "cache"}"', 'VITRINES_SHOPS_DIR="{directory}"',
                        'THEME="{theme}"'])
pelican, _ = get_instance(args)
pelican.run()
po = Path({str(theme / "translations" / "fr" / "LC_MESSAGES" / "messages.po")!r})
po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Heures d’ouverture"', 'msgstr "Horaires"'),
              encoding="utf-8")
pelican.run()
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "SOURCE_DATE_EPOCH": "1795564800"})
    assert result.returncode == 0, result.stderr[-3000:]
    page = next((tmp_path / "out" / "fr" / "commerces").glob("*/index.html")).read_text(encoding="utf-8")
    assert '<h2 id="hours-title">Horaires</h2>' in page


def test_the_check_cache_is_not_used_by_other_versions_of_the_libraries(directory, tmp_path, monkeypatch):
    """A checked shop keeps its description as HTML cleaned by nh3: after an upgrade of a library,
    every file is checked again."""
    from vitrines import directory as loader

    checked = []
    check = loader._check_file
    monkeypatch.setattr(loader, "_check_file", lambda path, *rest: checked.append(path) or check(path, *rest))
    files = len(list(directory.glob("*/*.yaml")))
    for expected in (files, 0):
        checked.clear()
        loader.load_directory(directory, cache_dir=tmp_path / "cache")
        assert len(checked) == expected
    monkeypatch.setattr(loader, "library_versions", lambda: (("nh3", "99.0"),))
    checked.clear()
    loader.load_directory(directory, cache_dir=tmp_path / "cache")
    assert len(checked) == files


def test_shops_from_the_check_cache_are_unpacked_only_when_their_other_fields_are_read(directory, tmp_path):
    """The check cache keeps what every build reads of every shop at hand and the rest packed
    (model.StoredShop): a rebuild after one edit unpacks the shops it renders only."""
    from vitrines import directory as loader
    from vitrines.model import AT_HAND

    fresh = loader.load_directory(directory)
    checked = loader.load_directory(directory, cache_dir=tmp_path / "cache")
    cached = loader.load_directory(directory, cache_dir=tmp_path / "cache")
    for shops in (checked.shops, cached.shops):
        assert len(shops) == len(fresh.shops)
        for was, now in zip(fresh.shops, shops):
            assert [getattr(now, name) for name in AT_HAND] == [getattr(was, name) for name in AT_HAND]
    assert not any(s._shop for s in cached.shops)
    assert cached.shops[3].description_html == fresh.shops[3].description_html
    assert sum(s._shop is not None for s in cached.shops) == 1
    assert cached.shops == fresh.shops


def test_a_listing_card_is_made_from_the_fields_at_hand(directory, tmp_path):
    """Each render process makes a card of every shop in its languages: from what the check cache
    keeps at hand, never unpacking the shop (which the same process may not render otherwise)."""
    from datetime import date

    from vitrines import directory as loader, urls
    from vitrines.views import ShopViews

    fresh = loader.load_directory(directory)
    loader.load_directory(directory, cache_dir=tmp_path / "cache")
    cached = loader.load_directory(directory, cache_dir=tmp_path / "cache")
    views, fresh_views = (ShopViews(d, urls.Urls({}), ["fr", "en"], date(2026, 11, 25)) for d in (cached, fresh))
    for shop in cached.shops:
        shop._packed = b"(unpacking this shop fails)"
    for was, now in zip(fresh.shops, cached.shops):
        for lang in ("fr", "en"):
            assert views.card(now, lang) == fresh_views.card(was, lang)
    assert any(card["excerpt_lang"] for card in (fresh_views.card(s, "en") for s in fresh.shops))


def test_the_check_cache_writes_again_the_parts_of_the_files_changed_or_removed_only(directory, tmp_path):
    import pickle

    from vitrines import directory as loader

    cache = tmp_path / "cache"

    def parts() -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in cache.glob("shops-*/*.pickle")}

    loader.load_directory(directory, cache_dir=cache)
    before = parts()
    files = sorted(directory.glob("*/*.yaml"))
    edit(files[0], lambda d: d.update(name=d["name"] + " bis"))
    files[-1].unlink()
    loaded = loader.load_directory(directory, cache_dir=cache)
    after = parts()
    assert len(loaded.rechecked) == 1
    written = {name for name in before if after.get(name) != before[name]}  # (or removed, when emptied)
    assert 1 <= len(written) <= 2 and set(after) <= set(before), written
    kept = {shown for data in after.values() for shown in pickle.loads(data)["files"]}
    gone = f"{files[-1].parent.name}/{files[-1].name}"
    assert len(kept) == len(files) - 1 and not any(shown.endswith(gone) for shown in kept)
    again = loader.load_directory(directory, cache_dir=cache)
    assert again.rechecked == set() and again.shops == loaded.shops


def test_the_shops_summaries_are_handed_on_before_the_cached_shops_are_loaded(directory, tmp_path, monkeypatch):
    """load_directory's ``checked`` (the build starts the search export with it) gets every shop's
    summary and the shops checked again as soon as they are known: after the changed files are
    checked and their part of the check cache written, before the other parts' shops are loaded."""
    import pickle

    from vitrines import directory as loader
    from vitrines.model import SUMMARY, summary
    from vitrines.search.index import ShopInputs

    assert ShopInputs._fields == SUMMARY  # (the search process makes its inputs of the summaries)
    cache = tmp_path / "cache"
    loader.load_directory(directory, cache_dir=cache)
    files = sorted(directory.glob("*/*.yaml"))
    edit(files[0], lambda d: d.update(name=d["name"] + " bis"))
    events, calls = [], []

    class Spy:  # the loader's pickle module, telling when a part's results are loaded
        def __getattr__(self, name):
            return getattr(pickle, name)

        def loads(self, data):
            events.append("results loaded")
            return pickle.loads(data)

    def checked(d, summaries, rechecked):
        events.append("checked")
        calls.append((summaries, rechecked))
        heads = [pickle.loads(p.read_bytes())["files"] for p in cache.glob("shops-*/*.pickle")]
        cached = {summed[SUMMARY.index("fingerprint")] for files in heads for _, summed in files.values()}
        assert {s.fingerprint for s in rechecked} <= cached  # (their results are in the cache already)

    monkeypatch.setattr(loader, "pickle", Spy())
    loaded = loader.load_directory(directory, cache_dir=cache, checked=checked)
    parts = len({p.name for p in cache.glob("shops-*/*.pickle")})
    assert parts > 2 and events.index("checked") <= 1 and events.count("results loaded") >= parts - 1, events
    [(summaries, rechecked)] = calls
    assert sorted(summaries) == sorted(map(summary, loaded.shops)) and len(summaries) == len(files)
    assert [s.source for s in rechecked] == [s.source for s in loaded.shops if s.name.endswith(" bis")]

    files[1].write_text(files[1].read_text(encoding="utf-8") + "\nnot: [valid\n", encoding="utf-8")
    calls.clear()
    assert loader.load_directory(directory, cache_dir=cache, checked=checked).errors and not calls


def test_a_cache_file_overwritten_in_place_reads_back_whole_or_not_at_all(tmp_path):
    """cachefile.overwrite (the search memo, the output manifest): written into the file's own
    blocks, with its length and checksum first, so that a write cut short reads as no file."""
    from vitrines.cachefile import overwrite, read_overwritten

    path = tmp_path / "memo"
    overwrite(path, b"x" * 1000)
    overwrite(path, b"short")  # (no trailing bytes of the longer one)
    assert bytes(read_overwritten(path)) == b"short"
    overwrite(path, b"y" * 1000)
    whole = path.read_bytes()
    for cut in (whole[:5], whole[:500], whole[:-1], whole[:20] + b"z" * 980):
        path.write_bytes(cut)
        with pytest.raises(ValueError):
            read_overwritten(path)


def test_checks_across_files_point_at_the_same_lines_from_the_check_cache(directory, tmp_path):
    """The check cache keeps where each file's phone, website and previous slugs are in a
    compact form (directory.Anchor): the messages of checks across files loaded from it are
    those of a load that read every file."""
    from vitrines import directory as loader

    files = sorted(directory.glob("*/*.yaml"))
    first, second, third = (yaml.safe_load(f.read_text(encoding="utf-8")) for f in files[:3])
    edit(files[3], lambda d: d.update(phone=first["phone"]))
    edit(files[4], lambda d: d.update(website=second.get("website") or "https://example.org/same",
                                      previous_slugs=[files[5].stem, "gone-shop"]))
    edit(files[6], lambda d: d.update(previous_slugs=["other-gone", "gone-shop"]))
    if not second.get("website"):
        edit(files[1], lambda d: d.update(website="https://example.org/same"))
    fresh = loader.load_directory(directory)
    messages = sorted(map(str, fresh.diagnostics))
    assert sum("same phone" in m or "same website" in m or "previous_slugs" in m for m in messages) >= 4, messages
    for message in messages:  # each points at the line of what it is about
        where, line, _, rest = message.split(":", 3)
        about = re.search(r"previous_slugs: '([^']+)'|(phone|website):", rest)
        if about:
            text = Path(where).read_text(encoding="utf-8").splitlines()[int(line) - 1]
            assert (f'"{about[1]}"' if about[1] else f'"{about[2]}"') in text, (message, text)
    for _ in range(2):  # (checked and cached, then from the cache)
        assert sorted(map(str, loader.load_directory(directory, cache_dir=tmp_path / "cache").diagnostics)) == messages


def test_the_build_benchmark_gives_the_median_of_its_rounds(tmp_path):
    """`make bench` edits, adds and removes one shop BENCH_ROUNDS times, each a build of its own,
    and shows each rebuild's median and slowest run, with the files the first one wrote."""
    from vitrines.bench_build import bench_build

    rows = bench_build(tmp_path, 30, plain_pelican=False, rounds=2)
    assert rows["rounds"] == 2 and rows["nothing_changed_files_written"] == 0
    for name in ("one_shop_edited", "one_shop_added", "one_shop_removed"):
        assert 0 < rows[f"{name}_s"] <= rows[f"{name}_max_s"], rows
        assert rows[f"{name}_files_written"] + rows[f"{name}_files_removed"] > 0, rows
    assert rows["one_shop_removed_files_removed"] > 0, rows  # (its pages)
    assert "nothing_changed_max_s" not in rows and list(rows).index("nothing_changed_s") < list(rows).index("rounds")


def test_the_manifest_remembers_each_file_with_the_size_and_mtime_it_has(directory, tmp_path):
    # the mtimes come from the files as they were written (fstat), not from reading the output
    # after the move: a wrong one would make the next build read and compare the file again
    import pickle

    from vitrines.cachefile import read_overwritten

    output, cache = tmp_path / "out", tmp_path / "cache"
    run(output, directory, cache)
    edit(sorted(directory.glob("*/*.yaml"))[3], lambda d: d.update(name=d["name"] + " Bis"))
    run(output, directory, cache)  # (files moved one by one into an output that has them)
    [manifest] = (cache / "outputs").glob("*.pickle")
    files = pickle.loads(read_overwritten(manifest))["files"]
    on_disk = {p.relative_to(output).as_posix(): p.stat() for p in output.rglob("*") if p.is_file()}
    assert files.keys() == on_disk.keys()
    assert {rel: (entry[1], entry[2]) for rel, entry in files.items()} == \
        {rel: (found.st_size, found.st_mtime_ns) for rel, found in on_disk.items()}


def test_the_render_workers_take_a_shop_s_pages_together_and_a_language_s_listings_together():
    from vitrines.pages import Page, render_parts

    def page(url: str, lang: str, shop: str = "") -> Page:
        return Page(url, "shop.html" if shop else "listing.html", lang, url, dict, shop=shop)

    languages = ["fr", "en"]
    shops = [f"town/shop-{i}" for i in range(40)]
    pages = [page(f"{lang}/{s}/", lang, s) for lang in reversed(languages) for s in reversed(shops)]
    pages += [page(f"{lang}/listing-{i}/", lang) for i in range(30) for lang in languages]
    parts = render_parts(pages, languages, 7)
    assert sorted(p.url for part in parts for p in part) == sorted(p.url for p in pages)
    for lang, part in zip(languages, parts):  # each language's listings a part, taken first
        assert {p.url for p in part} == {p.url for p in pages if not p.shop and p.lang == lang}
    for s in shops:  # both languages of a shop, one after the other, in one part
        part = next(part for part in parts if any(p.shop == s for p in part))
        at = [i for i, p in enumerate(part) if p.shop == s]
        assert [part[i].lang for i in at] == languages and at[1] == at[0] + 1
    assert [len(part) for part in parts[2:]] == [8] * 10  # (about 7 pages: whole shops)
