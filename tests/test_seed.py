"""End to end on the seed article: every artefact of the foundation families is flagged where it
is, the article fails the gate, and clean text scores far higher."""
from __future__ import annotations

from mtcheck.lint import check_text

# (rule code, exact flagged text) — each must be found in the seed article
EXPECTED = [
    ("HY001", "U -turn"),
    ("HY002", "Manhattan-for"),
    ("HY002", "-for"),
    ("HY002", "protection-but"),
    ("HY002", "team-for"),
    ("PU003", "\u00a0 "),
    ("LC004", "$ 100"),
    ("LC004", "$ 70"),
    ("LC004", "$ 200"),
    ("LC007", "billion"),
    ("RP002", "a reduction in"),
    ("RP004", "Meta lags behind the competition in the AI competition. CEO Mark Zuckerberg therefore has"),
    ("BP001", "Meta’s AI strategy: Mark Zuckerberg packs the crowbar first appeared at the online magazine Basic Thinking."),
    ("BP001", "Meta’s AI strategy: Mark Zuckerberg packs the crowbar first appeared on Basic Thinking."),
    ("BP002", "You can start the day well every morning via our newsletter update."),
    ("BP002", "Follow us too Google News and Flipboard Or subscribe to our update newsletter."),
    ("BP003", "See also\u00a0 Cure for MS? Researchers develop wearable devices for human cells"),
    ("BP003", "Also interesting:"),
    ("BP004", "Credits"),
    ("BP005", "Meta Mark Zuckerberg Ki strategy data centers"),
    ("BP006", "As a Tech Industry expert, I see Meta’s AI strategy"),
    # literal idioms
    ("ID001", "unpacks the crowbar"),
    ("ID001", "packs the crowbar"),
    ("ID001", "let the cash register ring"),
    ("ID001", "worn fruits"),
    ("ID001", "is in the stars"),
    ("ID001", "pulled out the thick wallet"),
    ("ID001", "takes so much money in hand"),
    ("ID001", "lift meta on the AI throne"),
    ("ID001", "financial bang"),
    ("ID001", "attempts at wasting"),
    ("ID001", "immorally high"),
    ("ID001", "Completely true to the motto"),
    # calques of German constructions and literal headings
    ("ID101", "one"),
    ("ID102", "Say"),
    ("ID102", "Because"),
    ("ID102", "Current"),
    ("ID108", "with the size of"),
    ("ID109", "plans with"),
    ("ID201", "Backgrounds"),
    ("ID201", "Classification"),
    ("ID201", "Voices"),
    ("ID201", "My opinion"),
    # false friends, untranslated German
    ("FF001", "kick"),
    ("FF001", "voice model"),
    ("UT001", "Ki"),
    # capitalisation and casing
    ("CA001", "Locked"),
    ("CA001", "Investment"),
    ("CA001", "Alone"),
    ("CA001", "Double"),
    ("CA001", "Podcast"),
    ("CA001", "Leave"),
    ("CA001", "Names"),
    ("CA002", "To"),
    ("CA002", "Or"),
    ("CA002", "Has"),
    ("CA004", "Openai"),
    ("CA004", "Playai"),
    ("CA004", "meta"),
    # German word order
    ("WO001", "has the construction of data centers with the size of Manhattan announced"),
    ("WO001", "wants a U -turn execute"),
]


def test_the_one_calques_are_all_found(seed_text: str) -> None:
    _, _, flagged = _flagged(seed_text)
    ones = [t for c, t in flagged if c == "ID101"]
    assert ones == ["one", "one", "one"]


# rules whose flagged text is or begins with the offending whitespace
WHITESPACE_RULES = {"PU002", "PU003"}


def _flagged(seed_text: str):
    report = check_text(seed_text, path="seed.txt")
    (result,) = report.files
    return report, result, [(f.code, seed_text[f.range.start:f.range.end]) for f in result.findings]


def test_every_seed_artefact_is_flagged(seed_text: str) -> None:
    _, _, flagged = _flagged(seed_text)
    for code, text in EXPECTED:
        assert any(c == code and t.startswith(text) for c, t in flagged), (code, text)


def test_generated_commentary_is_one_critical_finding_over_the_appended_block(seed_text: str) -> None:
    _, result, _ = _flagged(seed_text)
    (tail,) = [f for f in result.findings if f.code == "BP006"]
    assert tail.severity.value == "critical"
    flagged = seed_text[tail.range.start:tail.range.end]
    assert flagged.startswith("As a Tech Industry expert, I see")
    assert flagged.endswith("execute it effectively and responsibly.")


def test_related_links_block_covers_the_link_list(seed_text: str) -> None:
    _, result, _ = _flagged(seed_text)
    blocks = [seed_text[f.range.start:f.range.end] for f in result.findings if f.code == "BP003"]
    assert any(b.startswith("Also interesting:") and b.endswith("Dr. Google sends regards") for b in blocks)


def test_seed_fails_the_gate_and_scores_far_below_clean_text(seed_text: str) -> None:
    report, result, _ = _flagged(seed_text)
    assert not result.passed and not report.passed
    clean = check_text("Meta is investing heavily in data centres. The company says the spending will pay off "
                       "within five years, although analysts remain sceptical about the returns.")
    assert clean.files[0].passed
    assert clean.files[0].score.value == 100.0
    assert result.score.value < 20


def test_every_range_points_at_exactly_its_text(seed_text: str) -> None:
    _, result, _ = _flagged(seed_text)
    doc = result.document
    for f in result.findings:
        assert 0 <= f.range.start < f.range.end <= len(doc.source)
        flagged = doc.source[f.range.start:f.range.end]
        if f.code not in WHITESPACE_RULES:
            assert flagged == flagged.strip(), (f.code, flagged)


def test_output_is_deterministic(seed_text: str) -> None:
    from mtcheck.render import RENDERERS

    a = RENDERERS["json"](check_text(seed_text, path="seed.txt"))
    b = RENDERERS["json"](check_text(seed_text, path="seed.txt"))
    assert a == b
