"""Results held until the report is written keep only what the reports show (FileResult.slim):
the CLI builds its report without any Document, and every format renders byte for byte as
from the full results."""
from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from mtcheck.cli import main
from mtcheck.document import Document
from mtcheck.lint import Linter, check_text
from mtcheck.render import RENDERERS, SUFFIXES
from mtcheck.render.json import dumps_indented
from mtcheck.report import SourceLines

from .conftest import MIXED_HTML as HTML
from .conftest import MIXED_MARKDOWN as MARKDOWN
from .conftest import SEED

DUPLICATES = ("The cat sat on the mat and looked out of the window.\nIt was a quiet day.\n\n" * 2
              + "Follow us on Twitter and Facebook.\nSee also:\n")
FORMATS = ("text", "json", "jsonl", "sarif", "github", "junit", "html")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Line breaks of every kind, UTF-16, characters outside the BMP, no final line break,
    findings spanning lines, Markdown and HTML, control characters, an unreadable file."""
    root = tmp_path_factory.mktemp("slim")
    seed = SEED.read_text(encoding="utf-8")
    (root / "seed.txt").write_text(seed, encoding="utf-8")
    (root / "crlf.txt").write_bytes(seed.replace("\n", "\r\n").encode())
    (root / "cr.txt").write_bytes(seed.replace("\n", "\r").encode())
    (root / "utf16.txt").write_bytes(seed.encode("utf-16"))
    (root / "emoji.txt").write_text("🙂 " + seed.replace("Zuckerberg", "Zuckerberg 😀"), encoding="utf-8")
    (root / "noeol.txt").write_text(seed.rstrip("\n") + " the the", encoding="utf-8")
    (root / "dup.txt").write_text(DUPLICATES, encoding="utf-8")
    (root / "ctrl.txt").write_text("Hello\x1b[31m world , the the end.\n\u2028 a „quote“ here.\n", encoding="utf-8")
    (root / "notes.md").write_text(MARKDOWN, encoding="utf-8")
    (root / "page.html").write_text(HTML, encoding="utf-8")
    (root / "empty.txt").write_text("", encoding="utf-8")
    (root / "broken.txt").write_bytes(b"\x00\x01binary\x00\xff" * 20)
    return root


@pytest.fixture(scope="module")
def reports(corpus) -> dict:
    linter = Linter()
    return {keep: linter.check_paths([str(corpus)], keep=keep) for keep in ("document", "source", "lines")}


def test_slim_results_hold_no_document(reports) -> None:
    full, source, lines = reports["document"], reports["source"], reports["lines"]
    assert len(full.files) == 11 and len(full.errors) == 1
    assert all(isinstance(r.document, Document) for r in full.files)
    for r in source.files:
        assert isinstance(r.document, SourceLines) and r.document.whole
    for r in lines.files:
        assert isinstance(r.document, SourceLines) and not r.document.whole
    for a, b, c in zip(full.files, source.files, lines.files):
        assert a.findings == b.findings == c.findings and a.stats == b.stats == c.stats
        assert a.path == b.path == c.path and b.source == a.document.source
        assert (a.document.format, a.document.encoding) == (c.document.format, c.document.encoding)
    with pytest.raises(ValueError, match="only the lines with findings"):
        _ = lines.files[0].source


def test_only_the_flagged_lines_are_kept() -> None:
    clean = "The council met on Tuesday and approved the budget for next year.\n\n" * 200
    text = clean + "Zuckerberg wants a U -turn.\nIt was announced on Monday.\n\n" + clean
    full = check_text(text, select=("HY",)).files[0]
    slim = full.slim("lines")
    assert [f.code for f in full.findings] == ["HY001"]
    assert slim.document.texts == ("Zuckerberg wants a U -turn.\n",)
    assert slim.document.first_lines == (401,) and slim.document.offsets == (len(clean),)
    # What a large run holds per file: the flagged lines, not the source, prose view, blocks
    # and offset map.
    assert len(pickle.dumps(slim)) * 20 < len(pickle.dumps(full))


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_the_same_from_slim_results(reports, fmt) -> None:
    full = RENDERERS[fmt](reports["document"], color=fmt == "text")
    assert RENDERERS[fmt](reports["source"], color=fmt == "text") == full
    if fmt != "html":  # the HTML report shows each whole article: it needs keep="source"
        assert RENDERERS[fmt](reports["lines"], color=fmt == "text") == full


def test_kept_lines_answer_as_the_document_does(reports) -> None:
    for full, slim in zip(reports["document"].files, reports["lines"].files):
        doc = full.document
        for f in full.findings:
            ranges = [f.range, *(e.range for e in (f.fix.edits if f.fix else ()))]
            for r in ranges:
                assert slim.excerpt(r.start, r.end) == doc.source[r.start:r.end]
                for offset in (r.start, r.end, max(r.start, r.end - 1)):
                    assert slim.line_col(offset) == doc.line_col(offset)
                line = doc.line_col(r.start)[0]
                assert slim.line_text(line) == full.line_text(line)


def test_offsets_outside_the_kept_lines_are_refused(reports) -> None:
    full = next(r for r in reports["document"].files if r.path.endswith("dup.txt"))
    slim = full.slim("lines")
    assert slim.document.texts  # the duplicated paragraph and the boilerplate lines
    unkept = next(i for i in range(len(full.document.source))
                  if not any(o <= i <= o + len(t) for o, t in zip(slim.document.offsets, slim.document.texts)))
    with pytest.raises(ValueError, match="not in the kept lines"):
        slim.line_col(unkept)
    assert slim.slim("source") is slim  # what was dropped cannot come back


def test_slim_results_travel_between_processes(reports) -> None:
    for r in reports["lines"].files + reports["source"].files:
        copy = pickle.loads(pickle.dumps(r))
        assert copy == r
        for f in r.findings:
            assert copy.line_col(f.range.start) == r.line_col(f.range.start)


@pytest.mark.parametrize("args, whole", [
    (("--format", "json"), False),
    (("--format", "text", "--format", "sarif", "--output-dir", "OUT"), False),
    (("--format", "html", "-o", "OUT/r.html"), True),
    (("--format", "json", "--format", "html", "--output-dir", "OUT"), True),
    (("--fix", "--format", "junit"), False),
])
def test_cli_report_holds_no_document(corpus, tmp_path, monkeypatch, args, whole) -> None:
    held: list = []
    real = Linter.report

    def spy(self, results, errors=()):
        held.extend(results)
        return real(self, results, errors)

    monkeypatch.setattr(Linter, "report", spy)
    folder = tmp_path / "corpus"
    folder.mkdir()
    for p in corpus.iterdir():  # a copy: --fix writes
        (folder / p.name).write_bytes(p.read_bytes())
    args = tuple(a.replace("OUT", str(tmp_path / "out")) for a in args)
    if "-o" in args:
        (tmp_path / "out").mkdir()
    r = CliRunner().invoke(main, ["check", str(folder), "--jobs", "1", *args])
    assert r.exit_code == 2, r.output  # broken.txt is an input error; the others are reported
    assert len(held) == 11
    assert all(isinstance(h.document, SourceLines) and h.document.whole is whole for h in held)


def test_cli_output_is_the_same_as_from_full_results(corpus, tmp_path) -> None:
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["check", str(corpus), "--jobs", "1", "--output-dir", str(out),
                                  *(a for fmt in FORMATS for a in ("--format", fmt))])
    assert r.exit_code == 2, r.output
    full = Linter().check_paths([str(corpus)])
    for fmt in FORMATS:
        assert (out / f"mtcheck{SUFFIXES[fmt]}").read_text(encoding="utf-8") == RENDERERS[fmt](full, color=False), fmt


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(value=_JSON, depth=st.integers(0, 5))
def test_dumps_indented_is_json_dumps_byte_for_byte(value, depth) -> None:
    assert dumps_indented(value, depth) == json.dumps(value, ensure_ascii=False, indent=2)


def test_dumps_indented_writes_iterators_as_lists() -> None:
    data = {"files": iter([{"a": [1, "x\ny"]}, {}]), "none": iter([]), "n": 1}
    assert dumps_indented(data, 2, end="\n") == json.dumps(
        {"files": [{"a": [1, "x\ny"]}, {}], "none": [], "n": 1}, ensure_ascii=False, indent=2) + "\n"


# -- bilingual files: the unit of each finding survives slimming --------------------------------
@pytest.fixture(scope="module")
def bilingual_full():
    from .test_formats import FIXTURES, jsonl_result, paired_result, xliff_result

    linter = Linter()
    jsonl = (FIXTURES / "bilingual" / "sample.jsonl").read_bytes().decode("utf-8")
    return [xliff_result(linter), paired_result(linter), jsonl_result(jsonl, "sample.jsonl", linter)]


@pytest.mark.parametrize("keep", ["source", "lines"])
def test_bilingual_results_keep_their_units(bilingual_full, keep) -> None:
    linter = Linter()
    full = linter.report(bilingual_full)
    slim = linter.report([r.slim(keep) for r in bilingual_full])
    for a, b in zip(full.files, slim.files):
        assert isinstance(b.document, SourceLines) and b.bilingual and a.bilingual
        assert b.source_language == a.document.source_language
        assert [b.unit_of(f) and b.unit_of(f).id for f in b.findings] == \
               [a.unit_of(f) and a.unit_of(f).id for f in a.findings]
        copy = pickle.loads(pickle.dumps(b))
        assert copy == b and [copy.unit_of(f) for f in copy.findings] == [b.unit_of(f) for f in b.findings]
    assert any(r.unit_of(f) is None for r in slim.files for f in r.findings)  # the appended paragraph
    for fmt in FORMATS:
        if fmt != "html" or keep == "source":
            assert RENDERERS[fmt](slim, color=fmt == "text") == RENDERERS[fmt](full, color=fmt == "text"), fmt


def test_slim_lines_keep_only_the_flagged_units() -> None:
    from .test_formats import jsonl_result

    clean = [json.dumps({"id": f"u{i}", "src": "Der Rat tagte am Dienstag.", "mt": "The council met on Tuesday."})
             for i in range(300)]
    flagged = json.dumps({"id": "bad", "src": "Es kostet 2,4 Mrd. Euro.", "mt": "It costs 2,4 Mrd. Euro."})
    full = jsonl_result("\n".join(clean[:150] + [flagged] + clean[150:]) + "\n", "big.jsonl")
    assert full.findings and {full.unit_of(f).id for f in full.findings} == {"bad"}
    assert len(full.units) == 301 and full.units[150].source == "Es kostet 2,4 Mrd. Euro."
    lines = full.slim("lines")
    (unit,) = lines.units  # no source text: no line-based report shows it
    assert (unit.id, unit.source, unit.start, unit.end) == ("bad", None, full.units[150].start, full.units[150].end)
    whole = full.slim("source")
    assert whole.units == full.units  # the HTML report shows every unit with its source text


def test_monolingual_results_have_no_units(reports) -> None:
    for keep in ("document", "source", "lines"):
        for r in reports[keep].files:
            assert not r.bilingual and r.units == ()
            assert all(r.unit_of(f) is None for f in r.findings)
            if keep != "document":
                assert r.document.units is None
