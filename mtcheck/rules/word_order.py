"""WO: German word order left in English — verb-final clauses and verb-second inversion.

Both rules pick candidate sentences with cheap regular expressions on the words, and only then
ask the embedded POS tagger (``ctx.tagged``) about those sentences.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from functools import cache
from itertools import pairwise

from ..document import Block
from ..finding import Category, Finding, Severity
from .base import Context, FixAvailability, rule
from .segment import FUNCTION_WORDS, sentence_spans
from .wordlists import zipf

_VERBS_FILE = "word_order_verbs.tsv"
VERB_CLASSES = ("ditransitive", "have-causative", "have-experiential", "have-resultative",
                "intransitive", "inversion", "locative", "quotation", "time-subject")


@cache
def verb_classes() -> dict[str, frozenset[str]]:
    """``word_order_verbs.tsv``: class -> lemmas."""
    from . import data_path

    out: dict[str, set[str]] = {c: set() for c in VERB_CLASSES}
    with data_path(_VERBS_FILE).open(encoding="utf-8") as fh:
        rows = csv.reader((ln for ln in fh if not ln.startswith("#")), delimiter="\t")
        next(rows)  # header
        for row in rows:
            if row:
                out[row[1]].add(row[0])
    return {c: frozenset(v) for c, v in out.items()}


@cache
def wordnet_words() -> tuple[frozenset[str], frozenset[str], dict[str, str]]:
    """Base forms of English verbs, nouns, and irregular verb forms -> base form, from the
    WordNet tables that spacy-lookups-data ships (``en_lemma_index``, ``en_lemma_exc``). They
    tell a verb from a noun where the tagger, seeing a verb at the end of a German-ordered
    clause, guesses "noun"."""
    import gzip
    import json
    from importlib import resources

    folder = resources.files("spacy_lookups_data") / "data"
    with (folder / "en_lemma_index.json.gz").open("rb") as fh:
        index = json.loads(gzip.decompress(fh.read()))
    with (folder / "en_lemma_exc.json.gz").open("rb") as fh:
        exc = {form: lemmas[0] for form, lemmas in json.loads(gzip.decompress(fh.read()))["verb"].items()}
    return frozenset(index["verb"]), frozenset(index["noun"]), exc


def _is_base_verb(word: str, *, not_noun: bool = False) -> bool:
    verbs, nouns, _ = wordnet_words()
    low = word.lower()
    return low in verbs and not (not_noun and low in nouns)


def _is_participle_form(word: str) -> bool:
    """A past participle by its form: a regular "-ed" form of a known verb ("agreed",
    "stopped", "applied") or an irregular one that cannot be a simple past ("taken", "shown")."""
    verbs, _, exc = wordnet_words()
    low = word.lower()
    if low in exc:
        return exc[low] in verbs and low.endswith(("ed", "en", "wn", "ne"))
    if not low.endswith("ed") or len(low) < 5:
        return False
    stem = low[:-2]
    candidates = {stem, low[:-1]}
    if len(stem) > 2 and stem[-1] == stem[-2]:
        candidates.add(stem[:-1])
    if stem.endswith("i"):
        candidates.add(stem[:-1] + "y")
    return bool(candidates & verbs)


# -- shared word classes ------------------------------------------------------------------------
_HAVE = frozenset({"has", "have", "had", "'ve", "’ve"})
_MODALS = frozenset({"will", "would", "can", "could", "shall", "should", "may", "might", "must",
                     "'ll", "’ll"})
_WANT = frozenset({"want", "wants", "wanted"})
_NOMINATIVE = frozenset({"i", "he", "she", "we", "they", "it"})
_NP_TAGS = frozenset({"DT", "PDT", "PRP$", "CD", "JJ", "JJR", "NN", "NNS", "NNP", "NNPS", "POS",
                      "HYPH", "AFX"})
_NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "CD"})
_NP_PREPS = frozenset({"of", "with", "for", "from", "in", "on", "at", "about", "to", "by",
                       "between", "among", "over", "under"})
_NEW_NP = frozenset({"DT", "PRP$", "PRP", "WP", "WDT", "EX", "PDT"})
_CLAUSE_END_WORDS = frozenset({"and", "but", "or", "because", "while", "although", "though",
                               "whereas", "so"})
_PUNCT_TAGS = frozenset({".", ",", ":", "``", "''", "-LRB-", "-RRB-", "HYPH", "NFP"})
# Determiners that make a noun phrase a superlative or a selection ("the highest rate
# recorded", "the only one left"): a participle after them is a reduced relative clause.
_SELECTIVE = frozenset({"most", "least", "only", "first", "last", "next", "same", "few", "enough",
                        "more", "less", "fewer", "every", "all", "any", "no", "nothing",
                        "everything", "something", "anything"})
_NEGATIVE = frozenset({"no", "not", "never", "neither", "nor", "only", "little", "few", "seldom",
                       "rarely", "hardly", "scarcely", "barely", "nowhere", "so", "such"})

_CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]\"“”„–—]|\s-+(?:\s|(?=(?:for|but|and|or|with|because|which|while|"
                           r"so|than|from)\b))|\s(?:and|but|or|because|while|although|though|whereas|so)\s",
                           re.IGNORECASE)
# (The lookahead for the first letters adds no condition; it only lets the scan skip quickly
# past the letters that start no auxiliary, before the lookbehind is tried.)
_AUX_RE = re.compile(r"(?=[hwcsm])(?<![\w’'-])(has|have|had|will|would|can|could|shall|should|may|"
                     r"might|must|wants?|wanted)(?![\w’'-])", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W_][\w’'-]*|-+\w+")


class _Tok:
    """A tagged token with the few fields the rules read, and its tag normalised: a capitalised
    word that the tagger, puzzled by German order, called an interjection, a foreign word or a
    verb ("AI/UH", "Siemens/VBZ") is taken as a proper noun."""

    __slots__ = ("i", "idx", "is_punct", "lower_", "tag_", "text")

    def __init__(self, tok) -> None:
        self.i, self.idx, self.text, self.lower_ = tok.i, tok.idx, tok.text, tok.lower_
        self.is_punct = tok.is_punct
        tag = tok.tag_
        if tag in ("UH", "FW", "ADD", "GW", "VBZ") and tok.text[:1].isupper() \
                and tok.lower_ not in FUNCTION_WORDS and not tok.lower_.endswith("ed"):
            tag = "NNP"
        self.tag_ = tag


def _tagged_candidates(ctx: Context, spans: list[tuple[int, int]]) -> Iterator[list[_Tok]]:
    """The candidate sentences' tokens, tagged in one batch; the rules read Penn tags only."""
    for doc in ctx.tagged_each(spans, universal=False):
        yield [_Tok(t) for t in doc]


