"""Bilingual readers: XLIFF 1.2/2.0, TMX, PO, JSON Lines, and plain source/target pairing.

Every reader is tested on a valid sample, on malformed input and on hostile input; offsets are
checked character by character against what the file writes.
"""
from __future__ import annotations

import json
import re
from xml.sax.saxutils import escape as xml_escape

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtcheck.bilingual import (
    FORMAT_BY_SUFFIX,
    align_with_source,
    pair_with_source,
    read_bilingual,
    read_jsonl,
    read_po,
    read_tmx,
    read_xliff,
)
from mtcheck.config import Settings
from mtcheck.document import Document
from mtcheck.lint import Linter
from mtcheck.readers import InputError, read_plain

from .conftest import FIXTURES

BILINGUAL = FIXTURES / "bilingual"
SECRET = "TOP-SECRET-7f3a9c"
XLIFF_UNIT = '<xliff version="1.2"><file source-language="de"><body>{}</body></file></xliff>'


def fixture(name: str) -> str:
    return (BILINGUAL / name).read_text(encoding="utf-8")  # newlines as in the file


def read(name: str) -> Document:
    return read_bilingual(fixture(name), name, FORMAT_BY_SUFFIX["." + name.rsplit(".", 1)[-1]])


def written(doc: Document, i: int) -> str:
    """The file text behind the target of segment ``i``."""
    target = doc.segments[i].target
    r = doc.to_source(target.start, target.end)
    return doc.source[r.start:r.end]


def targets(doc: Document) -> list[str]:
    return [doc.text[s.target.start:s.target.end] for s in doc.segments]


# --- every target character maps to what the file writes for it -------------------------------

_XML_REF = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&apos;": "'", "&quot;": '"'}


def _decode_xml(raw: str) -> str:
    if raw in ("\r\n", "\r"):
        return "\n"
    if raw.startswith("&#x"):
        return chr(int(raw[3:-1], 16))
    if raw.startswith("&#"):
        return chr(int(raw[2:-1]))
    if raw.startswith("<cp "):
        return chr(int(re.search(r'hex="([0-9A-Fa-f]+)"', raw).group(1), 16))
    return _XML_REF.get(raw, raw)


DECODERS = {
    "xliff": _decode_xml,
    "tmx": _decode_xml,
    "po": polib.unescape,
    "jsonl": lambda raw: json.loads(f'"{raw}"'),
}


@pytest.mark.parametrize("name", ["sample-1.2.xlf", "sample-2.0.xlf", "sample.tmx", "sample.po", "sample.jsonl"])
def test_every_target_character_maps_to_the_text_the_file_writes_for_it(name: str) -> None:
    doc = read(name)
    decode = DECODERS[doc.format]
    checked = 0
    for seg in doc.segments:
        for i in range(seg.target.start, seg.target.end):
            r = doc.to_source(i, i + 1)
            raw = doc.source[r.start:r.end]
            if raw == "":  # a space the reader put between two XLIFF 2 segments
                assert doc.text[i] == " " and doc.format == "xliff"
                continue
            assert decode(raw) == doc.text[i], (seg.id, i, raw)
            checked += 1
    assert checked > 40
    # Units are paragraphs joined by blank lines, in file order.
    assert [b.range for b in doc.blocks] == [s.target for s in doc.segments]
    assert {b.kind for b in doc.blocks} == {"paragraph"}
    assert doc.text == "\n\n".join(targets(doc))


def assert_maps_back(doc: Document, decode) -> None:
    """Each target character of ``doc`` maps to file text that decodes to exactly it."""
    for seg in doc.segments:
        for i in range(seg.target.start, seg.target.end):
            r = doc.to_source(i, i + 1)
            assert decode(doc.source[r.start:r.end]) == doc.text[i]


_XML_CHAR = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff") \
    | st.sampled_from("\t\n\r&<>\"'")
# polib splits lines as str.splitlines does: these characters cannot stand raw in a PO string.
_PO_CHAR = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x1c\x1d\x1e\x85\u2028\u2029")
_nonblank = lambda s: s.strip() != ""  # an all-blank target is no unit


