"""PU: punctuation and quotation marks."""
from __future__ import annotations

import re
from typing import Iterator

from ..finding import Category, Finding, Severity
from .base import Context, FixAvailability, rule

# opening mark -> (closing marks that pair with it, English opening, English closing)
_GERMAN_QUOTES = {
    "„": ("“”", "“", "”"),
    "»": ("«", "“", "”"),
    "‚": ("‘’", "‘", "’"),
}
_OPENERS = re.compile("[„»‚]")


@rule("PU001", "german-quotation-marks", Category.PUNCTUATION, Severity.MINOR, fix=FixAvailability.ALWAYS)
def german_quotes(ctx: Context) -> Iterator[Finding]:
    """German quotation marks in English text: „…“, »…«, ‚…‘.

    ## What it flags
    A quotation opened with a low-9 mark („ or ‚) or with a guillemet pointing right (»), up to
    its closing mark in the same paragraph; one finding per quotation. An opening mark with no
    closing mark is flagged alone.

    ## Why it matters
    English uses “…” and ‘…’; German marks left in the text are a plain sign of an unedited
    translation.

    ## Example
    Flagged: He called it „a great culture“.
    Use instead: He called it “a great culture”.

    ## Fix safety
    Safe: both marks are replaced, nothing else changes.

    ## Data
    None.
    """
    text = ctx.text
    pos = 0
    while True:
        m = _OPENERS.search(text, pos)
        if m is None:
            return
        opener = m.group(0)
        closers, eng_open, eng_close = _GERMAN_QUOTES[opener]
        limit = text.find("\n\n", m.end())
        limit = len(text) if limit < 0 else limit
        close = -1
        for i in range(m.end(), limit):
            ch = text[i]
            if ch in closers:
                # ‘ and ’ also serve as apostrophes: a closing ‘ must not sit between letters
                if opener == "‚" and i + 1 < len(text) and text[i - 1].isalpha() and text[i + 1].isalpha():
                    continue
                close = i
                break
            if ch in _GERMAN_QUOTES and ch != "‚":
                break
        if close < 0:
            yield ctx.flag(m.start(), m.end(), f"German opening quotation mark “{opener}”",
                           suggestion=eng_open, replacement=eng_open)
            pos = m.end()
            continue
        yield ctx.flag(m.start(), close + 1, f"German quotation marks {opener}…{text[close]}: use {eng_open}…{eng_close}",
                       suggestion=f"{eng_open}{text[m.end():close]}{eng_close}",
                       edits=[(m.start(), m.end(), eng_open), (close, close + 1, eng_close)])
        pos = close + 1


_SPACE_BEFORE = re.compile(r"(?<=[^\W_])[ \u00a0\u202f\u2009]+([,.;:!?])(?=[\s\"”’)]|$)")
# Necessary for a _SPACE_BEFORE match: a mark right after a space. It starts at the (sparse)
# marks, so it scans several times faster than _SPACE_BEFORE, which starts at every position.
_HINT_SPACE_BEFORE = re.compile(r"[,.;:!?](?<=[ \u00a0\u202f\u2009][,.;:!?])")


@rule("PU002", "space-before-punctuation", Category.PUNCTUATION, Severity.MINOR, fix=FixAvailability.ALWAYS)
def space_before_punctuation(ctx: Context) -> Iterator[Finding]:
    """A space before a comma, full stop, colon, semicolon, question or exclamation mark.

    ## What it flags
    One or more spaces (including no-break and thin spaces) between a word and the punctuation
    that ends its phrase: "the reason : money", "why ?". French-style spacing and tokenised MT
    output leave these behind. Decimal points (" .5") and ellipses are not flagged.

    ## Why it matters
    English sets these marks directly after the word; a space before them looks like tokenised
    or French-typeset text and can break a line before the mark.

    ## Example
    Flagged: The reason : money .
    Use instead: The reason: money.

    ## Fix safety
    Safe: removes the spaces.

    ## Data
    None.
    """
    text = ctx.text
    for m in _SPACE_BEFORE.finditer(text) if _HINT_SPACE_BEFORE.search(text) else ():
        if m.group(1) == "." and text.startswith("..", m.end(1) - 1):
            continue
        yield ctx.flag(m.start(), m.end(), f"space before “{m.group(1)}”", suggestion=m.group(1),
                       edits=[(m.start(), m.start(1), "")])


_SPACE_RUN = re.compile(r"(?<=\S)[ \u00a0\u202f\u2009\u2007]{2,}(?=\S)")


@rule("PU003", "repeated-spaces", Category.PUNCTUATION, Severity.MINOR, fix=FixAvailability.ALWAYS)
def repeated_spaces(ctx: Context) -> Iterator[Finding]:
    """Two or more spaces in a row inside a line, no-break spaces included.

    ## What it flags
    A run of two or more spaces (ordinary, no-break U+00A0, narrow no-break U+202F, thin U+2009,
    figure U+2007) between two visible characters. Indentation at the start of a line and
    spaces at its end are not flagged.

    ## Why it matters
    Doubled spaces, especially invisible no-break ones, come from removed markup and CMS
    exports; they show as gaps and break search and diff.

    ## Example
    Flagged: See also  Cure for MS?
    Use instead: See also Cure for MS?

    ## Fix safety
    Safe: the run becomes one space (a no-break space if the run had one).

    ## Data
    None.
    """
    text = ctx.text
    # A run needs two ASCII spaces in a row or one of the other spaces (str searches, far
    # faster than the regex scan).
    if "  " not in text and "\u00a0" not in text and "\u202f" not in text and "\u2009" not in text \
            and "\u2007" not in text:
        return
    for m in _SPACE_RUN.finditer(text):
        if not ctx.is_verbatim(m.start(), m.end()):
            continue  # the run is where markup (inline code, a link) was removed
        run = m.group(0)
        single = "\u00a0" if "\u00a0" in run else " "
        hidden = " (some of them no-break spaces)" if any(c != " " for c in run) else ""
        yield ctx.flag(m.start(), m.end(), f"{len(run)} spaces in a row{hidden}", suggestion="one space",
                       replacement=single)


RULES = (german_quotes, space_before_punctuation, repeated_spaces)