def _block_sentences(ctx: Context, block: Block) -> list[tuple[int, int]]:
    """The sentences of ``block``: split once per document for both rules (``ctx.per_block``)."""
    return list(sentence_spans(ctx.text, block.range.start, block.range.end))


def _lemmas(ctx: Context, start: int, end: int) -> dict[int, str]:
    return {t.idx: t.lemma_.lower() for t in ctx.parse(start, end)}


# -- WO001 --------------------------------------------------------------------------------------

def _verb_final_candidate(sentence: str) -> bool:
    """Cheap test on the words: an auxiliary, modal or "want" followed, inside one clause, by
    three or more words and then, last in the clause, a word that can be the participle (after
    "have") or the bare infinitive (after a modal or "want")."""
    if sentence.rstrip().endswith("?"):
        return False
    for m in _AUX_RE.finditer(sentence):
        brk = _CLAUSE_BREAK.search(sentence, m.end())
        words = _WORD_RE.findall(sentence, m.end(), brk.start() if brk else len(sentence))
        while words and words[-1].lower() in _MID_ADVERBS:
            words.pop()
        if len(words) < 4:
            continue
        aux = m.group(1).lower()
        last = words[-1]
        if aux in _HAVE:
            if words[0].lower() in ("been", "got", "gotten", "to") or _is_participle_form(words[0]):
                continue  # a perfect tense: "has been", "has announced"
            if _is_participle_form(last) or any(
                    w[:1].isupper() and w[1:].islower() and w.endswith("ed") for w in words[3:]):
                return True
        elif _is_base_verb(last) and not last[:1].isupper():
            first = next((w.lower() for w in words if w.lower() not in _MID_ADVERBS
                          and not w.lower().endswith("ly")), "")
            if first and first not in ("to", "be", "have") and not (
                    _is_base_verb(first, not_noun=True) or _is_participle_form(first)):
                return True
    return False


def _subject_before(doc, i: int) -> bool:
    """Whether the auxiliary at ``i`` follows its subject (skipping adverbs): a noun, a pronoun or
    a relative pronoun. Anything else (sentence start, comma, conjunction, "only", "so") means an
    inversion English allows: questions, "Had we known", "Not only has ...", "So has Meta"."""
    j = i - 1
    while j >= 0 and doc[j].tag_ in ("RB", "RBR") and doc[j].lower_ not in _NEGATIVE:
        j -= 1
    if j < 0:
        return False
    t = doc[j]
    if t.lower_ in _NEGATIVE or t.lower_ in ("as", "than", "what", "whatever"):
        return False
    return t.tag_ in ("NN", "NNS", "NNP", "NNPS", "PRP", "WDT", "WP", "CD") or t.lower_ == "that"


def _noun_phrase(doc, j: int, limit: int) -> int:
    """End (exclusive) of the noun phrase (with attached prepositional phrases) starting at ``j``."""
    k = j
    while k < limit and _continues_noun_phrase(doc, j, k, limit):
        k += 1
    return k


