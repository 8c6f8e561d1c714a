"""Source-aware checking from the command line: --source pairs, bilingual files, languages."""
from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from mtcheck.cli import main

from .conftest import FIXTURES

BILINGUAL = FIXTURES / "bilingual"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def _findings(output: str) -> list[dict]:
    (file,) = json.loads(output)["files"]
    return file["findings"]


def test_source_pairs_paragraphs_and_turns_on_the_source_rules() -> None:
    r = run("check", "--format", "json", "--source", str(BILINGUAL / "source.de.txt"),
            str(BILINGUAL / "target.en.txt"))
    assert r.exit_code == 1, r.output
    found = {(f["rule"], f["text"], f["line"]) for f in _findings(r.stdout)}
    # the appended tail has no source paragraph; the German abbreviation is still LC006's
    assert ("SR005", "This article was translated automatically. Follow us for more!", 7) in found
    assert ("LC006", "Mrd.", 3) in found
    assert not any(code == "SR001" for code, _, _ in found)  # 2,4 Mrd. is the source's 2,4 Milliarden
    assert "do not align one to one" in r.stderr and "1 target and 0 source" in r.stderr


def test_without_source_the_same_target_has_no_sr_findings() -> None:
    r = run("check", "--format", "json", str(BILINGUAL / "target.en.txt"))
    assert not any(f["rule"].startswith("SR") for f in _findings(r.stdout))


def test_a_changed_amount_is_flagged_against_the_source(tmp_path) -> None:
    src, tgt = tmp_path / "src.de.txt", tmp_path / "out.en.txt"
    src.write_text("Der Umsatz stieg um 12 Prozent auf 4,5 Milliarden Euro.\n", encoding="utf-8")
    tgt.write_text("Sales rose by 12 percent to 4.5 trillion euros.\n", encoding="utf-8")
    r = run("check", "--format", "json", "--select", "SR", "--source", str(src), str(tgt))
    assert r.exit_code == 1, r.output
    (f,) = _findings(r.stdout)
    assert (f["rule"], f["text"]) == ("SR001", "4.5 trillion")


def test_source_needs_exactly_one_target(tmp_path) -> None:
    src = BILINGUAL / "source.de.txt"
    r = run("check", "--source", str(src), str(BILINGUAL / "target.en.txt"), str(src))
    assert r.exit_code == 2
    assert "--source pairs one source file with one target file" in r.output


def test_source_with_a_bilingual_target_is_refused() -> None:
    r = run("check", "--source", str(BILINGUAL / "source.de.txt"), str(BILINGUAL / "sample-1.2.xlf"))
    assert r.exit_code == 2
    assert "has its source inside" in r.output


def test_bad_source_language_is_a_usage_error() -> None:
    r = run("check", "--source-language", "german!", str(BILINGUAL / "sample.po"))
    assert r.exit_code == 2 and "language code" in r.output


XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="de" target-language="en" datatype="plaintext" original="a.txt">
    <body>
      <trans-unit id="u1">
        <source>Der Konzern verlor 2 Milliarden Euro.</source>
        <target>The group lost 3 billion euros.</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""


def test_source_language_other_than_german_silences_the_sr_rules(tmp_path) -> None:
    xlf = tmp_path / "a.xlf"
    xlf.write_text(XLIFF, encoding="utf-8")
    german = run("check", "--format", "json", "--select", "SR001", str(xlf), "--exit-zero")
    other = run("check", "--format", "json", "--select", "SR001", "--source-language", "fr", str(xlf),
                "--exit-zero")
    assert german.exit_code == other.exit_code == 0
    (f,) = _findings(german.stdout)
    assert (f["text"], f["line"], f["unit"]) == ("3 billion", 7, "u1")
    assert _findings(other.stdout) == []
    (config := tmp_path / "mtcheck.toml").write_text('source-language = "fr"\n', encoding="utf-8")
    from_config = run("check", "--format", "json", "--select", "SR001", "--config", str(config), str(xlf),
                      "--exit-zero")
    assert _findings(from_config.stdout) == []


