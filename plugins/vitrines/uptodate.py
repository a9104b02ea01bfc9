"""Skipping a build whose inputs have not changed since the last one, as make does.

A successful build records a key of everything the shop pages are made from (every entry of
the shops folder by name, size and modification time, photos included; the schemas; the
theme and code; the settings; Pelican's pages; the date; the versions of the libraries) and
the list of files it published. The next build makes the same key first: when it matches and
every one of those files is still in the output as published (size and modification time, as
the output manifest remembers them), they are published again as they are, without loading a
single shop. Anything else (one file touched, one output file deleted or edited) makes a
normal build, which itself re-renders only what changed.

The record sits beside the output manifest (``<cache>/outputs/<key>.inputs``).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from .cachefile import flat_pickle, frozen_when_loaded, write_whole


def folder_key(root: Path, listing: dict | None = None) -> str:
    """Every entry under ``root`` (its hidden top-level entries aside, such as ``.git``): path,
    type, size and modification time. One ``scandir`` per folder, one ``lstat`` per entry. A
    shop's photo folder may be a symbolic link (the checks allow it): it is looked into too.
    ``listing``, when given, receives each folder's entries (``os.DirEntry``, by name, their
    ``lstat`` cached), for the build to find the shop files without listing the folders again."""
    h = hashlib.blake2b(digest_size=16)
    folders = [(str(root), True)]
    seen = {os.path.realpath(root)}
    while folders:
        folder, top = folders.pop()
        try:
            with os.scandir(folder) as found:
                entries = sorted(found, key=lambda e: e.name)
        except OSError as error:
            h.update(f"{folder}\0unreadable {error.errno}\n".encode())
            continue
        if listing is not None:
            listing[folder] = entries
        for entry in entries:
            if top and entry.name.startswith("."):
                continue
            stat = entry.stat(follow_symlinks=False)
            h.update(f"{entry.path}\0{stat.st_mode}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
            if entry.is_dir(follow_symlinks=False):
                folders.append((entry.path, False))
            elif not top and entry.is_symlink() and entry.is_dir():
                target = os.path.realpath(entry.path)
                if target not in seen:  # (a link to a folder above would loop)
                    seen.add(target)
                    folders.append((entry.path, False))
    return h.hexdigest()


class Record:
    """What the last successful build into an output folder was made from and published."""

    def __init__(self, manifest_file: Path):
        self.file = Path(manifest_file).with_suffix(".inputs")

    def load(self) -> dict:
        try:
            with self.file.open("rb") as fh, frozen_when_loaded():
                data = pickle.load(fh)
        except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError):
            data = {}
        return data if isinstance(data, dict) else {}

    def save(self, inputs: str, files: list[str], messages: list[str]) -> None:
        # (a pickle, its files in no particular order: 130,000 names at 50,000 shops are saved in a
        # hundredth of a second, not a tenth as sorted JSON)
        write_whole(self.file, flat_pickle({"inputs": inputs, "files": files, "messages": messages}))
