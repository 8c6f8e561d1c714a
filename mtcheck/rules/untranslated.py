"""UT: German words, abbreviations, phrases and sentences left untranslated in English text.

Evidence is cheap first: set lookups on surface words against a lexicon of German words that
machine translation leaves behind, German noun morphology and compound heads, German and English
word frequencies (wordfreq), and only then, for whole sentences and long phrases, a seeded
language identifier (langdetect) on the few candidates. Proper names are the main risk — German
news translated into English is full of German people, places and organisations — so every
word-level check first asks whether the word stands where a name stands, and gives up if so.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from typing import Collection, Iterator

from ..document import Block
from ..finding import Applicability, Category, Finding, Severity
from .base import Context, FixAvailability, rule
from .segment import FUNCTION_WORDS, sentence_spans
from .wordlists import zipf

LEXICON = "untranslated_words.tsv"
LOANWORDS = "loanwords.tsv"
HEADS = "german_compound_heads.tsv"

KINDS = ("abbreviation", "content", "function")
CONDITIONS = ("ai-context", "always", "before-name", "before-number", "before-quantity", "lowercase", "title")
LOANWORD_KINDS = ("abbreviation", "brand", "company-form", "food", "institution", "loanword", "place")


# --------------------------------------------------------------------------- word evidence

@cache
def de_zipf(word: str) -> float:
    return zipf(word, "de")


def en_zipf(word: str) -> float:
    return zipf(word)


# --------------------------------------------------------------------------- data files

def _rows(name: str) -> list[list[str]]:
    from . import data_path

    lines = data_path(name).read_text(encoding="utf-8").splitlines()
    return [ln.split("\t") for ln in lines[2:] if ln.strip()]


@dataclass(frozen=True)
class Entry:
    german: str
    english: tuple[str, ...]  # alternatives; one means a fix can be offered
    kind: str
    condition: str


@dataclass(frozen=True)
class Lexicon:
    content: dict[str, Entry]  # casefolded single word -> entry
    function: dict[str, Entry]  # exact lowercase word -> entry
    ai: dict[str, Entry]  # exact "KI" / "Ki"
    abbreviations: re.Pattern[str]
    abbreviation_entries: dict[str, Entry]  # normalised (no spaces) -> entry
    phrases: re.Pattern[str] | None
    phrase_entries: dict[str, Entry]
    # the words an abbreviation match starts with ("bzw", "Bzw", "z", "Z"): a block none of
    # whose words is one has no match; None: no such test
    abbreviation_heads: frozenset[str] | None = None
    # ``phrases`` without its look-ahead: where it finds nothing in a document's whole text,
    # ``phrases`` finds nothing in any of its blocks
    phrases_anywhere: re.Pattern[str] | None = None


def _alternation(alternatives: list[tuple[str, str]], not_before: str, not_after: str | None,
                 flags: int = 0) -> re.Pattern[str]:
    """``(?<!not_before)(?:alt1|alt2|…)(?!not_after)`` for alternatives given as (first
    character, the rest as a regex), written so that the regex engine first tests a position's
    character against the alternatives' first characters and only then looks behind: the same
    matches (same alternatives tried in the same order), several times faster to scan.
    ``not_after`` None leaves out the look-ahead."""
    firsts = "".join(sorted({re.escape(first) for first, _ in alternatives}))
    return re.compile(
        rf"[{firsts}](?<!{not_before}[\s\S])(?:"
        + "|".join(f"(?<={re.escape(first)}){rest}" for first, rest in alternatives)
        + (")" if not_after is None else rf")(?!{not_after})"), flags)


def _phrase_alternatives(phrases: list[str], space: str) -> list[tuple[str, str]]:
    """(first character, rest) of the regexes ``space``.join(words) of ``phrases``."""
    out = []
    for phrase in phrases:
        words = phrase.split()
        first = words[0][0]
        rest = space.join([re.escape(words[0][1:]), *map(re.escape, words[1:])])
        out.append((first, rest))  # re.escape escapes character by character
    return out


@cache
def lexicon() -> Lexicon:
    content: dict[str, Entry] = {}
    function: dict[str, Entry] = {}
    ai: dict[str, Entry] = {}
    abbr: dict[str, Entry] = {}
    phrases: dict[str, Entry] = {}
    for german, english, kind, condition in _rows(LEXICON):
        entry = Entry(german, tuple(english.split("|")), kind, condition)
        if kind == "abbreviation":
            abbr[german] = entry
        elif " " in german:
            phrases[german.casefold()] = entry
        elif condition == "ai-context":
            ai[german] = entry
        elif kind == "function":
            function[german] = entry
        else:
            content[german.casefold()] = entry
    alts = []
    for german in sorted(abbr, key=len, reverse=True):
        parts = [re.escape(p) for p in german.rstrip(".").split(".")]
        first = parts[0]
        first = f"[{first[0].upper()}{first[0].lower()}]{first[1:]}" if first[:1].isalpha() else first
        alts.append(r"\.[ \u00a0]?".join([first, *parts[1:]]) + r"\.")
    abbr_re = re.compile(r"(?<![\w.])(?:" + "|".join(alts) + r")(?![\w])")
    # A match starts after no letter and its first part ends at a ".", so the word _TOKEN finds
    # there is that first part, with its first letter in either case.
    heads: set[str] | None = set()
    for german in abbr:
        head = german.rstrip(".").split(".")[0]
        if not _TOKEN.fullmatch(head):
            heads = None  # not a single word: no test
            break
        heads.update(c + head[1:] for c in head[0].upper() + head[0].lower())  # as [Zz] does
    phrase_re = phrase_anywhere_re = None
    if phrases:
        alternatives = _phrase_alternatives(sorted(phrases, key=len, reverse=True), r"[ \u00a0]+")
        phrase_re = _alternation(alternatives, r"[\w-]", r"[\w-]", re.IGNORECASE)
        phrase_anywhere_re = _alternation(alternatives, r"[\w-]", None, re.IGNORECASE)
    return Lexicon(content, function, ai, abbr_re, abbr, phrase_re, phrases,
                   None if heads is None else frozenset(heads), phrase_anywhere_re)


@dataclass(frozen=True)
class Loanwords:
    words: frozenset[str]  # casefolded single words
    phrases: re.Pattern[str] | None


@cache
def loanwords() -> Loanwords:
    words, phrases = set(), []
    for word, _kind, _note in _rows(LOANWORDS):
        if " " in word:
            phrases.append(word)
        else:
            words.add(word.casefold())
    pattern = None
    if phrases:
        pattern = _alternation(_phrase_alternatives(phrases, r"\s+"), r"[\w-]", r"[\w-]", re.IGNORECASE)
    return Loanwords(frozenset(words), pattern)


@cache
def compound_heads() -> tuple[str, ...]:
    """Heads, longest first, so that the longest matching head wins."""
    return tuple(sorted((h for h, _ in _rows(HEADS)), key=len, reverse=True))


# --------------------------------------------------------------------------- tokens

_TOKEN = re.compile(r"[^\W\d_]+")
_LOWER_WORD = re.compile(r"(?<![^\W\d_])[a-zäöüß]+(?![^\W\d_])")
_INITIAL_GAP = re.compile(r"(?:[:;•–—|]\s*[\"“„‘'(«»]*|[\"“„‘«»])$")
_UMLAUT = re.compile(r"[äöüßÄÖÜ]")
_NOUN_SUFFIX = re.compile(r"(?:ung|ungen|keit|keiten|heit|heiten|schaft|schaften|tät|täten)$")
_ADJ_SUFFIX = re.compile(r"(?:lich|isch|ig)(?:e|en|er|es|em)?$")
_QUOTE_SPAN = re.compile(r"[“„»«\"‚‘][^“”„»«\"\n]{1,120}?[”“«»\"‘’]")
_POSSESSIVE_OR_SAID = re.compile(
    r"^(?:[’']s?\b|,?\s+(?:said|says|told|added|explained|stated|wrote|noted|argued|insisted|"
    r"warned|stressed|emphasised|emphasized|announced|confirmed|replied|recalled)\b|,\s+who(?:se)?\b)")
_EXPLAINED_AFTER = re.compile(
    r"^[”“\"’'»«]?\s*(?:\(|,?\s+(?:or|meaning|means|which means|which translates|translated as|"
    r"literally|roughly|in English|i\.\s?e\.)\b|,?\s*[–—]\s*(?:the|a|an|meaning|literally)\b)")
_EXPLAINED_BEFORE = re.compile(
    r"(?:so-called|so called|known as|called|dubbed|termed|German for|German word|German term|"
    r"the word|the term|the phrase|the slogan|the motto|the headline|titled|entitled|named|"
    r"what Germans call|as Germans say)[,:]?\s*[“„\"‘'»«]?$", re.IGNORECASE)
_TITLES = frozenset("""
mr mrs ms miss dr prof professor sir dame lord lady herr frau st saint
chancellor minister president premier mayor ceo chief chairman chairwoman director
coach manager striker goalkeeper defender midfielder captain general colonel judge
senator governor bishop pope king queen prince princess count baron
""".split())
_DETERMINERS = frozenset("the a an its their this that these those his her our your my every each no".split())
_NAME_PARTICLES = frozenset({"von", "van", "zu", "der", "den", "de", "vom", "zum", "zur", "am", "im",
                             "an", "auf", "unter", "ob"})

# German function words that are not also English words: the cheap sentence pre-filter.
GERMAN_FUNCTION_WORDS = frozenset("""
der das und nicht ist mit für auf sich auch wird werden wurde wurden sind eine einen einem einer
eines dem des von vom zum zur beim bei nach dass daß oder aber wie noch nur schon sehr wir ich
sie ein kein keine keinen sein seine seiner ihre ihren ihr über durch gegen ohne wenn weil auch
sowie jedoch bereits mehr haben hatte hatten kann können muss müssen soll sollen gibt diese
dieser dieses jetzt dann doch immer wieder zwischen nicht nichts etwas hier dort habe wäre würde
waren zu im unter vor seit während wegen
""".split())
# left out as English homographs: die den so was war will also am an in hat bin man um als aus es
# er bald fast bis ins

_AI_CONTEXT = frozenset("""
strategy strategies model models system systems tool tools chip chips act regulation research
startup start-up startups company companies boom race competition industry expert experts talent
talents application applications software assistant assistants chatbot chatbots technology
technologies development training summit investment investments revolution hype bubble age era
generated powered based driven sector market solution solutions agent agents feature features
offensive platform platforms team lab labs division unit project projects infrastructure servers
data pioneer pioneers firm firms giant ethics law laws rules safety use usage service services
product products engine search images image video videos text content future power capabilities
regulations
""".split())
_NOT_AI = re.compile(r"\b(?:potassium|iodide|iodine|Kiribati|qigong|reiki|aikido)\b", re.IGNORECASE)


@dataclass
class Token:
    start: int
    end: int
    word: str
    initial: bool  # first word of a sentence, heading or list item, or after a colon
    compound: tuple[int, int]  # span of the hyphenated word it belongs to
    parts: tuple[str, ...]  # the parts of that hyphenated word


def _tokens(text: str, start: int, end: int) -> list[Token]:
    out: list[Token] = []
    prev_end = start
    for m in _TOKEN.finditer(text, start, end):
        gap = text[prev_end:m.start()]
        initial = not out or (gap != " " and bool(_INITIAL_GAP.search(gap)))
        out.append(Token(m.start(), m.end(), m.group(0), initial, (m.start(), m.end()), (m.group(0),)))
        prev_end = m.end()
    # hyphenated words: tokens joined by a single hyphen with no space
    i = 0
    while i < len(out):
        j = i
        while j + 1 < len(out) and out[j].end + 1 == out[j + 1].start and text[out[j].end] in "-‐":
            j += 1
        if j > i:
            span = (out[i].start, out[j].end)
            parts = tuple(t.word for t in out[i:j + 1])
            for t in out[i:j + 1]:
                t.compound, t.parts = span, parts
        i = j + 1
    return out


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper()


def _english_word(word: str) -> bool:
    """A word English uses at least as much as German: not evidence of a name or of German."""
    low = word.lower()
    if low in FUNCTION_WORDS:
        return True
    e = en_zipf(low)
    return e >= 3.0 and e >= de_zipf(low) - 0.3


def _name_like(word: str) -> bool:
    """A capitalised word that may be (part of) a proper name: not an English word and not a
    German word of the lexicon."""
    if not _is_capitalised(word) or word in ("KI", "Ki"):
        return False
    if _is_acronym(word):
        return True
    if word.casefold() in lexicon().content:
        return False
    return not _english_word(word)


# --------------------------------------------------------------------------- name context

def _gap_is_space(text: str, a: int, b: int) -> bool:
    return a <= b and text[a:b].strip(" \u00a0") == ""


def _name_context(text: str, toks: list[Token], i: int) -> bool:
    """Whether the capitalised word toks[i] stands where a proper name stands."""
    t = toks[i]
    a, b = t.compound
    # a hyphenated word with another part that looks like a name: Max-Planck-Gesellschaft
    if len(t.parts) > 1 and any(p != t.word and _name_like(p) for p in t.parts):
        return True
    first = next(k for k in range(i, -1, -1) if toks[k].start == a)
    last = next(k for k in range(i, len(toks)) if toks[k].end == b)
    if first > 0:
        p = toks[first - 1]
        if p.word.lower() in _TITLES and re.fullmatch(r"\.?[ \u00a0]+", text[p.end:a]):
            return True
        if _gap_is_space(text, p.end, a) and (_name_like(p.word) or (
                _linking_word(p.word) and first > 1 and _name_like(toks[first - 2].word))):
            return True  # "Deutsche Flugsicherung", "Institut für Sozialforschung"
    if last + 1 < len(toks):
        n = toks[last + 1]
        if _gap_is_space(text, b, n.start) and (_name_like(n.word) or (
                _linking_word(n.word) and last + 2 < len(toks) and _name_like(toks[last + 2].word))):
            return True  # "Kunstverein Aalen", "Bundesamt für Migration"
    # "Müller said", "Müller's plan" — but "the Stadtverwaltung said" is no name
    if first > 0 and toks[first - 1].word.lower() in _DETERMINERS:
        return False
    return bool(_POSSESSIVE_OR_SAID.match(text[b:b + 40]))


def _in_address(text: str, a: int, b: int) -> bool:
    """Whether text[a:b] is part of an e-mail address, URL, file name or handle."""
    before, after = text[a - 1:a], text[b:b + 2]
    return before in ("@", "/", ".", "_", "#") or after[:1] in ("@", "/", "_") or (
        after[:1] == "." and after[1:2].isalnum())


def _linking_word(word: str) -> bool:
    """A lower-case word that joins the parts of a German name: "von", "der", "für", "und"."""
    return word.islower() and (word in _NAME_PARTICLES or word in GERMAN_FUNCTION_WORDS)


def _explained(text: str, a: int, b: int, block_start: int) -> bool:
    """Whether the German at text[a:b] is explained in English next to it; German inside a
    quotation is explained when the quotation is."""
    for m in _QUOTE_SPAN.finditer(text, max(block_start, a - 200), min(len(text), b + 200)):
        if m.start() > a:
            break
        if b <= m.end() and (m.start(), m.end()) != (a, b):
            return _explained(text, m.start(), m.end(), block_start)
    return bool(_EXPLAINED_AFTER.match(text[b:b + 60]) or _EXPLAINED_BEFORE.search(text[max(block_start, a - 40):a]))


def _quoted_terms(text: str, start: int, end: int, max_words: int = 5) -> list[tuple[int, int]]:
    """Short quotations (up to ``max_words`` words) in a block: titles, terms, slogans."""
    spans = []
    for m in _QUOTE_SPAN.finditer(text, start, end):
        if len(_TOKEN.findall(m.group(0))) <= max_words:
            spans.append((m.start(), m.end()))
    return spans


def _inside(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(s <= a and b <= e for s, e in spans)


# --------------------------------------------------------------------------- German passages

def _block_words(ctx: Context, block: Block) -> list[str]:
    """The words (``_TOKEN``) of a block, split once for UT001 and the German passages."""
    return _TOKEN.findall(ctx.text, block.range.start, block.range.end)


def _doc_words(ctx: Context) -> set[str]:
    """The distinct words of all blocks of the document: what every block's words are drawn
    from, for tests that can clear the whole document at once."""
    text, words = ctx.text, set()
    for block in ctx.doc.blocks:
        words.update(_TOKEN.findall(text, block.range.start, block.range.end))
    return words


def _doc_passages(ctx: Context) -> tuple[tuple[int, int, str], ...]:
    """:func:`german_passages` of the document, computed once for UT001 and UT002 (per Context,
    not in a module cache that would keep the last documents' texts alive)."""
    doc_words = ctx.shared(_doc_words)
    if not _any_german_evidence(doc_words):
        return ()  # no block passes the test of _block_passages
    # A block passes that test only if one of its words is evidence, and so a word of the
    # document that is evidence and occurs in the block's text: test that first, with no tokens.
    evidence = _GERMAN_EVIDENCE_WORDS.intersection(doc_words)
    text, words = ctx.text, ctx.per_block(_block_words)
    out = []
    for block in ctx.doc.blocks:
        a, b = block.range.start, block.range.end
        if _contains_any(text, a, b, evidence):
            out.extend(_block_passages(text, a, b, words[block]))
    return tuple(out)


def _contains_any(text: str, a: int, b: int, strings: Collection[str]) -> bool:
    """Whether ``text[a:b]`` contains one of ``strings``: a word of a block is in its text, so a
    block whose text contains none of some words has none of them among its words."""
    for s in strings:
        if text.find(s, a, b) >= 0:
            return True
    return False


def german_passages(text: str, blocks: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int, str], ...]:
    """German sentences and long German phrases in the given blocks of ``text``, as
    (start, end, "sentence" | "phrase"). Shared by UT001 (to stay silent inside them) and UT002."""
    out = []
    for bstart, bend in blocks:
        out.extend(_block_passages(text, bstart, bend, _TOKEN.findall(text, bstart, bend)))
    return tuple(out)


