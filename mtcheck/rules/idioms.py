"""ID0xx: German idioms and set phrases that machine translation renders word for word
("unpack the crowbar", "a drop on the hot stone", "it is in the stars whether").

The lexicon `data/idioms.tsv` holds one German idiom a row, with the English that MT makes of it
as a small token pattern and the idiomatic English to write instead. Patterns match lemmas (every
inflection of a content word, from the lookup table of spacy-lookups-data), with optional
determiners, adverbs and short insertions, so "does not let the cash register ring" and "pulled
out the thick wallet" are found. `data/shared_idioms.tsv` lists idioms English shares with
German ("break the ice", "green light"); they are never flagged, and a test checks that no
pattern matches them.

Pattern language (the `literal` column; variants are separated by `` | ``):

- ``word`` — any inflection of the word (``wear`` matches wear, wears, wore, worn, wearing);
  closed-class words (prepositions, conjunctions, pronouns, ``not``) match as written.
- ``a/b/c`` — one of several words; ``=word`` — exactly this surface form (``=a/b`` makes every
  alternative exact, ``a/=b`` only the marked one).
- ``word?`` — an optional token.
- a determiner or possessive (the a an his her its their our my your this that these those) —
  an optional slot that any one of them fills (write ``=the`` to require exactly "the").
- ``~`` — up to two adverbs or negations ("not", "even", "really", any "-ly" word).
- ``*`` — up to two words of any kind; ``SB`` — one to four words (someone, something), ``SB?``
  up to four. Gaps never cross clause punctuation or quotation marks.
- ``'s`` — a possessive ending; ``-`` and ``,`` — that punctuation token (``-?`` optional).
- ``!a/b`` as the last item: the next token is none of these; as the first item: the token
  before is none of these. ``>a/b`` as the last item: the next token is one of these, or
  punctuation (``PUNCT``, not a hyphen), or the end of the sentence.

Speed: a sentence is parsed and matched only when it contains every required word of some
variant (looked up through each variant's rarest word) and that variant's fixed tokens in
order (its outline), and only those variants are tried, each with its own small spaCy Matcher
built on first use. Only blocks that hold the rarest word of a variant the whole document may
match are split into words at all.
"""
from __future__ import annotations

import csv
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from ..document import Block
from ..finding import Applicability, Category, Finding, Severity
from ..nlp import lemma_table
from .base import Context, FixAvailability, rule
from .segment import (FUNCTION_WORDS, LETTER, LOWER_VIEW_LIMIT, blocks_holding, document_words,
                      lower_words, lowered_view, sentence_spans)
from .wordlists import zipf

TABLE = "idioms.tsv"
SHARED = "shared_idioms.tsv"
COLUMNS = ("german", "literal", "idiomatic", "severity", "domain", "fix", "note")
SHARED_COLUMNS = ("english", "german", "example")
SEVERITIES = ("minor", "major")
DOMAINS = ("business", "general", "politics", "sports", "tech")

DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "that",
                         "these", "those"})
# Closed-class words match as written; be/have/do inflect like content words.
_EXACT_WORDS = (FUNCTION_WORDS - {"be", "have", "do", "get"}) | {"one", "no", "nothing", "everything",
                                                                   "someone", "something", "'s"}
_ADVERB_RE = (r"^(?:not|n't|n’t|never|no|even|also|already|just|still|really|finally|now|then|once|again|"
              r"so|much|too|very|quite|rather|more|most|all|only|ever|yet|soon|always|often|almost|"
              r"nearly|long|far|well|first|hardly|barely|[a-z]+ly)$")
# Tokens a gap (``*``, ``SB``) never crosses: clause punctuation and quotation marks.
_BREAKS = [",", ".", ";", ":", "!", "?", "(", ")", "[", "]", '"', "“", "”", "„", "«", "»", "–", "—", "…"]
_POSSESSIVE = ["'s", "’s", "'", "’"]
_WORD_OK = re.compile(r"(?:[^\W\d_]+|['’]s|n't)")


@dataclass(frozen=True)
class Idiom:
    german: str
    literal: str
    idiomatic: tuple[str, ...]
    severity: Severity
    domain: str
    fix: bool  # the single idiomatic phrase replaces the literal phrase as listed
    note: str


