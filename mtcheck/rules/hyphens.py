"""HY: hyphens, dashes, spacing around them, fused and split words."""
from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Iterator

from ..finding import Applicability, Category, Finding, Severity
from .base import Context, FixAvailability, rule
from .wordlists import words_with_zipf_at_least, zipf

# Words that, glued to a hyphen at the end of a compound, show a dash lost its spaces:
# "Manhattan-for", "data protection-but". Particles (in, on, up, off, by, to) form real
# compounds (built-in, sign-up, stand-by) and are left out.
_DASH_GLUE_WORDS = frozenset(
    "for but and or because which while although whereas yet with without from than if "
    "the that this these those so".split())
_SUSPENSION_WORDS = frozenset("and or to nor und bis oder through versus vs as".split())
_REAL_COMPOUNDS = frozenset({"either-or", "if-then", "and-or", "so-so", "what-if", "also-ran"})
_PREFIXES = frozenset("e u t x a b c d g h i j k l m n o p q r s v w y z co re pre non anti ex "
                      "self post pro semi sub super multi inter intra mid neo".split())

_SPACE_THEN_HYPHEN = re.compile(r"(?<![\w\-–])([^\W\d_][\w’']*)([ \u00a0]+)-([^\W\d_]{2,}[\w’']*)(?![\w’'-])")
_HYPHEN_THEN_SPACE = re.compile(r"(?<![\w\-])([^\W\d_][\w’']*)-([ \u00a0]+)([^\W\d_]{2,}[\w’']*)")
# Cheap necessary conditions, searched first: the full patterns start at every word.
_HINT_SPACE_HYPHEN = re.compile(r"[ \u00a0]-[^\W\d_]")
_HINT_HYPHEN_SPACE = re.compile(r"-(?<=[^\W\d_]-)[ \u00a0]")
_HINT_GLUED_DASH = re.compile(r"-(?:" + "|".join(sorted(_DASH_GLUE_WORDS)) + r")(?![\w’'-])", re.IGNORECASE)
_GLUED_DASH = re.compile(r"(?<![\w’'-])((?:[^\W_]+-)*[^\W\d_]{2,}[\w’']*)-([A-Za-z]+)(?![\w’'-])")


@rule("HY001", "spaced-hyphen", Category.SPELLING, Severity.MINOR, fix=FixAvailability.ALWAYS)
def spaced_hyphen(ctx: Context) -> Iterator[Finding]:
    """A compound's hyphen with a space on one side: "U -turn", "e- mail".

    ## What it flags
    A hyphen with a space before it and a word glued after it ("a U -turn"), or a word glued
    before it and a space after it ("the e- mail"), where the words form one compound. A
    detached hyphen followed by a conjunction or preposition is a dash instead (HY002).

    ## Why it matters
    Machine translation and copy-paste from German layouts break compounds apart; readers stumble
    over "U -turn" and spell checkers do not catch it.

    ## Example
    Flagged: Zuckerberg wants a U -turn.
    Use instead: Zuckerberg wants a U-turn.

    ## Fix safety
    Safe when the first part is a letter or a prefix ("U-turn", "e-mail", "co-founder");
    otherwise unsafe, since a dash may have been meant.

    ## Data
    Built-in lists of prefixes and of words that end a suspended compound ("seven- to
    eight-figure", "state- and privately owned"), which are correct and never flagged.
    """
    text = ctx.text
    for m in _SPACE_THEN_HYPHEN.finditer(text) if _HINT_SPACE_HYPHEN.search(text) else ():
        left, right = m.group(1), m.group(3)
        if right.lower() in _DASH_GLUE_WORDS:
            continue  # HY002
        yield _join(ctx, m, left, right)
    for m in _HYPHEN_THEN_SPACE.finditer(text) if _HINT_HYPHEN_SPACE.search(text) else ():
        left, right = m.group(1), m.group(3)
        if right.lower() in _SUSPENSION_WORDS or left.lower() not in _PREFIXES:
            continue  # suspended hyphen, or HY002
        yield _join(ctx, m, left, right)


def _join(ctx: Context, m: re.Match[str], left: str, right: str) -> Finding:
    joined = f"{left}-{right}"
    safe = left.lower() in _PREFIXES
    return ctx.flag(m.start(), m.end(), f"hyphen detached from its compound: write “{joined}”",
                    suggestion=joined, replacement=joined,
                    applicability=Applicability.SAFE if safe else Applicability.UNSAFE)


