"""Machine formats: SARIF 2.1.0 (validated against the official OASIS schema shipped in
tests/schemas), GitHub Actions workflow commands, JUnit XML; and the CLI writing them."""
from __future__ import annotations

import dataclasses
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtcheck import __version__
from mtcheck.bilingual import pair_with_source, read_bilingual
from mtcheck.cli import main
from mtcheck.finding import Applicability, Category, Finding, Range, Severity
from mtcheck.lint import Linter, check_paths, check_text
from mtcheck.readers import read_plain
from mtcheck.render import RENDERERS
from mtcheck.render.github import escape_data, escape_property
from mtcheck.render.sarif import artifact_uri
from mtcheck.rules import REGISTRY

from .conftest import FIXTURES, SEED

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
SCHEMA_FILE = SCHEMA_DIR / "sarif-schema-2.1.0.json"
MARKDOWN = ("# Title\n\nThe size of Manhattan-for hundreds of billions. It costs 5,5 Mio. Euro.\n\n"
            "The post- war era and the anti- fraud law.\n")
HOSTILE = "a,b:c\nd%e\r\nf ]]> <script>alert(1)</script> & \x00\x01\x07\x08\x0b\x1f \ufffe end"


# -- fixtures ----------------------------------------------------------------------------------
SEED_PATH = "fixtures/documents/000_c1a018b23f0d2af6.txt"  # as given on a command line in the repo root


def _seed_report():
    return check_text(SEED.read_text(encoding="utf-8"), path=SEED_PATH)


@pytest.fixture(scope="module")
def seed_report():
    return _seed_report()


@pytest.fixture(scope="module")
def md_report():
    return check_text(MARKDOWN, format="markdown", path="docs/an article.md")


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")  # in the `test` extra; only SARIF validation needs it
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    cls = jsonschema.Draft7Validator
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _validate(validator, log: dict) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def _hostile(report, message: str = HOSTILE, path: str | None = None):
    """The report with every finding's message (and optionally the path) replaced."""
    files = []
    for r in report.files:
        doc = r.document if path is None else dataclasses.replace(r.document, path=path)
        findings = tuple(dataclasses.replace(f, message=message, suggestion=f"fix: {message}")
                         for f in r.findings)
        files.append(dataclasses.replace(r, document=doc, findings=findings))
    return dataclasses.replace(report, files=tuple(files))


# -- the schema file ---------------------------------------------------------------------------
def test_official_schema_is_shipped_with_its_licence():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "SARIF" in schema["title"] and "2.1.0" in schema["title"]
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]
    refs = re.findall(r'"\$ref":\s*"([^"]*)"', SCHEMA_FILE.read_text(encoding="utf-8"))
    assert refs and all(r.startswith("#/definitions/") for r in refs)  # nothing fetched remotely
    licence = (SCHEMA_DIR / "LICENSE-sarif-schema.md").read_text(encoding="utf-8")
    assert "oasis-tcs/sarif-spec" in licence and "OASIS" in licence


# -- SARIF -------------------------------------------------------------------------------------
def test_sarif_seed_validates_against_official_schema(seed_report, validator):
    _validate(validator, json.loads(RENDERERS["sarif"](seed_report)))


def test_sarif_markdown_with_fixes_validates(md_report, validator):
    log = json.loads(RENDERERS["sarif"](md_report))
    _validate(validator, log)
    assert any("fixes" in r for r in log["runs"][0]["results"])