@dataclass(frozen=True)
class Variant:
    """One compiled literal variant of an idiom row."""

    key: str  # matcher key: "row:variant"
    idiom: Idiom
    text: str  # the variant as written
    pattern: tuple[dict, ...]  # spaCy Matcher token pattern
    required: tuple[frozenset[str], ...]  # surface-form sets that must all occur (prefilter)
    anchor: frozenset[str]  # the rarest required set
    left_not: frozenset[str]
    right_not: frozenset[str]
    right_only: frozenset[str] | None  # None: no constraint; may hold "PUNCT"
    plain: frozenset[str]  # texts a fix may replace: the variant as written (first alternatives)


# --- data ------------------------------------------------------------------------------------

def _read_tsv(name: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    from . import data_path

    with data_path(name).open(encoding="utf-8", newline="") as fh:
        lines = (ln for ln in fh if not ln.startswith("#"))
        reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        assert tuple(reader.fieldnames or ()) == columns, (name, reader.fieldnames)
        return [dict(r) for r in reader]


def split_alternatives(cell: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in cell.split(" | ") if p.strip())


@cache
def load_idioms() -> tuple[Idiom, ...]:
    """The rows of `idioms.tsv`, in file order."""
    return tuple(Idiom(r["german"], r["literal"], split_alternatives(r["idiomatic"]),
                       Severity.parse(r["severity"]), r["domain"], r["fix"] == "yes", r["note"] or "")
                 for r in _read_tsv(TABLE, COLUMNS))


@cache
def load_shared() -> tuple[tuple[str, str, str], ...]:
    """The rows of `shared_idioms.tsv`: (english, german, example sentence)."""
    return tuple((r["english"], r["german"], r["example"]) for r in _read_tsv(SHARED, SHARED_COLUMNS))


@cache
def _reverse_table() -> dict[str, list[str]]:
    """lemma -> the forms the table gives it (lower case; a form may repeat)."""
    rev: defaultdict[str, list[str]] = defaultdict(list)
    for form, lemma in lemma_table().items():
        rev[lemma.lower()].append(form.lower())
    return rev


@cache
def forms(word: str) -> frozenset[str]:
    """Every surface form of ``word``: the lookup table read backwards plus regular endings
    (which are kept only when the table does not give them to another lemma)."""
    table, rev = lemma_table(), _reverse_table()
    out = {word, *rev.get(word, ())}
    base = table.get(word)
    if base and base != word:
        out.update(rev.get(base, ()))
        out.add(base)
    gen = {word + "s", word + "es", word + "ed", word + "ing"}
    if word.endswith("e"):
        gen |= {word + "d", word[:-1] + "ing"}
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        gen |= {word[:-1] + "ies", word[:-1] + "ied"}
    for g in gen:
        if table.get(g, word) == word:
            out.add(g)
    return frozenset(f for f in out if f[:1].isalpha())  # never "'s", "'re", "'d" for be/have


# --- pattern compiler ------------------------------------------------------------------------

class PatternError(ValueError):
    pass


def _alts(item: str) -> list[str]:
    alts = [a for a in item.split("/")]
    if not all(alts):
        raise PatternError(f"empty alternative in {item!r}")
    return alts


def compile_variant(text: str, key: str, idiom: Idiom) -> Variant:
    items = text.split()
    if not items:
        raise PatternError("empty variant")
    left_not: frozenset[str] = frozenset()
    right_not: frozenset[str] = frozenset()
    right_only: frozenset[str] | None = None
    if items[0].startswith("!"):
        left_not = frozenset(_alts(items.pop(0)[1:]))
    if items and items[-1].startswith("!"):
        right_not = frozenset(_alts(items.pop()[1:]))
    elif items and items[-1].startswith(">"):
        right_only = frozenset(_alts(items.pop()[1:]))
    if not items:
        raise PatternError(f"variant {text!r} has no tokens")
    pattern: list[dict] = []
    required: list[frozenset[str]] = []
    plain_choices: list[list[str]] = []  # per item: the texts a plain rendering may have ("" = absent)
    gap = False
    for item in items:
        optional = item.endswith("?") and len(item) > 1
        body = item[:-1] if optional else item
        if body != body.lower() and body != "SB":
            raise PatternError(f"write pattern words in lower case: {item!r}")
        if body == "~":
            pattern.append({"LOWER": {"REGEX": _ADVERB_RE}, "OP": "{0,2}"})
            plain_choices.append([""])
            continue
        if body == "*":
            pattern.append({"ORTH": {"NOT_IN": _BREAKS}, "OP": "{0,2}"})
            gap = True
            continue
        if body == "SB":
            pattern.append({"ORTH": {"NOT_IN": _BREAKS}, "OP": "{0,4}" if optional else "{1,4}"})
            gap = True
            continue
        if body == "'s":
            pattern.append({"LOWER": {"IN": _POSSESSIVE}, **({"OP": "?"} if optional else {})})
            plain_choices.append(["'s", ""] if optional else ["'s"])
            continue
        if body in {"-", ",", ":", "."}:
            pattern.append({"ORTH": body, **({"OP": "?"} if optional else {})})
            plain_choices.append([body, ""] if optional else [body])
            continue
        if body in DETERMINERS:
            pattern.append({"LOWER": {"IN": sorted(DETERMINERS)}, "OP": "?"})
            plain_choices.append([body, ""])
            continue
        all_exact = body.startswith("=")
        words, exact = [], []
        for w in _alts(body[1:] if all_exact else body):
            exact.append(all_exact or w.startswith("="))
            words.append(w.lstrip("="))
            if not _WORD_OK.fullmatch(words[-1]):
                raise PatternError(f"bad word {w!r} in {text!r}")
        surface: set[str] = set()
        for w, x in zip(words, exact):
            surface |= {w} if (x or w in _EXACT_WORDS) else forms(w)
        if "n't" in surface:
            surface.add("n’t")
        spec: dict = {"LOWER": {"IN": sorted(surface)}}
        if optional:
            spec["OP"] = "?"
            plain_choices.append([words[0], ""])
        else:
            required.append(frozenset(surface))
            plain_choices.append([words[0]])
        pattern.append(spec)
    if not required:
        raise PatternError(f"variant {text!r} has no required word")
    if pattern[0].get("OP") or pattern[-1].get("OP"):
        # leading/trailing optional tokens would make spans start or end on them
        first, last = pattern[0], pattern[-1]
        if "REGEX" in str(first) or "NOT_IN" in str(first) or "REGEX" in str(last) or "NOT_IN" in str(last):
            raise PatternError(f"variant {text!r} starts or ends with a gap")
    alpha_required = [r for r in required if any(s.isalpha() for s in r)]
    if not alpha_required:
        raise PatternError(f"variant {text!r} has no required word")
    anchor = min(alpha_required, key=lambda s: (max(zipf(w) for w in s), len(s)))
    plain: frozenset[str] = frozenset()
    if not gap:
        n = 1
        for c in plain_choices:
            n *= len(c)
        if n <= 256:
            plain = frozenset(" ".join(w for w in combo if w) for combo in itertools.product(*plain_choices))
    return Variant(key, idiom, text, tuple(pattern), tuple(alpha_required), anchor, left_not, right_not,
                   right_only, plain)


@cache
def compiled() -> tuple[Variant, ...]:
    out = []
    for i, idiom in enumerate(load_idioms()):
        for j, text in enumerate(split_alternatives(idiom.literal)):
            try:
                out.append(compile_variant(text, f"{i}:{j}", idiom))
            except PatternError as exc:
                raise PatternError(f"idioms.tsv row {idiom.german!r}: {exc}") from None
    return tuple(out)


@cache
def anchor_index() -> dict[str, tuple[Variant, ...]]:
    """Lower-case surface word -> the variants whose rarest required word it is."""
    index: dict[str, list[Variant]] = {}
    for v in compiled():
        for w in v.anchor:
            index.setdefault(w, []).append(v)
    return {w: tuple(vs) for w, vs in index.items()}


@cache
def _anchor_words() -> frozenset[str]:
    """The keys of :func:`anchor_index` as a set: ``words & keys`` of a dict would copy them."""
    return frozenset(anchor_index())


@cache
def _variant_matcher(key: str):
    """A spaCy Matcher holding one variant's pattern, built when a sentence first needs it:
    a sentence is run only against the few variants whose words it contains."""
    from spacy.matcher import Matcher

    from ..nlp import english_pipeline

    matcher = Matcher(english_pipeline().vocab)
    matcher.add(key, [list(_by_key()[key].pattern)], greedy="LONGEST")
    return matcher


@cache
def _by_key() -> dict[str, Variant]:
    return {v.key: v for v in compiled()}


# --- matching --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Match:
    start: int  # character offsets within the parsed text
    end: int
    variant: Variant


def _context_ok(doc, start: int, end: int, v: Variant) -> bool:
    if v.left_not and start > 0 and doc[start - 1].lower_ in v.left_not:
        return False
    nxt = doc[end] if end < len(doc) else None
    if v.right_not and nxt is not None and nxt.lower_ in v.right_not:
        return False
    if v.right_only is not None and nxt is not None:
        punct = (nxt.is_punct or nxt.is_quote) and nxt.text not in {"-", "/"}
        if not (nxt.lower_ in v.right_only or ("PUNCT" in v.right_only and punct)):
            return False
    return True


def match_doc(doc, variants: Iterable[Variant] | None = None) -> list[Match]:
    """Non-overlapping idiom matches in a spaCy Doc (longest first), trying ``variants``
    (default: every variant of the lexicon)."""
    found = []
    for v in (compiled() if variants is None else variants):
        for _, start, end in _variant_matcher(v.key)(doc):
            if _context_ok(doc, start, end, v):
                found.append((start, end, v))
    found.sort(key=lambda m: (-(m[1] - m[0]), m[0], m[2].key))
    taken: list[tuple[int, int]] = []
    out = []
    for start, end, v in found:
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        span = doc[start:end]
        out.append(Match(span.start_char, span.end_char, v))
    return sorted(out, key=lambda m: m.start)


@cache
def _outline(key: str) -> re.Pattern[str]:
    """A necessary condition for a variant's Matcher pattern, as an expression to search the
    lower-case sentence for: its fixed tokens (no ``OP``) in order, each one of its lower-case
    texts, directly after the previous fixed token (a space or nothing between, as between any
    two adjacent spaCy tokens: the tokenizer splits at single spaces and makes a token of any
    other whitespace) or, past an optional or repeated token, anywhere after it."""
    parts: list[str] = []
    gap = False
    for spec in _by_key()[key].pattern:
        lower, orth = spec.get("LOWER"), spec.get("ORTH")
        if "OP" in spec or not (isinstance(lower, dict) and "IN" in lower or isinstance(orth, str)):
            gap = True
            continue
        if parts:
            parts.append("[\\s\\S]*?" if gap else " ?")
        alts = lower["IN"] if lower is not None else [orth]
        parts.append("(?:" + "|".join(re.escape(a) for a in alts) + ")")
        gap = False
    return re.compile("".join(parts))


def _may_match(found: list[Variant], sentence: str) -> list[Variant]:
    """The variants of ``found`` whose outline (:func:`_outline`) occurs in ``sentence``: the
    others cannot match it, so the sentence is parsed only when one is left. A token's
    ``lower_`` is its text lowered on its own, the same characters as in the lowered sentence
    except for "Σ" (final sigma depends on the next character): then every variant is kept."""
    if "Σ" in sentence:
        return found
    low = sentence.lower()
    return [v for v in found if _outline(v.key).search(low)]


def sentence_words(sentence: str) -> set[str]:
    """The lower-case words of a sentence, as the prefilter compares them with the lexicon."""
    return lower_words(sentence.lower())


def candidates(words: set[str]) -> list[Variant]:
    """The variants all of whose required words occur among ``words`` (lower-case)."""
    entries = _anchor_entries()
    out: dict[str, Variant] = {}
    tried: set[str] = set()  # a variant is listed under each form of its anchor
    for w in words & _anchor_words():
        for key, v, others in entries[w]:
            if key in tried:
                continue
            tried.add(key)
            # its anchor holds w; the other required sets, rarest first (the likeliest to fail)
            for r in others:
                if r.isdisjoint(words):
                    break
            else:
                out[key] = v
    return [out[k] for k in sorted(out)]


@cache
def _anchor_entries() -> dict[str, tuple[tuple[str, Variant, tuple[frozenset[str], ...]], ...]]:
    """:func:`anchor_index` with each variant's key and its required sets other than its
    anchor, the rarest first, side by side: a document's candidates are picked from dozens of
    variants without reading their attributes."""
    def others(v: Variant) -> tuple[frozenset[str], ...]:
        return tuple(sorted((r for r in v.required if r is not v.anchor),
                            key=lambda r: max(zipf(w) for w in r)))

    rest = {v.key: others(v) for v in compiled()}
    return {w: tuple((v.key, v, rest[v.key]) for v in vs) for w, vs in anchor_index().items()}


def match_text(text: str) -> list[Match]:
    """Idiom matches in a plain string (used by tests and tools); offsets into ``text``."""
    from ..nlp import english_pipeline

    out: list[Match] = []
    for a, b in sentence_spans(text, 0, len(text)):
        found = candidates(sentence_words(text[a:b]))
        if found:
            for m in match_doc(english_pipeline()(text[a:b]), found):
                out.append(Match(a + m.start, a + m.end, m.variant))
    return out


# --- rule ------------------------------------------------------------------------------------

def _cased(replacement: str, original: str) -> str:
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


@rule("ID001", "literal-idiom", Category.LITERAL, Severity.MINOR, fix=FixAvailability.SOMETIMES,
      needs=("tokens",), data=(TABLE, SHARED))
def literal_idiom(ctx: Context) -> Iterator[Finding]:
    """A German idiom translated word for word: "unpack the crowbar", "a drop on the hot stone".

    ## What it flags
    English that renders a German idiom or set phrase literally, so that the metaphor means
    nothing (or something else) to an English reader: "Zuckerberg unpacks the crowbar" (die
    Brechstange auspacken), "it is in the stars whether" (in den Sternen stehen), "the efforts
    wore fruit" (Früchte tragen), "a drop on the hot stone" (ein Tropfen auf den heißen Stein).
    Any inflection matches, with determiners, adverbs and negation in between ("does not let the
    cash register ring"). Idioms that English shares with German ("break the ice", "the tip of
    the iceberg", "green light", "put on ice") are never flagged.

    ## Why it matters
    A literal idiom is the most visible sign of machine translation: readers either stumble or
    take the image at face value. The German original and the English idiom are given with each
    finding, so an editor can fix it in seconds.

    ## Example
    Flagged: However, it is in the stars whether his plans will work.
    Use instead: However, it remains to be seen whether his plans will work.

    ## Fix safety
    Unsafe, and only for rows marked `fix=yes`: the lexicon gives a single English phrase that
    takes the place of the literal one as it stands ("cloud seven" -> "cloud nine", "elbow
    society" -> "dog-eat-dog society"), and the flagged words are the literal phrase exactly as
    listed (no inflection, no inserted words). Everything else gets the English alternatives
    as a suggestion only, since a verb idiom has to be re-inflected by hand.

    ## Data
    `idioms.tsv`: one German idiom a row with its literal English as token patterns (see the
    module documentation for the pattern language), the idiomatic English, a severity (minor:
    the meaning still shows through; major: it is lost or wrong), a domain and whether a fix is
    offered. `shared_idioms.tsv`: idioms English shares with German, which the tests keep
    unmatched. Inflections come from the lookup lemmatiser table of spacy-lookups-data.
    """
    text = ctx.text
    blocks: Iterable[Block] = ctx.doc.blocks
    # The lower-case document, when a block's or sentence's words are some of the document's
    low: str | None = None
    # A sentence's words are a subset of its block's and the document's, so an idiom that
    # cannot match the whole document cannot match any sentence. (Not on a huge text: its
    # word set would hold every word at once; the block test below gives the same findings.)
    if len(text) <= LOWER_VIEW_LIMIT:
        view = ctx.shared(lowered_view)  # (shared with ID1xx)
        words = ctx.shared(document_words)  # (shared with FF)
        found = candidates(words)
        if not found:
            return
        blocks = _blocks_to_check(ctx, found, words)
        if view is not None and not ctx.shared(_boundary_in_word):
            # Then a block's lower-case text is its slice of the view, and its words (and so a
            # sentence's: sentences are cut at white space) are some of the document's, as
            # _blocks_to_check explains: the candidates of a block are those of ``found`` whose
            # required words it holds, and a sentence's are those of its block's.
            low = view[0]
    for block in blocks:
        if block.kind not in _KINDS:
            continue
        s, e = block.range.start, block.range.end
        if low is not None:
            block_words = lower_words(low[s:e])
            block_found = _holding_all(found, block_words)
        else:
            block_words = sentence_words(text[s:e])
            block_found = candidates(block_words)
        if not block_found:
            continue
        for a, b in sentence_spans(text, s, e):
            # a block is most often one sentence: its words are the block's
            if (a, b) == (s, e):
                found_here = block_found
            elif low is not None:
                found_here = _holding_all(block_found, lower_words(low[a:b]))
            else:
                found_here = candidates(sentence_words(text[a:b]))
            if found_here:
                found_here = _may_match(found_here, text[a:b])
            if not found_here:
                continue
            for m in match_doc(ctx.parse(a, b), found_here):
                yield _finding(ctx, a + m.start, a + m.end, m.variant)


def _holding_all(variants: list[Variant], words: set[str]) -> list[Variant]:
    """The ``variants`` (in order) all of whose required words occur among ``words``: their
    :func:`candidates` when ``words`` are some of those ``variants`` were found among."""
    out = []
    for v in variants:
        for r in v.required:
            if r.isdisjoint(words):
                break
        else:
            out.append(v)
    return out


_KINDS = ("heading", "paragraph", "list_item", "quote", "table_cell")


def _blocks_to_check(ctx: Context, found: list[Variant], words: set[str]) -> Iterable[Block]:
    """The blocks, in order, that hold the anchor of an idiom variant the document may match
    (``found``, from the document's ``words``); the others cannot match any variant.

    Safe because a block that matches a variant holds a word of its anchor (one of its required
    sets) as a substring of its lower-case text ("n't" also as "n’t"), and because, when the
    block's lower-case text is the same slice of the document's (``lowered_view``) and no
    block boundary cuts a word in two, the block's words are some of the document's: so the
    variant is among ``found`` and the anchor word among ``words``. Otherwise every block."""
    view = ctx.shared(lowered_view)
    if view is None or ctx.shared(_boundary_in_word):
        return ctx.doc.blocks
    needles = set()
    for v in found:
        needles |= v.anchor & words
    # A word of LETTER_RUN has no letter next to it in its block, nor (no word being cut at a
    # block boundary) in the document; "n't" is a word wherever the text holds "n't" or "n’t".
    holding = blocks_holding(view, needles - {"n't"}, apart=LETTER)
    if "n't" in needles:
        holding.update(blocks_holding(view, ("n't", "n’t")))
    blocks = ctx.doc.blocks
    return [blocks[k] for k in sorted(holding)]


def _boundary_in_word(ctx: Context) -> bool:
    """Whether a block starts or ends between two letters or digits (a word cut in two) of the
    lower-case view (only asked when there is one)."""
    low = ctx.shared(lowered_view)[0]
    n = len(low)
    for block in ctx.doc.blocks:
        for i in (block.range.start, block.range.end):
            if 0 < i < n and low[i - 1:i + 1].isalnum():
                return True
    return False



def _finding(ctx: Context, start: int, end: int, v: Variant) -> Finding:
    idiom = v.idiom
    flagged = ctx.text[start:end]
    alternatives = idiom.idiomatic
    message = f"literal translation of the German idiom “{idiom.german}”"
    suggestion = " / ".join(alternatives)
    normal = re.sub(r"\s+", " ", flagged.lower().replace("’", "'"))
    normal = normal.replace(" 's", "'s")
    plain = {p.replace(" 's", "'s") for p in v.plain}
    if idiom.fix and len(alternatives) == 1 and normal in plain:
        replacement = _cased(alternatives[0], flagged)
        return ctx.flag(start, end, message, suggestion=suggestion, replacement=replacement,
                        applicability=Applicability.UNSAFE, severity=idiom.severity)
    return ctx.flag(start, end, message, suggestion=suggestion, severity=idiom.severity)


RULES = (literal_idiom,)
