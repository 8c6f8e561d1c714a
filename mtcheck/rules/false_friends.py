"""FF: false friends and pseudo-anglicisms.

Both rules read one lexicon, ``data/false_friends.tsv``. Each row names an English word or
phrase that machine translation picks for a German word with another meaning ("chef" for
*Chef*, "eventually" for *eventuell*), or a German pseudo-anglicism ("Handy", "Beamer",
"Public Viewing"), and a *context condition* that says when the English word is the German
one in disguise. Most of these words are common, correct English in other contexts, so the
condition is what keeps the rules precise.

Columns: ``word`` (lowercase lemma or phrase as it appears in English, words separated by
one space), ``german`` (the German word MT mistook), ``kind`` (``false-friend`` → FF001,
``pseudo-anglicism`` → FF002), ``inflect`` (``none``: match exactly these words; ``noun``:
also the plural of the last word; ``verb``: also -s, -ed and -ing forms of the first word,
irregular ones from a built-in table), ``condition`` (below), ``suggestion`` (what to write
instead; alternatives separated by `` / ``), ``note`` (why it is wrong, ends the message) and
``severity`` (``minor`` or ``major``).

Condition language
------------------
A condition is one or more *groups* separated by `` | `` (any group may hold); a group is
one or more *clauses* separated by `` & `` (every clause must hold); ``!`` before a clause
negates it. Clauses look at the sentence the match is in (``sentence_spans``):

``any``
    Always holds. Allowed only for phrases of two or more words and for words that are not
    English (Zipf frequency below 2); the data tests enforce this.
``next:{a,b,c}`` / ``prev:{a,b,c}``
    The word right after / before the match (lowercase; only spaces, or for ``prev`` a
    hyphen, in between: "VW-Chef" has previous word "vw") is in the set.
``after:N:{...}`` / ``before:N:{...}``
    One of the next / previous N words of the sentence is in the set.
``right:/RE/``
    RE matches (``re.match``) the text after the match up to the end of the sentence.
``left:/RE/``
    RE is found (``re.search``) in the text from the start of the sentence up to the match;
    anchor it with ``$`` to look at what comes right before.
``sentence:/RE/``
    RE is found anywhere in the sentence.
``surface:/RE/``
    RE matches the whole matched text (to test its spelling or casing).
``initial``
    The match starts the sentence (nothing but punctuation before it).
``midcap``
    The match is capitalised but does not start the sentence.
``lower``
    The match is written all in lowercase.

Regular expressions are case-insensitive (use ``(?-i:...)`` for a case-sensitive part);
write ``\\/`` for a slash. ``@name`` inside a regular expression stands for a built-in word
class (``@football``: leagues and clubs; ``@de_state``: German and Austrian states;
``@de_city``: German-speaking cities), as an alternation of its members.
"""
from __future__ import annotations

import csv
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from types import MappingProxyType

from ..finding import Applicability, Category, Finding, Severity
from .base import Context, FixAvailability, rule
from .segment import LETTER_RUN, LOWER_VIEW_LIMIT, document_words, sentence_spans

DATA_FILE = "false_friends.tsv"
COLUMNS = ("word", "german", "kind", "inflect", "condition", "suggestion", "note", "severity")
KINDS = ("false-friend", "pseudo-anglicism")
INFLECTIONS = ("none", "noun", "verb")
SEVERITIES = ("minor", "major")

