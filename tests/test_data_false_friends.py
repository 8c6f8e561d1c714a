"""Data hygiene for the FF lexicon (false_friends.tsv) and its condition language."""
from __future__ import annotations

import re

import pytest

from mtcheck.rules import data_path
from mtcheck.rules.false_friends import (
    CLASSES,
    COLUMNS,
    DATA_FILE,
    INFLECTIONS,
    KINDS,
    SEVERITIES,
    Site,
    expand_classes,
    find,
    inflected_forms,
    lexicon,
    parse_condition,
    read_rows,
)
from mtcheck.rules.wordlists import zipf

ROWS = read_rows()


def test_first_line_names_the_file_and_licence() -> None:
    first = data_path(DATA_FILE).read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(f"# {DATA_FILE}: ")
    assert first.endswith("licence: written for mtcheck, MIT")


def test_header_and_column_count() -> None:
    lines = [ln for ln in data_path(DATA_FILE).read_text(encoding="utf-8").splitlines()
             if not ln.startswith("#")]
    assert tuple(lines[0].split("\t")) == COLUMNS
    for ln in lines[1:]:
        assert len(ln.split("\t")) == len(COLUMNS), ln


def test_size() -> None:
    assert len(ROWS) >= 150
    assert sum(r["kind"] == "pseudo-anglicism" for r in ROWS) >= 30


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['word']}|{r['condition'][:30]}")
def test_cells_are_clean(row: dict[str, str]) -> None:
    for col in COLUMNS:
        cell = row[col]
        assert cell, f"empty {col}"
        assert cell == cell.strip() and "  " not in cell, f"stray whitespace in {col}: {cell!r}"
    assert row["word"] == row["word"].lower()
    assert re.fullmatch(r"[^\W\d_][\w'-]*(?: [\w'-]+)*", row["word"]), row["word"]
    assert row["kind"] in KINDS
    assert row["inflect"] in INFLECTIONS
    assert row["severity"] in SEVERITIES
    assert not row["suggestion"].endswith("."), "suggestions are words, not sentences"


def test_sorted_and_unique() -> None:
    keys = [(r["word"], r["german"], r["condition"]) for r in ROWS]
    assert keys == sorted(keys), "sort rows by word, german, condition"
    pairs = [(r["word"], r["condition"]) for r in ROWS]
    assert len(pairs) == len(set(pairs)), "duplicate word + condition"


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['word']}|{r['condition'][:30]}")
def test_condition_parses(row: dict[str, str]) -> None:
    parse_condition(row["condition"])  # raises ValueError when malformed


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['word']}|{r['condition'][:30]}")
def test_unconditional_only_for_phrases_and_non_english_words(row: dict[str, str]) -> None:
    if parse_condition(row["condition"]).is_any:
        word = row["word"]
        assert " " in word or zipf(word) < 2.0, (
            f"“{word}” is an English word (Zipf {zipf(word)}): give it a context condition")


def test_every_entry_loads_and_its_forms_are_distinct() -> None:
    entries = lexicon()
    assert len(entries) == len(ROWS)
    for e in entries:
        forms = e.forms
        assert forms[0] == e.word and len(set(forms)) == len(forms), forms


def test_word_classes_are_clean() -> None:
    for name, members in CLASSES.items():
        assert re.fullmatch(r"[a-z_]+", name)
        assert list(members) == sorted(set(members)), name
        assert all(m == m.lower() == m.strip() for m in members), name
        re.compile(expand_classes(f"@{name}"))


# --- the condition language -------------------------------------------------------------------


def _site(sentence: str, target: str) -> Site:
    start = sentence.index(target)
    return Site(sentence, start, start + len(target), 0, len(sentence))


