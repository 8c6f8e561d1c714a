"""Results: what renderers see."""
from __future__ import annotations

from dataclasses import dataclass

from .document import Document
from .finding import Finding
from .rules.base import RuleMeta
from .scoring import Score, Stats


# Control characters in file names or text must not reach the terminal (escape sequences) or
# start a new output line; each becomes one visible character, so carets stay aligned.
_VISIBLE = {i: 0x2400 + i for i in range(32)} | {0x7F: 0x2421} | {i: 0xFFFD for i in range(0x80, 0xA0)} \
    | {0x2028: 0xFFFD, 0x2029: 0xFFFD}


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: control characters shown as visible symbols."""
    return text.translate(_VISIBLE) 

@dataclass(frozen=True)
class FileError:
    path: str
    message: str


@dataclass(frozen=True)
class FileResult:
    document: Document
    findings: tuple[Finding, ...]
    stats: Stats
    score: Score
    passed: bool

    @property
    def path(self) -> str:
        return self.document.path


@dataclass(frozen=True)
class Report:
    files: tuple[FileResult, ...]
    errors: tuple[FileError, ...]
    rules: tuple[RuleMeta, ...]
    stats: Stats  # summed over files
    score: Score  # from the summed stats, never an average of file scores
    signature: str
    fail_under: float
    fail_on: str | None

    @property
    def passed(self) -> bool:
        return all(f.passed for f in self.files)

    @property
    def findings(self) -> int:
        return sum(len(f.findings) for f in self.files)
