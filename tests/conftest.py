"""Shared fixtures: a real build of a shops folder, a local HTTP server, Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def build(output: Path, shops: Path | None = None, *extra: str, env: dict | None = None,
          content: Path | str = "content") -> subprocess.CompletedProcess:
    """Run the README's build (``pelican content -s pelicanconf.py``) into ``output``."""
    command = [str(Path(sys.executable).with_name("pelican")), str(content), "-s", "pelicanconf.py", "-o", str(output)]
    # Pelican keeps only the last -e: gather every KEY=VALUE behind a single one
    settings = [f"VITRINES_SHOPS_DIR={str(shops)!r}".replace("'", '"')] if shops is not None else []
    rest, args = [], list(extra)
    while args:
        arg = args.pop(0)
        if arg == "-e":
            while args and not args[0].startswith("-"):
                settings.append(args.pop(0))
        else:
            rest.append(arg)
    command += rest + (["-e", *settings] if settings else [])
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "SOURCE_DATE_EPOCH": "1795564800", "COLUMNS": "250", **(env or {})})


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample directory (shops/), built once for the whole test session."""
    output = tmp_path_factory.mktemp("sample") / "output"
    result = build(output)
    assert result.returncode == 0, result.stderr
    return output


@pytest.fixture
def shops_copy(tmp_path) -> Path:
    """A private copy of the sample shops folder, to break or edit."""
    target = tmp_path / "shops"
    shutil.copytree(ROOT / "shops", target)
    return target


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def serve():
    """serve(folder) -> base URL of a local HTTP server for that folder."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright. Missing Chromium is a failure, not a skip."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: install Debian's chromium package (.ci/run does)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
