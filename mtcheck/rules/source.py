"""SR: source-aware checks — the German source beside its English translation, unit by unit.

These rules need bilingual input: a Document whose ``segments`` pair each unit's German source
with the range of its English target in the prose view. On a monolingual document (no segments)
every rule returns at once, so a monolingual run pays nothing for them; with segments each rule
walks them once, so the cost stays linear in the text.

Findings point at the target: the exact target text concerned (a wrong number, an altered name,
a literal idiom), or, when something is missing, the target sentence aligned with the source
sentence that has it (the whole target segment when the sentence counts differ).
"""
from __future__ import annotations

import gzip
import json
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from functools import cache, lru_cache
from importlib import resources

from ..document import Segment, count_words, iter_words
from ..finding import Category, Finding, Severity
from .base import Context, rule
from .segment import FUNCTION_WORDS, sentence_spans
from .wordlists import case_ratio, zipf

EXONYMS = "exonyms.tsv"
EXONYM_COLUMNS = ("german", "english", "kind")


# --------------------------------------------------------------------------- shared helpers

def bilingual_segments(ctx: Context) -> tuple[Segment, ...]:
    """The document's segments when its source is German (or of unknown language), else ()."""
    doc = ctx.doc
    if not doc.segments or doc.source_language not in (None, "de"):
        return ()
    return doc.segments


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


_DE_BOUNDARY = re.compile(r"[.!?…]+[\"“”„'’‘»«)\]]*(?=\s+[\"“”„'’‘‚»«(\[]*[A-ZÄÖÜ0-9])")
_DE_LAST_WORD = re.compile(r"([\w.]+)[.!?…]*[\"“”„'’‘»«)\]]*$")
_DE_ABBREVIATIONS = frozenset("""
abs abt allg bzgl bzw ca chr co dipl dr evtl fa ff ggf gr hl hr hrsg inkl jh jhd jr kap kath
max min mio mrd nr od prof rd s sog st std str tel tsd u usw vgl vs z.b u.a d.h o.ä u.ä v.a z.t
u.u i.d.r z.zt jan feb mär apr jun jul aug sep sept okt nov dez mo di mi do fr sa so
""".split())


