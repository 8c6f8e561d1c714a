"""CA: capitalisation and casing — German noun capitals carried into English, capitalised function
words, formal-address capitals ("You", "Your") and mangled brand casing ("Openai", "Youtube").

Capitalised words in news English are mostly names, so every CA001–CA003 finding needs positive
evidence that the word is an ordinary word, not just a capital where none is expected:

* how English cases the word: spaCy's cased lexeme probabilities (spacy-lookups-data) give the
  log ratio of "Investment" to "investment"; names ("Germany", "Apple", "Labour") are written
  capitalised much more often than ordinary words;
* how the same document cases it: a word capitalised mid-sentence twice, or next to another
  capitalised word ("Basic Thinking", "Google News"), is a name;
* its neighbours: after a determiner and before a lowercase word ("one Double strategy"), or
  before "of" and a lowercase noun ("the Names of the data centers"), a capital marks a common
  noun; a participle or adverb ("Locked", "Alone") is never a name;
* sentence starts (after . ! ? : ; quotes, dashes, bullets, line breaks), headings, title-case
  lines and short quoted titles are never flagged.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from typing import Iterator

from ..document import Block
from ..finding import Applicability, Category, Finding, Severity
from .base import PER_BLOCK_BUDGET, Context, FixAvailability, rule
from .segment import FUNCTION_WORDS, sentence_at, sentence_spans
from .wordlists import case_ratio, zipf

# A token: letters/digits joined by apostrophes, hyphens, dots, ampersands or plus signs.
_TOKEN = re.compile(r"[^\W_]+(?:['’\-.&+][^\W_]+)*(?:(?<=s)['’](?![^\W_]))?")
_POSSESSIVE = re.compile(r"['’]s$|(?<=s)['’]$")
# Between two tokens, only these characters keep the second one mid-sentence.
_SOFT_GAP = re.compile(r"[ \u00a0\u202f,$€£%]*")
_PLAIN_GAP = re.compile(r"[ \u00a0\u202f]+")
_SHORT_QUOTE = re.compile(r"“[^”\n]{1,90}”|\"[^\"\n]{1,90}\"|„[^“”\n]{1,90}[“”]|«[^»\n]{1,90}»|‘[^’\n]{1,60}’(?!\w)")

_YOU_FORMS = frozenset({"you", "your", "yours", "yourself", "yourselves"})
# Title words English keeps lowercase inside a title ("Gone with the Wind").
_SMALL_TITLE_WORDS = frozenset("a an the and or but nor of to in on at by for with from as vs".split())
# Words that join the parts of a name ("Bank of England", "Olivia de Havilland").
_CONNECTORS = frozenset("of and for the de del della dello di da du des la le von van der den "
                        "zu am an y e & on upon".split()) | _SMALL_TITLE_WORDS
# Before a common noun: the seed's "one Double strategy", "mine Yesterday's chatter".
_DETERMINERS = frozenset("a an one his her its their our my mine your this these those every each "
                         "another such two three four five six seven eight nine ten twelve twenty hundred "
                         "hundreds thousand thousands million millions several many few".split())
_GERMAN_WORDS = frozenset("der die das den dem des und oder im ist mit zu zum zur ein eine einen nicht "
                          "auf für von bei nach sich auch wird sind".split())
_DEFINITE = frozenset({"the", "this", "that"})
_NOUN_PREPOSITIONS = frozenset("of on for about over against between among".split())
_WH_WORDS = frozenset("who what how whether why when which".split())
_REPORTING = frozenset("said says told added asked wrote explained stressed argued tweeted "
                       "announced insisted warned noted".split())
_PLACE_PREPOSITIONS = frozenset("in from at near outside into to towards toward via through around "
                                "across".split())
_PREPOSITIONS = frozenset("of to in for with on at by from into onto upon about above below over under "
                          "after before between among through during without within against toward "
                          "towards across along around behind beyond off out up down near than via per "
                          "since until".split())
_RELIGIOUS_PRONOUNS = frozenset("he him his himself who whom whose".split())
_RELIGIOUS_CONTEXT = re.compile(r"\b(?:God|Lord|Allah|Jesus|Christ|Prophet|Almighty|Holy)\b")
# Function words that are also names or months: "Theresa May", "Will Smith", "Emre Can", "Darren Till",
# "Per Mertesacker"; "The" mid-sentence is a dateline or a title ("Dortmund The largest stadium").
_CA002_EXCLUDED = frozenset({"may", "will", "can", "till", "per", "i", "am", "us", "the"}) | _YOU_FORMS
# Sentence adverbs and other closed-class adverbs: never names, often capitalised by segment joins.
_CLOSED_ADVERBS = frozenset("however therefore thus hence meanwhile moreover furthermore nevertheless "
                            "nonetheless also even still already instead indeed otherwise only just very "
                            "too again almost quite rather perhaps".split())
_CA002_WORDS = (FUNCTION_WORDS | _CLOSED_ADVERBS | {"us"}) - _CA002_EXCLUDED | {"us"}
_MONTHS_DAYS = frozenset("january february march april may june july august september october november "
                         "december monday tuesday wednesday thursday friday saturday sunday".split())

# Cased-frequency thresholds (natural-log ratio of P("Word") to P("word")).
_CANDIDATE_RATIO = -1.5  # above this, English capitalises the word often enough to be a name
_RARE_CAPITAL_RATIO = -3.0  # below this, the word is almost never capitalised except at a sentence start
_LOWER_IN_DOC_RATIO = -2.5


# --- data ---------------------------------------------------------------------------------------

@cache
def _pos_index() -> dict[str, frozenset[str]]:
    """WordNet lemma lists by part of speech (spacy-lookups-data ``en_lemma_index``)."""
    import gzip
    import json
    from importlib import resources

    try:
        ref = resources.files("spacy_lookups_data") / "data" / "en_lemma_index.json.gz"
        with ref.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
            index = json.load(fh)
    except (ModuleNotFoundError, OSError, ValueError):
        return {}
    return {pos: frozenset(words) for pos, words in index.items()}


def _never_a_noun(lower: str) -> bool:
    """A word form that cannot be a noun: an adverb or adjective that WordNet does not list as a
    noun ("alone"), or a past participle of a verb ("locked", "stopped", "tried")."""
    index = _pos_index()
    if not index:
        return False
    nouns, verbs = index.get("noun", frozenset()), index.get("verb", frozenset())
    if lower in nouns:
        return False
    if lower in index.get("adv", frozenset()) or lower in index.get("adj", frozenset()):
        return not lower.endswith(("ing", "er", "s"))
    if lower.endswith("ed") and len(lower) > 4:
        stems = (lower[:-2], lower[:-1], lower[:-3], lower[:-3] + "y")
        return any(s in verbs for s in stems)
    return False


def _noun_or_adjective(lower: str) -> bool:
    """Whether WordNet lists the word (or its singular) as a noun or adjective: a word that can
    make a compound with the one before it ("meta tags", "amazon rainforest")."""
    index = _pos_index()
    nouns, adjs = index.get("noun", frozenset()), index.get("adj", frozenset())
    forms = {lower, lower[:-1] if lower.endswith("s") else lower, lower[:-2] if lower.endswith("es") else lower}
    if lower.endswith("ed") or lower in FUNCTION_WORDS:
        return False  # "amazon learned": a verb follows
    return any(f in nouns or f in adjs for f in forms)


def _is_english_word(lower: str) -> bool:
    index = _pos_index()
    return any(lower in words for words in index.values())


@dataclass(frozen=True)
class BrandEntry:
    correct: tuple[str, ...]  # accepted forms; the first one is suggested
    wrong: tuple[str, ...]  # explicit wrong forms (may contain spaces)
    any_casing: bool  # every other casing of correct[0] is wrong
    when: str  # "always" | "document"
    evidence: tuple[str, ...]  # words that also show the document is about the brand
    note: str


BRAND_WHEN = ("always", "document")


@cache
def brand_entries() -> tuple[BrandEntry, ...]:
    from . import data_path

    out = []
    with data_path("casing.tsv").open(encoding="utf-8") as fh:
        lines = [ln.rstrip("\n") for ln in fh if ln.strip() and not ln.startswith("#")]
    for line in lines[1:]:
        correct, wrong, when, evidence, note = line.split("\t")
        parts = tuple(w for w in wrong.split("|"))
        out.append(BrandEntry(tuple(correct.split("|")), tuple(p for p in parts if p != "*"), "*" in parts,
                              when, tuple(e for e in evidence.split("|") if e != "-"), note))
    return tuple(out)


@dataclass(frozen=True)
class _BrandIndex:
    any_casing: dict[str, BrandEntry]  # lowercase key -> entry
    exact: dict[str, BrandEntry]  # single-token wrong form -> entry
    multi: re.Pattern[str] | None  # multi-token wrong forms
    multi_map: dict[str, BrandEntry]
    multi_bare: re.Pattern[str] | None  # the same forms without the context around them
    names: frozenset[str]  # every accepted form (and its first token) — known names for CA001


@cache
def _brand_index() -> _BrandIndex:
    any_casing: dict[str, BrandEntry] = {}
    exact: dict[str, BrandEntry] = {}
    multi_map: dict[str, BrandEntry] = {}
    names: set[str] = set()
    for e in brand_entries():
        if e.any_casing:
            any_casing[e.correct[0].lower()] = e
        for w in e.wrong:
            (multi_map if " " in w else exact)[w] = e
        for c in e.correct:
            names.add(c)
            names.add(c.split()[0])
    multi = multi_bare = None
    if multi_map:
        alts = "|".join(re.escape(w) for w in sorted(multi_map, key=len, reverse=True))
        multi = re.compile(rf"(?<![\w@#/.\-])(?:{alts})(?![\w@/\-]|\.\w)")
        multi_bare = re.compile(alts)
    return _BrandIndex(any_casing, exact, multi, multi_map, multi_bare, frozenset(names))


@cache
def known_names() -> dict[str, str]:
    """Capitalised words that English uses as names or institutions although their lowercase
    form is a common word ("Parliament", "Labour", "Internet"): word -> kind."""
    from . import data_path

    out: dict[str, str] = {}
    with data_path("casing_names.tsv").open(encoding="utf-8") as fh:
        lines = [ln.rstrip("\n") for ln in fh if ln.strip() and not ln.startswith("#")]
    for line in lines[1:]:
        word, kind, _note = line.split("\t")
        out[word] = kind
    return out


NAME_KINDS = ("institution", "politics", "title", "group", "place", "event", "religion", "brand", "other")


def _is_known_name(base: str) -> bool:
    return base in known_names() or base in _brand_index().names or base.lower() in _MONTHS_DAYS


# --- tokens with their sentence context -------------------------------------------------------
#
# Most of the 300k words of a corpus are lowercase and can never be flagged, so a block is first
# split by one regex call into its tokens and the gaps between them, each token text is classified
# once (a per-text cache, see ``_word_kinds``), and ``_Tok`` objects with their sentence context
# are built only for the candidates and the neighbours the rules look at (``_BlockToks``).


class _Tok:
    """A word with its sentence context; the derived forms are computed once, since the CA
    rules ask for them hundreds of thousands of times on a large corpus."""

    __slots__ = ("start", "end", "text", "initial", "plain_before", "title", "heading",
                 "base", "cap", "titlecase", "lower_word")

    def __init__(self, start: int, end: int, text: str, initial: bool, plain_before: bool,
                 title: bool, heading: bool) -> None:
        self.start, self.end, self.text = start, end, text
        self.initial = initial  # first word of a sentence, a line, a quote, or after a colon, dash or bullet
        self.plain_before = plain_before  # only spaces between this token and the previous one
        self.title = title  # inside a title-case sentence or a short quotation
        self.heading = heading  # in a heading block
        self.base, self.cap, self.titlecase, self.lower_word = _derived(text)


_DERIVED: dict[str, tuple[str, bool, bool, bool]] = {}  # token text -> its derived forms


def _derived(text: str) -> tuple[str, bool, bool, bool]:
    derived = _DERIVED.get(text)
    if derived is None:
        derived = _DERIVED[text] = _derive(text)
    return derived


def _derive(text: str) -> tuple[str, bool, bool, bool]:
    """(base, cap, titlecase, lower_word) of a token: they depend on its text only."""
    base = _POSSESSIVE.sub("", text) if ("’" in text or "'" in text) else text
    cap = text[0].isupper() or text[0].isdigit() or any(c.isupper() for c in text[1:])
    titlecase = len(base) >= 2 and base[0].isupper() and base[1:].islower() and base.isalpha()
    lower_word = text[0].islower() and text.replace("’", "").replace("'", "").replace("-", "").isalpha()
    return base, cap, titlecase, lower_word


_GAPS: dict[str, tuple[bool, bool]] = {}  # gap between tokens -> (soft, plain)


def _gap_kind(gap: str) -> tuple[bool, bool]:
    kind = _GAPS.get(gap)
    if kind is None:
        kind = (bool(_SOFT_GAP.fullmatch(gap)), bool(_PLAIN_GAP.fullmatch(gap)))
        if len(gap) <= 8:  # gaps are short; do not keep odd long ones
            _GAPS[gap] = kind
    return kind


# What a token's text alone says about it (bits of ``_word_kind``): only tokens with a bit can be
# flagged, or (CA001) count as the same word capitalised elsewhere in the document.
_CA001_WORD = 1  # capitalised ordinary word: passes every test of CA001 that looks at the text only
_CA002_WORD = 2  # capitalised function word or sentence adverb, no possessive
_CA003_WORD = 4  # capitalised "You", "Your" ..., no possessive
_BRAND_WORD = 8  # a wrong form of a brand, at a sentence start or mid-sentence


def _word_kind(text: str, index: _BrandIndex) -> int:
    base, _cap, titlecase, _lower_word = _derived(text)
    kind = 0
    if titlecase:
        lower = base.lower()
        if not (lower in FUNCTION_WORDS or lower in _CLOSED_ADVERBS or lower in _YOU_FORMS or len(base) < 3):
            ratio = case_ratio(lower)
            if ratio is not None and ratio <= _CANDIDATE_RATIO and zipf(lower) >= 3.0:
                kind |= _CA001_WORD
        if text == base:
            if lower in _CA002_WORDS:
                kind |= _CA002_WORD
            if lower in _YOU_FORMS:
                kind |= _CA003_WORD
    if _brand_lookup(text, base, False, index) is not None or _brand_lookup(text, base, True, index) is not None:
        kind |= _BRAND_WORD
    return kind


_KINDS: dict[int, tuple[_BrandIndex, dict[str, int]]] = {}


def _word_kinds(index: _BrandIndex) -> dict[str, int]:
    """Token text -> ``_word_kind`` bits, remembered per brand index."""
    held = _KINDS.get(id(index))
    if held is None or held[0] is not index:
        held = _KINDS[id(index)] = (index, {})
    return held[1]


# Split by tokens: [gap, token, gap, token, ..., gap]. Every letter or digit belongs to some
# ``_TOKEN`` match and the pattern looks at no character outside its match except through the
# final lookahead, which sees the end of the slice as ``finditer(text, a, b)`` sees ``b``: the
# tokens of ``text[a:b]`` split this way are the ``finditer`` tokens, and the gaps the text between.
_TOKEN_SPLIT = re.compile("(" + _TOKEN.pattern + ")")


class _BlockToks:
    """The tokens of one block: the text of each (``words``) and of the gap before token ``i``
    (``parts[2 * i]``), the (index, ``_word_kind``) of the tokens a rule may look at
    (``marked``, see ``_split_block``), and ``_Tok`` objects with their sentence context
    built on demand (``toks[i]``), so only candidates and their neighbours cost one."""

    __slots__ = ("text", "block", "heading", "parts", "words", "marked", "_starts", "_ends",
                 "_titled_starts", "_titled_ends", "_toks")

    def __init__(self, text: str, block: Block, parts: list[str], words: list[str], heading: bool,
                 marked: list[tuple[int, int]]) -> None:
        self.text, self.block, self.parts, self.words, self.marked = text, block, parts, words, marked
        self.heading = heading
        self._starts: list[int] | None = None

    def __len__(self) -> int:
        return len(self.words)

    def mid_sentence(self, i: int) -> bool:
        """Not ``initial``: token ``i`` follows the previous one with only a soft gap."""
        return i > 0 and _gap_kind(self.parts[2 * i])[0]

    def starts(self) -> list[int]:
        """Start offsets of the tokens; the first call also finds the block's title spans, which
        only blocks with a candidate need."""
        if self._starts is None:
            # part k of the split starts at pos[k]: token i is [pos[2i+1], pos[2i+2])
            pos = list(accumulate(map(len, self.parts), initial=self.block.range.start))
            self._starts, self._ends = pos[1:-1:2], pos[2::2]
            titled = _merge(_title_spans(self.text, self.block.range.start, self.block.range.end,
                                         self._starts, self.words))
            self._titled_starts = [s for s, _ in titled]
            self._titled_ends = [e for _, e in titled]  # increasing: merged spans do not overlap
            self._toks: list[_Tok | None] = [None] * len(self.words)
        return self._starts

    def __getitem__(self, i: int) -> _Tok:
        if i < 0:
            i += len(self.words)
        if not 0 <= i < len(self.words):
            raise IndexError(i)
        starts = self.starts()
        t = self._toks[i]
        if t is None:
            start = starts[i]
            soft, plain = _gap_kind(self.parts[2 * i])
            k = bisect_right(self._titled_ends, start)  # the first title span ending after the token start
            in_title = k < len(self._titled_ends) and self._titled_starts[k] <= start
            t = self._toks[i] = _Tok(start, self._ends[i], self.words[i], i == 0 or not soft,
                                     i > 0 and plain, in_title, self.heading)
        return t


def _block_tokens(ctx: Context) -> Iterator[_BlockToks]:
    """Tokens of every prose block with any, one ``_BlockToks`` per block. Kept per block by
    ``ctx.per_block``: all of them for an article, only the first blocks of a huge file (the
    rest are tokenised again by each rule), so memory stays bounded."""
    tokens = ctx.per_block(_tokens_of_block)
    for block in ctx.doc.blocks:
        toks = tokens[block]
        if toks is not None:
            yield toks


def _tokens_of_block(ctx: Context, block: Block) -> _BlockToks | None:
    split = _split_block(ctx.text, block)
    if split is None:
        return None
    parts, words, marked = split
    return _BlockToks(ctx.text, block, parts, words, block.kind == "heading", marked)


def _split_block(text: str, block: Block) -> tuple[list[str], list[str], list[tuple[int, int]]] | None:
    """(parts of the ``_TOKEN_SPLIT`` split, token texts, marked tokens) of a block with tokens.
    The marked tokens are what some rule looks at: tokens whose text has the brand bit, anywhere
    (with that bit alone when not mid-sentence or in a heading), and tokens whose text has the
    CA001–CA003 bits mid-sentence outside headings — the only places those rules, and
    ``_DocTokens``, consider them."""
    parts = _TOKEN_SPLIT.split(text[block.range.start:block.range.end])
    if len(parts) == 1:
        return None
    index = _brand_index()
    kinds = _word_kinds(index)
    words = parts[1::2]
    try:
        marked = [(i, kind) for i, w in enumerate(words) if (kind := kinds[w])]
    except KeyError:  # words not classified yet
        for word in set(words).difference(kinds):
            kinds[word] = _word_kind(word, index)
        marked = [(i, kind) for i, w in enumerate(words) if (kind := kinds[w])]
    if marked:
        heading = block.kind == "heading"
        kept = []
        for i, kind in marked:
            if heading or i == 0 or not _gap_kind(parts[2 * i])[0]:
                kind &= _BRAND_WORD  # not mid-sentence: only CA004 looks at it
            if kind:
                kept.append((i, kind))
        marked = kept
    return parts, words, marked


class _DocTokens:
    """One pass over the tokens of a document, shared by the CA rules (``ctx.shared``): the blocks
    where a rule can have a finding, in document order, and for CA001 how often each capitalised
    word stands mid-sentence outside headings.

    ``blocks[bit]`` lists the blocks with a token of ``_word_kind`` ``bit``; for the CA001–CA003
    kinds only tokens mid-sentence outside headings count, as those rules skip every other.
    ``kept`` holds the ``_BlockToks`` of those blocks (by ``id`` of the block), up to
    ``PER_BLOCK_BUDGET`` characters of them, as ``ctx.per_block`` would."""

    def __init__(self, ctx: Context) -> None:
        self.blocks: dict[int, list[Block]] = {bit: [] for bit in (_CA001_WORD, _CA002_WORD, _CA003_WORD,
                                                                    _BRAND_WORD)}
        # CA001 asks only for the bases of its candidates, and every token with such a base is
        # marked _CA001_WORD (the bit depends on the base alone): counting marked tokens misses none.
        # The marks keep the CA001–CA003 bits only mid-sentence outside headings (see
        # ``_split_block``), so every bit of them counts here. The blocks are split here without
        # ``ctx.per_block``: the rules ask only for the few blocks listed (kept here), and a
        # ``_BlockToks`` for every block would cost more than all the rest.
        self.midcap: Counter[str] = Counter()
        self.kept: dict[int, _BlockToks] = {}
        left = PER_BLOCK_BUDGET
        text = ctx.text
        for block in ctx.doc.blocks:
            split = _split_block(text, block)
            if split is None or not split[2]:
                continue
            parts, words, marked = split
            bits = 0
            for i, kind in marked:
                bits |= kind
                if kind & _CA001_WORD:
                    self.midcap[_derived(words[i])[0]] += 1
            for bit, blocks in self.blocks.items():
                if bits & bit:
                    blocks.append(block)
            size = block.range.end - block.range.start
            if size <= left:
                self.kept[id(block)] = _BlockToks(text, block, parts, words, block.kind == "heading", marked)
                left -= size


def _blocks_with(ctx: Context, bit: int) -> Iterator[_BlockToks]:
    """The tokens of each block that has a token of ``_word_kind`` ``bit``: no other block can
    have a finding of the rule asking."""
    doc = ctx.shared(_DocTokens)
    for block in doc.blocks[bit]:
        toks = doc.kept.get(id(block))
        if toks is None or toks.block is not block:  # not kept: split again
            toks = ctx.per_block(_tokens_of_block)[block]
        yield toks


def _marked(toks: _BlockToks, bits: int) -> list[int]:
    """Indexes of the tokens of ``toks`` marked with one of the ``_word_kind`` ``bits``."""
    return [i for i, kind in toks.marked if kind & bits]


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _title_spans(text: str, a: int, b: int, starts: list[int], all_words: list[str]) -> list[tuple[int, int]]:
    """Title-case sentences and short quotations in ``text[a:b]`` (whose tokens start at
    ``starts`` and read ``all_words``): no capital in them is flagged."""
    spans = [(m.start(), m.end()) for m in _SHORT_QUOTE.finditer(text, a, b)
             if len(m.group(0).split()) <= 8]
    for s, e in sentence_spans(text, a, b):
        words = all_words[bisect_left(starts, s):bisect_left(starts, e)]
        if len(words) <= 3:
            spans.append((s, e))  # a fragment or label: "Great Place!", "Very Impressed."
            continue
        colon = text.find(":", s, e)
        if colon > 0 and len(text[s:colon].split()) <= 4:
            spans.append((s, colon))  # a label before a colon: "Skin Color:", "Hotel Information:"
        content = [w for w in words[1:] if w.isalpha() and w.lower() not in FUNCTION_WORDS
                   and w.lower() not in _YOU_FORMS and not w.isupper()]
        caps = sum(1 for w in content if w[0].isupper())
        if len(content) >= 2 and caps >= 2 and caps >= 0.6 * len(content):
            spans.append((s, e))
        elif words and all(w.isupper() or not w.isalpha() for w in words):
            spans.append((s, e))
    return spans


def _in_chain(toks: _BlockToks, i: int) -> bool:
    """Whether token ``i`` is part of a multi-word name: a capitalised word or a number right next
    to it ("Basic Thinking", "Formula 1"), or one joined by "of", "and", "de" ("Department of
    Health"). A sentence-initial function word ("The", "For") does not count."""

    def capital(j: int) -> bool:
        t = toks[j]
        if t.initial and t.titlecase:
            # a sentence-initial word counts only when it looks like a name ("Siemens reported")
            lower = t.base.lower()
            if lower in FUNCTION_WORDS or lower in _CLOSED_ADVERBS:
                return False
            ratio = case_ratio(lower)
            return ratio is None or ratio > _CANDIDATE_RATIO or _is_known_name(t.base)
        return t.cap

    n = len(toks)
    # left
    if toks[i].plain_before and i > 0:
        if capital(i - 1):
            return True
        j = i - 1
        while j > 0 and toks[j].text.lower() in _CONNECTORS and toks[j].plain_before and i - j <= 2:
            j -= 1
            if _name_word(toks[j]) and capital(j):
                return True
    # right
    if i + 1 < n and toks[i + 1].plain_before:
        if capital(i + 1):
            return True
        j = i + 1
        while j + 1 < n and toks[j].text.lower() in _CONNECTORS and toks[j + 1].plain_before and j - i <= 2:
            j += 1
            if _name_word(toks[j]):
                return True
    return False


def _name_word(t: _Tok) -> bool:
    """A capitalised word (not an acronym, number or connector) that can be part of a name."""
    return t.text[0].isupper() and not t.text.isupper() and t.text.lower() not in _CONNECTORS


def _next(toks: _BlockToks, i: int) -> _Tok | None:
    if i + 1 < len(toks) and not toks[i + 1].initial:
        return toks[i + 1]
    return None


def _prev(toks: _BlockToks, i: int) -> _Tok | None:
    if i > 0 and not toks[i].initial:
        return toks[i - 1]
    return None


class _DocEvidence:
    """How the document itself cases words, for CA001."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._lower: set[str] | None = None
        self.midcap = ctx.shared(_DocTokens).midcap  # capitalised base forms seen mid-sentence

    @property
    def lower(self) -> set[str]:
        """Lowercase words seen anywhere (without a possessive ending); collected when first asked,
        as few candidates get this far."""
        if self._lower is None:
            words: set[str] = set()
            for toks in _block_tokens(self._ctx):
                words.update(toks.words)
            self._lower = {_POSSESSIVE.sub("", w) for w in words if w[0].islower()}
        return self._lower


def _lower_forms(lower: str) -> tuple[str, ...]:
    forms = [lower, lower + "s", lower + "es"]
    if lower.endswith("s"):
        forms.append(lower[:-1])
    if lower.endswith("es"):
        forms.append(lower[:-2])
    return tuple(forms)


# --- CA001 -------------------------------------------------------------------------------------

@rule("CA001", "capitalised-common-noun", Category.SPELLING, Severity.MINOR, fix=FixAvailability.ALWAYS,
      needs=("tokens", "pos"), data=("casing_names.tsv", "casing.tsv", "case_ratios.tsv"))
def capitalised_common_noun(ctx: Context) -> Iterator[Finding]:
    """An ordinary word capitalised mid-sentence, as German capitalises nouns: "one Double strategy".

    ## What it flags
    A capitalised word in the middle of a sentence whose lowercase form is a common English word
    that English rarely capitalises, when the context shows it is used as an ordinary word: it
    follows a determiner and precedes a lowercase word ("in one Podcast with"), it heads an
    "of" phrase with a lowercase complement ("The Names of the data centers"), it is a form that
    is never a noun, such as a participle or adverb ("the competition Locked with", "$70 billion
    Alone for AI"), it is very rarely capitalised and stands between lowercase words ("his
    brother Leave"), or it appears lowercase elsewhere in the document. When the POS tagger is
    installed, a candidate that none of this settles is flagged if the tagger, which tags names
    NNP, tags it as a common noun, verb or adverb. Function words and sentence adverbs are CA002;
    "You"/"Your" are CA003.

    Never flagged: sentence starts (also after a colon, quotes, dashes and bullets), headings,
    title-case lines, short quoted titles, words next to another capitalised word or a number
    ("Basic Thinking", "Formula 1", "Department of Health"), words the document capitalises
    mid-sentence more than once, known names and institutions ("Parliament", "Labour",
    "Internet"), brand names, days and months, and speakers of "said".

    ## Why it matters
    German capitalises every noun and machine translation sometimes carries the capital over,
    or capitalises a word that was a noun in the German sentence. Readers take the capital for
    a name and stumble.

    ## Example
    Flagged: He drives one Double strategy.
    Use instead: He drives a double strategy.

    ## Fix safety
    Unsafe: lowercases the word; a rare name written like a common word would be damaged, and
    the sentence around it often needs rewording too.

    ## Data
    `casing_names.tsv` (capitalised names and institutions whose lowercase is a common word) and
    the brand list `casing.tsv`; cased word probabilities and WordNet word classes from
    spacy-lookups-data; in-document casing of the same word; the embedded POS tagger, on
    candidate sentences only.
    """
    evidence = _DocEvidence(ctx)
    for toks in _blocks_with(ctx, _CA001_WORD):
        if toks.heading:
            continue
        # _CA001_WORD: titlecase, not a function word, adverb or "you" form, and English rarely
        # capitalises it (case ratio and frequency): the tests of the word's text alone
        for i in _marked(toks, _CA001_WORD):
            if not toks.mid_sentence(i):
                continue
            base = _derived(toks.words[i])[0]
            if _is_known_name(base) or evidence.midcap[base] > 1:
                continue  # tested before the title test, which needs the block's sentences
            t = toks[i]
            if t.title or _in_chain(toks, i):
                continue
            lower = base.lower()
            ratio = case_ratio(lower)
            prev, nxt = _prev(toks, i), _next(toks, i)
            if prev is not None and prev.text.lower() in _GERMAN_WORDS or \
                    nxt is not None and nxt.text.lower() in _GERMAN_WORDS:
                continue  # untranslated German around it: UT's business
            if prev is not None and prev.text.lower() in _REPORTING or \
                    nxt is not None and nxt.text.lower() in _REPORTING:
                continue
            if prev is not None and prev.text.lower() == "to" and i > 1 and toks[i - 2].text.lower() == "according":
                continue
            if prev is not None and prev.text.lower() in _PLACE_PREPOSITIONS and ratio > -3.0:
                continue
            reason = _common_word_evidence(toks, i, ratio, evidence)
            if reason is None and ratio <= _POS_RATIO and (prev is None or prev.text not in _DEFINITE):
                reason = _tagged_as_common_word(ctx, t)  # "the Treaties", "the Commission": names
            if reason is None:
                continue
            fixed = lower + t.text[len(base):]
            yield ctx.flag(t.start, t.end,
                           f"“{t.text}” is capitalised mid-sentence but is an ordinary word here ({reason}); "
                           f"German capitalises nouns, English does not",
                           suggestion=fixed, replacement=fixed, applicability=Applicability.UNSAFE)


def _common_word_evidence(toks: _BlockToks, i: int, ratio: float, evidence: _DocEvidence) -> str | None:
    t = toks[i]
    lower = t.base.lower()
    prev, nxt = _prev(toks, i), _next(toks, i)
    nxt2 = _next(toks, i + 1) if nxt is not None else None
    nxt3 = _next(toks, i + 2) if nxt2 is not None else None
    # "the Names of the data centers": an of-phrase with a lowercase complement
    if nxt is not None and nxt2 is not None and (nxt.text == "of" or nxt.text in _NOUN_PREPOSITIONS
                                                 and ratio <= _LOWER_IN_DOC_RATIO):
        comp = nxt3 if nxt2.text.lower() in ("a", "an", "the", "this", "these", "its", "their") else nxt2
        if comp is not None and comp.lower_word and (comp.text.lower() not in FUNCTION_WORDS
                                                     or comp.text in _WH_WORDS):
            return f"it heads an “{nxt.text}” phrase like a common noun"
    # "one Double strategy", "mine Yesterday's chatter"
    if prev is not None and prev.text.lower() in _DETERMINERS and nxt is not None and nxt.lower_word:
        return f"it follows “{prev.text}” like a common noun"
    if _never_a_noun(lower) and ratio <= -2.5:
        return "this form is not a name"
    if ratio <= _RARE_CAPITAL_RATIO and (nxt is None or nxt.lower_word) and prev is not None \
            and prev.lower_word and prev.text not in _DEFINITE:
        return "English almost never capitalises it"
    if ratio <= _LOWER_IN_DOC_RATIO and any(f in evidence.lower for f in _lower_forms(lower)):
        return "the document writes it in lowercase elsewhere"
    return None


# Penn tags of ordinary words: common nouns, verbs, adverbs, adjectives, closed classes.
_COMMON_TAGS = frozenset("NN NNS VB VBD VBG VBN VBP VBZ RB RBR RBS JJ JJR JJS IN DT PRP PRP$ MD CC".split())
_POS_RATIO = -2.5


def _tagged_as_common_word(ctx: Context, t: _Tok) -> str | None:
    """POS evidence, asked only for a candidate that no cheaper evidence settled: the tagger,
    which tags capitalised names NNP, tags this word as a common noun, verb or adverb."""
    block = ctx.block_at(t.start)
    span = sentence_at(ctx, block, t.start) if block is not None else None
    for s, e in (span,) if span else ():
        if s <= t.start < e:
            try:
                doc = ctx.tagged(s, e)
            except RuntimeError:  # no tagger installed: POS evidence is skipped
                return None
            for tok in doc:
                if s + tok.idx == t.start:
                    if tok.tag_ in _COMMON_TAGS:
                        return f"tagged {tok.tag_}, an ordinary word"
                    return None
    return None


# --- CA002 -------------------------------------------------------------------------------------

@rule("CA002", "capitalised-function-word", Category.SPELLING, Severity.MINOR, fix=FixAvailability.ALWAYS)
def capitalised_function_word(ctx: Context) -> Iterator[Finding]:
    """A capitalised function word in the middle of a sentence: "tries that To buy success".

    ## What it flags
    An article, pronoun, preposition, conjunction, auxiliary or sentence adverb ("However",
    "Meanwhile", "Already") written with a capital in the middle of a sentence and followed by a
    lowercase word: "tries that To buy success", "Google News and Flipboard Or subscribe",
    "Sam Altman Has it", "For so much money Some soccer players".

    Never flagged: sentence starts (also after a colon, quotes, dashes and bullets), headings,
    title-case lines and short quoted titles ("“To Each His Own”", "Gone With the Wind"),
    words that begin or continue a title ("Who Wants to Be a Millionaire"), prepositions that end
    a place or title name ("Porton Down in Wiltshire"), words that are also names or months
    ("May", "Will", "Can", "Till"), and "He"/"His" for God in religious text. "You" and "Your"
    are CA003.

    ## Why it matters
    Machine translation that mirrors German word order and casing, or a broken segment join,
    leaves capitals where English has none; readers take them for the start of a sentence.

    ## Example
    Flagged: Mark Zuckerberg tries that To buy success in the AI industry.
    Use instead: Mark Zuckerberg tries to buy success in the AI industry.

    ## Fix safety
    Unsafe: lowercases the word; the sentence usually needs rewording as well.

    ## Data
    The built-in list of English function words (`segment.FUNCTION_WORDS`) and a built-in list
    of sentence adverbs.
    """
    religious = None  # whether the text is religious: searched when a pronoun first needs it
    for toks, i, t, lower in _capitalised_mid_sentence(ctx, _CA002_WORD):
        if lower in _RELIGIOUS_PRONOUNS:
            if religious is None:
                religious = bool(_RELIGIOUS_CONTEXT.search(ctx.text))
            if religious:
                continue
        if not _lowercase_follows(toks, i):
            continue
        prev = _prev(toks, i)
        if prev is not None and prev.cap and prev.initial:
            continue  # a dateline: "Dortmund The largest stadium"
        if prev is not None and prev.cap and t.plain_before and lower in _PREPOSITIONS:
            continue  # "Porton Down in", "Shuffle Along": the end of a name
        if prev is not None and prev.cap and not prev.initial and _title_run_before(toks, i):
            continue
        yield ctx.flag(t.start, t.end,
                       f"function word “{t.text}” is capitalised in the middle of a sentence",
                       suggestion=lower, replacement=lower, applicability=Applicability.UNSAFE)


def _capitalised_mid_sentence(ctx: Context, bit: int):
    """(block tokens, index, token, lowercase) for each capitalised word of kind ``bit``
    (_CA002_WORD, _CA003_WORD: titlecase, no possessive ending, in the rule's word list) that
    stands mid-sentence outside titles and headings."""
    for toks in _blocks_with(ctx, bit):
        if toks.heading:
            continue
        for i in _marked(toks, bit):
            if not toks.mid_sentence(i):
                continue
            t = toks[i]
            if not t.title:
                yield toks, i, t, t.text.lower()


def _lowercase_follows(toks: _BlockToks, i: int) -> bool:
    """The next word is lowercase (or a capitalised "You"/"Your"/"Us" artefact), and the word does
    not begin a title such as "To Kill a Mockingbird" or "Be a Millionaire"."""
    nxt = _next(toks, i)
    if nxt is None or not toks[i + 1].plain_before:
        return False
    if nxt.titlecase and nxt.text.lower() in _YOU_FORMS | {"us"}:
        return True
    if not nxt.lower_word:
        return False
    if nxt.text in _SMALL_TITLE_WORDS:
        after = _next(toks, i + 1)
        if after is not None and after.cap:
            return False
    return True


def _title_run_before(toks: _BlockToks, i: int) -> bool:
    """Three or more capitalised words right before: the word ends a title ("What Are You
    Waiting For")."""
    run = 0
    j = i - 1
    while j >= 0 and toks[j].cap and (toks[j + 1].plain_before):
        run += 1
        if toks[j].initial:
            break
        j -= 1
    return run >= 3


# --- CA003 -------------------------------------------------------------------------------------

@rule("CA003", "formal-address-capitals", Category.SPELLING, Severity.MINOR, fix=FixAvailability.ALWAYS)
def formal_address_capitals(ctx: Context) -> Iterator[Finding]:
    """"You" and "Your" capitalised mid-sentence, carried over from German "Sie" and "Ihr".

    ## What it flags
    "You", "Your", "Yours", "Yourself" and "Yourselves" with a capital in the middle of a
    sentence: "We thank You for Your order". German capitalises the polite forms of address
    (Sie, Ihnen, Ihr); English never capitalises "you".

    Never flagged: sentence starts (also after a colon, quotes, dashes and bullets), headings,
    title-case lines, short quoted titles ("“Thank You for the Music”") and forms of address
    followed by a capitalised word ("Your Honour", "Your Majesty").

    ## Why it matters
    Capitalised "You" reads as shouting or as a translated letter template; it is one of the
    most recognisable traces of German customer communication run through MT.

    ## Example
    Flagged: We thank You for Your order.
    Use instead: We thank you for your order.

    ## Fix safety
    Safe: lowercases the pronoun; nothing else changes.

    ## Data
    None: a built-in list of the five forms of "you".
    """
    for toks, i, t, lower in _capitalised_mid_sentence(ctx, _CA003_WORD):
        nxt = _next(toks, i)
        if nxt is not None and nxt.cap and nxt.text.lower() not in _YOU_FORMS | {"us"}:
            continue  # "Your Honour", "Thank You Notes"
        prev = _prev(toks, i)
        if prev is not None and prev.cap and prev.text.lower() not in _YOU_FORMS | {"us"} \
                and _title_run_before(toks, i):
            continue
        yield ctx.flag(t.start, t.end,
                       f"“{t.text}” is capitalised mid-sentence: German capitalises the polite "
                       "“Sie/Ihr”, English never capitalises “you”",
                       suggestion=lower, replacement=lower, applicability=Applicability.SAFE)


# --- CA004 -------------------------------------------------------------------------------------

@rule("CA004", "brand-casing", Category.SPELLING, Severity.MINOR, fix=FixAvailability.ALWAYS,
      data=("casing.tsv",))
def brand_casing(ctx: Context) -> Iterator[Finding]:
    """A company or product name with the wrong casing: "Openai", "Youtube", "Chat GPT".

    ## What it flags
    A brand, company or product written with a casing or spacing its owner and English
    newsrooms do not use: "Openai" (OpenAI), "Playai" (PlayAI), "Chatgpt" or "Chat GPT"
    (ChatGPT), "Youtube", "Linkedin", "Iphone", "Whatsapp", "Paypal", "Github", "Tiktok",
    "nVidia". Names whose lowercase form is an ordinary word ("meta", "amazon", "twitter") are
    flagged only when the document also names the company correctly ("Meta’s", "Mark
    Zuckerberg") and the word is not part of a common phrase ("meta description").

    Never flagged: accepted variants ("Nvidia" and "NVIDIA", "Ikea" and "IKEA", "EasyJet"),
    all-capital words, "IPhone"-style capitals at a sentence start, web addresses, handles
    and hashtags ("openai.com", "@youtube", "#chatgpt").

    ## Why it matters
    Machine translation and German house styles lowercase or re-case names ("Openai",
    "Biontech"); a brand name written wrong looks careless and can break search and linking.

    ## Example
    Flagged: High-ranking Openai employees have received immorally high offers.
    Use instead: High-ranking OpenAI employees have received immorally high offers.

    ## Fix safety
    Safe for forms that are never words ("Youtube" → "YouTube"); unsafe for lowercase forms
    that are also words ("meta" → "Meta").

    ## Data
    `casing.tsv`: correct form(s), wrong forms (or `*` for any other casing), when to flag
    (`always`, or `document` when the document must also name the brand), evidence words, note.
    """
    text = ctx.text
    index = _brand_index()
    tokens = ctx.per_block(_tokens_of_block)
    doc_words: set[str] | None = None
    claimed: list[tuple[int, int]] = []
    # a ``multi`` match in a block is a ``multi_bare`` match in the text: one search rules most
    # documents out, where ``multi`` would test its lookbehind at every character of every block
    if index.multi is not None and index.multi_bare.search(text):
        for block in ctx.doc.blocks:
            for m in index.multi.finditer(text, block.range.start, block.range.end):
                entry = index.multi_map[m.group(0)]
                if not _multi_ok(m, tokens[block]):
                    continue
                claimed.append((m.start(), m.end()))
                yield _brand_finding(ctx, m.start(), m.end(), m.group(0), entry.correct[0], "")
    claimed_starts = [a for a, _ in claimed]  # in text order, not overlapping
    for toks in _blocks_with(ctx, _BRAND_WORD):
        for i in _marked(toks, _BRAND_WORD):  # any other token is no wrong form anywhere
            t = toks[i]
            if claimed:
                k = bisect_right(claimed_starts, t.start) - 1
                if k >= 0 and t.start < claimed[k][1]:
                    continue
            hit = _brand_lookup_memo(t, index)
            if hit is None:
                continue
            entry, base, suffix = hit
            if not _brand_context_ok(text, t):
                continue
            if entry.when == "document":
                if doc_words is None:
                    doc_words = {_derived(w)[0] for toks2 in _block_tokens(ctx) for w in toks2.words}
                if not _brand_evidence(entry, doc_words, base):
                    continue
                nxt = _next(toks, i)
                if nxt is not None and nxt.lower_word and _noun_or_adjective(nxt.text.lower()):
                    continue  # "meta description", "amazon rainforest"
            if base[0].isupper() and base.lower() in FUNCTION_WORDS | _MONTHS_DAYS:
                continue
            if (t.initial or t.heading or t.title) and base.istitle() and zipf(base) >= 3.0:
                continue  # "Sap rises" at a sentence start
            yield _brand_finding(ctx, t.start, t.end, t.text, entry.correct[0], suffix,
                                 safe=entry.when == "always")


_BRAND_MEMO: dict[int, tuple[_BrandIndex, dict]] = {}


def _brand_lookup_memo(t: _Tok, index: _BrandIndex) -> tuple[BrandEntry, str, str] | None:
    """:func:`_brand_lookup`, remembered per (token text, sentence-start-like): the result
    depends on nothing else."""
    held = _BRAND_MEMO.get(id(index))
    if held is None or held[0] is not index:
        held = _BRAND_MEMO[id(index)] = (index, {})
    key = (t.text, bool(t.initial or t.heading or t.title))
    memo = held[1]
    if key in memo:
        return memo[key]
    hit = memo[key] = _brand_lookup(t.text, t.base, key[1], index)
    return hit


def _brand_lookup(text: str, base: str, at_start: bool,
                  index: _BrandIndex) -> tuple[BrandEntry, str, str] | None:
    """(entry, wrong base form, suffix such as "’s" or "s") when a token ``text`` (with ``base``,
    at a sentence start, in a heading or title when ``at_start``) is a wrong form."""
    if text in index.exact:
        return index.exact[text], text, ""
    suffix = text[len(base):]
    candidates = [(base, suffix)]
    if base.endswith("s") and len(base) > 3 and not _is_english_word(base.lower()):
        candidates.append((base[:-1], "s" + suffix))  # "Iphones", but not "canvas" (Canva)
    for form, suf in candidates:
        if form in index.exact:
            return index.exact[form], form, suf
        entry = index.any_casing.get(form.lower())
        if entry is None or form in entry.correct or form.isupper():
            continue
        first = entry.correct[0]
        if at_start:
            if form == first[0].upper() + first[1:]:
                continue  # "IPhone", "EBay" at a sentence start
        return entry, form, suf
    return None


def _brand_context_ok(text: str, t: _Tok) -> bool:
    """Not part of a web address, handle, hashtag or file name."""
    before = text[t.start - 1] if t.start > 0 else " "
    after = text[t.end] if t.end < len(text) else " "
    after2 = text[t.end + 1] if t.end + 1 < len(text) else " "
    if before in "@#/\\.:_" or after in "@/\\_":
        return False
    if after in ".:" and (after2.isalnum() or after2 == "/"):
        return False
    return True


def _brand_evidence(entry: BrandEntry, doc_words: set[str], wrong: str) -> bool:
    return any(c in doc_words for c in entry.correct if c != wrong) or any(e in doc_words for e in entry.evidence)


def _multi_ok(m: re.Match[str], toks: _BlockToks | None) -> bool:
    """A multi-word wrong form ("Open AI") counts mid-sentence only, and not before another
    capitalised word ("the Open AI Act")."""
    if toks is None:
        return False
    i = bisect_left(toks.starts(), m.start())
    if i == len(toks) or toks[i].start != m.start():
        return False
    t = toks[i]
    if t.initial or t.heading or t.title:
        return False
    j = i
    while j < len(toks) and toks[j].end <= m.end():
        j += 1
    return not (j < len(toks) and toks[j].plain_before and toks[j].cap)


def _brand_finding(ctx: Context, start: int, end: int, flagged: str, correct: str, suffix: str,
                   safe: bool = True) -> Finding:
    replacement = correct + suffix
    return ctx.flag(start, end, f"“{flagged}” is not how the name is written: “{replacement}”",
                    suggestion=replacement, replacement=replacement,
                    applicability=Applicability.SAFE if safe else Applicability.UNSAFE)


RULES = (capitalised_common_noun, capitalised_function_word, formal_address_capitals, brand_casing)
