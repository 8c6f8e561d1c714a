"""Data hygiene of the calque and heading lexicons (calques.tsv, calques_one_names.tsv,
headings.tsv): header, columns, sorting, duplicates, whitespace, enums, patterns."""
from __future__ import annotations

import re

import pytest

from mtcheck.rules import REGISTRY, data_path
from mtcheck.rules.calques import (
    NAMES,
    TABLE,
    TABLE_COLUMNS,
    _compiled,
    expand,
    load_table,
)
from mtcheck.rules.headings import COLUMNS as HEADING_COLUMNS
from mtcheck.rules.headings import DATA as HEADINGS
from mtcheck.rules.headings import SCOPES, load_headings


def _rows(name: str) -> tuple[str, list[str], list[list[str]]]:
    lines = data_path(name).read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "", f"{name} must end with a newline"
    lines = lines[:-1]
    first = lines[0]
    header = lines[1].split("\t")
    rows = [ln.split("\t") for ln in lines[2:]]
    return first, header, rows


@pytest.mark.parametrize("name", [TABLE, NAMES, HEADINGS])
def test_comment_line_names_file_and_licence(name: str) -> None:
    first, _, _ = _rows(name)
    assert first.startswith(f"# {name}: ")
    assert first.endswith("licence: written for mtcheck, MIT")


@pytest.mark.parametrize("name,columns,required", [
    (TABLE, TABLE_COLUMNS, 5),
    (NAMES, ("word", "kind"), 2),
    (HEADINGS, HEADING_COLUMNS, 4),
])
def test_columns_cells_and_whitespace(name: str, columns: tuple[str, ...], required: int) -> None:
    _, header, rows = _rows(name)
    assert tuple(header) == columns
    assert rows
    for row in rows:
        assert len(row) == len(columns), row
        assert all(cell for cell in row[:required]), row
        assert all(cell == cell.strip() and "  " not in cell for cell in row), row


def test_calques_sorted_unique_and_registered() -> None:
    _, _, rows = _rows(TABLE)
    keys = [(r[0], r[1], r[3]) for r in rows]
    assert keys == sorted(keys)
    assert len({(r[0], r[3]) for r in rows}) == len(rows)
    for code, *_ in rows:
        assert re.fullmatch(r"ID1\d\d", code) and code in REGISTRY, code
        assert TABLE in REGISTRY[code].meta.data


@pytest.mark.parametrize("row", load_table(), ids=lambda r: f"{r.code}-{r.pattern[:30]}")
def test_calque_pattern_compiles_with_flag_group(row) -> None:
    regex = re.compile(expand(row.pattern), re.IGNORECASE | re.MULTILINE)
    assert "f" in regex.groupindex, "every pattern marks the flagged text with (?P<f>...)"
    for name in re.findall(r"\\g<(\w+)>", row.replacement):
        assert name in regex.groupindex, (name, row.replacement)
    assert "<S>" not in expand(row.pattern)
    assert all(t and t == t.lower() for t in row.trigger.split("|")), row.trigger


def test_every_table_rule_compiles_as_one_expression() -> None:
    for code in sorted({r.code for r in load_table()}):
        comp = _compiled(code)
        every_row = tuple(range(len(comp.rows)))
        assert comp.rows and comp.regex(every_row).groups  # compiled lazily: compile each one here


def test_one_names_sorted_lowercase_unique() -> None:
    _, _, rows = _rows(NAMES)
    words = [r[0] for r in rows]
    assert words == sorted(set(words))
    assert all(w == w.lower() and w.isalpha() for w in words)
    assert {r[1] for r in rows} <= {"brand", "currency", "identity", "institution", "party", "place"}


def test_headings_sorted_unique_and_valid() -> None:
    _, _, rows = _rows(HEADINGS)
    literals = [r[1].lower() for r in rows]
    assert literals == sorted(literals)
    assert len(set(literals)) == len(literals)
    for german, literal, idiomatic, scope in rows:
        assert scope in SCOPES
        assert literal[:1].isupper() and german[:1].isupper() and idiomatic[:1].isupper()
        assert literal.lower() != idiomatic.lower()
    assert len(load_headings()) == len(rows)


def test_triggers_cover_every_match_in_fixtures_and_probes() -> None:
    """The pre-filter may only skip blocks that cannot match: wherever a row's expression
    matches a fixture or probe text, one of the row's triggers is in that text."""
    import csv

    from mtcheck.config import tomllib

    from .conftest import FIXTURES

    texts: dict[str, list[str]] = {}
    for path in (FIXTURES / "rules").glob("ID1*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        texts.setdefault(data["rule"], []).extend(c["text"] for k in ("fail", "pass") for c in data.get(k, []))
    with (FIXTURES / "probes" / "calques.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            texts.setdefault(row["code"], []).append(row["text"])
    matched = 0
    for row in load_table():
        regex = re.compile(expand(row.pattern), re.IGNORECASE | re.MULTILINE)
        for text in texts.get(row.code, []):
            if regex.search(text):
                matched += 1
                assert any(t in text.lower() for t in row.trigger.split("|")), (row.trigger, text)
    assert matched >= 50