def german_sentences(text: str) -> list[tuple[int, int]]:
    """Sentences of a German text as (start, end): a sentence ends at . ! ? before a capital or
    a digit, but not after an abbreviation ("z.B.", "Nr.") or a day number ("am 3. März")."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _DE_BOUNDARY.finditer(text):
        if text[m.start()] == "." and m.group(0).count(".") == 1:
            last = _DE_LAST_WORD.search(text, max(pos, m.start() - 15), m.start() + 1)
            word = last.group(1).lower().rstrip(".") if last else ""
            if word in _DE_ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
            if word.isdigit() and int(word) <= 31:
                continue  # an ordinal: "am 3. März", "der 2. Platz"
        a, b = _strip(text, pos, m.end())
        if a < b:
            out.append((a, b))
        pos = m.end()
    a, b = _strip(text, pos, len(text))
    if a < b:
        out.append((a, b))
    return out


def _target_span(ctx: Context, seg: Segment) -> tuple[int, int]:
    return _strip(ctx.text, seg.target.start, seg.target.end)


def _aligned_range(ctx: Context, seg: Segment, source_offset: int) -> tuple[int, int]:
    """Where to flag something the source has at ``source_offset`` and the target lacks: the
    target sentence of the same rank when source and target have as many sentences, else the
    whole target segment."""
    src_sentences = german_sentences(seg.source)
    if len(src_sentences) > 1:
        tgt_sentences = list(sentence_spans(ctx.text, seg.target.start, seg.target.end))
        if len(tgt_sentences) == len(src_sentences):
            for (_, end), target in zip(src_sentences, tgt_sentences):
                if source_offset < end:
                    return target
            return tgt_sentences[-1]
    return _target_span(ctx, seg)


def _quote_list(items: Iterable[str]) -> str:
    return ", ".join(f"“{i}”" for i in items)


# --------------------------------------------------------------------------- SR001 numbers

_SCALE_NAMES = {3: "thousand", 6: "million", 9: "billion", 12: "trillion", 15: "quadrillion"}
_DE_SCALES = {"tsd": 3, "tausend": 3, "mio": 6, "million": 6, "millionen": 6, "mrd": 9, "milliarde": 9,
              "milliarden": 9, "bio": 12, "billion": 12, "billionen": 12, "billiarde": 15, "billiarden": 15}
_EN_SCALES = {"thousand": 3, "million": 6, "mn": 6, "mln": 6, "billion": 9, "bn": 9, "bln": 9,
              "trillion": 12, "tn": 12}
_DE_MONTHS = {"januar": 1, "jänner": 1, "jan": 1, "februar": 2, "feber": 2, "feb": 2, "märz": 3, "mär": 3,
              "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8,
              "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11,
              "nov": 11, "dezember": 12, "dez": 12}
_EN_MONTHS = {"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
              "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
              "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
              "december": 12, "dec": 12}
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")
_DE_UNITS = {"eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8,
             "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14,
             "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
             "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60, "siebzig": 70,
             "achtzig": 80, "neunzig": 90, "hundert": 100, "tausend": 1000,
             "eineinhalb": 1.5, "anderthalb": 1.5, "zweieinhalb": 2.5, "dreieinhalb": 3.5}
_DE_ORDINALS = {"erst": 1, "zweit": 2, "dritt": 3, "viert": 4, "fünft": 5, "sechst": 6, "siebt": 7,
                "siebent": 7, "acht": 8, "neunt": 9, "zehnt": 10, "elft": 11, "zwölft": 12}
_EN_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
             "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
             "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
             "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
             "eighty": 80, "ninety": 90}
_EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
                "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12}


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_DE_MONTH_ABBREVIATIONS = ("jan", "feb", "mär", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dez")
_DE_MONTH_RE = r"(?:" + _alternation(m for m in _DE_MONTHS if m not in _DE_MONTH_ABBREVIATIONS) + \
    r")|(?:" + _alternation(_DE_MONTH_ABBREVIATIONS) + r")\."
_EN_MONTH_RE = _alternation(m.capitalize() for m in _EN_MONTHS)

# times first, then dates, then numbers, then number words: each pass skips text an earlier
# pass has taken ("21.30 Uhr" is a time, not the decimal 21.3)
_DE_TIME = re.compile(r"(?<![\d.,:])(\d{1,2})(?:[.:](\d{2}))?\s*Uhr\b")
_CLOCK = re.compile(r"(?<![\d.,:])(\d{1,2}): ?(\d{2})(?![\d:])")
_EN_TIME = re.compile(r"(?<![\d.,:])(\d{1,2})(?:[.:] ?(\d{2}))?\s*(a\.m\.|p\.m\.|a\.m|p\.m|am|pm|AM|PM|A\.M\.|"
                      r"P\.M\.|o'clock|o’clock|hrs|h|Uhr)(?![\w])")
_DE_DAY_MONTH = re.compile(r"(?<![\d.,])(\d{1,2})\.\s*(" + _DE_MONTH_RE + r")(?![\w])(?:\s+((?:1[6-9]|20)\d\d)(?!\d))?",
                           re.IGNORECASE)
_DE_NUMERIC_DATE = re.compile(r"(?<![\d.,])(\d{1,2})\.\s?(\d{1,2})\.(?:\s?((?:1[6-9]|20)\d\d|\d\d)(?![\d]))?")
_EN_MONTH_DAY = re.compile(r"\b(" + _EN_MONTH_RE + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?![\d\w])"
                           r"(?:,?\s+((?:1[6-9]|20)\d\d)(?!\d))?")
_EN_DAY_MONTH = re.compile(r"(?<![\d.,])(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?(" + _EN_MONTH_RE + r")\b\.?"
                           r"(?:,?\s+((?:1[6-9]|20)\d\d)(?!\d))?")
_EN_NUMERIC_DATE = re.compile(r"(?<![\d./])(\d{1,2})([./])(\d{1,2})\2((?:1[6-9]|20)\d\d|\d\d)(?![\d])")
_ISO_DATE = re.compile(r"(?<![\d-])((?:1[6-9]|20)\d\d)-(\d\d)-(\d\d)(?![\d])")
_NUMBER = re.compile(r"(?<!\d)(?<!\d[.,])(\d+(?:[.,]\d+)*)")
_DE_SCALE_AFTER = re.compile(r"[ \u00a0]*(?:(Tsd|Mio|Mrd|Bio)\.?|(Tausend|Millionen|Million|Milliarden|Milliarde|"
                             r"Billionen|Billion|Billiarden|Billiarde))(?![\w])")
_EN_SCALE_AFTER = re.compile(r"[ \u00a0]*(thousand|million|billion|trillion|mn|mln|bn|bln|tn)(?![\w])", re.IGNORECASE)
# German scale abbreviations that machine translation leaves in English ("2,4 Mrd. Euro"; LC006
# flags the abbreviation, the number itself is right)
_LEFT_GERMAN_SCALE = re.compile(r"[ \u00a0]*(Tsd|Mio|Mrd|Bio)\.?(?![\w])")
_EN_SCALE_ATTACHED = re.compile(r"(k|m|b)(?![\w])")
_GROUPED = re.compile(r"(?<!\d)(?<!\d[.,])\d{1,3}(?:(?:,? |[\u00a0\u202f\u2009])\d{3})+(?![\d])")
_VULGAR = {"½": Decimal("0.5"), "¼": Decimal("0.25"), "¾": Decimal("0.75")}
_FRACTION_AFTER = re.compile(r" ?(?:([½¼¾])|(1) ?[⁄/] ?([24]))(?![\d])")
_NFKC_FRACTION = re.compile(r"⁄([24])(?![\d])")
_YEAR_BEFORE = re.compile(r"((?:1[6-9]|20)\d\d)[/–-]$")
_DECADE = re.compile(r"(?:1[6-9]|20)(\d0)s(?![\w])")
_DE_WORD_NUMBER = re.compile(
    r"(?<![\w-])(?:(?:(ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun)und)?(zwanzig|dreißig|vierzig|fünfzig|"
    r"sechzig|siebzig|achtzig|neunzig)|(" + _alternation(u for u in _DE_UNITS if u not in
                                                             ("zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig",
                                                              "siebzig", "achtzig", "neunzig")) +
    r")|(eine?|einer|einem|einen)(?=\s+(?:Million|Milliarde|Billion)\b))(?![\w-])"
    r"(?:[ \u00a0]+(Tausend|Millionen|Million|Milliarden|Milliarde|Billionen|Billion))?(?![\w])",
    re.IGNORECASE)
_DE_ORDINAL_WORD = re.compile(r"(?<![\w-])(" + _alternation(_DE_ORDINALS) + r")(e|en|er|em|es)(?![\w-])",
                              re.IGNORECASE)
_EN_WORD_NUMBER = re.compile(
    r"(?<![\w-])(?:(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](one|two|three|four|five|six|"
    r"seven|eight|nine))?|(" + _alternation(u for u in _EN_UNITS if not u.endswith("ty")) +
    r")|(a|an)(?=\s+"
    r"(?:hundred|thousand|million|billion|trillion)\b))(?:\s+(hundred))?(?:\s+(thousand|million|billion|trillion))?"
    r"(?![\w-])", re.IGNORECASE)
_EN_ORDINAL_WORD = re.compile(r"(?<![\w-])(" + _alternation(_EN_ORDINALS) + r")(?![\w-])", re.IGNORECASE)
# words that stand for a number: "ein Dutzend" / "a dozen", "100-jähriges Bestehen" / "centenary"
_WORD_VALUES = {"dozen": 12, "dutzend": 12, "centennial": 100, "centenary": 100}
_VALUE_WORD = re.compile(r"(?<![\w-])(?:dozen|Dutzend|centennial|centenary)(?![\w-])", re.IGNORECASE)
_FRACTION_BEFORE = re.compile(r"(?:\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten)[ -])$", re.IGNORECASE)
_GERMAN_BILLION = frozenset({"bio", "billion", "billionen"})


@dataclass(frozen=True)
class Quantity:
    """A number, amount, date or time found in one side of a segment."""

    start: int
    end: int
    text: str
    keys: tuple  # readings: Decimal values, ("date", month, day) or ("time", hour % 12, minute); first is the usual one
    reading: str  # the first reading in English, for messages
    kind: str = "number"  # "number" | "date" | "time"
    mantissa: Decimal | None = None
    scale: int = 0  # power of ten of the scale word ("Mrd." 9)
    scale_word: str = ""
    spelled: bool = False  # a number word ("zwei"), not digits
    ordinal: bool = False  # a spelled ordinal ("zweite", "second"): it matches, but never pairs
    parts: tuple[Quantity, ...] = ()  # another reading as several numbers: "272 000", "(3,5)"


def _decimal(digits: str) -> Decimal | None:
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def _german_value(token: str) -> Decimal | None:
    """"1.000" = 1000, "2,4" = 2.4, "1.234,5" = 1234.5; "3.5" (not a German grouping) = 3.5."""
    if "," in token:
        whole, _, frac = token.rpartition(",")
        if "," in whole or not _grouped(whole):
            return None
        return _decimal(whole.replace(".", "") + "." + frac)
    if "." in token:
        if _grouped(token):
            return _decimal(token.replace(".", ""))
        return _decimal(token) if token.count(".") == 1 else None
    return _decimal(token)


def _grouped(token: str, sep: str = ".") -> bool:
    groups = token.split(sep)
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]) if len(groups) > 1 else True


def _english_values(token: str) -> list[Decimal]:
    """Readings of an English number: "1,500" = 1500, "2.4" = 2.4; German formats left by MT
    ("2,4", "1.000", "1.234,5") are read as German too."""
    out: list[Decimal | None] = []
    if "," in token and "." in token:
        if token.index(",") < token.index(".") and _grouped(token.split(".")[0], ","):
            out.append(_decimal(token.replace(",", "")) if token.count(".") == 1 else None)
        else:
            out.append(_german_value(token))
    elif "," in token:
        if _grouped(token, ","):
            out.append(_decimal(token.replace(",", "")))
        else:
            out.append(_german_value(token))
    elif "." in token:
        if token.count(".") == 1:
            out.append(_decimal(token))
        if _grouped(token):
            out.append(_decimal(token.replace(".", "")))
    else:
        out.append(_decimal(token))
    return [v for v in out if v is not None]


def _english_number(value: Decimal) -> str:
    """2.4E+9 -> "2.4 billion", 1000 -> "1,000", 0.50 -> "0.5"."""
    value = value.normalize()
    for power in (15, 12, 9, 6):
        if abs(value) >= Decimal(10) ** power:
            mantissa = (value / Decimal(10) ** power).normalize()
            return f"{_plain(mantissa)} {_SCALE_NAMES[power]}"
    return _plain(value)


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    whole, _, frac = text.partition(".")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")


def _number(start: int, text: str, values: list[Decimal], scale: int, scale_word: str,
            end: int, spelled: bool = False, ordinal: bool = False) -> Quantity | None:
    if not values:
        return None
    factor = Decimal(10) ** scale
    keys = tuple(dict.fromkeys((v * factor).normalize() for v in values))
    return Quantity(start, end, text[start:end], keys, _english_number(keys[0]), "number", values[0].normalize(),
                    scale, scale_word, spelled, ordinal)


def _grouped_number(m: re.Match, text: str) -> Quantity:
    """ "272 000" (or "272, 000" from a tokenizer): 272,000, or the numbers 272 and 0."""
    parts = tuple(_number(p.start(), text, [Decimal(p.group(0))], 0, "", p.end())
                  for p in re.finditer(r"\d+", m.group(0)))
    whole = _number(m.start(), text, [Decimal(re.sub(r"\D", "", m.group(0)))], 0, "", m.end())
    return replace(whole, parts=parts)


def _with_fraction(m: re.Match, text: str, value: Decimal) -> tuple[Decimal, int]:
    """The value with a fraction after it ("3½", "3 1/2") and where the number then ends."""
    token = m.group(1)
    nfkc = _NFKC_FRACTION.match(text, m.end())
    if nfkc and len(token) > 1 and token.endswith("1") and token.isdigit():
        # "31⁄2" is "3½" after NFKC normalisation (½ becomes 1, fraction slash, 2)
        return Decimal(token[:-1]) + 1 / Decimal(nfkc.group(1)), nfkc.end()
    f = _FRACTION_AFTER.match(text, m.end())
    if not f:
        return value, m.end()
    if f.group(1):
        return value + _VULGAR[f.group(1)], f.end()
    return value + Decimal(f.group(2)) / Decimal(f.group(3)), f.end()


def _time(start: int, end: int, text: str, hour: int, minute: int, more: Iterable[Decimal] = ()) -> Quantity | None:
    if hour > 24 or minute > 59:
        return None
    keys = (("time", hour % 12, minute), *more)
    return Quantity(start, end, text[start:end], keys, f"{hour:02d}:{minute:02d}", "time")


def _date(start: int, end: int, text: str, orders: Iterable[tuple[int, int]]) -> Quantity | None:
    keys = tuple(("date", month, day) for day, month in orders if 1 <= month <= 12 and 1 <= day <= 31)
    if not keys:
        return None
    # the bare day as a last reading: "5. bis 9. August" is "August 5 to 9"
    keys = (*keys, *dict.fromkeys(Decimal(key[2]) for key in keys))
    return Quantity(start, end, text[start:end], keys, f"{keys[0][2]} {_MONTH_NAMES[keys[0][1] - 1]}", "date")


def _date_end(m: re.Match, year_group: int, text: str) -> int:
    """Where a date ends without its year: the year is a quantity of its own."""
    end = m.start(year_group) if m.group(year_group) else m.end()
    while end > m.start() and text[end - 1] in " ,\u00a0":
        end -= 1
    return end


def _year(m: re.Match, group: int, text: str) -> Quantity | None:
    if not m.group(group):
        return None
    year = int(m.group(group))
    year = year + 2000 if year < 100 else year
    return Quantity(m.start(group), m.end(group), text[m.start(group):m.end(group)], (Decimal(year),), str(year))


class _Taken:
    """The quantities found so far in a text, and the characters they cover (a later, looser
    pattern must not read those again)."""

    def __init__(self, size: int) -> None:
        self._mask = bytearray(size)
        self.found: list[Quantity] = []

    def add(self, q: Quantity | None, *more: Quantity | None) -> None:
        """Record ``q`` (and ``more``) unless ``q`` is None."""
        if q is None:
            return
        for x in (q, *more):
            if x is not None:
                self.take(x.start, x.end)
                self.found.append(x)

    def free(self, start: int, end: int) -> bool:
        return not any(self._mask[start:end])

    def take(self, start: int, end: int) -> None:
        self._mask[start:end] = b"\x01" * (end - start)


def german_quantities(text: str) -> list[Quantity]:
    """Numbers, amounts, dates and times of a German text, read the German way."""
    taken = _Taken(len(text))
    add, out = taken.add, taken.found

    for m in _DE_TIME.finditer(text):
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        more = [Decimal(hour)] if m.group(2) is None else [Decimal(f"{hour}.{m.group(2)}")]
        add(_time(m.start(), m.end(), text, hour, minute, more))
    for m in _CLOCK.finditer(text):
        if taken.free(m.start(), m.end()):
            add(_time(m.start(), m.end(), text, int(m.group(1)), int(m.group(2))))
    for m in _DE_DAY_MONTH.finditer(text):
        if taken.free(m.start(), m.end()):
            month = _DE_MONTHS[m.group(2).lower().rstrip(".")]
            add(_date(m.start(), _date_end(m, 3, text), text, [(int(m.group(1)), month)]), _year(m, 3, text))
    for m in _DE_NUMERIC_DATE.finditer(text):
        if taken.free(m.start(), m.end()):
            add(_date(m.start(), _date_end(m, 3, text), text, [(int(m.group(1)), int(m.group(2)))]),
                _year(m, 3, text))
    for m in _GROUPED.finditer(text):
        if taken.free(m.start(), m.end()):
            add(_grouped_number(m, text))
    for m in _NUMBER.finditer(text):
        if not taken.free(m.start(), m.end()):
            continue
        value = _german_value(m.group(1))
        scale = _DE_SCALE_AFTER.match(text, m.end())
        word = (scale.group(1) or scale.group(2)) if scale else ""
        end = scale.end() if scale else m.end()
        if value is None:
            out.append(Quantity(m.start(), m.end(), m.group(1), (m.group(1),), m.group(1)))
            continue
        value, end = _with_fraction(m, text, value) if not scale else (value, end)
        values = [value]
        century = _YEAR_BEFORE.search(text, max(0, m.start() - 5), m.start())
        if century and len(m.group(1)) == 2:
            values.append(Decimal(century.group(1)[:2] + m.group(1)))  # "1968/69" is 1968 to 1969
        add(_number(m.start(), text, values, _DE_SCALES.get(word.lower(), 0), word, end))
    for m in _DE_WORD_NUMBER.finditer(text):
        if not taken.free(m.start(), m.end()):
            continue
        if m.group(0)[:1].isupper() and not _SENTENCE_OPENING.search(text, max(0, m.start() - 6), m.start()):
            continue  # mid-sentence capitals are nouns and names: "außer Acht", "die Elf", "Sechzig" (TSV 1860)
        if m.group(2):
            value = Decimal(_DE_UNITS[m.group(2).lower()] + (_DE_UNITS[m.group(1).lower()] if m.group(1) else 0))
        elif m.group(3):
            value = Decimal(str(_DE_UNITS[m.group(3).lower()]))
        else:
            value = Decimal(1)
        word = m.group(5) or ""
        add(_number(m.start(), text, [value], _DE_SCALES.get(word.lower(), 0), word, m.end(), True))
    for m in _VALUE_WORD.finditer(text):
        if taken.free(m.start(), m.end()):
            add(_number(m.start(), text, [Decimal(_WORD_VALUES[m.group(0).lower()])], 0, "", m.end(), True))
    for m in _DE_ORDINAL_WORD.finditer(text):
        if taken.free(m.start(), m.end()) and not m.group(0)[:1].isupper():
            add(_number(m.start(), text, [Decimal(_DE_ORDINALS[m.group(1).lower()])], 0, "", m.end(), True, True))
    out.sort(key=lambda q: q.start)
    return out


def english_quantities(text: str) -> list[Quantity]:
    """Numbers, amounts, dates and times of an English text (German formats left in it read
    either way: "2,4 billion" is 2.4 billion)."""
    taken = _Taken(len(text))
    add, out = taken.add, taken.found

    for m in _EN_TIME.finditer(text):
        hour, minute, suffix = int(m.group(1)), int(m.group(2) or 0), m.group(3).lower().replace(".", "")
        more = [Decimal(hour)]
        if suffix == "pm" and hour < 12:
            more.append(Decimal(hour + 12))
        if m.group(2):
            more = [Decimal(f"{hour}.{m.group(2)}")]
        add(_time(m.start(), m.end(), text, hour + (12 if suffix == "pm" and hour < 12 else 0), minute, more))
    for m in _CLOCK.finditer(text):
        if taken.free(m.start(), m.end()):
            add(_time(m.start(), m.end(), text, int(m.group(1)), int(m.group(2))))
    for m in _ISO_DATE.finditer(text):
        if taken.free(m.start(), m.end()):
            add(_date(m.start(), m.end(), text, [(int(m.group(3)), int(m.group(2)))]), _year(m, 1, text))
    for m in _EN_MONTH_DAY.finditer(text):
        if taken.free(m.start(), m.end()):
            month = _EN_MONTHS[m.group(1).lower()]
            add(_date(m.start(), _date_end(m, 3, text), text, [(int(m.group(2)), month)]), _year(m, 3, text))
    for m in _EN_DAY_MONTH.finditer(text):
        if taken.free(m.start(), m.end()):
            month = _EN_MONTHS[m.group(2).lower()]
            add(_date(m.start(), _date_end(m, 3, text), text, [(int(m.group(1)), month)]), _year(m, 3, text))
    for m in _EN_NUMERIC_DATE.finditer(text):
        if taken.free(m.start(), m.end()):
            a, b = int(m.group(1)), int(m.group(3))
            add(_date(m.start(), m.end(), text, [(a, b), (b, a)]), _year(m, 4, text))
    for m in _GROUPED.finditer(text):
        if taken.free(m.start(), m.end()):
            add(_grouped_number(m, text))
    for m in _NUMBER.finditer(text):
        if not taken.free(m.start(), m.end()):
            continue
        token = m.group(1)
        values = _english_values(token)
        if re.fullmatch(r"\d+(?:,\d{1,2})+", token):
            # "(3,5)" may be the list "3, 5" or a German decimal: both readings
            parts = tuple(_number(m.start() + p.start(), text, [Decimal(p.group(0))], 0, "", m.start() + p.end())
                          for p in re.finditer(r"\d+", token))
            if values and not _EN_SCALE_AFTER.match(text, m.end()) and not _LEFT_GERMAN_SCALE.match(text, m.end()):
                add(replace(_number(m.start(), text, values, 0, "", m.end()), parts=parts))
                continue
        end, scale, word = m.end(), 0, ""
        after = _EN_SCALE_AFTER.match(text, m.end())
        left_german = _LEFT_GERMAN_SCALE.match(text, m.end())
        attached = _EN_SCALE_ATTACHED.match(text, m.end())
        decade = _DECADE.match(text, m.start())
        if after:
            end, word = after.end(), after.group(1)
            scale = _EN_SCALES[word.lower()]
        elif left_german:
            end, word = left_german.end(), left_german.group(1)
            scale = _DE_SCALES[word.lower()]
        elif attached and values:
            # "$5m" is five million, "100m" may be metres: both readings
            end, word = attached.end(), attached.group(1)
            power = {"k": 3, "m": 6, "b": 9}[word]
            values = [*values, *(v * Decimal(10) ** -power for v in values)]
            scale = power
        elif decade and values:
            values = [*values, Decimal(decade.group(1))]  # "the 1920s" for "die 20er Jahre"
        elif len(values) == 1:
            value, end = _with_fraction(m, text, values[0])
            values = [value] if value == values[0] else [value, values[0]]
        if not values:
            out.append(Quantity(m.start(), m.end(), m.group(1), (m.group(1),), m.group(1)))
            continue
        add(_number(m.start(), text, values, scale, word, end))
    for m in _EN_WORD_NUMBER.finditer(text):
        if not taken.free(m.start(), m.end()):
            continue
        if m.group(1):
            value = _EN_UNITS[m.group(1).lower()] + (_EN_UNITS[m.group(2).lower()] if m.group(2) else 0)
        elif m.group(3):
            value = _EN_UNITS[m.group(3).lower()]
        else:
            value = 1
        if m.group(5):
            value *= 100
        word = m.group(6) or ""
        add(_number(m.start(), text, [Decimal(value)], _EN_SCALES.get(word.lower(), 0), word, m.end(),
                    True))
    for m in _VALUE_WORD.finditer(text):
        if taken.free(m.start(), m.end()):
            add(_number(m.start(), text, [Decimal(_WORD_VALUES[m.group(0).lower()])], 0, "", m.end(), True))
    for m in _EN_ORDINAL_WORD.finditer(text):
        fraction = _FRACTION_BEFORE.search(text, max(0, m.start() - 8), m.start()) and \
            text.startswith(" of", m.end())  # "a third of", "one fifth of"
        if taken.free(m.start(), m.end()) and not fraction:
            add(_number(m.start(), text, [Decimal(_EN_ORDINALS[m.group(1).lower()])], 0, "", m.end(),
                        True, True))
    out.sort(key=lambda q: q.start)
    return out


def match_quantities(source: list[Quantity], target: list[Quantity]) -> tuple[list[Quantity], list[Quantity]]:
    """Source quantities the target lacks and target quantities the source lacks, compared as
    multisets of values: first on their usual readings, then on any reading, then with the
    target's unmatched numbers read as several ("272 000" as 272 and 0, "(3,5)" as 3 and 5)."""
    missing, extra = _match(source, target)
    if missing and any(t.parts for t in extra):
        missing, extra = _match(missing, [p for t in extra for p in (t.parts or (t,))])
    return missing, extra


