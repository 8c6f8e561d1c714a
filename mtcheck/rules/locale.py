"""LC: locale conventions — numbers, currency, dates and times written the German way."""
from __future__ import annotations

import re
from typing import Iterator

from ..finding import Applicability, Category, Finding, Severity
from .base import Context, FixAvailability, rule

_SCALE = r"(?:million|billion|trillion|thousand|percent|per cent|%|euros?|dollars?|pounds?|francs?|" \
         r"km|kg|m|cm|mm|g|t|l|kWh|MWh|GW|MW|kW|hours?|years?|times|points?|degrees?|°)"

# A leading (?=\d) lets the regex engine skip to the next digit; with the lookbehind first it would
# try every position of the text (3x slower).
_DECIMAL_COMMA = re.compile(r"(?=\d)(?<![\d.,])(\d{1,3}),(\d{1,2}|\d{4,})(?![\d,]|\.\d)")
# Necessary for a _DECIMAL_COMMA match (a digit, a comma, a digit) and much faster to scan for.
_HINT_DECIMAL_COMMA = re.compile(r"\d,\d")
_DECIMAL_COMMA_SCALED = re.compile(r"[ \u00a0]?" + _SCALE + r"\b|[ \u00a0]?%", re.IGNORECASE)


@rule("LC001", "decimal-comma", Category.LOCALE, Severity.MAJOR, fix=FixAvailability.SOMETIMES)
def decimal_comma(ctx: Context) -> Iterator[Finding]:
    """A German decimal comma: "2,4 billion", "3,5 percent".

    ## What it flags
    A number whose comma is followed by one or two digits, or by four or more — never a
    thousands separator in English ("2,4 billion", "0,75 percent"). "1,500" (three digits after
    the comma) is ambiguous and left alone, and so are lists such as "1,2,3" or "(3,5)": a single
    digit after the comma counts only before a unit or scale word.

    ## Why it matters
    An English reader takes "2,4 billion" for a typo or a list; the amount is misread.

    ## Example
    Flagged: Revenue rose to 2,4 billion euros.
    Use instead: Revenue rose to 2.4 billion euros.

    ## Fix safety
    Safe when a unit, scale word or per cent sign follows; unsafe otherwise.

    ## Data
    None.
    """
    text = ctx.text
    for m in _DECIMAL_COMMA.finditer(text) if _HINT_DECIMAL_COMMA.search(text) else ():
        fixed = f"{m.group(1)}.{m.group(2)}"
        scaled = _DECIMAL_COMMA_SCALED.match(text, m.end()) is not None
        if not scaled and len(m.group(2)) == 1:
            continue  # "(3,5)" may be a list; "2,5 billion" or "12,50" is not
        yield ctx.flag(m.start(), m.end(), "German decimal comma: English uses a decimal point",
                       suggestion=fixed, replacement=fixed,
                       applicability=Applicability.SAFE if scaled else Applicability.UNSAFE)


_THOUSANDS_DOT = re.compile(r"(?=\d)(?<![\d.,])(\d{1,3})((?:\.\d{3})+)(,\d+)?(?![\d.]|\.\d)")
# Necessary for a _THOUSANDS_DOT match, and much faster to scan for.
_HINT_THOUSANDS_DOT = re.compile(r"\d\.\d{3}")
# A single dotted group ("70.000") is German only when a counted noun follows ("70.000 people");
# "2.500 in the index" is an English decimal.
_COUNTED_NOUN = re.compile(r"[ \u00a0](?:people|staff|euros?|dollars?|francs?|pounds?|jobs|[a-z]{3,}s)\b")
_VERSIONISH = re.compile(r"(?:version|v|release|ip|build|node|python|ios|android)\s*$", re.IGNORECASE)