@pytest.mark.parametrize("condition,sentence,target,expected", [
    ("any", "The chef cooked.", "chef", True),
    ("next:{of,for}", "The chef of the party.", "chef", True),
    ("next:{of,for}", "The chef, of course.", "chef", False),  # a comma breaks adjacency
    ("prev:{vw,tesla}", "VW-Chef Herbert Diess.", "Chef", True),
    ("prev:{vw,tesla}", "The chef.", "chef", False),
    ("after:4:{money}", "He got a lot of money.", "got", True),
    ("after:3:{money}", "He got a lot of money.", "got", False),
    ("before:2:{the,a}", "He saw the old chef.", "chef", True),
    (r"right:/^\s+of\s+the\b/", "The chef of the party.", "chef", True),
    (r"left:/\bthe\s+$/", "The chef of the party.", "chef", True),
    (r"sentence:/\bparty\b/", "The chef of the party.", "chef", True),
    (r"surface:/(?-i:Chef)/", "The Chef.", "Chef", True),
    (r"surface:/(?-i:Chef)/", "The chef.", "chef", False),
    ("initial", "Current: the news.", "Current", True),
    ("initial", "The current: news.", "current", False),
    ("midcap", "His Handy rang.", "Handy", True),
    ("midcap", "Handy is useful.", "Handy", False),
    ("lower", "His handy rang.", "handy", True),
    ("!lower", "His handy rang.", "handy", False),
    ("next:{rang} & prev:{his}", "His handy rang.", "handy", True),
    ("next:{x} & prev:{his}", "His handy rang.", "handy", False),
    ("next:{x} | prev:{his}", "His handy rang.", "handy", True),
    (r"right:/^\s+in\s+@de_state\b/", "The land in Lower Saxony.", "land", True),
    (r"right:/^\s+\/\s/", "The chef / boss.", "chef", True),
])
def test_condition_semantics(condition: str, sentence: str, target: str, expected: bool) -> None:
    assert parse_condition(condition)(_site(sentence, target)) is expected


@pytest.mark.parametrize("bad", [
    "", " any", "anything", "next:{a,b", "next:{A}", "next:{two words}", "next:{}", "prev:a",
    "right:/(/", "right:/x/ && lower", "lower &", "any & lower", "!any", "after:99:{a}",
    r"right:/@nosuchclass/",
])
def test_malformed_conditions_are_rejected(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_condition(bad)


def test_inflected_forms() -> None:
    assert inflected_forms("chef", "noun") == ("chef", "chefs")
    assert inflected_forms("chef editor", "noun") == ("chef editor", "chef editors")
    assert inflected_forms("kick", "verb") == ("kick", "kicks", "kicked", "kicking")
    assert inflected_forms("note", "verb") == ("note", "notes", "noted", "noting")
    assert inflected_forms("become", "verb") == ("become", "becomes", "became", "becoming")
    assert inflected_forms("go into rent", "verb")[2] == "went into rent"
    assert inflected_forms("milliard", "none") == ("milliard",)


def test_overlapping_candidates_fall_back_to_the_shorter_entry() -> None:
    text = "The VW chef doctor and the VW chef."
    found = [(text[s.start:s.end], e.word) for s, e in find(text, 0, len(text), "false-friend")]
    assert found == [("chef doctor", "chef doctor"), ("chef", "chef")]


def test_lazy_conditions_compile_their_regex_on_first_use_and_agree() -> None:
    lazy = parse_condition("right:/^ (?:of|for)\\b/ | sentence:/\\bmoney\\b/", lazy=True)
    eager = parse_condition("right:/^ (?:of|for)\\b/ | sentence:/\\bmoney\\b/")
    for sentence, target in [("a chef of the house", "chef"), ("the chef has money", "chef"),
                             ("the chef cooks", "chef")]:
        assert lazy(_site(sentence, target)) is eager(_site(sentence, target))
    broken = parse_condition("right:/(/", lazy=True)  # parsed; the regex is compiled when used
    with pytest.raises(ValueError):
        broken(_site("a chef here", "chef"))


@pytest.mark.parametrize("variant", ["public viewing", "public vıewing", "PUBLİC VIEWING", "publıc viewing",
                                     "chefſ"])
def test_letters_ignorecase_folds_do_not_break_the_phrase_lookup(variant):
    """"ſ", "ı" and "İ" match "s"/"i" case-insensitively but do not lowercase to them: a word
    spelled with one once raised KeyError; now it is looked up as the regex matched it."""
    from mtcheck.lint import check_text

    text = f"Fans gathered for the {variant} of the final."
    found = [(f.code, text[f.range.start:f.range.end]) for r in check_text(text).files for f in r.findings]
    if variant == "chefſ":
        assert found == []  # looked up as "chefs", whose condition does not hold here
    else:
        assert found == [("FF002", variant)]
