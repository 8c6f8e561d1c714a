"""ID1xx: calques, German sentence patterns that machine translation carries over word for word
("one" for the indefinite article, "Say:" for "Sprich:", "since years", "in the year 2023",
"make a photo", "according to own statements", ...).

Most rules are rows of one pattern table, `data/calques.tsv`: a regular expression per German
construction, the English to suggest and, where one replacement is always right, a fix. Each
rule's patterns are folded into one regular expression, and only blocks that contain one of its
rows' trigger strings are scanned with it. ID101 ("one") and ID107 ("on the one side") are code.
"""
from __future__ import annotations

import csv
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from ..document import Block
from ..finding import Applicability, Category, Finding, Severity
from .base import Context, FixAvailability, rule
from .segment import blocks_holding, lowered_view, sentence_at
from .wordlists import case_ratio, zipf

TABLE = "calques.tsv"
NAMES = "calques_one_names.tsv"
TABLE_COLUMNS = ("code", "german", "trigger", "pattern", "suggestion", "replacement")

# `<S>`: the start of a sentence, of a line, of a quotation or of a bulleted item.
SENTENCE_START = (r"(?:^|(?<=[.!?…:;] )|(?<=[.!?…][\"”’)] )|(?<=[–—•] )|(?<=[“\"(\n])"
                  r"|(?<=[.!?…:;]\u00a0))")


@dataclass(frozen=True)
class Calque:
    code: str
    german: str
    trigger: str  # lower-case strings separated by "|"; every match contains one of them
    pattern: str
    suggestion: str
    replacement: str


def expand(pattern: str) -> str:
    return pattern.replace("<S>", SENTENCE_START)


@cache
def load_table() -> tuple[Calque, ...]:
    """The rows of `calques.tsv`, in file order."""
    from . import data_path

    with data_path(TABLE).open(encoding="utf-8", newline="") as fh:
        lines = (ln for ln in fh if not ln.startswith("#"))
        reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        return tuple(Calque(r["code"], r["german"], r["trigger"], r["pattern"], r["suggestion"],
                            r["replacement"] or "") for r in reader)


@dataclass(frozen=True)
class _Compiled:
    rows: tuple[Calque, ...]
    parts: tuple[str, ...]  # each row's pattern, its named groups suffixed with the row's index
    templates: tuple[str, ...]  # replacement templates with the renamed groups
    row_triggers: tuple[frozenset[str], ...]  # a text without any of row i's cannot match row i
    triggers: tuple[str, ...]  # all rows' triggers, each once
    required: str = ""  # a character every row's match is followed by ("(?=:"): none, no match

    def candidates(self, low: str) -> tuple[int, ...]:
        """The rows whose triggers occur in the lower-case text ``low``."""
        present = {t for t in self.triggers if t in low}
        if not present:
            return ()
        return tuple(i for i, triggers in enumerate(self.row_triggers) if not triggers.isdisjoint(present))

    def regex(self, rows: tuple[int, ...]) -> re.Pattern[str]:
        """One expression for the given rows (in table order, so an earlier row still wins a
        tie). Only the rows whose triggers occur are compiled: the whole table of a rule can
        take 70 ms to compile, which a single article would pay at start-up."""
        return _alternation(self.parts, rows)


@lru_cache(maxsize=1024)  # a few trigger combinations recur; bounded on a huge corpus
def _alternation(parts: tuple[str, ...], rows: tuple[int, ...]) -> re.Pattern[str]:
    return re.compile("|".join(parts[i] for i in rows), re.IGNORECASE | re.MULTILINE)


@cache
def _compiled(code: str) -> _Compiled:
    """The rows of ``code``; row i's named groups get suffix ``_i``."""
    rows = tuple(r for r in load_table() if r.code == code)
    parts, templates = [], []
    for i, r in enumerate(rows):
        parts.append("(?:" + re.sub(r"\(\?P<(\w+)>", rf"(?P<\1_{i}>", expand(r.pattern)) + ")")
        templates.append(re.sub(r"\\g<(\w+)>", rf"\\g<\1_{i}>", r.replacement))
    row_triggers = tuple(frozenset(r.trigger.split("|")) for r in rows)
    triggers = tuple(sorted(set().union(*row_triggers)))
    # every ID102 row ends in the lookahead "(?=:": a block without a colon cannot match, and
    # the colon test is far cheaper than the triggers ("said", "means") or the regex
    required = ":" if rows and all("(?=:" in expand(r.pattern) for r in rows) else ""
    return _Compiled(rows, tuple(parts), tuple(templates), row_triggers, triggers, required)


Guard = Callable[[Context, "re.Match[str]", int, int], bool]


def _table_findings(ctx: Context, code: str, message: str, *, kinds: tuple[str, ...] = (),
                    skip_kinds: tuple[str, ...] = (), guard: Guard | None = None) -> Iterator[Finding]:
    """Findings for every match of ``code``'s rows in the blocks of ``kinds`` (all when empty).

    ``message`` is formatted with ``german`` (the German construction) and ``text`` (the match).
    A row with a replacement gives an unsafe fix; one without gives its suggestion only.
    """
    comp = _compiled(code)
    text = ctx.text
    for block, candidates in _blocks_with_triggers(ctx, comp):
        if (kinds and block.kind not in kinds) or block.kind in skip_kinds:
            continue
        if comp.required and text.find(comp.required, block.range.start, block.range.end) < 0:
            continue
        for m in comp.regex(candidates).finditer(text, block.range.start, block.range.end):
            i = _row_of(m, candidates)
            start, end = m.span(f"f_{i}")
            if guard is not None and not guard(ctx, m, start, end):
                continue
            row = comp.rows[i]
            found = text[start:end]
            msg = message.format(german=row.german, text=found)
            if comp.templates[i]:
                rep = _match_case(found, m.expand(comp.templates[i]))
                yield ctx.flag(start, end, msg, suggestion=rep, replacement=rep,
                               applicability=Applicability.UNSAFE)
            else:
                yield ctx.flag(start, end, msg, suggestion=row.suggestion)