@rule("LC002", "thousands-dot", Category.LOCALE, Severity.MAJOR, fix=FixAvailability.SOMETIMES)
def thousands_dot(ctx: Context) -> Iterator[Finding]:
    """A German thousands separator: "70.000 employees", "1.500.000", "1.234,56".

    ## What it flags
    A number grouped in threes with full stops ("4.000.000"), a dotted group followed by a
    decimal comma ("1.234,56"), and a single dotted group of three digits followed by a counted
    noun ("70.000 employees"); "2.500 in the index" is a decimal and passes. Version numbers ("version 1.100") pass.

    ## Why it matters
    "70.000 employees" reads as seventy employees to an English reader: a factual error.

    ## Example
    Flagged: The plant employs 70.000 people.
    Use instead: The plant employs 70,000 people.

    ## Fix safety
    Safe for several groups or a decimal comma; unsafe for one group, which may be a decimal.

    ## Data
    None.
    """
    text = ctx.text
    for m in _THOUSANDS_DOT.finditer(text) if _HINT_THOUSANDS_DOT.search(text) else ():
        groups, decimals = m.group(2), m.group(3)
        several = groups.count(".") > 1 or decimals is not None
        if _VERSIONISH.search(text, max(0, m.start() - 12), m.start()):
            continue
        if not several and not _COUNTED_NOUN.match(text, m.end()):
            continue
        fixed = m.group(1) + groups.replace(".", ",") + (decimals.replace(",", ".") if decimals else "")
        yield ctx.flag(m.start(), m.end(), "German number format: English groups thousands with commas",
                       suggestion=fixed, replacement=fixed,
                       applicability=Applicability.SAFE if several else Applicability.UNSAFE)


_SPACE_PERCENT = re.compile(r"(?<=\d)[ \u00a0\u202f]+%")


@rule("LC003", "space-before-percent", Category.LOCALE, Severity.MINOR, fix=FixAvailability.ALWAYS)
def space_before_percent(ctx: Context) -> Iterator[Finding]:
    """A space between a number and the per cent sign: "5 %".

    ## What it flags
    Any space, no-break space included, between a digit and "%". German typesetting puts one
    there; English does not.

    ## Why it matters
    It marks the text as a translation and lets the sign wrap onto the next line.

    ## Example
    Flagged: Sales grew by 5 %.
    Use instead: Sales grew by 5%.

    ## Fix safety
    Safe: removes the space.

    ## Data
    None.
    """
    if "%" not in ctx.text:
        return  # a str search is far faster than the regex scan
    for m in _SPACE_PERCENT.finditer(ctx.text):
        yield ctx.flag(m.start() - 1, m.end(), "no space before “%” in English",
                       suggestion=ctx.text[m.start() - 1] + "%",
                       edits=[(m.start(), m.end() - 1, "")])


_SPACED_SYMBOL = re.compile(r"(?<![\w$€£¥])([$€£¥])[ \u00a0]+(?=\d)")
_SYMBOL_AFTER = re.compile(r"(?<![\w.,])(\d[\d.,]*(?:[ \u00a0](?:million|billion|trillion|Mio\.|Mrd\.))?)[ \u00a0]?([€$£])(?!\w|\d)")
_EURO_WORD = re.compile(r"(?<![\w.,])(\d[\d.,]*(?:[ \u00a0](?:million|billion|trillion|thousand))?)[ \u00a0]+(Euro|EURO|Euros)\b(?![-\w])")


_AMOUNT = re.compile(r"\d[\d.,]*")


@rule("LC004", "german-currency-format", Category.LOCALE, Severity.MINOR, fix=FixAvailability.ALWAYS)
def german_currency(ctx: Context) -> Iterator[Finding]:
    """Amounts of money written the German way: "$ 70 billion", "70 €", "5 million Euro".

    ## What it flags
    A currency symbol separated from its number by a space ("$ 70 billion"); a symbol after the
    amount ("70 €", "1.5 billion $"); and "Euro" capitalised and singular after an amount
    ("5 million Euro").

    ## Why it matters
    English writes "$70 billion", "€70" and "5 million euros"; the German forms look unedited.

    ## Example
    Flagged: a signing bonus of up to $ 100 million
    Use instead: a signing bonus of up to $100 million

    ## Fix safety
    Safe: moves or removes the space or symbol; "Euro" becomes "euros".

    ## Data
    None.
    """
    text = ctx.text
    # Cheap necessary conditions (str searches): the first two patterns need a currency symbol,
    # the third "Euro" or "EURO" (it is case-sensitive).
    if "$" not in text and "€" not in text and "£" not in text and "¥" not in text:
        if "Euro" not in text and "EURO" not in text:
            return
    for m in _SPACED_SYMBOL.finditer(text):
        end = m.end()
        num = _AMOUNT.match(text, end)
        stop = num.end() if num else end
        yield ctx.flag(m.start(), stop, f"no space between “{m.group(1)}” and the amount",
                       suggestion=m.group(1) + text[end:stop], edits=[(m.end(1), end, "")])
    for m in _SYMBOL_AFTER.finditer(text):
        amount, symbol = m.group(1), m.group(2)
        yield ctx.flag(m.start(), m.end(), f"currency symbol after the amount: write “{symbol}{amount}”",
                       suggestion=f"{symbol}{amount}", replacement=f"{symbol}{amount}")
    for m in _EURO_WORD.finditer(text):
        amount = m.group(1)
        one = amount.strip() == "1"
        word = "euro" if one else "euros"
        yield ctx.flag(m.start(2), m.end(2), f"lowercase plural currency name: “{amount} {word}”",
                       suggestion=word, replacement=word)


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_NUMERIC_DATE = re.compile(r"(?=\d)(?<![\d.:/])(0?[1-9]|[12]\d|3[01])\.(0?[1-9]|1[0-2])\.((?:19|20)\d\d|\d\d)(?!\d|\.\d)")
_ORDINAL_DOT = re.compile(r"(?=\d)(?<![\d.])(0?[1-9]|[12]\d|3[01])\. (" + _MONTHS + r")\b")
# Necessary conditions, which start with a literal (or, for the "h", one letter) and so scan
# far faster than the patterns, which start at every digit: _NUMERIC_DATE needs ".", one or two
# digits, "." and a digit; _ORDINAL_DOT ". " and a month; _UHR_TIME "Uhr", "clock" or a whole-word
# "h" right after a digit or after a digit and a space.
_HINT_NUMERIC_DATE = re.compile(r"\.\d\d?\.\d")
_HINT_ORDINAL_DOT = re.compile(r"\. (?:" + _MONTHS + r")\b")
_HINT_HOUR_H = re.compile(r"h(?<=\dh)\b|h(?<=\d[ \u00a0]h)\b")
_UHR_TIME = re.compile(r"(?=\d)(?<![\d.:])([01]?\d|2[0-3])(?:[.:]([0-5]\d))?[ \u00a0]?(Uhr|o'clock|o’clock|h)\b(?!-)")


