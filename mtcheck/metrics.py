"""Reference metrics beside mtcheck's own score (see docs/metrics.md).

``mtcheck score`` computes corpus BLEU, chrF and TER with sacrebleu for one hypothesis file
against one or more line-aligned reference files, overall and per article (every
``doc_lines`` lines), next to mtcheck's score of the hypothesis text.
``mtcheck compare`` runs sacrebleu's paired bootstrap resampling for two systems (BLEU and
chrF, seeded, so deterministic) and reports mtcheck's finding counts for each system.

The mtcheck score of a hypothesis: each line is a paragraph (the lines are joined with a
blank line and read as plain text); each article is checked on its own, and the overall
score is computed from the summed statistics of the articles (never an average).
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Sequence

SCHEMA_VERSION = 1
DEFAULT_SEED = 12345


class AlignmentError(Exception):
    """The input files cannot be compared segment by segment (message names the files)."""


def read_segments(path: str | Path) -> list[str]:
    """One segment per line; a final line break does not start a new segment. Only "\\n"
    (with an optional "\\r") separates lines, so Unicode line separators stay in a segment."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AlignmentError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise AlignmentError(f"cannot read {path}: {exc.strerror or exc}") from None
    if text.endswith("\n"):
        text = text[:-1]
    if not text:
        return []
    return [line.rstrip("\r") for line in text.split("\n")]


def read_aligned(paths: Sequence[str | Path]) -> list[list[str]]:
    """Read every file; all must have the same, non-zero number of lines."""
    data = [read_segments(p) for p in paths]
    counts = [len(d) for d in data]
    if len(set(counts)) > 1:
        listing = ", ".join(f"{p} has {n}" for p, n in zip(paths, counts))
        raise AlignmentError(f"the files are not line-aligned (different line counts): {listing}")
    if counts and counts[0] == 0:
        raise AlignmentError(f"no segments to score: {', '.join(str(p) for p in paths)} are empty")
    return data


def _metrics():
    from sacrebleu.metrics import BLEU, CHRF, TER

    return {"bleu": BLEU(), "chrf": CHRF(), "ter": TER()}


def _chunks(n: int, size: int | None) -> list[tuple[int, int]]:
    """(start, end) line ranges, end exclusive, of the articles."""
    size = size or n
    return [(i, min(i + size, n)) for i in range(0, n, size)]


def _linter(linter):
    if linter is not None:
        return linter
    from .lint import Linter

    return Linter()


def mtcheck_results(lines: Sequence[str], ranges: Sequence[tuple[int, int]], linter=None, path: str = "<hyp>",
                    source: Sequence[str] | None = None):
    """One FileResult per article: the article's lines, one paragraph each; with ``source``
    (the line-aligned source text), each line paired with its source line, so the source-aware
    SR rules run too."""
    from .bilingual import pair_with_source
    from .readers import read_plain

    linter = _linter(linter)
    out = []
    for a, b in ranges:
        doc = read_plain("\n\n".join(lines[a:b]), path)
        if source is not None:
            doc = pair_with_source(doc, "\n\n".join(source[a:b]))
        out.append(linter.check_document(doc))
    return out


def _mtcheck_summary(results, signature: str) -> dict:
    from functools import reduce

    from .scoring import Stats, score

    stats = reduce(lambda x, y: x + y, (r.stats for r in results), Stats())
    value = score(stats)
    return {"score": value.value, "penalty": value.penalty, "penalty_per_1000_words": value.per_1000_words,
            "words": stats.words, "findings": stats.findings, "by_severity": stats.by_severity(),
            "by_category": stats.by_category(), "signature": signature}


def score_files(hyp: str | Path, references: Sequence[str | Path], doc_lines: int | None = None,
                linter=None, source: str | Path | None = None) -> dict:
    """The `mtcheck score` JSON object (documented in docs/metrics.md). With ``source``, the
    mtcheck score is source-aware (each hypothesis line paired with its source line)."""
    hyps, *refs = read_aligned([hyp, *references, *([source] if source else [])])
    src = refs.pop() if source else None
    linter = _linter(linter)
    metrics = _metrics()
    ranges = _chunks(len(hyps), doc_lines)
    overall = {}
    for key, metric in metrics.items():
        s = metric.corpus_score(hyps, refs)
        overall[key] = {"name": s.name, "score": round(s.score, 4), "text": str(s),
                        "signature": str(metric.get_signature())}
    results = mtcheck_results(hyps, ranges, linter, str(hyp), src)
    articles = []
    for i, ((a, b), result) in enumerate(zip(ranges, results), 1):
        article = {"article": i, "first_line": a + 1, "last_line": b, "segments": b - a}
        for key, metric in metrics.items():
            article[key] = round(metric.corpus_score(hyps[a:b], [r[a:b] for r in refs]).score, 4)
        article["mtcheck"] = {"score": result.score.value, "penalty_per_1000_words": result.score.per_1000_words,
                              "words": result.stats.words, "findings": result.stats.findings}
        articles.append(article)
    return {"schema_version": SCHEMA_VERSION, "command": "score", "hypothesis": str(hyp),
            "references": [str(r) for r in references], "source": None if source is None else str(source),
            "segments": len(hyps), "doc_lines": doc_lines,
            "metrics": overall, "mtcheck": _mtcheck_summary(results, linter.signature), "articles": articles}