def _block_passages(text: str, bstart: int, bend: int, words: list[str]) -> list[tuple[int, int, str]]:
    # A sentence needs a lower-case word that is a German function word or strongly German to
    # pass the first test of _german_in_sentence (its first word adds at most 2 of the 3 it
    # asks for), and its lower-case words are words of the block: a block without one has no
    # German sentence (most blocks).
    if not _any_german_evidence(words):
        return []
    out = []
    for s, e in sentence_spans(text, bstart, bend):
        out.extend(_german_in_sentence(text, s, e, bstart))
    return out


_LOWER_ONLY = re.compile(r"[a-zäöüß]+")
_GERMAN_EVIDENCE: dict[str, bool] = {}  # word -> whether it is German evidence (below)
_GERMAN_EVIDENCE_WORDS: set[str] = set()  # the words for which it is


def _any_german_evidence(words: Collection[str]) -> bool:
    """Whether any of ``words`` is a lower-case word (as ``_LOWER_WORD`` finds) that is a German
    function word or strongly German (what :func:`_german_in_sentence` counts), in set
    operations on remembered words."""
    for w in set(words).difference(_GERMAN_EVIDENCE):
        evidence = _GERMAN_EVIDENCE[w] = bool(_LOWER_ONLY.fullmatch(w)) and (
            w in GERMAN_FUNCTION_WORDS or _strongly_german_memo(w))
        if evidence:
            _GERMAN_EVIDENCE_WORDS.add(w)
    return not _GERMAN_EVIDENCE_WORDS.isdisjoint(words)


