"""Fixing: `mtcheck check --fix`, `mtcheck fix`, `--unsafe-fixes`, `--diff`, and how files are
written back (atomically, in their own encoding, BOM, line breaks and permissions)."""
from __future__ import annotations

import codecs
import difflib
import os
import re
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtcheck import fix as fixmod
from mtcheck.cli import main
from mtcheck.config import Settings
from mtcheck.finding import Applicability, Category, Edit, Finding, Fix, Range, Severity
from mtcheck.fix import FixError, apply_fixes, encode, fix_document, unified_diff, write_fixed
from mtcheck.lint import Linter
from mtcheck.readers import parse, read_file
from mtcheck.report import FileResult
from mtcheck.scoring import Stats, score

from .conftest import SEED

# Only safe fixes (hyphen, currency spacing): after fixing nothing is left to flag.
FIXABLE = "Zuckerberg wants a U -turn for $ 70 billion.\n"
FIXED = "Zuckerberg wants a U-turn for $70 billion.\n"
CLEAN = "Meta is investing heavily in data centres, and analysts remain sceptical.\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def seed_copy(tmp_path: Path) -> Path:
    p = tmp_path / "article.txt"
    p.write_bytes(SEED.read_bytes())
    return p


def edit_ranges(source: str, minimum: Applicability) -> list[Range]:
    findings = Linter().check_document(parse(source, "x.txt", "text")).findings
    return [e.range for f in findings if f.fix and f.fix.applicability >= minimum
            and f.fix.applicability != Applicability.DISPLAY for e in f.fix.edits]


def changed_spans(old: str, new: str) -> list[tuple[int, int]]:
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    return [(i1, i2) for tag, i1, i2, _j1, _j2 in ops if tag != "equal"]


def assert_only_flagged_ranges_changed(old: str, new: str, ranges: list[Range]) -> None:
    """Every difference lies within an edit range of a finding of ``old``. difflib's opcodes
    say so directly, except where its alignment is ambiguous (deleting one copy of a stutter
    "in a reduction in a reduction" may be aligned to the other copy); there the text outside
    the edit ranges must still appear in ``new``, in order, with only replacements between."""
    assert old != new, "nothing changed"
    outside = [(i1, i2) for i1, i2 in changed_spans(old, new)
               if not any(r.start <= i1 and i2 <= r.end for r in ranges)]
    if not outside:
        return
    merged: list[list[int]] = []
    for r in sorted(ranges):
        if merged and r.start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], r.end)
        else:
            merged.append([r.start, r.end])
    kept, pos = [], 0
    for a, b in merged:
        kept.append(old[pos:a])
        pos = b
    kept.append(old[pos:])
    pattern = "(.*?)".join(re.escape(k) for k in kept)
    assert re.fullmatch(pattern, new, re.S), [old[max(i1 - 20, 0):i2 + 20] for i1, i2 in outside]


# -- the seed article ------------------------------------------------------------------------

def test_check_fix_applies_only_safe_fixes_inside_flagged_ranges(tmp_path) -> None:
    p = seed_copy(tmp_path)
    before = p.read_text(encoding="utf-8")
    r = run("check", "--fix", str(p), "--no-color")
    after = p.read_text(encoding="utf-8")
    assert r.exit_code == 1, r.output  # the seed still fails the gate on what cannot be fixed
    assert_only_flagged_ranges_changed(before, after, edit_ranges(before, Applicability.SAFE))
    assert "U-turn" in after and "U -turn" not in after and "$70 billion" in after
    assert "Ki strategy" in after  # UT001's fix is unsafe: not applied without --unsafe-fixes
    m = re.search(r"Fixed (\d+) findings in 1 file \((\d+) remaining\)", r.stderr)
    assert m and int(m.group(1)) > 5
    # the report is on the fixed text: no finding left with a safe fix
    assert ": HY001 " not in r.stdout and "(safe fix)" not in r.stdout and "(unsafe fix)" in r.stdout
    assert int(m.group(2)) == len(Linter().check_document(read_file(p)).findings)


