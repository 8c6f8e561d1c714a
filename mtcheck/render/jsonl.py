"""``--format jsonl``: JSON Lines, one object per file as it is finished, then a summary.

Each file line has exactly the shape of a ``files`` entry of ``--format json``
(:func:`mtcheck.render.json.file_dict`); the last line is
``{"summary": …, "signature": …, "gate": …, "errors": […], "schema_version": 1}`` with the
``summary`` of ``--format json``. The CLI writes the lines while it checks (see ``cli._run``),
keeping only the running totals, so memory stays flat however many files there are.
"""
from __future__ import annotations

import json
from typing import Iterator

from ..report import FileError, FileResult, Report
from ..scoring import Stats, score
from .json import SCHEMA_VERSION, file_dict, finding_dict


class Totals:
    """What the summary line needs, accumulated one file at a time."""

    def __init__(self) -> None:
        self.files = self.failed = self.findings = 0
        self.stats = Stats()

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.failed += not result.passed
        self.findings += len(result.findings)
        self.stats = self.stats + result.stats

    @property
    def passed(self) -> bool:
        return self.failed == 0


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def file_line(result: FileResult) -> str:
    return "".join(file_line_pieces(result))


def file_line_pieces(result: FileResult) -> Iterator[str]:
    """:func:`file_line` in pieces, one finding at a time: a file with a hundred thousand
    findings is never held as one dict and one string."""
    head = json.dumps(file_dict(result, findings=False), ensure_ascii=False, separators=(",", ":"))
    yield head[:-1] + ',"findings":['
    for i, f in enumerate(result.findings):
        item = json.dumps(finding_dict(result, f), ensure_ascii=False, separators=(",", ":"))
        yield item if i == 0 else "," + item
    yield "]}\n"


def summary_line(totals: Totals, errors: list[FileError] | tuple[FileError, ...], signature: str,
                 fail_under: float, fail_on: str | None) -> str:
    total = score(totals.stats)
    return _dumps({
        "summary": {
            "files": totals.files,
            "failed_files": totals.failed,
            "errors": len(errors),
            "words": totals.stats.words,
            "findings": totals.findings,
            "score": total.value,
            "penalty_per_1000_words": total.per_1000_words,
            "passed": totals.passed,
            "by_severity": totals.stats.by_severity(),
            "by_category": totals.stats.by_category(),
        },
        "signature": signature,
        "gate": {"fail_under": fail_under, "fail_on": fail_on},
        "errors": [{"path": e.path, "message": e.message} for e in errors],
        "schema_version": SCHEMA_VERSION,
    })


def render(report: Report, **_: object) -> str:
    totals = Totals()
    lines = []
    for r in report.files:
        totals.add(r)
        lines.append(file_line(r))
    lines.append(summary_line(totals, report.errors, report.signature, report.fail_under, report.fail_on))
    return "".join(lines)