def _continues_noun_phrase(doc, j: int, k: int, limit: int) -> bool:
    t = doc[k]
    tag = t.tag_
    if k > j and _capital_at(doc, k):
        return False  # "has AI experts of the competition Locked"
    prev = doc[k - 1].tag_ if k > j else ""
    nxt = doc[k + 1].tag_ if k + 1 < limit else ""
    if tag in _NP_TAGS:
        if tag in _NEW_NP and prev in ("NN", "NNS", "NNP", "NNPS"):
            # a second noun phrase starts ("has the skills [the job] required"), unless it is a
            # measure: "data centers the size of Manhattan"
            return t.lower_ in ("the", "a") and k + 2 < limit and doc[k + 1].lower_ in _MEASURES \
                and doc[k + 2].lower_ == "of"
        return True
    if tag == "IN":  # "the compensation for [delayed] passengers"
        return t.lower_ in _NP_PREPS and (nxt in _NP_TAGS or (
            nxt in ("VBN", "VBG") and k + 2 < limit and doc[k + 2].tag_ in ("NN", "NNS", "NNP", "NNPS")))
    if tag == "CC":  # "data and software", not "a new CEO and the shares"
        return t.lower_ in ("and", "or") and prev in _NOUN_TAGS and nxt in _NP_TAGS \
            and nxt not in _NEW_NP
    if tag in ("VBN", "VBG"):  # prenominal participle: "the planned merger"
        return prev in ("DT", "PRP$", "JJ", "CD", "PDT", "IN") and nxt in ("NN", "NNS", "JJ", "NNP")
    return False


def _np_is_one_phrase(doc, j: int, k: int) -> bool:
    """No second noun phrase starts inside: a common noun followed by a name may be a contact
    relative clause ("has the deal Microsoft wanted"). (A determiner after a noun already ends
    the phrase in :func:`_noun_phrase`.)"""
    for a in range(j, k - 1):
        cur, nxt = doc[a], doc[a + 1]
        if cur.tag_ in ("NN", "NNS") and nxt.tag_ in ("NNP", "NNPS"):
            return False
    return True


def _clause_ends_after(doc, k: int, allow_prep: bool) -> bool:
    """Whether the clause ends right after token ``k`` (one adverb such as "again" may follow)."""
    if k + 1 < len(doc) and doc[k + 1].tag_ == "RB" and doc[k + 1].lower_ in _MID_ADVERBS:
        k += 1
    if k + 1 >= len(doc):
        return True
    nxt = doc[k + 1]
    if nxt.tag_ in _PUNCT_TAGS or nxt.text[:1] in "-–—" or nxt.is_punct:
        return True
    if nxt.lower_ in _CLAUSE_END_WORDS:
        return True
    return allow_prep and nxt.tag_ == "IN" and nxt.lower_ in ("with", "for", "from", "in", "on", "at", "by")


def _is_simple_past(tok) -> bool:
    """An irregular past tense that the tagger took for a present or an infinitive ("rose/VBP")."""
    _, _, irregular = wordnet_words()
    base = irregular.get(tok.lower_)
    return tok.tag_ in ("VB", "VBP") and base is not None and base != tok.lower_ \
        and not tok.lower_.endswith(("s", "ing"))


def _is_past_form(word: str) -> bool:
    """A form that can be a simple past: "announced", "built", "sold" (not "taken", "begun")."""
    if _is_regular_past(word):
        return True
    _, _, irregular = wordnet_words()
    return word in irregular and irregular[word] != word and not word.endswith(("en", "wn", "ne", "un", "ing", "s"))


def _is_regular_past(word: str) -> bool:
    return word.endswith("ed")


def _capital_at(doc, v: int) -> bool:
    return _capitalised_participle(doc[v], doc[v - 1] if v else None)


def _capitalised_participle(tok, prev) -> bool:
    """A mid-sentence capitalised past participle ("has AI experts Locked"): MT copies the capital
    of a German word. The tagger calls it a proper noun."""
    w = tok.text
    if prev is None or prev.tag_ in ("NNP", "NNPS") or prev.text[:1].isupper():
        return False  # part of a name: "Bin Laden"
    return (w[:1].isupper() and w[1:].islower() and w.lower().endswith("ed")
            and zipf(w.lower()) >= 3.0 and zipf(w) <= zipf(w.lower()))


@rule("WO001", "verb-final-participle", Category.GRAMMAR, Severity.MAJOR,
      fix=FixAvailability.NONE, needs=("tokens", "pos"), data=(_VERBS_FILE,))
