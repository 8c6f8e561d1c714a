"""Repetition and duplication (RP): stuttered words and phrases, repeated clauses and paragraphs.

Machine translation, and the pipelines around it, repeat things: a word decoded twice ("the
the"), a phrase stuttered ("a reduction in a reduction in"), a clause said twice in one sentence,
a paragraph that comes back in a slightly different wording. All four rules work on words from
``iter_words`` with their offsets, in linear time.
"""
from __future__ import annotations

import re
from array import array
from collections import Counter
from itertools import compress, count
from operator import eq

from ..document import WORD_PATTERN  # the pattern of iter_words (and so of block_words)
from ..finding import Category, Severity
from .base import Context, FixAvailability, rule
from .segment import FUNCTION_WORDS, block_words, sentence_spans, word_spans

# Words whose immediate doubling is (or can be) correct English, or a reduplicated name.
LEGIT_DOUBLES = frozenset("""
had that is her very really so no bye etc
ha hah haha he hee ho hey hear knock tut chop blah bla yada boo choo bang pom tsk la na
now there yes yeah wow oh ooh uh um mm mmm aye ping
mahi ylang walla bora duran sirhan pago wagga baden sing humbert dum
""".split())

def _is_space(text: str, a: int, b: int) -> bool:
    return a < b and text[a:b].isspace()


def _lowered_words(btext: str) -> list[str]:
    """The words of ``btext`` as ``iter_words`` finds them (so, of a block, those of
    ``block_words``), lowercased."""
    if btext.isascii():  # lowering maps A-Z to a-z only, so it changes no word's extent
        return WORD_PATTERN.findall(btext.lower())
    return list(map(str.lower, WORD_PATTERN.findall(btext)))