def _match(source: list[Quantity], target: list[Quantity]) -> tuple[list[Quantity], list[Quantity]]:
    used = [False] * len(target)
    by_key: dict = {}
    for j, t in enumerate(target):
        by_key.setdefault(t.keys[0], []).append(j)
    left: list[Quantity] = []
    for s in source:
        for j in by_key.get(s.keys[0], ()):
            if not used[j]:
                used[j] = True
                break
        else:
            left.append(s)
    missing: list[Quantity] = []
    for s in left:
        keys = set(s.keys)
        for j, t in enumerate(target):
            if not used[j] and keys.intersection(t.keys):
                used[j] = True
                break
        else:
            missing.append(s)
    return missing, [t for j, t in enumerate(target) if not used[j]]


@rule("SR001", "number-mismatch", Category.MISTRANSLATION, Severity.MAJOR)
def number_mismatch(ctx: Context) -> Iterator[Finding]:
    """A number, amount, percentage, date or time of the source that the translation lacks or changes.

    ## What it flags
    Both sides are read into values, German formats the German way ("2,4 Mrd. Euro" is
    2.4 billion, "1.000" is 1,000, "15.03.2025" is 15 March 2025, "21.30 Uhr" is 9:30 p.m.,
    "zwei" is 2) and English ones the English way, and compared as multisets. A target number
    that stands where a different source number stood is flagged with both values; the German
    "Billion" (a trillion) translated as "billion" gets its own message. A digit-written source
    number the translation lacks altogether is reported on the aligned target sentence. Number
    words count only when they pair with a different number: "zwei" rendered as "both" passes.

    ## Why it matters
    A wrong figure is a factual error that fluent English hides: no reader of the English alone
    can see that "2.4 billion" should be "2.4 trillion" or that a date moved by a day.

    ## Example
    Source: Die Staatsschulden stiegen auf 2,4 Billionen Euro.
    Flagged: National debt rose to 2.4 billion euros.
    Use instead: National debt rose to 2.4 trillion euros.

    ## Fix safety
    No fix: which side is right, and how the figure should read, needs a human.

    ## Data
    Scale words (Mio., Mrd., Milliarde, Billion; million, bn, trillion), month names, number words
    up to ninety and ordinals up to twelfth, German and English, are in the rule's code.
    """
    for seg in bilingual_segments(ctx):
        t_start, t_end = seg.target.start, seg.target.end
        target = ctx.text[t_start:t_end]
        source_qs = german_quantities(seg.source)
        target_qs = english_quantities(target)
        if not source_qs and not target_qs:
            continue
        missing, extra = match_quantities(source_qs, target_qs)
        if not missing:
            continue
        missing, extra = list(missing), list(extra)
        # a different scale on the same figure: Billion read as billion, Mio. as billion
        for s in list(missing):
            for t in extra:
                if s.kind == t.kind == "number" and s.mantissa is not None and s.mantissa == t.mantissa \
                        and s.scale != t.scale and max(s.scale, t.scale) >= 6:
                    missing.remove(s)
                    extra.remove(t)
                    yield _scale_finding(ctx, t_start, s, t)
                    break
        # a different figure where the source had one: pair them in order of appearance
        digit_missing = [s for s in missing if not s.spelled]
        candidates = [t for t in extra if not t.spelled]
        if len(missing) == 1 and len(extra) == 1 and _pairable(missing[0], extra[0]):
            candidates = extra  # one number each way: "zwei" rendered as "three"
            digit_missing = missing
        for s in list(digit_missing):
            t = next((t for t in candidates if t.kind == s.kind), None)
            if t is None:
                continue
            candidates.remove(t)
            missing.remove(s)
            yield ctx.flag(t_start + t.start, t_start + t.end,
                           f"the source has “{s.text}” ({s.reading}); the translation has “{t.text}” ({t.reading})",
                           suggestion=s.reading)
        by_range: dict[tuple[int, int], list[Quantity]] = {}
        for s in missing:
            if not s.spelled:
                by_range.setdefault(_aligned_range(ctx, seg, s.start), []).append(s)
        for (a, b), items in by_range.items():
            names = ", ".join(f"“{s.text}” ({s.reading})" if s.text != s.reading else f"“{s.text}”" for s in items)
            yield ctx.flag(a, b, f"missing from the translation: {names} of the source")