def verb_final(ctx: Context) -> Iterator[Finding]:
    """A participle or infinitive pushed to the end of the clause, German verb-bracket style.

    ## What it flags
    An auxiliary ("has", "had"), a modal ("will", "can", "must", …) or "want" followed by a
    noun phrase of three or more words and then, at the end of the clause, the participle or
    bare infinitive that English puts right after the auxiliary: "has the construction of data
    centers announced", "wants a U-turn execute", "will the plant in Leipzig close". The
    flagged range runs from the auxiliary to the stranded verb, so the whole bracket is visible.

    Correct English look-alikes are not flagged: causative and experiential "have" ("had the
    house painted", "had its licence revoked"), resultative "have" ("has three stores
    planned", "has two games left"), reduced relative clauses ("the money he has invested",
    "has the money it needed", "the highest rate recorded"), perfect tenses ("will have
    finished") and inversions (questions, "Should the case be confirmed, …", "Not only has
    …").

    ## Why it matters
    German puts the participle and the infinitive at the end of the clause ("hat den Bau …
    angekündigt", "will eine Kehrtwende vollziehen"). A translation that keeps this order is
    hard to read: the reader holds a long object in mind before learning what happened to it.

    ## Example
    Flagged: Zuckerberg has the construction of data centers the size of Manhattan announced.
    Use instead: Zuckerberg has announced the construction of data centers the size of Manhattan.

    ## Fix safety
    No automatic fix: the suggestion shows the English order, but the sentence often needs
    more rewording than a move.

    ## Data
    ``word_order_verbs.tsv``, classes ``have-causative`` (a service done for the subject:
    painted, repaired, installed, arrested, …), ``have-resultative`` (a state the subject has:
    planned, left, earmarked, divided, …) and ``have-experiential`` (something done to the
    subject: revoked, cancelled, stolen, …; only with a possessive object, "had its licence
    revoked"); their participles are not flagged after "have". WordNet's verb and noun lists
    from spacy-lookups-data tell a stranded verb from a noun where the tagger hesitates.
    """
    text = ctx.text
    classes = verb_classes()
    sentences = ctx.per_block(_block_sentences)
    candidates = []
    for block in ctx.doc.blocks:
        a, b = block.range.start, block.range.end
        # Every candidate sentence has an auxiliary (an _AUX_RE match). A sentence is a piece of
        # its block with whitespace (or the block's edge) on both sides, so its matches are also
        # matches in the block's text: a block without one has no candidate and is not split.
        if _AUX_RE.search(text[a:b]) is None:
            continue
        candidates += [(s, e) for s, e in sentences[block] if _verb_final_candidate(text[s:e])]
    for (s, e), doc in zip(candidates, _tagged_candidates(ctx, candidates)):
        lemmas: dict[int, str] | None = None
        n = len(doc)
        i = 0
        while i < n:
            found = _bracket(doc, i)
            if found is None:
                i += 1
                continue
            kind, j, k, v = found
            if kind == "have":
                if lemmas is None:
                    lemmas = _lemmas(ctx, s, e)
                if not _have_participle_is_german(doc, i, j, k, v, lemmas, classes):
                    i += 1
                    continue
            yield _verb_final_finding(ctx, s, doc, i, j, k, v, kind)
            i = v + 1


_MID_ADVERBS = frozenset({"not", "n't", "yet", "already", "also", "again", "now", "still", "never",
                          "just", "finally", "recently", "previously", "even", "quickly",
                          "immediately", "soon", "today", "tomorrow", "yesterday", "jointly",
                          "officially", "once", "first", "initially", "further", "sharply",
                          "significantly", "considerably", "massively", "drastically"})


def _bracket(doc, i: int) -> tuple[str, int, int, int] | None:
    """An auxiliary at ``i`` with its object noun phrase ``[j, k)`` and the stranded verb at
    ``v`` (only adverbs between), the clause ending right after it; or None."""
    n = len(doc)
    tok = doc[i]
    low = tok.lower_
    kind = ("have" if low in _HAVE and tok.tag_ in ("VBZ", "VBP", "VBD")
            else "modal" if low in _MODALS and tok.tag_ == "MD"
            else "want" if low in _WANT and tok.tag_ in ("VBZ", "VBP", "VBD")
            else None)
    if kind is None or not _subject_before(doc, i):
        return None
    j = i + 1
    while j < n and doc[j].tag_ in ("RB", "RBR") and doc[j].lower_ not in ("so", "as"):
        if doc[j].lower_ in ("rather", "sooner", "better"):
            return None  # "would rather the bank act now": a subjunctive clause follows
        j += 1
    k = _noun_phrase(doc, j, n)
    # the verb after the noun phrase, or swallowed into it because the tagger took it for a noun
    options = [(k, k)]
    if k - 1 > j and doc[k - 1].tag_ in ("NN", "NNP", "JJ", "VBN", "VBD"):
        options.append((k - 1, k - 1))
    for end, v in options:
        if end - j < 3:
            continue
        np_tokens = doc[j:end]
        if kind != "have" and doc[j].tag_ not in ("DT", "PRP$", "PDT", "CD", "JJ", "JJR", "NNP", "NNPS", "NNS"):
            continue  # after a modal, a bare singular noun is more likely a misspelt verb
        if not any(t.tag_ in _NOUN_TAGS for t in np_tokens) or not _np_is_one_phrase(doc, j, end) \
                or doc[end - 1].tag_ in ("DT", "PRP$", "POS", "IN", "CC") or doc[end - 1].text in "-–":
            continue
        while v < n and doc[v].lower_ in _MID_ADVERBS:
            v += 1
        if v < n and _is_stranded_verb(doc, v, kind, swallowed=v < k) \
                and _clause_ends_after(doc, v, allow_prep=kind == "have" and _capital_at(doc, v)):
            return kind, j, end, v
    return None


def _is_stranded_verb(doc, v: int, kind: str, swallowed: bool) -> bool:
    verb = doc[v]
    tag = verb.tag_
    if kind == "have":
        if tag in ("VBN", "VBD") or _capital_at(doc, v):
            return True
        return tag in ("NN", "NNP", "JJ") and _is_participle_form(verb.text)
    if verb.lower_ in ("be", "have", "do", "get", "let"):
        return False
    if tag in ("VB", "VBP") and not swallowed:
        return True
    if tag in ("NN", "NNP", "JJ", "VB", "VBP") and not verb.lower_.endswith("s"):
        return _is_base_verb(verb.text, not_noun=kind == "want")
    return False


