"""Helpers shared by the search tests: fresh indexes, the client run in Node."""

from __future__ import annotations

import json
import subprocess
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path

from conftest import ROOT

from vitrines.directory import load_directory
from vitrines.search import Index, Rules, export

NODE = "/usr/bin/node"
RUNNER = Path(__file__).with_name("search_runner.js")
# the builds of conftest.build() run with SOURCE_DATE_EPOCH=1795564800
BUILD_DAY = datetime.fromtimestamp(1795564800, tz=timezone.utc).date()


@lru_cache(maxsize=None)
def sample_directory():
    directory = load_directory(ROOT / "shops", {})
    assert not directory.errors, [str(d) for d in directory.errors]
    return directory


def fresh_index(folder: Path, directory, conf: dict | None = None) -> Index:
    return Index(folder).update(directory, Rules.from_settings(conf or {}))


def publish(idx: Index, site: Path, today: date = BUILD_DAY, **options) -> dict:
    files = export.build(idx, today=today, **options)
    export.write(files, site)
    return files


def node(site: Path, requests: list[dict]) -> list:
    """The browser's engine (theme/static/js/search.js) run in Node on a built site."""
    done = subprocess.run([NODE, str(RUNNER), str(site)], input=json.dumps(requests),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
