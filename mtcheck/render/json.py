"""``--format json``: the versioned contract documented in docs/json-output.md."""
from __future__ import annotations

import json
from collections.abc import Iterator

from ..finding import Applicability, Finding
from ..report import FileResult, Report

SCHEMA_VERSION = 1
_APPLICABILITY = {Applicability.SAFE: "safe", Applicability.UNSAFE: "unsafe", Applicability.DISPLAY: "display"}


def finding_dict(result: FileResult, f: Finding) -> dict:
    line, col = result.line_col(f.range.start)
    end_line, end_col = result.line_col(f.range.end)
    fix = None
    if f.fix is not None:
        fix = {
            "applicability": _APPLICABILITY[f.fix.applicability],
            "edits": [{"start": e.range.start, "end": e.range.end, "replacement": e.replacement}
                      for e in f.fix.edits],
        }
    data = {
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
    }
    if result.bilingual:  # only then: a monolingual file's findings are as they always were
        unit = result.unit_of(f)
        data["unit"] = unit.id if unit else None
    data.update(text=result.excerpt(f.range.start, f.range.end), message=f.message, suggestion=f.suggestion,
                fix=fix)
    return data


def file_dict(result: FileResult, findings: bool = True) -> dict:
    """A ``files`` entry; with ``findings=False`` without its last key, ``findings`` (for
    writers that stream the findings one by one)."""
    out = {
        "path": result.path,
        "format": result.document.format,
        "encoding": result.document.encoding,
        "words": result.stats.words,
        "score": result.score.value,
        "penalty": result.score.penalty,
        "penalty_per_1000_words": result.score.per_1000_words,
        "passed": result.passed,
        "counts": {"by_severity": result.stats.by_severity(), "by_category": result.stats.by_category()},
    }
    if findings:
        out["findings"] = [finding_dict(result, f) for f in result.findings]
    return out


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
        "files": (file_dict(r) for r in report.files),  # each made and written in turn
        "errors": [{"path": e.path, "message": e.message} for e in report.errors],
    }
    return dumps_indented(data, depth=2, end="\n")


def dumps_indented(value: object, depth: int, end: str = "") -> str:
    """Exactly ``json.dumps(value, ensure_ascii=False, indent=2)``, but the outer ``depth`` levels
    of dicts and lists (or iterators, taken as lists) are written item by item: json's indenting
    encoder keeps every token it writes until it is done, many times the output for a large
    report, where this keeps one item's tokens and the text written so far. ``end`` is appended."""
    out: list[str] = []
    _write_indented(value, depth, "", out)
    out.append(end)
    return "".join(out)


def _write_indented(value: object, depth: int, pad: str, out: list[str]) -> None:
    inner = pad + "  "
    if depth and isinstance(value, dict) and value and all(isinstance(k, str) for k in value):
        out.append("{")
        for i, (k, v) in enumerate(value.items()):
            out.append(f"{',' if i else ''}\n{inner}{json.dumps(k, ensure_ascii=False)}: ")
            _write_indented(v, depth - 1, inner, out)
        out.append(f"\n{pad}}}")
    elif depth and isinstance(value, (list, Iterator)):
        empty = True
        for v in value:
            out.append(f"{'[' if empty else ','}\n{inner}")
            empty = False
            _write_indented(v, depth - 1, inner, out)
        out.append("[]" if empty else f"\n{pad}]")
    else:
        text = json.dumps(value, ensure_ascii=False, indent=2)
        out.append(text.replace("\n", "\n" + pad) if pad else text)  # JSON strings hold no raw line break
