"""The checks a merchant's pull request meets: the GitHub Actions workflow and the pre-commit hook.

The workflow runs on ``pull_request`` (never ``pull_request_target``) with a read-only token and
no secrets; its script, run here in a throw-away git repository, checks the shop files that
changed (a photo through its shop's file) and prints GitHub annotations.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from PIL import Image

from test_validate import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "validate.yml"


def test_the_workflow_runs_untrusted_code_without_privileges():
    text = WORKFLOW.read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert set(triggers) == {"pull_request"}
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert "pull_request_target" not in code and "secrets." not in code
    assert workflow["permissions"] == {"contents": "read"}
    steps = workflow["jobs"]["validate"]["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    assert any("vitrines validate --format github" in s.get("run", "") for s in steps)


def test_the_pre_commit_hook_runs_the_validator():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["vitrines-validate"]
    assert hooks[0]["entry"] == "vitrines validate" and hooks[0]["language"] == "python"
    example = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert example["repos"][0]["hooks"][0]["id"] == "vitrines-validate"


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def test_the_workflow_checks_the_changed_shops_and_annotates_their_lines(tmp_path):
    steps = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["validate"]["steps"]
    script = next(s["run"] for s in steps if "vitrines validate" in s.get("run", ""))
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "shops", repo / "shops")
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "base")
    base = git(repo, "rev-parse", "HEAD").strip()
    # a pull request: a broken phone in one shop, a new photo in another (not listed: fine), nothing else
    bakery = repo / "shops" / "mons" / "boulangerie-du-beffroi.yaml"
    bakery.write_text(bakery.read_text(encoding="utf-8").replace('"+32 65 33 12 45"', '"+32 12"'), encoding="utf-8")
    Image.new("RGB", (64, 48)).save(repo / "shops" / "mons" / "fleurs-du-lumecon" / "extra.jpg")
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "pull request")
    env = {**os.environ, "BASE_SHA": base, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "SOURCE_DATE_EPOCH": "1795564800"}
    result = subprocess.run(["bash", "-c", script], cwd=repo, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Checking: shops/mons/boulangerie-du-beffroi.yaml shops/mons/fleurs-du-lumecon.yaml" in result.stdout
    annotations = [l for l in result.stdout.splitlines() if l.startswith("::")]
    assert annotations and all(a.startswith("::error file=shops/mons/boulangerie-du-beffroi.yaml,line=")
                               or a.startswith("::warning file=shops/mons/") for a in annotations), annotations
    assert any("phone" in a for a in annotations)
