"""Hygiene of the CA lexicons (casing.tsv, casing_names.tsv) and what the rules build from them."""
from __future__ import annotations

import pytest

from mtcheck.rules import data_path
from mtcheck.rules.casing import BRAND_WHEN, NAME_KINDS, _brand_index, brand_entries, known_names

FILES = {
    "casing.tsv": ("correct", "wrong", "when", "evidence", "note"),
    "casing_names.tsv": ("word", "kind", "note"),
}


def _rows(name: str) -> tuple[list[str], list[list[str]]]:
    lines = data_path(name).read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "", f"{name} must end with a newline"
    return lines, [ln.split("\t") for ln in lines[2:-1]]


@pytest.mark.parametrize("name", sorted(FILES))
def test_comment_and_header(name: str) -> None:
    lines, _ = _rows(name)
    assert lines[0].startswith(f"# {name}: ") and "licence: written for mtcheck, MIT" in lines[0]
    assert tuple(lines[1].split("\t")) == FILES[name]


@pytest.mark.parametrize("name", sorted(FILES))
def test_cells_are_clean(name: str) -> None:
    _, rows = _rows(name)
    width = len(FILES[name])
    for row in rows:
        assert len(row) == width, row
        for cell in row:
            assert cell and cell == cell.strip() and "  " not in cell, row
            assert all(part and part == part.strip() for part in cell.split("|")), row


@pytest.mark.parametrize("name", sorted(FILES))
def test_sorted_without_duplicates(name: str) -> None:
    _, rows = _rows(name)
    keys = [(r[0].lower(), r[0]) for r in rows]
    assert keys == sorted(keys), f"{name} is not sorted (case-insensitively) on its first column"
    assert len({k[0] for k in keys}) == len(keys), f"{name} has duplicate first-column entries"


def test_brand_list_is_large_and_valid() -> None:
    entries = brand_entries()
    assert len(entries) >= 150
    seen_wrong: set[str] = set()
    for e in entries:
        assert e.when in BRAND_WHEN, e
        assert e.any_casing or e.wrong, e
        for w in e.wrong:
            assert w not in e.correct, e
            assert w not in seen_wrong, f"wrong form {w!r} listed twice"
            seen_wrong.add(w)
        if e.any_casing:
            # every accepted form is a casing or spacing of the first one, so "*" is well defined
            assert all(c.lower().replace(" ", "") == e.correct[0].lower() for c in e.correct), e
        if e.when == "document":
            assert not e.any_casing, f"{e.correct[0]}: context-dependent entries list their wrong forms"
    keys = [e.correct[0].lower() for e in entries if e.any_casing]
    assert len(keys) == len(set(keys))


# Lowercase forms that are ordinary English words: never flagged without evidence in the document.
ORDINARY_WORDS = frozenset("apple amazon meta windows office word teams edge shell target gap visa oracle "
                           "zoom slack signal notion discord square stripe uber tesla siemens google twitter "
                           "telegram alphabet android intel docker skype photoshop sap canon mini seat puma "
                           "jaguar sap blackberry anthropic threads chrome safari opera outlook excel".split())


def test_ordinary_words_need_document_evidence() -> None:
    from mtcheck.rules.wordlists import zipf

    for e in brand_entries():
        if e.any_casing:
            assert e.correct[0].lower() not in ORDINARY_WORDS, e.correct[0]
        for w in e.wrong:
            if w.lower() in ORDINARY_WORDS or (w.islower() and " " not in w and zipf(w) >= 3.0):
                assert e.when == "document", (e.correct[0], w)


def test_known_names_kinds() -> None:
    names = known_names()
    assert len(names) >= 150
    assert set(names.values()) <= set(NAME_KINDS)


def test_multi_word_forms_compile() -> None:
    index = _brand_index()
    assert index.multi is not None
    for form in index.multi_map:
        assert index.multi.fullmatch(form), form
