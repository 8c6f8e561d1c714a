"""Robustness properties over hostile generated text (goes further than test_properties.py):
ranges and JSON ``text`` agree with the source, output is deterministic, fixes touch only their
own edit ranges, and re-checking + applying SAFE fixes converges."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mtcheck.finding import Applicability
from mtcheck.fix import apply_fixes
from mtcheck.lint import check_text
from mtcheck.render import RENDERERS

FORMATS = ["text", "markdown", "html"]

# Pieces that make rules fire (and fixes happen), mixed with hostile Unicode.
ARTEFACTS = [
    "U -turn", "$ 70", "„x“", "  ", "the the", " the the ", "Manhattan-for", " -for ", "billion.The",
    "5 %", "2,4 billion", "70.000 people", "»x«", "ofthe", "in the same time", "As a Tech Industry expert, I see",
    "first appeared on X.", "Good. ", "The company said", "\u00a0 ",
]
HOSTILE = [
    "\u0301", "e\u0301", "\u0308\u0308\u0308", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",  # combining, zero-width
    "\u200f", "\u202e", "\u2066", "שלום", "مرحبا بالعالم", "עברית U -turn",  # right-to-left, bidi controls
    "😀", "👩\u200d👩\u200d👧", "🇩🇪", "\U0001d54f",  # emoji, ZWJ sequences, flags, astral
    "\x00", "\x07", "\x1b[31m", "\x0b", "\x0c", "\x85", "\u2028", "\u2029",  # controls, odd line breaks
    "\r", "\n", "\r\n", "\n\n", "\r\n\r\n", "\t",
]
MARKUP = ["# ", "- ", "> ", "```", "`x`", "[a](http://x.y)", "<p>", "</p>", "<br>", "&amp;", "&nbsp;", "&#x2014;",
          "<script>", "</script>", "<!--", "-->", "<b>", "</b>", "*", "_"]
PIECES = st.sampled_from(ARTEFACTS + HOSTILE + MARKUP)
TEXT = st.lists(st.one_of(PIECES, PIECES, st.text(max_size=12)), max_size=40).map("".join)
PROP = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(text: str, fmt: str):
    report = check_text(text, format=fmt)
    (result,) = report.files
    return report, result


def _assert_valid(text: str, fmt: str) -> None:
    report, result = _check(text, fmt)
    source = result.document.source
    assert source == text
    for f in result.findings:
        assert 0 <= f.range.start < f.range.end <= len(source), f
        if f.fix is not None:
            for e in f.fix.edits:
                assert 0 <= e.range.start <= e.range.end <= len(source), f
    out = RENDERERS["json"](report)
    data = json.loads(out)
    emitted = data["files"][0]["findings"]
    assert len(emitted) == len(result.findings)
    for d in emitted:
        assert d["text"] == source[d["start"]:d["end"]]
        assert 0 <= d["start"] < d["end"] <= len(source)
    # deterministic: a second, independent run renders byte for byte the same
    assert RENDERERS["json"](check_text(text, format=fmt)) == out
    for fmt_name in ("text", "sarif", "github", "junit"):
        RENDERERS[fmt_name](report)


def _assert_fixes_local(text: str, fmt: str) -> None:
    """Applying every applicable fix changes nothing outside the taken edits' ranges."""
    _, result = _check(text, fmt)
    fixed, applied = apply_fixes(text, result.findings, Applicability.UNSAFE)
    # The same selection apply_fixes makes: by position, skipping fixes overlapping one taken.
    taken = []
    n_taken = 0
    for f in sorted(result.findings, key=lambda f: f.sort_key):
        if f.fix is None or f.fix.applicability < Applicability.UNSAFE:
            continue
        if any(_overlap(e.range, t.range) for e in f.fix.edits for t in taken):
            continue
        taken.extend(f.fix.edits)
        n_taken += 1
    assert applied == n_taken
    # Every gap between taken edits appears in the output unchanged, in order.
    pos_src = pos_out = 0
    for e in sorted(taken, key=lambda e: (e.range.start, e.range.end)):
        gap = text[pos_src:e.range.start]
        assert fixed[pos_out:pos_out + len(gap)] == gap
        assert fixed[pos_out + len(gap):pos_out + len(gap) + len(e.replacement)] == e.replacement
        pos_out += len(gap) + len(e.replacement)
        pos_src = e.range.end
    assert fixed[pos_out:] == text[pos_src:]
    assert len(fixed) == len(text) + sum(len(e.replacement) - len(e.range) for e in taken)


def _overlap(a, b) -> bool:
    if a.start == a.end == b.start == b.end:
        return True
    return a.start < b.end and b.start < a.end


def _assert_converges(text: str, fmt: str, passes: int = 6) -> None:
    current = text
    for _ in range(passes):
        _, result = _check(current, fmt)
        new, applied = apply_fixes(current, result.findings, Applicability.SAFE)
        if applied == 0:
            assert new == current
            return
        current = new
    pytest.fail(f"SAFE fixes did not converge within {passes} passes ({fmt}): {text!r} -> {current!r}")


@PROP
@given(text=TEXT, fmt=st.sampled_from(FORMATS))
@example(text="The U -turn costs $ 70 in the the „x“ Manhattan-for  area.\r\n", fmt="text")
@example(text="שלום U -turn \u202e$ 70\u202c the the\r", fmt="markdown")
@example(text="<p>e\u0301 U -turn &amp; $ 70</p>\r\n<p>the the</p>", fmt="html")
def test_hostile_text_ranges_json_and_determinism(text: str, fmt: str) -> None:
    _assert_valid(text, fmt)


@PROP
@given(text=TEXT, fmt=st.sampled_from(FORMATS))
@example(text="The U -turn costs $ 70. The the end.\n", fmt="text")
@example(text="„x“ and Manhattan-for  the the people. The U -turn costs $ 70.", fmt="markdown")
def test_fixes_stay_inside_their_edits_and_converge(text: str, fmt: str) -> None:
    _assert_fixes_local(text, fmt)
    _assert_converges(text, fmt)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(min_size=0, max_size=200), fmt=st.sampled_from(FORMATS))
def test_arbitrary_unicode(text: str, fmt: str) -> None:
    _assert_valid(text, fmt)
    _assert_fixes_local(text, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_give_the_same_findings(fmt: str, newline: str) -> None:
    lines = ["The U -turn costs $ 70.", "", "The the company said „x“ in the same time."]
    base = "\n".join(lines)
    text = newline.join(lines)
    _assert_valid(text, fmt)
    _assert_converges(text, fmt)
    codes = [f.code for f in _check(text, fmt)[1].findings]
    assert codes == [f.code for f in _check(base, fmt)[1].findings]


@pytest.mark.parametrize("fmt", FORMATS)
def test_very_long_line(fmt: str) -> None:
    unit = "The U -turn costs $ 70 and the the people wait. "
    text = (unit * (20_000 // len(unit) + 1))[:20_000]
    assert len(text) == 20_000 and "\n" not in text
    _assert_valid(text, fmt)
    _assert_fixes_local(text, fmt)
    report, result = _check(text, fmt)
    assert result.findings
    rendered = RENDERERS["text"](report)
    assert max(len(line) for line in rendered.splitlines()) < 400  # long lines are clipped around the span


@pytest.mark.parametrize("fmt", FORMATS)
def test_very_long_word_and_whitespace_runs(fmt: str) -> None:
    for text in ("x" * 8_000, " " * 8_000, "\u200b" * 8_000, "\u0301" * 8_000, "😀" * 8_000,
                 "the " * 2_000, "-" * 8_000, "\r\n" * 4_000):
        _assert_valid(text, fmt)