def test_unsafe_fixes_add_wording_changes_inside_flagged_ranges(tmp_path) -> None:
    p = seed_copy(tmp_path)
    before = p.read_text(encoding="utf-8")
    r = run("fix", "--unsafe-fixes", str(p))
    after = p.read_text(encoding="utf-8")
    assert r.exit_code == 1
    assert_only_flagged_ranges_changed(before, after, edit_ranges(before, Applicability.UNSAFE))
    assert "AI strategy data centers" in after and "the size of Manhattan" in after
    assert "with the size of" not in after  # ID108, an unsafe idiom fix


def test_display_fixes_are_never_applied() -> None:
    doc = parse("He wants a U -*turn* now.\n", "a.md", "markdown")
    outcome = fix_document(Linter(Settings(select=("HY001",))), doc, Applicability.UNSAFE)
    (f,) = outcome.original.findings
    assert f.fix.applicability == Applicability.DISPLAY
    assert not outcome.changed and outcome.fixed == 0
    with pytest.raises(ValueError):
        fix_document(Linter(), doc, Applicability.DISPLAY)


def test_fixing_twice_changes_nothing_and_keeps_mtime(tmp_path) -> None:
    p = seed_copy(tmp_path)
    assert run("fix", "--unsafe-fixes", str(p)).exit_code == 1
    once = p.read_bytes()
    os.utime(p, (1_000_000_000, 1_000_000_000))
    r = run("fix", "--unsafe-fixes", str(p))
    assert p.read_bytes() == once and p.stat().st_mtime == 1_000_000_000
    assert "Fixed 0 findings in 0 files" in r.stderr
    assert run("check", "--diff", "--unsafe-fixes", str(p)).exit_code == 0


