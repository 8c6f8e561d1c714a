"""The HTML report (no browser): one self-contained, offline file whose data cannot break out."""
from __future__ import annotations

import json
import re
import time
from dataclasses import replace

import pytest
from click.testing import CliRunner

from mtcheck.cli import main
from mtcheck.finding import Category, Finding, Range, Severity
from mtcheck.lint import Linter, check_text
from mtcheck.render import RENDERERS
from mtcheck.render.html import build_data, render, safe_json
from mtcheck.rules import REGISTRY

CSP = ("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
       "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">")
HOSTILE = [
    "<script>window.__pwned=1;alert(1)</script>",
    "\"><img src=x onerror=\"window.__pwned=1;alert(1)\">",
    "[x](javascript:window.__pwned=1)",
    "</script><script>window.__pwned=1</script><!--",
    "'\"><svg onload=window.__pwned=1>",
]
HOSTILE_TEXT = ("Hostile article.\n\nThe company has a turnover of 5.000.000 Euro. "
                + " ".join(HOSTILE)
                + "\n\nHe unpacks the crowbar and the efforts wore fruit. </script> & <b>bold</b> &amp;\n")


def data_block(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="data">(.*?)</script>', html, re.DOTALL)
    assert m, "no JSON data block"
    return json.loads(m.group(1))


@pytest.fixture(scope="module")
def seed_report(seed_text):
    return check_text(seed_text, path="fixtures/documents/000_c1a018b23f0d2af6.txt")


@pytest.fixture(scope="module")
def seed_html(seed_report):
    return render(seed_report)


@pytest.fixture(scope="module")
def hostile_report():
    return check_text(HOSTILE_TEXT, path="<script>window.__pwned=1</script>.md", format="markdown")


@pytest.fixture(scope="module")
def hostile_html(hostile_report):
    return render(hostile_report, color=False, some_unknown_option=1)


def test_self_contained_and_offline(seed_html):
    assert seed_html.startswith("<!DOCTYPE html>")
    lowered = seed_html.lower()
    for bad in ('src="http', "src='http", 'href="http', "href='http", "@import", "url(http", "url(//",
                'src="//', 'href="//', "<link", "<iframe", "<object", "<embed"):
        assert bad not in lowered, bad
    # no external reference at all: every src/href is a fragment or a data: URL
    for attr in re.findall(r'\b(?:src|href|action)\s*=\s*["\']([^"\']*)', seed_html):
        assert attr.startswith(("#", "data:")) or attr == "", attr
    assert CSP in seed_html
    assert seed_html.count("<style>") == 1 and seed_html.count("<script") == 2


def test_overview_content(seed_html, seed_report):
    assert seed_report.signature in seed_html
    assert f"{seed_report.score.value:.2f}" in seed_html
    assert '<svg id="chart-scores"' in seed_html and '<svg id="chart-categories"' in seed_html
    for key in ("score", "findings", "words", "passed"):
        assert f'data-key="{key}"' in seed_html


def test_data_matches_report(seed_html, seed_report):
    data = data_block(seed_html)
    [art] = data["articles"]
    result = seed_report.files[0]
    assert art["text"] == result.document.source
    assert len(art["findings"]) == len(result.findings) > 0
    assert art["score"] == result.score.value and art["passed"] == result.passed
    for f, raw in zip(result.findings, art["findings"]):
        start, end, rule, cat, sev, msg, sugg, line, col = raw
        assert (start, end) == (f.range.start, f.range.end)
        assert data["rules"][rule]["code"] == f.code
        assert data["categories"][cat] == f.category.value
        assert data["severities"][sev] == f.severity.value
        assert data["strings"][msg] == f.message
        assert (data["strings"][sugg] if sugg >= 0 else None) == f.suggestion
        assert (line, col) == result.document.line_col(f.range.start)
    used = {f.code for f in result.findings}
    for r in data["rules"]:
        assert r["doc"] == (REGISTRY[r["code"]].doc if r["code"] in used else "")


def test_hostile_strings_only_escaped(hostile_html, hostile_report):
    assert hostile_report.files[0].findings, "the hostile article should have findings to highlight"
    # outside the JSON data block, no payload appears at all (the path is not in the markup)
    m = re.search(r'<script type="application/json" id="data">(.*?)</script>', hostile_html, re.DOTALL)
    markup = hostile_html[:m.start(1)] + hostile_html[m.end(1):]
    for payload in HOSTILE:
        assert payload not in markup
    for raw in ("__pwned", "<img", "<svg onload", "onerror=", "javascript:", "<!--", "<b>"):
        assert raw not in markup, raw
    # inside it, nothing that HTML parses: only JSON string escapes
    assert not set("<>&") & set(m.group(1))
    assert "[x](javascript:window.__pwned=1)" in m.group(1)  # harmless as data; shown with textContent
    assert 'href="javascript' not in hostile_html.lower()
    # exactly the two script elements of the template: article text never closes one
    assert hostile_html.count("</script>") == 2
    assert "\\u003c/script\\u003e" in hostile_html
    data = data_block(hostile_html)
    assert data["articles"][0]["text"] == HOSTILE_TEXT
    assert data["articles"][0]["path"] == "<script>window.__pwned=1</script>.md"


def test_safe_json_escapes():
    text = safe_json({"t": "</script><!-- & > \u2028\u2029"})
    assert not set("<>&") & set(text)
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"t": "</script><!-- & > \u2028\u2029"}


def test_unreadable_file_paths_are_escaped(hostile_report):
    from mtcheck.report import FileError

    report = replace(hostile_report, errors=(FileError("<img src=x onerror=alert(1)>", "<b>bad</b>"),))
    html = render(report)
    assert "<img src=x" not in html and "<b>bad" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_astral_characters_use_utf16_offsets():
    text = "😀😀 The efforts wore fruit. 🎉 He unpacks the crowbar.\n"
    report = check_text(text)
    data = build_data(report)
    art = data["articles"][0]
    assert art["findings"]
    u16 = text.encode("utf-16-le")
    for f, raw in zip(report.files[0].findings, art["findings"]):
        assert u16[2 * raw[0]:2 * raw[1]].decode("utf-16-le") == text[f.range.start:f.range.end]


def with_findings(report, findings):
    result = replace(report.files[0], findings=tuple(findings))
    return replace(report, files=(result,))


def test_overlapping_and_empty_findings_are_kept(hostile_report):
    def f(start, end, code="ID001"):
        return Finding(code, REGISTRY[code].meta.name, Category.LITERAL, Severity.MAJOR, Range(start, end),
                       f"m{start}-{end}", None)
    report = with_findings(hostile_report, [f(0, 10), f(5, 15, "BP001"), f(5, 5), f(2, 8), f(0, 10)])
    data = data_block(render(report))
    assert [x[:2] for x in data["articles"][0]["findings"]] == [[0, 10], [5, 15], [5, 5], [2, 8], [0, 10]]


def test_renderer_registry_and_cli(tmp_path, seed_text):
    doc = tmp_path / "article.txt"
    doc.write_text(seed_text, encoding="utf-8")
    out = tmp_path / "report.html"
    r = CliRunner().invoke(main, ["report", str(doc), "-o", str(out)])
    assert r.exit_code in (0, 1), r.output
    html = out.read_text(encoding="utf-8")
    assert CSP in html and data_block(html)["articles"][0]["text"] == seed_text
    r = CliRunner().invoke(main, ["check", str(doc), "--format", "html", "--exit-zero"])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("<!DOCTYPE html>") and CSP in r.output
    assert RENDERERS["html"](check_text("Fine text.")).startswith("<!DOCTYPE html>")


def test_empty_report():
    html = render(check_text(""))
    assert CSP in html
    assert len(data_block(html)["articles"]) == 1


def test_thousand_articles_render_quickly(seed_report):
    result = seed_report.files[0]
    files = tuple(replace(result, document=replace(result.document, path=f"articles/{i:04d}.txt"))
                  for i in range(1000))
    report = replace(seed_report, files=files)
    started = time.perf_counter()
    html = render(report)
    assert time.perf_counter() - started < 20
    data = data_block(html)
    assert len(data["articles"]) == 1000
    # shared tables: one copy of each message and rule documentation, not one per article
    assert len(data["strings"]) < 200
    assert html.count("syndication note: says where the article first appeared") == 1


# -- bilingual files: source and target side by side ------------------------------------------
HOSTILE_ID = "<img src=x onerror=\"window.__pwned=1\">"
HOSTILE_UNITS = "\n".join(json.dumps(u, ensure_ascii=False) for u in [
    {"id": HOSTILE_ID, "src": "Quelle: " + " ".join(HOSTILE), "mt": "The company reports 2,4 Mrd. Euro."},
    {"id": "u2", "src": "😀 Der Chef trat zurück. </script><!--", "mt": "😀 The boss resigned. He earns 5,5 Mio. Euro."},
]) + "\n"


def hostile_bilingual_result():
    from .test_formats import jsonl_result

    return jsonl_result(HOSTILE_UNITS, "units.jsonl")


def test_bilingual_article_data(seed_report):
    from .test_formats import expected_unit, paired_result, xliff_result

    xliff, paired = xliff_result(), paired_result()
    report = replace(seed_report, files=(xliff, seed_report.files[0], paired))
    data = data_block(render(report))
    for art, result in ((data["articles"][0], xliff), (data["articles"][2], paired)):
        doc = result.document
        ranges = [doc.to_source(s.target.start, s.target.end) for s in doc.segments]
        assert [u[:4] for u in art["units"]] == [[s.id, s.source, r.start, r.end] for s, r in zip(doc.segments, ranges)]
        for u, r in zip(art["units"], ranges):  # the pieces of the file that hold the target, in order
            flat = [x for piece in u[4] for x in piece]
            assert flat[0] == r.start and flat[-1] == r.end and flat == sorted(flat)
            assert all(a < b for a, b in u[4])
        assert art["source_language"] == "de"
        assert art["text"] == doc.source  # the file, as for any article: the ranges index it
        ids = [s.id for s in doc.segments]
        assert len(art["findings"]) == len(result.findings) > 0
        for raw, f in zip(art["findings"], result.findings):
            assert raw[:2] == [f.range.start, f.range.end] and len(raw) == 10
            unit = expected_unit(result, f)
            assert raw[9] == (ids.index(unit) if unit is not None else -1)
    title, p1 = data["articles"][0]["units"][:2]
    assert title[:2] == ["title", "Verlust von 2,4 Mrd. Euro"]
    text = data["articles"][0]["text"]
    assert text[title[2]:title[3]] == "Loss of 2,4 Mrd. Euro" and title[4] == [title[2:4]]
    # <target>The <g id="1">company</g> reports &quot;losses&quot; &amp; debts<x id="2"/>.</target>:
    # the inline tags lie between the pieces; entities are written in the file as they are
    assert [text[a:b] for a, b in p1[4]] == ["The ", "company", " reports &quot;losses&quot; &amp; debts", "."]
    assert -1 in [raw[9] for raw in data["articles"][2]["findings"]]  # the appended paragraph
    # a monolingual article is as it always was
    seed = data["articles"][1]
    assert "units" not in seed and "source_language" not in seed
    assert all(len(raw) == 9 for raw in seed["findings"])


def test_bilingual_hostile_source_only_escaped():
    result = hostile_bilingual_result()
    assert result.findings
    html = render(Linter().report([result]))
    m = re.search(r'<script type="application/json" id="data">(.*?)</script>', html, re.DOTALL)
    markup = html[:m.start(1)] + html[m.end(1):]
    for payload in HOSTILE + [HOSTILE_ID]:
        assert payload not in markup
    assert "__pwned" not in markup and not set("<>&") & set(m.group(1))
    assert html.count("</script>") == 2
    [art] = data_block(html)["articles"]
    assert [u[0] for u in art["units"]] == [HOSTILE_ID, "u2"]
    assert art["units"][0][1] == "Quelle: " + " ".join(HOSTILE)
    # UTF-16 offsets: the second unit follows characters outside the BMP
    u16 = art["text"].encode("utf-16-le")
    for u, (_, _, start, end, pieces) in zip(result.units, art["units"]):
        assert u16[2 * start:2 * end].decode("utf-16-le") == result.source[u.start:u.end]
        assert [u16[2 * a:2 * b].decode("utf-16-le") for a, b in pieces] == [result.source[a:b] for a, b in u.pieces]
    for f, raw in zip(result.findings, art["findings"]):
        assert u16[2 * raw[0]:2 * raw[1]].decode("utf-16-le") == result.source[f.range.start:f.range.end]
    assert "😀 The boss resigned." in result.source[result.units[1].start:result.units[1].end]
