"""mtcheck.langid: langdetect's answers, from profiles read lazily."""
from __future__ import annotations

import random

import pytest
from langdetect import DetectorFactory
from langdetect import detect_langs as langdetect_detect_langs
from langdetect.lang_detect_exception import LangDetectException

from mtcheck import langid

from .conftest import SHARED

WMT = SHARED / "corpora" / "wmt21-deen"


def _answer(detect, text: str):
    try:
        return [(lang.lang, lang.prob) for lang in detect(text)]
    except LangDetectException as exc:
        return ("error", exc.code)


def _samples() -> list[str]:
    lines = (WMT / "newstest2021.de-en.src.de").read_text(encoding="utf-8").splitlines()[:150]
    lines += (WMT / "newstest2021.de-en.ref.A.en").read_text(encoding="utf-8").splitlines()[:150]
    rng = random.Random(7)
    words = " ".join(lines).split()
    mixed = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 8))) for _ in range(200)]
    return lines + mixed + ["", "1234", "Ki strategy", "über", "日本語のテキスト", "Привет мир", "x y"]


def test_the_same_answers_as_langdetect(monkeypatch):
    monkeypatch.setattr(DetectorFactory, "seed", 0)  # langdetect's own factory, seeded alike
    texts = _samples()
    ours = [_answer(langid.detect_langs, t) for t in texts]
    theirs = [_answer(langdetect_detect_langs, t) for t in texts]
    assert ours == theirs
    assert {a[0][0] for a in ours if a and a[0] != "error"} >= {"de", "en"}
    assert ("error", ours[-6][1]) == ours[-6]  # the empty text: no features, as in langdetect


def test_seeded_on_its_own_factory_only():
    before = DetectorFactory.seed
    first = _answer(langid.detect_langs, "Die Regierung hat den Plan gestern vorgestellt.")
    assert first[0][0] == "de"
    assert all(_answer(langid.detect_langs, "Die Regierung hat den Plan gestern vorgestellt.") == first
               for _ in range(3))
    assert DetectorFactory.seed == before  # langdetect's class default is left alone


def test_probabilities_are_worked_out_only_for_the_ngrams_asked_about():
    langid._factory.cache_clear()  # a fresh table, whatever other tests asked before
    table = langid._factory().word_lang_prob_map
    langid.detect_langs("Eine kurze Frage.")
    assert "Fra" in table and table["Fra"] is table["Fra"]
    assert len(table._probs) < len(table) / 100
    with pytest.raises(KeyError):
        table["\x00not an n-gram"]