@rule("LC005", "german-date-time", Category.LOCALE, Severity.MINOR, fix=FixAvailability.SOMETIMES)
def german_date_time(ctx: Context) -> Iterator[Finding]:
    """German date and time forms: "15.03.2025", "3. March", "14.30 Uhr", "20 o'clock".

    ## What it flags
    Day.month.year dates ("15.03.2025"), a day with an ordinal full stop before a month name
    ("on 3. March"), and 24-hour times written with "Uhr", "h" or "o'clock" ("at 14.30 Uhr",
    "at 20 o'clock"). "3 o'clock" (a 12-hour time) is English and passes.

    ## Why it matters
    "15.03.2025" is ambiguous to American readers, and "Uhr" or "20 o'clock" is not English.

    ## Example
    Flagged: The event starts on 3. March at 14.30 Uhr.
    Use instead: The event starts on 3 March at 2:30 p.m.

    ## Fix safety
    The ordinal dot fix is safe; dates and times get a suggestion only, since the house style
    (3 March / March 3, 14:30 / 2:30 p.m.) is the editor's choice.

    ## Data
    None.
    """
    text = ctx.text
    months = _MONTHS.split("|")
    for m in _NUMERIC_DATE.finditer(text) if _HINT_NUMERIC_DATE.search(text) else ():
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
        year = year if len(year) == 4 else f"20{year}"
        yield ctx.flag(m.start(), m.end(), "German date format (day.month.year)",
                       suggestion=f"{day} {months[month - 1]} {year}")
    for m in _ORDINAL_DOT.finditer(text) if _HINT_ORDINAL_DOT.search(text) else ():
        fixed = f"{int(m.group(1))} {m.group(2)}"
        yield ctx.flag(m.start(), m.end(), "German ordinal full stop in a date", suggestion=fixed,
                       replacement=fixed)
    timed = "Uhr" in text or "clock" in text or _HINT_HOUR_H.search(text) is not None
    for m in _UHR_TIME.finditer(text) if timed else ():
        hour, minute, unit = int(m.group(1)), m.group(2), m.group(3)
        if unit in ("o'clock", "o’clock") and hour <= 12 and minute is None:
            continue
        if unit == "h" and minute is None:
            continue  # "24 h" is a duration
        suffix = "a.m." if hour < 12 else "p.m."
        twelve = hour % 12 or 12
        suggestion = f"{twelve}:{minute} {suffix}" if minute else f"{twelve} {suffix}"
        yield ctx.flag(m.start(), m.end(), "German time format", suggestion=f"{suggestion} (or {hour:02d}:{minute or '00'})")


_GERMAN_ABBREV = re.compile(r"(?<=\d)[ \u00a0](Mio|Mrd|Tsd|Bio)\.?(?!\w)")
_ABBREV_WORD = {"Mio": "million", "Mrd": "billion", "Tsd": "thousand", "Bio": "trillion"}