@contextmanager
def _seed(seed: int):
    """sacrebleu's paired test reads its seed from SACREBLEU_SEED; pin it for the call."""
    old = os.environ.get("SACREBLEU_SEED")
    os.environ["SACREBLEU_SEED"] = str(seed)
    try:
        yield
    finally:
        if old is None:
            del os.environ["SACREBLEU_SEED"]
        else:
            os.environ["SACREBLEU_SEED"] = old


def compare_files(a: str | Path, b: str | Path, references: Sequence[str | Path], n_samples: int = 1000,
                  seed: int = DEFAULT_SEED, linter=None, source: str | Path | None = None) -> dict:
    """The `mtcheck compare` JSON object (documented in docs/metrics.md): A is the baseline.
    With ``source``, mtcheck's findings are source-aware."""
    from sacrebleu.metrics import BLEU, CHRF
    from sacrebleu.significance import PairedTest

    if seed < 1:
        raise ValueError("seed must be a positive integer (sacrebleu takes 0 as 'no seed')")
    hyps_a, hyps_b, *refs = read_aligned([a, b, *references, *([source] if source else [])])
    src = refs.pop() if source else None
    linter = _linter(linter)
    keys = ("bleu", "chrf")
    with _seed(seed):
        test = PairedTest([("A", hyps_a), ("B", hyps_b)], {"bleu": BLEU(), "chrf": CHRF()}, refs,
                          test_type="bs", n_samples=n_samples, n_jobs=1)
        signatures, scores = test()
    names = [n for n in scores if n != "System"]  # sacrebleu renames the metrics ("BLEU", "chrF2")
    systems = []
    for i, (label, path, hyps) in enumerate((("A", a, hyps_a), ("B", b, hyps_b))):
        entry = {"system": label, "path": str(path)}
        for key, name in zip(keys, names):
            r = scores[name][i]
            entry[key] = {"score": round(float(r.score), 4),
                          "mean": None if r.mean is None else round(float(r.mean), 4),
                          "ci95": None if r.ci is None else round(float(r.ci), 4)}
        results = mtcheck_results(hyps, _chunks(len(hyps), None), linter, str(path), src)
        entry["mtcheck"] = _mtcheck_summary(results, linter.signature)
        del entry["mtcheck"]["signature"]
        systems.append(entry)
    tests = {}
    for key, name in zip(keys, names):
        p = scores[name][1].p_value
        tests[key] = {"name": name, "difference": round(systems[1][key]["score"] - systems[0][key]["score"], 4),
                      "p_value": None if p is None else round(float(p), 4),
                      "signature": str(signatures[name])}
    return {"schema_version": SCHEMA_VERSION, "command": "compare", "baseline": "A",
            "references": [str(r) for r in references], "source": None if source is None else str(source),
            "segments": len(hyps_a), "bootstrap": {"samples": test.n_samples, "seed": seed}, "systems": systems, "tests": tests,
            "mtcheck_signature": linter.signature}


# -- text output ---------------------------------------------------------------------------
def _table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() + "\n" for r in rows)


def render_score_text(data: dict) -> str:
    mt = data["mtcheck"]
    out = [f"hypothesis: {data['hypothesis']} ({data['segments']} segments, "
           f"{len(data['references'])} reference{'s' if len(data['references']) != 1 else ''})\n"]
    if data.get("source"):
        out.append(f"source: {data['source']} (the mtcheck score is source-aware)\n")
    out.append("\n")
    metrics, articles = _score_tables(data)
    out.append(_table(metrics))
    out.append(f"\nmtcheck: {mt['findings']} findings in {mt['words']} words, "
               f"penalty {mt['penalty_per_1000_words']:.1f} per 1,000 words\n\n")
    out.append(_table(articles))
    return "".join(out)


def _score_tables(data: dict) -> tuple[list[list[str]], list[list[str]]]:
    """The two tables of a score report, each with its header row: the metrics with their
    signatures, and the articles."""
    m, mt = data["metrics"], data["mtcheck"]
    metrics = [["metric", "score", "signature"]]
    metrics += [[m[k]["name"], f"{m[k]['score']:.2f}", m[k]["signature"]] for k in ("bleu", "chrf", "ter")]
    metrics.append(["mtcheck", f"{mt['score']:.2f}", mt["signature"]])
    articles = [["article", "lines", m["bleu"]["name"], m["chrf"]["name"], m["ter"]["name"], "mtcheck", "findings"]]
    articles += [[str(art["article"]), f"{art['first_line']}-{art['last_line']}", f"{art['bleu']:.2f}",
                  f"{art['chrf']:.2f}", f"{art['ter']:.2f}", f"{art['mtcheck']['score']:.2f}",
                  str(art["mtcheck"]["findings"])] for art in data["articles"]]
    return metrics, articles