def _blocks_with_triggers(ctx: Context, comp: _Compiled) -> Iterator[tuple[Block, tuple[int, ...]]]:
    """The blocks, in document order, that hold a trigger of ``comp``, each with its candidate
    rows (``comp.candidates`` of the block's lower-case text).

    Each trigger is looked for once in the lower-case document, and its occurrences are mapped
    to blocks, instead of testing every trigger in every block: most blocks hold none."""
    view = ctx.shared(lowered_view)
    blocks = ctx.doc.blocks
    if view is None or "" in comp.triggers:  # (an empty trigger is in every block)
        lowered = ctx.per_block(_lowered)
        for block in blocks:
            candidates = comp.candidates(lowered[block])
            if candidates:
                yield block, candidates
        return
    present = blocks_holding(view, comp.triggers)
    for k in sorted(present):
        found = present[k]
        yield blocks[k], tuple(i for i, triggers in enumerate(comp.row_triggers) if not triggers.isdisjoint(found))


def _lowered(ctx: Context, block) -> str:
    return ctx.text[block.range.start:block.range.end].lower()


def _row_of(m: re.Match[str], rows: tuple[int, ...]) -> int:
    for i in rows:
        if m.group(f"f_{i}") is not None:
            return i
    raise AssertionError("every calque pattern has a group named f")


def _match_case(found: str, rep: str) -> str:
    """Give ``rep`` the capital of ``found`` at a sentence start, and lower case otherwise."""
    if found[:1].isupper():
        return rep[:1].upper() + rep[1:]
    return rep[:1].lower() + rep[1:]