# Word classes usable as @name inside a condition's regular expressions.
CLASSES: MappingProxyType[str, tuple[str, ...]] = MappingProxyType({
    "football": (
        "1. fc", "2. bundesliga", "3. liga", "ajax", "al-hilal", "al-nassr", "arsenal", "barcelona",
        "bayern", "bayern munich", "benfica", "borussia", "bundesliga", "bvb", "champions league",
        "chelsea", "district league", "dortmund", "eintracht", "eredivisie", "europa league", "fc",
        "fc barcelona", "fc bayern", "fenerbahce", "galatasaray", "gladbach", "hamburger sv",
        "hertha", "hoffenheim", "hsv", "juventus", "kreisliga", "la liga", "leverkusen",
        "ligue 1", "mls", "national team", "oberliga", "paris saint-germain", "premier league",
        "psg", "rb leipzig", "real madrid", "regional league", "regionalliga", "schalke",
        "second bundesliga", "second division", "serie a", "st. pauli", "sv", "third division",
        "third league", "tsg", "union berlin", "vfb", "vfl", "werder", "wolfsburg",
    ),
    "de_state": (
        "baden-wuerttemberg", "baden-württemberg", "bavaria", "berlin", "brandenburg", "bremen",
        "burgenland", "carinthia", "hamburg", "hesse", "hessen", "lower austria", "lower saxony",
        "mecklenburg-vorpommern", "mecklenburg-western pomerania", "north rhine-westphalia",
        "rhineland-palatinate", "saarland", "saxony", "saxony-anhalt", "schleswig-holstein",
        "styria", "thuringia", "tyrol", "upper austria", "vorarlberg",
    ),
    "de_city": (
        "aachen", "augsburg", "bamberg", "basel", "bayreuth", "berlin", "bern", "bielefeld",
        "bochum", "bonn", "bremen", "cologne", "darmstadt", "dortmund", "dresden", "duisburg",
        "dusseldorf", "düsseldorf", "erlangen", "essen", "frankfurt", "freiburg", "giessen",
        "gießen", "gottingen", "graz", "greifswald", "göttingen", "halle", "hamburg", "hannover",
        "hanover", "heidelberg", "ingolstadt", "innsbruck", "jena", "kaiserslautern", "karlsruhe",
        "kassel", "kiel", "koblenz", "konstanz", "leipzig", "linz", "lucerne", "lübeck",
        "magdeburg", "mainz", "mannheim", "marburg", "munich", "munster", "münster", "nuremberg",
        "oldenburg", "osnabrück", "paderborn", "passau", "potsdam", "regensburg", "rostock",
        "saarbrücken", "salzburg", "stuttgart", "trier", "tubingen", "tübingen", "ulm", "vienna",
        "wiesbaden", "wuppertal", "wurzburg", "würzburg", "zurich", "zürich",
    ),
})

# Irregular (or consonant-doubling) verb forms for inflect=verb.
_VERB_FORMS: MappingProxyType[str, tuple[str, ...]] = MappingProxyType({
    "become": ("becomes", "became", "becoming"),
    "control": ("controls", "controlled", "controlling"),
    "go": ("goes", "went", "gone", "going"),
    "spend": ("spends", "spent", "spending"),
})

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_PREV_WORD = re.compile(r"([^\W_]+(?:['’][^\W_]+)*)[\s\u00a0\-]*$")
_NEXT_WORD = re.compile(r"[ \t\u00a0]*([^\W_]+(?:['’][^\W_]+)*)")
_CLASS_REF = re.compile(r"@([a-z_]+)")
_SPACES = re.compile(r"[\s\u00a0]+")


# ---------------------------------------------------------------------------------------------
# Where a candidate sits: its sentence and neighbours, computed only when a clause asks.


class Site:
    """A candidate match ``text[start:end]`` inside the sentence ``text[s_start:s_end]``."""

    def __init__(self, text: str, start: int, end: int, s_start: int, s_end: int) -> None:
        self.text, self.start, self.end = text, start, end
        self.s_start, self.s_end = s_start, max(s_end, end)

    @cached_property
    def surface(self) -> str:
        return self.text[self.start:self.end]

    @cached_property
    def left(self) -> str:
        return self.text[self.s_start:self.start]

    @cached_property
    def right(self) -> str:
        return self.text[self.end:self.s_end]

    @cached_property
    def sentence(self) -> str:
        return self.text[self.s_start:self.s_end]

    @cached_property
    def prev_word(self) -> str | None:
        m = _PREV_WORD.search(self.left)
        return _norm(m.group(1)) if m else None

    @cached_property
    def next_word(self) -> str | None:
        m = _NEXT_WORD.match(self.right)
        return _norm(m.group(1)) if m else None

    def words_after(self, n: int) -> list[str]:
        return [_norm(m.group(0)) for _, m in zip(range(n), _WORD.finditer(self.right))]

    def words_before(self, n: int) -> list[str]:
        return [_norm(w) for w in _WORD.findall(self.left)[-n:]] if n else []

    @property
    def initial(self) -> bool:
        return not any(ch.isalnum() for ch in self.left)


