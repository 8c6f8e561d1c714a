"""--jobs (worker processes), --format jsonl (streaming) and --cache-dir (the result cache)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtcheck import parallel
from mtcheck.cache import ResultCache, decode_entry, encode_entry
from mtcheck.cli import main
from mtcheck.config import Settings, load_settings
from mtcheck.lint import Linter, check_paths
from mtcheck.render import RENDERERS, SUFFIXES

from .conftest import MIXED_HTML as HTML
from .conftest import MIXED_MARKDOWN as MARKDOWN
from .conftest import SEED


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """31 files: the seed article, slices of it, Markdown and HTML files, one binary file."""
    root = tmp_path_factory.mktemp("corpus")
    seed = SEED.read_text(encoding="utf-8")
    paragraphs = [p for p in seed.split("\n\n") if p.strip()]
    (root / "000_seed.txt").write_text(seed, encoding="utf-8")
    sub = root / "sub"
    sub.mkdir()
    for i in range(22):
        chunk = paragraphs[i % len(paragraphs):i % len(paragraphs) + 4 + i % 3]
        (sub if i % 2 else root).joinpath(f"article_{i:02d}.txt").write_text("\n\n".join(chunk) + "\n",
                                                                             encoding="utf-8")
    for i in range(3):
        (root / f"notes_{i}.md").write_text(MARKDOWN.replace("Meta", f"Meta {i}"), encoding="utf-8")
        (sub / f"page_{i}.html").write_text(HTML.replace("70", str(70 + i)), encoding="utf-8")
    (root / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00\xff" * 50)
    (root / "empty.txt").write_text("", encoding="utf-8")
    return root


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.json") if p.parent != folder)


def _output(tmp_path: Path, name: str, *args: str) -> tuple[int, bytes]:
    out = tmp_path / name
    r = run("check", *args, "-o", str(out))
    assert r.exception is None or isinstance(r.exception, SystemExit), r.output
    return r.exit_code, out.read_bytes()


# --- --jobs ----------------------------------------------------------------------------------

FORMATS = ("--format", "json", "--format", "text", "--format", "sarif", "--format", "jsonl")


def _reports(tmp_path: Path, name: str, *args: str) -> tuple[int, dict[str, bytes]]:
    """Run once writing JSON, text, SARIF and JSON Lines reports; return the exit code and them."""
    out = tmp_path / name
    r = run("check", *args, *FORMATS, "--output-dir", str(out))
    assert r.exception is None or isinstance(r.exception, SystemExit), r.output
    return r.exit_code, {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_jobs_2_is_byte_identical_to_jobs_1(corpus, tmp_path, monkeypatch) -> None:
    pooled: list[int] = []
    real = parallel.check_files

    def spy(settings, files, jobs, size=None):
        pooled.append(len(files))
        return real(settings, files, jobs, size)

    monkeypatch.setattr(parallel, "check_files", spy)
    rc1, one = _reports(tmp_path, "one", str(corpus), "--jobs", "1")
    assert pooled == []
    rc2, two = _reports(tmp_path, "two", str(corpus), "--jobs", "2")
    assert pooled == [30]  # 31 files: the first is checked in the parent, the rest in the pool
    assert rc1 == rc2 == 2  # the binary file is an input error; the others are still reported
    assert sorted(one) == ["mtcheck.json", "mtcheck.jsonl", "mtcheck.sarif", "mtcheck.txt"]
    assert one == two
    assert b"broken.txt" in one["mtcheck.json"] and b"notes_2.md" in one["mtcheck.sarif"]


def test_small_chunks_and_more_jobs_than_files_keep_the_order(corpus) -> None:
    linter = Linter(Settings())
    files = linter._walk([str(corpus)], [])
    serial = [linter._outcome(f) for f in files]
    pooled = list(parallel.check_files(linter.settings, files, jobs=3, size=1))
    assert [o.path for o in pooled] == [o.path for o in serial] == files
    for a, b in zip(serial, pooled):
        assert type(a) is type(b)
        if hasattr(a, "findings"):
            assert a.findings == b.findings and a.stats == b.stats and a.document.source == b.document.source


def test_python_api_jobs_and_progress(corpus) -> None:
    one = check_paths([corpus])
    two = check_paths([corpus], jobs=2)
    assert RENDERERS["json"](one) == RENDERERS["json"](two)
    seen: list[tuple[int, int]] = []
    errors: list = []
    results = list(Linter().iter_results([str(corpus)], errors=errors, on_progress=lambda d, t: seen.append((d, t)),
                                         jobs=2))
    assert seen == [(i, 31) for i in range(1, 32)]
    assert len(results) == 30 and [e.path for e in errors] == [str(corpus / "broken.txt")]


def test_chunk_size() -> None:
    assert parallel.chunk_size(1000, 2) == 16
    assert parallel.chunk_size(30, 2) == 4
    assert parallel.chunk_size(3, 8) == 1
    assert parallel.default_jobs() >= 1


def test_stdin_and_single_file_stay_in_process(monkeypatch, tmp_path) -> None:
    def boom(*a, **k):
        raise AssertionError("no pool for one file or for standard input")

    monkeypatch.setattr(parallel, "check_files", boom)
    r = run("check", "-", str(SEED), "--jobs", "4", "--format", "json", "--exit-zero",
            input="Zuckerberg wants a U -turn.\n")
    assert r.exit_code == 0, r.output
    assert [f["path"] for f in json.loads(r.output)["files"]] == ["<stdin>", str(SEED)]
    assert run("check", str(SEED), "--jobs", "4", "--exit-zero").exit_code == 0


# --- --format jsonl --------------------------------------------------------------------------

def test_jsonl_lines_match_the_json_report(corpus, tmp_path) -> None:
    _, raw_json = _output(tmp_path, "r.json", str(corpus), "--format", "json", "--jobs", "1")
    _, raw_jsonl = _output(tmp_path, "r.jsonl", str(corpus), "--format", "jsonl", "--jobs", "2")
    report = json.loads(raw_json)
    lines = [json.loads(line) for line in raw_jsonl.decode("utf-8").splitlines()]
    *files, last = lines
    assert files == report["files"]
    assert last["summary"] == report["summary"]
    assert last["signature"] == report["signature"] and last["gate"] == report["gate"]
    assert last["errors"] == report["errors"] and last["schema_version"] == report["schema_version"]
    # the non-streaming renderer (used with several formats) writes the same lines
    out = tmp_path / "both"
    r = run("check", str(corpus), "--format", "json", "--format", "jsonl", "--output-dir", str(out), "--jobs", "1")
    assert r.exit_code == 2
    assert (out / f"mtcheck{SUFFIXES['jsonl']}").read_bytes() == raw_jsonl
    assert (out / "mtcheck.json").read_bytes() == raw_json
    # --output-dir with jsonl alone streams into mtcheck.jsonl
    out2 = tmp_path / "alone"
    run("check", str(corpus), "--format", "jsonl", "--output-dir", str(out2), "--jobs", "2")
    assert (out2 / "mtcheck.jsonl").read_bytes() == raw_jsonl


def test_jsonl_streams_without_building_a_report(corpus, monkeypatch) -> None:
    """Each line is written before the next file is checked, and no Report is assembled."""
    written: list[int] = []
    real = Linter.check_document

    def check_document(self, doc):
        written.append(sys.stdout.buffer.getvalue().count(b"\n"))
        return real(self, doc)

    def no_report(*a, **k):
        raise AssertionError("jsonl must not accumulate a Report")

    monkeypatch.setattr(Linter, "check_document", check_document)
    monkeypatch.setattr(Linter, "report", no_report)
    r = run("check", str(corpus), "--format", "jsonl", "--jobs", "1")
    assert r.exit_code == 2, r.output
    assert written == list(range(30))  # before the n-th file: n lines already out
    assert r.stdout.count("\n") == 31


def test_jsonl_exit_codes(tmp_path) -> None:
    ok = tmp_path / "ok.txt"
    ok.write_text("Meta is investing heavily in data centres, and analysts remain sceptical.\n", encoding="utf-8")
    r = run("check", str(ok), "--format", "jsonl")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout.splitlines()[-1])["summary"]["passed"] is True
    r = run("check", str(SEED), "--format", "jsonl")
    assert r.exit_code == 1
    assert run("check", str(SEED), "--format", "jsonl", "--exit-zero").exit_code == 0
    empty = tmp_path / "none"
    empty.mkdir()
    r = run("check", str(empty), "--format", "jsonl")
    assert r.exit_code == 0 and "no files to check" in r.stderr
    assert json.loads(r.stdout)["summary"]["files"] == 0


# --- --cache-dir -----------------------------------------------------------------------------

def _forbid_checking(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = Linter.check_document

    def counting(self, doc):
        calls.append(doc.path)
        return real(self, doc)

    monkeypatch.setattr(Linter, "check_document", counting)
    return calls


def test_cached_rerun_is_identical_and_skips_the_rules(corpus, tmp_path, monkeypatch) -> None:
    cache = tmp_path / "cache"
    _, plain = _reports(tmp_path, "plain", str(corpus), "--jobs", "1")
    _, first = _reports(tmp_path, "first", str(corpus), "--jobs", "2", "--cache-dir", str(cache))
    entries = _files(cache)
    assert len(entries) == 30  # every readable file; the binary one is an error, not an entry
    assert (cache / "CACHEDIR.TAG").is_file()
    calls = _forbid_checking(monkeypatch)
    rc, second = _reports(tmp_path, "second", str(corpus), "--jobs", "1", "--cache-dir", str(cache))
    assert calls == []  # everything came from the cache
    assert rc == 2
    assert plain == first == second
    assert _files(cache) == entries
    # the streamed JSON Lines report from the cache, in worker processes, is the same too
    _, streamed = _output(tmp_path, "s.jsonl", str(corpus), "--format", "jsonl", "--jobs", "2",
                          "--cache-dir", str(cache))
    assert streamed == plain["mtcheck.jsonl"]


def test_corrupt_entries_are_recomputed(corpus, tmp_path, monkeypatch) -> None:
    cache = tmp_path / "cache"
    _, first = _output(tmp_path, "first.json", str(corpus), "--format", "json", "--jobs", "1", "--cache-dir", str(cache))
    entries = _files(cache)
    good = {p: p.read_bytes() for p in entries}
    bad_payloads = [b"", b"{not json", b"\xff\xfe", b"[]", b'{"v": 1}', b'{"v": 99, "words": 1, "findings": []}',
                    b'{"v": 1, "words": -1, "findings": []}',
                    b'{"v": 1, "words": 5, "findings": [["HY001", "x", "nope", "minor", 0, 1, "m", null, null]]}',
                    b'{"v": 1, "words": 5, "findings": [["HY001", "x", "fluency/spelling", "minor", 0, 99999999, '
                    b'"m", null, null]]}']
    corrupted = entries[:len(bad_payloads)]
    for path, payload in zip(corrupted, bad_payloads):
        path.write_bytes(payload)
    calls = _forbid_checking(monkeypatch)
    _, second = _output(tmp_path, "second.json", str(corpus), "--format", "json", "--jobs", "1", "--cache-dir", str(cache))
    assert second == first
    assert len(calls) == len(corrupted)
    for path in corrupted:  # rewritten with a good entry
        assert path.read_bytes() == good[path]
    assert not list(cache.rglob(".tmp-*"))


def test_select_changes_the_key_and_the_gate_does_not(corpus, tmp_path, monkeypatch) -> None:
    cache = tmp_path / "cache"
    base = (str(corpus), "--format", "json", "--jobs", "1", "--cache-dir", str(cache))
    _output(tmp_path, "hy.json", *base, "--select", "HY")
    n_hy = len(_files(cache))
    _output(tmp_path, "hypu.json", *base, "--select", "HY,PU")
    assert len(_files(cache)) == 2 * n_hy
    calls = _forbid_checking(monkeypatch)
    _, strict = _output(tmp_path, "strict.json", *base, "--select", "HY", "--fail-under", "99.9")
    _, lax = _output(tmp_path, "lax.json", *base, "--select", "HY", "--fail-under", "0", "--fail-on", "none")
    assert calls == []
    assert len(_files(cache)) == 2 * n_hy
    s, l = json.loads(strict), json.loads(lax)
    assert [f["findings"] for f in s["files"]] == [f["findings"] for f in l["files"]]
    assert [f["passed"] for f in l["files"]] == [True] * len(l["files"])
    assert not all(f["passed"] for f in s["files"])


def test_key_covers_format_accept_and_per_file_ignores() -> None:
    a = ResultCache("/nonexistent", "sig")
    data = b"The the text."
    keys = {a.key(data, "text"), a.key(data, "markdown"), a.key(data, "text", ("HY",)),
            ResultCache("/nonexistent", "sig", ["crowbar"]).key(data, "text"),
            ResultCache("/nonexistent", "other-sig").key(data, "text"), a.key(data + b" ", "text")}
    assert len(keys) == 6
    assert a.key(data, "text") == ResultCache("/nonexistent", "sig").key(data, "text")


def test_entry_round_trip_keeps_fixes(seed_text) -> None:
    result = Linter().check_document(__import__("mtcheck.readers", fromlist=["read_plain"]).read_plain(seed_text))
    assert any(f.fix is not None for f in result.findings)
    words, findings = decode_entry(encode_entry(result.stats.words, result.findings), len(seed_text))
    assert words == result.stats.words and findings == result.findings


def test_no_cache_without_cache_dir(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("The the text.\n", encoding="utf-8")
    run("check", ".", "--jobs", "1")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
    assert Linter(Settings()).cache is None
    # cache-dir from the configuration, relative to the config file; --no-cache turns it off
    (tmp_path / "mtcheck.toml").write_text('cache-dir = ".mtcache"\n', encoding="utf-8")
    assert load_settings(tmp_path / "mtcheck.toml").cache_dir == str(tmp_path / ".mtcache")
    run("check", ".", "--jobs", "1", "--no-cache")
    assert not (tmp_path / ".mtcache").exists()
    run("check", ".", "--jobs", "1")
    assert len(_files(tmp_path / ".mtcache")) == 1


def test_unusable_cache_dir_is_a_usage_error(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    r = run("check", str(SEED), "--cache-dir", str(blocker / "sub"))
    assert r.exit_code == 2 and "cache folder" in r.stderr


def test_fix_does_not_use_the_cache(tmp_path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("Zuckerberg wants a U -turn for $ 70 billion.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    r = run("check", str(p), "--cache-dir", str(cache), "--fix", "--exit-zero")
    assert r.exit_code == 0, r.output
    assert not cache.exists()
    assert "U-turn" in p.read_text(encoding="utf-8")
