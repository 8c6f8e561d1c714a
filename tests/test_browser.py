"""The HTML report in a real browser: Playwright for Python driving Debian's Chromium.

Skipped when the ``playwright`` package or ``/usr/bin/chromium`` is missing
(``pip install -e '.[browser]'`` and ``apt-get install -y chromium`` provide them; Playwright's
own browser download is never used).
"""
from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from mtcheck.finding import Category, Finding, Range, Severity
from mtcheck.lint import Linter, check_text
from mtcheck.render.html import render
from mtcheck.rules import REGISTRY

from .test_html_report import HOSTILE, HOSTILE_TEXT

CHROMIUM = os.environ.get("MTCHECK_CHROMIUM", "/usr/bin/chromium")
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="playwright is not installed (pip install -e '.[browser]')")
if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)", allow_module_level=True)

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


class Page:
    """A page that records console errors, page errors, dialogs and every network request."""

    def __init__(self, browser, html: str, tmp_path: Path, name: str = "report.html"):
        self.path = tmp_path / name
        self.path.write_text(html, encoding="utf-8")
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(self.path.as_uri())

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open_article(self, index: int = 0) -> None:
        self.page.click(f'#articles tbody tr[data-article="{index}"] a')
        self.page.wait_for_selector("#article:not([hidden])")

    def selected(self) -> int | None:
        return self.page.evaluate(
            "() => { const m = document.querySelector('mark.f.sel[data-finding]');"
            " return m ? Number(m.dataset.finding) : null; }")

    def close(self, screenshot: Path | None = None) -> None:
        if screenshot is not None:
            self.page.screenshot(path=str(screenshot), full_page=False)
        assert self.errors == [], self.errors
        assert self.dialogs == [], self.dialogs
        assert self.page.evaluate("() => typeof window.__pwned") == "undefined"
        assert [u for u in self.requests if not u.startswith("file://")] == []
        self.context.close()


@pytest.fixture(scope="module")
def seed_report(seed_text):
    return check_text(seed_text, path="fixtures/documents/000_c1a018b23f0d2af6.txt")


def test_seed_article(browser, seed_report, tmp_path):
    findings = seed_report.files[0].findings
    pg = Page(browser, render(seed_report), tmp_path)
    page = pg.page
    assert page.locator("#articles tbody tr").count() == 1
    pg.open_article(0)
    # one element per finding
    assert page.locator("[data-finding]").count() == len(findings)
    assert page.locator("#finding-list li").count() == len(findings)
    # the text is the source, untouched
    assert page.evaluate("() => document.getElementById('text').textContent") == seed_report.files[0].document.source

    # clicking a highlight shows its finding in the detail panel
    j = next(i for i, f in enumerate(findings) if f.suggestion)
    page.click(f'mark[data-finding="{j}"]', position={"x": 2, "y": 4})
    clicked = pg.selected()
    assert clicked is not None
    f = findings[clicked]
    detail = page.locator("#detail")
    assert f.message in detail.inner_text() and f.code in detail.inner_text()
    if f.suggestion:
        assert detail.locator(".suggestion").inner_text() == f.suggestion
    page.click("#detail summary")
    assert "What it flags" in detail.inner_text() or REGISTRY[f.code].summary[:20] in detail.inner_text()

    # keyboard: j moves to the next finding in text order, k back
    order = sorted(range(len(findings)), key=lambda i: (findings[i].range.start, -findings[i].range.end, i))
    page.locator("#text").focus()
    page.keyboard.press("j")
    first = pg.selected()
    assert first is not None
    page.keyboard.press("j")
    second = pg.selected()
    assert order.index(second) == order.index(first) + 1
    page.keyboard.press("ArrowLeft")
    assert pg.selected() == first
    page.keyboard.press("n")
    assert pg.selected() == second
    assert findings[second].message in detail.inner_text()
    # Enter on a focused highlight selects it
    other = order[-1]
    page.focus(f'mark[data-finding="{other}"]')
    page.keyboard.press("Enter")
    assert pg.selected() == other

    # filter: keep one category only
    keep = findings[0].category.value
    for box in page.locator('#filter-category input[type="checkbox"]').all():
        if box.get_attribute("value") != keep:
            box.uncheck()
    n_keep = sum(1 for x in findings if x.category.value == keep)
    assert page.locator("mark[data-finding]:not(.off)").count() == n_keep
    assert page.locator("mark[data-finding].off").count() == len(findings) - n_keep
    assert page.locator("#finding-list li:visible").count() == n_keep
    page.keyboard.press("j")  # navigation skips filtered findings
    assert findings[pg.selected()].category.value == keep
    # rule filter
    page.locator('#filter-category input[type="checkbox"]').first.check()
    for box in page.locator('#filter-category input[type="checkbox"]').all():
        box.check()
    code = findings[0].code
    page.select_option("#filter-rule", code)
    assert page.locator("mark[data-finding]:not(.off)").count() == sum(1 for x in findings if x.code == code)
    page.select_option("#filter-rule", "")
    page.locator('#filter-severity input[value="minor"]').uncheck()
    assert page.locator("mark[data-finding]:not(.off)").count() == sum(
        1 for x in findings if x.severity is not Severity.MINOR)
    page.locator('#filter-severity input[value="minor"]').check()

    page.keyboard.press("Escape")
    page.wait_for_selector("#overview:not([hidden])")
    pg.close(tmp_path / "seed-article.png")


