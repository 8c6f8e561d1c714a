"""`mtcheck score` and `mtcheck compare`: sacrebleu reference metrics beside mtcheck's score."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtcheck.cli import main
from mtcheck.metrics import compare_files, read_segments, score_files

WMT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "wmt21-deen"

SUBJECTS = ["The committee", "Our neighbour", "A local farmer", "The city council", "My sister"]
VERBS = [("approved", "the budget"), ("repaired", "an old bridge"), ("planted", "apple trees"),
         ("visited", "the harbour")]
PLACES = ["near the river", "after lunch", "in the spring", "before the storm", "on a quiet evening"]
REF = [f"{SUBJECTS[i % 5]} {VERBS[i // 5][0]} {VERBS[i // 5][1]} {PLACES[(i * 3) % 5]}." for i in range(20)]
# a weaker system: word order and word choice drift away from the reference
WORSE = [f"{PLACES[(i * 3) % 5].capitalize()} has {SUBJECTS[i % 5].lower()} {VERBS[i // 5][1]} {VERBS[i // 5][0]}."
         for i in range(20)]
# mtcheck findings: spaced hyphen and a space before the currency amount
FLAWED = [f"Zuckerberg wants a U -turn for $ 70 billion in year {i}." for i in range(20)]


def write(path: Path, lines: list[str]) -> str:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def files(tmp_path):
    return {"ref": write(tmp_path / "ref.txt", REF), "good": write(tmp_path / "good.txt", REF),
            "worse": write(tmp_path / "worse.txt", WORSE), "flawed": write(tmp_path / "flawed.txt", FLAWED),
            "short": write(tmp_path / "short.txt", REF[:19])}


def test_identical_hypothesis_is_perfect(files) -> None:
    data = score_files(files["good"], [files["ref"]])
    assert data["metrics"]["bleu"]["score"] == pytest.approx(100.0)
    assert data["metrics"]["chrf"]["score"] == pytest.approx(100.0)
    assert data["metrics"]["ter"]["score"] == pytest.approx(0.0)
    for key in ("bleu", "chrf", "ter"):
        assert "version:" in data["metrics"][key]["signature"] and "nrefs:1" in data["metrics"][key]["signature"]
    assert data["mtcheck"]["signature"].startswith("mtcheck:")
    assert data["mtcheck"]["score"] == 100.0 and data["mtcheck"]["findings"] == 0


def test_worse_system_scores_lower(files) -> None:
    good_data, worse_data = score_files(files["good"], [files["ref"]]), score_files(files["worse"], [files["ref"]])
    good, worse = good_data["metrics"], worse_data["metrics"]
    assert worse_data["mtcheck"]["score"] < good_data["mtcheck"]["score"]  # mtcheck sees the word order
    assert worse["bleu"]["score"] < good["bleu"]["score"]
    assert worse["chrf"]["score"] < good["chrf"]["score"]
    assert worse["ter"]["score"] > good["ter"]["score"]


def test_mtcheck_score_of_flawed_hypothesis(files) -> None:
    data = score_files(files["flawed"], [files["ref"]], doc_lines=5)
    mt = data["mtcheck"]
    assert mt["findings"] > 0 and mt["score"] < 100.0 and mt["penalty_per_1000_words"] > 0
    assert mt["by_category"]
    arts = data["articles"]
    assert len(arts) == 4 and [(a["first_line"], a["last_line"]) for a in arts][-1] == (16, 20)
    assert sum(a["mtcheck"]["findings"] for a in arts) == mt["findings"]
    assert sum(a["mtcheck"]["words"] for a in arts) == mt["words"]


def test_score_text_output(files) -> None:
    r = run("score", files["worse"], "--reference", files["ref"], "--doc-lines", "10")
    assert r.exit_code == 0, r.output
    for needle in ("BLEU", "chrF2", "TER", "mtcheck:", "tok:13a", "1-10", "11-20", "findings"):
        assert needle in r.output


def test_score_json_shape_and_multiple_references(files) -> None:
    r = run("score", files["good"], "--reference", files["ref"], "--reference", files["worse"], "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert set(data) == {"schema_version", "command", "hypothesis", "references", "source", "segments", "doc_lines",
                         "metrics", "mtcheck", "articles"}
    assert data["command"] == "score" and data["segments"] == 20 and data["doc_lines"] is None
    assert data["references"] == [files["ref"], files["worse"]]
    assert set(data["metrics"]) == {"bleu", "chrf", "ter"}
    assert set(data["metrics"]["bleu"]) == {"name", "score", "text", "signature"}
    assert "nrefs:2" in data["metrics"]["bleu"]["signature"]
    assert {"score", "penalty", "penalty_per_1000_words", "words", "findings", "by_severity", "by_category",
            "signature"} <= set(data["mtcheck"])
    assert len(data["articles"]) == 1
    art = data["articles"][0]
    assert (art["first_line"], art["last_line"], art["segments"]) == (1, 20, 20)
    assert art["bleu"] == pytest.approx(data["metrics"]["bleu"]["score"])


@pytest.mark.parametrize("command", ["score", "compare"])
def test_line_count_mismatch_exits_2_naming_the_files(files, command) -> None:
    args = [command, files["good"]] + ([files["worse"]] if command == "compare" else [])
    r = run(*args, "--reference", files["short"])
    assert r.exit_code == 2
    assert files["good"] in r.output and files["short"] in r.output
    assert "has 20" in r.output and "has 19" in r.output


def test_empty_files_exit_2(tmp_path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    r = run("score", str(empty), "--reference", str(empty))
    assert r.exit_code == 2 and "empty" in r.output


def test_read_segments_keeps_blank_lines_and_unicode_separators(tmp_path) -> None:
    p = tmp_path / "x.txt"
    p.write_bytes("a\r\n\nb\u2028c\n".encode())
    assert read_segments(p) == ["a", "", "b\u2028c"]


def test_compare_is_deterministic_and_reports_p_values(files) -> None:
    args = ("compare", files["worse"], files["good"], "--reference", files["ref"], "--bootstrap", "200",
            "--format", "json")
    first, second = run(*args), run(*args)
    assert first.exit_code == 0, first.output
    assert first.output == second.output
    data = json.loads(first.output)
    assert data["bootstrap"] == {"samples": 200, "seed": 12345}
    assert [s["system"] for s in data["systems"]] == ["A", "B"]
    for key in ("bleu", "chrf"):
        test = data["tests"][key]
        assert 0.0 <= test["p_value"] <= 1.0
        assert test["difference"] > 0
        assert "bs:200" in test["signature"] and "seed:12345" in test["signature"]
    assert data["tests"]["bleu"]["p_value"] < 0.05
    assert data["mtcheck_signature"].startswith("mtcheck:")


def test_compare_mtcheck_counts_per_category(files) -> None:
    data = compare_files(files["good"], files["flawed"], [files["ref"]], n_samples=50)
    a, b = data["systems"]
    assert a["mtcheck"]["findings"] == 0 and a["mtcheck"]["by_category"] == {}
    assert b["mtcheck"]["findings"] > 0 and sum(b["mtcheck"]["by_category"].values()) == b["mtcheck"]["findings"]
    assert b["mtcheck"]["score"] < a["mtcheck"]["score"]


def test_compare_text_output(files) -> None:
    r = run("compare", files["good"], files["flawed"], "--reference", files["ref"], "--bootstrap", "50")
    assert r.exit_code == 0, r.output
    for needle in ("A (baseline)", "p-value", "BLEU", "chrF2", "mtcheck", "findings", "seed 12345"):
        assert needle in r.output


def test_compare_seed_changes_resampling(files) -> None:
    one = compare_files(files["worse"], files["flawed"], [files["ref"]], n_samples=100, seed=1)
    two = compare_files(files["worse"], files["flawed"], [files["ref"]], n_samples=100, seed=2)
    again = compare_files(files["worse"], files["flawed"], [files["ref"]], n_samples=100, seed=1)
    assert one == again
    assert one["systems"][0]["bleu"]["score"] == two["systems"][0]["bleu"]["score"]
    assert one["bootstrap"]["seed"] == 1 and two["bootstrap"]["seed"] == 2


def test_wmt21_online_w_bleu_is_plausible(tmp_path) -> None:
    hyp = WMT / "systems" / "newstest2021.de-en.hyp.Online-W.en"
    ref = WMT / "newstest2021.de-en.ref.A.en"
    if not (hyp.is_file() and ref.is_file()):
        pytest.skip("the WMT21 de-en corpus is not available")
    h = write(tmp_path / "hyp.en", read_segments(hyp)[:50])
    r = write(tmp_path / "ref.en", read_segments(ref)[:50])
    data = score_files(h, [r], doc_lines=25)
    assert 10 <= data["metrics"]["bleu"]["score"] <= 70
    assert 30 <= data["metrics"]["chrf"]["score"] <= 90
    assert len(data["articles"]) == 2
    assert data["mtcheck"]["words"] > 500


def _files(tmp_path):
    hyp, ref, src = tmp_path / "hyp.en", tmp_path / "ref.en", tmp_path / "src.de"
    hyp.write_text("Sales rose by 5 percent.\nThe <b>boss</b> & co resigned.\n", encoding="utf-8")
    ref.write_text("Sales rose by 7 percent.\nThe boss resigned.\n", encoding="utf-8")
    src.write_text("Der Umsatz stieg um 7 Prozent.\nDer Chef trat zurück.\n", encoding="utf-8")
    return hyp, ref, src


def test_score_with_source_is_source_aware(tmp_path) -> None:
    from mtcheck.metrics import score_files

    hyp, ref, src = _files(tmp_path)
    plain = score_files(hyp, [ref])
    aware = score_files(hyp, [ref], source=src)
    assert plain["source"] is None and aware["source"] == str(src)
    assert plain["mtcheck"]["findings"] == 0
    assert aware["mtcheck"]["findings"] == 1  # SR001: 5 percent for 7 Prozent
    assert aware["mtcheck"]["by_category"] == {"accuracy/mistranslation": 1}
    assert aware["metrics"] == plain["metrics"]  # the reference metrics do not change


def test_score_and_compare_cli_html_is_escaped_and_script_free(tmp_path) -> None:
    hyp, ref, src = _files(tmp_path)
    r = CliRunner().invoke(main, ["score", str(hyp), "-r", str(ref), "--source", str(src), "--format", "html"])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("<!DOCTYPE html>") and "<script" not in r.output
    assert "Content-Security-Policy" in r.output and "source-aware" in r.output
    r = CliRunner().invoke(main, ["compare", str(hyp), str(ref), "-r", str(ref), "--source", str(src),
                                  "--bootstrap", "10", "--format", "html"])
    assert r.exit_code == 0, r.output
    assert "accuracy/mistranslation" in r.output and "<script" not in r.output


def test_source_with_a_different_line_count_is_an_alignment_error(tmp_path) -> None:
    hyp, ref, src = _files(tmp_path)
    src.write_text("Nur eine Zeile.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["score", str(hyp), "-r", str(ref), "--source", str(src)])
    assert r.exit_code == 2 and "not line-aligned" in r.output
