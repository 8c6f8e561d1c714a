"""The engine, scoring and fixes, independent of any one rule."""
from __future__ import annotations

import math

from mtcheck.config import Settings
from mtcheck.finding import Applicability, Category, Edit, Finding, Fix, Range, Severity
from mtcheck.fix import apply_fixes
from mtcheck.lint import Linter, check_text
from mtcheck.nlp import english_pipeline
from mtcheck.readers import read_plain
from mtcheck.rules.base import Context, rule
from mtcheck.scoring import Gate, Stats, score


def test_spacy_pipeline_is_built_once_and_gives_sentences_and_lemmas() -> None:
    assert english_pipeline() is english_pipeline()
    doc = english_pipeline()("The companies were running. He went home.")
    assert [s.text for s in doc.sents] == ["The companies were running.", "He went home."]
    assert [t.lemma_ for t in doc][1:4] == ["company", "be", "run"]


def test_a_rule_needing_tokens_gets_a_spacy_doc_over_the_prose_view() -> None:
    @rule("ZZ901", "test-sentences", Category.GRAMMAR, Severity.MINOR, needs=("tokens",))
    def first_words(ctx: Context):
        """Test rule."""
        for sent in ctx.spacy_doc.sents:
            yield ctx.flag(sent[0].idx, sent[0].idx + len(sent[0].text), "first word")

    doc = read_plain("One two. Three four.")
    ctx = Context(doc=doc, nlp_factory=english_pipeline, rule=first_words)
    found = [doc.source[f.range.start:f.range.end] for f in first_words.check(ctx)]
    assert found == ["One", "Three"]


def _finding(cat: Category, sev: Severity, start: int = 0) -> Finding:
    return Finding("ZZ001", "x", cat, sev, Range(start, start + 1), "m")


def test_stats_are_additive_and_the_corpus_score_comes_from_summed_stats() -> None:
    a = Stats.of(500, [_finding(Category.SPELLING, Severity.MAJOR)])
    b = Stats.of(1500, [_finding(Category.PUNCTUATION, Severity.MINOR), _finding(Category.LOCALE, Severity.MINOR)])
    total = a + b
    assert total.words == 2000 and total.findings == 3
    # 5 + 0.1 + 1 = 6.1 per 2,000 words = 3.05 per 1,000
    s = score(total)
    assert math.isclose(s.penalty, 6.1) and math.isclose(s.per_1000_words, 3.05)
    assert math.isclose(s.value, round(100 * math.exp(-3.05 / 100), 2))
    assert s.value != round((score(a).value + score(b).value) / 2, 2)


def test_weights_follow_mqm() -> None:
    for sev, w in ((Severity.MINOR, 1), (Severity.MAJOR, 5), (Severity.CRITICAL, 25)):
        assert score(Stats.of(1000, [_finding(Category.SPELLING, sev)])).penalty == w
    assert score(Stats.of(1000, [_finding(Category.PUNCTUATION, Severity.MINOR)])).penalty == 0.1
    assert score(Stats()).value == 100.0


def test_gate() -> None:
    critical = Stats.of(10_000, [_finding(Category.ADDITION, Severity.CRITICAL)])
    assert score(critical).value > 80
    assert not Gate(80, Severity.CRITICAL).passed(critical, score(critical))
    assert Gate(80, None).passed(critical, score(critical))
    assert not Gate(99.9, None).passed(critical, score(critical))


def test_apply_fixes_respects_applicability_and_skips_overlaps() -> None:
    src = "abcdef"
    safe = Finding("ZZ001", "x", Category.SPELLING, Severity.MINOR, Range(0, 2), "m",
                   fix=Fix((Edit(Range(0, 2), "AB"),), Applicability.SAFE))
    overlapping = Finding("ZZ002", "x", Category.SPELLING, Severity.MINOR, Range(1, 3), "m",
                          fix=Fix((Edit(Range(1, 3), "??"),), Applicability.SAFE))
    unsafe = Finding("ZZ003", "x", Category.SPELLING, Severity.MINOR, Range(4, 5), "m",
                     fix=Fix((Edit(Range(4, 5), "E"),), Applicability.UNSAFE))
    display = Finding("ZZ004", "x", Category.SPELLING, Severity.MINOR, Range(5, 6), "m",
                      fix=Fix((Edit(Range(5, 6), "F"),), Applicability.DISPLAY))
    assert apply_fixes(src, [safe, overlapping, unsafe, display]) == ("ABcdef", 1)
    assert apply_fixes(src, [safe, overlapping, unsafe, display], Applicability.UNSAFE) == ("ABcdEf", 2)


def test_safe_fixes_on_the_seed_are_idempotent(seed_text: str) -> None:
    report = check_text(seed_text)
    fixed, n = apply_fixes(seed_text, report.files[0].findings)
    assert n > 5
    again = check_text(fixed)
    assert apply_fixes(fixed, again.files[0].findings)[1] == 0


def test_fix_across_markup_is_display_only() -> None:
    report = check_text("He wants a U -*turn* now.", format="markdown", select=("HY001",))
    (f,) = report.files[0].findings
    assert report.files[0].document.source[f.range.start:f.range.end] == "U -*turn"
    assert f.fix is not None and f.fix.applicability == Applicability.DISPLAY
    assert apply_fixes(report.files[0].document.source, [f], Applicability.UNSAFE)[1] == 0


def test_accept_list_drops_findings_inside_accepted_phrases() -> None:
    text = "Zuckerberg wants a U -turn and a U -turn."
    assert len(check_text(text, select=("HY001",)).files[0].findings) == 2
    assert check_text(text, select=("HY001",), accept=("u -turn",)).files[0].findings == ()


def test_findings_are_sorted_and_unique(seed_text: str) -> None:
    findings = check_text(seed_text).files[0].findings
    keys = [f.sort_key for f in findings]
    assert keys == sorted(keys) and len(keys) == len(set(keys))


def test_linter_reuses_its_rule_selection() -> None:
    linter = Linter(Settings(select=("HY",)))
    assert all(r.code.startswith("HY") for r in linter.rules)
    assert linter.signature == Linter(Settings(select=("HY",))).signature
    assert linter.signature != Linter(Settings(select=("PU",))).signature


def test_spacy_is_imported_without_its_command_line_package():
    """mtcheck imports spaCy without spacy.cli (typer, weasel, requests: a third of the import
    time); spacy.cli still works when someone asks for it."""
    import subprocess
    import sys

    code = ("import sys; from mtcheck.nlp import english_pipeline; english_pipeline();"
            "print(sorted(m for m in ('typer', 'weasel', 'requests', 'spacy.cli') if m in sys.modules));"
            "import spacy; print(callable(spacy.cli.download), 'typer' in sys.modules,"
            " spacy.info()['spacy_version'] == spacy.__version__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["[]", "True True True"]
