"""The derived casing table: well formed, sorted, and it says what the rules rely on."""
from __future__ import annotations

from mtcheck.rules import data_path
from mtcheck.rules.wordlists import case_ratio


def test_case_ratios_file_is_well_formed() -> None:
    lines = data_path("case_ratios.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# case_ratios.tsv:") and "licence" in lines[0]
    assert lines[1] == "word\tratio"
    words = []
    for line in lines[2:]:
        word, ratio = line.split("\t")
        assert word.isalpha() and word.islower()
        float(ratio)
        words.append(word)
    assert words == sorted(words) and len(words) == len(set(words)) > 50_000


def test_common_nouns_are_rarely_capitalised_and_names_often() -> None:
    for noun in ("podcast", "investment", "double", "strategy"):
        assert case_ratio(noun) < -1.5, noun
    for name in ("google", "berlin", "microsoft"):
        assert case_ratio(name) > 0, name


def test_words_with_zipf_at_least_are_exactly_the_frequent_ones():
    from mtcheck.rules.wordlists import words_with_zipf_at_least, zipf

    frequent = set(words_with_zipf_at_least(5.0))
    assert {"the", "government", "company"} <= frequent
    assert "zeitgeist" not in frequent and zipf("zeitgeist") < 5.0
    assert all(zipf(w) >= 5.0 for w in frequent if w == w.casefold())
    assert 500 < len(frequent) < len(set(words_with_zipf_at_least(4.0)))
