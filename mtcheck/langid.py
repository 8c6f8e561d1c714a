"""Language identification: langdetect, seeded, with its profiles read lazily.

langdetect's own factory builds, the first time it is used, a table from every n-gram of its 55
language profiles to a list of 55 probabilities: about 0.35 s and 60 MB in every process that
meets one candidate sentence. mtcheck asks about a few sentences per corpus, so here the table
fills in one n-gram at a time, when the detector first asks for it, from the same profile files
with the same arithmetic and the same language order. The answers are langdetect's.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any


def detect_langs(text: str) -> list[Any]:
    """langdetect's ``detect_langs(text)`` (a list of ``Language(lang, prob)``, most likely
    first), seeded, so the same text always gets the same answer. Raises langdetect's
    ``LangDetectException`` when the text has no features to go on."""
    detector = _factory().create()
    detector.append(text)
    return detector.get_probabilities()


@cache
def _factory() -> Any:
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
    from langdetect.utils.lang_profile import LangProfile

    factory = DetectorFactory()
    factory.seed = 0  # on this factory only, not on langdetect's class
    profiles: list[tuple[Mapping[str, int], list[int]]] = []
    # The files in the order langdetect's load_profile reads them: a language's index in the
    # probability lists is its position here.
    for filename in os.listdir(PROFILES_DIRECTORY):
        path = os.path.join(PROFILES_DIRECTORY, filename)
        if filename.startswith(".") or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as fh:
            profile = LangProfile(**json.load(fh))
        factory.langlist.append(profile.name)
        profiles.append((profile.freq, profile.n_words))
    factory.word_lang_prob_map = _NgramProbabilities(profiles)
    return factory


class _NgramProbabilities(Mapping):
    """n-gram -> its probability in each language, as ``DetectorFactory.add_profile`` computes
    it, worked out when first asked for."""

    def __init__(self, profiles: list[tuple[Mapping[str, int], list[int]]]) -> None:
        self._profiles = profiles
        self._ngrams = frozenset().union(*(freq.keys() for freq, _ in profiles))
        self._probs: dict[str, list[float]] = {}

    def __contains__(self, ngram: object) -> bool:
        return ngram in self._ngrams

    def __getitem__(self, ngram: str) -> list[float]:
        probs = self._probs.get(ngram)
        if probs is None:
            if ngram not in self._ngrams:
                raise KeyError(ngram)
            n = len(ngram)
            # ``freq`` is a defaultdict: test membership first, never index a missing n-gram.
            probs = [1.0 * freq[ngram] / n_words[n - 1] if 1 <= n <= 3 and ngram in freq else 0.0
                     for freq, n_words in self._profiles]
            self._probs[ngram] = probs
        return probs

    def __iter__(self) -> Iterator[str]:
        return iter(self._ngrams)

    def __len__(self) -> int:
        return len(self._ngrams)