@rule("LC006", "german-number-abbreviation", Category.LOCALE, Severity.MAJOR, fix=FixAvailability.ALWAYS)
def german_number_abbreviation(ctx: Context) -> Iterator[Finding]:
    """German abbreviations for large numbers left in English: "2.4 Mrd.", "5 Mio.".

    ## What it flags
    "Mio." (Millionen, million), "Mrd." (Milliarden, billion), "Tsd." (Tausend, thousand) and
    "Bio." (Billionen, trillion) after a number.

    ## Why it matters
    English readers do not know these abbreviations; "Bio." is also a false friend: a German
    Billion is an English trillion.

    ## Example
    Flagged: a loss of 2.4 Mrd. euros
    Use instead: a loss of 2.4 billion euros

    ## Fix safety
    Safe: the abbreviation is replaced by the English word.

    ## Data
    None.
    """
    text = ctx.text
    if "Mio" not in text and "Mrd" not in text and "Tsd" not in text and "Bio" not in text:
        return  # str searches for the (case-sensitive) abbreviations: far faster than the regex
    for m in _GERMAN_ABBREV.finditer(ctx.text):
        word = _ABBREV_WORD[m.group(1)]
        yield ctx.flag(m.start(1), m.end(), f"German number abbreviation “{m.group(0).strip()}”: “{word}”",
                       suggestion=word, replacement=word)


_SCALE_WORDS = ("hundred", "thousand", "million", "billion", "trillion")
_AGREEMENT_OF = re.compile(r"\b(hundreds|thousands|millions|billions|tens) of (hundred|thousand|million|billion|trillion)\b(?! of)",
                           re.IGNORECASE)
_NOUN_FOLLOWS = re.compile(r" (?!of\b|in\b|and\b|or\b|to\b|for\b|from\b|at\b|on\b|by\b|with\b)[A-Za-z]")
# Both patterns need "hundred", "thousand" or "llion" in any case IGNORECASE matches (where "s"
# also matches a long "ſ", and "i" a dotted "İ" or dotless "ı"). One case-sensitive scan for them,
# starting at the leading letters, is far cheaper than the two patterns, which try their
# alternations at every position of the text.
_HINT_SCALE_WORD = re.compile(r"[hHtTlL](?:[uU][nN][dD][rR][eE][dD]|[hH][oO][uU][sSſ][aA][nN][dD]|[lL][iIİı][oO][nN])")
_PLURAL_SCALE = re.compile(r"(?<![\w.,])(\d+(?:\.\d+)?|two|three|four|five|six|seven|eight|nine|ten|several|a few|many) "
                           r"(hundreds|thousands|millions|billions|trillions)\b(?! of)", re.IGNORECASE)


@rule("LC007", "number-agreement", Category.GRAMMAR, Severity.MINOR, fix=FixAvailability.ALWAYS)
def number_agreement(ctx: Context) -> Iterator[Finding]:
    """Plural slips with scale words: "hundreds of billion", "two millions".

    ## What it flags
    "hundreds/thousands/millions of" followed by a singular scale word ("hundreds of billion US
    dollars"), and a number followed by a plural scale word without "of" ("two millions euros",
    German "zwei Millionen").

    ## Why it matters
    English says "hundreds of billions of dollars" and "two million euros"; the slips come from
    German number agreement.

    ## Example
    Flagged: data centers for hundreds of billion US dollars
    Use instead: data centers for hundreds of billions of US dollars

    ## Fix safety
    Safe: the scale word gets its plural, and "of" when a noun follows ("hundreds of billions
    of US dollars").

    ## Data
    None.
    """
    text = ctx.text
    if not _HINT_SCALE_WORD.search(text):
        return
    for m in _AGREEMENT_OF.finditer(text):
        fixed = m.group(2) + "s"
        if _NOUN_FOLLOWS.match(text, m.end(2)):
            fixed += " of"  # "hundreds of billion US dollars" -> "hundreds of billions of US dollars"
        yield ctx.flag(m.start(2), m.end(2), f"“{m.group(1)} of” takes a plural: “{fixed}”",
                       suggestion=fixed, replacement=fixed)
    for m in _PLURAL_SCALE.finditer(text):
        fixed = m.group(2)[:-1]
        yield ctx.flag(m.start(2), m.end(2), f"after a number, write “{fixed}” without -s",
                       suggestion=fixed, replacement=fixed)


RULES = (decimal_comma, thousands_dot, space_before_percent, german_currency, german_date_time,
         german_number_abbreviation, number_agreement)
