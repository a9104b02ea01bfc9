"""``vitrines validate``, run as merchants and CI run it: the installed command, in a subprocess."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vitrines import cli

from test_validate import CORPUS, META, ROOT, empty_shops, jpeg, put

VITRINES = str(Path(sys.executable).with_name("vitrines"))
EPOCH = "1795564800"  # 2026-11-25


def vitrines(*args: str, cwd: Path, real: bool = False) -> subprocess.CompletedProcess:
    """Run ``vitrines ARGS`` in ``cwd``: the installed command in a subprocess when ``real``,
    else ``cli.main`` in this process (same code, a tenth of the time; an exception fails the test)."""
    if real:
        result = subprocess.run([VITRINES, *args], cwd=cwd, capture_output=True, text=True, timeout=60,
                                env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
    else:
        out, err, here, epoch = io.StringIO(), io.StringIO(), os.getcwd(), os.environ.get("SOURCE_DATE_EPOCH")
        os.chdir(cwd)
        os.environ["SOURCE_DATE_EPOCH"] = EPOCH
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = cli.main(list(args))
                except SystemExit as exc:  # argparse: usage errors and --help
                    code = exc.code
        finally:
            os.chdir(here)
            if epoch is None:
                del os.environ["SOURCE_DATE_EPOCH"]
            else:
                os.environ["SOURCE_DATE_EPOCH"] = epoch
        result = subprocess.CompletedProcess([VITRINES, *args], code, out.getvalue(), err.getvalue())
    assert "Traceback" not in result.stderr, result.stderr
    return result


def body(name: str) -> str:
    """A corpus file without its header comments."""
    text = (CORPUS / name).read_text(encoding="utf-8")
    return "".join(line for line in text.splitlines(True) if not line.startswith("#"))


GOOD = body("valid-mons.yaml")
QUEBEC = body("valid-quebec.yaml")
OVERLAP = body("hours-overlap.yaml")  # line 11: mon: ["07:00-13:00", "12:00-18:00"]
OVERLAP_LINE = ("shops/mons/casse.yaml:11:24: error: hours.mon: '12:00-18:00' overlaps '07:00-13:00'; "
                "merge the two ranges or fix one of them")


@pytest.fixture
def folder(tmp_path) -> Path:
    """tmp_path/shops with one valid shop per town."""
    shops = empty_shops(tmp_path)
    put(shops, "mons/boulangerie-test.yaml", GOOD)
    put(shops, "quebec/fournil-test.yaml", QUEBEC)
    return tmp_path


# --- the sample directory -------------------------------------------------------

def test_the_sample_shops_are_valid():
    result = vitrines("validate", "shops/", cwd=ROOT, real=True)
    assert result.returncode == 0, result.stdout
    assert [line for line in result.stdout.splitlines() if ": error: " in line] == []


def test_default_path_is_shops():
    result = vitrines("validate", cwd=ROOT, real=True)
    assert result.returncode == 0, result.stdout
    assert "valid shops; 0 error(s)" in result.stderr


def test_a_copy_of_the_sample_reports_a_broken_file(shops_copy):
    town = sorted(p for p in shops_copy.iterdir() if p.is_dir())[0]
    put(shops_copy, f"{town.name}/casse.yaml", OVERLAP)
    result = vitrines("validate", "shops", cwd=shops_copy.parent, real=True)
    assert result.returncode == 1
    assert OVERLAP_LINE.replace("mons", town.name) in result.stdout.splitlines()


# --- exit codes -------------------------------------------------------------------

def test_valid_folder_exits_0_and_prints_nothing(folder):
    result = vitrines("validate", "shops", cwd=folder)
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == "2 valid shops; 0 error(s), 0 warning(s)\n"


def test_warnings_alone_exit_0(folder):
    put(folder / "shops", "mons/boulangerie-test.yaml", GOOD.replace('"2026-11-01"', '"2025-06-01"'))
    result = vitrines("validate", "shops", cwd=folder)
    assert result.returncode == 0
    assert result.stdout == ("shops/mons/boulangerie-test.yaml:9:10: warning: updated: last confirmed on 2025-06-01, "
                             "more than 365 days ago; ask the shop to confirm its information\n")
    assert result.stderr == "2 valid shops; 0 error(s), 1 warning(s)\n"


def test_invalid_file_exits_1(folder):
    put(folder / "shops", "mons/casse.yaml", OVERLAP)
    result = vitrines("validate", "shops", cwd=folder, real=True)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [OVERLAP_LINE]
    assert result.stderr == "2 valid shops; 1 error(s), 0 warning(s)\n"


@pytest.mark.parametrize("args, message", [
    (["validate", "--frobnicate"], "unrecognized arguments: --frobnicate"),
    (["validate", "--format", "xml", "shops"], "invalid choice: 'xml'"),
    (["validate", "shops/nowhere.yaml"], "vitrines validate: shops/nowhere.yaml: no such file or folder"),
    (["validate", "elsewhere"], "vitrines validate: elsewhere: not inside a shops folder (no towns.yaml found above it)"),
    (["validate", "shops", "elsewhere/x.yaml"], "not inside a shops folder"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    ([], "the following arguments are required: command"),
])
def test_usage_errors_exit_2(folder, args, message):
    put(folder, "elsewhere/x.yaml", GOOD)  # a shop file in a folder without towns.yaml
    put(folder / "shops", "mons/casse.yaml", OVERLAP)
    result = vitrines(*args, cwd=folder, real=True)
    assert result.returncode == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert len(result.stderr.splitlines()) <= 2


def test_help_exits_0(folder):
    result = vitrines("validate", "--help", cwd=folder)
    assert result.returncode == 0
    assert "--format" in result.stdout


# --- output formats -----------------------------------------------------------------

def test_format_github(folder):
    shops = folder / "shops"
    put(shops, "mons/casse.yaml", OVERLAP)
    put(shops, "mons/boulangerie-test.yaml", GOOD.replace('"2026-11-01"', '"2025-06-01"'))
    result = vitrines("validate", "--format", "github", "shops", cwd=folder, real=True)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::warning file=shops/mons/boulangerie-test.yaml,line=9,col=10::updated: last confirmed on 2025-06-01, "
        "more than 365 days ago; ask the shop to confirm its information",
        "::error file=shops/mons/casse.yaml,line=11,col=24::hours.mon: '12:00-18:00' overlaps '07:00-13:00'; "
        "merge the two ranges or fix one of them",
    ]
    assert result.stderr == ""


def test_format_github_escapes_the_file_property(folder):
    put(folder / "shops", "mons/a,b:c.yaml", GOOD.replace("+32 65 12 34 56", "+32 65 98 76 54")
        .replace("boulangerie-test.example", "autre.example"))
    result = vitrines("validate", "--format", "github", "shops", cwd=folder)
    (line,) = result.stdout.splitlines()
    assert line.startswith("::error file=shops/mons/a%2Cb%3Ac.yaml,line=1,col=1::the file name 'a,b:c.yaml' must be")


def test_format_json(folder):
    shops = folder / "shops"
    put(shops, "mons/casse.yaml", OVERLAP)
    put(shops, "quebec/sans-francais.yaml", QUEBEC.replace("fr: Une petite boulangerie de quartier.", "en: A bakery.")
        .replace("+1 418 555 0199", "+1 418 555 0100"))
    result = vitrines("validate", "--format", "json", "shops", cwd=folder, real=True)
    assert result.returncode == 1
    assert json.loads(result.stdout) == [
        {"path": "shops/mons/casse.yaml", "line": 11, "col": 24, "severity": "error",
         "message": "hours.mon: '12:00-18:00' overlaps '07:00-13:00'; merge the two ranges or fix one of them"},
        {"path": "shops/quebec/sans-francais.yaml", "line": 4, "col": 3, "severity": "error",
         "message": "description: no 'fr' text; Québec requires a description in French (fr)"},
    ]
    assert "Québec" in result.stdout  # not \u00e9
    assert result.stderr == ""


def test_format_json_when_valid(folder):
    result = vitrines("validate", "--format", "json", "shops", cwd=folder)
    assert (result.returncode, json.loads(result.stdout)) == (0, [])


# --- what is validated ----------------------------------------------------------------

def test_every_problem_of_every_file_in_one_run(folder):
    shops = folder / "shops"
    put(shops, "mons/casse.yaml", OVERLAP)
    put(shops, "mons/vide.yaml", "")
    put(shops, "toronto/Bad Name.yaml", GOOD)
    put(shops, "quebec/ancre.yaml", (CORPUS / "anchor.yaml").read_bytes())
    result = vitrines("validate", "shops", cwd=folder)
    assert result.returncode == 1
    assert [line.split(": ")[0] for line in result.stdout.splitlines()] == [
        "shops/mons/casse.yaml:11:24", "shops/mons/vide.yaml:1:1", "shops/quebec/ancre.yaml:14:8",
        "shops/toronto/Bad Name.yaml:1:1", "shops/toronto/Bad Name.yaml:5:16", "shops/toronto/Bad Name.yaml:6:6"]


def test_several_paths_in_one_run(folder):
    shops = folder / "shops"
    put(shops, "mons/casse.yaml", OVERLAP)
    put(shops, "mons/vide.yaml", "")
    put(shops, "mons/autre.yaml", "name: [\n")
    result = vitrines("validate", "shops/mons/vide.yaml", "shops/mons/casse.yaml", cwd=folder)
    assert result.returncode == 1
    assert [line.split(": ")[0] for line in result.stdout.splitlines()] == [
        "shops/mons/casse.yaml:11:24", "shops/mons/vide.yaml:1:1"]


def test_two_shops_folders_in_one_run(folder, tmp_path):
    other = tmp_path / "ville" / "shops"
    other.parent.mkdir()
    shutil.copytree(folder / "shops", other)
    put(folder / "shops", "mons/casse.yaml", OVERLAP)
    put(other, "mons/casse.yaml", OVERLAP)
    result = vitrines("validate", "shops", "ville/shops", cwd=folder)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [OVERLAP_LINE, "ville/" + OVERLAP_LINE]


def test_a_single_file_reports_only_itself(folder):
    shops = folder / "shops"
    put(shops, "mons/casse.yaml", OVERLAP)
    result = vitrines("validate", "shops/mons/boulangerie-test.yaml", cwd=folder)
    assert (result.returncode, result.stdout) == (0, "")
    result = vitrines("validate", "shops/mons/casse.yaml", cwd=folder)
    assert (result.returncode, result.stdout.splitlines()) == (1, [OVERLAP_LINE])


def test_a_town_folder_reports_only_its_files(folder):
    put(folder / "shops", "mons/casse.yaml", OVERLAP)
    put(folder / "shops", "quebec/casse.yaml", OVERLAP.replace("+32 65 12 34 56", "+1 418 555 0100"))
    result = vitrines("validate", "shops/mons", cwd=folder)
    assert result.stdout.splitlines() == [OVERLAP_LINE]


def test_a_single_file_is_checked_against_towns_and_categories(folder):
    shops = folder / "shops"
    put(shops, "mons/inconnue.yaml", GOOD.replace("[bakery]", "[bakrey]"))
    put(shops, "quebec/anglais.yaml", QUEBEC.replace("fr: Une", "en: A"))
    result = vitrines("validate", "shops/mons/inconnue.yaml", "shops/quebec/anglais.yaml", cwd=folder)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "shops/mons/inconnue.yaml:2:14: error: categories: unknown category 'bakrey'; did you mean 'bakery'?",
        "shops/quebec/anglais.yaml:4:3: error: description: no 'fr' text; Québec requires a description in French (fr)",
    ]


@pytest.mark.parametrize("name, content, line", [
    ("towns.yaml", "mons: [\n", "shops/towns.yaml:2:1: error: this is not valid YAML"),
    ("categories.yaml", "bakery:\n  fr: Boulangerie\n", "shops/categories.yaml:2:3: error: bakery: no en label"),
])
def test_a_single_file_with_a_broken_towns_or_categories_file(folder, name, content, line):
    (folder / "shops" / name).write_text(content, encoding="utf-8")
    result = vitrines("validate", "shops/mons/boulangerie-test.yaml", cwd=folder)
    assert result.returncode == 1
    assert result.stdout.startswith(line)


def test_run_from_inside_a_town_folder(folder):
    put(folder / "shops", "mons/casse.yaml", OVERLAP)
    result = vitrines("validate", "casse.yaml", cwd=folder / "shops" / "mons")
    assert result.stdout.splitlines() == [OVERLAP_LINE.removeprefix("shops/mons/")]


def test_a_folder_outside_the_working_folder_is_shown_in_full(folder):
    put(folder / "shops", "mons/casse.yaml", OVERLAP)
    result = vitrines("validate", str(folder / "shops"), cwd=ROOT)
    assert result.stdout.splitlines() == [f"{folder}/{OVERLAP_LINE}"]


def test_the_whole_corpus_at_once_never_gives_a_traceback(tmp_path):
    """Every broken file of tests/broken/ in one shops folder, plus odd things on disk."""
    shops = empty_shops(tmp_path)
    for i, case in enumerate(sorted(CORPUS.glob("*.yaml"))):
        put(shops, f"{('mons', 'quebec', 'toronto')[i % 3]}/{case.stem}.yaml", case.read_bytes())
    put(shops, "quebec/quebec-photo-alt/pains.jpg", jpeg())
    (shops / "mons" / "dossier.yaml").mkdir()                     # a folder named like a shop file
    (shops / "mons" / "lien.yaml").symlink_to(tmp_path / "nowhere")  # a dangling symbolic link
    put(shops, "mons/pas-une-image/photo.jpg", b"not a jpeg")
    put(shops, "mons/pas-une-image.yaml", GOOD.replace("+32 65 12 34 56", "+32 65 11 11 11")
        .replace("boulangerie-test.example", "image.example") + "photos:\n  - file: photo.jpg\n    alt: {fr: x}\n")
    for fmt in ("text", "github", "json"):
        result = vitrines("validate", "--format", fmt, "shops", cwd=tmp_path)
        assert result.returncode == 1
    assert "shops/mons/lien.yaml:1:1: error: shop files may not be symbolic links" in vitrines(
        "validate", "shops", cwd=tmp_path, real=True).stdout
    diagnostics = json.loads(result.stdout)
    assert len(diagnostics) > 50
    assert {d["path"] for d in diagnostics if d["severity"] == "error"} >= {
        f"shops/mons/{n}.yaml" for n in ("pas-une-image", "lien")}
    for d in diagnostics:
        assert d["line"] >= 1 and d["col"] >= 1 and d["message"] and "\n" not in d["message"]