def _pairable(s: Quantity, t: Quantity) -> bool:
    """Whether a lone source and target number may be the same figure mistranslated: a number
    word pairs only with a small number, and "one" (often a pronoun) with none."""
    if (t.spelled and t.keys[0] == 1) or s.ordinal or t.ordinal:
        return False
    if s.spelled or t.spelled:
        return t.kind == "number" and isinstance(t.keys[0], Decimal) and t.keys[0] < 1000
    return True


def _scale_finding(ctx: Context, base: int, s: Quantity, t: Quantity) -> Finding:
    if s.scale_word.lower().rstrip(".") in _GERMAN_BILLION and t.scale == 9:
        message = (f"German “{s.scale_word}” is an English trillion: the source's “{s.text}” is {s.reading}, "
                   f"not {t.reading}")
    else:
        message = f"the source has “{s.text}” ({s.reading}); the translation has “{t.text}” ({t.reading})"
    name = _SCALE_NAMES.get(s.scale)
    suggestion = s.reading
    if name and t.scale_word and t.text.endswith(t.scale_word):
        suggestion = t.text[:len(t.text) - len(t.scale_word)].rstrip() + " " + name  # "2.4 billion" -> "2.4 trillion"
    return ctx.flag(base + t.start, base + t.end, message, suggestion=suggestion, severity=Severity.CRITICAL)


# --------------------------------------------------------------------------- SR002 untranslated

def _more_german_than_english(word: str) -> bool:
    """More German than English by word frequency (wordfreq), or unknown to both and lowercase
    (a German compound or inflection no list has)."""
    lower = word.lower()
    de, en = zipf(lower, "de"), zipf(lower, "en")
    if de == 0 and en == 0:
        return word[:1].islower() and len(word) >= 4
    return de >= 2.0 and de - en >= 1.0


