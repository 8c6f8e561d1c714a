"""Positions, fixes and findings: the values every other module passes around."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, IntEnum


@dataclass(frozen=True, slots=True, order=True)
class Range:
    """Half-open code-point range ``[start, end)`` into a document's source text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid range {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: "Range") -> bool:
        return self.start <= other.start and other.end <= self.end


class Applicability(IntEnum):
    """How safe a fix is to apply without a human looking (after ruff)."""

    DISPLAY = 0  # shown as a suggestion, never applied
    UNSAFE = 1  # applied only with --unsafe-fixes: may change wording
    SAFE = 2  # applied by --fix: mechanical, meaning-preserving


@dataclass(frozen=True, slots=True)
class Edit:
    range: Range
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    edits: tuple[Edit, ...]
    applicability: Applicability


class Severity(Enum):
    """MQM severities."""

    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls(value.strip().lower())
        except ValueError:
            choices = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown severity {value!r} (choose from {choices})") from None


_SEVERITY_RANK = {Severity.MINOR: 1, Severity.MAJOR: 2, Severity.CRITICAL: 3}


class Category(Enum):
    """MQM-aligned error categories; they drive weights and grouping."""

    UNTRANSLATED = "accuracy/untranslated"
    ADDITION = "accuracy/addition"
    MISTRANSLATION = "accuracy/mistranslation"
    OMISSION = "accuracy/omission"
    LITERAL = "style/literal"
    SPELLING = "fluency/spelling"
    PUNCTUATION = "fluency/punctuation"
    GRAMMAR = "fluency/grammar"
    REPETITION = "fluency/repetition"
    LOCALE = "locale/convention"
    BOILERPLATE = "other/boilerplate"
    TERMINOLOGY = "terminology"


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    name: str
    category: Category
    severity: Severity
    range: Range
    message: str
    suggestion: str | None = None
    fix: Fix | None = None

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (self.range.start, self.range.end, self.code)
