"""The UT lexicons as data (header, columns, order, enums, no duplicates), what they promise
(lexicon words are German, loanwords are never flagged), and the UT probe suite."""
from __future__ import annotations

import csv
import re

import pytest

from mtcheck.lint import check_text
from mtcheck.rules import data_path
from mtcheck.rules import untranslated as ut

from .conftest import FIXTURES

FILES = {
    ut.LEXICON: ("german", "english", "kind", "condition"),
    ut.LOANWORDS: ("word", "kind", "note"),
    ut.HEADS: ("head", "english"),
}
OPTIONAL = {(ut.LOANWORDS, "note")}
PROBES = FIXTURES / "probes" / "untranslated.tsv"


def _lines(name: str) -> list[str]:
    return data_path(name).read_text(encoding="utf-8").split("\n")


@pytest.mark.parametrize("name", sorted(FILES))
def test_comment_and_header(name: str) -> None:
    lines = _lines(name)
    assert re.fullmatch(rf"# {re.escape(name)}: .+; licence: written for mtcheck, MIT", lines[0])
    assert tuple(lines[1].split("\t")) == FILES[name]
    assert lines[-1] == "", "file must end with one newline"
    assert all(ln for ln in lines[2:-1]), "no blank lines"


@pytest.mark.parametrize("name", sorted(FILES))
def test_rows_are_well_formed_sorted_and_unique(name: str) -> None:
    header = FILES[name]
    rows = [ln.split("\t") for ln in _lines(name)[2:-1]]
    assert rows
    for row in rows:
        assert len(row) == len(header), row
        for col, cell in zip(header, row):
            assert cell == cell.strip() and "  " not in cell, f"stray whitespace in {row}"
            assert cell or (name, col) in OPTIONAL, f"empty {col} in {row}"
    keys = [row[0] for row in rows]
    assert keys == sorted(keys, key=lambda k: (k.casefold(), k)), "rows must be sorted by the first column"
    assert len(keys) == len(set(keys)), "duplicate rows"


def test_lexicon_enums_and_alternatives() -> None:
    for german, english, kind, condition in ut._rows(ut.LEXICON):
        assert kind in ut.KINDS, german
        assert condition in ut.CONDITIONS, german
        assert all(alt and alt == alt.strip() for alt in english.split("|")), german
        if kind == "abbreviation":
            assert german.endswith(".") and " " not in german, german
        if kind == "function":
            assert german.islower() and condition == "lowercase", german
        if condition == "lowercase":
            assert kind == "function", german


def test_loanword_kinds_and_heads() -> None:
    for word, kind, _note in ut._rows(ut.LOANWORDS):
        assert kind in ut.LOANWORD_KINDS, word
    for head, _english in ut._rows(ut.HEADS):
        assert head.islower() and len(head) >= 4, head


def test_lexicon_loads_and_every_abbreviation_matches_itself() -> None:
    lex = ut.lexicon()
    for german in lex.abbreviation_entries:
        assert lex.abbreviations.fullmatch(german), german
    assert lex.phrases is not None and lex.phrases.fullmatch("Künstliche Intelligenz")
    assert ut.loanwords().words and ut.compound_heads()


def test_lexicon_words_are_german_not_english() -> None:
    """A lexicon word English uses as much as German would make false alarms."""
    for german, _english, kind, condition in ut._rows(ut.LEXICON):
        if kind == "abbreviation" or " " in german or condition == "ai-context":
            continue
        english = ut.en_zipf(german)
        assert english == 0.0 or english <= ut.de_zipf(german) - 1.5, german


def test_lexicon_and_loanwords_do_not_overlap() -> None:
    lexicon = {g.casefold() for g, *_ in ut._rows(ut.LEXICON)}
    loans = {w.casefold() for w, *_ in ut._rows(ut.LOANWORDS)}
    assert not lexicon & loans


@pytest.mark.parametrize("word", [w for w, *_ in ut._rows(ut.LOANWORDS)])
def test_loanwords_are_never_flagged(word: str) -> None:
    for text in (f"The {word} was mentioned again on Monday.", f"Analysts said {word} mattered."):
        report = check_text(text, select=("UT",))
        assert not report.files[0].findings, text


def _probes() -> list[dict[str, str]]:
    with PROBES.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_probe_file_shape_and_quotas() -> None:
    assert PROBES.read_text(encoding="utf-8").split("\n", 1)[0] == "code\texpect\tmatch\ttext"
    rows = _probes()
    for r in rows:
        assert r["code"] in ("UT001", "UT002") and r["expect"] in ("flag", "pass"), r
        assert (r["match"] in r["text"] and r["match"]) if r["expect"] == "flag" else not r["match"], r
    assert sum(r["expect"] == "flag" for r in rows) >= 40
    assert sum(r["expect"] == "pass" for r in rows) >= 40
    assert len({r["text"] for r in rows}) == len(rows), "duplicate probe texts"


@pytest.mark.parametrize("row", _probes(), ids=lambda r: f"{r['code']}-{r['expect']}-{r['text'][:40]}")
def test_probe(row: dict[str, str]) -> None:
    result = check_text(row["text"], select=(row["code"],)).files[0]
    flagged = [row["text"][f.range.start:f.range.end] for f in result.findings]
    if row["expect"] == "flag":
        assert row["match"] in flagged, flagged
    else:
        assert flagged == []


def test_language_identification_is_deterministic() -> None:
    text = "The company expects growth. Die Bundesregierung will die Steuern senken, sagte der Minister."
    runs = {tuple((f.range.start, f.range.end) for f in check_text(text, select=("UT002",)).files[0].findings)
            for _ in range(3)}
    assert len(runs) == 1 and next(iter(runs))


def test_german_word_is_silent_inside_a_flagged_german_sentence() -> None:
    text = "Die Bundesregierung will die Steuern senken, sagte der Minister am Montag."
    codes = [f.code for f in check_text(text, select=("UT",)).files[0].findings]
    assert codes == ["UT002"]