_MEASURES = frozenset({"size", "height", "length", "width", "age", "weight", "price", "value",
                       "area", "population"})
_POSSESSIVES = frozenset({"its", "his", "her", "their", "our", "my", "your"})
_QUANTITIES = frozenset({"half", "part", "much", "many", "some", "majority", "minority", "proportion",
                         "share", "percent", "per", "cent", "%", "third", "thirds", "quarter",
                         "quarters", "fifth", "tenth", "dozen", "dozens", "hundreds", "thousands",
                         "millions", "billions", "bulk", "rest", "remainder", "lot", "lots",
                         "number", "none", "several", "each", "one", "a", "an", "the"})


def _have_participle_is_german(doc, i: int, j: int, k: int, v: int, lemmas: dict[int, str],
                               classes: dict[str, frozenset[str]]) -> bool:
    """After "have" + object, tell the German bracket ("has the construction … announced")
    from causative, experiential and resultative "have" and from clause boundaries."""
    verb = doc[v]
    capital = _capital_at(doc, v)
    np_tokens = doc[j:k]
    head_part = []
    for t in np_tokens:
        if t.tag_ == "IN":
            break
        head_part.append(t)
    if any(t.tag_ == "JJS" or t.lower_ in _SELECTIVE for t in head_part):
        return False  # "the highest rate recorded", "the only one left"
    lemma = lemmas.get(verb.idx, verb.lower_)
    forms = {lemma, verb.lower_}
    if len(head_part) < len(np_tokens) and np_tokens[len(head_part)].lower_ == "of" and all(
            t.tag_ in ("DT", "CD", "JJ") or t.lower_ in _QUANTITIES for t in head_part) \
            and not forms & {"increase", "decrease", "boost", "expand", "grow"}:
        return False  # a share of something in a state: "has 90 percent of its fleet grounded"
    prev = doc[i - 1] if i else None
    if prev is not None and (prev.tag_ in ("WP", "WDT") or prev.lower_ in ("that", "who", "which")):
        # in a relative clause the verb may be the main clause's: "Everyone who had a ticket
        # for the concert complained", "Firms that had a strong brand benefited"
        return False
    if verb.tag_ == "VBD" and not capital and (
            not _is_regular_past(verb.lower_) or any(t.tag_ == "CC" for t in np_tokens)):
        return False  # a past tense may be the main verb after a coordination
    if capital:
        return True
    if forms & (classes["have-causative"] | classes["have-resultative"]):
        return False
    return not (forms & classes["have-experiential"] and any(t.lower_ in _POSSESSIVES for t in np_tokens))


def _verb_final_finding(ctx: Context, s: int, doc, i: int, j: int, k: int, v: int,
                        kind: str) -> Finding:
    text = ctx.text
    aux, verb = doc[i], doc[v]
    start, end = s + aux.idx, s + verb.idx + len(verb.text)
    before = text[s + doc[i + 1].idx:s + doc[j].idx].strip() if j > i + 1 else ""
    middle = text[s + doc[k].idx:s + verb.idx].strip() if v > k else ""
    np_text = text[s + doc[j].idx:s + doc[k - 1].idx + len(doc[k - 1].text)]
    verb_word = verb.text.lower() if verb.text[:1].isupper() and verb.text[1:].islower() else verb.text
    head = " ".join(x for x in (aux.text, before, middle, "to" if kind == "want" else "", verb_word) if x)
    suggestion = f"{head} {np_text}"
    if kind == "want":
        message = (f"German word order: the infinitive “{verb.text}” stands at the end of the clause; "
                   f"English puts it right after “{aux.text} to”")
    else:
        what = "participle" if kind == "have" else "infinitive"
        message = (f"German word order: the {what} “{verb.text}” stands at the end of the clause; "
                   f"English puts it right after “{aux.text}”")
    return ctx.flag(start, end, message, suggestion=suggestion)


# -- WO002 --------------------------------------------------------------------------------------

_TIME_NOUNS = ("week|month|year|weekend|morning|afternoon|evening|night|spring|summer|autumn|fall|"
               "winter|monday|tuesday|wednesday|thursday|friday|saturday|sunday|quarter|season")
# Sentence openers that are adverbials, never the subject.
_ADVERB_OPENERS = ("therefore|thus|hence|then|now|also|later|meanwhile|recently|previously|"
                   "already|currently|subsequently|afterwards|afterward|finally|initially|"
                   "nevertheless|nonetheless|moreover|furthermore|additionally|lately|"
                   "likewise|accordingly|consequently|ultimately|soon|immediately|"
                   "presumably|probably|apparently|obviously|surely|certainly|thereby|therewith|"
                   "so far|to date")
# Time words that can also be the subject ("Today marks …", "Last week saw …").
_TIME_OPENERS = (f"(?:today|yesterday|tomorrow)(?: (?:morning|afternoon|evening|night))?|tonight|"
                 f"(?:last|this|next|every) (?:{_TIME_NOUNS})")
_PREPOSITIONS = ("in|on|at|from|during|through|throughout|despite|under|against|without|within|"
                 "across|among|amongst|beyond|by|for|with|behind|besides|over|around|"
                 "according to|due to|because of|in front of|next to|apart from|instead of")