def _classify(tok: Token, toks: list[Token], i: int) -> str:
    """'de', 'en' or '' (no evidence) for one word; capitalised words inside a sentence are
    names as often as German nouns and give no evidence."""
    w = tok.word
    low = w.lower()
    if _is_capitalised(w) and not tok.initial:
        return ""
    if low in _NAME_PARTICLES and i + 1 < len(toks) and _is_capitalised(toks[i + 1].word) and (
            i > 0 and _is_capitalised(toks[i - 1].word)):
        return ""
    if w == low and low in GERMAN_FUNCTION_WORDS:
        return "de"
    d, e = de_zipf(low), en_zipf(low)
    if d >= 2.0 and d >= e + 1.0:
        return "de"
    if e >= 2.0 and e >= d - 0.3:
        return "en"
    return ""


def _strongly_german(word: str, floor: float = 2.5) -> bool:
    d = de_zipf(word)
    return d > 0 and d >= floor and d >= en_zipf(word) + 1.5


_STRONGLY_GERMAN: dict[str, bool] = {}


def _strongly_german_memo(word: str) -> bool:
    """:func:`_strongly_german` with the default floor, remembered per word."""
    v = _STRONGLY_GERMAN.get(word)
    if v is None:
        v = _STRONGLY_GERMAN[word] = _strongly_german(word)
    return v