_COMPARE_HEADER = ["metric", "A", "B", "B-A", "p-value"]


def _compare_rows(data: dict, indent: str) -> list[list[str]]:
    """The rows of the compare table: metrics with confidence intervals and p-values, mtcheck's
    score, its findings and, indented, their categories."""
    a, b = data["systems"]
    t = data["tests"]
    rows = []
    for key in ("bleu", "chrf"):
        p = t[key]["p_value"]
        rows.append([t[key]["name"], f"{a[key]['score']:.2f} ± {a[key]['ci95']:.2f}",
                     f"{b[key]['score']:.2f} ± {b[key]['ci95']:.2f}", f"{t[key]['difference']:+.2f}",
                     "-" if p is None else f"{p:.4f}"])
    rows.append(["mtcheck", f"{a['mtcheck']['score']:.2f}", f"{b['mtcheck']['score']:.2f}",
                 f"{b['mtcheck']['score'] - a['mtcheck']['score']:+.2f}", ""])
    rows.append(["findings", str(a["mtcheck"]["findings"]), str(b["mtcheck"]["findings"]),
                 f"{b['mtcheck']['findings'] - a['mtcheck']['findings']:+d}", ""])
    for cat in sorted(set(a["mtcheck"]["by_category"]) | set(b["mtcheck"]["by_category"])):
        na, nb = a["mtcheck"]["by_category"].get(cat, 0), b["mtcheck"]["by_category"].get(cat, 0)
        rows.append([f"{indent}{cat}", str(na), str(nb), f"{nb - na:+d}", ""])
    return rows


def render_compare_text(data: dict) -> str:
    a, b = data["systems"]
    t = data["tests"]
    out = [f"A (baseline): {a['path']}\nB: {b['path']}\n"
           f"{data['segments']} segments; paired bootstrap resampling, {data['bootstrap']['samples']} "
           f"samples, seed {data['bootstrap']['seed']}\n\n"]
    out.append(_table([_COMPARE_HEADER, *_compare_rows(data, "  ")]))
    out.append("\n" + "".join(f"{t[k]['name']}: {t[k]['signature']}\n" for k in ("bleu", "chrf")))
    out.append(f"mtcheck: {data['mtcheck_signature']}\n")
    return "".join(out)


# -- HTML output ---------------------------------------------------------------------------
_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{title}</title>
<style>
body {{ font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; color: #222; }}
table {{ border-collapse: collapse; margin: 1rem 0; }}
th, td {{ border-bottom: 1px solid #ddd; padding: .3rem .7rem; text-align: right; }}
th:first-child, td:first-child {{ text-align: left; }}
code {{ font-size: 12px; color: #555; }}
</style></head><body>
{body}
</body></html>
"""


def _html_table(header: list[str], rows: list[list[str]]) -> str:
    from html import escape

    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_score_html(data: dict) -> str:
    """A self-contained page (no script) with the tables of :func:`render_score_text`."""
    from html import escape

    mt = data["mtcheck"]
    source = f"; source {escape(data['source'])} (source-aware mtcheck score)" if data.get("source") else ""
    body = [f"<h1>mtcheck score</h1><p>Hypothesis {escape(data['hypothesis'])}, {data['segments']} segments; "
            f"references {escape(', '.join(data['references']))}{source}.</p>"]
    metrics, articles = _score_tables(data)
    body.append(_html_table(metrics[0], metrics[1:]))
    body.append(f"<p>mtcheck: {mt['findings']} findings in {mt['words']} words, penalty "
                f"{mt['penalty_per_1000_words']:.1f} per 1,000 words.</p>")
    body.append(_html_table(articles[0], articles[1:]))
    return _PAGE.format(title="mtcheck score", body="\n".join(body))


def render_compare_html(data: dict) -> str:
    """A self-contained page (no script) with the table of :func:`render_compare_text`."""
    from html import escape

    a, b = data["systems"]
    t = data["tests"]
    body = [f"<h1>mtcheck compare</h1><p>A (baseline) {escape(a['path'])}; B {escape(b['path'])}; "
            f"{data['segments']} segments; paired bootstrap, {data['bootstrap']['samples']} samples, "
            f"seed {data['bootstrap']['seed']}.</p>"]
    body.append(_html_table(_COMPARE_HEADER, _compare_rows(data, "")))
    body.append("<p>" + "<br>".join(f"<code>{escape(t[k]['name'])}: {escape(t[k]['signature'])}</code>"
                                     for k in ("bleu", "chrf"))
                + f"<br><code>mtcheck: {escape(data['mtcheck_signature'])}</code></p>")
    return _PAGE.format(title="mtcheck compare", body="\n".join(body))