# Place openers after which English may invert: "From the ashes rose a new party", "Behind the
# scenes worked a team of engineers". With "in", "on" and "at" only position and motion verbs
# invert ("In the corner stood a piano"), and only when the object is not a time.
_SPATIAL_PREPS = frozenset({"from", "behind", "over", "beyond", "among", "amongst", "across",
                            "through", "around", "under", "besides", "in front of", "next to"})
_OPENER_RE = re.compile(
    rf"[\"“‘'(]*(?:(?P<time>{_TIME_OPENERS})|(?P<adv>{_ADVERB_OPENERS})|(?P<prep>{_PREPOSITIONS}))\s+"
    r"(?P<next>[^\s,;:]+)", re.IGNORECASE)
_AUX_V2 = frozenset({"has", "have", "had"})
_TIME_WORDS = frozenset(_TIME_NOUNS.split("|")) | {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "day", "decade", "century", "hour", "minute", "period",
    "time"}
_YEAR = re.compile(r"(?:1[89]|20)\d\d$")
_QUOTE_MARKS = re.compile(r"[\"“”„«»:]")


_SUBJECT_START = frozenset({"the", "a", "an", "this", "these", "those", "his", "her", "its", "their",
                            "our", "my", "your", "he", "she", "we", "they", "i", "it", "both", "all"})


def _v2_candidate(sentence: str) -> re.Match[str] | None:
    """Cheap test: an adverbial opener without a comma after it, then within a few words a word
    that may be a finite verb followed by one that may start the subject."""
    m = _OPENER_RE.match(sentence)
    if m is None:
        return None
    if not m.group("prep") and m.group("next")[:1].isupper() and m.group("next").lower() not in _AUX_V2:
        return None  # "Yesterday Siemens announced …"
    end = sentence.find(",", m.start("next"))
    words = _WORD_RE.findall(sentence, m.start("next"), end if end >= 0 else len(sentence))[:8]
    _, _, irregular = wordnet_words()
    for w, nxt in pairwise(words):
        low = w.lower()
        if not (low.endswith(("ed", "s")) or low in irregular or low in _HAVE or low in _MODALS):
            continue
        if nxt.lower() in _SUBJECT_START or nxt[:1].isupper() or nxt[:1].isdigit() \
                or nxt.lower().endswith("s"):
            return m
    return None


@rule("WO002", "verb-second-inversion", Category.GRAMMAR, Severity.MAJOR,
      fix=FixAvailability.NONE, needs=("tokens", "pos"), data=(_VERBS_FILE,))
def verb_second(ctx: Context) -> Iterator[Finding]:
    """A verb placed before its subject after an opening adverbial, German verb-second style.

    ## What it flags
    A sentence that opens with an adverbial ("Yesterday", "Therefore", "In Berlin", "On
    Monday") followed directly by the finite verb and then the subject: "Yesterday announced
    the company a new strategy", "Therefore has Meta invested billions", "In Berlin
    demonstrated thousands of people". The flagged range runs from the verb (or auxiliary) to
    the end of the subject.

    The inversions English allows are not flagged: after negative and restrictive openers
    ("Never has …", "Only then did …", "So has Meta"), with verbs of being and coming ("Here
    comes the bus", "Then followed a long silence"), locative inversion after a place opener
    ("On the table lay a book", "From the ashes rose a new party"), quotation inversion
    ("“…,” said Müller"), questions, imperatives ("Now imagine …") and time words that are
    the subject ("Today marks the anniversary", "Last week saw a rally"). Openers that may
    have swallowed the subject ("In March Siemens announced …", "In the first quarter sales
    rose …") are left alone.

    ## Why it matters
    German main clauses put the finite verb second, so an opening adverbial pushes the subject
    behind the verb ("Gestern kündigte das Unternehmen … an"). English keeps subject before
    verb; the inverted order reads as a machine translation.

    ## Example
    Flagged: Yesterday announced the company a new strategy.
    Use instead: Yesterday the company announced a new strategy.

    ## Fix safety
    No automatic fix: the suggestion shows the subject–verb order; the rest of the sentence
    may need rewording too.

    ## Data
    ``word_order_verbs.tsv``, classes ``inversion`` (be, come, follow, begin, …: always
    inverted in English), ``locative`` (stand, lie, rise, …: inverted after a place opener),
    ``quotation`` (say, add, warn, …: inverted when the sentence quotes someone) and
    ``time-subject`` (mark, see, bring, …: their subject is often a time word).
    """
    text = ctx.text
    classes = verb_classes()
    sentences = ctx.per_block(_block_sentences)
    candidates = []
    for block in ctx.doc.blocks:
        for s, e in sentences[block]:
            # Sentences are never empty. Questions invert. The opener test is _v2_candidate's
            # first one, done in place first (the pattern looks neither before ``s`` nor past
            # ``e``), so that only the sentences with an opener are copied.
            if text[e - 1] == "?" or _OPENER_RE.match(text, s, e) is None:
                continue
            m = _v2_candidate(text[s:e])
            if m is not None:
                candidates.append((s, e, m))
    spans = [(s, e) for s, e, _ in candidates]
    for (s, e, m), doc in zip(candidates, _tagged_candidates(ctx, spans)):
        found = _v2_match(ctx, s, e, m, classes, doc)
        if found is not None:
            yield found


