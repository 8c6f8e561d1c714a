"""SR (source-aware) rules: what the fixture format cannot express — monolingual documents,
categories, the number reader, sentence splitting, the exonym data and the WMT references."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from mtcheck.config import Settings
from mtcheck.finding import Category
from mtcheck.lint import Linter
from mtcheck.readers import read_plain
from mtcheck.rules import REGISTRY, data_path
from mtcheck.rules import source as sr

from .conftest import SHARED
from .test_rules import paired_document

SR_CODES = tuple(code for code in REGISTRY if code.startswith("SR"))
WMT = SHARED / "corpora" / "wmt21-deen"


def _check(text: str, source: str, *codes: str):
    linter = Linter(Settings().with_overrides(select=codes or SR_CODES))
    return linter.check_document(paired_document(text, source))


def test_every_sr_rule_is_registered() -> None:
    assert SR_CODES == ("SR001", "SR002", "SR003", "SR004", "SR005", "SR006")


def test_monolingual_documents_cost_nothing(monkeypatch) -> None:
    """Without segments no SR rule reads anything: the helpers they would call raise here."""
    def boom(*args, **kwargs):
        raise AssertionError("an SR rule did work on a monolingual document")

    for name in ("german_quantities", "english_quantities", "german_sentences", "source_idioms",
                 "_source_names", "_token_items", "_german_tokenizer"):
        monkeypatch.setattr(sr, name, boom)
    text = "Revenue rose to 2.4 billion euros.\n\nThe sale lets the cash registers ring.\n\nI hope this helps!\n"
    result = Linter(Settings().with_overrides(select=SR_CODES)).check_document(read_plain(text))
    assert result.findings == ()


def test_other_source_languages_are_left_alone() -> None:
    doc = paired_document("Revenue rose to 7 billion euros.", "Le chiffre d'affaires a atteint 2 milliards d'euros.")
    doc = replace(doc, source_language="fr")
    result = Linter(Settings().with_overrides(select=SR_CODES)).check_document(doc)
    assert result.findings == ()


def test_findings_point_at_the_exact_target_text() -> None:
    source = "Die Schulden stiegen auf 2,4 Billionen Euro.\n\nMehr unter https://example.com/de."
    text = "Debt rose to 2.4 billion euros.\n\nMore at https://example.com/en.\n\nI hope this helps!\n"
    result = _check(text, source)
    flagged = {f.code: result.document.source[f.range.start:f.range.end] for f in result.findings}
    assert flagged == {"SR001": "2.4 billion", "SR003": "https://example.com/en", "SR005": "I hope this helps!"}


def test_billion_message_names_the_false_friend() -> None:
    result = _check("Debt rose to 2.4 billion euros.", "Die Schulden stiegen auf 2,4 Billionen Euro.", "SR001")
    (finding,) = result.findings
    assert "German “Billionen” is an English trillion" in finding.message
    assert "2.4 trillion" in finding.message


def test_length_mismatch_categories() -> None:
    short = _check("The group sold more cars.", "Der Konzern hat im vergangenen Jahr trotz der schwierigen Lage "
                   "auf dem Weltmarkt deutlich mehr Autos verkauft als erwartet.", "SR004")
    long = _check("The share rose, and as an expert in financial markets I would add that this is a very good "
                  "sign for investors everywhere.", "Die Aktie stieg.", "SR004")
    assert [f.category for f in short.findings] == [Category.OMISSION]
    assert [f.category for f in long.findings] == [Category.ADDITION]


def test_appended_text_after_the_last_segment_and_between_segments() -> None:
    text = "One.\n\nExtra one.\n\nTwo.\n\nExtra two.\n"
    doc = paired_document(text, "Eins.\n\nZwei.")
    # pair "Zwei." with the third block, so that the second lies between two segments
    segments = (doc.segments[0], replace(doc.segments[1], target=doc.blocks[2].range))
    doc = replace(doc, segments=segments)
    result = Linter(Settings().with_overrides(select=("SR005",))).check_document(doc)
    assert [doc.source[f.range.start:f.range.end] for f in result.findings] == ["Extra one.", "Extra two."]


@pytest.mark.parametrize("text,values", [
    ("2,4 Mrd. Euro", [Decimal("2.4E9")]),
    ("1.000 Menschen", [Decimal(1000)]),
    ("2,4 Billionen", [Decimal("2.4E12")]),
    ("eine Milliarde", [Decimal("1E9")]),
    ("fünfundzwanzig Prozent", [Decimal(25)]),
    ("1.234,5", [Decimal("1234.5")]),
    ("15.03.2025", [("date", 3, 15), Decimal(2025)]),
    ("am 3. März 2025", [("date", 3, 3), Decimal(2025)]),
    ("um 21.30 Uhr", [("time", 9, 30)]),
    ("außer Acht lassen", []),
])
def test_german_quantities(text: str, values: list) -> None:
    assert [q.keys[0] for q in sr.german_quantities(text)] == values


@pytest.mark.parametrize("text,values", [
    ("2.4 billion euros", [Decimal("2.4E9")]),
    ("1,000 people", [Decimal(1000)]),
    ("€5m", [Decimal("5E6")]),
    ("two million", [Decimal("2E6")]),
    ("March 3, 2025", [("date", 3, 3), Decimal(2025)]),
    ("3rd of March", [("date", 3, 3)]),
    ("9.30 pm", [("time", 9, 30)]),
    ("a third of them", []),
    ("twenty-five", [Decimal(25)]),
])
def test_english_quantities(text: str, values: list) -> None:
    assert [q.keys[0] for q in sr.english_quantities(text)] == values


def test_german_sentences_keep_ordinals_and_abbreviations_inside() -> None:
    text = "Am 3. März kam z.B. Dr. Müller. Er blieb bis 2020. Dann ging er."
    assert [text[a:b] for a, b in sr.german_sentences(text)] == [
        "Am 3. März kam z.B. Dr. Müller.", "Er blieb bis 2020.", "Dann ging er."]


@pytest.mark.parametrize("word,expected", [
    ("Zuckerberg", True), ("Siemens", True), ("OpenAI", True),
    ("Regierung", False), ("Team", False), ("Hof", False), ("Richter", False), ("Ernst", False), ("April", False),
])
def test_names(word: str, expected: bool) -> None:
    assert sr.is_name(word) is expected


def test_exonym_data() -> None:
    lines = data_path(sr.EXONYMS).read_text(encoding="utf-8").split("\n")
    assert lines[0].startswith(f"# {sr.EXONYMS}: ") and lines[0].endswith("licence: written for mtcheck, MIT")
    assert tuple(lines[1].split("\t")) == sr.EXONYM_COLUMNS
    assert lines[-1] == ""
    rows = [line.split("\t") for line in lines[2:-1]]
    assert all(len(r) == 3 and all(c == c.strip() and c for c in r) for r in rows)
    keys = [(r[0].casefold(), r[0]) for r in rows]
    assert keys == sorted(keys) and len({r[0] for r in rows}) == len(rows)
    assert {r[2] for r in rows} <= {"city", "country", "region", "institution", "river", "sea"}


def test_idiom_rows_read_for_the_source_side() -> None:
    idioms, index = sr.source_idioms()
    by_german = {i.german: i for i in idioms}
    assert by_german["die Kasse klingeln lassen"].content == (frozenset({"kasse"}), frozenset({"klingel", "klingeln"}))
    assert "brechen" in index  # "alle Brücken abbrechen": also under the separated verb


def _wmt_document(translation: str, lines: int = 300):
    sources = (WMT / "newstest2021.de-en.src.de").read_text(encoding="utf-8").split("\n")[:lines]
    targets = (WMT / translation).read_text(encoding="utf-8").split("\n")[:lines]
    return paired_document("\n\n".join(targets) + "\n", "\n\n".join(sources))


@pytest.mark.skipif(not WMT.is_dir(), reason="WMT21 corpus not present")
def test_human_reference_raises_no_false_alarms() -> None:
    """The first 300 lines of newstest2021 reference A: every SR finding would be a false alarm."""
    doc = _wmt_document("newstest2021.de-en.ref.A.en")
    assert len(doc.segments) == 300
    result = Linter(Settings().with_overrides(select=SR_CODES)).check_document(doc)
    assert [(f.code, doc.source[f.range.start:f.range.end]) for f in result.findings] == []


@pytest.mark.skipif(not WMT.is_dir(), reason="WMT21 corpus not present")
def test_weak_system_literal_idiom_is_found() -> None:
    doc = _wmt_document("systems/newstest2021.de-en.hyp.happypoet.en")
    result = Linter(Settings().with_overrides(select=("SR006",))).check_document(doc)
    assert [doc.source[f.range.start:f.range.end] for f in result.findings] == ["made the race"]