@rule("HY002", "glued-dash", Category.PUNCTUATION, Severity.MINOR, fix=FixAvailability.ALWAYS)
def glued_dash(ctx: Context) -> Iterator[Finding]:
    """A dash written as a hyphen and glued to a word: "Manhattan-for", "announced -for".

    ## What it flags
    A hyphen joining a word to a conjunction or preposition that starts the next phrase
    ("the size of Manhattan-for hundreds of billions", "data protection-but does not"), a hyphen
    with a space before it and such a word glued after it ("announced -for"), or a hyphen glued
    to the previous word with a space after it ("protection- but"). Real compounds
    ("built-in", "tit-for-tat", "state-of-the-art") and suspended hyphens ("seven- to
    eight-figure") are not flagged.

    ## Why it matters
    German layouts and machine translation turn a spaced dash ("–") into a bare hyphen that
    fuses two unrelated words.

    ## Example
    Flagged: data centers the size of Manhattan-for hundreds of billions
    Use instead: data centers the size of Manhattan – for hundreds of billions

    ## Fix safety
    Safe: replaces the hyphen with a spaced en dash.

    ## Data
    Built-in list of words that begin a phrase (for, but, and, or, because, which, with, …).
    """
    text = ctx.text
    for m in _GLUED_DASH.finditer(text) if _HINT_GLUED_DASH.search(text) else ():
        left, right = m.group(1), m.group(2)
        if right.lower() not in _DASH_GLUE_WORDS or f"{left.split('-')[-1]}-{right}".lower() in _REAL_COMPOUNDS:
            continue
        if left.split("-")[-1].lower() == right.lower():
            continue
        hyphen = m.end(1)
        yield ctx.flag(m.start(), m.end(), "hyphen used as a dash: add spaces around a dash",
                       suggestion=f"{left} – {right}", edits=[(hyphen, hyphen + 1, " – ")])
    for m in _SPACE_THEN_HYPHEN.finditer(text) if _HINT_SPACE_HYPHEN.search(text) else ():
        right = m.group(3)
        if right.lower() not in _DASH_GLUE_WORDS:
            continue
        hyphen = m.end(2)
        yield ctx.flag(hyphen, m.end(), "dash glued to the next word: put a space after it",
                       suggestion=f"– {right}", edits=[(hyphen, hyphen + 1, "– ")])
    for m in _HYPHEN_THEN_SPACE.finditer(text) if _HINT_HYPHEN_SPACE.search(text) else ():
        left, right = m.group(1), m.group(3)
        if right.lower() in _SUSPENSION_WORDS or left.lower() in _PREFIXES:
            continue
        hyphen = m.end(1)
        yield ctx.flag(m.start(), hyphen + 1, "dash glued to the previous word: put a space before it",
                       suggestion=f"{left} –", edits=[(hyphen, hyphen + 1, " –")])


_MISSING_SPACE = re.compile(r"(?<=[a-z]{2})([.!?;:,])([A-Za-z][a-z]+)")
# Necessary for a _MISSING_SPACE match; it starts at the (sparse) marks, so it scans several
# times faster than _MISSING_SPACE, which starts with a lookbehind at every position.
_HINT_MISSING_SPACE = re.compile(r"[.!?;:,](?<=[a-z]{2}[.!?;:,])[A-Za-z][a-z]")
_URLISH = re.compile(r"://|www\.|@|/|\.(?:com|org|net|de|io|html?|php|co|uk|ai)\b", re.IGNORECASE)


@rule("HY003", "missing-space-after-punctuation", Category.PUNCTUATION, Severity.MINOR,
      fix=FixAvailability.ALWAYS)
