"""Problems found in the input, and the three ways they are printed.

Every problem is a :class:`Diagnostic` pointing at a file, a line and a column
(1-based, like compilers and editors), so a merchant can go straight to it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Iterable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    col: int
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def _github_escape(text: str, *, prop: bool = False) -> str:
    # https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(d: Diagnostic) -> str:
    kind = "error" if d.is_error else "warning"
    return (
        f"::{kind} file={_github_escape(d.path, prop=True)},line={d.line},"
        f"col={d.col}::{_github_escape(d.message)}"
    )


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([asdict(d) for d in diagnostics], ensure_ascii=False, indent=2)


def sort_key(d: Diagnostic):
    return (d.path, d.line, d.col, d.severity, d.message)
