"""The ``vitrines`` command.

``vitrines validate [PATH…]`` prints one ``path:line:col: severity: message``
line per problem and exits 0 when every shop is valid (warnings allowed), 1
when any is invalid, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import diagnostics
from .directory import META_FILES, display_path, load_directory

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse exits 2 on usage errors; keep its message short
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _shops_root(path: Path) -> Path | None:
    """The shops folder a path belongs to: the nearest one holding towns.yaml."""
    for folder in [path if path.is_dir() else path.parent, *path.resolve().parents]:
        if (folder / "towns.yaml").is_file():
            return folder
    return None


def validate(args) -> int:
    paths = [Path(p) for p in (args.paths or ["shops"])]
    roots: dict[Path, list[Path]] = {}
    for path in paths:
        if not path.exists():
            print(f"vitrines validate: {path}: no such file or folder", file=sys.stderr)
            return EXIT_USAGE
        root = _shops_root(path)
        if root is None:
            print(f"vitrines validate: {path}: not inside a shops folder (no towns.yaml found above it)",
                  file=sys.stderr)
            return EXIT_USAGE
        roots.setdefault(root.resolve(), []).append(path.resolve())
    found, shops = [], 0
    for root, wanted in roots.items():
        directory = load_directory(root, _conf())
        shops += len(directory.shops)
        whole = any(w == root for w in wanted)
        # a shop file is checked against towns.yaml and categories.yaml: their problems count too
        keep = {display_path(w) for w in wanted} | {display_path(root / name) for name in META_FILES}
        # a photo (shops/<town>/<shop>/x.jpg) is checked through its shop's file
        keep |= {display_path(root / w.relative_to(root).parts[0] / f"{w.relative_to(root).parts[1]}.yaml")
                 for w in wanted if w != root and len(w.relative_to(root).parts) >= 3}
        found.extend(d for d in directory.diagnostics
                     if whole or d.path in keep or any(d.path.startswith(k + "/") for k in keep))
    found.sort(key=diagnostics.sort_key)
    errors = sum(d.is_error for d in found)
    if args.format == "json":
        print(diagnostics.format_json(found))
    else:
        for d in found:
            print(diagnostics.format_github(d) if args.format == "github" else d)
        if args.format == "text":
            warnings = len(found) - errors
            print(f"{shops} valid shops; {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return EXIT_INVALID if errors else EXIT_OK


def check_links(args) -> int:
    from .linkcheck import run
    return run(args)


def demo(args) -> int:
    from .demo import run
    return run(args)


def search(args) -> int:
    from .search.cli import run
    return run(args, _conf())


def new(args) -> int:
    from .newshop import run
    return run(args, _conf())


def import_(args) -> int:
    from .importer import run
    return run(args, _conf())


def bench(args) -> int:
    from . import bench as benchmarks  # Pillow-heavy: only loaded when asked for
    return benchmarks.run(args)


def _conf() -> dict:
    """Settings from ./pelicanconf.py when run from the project folder."""
    path = Path("pelicanconf.py")
    if not path.is_file():
        return {}
    from pelican.settings import read_settings
    return read_settings(str(path))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="vitrines", description="Tools for a Vitrines shop directory.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    v = sub.add_parser("validate", help="check shop files and print every problem")
    v.add_argument("paths", nargs="*", metavar="PATH",
                   help="shop files or shops folders (default: shops)")
    v.add_argument("--format", choices=("text", "github", "json"), default="text",
                   help="text (path:line:col: …), github (Actions annotations) or json")
    v.set_defaults(run=validate)

    c = sub.add_parser("check-links", help="check every internal link, fragment and image of a built site")
    c.add_argument("folder", nargs="?", default="output", help="the built site (default: output)")
    c.add_argument("--base", default="/", help="the sub-path the site is served under, e.g. /commerces/")
    c.set_defaults(run=check_links)

    d = sub.add_parser("demo", help="write a generated, valid shops folder of any size")
    d.add_argument("dest", metavar="DEST", help="a new folder to write the shops folder into")
    d.add_argument("--shops", type=int, default=1000, metavar="N", help="number of shops (default 1000)")
    d.add_argument("--photos-per-shop", type=int, default=0, metavar="K", help="generated photos per shop")
    d.add_argument("--seed", type=int, default=1, metavar="S", help="the same seed gives the same folder")
    d.set_defaults(run=demo)

    s = sub.add_parser("search", help="search the shops as the search page does, from the build's index")
    s.add_argument("query", help='what to look for, e.g. "boulangerie mons"')
    for facet, what in (("town", "town"), ("category", "category"), ("service", "service"),
                        ("language", "spoken language")):
        s.add_argument(f"--{facet}", action="append", default=[], metavar="ID",
                       help=f"only shops of this {what} (repeat for any of several)")
    s.add_argument("--lang", help="language of the labels shown (default: DEFAULT_LANG)")
    s.add_argument("--limit", type=int, default=20, metavar="N", help="results shown (default 20; 0: all)")
    s.add_argument("--json", action="store_true", help="print the ranked results as JSON")
    s.add_argument("--index", metavar="FOLDER", help="the search index (default: the build cache's)")
    s.set_defaults(run=search)

    n = sub.add_parser("new", help="write a new shop file: asks for what is needed, or takes options",
                       description="Write shops/<town>/<slug>.yaml with the schema modeline, copy its photos "
                                   "into shops/<town>/<slug>/, then validate it. Asks in the terminal for "
                                   "what the options do not give, unless --yes.")
    n.add_argument("--town", help="the town's slug (a key of towns.yaml)")
    n.add_argument("--name", help="the shop's name")
    n.add_argument("--category", action="append", metavar="ID",
                   help="a category id of categories.yaml, the main one first (repeat, or separate with commas)")
    n.add_argument("--online-only", action="store_true", help="the shop sells only online: no address")
    n.add_argument("--street", help="street and number")
    n.add_argument("--postal-code", help="postal code")
    n.add_argument("--lat", type=float, help="latitude")
    n.add_argument("--lon", type=float, help="longitude")
    n.add_argument("--phone", help="phone number, with the country code where you can")
    n.add_argument("--website", help="website address")
    n.add_argument("--email", help="public e-mail address")
    for lang in ("fr", "en"):
        n.add_argument(f"--description-{lang}", metavar="TEXT", help=f"description in {lang}")
    n.add_argument("--photo", action="append", metavar="FILE", help="a photo to copy in (repeat for several)")
    for lang in ("fr", "en"):
        n.add_argument(f"--alt-{lang}", action="append", metavar="TEXT",
                       help=f"what each photo shows, in {lang} (once per --photo, in the same order)")
    n.add_argument("--slug", help="the file name (default: made from the name)")
    n.add_argument("--shops", metavar="FOLDER", help="the shops folder (default: VITRINES_SHOPS_DIR, shops)")
    n.add_argument("--yes", "-y", action="store_true", help="ask nothing: every required value comes from options")
    n.set_defaults(run=new)

    i = sub.add_parser("import", help="shop files from a CSV export or OpenStreetMap GeoJSON; prints a report",
                       description="Import shops into one town. Every row ends as a valid shop file or as a "
                                   "'skipped: <row>: <why>' line; existing files are never overwritten unless "
                                   "--update. The town is added to towns.yaml when it is not there yet.")
    i.add_argument("file", metavar="FILE", help="a .csv (with --mapping) or a .geojson file")
    i.add_argument("--town", required=True, metavar="SLUG", help="the town's slug (created when new)")
    i.add_argument("--mapping", metavar="FILE",
                   help="YAML: columns: {CSV column: field}, values: {field: {word: id}}, tags: {OSM tag: category}")
    i.add_argument("--format", choices=("csv", "geojson"), help="default: from the file's extension")
    i.add_argument("--category", metavar="ID", help="the category of rows whose data names none")
    i.add_argument("--update", action="store_true", help="rewrite shops imported before when the data changed")
    i.add_argument("--dry-run", action="store_true", help="report what would be written; write nothing")
    i.add_argument("--shops", metavar="FOLDER", help="the shops folder (default: VITRINES_SHOPS_DIR, shops)")
    for opt, what in (("--country", "the new town's country code (ISO 3166, e.g. FR)"),
                      ("--timezone", "the new town's time zone (e.g. Europe/Paris)"),
                      ("--language", "the new town's language (e.g. fr)"), ("--town-name", "the new town's name"),
                      ("--region", "the new town's region")):
        i.add_argument(opt, help=f"{what}; default: from the data")
    i.set_defaults(run=import_)

    b = sub.add_parser("bench", help="measure build, search and photo speed; print a table")
    b.add_argument("--photos", type=int, default=200, metavar="N",
                   help="camera-like photos for the photo benchmark (0 to skip; default 200)")
    b.add_argument("--cache", default=".cache", help="where generated inputs are kept (default .cache)")
    b.add_argument("--json", metavar="FILE", help="also save the figures as JSON")
    b.add_argument("--search", type=int, default=50000, metavar="N",
                   help="generated shops for the search benchmark (0 to skip; default 50000)")
    b.add_argument("--no-pagefind", action="store_true", help="do not run Pagefind beside our search")
    b.add_argument("--shops", type=int, default=50000, metavar="N",
                   help="generated shops for the build benchmark (0 to skip; default 50000)")
    b.add_argument("--rounds", type=int, default=3, metavar="N",
                   help="edit, add and remove a shop N times, and give the median (default 3)")
    b.add_argument("--no-plain-pelican", action="store_true",
                   help="do not build the same shops with a plain Pelican setup for comparison")
    b.set_defaults(run=bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