def _norm(word: str) -> str:
    return word.lower().replace("’", "'")


# ---------------------------------------------------------------------------------------------
# The condition language (see the module docstring).

Test = Callable[[Site], bool]

_SET = r"\{[^{}]*\}"
_CLAUSE = re.compile(
    r"(?P<neg>!?)(?:"
    r"(?P<wordpos>next|prev):(?P<set1>" + _SET + r")"
    r"|(?P<window>after|before):(?P<n>\d+):(?P<set2>" + _SET + r")"
    r"|(?P<rxkind>right|left|sentence|surface):/(?P<rx>(?:\\.|[^/\\])*)/"
    r"|(?P<flag>any|initial|midcap|lower)"
    r")")
_JOIN = re.compile(r"\s+([&|])\s+")


@dataclass(frozen=True)
class Condition:
    """A parsed condition: a disjunction of conjunctions of tests."""

    source: str
    groups: tuple[tuple[Test, ...], ...] = field(compare=False)
    is_any: bool = False

    def __call__(self, site: Site) -> bool:
        return any(all(t(site) for t in group) for group in self.groups)


def _parse_set(text: str) -> frozenset[str]:
    words = [w.strip() for w in text[1:-1].split(",")]
    if not words or any(not w or w != w.lower() or " " in w for w in words):
        raise ValueError(f"bad word set {text!r}: lowercase single words separated by commas")
    return frozenset(words)


def expand_classes(pattern: str) -> str:
    """Replace ``@name`` with an alternation of the class's members (longest first)."""

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in CLASSES:
            raise ValueError(f"unknown word class @{name}")
        alts = sorted(CLASSES[name], key=lambda s: (-len(s), s))
        return "(?:" + "|".join(r"\s+".join(map(re.escape, a.split(" "))) for a in alts) + ")"

    return _CLASS_REF.sub(sub, pattern)


