"""Every rule on its own fixture file, with only that rule selected (fixtures/rules/CODE.toml).

A case with ``source = "..."`` is bilingual: its text is read as plain text and each block gets a
segment whose German source is the paragraph of ``source`` at the same position (paragraphs are
separated by blank lines; target blocks beyond the source's paragraphs get none).
"""
from __future__ import annotations

import pytest

from mtcheck.bilingual import pair_with_source
from mtcheck.config import Settings, tomllib
from mtcheck.document import Document
from mtcheck.finding import Applicability
from mtcheck.fix import apply_fixes
from mtcheck.lint import Linter, check_text
from mtcheck.readers import read_plain

from .conftest import FIXTURES

RULE_FIXTURES = sorted((FIXTURES / "rules").glob("*.toml"))


def _cases(kind: str):
    for path in RULE_FIXTURES:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for i, case in enumerate(data.get(kind, [])):
            name = case.get("name", str(i))
            yield pytest.param(data["rule"], case, id=f"{data['rule']}-{kind}-{name}")


def _check(code: str, case: dict):
    if "source" in case:
        linter = Linter(Settings().with_overrides(select=(code,)))
        return linter.check_document(paired_document(case["text"], case["source"]))
    report = check_text(case["text"], format=case.get("format", "text"), select=(code,))
    (result,) = report.files
    return result


def paired_document(text: str, source: str) -> Document:
    """``text`` as plain text, its paragraphs paired in order with those of the German
    ``source``, as ``mtcheck check --source`` pairs them."""
    return pair_with_source(read_plain(text), source, "de")


def _find(text: str, match: str, occurrence: int) -> int:
    pos = -1
    for _ in range(occurrence):
        pos = text.find(match, pos + 1)
        assert pos >= 0, f"fixture error: {match!r} occurs fewer than {occurrence} times"
    return pos


@pytest.mark.parametrize("code,case", list(_cases("fail")))
def test_fail_case(code: str, case: dict) -> None:
    result = _check(code, case)
    source = result.document.source
    got = [(f.range.start, f.range.end) for f in result.findings]
    expected = []
    for exp in case["expect"]:
        start = _find(source, exp["match"], exp.get("occurrence", 1))
        expected.append((start, start + len(exp["match"])))
    assert sorted(got) == sorted(expected), [source[a:b] for a, b in got]
    by_range = {(f.range.start, f.range.end): f for f in result.findings}
    for exp, rng in zip(case["expect"], expected):
        f = by_range[rng]
        assert f.code == code
        assert source[f.range.start:f.range.end] == exp["match"]
        if "suggestion" in exp:
            assert f.suggestion == exp["suggestion"]
        if "severity" in exp:
            assert f.severity.value == exp["severity"]
        if "line" in exp:
            assert result.document.line_col(f.range.start) == (exp["line"], exp["column"])
    if "fixed" in case:
        fixed, _ = apply_fixes(source, result.findings, Applicability.UNSAFE)
        assert fixed == case["fixed"]


@pytest.mark.parametrize("code,case", list(_cases("pass")))
def test_pass_case(code: str, case: dict) -> None:
    result = _check(code, case)
    assert [result.document.source[f.range.start:f.range.end] for f in result.findings] == []