def test_sarif_log_and_driver(seed_report):
    log = json.loads(RENDERERS["sarif"](seed_report))
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "mtcheck" and driver["version"] == __version__
    assert run["columnKind"] == "unicodeCodePoints"
    assert [r["id"] for r in driver["rules"]] == [m.code for m in seed_report.rules]
    levels = {"minor": "note", "major": "warning", "critical": "error"}
    for meta, rule in zip(seed_report.rules, driver["rules"]):
        assert rule["name"] == meta.name
        assert rule["shortDescription"]["text"]
        assert rule["help"]["markdown"] and rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] == levels[meta.severity.value]
        assert rule["properties"]["category"] == meta.category.value
        assert meta.category.value in rule["properties"]["tags"]
        assert len(set(rule["properties"]["tags"])) == len(rule["properties"]["tags"])
    props = run["properties"]
    assert props["signature"] == seed_report.signature
    assert props["files"][0]["score"] == seed_report.files[0].score.value
    assert props["files"][0]["passed"] is False
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_sarif_results_map_findings(seed_report):
    run = json.loads(RENDERERS["sarif"](seed_report))["runs"][0]
    fr = seed_report.files[0]
    doc = fr.document
    assert len(run["results"]) == len(fr.findings) > 0
    rules = run["tool"]["driver"]["rules"]
    levels = {Severity.MINOR: "note", Severity.MAJOR: "warning", Severity.CRITICAL: "error"}
    for f, res in zip(fr.findings, run["results"]):
        assert res["ruleId"] == f.code == rules[res["ruleIndex"]]["id"]
        assert res["level"] == levels[f.severity]
        assert res["message"]["text"].startswith(f.message)
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == SEED_PATH
        region = loc["region"]
        assert (region["startLine"], region["startColumn"]) == doc.line_col(f.range.start)
        assert (region["endLine"], region["endColumn"]) == doc.line_col(f.range.end)
        assert region["charOffset"] == f.range.start and region["charLength"] == len(f.range)
        assert region["snippet"]["text"] == doc.source[f.range.start:f.range.end]
        assert res["partialFingerprints"]
        safe = f.fix is not None and f.fix.applicability is Applicability.SAFE
        assert ("fixes" in res) == safe
    fingerprints = [next(iter(r["partialFingerprints"].values())) for r in run["results"]]
    assert len(set(fingerprints)) == len(fingerprints)
    assert any(f.fix is not None and f.fix.applicability is Applicability.UNSAFE for f in fr.findings)


def test_sarif_fixes_reproduce_the_safe_edits(md_report):
    run = json.loads(RENDERERS["sarif"](md_report))["runs"][0]
    fr = md_report.files[0]
    source = fr.document.source
    n = 0
    for f, res in zip(fr.findings, run["results"]):
        if "fixes" not in res:
            continue
        n += 1
        (change,) = res["fixes"][0]["artifactChanges"]
        assert change["artifactLocation"]["uri"] == "docs/an%20article.md"
        got = [(r["deletedRegion"]["charOffset"], r["deletedRegion"]["charLength"], r["insertedContent"]["text"])
               for r in change["replacements"]]
        assert got == [(e.range.start, len(e.range), e.replacement) for e in f.fix.edits]
        # applying the replacements gives the same text as applying the fix
        fixed = source
        for start, length, text in sorted(got, reverse=True):
            fixed = fixed[:start] + text + fixed[start + length:]
        assert fixed != source
    assert n >= 2
    assert "post-war" in json.dumps(run["results"], ensure_ascii=False)


def test_sarif_is_deterministic(seed_report):
    first = RENDERERS["sarif"](seed_report)
    assert first == RENDERERS["sarif"](seed_report)
    assert RENDERERS["sarif"](_seed_report()) == first


@pytest.mark.parametrize("path, uri", [
    ("<stdin>", "stdin"),
    ("docs/a.md", "docs/a.md"),
    ("./docs/a.md", "docs/a.md"),
    ("docs\\sub\\a.md", "docs/sub/a.md"),
    ("my docs/a b.md", "my%20docs/a%20b.md"),
    ("c:d%e#f?.md", "c%3Ad%25e%23f%3F.md"),
])
def test_sarif_artifact_uri(path, uri):
    assert artifact_uri(path) == uri


def test_sarif_absolute_paths():
    inside = str(Path.cwd() / "docs" / "a.md")
    assert artifact_uri(inside) == "docs/a.md"
    outside = "/nonexistent-root-for-mtcheck/a b.md"
    if not Path(outside).resolve().is_relative_to(Path.cwd().resolve()):
        assert artifact_uri(outside) == "file:///nonexistent-root-for-mtcheck/a%20b.md"


def test_sarif_stdin_and_hostile_text_validate(md_report, validator):
    report = _hostile(md_report, path="<stdin>")
    log = json.loads(RENDERERS["sarif"](report))
    _validate(validator, log)
    res = log["runs"][0]["results"][0]
    assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "stdin"
    assert res["message"]["text"] == f"{HOSTILE} (suggestion: fix: {HOSTILE})"  # JSON carries any text