def _compile(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(expand_classes(pattern), re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"bad regular expression /{pattern}/: {exc}") from None


class _LazyRegex:
    """A clause's regex, compiled when first used: a run needs the patterns of the words that
    occur, and compiling all 271 cost 35 ms of start-up. The lexicon is read this way; the
    data tests parse every condition with ``lazy=False``, which compiles (and so validates) all."""

    __slots__ = ("pattern", "_regex")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._regex: re.Pattern[str] | None = None

    def _compiled(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = _compile(self.pattern)
        return self._regex

    def match(self, text: str) -> re.Match[str] | None:
        return self._compiled().match(text)

    def search(self, text: str) -> re.Match[str] | None:
        return self._compiled().search(text)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self._compiled().fullmatch(text)


def _clause(m: re.Match[str], lazy: bool = False) -> tuple[Test, bool]:
    """One clause as a test, and whether it is the bare ``any``."""
    test: Test
    is_any = False
    if m.group("wordpos"):
        words = _parse_set(m.group("set1"))
        if m.group("wordpos") == "next":
            test = lambda s, w=words: s.next_word in w
        else:
            test = lambda s, w=words: s.prev_word in w
    elif m.group("window"):
        words, n = _parse_set(m.group("set2")), int(m.group("n"))
        if not 1 <= n <= 12:
            raise ValueError(f"window size {n} out of range 1..12")
        if m.group("window") == "after":
            test = lambda s, w=words, n=n: any(x in w for x in s.words_after(n))
        else:
            test = lambda s, w=words, n=n: any(x in w for x in s.words_before(n))
    elif m.group("rxkind"):
        rx, kind = (_LazyRegex if lazy else _compile)(m.group("rx")), m.group("rxkind")
        if kind == "right":
            test = lambda s, rx=rx: rx.match(s.right) is not None
        elif kind == "left":
            test = lambda s, rx=rx: rx.search(s.left) is not None
        elif kind == "sentence":
            test = lambda s, rx=rx: rx.search(s.sentence) is not None
        else:
            test = lambda s, rx=rx: rx.fullmatch(s.surface) is not None
    else:
        flag = m.group("flag")
        if flag == "any":
            test, is_any = (lambda s: True), True
        elif flag == "initial":
            test = lambda s: s.initial
        elif flag == "midcap":
            test = lambda s: s.surface[:1].isupper() and not s.initial
        else:
            test = lambda s: s.surface == s.surface.lower()
    if m.group("neg"):
        if is_any:
            raise ValueError("'!any' is never true")
        inner = test
        test = lambda s, t=inner: not t(s)
    return test, is_any


def parse_condition(text: str, lazy: bool = False) -> Condition:
    """Parse a condition; raise ValueError with the reason when it is malformed. With ``lazy``,
    a regular expression in it is compiled (and a bad one reported) only when first used."""
    if not text or text != text.strip():
        raise ValueError("empty condition or stray whitespace")
    groups: list[list[Test]] = [[]]
    pos, n_any, n_clauses = 0, 0, 0
    while True:
        m = _CLAUSE.match(text, pos)
        if not m or m.end() == pos:
            raise ValueError(f"cannot parse condition at {text[pos:pos + 30]!r}")
        test, is_any = _clause(m, lazy)
        groups[-1].append(test)
        n_any += is_any
        n_clauses += 1
        pos = m.end()
        if pos == len(text):
            break
        j = _JOIN.match(text, pos)
        if not j:
            raise ValueError(f"expected ' & ' or ' | ' at {text[pos:pos + 30]!r}")
        if j.group(1) == "|":
            groups.append([])
        pos = j.end()
    if n_any and n_clauses > 1:
        raise ValueError("'any' must stand alone")
    return Condition(text, tuple(tuple(g) for g in groups), is_any=bool(n_any))


# ---------------------------------------------------------------------------------------------
# The lexicon.


@dataclass(frozen=True)
class Entry:
    word: str
    german: str
    kind: str
    inflect: str
    condition: Condition
    suggestion: str
    note: str
    severity: Severity

    @property
    def forms(self) -> tuple[str, ...]:
        return inflected_forms(self.word, self.inflect)


def _plural(word: str) -> str:
    if re.search(r"(?:s|x|z|ch|sh)$", word):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + "s"


def _verb_forms(verb: str) -> tuple[str, ...]:
    if verb in _VERB_FORMS:
        return _VERB_FORMS[verb]
    if verb.endswith("e"):
        return verb + "s", verb + "d", verb[:-1] + "ing"
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"
    return _plural(verb), verb + "ed", verb + "ing"


def inflected_forms(word: str, inflect: str) -> tuple[str, ...]:
    """The surface forms (lowercase, single spaces) that an entry matches."""
    parts = word.split(" ")
    if inflect == "noun":
        return word, " ".join([*parts[:-1], _plural(parts[-1])])
    if inflect == "verb":
        return (word, *(" ".join([form, *parts[1:]]) for form in _verb_forms(parts[0])))
    return (word,)


def read_rows() -> list[dict[str, str]]:
    """The lexicon's rows as dicts (after the comment line and header)."""
    from . import data_path

    with data_path(DATA_FILE).open(encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@cache
def lexicon() -> tuple[Entry, ...]:
    entries = []
    for row in read_rows():
        entries.append(Entry(row["word"], row["german"], row["kind"], row["inflect"],
                             parse_condition(row["condition"], lazy=True), row["suggestion"], row["note"],
                             Severity.parse(row["severity"])))
    return tuple(entries)


@dataclass(frozen=True)
class Matcher:
    """A prefilter regex that finds every form, plus, per first word, the forms that start
    with it (longest first) and, per form, its entries."""

    first: re.Pattern[str]
    phrases: dict[str, tuple[str, ...]]  # first word -> forms starting with it
    entries: dict[str, tuple[Entry, ...]]  # form -> entries, in lexicon order
    # ``first`` without IGNORECASE, to search a lowercased text (see :func:`lowered`): twice as
    # fast. None unless every form is lowercase ASCII (what :func:`lowered` was checked for).
    first_lower: re.Pattern[str] | None = None


def _trie_regex(phrases: list[str]) -> str:
    """One alternation for many phrases, factored by common prefixes (fast in ``re``); a
    space in a phrase matches any run of spaces."""
    trie: dict = {}
    for w in phrases:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [(r"[\s\u00a0]+" if ch == " " else re.escape(ch)) + build(child)
                for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return build(trie)


@cache
def matcher(kind: str) -> Matcher:
    entries: dict[str, list[Entry]] = {}
    for e in lexicon():
        if e.kind == kind:
            for form in e.forms:
                entries.setdefault(form, []).append(e)
    by_first: dict[str, list[str]] = {}
    for form in entries:
        by_first.setdefault(form.split(" ")[0], []).append(form)
    phrases = {}
    for first, forms in by_first.items():
        forms.sort(key=lambda f: (-len(f.split(" ")), -len(f), f))
        phrases[first] = tuple(forms)
    pattern = r"(?<![\w’'])(?:" + _trie_regex(sorted(entries)) + r")(?![\w’'])"
    first_lower = re.compile(pattern) if all(f.isascii() and f == f.lower() for f in entries) else None
    return Matcher(re.compile(pattern, re.IGNORECASE), phrases, {f: tuple(es) for f, es in entries.items()},
                   first_lower)


# Characters that IGNORECASE matches to an ASCII letter but str.lower() does not map to it
# (long s, dotless i, and dotted capital I, whose lowercase is two characters).
_LOWER_MISMATCH = re.compile("[ſıİ]")


def lowered(text: str) -> str | None:
    """``text.lower()`` when a case-sensitive search of it for lowercase ASCII forms finds
    exactly what an IGNORECASE search of ``text`` finds, at the same offsets; else None. That
    holds unless ``text`` has one of ``_LOWER_MISMATCH`` (every other character lowercases to
    one character, keeps whether it is a word character or a space, and lowercases to an ASCII
    letter exactly when IGNORECASE matches it to that letter)."""
    return None if _LOWER_MISMATCH.search(text) else text.lower()


def _lowered_text(ctx: Context) -> str | None:
    return lowered(ctx.text)


@cache
def _phrase_regex(form: str) -> re.Pattern[str]:
    """A form as a regex, compiled when first needed: most of the 441 forms never occur in a
    given run, and compiling them all cost 40 ms of start-up."""
    return re.compile(r"[\s\u00a0]+".join(map(re.escape, form.split(" "))) + r"(?![\w’'])", re.IGNORECASE)


# IGNORECASE matches these to an ASCII letter, but str.lower() keeps them (or, for "İ", makes
# two characters): a hit such as "chefſ" must find the phrases of "chefs".
_KEY_FOLD = str.maketrans("ſıİ", "sii")


def _phrase_key(hit: str) -> str:
    """The ``Matcher.phrases`` key of a candidate hit: its first word, lowercased."""
    return _SPACES.split(hit, 1)[0].translate(_KEY_FOLD).lower()


def find(text: str, start: int, end: int, kind: str,
         lower: str | None = None) -> Iterator[tuple[Site, Entry]]:
    """Matches of ``kind`` entries in ``text[start:end]`` whose condition holds. ``lower``, if
    given, is ``lowered(text)``: the candidates are then searched for in it, faster."""
    m = matcher(kind)
    sentences: list[tuple[int, int]] | None = None
    starts: list[int] = []
    pos = start
    first, scanned = m.first, text
    if lower is not None and m.first_lower is not None:
        first, scanned = m.first_lower, lower  # same hits at the same offsets (see lowered)
    while (hit := first.search(scanned, pos, end)) is not None:
        pos = hit.start() + 1  # a shorter phrase may start inside a rejected longer one
        for form in m.phrases.get(_phrase_key(hit.group(0)), ()):
            pm = _phrase_regex(form).match(text, hit.start(), end)
            if not pm:
                continue
            if sentences is None:
                sentences = list(sentence_spans(text, start, end)) or [(start, end)]
                starts = [s for s, _ in sentences]
            i = max(bisect_right(starts, pm.start()) - 1, 0)
            site = Site(text, pm.start(), pm.end(), *sentences[i])
            entry = next((e for e in m.entries[form] if e.condition(site)), None)
            if entry is not None:
                yield site, entry
                pos = pm.end()
                break


def _finding(ctx: Context, site: Site, entry: Entry, what: str) -> Finding:
    surface = site.surface
    suggestion = entry.suggestion
    if site.initial and surface[:1].isupper():
        suggestion = " / ".join(s[:1].upper() + s[1:] for s in suggestion.split(" / "))
    message = what.format(surface=surface, german=entry.german) + f": {entry.note}"
    fixable = (" ".join(surface.lower().split()) == entry.word
               and not any(c in entry.suggestion for c in "/(…"))
    if fixable:
        return ctx.flag(site.start, site.end, message, suggestion=suggestion,
                        replacement=suggestion, applicability=Applicability.UNSAFE,
                        severity=entry.severity)
    return ctx.flag(site.start, site.end, message, suggestion=suggestion, severity=entry.severity)


def _check(ctx: Context, kind: str, what: str) -> Iterator[Finding]:
    text = ctx.text
    lower = ctx.shared(_lowered_text)
    hits = ctx.shared(_blocks_with_hits)
    # not ctx.blocks(), which would copy out every block's text
    for block in ctx.doc.blocks if hits is None else hits[kind]:
        for site, entry in find(text, block.range.start, block.range.end, kind, lower):
            yield _finding(ctx, site, entry, what)


# What the prefilter's lookahead rejects after a form: a block ending before one of these may
# have a hit at its end that the document, read on past the block, has not.
_WORD_NEXT = re.compile(r"[\w’']")


@cache
def _first_runs() -> frozenset[str] | None:
    """The leading run of letters (``segment.LETTER_RUN``) of every form of both kinds; None if a
    form does not start with a letter."""
    runs = set()
    for kind in KINDS:
        for form in matcher(kind).entries:
            m = LETTER_RUN.match(form)
            if m is None:
                return None
            runs.add(m.group(0))
    return frozenset(runs)


def _blocks_with_hits(ctx: Context) -> dict[str, list] | None:
    """Kind -> the blocks, in order, where :func:`find` may find something of that kind: those
    holding an offset where the kind's prefilter (``first_lower``) matches the lower-case
    document. None when this does not apply: every block is searched, as :func:`find` does.

    Instead of the prefilter's search of every block (which tries every offset), only the
    offsets where the leading letters of a form that occurs among the document's words
    (``segment.document_words``, shared with ID001) stand are tried: where a form matches, its
    leading letters are a whole run of letters of the text (the prefilter's lookbehind and
    lookahead see no word character around the form, and the form's next character is no
    letter), so they are among those words.

    A prefilter hit in a block (searched up to the block's end) is one of the whole document at
    the same offset: the characters it reads are the same, and its lookahead at the block's end
    sees no word character there either, when none follows any block. Blocks must be in order
    and disjoint, so an offset is in at most one (found by bisection)."""
    lower, runs = ctx.shared(_lowered_text), _first_runs()
    if lower is None or runs is None or len(lower) > LOWER_VIEW_LIMIT:
        return None
    firsts = [(kind, matcher(kind).first_lower) for kind in KINDS]
    if any(first is None for _, first in firsts):
        return None
    blocks = ctx.doc.blocks
    starts = [b.range.start for b in blocks]
    ends = [b.range.end for b in blocks]
    prev_end = 0
    for s, e in zip(starts, ends):
        if s < prev_end or e < s or _WORD_NEXT.match(lower, e):
            return None
        prev_end = e
    # (document_words is of text.lower(), which ``lower`` is)
    listed: dict[str, set[int]] = {kind: set() for kind in KINDS}  # kind -> block indices
    for run in ctx.shared(document_words) & runs:
        p = lower.find(run)
        while p >= 0:
            k = bisect_right(starts, p) - 1
            if k >= 0 and p < ends[k]:
                for kind, first in firsts:
                    if k not in listed[kind] and first.match(lower, p):
                        listed[kind].add(k)
            p = lower.find(run, p + 1)
    return {kind: [blocks[k] for k in sorted(ks)] for kind, ks in listed.items()}


@rule("FF001", "false-friend", Category.TERMINOLOGY, Severity.MAJOR,
      fix=FixAvailability.SOMETIMES, data=(DATA_FILE,))
def false_friend(ctx: Context) -> Iterator[Finding]:
    """An English word used in the sense of a German look-alike: "kick" for *kicken*.

    ## What it flags
    English words and phrases that machine translation chose because they look like a German
    word that means something else: "eventually" for *eventuell* (possibly), "chef" for
    *Chef* (boss), "concern" for *Konzern* (group), "branch" for *Branche* (industry),
    "kick" for *kicken* (play football), "became a letter" for *bekam einen Brief* (got a
    letter). Each word is flagged only in a context that shows the German sense ("VW chef",
    "the car concern", "kick in the Bundesliga"); used in its English sense ("the restaurant's
    chef", "a matter of concern", "kick the ball") it is left alone.

    ## Why it matters
    A false friend is a mistranslation that reads fluently: the reader understands something
    other than the source says, or stumbles over a sentence that seems to make no sense.

    ## Example
    Flagged: Some soccer players only have to kick Saudi Arabia in the heat.
    Use instead: Some soccer players only have to play football in Saudi Arabia in the heat.

    ## Fix safety
    Unsafe, and only when the lexicon gives a single replacement for the word as written
    ("chef editor" → "editor-in-chief"): the meaning changes by design, so a person should
    read it. Inflected forms and entries with several suggestions get a suggestion only.

    ## Data
    `false_friends.tsv`: English word, German source word, inflection, a context condition
    in a small documented pattern language (see `mtcheck.rules.false_friends`), the
    suggestion and the severity; rows of kind `false-friend`.
    """
    yield from _check(ctx, "false-friend", "“{surface}” is a false friend of German “{german}”")


@rule("FF002", "pseudo-anglicism", Category.TERMINOLOGY, Severity.MINOR,
      fix=FixAvailability.SOMETIMES, data=(DATA_FILE,))
def pseudo_anglicism(ctx: Context) -> Iterator[Finding]:
    """A German pseudo-anglicism left in English: "Handy", "Beamer", "Public Viewing".

    ## What it flags
    English-looking words that German coined or gave a meaning English does not have:
    "Handy" (mobile phone), "Beamer" (projector), "Oldtimer" (vintage car), "Public
    Viewing" (open-air screening), "Homeoffice" / "in home office" (working from home),
    "Smoking" (dinner jacket), "Mobbing" (bullying), "Showmaster" (TV host). Words that are
    also English ("handy", "smoking", "home office") are flagged only in the German sense
    ("his handy rang", "wore a smoking", "employees are in home office").

    ## Why it matters
    English readers do not know these words, or read them in their English sense: a "public
    viewing" is where mourners see a body, a "beamer" is slang for a BMW.

    ## Example
    Flagged: Fans gathered for the public viewing of the World Cup final.
    Use instead: Fans gathered for the open-air screening of the World Cup final.

    ## Fix safety
    Unsafe, and only when the lexicon gives a single replacement for the word as written
    ("Handy" → "mobile phone"); otherwise a suggestion only.

    ## Data
    `false_friends.tsv`, rows of kind `pseudo-anglicism`, with the same context conditions
    as FF001.
    """
    yield from _check(ctx, "pseudo-anglicism", "“{surface}” is a German pseudo-anglicism (“{german}”)")


RULES = (false_friend, pseudo_anglicism)
