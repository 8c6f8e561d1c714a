"""The command line as a user meets it: exit codes, formats, selection, config, directives."""
from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from mtcheck.cli import main

from .conftest import SEED

BAD = "Zuckerberg wants a U -turn for $ 70 billion.\n"
CLEAN = "Meta is investing heavily in data centres, and analysts remain sceptical.\n"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def test_seed_fails_with_exit_1_and_text_output() -> None:
    r = run("check", str(SEED), "--no-color")
    assert r.exit_code == 1, r.output
    assert "000_c1a018b23f0d2af6.txt:21:33: HY001" in r.output
    assert "^^^^^^^" in r.output and "help: U-turn" in r.output
    assert "FAIL" in r.output and "Findings by category" in r.output
    assert "mtcheck:" in r.output  # the signature


def test_clean_text_passes_with_exit_0(tmp_path) -> None:
    p = tmp_path / "ok.txt"
    p.write_text(CLEAN, encoding="utf-8")
    r = run("check", str(p))
    assert r.exit_code == 0, r.output
    assert "PASS" in r.output


def test_json_contract(tmp_path) -> None:
    p = tmp_path / "bad.txt"
    p.write_text(BAD, encoding="utf-8")
    r = run("check", str(p), "--format", "json", "--fail-under", "99.9")
    assert r.exit_code == 1
    data = json.loads(r.output)
    assert data["schema_version"] == 1 and data["signature"].startswith("mtcheck:")
    (f,) = data["files"]
    assert {"path", "words", "score", "passed", "findings"} <= set(f)
    finding = next(x for x in f["findings"] if x["rule"] == "HY001")
    assert BAD[finding["start"]:finding["end"]] == finding["text"] == "U -turn"
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (1, 20, 1, 27)
    assert finding["fix"]["applicability"] == "safe"
    assert finding["severity"] in ("minor", "major", "critical")


def test_select_ignore_and_exit_zero(tmp_path) -> None:
    p = tmp_path / "bad.txt"
    p.write_text(BAD, encoding="utf-8")
    r = run("check", str(p), "--format", "json", "--select", "LC", "--fail-on", "minor")
    codes = {x["rule"] for x in json.loads(r.output)["files"][0]["findings"]}
    assert codes == {"LC004"} and r.exit_code == 1
    r = run("check", str(p), "--format", "json", "--ignore", "LC004,HY", "--fail-on", "minor")
    assert json.loads(r.output)["files"][0]["findings"] == [] and r.exit_code == 0
    r = run("check", str(p), "--fail-on", "minor", "--exit-zero")
    assert r.exit_code == 0


def test_usage_errors_exit_2(tmp_path) -> None:
    assert run("check", "--select", "ZZ", str(tmp_path)).exit_code == 2
    assert run("check", "--fail-under", "150", str(tmp_path)).exit_code == 2
    assert run("explain", "XX999").exit_code == 2


def test_unreadable_file_exits_2_but_others_are_reported(tmp_path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"\x00\xff\x00binary")
    (tmp_path / "ok.txt").write_text(CLEAN, encoding="utf-8")
    r = CliRunner().invoke(main, ["check", str(tmp_path), "--format", "json"])
    assert r.exit_code == 2
    assert "bad.txt" in r.stderr and "binary" in r.stderr
    data = json.loads(r.stdout)
    assert [f["path"].rsplit("/", 1)[-1] for f in data["files"]] == ["ok.txt"]
    assert data["errors"][0]["path"].endswith("bad.txt")


def test_stdin(tmp_path) -> None:
    r = run("check", "-", "--format", "json", input=BAD)
    data = json.loads(r.output)
    assert data["files"][0]["path"] == "<stdin>"
    assert any(x["rule"] == "HY001" for x in data["files"][0]["findings"])


def test_output_file(tmp_path) -> None:
    out = tmp_path / "report.json"
    r = run("check", str(SEED), "--format", "json", "-o", str(out))
    assert r.exit_code == 1 and r.output == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["files"] == 1


def test_config_file_and_accept_list(tmp_path) -> None:
    (tmp_path / "a.txt").write_text(BAD, encoding="utf-8")
    (tmp_path / "mtcheck.toml").write_text('ignore = ["LC"]\naccept = ["U -turn"]\nfail-on = "minor"\n',
                                           encoding="utf-8")
    r = run("check", str(tmp_path), "--format", "json")
    assert json.loads(r.output)["files"][0]["findings"] == []
    assert r.exit_code == 0
    (tmp_path / "mtcheck.toml").write_text('select = ["HY"]\nbogus = 1\n', encoding="utf-8")
    r = run("check", str(tmp_path))
    assert r.exit_code == 2 and "bogus" in r.output


