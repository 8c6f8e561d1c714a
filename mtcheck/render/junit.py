"""``--format junit``: JUnit XML for CI test reports (GitLab, Jenkins, Azure DevOps, …).

One ``<testcase>`` per article: it fails (``<failure type="gate">``) when the article fails the
quality gate, and lists its findings; an unreadable file is an ``<error>``. Every piece of text
is stripped of the characters XML 1.0 cannot carry, so hostile input still gives well-formed XML.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..finding import Severity
from ..report import FileResult, Report

# Characters outside XML 1.0's Char production (C0 controls other than TAB/LF/CR, surrogates,
# U+FFFE, U+FFFF) are replaced by U+FFFD.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SUITE = "mtcheck"


def xml_text(value: object) -> str:
    return _NOT_XML.sub("\ufffd", str(value))


def _el(parent: ET.Element | None, tag: str, text: str | None = None, **attrs: object) -> ET.Element:
    clean = {k: xml_text(v) for k, v in attrs.items() if v is not None}
    el = ET.Element(tag, clean) if parent is None else ET.SubElement(parent, tag, clean)
    if text is not None:
        el.text = xml_text(text)
    return el


def _finding_lines(result: FileResult) -> str:
    out = []
    for f in result.findings:
        line, col = result.line_col(f.range.start)
        unit = result.unit_of(f)
        where = f"[unit {unit.id}] " if unit else ""
        text = f"{result.path}:{line}:{col}: {f.code} [{f.severity.value}] {where}{f.message}"
        if f.suggestion:
            text += f" (suggestion: {f.suggestion})"
        out.append(text)
    return "\n".join(out)


def gate_reasons(result: FileResult, report: Report) -> list[str]:
    reasons = []
    if result.score.value < report.fail_under:
        reasons.append(f"score {result.score.value:.1f} < {report.fail_under:g}")
    if report.fail_on:
        n = result.stats.count_at_least(Severity(report.fail_on))
        if n:
            reasons.append(f"{n} finding{'s' if n != 1 else ''} at severity {report.fail_on} or worse")
    return reasons or ["failed the quality gate"]


def _summary(result: FileResult) -> str:
    by = result.stats.by_severity()
    counts = ", ".join(f"{by[s.value]} {s.value}" for s in Severity)
    return (f"score {result.score.value:.1f} ({result.stats.words} words, {len(result.findings)} findings: "
            f"{counts})")


def junit_tree(report: Report) -> ET.Element:
    tests = len(report.files) + len(report.errors)
    failures = sum(1 for r in report.files if not r.passed)
    errors = len(report.errors)
    counts = {"tests": tests, "failures": failures, "errors": errors, "skipped": 0, "time": "0"}
    root = _el(None, "testsuites", name=_SUITE, **counts)
    suite = _el(root, "testsuite", name=_SUITE, **counts)
    props = _el(suite, "properties")
    _el(props, "property", name="signature", value=report.signature)
    _el(props, "property", name="fail_under", value=f"{report.fail_under:g}")
    _el(props, "property", name="fail_on", value=report.fail_on or "none")
    _el(props, "property", name="score", value=f"{report.score.value:.2f}")
    for result in report.files:
        case = _el(suite, "testcase", classname=_SUITE, name=result.path, time="0")
        if not result.passed:
            message = "; ".join(gate_reasons(result, report))
            _el(case, "failure", f"{_summary(result)}\n{_finding_lines(result)}".rstrip("\n"),
                message=message, type="gate")
        elif result.findings:
            _el(case, "system-out", f"{_summary(result)}\n{_finding_lines(result)}")
    for error in report.errors:
        case = _el(suite, "testcase", classname=_SUITE, name=error.path, time="0")
        _el(case, "error", error.message, message=error.message, type="input")
    return root


def render(report: Report, **_: object) -> str:
    root = junit_tree(report)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
