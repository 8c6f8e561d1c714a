"""``--format json``: the versioned contract documented in docs/json-output.md."""
from __future__ import annotations

import json

from ..finding import Applicability, Finding
from ..report import FileResult, Report

SCHEMA_VERSION = 1
_APPLICABILITY = {Applicability.SAFE: "safe", Applicability.UNSAFE: "unsafe", Applicability.DISPLAY: "display"}


def finding_dict(result: FileResult, f: Finding) -> dict:
    doc = result.document
    line, col = doc.line_col(f.range.start)
    end_line, end_col = doc.line_col(f.range.end)
    fix = None
    if f.fix is not None:
        fix = {
            "applicability": _APPLICABILITY[f.fix.applicability],
            "edits": [{"start": e.range.start, "end": e.range.end, "replacement": e.replacement}
                      for e in f.fix.edits],
        }
    return {
        "rule": f.code,
        "name": f.name,
        "category": f.category.value,
        "severity": f.severity.value,
        "start": f.range.start,
        "end": f.range.end,
        "line": line,
        "column": col,
        "end_line": end_line,
        "end_column": end_col,
        "text": doc.source[f.range.start:f.range.end],
        "message": f.message,
        "suggestion": f.suggestion,
        "fix": fix,
    }


def file_dict(result: FileResult) -> dict:
    return {
        "path": result.path,
        "format": result.document.format,
        "encoding": result.document.encoding,
        "words": result.stats.words,
        "score": result.score.value,
        "penalty": result.score.penalty,
        "penalty_per_1000_words": result.score.per_1000_words,
        "passed": result.passed,
        "counts": {"by_severity": result.stats.by_severity(), "by_category": result.stats.by_category()},
        "findings": [finding_dict(result, f) for f in result.findings],
    }


def render(report: Report, **_: object) -> str:
    data = {
        "schema_version": SCHEMA_VERSION,
        "signature": report.signature,
        "gate": {"fail_under": report.fail_under, "fail_on": report.fail_on},
        "summary": {
            "files": len(report.files),
            "failed_files": sum(1 for f in report.files if not f.passed),
            "errors": len(report.errors),
            "words": report.stats.words,
            "findings": report.findings,
            "score": report.score.value,
            "penalty_per_1000_words": report.score.per_1000_words,
            "passed": report.passed,
            "by_severity": report.stats.by_severity(),
            "by_category": report.stats.by_category(),
        },
        "files": [file_dict(r) for r in report.files],
        "errors": [{"path": e.path, "message": e.message} for e in report.errors],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