def _repeat_candidates(ctx: Context) -> dict[int, tuple[list[int], list[int], bool]]:
    """Block index -> (RP001's candidate word indexes, RP002's candidate start indexes, whether
    RP003 may find something), for the blocks where one of them may; use as
    ``ctx.shared(_repeat_candidates)``. Each test is a necessary condition of its rule's finding,
    run on the block's lowercased words with C-level ``map``/``zip``/``set`` calls, so the rules
    build per-word tuples only for the few blocks that repeat something."""
    text = ctx.text
    found = {}
    for idx, block in enumerate(ctx.doc.blocks):
        low = _lowered_words(text[block.range.start:block.range.end])
        n_words = len(low)
        # Each test below needs some words that are not the first occurrence of their word:
        # a doubled word one, a stutter of n words n, a repeated clause MIN_CLAUSE.
        repeats = n_words - len(set(low))
        if not repeats:
            continue
        # RP001: a doubled word is equal (lowercased) to the word before it.
        pairs = list(compress(count(1), map(eq, low[1:], low)))
        # RP002: a stutter of n words at i has low[i + k] == low[i + n + k] for k < n, a run of
        # n equal pairs at distance n: its possible starts are where such runs start.
        starts: list[int] = []
        for n in range(2, min(MAX_STUTTER, repeats, n_words // 2) + 1):
            same = bytes(map(eq, low, low[n:]))
            if b"\x01" * n in same:  # rare: only then are the positions listed
                starts.extend(m.start() for m in _RUNS[n].finditer(same))
        if starts:
            starts = sorted(set(starts))
        # RP003: a sentence's words are a run of its block's words (sentences start and end next
        # to whitespace, which no word holds), so a repeated clause needs MIN_CLAUSE words that
        # come twice in the block.
        clause = False
        if n_words >= 2 * MIN_CLAUSE and repeats >= MIN_CLAUSE:
            grams = list(zip(*(low[k:] for k in range(MIN_CLAUSE))))
            clause = len(set(grams)) < len(grams)
        if pairs or starts or clause:
            found[idx] = (pairs, starts, clause)
    return found


@rule("RP001", "repeated-word", Category.REPETITION, Severity.MAJOR, fix=FixAvailability.ALWAYS)
def repeated_word(ctx: Context):
    """A word written twice in a row ("the the").

    ## What it flags
    The same alphabetic word twice in a row, compared case-insensitively, with only whitespace
    between the two copies. The second copy is flagged.

    ## Why it matters
    A doubled word is a decoding stutter of the MT engine (or a copy-paste slip); readers notice
    it at once and it makes the whole text look unedited.

    ## Example
    "He went to the the shop." → "He went to the shop."

    A word said three times or more ("cheap cheap cheap") is emphasis and passes. Correct
    doubles pass too: "She had had enough", "He said that that was wrong", "What it is is a
    scandal", "bye bye", "so so", "no no", "very very", "really really", and reduplicated
    names such as Walla Walla, Bora Bora, Duran Duran, Sirhan Sirhan or mahi mahi (two
    capitalised copies of a content word are taken as a name).

    ## Fix safety
    Safe: the fix deletes the second copy and the space before it.

    ## Data
    The list of legitimate doubles (`LEGIT_DOUBLES`) is kept in `mtcheck/rules/repetition.py`.
    """
    text = ctx.text
    for idx, (pairs, _, _) in ctx.shared(_repeat_candidates).items():
        ws = ctx.shared(block_words)[ctx.doc.blocks[idx]]
        # Only a word equal (lowercased) to the one before it can be flagged: visit just those,
        # in order, skipping any inside the run of a pair already judged.
        covered = 0
        for i in pairs:
            if i < covered:
                continue
            start, end, word = ws[i]
            prev = ws[i - 1]
            low = word.lower()
            if not (word.isalpha() and _is_space(text, prev[1], start)):
                continue
            run = i + 1  # a word said three times or more ("cheap cheap cheap") is emphasis
            while run < len(ws) and ws[run][2].lower() == low and _is_space(text, ws[run - 1][1], ws[run][0]):
                run += 1
            named = word[0].isupper() and prev[2][0].isupper() and low not in FUNCTION_WORDS
            if run == i + 1 and low not in LEGIT_DOUBLES and not named:
                yield ctx.flag(start, end, f"the word \u201c{word}\u201d is repeated",
                               suggestion=f"delete the second \u201c{word}\u201d",
                               edits=[(prev[1], end, "")])
            covered = run + 1


def _norm_gap(s: str) -> str:
    return " ".join(s.split())


MAX_STUTTER = 6
# n -> the starts of runs of n equal pairs (1 bytes) in a ``bytes(map(eq, ...))`` row.
_RUNS = {n: re.compile(b"(?=\\x01{%d})" % n) for n in range(2, MAX_STUTTER + 1)}
# "X <link> X" idioms (face to face, one by one, day after day, on and on, word for word): their
# continuation "X link X link …" looks like a stuttered two-word phrase.
REDUPLICATING_LINKS = frozenset("to by after and for on in upon over against versus vs or".split())


@rule("RP002", "stuttered-phrase", Category.REPETITION, Severity.MAJOR, fix=FixAvailability.ALWAYS)
def stuttered_phrase(ctx: Context):
    """A phrase of two to six words written twice in a row ("a reduction in a reduction in").

    ## What it flags
    A run of 2–6 words that is immediately repeated, with only whitespace between the two copies
    and the same punctuation inside each copy (compared case-insensitively). The longest
    repeated run wins and the second copy is flagged. Single words are RP001's; runs made of one
    word repeated ("ha ha ha ha") and runs without a letter pass, and so do continued "X to X"
    idioms ("face to face to", "on and on and on", "waited and waited and").

    ## Why it matters
    Stuttered phrases are a typical failure of neural MT decoding: the engine loses its place and
    emits the same words again. The sentence becomes hard to read and looks unedited.

    ## Example
    "for a reduction in a reduction in a red $ 200 million" → "for a reduction in a red $ 200
    million"

    ## Fix safety
    Safe: the fix deletes the second copy and the whitespace before it; nothing else changes.

    ## Data
    None.
    """
    text = ctx.text
    for idx, (_, starts, _) in ctx.shared(_repeat_candidates).items():
        if not starts:
            continue
        ws = ctx.shared(block_words)[ctx.doc.blocks[idx]]
        low = [w.lower() for _, _, w in ws]
        n_words = len(ws)
        # Only the candidate starts can start a stutter: visit them in order, skipping any
        # inside a stutter already flagged.
        covered = 0
        for i in starts:
            if i < covered:
                continue
            if i + 4 > n_words:
                break
            hit = 0
            for n in range(min(MAX_STUTTER, (n_words - i) // 2), 1, -1):
                if low[i] != low[i + n] or low[i:i + n] != low[i + n:i + 2 * n]:
                    continue
                if not _is_space(text, ws[i + n - 1][1], ws[i + n][0]):
                    continue
                if len(set(low[i:i + n])) == 1 or not any(w.isalpha() for w in low[i:i + n]):
                    continue
                if n == 2 and low[i + 1] in REDUPLICATING_LINKS:
                    continue  # "face to face to", "on and on and on", "waited and waited and"
                if any(_norm_gap(text[ws[i + k][1]:ws[i + k + 1][0]])
                       != _norm_gap(text[ws[i + n + k][1]:ws[i + n + k + 1][0]]) for k in range(n - 1)):
                    continue
                hit = n
                break
            if hit:
                a, b = ws[i + hit][0], ws[i + 2 * hit - 1][1]
                phrase = text[a:b]
                yield ctx.flag(a, b, f"the phrase \u201c{phrase}\u201d is repeated",
                               suggestion=f"delete the second \u201c{phrase}\u201d",
                               edits=[(ws[i + hit - 1][1], b, "")])
                covered = i + hit


MIN_CLAUSE = 5
_CLAUSE_END = re.compile(r"[,;:.!?)…—–\"”]|\s-\s")
_NOT_PROSE = re.compile(r"[/@_=<>\\#&]|www\.")  # URLs, e-mail addresses, file names
_QUOTE_CHARS = "\"“”„«»"


def _quoted(text: str, block_start: int, a: int, b: int) -> bool:
    """Whether ``text[a:b]`` is inside quoted speech or spans a quotation mark (a speaker's
    rhetorical repetition, or a reporter paraphrasing a quote, is not an MT artefact)."""
    if any(c in _QUOTE_CHARS for c in text[a:b]):
        return True
    before = text[block_start:a]
    return (before.count('"') % 2 == 1 or before.count("“") > before.count("”")
            or before.count("«") > before.count("»"))


@rule("RP003", "repeated-clause", Category.REPETITION, Severity.MAJOR)
def repeated_clause(ctx: Context):
    """The same run of five or more words twice in one sentence.

    ## What it flags
    A run of at least five words (at least two of them content words, not function words) that
    occurs twice in the same sentence, compared case-insensitively. The second occurrence is
    flagged when it runs on right after the first copy or closes a clause (is followed by
    punctuation or the end of the sentence); a copy followed by new words is a parallel
    construction ("they're going to talk about their kids, they're going to talk about
    football"). Repeats inside quoted speech, or on both sides of a quotation mark (a reporter
    paraphrasing a quote), pass: speakers repeat themselves on purpose. So do names and titles
    (most content words capitalised: "the Department of Housing and Urban Development",
    "President of the United States of America") and runs in URLs, e-mail addresses or file
    names. Immediate stutters of up to six words are RP002's; longer immediate repeats, and
    repeats separated by other words or punctuation, are flagged here.

    ## Why it matters
    When an MT engine loses track of a long sentence it often translates a clause twice,
    sometimes in a slightly different place. The sentence then says the same thing twice and
    its structure no longer holds.

    ## Example
    "The company said that sales rose sharply in the first quarter, and analysts expect that
    sales rose sharply in the first quarter." flags the second "that sales rose sharply in the
    first quarter".

    ## Fix safety
    No fix: which copy to keep, and how to join what is left, needs a human.

    ## Data
    None.
    """
    text = ctx.text
    for idx, (_, _, clause) in ctx.shared(_repeat_candidates).items():
        if not clause:
            continue
        block = ctx.doc.blocks[idx]
        for s, e in sentence_spans(text, block.range.start, block.range.end):
            ws = word_spans(text, s, e)
            n_words = len(ws)
            if n_words < 2 * MIN_CLAUSE:
                continue
            low = [w.lower() for _, _, w in ws]
            first: dict[tuple[str, ...], int] = {}
            j = 0
            while j + MIN_CLAUSE <= n_words:
                gram = tuple(low[j:j + MIN_CLAUSE])
                i = first.get(gram)
                if i is None:
                    first[gram] = j
                    j += 1
                    continue
                if i + MIN_CLAUSE > j:  # overlapping copies ("a b a b a b ...")
                    j += 1
                    continue
                k = MIN_CLAUSE
                while j + k < n_words and i + k < j and low[i + k] == low[j + k]:
                    k += 1
                content = [w for w in ws[j:j + k] if w[2].lower() not in FUNCTION_WORDS]
                named = sum(1 for w in content if w[2][0].isupper()) * 2 > len(content)
                adjacent = i + k == j and _is_space(text, ws[j - 1][1], ws[j][0])
                after = text[ws[j + k - 1][1]:ws[j + k][0]] if j + k < n_words else "."
                ends_clause = _CLAUSE_END.search(after) is not None
                if (len(content) < 2 or named or (adjacent and k <= MAX_STUTTER)
                        or not (adjacent or ends_clause)
                        or _NOT_PROSE.search(text, ws[i][0], ws[j + k - 1][1])
                        or _quoted(text, block.range.start, ws[i][0], ws[j + k - 1][1])):
                    j += k - MIN_CLAUSE + 1  # later starts inside this run repeat the same verdict
                    continue
                a, b = ws[j][0], ws[j + k - 1][1]
                yield ctx.flag(a, b, f"\u201c{text[a:b]}\u201d repeats words said earlier in the sentence",
                               suggestion="delete one of the two copies")
                j += k


MIN_PARAGRAPH_WORDS = 12
NEAR_SHARE = 0.8
MAX_LENGTH_RATIO = 1.5
_SIGNATURE_WORDS = 8  # rarest words of a block used to look up candidates
_MAX_POSTINGS = 200  # words in more blocks than this are not used for lookup
_MAX_CANDIDATES = 5
_TOKEN = re.compile(r"[^\W_]+")
_WORDS_BUDGET = 200_000  # characters of blocks whose words are kept between passes


@rule("RP004", "duplicated-paragraph", Category.REPETITION, Severity.MAJOR)
def duplicated_paragraph(ctx: Context):
    """A paragraph that repeats an earlier paragraph exactly or nearly.

    ## What it flags
    A paragraph or list item of at least 12 words whose words (lowercased, counted with
    repetition) occur at least 80% in an earlier paragraph or list item, the two lengths being
    within a factor of 1.5. The whole later block is flagged; the message names the line of the
    first one. Candidates are found through an index of each block's rarest words, so a long
    file is never compared pair by pair.

    ## Why it matters
    Scraped and machine-translated articles often carry the lead paragraph twice (once as a
    teaser, once as the article's first paragraph), sometimes translated twice with a different
    word order. Readers see the same content again, and the article's length is inflated.

    ## Example
    "Meta lags behind the competition in the AI competition. CEO Mark Zuckerberg has therefore
    announced the construction of data centers …" followed later by "Meta lags behind the
    competition in the AI competition. CEO Mark Zuckerberg therefore has the construction of
    data centers … announced …": the second paragraph is flagged.

    ## Fix safety
    No fix; the suggestion (delete the repeated paragraph) is display-only, since the two copies
    may differ in a detail worth keeping.

    ## Data
    None.
    """
    text = ctx.text
    # Only offsets, lengths and text hashes are kept for every block. Words are kept for the
    # first blocks, up to _WORDS_BUDGET characters, and found again for later ones when needed:
    # a huge file's words per paragraph would not fit in memory.
    blocks: list[tuple[int, int, int]] = []  # (start, end, number of words)
    key_hashes: list[int] = []  # hash of each block's _exact_key
    kept: list[list[str] | None] = []  # each block's lowercased words, or None if not kept
    left = _WORDS_BUDGET
    # A near repeat shares at least NEAR_SHARE of this block's words (counted with repetition)
    # with one earlier block, so at least that many of its words occur in earlier blocks: only
    # the blocks that pass this cheap test (``near``) can nearly repeat another.
    seen: set[str] = set()  # the words of the blocks so far
    near: set[int] = set()
    # Each word's number of blocks, counted here for the blocks whose words are not kept (so a
    # huge file is not split into words a third time), for the others when it is needed.
    df: Counter[str] = Counter()
    for block, btext in ctx.blocks("paragraph", "list_item", "quote"):
        if btext.isascii():  # lowering maps A-Z to a-z only: the same words, in one call
            toks = _TOKEN.findall(btext.lower())
            key = " ".join(toks)  # == _exact_key(btext)
        else:
            toks = list(map(str.lower, _TOKEN.findall(btext)))
            key = None
        if len(toks) < MIN_PARAGRAPH_WORDS:
            continue
        if sum(map(seen.__contains__, toks)) >= NEAR_SHARE * len(toks):
            near.add(len(blocks))
        seen.update(toks)
        blocks.append((block.range.start, block.range.end, len(toks)))
        key_hashes.append(hash(_exact_key(btext) if key is None else key))
        if len(btext) <= left:
            kept.append(toks)
            left -= len(btext)
        else:
            kept.append(None)
            df.update(set(toks))
    if len(blocks) < 2:
        return
    if not near and len(set(key_hashes)) == len(key_hashes):
        return  # no near repeat, and an exact one needs two equal hashes: most documents
    seen.clear()
    for toks in kept:
        if toks is not None:
            df.update(set(toks))
    postings: dict[str, array] = {}  # word -> earlier blocks with it (words of several blocks only)
    exact: dict[int, list[int]] = {}  # hash of a block's normalised text -> blocks with it
    for idx, (start, end, length) in enumerate(blocks):
        same = exact.setdefault(key_hashes[idx], [])
        match = None
        if same:  # the texts themselves are compared on a hash hit only
            key = _exact_key(text[start:end])
            match = next((j for j in same if _exact_key(text[blocks[j][0]:blocks[j][1]]) == key), None)
        toks = kept[idx]
        if toks is None:
            toks = _tokens(text, start, end)
        # (Word order here is free: _near_match sorts these, and each word's postings get idx once.)
        indexed = [w for w in set(toks) - FUNCTION_WORDS if df[w] <= _MAX_POSTINGS]
        # A word of this block only (df 1) is never found in another block's postings.
        elsewhere = [w for w in indexed if df[w] > 1]
        if match is None:
            if idx in near:  # (_near_match's candidates are earlier blocks: see ``near``)
                match = _near_match(text, blocks, kept, toks, indexed, elsewhere, length, df, postings)
            same.append(idx)
        if match is not None:
            first_start = blocks[match][0]
            line = ctx.doc.line_col(ctx.doc.to_source(first_start, first_start).start)[0]
            yield ctx.flag(start, end, f"this paragraph repeats the paragraph on line {line}",
                           suggestion="delete the repeated paragraph")
        for w in elsewhere:
            found = postings.get(w)
            if found is None:
                postings[w] = array("I", (idx,))
            else:
                found.append(idx)


def _exact_key(btext: str) -> str:
    return " ".join(_TOKEN.findall(btext.lower()))


def _tokens(text: str, start: int, end: int) -> list[str]:
    return list(map(str.lower, _TOKEN.findall(text, start, end)))


def _near_match(text, blocks, kept, toks, indexed, elsewhere, length, df, postings) -> int | None:
    """The earliest of the candidate blocks (those sharing at least half of this block's
    _SIGNATURE_WORDS rarest words) that this block nearly repeats, or None."""
    n_rare = min(_SIGNATURE_WORDS, len(indexed))
    if not n_rare:
        return None
    need = max(1, (n_rare + 1) // 2)
    # The rarest words are the df-1 words first, which no earlier block has (they get no hits),
    # then the rarest of ``elsewhere``: only those can vote for a candidate.
    voters = n_rare - min(n_rare, len(indexed) - len(elsewhere))
    if voters < need:
        return None
    # (df, word) pairs are unique, so sorting them orders the words as a sort by that key would.
    rare = [w for _, w in sorted([(df[w], w) for w in elsewhere])[:voters]]
    hits: Counter[int] = Counter()
    for w in rare:
        for j in postings.get(w, ()):
            hits[j] += 1
    cands = sorted((j for j, h in hits.items() if h >= need), key=lambda j: (-hits[j], j))[:_MAX_CANDIDATES]
    best = None
    counts = None
    for j in cands:
        ostart, oend, olen = blocks[j]
        if max(length, olen) > MAX_LENGTH_RATIO * min(length, olen):
            continue
        if counts is None:
            counts = Counter(toks)
        other_toks = kept[j]
        other = Counter(_tokens(text, ostart, oend) if other_toks is None else other_toks)
        shared = sum(min(c, other.get(w, 0)) for w, c in counts.items())
        if shared >= NEAR_SHARE * length and (best is None or j < best):
            best = j
    return best


RULES = (repeated_word, stuttered_phrase, repeated_clause, duplicated_paragraph)