def test_hostile_article_never_runs(browser, tmp_path):
    report = check_text(HOSTILE_TEXT, path="<img src=x onerror=\"window.__pwned=1\">.md", format="markdown")
    findings = report.files[0].findings
    assert findings
    pg = Page(browser, render(report), tmp_path)
    page = pg.page
    assert page.locator("#articles tbody a").inner_text() == report.files[0].path
    pg.open_article(0)
    assert page.locator("[data-finding]").count() == len(findings)
    text = page.evaluate("() => document.getElementById('text').textContent")
    assert text == HOSTILE_TEXT
    for payload in HOSTILE:
        assert payload in text
    assert page.locator("#text img, #text svg, #text script, #text a, #text b").count() == 0
    assert page.locator("#article-path").inner_text() == report.files[0].path
    for j in range(len(findings)):
        page.keyboard.press("j")
    page.wait_for_timeout(200)
    pg.close(tmp_path / "hostile-article.png")


def test_overlapping_findings(browser, seed_report, tmp_path):
    """Crossing, nested, duplicate and empty ranges: one data-finding element each, text intact."""
    result = seed_report.files[0]

    def f(start, end, code="ID001", cat=Category.LITERAL, sev=Severity.MAJOR):
        return Finding(code, REGISTRY[code].meta.name, cat, sev, Range(start, end), f"m{start}-{end}", f"s{start}")
    findings = (f(0, 20), f(10, 30, "BP001", Category.BOILERPLATE), f(12, 12), f(5, 8, sev=Severity.MINOR),
                f(0, 20), f(25, 60, "UT001", Category.UNTRANSLATED, Severity.CRITICAL),
                f(len(result.document.source), len(result.document.source)))
    report = replace(seed_report, files=(replace(result, findings=findings),))
    pg = Page(browser, render(report), tmp_path)
    pg.open_article(0)
    page = pg.page
    assert page.locator("[data-finding]").count() == len(findings)
    assert page.locator("mark.cont").count() >= 1
    assert page.evaluate("() => document.getElementById('text').textContent") == result.document.source
    # each finding's marks (its element plus continuations) cover exactly its range
    covered = page.evaluate("""() => {
        const out = {};
        const walk = document.createTreeWalker(document.getElementById('text'), NodeFilter.SHOW_TEXT);
        let pos = 0, n;
        while ((n = walk.nextNode())) {
            for (let e = n.parentElement; e && e.id !== 'text'; e = e.parentElement) {
                const j = e.dataset.finding ?? e.dataset.cont;
                if (j !== undefined) (out[j] = out[j] || []).push([pos, pos + n.length]);
            }
            pos += n.length;
        }
        return out;
    }""")
    for j, x in enumerate(findings):
        spans = covered.get(str(j), [])
        if x.range.start == x.range.end:
            assert spans == []
            continue
        assert min(s for s, _ in spans) == x.range.start and max(e for _, e in spans) == x.range.end
        assert sum(e - s for s, e in spans) == x.range.end - x.range.start
    page.click('mark[data-finding="1"]', position={"x": 2, "y": 4})
    assert pg.selected() is not None
    pg.close(tmp_path / "overlap.png")


