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