def _object_follows(doc, k: int) -> bool:
    """Whether an object (or a clause) starts at ``k``."""
    if k >= len(doc):
        return False
    t = doc[k]
    if t.tag_ in ("DT", "PRP$", "CD", "JJ", "JJR", "NNS", "TO") or t.lower_ == "that":
        return True
    # "around three billion euros", "more than two billion euros"
    nxt = doc[k + 1] if k + 1 < len(doc) else None
    return nxt is not None and (
        (t.lower_ in ("around", "about", "almost", "nearly", "over", "roughly", "some") and nxt.tag_ == "CD")
        or (t.lower_ in ("more", "less", "fewer") and nxt.lower_ == "than"))


def _until_punct(doc, i: int):
    for t in doc[i:]:
        if t.is_punct:
            break
        yield t


def _token_at(doc, offset: int) -> int:
    for t in doc:
        if t.idx >= offset:
            return t.i
    return len(doc)


def _simple_np(doc, j: int, with_of: bool = True) -> int:
    """End of a plain noun phrase at ``j`` (determiner, modifiers, one run of nouns, an optional
    possessive and "of" phrase); ``j`` when there is none."""
    n = len(doc)
    k = j
    if k < n and doc[k].tag_ == "PDT":
        k += 1
    if k < n and doc[k].tag_ in ("DT", "PRP$"):
        k += 1
    while k < n and (doc[k].tag_ in ("CD", "JJ", "JJR", "JJS", "HYPH")
                     or (doc[k].tag_ in ("VBN", "VBG") and k + 1 < n
                         and doc[k + 1].tag_ in ("NN", "NNS", "NNP", "NNPS", "JJ"))):
        k += 1
    head = k
    while k < n and doc[k].tag_ in ("NN", "NNS", "NNP", "NNPS"):
        k += 1
    if k == head:
        if head > j and doc[head - 1].tag_ == "CD":
            return head  # "200", "thousands"
        return j
    if k + 1 < n and doc[k].tag_ == "POS":
        k2 = _simple_np(doc, k + 1, with_of=False)
        if k2 > k + 1:
            k = k2
    if with_of and k + 1 < n and doc[k].lower_ == "of" and doc[k + 1].tag_ not in ("VBG", "VBN"):
        k2 = _simple_np(doc, k + 1, with_of=False)
        if k2 > k + 1:
            k = k2
    return k


def _plausible_subject(doc, j: int, k: int) -> bool:
    """A noun phrase that can be the subject after an inverted verb: with a determiner, a name,
    or a plural quantity ("thousands of people"); not a bare mix of name and noun ("Corona
    case"), nor a time phrase ("the same day")."""
    first = doc[j]
    nouns = [t for t in doc[j:k] if t.tag_ in ("NN", "NNS", "NNP", "NNPS")]
    if not nouns or nouns[0].lower_ in _TIME_WORDS:
        return False
    if first.tag_ in ("DT", "PRP$", "PDT"):
        return True
    run = []
    for t in doc[j:k]:
        if t.lower_ == "of" or t.tag_ == "POS":
            break
        run.append(t.tag_)
    if all(tag in ("NNP", "NNPS") for tag in run):
        return True
    return run[0] in ("NNS", "CD") and all(tag in ("NNS", "CD", "JJ") for tag in run)


def _prepositional_object(doc, v: int) -> int | None:
    """End of the noun phrase after an opening preposition, when it has a single head (one noun
    or one name); None when it may have swallowed the subject ("In March Siemens", "In the
    first quarter sales") or is negative ("In no case")."""
    n = len(doc)

    def one(k: int) -> int | None:
        if k < n and doc[k].tag_ in ("DT", "PRP$", "PDT"):
            k += 1
        while k < n and doc[k].tag_ in ("JJ", "JJR", "JJS", "CD", "VBG", "VBN") and k + 1 < n \
                and doc[k + 1].tag_ in ("JJ", "JJR", "CD", "NN", "NNS", "NNP", "NNPS") \
                and not _YEAR.match(doc[k].text):  # "In 2019 Germany exported …"
            k += 1
        if k < n and doc[k].tag_ in ("NN", "NNS", "NNP", "NNPS", "CD"):
            k += 1
            if k < n and doc[k].tag_ in ("NN", "NNS", "NNP", "NNPS", "CD"):
                # a compound of two common nouns ("the labour office"), not a time noun and a
                # subject ("the first quarter sales", "March Siemens")
                if doc[k - 1].tag_ == "NN" and doc[k].tag_ == "NN" \
                        and doc[k - 1].lower_ not in _TIME_WORDS and not (k + 1 < n and doc[k + 1].tag_ in
                                                                       ("NN", "NNS", "NNP", "NNPS")):
                    return k + 1
                return None
            return k
        return None

    k = one(v)
    if k is not None and k + 1 < n and doc[k].lower_ == "of":
        k = one(k + 1)
    if k is None or any(t.lower_ in _NEGATIVE for t in doc[v:k]):
        return None
    return k


