"""Sentences and words of the prose view, with offsets, for rules that need no spaCy tokens."""
from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from typing import Iterator, Mapping

from ..document import iter_words

# Closed-class English words: articles, pronouns, prepositions, conjunctions, auxiliaries, modals.
FUNCTION_WORDS = frozenset("""
a an the this that these those some any each every no all both either neither such
i me my mine we us our ours you your yours he him his she her hers it its they them their theirs
who whom whose which what there here
of to in for with on at by from into onto upon about above below over under after before
between among through during without within against toward towards across along around behind
beyond off out up down near than via per since until till
and or but nor so yet if as because while although though whether unless whereas
is are was were be been being am has have had having do does did done
will would shall should can could may might must not
""".split())

_ABBREVIATIONS = frozenset("""
mr mrs ms dr prof st jr sr vs etc inc co corp ltd fig approx gen gov sen rep rev
e.g i.e u.s u.k a.m p.m jan feb mar apr aug sept sep oct nov dec
""".split())

_BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[]*[A-Z0-9ÄÖÜ])")
_LAST_WORD = re.compile(r"([\w.]+)[.!?…]*[\"”’')\]]*$")


def sentence_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentences of ``text[start:end]`` as (start, end) offsets, without surrounding
    whitespace: a sentence ends at . ! ? followed by space and a capital or a digit (not after
    a common abbreviation or an initial)."""
    pos = start
    for m in _BOUNDARY.finditer(text, start, end):
        lw = _LAST_WORD.search(text, max(pos, m.start() - 12), m.end())
        word = lw.group(1).lower().rstrip(".") if lw else ""
        if text[m.start()] == "." and (word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())):
            continue
        yield from _strip(text, pos, m.end())
        pos = m.end()
    yield from _strip(text, pos, end)


def _strip(text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if a < b:
        yield a, b


def word_spans(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Words of ``text[start:end]`` (as ``iter_words`` finds them) with offsets in ``text``."""
    return [(start + m.start(), start + m.end(), m.group(0)) for m in iter_words(text[start:end])]


def block_words(ctx) -> Mapping:
    """Block -> its words with offsets; use as ``ctx.shared(block_words)[block]`` so that every
    rule reuses one split of the document (of its first blocks only, in a huge document: see
    :meth:`Context.per_block`)."""
    return ctx.per_block(_words_of_block)


def _words_of_block(ctx, block) -> list[tuple[int, int, str]]:
    return word_spans(ctx.text, block.range.start, block.range.end)


def sentence_at(ctx, block, at: int) -> tuple[int, int] | None:
    """The sentence of ``block`` (as :func:`sentence_spans` splits it) that holds prose-view
    offset ``at``, or None. The block's sentences are split once per document and found by
    bisection, so asking for every candidate of a long block costs no rescan of the block."""
    index = ctx.shared(_sentence_index)
    spans = index.get(block)
    if spans is None:
        spans = index[block] = _split_block(ctx.text, block)
    starts, ends = spans
    k = bisect_right(starts, at) - 1
    if k >= 0 and at < ends[k]:
        return starts[k], ends[k]
    return None


def _sentence_index(ctx) -> dict:
    return {}  # block -> (starts, ends) of its sentences, filled as blocks are asked for


def _split_block(text: str, block) -> tuple[array, array]:
    # Two arrays of 8-byte offsets: a huge block's index stays small next to its text.
    starts, ends = array("q"), array("q")
    for s, e in sentence_spans(text, block.range.start, block.range.end):
        starts.append(s)
        ends.append(e)
    return starts, ends


# --- the lower-case document: words and where they stand, for families that search for words ---

LETTER_RUN = re.compile(r"[^\W\d_]+")  # a word, as the idiom and false-friend prefilters see it
LETTER = re.compile(r"[^\W\d_]")  # a character of one
LOWER_VIEW_LIMIT = 1_000_000  # characters: above it, families search block by block


def blocks_holding(view: tuple[str, list[int], list[int]], needles, *,
                   apart: re.Pattern[str] | None = None) -> dict[int, set[str]]:
    """Block index -> the ``needles`` (non-empty lower-case strings) that occur in the block's
    lower-case text, for the blocks that hold any; ``view`` is from :func:`lowered_view`.
    With ``apart`` (a pattern of one character), an occurrence counts only where neither
    character next to it in the lower-case document matches (a whole word)."""
    low, starts, ends = view
    present: dict[int, set[str]] = {}
    for t in needles:
        p = low.find(t)
        while p >= 0:
            if apart is not None and ((p > 0 and apart.match(low, p - 1)) or apart.match(low, p + len(t))):
                p = low.find(t, p + 1)
                continue
            k = bisect_right(starts, p) - 1
            if k >= 0 and p + len(t) <= ends[k]:
                present.setdefault(k, set()).add(t)
                p = low.find(t, max(ends[k], p + 1))  # the next block that holds it
            else:
                p = low.find(t, p + 1)  # between blocks, or across a block's end
    return present


def lowered_view(ctx) -> tuple[str, list[int], list[int]] | None:
    """The lower-case prose view with the blocks' start and end offsets, when a block's
    lower-case copy is exactly the same slice of it; otherwise None.

    ``str.lower`` maps character by character except "İ" (two characters: every later offset
    moves) and "Σ" (final sigma depends on the next character, which a block may cut off). Blocks
    must be in order and disjoint, so that an offset belongs to at most one block, found by
    bisection. Not for a huge text (over ``LOWER_VIEW_LIMIT`` characters): the view and its offset
    lists would be held for the whole document, where per-block copies are kept in a budget."""
    text = ctx.text
    if len(text) > LOWER_VIEW_LIMIT:
        return None
    low = text.lower()
    if len(low) != len(text) or "Σ" in text:
        return None
    starts = [b.range.start for b in ctx.doc.blocks]
    ends = [b.range.end for b in ctx.doc.blocks]
    if any(s > e for s, e in zip(starts, ends)) or any(e > s for e, s in zip(ends, starts[1:])):
        return None
    return low, starts, ends


def lower_words(low: str) -> set[str]:
    """The words (``LETTER_RUN``) of an already lower-case text, and "n't" if it has one.

    Split at white space (far cheaper than the expression): a word of ``LETTER_RUN`` never holds
    white space, so each is a whole run of letters inside one piece; a piece of letters only
    (``isalpha``, a subset of ``LETTER_RUN``'s letters) is one word as it stands, and the other
    pieces (with punctuation or digits) are split with ``LETTER_RUN``. The same set."""
    words = set(low.split())
    odd = [w for w in words if not w.isalpha()]
    words.difference_update(odd)
    for w in odd:
        words.update(LETTER_RUN.findall(w))
    if "n't" in low or "n’t" in low:
        words.add("n't")
    return words


def document_words(ctx) -> set[str]:
    """:func:`lower_words` of the whole prose view (the runs of letters of ``text.lower()``,
    and "n't"), for ``ctx.shared``. Not for a huge text, whose every word it would hold."""
    view = ctx.shared(lowered_view)
    return lower_words(view[0] if view is not None else ctx.text.lower())