def _is_name_like(word: str) -> bool:
    """A capitalised word English knows (a name, or a word both languages share), or one no
    list knows (a rare name): not evidence of German."""
    if not word[:1].isupper():
        return False
    en = zipf(word.lower(), "en")
    return en >= 2.5 or (en == 0 and zipf(word.lower(), "de") == 0)


@rule("SR002", "untranslated-segment", Category.UNTRANSLATED, Severity.CRITICAL)
def untranslated_segment(ctx: Context) -> Iterator[Finding]:
    """A target that copies its German source, wholly or largely, or a German fragment copied into it.

    ## What it flags
    A target segment equal to its source, or one in which more than half of the words (names and
    numbers aside) are German words of its source, with at least two such words (critical); and
    a run of three or more words copied from the source in the same order, at least two of them
    German and one of those lowercase, inside an otherwise English target (major). A word counts
    as German when wordfreq finds it clearly more frequent in German than in English; names and
    words the languages share ("Hand", "Team", "in") never count. Runs that are names pass:
    capitalised words with particles ("Florian von Brunn") or a place such as "Kirchheim unter
    Teck" (capitalised at both ends, one lowercase word).

    ## Why it matters
    Engines pass text through untranslated when it confuses them (long compounds, headlines,
    quotations), and a reader of the English cannot read it.

    ## Example
    Source: Die Bundesregierung plant neue Maßnahmen.
    Flagged: The federal government plant neue Maßnahmen.
    Use instead: The federal government is planning new measures.

    ## Fix safety
    No fix: the text needs translating.

    ## Data
    Word frequencies from wordfreq (German and English lists).
    """
    for seg in bilingual_segments(ctx):
        a, b = _target_span(ctx, seg)
        target = ctx.text[a:b]
        if not target or not seg.source.strip():
            continue
        source_words = [m.group(0) for m in iter_words(seg.source)]
        source_set = {w.casefold() for w in source_words}
        words = [(a + m.start(), a + m.end(), m.group(0)) for m in iter_words(target)]
        judged = german = 0
        copied: list[bool] = []
        for _, _, w in words:
            is_copied = False
            if not w[0].isdigit() and not _is_name_like(w):
                judged += 1
                is_copied = w.casefold() in source_set and _more_german_than_english(w)
                german += is_copied
            copied.append(is_copied)
        same = " ".join(target.split()).casefold() == " ".join(seg.source.split()).casefold()
        if (same and german >= 1) or (german >= 2 and german * 2 > judged):
            what = "is the source, untranslated" if same else \
                f"copies the source: {german} of its {judged} words are German words of the source"
            yield ctx.flag(a, b, f"the translation {what}")
            continue
        yield from _copied_fragments(ctx, source_words, words, copied)


_NAME_PARTICLES = frozenset({"von", "vom", "zu", "zum", "zur", "der", "den", "dem", "des", "und", "am", "im", "an"})


def _copied_fragments(ctx: Context, source_words: list[str], words: list[tuple[int, int, str]],
                      copied: list[bool]) -> Iterator[Finding]:
    lowered = [w.casefold() for w in source_words]
    trigrams = {tuple(lowered[i:i + 3]) for i in range(len(lowered) - 2)}
    target = [w.casefold() for _, _, w in words]
    i, n = 0, len(words)
    while i + 2 < n:
        if tuple(target[i:i + 3]) not in trigrams:
            i += 1
            continue
        j = i + 3
        while j < n and tuple(target[j - 2:j + 1]) in trigrams:
            j += 1
        run = words[i:j]
        german = sum(copied[i:j])
        # a German fragment has lowercase German words; a name has at most particles ("von Brunn")
        lowercase = sum(1 for (_, _, w), c in zip(run, copied[i:j]) if c and w.islower() and w not in _NAME_PARTICLES)
        named = run[0][2][0].isupper() and run[-1][2][0].isupper() and sum(c and w.islower() for (_, _, w), c in
                                                                           zip(run, copied[i:j])) < 2
        if german >= 2 and german * 2 >= len(run) and lowercase and not named:  # "Kirchheim unter Teck" is a name
            fragment = ctx.text[run[0][0]:run[-1][1]]
            yield ctx.flag(run[0][0], run[-1][1], f"German copied from the source: “{fragment}”",
                           severity=Severity.MAJOR)
        i = j


# --------------------------------------------------------------------------- SR003 entities

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"“”„]+", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HASHTAG = re.compile(r"(?<![\w&#])#\w*[^\W\d_]\w*")
_HANDLE = re.compile(r"(?<![\w@.])@\w{2,}")
_PLACEHOLDER = re.compile(r"\{\{\s*[\w.]+\s*\}\}|\$\{\w+\}|\{\w*\}|%\(\w+\)[sdifr]|%\d+\$[sdif]|(?<![\w%])%[sdif](?!\w)")
_TOKEN_KINDS = (("URL", _URL), ("e-mail address", _EMAIL), ("placeholder", _PLACEHOLDER), ("hashtag", _HASHTAG),
                ("handle", _HANDLE))
_TRAILING = ".,;:!?)]}'’\"”»"
_NAME_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SENTENCE_OPENING = re.compile(r"(?:^|[.!?:…]\s+|\n)[\"“”„'‚‘»«(\[\-–—\s]*$")


@dataclass(frozen=True)
class Exonym:
    german: str
    english: tuple[str, ...]
    kind: str


@cache
def load_exonyms() -> dict[str, Exonym]:
    """German name -> its English forms (`data/exonyms.tsv`)."""
    from . import data_path

    lines = data_path(EXONYMS).read_text(encoding="utf-8").splitlines()
    assert tuple(lines[1].split("\t")) == EXONYM_COLUMNS, lines[1]
    out = {}
    for line in lines[2:]:
        german, english, kind = line.split("\t")
        out[german] = Exonym(german, tuple(e.strip() for e in english.split(" | ")), kind)
    return out


def _token_items(text: str) -> list[tuple[str, int, int, str]]:
    """(kind, start, end, text) of the URLs, addresses, placeholders, hashtags and handles."""
    out = []
    taken = _Taken(len(text))
    for kind, pattern in _TOKEN_KINDS:
        for m in pattern.finditer(text):
            end = m.end()
            if kind == "URL":
                while end > m.start() and text[end - 1] in _TRAILING:
                    end -= 1
            if taken.free(m.start(), end):
                taken.take(m.start(), end)
                out.append((kind, m.start(), end, text[m.start():end]))
    return out


def _token_key(kind: str, text: str) -> str:
    text = text.casefold()
    if kind == "URL":
        text = re.sub(r"^https?://", "", text).removeprefix("www.").rstrip("/")
    return text


# Capitalised German words that pass for names by word frequency but are common nouns that
# translations render freely: months, weekdays, and a few nouns English corpora know as names.
_NOT_NAMES = frozenset({
    "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November",
    "Dezember", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonnabend", "Sonntag",
    "Corona", "Coronavirus", "Covid", "Liga", "Marine", "Euro", "Euros", "Dollar", "Cent",
})
_UMLAUTS = (("au", "äu"), ("a", "ä"), ("o", "ö"), ("u", "ü"))


def is_german_common_word(word: str) -> bool:
    """Whether ``word`` is a German common word: the German lemma table inflects it as a noun
    ("Hof": Höfe, Höfen; "Richter": Richtern; names take a genitive -s at most), lists it in
    lowercase ("Allen" opening a clause, "Ernst", "Klein"), or reads it as a form of such a noun
    ("Romans", of "Roman")."""
    table = german_lemma_table()
    lower = word.lower()
    if lower in table or lower in _german_lowercase_lemmas():
        return True
    lemma = table.get(word)
    return _inflects_as_noun(word) or (lemma is not None and lemma != word and _inflects_as_noun(lemma))


@cache
def _german_lowercase_lemmas() -> frozenset[str]:
    return frozenset(v for v in german_lemma_table().values() if v[:1].islower())


def _inflects_as_noun(word: str) -> bool:
    table = german_lemma_table()
    forms = [word + ending for ending in ("e", "en", "n", "er", "es", "ern", "ens", "nen")]
    for plain, umlaut in _UMLAUTS:
        i = word.rfind(plain, 1)
        if i > 0:
            forms += [word[:i] + umlaut + word[i + len(plain):] + ending for ending in ("e", "er", "en", "ern")]
            break
    return any(table.get(form) == word for form in forms)