@settings(max_examples=150, deadline=None)
@given(st.text(_XML_CHAR, min_size=1).filter(lambda s: _nonblank(s.replace("\r", "\n"))))
def test_any_xml_target_maps_back(value: str) -> None:
    source = XLIFF_UNIT.format(f'<trans-unit id="1"><source>s</source><target>{xml_escape(value)}</target></trans-unit>')
    doc = read_xliff(source, "p.xlf")
    assert doc.text == value.replace("\r\n", "\n").replace("\r", "\n").strip()
    assert_maps_back(doc, _decode_xml)


@settings(max_examples=150, deadline=None)
@given(st.text(_PO_CHAR, min_size=1).filter(_nonblank))
def test_any_po_target_maps_back(value: str) -> None:
    doc = read_po(f'msgid "s"\nmsgstr "{polib.escape(value)}"\n', "p.po")
    assert doc.text == value.strip()
    assert_maps_back(doc, polib.unescape)


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1).filter(_nonblank), st.booleans())
def test_any_jsonl_target_maps_back(value: str, ascii_only: bool) -> None:
    line = json.dumps({"src": "s", "mt": value}, ensure_ascii=ascii_only)
    doc = read_jsonl(line + "\n", "p.jsonl")
    assert doc.text == value.strip()
    assert_maps_back(doc, lambda raw: json.loads(f'"{raw}"'))


# --- XLIFF ------------------------------------------------------------------------------------

def test_xliff12_units_ids_sources_and_language() -> None:
    doc = read("sample-1.2.xlf")
    assert doc.format == "xliff" and doc.source_language == "de"
    # p2 (no target), p3 (translate="no") and p5 (empty target) are skipped.
    assert [s.id for s in doc.segments] == ["title", "p1", "p4", "p6"]
    assert [s.source for s in doc.segments] == [
        "Verlust von 2,4 Mrd. Euro",
        'Die Firma meldet "Verluste" & Schulden.',
        "Preis:  €",
        "Daten",
    ]
    assert all(s.reference is None for s in doc.segments)


def test_xliff12_inline_markup_entities_and_cdata() -> None:
    doc = read("sample-1.2.xlf")
    assert targets(doc) == [
        "Loss of 2,4 Mrd. Euro",
        'The company reports "losses" & debts.',  # <g> content kept, <x/> dropped
        "Price:  € now cheap.",  # <ph>, <bpt>, <ept> dropped with their code; <mrk> kept
        "Data <raw> & more",  # CDATA is text
    ]
    assert written(doc, 0) == "Loss of 2,4 Mrd. Euro"
    assert written(doc, 1) == ('The <g id="1">company</g> reports &quot;losses&quot; &amp; '
                               'debts<x id="2"/>.')
    assert written(doc, 3) == "Data <raw> & more"
    assert "Not this one" not in doc.text  # <alt-trans> is no target


def test_xliff20_units_join_their_segments() -> None:
    doc = read("sample-2.0.xlf")
    assert doc.source_language == "de"
    assert [s.id for s in doc.segments] == ["u1", "u2", "u4"]  # u3 has no target
    assert targets(doc) == [
        "He said: Hello. Second sentence.",  # the <ignorable> space between the segments
        "First. Second.",  # no <ignorable>: a space is put in, so sentences do not run together
        "Bell\x07 and marker 👍 text",  # <cp hex="0007"/> is the character; <sm/>, <em/> dropped
    ]
    assert [s.source for s in doc.segments] == [
        "Er sagte: Hallo. Zweiter Satz.", "Erster. Zweiter.", "Steuerzeichen"]
    assert written(doc, 1) == "First.</target>\n      </segment>\n      <segment>\n        " \
        "<source>Zweiter.</source>\n        <target>Second."


