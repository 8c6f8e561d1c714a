"""Property tests: whatever the text, checking never crashes, every range is valid and every
finding's text is the source slice it points at; output is deterministic."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtcheck.lint import check_text
from mtcheck.render import RENDERERS

PIECES = st.sampled_from([
    "U -turn", "Manhattan-for", " -for ", "billion.The", "$ 70", "5 %", "2,4 billion", "70.000 people",
    "„quote“", "»x«", "  ", "\u00a0 ", " the the ", "a b a b", "ofthe", "\n", "\r\n", "\n\n", "# ", "* ",
    "`code`", "[link](http://x.y)", "&amp;", "<p>", "</p>", "<script>", "é", "\u0301", "\u200b", "שלום",
    "😀", "\x07", "-", "—", ".", ",", "As a Tech Industry expert, I see", "first appeared on X.",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, fmt=st.sampled_from(["text", "markdown", "html"]))
def test_ranges_are_valid_and_deterministic(text: str, fmt: str) -> None:
    report = check_text(text, format=fmt)
    (result,) = report.files
    source = result.document.source
    assert source == text
    for f in result.findings:
        assert 0 <= f.range.start <= f.range.end <= len(source)
        assert f.range.start < f.range.end
        if f.fix is not None:
            for e in f.fix.edits:
                assert 0 <= e.range.start <= e.range.end <= len(source)
    assert RENDERERS["json"](report) == RENDERERS["json"](check_text(text, format=fmt))
    RENDERERS["text"](report)