def test_overview_sorting_and_many_articles(browser, seed_report, tmp_path):
    result = seed_report.files[0]
    files = []
    for i in range(300):
        n = i % 37
        score = replace(result.score, value=float((i * 7919) % 101))
        files.append(replace(result, document=replace(result.document, path=f"a/{i:03d}.txt"),
                             findings=result.findings[:n], score=score, passed=score.value >= 80))
    report = replace(seed_report, files=tuple(files))
    pg = Page(browser, render(report), tmp_path)
    page = pg.page
    assert page.locator("#articles tbody tr").count() == 300

    def column(i):
        return page.eval_on_selector_all(f"#articles tbody tr td:nth-child({i})", "tds => tds.map(t => t.textContent)")
    page.click('th[data-key="score"] button')
    scores = [float(x) for x in column(2)]
    assert scores == sorted(scores)
    page.click('th[data-key="score"] button')
    assert [float(x) for x in column(2)] == sorted(scores, reverse=True)
    page.click('th[data-key="findings"] button')
    counts = [int(x) for x in column(3)]
    assert counts == sorted(counts, reverse=True)
    page.click('th[data-key="words"] button')
    page.click('th[data-key="passed"] button')
    page.fill("#path-filter", "a/01")
    assert page.locator("#articles tbody tr").count() == 10
    page.fill("#path-filter", "")
    # keyboard in the overview: j moves down the rows, Enter opens the article
    page.evaluate("() => document.activeElement.blur()")
    page.keyboard.press("j")
    page.keyboard.press("j")
    row = page.locator("#articles tbody tr.cur")
    index = int(row.get_attribute("data-article"))
    page.keyboard.press("Enter")
    page.wait_for_selector("#article:not([hidden])")
    assert page.locator("#article-path").inner_text() == f"a/{index:03d}.txt"
    assert page.locator("[data-finding]").count() == len(files[index].findings)
    page.go_back()
    page.wait_for_selector("#overview:not([hidden])")
    pg.close(tmp_path / "overview.png")


def _utf16(text: str, offset: int) -> int:
    return len(text[:offset].encode("utf-16-le")) // 2


def _shown(text: str, start: int, pieces, a: int, b: int) -> set[int]:
    """The positions the page counts (UTF-16, from ``start``, only the pieces' text shown) that
    ``text[a:b]`` occupies."""
    out, pos = set(), _utf16(text, start)
    for lo, hi in pieces:
        for i in range(lo, hi):
            width = len(text[i].encode("utf-16-le")) // 2
            if a <= i < b:
                out.update(range(pos, pos + width))
            pos += width
    return out


