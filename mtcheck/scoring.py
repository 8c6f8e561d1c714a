"""MQM-style scoring from additive statistics (see docs/scoring.md).

An article's ``Stats`` are its word count and its finding counts by category and severity.
Stats add up, so a corpus score is computed from the summed stats, never by averaging scores.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from .finding import Category, Finding, Severity

SCHEME = "mqm-exp100-v1"

SEVERITY_WEIGHTS = {Severity.MINOR: 1.0, Severity.MAJOR: 5.0, Severity.CRITICAL: 25.0}
# MQM (Freitag et al. 2021) counts a minor punctuation error as 0.1.
CATEGORY_SEVERITY_WEIGHTS = {(Category.PUNCTUATION, Severity.MINOR): 0.1}
# penalty per 1,000 words at which the score falls to 100/e ~ 36.8
SCALE = 100.0


def weight(category: Category, severity: Severity) -> float:
    return CATEGORY_SEVERITY_WEIGHTS.get((category, severity), SEVERITY_WEIGHTS[severity])


@dataclass(frozen=True)
class Stats:
    """Sufficient statistics of one article or a corpus; ``counts`` maps (category, severity)
    to a number of findings."""

    words: int = 0
    counts: Mapping[tuple[Category, Severity], int] = field(default_factory=dict)

    @classmethod
    def of(cls, words: int, findings: Iterable[Finding]) -> "Stats":
        counts: dict[tuple[Category, Severity], int] = {}
        for f in findings:
            key = (f.category, f.severity)
            counts[key] = counts.get(key, 0) + 1
        return cls(words, counts)

    def __add__(self, other: "Stats") -> "Stats":
        counts = dict(self.counts)
        for key, n in other.counts.items():
            counts[key] = counts.get(key, 0) + n
        return Stats(self.words + other.words, counts)

    @property
    def findings(self) -> int:
        return sum(self.counts.values())

    def count_at_least(self, severity: Severity) -> int:
        return sum(n for (_, sev), n in self.counts.items() if sev.rank >= severity.rank)

    def by_category(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for (cat, _), n in self.counts.items():
            out[cat.value] = out.get(cat.value, 0) + n
        return dict(sorted(out.items()))

    def by_severity(self) -> dict[str, int]:
        out = {s.value: 0 for s in Severity}
        for (_, sev), n in self.counts.items():
            out[sev.value] += n
        return out


@dataclass(frozen=True)
class Score:
    penalty: float
    per_1000_words: float
    value: float  # 0..100, higher is better


def score(stats: Stats) -> Score:
    """penalty = sum of weight x count; value = 100 * exp(-penalty per 1,000 words / SCALE)."""
    penalty = sum(weight(cat, sev) * n for (cat, sev), n in stats.counts.items())
    per_1000 = 1000.0 * penalty / max(stats.words, 1)
    return Score(round(penalty, 4), round(per_1000, 4), round(100.0 * math.exp(-per_1000 / SCALE), 2))


@dataclass(frozen=True)
class Gate:
    """When an article fails: score under ``fail_under``, or any finding at or above ``fail_on``."""

    fail_under: float = 80.0
    fail_on: Severity | None = Severity.CRITICAL

    def passed(self, stats: Stats, value: Score) -> bool:
        if value.value < self.fail_under:
            return False
        if self.fail_on is not None and stats.count_at_least(self.fail_on):
            return False
        return True