def _language_is_german(text: str) -> bool:
    from langdetect.lang_detect_exception import LangDetectException

    from ..langid import detect_langs

    try:
        langs = detect_langs(text)
    except LangDetectException:
        return False
    return bool(langs) and langs[0].lang == "de" and langs[0].prob >= 0.85


def _german_in_sentence(text: str, s: int, e: int, block_start: int) -> Iterator[tuple[int, int, str]]:
    lower = _LOWER_WORD.findall(text, s, e)
    first = _TOKEN.match(text, s)
    if first is not None and first.group(0).istitle():
        lower.append(first.group(0).lower())  # "Die Strategie des Unternehmens"
    n_fw = sum(1 for w in lower if w in GERMAN_FUNCTION_WORDS)
    if n_fw < 2 and n_fw + sum(1 for w in lower if _strongly_german_memo(w)) < 3:
        return
    toks = _tokens(text, s, e)
    cls = [_classify(t, toks, i) for i, t in enumerate(toks)]
    n_de, n_en = cls.count("de"), cls.count("en")
    caps = sum(1 for t in toks if _is_capitalised(t.word)) / max(len(toks), 1)
    nouns = sum(1 for c, t in zip(cls, toks) if c == "" and _is_capitalised(t.word) and _strongly_german(t.word.lower(), 3.5))
    if (len(toks) >= 4 and (n_de >= 3 or (n_de == 2 and n_en == 0 and n_de + nouns >= 4))
            and n_en <= max(2, n_de // 6)
            and (caps <= 0.6 or n_fw >= 3 or n_de + nouns >= 0.6 * len(toks))):
        if not _explained(text, s, e, block_start) and _language_is_german(text[s:e]):
            yield s, e, "sentence"
        return
    # a long German phrase inside an English sentence: a run of German words with no English
    # word, and no bracket or colon, in between
    i = 0
    while i < len(toks):
        if cls[i] != "de":
            i += 1
            continue
        j = k = i
        while k + 1 < len(toks) and cls[k + 1] != "en" and not re.search(r"[():;]", text[toks[k].end:toks[k + 1].start]):
            k += 1
            if cls[k] == "de":
                j = k
        run = toks[i:j + 1]
        words = [t.word for t in run]
        fw = sum(1 for w in words if w in GERMAN_FUNCTION_WORDS)
        de_words = sum(1 for c, t in zip(cls[i:j + 1], run) if c == "de" or (
            c == "" and _is_capitalised(t.word) and _strongly_german(t.word.lower(), 3.5)))
        caps = sum(1 for w in words if _is_capitalised(w)) / len(words)
        a, b = run[0].start, run[-1].end
        if (de_words >= 4 and fw >= 2 and caps <= 0.6 and not _explained(text, a, b, block_start)
                and _language_is_german(text[a:b])):
            yield a, b, "phrase"
        i = j + 1


# --------------------------------------------------------------------------- UT001

def _case_like(english: str, original: str, initial: bool) -> str:
    if initial and original[:1].isupper():
        return english[:1].upper() + english[1:]
    return english


def _word_finding(ctx: Context, a: int, b: int, word: str, entry: Entry | None, initial: bool) -> Finding:
    if entry is None:
        return ctx.flag(a, b, f"German word “{word}” left untranslated",
                        suggestion="Translate it into English.", applicability=Applicability.DISPLAY)
    severity = Severity.MAJOR if entry.kind == "content" else Severity.MINOR
    what = {"abbreviation": "German abbreviation", "function": "German word", "content": "German word"}[entry.kind]
    english = [_case_like(x, word, initial) for x in entry.english]
    if len(english) == 1:
        applicability = Applicability.SAFE if entry.kind == "abbreviation" else Applicability.UNSAFE
        return ctx.flag(a, b, f"{what} “{word}” left untranslated: write “{english[0]}”",
                        suggestion=english[0], replacement=english[0], applicability=applicability,
                        severity=severity)
    alternatives = " or ".join(f"“{x}”" for x in english)
    return ctx.flag(a, b, f"{what} “{word}” left untranslated: write {alternatives}",
                    suggestion=" / ".join(english), severity=severity)


def _generic_german(tok: Token) -> bool:
    """Word evidence outside the lexicon: a frequent German word that English does not use,
    shaped like a German noun (suffix or compound) or, in lower case, like a German word."""
    return _generic_german_word(tok.word)


@cache
def _generic_german_word(w: str) -> bool:
    """:func:`_generic_german` of a word (it asks nothing but the word)."""
    low = w.lower()
    if len(w) < 5 or _is_acronym(w):
        return False
    e = en_zipf(low)
    if e >= 1.5:
        return False
    d = de_zipf(low)
    if _is_capitalised(w):
        if len(w) >= 7 and _NOUN_SUFFIX.search(low) and d >= 2.0 and e < 1.0:
            return True
        if len(w) >= 10 and e == 0.0:
            for head in compound_heads():
                if low.endswith(head) and len(low) - len(head) >= 4:
                    modifier = low[:-len(head)]
                    if d >= 2.0:
                        return True
                    for stem in (modifier, modifier[:-1], modifier[:-2]):
                        if len(stem) >= 4 and de_zipf(stem) >= 2.5 and en_zipf(stem) < de_zipf(stem):
                            return True
                    return False
        return False
    # lower case: names are rarely written so
    if d < 3.0 or d < e + 2.0:
        return False
    return bool(_UMLAUT.search(low) or _NOUN_SUFFIX.search(low) or _ADJ_SUFFIX.search(low)
                or d >= 4.0)


@rule("UT001", "untranslated-word", Category.UNTRANSLATED, Severity.MAJOR,
      fix=FixAvailability.SOMETIMES, data=(LEXICON, LOANWORDS, HEADS))
def untranslated_word(ctx: Context) -> Iterator[Finding]:
    """A German word or abbreviation left in English text: "Ki strategy", "Mitarbeiter", "bzw.".

    ## What it flags
    German words that machine translation passed through: words of a lexicon of German news
    vocabulary ("Unternehmen", "Mitarbeiter", "laut", "und"), German abbreviations ("z.B.",
    "bzw.", "u.a.", "d.h.", "usw.", "Nr. 5"; "ca." before a quantity but not before a year),
    "KI"/"Ki" (Künstliche Intelligenz) next to AI vocabulary ("Ki strategy", "the KI model"),
    and, beyond the lexicon, capitalised German nouns with a German suffix (-ung, -keit, -heit,
    -schaft, -tät) or a German compound head (-vertrag, -gesetz, -strategie) that English does
    not use, and lower-case words that wordfreq finds frequent in German and absent from English.
    Nothing is flagged where a name stands: next to another name-like capitalised word
    ("Deutsche Flugsicherung"), after a title ("Herr", "Dr.", "Chancellor"), before "said" or a
    possessive, in a hyphenated name ("Max-Planck-Gesellschaft", "Ban Ki-moon"); nor inside a
    short quotation (a title or a term), nor when English explains it ("so-called", "known as",
    a gloss in parentheses, ", or …", "meaning"), nor inside a German sentence (UT002). Loanwords
    and names English newsrooms use (Bundestag, Mittelstand, Energiewende, Zeitgeist, Länder,
    dpa, DAX, GmbH, AG) are never flagged; neither are "Mio."/"Mrd." (LC006) nor "Str." (part
    of German street addresses). German titles are flagged even before a name ("Kanzler Scholz",
    "Landrat Bläse"): English newsrooms write "Chancellor Scholz".

    ## Why it matters
    An English reader cannot understand a German word, and a left-over word shows the text was
    never edited. German nouns are capitalised, so a capitalised common word mid-sentence that is
    neither English nor a name is a strong sign of an untranslated word.

    ## Example
    Flagged: Meta Mark Zuckerberg Ki strategy data centers
    Use instead: Meta Mark Zuckerberg AI strategy data centers

    ## Fix safety
    Safe for abbreviations with one English equivalent ("z.B." → "e.g."); unsafe for words with
    one translation ("Ki" → "AI", "Strategie" → "strategy"), since number, article and case may
    need adjusting; a suggestion only when there are several ("bzw." → "or" or "respectively")
    or when the word is not in the lexicon.

    ## Data
    `untranslated_words.tsv`: German word or abbreviation, English ("|" between alternatives),
    kind (abbreviation: minor; function: minor; content: major) and condition (always;
    lowercase; title; before-name, for "Herr"/"Frau"; before-number, for "Nr."; before-quantity,
    for "ca."; ai-context, for "KI"/"Ki"). `loanwords.tsv`: words, names and company forms never
    flagged. `german_compound_heads.tsv`: last parts of German compound nouns. wordfreq's German
    and English frequency lists.
    """
    text = ctx.text
    lex, loans = lexicon(), loanwords()
    heads = lex.abbreviation_heads
    doc_words = ctx.shared(_doc_words)
    no_phrase = lex.phrases is None or (
        lex.phrases_anywhere is not None and lex.phrases_anywhere.search(text) is None)
    any_candidate = _any_candidate(doc_words, lex)  # also remembers every word of the document
    if no_phrase and heads is not None and heads.isdisjoint(doc_words) and not any_candidate:
        return  # no word, abbreviation or phrase below can match in any block (most documents)
    # The words of the document that an abbreviation match starts with (None: no such test) and
    # that are candidates: a block whose text contains none of them has neither an abbreviation
    # nor a candidate word (its words are words of the document), and with ``no_phrase`` no
    # phrase either, so it has no finding (most blocks).
    doc_heads = None if heads is None else heads.intersection(doc_words)
    doc_candidates = _candidate_memo(lex)[1].intersection(doc_words)
    block_words = ctx.per_block(_block_words)
    all_passages = sorted((a, b) for a, b, _ in ctx.shared(_doc_passages))
    starts = [a for a, _ in all_passages]
    found: dict[tuple[int, int], Finding] = {}

    for block in ctx.doc.blocks:
        bstart, bend = block.range.start, block.range.end
        if no_phrase and doc_heads is not None and not _contains_any(text, bstart, bend, doc_heads) \
                and not _contains_any(text, bstart, bend, doc_candidates):
            continue
        words = block_words[block]
        passages = all_passages[bisect_left(starts, bstart):bisect_left(starts, bend)]
        # abbreviations and multi-word entries first: they are not single tokens
        abbreviations = () if heads is not None and heads.isdisjoint(words) else \
            lex.abbreviations.finditer(text, bstart, bend)
        for m in abbreviations:
            key = re.sub(r"[ \u00a0]", "", m.group(0))
            entry = lex.abbreviation_entries.get(key) or lex.abbreviation_entries.get(key[0].lower() + key[1:])
            if entry is None or _inside(passages, m.start(), m.end()):
                continue
            after = text[m.end():m.end() + 30]
            if entry.condition == "before-number" and not re.match(r"[ \u00a0]?\d", after):
                continue
            if entry.condition == "before-quantity" and not _quantity_follows(after):
                continue
            initial = not text[bstart:m.start()].strip() or bool(re.search(r"[.!?:]\s*$", text[bstart:m.start()]))
            if m.group(0)[0] != entry.german[0] and not initial:
                continue  # "Lt. General", "Ca." as a state: a capital only starts a sentence
            found[(m.start(), m.end())] = _word_finding(ctx, m.start(), m.end(), m.group(0), entry, initial)
        masked: list[tuple[int, int]] = list(passages)
        if loans.phrases is not None:
            masked += [(m.start(), m.end()) for m in loans.phrases.finditer(text, bstart, bend)]
        if lex.phrases is not None:
            for m in lex.phrases.finditer(text, bstart, bend):
                if _inside(masked, m.start(), m.end()):
                    continue
                entry = lex.phrase_entries[" ".join(m.group(0).split()).casefold()]
                initial = not text[bstart:m.start()].strip()
                found[(m.start(), m.end())] = _word_finding(ctx, m.start(), m.end(), m.group(0), entry, initial)
                masked.append((m.start(), m.end()))

        if not _any_candidate(words, lex):
            continue  # most blocks: every word plainly English
        quoted = _quoted_terms(text, bstart, bend)
        for s, e in sentence_spans(text, bstart, bend):
            if _inside(passages, s, e) or not _any_candidate(_TOKEN.findall(text, s, e), lex):
                continue
            toks = _tokens(text, s, e)
            for i, t in enumerate(toks):
                w = t.word
                if not _is_candidate(w, lex):
                    continue  # every branch below would pass it
                if _inside(masked, t.start, t.end) or _in_address(text, t.start, t.end):
                    continue
                if w in lex.ai:
                    if _ai_context(text, toks, i):
                        found[(t.start, t.end)] = _word_finding(ctx, t.start, t.end, w, lex.ai[w], t.initial)
                    continue
                fold = w.casefold()
                if fold in loans.words or (len(t.parts) > 1 and any(p.casefold() in loans.words for p in t.parts)):
                    continue
                entry = lex.function.get(w if w.islower() else w.lower() if t.initial and w.istitle() else "")
                if entry is not None:
                    if _function_word_in_name(text, toks, i) or _inside(quoted, t.start, t.end):
                        continue
                    found[(t.start, t.end)] = _word_finding(ctx, t.start, t.end, w, entry, t.initial)
                    continue
                entry = lex.content.get(fold)
                if entry is None and (en_zipf(w) >= 1.5 or len(w) < 5):
                    continue  # the common case: an English word
                if entry is not None and entry.condition == "before-name":
                    n = toks[i + 1] if i + 1 < len(toks) else None
                    if (_is_capitalised(w) and n is not None and _gap_is_space(text, t.end, n.start)
                            and _name_like(n.word) and not _inside(quoted, t.start, t.end)):
                        found[(t.start, t.end)] = _word_finding(ctx, t.start, t.end, w, entry, t.initial)
                    continue
                if entry is None and (not _generic_german(t) or (w.islower() and _function_word_in_name(text, toks, i))):
                    continue
                if _inside(quoted, t.start, t.end) or _explained(text, t.compound[0], t.compound[1], bstart):
                    continue
                if entry is not None and entry.condition == "title":
                    # a German title stays untranslated before a name too: "Kanzler Scholz"
                    if i > 0 and _gap_is_space(text, toks[i - 1].end, t.start) and _name_like(toks[i - 1].word):
                        continue
                    if (i == 0 or toks[i - 1].word.lower() not in _DETERMINERS) and _POSSESSIVE_OR_SAID.match(text[t.end:t.end + 40]):
                        continue  # "Sprecher's", "Kanzler said": a surname
                elif _is_capitalised(w) and (_name_context(text, toks, i) or _named_elsewhere(ctx, w)):
                    continue
                found[(t.start, t.end)] = _word_finding(ctx, t.start, t.end, w, entry, t.initial)
    for key in sorted(found):
        yield found[key]


_UNIT_AFTER_NUMBER = re.compile(
    r"[ \u00a0]*(?:%|percent|per cent|million|billion|thousand|euros?|dollars?|people|employees|"
    r"jobs|km|kilometres|kilometers|metres|meters|tons|tonnes|units|cars|homes|hectares|square)\b|[ \u00a0]*%")


def _quantity_follows(after: str) -> bool:
    """Whether a quantity (not a year: "ca. 1850", "ca. 500 BC") follows an abbreviation."""
    m = re.match(r"[ \u00a0]?(\d[\d.,]*\d|\d)", after)
    if m is None:
        return False
    year_like = re.fullmatch(r"\d{3,4}", m.group(1)) is not None
    return not year_like or _UNIT_AFTER_NUMBER.match(after[m.end():]) is not None


_CANDIDATE_MEMO: dict[int, tuple[Lexicon, dict[str, bool], set[str]]] = {}


def _candidate_memo(lex: Lexicon) -> tuple[dict[str, bool], set[str]]:
    """word -> :func:`_candidate` for ``lex``, filled as words are seen (news text repeats its
    words, so most look-ups are one dict hit), and the set of its words that are candidates."""
    held = _CANDIDATE_MEMO.get(id(lex))
    if held is None or held[0] is not lex:
        held = _CANDIDATE_MEMO[id(lex)] = (lex, {}, set())
    return held[1], held[2]


def _any_candidate(words: Collection[str], lex: Lexicon) -> bool:
    """Whether any of ``words`` is a :func:`_candidate`, in set operations on remembered words."""
    memo, candidates = _candidate_memo(lex)
    for w in set(words).difference(memo):  # words not seen before
        memo[w] = c = _candidate(w, lex)
        if c:
            candidates.add(w)
    return not candidates.isdisjoint(words)


def _is_candidate(word: str, lex: Lexicon) -> bool:
    return _any_candidate((word,), lex)


def _candidate(word: str, lex: Lexicon) -> bool:
    """Whether a word needs a closer look (most English words do not): a word of the lexicon,
    or one that :func:`_generic_german` takes for German — the only other way untranslated_word
    flags a word."""
    if word in lex.ai or word in lex.function or word.lower() in lex.function:
        return True
    return word.casefold() in lex.content or _generic_german_word(word)


def _ai_context(text: str, toks: list[Token], i: int) -> bool:
    """Whether "KI"/"Ki" at toks[i] means artificial intelligence: next to AI vocabulary, in a
    German compound ("KI-Strategie"), or after "the" (not a name, not potassium iodide)."""
    t = toks[i]
    if len(t.parts) > 1:
        if t.parts[0] != t.word:
            return False  # Ban Ki-moon's "moon" is not AI vocabulary; nor is "Ki" as a tail
        tail = t.parts[1]
        return tail.lower() in _AI_CONTEXT or (
            _is_capitalised(tail) and (tail.casefold() in lexicon().content or de_zipf(tail) > en_zipf(tail) + 1))
    if _NOT_AI.search(text):
        return False
    n = toks[i + 1] if i + 1 < len(toks) else None
    if n is not None and _gap_is_space(text, t.end, n.start) and n.word.lower() in _AI_CONTEXT and (
            not _is_capitalised(n.word) or n.initial or t.word == "KI" or _is_capitalised(text[t.start - 1:t.start] or "A")):
        return True
    p = toks[i - 1] if i > 0 else None
    return p is not None and p.word.lower() in ("the", "of", "for", "with", "by") and _gap_is_space(text, p.end, t.start) and (
        n is None or not _is_capitalised(n.word) or not _gap_is_space(text, t.end, n.start))


def _function_word_in_name(text: str, toks: list[Token], i: int) -> bool:
    """A German function word between name-like words belongs to a name or a title:
    "Stiftung Preußische Schlösser und Gärten", "Sturm und Drang"."""
    t = toks[i]
    for k in (i - 1, i + 1):
        if 0 <= k < len(toks):
            o = toks[k]
            a, b = (o.end, t.start) if k < i else (t.end, o.start)
            if _gap_is_space(text, a, b) and _name_like(o.word):
                return True
    return False


def _named_elsewhere(ctx: Context, word: str) -> bool:
    """Whether the document uses ``word`` as a name somewhere: after a title or before "said"."""
    return word in ctx.shared(_doc_names)


def _doc_names(ctx: Context) -> frozenset[str]:
    return _names_in(ctx.text)


def _names_in(text: str) -> frozenset[str]:
    titles = "|".join(sorted(_TITLES, key=len, reverse=True))
    names = set()
    for m in re.finditer(rf"\b(?i:{titles})\.?[ \u00a0]+([A-ZÄÖÜ][^\W\d_]+)", text):
        names.add(m.group(1))
    for m in re.finditer(r"(\w*)\W+([A-ZÄÖÜ][^\W\d_]+)(?:[’']s?)?,?\s+(?:said|says|told|added|explained)\b", text):
        if m.group(1).lower() not in _DETERMINERS:  # "the Projektleiter said" is no name
            names.add(m.group(2))
    return frozenset(names)


# --------------------------------------------------------------------------- UT002

@rule("UT002", "untranslated-sentence", Category.UNTRANSLATED, Severity.CRITICAL,
      needs=("lang",))
def untranslated_sentence(ctx: Context) -> Iterator[Finding]:
    """A German sentence or long German phrase left in English text.

    ## What it flags
    A sentence, or a run of at least four German words with two German function words in an
    English sentence, that is German by three agreeing kinds of evidence: German function words
    that English does not have (und, nicht, ist, mit, für, wird, …) pick the candidates; most
    of its lower-case words are more frequent in German than in English (wordfreq); and the
    language identifier (langdetect, seeded) says German. Capitalised runs (names, titles such as
    "Stiftung Preußische Schlösser und Gärten") and German that the text explains — a gloss in
    parentheses, "so-called", "known as", ", or …", "meaning", "translated as" — are not flagged.

    ## Why it matters
    A passage the reader cannot read at all is the heaviest accuracy error a translation can have
    (MQM: non-translation); it usually means a segment failed or was skipped by the MT engine.

    ## Example
    Flagged: The company expects growth. Die Bundesregierung will die Steuern senken, sagte der Minister.
    Use instead: The company expects growth. The federal government wants to cut taxes, the minister said.

    ## Fix safety
    No fix: the passage must be translated.

    ## Data
    wordfreq's German and English frequency lists; langdetect's profiles; a built-in list of
    German function words.
    """
    for a, b, kind in ctx.shared(_doc_passages):
        yield ctx.flag(a, b, f"German {kind} left untranslated",
                       suggestion="Translate the passage into English.")


RULES = (untranslated_word, untranslated_sentence)
