"""Word evidence shared by rules: English frequencies from wordfreq, loaded once."""
from __future__ import annotations

import gzip
import importlib.util
import os
from functools import cache, lru_cache
from typing import Iterator


@cache
def _buckets(lang: str) -> dict[str, int]:
    """wordfreq's large word list for ``lang``: word -> bucket, where bucket ``i`` holds the
    words of Zipf frequency 9 - i/100. The file is read directly (gzip + msgpack, the format
    wordfreq's ``read_cBpack`` reads): importing wordfreq and building its frequency dict word
    by word took about 0.1 s more at start-up for the English and German lists."""
    import msgpack

    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the wordfreq package is not installed")
    path = os.path.join(spec.submodule_search_locations[0], "data", f"large_{lang}.msgpack.gz")
    with gzip.open(path, "rb") as fh:
        data = msgpack.load(fh, raw=False)
    header = data[0]
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        raise RuntimeError(f"unexpected wordfreq list format in {path}: {header!r}")
    out: dict[str, int] = {}
    for i, bucket in enumerate(data[1:]):
        out.update(dict.fromkeys(bucket, i))  # a word listed twice keeps its last bucket, as in wordfreq
    return out


def words_with_zipf_at_least(minimum: float, lang: str = "en") -> Iterator[str]:
    """The words of ``lang``'s list whose :func:`zipf` is at least ``minimum``."""
    for word, bucket in _buckets(lang).items():
        if round(9 - bucket / 100, 2) >= minimum:
            yield word


@lru_cache(maxsize=1 << 17)  # rules look the same words up again and again
def zipf(word: str, lang: str = "en") -> float:
    """Zipf frequency (log10 of occurrences per billion words) of ``word``; 0.0 if unknown.
    Keys are casefolded, so German "ß" is looked up as "ss"."""
    i = _buckets(lang).get(word.casefold())
    return 0.0 if i is None else round(9 - i / 100, 2)


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