def test_bilingual_side_by_side(browser, tmp_path):
    """Source and target unit by unit, the findings highlighted in the target cells (one element
    each, covering exactly their text), findings outside every unit after the table, and markup
    in a unit id or source segment shown as text, never run."""
    from .test_formats import APPENDED, paired_result, xliff_result
    from .test_html_report import HOSTILE_ID, hostile_bilingual_result

    # in the XLIFF, one finding more that crosses the inline markup of unit p1
    xliff = xliff_result()
    start = xliff.source.index("company</g> reports")
    crossing = Finding("ID001", REGISTRY["ID001"].meta.name, Category.LITERAL, Severity.MAJOR,
                       Range(start, start + len("company</g> reports")), "crosses markup", None)
    xliff = replace(xliff, findings=tuple(sorted(xliff.findings + (crossing,), key=lambda f: f.sort_key)))
    report = Linter().report([hostile_bilingual_result(), paired_result(), xliff])
    pg = Page(browser, render(report), tmp_path)
    page = pg.page
    for index, result in enumerate(report.files):
        if index:
            page.keyboard.press("Escape")
            page.wait_for_selector("#overview:not([hidden])")
        pg.open_article(index)
        cells = page.eval_on_selector_all("#text table.units tbody tr",
                                          "trs => trs.map(tr => [...tr.cells].map(td => td.textContent))")
        assert cells == [[u.id, u.source, "".join(result.source[a:b] for a, b in u.pieces)] for u in result.units]
        assert page.locator("[data-finding]").count() == len(result.findings)
        # where each finding's element is, and the text its marks cover (UTF-16, as the page counts)
        placed = page.evaluate("""() => {
            const out = {};
            document.querySelectorAll('#text td.tgt, #text .excerpt').forEach(box => {
                const walk = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
                let pos = Number(box.dataset.start), n;
                while ((n = walk.nextNode())) {
                    for (let e = n.parentElement; e && e !== box; e = e.parentElement) {
                        const j = e.dataset.finding ?? e.dataset.cont;
                        if (j !== undefined) (out[j] = out[j] || { spans: [] }).spans.push([pos, pos + n.length]);
                    }
                    pos += n.length;
                }
            });
            document.querySelectorAll('#text [data-finding]').forEach(m => {
                const row = m.closest('tr[data-unit]');
                const j = m.dataset.finding;
                out[j] = out[j] || { spans: [] };
                out[j].unit = row ? Number(row.dataset.unit) : (m.closest('.outside') ? -1 : null);
            });
            return out;
        }""")
        for j, f in enumerate(result.findings):
            unit = result.unit_of(f)
            got = placed[str(j)]
            assert got["unit"] == (result.units.index(unit) if unit else -1)
            # the marks cover exactly the finding's text in the pieces shown (no markup between)
            covered = {x for a, b in got["spans"] for x in range(a, b)}
            if unit:
                assert covered == _shown(result.source, unit.start, unit.pieces, f.range.start, f.range.end)
            else:
                assert covered == {x for x in range(_utf16(result.source, f.range.start),
                                                    _utf16(result.source, f.range.end))}
        assert page.locator("#text img, #text svg, #text script, #text a, #text b").count() == 0
        # selecting a highlight names its unit
        j = next(j for j, f in enumerate(result.findings) if result.unit_of(f) is not None)
        page.click(f'mark[data-finding="{j}"]', position={"x": 2, "y": 4})
        assert page.locator("#detail dd.unit").inner_text() == result.unit_of(result.findings[pg.selected()]).id

        if index == 2:  # inline markup is left out of the target, a small mark stands for it
            p1 = page.locator('#text tr[data-unit="1"] td.tgt')
            assert p1.text_content() == "The company reports &quot;losses&quot; &amp; debts."
            assert p1.locator("span.gap").count() == 3
            assert p1.locator("mark[data-finding] span.gap").count() == 1  # inside the crossing finding
        if index == 0:  # the hostile units: shown as text
            assert page.locator("#text td.unit-id").first.text_content() == HOSTILE_ID
            source_cell = page.locator("#text td.src").first.text_content()
            for payload in HOSTILE:
                assert payload in source_cell
        lang = result.source_language
        assert page.locator("#text th").all_inner_texts() == ["Unit", f"Source ({lang})" if lang else "Source", "Target"]
        if index == 1:  # the appended paragraph: after the table, outside every unit
            assert page.locator("#text .outside .excerpt").all_text_contents() == [APPENDED]
            outside = next(j for j, f in enumerate(result.findings) if result.unit_of(f) is None)
            page.click(f'mark[data-finding="{outside}"]', position={"x": 2, "y": 4})
            assert page.locator("#detail dd.unit").inner_text() == "outside any unit"
        for _ in result.findings:  # keyboard navigation walks every highlight
            page.keyboard.press("j")
    pg.close(tmp_path / "bilingual.png")