def _v2_match(ctx: Context, s: int, e: int, m: re.Match[str], classes, doc: list[_Tok]) -> Finding | None:
    n = len(doc)
    v = _token_at(doc, m.start("next"))
    spatial = False
    prep = ""
    if m.group("prep"):
        if any(w in _NEGATIVE for w in m.group("prep").lower().split()):
            return None
        prep = " ".join(m.group("prep").lower().split())
        k = _prepositional_object(doc, v)
        if k is None:
            return None
        # a place, not a time: "In the corner stood …", but "In 2020 stood …" is German
        spatial = not any(t.lower_ in _TIME_WORDS or t.tag_ == "CD" for t in doc[v:k]) and (
            prep in _SPATIAL_PREPS or prep in ("in", "on", "at"))
        v = k
    if v + 1 >= n:
        return None
    verb, subj = doc[v], doc[v + 1]
    low = verb.lower_
    if low in ("'s", "’s") or verb.is_punct:
        return None
    auxiliary = (low in _AUX_V2 and verb.tag_ in ("VBZ", "VBP", "VBD")) or \
        (low in _MODALS and verb.tag_ == "MD")
    if not auxiliary:
        tag = verb.tag_
        if tag == "NNS" and not m.group("prep") and subj.tag_ in ("DT", "PRP$", "NNP", "NNPS") \
                and _is_base_verb(low[:-1]):
            tag = "VBZ"  # "Moreover plans/NNS the group a capital increase"
        if tag == "VBN" and not _is_past_form(low):
            return None
        if tag not in ("VBD", "VBZ", "VBN") and not _is_simple_past(verb):
            return None  # VBP and VB may be imperatives: "Now imagine the consequences"
        lemma = _lemmas(ctx, s, e).get(verb.idx, low)
        forms = {lemma, low}
        if forms & classes["inversion"] or (spatial and forms & classes["locative"]):
            return None
        if prep in _SPATIAL_PREPS and spatial:
            return None  # "Behind the scenes worked a team of engineers": literary, but English
        if forms & classes["quotation"] and _QUOTE_MARKS.search(ctx.text, s, e):
            return None  # "“…,” said Müller"
        if m.group("time") and forms & classes["time-subject"]:
            return None
    elif m.group("time") and low in _AUX_V2 and subj.tag_ != "PRP" and not any(
            t.tag_ == "VBN" or (t.tag_ == "VBD" and _is_regular_past(t.lower_))
            for t in _until_punct(doc, v + 1)):
        # "Yesterday had the highest turnover": the time word may be the subject of "have"
        return None
    j = v + 1
    if subj.tag_ == "PRP":
        if subj.lower_ not in _NOMINATIVE or (subj.lower_ == "it" and not auxiliary):
            return None
        k = j + 1
    elif subj.tag_ in ("DT", "PRP$", "NNP", "NNPS", "NNS", "CD", "PDT") \
            and subj.lower_ not in ("that", "this", "all", "both", "each", "no", "neither", "there"):
        k = _simple_np(doc, j)
        if k == j or not _plausible_subject(doc, j, k):
            return None
    else:
        return None
    if auxiliary and verb.tag_ == "MD" and k - j >= 2 and doc[k - 1].tag_ in ("NN", "NNP") \
            and doc[k - 2].tag_ in ("NN", "NNS", "NNP") and _is_base_verb(doc[k - 1].text):
        k -= 1  # "will the chancellor travel": the tagger took the infinitive for a noun
    if k < n and doc[k].tag_ in ("VBD", "VBZ", "VBP", "MD") and not (
            auxiliary and (doc[k].tag_ == "VBD" and _is_regular_past(doc[k].lower_)
                           or doc[k].tag_ == "VBP" and verb.tag_ == "MD")):
        return None  # the opener's noun was a subject after all
    if k < n and not auxiliary and doc[k].tag_ in ("VB", "VBN") and not doc[k].lower_.endswith("ed"):
        return None
    if not auxiliary and subj.lower_ not in _NOMINATIVE:
        # "Also bought a new phone", "Then called the police": without a subject, the noun
        # phrase is the object. It is the subject when an object follows it ("Yesterday
        # announced the company a new strategy") or the verb takes no object ("In Berlin
        # demonstrated thousands of people").
        lemma = _lemmas(ctx, s, e).get(verb.idx, low)
        forms = {lemma, low}
        if _object_follows(doc, k):
            if not m.group("prep") and forms & classes["ditransitive"]:
                return None  # "Later told the police the whole story"
        elif not forms & classes["intransitive"]:
            return None
    if auxiliary and not any(t.tag_ in (("VBN", "VBD") if low in _AUX_V2 else ("VB", "VBP", "NN"))
                             for t in _until_punct(doc, k)):
        return None  # "Already have plans": no participle or infinitive follows
    last = doc[k - 1]
    subj_text = ctx.text[s + subj.idx:s + last.idx + len(last.text)]
    message = (f"German verb-second order: “{verb.text}” comes before its subject “{subj_text}”; "
               f"English puts the subject first")
    return ctx.flag(s + verb.idx, s + last.idx + len(last.text), message,
                    suggestion=f"{subj_text} {verb.text}")


RULES = (verb_final, verb_second)
