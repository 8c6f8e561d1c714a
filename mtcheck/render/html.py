"""``mtcheck report`` / ``--format html``: one self-contained HTML file for editors.

The page carries its own CSS, JavaScript and SVG and makes no request of its own (a
Content-Security-Policy forbids any). Per-article data travels as JSON in a
``<script type="application/json">`` block, escaped so article text can never close the
element; the page builds an article's highlighted text on demand with DOM calls
(``textContent``/``createElement``), never ``innerHTML``, so it stays usable for thousands of
articles and article text always shows as text.
"""
from __future__ import annotations

import json
from importlib import resources

from markupsafe import Markup

from ..finding import Category, Severity
from ..report import Report

_SEVERITIES = [s.value for s in Severity]
_CATEGORIES = [c.value for c in Category]
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_BINS = 10
_DATA_SLOT = "\x00mtcheck-data\x00"  # where the data goes; a NUL is in no path, message or template


def safe_json(data: object) -> str:
    """JSON that is safe inside a ``<script>`` element: ``<``, ``>`` and ``&`` (and the JS line
    separators) are written as ``\\uXXXX`` escapes, so no ``</script>`` or ``<!--`` can appear."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, escaped in _JSON_ESCAPES.items():  # str.replace: no list of one string per character
        text = text.replace(ch, escaped)
    return text


def _utf16_offsets(text: str):
    """A function mapping code-point offsets in ``text`` to UTF-16 offsets (what JS indexes)."""
    if all(ord(ch) <= 0xFFFF for ch in text):
        return lambda i: i
    table = [0]
    for ch in text:
        table.append(table[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return lambda i: table[min(i, len(text))]


class _Interner:
    def __init__(self) -> None:
        self.items: list[str] = []
        self._index: dict[str, int] = {}

    def __call__(self, value: str | None) -> int:
        if value is None:
            return -1
        if value not in self._index:
            self._index[value] = len(self.items)
            self.items.append(value)
        return self._index[value]


def build_data(report: Report) -> dict:
    """The page's data: compact per-article records that index shared tables of rules and strings."""
    from ..rules import REGISTRY

    strings = _Interner()
    rule_index: dict[str, int] = {}
    rules: list[dict] = []

    def rule_id(code: str, name: str, category: str, severity: str) -> int:
        if code not in rule_index:
            rule = REGISTRY.get(code)
            rule_index[code] = len(rules)
            rules.append({"code": code, "name": name, "category": category,
                          "severity": rule.meta.severity.value if rule else severity,
                          "doc": rule.doc if rule else ""})
        return rule_index[code]

    for meta in report.rules:  # selected rules first, so the rule filter lists them all
        rule_id(meta.code, meta.name, meta.category.value, meta.severity.value)

    articles = []
    for result in report.files:
        source = result.source
        u16 = _utf16_offsets(source)
        unit_index = {u: i for i, u in enumerate(result.units)} if result.bilingual else None
        findings = []
        for f in result.findings:
            line, col = result.line_col(f.range.start)
            record = [u16(f.range.start), u16(f.range.end),
                      rule_id(f.code, f.name, f.category.value, f.severity.value),
                      _CATEGORIES.index(f.category.value), _SEVERITIES.index(f.severity.value),
                      strings(f.message), strings(f.suggestion), line, col]
            if unit_index is not None:  # the unit's index in "units", -1 outside every unit
                record.append(unit_index.get(result.unit_of(f), -1))
            findings.append(record)
        article = {"path": result.path, "score": result.score.value, "words": result.stats.words,
                   "passed": result.passed, "text": source, "findings": findings}
        if unit_index is not None:  # shown side by side: unit id, source text, target range and
            # the pieces of "text" that hold the target's text (markup between them is left out)
            article["units"] = [[u.id, u.source, u16(u.start), u16(u.end), [[u16(a), u16(b)] for a, b in u.pieces]]
                                for u in result.units]
            article["source_language"] = result.source_language
        articles.append(article)
    used = {rules[f[2]]["code"] for a in articles for f in a["findings"]}
    for r in rules:  # documentation only for rules that have findings: it is most of a small report
        if r["code"] not in used:
            r["doc"] = ""
    return {"categories": _CATEGORIES, "severities": _SEVERITIES, "rules": rules,
            "strings": strings.items, "articles": articles,
            "errors": [{"path": e.path, "message": e.message} for e in report.errors]}


def _histogram(report: Report) -> list[dict]:
    counts = [0] * _BINS
    failed = [0] * _BINS
    for r in report.files:
        i = min(int(r.score.value // (100 / _BINS)), _BINS - 1)
        counts[i] += 1
        failed[i] += 0 if r.passed else 1
    width = 100 // _BINS
    return [{"lo": i * width, "hi": (i + 1) * width, "n": n, "failed": failed[i]} for i, n in enumerate(counts)]


def _template():
    from jinja2 import Environment, FunctionLoader, StrictUndefined

    folder = resources.files(__package__) / "templates"

    def load(name: str):
        return folder.joinpath(name).read_text(encoding="utf-8"), None, lambda: True

    return Environment(loader=FunctionLoader(load), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True).get_template("report.html.j2")


def render(report: Report, **_: object) -> str:
    """The HTML report for ``report``; unknown keyword options (``color``…) are ignored."""
    by_category = report.stats.by_category()
    categories = [(c, by_category.get(c, 0)) for c in _CATEGORIES]
    folder = resources.files(__package__) / "templates"
    histogram = _histogram(report)
    # The data (every article's text) is put in after rendering: as a template value it would
    # be copied twice more (Markup, then the page), and it is as large as the corpus.
    page = _template().render(
        report=report,
        files=len(report.files),
        failed=sum(1 for f in report.files if not f.passed),
        by_severity=report.stats.by_severity(),
        categories=categories,
        category_max=max([n for _, n in categories] + [1]),
        histogram=histogram,
        histogram_max=max([b["n"] for b in histogram] + [1]),
        css=Markup(folder.joinpath("report.css").read_text(encoding="utf-8")),
        js=Markup(folder.joinpath("report.js").read_text(encoding="utf-8")),
        data=Markup(_DATA_SLOT),
    )
    head, _, tail = page.rpartition(_DATA_SLOT)  # the last one: the data block follows any error message
    return "".join((head, safe_json(build_data(report)), tail))  # one copy of the data, not two
