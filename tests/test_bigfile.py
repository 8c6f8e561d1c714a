"""One huge file: the engine's bounded caches and linear helpers give exactly the findings of
the unbounded ones (speed and memory are measured by bench/bigfile.py, not here)."""
from __future__ import annotations

import dataclasses
import re

import pytest

from mtcheck.config import Settings, tomllib
from mtcheck.document import TextBuilder, count_words
from mtcheck.lint import Linter, check_text
from mtcheck.readers import parse, read_plain
from mtcheck.rules import base
from mtcheck.rules.base import Context
from mtcheck.rules.segment import block_words, sentence_at, sentence_spans, word_spans

from .conftest import FIXTURES, SEED


def _corpus() -> str:
    """The seed article and every failing case of the rule fixtures, as one document: every
    rule has something to find, and document-level rules (RP004, BP, CA evidence) see it all."""
    parts = [SEED.read_text(encoding="utf-8")]
    for path in sorted((FIXTURES / "rules").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        parts += [case["text"].strip() for case in data.get("fail", []) if case.get("format", "text") == "text"]
    return "\n\n".join(parts) + "\n"


def _facts(report) -> list[tuple]:
    (result,) = report.files
    return [(f.code, f.range.start, f.range.end, f.message, f.suggestion, f.fix) for f in result.findings]


def test_caches_kept_for_a_few_blocks_give_the_same_findings_as_kept_for_all(monkeypatch) -> None:
    text = _corpus()
    whole = _facts(check_text(text))
    assert len(whole) > 100 and len({code for code, *_ in whole}) > 30
    # What a huge file gets: per-block values and parses recomputed instead of kept.
    monkeypatch.setattr(base, "PER_BLOCK_BUDGET", 200)
    monkeypatch.setattr(base, "SLICE_BUDGET", 2)
    assert _facts(check_text(text)) == whole


def test_per_block_values_are_kept_up_to_the_budget_then_recomputed(monkeypatch) -> None:
    monkeypatch.setattr(base, "PER_BLOCK_BUDGET", 10)
    doc = read_plain("One two three.\n\nFour five.\n\nSix seven eight nine.\n")
    ctx = Context(doc=doc)
    words = ctx.shared(block_words)
    first, second, third = doc.blocks
    assert words[second] == [(16, 20, "Four"), (21, 25, "five")]
    assert words[second] is words[second]  # 10 characters: kept
    assert words[first] is not words[first]  # 14 characters: over what is left, recomputed
    assert words[first] == word_spans(doc.text, 0, 14)
    assert list(words) == list(doc.blocks) and len(words) == 3 and third in words
    assert ctx.shared(block_words) is words
    # An equal Block that is not one of the document's own gets the same value, computed anew.
    twin = dataclasses.replace(second)
    assert twin == second and twin is not second
    assert words[twin] == words[second] and words[twin] is not words[second]


def test_block_at_and_sentence_at_find_what_a_scan_finds() -> None:
    doc = read_plain("Title line\n\nMr. Smith came. He left! Did he?\n\n- an item. Two.\n\n\nEnd here.")
    ctx = Context(doc=doc)
    for at in range(len(doc.text) + 1):
        scanned = next((b for b in doc.blocks if b.range.start <= at < b.range.end), None)
        assert ctx.block_at(at) == scanned
        if scanned is not None:
            spans = sentence_spans(doc.text, scanned.range.start, scanned.range.end)
            expected = next(((s, e) for s, e in spans if s <= at < e), None)
            assert sentence_at(ctx, scanned, at) == expected


def test_words_are_counted_in_chunks_as_in_one_pass() -> None:
    word = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
    text = ("state-of-the-art don’t  x\n" * 9000) + "tail" + "y" * 70000 + " end"
    assert len(text) > 3 * 65536
    assert count_words(text) == len(word.findall(text)) == 9000 * 3 + 2


def test_verbatim_pieces_merge_without_changing_any_position() -> None:
    source = "<p>One two &amp; three</p>"
    pieces = TextBuilder()  # word by word, as the HTML reader appends them
    for s, e in ((3, 6), (6, 7), (7, 10), (10, 11)):
        pieces.verbatim(source, s, e)
    pieces.replace("&", 11, 16)
    pieces.verbatim(source, 16, 22)
    whole = TextBuilder()  # the same text in the fewest pieces
    whole.verbatim(source, 3, 11)
    whole.replace("&", 11, 16)
    whole.verbatim(source, 16, 22)
    assert pieces.build() == whole.build() == "One two & three"
    assert len(pieces.offsets._t_starts) == 3  # the four pieces before "&" are one segment
    n = len(whole.build())
    for i in range(n + 1):
        for j in range(i, n + 1):
            assert pieces.offsets.to_source(i, j) == whole.offsets.to_source(i, j)
    r = pieces.offsets.to_source(8, 9)
    assert source[r.start:r.end] == "&amp;"


def test_accepted_phrases_suppress_only_findings_inside_them() -> None:
    text = "A U -turn. Then a U -turn again.\n\nAnd one more U -turn here, and U  -turn."
    all_found = _facts(check_text(text, select=("HY001",)))
    assert len(all_found) == 4
    kept = _facts(check_text(text, select=("HY001",), accept=("a u -turn",)))
    # "A U -turn" and "a U -turn" are accepted; "more U -turn" is not inside an accepted phrase.
    assert [start for _, start, *_ in kept] == [start for _, start, *_ in all_found[2:]]


def test_many_directives_suppress_as_before() -> None:
    lines = []
    for i in range(300):
        if i % 3 == 0:
            lines.append("<!-- mtcheck: ignore-next-line HY -->")
        elif i % 3 == 1:
            lines.append("<!-- mtcheck: disable HY001 -->")
        lines.append(f"Paragraph {i} has a U -turn.")
        if i % 3 == 1:
            lines.append("<!-- mtcheck: enable HY001 -->")
        lines.append("")
    doc = parse("\n".join(lines), "big.md", "markdown")
    result = Linter(Settings(select=("HY001",))).check_document(doc)
    flagged = {int(re.search(r"Paragraph (\d+)", doc.source[f.range.start - 20:f.range.end]).group(1))
               for f in result.findings}
    assert flagged == {i for i in range(300) if i % 3 == 2}


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_markup_of_many_blocks_maps_every_finding_to_its_source(fmt: str) -> None:
    para = "He wants a U -turn &amp; more for $ 70 billion."
    body = "\n\n".join(para for _ in range(400)) if fmt == "markdown" else \
        "".join(f"<p>{para}</p>\n" for _ in range(400))
    (result,) = check_text(body, format=fmt, select=("HY001", "LC004")).files
    assert len(result.findings) == 800
    assert {body[f.range.start:f.range.end] for f in result.findings} == {"U -turn", "$ 70"}
