"""Word evidence shared by rules: English frequencies from wordfreq, loaded once."""
from __future__ import annotations

import math
from functools import cache, lru_cache


@cache
def _frequencies(lang: str) -> dict[str, float]:
    """wordfreq's large word list for ``lang`` (ships in the package): word -> frequency."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict(lang, "large")


@lru_cache(maxsize=1 << 17)  # rules look the same words up again and again
def zipf(word: str, lang: str = "en") -> float:
    """Zipf frequency (log10 of occurrences per billion words) of ``word``; 0.0 if unknown.
    Keys are casefolded, so German "ß" is looked up as "ss"."""
    f = _frequencies(lang).get(word.casefold())
    return round(math.log10(f) + 9, 2) if f else 0.0


@cache
def case_ratios() -> dict[str, float]:
    """lowercase word -> ln P("Word") - ln P("word"): how much more often English writes the word
    with a capital. Common nouns score far below zero ("podcast", "investment"); names near or
    above it ("google"). From spaCy's cased lexeme probabilities, precomputed by
    scripts/build_case_ratios.py into ``data/case_ratios.tsv``."""
    from . import data_path

    out: dict[str, float] = {}
    with data_path("case_ratios.tsv").open(encoding="utf-8") as fh:
        next(fh), next(fh)  # comment and header
        for line in fh:
            word, ratio = line.rstrip("\n").split("\t")
            out[word] = float(ratio)
    return out


def case_ratio(word: str) -> float | None:
    """See :func:`case_ratios`; None for words too rare to judge."""
    return case_ratios().get(word.lower())