def test_sarif_unreadable_files_are_notifications(validator, tmp_path):
    report = check_paths([SEED, tmp_path / "missing.txt"])
    log = json.loads(RENDERERS["sarif"](report))
    _validate(validator, log)
    (inv,) = log["runs"][0]["invocations"]
    assert inv["executionSuccessful"] is False
    (note,) = inv["toolExecutionNotifications"]
    assert note["level"] == "error" and note["message"]["text"]
    assert log["runs"][0]["results"]


def test_sarif_no_files(validator):
    report = check_paths([])
    log = json.loads(RENDERERS["sarif"](report))
    _validate(validator, log)
    assert log["runs"][0]["results"] == []


# -- GitHub ------------------------------------------------------------------------------------
_COMMAND = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$")


_CODES = {"25": "%", "0D": "\r", "0A": "\n", "3A": ":", "2C": ","}


def _unescape(value: str) -> str:
    return re.sub(r"%(25|0D|0A|3A|2C)", lambda m: _CODES[m.group(1)], value)


def _parse_command(line: str) -> tuple[str, dict[str, str], str]:
    m = _COMMAND.match(line)
    assert m, line
    props = {}
    if m.group(2):
        for item in m.group(2).split(","):
            key, value = item.split("=", 1)
            props[key] = _unescape(value)
    return m.group(1), props, _unescape(m.group(3))


def test_github_one_annotation_per_finding(seed_report):
    out = RENDERERS["github"](seed_report)
    lines = out.splitlines()
    fr = seed_report.files[0]
    assert out.endswith("\n") and len(lines) == len(fr.findings)
    levels = {Severity.MINOR: "notice", Severity.MAJOR: "warning", Severity.CRITICAL: "error"}
    for f, line in zip(fr.findings, lines):
        level, props, message = _parse_command(line)
        assert level == levels[f.severity]
        assert props["file"] == SEED_PATH
        assert props["title"] == f.code
        start_line, start_col = fr.document.line_col(f.range.start)
        assert int(props["line"]) == start_line
        if "col" in props:
            assert int(props["col"]) == start_col and props["endLine"] == props["line"]
            assert int(props["endColumn"]) == fr.document.line_col(f.range.end)[1]
        else:
            assert int(props["endLine"]) > start_line and "endColumn" not in props
        assert message.startswith(f.message)
        if f.suggestion and f.suggestion not in f.message:
            assert f.suggestion in message
    assert {line.split(" ", 1)[0] for line in lines} == {"::error", "::warning", "::notice"}


def test_github_escaping():
    assert escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    assert escape_data("a,b:c") == "a,b:c"


def test_github_hostile_messages_and_paths(md_report):
    path = "dir,x/a:b%25 c\nd.md"
    report = _hostile(md_report, path=path)
    out = RENDERERS["github"](report)
    lines = out.split("\n")[:-1]
    assert len(lines) == len(md_report.files[0].findings)
    for line in lines:
        assert "\r" not in line
        _, props, message = _parse_command(line)
        assert props["file"] == path
        assert message == f"{HOSTILE} (suggestion: fix: {HOSTILE})"
        head, _, data = line.partition("::")[2].partition("::")
        assert "\n" not in data and "\r" not in data
        assert not re.search(r"%(?!25|0D|0A|3A|2C)", head) and ":" not in head.split(" ", 1)[1]


def test_github_stdin_has_no_file_and_errors_are_reported(tmp_path):
    report = check_text("The post- war era.", path="<stdin>")
    (line,) = RENDERERS["github"](report).splitlines()
    _, props, _ = _parse_command(line)
    assert "file" not in props and props["line"] == "1"
    report = check_paths([tmp_path / "missing, really: yes.txt"])
    (line,) = RENDERERS["github"](report).splitlines()
    level, props, message = _parse_command(line)
    assert level == "error" and props["file"].endswith("missing, really: yes.txt") and message


