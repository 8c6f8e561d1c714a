"""Results: what renderers see."""
from __future__ import annotations

from dataclasses import dataclass

from .document import Document
from .finding import Finding
from .rules.base import RuleMeta
from .scoring import Score, Stats


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