def _sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The span from the last sentence end before ``start`` to the next one after ``end``."""
    # Each search stops at the nearest mark found so far: a mark that does not occur near the
    # match (often "! " or "? ") would otherwise be looked for through the rest of a huge text.
    a = -1
    for mark in ("\n", ". ", "! ", "? "):
        a = max(a, text.rfind(mark, max(a, 0), start))
    a = a + 1 if a >= 0 else 0
    b = len(text)
    for mark in ("\n", ". ", "! ", "? "):
        k = text.find(mark, end, b)
        if k >= 0:
            b = min(b, k + 1)
    return a, b


def _not_a_question(ctx: Context, m: re.Match[str], start: int, end: int) -> bool:
    a, b = _sentence_of(ctx.text, start, end)
    return "?" not in ctx.text[a:b]


# --- ID101 -------------------------------------------------------------------------------------

# Words before "one" that make it a pronoun or a number: "the one", "no one", "only one".
_ONE_HOSTS = frozenset("""
the a an no any every each which this that another only single some someone anyone everyone
just exactly than least most per nearly almost about around over under between among
new old big small little large right wrong same other last first next good bad best worst
such what whichever whatever own latter former favourite favorite lucky young little
""".split())
# Words right after "one" that make it a number, a pronoun or a fixed phrase.
_ONE_NEXT = frozenset("""
of another another's day days time times point way hand more less or and to in on at by for
from with after before apart thing things year years month months week weeks hour hours minute
minutes second seconds night morning evening afternoon side piece person people man woman
million billion thousand hundred trillion dozen percent per cent third half quarter fifth
tenth all too either
""".split())
_TIME_NOUNS = frozenset("year month week day quarter season decade century summer winter spring autumn fall".split())
_WORD_OR_PUNCT = re.compile(r"[^\W\d_][\w’'\-]*|\d[\d.,]*|[^\w\s]")
_CAP_WORD = re.compile(r"[A-Z][a-z]{2,}(?:-[a-z]+)*")
# "one" not preceded by a word character, an apostrophe or a hyphen. The test looks behind
# "one" (at the four characters ending it) rather than before it: a pattern that starts with
# a literal is searched for that literal, one that starts with a lookbehind tries every offset.
_ONE = re.compile(r"one(?<![\w'’\-]one)(?=[ \u00a0]+[^\W\d_])")
_SUCH_ONE = re.compile(r"\b[Ss]uch one(?=[ \u00a0]+[a-z])")
_PREV_WORD = re.compile(r"([\w’']+)[^\w]*$")
_NUMERIC_CONTEXT = re.compile(r"[^.;:!?]{0,40}?\b(?:not two|or two|or more|instead of two|each|apiece|"
                              r"per\b|at a time|out of)")


@cache
def _one_names() -> frozenset[str]:
    from . import data_path

    with data_path(NAMES).open(encoding="utf-8") as fh:
        lines = [ln.rstrip("\n") for ln in fh if not ln.startswith("#")]
    return frozenset(ln.split("\t")[0] for ln in lines[1:] if ln)


COMMON_NOUN_RATIO = -1.5  # ln ratio: "Word" at most ~1/4.5 as frequent as "word"


def _is_capitalised_common_word(ctx: Context, word: str, at: int) -> bool:
    """A capitalised word mid-sentence that English writes in lower case ("Podcast", "Double")."""
    head = word.split("-")[0]
    low = head.lower()
    if zipf(low) < 3.0 or low in _one_names():
        return False
    ratio = case_ratio(head)
    if ratio is None or ratio > COMMON_NOUN_RATIO:
        return False
    # A word written with a capital elsewhere in mid-sentence is a name in this text.
    return not any(p != at for p in ctx.shared(_mid_sentence_capitals).get(head, ()))


_MID_CAPITAL = re.compile(r"(?<=[a-z,;] )[A-Z]\w*")


def _mid_sentence_capitals(ctx: Context) -> dict[str, list[int]]:
    """Capitalised words after a lowercase letter, comma or semicolon and a space -> the first
    two places they stand: one pass over the text instead of one per candidate. (A head is
    letters only, so ``head`` followed by a word boundary matches where the whole word is it.)"""
    out: dict[str, list[int]] = {}
    for m in _MID_CAPITAL.finditer(ctx.text):
        seen = out.setdefault(m.group(0), [])
        if len(seen) < 2:
            seen.append(m.start())
    return out


def _article_for(word: str) -> str:
    w = word.lower()
    if w.startswith(("uni", "use", "usu", "eu", "one", "once", "ur")):
        return "a"
    if w.startswith(("hour", "honest", "honou", "honor", "heir")):
        return "an"
    return "an" if w[:1] in "aeiou" else "a"


def _is_title_case(words: list[str]) -> bool:
    long = [w for w in words if len(w) >= 4 and w[:1].isalpha()]
    return len(long) >= 3 and sum(not w[:1].isupper() for w in long) <= 1


@rule("ID101", "one-for-indefinite-article", Category.GRAMMAR, Severity.MAJOR,
      fix=FixAvailability.SOMETIMES, needs=("tokens", "pos"), data=(NAMES, "case_ratios.tsv"))
def one_for_article(ctx: Context) -> Iterator[Finding]:
    """"one" where German had the indefinite article ein/eine: "He drives one Double strategy".

    ## What it flags
    "one" where English needs "a" or "an" because the German source had "ein", "eine" or
    "einen", which mean both "a" and "one":
    - "one" before a capitalised common noun in mid-sentence, the trace of a German noun
      ("in one Podcast with his brother", "He drives one Double strategy"), also across the
      modifiers of a German extended attribute ("plans with one this year alone Investment");
    - "one" before such an extended attribute in lower case, when the tagger shows a noun after
      a time phrase or a participle ("one this year alone investment", "one in 2019 founded
      company");
    - "such one" before a noun ("such one strategy", German "so eine").

    "one" as a number or pronoun passes: "one of the", "one day", "one million", "the one",
    "no one", "one another", "one-third", "at one point", "one person per household", "one
    company, not two", "one could argue", and "one" before a name ("one Google engineer", "one
    House Republican"). A capitalised word counts as a common noun only when English writes it
    in lower case at least 30 times as often and the text does not capitalise it elsewhere.

    ## Why it matters
    "ein" is the German indefinite article and the numeral "one" at once. Machine translation
    that splits a sentence at links or markup often picks the numeral, which stresses a count
    the writer never meant and reads as a learner's mistake.

    ## Example
    Flagged: Sam Altman said it in one Podcast with his brother.
    Use instead: Sam Altman said it in a podcast with his brother.

    ## Fix safety
    Unsafe: replaces "one" with "a" or "an" when the noun follows directly; the capital of the
    noun stays for an editor (CA rules). Before an extended attribute the phrase needs
    reordering, so there is a suggestion only.

    ## Data
    `calques_one_names.tsv`: common words English capitalises as names (Meta, Office, House,
    Labour, ...). Capitalisation ratios from spaCy's English lexeme probabilities
    (spacy-lookups-data), English word frequencies (wordfreq), and the embedded POS tagger for
    lower-case attributes.
    """
    text = ctx.text
    blocks = ctx.doc.blocks
    starts = [b.range.start for b in blocks]
    # every match contains "uch one": test for it before the search tries each word boundary
    for m in (_SUCH_ONE.finditer(text) if "uch one" in text else ()):
        found = _such_one(ctx, m)
        if found:
            art = found
            yield ctx.flag(m.start(), m.end(), f"“such one” is German “so ein”: write “such {art}”",
                           suggestion=f"such {art}", edits=[(m.end() - 3, m.end(), art)],
                           applicability=Applicability.UNSAFE)
    for m in _ONE.finditer(text):
        k = bisect_right(starts, m.start()) - 1
        if k < 0 or blocks[k].kind == "heading" or m.start() >= blocks[k].range.end:
            continue
        block = blocks[k]
        found = _one_candidate(ctx, m.start(), block)
        if found is None:
            continue
        message, suggestion, fix = found
        if fix:
            yield ctx.flag(m.start(), m.end(), message, suggestion=suggestion, replacement=suggestion,
                           applicability=Applicability.UNSAFE)
        else:
            yield ctx.flag(m.start(), m.end(), message, suggestion=suggestion)


def _such_one(ctx: Context, m: re.Match[str]) -> str | None:
    """The article for "such one" + noun phrase ("such one strategy"); None when "one" is a
    pronoun ("no such one exists")."""
    text = ctx.text
    prev = _PREV_WORD.search(text[max(0, m.start() - 20):m.start()])
    if prev and prev.group(1).lower() in ("no", "any", "every"):
        return None
    a, b = _sentence_of(text, m.start(), m.end())
    doc = ctx.tagged(a, b)
    nxt = next((t for t in doc if a + t.idx > m.end()), None)
    if nxt is None or nxt.pos_ not in ("NOUN", "ADJ"):
        return None
    return _article_for(nxt.text)


def _one_candidate(ctx: Context, at: int, block: Block) -> tuple[str, str, bool] | None:
    text = ctx.text
    s, e = _sentence_in_block(ctx, at, block)
    before = text[max(s, at - 40):at]
    pw = _PREV_WORD.search(before)
    if pw and before[pw.end(1):].strip() == "" and pw.group(1).lower() in _ONE_HOSTS:
        return None
    if not before.strip() or before.rstrip()[-1:] in "“\"‘(":
        return None  # "one" starts the sentence or a quotation: too often a number
    toks = [(t.start(), t.group(0)) for t in _WORD_OR_PUNCT.finditer(text, at + 3, e)][:8]
    if not toks or not toks[0][1][:1].isalpha():
        return None
    if toks[0][1] in _PREPOSITIONS:
        return _lowercase_attribute(ctx, s, e, toks)
    if toks[0][1].lower() in _ONE_NEXT:
        return None
    if _NUMERIC_CONTEXT.match(text, at + 3, e):
        return None
    words = text[s:e].split()
    if _is_title_case(words):
        return None
    # Capitalised common noun, directly or after up to four lower-case modifiers.
    for i, (pos, tok) in enumerate(toks[:5]):
        if not tok[:1].isalpha():
            break
        if tok[:1].isupper():
            if not _CAP_WORD.fullmatch(tok) or not _is_capitalised_common_word(ctx, tok, pos):
                return None
            after = toks[i + 1][1] if i + 1 < len(toks) else ""
            if after[:1].isupper() or (after == "of" and i + 2 < len(toks) and toks[i + 2][1][:1].isupper()):
                return None  # a name of several words: "one Bank of America branch"
            art = _article_for(tok)
            if i == 0:
                return f"“one” stands for the German article “ein”: write “{art}”", art, True
            if not _modifiers_ok(ctx, s, e, toks[:i]):
                return None
            mods = " ".join(t for _, t in toks[:i])
            return _attribute_message(art), f"{art} {tok.lower()} … ({mods})", False
        if tok.lower() in ("and", "or", "but", "that", "which", "who"):
            break
    return _lowercase_attribute(ctx, s, e, toks)


def _sentence_in_block(ctx: Context, at: int, block: Block) -> tuple[int, int]:
    return sentence_at(ctx, block, at) or (block.range.start, block.range.end)


def _attribute_message(art: str) -> str:
    return (f"“one” stands for the German article “ein” before an extended attribute: write “{art}” "
            "and put the modifiers after the noun")


def _modifiers_ok(ctx: Context, s: int, e: int, toks: list[tuple[int, str]]) -> bool:
    """The words between "one" and a capitalised noun are modifiers (a German extended
    attribute: "one this year alone Investment"), not the start of a clause."""
    doc = ctx.tagged(s, e)
    by_start = {s + t.idx: t for t in doc}
    for pos, _ in toks:
        t = by_start.get(pos)
        if t is None:
            return False
        if t.pos_ not in ("DET", "ADJ", "ADV", "NUM", "PART") and not (t.pos_ == "NOUN" and t.lower_ in _TIME_NOUNS):
            return False
    return True


_ATTRIBUTE_START = frozenset("this last next".split())
# Participles that English puts after a noun ("one for every child born today").
_POSTNOMINAL = frozenset("""born made based held called named known used left built given taken found
seen located owned run led set produced sold published released launched designed aged dated
surveyed interviewed polled asked elected appointed hired employed infected affected involved
concerned listed mentioned quoted cited shown""".split())
_TIME_WORDS = _TIME_NOUNS | frozenset("today yesterday tomorrow tonight now morning evening night time".split())
_PREPOSITIONS = frozenset("in by from since with for at on under after before during".split())


def _is_participle(t) -> bool:
    """A past participle, tagged as a verb or as an adjective ("founded" JJ before a noun)."""
    return t.tag_ == "VBN" or (t.tag_ == "JJ" and t.lower_.endswith(("ed", "en", "wn", "lt", "nt")))


def _lowercase_attribute(ctx: Context, s: int, e: int, toks: list[tuple[int, str]]) -> tuple[str, str, bool] | None:
    """German extended attributes in lower case: "one this year alone investment",
    "one in 2019 founded company", "one by the EU funded project"."""
    first = toks[0][1].lower()
    if first in _ATTRIBUTE_START:
        if len(toks) < 3 or toks[1][1].lower() not in _TIME_NOUNS:
            return None
    elif first not in _PREPOSITIONS or not any(t.endswith(("ed", "en", "wn", "lt", "nt")) for _, t in toks[2:7]):
        return None  # no participle in sight: spare the tagger
    doc = ctx.tagged(s, e)
    by_start = {s + t.idx: t for t in doc}
    tags = [by_start.get(pos) for pos, _ in toks]
    if any(t is None for t in tags):
        return None
    if first in _ATTRIBUTE_START:
        # after the time phrase (and "alone", "already"): adjectives, then a noun
        i = 2
        while i < len(tags) and tags[i].pos_ == "ADV":
            i += 1
        while i < len(tags) and tags[i].pos_ == "ADJ":
            i += 1
        if i >= len(tags) or tags[i].pos_ != "NOUN" or tags[i].tag_ not in ("NN", "NNS") or i == 2 and tags[2].tag_ == "NNS":
            return None
    else:
        # a preposition phrase, then a participle and a noun
        j = next((i for i, t in enumerate(tags[1:6], 1) if _is_participle(t)), None)
        if j is None or j < 2 or j + 1 >= len(tags) or tags[j + 1].tag_ != "NN":
            return None  # German "ein" takes a singular noun
        if tags[j - 1].pos_ not in ("NOUN", "PROPN", "NUM") or (
                first == "in" and tags[1].pos_ == "NUM" and not re.fullmatch(r"(?:1[89]|20)\d\d", tags[1].text)):
            return None  # "one with the required feature set", "one in two surveyed firms"
        if tags[j].lower_ in _POSTNOMINAL or tags[j + 1].lower_ in _TIME_WORDS:
            return None
        if any(t.pos_ in ("VERB", "AUX", "PRON", "CCONJ", "SCONJ", "PUNCT") for t in tags[1:j]):
            return None
        noun = tags[j + 1]
        art = _article_for(noun.text)
        pp = ctx.text[toks[0][0]:s + tags[j].idx].strip()
        return _attribute_message(art), f"{art} {noun.text} {tags[j].text} {pp}", False
    noun = tags[i]
    mods = ctx.text[toks[0][0]:s + noun.idx].strip()
    art = _article_for(noun.text)
    return _attribute_message(art), f"{art} {noun.text} … ({mods})", False


# --- ID102 -------------------------------------------------------------------------------------

@rule("ID102", "german-colon-lead-in", Category.LITERAL, Severity.MINOR, fix=FixAvailability.SOMETIMES,
      data=(TABLE,))
def colon_lead_in(ctx: Context) -> Iterator[Finding]:
    """A German one-word lead-in before a colon, translated literally: "Say:", "Means:", "Because:".

    ## What it flags
    At the start of a sentence, before a colon: "Say:" (German "Sprich:"), "Means:" or "That
    means in plain language:" ("Heißt:", "Heißt im Klartext:"), "In plain text:" ("Im
    Klartext:"), "Because:" ("Denn:"), "Current:" / "Currently:" ("Aktuell:"), "Concretely:"
    ("Konkret:"), "Short:" / "Short said:" ("Kurz:", "Kurz gesagt:"), "Clear is:",
    "Certain is:", "Important is:", "Decisive is:", "Unclear is:" ("Klar ist:", ...).
    "Conclusion:", "In other words:", "The reason:", "Say: “Hello”" (an instruction to say a
    quoted phrase) pass, and so does a heading (ID201 looks at headings).

    ## Why it matters
    German news style opens a sentence with a single word and a colon; English does not, and
    the literal "Say:" or "Because:" reads as a fragment.

    ## Example
    Flagged: Say: to generate sales.
    Use instead: In other words: to generate sales.

    ## Fix safety
    Unsafe where one English lead-in fits ("Say:" → "In other words:"); for "Because:" and
    "Current:" the sentence needs rewording, so there is a suggestion only.

    ## Data
    Rows with code ID102 in `calques.tsv` (German lead-in, pattern, suggestion).
    """
    yield from _table_findings(ctx, "ID102", "“{text}:” is German “{german}” word for word",
                               skip_kinds=("heading",))


# --- ID103 -------------------------------------------------------------------------------------

@rule("ID103", "since-for-duration", Category.GRAMMAR, Severity.MINOR, fix=FixAvailability.SOMETIMES,
      data=(TABLE,))
def since_for_duration(ctx: Context) -> Iterator[Finding]:
    """"since" with a length of time, from German "seit": "since years", "since a long time".

    ## What it flags
    "since" before a length of time rather than a point in time: "since years", "since
    several months", "since two weeks", "since a long time", "since a while", "since long";
    and "already since 2019" (German "schon seit"). A point in time passes ("since 2019",
    "since two years ago", "since last year"), and so does causal "since" ("since years of
    neglect have left the roads in ruins", "since months are shorter").

    ## Why it matters
    German "seit" covers both English "since" (a point) and "for" (a length). "since years"
    is one of the most recognisable traces of a German source.

    ## Example
    Flagged: The company has been losing money since years.
    Use instead: The company has been losing money for years.

    ## Fix safety
    Unsafe: "since" → "for" ("already since" → "since"); the verb may still need the present
    perfect ("is since years" → "has been ... for years").

    ## Data
    Rows with code ID103 in `calques.tsv`.
    """
    yield from _table_findings(ctx, "ID103", "“{text}” is German “{german}”: English uses “for” with a length of time")


# --- ID104 -------------------------------------------------------------------------------------

@rule("ID104", "in-the-year-number", Category.LITERAL, Severity.MINOR, fix=FixAvailability.ALWAYS,
      data=(TABLE,))
def in_the_year(ctx: Context) -> Iterator[Finding]:
    """"in the year 2023" for German "im Jahr 2023": English says "in 2023".

    ## What it flags
    "in the year" or "since the year" before a year from 1990 to 2040 ("in the year 2023",
    "since the year 2015"). "in the year 2000" (a milestone English names this way), far-off
    years ("in the year 2525"), "in the year to March" and "in the year 2022/23" pass.

    ## Why it matters
    German writes "im Jahr 2023" as a matter of course; in English news "in the year 2023" is
    padded and sounds solemn or archaic.

    ## Example
    Flagged: Meta plans to invest $70 billion in the year 2025.
    Use instead: Meta plans to invest $70 billion in 2025.

    ## Fix safety
    Unsafe: drops "the year"; meaning-preserving, but a writer may have wanted the emphasis.

    ## Data
    Rows with code ID104 in `calques.tsv`.
    """
    yield from _table_findings(ctx, "ID104", "“{text}” is German “{german}”: drop “the year”")


# --- ID105 -------------------------------------------------------------------------------------

@rule("ID105", "make-for-take-or-do", Category.LITERAL, Severity.MINOR, fix=FixAvailability.SOMETIMES,
      data=(TABLE,))
def make_for_take(ctx: Context) -> Iterator[Finding]:
    """"make" copied from German "machen" where English takes, does or has: "make a photo".

    ## What it flags
    "make/made a photo", "make selfies", "make a screenshot" (German "ein Foto machen": take),
    "make a pause" (take a break), "make a walk" (take a walk), "make sport" (do sport),
    "make homework" (do homework), "make an internship" (do an internship), "made good
    experiences with" (had good experiences), "make holiday/vacation" (go on holiday).
    Causative "make" passes ("makes photos easier to share", "make sports more accessible"),
    and so do "make sport of" (mock), "make a photograph" and "sports car".

    ## Why it matters
    German "machen" does the work of several English verbs; MT keeps "make", which English
    readers notice at once.

    ## Example
    Flagged: Visitors made photos of the data center.
    Use instead: Visitors took photos of the data center.

    ## Fix safety
    Unsafe where the verb swap is the whole fix ("made photos" → "took photos", "make a
    pause" → "take a break"); "make sport" and "make homework" get a suggestion only.

    ## Data
    Rows with code ID105 in `calques.tsv` (one row per verb form).
    """
    yield from _table_findings(ctx, "ID105", "“{text}” is German “{german}”: English does not use “make” here")


# --- ID106 -------------------------------------------------------------------------------------

@rule("ID106", "according-to-own-statements", Category.LITERAL, Severity.MINOR, data=(TABLE,))
def according_to_own(ctx: Context) -> Iterator[Finding]:
    """"according to own statements" for German "nach eigenen Angaben".

    ## What it flags
    "according to own statements/information/data/figures/reports" (no article: never
    English), "according to its/their own statements/information/details/indications", and
    "after own statements" (German "nach" read as "after"). "according to its own figures",
    "according to its own data" and "by its own account" are English and pass.

    ## Why it matters
    "nach eigenen Angaben" is in almost every German company report; its literal
    translation is a well-known marker of machine translation.

    ## Example
    Flagged: According to own statements, the company sold 2 million units.
    Use instead: The company says it sold 2 million units.

    ## Fix safety
    No fix: the subject of the sentence decides between "according to the company", "by its
    own account" and "the company says".

    ## Data
    Rows with code ID106 in `calques.tsv`.
    """
    yield from _table_findings(ctx, "ID106", "“{text}” is German “{german}” word for word")


# --- ID107 -------------------------------------------------------------------------------------

_ONE_SIDE = re.compile(expand(r"(?:<S>|(?<=, )|(?<=\band )|(?<=\bbut ))(?P<f>[Oo]n the one side)"
                              r"(?=, (?!(?:there|here) (?:is|are|was|were|lies|lie|stands|stand)\b))"), re.MULTILINE)
_OTHER_SIDE = re.compile(r"\b[Oo]n the other side\b(?= *,|[^,.;]{0,3}[,;:])")


@rule("ID107", "on-the-one-side", Category.LITERAL, Severity.MINOR, fix=FixAvailability.ALWAYS)
def on_the_one_side(ctx: Context) -> Iterator[Finding]:
    """"On the one side, ... on the other side" for German "einerseits ... andererseits".

    ## What it flags
    "On the one side," used as a discourse marker (followed by a comma), and the "on the other
    side," that answers it later in the same paragraph. "on the other side of the road" and a
    lone "On the other side, the defenders ..." (a real side) pass.

    ## Why it matters
    English contrasts two arguments with "on the one hand ... on the other hand"; "side" is a
    literal rendering of German "Seite" in "einerseits/andererseits".

    ## Example
    Flagged: On the one side, Meta wants to lead in AI. On the other side, it wants to weaken
    the competition.
    Use instead: On the one hand, Meta wants to lead in AI. On the other hand, it wants to
    weaken the competition.

    ## Fix safety
    Unsafe: "side" → "hand" in both halves.

    ## Data
    Built-in patterns.
    """
    text = ctx.text
    if "n the one side" not in text:
        return  # the pattern starts with lookbehinds tried at every position: test its words first
    for block, _ in ctx.blocks():
        for m in _ONE_SIDE.finditer(text, block.range.start, block.range.end):
            a, b = m.span("f")
            rep = text[a:b - 4] + "hand"
            yield ctx.flag(a, b, "“on the one side” is German “einerseits”: write “on the one hand”",
                           suggestion=rep, replacement=rep, applicability=Applicability.UNSAFE)
            o = _OTHER_SIDE.search(text, b, block.range.end)
            if o:
                rep = o.group(0)[:-4] + "hand"
                yield ctx.flag(o.start(), o.end(), "“on the other side” is German “andererseits”: write “on the other hand”",
                               suggestion=rep, replacement=rep, applicability=Applicability.UNSAFE)


# --- ID108 -------------------------------------------------------------------------------------

@rule("ID108", "with-the-size-of", Category.LITERAL, Severity.MINOR, fix=FixAvailability.SOMETIMES,
      data=(TABLE,))
def with_the_size_of(ctx: Context) -> Iterator[Finding]:
    """"with the size of Manhattan" for German "mit der Größe von": English says "the size of".

    ## What it flags
    "with the size of" and "in the size of" before a comparison ("a", a number or a name):
    "data centers with the size of Manhattan", "a screen in the size of a postcard". After a
    verb or adjective that takes "with" the phrase is English and passes ("compared with the
    size of", "impressed with the size of the bar", "problems with the size of the deficit").

    ## Why it matters
    English puts "the size of X" straight after the noun ("a data center the size of
    Manhattan"); the German preposition makes the phrase heavy and foreign.

    ## Example
    Flagged: data centers with the size of Manhattan
    Use instead: data centers the size of Manhattan

    ## Fix safety
    Unsafe: "with the size of" → "the size of". "in the size of" gets a suggestion only.

    ## Data
    Rows with code ID108 in `calques.tsv`.
    """
    yield from _table_findings(ctx, "ID108", "“{text}” is German “{german}”: write “the size of”")


# --- ID109 -------------------------------------------------------------------------------------

@rule("ID109", "plans-with-amount", Category.LITERAL, Severity.MINOR, data=(TABLE,))
def plans_with(ctx: Context) -> Iterator[Finding]:
    """"plans with" an amount, from German "planen mit" / "rechnen mit": "plans with an investment".

    ## What it flags
    The verb "plan" or "calculate" followed by "with" and, within a few words, an amount, a cost
    or a count ("Meta plans with an investment of $70 billion", "the organisers plan with
    12,000 spectators", "the company calculates with a loss"). The noun "plans" passes ("its
    plans with Microsoft", "Meta's plans with the metaverse"), and so does "plans with
    partners to invest" (the amount belongs to another verb).

    ## Why it matters
    German "mit etwas planen/rechnen" means to expect or budget for it; "plan with" in English
    means planning together with someone.

    ## Example
    Flagged: Meta plans with an investment of $70 billion.
    Use instead: Meta plans to invest $70 billion.

    ## Fix safety
    No fix: "plans", "expects" or "is budgeting for" depends on the sentence.

    ## Data
    Rows with code ID109 in `calques.tsv`.
    """
    yield from _table_findings(ctx, "ID109", "“{text}” is German “{german}”: English plans or expects an amount")


# --- ID110 -------------------------------------------------------------------------------------

@rule("ID110", "here-presented-attribute", Category.GRAMMAR, Severity.MINOR, data=(TABLE,))
def here_presented(ctx: Context) -> Iterator[Finding]:
    """"the here presented study" for German "die hier vorgestellte Studie".

    ## What it flags
    "here" with a participle between an article and its noun: "the here presented method",
    "the here described features", "these here mentioned risks". "the here and now", "the
    above-mentioned" and "the method presented here" pass.

    ## Why it matters
    German puts adverb and participle before the noun; English puts them after it ("the method
    presented here").

    ## Example
    Flagged: The here presented study covers 2,000 companies.
    Use instead: The study presented here covers 2,000 companies.

    ## Fix safety
    No fix: the participle moves behind the noun, which may be several words long.

    ## Data
    Rows with code ID110 in `calques.tsv`.
    """
    yield from _table_findings(ctx, "ID110", "“{text}” before the noun is German “{german}”: "
                                             "put it after the noun")


# --- ID111 -------------------------------------------------------------------------------------

@rule("ID111", "in-the-last-years", Category.LITERAL, Severity.MINOR, fix=FixAvailability.ALWAYS,
      data=(TABLE,))
def in_the_last_years(ctx: Context) -> Iterator[Finding]:
    """"in the last years" for German "in den letzten Jahren": English says "in recent years".

    ## What it flags
    "in the last years/decades/months/weeks" and "during the last years" used as a time
    adverbial (followed by a comma, the end of the sentence or a new clause). "in the last
    years of his life", "in the last few years", "in the last two years" and "in the last
    days" pass.

    ## Why it matters
    "in the last years" without "few" or a number is a learner's and MT's phrase; English
    writes "in recent years" or "over the past few years".

    ## Example
    Flagged: In the last years, the market has tripled.
    Use instead: In recent years, the market has tripled.

    ## Fix safety
    Unsafe: → "in recent years" (months, weeks, decades alike).

    ## Data
    Rows with code ID111 in `calques.tsv`.
    """
    yield from _table_findings(ctx, "ID111", "“{text}” is German “{german}”")


# --- ID112 -------------------------------------------------------------------------------------

def _not_a_comparison(ctx: Context, m: re.Match[str], start: int, end: int) -> bool:
    """"a bad plan is as good as no plan" compares; "as good as no chance" does not."""
    noun = next((v for k, v in m.groupdict().items() if k.startswith("n_") and v), None)
    if noun is None:
        return True
    a, _ = _sentence_of(ctx.text, start, end)
    return re.search(rf"\b{re.escape(noun)}\b", ctx.text[a:start], re.IGNORECASE) is None


@rule("ID112", "as-good-as-virtually", Category.LITERAL, Severity.MINOR, fix=FixAvailability.ALWAYS,
      data=(TABLE,))
def as_good_as(ctx: Context) -> Iterator[Finding]:
    """"as good as never/impossible/no" for German "so gut wie" (virtually).

    ## What it flags
    "as good as" before never, impossible, identical, unchanged, exclusively, nonexistent,
    nobody, no longer, or "no" + noun ("as good as no chance"). English idioms pass ("as good
    as new", "as good as dead", "as good as done"), and so do comparisons ("not as good as no
    one", "a bad plan is as good as no plan", "as good as always").

    ## Why it matters
    German "so gut wie" means "almost"; English "as good as" has that sense only with a few
    words and otherwise reads as a comparison.

    ## Example
    Flagged: The chips are as good as impossible to get.
    Use instead: The chips are virtually impossible to get.

    ## Fix safety
    Unsafe: → "virtually".

    ## Data
    Rows with code ID112 in `calques.tsv`.
    """
    yield from _table_findings(ctx, "ID112", "“{text}” is German “{german}”: write “virtually” or “almost”",
                               guard=_not_a_comparison)


# --- ID113 -------------------------------------------------------------------------------------

@rule("ID113", "how-for-as-reported", Category.GRAMMAR, Severity.MAJOR, fix=FixAvailability.ALWAYS,
      data=(TABLE,))
def how_for_as(ctx: Context) -> Iterator[Finding]:
    """"How the company announced, ..." for German "Wie das Unternehmen mitteilte, ...".

    ## What it flags
    A sentence that opens with "How", a reporting verb (announced, said, reported, confirmed,
    ...) and a comma: "How the police reported on Monday, two people were injured." A question
    ("How the company reported its earnings, nobody knows?") and "How he said it, mattered"
    pass.

    ## Why it matters
    German "wie" is both "how" and "as". Read as "how", the sentence turns into an unfinished
    question.

    ## Example
    Flagged: How the company announced on Tuesday, the plant will close.
    Use instead: As the company announced on Tuesday, the plant will close.

    ## Fix safety
    Unsafe: "How" → "As".

    ## Data
    Rows with code ID113 in `calques.tsv`.
    """
    yield from _table_findings(ctx, "ID113", "“How” is German “wie” in “{german}”: write “As”",
                               guard=_not_a_question)


# --- ID114 -------------------------------------------------------------------------------------

@rule("ID114", "who-for-whoever", Category.GRAMMAR, Severity.MAJOR, data=(TABLE,))
def who_for_whoever(ctx: Context) -> Iterator[Finding]:
    """"Who wants to travel, must ..." for German "Wer reisen will, muss ...".

    ## What it flags
    A statement (no question mark) that opens with "Who", a verb and a comma, followed by a
    main clause: "Who wants to use the app, must register first." Questions, "Who knows, maybe
    ..." and "Who he is, nobody knows" pass.

    ## Why it matters
    German "wer" opens a conditional relative clause ("whoever"); English "who" opens a
    question, so the sentence reads as a broken question.

    ## Example
    Flagged: Who wants to use the new model, must pay 20 dollars a month.
    Use instead: Anyone who wants to use the new model must pay 20 dollars a month.

    ## Fix safety
    No fix: the comma goes too, and "anyone who" or "if you" depends on the sentence.

    ## Data
    Rows with code ID114 in `calques.tsv`.
    """
    yield from _table_findings(ctx, "ID114", "“Who” is German “wer” (“{german}”): write “Anyone who …” without the comma",
                               guard=_not_a_question)


# --- ID115 -------------------------------------------------------------------------------------

@rule("ID115", "already-for-as-early-as", Category.LITERAL, Severity.MINOR, data=(TABLE,))
def already_in(ctx: Context) -> Iterator[Finding]:
    """"Already in 2019, ..." for German "Bereits 2019 ..." / "Schon im März ...".

    ## What it flags
    A sentence that opens with "Already" and a time expression: "Already in 2019, Meta
    warned ...", "Already last year, ...", "Already on Monday, ...". "Already, ..." (already
    now), "Already in talks with Apple, ..." and "already" inside a sentence pass.

    ## Why it matters
    German "bereits/schon" before a date stresses how early something happened; English says
    "as early as", "back in" or "even".

    ## Example
    Flagged: Already in 2019, Meta warned about the costs.
    Use instead: As early as 2019, Meta warned about the costs.

    ## Fix safety
    No fix: "As early as 2019" drops the preposition, "Back in 2019" keeps it.

    ## Data
    Rows with code ID115 in `calques.tsv`.
    """
    yield from _table_findings(ctx, "ID115", "“Already” before a date is German “{german}”",
                               guard=_not_a_question)


# --- ID116 -------------------------------------------------------------------------------------

@rule("ID116", "in-the-frame-of", Category.LITERAL, Severity.MINOR, data=(TABLE,))
def in_the_frame_of(ctx: Context) -> Iterator[Finding]:
    """"in the frame of the project" for German "im Rahmen des Projekts".

    ## What it flags
    "in the frame of" before an event, programme or procedure: "in the frame of the
    conference", "in the frame of a joint project", "in the frame of the investigation". A real
    frame ("a crack in the frame of the window"), "in the right frame of mind" and "in the frame
    of reference" pass.

    ## Why it matters
    German "im Rahmen" is everywhere in news and press releases; English says "as part of",
    "during" or "under", and "in the frame of" reads as a picture frame.

    ## Example
    Flagged: The chips were presented in the frame of the conference.
    Use instead: The chips were presented at the conference.

    ## Fix safety
    No fix: "as part of", "during", "at" or "under" depends on the noun.

    ## Data
    Rows with code ID116 in `calques.tsv` (the nouns that mark the German sense).
    """
    yield from _table_findings(ctx, "ID116", "“{text}” is German “{german}” word for word")


RULES = (one_for_article, colon_lead_in, since_for_duration, in_the_year, make_for_take, according_to_own,
         on_the_one_side, with_the_size_of, plans_with, here_presented, in_the_last_years, as_good_as,
         how_for_as, who_for_whoever, already_in, in_the_frame_of)
