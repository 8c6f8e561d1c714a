"""Word evidence shared by rules: English frequencies from wordfreq, loaded once."""
from __future__ import annotations

from functools import cache


@cache
def english_frequencies() -> dict[str, float]:
    """Lowercased English word -> Zipf frequency (wordfreq's large list; ships in the package)."""
    import math

    from wordfreq import get_frequency_dict

    return {w: round(math.log10(f) + 9, 2) for w, f in get_frequency_dict("en", "large").items() if f > 0}


def zipf(word: str) -> float:
    return english_frequencies().get(word.lower(), 0.0)


@cache
def case_ratios() -> dict[str, float]:
    """lowercase word -> ln P("Word") - ln P("word"), from spaCy's cased lexeme probabilities
    (spacy-lookups-data ``en_lexeme_prob``): how much more often English writes the word with a
    capital. Common nouns score far below zero ("podcast", "investment"); names near or above
    it ("google"). Rare words (ln P < -16.5) are left out; a word never seen capitalised gets
    ln P = -20 for its capitalised form."""
    import gzip
    import json
    from importlib import resources

    ref = resources.files("spacy_lookups_data") / "data" / "en_lexeme_prob.json.gz"
    with ref.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        probs: dict[str, float] = json.load(fh)
    out: dict[str, float] = {}
    for word, lp in probs.items():
        if lp < -16.5 or len(word) < 2 or not word.isalpha() or not word.islower():
            continue
        title = probs.get(word[0].upper() + word[1:])
        out[word] = round((title if title is not None else -20.0) - lp, 2)
    return out


def case_ratio(word: str) -> float | None:
    """See :func:`case_ratios`; None for words too rare to judge."""
    return case_ratios().get(word.lower())