def test_pyproject_config(tmp_path) -> None:
    (tmp_path / "a.txt").write_text(BAD, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.mtcheck]\nselect = ["HY001"]\n', encoding="utf-8")
    data = json.loads(run("check", str(tmp_path), "--format", "json").output)
    assert {x["rule"] for x in data["files"][0]["findings"]} == {"HY001"}


def test_per_file_ignores(tmp_path) -> None:
    (tmp_path / "a.txt").write_text(BAD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(BAD, encoding="utf-8")
    (tmp_path / "mtcheck.toml").write_text('[per-file-ignores]\n"a.txt" = ["HY"]\n', encoding="utf-8")
    data = json.loads(run("check", str(tmp_path), "--format", "json").output)
    rules = {f["path"].rsplit("/", 1)[-1]: {x["rule"] for x in f["findings"]} for f in data["files"]}
    assert "HY001" not in rules["a.txt"] and "HY001" in rules["b.txt"]


def test_rules_and_explain() -> None:
    r = run("rules", "--format", "json")
    rules = json.loads(r.output)
    assert {"HY001", "PU001", "LC001"} <= {x["code"] for x in rules}
    r = run("explain", "HY002")
    assert r.exit_code == 0 and "## What it flags" in r.output and "Manhattan-for" in r.output
    assert run("explain", "glued-dash").exit_code == 0


def test_help_rules_and_explain_do_not_import_spacy() -> None:
    code = ("import sys; from mtcheck.cli import main\n"
            "for args in (['--help'], ['rules'], ['explain', 'HY001']):\n"
            "    try: main(args)\n"
            "    except SystemExit: pass\n"
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "False"


def test_python_api() -> None:
    from mtcheck import check_text

    report = check_text(BAD, select=("HY001",))
    (f,) = report.files[0].findings
    assert (f.code, BAD[f.range.start:f.range.end]) == ("HY001", "U -turn")


def test_markdown_directives_and_code_are_respected(tmp_path) -> None:
    p = tmp_path / "a.md"
    p.write_text(
        "# Title\n\n"
        "A U -turn here.\n\n"
        "<!-- mtcheck: disable HY001 -->\n"
        "A U -turn ignored.\n\n"
        "<!-- mtcheck: enable HY001 -->\n"
        "<!-- mtcheck: ignore-next-line LC -->\n"
        "It costs $ 70 billion.\n\n"
        "It costs $ 80 billion and a U -turn.\n\n"
        "```\ncode with a U -turn\n```\n", encoding="utf-8")
    data = json.loads(run("check", str(p), "--format", "json").output)
    got = [(x["rule"], x["line"], x["text"]) for x in data["files"][0]["findings"]]
    assert got == [("HY001", 3, "U -turn"), ("LC004", 12, "$ 80"), ("HY001", 12, "U -turn")]


def test_html_positions_point_into_the_source(tmp_path) -> None:
    p = tmp_path / "a.html"
    source = ("<html><head><style>p {}</style></head><body><nav>Menu -for</nav>\n"
              "<p>He wants a U -turn &amp; more for $ 70&nbsp;billion.</p><script>x = 'U -turn'</script></body></html>")
    p.write_text(source, encoding="utf-8")
    data = json.loads(run("check", str(p), "--format", "json").output)
    found = [(x["rule"], x["text"], x["line"]) for x in data["files"][0]["findings"]]
    assert found == [("HY001", "U -turn", 2), ("LC004", "$ 70", 2)]
    for x in data["files"][0]["findings"]:
        assert source[x["start"]:x["end"]] == x["text"]


def test_a_tagger_that_cannot_load_is_a_usage_error(tmp_path) -> None:
    (tmp_path / "a.txt").write_text(BAD, encoding="utf-8")
    (tmp_path / "mtcheck.toml").write_text('tagger = "no_such_spacy_pipeline"\n', encoding="utf-8")
    r = run("check", str(tmp_path))
    assert r.exit_code == 2 and "no_such_spacy_pipeline" in r.output
    # rules that need no tagger do not load it
    assert run("check", str(tmp_path), "--select", "HY", "--exit-zero").exit_code == 0


def test_signature_names_the_tagger_when_pos_rules_run() -> None:
    data = json.loads(run("check", str(SEED), "--format", "json").output)
    assert "|tagger:en_ewt_tagger-1.0.0|" in data["signature"]
    data = json.loads(run("check", str(SEED), "--format", "json", "--select", "HY").output)
    assert "|tagger:none|" in data["signature"]