@lru_cache(maxsize=1 << 14)
def is_name(word: str) -> bool:
    """A German word that is clearly a name English keeps: known to English (wordfreq), not much
    more frequent in German, not an English common noun ("Team", "Hand") and not a German
    common word ("Hof", "Richter", "Ernst")."""
    if len(word) < 2 or word in _NOT_NAMES or not word[0].isupper():
        return False
    lower = word.lower()
    en, de = zipf(lower, "en"), zipf(lower, "de")
    if any(c.isupper() for c in word[1:]) and any(c.islower() for c in word):
        return en >= 1.0  # internal capitals English knows: "OpenAI", "iPhone", "YouTube"
    if word.isupper():
        return len(word) >= 3 and en >= 3.0 and de - en < 2.0  # acronyms English uses: "NATO", "BMW"
    ratio = case_ratio(lower)
    if ratio is None:  # no capitalisation evidence: English must know the word about as well as German
        known = en >= 3.0 and de - en < 1.5
    else:  # English writes it capitalised at least as often as not
        known = en >= 2.8 and de - en < 2.0 and ratio >= 0.0
    return known and not is_german_common_word(word)


_NEXT_NAME = re.compile(r"[ \u00a0]+([A-ZÄÖÜ][^\W\d_]+)")


def _surname_kept(source: str, end: int, target: str, folded: str) -> bool:
    """Whether the capitalised word right after a name in the source (its surname) is in the
    target."""
    m = _NEXT_NAME.match(source, end)
    return m is not None and _has_form(target, folded, m.group(1))


def _source_names(source: str) -> list[tuple[int, str, tuple[str, ...]]]:
    """(offset, name, accepted English forms) of the names in a German source, each once."""
    exonyms = load_exonyms()
    seen: set[str] = set()
    out = []
    for m in _NAME_WORD.finditer(source):
        if not m.group(0)[0].isupper() or _SENTENCE_OPENING.search(source, max(0, m.start() - 6), m.start()):
            continue
        word = m.group(0).rstrip("’'")
        if "-" in word and word not in exonyms:
            continue  # compounds are rebuilt in English: "Corona-Saison" is "the season"
        name, forms = word, _name_forms(word, exonyms)
        if not forms and word.endswith("s") and not is_german_common_word(word):  # genitive: "Merkels", "Bayerns"
            name, forms = word[:-1], _name_forms(word[:-1], exonyms)
        if forms and name not in seen:
            seen.add(name)
            out.append((m.start(), name, forms))
    return out


def _name_forms(word: str, exonyms: dict[str, Exonym]) -> tuple[str, ...]:
    if word in exonyms:
        return (word, *exonyms[word].english)
    return (word,) if is_name(word) else ()