def missing_space(ctx: Context) -> Iterator[Finding]:
    """No space after sentence punctuation: "billion.The", "Meta,Google".

    ## What it flags
    A full stop, question or exclamation mark followed directly by a capitalised word, or a
    comma, colon or semicolon followed directly by a word, when both words are English words.
    URLs, e-mail addresses, file names and domains ("example.com", "Node.js") are not flagged.

    ## Why it matters
    Joined sentences come from segment joins in the MT pipeline; they break tokenisation, search
    and reading.

    ## Example
    Flagged: It invests 70 billion.The reason is simple.
    Use instead: It invests 70 billion. The reason is simple.

    ## Fix safety
    Safe: inserts one space.

    ## Data
    English word frequencies (wordfreq) decide that both sides are words.
    """
    text = ctx.text
    for m in _MISSING_SPACE.finditer(text) if _HINT_MISSING_SPACE.search(text) else ():
        punct, right = m.group(1), m.group(2)
        if punct in ".!?" and not right[0].isupper():
            continue
        ws = max(text.rfind(" ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        we = m.end()
        while we < len(text) and not text[we].isspace():
            we += 1
        token = text[ws:we]
        if _URLISH.search(token):
            continue
        left_start = m.start()
        while left_start > ws and text[left_start - 1].isalpha():
            left_start -= 1
        left = text[left_start:m.start()]
        if zipf(left) < 3.0 or zipf(right) < 3.0:
            continue
        yield ctx.flag(left_start, m.end(), f"missing space after “{punct}”",
                       suggestion=f"{left}{punct} {right}", edits=[(m.end(1), m.end(1), " ")])


# Fusions in MT output join a function word to its neighbour ("ofthe", "tothe", "marketsthat").
# One- and two-letter parts such as "a", "as", "be" are left out: "afresh", "assent" and
# "befell" are words.
_FUNCTION_PARTS = ("the", "of", "to", "and", "in", "for", "on", "with", "at", "by", "from", "is",
                   "that", "this", "it", "are", "was", "not", "or", "has", "have", "will")
_FUNCTION_SET = frozenset(_FUNCTION_PARTS)
_LOWER_WORD = re.compile(r"(?<![\w’'\-.@/])[a-z]{5,}(?![\w’'\-@/]|\.\w)")
_CAMEL = re.compile(r"(?<![\w’'\-.@/])([a-z]{2,})([A-Z][a-z]{2,})(?![\w’'\-@/]|\.\w)")
# Necessary for a _CAMEL match (a lowercase letter, a capital, a lowercase letter); it starts at
# the sparse capitals, so it scans much faster than _CAMEL, which starts at every lowercase run.
_HINT_CAMEL = re.compile(r"[A-Z](?<=[a-z][A-Z])[a-z]")


# Maximal runs of lowercase letters after a non-word character. Every _LOWER_WORD match is one
# (it follows no word character and ends before a non-word one), and so is every piece of a
# _SPLIT match (it follows no word character and ends before a hyphen, a space or a non-word
# character): the scan finds each, since its matches end only before a non-letter.
_LOWER_RUN = re.compile(r"\b[a-z]{2,}")


def _lower_runs(ctx: Context) -> set[str]:
    """The document's distinct _LOWER_RUN words; use as ``ctx.shared(_lower_runs)`` (HY004 and
    HY005 test them before their own scans)."""
    return set(_LOWER_RUN.findall(ctx.text))


@rule("HY004", "fused-words", Category.SPELLING, Severity.MINOR, fix=FixAvailability.SOMETIMES)
def fused_words(ctx: Context) -> Iterator[Finding]:
    """Two words run together: "ofthe", "inthe market", "theCompany".

    ## What it flags
    A lowercase token that is not an English word but splits into a function word and a common
    word ("ofthe", "tothe", "marketsthat"), and camel-case fusions of two common lowercase words
    ("dataCenter", "theCompany"). Brands written in camel case with a capital first letter
    ("YouTube", "PowerPoint") and words with a one-letter prefix ("iPhone", "eBay") pass.

    ## Why it matters
    Lost spaces come from segment joins and markup stripping in the translation pipeline.

    ## Example
    Flagged: the size ofthe market
    Use instead: the size of the market

    ## Fix safety
    Safe: inserts a space between the two words.

    ## Data
    English word frequencies (wordfreq): the token must be rare and both parts common.
    """
    text = ctx.text
    # Most documents hold no fused word: each distinct word is looked up once (cached, and the
    # lookups run in C via map) before the pass that needs match positions. Every _LOWER_WORD
    # match is one of the _lower_runs (which HY005 shares), so the shortcut drops nothing.
    if any(map(_fused_split, ctx.shared(_lower_runs))):
        yield from _fused_lower(ctx, text)
    for m in _CAMEL.finditer(text) if _HINT_CAMEL.search(text) else ():
        a, b = m.group(1), m.group(2)
        if zipf(a) < 3.5 or zipf(b) < 3.5 or zipf(a + b) >= 3.0:
            continue
        yield ctx.flag(m.start(), m.end(), f"“{a}{b}” looks like two words run together: “{a} {b.lower()}”",
                       suggestion=f"{a} {b.lower()}", edits=[(m.start(2), m.start(2) + 1, " " + b[0].lower())],
                       applicability=Applicability.UNSAFE)


def _fused_lower(ctx: Context, text: str) -> Iterator[Finding]:
    for m in _LOWER_WORD.finditer(text):
        split = _fused_split(m.group(0))
        if split is None:
            continue
        word = m.group(0)
        a, b = split
        yield ctx.flag(m.start(), m.end(), f"“{word}” looks like two words run together: “{a} {b}”",
                       suggestion=f"{a} {b}", edits=[(m.start() + len(a), m.start() + len(a), " ")])


@lru_cache(maxsize=1 << 16)
def _fused_split(word: str) -> tuple[str, str] | None:
    """The two words a lowercase token is fused from, or None (always None for a common word).
    A pure function of the word, so it is cached."""
    if zipf(word) >= 3.5:
        return None
    return _best_split(word)


def _best_split(word: str) -> tuple[str, str] | None:
    whole = zipf(word)
    best: tuple[float, str, str] | None = None
    for i in range(1, len(word)):
        a, b = word[:i], word[i:]
        if a not in _FUNCTION_SET and b not in _FUNCTION_SET:
            continue
        other = b if a in _FUNCTION_SET else a
        if other not in _FUNCTION_SET and (len(other) < 3 or zipf(other) < 4.5 or whole > 2.0):
            continue  # "oncoming", "within": a function word plus a word can be a real word
        strength = min(zipf(a), zipf(b))
        if strength - whole < 1.5:
            continue
        if best is None or strength > best[0]:
            best = (strength, a, b)
    return None if best is None else (best[1], best[2])


_SPLIT = re.compile(r"(?<![\w’'\-])([a-z]{2,})(-?[ \u00a0]|-\r?\n)([a-z]{2,})(?![\w’'\-])")
_SPLIT_KEEP = frozenset({"a lot", "any more", "every one", "some one", "any one", "in to", "on to",
                         "may be", "some time", "some times", "any way", "every day", "all ready",
                         "all together", "a while", "some how", "for ever", "over all", "in deed"})


@rule("HY005", "split-word", Category.SPELLING, Severity.MINOR, fix=FixAvailability.SOMETIMES)
def split_word(ctx: Context) -> Iterator[Finding]:
    """A word wrongly split in two: "infor mation", "protec- tion".

    ## What it flags
    Two lowercase pieces separated by a space (or a hyphen and a line break, as left by
    hyphenation) where one piece is not a word on its own and together they make a common
    word. Pairs that are correct English either way ("any more", "every one", "may be") pass.

    ## Why it matters
    Hyphenation and layout breaks from the source PDF or CMS survive translation.

    ## Example
    Flagged: The infor mation was leaked.
    Use instead: The information was leaked.

    ## Fix safety
    Safe: joins the pieces.

    ## Data
    English word frequencies (wordfreq); a built-in list of pairs that are correct as two words.
    """
    text = ctx.text
    # A split word's fragment is a piece of it that _fragment_affixes holds, and every piece is a
    # _LOWER_RUN: most documents have none of those, and so no split word.
    if _fragment_affixes().isdisjoint(ctx.shared(_lower_runs)):
        return
    # Most documents hold no split word, so the pairs are first checked from findall (no match
    # objects), and the finditer pass that gives positions runs only when one of them is a split
    # word: both passes see the same matches in the same order. Most pairs are two words (no
    # piece below zipf 3.0, which _split_join requires), the cheapest test, so it comes first.
    if not any((zipf(a) < 3.0 or zipf(b) < 3.0) and _split_join(a, b) for a, _, b in _SPLIT.findall(text)):
        return
    for m in _SPLIT.finditer(text):
        joined = _split_join(m.group(1), m.group(3))
        if joined is None:
            continue
        yield ctx.flag(m.start(), m.end(), f"word split in two: “{joined}”", suggestion=joined,
                       edits=[(m.start(2), m.end(2), "")])


_AZ = re.compile(r"[a-z]+")


@cache
def _fragment_affixes() -> frozenset[str]:
    """The pieces _split_join can take as the fragment (zipf below 3.0) of a joined word of zipf
    4.0 or more: starts and ends, of two letters or more and leaving two, of the lowercase
    words of zipf 4.0 or more (a few thousand; built once)."""
    affixes: set[str] = set()
    for word in words_with_zipf_at_least(4.0):
        if _AZ.fullmatch(word):
            for i in range(2, len(word) - 1):
                affixes.add(word[:i])
                affixes.add(word[i:])
    return frozenset(a for a in affixes if zipf.__wrapped__(a) < 3.0)


def _split_join(a: str, b: str) -> str | None:
    """The word that pieces ``a`` and ``b`` were split from, or None."""
    if f"{a} {b}" in _SPLIT_KEEP or b in _SUSPENSION_WORDS:
        return None
    joined = a + b
    zj = zipf(joined)
    fragment = min(zipf(a), zipf(b))
    if zj < 4.0 or fragment >= 3.0 or zj - fragment < 1.5:
        return None
    return joined


RULES = (spaced_hyphen, glued_dash, missing_space, fused_words, split_word)