def test_xml_line_ends_and_character_references_are_atomic() -> None:
    source = ('<xliff version="1.2"><file source-language="de"><body><trans-unit id="a"><source>x</source>'
              "<target>Line one\r\nline two &#x2013; end</target></trans-unit></body></file></xliff>")
    doc = read_xliff(source, "crlf.xlf")
    assert doc.text == "Line one\nline two – end"
    newline = doc.text.index("\n")
    assert doc.source[doc.to_source(newline, newline + 1).start:doc.to_source(newline, newline + 1).end] == "\r\n"
    dash = doc.text.index("–")
    r = doc.to_source(dash, dash + 1)
    assert doc.source[r.start:r.end] == "&#x2013;"
    r = doc.to_source(dash - 4, dash + 1)  # "two –" covers the whole reference, never half of it
    assert doc.source[r.start:r.end] == "two &#x2013;"


def test_xliff_with_namespace_prefixes() -> None:
    source = ('<x:xliff xmlns:x="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><x:file '
              "source-language='de'><x:body><x:trans-unit\n id=\"n&amp;&#10;1\tx\"><x:source>a</x:source>"
              "<x:target>b &amp; c</x:target></x:trans-unit></x:body></x:file></x:xliff>")
    doc = read_xliff(source, "ns.xlf")
    # attribute values are decoded: a reference stays, a literal tab becomes a space
    assert [(s.id, s.source) for s in doc.segments] == [("n&\n1 x", "a")] and doc.text == "b & c"
    assert doc.source_language == "de"


def test_deeply_nested_inline_markup_is_read_without_recursion() -> None:
    depth = 20000
    source = ('<xliff version="1.2"><file><body><trans-unit id="a"><source>x</source><target>'
              + '<g id="1">' * depth + "deep" + "</g>" * depth + "</target></trans-unit></body></file></xliff>")
    assert read_xliff(source, "deep.xlf").text == "deep"


# --- TMX --------------------------------------------------------------------------------------

def test_tmx_units_prefer_english_and_number_units_without_tuid() -> None:
    doc = read("sample.tmx")  # its <!DOCTYPE tmx SYSTEM "tmx14.dtd"> is allowed and not loaded
    assert doc.format == "tmx" and doc.source_language == "de"
    assert [s.id for s in doc.segments] == ["greeting", "2", "4"]  # tu 3 has no target
    assert targets(doc) == ["Good morning, world!", "The costs & benefits", "Five per cent"]
    assert [s.source for s in doc.segments] == ["Guten Morgen, Welt!", "Die Kosten & Nutzen", "Fünf Prozent"]
    assert written(doc, 1) == 'The <hi type="b">costs</hi> &amp; <ph x="1">&lt;br/&gt;</ph>benefits'


def test_tmx_with_srclang_all_takes_the_first_other_variant_as_source() -> None:
    source = ('<tmx version="1.4"><header srclang="*all*"/><body><tu><tuv lang="de"><seg>Hallo</seg></tuv>'
              '<tuv xml:lang="EN-us"><seg>Hello</seg></tuv></tu></body></tmx>')
    doc = read_tmx(source, "all.tmx")
    assert [(s.id, s.source) for s in doc.segments] == [("1", "Hallo")]
    assert doc.text == "Hello" and doc.source_language == "de"


# --- PO ---------------------------------------------------------------------------------------

def test_po_entries_plurals_and_escapes() -> None:
    doc = read("sample.po")
    assert doc.format == "po"
    assert doc.source_language == "de"  # X-Source-Language; "Language" is the translation's
    # The header, the untranslated and the obsolete entry are skipped; the fuzzy one is kept.
    assert [s.id for s in doc.segments] == ["menu", "line 17", "line 22[0]", "line 22[1]"]
    assert [s.source for s in doc.segments] == ["Datei öffnen", "Willkommen zurück", "Ein Apfel", "%d Äpfel"]
    assert targets(doc) == ['Open "file"', "Welcome back,\ndear\tuser", "One apple", "%d apples \\o/"]
    assert written(doc, 0) == 'Open \\"file\\"'
    assert written(doc, 1) == 'Welcome back,\\n"\n"dear\\tuser'  # a multi-line msgstr
    assert written(doc, 3) == "%d apples \\\\o/"
    assert doc.line_col(doc.to_source(doc.segments[2].target.start, doc.segments[2].target.end).start) == (24, 12)


