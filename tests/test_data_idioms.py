"""Data hygiene of the idiom lexicons (idioms.tsv, shared_idioms.tsv): header, columns, sorting,
duplicates, whitespace, enums, patterns; and the promise that shared idioms are never flagged."""
from __future__ import annotations

import pytest

from mtcheck.lint import check_text
from mtcheck.rules import data_path
from mtcheck.rules.idioms import (
    COLUMNS,
    DOMAINS,
    SEVERITIES,
    SHARED,
    SHARED_COLUMNS,
    TABLE,
    compile_variant,
    compiled,
    load_idioms,
    load_shared,
    match_text,
    split_alternatives,
)

CODES = ("ID001",)


def _rows(name: str) -> tuple[str, list[str], list[list[str]]]:
    lines = data_path(name).read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "", f"{name} must end with a newline"
    lines = lines[:-1]
    return lines[0], lines[1].split("\t"), [ln.split("\t") for ln in lines[2:]]


@pytest.mark.parametrize("name", [TABLE, SHARED])
def test_comment_line_names_file_and_licence(name: str) -> None:
    first, _, _ = _rows(name)
    assert first.startswith(f"# {name}: ")
    assert first.endswith("licence: written for mtcheck, MIT")


@pytest.mark.parametrize("name,columns,required", [(TABLE, COLUMNS, 5), (SHARED, SHARED_COLUMNS, 3)])
def test_columns_cells_and_whitespace(name: str, columns: tuple[str, ...], required: int) -> None:
    _, header, rows = _rows(name)
    assert tuple(header) == columns
    for row in rows:
        assert len(row) == len(columns), row
        assert all(cell for cell in row[:required]), row
        assert all(cell == cell.strip() and "  " not in cell for cell in row), row
        for cell in row:
            if " | " in cell or "|" not in cell:
                continue
            pytest.fail(f"alternatives must be separated by ' | ': {cell!r}")


@pytest.mark.parametrize("name", [TABLE, SHARED])
def test_sorted_and_unique(name: str) -> None:
    _, _, rows = _rows(name)
    keys = [(r[0].casefold(), r[0]) for r in rows]
    assert keys == sorted(keys), name
    assert len({r[0] for r in rows}) == len(rows), name


def test_lexicon_size() -> None:
    assert len(load_idioms()) >= 400
    assert len(load_shared()) >= 40


def test_enums_and_fix_column() -> None:
    _, _, rows = _rows(TABLE)
    for german, literal, idiomatic, severity, domain, fix, _note in rows:
        assert severity in SEVERITIES, german
        assert domain in DOMAINS, german
        assert fix in ("", "yes"), german
        if fix:
            assert len(split_alternatives(idiomatic)) == 1, f"{german}: a fix needs one idiomatic phrase"


def test_every_pattern_compiles_and_no_variant_repeats() -> None:
    variants = compiled()
    assert len(variants) >= len(load_idioms())
    texts = [v.text for v in variants]
    assert len(set(texts)) == len(texts), sorted(t for t in set(texts) if texts.count(t) > 1)


@pytest.mark.parametrize("bad", ["", "~ crowbar", "unpack the *", "Crowbar", "the", "un-pack crowbar",
                                 "unpack //crowbar"])
def test_bad_patterns_are_rejected(bad: str) -> None:
    from mtcheck.rules.idioms import PatternError

    idiom = load_idioms()[0]
    with pytest.raises(PatternError):
        compile_variant(bad, "x", idiom)


def test_each_variant_matches_its_own_wording() -> None:
    """A variant without gaps, written out as listed (first alternatives), is flagged."""
    missed = []
    for v in compiled():
        for plain in sorted(v.plain)[:1]:
            text = plain.replace(" 's", "'s").replace(" - ", "-").replace(" ,", ",")
            if not any(m.variant.idiom is v.idiom for m in match_text(text)):
                missed.append((v.idiom.german, v.text, text))
    assert not missed, missed[:20]


def test_fix_rows_offer_a_fix() -> None:
    for idiom in load_idioms():
        if not idiom.fix:
            continue
        variant = next(v for v in compiled() if v.idiom is idiom and v.plain)
        plain = max(sorted(variant.plain), key=len).replace(" 's", "'s")
        (result,) = check_text(f"They said it was {plain}.", select=CODES).files
        assert [f.fix for f in result.findings if f.fix], (idiom.german, plain)


def test_idiomatic_suggestions_are_not_flagged() -> None:
    flagged = []
    for idiom in load_idioms():
        for alternative in idiom.idiomatic:
            for m in match_text(alternative):
                flagged.append((idiom.german, alternative, m.variant.idiom.german))
    assert not flagged, flagged[:20]


@pytest.mark.parametrize("row", load_shared(), ids=lambda r: r[0])
def test_shared_idiom_is_never_flagged(row: tuple[str, str, str]) -> None:
    english, _german, example = row
    assert not match_text(english), english
    (result,) = check_text(example, select=CODES).files
    assert not result.findings, [(f.code, example[f.range.start:f.range.end]) for f in result.findings]
