"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

    ::warning file=docs/a.md,line=3,col=5,endLine=3,endColumn=9,title=HY002::message (suggestion: …)

critical -> ``error``, major -> ``warning``, minor -> ``notice``. Values are escaped the way the
runner unescapes them: ``%``, CR and LF in the message; additionally ``:`` and ``,`` in properties.
Unreadable files become ``::error`` lines too, so that they are not lost in the log.
"""
from __future__ import annotations

from ..finding import Finding, Severity
from ..report import FileResult, Report

LEVELS = {Severity.MINOR: "notice", Severity.MAJOR: "warning", Severity.CRITICAL: "error"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _path(path: str) -> str | None:
    if path == "<stdin>":
        return None  # no file in the repository to annotate: the annotation goes to the run
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path


def command(level: str, message: str, **properties: object) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items()
                     if value is not None)
    return f"::{level}{' ' + props if props else ''}::{escape_data(message)}"


def _message(result: FileResult, f: Finding) -> str:
    unit = result.unit_of(f)
    message = f"[unit {unit.id}] {f.message}" if unit else f.message
    if f.suggestion and f.suggestion not in f.message:
        return f"{message} (suggestion: {f.suggestion})"
    return message


def annotation(result: FileResult, f: Finding) -> str:
    line, col = result.line_col(f.range.start)
    if f.range.end > f.range.start:  # the line of the last character, not of what follows
        end_line, last_col = result.line_col(f.range.end - 1)
        end_col = last_col + 1
    else:
        end_line, end_col = line, col
    same_line = end_line == line
    return command(LEVELS[f.severity], _message(result, f), file=_path(result.path), line=line,
                   col=col if same_line else None, endLine=end_line,
                   endColumn=end_col if same_line else None, title=f.code)


def render(report: Report, **_: object) -> str:
    lines = [annotation(r, f) for r in report.files for f in r.findings]
    lines += [command("error", e.message, file=_path(e.path), title="mtcheck: unreadable file")
              for e in report.errors]
    return "".join(line + "\n" for line in lines)
