"""``--format sarif``: a SARIF 2.1.0 log (one run) for GitHub code scanning, Azure DevOps, IDE viewers.

The mapping is documented in docs/output-formats.md. The output is deterministic: no timestamps, no
absolute working directory, rules in selection order, results in report order.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..finding import Applicability, Finding, Severity
from ..report import FileResult, Report
from ..rules.base import RuleMeta
from .json import dumps_indented

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
LEVELS = {Severity.MINOR: "note", Severity.MAJOR: "warning", Severity.CRITICAL: "error"}
FINGERPRINT_KEY = "mtcheckFindingHash/v1"
_MIME = {"text": "text/plain", "markdown": "text/markdown", "html": "text/html", "xliff": "application/xliff+xml",
         "tmx": "application/x-tmx+xml", "po": "text/x-gettext-translation", "jsonl": "application/jsonl"}


def artifact_uri(path: str) -> str:
    """A relative URI reference for ``path``: forward slashes, percent-encoded; ``<stdin>`` is
    ``stdin``. An absolute path under the working directory is made relative to it; any other
    absolute path becomes a ``file://`` URI."""
    if path == "<stdin>":
        return "stdin"
    native = Path(path)
    if native.is_absolute():
        try:
            posix = native.resolve().relative_to(Path.cwd().resolve()).as_posix()
        except ValueError:
            return native.as_uri()
    else:
        posix = path.replace("\\", "/")
        while posix.startswith("./"):
            posix = posix[2:]
    return quote(posix, safe="/-._~!$&'()*+,;=@")


def _rule_doc(code: str) -> tuple[str, str]:
    """(summary, markdown documentation) of a rule, from the registry."""
    from ..rules import REGISTRY

    rule = REGISTRY.get(code)
    if rule is None:
        return code, code
    return rule.summary or code, rule.doc or rule.summary or code


def _tags(meta: RuleMeta) -> list[str]:
    tags = ["translation-quality"]
    for tag in (meta.category.value.split("/", 1)[0], meta.category.value, meta.severity.value):
        if tag not in tags:
            tags.append(tag)
    return tags


def rule_descriptor(meta: RuleMeta) -> dict:
    summary, doc = _rule_doc(meta.code)
    body = doc.split("\n", 1)[1].strip() if "\n" in doc else ""
    return {
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": body or summary},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": LEVELS[meta.severity]},
        "properties": {
            "category": meta.category.value,
            "severity": meta.severity.value,
            "fix": meta.fix.value,
            "tags": _tags(meta),
        },
    }


def _region(result: FileResult, start: int, end: int, snippet: bool = True) -> dict:
    line, col = result.line_col(start)
    end_line, end_col = result.line_col(end)
    region = {
        "startLine": line,
        "startColumn": col,
        "endLine": end_line,
        "endColumn": end_col,
        "charOffset": start,
        "charLength": end - start,
    }
    if snippet:
        region["snippet"] = {"text": result.excerpt(start, end)}
    return region


def _message(f: Finding) -> str:
    if f.suggestion and f.suggestion not in f.message:
        return f"{f.message} (suggestion: {f.suggestion})"
    return f.message


def _fingerprint(result: FileResult, f: Finding, seen: dict[str, int]) -> str:
    """Stable across edits elsewhere in the file: the rule, the flagged text and its line's
    text, plus an occurrence counter for identical triples."""
    line, _ = result.line_col(f.range.start)
    _, line_text = result.line_text(line)
    key = "\0".join((f.code, result.excerpt(f.range.start, f.range.end), " ".join(line_text.split())))
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    seen[digest] = seen.get(digest, 0) + 1
    return f"{digest}:{seen[digest]}"


def _fix(result: FileResult, f: Finding, location: dict) -> list[dict]:
    if f.fix is None or f.fix.applicability is not Applicability.SAFE or not f.fix.edits:
        return []
    if len(f.fix.edits) == 1:
        e = f.fix.edits[0]
        old = result.excerpt(e.range.start, e.range.end)
        what = (f"replace “{old}” with “{e.replacement}”" if old and e.replacement
                else f"delete “{old}”" if old else f"insert “{e.replacement}”")
    else:
        what = f"apply {len(f.fix.edits)} edits"
    return [{
        "description": {"text": f"{f.code} (safe fix): {what}"},
        "artifactChanges": [{
            "artifactLocation": location,
            "replacements": [{
                "deletedRegion": _region(result, e.range.start, e.range.end, snippet=False),
                "insertedContent": {"text": e.replacement},
            } for e in sorted(f.fix.edits, key=lambda e: (e.range.start, e.range.end))],
        }],
    }]


def sarif_log(report: Report) -> dict:
    rules = [rule_descriptor(m) for m in report.rules]
    rule_index = {m.code: i for i, m in enumerate(report.rules)}
    artifacts: list[dict] = []
    artifact_index: dict[str, int] = {}
    results: list[dict] = []
    file_props: list[dict] = []
    for fr in report.files:
        uri = artifact_uri(fr.path)
        if uri not in artifact_index:
            artifact_index[uri] = len(artifacts)
            artifact = {"location": {"uri": uri}, "roles": ["analysisTarget"],
                        "mimeType": _MIME.get(fr.document.format, "text/plain"),
                        "encoding": fr.document.encoding}
            artifacts.append(artifact)
        location = {"uri": uri, "index": artifact_index[uri]}
        file_props.append({"uri": uri, "path": fr.path, "words": fr.stats.words, "findings": len(fr.findings),
                           "score": fr.score.value, "penaltyPer1000Words": fr.score.per_1000_words,
                           "passed": fr.passed})
        seen: dict[str, int] = {}
        for f in fr.findings:
            res: dict = {"ruleId": f.code}
            if f.code in rule_index:
                res["ruleIndex"] = rule_index[f.code]
            res["level"] = LEVELS[f.severity]
            res["message"] = {"text": _message(f)}
            res["locations"] = [{"physicalLocation": {
                "artifactLocation": location,
                "region": _region(fr, f.range.start, f.range.end),
            }}]
            res["partialFingerprints"] = {FINGERPRINT_KEY: _fingerprint(fr, f, seen)}
            fixes = _fix(fr, f, location)
            if fixes:
                res["fixes"] = fixes
            props: dict = {"category": f.category.value, "severity": f.severity.value}
            if f.suggestion:
                props["suggestion"] = f.suggestion
            if f.fix is not None:
                props["fixApplicability"] = f.fix.applicability.name.lower()
            if fr.bilingual:  # the location stays the line and column in the file
                unit = fr.unit_of(f)
                props["unit"] = unit.id if unit else None
            res["properties"] = props
            results.append(res)

    invocation: dict = {"executionSuccessful": not report.errors}
    if report.errors:
        invocation["toolExecutionNotifications"] = [{
            "level": "error",
            "message": {"text": e.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(e.path)}}}],
            "descriptor": {"id": "input-error"},
        } for e in report.errors]

    run = {
        "tool": {"driver": {
            "name": "mtcheck",
            "version": __version__,
            "semanticVersion": __version__,
            "rules": rules,
        }},
        "invocations": [invocation],
        "artifacts": artifacts,
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {
            "signature": report.signature,
            "gate": {"failUnder": report.fail_under, "failOn": report.fail_on},
            "score": report.score.value,
            "words": report.stats.words,
            "passed": report.passed,
            "files": file_props,
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render(report: Report, **_: object) -> str:
    # log -> runs -> run -> results: each result written on its own (see dumps_indented)
    return dumps_indented(sarif_log(report), depth=4, end="\n")
