"""The README's promises: its example shop is valid, and a newcomer who adds
a shop the way it says sees the shop's pages after a build."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, build

VITRINES = str(Path(sys.executable).with_name("vitrines"))


def _readme_shop() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, flags=re.S)
    assert blocks, "the README has no example shop"
    return blocks[0]


def test_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```sh\n(.*?)```", readme, flags=re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.splitlines() if line.strip()]
    assert commands == ["make html", "make test"]


def test_sample_directory_is_valid():
    result = subprocess.run([VITRINES, "validate", "shops"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_newcomer_adds_the_readme_shop_and_sees_it(shops_copy, tmp_path):
    target = shops_copy / "mons" / "boulangerie-du-coin.yaml"
    target.write_text(_readme_shop(), encoding="utf-8")
    check = subprocess.run([VITRINES, "validate", str(target)], cwd=ROOT, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "error" not in check.stdout

    output = tmp_path / "output"
    result = build(output, shops_copy)
    assert result.returncode == 0, result.stderr
    for page in ("fr/commerces/boulangerie-du-coin/index.html", "en/shops/boulangerie-du-coin/index.html"):
        html = (output / page).read_text(encoding="utf-8")
        assert "Boulangerie du Coin" in html
    town = (output / "fr" / "villes" / "mons" / "index.html").read_text(encoding="utf-8")
    assert "Boulangerie du Coin" in town