def test_po_with_crlf_line_ends() -> None:
    doc = read_po('msgid "Hallo"\r\nmsgstr ""\r\n"Hello "\r\n"world"\r\n', "crlf.po")
    assert doc.text == "Hello world" and [s.id for s in doc.segments] == ["line 1"]
    assert written(doc, 0) == 'Hello "\r\n"world'


def test_po_content_naming_a_file_is_never_read_from_that_file(tmp_path) -> None:
    secret = tmp_path / "secret.po"
    secret.write_text(f'msgid "a"\nmsgstr "{SECRET}"\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_po(str(secret), "hostile.po")  # polib would open a path; here it is only content
    assert SECRET not in str(err.value)


# --- JSON Lines -------------------------------------------------------------------------------

def test_jsonl_fields_ids_escapes_and_emoji() -> None:
    doc = read("sample.jsonl")
    assert doc.format == "jsonl" and doc.source_language is None
    assert [s.id for s in doc.segments] == ["a1", "line 2", "7"]  # line 4 has an empty "hyp"
    assert [s.reference for s in doc.segments] == ["The company reports 2.4 billion euros.", None, None]
    assert [s.source for s in doc.segments] == ["Die Firma meldet 2,4 Mrd. Euro.", 'Er sagte: "Hallo"', "Tabs"]
    assert targets(doc) == ["The company reports 2,4 Mrd. Euro.",
                            'He said: "Hello"\nand left – quickly 😀 👍', "a\tb \\ c / d"]
    assert written(doc, 1) == 'He said: \\"Hello\\"\\nand left \\u2013 quickly \\ud83d\\ude00 👍'
    text = doc.text
    grin = text.index("😀")  # one character from a surrogate pair of escapes: 12 characters
    r = doc.to_source(grin, grin + 1)
    assert doc.source[r.start:r.end] == "\\ud83d\\ude00"
    thumbs = text.index("👍")  # written as itself: one character
    r = doc.to_source(thumbs, thumbs + 1)
    line2 = fixture("sample.jsonl").splitlines()[1]
    assert doc.source[r.start:r.end] == "👍" and doc.line_col(r.start) == (2, line2.index("👍") + 1)


def test_jsonl_lines_end_only_at_cr_or_lf() -> None:
    source = '{"src": "a", "mt": "x\u2028y"}\r\n{"src": "b", "mt": "z"}\r\n'
    doc = read_jsonl(source, "ls.jsonl")
    assert doc.text == "x\u2028y\n\nz" and [s.id for s in doc.segments] == ["line 1", "line 2"]


def test_jsonl_lone_surrogate_escape_becomes_replacement_character() -> None:
    doc = read_jsonl('{"src": "a", "mt": "bad \\ud800 end"}\n', "s.jsonl")
    assert doc.text == "bad \ufffd end"
    assert written(doc, 0) == "bad \\ud800 end"


@pytest.mark.parametrize("line,message", [
    ('{"src": "a", "mt": "b"', r"j\.jsonl: line 2: invalid JSON"),
    ('["src", "mt"]', r"line 2: expected a JSON object, found list"),
    ('{"src": "a"}', r"line 2: no 'mt' or 'target' or 'hyp' field"),
    ('{"mt": "b"}', r"line 2: no 'src' or 'source' field"),
    ('{"src": "a", "mt": 5}', r"line 2: 'mt' must be a string"),
    ('{"src": "a", "mt": "b", "id": [1]}', r"line 2: 'id' must be"),
])
def test_jsonl_bad_line_is_named(line: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_jsonl('{"src": "a", "mt": "b"}\n' + line + "\n", "j.jsonl")


# --- malformed and empty input ----------------------------------------------------------------

@pytest.mark.parametrize("name,message", [
    ("malformed.xlf", r"malformed\.xlf: malformed XML at line 5, column 55: mismatched tag"),
    ("malformed.po", r"malformed\.po: malformed PO at line 2"),
    ("malformed.jsonl", r"malformed\.jsonl: line 2: invalid JSON"),
])
def test_malformed_files_are_refused_with_the_place(name: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read(name)


def test_xml_error_column_counts_characters_not_bytes() -> None:
    source = '<xliff version="1.2"><file><body>Größe <b></body></file></xliff>'
    # expat reports byte 44 of the line (0-based): "ö" and "ß" take two bytes each in UTF-8.
    assert source.index("</body>") == 42
    with pytest.raises(InputError, match=r"line 1, column 43: mismatched tag"):
        read_xliff(source, "u.xlf")


@pytest.mark.parametrize("reader,source,message", [
    (read_xliff, "", r"e: empty file"),
    (read_tmx, " \n\t", r"e: empty file"),
    (read_po, "\n", r"e: empty file"),
    (read_jsonl, "", r"e: empty file"),
    (read_xliff, "<tmx/>", r"e: not XLIFF: the root element is <tmx>, expected <xliff>"),
    (read_tmx, '<xliff version="1.2"/>', r"e: not TMX: the root element is <xliff>"),
    (read_xliff, XLIFF_UNIT.format(""), r"e: no translation units \(<trans-unit>\) found"),
    (read_xliff, XLIFF_UNIT.format('<trans-unit id="a"><source>x</source><target> </target></trans-unit>'),
     r"e: no translated units: 1 <trans-unit> found, none with a target"),
    (read_xliff, XLIFF_UNIT.format("<trans-unit><source>x</source><target>y</target></trans-unit>"),
     r"e: <trans-unit> at line 1, column 55 has no id attribute"),
    (read_xliff, '<xliff version="2.0"><file id="f"><unit><segment><source>a</source></segment></unit></file></xliff>',
     r"e: <unit> at line 1, column 35 has no id attribute"),
    (read_xliff, XLIFF_UNIT.format('<trans-unit id="a"><source>x</source><target>&nbsp;</target></trans-unit>'),
     r"e: malformed XML at line 1, column 100: undefined entity"),
    (read_tmx, '<tmx version="1.4"><header srclang="de"/><body/></tmx>', r"e: no translation units \(<tu>\)"),
    (read_po, 'msgid "a"\nmsgstr ""\n', r"e: no translated units: 1 PO entries found"),
    (read_po, 'msgid "a"\nmsgstr "b"\nmsgstr "c"\n', r"e: malformed PO at line 3"),
    (read_po, 'msgid "a\nmsgstr "b"\n', r"e: malformed PO at line 1: expected one quoted string"),
    (read_jsonl, '{"src": "a", "mt": ""}\n\n', r"e: no translated units: 1 JSON lines found"),
])
def test_bad_input_is_refused_with_a_clear_message(reader, source: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        reader(source, "e", "utf-8")


def test_unknown_format_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown bilingual format"):
        read_bilingual("x", "x", "docx")


# --- hostile XML ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["billion-laughs.xlf", "external-entity.xlf", "external-entity.tmx"])
def test_entity_declarations_are_refused(name: str) -> None:
    with pytest.raises(InputError, match=r"refused: the file declares the XML entity") as err:
        read(name)
    assert SECRET not in str(err.value)


def test_external_entity_to_a_local_file_by_absolute_url_is_refused(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    source = (f'<!DOCTYPE xliff [<!ENTITY s SYSTEM "{secret.as_uri()}">]>'
              + XLIFF_UNIT.format('<trans-unit id="1"><source>a</source><target>b &s;</target></trans-unit>'))
    with pytest.raises(InputError, match="refused") as err:
        read_xliff(source, "x.xlf")
    assert SECRET not in str(err.value)


def test_external_dtd_is_never_loaded_and_its_entities_stay_undefined(tmp_path) -> None:
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY s "{SECRET}">', encoding="utf-8")
    plain = f'<!DOCTYPE xliff SYSTEM "{dtd.as_uri()}">' + XLIFF_UNIT.format(
        '<trans-unit id="1"><source>a</source><target>b</target></trans-unit>')
    assert SECRET not in read_xliff(plain, "x.xlf").text
    with pytest.raises(InputError, match="undefined entity") as err:
        read_xliff(plain.replace("<target>b", "<target>b &s;"), "x.xlf")
    assert SECRET not in str(err.value)


def test_xinclude_is_not_processed(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    source = XLIFF_UNIT.format(
        '<trans-unit id="1"><source>a</source><target>b <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
        f'href="{secret.as_uri()}" parse="text"/> c</target></trans-unit>')
    doc = read_xliff(source, "x.xlf")
    assert doc.text == "b  c" and SECRET not in doc.text


# --- the engine finds findings inside targets, at the right place in the file -----------------

@pytest.mark.parametrize("name,line,column", [
    ("sample-1.2.xlf", 7, 29),
    ("sample.jsonl", 1, 87),
])
def test_finding_in_a_target_points_at_the_file(name: str, line: int, column: int) -> None:
    doc = read(name)
    (finding,) = Linter(Settings(select=("LC006",))).check_document(doc).findings
    assert doc.source[finding.range.start:finding.range.end] == "Mrd."
    assert doc.line_col(finding.range.start) == (line, column)
    assert doc.segments[0].target.start <= doc.text.index("Mrd.") < doc.segments[0].target.end


def test_finding_in_an_unrelated_source_text_is_not_reported() -> None:
    # The German source says "Mrd." too, but only targets are prose: one finding, not two.
    doc = read("sample-1.2.xlf")
    findings = Linter(Settings(select=("LC006",))).check_document(doc).findings
    assert len(findings) == 1 and "Verlust" not in doc.text


# --- plain source and target files ------------------------------------------------------------

def test_pairing_with_equal_paragraph_counts() -> None:
    source = fixture("source.de.txt")
    target_text = fixture("target.en.txt").rsplit("\n\n", 1)[0] + "\n"
    doc = pair_with_source(read_plain(target_text, "t.txt"), source, "de")
    assert [s.id for s in doc.segments] == ["1", "2", "3"]
    assert [s.source for s in doc.segments] == [
        "Verlust in Milliardenhöhe", "Die Firma meldet einen Verlust von 2,4 Milliarden Euro.",
        "Der Chef trat zurück."]
    assert targets(doc) == ["Loss in the billions", "The company reports a loss of 2,4 Mrd. Euro.",
                            "The boss resigned."]
    assert doc.source_language == "de" and doc.text == target_text


def test_pairing_leaves_an_appended_target_paragraph_unaligned() -> None:
    target = read_plain(fixture("target.en.txt"), "target.en.txt")
    pairing = align_with_source(target, fixture("source.de.txt"))
    assert (pairing.level, pairing.unaligned_target, pairing.unaligned_source) == ("paragraph", 1, 0)
    doc = pairing.document
    assert len(doc.segments) == 3 and len(doc.blocks) == 4
    appended = doc.blocks[3].range
    assert not any(s.target.start <= appended.start < s.target.end for s in doc.segments)
    assert doc.text[appended.start:appended.end].startswith("This article was translated")


def test_pairing_falls_back_to_lines() -> None:
    # Bulleted target lines are blocks of their own; the source writes them as one paragraph.
    target = read_plain("Results\n\n- Sales rose.\n- Costs fell.\n", "t.txt")
    pairing = align_with_source(target, "Ergebnisse\n\nDer Umsatz stieg.\nDie Kosten sanken.\n")
    assert pairing.level == "line" and (pairing.unaligned_target, pairing.unaligned_source) == (0, 0)
    doc = pairing.document
    assert [s.source for s in doc.segments] == ["Ergebnisse", "Der Umsatz stieg.", "Die Kosten sanken."]
    assert targets(doc) == ["Results", "- Sales rose.", "- Costs fell."]


def test_pairing_with_more_source_paragraphs_aligns_the_first_ones() -> None:
    target = read_plain("One.\n\nTwo.\n", "t.txt")
    pairing = align_with_source(target, "Eins.\n\nZwei.\n\nDrei.\nVier.\n")
    assert (pairing.level, pairing.unaligned_target, pairing.unaligned_source) == ("paragraph", 0, 1)
    assert [s.source for s in pairing.document.segments] == ["Eins.", "Zwei."]
    assert pairing.document.source_language is None