# -- JUnit -------------------------------------------------------------------------------------
def test_junit_seed_fails_the_gate(seed_report):
    out = RENDERERS["junit"](seed_report)
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "mtcheck"
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("1", "1", "0")
    props = {p.get("name"): p.get("value") for p in suite.find("properties")}
    assert props["signature"] == seed_report.signature
    (case,) = suite.findall("testcase")
    assert case.get("classname") == "mtcheck"
    assert case.get("name") == SEED_PATH
    failure = case.find("failure")
    assert failure.get("type") == "gate"
    assert failure.get("message").startswith(f"score {seed_report.files[0].score.value:.1f} < 80")
    fr = seed_report.files[0]
    for f in fr.findings:
        line, col = fr.document.line_col(f.range.start)
        assert f"{fr.path}:{line}:{col}: {f.code} " in failure.text


def test_junit_counts_passes_failures_and_errors(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("The weather was fine and everyone went home early.\n", encoding="utf-8")
    report = check_paths([SEED, good, tmp_path / "missing.txt"])
    root = ET.fromstring(RENDERERS["junit"](report))
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "1")
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "1", "1")
    cases = suite.findall("testcase")
    assert len(cases) == 3
    assert [c.find("failure") is not None for c in cases] == [True, False, False]
    error = cases[2].find("error")
    assert error is not None and error.get("message") and cases[2].get("name").endswith("missing.txt")


def test_junit_hostile_text_is_well_formed(md_report):
    report = _hostile(md_report, path="a<b>&\"c\x01.md")
    report = dataclasses.replace(report, fail_under=100.0)  # make it fail, so the findings are shown
    report = dataclasses.replace(report, files=tuple(dataclasses.replace(r, passed=False) for r in report.files))
    out = RENDERERS["junit"](report)
    root = ET.fromstring(out.encode("utf-8"))  # raises on malformed XML
    case = root.find("testsuite/testcase")
    assert case.get("name") == "a<b>&\"c\ufffd.md"
    text = case.find("failure").text
    assert "]]> <script>alert(1)</script> &" in text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe]", out)


def test_junit_is_deterministic(seed_report):
    assert RENDERERS["junit"](seed_report) == RENDERERS["junit"](seed_report)


# -- the command line --------------------------------------------------------------------------
def test_cli_sarif_to_file(tmp_path, validator):
    out = tmp_path / "out.sarif"
    result = CliRunner().invoke(main, ["check", str(SEED), "--format", "sarif", "-o", str(out)])
    assert result.exit_code == 1, result.output  # the seed fails the gate
    log = json.loads(out.read_text(encoding="utf-8"))
    _validate(validator, log)
    assert log["runs"][0]["results"]