def test_unchanged_files_are_not_written(tmp_path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text(FIXABLE, encoding="utf-8")
    for p in (clean, bad):
        os.utime(p, (1_000_000_000, 1_000_000_000))
    r = run("check", "--fix", str(tmp_path))
    assert r.exit_code == 0, r.output
    assert clean.stat().st_mtime == 1_000_000_000 and clean.read_text(encoding="utf-8") == CLEAN
    assert bad.stat().st_mtime != 1_000_000_000 and bad.read_text(encoding="utf-8") == FIXED
    assert "Fixed 2 findings in 1 file (0 remaining)" in r.stderr


# -- --diff -----------------------------------------------------------------------------------

def test_diff_prints_a_unified_diff_and_changes_nothing(tmp_path) -> None:
    p = seed_copy(tmp_path)
    os.utime(p, (1_000_000_000, 1_000_000_000))
    r = run("check", "--diff", str(p))
    assert r.exit_code == 1
    assert p.read_bytes() == SEED.read_bytes() and p.stat().st_mtime == 1_000_000_000
    assert r.stdout.startswith(f"--- a/{p}\n+++ b/{p}\n@@ ")
    assert "-In addition, Zuckerberg wants a U -turn execute." in r.stdout
    assert "+In addition, Zuckerberg wants a U-turn execute." in r.stdout
    assert "Would fix" in r.stderr
    # the diff is exactly what --fix then does
    before = p.read_text(encoding="utf-8")
    run("fix", str(p))
    assert r.stdout == unified_diff(before, p.read_text(encoding="utf-8"), str(p))


def test_diff_exit_codes(tmp_path) -> None:
    p = tmp_path / "clean.txt"
    p.write_text(CLEAN, encoding="utf-8")
    r = run("fix", "--diff", str(p))
    assert (r.exit_code, r.stdout) == (0, "")
    p.write_text(FIXABLE, encoding="utf-8")
    assert run("fix", "--diff", str(p)).exit_code == 1
    assert run("check", "--diff", str(p), str(tmp_path / "missing.txt")).exit_code == 2
    assert p.read_text(encoding="utf-8") == FIXABLE


def test_unified_diff_marks_a_missing_final_newline_and_keeps_crlf() -> None:
    d = unified_diff("a\r\nb -c", "a\r\nb-c", "x.txt")
    assert d.splitlines(keepends=True)[:2] == ["--- a/x.txt\n", "+++ b/x.txt\n"]
    assert " a\r\n-b -c\n\\ No newline at end of file\n+b-c\n\\ No newline at end of file\n" in d
    assert unified_diff("same", "same", "x.txt") == ""


# -- exit codes and options ----------------------------------------------------------------------

def test_exit_codes_are_computed_on_the_fixed_text(tmp_path) -> None:
    p = tmp_path / "bad.txt"
    p.write_text(FIXABLE, encoding="utf-8")
    assert run("check", str(p), "--fail-on", "minor").exit_code == 1
    r = run("check", "--fix", str(p), "--fail-on", "minor", "--format", "json")
    assert r.exit_code == 0, r.output
    assert '"findings": []' in r.stdout
    assert p.read_text(encoding="utf-8") == FIXED


def test_unsafe_fixes_need_fix_or_diff(tmp_path) -> None:
    p = tmp_path / "bad.txt"
    p.write_text(FIXABLE, encoding="utf-8")
    r = run("check", "--unsafe-fixes", str(p))
    assert r.exit_code == 2 and "--unsafe-fixes needs --fix or --diff" in r.stderr
    assert p.read_text(encoding="utf-8") == FIXABLE


def test_check_without_fix_changes_nothing(tmp_path) -> None:
    p = tmp_path / "bad.txt"
    p.write_text(FIXABLE, encoding="utf-8")
    assert run("check", str(p)).exit_code in (0, 1)
    assert p.read_text(encoding="utf-8") == FIXABLE


def test_stdin_fix_writes_the_fixed_text_to_stdout_and_the_report_to_stderr() -> None:
    r = run("fix", "-", "--fail-on", "minor", input=FIXABLE.encode())
    assert r.exit_code == 0
    assert r.stdout == FIXED
    assert "PASS" in r.stderr and "Fixed 2 findings in 1 file (0 remaining)" in r.stderr


def test_stdin_diff() -> None:
    r = run("check", "--diff", "-", input=FIXABLE.encode())
    assert r.exit_code == 1
    assert r.stdout.startswith("--- a/<stdin>\n+++ b/<stdin>\n") and "+" + FIXED in r.stdout


# -- passes ---------------------------------------------------------------------------------------

class _StubLinter:
    """A linter with one made-up rule: ``rewrite(source)`` gives (start, end, replacement)."""

    def __init__(self, rewrite) -> None:
        self.rewrite = rewrite
        self.calls = 0

    def check_document(self, doc):
        self.calls += 1
        findings = tuple(Finding("ZZ001", "stub", Category.SPELLING, Severity.MINOR, Range(a, b), "m",
                                 fix=Fix((Edit(Range(a, b), rep),), Applicability.SAFE))
                         for a, b, rep in self.rewrite(doc.source))
        stats = Stats.of(doc.words, findings)
        return FileResult(doc, findings, stats, score(stats), not findings)


def test_overlapping_fixes_are_applied_in_passes() -> None:
    def halve(s):  # every "aa" (overlapping) -> "a"
        return [(i, i + 2, "a") for i in range(len(s) - 1) if s[i:i + 2] == "aa"]

    outcome = fix_document(_StubLinter(halve), parse("x aaaa y\n", "x.txt", "text"))
    assert outcome.source == "x a y\n"
    assert (outcome.fixed, outcome.passes) == (3, 2)
    assert outcome.result.findings == ()


def test_passes_stop_at_the_limit() -> None:
    def grow(s):  # never settles
        return [(s.index("a"), s.index("a") + 1, "aa")] if "a" in s else []

    linter = _StubLinter(grow)
    outcome = fix_document(linter, parse("a\n", "x.txt", "text"), max_passes=10)
    assert outcome.passes == 10 and outcome.source == "a" * 11 + "\n"
    assert linter.calls == 11


# -- Markdown and HTML ----------------------------------------------------------------------------

MARKDOWN = ("# A U -turn\n\n"
            "He wants a U -*turn* now. See [the $ 70 deal](http://x.com/a -b) and `U -turn` here.\n"
            "The price is $ 70 billion  today and the data protection-but fine.\n\n"
            "```\nU -turn $ 5\n```\n")

HTML = ('<html><body><p title="U -turn">He wants a U -turn &amp; a <b>U -</b>turn for $ 70.</p>\n'
        '<p>Data protection-but &mdash; fine &nbsp; ok.</p><script>var x = "U -turn $ 5";</script>'
        "<!-- U -turn --></body></html>\n")


def test_markdown_structure_survives(tmp_path) -> None:
    p = tmp_path / "a.md"
    p.write_text(MARKDOWN, encoding="utf-8")
    run("fix", "--unsafe-fixes", str(p))
    out = p.read_text(encoding="utf-8")
    assert out == ("# A U-turn\n\n"
                   "He wants a U -*turn* now. See [the $70 deal](http://x.com/a -b) and `U -turn` here.\n"
                   "The price is $70 billion today and the data protection – but fine.\n\n"
                   "```\nU -turn $ 5\n```\n")
    assert_only_flagged_ranges_changed(MARKDOWN, out, [
        e.range for f in Linter().check_document(parse(MARKDOWN, "a.md", "markdown")).findings
        if f.fix and f.fix.applicability != Applicability.DISPLAY for e in f.fix.edits])


def test_html_structure_survives(tmp_path) -> None:
    p = tmp_path / "a.html"
    p.write_text(HTML, encoding="utf-8")
    run("fix", "--unsafe-fixes", str(p))
    out = p.read_text(encoding="utf-8")
    tags = re.compile(r"<[^>]*>|&\w+;")
    assert tags.findall(out) == tags.findall(HTML)  # every tag, attribute, comment and entity
    assert "He wants a U-turn &amp; a <b>U -</b>turn for $70.</p>" in out
    assert "Data protection – but &mdash;" in out
    assert run("fix", "--unsafe-fixes", str(p)).exit_code in (0, 1) and p.read_text(encoding="utf-8") == out


# -- how files are written ------------------------------------------------------------------------

def test_permissions_are_kept(tmp_path) -> None:
    p = tmp_path / "bad.txt"
    p.write_text(FIXABLE, encoding="utf-8")
    os.chmod(p, 0o640)
    run("fix", str(p))
    assert p.read_text(encoding="utf-8") == FIXED
    assert stat.S_IMODE(p.stat().st_mode) == 0o640
    assert [x.name for x in tmp_path.iterdir()] == ["bad.txt"]  # no temporary file left


def test_bom_and_crlf_are_kept(tmp_path) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(codecs.BOM_UTF8 + (CLEAN + FIXABLE).replace("\n", "\r\n").encode())
    run("fix", str(p))
    assert p.read_bytes() == codecs.BOM_UTF8 + (CLEAN + FIXED).replace("\n", "\r\n").encode()


def test_mixed_line_breaks_are_kept(tmp_path) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(b"First line\r\nSecond line\rThird line\n" + FIXABLE.encode())
    run("fix", str(p))
    assert p.read_bytes() == b"First line\r\nSecond line\rThird line\n" + FIXED.encode()


@pytest.mark.parametrize("codec, bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_utf16_is_kept(tmp_path, codec, bom) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(bom + ("Café “x”.\r\n" + FIXABLE).encode(codec))
    assert read_file(p).encoding == "utf-16"
    run("fix", str(p))
    assert p.read_bytes() == bom + ("Café “x”.\r\n" + FIXED).encode(codec)


def test_latin1_is_kept(tmp_path) -> None:
    text = ("Le café était très animé, les élèves étaient déjà là et ça sentait le crème brûlée.\n"
            + FIXABLE)
    p = tmp_path / "bad.txt"
    p.write_bytes(text.encode("latin-1"))
    assert read_file(p).encoding not in ("utf-8", "utf-8-sig")
    run("fix", str(p))
    assert p.read_bytes() == text.replace(FIXABLE, FIXED).encode("latin-1")


def test_a_fix_the_encoding_cannot_hold_skips_the_file(tmp_path) -> None:
    p = tmp_path / "old.txt"
    p.write_bytes("Caf\xe9 protection-but fine.\n".encode("latin-1"))
    doc = parse(p.read_bytes().decode("latin-1"), str(p), "text", "latin-1")
    with pytest.raises(FixError, match=re.escape(str(p)) + ".*latin-1 cannot encode"):
        write_fixed(doc, "Caf\xe9 protection – but fine.\n")
    assert p.read_bytes() == "Caf\xe9 protection-but fine.\n".encode("latin-1")


def test_encode_keeps_the_byte_order_mark() -> None:
    assert encode("hi", "utf-16", codecs.BOM_UTF16_BE + b"\x00x") == codecs.BOM_UTF16_BE + "hi".encode("utf-16-be")
    assert encode("hi", "utf-16", codecs.BOM_UTF16_LE + b"x\x00") == codecs.BOM_UTF16_LE + "hi".encode("utf-16-le")
    assert encode("hi", "utf-8-sig") == codecs.BOM_UTF8 + b"hi"
    assert encode("hi", "utf-8") == b"hi"


def test_a_file_changed_meanwhile_is_left_alone(tmp_path) -> None:
    p = tmp_path / "bad.txt"
    p.write_text(FIXABLE, encoding="utf-8")
    doc = read_file(p)
    p.write_text("Someone else's edit.\n", encoding="utf-8")
    with pytest.raises(FixError, match="changed on disk"):
        write_fixed(doc, FIXED)
    assert p.read_text(encoding="utf-8") == "Someone else's edit.\n"


def test_symlinks_keep_pointing_at_the_fixed_file(tmp_path) -> None:
    target = tmp_path / "real.txt"
    target.write_text(FIXABLE, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    run("fix", str(link))
    assert link.is_symlink() and target.read_text(encoding="utf-8") == FIXED


def test_read_only_file_is_a_clear_error_and_kept(tmp_path) -> None:
    p = tmp_path / "locked.txt"
    p.write_text(FIXABLE, encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text(FIXABLE, encoding="utf-8")
    os.chmod(p, 0o444)
    try:
        r = run("check", "--fix", str(tmp_path))
    finally:
        os.chmod(p, 0o644)
    assert r.exit_code == 2
    assert f"mtcheck: {p}: file is read-only; left unchanged" in r.stderr
    assert p.read_text(encoding="utf-8") == FIXABLE
    assert other.read_text(encoding="utf-8") == FIXED  # the other files are still fixed
    assert f"{p.name}:1:20: HY001" in r.stdout  # reported as it still is


@pytest.mark.skipif(IS_ROOT, reason="root can write into a read-only folder")
def test_read_only_folder_is_a_clear_error_and_kept(tmp_path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    p = folder / "bad.txt"
    p.write_text(FIXABLE, encoding="utf-8")
    os.chmod(folder, 0o555)
    try:
        r = run("fix", str(p))
    finally:
        os.chmod(folder, 0o755)
    assert r.exit_code == 2 and str(p) in r.stderr and "left unchanged" in r.stderr
    assert p.read_text(encoding="utf-8") == FIXABLE


@pytest.mark.parametrize("where", ["tempfile", "replace"])
def test_a_failed_write_keeps_the_original_and_leaves_no_temporary_file(tmp_path, monkeypatch, where) -> None:
    p = tmp_path / "bad.txt"
    p.write_text(FIXABLE, encoding="utf-8")

    def deny(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    if where == "tempfile":
        monkeypatch.setattr(fixmod.tempfile, "NamedTemporaryFile", deny)
    else:
        monkeypatch.setattr(fixmod.os, "replace", deny)
    r = run("fix", str(p))
    assert r.exit_code == 2
    assert f"mtcheck: {p}: " in r.stderr and "Permission denied" in r.stderr and "left unchanged" in r.stderr
    assert p.read_text(encoding="utf-8") == FIXABLE
    assert [x.name for x in tmp_path.iterdir()] == ["bad.txt"]


def test_apply_fixes_single_pass_keeps_text_outside_edits(seed_text: str) -> None:
    findings = Linter().check_document(parse(seed_text, "x.txt", "text")).findings
    fixed, n = apply_fixes(seed_text, findings, Applicability.UNSAFE)
    assert n > 10
    assert_only_flagged_ranges_changed(seed_text, fixed, edit_ranges(seed_text, Applicability.UNSAFE))