def test_folders_pick_up_bilingual_files_and_report_hostile_ones(tmp_path) -> None:
    for name in ("sample-1.2.xlf", "sample.tmx", "sample.po", "billion-laughs.xlf"):
        shutil.copy(BILINGUAL / name, tmp_path / name)
    shutil.copy(BILINGUAL / "sample.jsonl", tmp_path / "sample.jsonl")  # not picked up from folders
    r = run("check", "--format", "json", str(tmp_path), "--exit-zero")
    assert r.exit_code == 2  # an input error
    report = json.loads(r.stdout)
    paths = sorted(f["path"].rsplit("/", 1)[-1] for f in report["files"])
    assert paths == ["sample-1.2.xlf", "sample.po", "sample.tmx"]
    (error,) = report["errors"]
    assert error["path"].endswith("billion-laughs.xlf") and "entit" in error["message"]
    by_path = {f["path"].rsplit("/", 1)[-1]: f for f in report["files"]}
    mrd = [f for f in by_path["sample-1.2.xlf"]["findings"] if f["rule"] == "LC006"]
    assert mrd and mrd[0]["text"] == "Mrd." and mrd[0]["line"] == 7


def test_jsonl_named_explicitly_is_read_as_bilingual() -> None:
    r = run("check", "--format", "json", str(BILINGUAL / "sample.jsonl"), "--exit-zero")
    assert r.exit_code == 0, r.output
    (file,) = json.loads(r.stdout)["files"]
    assert file["format"] == "jsonl"


PO = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"X-Source-Language: de\\n"

msgid "Er sagte: „Nein.“"
msgstr "He said: „No.“ It costs 5 %."
'''


def test_fix_in_a_po_file_keeps_the_file_valid(tmp_path) -> None:
    import polib

    po = tmp_path / "a.po"
    po.write_text(PO, encoding="utf-8")
    r = run("fix", str(po), "--select", "PU001,LC003")
    assert r.exit_code in (0, 1), r.output
    fixed = po.read_text(encoding="utf-8")
    assert fixed != PO
    (entry,) = [e for e in polib.pofile(fixed) if e.msgid]
    assert "„" not in entry.msgstr and "5%" in entry.msgstr  # fixed, and still a valid PO string
    # the fixed file reads back as a bilingual document with the fixed target
    again = run("check", "--format", "json", "--select", "PU001,LC003", str(po))
    assert again.exit_code == 0, again.output


def test_fix_in_an_xliff_file_escapes_markup_characters() -> None:
    from mtcheck.document import Range
    from mtcheck.finding import Applicability, Category, Edit, Finding, Fix, Severity
    from mtcheck.fix import REPLACEMENT_ESCAPES, apply_fixes

    source = "<target>cats and dogs</target>"
    edit = Edit(Range(13, 16), "& <b>")
    f = Finding("ZZ001", "x", Category.SPELLING, Severity.MINOR, Range(13, 16), "m", None,
                Fix((edit,), Applicability.SAFE))
    new, n = apply_fixes(source, [f], escape=REPLACEMENT_ESCAPES["xliff"])
    assert (new, n) == ("<target>cats &amp; &lt;b&gt; dogs</target>", 1)


def test_the_cache_keeps_results_per_source_language(tmp_path) -> None:
    xlf = tmp_path / "a.xlf"
    xlf.write_text(XLIFF, encoding="utf-8")
    cache = str(tmp_path / "cache")
    args = ["check", "--format", "json", "--select", "SR001", "--cache-dir", cache, str(xlf), "--exit-zero"]
    first = run(*args)
    assert len(_findings(first.stdout)) == 1
    other = run(*args, "--source-language", "fr")  # not a cache hit for the German reading
    assert _findings(other.stdout) == []
    again = run(*args)
    assert again.stdout == first.stdout


def test_an_empty_or_binary_source_is_an_input_error(tmp_path) -> None:
    empty, binary = tmp_path / "empty.de", tmp_path / "binary.de"
    empty.write_text("\n  \n", encoding="utf-8")
    binary.write_bytes(b"\x00\x01\x02binary\x00" * 50)
    target = str(BILINGUAL / "target.en.txt")
    r = run("check", "--source", str(empty), target)
    assert r.exit_code == 2 and "the source file is empty" in r.output
    r = run("check", "--source", str(binary), target)
    assert r.exit_code == 2 and "binary" in r.output
