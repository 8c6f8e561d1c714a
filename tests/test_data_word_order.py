"""Hygiene of the WO lexicon (word_order_verbs.tsv) and of the word tables the rules load."""
from __future__ import annotations

from mtcheck.rules import data_path
from mtcheck.rules.word_order import VERB_CLASSES, verb_classes, wordnet_words

NAME = "word_order_verbs.tsv"
HEADER = ("lemma", "class", "note")


def _rows() -> tuple[list[str], list[list[str]]]:
    lines = data_path(NAME).read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "", f"{NAME} must end with a newline"
    return lines, [ln.split("\t") for ln in lines[2:-1]]


def test_comment_and_header() -> None:
    lines, _ = _rows()
    assert lines[0].startswith(f"# {NAME}: ") and "licence: written for mtcheck, MIT" in lines[0]
    assert tuple(lines[1].split("\t")) == HEADER


def test_cells_are_clean() -> None:
    _, rows = _rows()
    assert rows
    for row in rows:
        assert len(row) == len(HEADER), row
        for cell in row:
            assert cell and cell == cell.strip() and "  " not in cell, row
        assert row[0] == row[0].lower() and " " not in row[0], row


def test_classes_are_known() -> None:
    _, rows = _rows()
    assert {r[1] for r in rows} <= set(VERB_CLASSES)


def test_sorted_without_duplicates() -> None:
    _, rows = _rows()
    keys = [(r[0], r[1]) for r in rows]
    assert keys == sorted(keys), f"{NAME} is not sorted on (lemma, class)"
    assert len(set(keys)) == len(keys), f"{NAME} has duplicate rows"


def test_one_note_per_class() -> None:
    _, rows = _rows()
    notes: dict[str, set[str]] = {}
    for lemma, cls, note in rows:
        notes.setdefault(cls, set()).add(note)
    assert all(len(v) == 1 for v in notes.values()), notes


def test_lemmas_are_english_verbs() -> None:
    verbs, _, _ = wordnet_words()
    for cls, lemmas in verb_classes().items():
        unknown = sorted(w for w in lemmas if w not in verbs)
        assert not unknown, (cls, unknown)


def test_every_class_is_used() -> None:
    classes = verb_classes()
    assert set(classes) == set(VERB_CLASSES)
    assert all(classes[c] for c in VERB_CLASSES)


def test_wordnet_tables_load() -> None:
    verbs, nouns, irregular = wordnet_words()
    assert "announce" in verbs and "execute" in verbs and "table" in nouns
    assert irregular["taken"] == "take"