def fold(text: str) -> str:
    """Casefolded, without accents: "São Paulo" and "Sao Paulo" are one name."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _has_form(target: str, target_folded: str, form: str) -> bool:
    return _form_pattern(form).search(target if form.isupper() else target_folded) is not None


@lru_cache(maxsize=1 << 14)
def _form_pattern(form: str) -> re.Pattern[str]:
    """An acronym as a whole word, in its case; a name at the start of a word ("Euro" in
    "euros", "Merkel" in "Merkel's"), casefolded and without accents."""
    if form.isupper():
        return re.compile(r"(?<!\w)" + re.escape(form) + r"(?![^\W\d_])")
    return re.compile(r"(?<!\w)" + re.escape(fold(form)))


def _document_words(ctx: Context) -> list[str]:
    """The folded words of the whole target, sorted, for prefix look-ups by bisection."""
    return sorted(set(re.findall(r"\w+", fold(ctx.text))))


def _in_document(ctx: Context, form: str) -> bool:
    """Whether a word of the target starts like ``form`` (its first word, for "North Sea")."""
    words = ctx.shared(_document_words)
    first = fold(form).split()[0] if form.strip() else ""
    i = bisect_left(words, first)
    return bool(first) and i < len(words) and words[i].startswith(first)


@rule("SR003", "entity-mismatch", Category.MISTRANSLATION, Severity.MAJOR, data=(EXONYMS, "case_ratios.tsv"))
def entity_mismatch(ctx: Context) -> Iterator[Finding]:
    """A URL, e-mail address, placeholder, hashtag, handle or name of the source that the translation lacks or alters.

    ## What it flags
    URLs, e-mail addresses, format placeholders ("{0}", "%s", "%(name)s", "{{user}}"), hashtags
    and @handles of the source that are not in the target: the target token of the same kind that
    stands in their place is flagged as altered, else the aligned target sentence as missing them.
    Names are checked too, conservatively: a capitalised word of the source (not opening a
    sentence, not part of a hyphenated compound) that English knows about as often as German
    does, that is neither an English common noun ("Team") nor a German one ("Hof", "Richter":
    the German lemma table inflects them), such as "Zuckerberg", "Siemens" or "Merkel", or a word
    with internal capitals ("OpenAI"). A target word close to the missing name ("Zuckerburg") is
    flagged as altered. A name the target lacks altogether is reported (minor) only when the
    whole translation never uses it: elsewhere a pronoun may stand for it. German place names
    that English writes differently (München/Munich, Köln/Cologne) are accepted in either form,
    accents aside (São Paulo/Sao Paulo), and so are compounds written apart (Rockstar/rock star).

    ## Why it matters
    A broken link, a lost placeholder or a misspelled name is a defect a reader (or the software
    showing the string) trips over, and nothing in the English alone shows that it was altered.

    ## Example
    Source: Mehr unter https://example.com/de/preise oder bei Zuckerberg.
    Flagged: More at https://example.com/en/prices or from Zuckerburg.
    Use instead: More at https://example.com/de/preise or from Zuckerberg.

    ## Fix safety
    No fix: the altered token may be deliberate (a localised URL).

    ## Data
    `exonyms.tsv`: German names of countries, regions, cities and institutions with their English
    forms. Word frequencies from wordfreq; English capitalisation odds from `case_ratios.tsv`.
    """
    for seg in bilingual_segments(ctx):
        t_start = seg.target.start
        target = ctx.text[t_start:seg.target.end]
        if not target.strip():
            continue
        yield from _token_mismatches(ctx, seg, t_start, target)
        yield from _name_mismatches(ctx, seg, t_start, target)


def _token_mismatches(ctx: Context, seg: Segment, t_start: int, target: str) -> Iterator[Finding]:
    source_items = _token_items(seg.source)
    if not source_items:
        return
    target_items = _token_items(target)
    target_keys = [_token_key(k, t) for k, _, _, t in target_items]
    source_keys = {_token_key(k, t) for k, _, _, t in source_items}
    extra = [item for item, key in zip(target_items, target_keys) if key not in source_keys]
    missing: dict[tuple[int, int], list[str]] = {}
    remaining = list(target_keys)
    for kind, start, _, text in source_items:
        key = _token_key(kind, text)
        if key in remaining:
            remaining.remove(key)
            continue
        altered = next((item for item in extra if item[0] == kind), None)
        if altered is not None:
            extra.remove(altered)
            yield ctx.flag(t_start + altered[1], t_start + altered[2],
                           f"{kind} differs from the source's “{text}”", suggestion=text)
        else:
            missing.setdefault(_aligned_range(ctx, seg, start), []).append(f"{kind} “{text}”")
    for (a, b), names in missing.items():
        yield ctx.flag(a, b, "missing from the translation: the source's " + ", ".join(names))


def _name_mismatches(ctx: Context, seg: Segment, t_start: int, target: str) -> Iterator[Finding]:
    names = _source_names(seg.source)
    if not names:
        return
    folded = fold(target)
    joined = re.sub(r"[\s-]+", "", folded)  # "Rockstar" is "rock star"
    target_words = None
    missing: dict[tuple[int, int], list[str]] = {}
    for offset, name, forms in names:
        if any(_has_form(target, folded, form) for form in forms) or fold(name) in joined:
            continue
        if target_words is None:
            source_words = {w.casefold() for w in _NAME_WORD.findall(seg.source)}
            target_words = [m for m in _NAME_WORD.finditer(target)
                            if m.group(0)[0].isupper() and m.group(0).casefold() not in source_words]
        close = next((m for m in target_words if len(name) >= 4 and
                      SequenceMatcher(None, name.casefold(), m.group(0).casefold()).ratio() >= 0.8), None)
        if close is not None:
            yield ctx.flag(t_start + close.start(), t_start + close.end(),
                           f"name differs from the source's “{name}”", suggestion=name)
        elif _surname_kept(seg.source, offset + len(name), target, folded):
            continue  # a first name left out: "US-Präsident Donald Trump" -> "US President Trump"
        elif not any(_in_document(ctx, form) for form in forms):
            # a name the translation uses elsewhere was not lost: a pronoun may stand for it here
            missing.setdefault(_aligned_range(ctx, seg, offset), []).append(name)
    for (a, b), items in missing.items():
        what = "name" if len(items) == 1 else "names"
        yield ctx.flag(a, b, f"missing from the translation: the source's {what} {_quote_list(items)}",
                       severity=Severity.MINOR)


# --------------------------------------------------------------------------- SR004 length

# de->en word ratio (target words / source words) of newstest2021 reference A, source >= 8 words:
# min 0.556, 1st percentile 0.786, 99th 1.545, max 2.0 (see the docstring's Data section)
MIN_SOURCE_WORDS = 8
SHORT_RATIO = 0.5
LONG_RATIO = 2.2
LONG_EXTRA_WORDS = 12
SENTENCE_LOSS_RATIO = 0.7


@rule("SR004", "length-mismatch", Category.OMISSION, Severity.MAJOR)
def length_mismatch(ctx: Context) -> Iterator[Finding]:
    """A translation far shorter or longer than its source, or with source sentences missing.

    ## What it flags
    A target segment with fewer than half as many words as a source of eight or more words
    (omission); one with more than 2.2 times as many words and at least 12 more (addition,
    reported in the category `accuracy/addition`); and one with fewer sentences than its source
    of two or more sentences while having under 70% of its words (a sentence left out rather than
    two sentences joined). The whole target segment is flagged.

    ## Why it matters
    Engines drop clauses and whole sentences of long segments, and occasionally add text of their
    own; fluent English hides both.

    ## Example
    Source: Der Umsatz stieg um vier Prozent. Der Gewinn sank jedoch deutlich, weil die Kosten stiegen.
    Flagged: Sales rose by four percent.
    Use instead: Sales rose by four percent. Profit, however, fell sharply because costs rose.

    ## Fix safety
    No fix: the missing or added text needs a translator.

    ## Data
    The thresholds come from the word ratio (target words / source words) of the human reference
    A of WMT21 newstest2021 de-en against its source, line by line, for sources of eight or more
    words (865 lines): minimum 0.556, 1st percentile 0.786, median 1.133, 99th percentile 1.545,
    maximum 2.0 (reference B: 0.556 / 0.737 / 1.108 / 1.6 / 2.0; the 20 systems stay within
    0.35-2.0). Computed with `python scripts/sr_false_alarms.py --ratios --lines 1000` over
    `../shared/corpora/wmt21-deen/newstest2021.de-en.src.de` and `.ref.A.en`; words counted as
    mtcheck counts them.
    """
    for seg in bilingual_segments(ctx):
        a, b = _target_span(ctx, seg)
        target = ctx.text[a:b]
        src_words, tgt_words = count_words(seg.source), count_words(target)
        if not tgt_words or not src_words:
            continue
        if src_words >= MIN_SOURCE_WORDS and tgt_words < SHORT_RATIO * src_words:
            yield ctx.flag(a, b, f"the translation has {tgt_words} words for the source's {src_words}: "
                                 "part of the source is probably missing")
        elif tgt_words > max(LONG_RATIO * src_words, src_words + LONG_EXTRA_WORDS):
            finding = ctx.flag(a, b, f"the translation has {tgt_words} words for the source's {src_words}: "
                                     "it probably adds text the source does not have")
            yield replace(finding, category=Category.ADDITION)
        elif tgt_words < SENTENCE_LOSS_RATIO * src_words:
            n_src = len(german_sentences(seg.source))
            n_tgt = len(list(sentence_spans(ctx.text, a, b)))
            if n_src >= 2 and n_tgt < n_src:
                yield ctx.flag(a, b, f"the source has {n_src} sentences, the translation {n_tgt}, with "
                                     f"{tgt_words} words for {src_words}: a sentence is probably missing")


# --------------------------------------------------------------------------- SR005 appended text

@rule("SR005", "appended-text", Category.ADDITION, Severity.MAJOR)
def appended_text(ctx: Context) -> Iterator[Finding]:
    """A target paragraph that belongs to no source segment: text added after or outside the translation.

    ## What it flags
    In a bilingual document, every paragraph, heading or list item of the target that lies outside
    all the segments' target text; consecutive ones are flagged as one finding. Typical cases are
    a generated tail ("I hope this helps…", a summary, a translator's note) appended to an MT
    output, or a paragraph pasted in during editing.

    ## Why it matters
    Whatever has no source was not translated: it is an addition the customer did not write.

    ## Example
    Source: Die Aktie stieg um vier Prozent.
    Flagged: The share rose by four percent.

    I hope this translation helps! Let me know if you need anything else.

    ## Fix safety
    No fix: it may be a legitimate caption; delete it if it is not.

    ## Data
    None.
    """
    segments = bilingual_segments(ctx)
    if not segments:
        return
    targets = sorted((s.target.start, s.target.end) for s in segments if s.target.end > s.target.start)
    k = 0
    run: list[tuple[int, int]] = []
    for block in ctx.doc.blocks:
        start, end = block.range.start, block.range.end
        while k < len(targets) and targets[k][1] <= start:
            k += 1
        covered = k < len(targets) and targets[k][0] < end
        if covered:
            yield from _appended(ctx, run)
            run = []
        elif end > start:
            run.append((start, end))
    yield from _appended(ctx, run)


def _appended(ctx: Context, run: list[tuple[int, int]]) -> Iterator[Finding]:
    if not run:
        return
    n = len(run)
    what = "this paragraph has" if n == 1 else f"these {n} paragraphs have"
    yield ctx.flag(run[0][0], run[-1][1], f"{what} no counterpart in the source: text added to the translation")


# --------------------------------------------------------------------------- SR006 source idioms

# German closed-class words: not content words of an idiom (the source must contain the others)
_GERMAN_FUNCTION_WORDS = frozenset("""
der die das des dem den ein eine einer eines einem einen kein keine keinen keinem keiner keines
sein seine seiner seinen seinem seines ihr ihre ihrer ihren ihrem ihres mein meine dein deine unser
unsere euer eure sich jemand jemandem jemanden jemands jmdm jmdn jdm jdn etwas es er sie wir man
mir mich dir dich uns euch ihm ihn ihnen
in im ins an am ans auf aufs aus bei beim mit nach von vom zu zum zur für fürs um über übers unter
vor vors hinter neben zwischen durch gegen ohne bis seit
und oder aber als wie wenn dass ob denn so da nicht nur noch schon auch doch ja mal
haben werden können müssen sollen wollen dürfen mögen lassen alle alles
""".split())
_SEPARABLE_PREFIXES = ("zurück", "zusammen", "vorbei", "weiter", "heraus", "herein", "fest", "fort",
                       "her", "hin", "los", "mit", "nach", "weg", "ab", "an", "auf", "aus", "bei", "ein",
                       "vor", "zu", "um", "durch", "raus", "rein")
_NOUN_ENDINGS = ("", "e", "s", "es", "n", "en", "er", "em", "ern", "ens")
_PATTERN_SKIP = frozenset({"~", "*", "SB", "SB?", "-", "-?", ",", "'s", "’s"})


@cache
def _german_tokenizer():
    from ..nlp import import_spacy

    return import_spacy().blank("de").tokenizer


@cache
def german_lemma_table() -> dict[str, str]:
    """spacy-lookups-data's German lookup lemmatiser table (form -> lemma)."""
    ref = resources.files("spacy_lookups_data") / "data" / "de_lemma_lookup.json.gz"
    with ref.open("rb") as fh:
        return json.loads(gzip.decompress(fh.read()).decode("utf-8"))


def german_lemma(word: str) -> str:
    table = german_lemma_table()
    lemma = table.get(word) or table.get(word.lower()) or table.get(word.capitalize()) or word
    return lemma.lower()


@dataclass(frozen=True)
class SourceIdiom:
    german: str  # the idiom as listed
    content: tuple[frozenset[str], ...]  # content words the source sentence must contain: lemma or form, lowercase
    variants: tuple[tuple[frozenset[str], ...], ...]  # per literal variant: its content-word slots
    idiomatic_words: frozenset[str]  # content words (and lemmas) of the idiomatic English
    idiomatic: str  # the first idiomatic English phrase


@lru_cache(maxsize=4096)
def _english_forms(word: str) -> frozenset[str]:
    from ..nlp import lemma_table

    word = word.lower()
    return frozenset({word, lemma_table().get(word, word).lower()})


def _literal_slots(literal: str) -> tuple[frozenset[str], ...]:
    """Content-word slots of one literal variant of the idiom pattern language (see
    mtcheck/rules/idioms.py): alternatives of an item make one slot; optional items, gaps,
    constraints and closed-class words make none."""
    from .idioms import DETERMINERS

    slots = []
    for item in literal.split():
        if item in _PATTERN_SKIP or item[0] in "!>" or item.endswith("?"):
            continue
        words = set()
        for alt in item.split("/"):
            alt = alt.lstrip("=").lower()
            if alt and alt not in FUNCTION_WORDS and alt not in DETERMINERS and alt.isalpha() \
                    and alt not in ("one", "no", "nothing", "everything", "someone", "something", "get"):
                words |= _english_forms(alt)
        if words:
            slots.append(frozenset(words))
    return tuple(slots)


@cache
def source_idioms() -> tuple[tuple[SourceIdiom, ...], dict[str, tuple[int, ...]]]:
    """The idiom lexicon read for the source side, and an index: content lemma -> idioms."""
    from .idioms import load_idioms

    tokenizer = _german_tokenizer()
    idioms: list[SourceIdiom] = []
    index: dict[str, list[int]] = {}
    for row in load_idioms():
        # lemma and form both: the table reads "klingeln" as the plural of "Klingel"
        content = tuple(dict.fromkeys(
            frozenset({german_lemma(t.text), t.text.lower()}) for t in tokenizer(row.german)
            if t.is_alpha and t.text.lower() not in _GERMAN_FUNCTION_WORDS
            and german_lemma(t.text) not in _GERMAN_FUNCTION_WORDS))
        variants = tuple(v for v in (_literal_slots(x) for x in row.literal.split(" | ")) if len(v) >= 2)
        if not content or not variants:
            continue
        idiomatic_words = frozenset().union(*(_english_forms(w) for phrase in row.idiomatic
                                              for w in re.findall(r"[a-z]+", phrase.lower())))
        k = len(idioms)
        idioms.append(SourceIdiom(row.german, content, variants, idiomatic_words, row.idiomatic[0]))
        for lemma in frozenset().union(*content):
            index.setdefault(lemma, []).append(k)
            base = _separable_base(lemma)
            if base:
                index.setdefault(base[1], []).append(k)
    return tuple(idioms), {k: tuple(dict.fromkeys(v)) for k, v in index.items()}


@lru_cache(maxsize=1 << 14)
def _separable_base(lemma: str) -> tuple[str, str] | None:
    """("aus", "packen") for "auspacken": the particle and base verb of a separable verb."""
    if not lemma.endswith("n") or len(lemma) < 6:
        return None
    for prefix in _SEPARABLE_PREFIXES:
        if lemma.startswith(prefix) and len(lemma) - len(prefix) >= 4:
            return prefix, lemma[len(prefix):]
    return None


def _sentence_lemmas(tokens) -> tuple[set[str], set[str]]:
    """Lemmas (and bare stems of inflected forms) of a German sentence's tokens, and its
    lowercase tokens."""
    lemmas: set[str] = set()
    lowered: set[str] = set()
    for t in tokens:
        if not t.is_alpha:
            continue
        low = t.text.lower()
        lowered.add(low)
        lemmas.add(german_lemma(t.text))
        lemmas.add(low)
        for ending in _NOUN_ENDINGS[1:]:
            if low.endswith(ending) and len(low) - len(ending) >= 3:
                lemmas.add(low[:-len(ending)])
    return lemmas, lowered


def _has_lemma(lemma: str, lemmas: set[str], lowered: set[str]) -> bool:
    if lemma in lemmas:
        return True
    base = _separable_base(lemma)
    if base is None:
        return False
    prefix, verb = base
    # "bricht ... ab" for "abbrechen", "auszupacken" for "auspacken"
    return (verb in lemmas and prefix in lowered) or (prefix + "zu" + verb) in lowered


@rule("SR006", "source-idiom-literal", Category.LITERAL, Severity.MAJOR, data=("idioms.tsv",))
def source_idiom_literal(ctx: Context) -> Iterator[Finding]:
    """A German idiom of the source whose literal words reappear in the translation.

    ## What it flags
    A source sentence that contains every content word of a German idiom of the idiom lexicon
    (matched on lemmas: spaCy's German tokenizer and the German lookup table of
    spacy-lookups-data; separable verbs split or joined), when the target segment contains at
    least two content words of one of the idiom's literal English renderings ("cash register",
    "ring") in any inflection, and at least one of them is not a word of the idiomatic English.
    The span from the first to the last of those words is flagged. This is the source-aware,
    high-precision partner of ID001: it needs no English pattern to match word for word.

    ## Why it matters
    A word-for-word idiom is nonsense to an English reader ("let the cash registers ring" for
    *die Kassen klingeln lassen*, "make money").

    ## Example
    Source: Der Ausverkauf lässt die Kassen klingeln.
    Flagged: The sale lets the cash registers ring.
    Use instead: The sale is making money.

    ## Fix safety
    No fix: the sentence has to be rephrased around the idiomatic English.

    ## Data
    `idioms.tsv` (its German and literal columns; the idiomatic column gives the suggestion);
    German lemmas from `de_lemma_lookup.json.gz` and English lemmas from `en_lemma_lookup.json.gz`
    in spacy-lookups-data (MIT).
    """
    segments = bilingual_segments(ctx)
    if not segments:
        return
    idioms, index = source_idioms()
    tokenizer = _german_tokenizer()
    for seg in segments:
        candidates = _idioms_in_source(tokenizer(seg.source), idioms, index)
        if not candidates:
            continue
        t_start = seg.target.start
        words = [(t_start + m.start(), t_start + m.end(), _english_forms(m.group(0)))
                 for m in iter_words(ctx.text[t_start:seg.target.end])]
        for idiom in candidates:
            span = _literal_span(idiom, words)
            if span is not None:
                yield ctx.flag(span[0], span[1],
                               f"literal rendering of the German idiom “{idiom.german}” in the source: "
                               f"write “{idiom.idiomatic}”", suggestion=idiom.idiomatic)
                break  # one idiom a segment: overlapping rows say the same thing


def _idioms_in_source(doc, idioms: tuple[SourceIdiom, ...], index: dict[str, tuple[int, ...]]) -> list[SourceIdiom]:
    found: dict[int, SourceIdiom] = {}
    start = 0
    for i, token in enumerate(doc):
        last = i == len(doc) - 1
        if not (token.text in (".", "!", "?", ";") or last):
            continue
        lemmas, lowered = _sentence_lemmas(doc[start:i + 1])
        start = i + 1
        for lemma in lemmas & index.keys():
            for k in index[lemma]:
                if k not in found and all(any(_has_lemma(c, lemmas, lowered) for c in alternatives)
                                          for alternatives in idioms[k].content):
                    found[k] = idioms[k]
    return [found[k] for k in sorted(found)]


def _literal_span(idiom: SourceIdiom, words: list[tuple[int, int, frozenset[str]]]) -> tuple[int, int] | None:
    """The tightest target span holding a word of each matched slot of the best literal variant
    (most slots matched, then the shortest span), if at least two slots (and not only words of
    the idiomatic English) match."""
    best_span, best_rank = None, None
    for variant in idiom.variants:
        slots = list(dict.fromkeys(variant))
        need = {k: variant.count(slot) for k, slot in enumerate(slots)}  # "blow on blow": two blows
        hits = [{k for k, slot in enumerate(slots) if forms & slot} for _, _, forms in words]
        found = {k: sum(k in h for h in hits) for k in need}
        matched = {k: need[k] for k in need if found[k] >= need[k]}
        if sum(matched.values()) < max(2, len(variant) - 1):
            continue
        literal_only = any(not (slots[k] & idiom.idiomatic_words) for k in matched)
        if not literal_only:
            continue
        window = _smallest_window(hits, matched)
        if window is None or window[1] - window[0] >= len(variant) + 4:
            continue  # the words must make one phrase
        rank = (-sum(matched.values()), window[1] - window[0])
        if best_rank is None or rank < best_rank:
            best_span, best_rank = (words[window[0]][0], words[window[1]][1]), rank
    return best_span


def _smallest_window(hits: list[set[int]], needed: dict[int, int]) -> tuple[int, int] | None:
    """Indices (i, j) of the shortest run of words holding ``needed[k]`` hits of each slot k."""
    counts: dict[int, int] = {}
    best = None
    i = 0
    for j, h in enumerate(hits):
        for k in h:
            counts[k] = counts.get(k, 0) + 1
        while all(counts.get(k, 0) >= n for k, n in needed.items()):
            if best is None or j - i < best[1] - best[0]:
                best = (i, j)
            for k in hits[i]:
                counts[k] -= 1
            i += 1
    return best


RULES = (number_mismatch, untranslated_segment, entity_mismatch, length_mismatch, appended_text,
         source_idiom_literal)