def test_cli_several_formats_to_output_dir(tmp_path, validator):
    d = tmp_path / "reports"
    result = CliRunner().invoke(main, ["check", str(SEED), "--format", "json", "--format", "sarif",
                                       "--format", "junit", "--output-dir", str(d), "--exit-zero"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in d.iterdir()) == ["mtcheck.json", "mtcheck.junit.xml", "mtcheck.sarif"]
    data = json.loads((d / "mtcheck.json").read_text(encoding="utf-8"))
    log = json.loads((d / "mtcheck.sarif").read_text(encoding="utf-8"))
    _validate(validator, log)
    assert len(log["runs"][0]["results"]) == data["summary"]["findings"]
    root = ET.parse(d / "mtcheck.junit.xml").getroot()
    assert root.find("testsuite").get("failures") == "1"


def test_cli_github_to_stdout():
    result = CliRunner().invoke(main, ["check", str(SEED), "--format", "github"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("::")]
    assert lines and all(_COMMAND.match(line) for line in lines)


# -- bilingual files: every finding names its unit ---------------------------------------------
XLIFF = FIXTURES / "bilingual" / "sample-1.2.xlf"
XLIFF_PATH = "fixtures/bilingual/sample-1.2.xlf"
TARGET_PATH = "fixtures/bilingual/target.en.txt"
APPENDED = "This article was translated automatically. Follow us for more!"


def xliff_result(linter: Linter | None = None):
    """The XLIFF 1.2 fixture, checked: its title unit ("Loss of 2,4 Mrd. Euro") has an LC006."""
    text = XLIFF.read_bytes().decode("utf-8")
    return (linter or Linter()).check_document(read_bilingual(text, XLIFF_PATH, "xliff"))


def jsonl_result(text: str, path: str = "units.jsonl", linter: Linter | None = None):
    return (linter or Linter()).check_document(read_bilingual(text, path, "jsonl"))


def paired_result(linter: Linter | None = None):
    """target.en.txt paired with source.de.txt; its last paragraph has no source counterpart and
    carries a finding of its own (made here, so that the test does not hang on one SR rule)."""
    target = (FIXTURES / "bilingual" / "target.en.txt").read_text(encoding="utf-8")
    source = (FIXTURES / "bilingual" / "source.de.txt").read_text(encoding="utf-8")
    result = (linter or Linter()).check_document(pair_with_source(read_plain(target, TARGET_PATH), source, "de"))
    start = target.index(APPENDED)
    appended = Finding("BP001", REGISTRY["BP001"].meta.name, Category.BOILERPLATE, Severity.MAJOR,
                       Range(start, start + len(APPENDED)), "appended text", None)
    findings = tuple(sorted(result.findings + (appended,), key=lambda f: f.sort_key))
    return dataclasses.replace(result, findings=findings)


def expected_unit(result, f) -> str | None:
    """The unit a finding is in, found from the Document's segments directly."""
    doc = result.document
    for seg in doc.segments:
        target = doc.to_source(seg.target.start, seg.target.end)
        if target.start <= f.range.start < target.end:
            return seg.id
    return None


@pytest.fixture(scope="module")
def bilingual_report():
    linter = Linter()
    return linter.report([xliff_result(linter), paired_result(linter)])


def test_json_names_the_unit_of_each_finding(bilingual_report):
    data = json.loads(RENDERERS["json"](bilingual_report))
    xliff, paired = data["files"]
    source = XLIFF.read_bytes().decode("utf-8")
    for file, result in zip(data["files"], bilingual_report.files):
        assert len(file["findings"]) == len(result.findings) > 0
        for raw, f in zip(file["findings"], result.findings):
            assert raw["unit"] == expected_unit(result, f)
            assert raw["text"] == result.document.source[f.range.start:f.range.end]
    # positions stay those of the file: the LC006 on the title's "Mrd." is on line 7 of the XLIFF
    (lc006,) = [f for f in xliff["findings"] if f["rule"] == "LC006"]
    assert lc006["unit"] == "title" and lc006["text"] == "Mrd."
    assert (lc006["line"], lc006["column"], lc006["end_line"], lc006["end_column"]) == (7, 29, 7, 33)
    assert source.splitlines()[6][28:32] == "Mrd." and source[lc006["start"]:lc006["end"]] == "Mrd."
    assert {f["unit"] for f in xliff["findings"]} == {"title"}
    # the paired target: numbered pairs, and null for the paragraph the source does not have
    units = {(f["rule"], f["text"]): f["unit"] for f in paired["findings"]}
    assert units[("BP001", APPENDED)] is None
    assert units[("LC006", "Mrd.")] == "2"


def test_monolingual_findings_have_no_unit_key(seed_report, bilingual_report):
    data = json.loads(RENDERERS["json"](seed_report))
    assert data["files"][0]["findings"] and all("unit" not in f for f in data["files"][0]["findings"])
    lines = [json.loads(line) for line in RENDERERS["jsonl"](seed_report).splitlines()]
    assert all("unit" not in f for f in lines[0]["findings"])
    # and jsonl writes each file as json does: the units are there for a bilingual file
    bilingual = [json.loads(line) for line in RENDERERS["jsonl"](bilingual_report).splitlines()]
    assert bilingual[:2] == json.loads(RENDERERS["json"](bilingual_report))["files"]


def test_sarif_puts_the_unit_in_the_properties(bilingual_report, seed_report, validator):
    log = json.loads(RENDERERS["sarif"](bilingual_report))
    _validate(validator, log)
    results = log["runs"][0]["results"]
    findings = [(r, f) for r in bilingual_report.files for f in r.findings]
    assert len(results) == len(findings)
    for res, (result, f) in zip(results, findings):
        assert res["properties"]["unit"] == expected_unit(result, f)
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == result.path
        assert (loc["region"]["startLine"], loc["region"]["startColumn"]) == result.line_col(f.range.start)
    assert [a["mimeType"] for a in log["runs"][0]["artifacts"]] == ["application/xliff+xml", "text/plain"]
    lc006 = next(r for r in results if r["ruleId"] == "LC006")
    assert lc006["properties"]["unit"] == "title"
    assert (lc006["locations"][0]["physicalLocation"]["region"]["startLine"],
            lc006["locations"][0]["physicalLocation"]["region"]["startColumn"]) == (7, 29)
    assert any(r["properties"]["unit"] is None for r in results)  # the appended paragraph
    plain = json.loads(RENDERERS["sarif"](seed_report))["runs"][0]["results"]
    assert all("unit" not in r["properties"] for r in plain)


def test_text_shows_the_unit_after_the_rule_code(bilingual_report):
    out = RENDERERS["text"](bilingual_report)
    assert f"{XLIFF_PATH}:7:29: LC006 [unit title] German number abbreviation" in out
    heads = [line for line in out.splitlines() if line.startswith((XLIFF_PATH + ":", TARGET_PATH + ":"))
             and " score " not in line]
    assert len(heads) == bilingual_report.findings
    for head, (result, f) in zip(heads, [(r, f) for r in bilingual_report.files for f in r.findings]):
        unit = expected_unit(result, f)
        line, col = result.line_col(f.range.start)
        prefix = f"{result.path}:{line}:{col}: {f.code} "
        assert head.startswith(prefix + (f"[unit {unit}] " if unit else "") + f.message)
    # the appended paragraph has no unit
    assert f"{TARGET_PATH}:7:1: BP001 appended text" in out


def test_github_and_junit_mention_the_unit(bilingual_report):
    lines = RENDERERS["github"](bilingual_report).splitlines()
    lc006 = [_parse_command(line) for line in lines if "title=LC006" in line and XLIFF_PATH in line]
    assert lc006 and lc006[0][2].startswith("[unit title] German number abbreviation")
    appended = next(_parse_command(line) for line in lines if "title=BP001" in line)
    assert appended[2] == "appended text"
    root = ET.fromstring(RENDERERS["junit"](bilingual_report).encode("utf-8"))
    failures = [c.find("failure").text for c in root.iter("testcase")]
    assert f"{XLIFF_PATH}:7:29: LC006 [major] [unit title] German number abbreviation" in failures[0]
    assert f"{TARGET_PATH}:7:1: BP001 [major] appended text" in failures[1]


def test_hostile_unit_ids_stay_on_one_line():
    line = json.dumps({"id": "\x1b[2J\nevil\r,x:y%", "src": "Es kostet 2,4 Mrd. Euro.", "mt": "It costs 2,4 Mrd. Euro."})
    result = jsonl_result(line + "\n")
    assert result.findings
    report = Linter().report([result])
    text = RENDERERS["text"](report)
    assert "\x1b" not in text and "[unit ␛[2J␊evil␍,x:y%]" in text
    for command in RENDERERS["github"](report).splitlines():
        assert "\n" not in command and "\r" not in command
        assert _parse_command(command)[2].startswith("[unit \x1b[2J\nevil\r,x:y%] ")
    root = ET.fromstring(RENDERERS["junit"](report).encode("utf-8"))  # well-formed despite ESC
    assert "[unit \ufffd[2J\nevil\n,x:y%]" in root.find("testsuite/testcase/failure").text
    assert json.loads(RENDERERS["json"](report))["files"][0]["findings"][0]["unit"] == "\x1b[2J\nevil\r,x:y%"


def test_jsonl_file_line_in_pieces_is_the_compact_json_of_the_file_entry() -> None:
    import json as _json

    from mtcheck.lint import check_text
    from mtcheck.render.json import file_dict
    from mtcheck.render.jsonl import file_line, file_line_pieces

    texts = ["Clean English text.", "Zuckerberg wants a U -turn for $ 70 billion „now“ — ünïcødé 😀.",
             "and and and and. " * 50]
    for text in texts:
        (result,) = check_text(text).files
        expected = _json.dumps(file_dict(result), ensure_ascii=False, separators=(",", ":")) + "\n"
        assert file_line(result) == expected
        assert "".join(file_line_pieces(result)) == expected
        assert len(list(file_line_pieces(result))) == len(result.findings) + 2
