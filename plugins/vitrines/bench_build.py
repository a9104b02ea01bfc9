"""The build benchmark: a generated directory built cold, then rebuilt after
nothing, one edit, one addition and one removal; and the same shops built by
a plain Pelican setup (one Markdown article per shop) for comparison.

Every build is the README's command, ``pelican content -s pelicanconf.py``,
in its own process; peak memory is the largest resident set of the build and
its worker processes. Before each, what the system still has to write to disk is
written (``os.sync``): a cold build leaves gigabytes that the kernel would
otherwise write, using a core, during the rebuilds that follow it, which a real
rebuild, minutes or days later, does not meet.

It deletes what it built when it ends. On ext4 without a journal, the kernel avoids reusing
the inodes of files deleted in the last five minutes (``recently_deleted``), so creating files
then is several times slower (60,000 folders of one file each: 2.4 s of system time, 8.1 s
just after deleting such a tree, 13.0 s after deleting a second, 1.7 s five minutes later): a
run started within five minutes of another measures a cold build seconds slower.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from . import demo

PROJECT = Path(__file__).resolve().parents[2]


def _pelican() -> str:
    return str(Path(sys.executable).with_name("pelican"))


def _tree(folder: Path) -> dict[str, int]:
    return {os.path.relpath(os.path.join(d, f), folder): os.stat(os.path.join(d, f)).st_mtime_ns
            for d, _, files in os.walk(folder) for f in files}


def _peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def _build(shops: Path, output: Path, cache: Path) -> float:
    command = [_pelican(), "content", "-s", "pelicanconf.py", "-o", str(output),
               "-e", f'VITRINES_SHOPS_DIR="{shops}"', f'VITRINES_CACHE_DIR="{cache}"']
    os.sync()
    start = time.perf_counter()
    result = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode:
        raise RuntimeError(f"build failed:\n{(result.stdout + result.stderr)[-3000:]}")
    return elapsed


def _edit(path: Path, change) -> None:
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    change(data)
    path.write_text(text.splitlines()[0] + "\n" + demo._dump(data), encoding="utf-8")


def directory(cache: Path, count: int, seed: int = 1) -> Path:
    """A generated directory, kept in the cache so later runs do not write it again."""
    folder = cache / "bench" / f"demo-{count}-{seed}"
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        demo.write(folder, count, seed)
        (folder / ".complete").write_text("")
    return folder


def bench_build(cache: Path, count: int, plain_pelican: bool = True, rounds: int = 1) -> dict:
    """The table's figures. Edit, add and remove are done ``rounds`` times: each figure is then the
    median of its runs (and ``…_max_s`` the slowest), as a rebuild's time moves by a tenth from one
    run to the next on a shared machine; its files written and removed are the first run's."""
    source = directory(cache, count)
    work = Path(tempfile.mkdtemp(prefix="build-", dir=cache / "bench"))
    try:
        shops = work / "shops"
        shutil.copytree(source, shops, ignore=shutil.ignore_patterns(".complete"))
        output, build_cache = work / "output", work / "cache"
        rows: dict = {"shops": count, "cores": os.cpu_count()}
        rows["cold_build_s"] = round(_build(shops, output, build_cache), 2)
        rows["peak_memory_mib"] = round(_peak_kib() / 1024)
        rows["files_in_output"] = len(_tree(output))

        times: dict[str, list[float]] = {}

        def rebuild(name: str, change=None) -> None:
            before = _tree(output)
            if change:
                change()
            times.setdefault(name, []).append(_build(shops, output, build_cache))
            if len(times[name]) == 1:
                rows[f"{name}_s"] = None  # (its place in the table: the median, set below)
                after = _tree(output)
                rows[f"{name}_files_written"] = sum(1 for k, v in after.items() if before.get(k) != v)
                rows[f"{name}_files_removed"] = len(set(before) - set(after))

        files = sorted(shops.glob("*/*.yaml"))
        added = files[0].with_name("bench-new-shop.yaml")

        def add() -> None:
            shutil.copyfile(files[1], added)
            _edit(added, lambda d: d.update(name="Bench New Shop", phone=d["phone"][:-4] + "7777",
                                            website="https://bench-new-shop.example"))
        rebuild("nothing_changed")
        for _ in range(rounds):
            rebuild("one_shop_edited", lambda: _edit(files[len(files) // 2],
                                                     lambda d: d.update(name=d["name"] + " & Cie")))
            rebuild("one_shop_added", add)
            rebuild("one_shop_removed", added.unlink)
        for name, runs in times.items():
            rows[f"{name}_s"] = round(statistics.median(runs), 2)
            if len(runs) > 1:
                rows[f"{name}_max_s"] = round(max(runs), 2)
        rows["rounds"] = rounds
        rows["peak_memory_mib"] = round(_peak_kib() / 1024)
        if plain_pelican:
            rows["plain_pelican_cold_s"] = round(_plain_pelican(shops, work / "plain"), 2)
            rows["speedup_vs_plain_pelican"] = round(rows["plain_pelican_cold_s"] / rows["cold_build_s"], 1)
        return rows
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _plain_pelican(shops: Path, work: Path) -> float:
    """The same shops as Markdown articles with the same fields, built by Pelican's defaults."""
    content = work / "content"
    content.mkdir(parents=True)
    towns = yaml.safe_load((shops / "towns.yaml").read_text(encoding="utf-8"))
    for path in shops.glob("*/*.yaml"):
        shop = yaml.safe_load(path.read_text(encoding="utf-8"))
        hours = "\n".join(f"| {day} | {', '.join(ranges)} |" for day, ranges in shop.get("hours", {}).items())
        address = shop.get("address", {})
        body = "\n\n".join(filter(None, [
            shop.get("description", {}).get("fr", ""), shop.get("description", {}).get("en", ""),
            f"{address.get('street', '')}, {address.get('postal_code', '')} {towns[path.parent.name]['name']}",
            f"Phone: {shop.get('phone', '')}", f"Website: <{shop['website']}>" if shop.get("website") else "",
            "| Day | Hours |\n|---|---|\n" + hours if hours else "",
            "Services: " + ", ".join(shop.get("services", [])),
        ]))
        (content / f"{path.stem}.md").write_text(
            f"Title: {shop['name']}\nDate: {shop['updated']}\nCategory: {shop['categories'][0]}\n"
            f"Tags: {', '.join(shop['categories'])}\nSlug: {path.stem}\n\n{body}\n", encoding="utf-8")
    (work / "pelicanconf.py").write_text(
        "SITENAME = 'Plain'\nPATH = 'content'\nTIMEZONE = 'UTC'\nDEFAULT_LANG = 'fr'\n"
        "DEFAULT_PAGINATION = 24\nRELATIVE_URLS = True\n", encoding="utf-8")
    start = time.perf_counter()
    result = subprocess.run([_pelican(), "content", "-s", "pelicanconf.py", "-o", "output"], cwd=work,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode:
        raise RuntimeError(f"plain Pelican build failed:\n{result.stderr[-2000:]}")
    return elapsed
