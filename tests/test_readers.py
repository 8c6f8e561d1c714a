"""Reading input: encodings, bad files, plain-text blocks, folders."""
from __future__ import annotations

import codecs
import os

import pytest

from mtcheck.document import OffsetMap, TextBuilder
from mtcheck.lint import Linter, check_paths
from mtcheck.readers import FileSelection, InputError, decode, iter_paths, read_file, read_plain

TEXT = "Zuckerberg wants a U -turn: „Straße“ für $ 70 billion.\n"


@pytest.mark.parametrize("data,encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("utf-16"), "utf-16"),  # with BOM
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
])
def test_decodes_utf_variants(data: bytes, encoding: str) -> None:
    text, enc = decode(data, "x.txt")
    assert text == TEXT and enc == encoding


def test_detects_legacy_encoding() -> None:
    data = ("Die Straße führt über die Brücke zum Bahnhof, sagte der Bürgermeister. " * 5).encode("latin-1")
    text, enc = decode(data, "x.txt")
    assert "Straße führt über die Brücke" in text
    assert enc != "utf-8"


def test_binary_is_refused_with_the_file_name() -> None:
    with pytest.raises(InputError, match=r"x\.bin: binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "x.bin")


def test_offsets_are_into_the_decoded_text_without_bom(tmp_path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8"))
    report = check_paths([p], select=("HY001",))
    (f,) = report.files[0].findings
    assert report.files[0].document.source[f.range.start:f.range.end] == "U -turn"
    assert f.range.start == TEXT.index("U -turn")


def test_bad_files_are_reported_and_the_run_goes_on(tmp_path) -> None:
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (tmp_path / "empty.txt").write_bytes(b"")
    report = check_paths([tmp_path])
    assert [os.path.basename(r.path) for r in report.files] == ["empty.txt", "good.txt"]
    assert len(report.errors) == 1 and report.errors[0].path.endswith("bad.txt")
    assert report.files[0].stats.words == 0 and report.files[0].passed


def test_missing_path_is_an_error_not_a_crash(tmp_path) -> None:
    report = check_paths([tmp_path / "nope.txt"])
    assert report.errors[0].message == "no such file or directory"


def test_file_size_limit(tmp_path) -> None:
    p = tmp_path / "big.txt"
    p.write_text("word " * 1000, encoding="utf-8")
    with pytest.raises(InputError, match="limit"):
        read_file(p, max_bytes=100)


def test_folder_walk_is_recursive_sorted_and_filtered(tmp_path) -> None:
    for rel in ["b.txt", "a.md", "sub/c.html", "sub/d.py", ".hidden/e.txt", "skip/f.txt"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Hello.", encoding="utf-8")
    found = [os.path.relpath(p, tmp_path) for p in iter_paths([str(tmp_path)], FileSelection(exclude=("skip",)))]
    assert found == ["a.md", "b.txt", os.path.join("sub", "c.html")]


def test_symlink_loop_is_reported(tmp_path) -> None:
    (tmp_path / "a.txt").write_text("Hello.", encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "loop")
    errors: list[InputError] = []
    found = list(iter_paths([str(tmp_path)], FileSelection(), errors))
    assert [os.path.basename(f) for f in found] == ["a.txt"]
    assert any("symlink loop" in e.reason for e in errors)


def test_plain_text_blocks() -> None:
    doc = read_plain("Title line\n\nFirst para\ncontinues here.\n\n  • item one\n  • item two\n")
    kinds = [(b.kind, doc.text[b.range.start:b.range.end]) for b in doc.blocks]
    assert kinds == [("heading", "Title line"), ("paragraph", "First para\ncontinues here."),
                     ("list_item", "item one"), ("list_item", "item two")]


def test_empty_bullets_are_not_blocks() -> None:
    for text in ("* ", "•", "  - \n\n1. "):
        doc = read_plain(text)
        assert all(b.range.start < b.range.end for b in doc.blocks)


def test_line_and_column_with_crlf() -> None:
    doc = read_plain("one\r\ntwo U -turn\r\n")
    assert doc.line_col(doc.source.index("U -turn")) == (2, 5)


def test_offset_map_maps_entities_and_separators() -> None:
    source = "a &amp; b\n\n<p>cd</p>"
    b = TextBuilder()
    b.verbatim(source, 0, 2)
    b.replace("&", 2, 7)
    b.verbatim(source, 7, 9)
    b.separator("\n\n", 9)
    b.verbatim(source, 14, 16)
    text = b.build()
    assert text == "a & b\n\ncd"
    m = b.offsets
    assert m.to_source(2, 3) == m.to_source(2, 3)
    r = m.to_source(2, 3)
    assert source[r.start:r.end] == "&amp;"
    r = m.to_source(7, 9)
    assert source[r.start:r.end] == "cd"
    r = m.to_source(0, 5)
    assert source[r.start:r.end] == "a &amp; b"


def test_identity_map() -> None:
    m = OffsetMap.identity(10)
    assert (m.to_source(3, 7).start, m.to_source(3, 7).end) == (3, 7)


def test_linter_checks_stdin_format(monkeypatch) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TEXT.encode())))
    report = Linter().check_paths(["-"])
    assert report.files[0].path == "<stdin>"
    assert any(f.code == "HY001" for f in report.files[0].findings)
