"""Markdown and HTML readers: prose view, blocks, directives and the offset map."""
from __future__ import annotations

import subprocess
import sys
import time

import pytest

from mtcheck.document import Directive, iter_words
from mtcheck.markup import parse_directives, read_html, read_markdown
from mtcheck.readers import parse


def md(source: str):
    return parse(source, "doc.md", "markdown")


def html(source: str):
    return parse(source, "doc.html", "html")


def blocks(doc) -> list[tuple[str, str]]:
    return [(b.kind, doc.text[b.range.start:b.range.end]) for b in doc.blocks]


def texts(doc) -> list[str]:
    return [t for _, t in blocks(doc)]


def src_of(doc, start: int, end: int) -> str:
    r = doc.to_source(start, end)
    return doc.source[r.start:r.end]


def assert_offsets_consistent(doc, check_words: bool = True) -> int:
    """The offset-map invariants; returns how many words were checked.

    * every word of the prose view maps back to exactly the same characters in the source;
    * every character maps to itself (verbatim) or to an entity, escape, line break or
      collapsed whitespace (replacement), or to nothing (a separator between blocks);
    * mapped positions never go backwards;
    * blocks are ordered, disjoint, non-empty and exclude their separators.
    """
    text, source = doc.text, doc.source
    words = 0
    for m in iter_words(text) if check_words else ():
        got = src_of(doc, m.start(), m.end())
        if "&" in got and "&" not in m.group(0):
            continue  # a word with an entity inside (e.g. what&rsquo;s): not a verbatim range
        assert got == m.group(0), m.group(0)[:80]
        words += 1
    last = 0
    runs: list[tuple[int, int]] = []  # maximal stretches copied verbatim from one source span
    run_start, prev_end = None, -1
    for i, ch in enumerate(text):
        r = doc.to_source(i, i + 1)
        got = source[r.start:r.end]
        assert r.start >= last, (i, ch)
        last = r.start
        if got == ch:
            if run_start is None or r.start != prev_end:
                if run_start is not None:
                    runs.append((run_start, i))
                run_start = i
            prev_end = r.end
            continue
        if run_start is not None:
            runs.append((run_start, i))
            run_start = None
        assert (
            got == ""  # a separator between blocks (or an HTML <br>)
            or got.startswith(("&", "\\"))  # an entity or a backslash escape
            or (ch == "\n" and (got in ("\r\n", "\r") or got.lower().startswith("<br")))
            or (ch == " " and got.strip(" \t\r\n\f") == "")  # collapsed whitespace
        ), (i, ch, got)
    if run_start is not None:
        runs.append((run_start, len(text)))
    for a, b in runs:  # any verbatim range maps back to the same characters
        assert src_of(doc, a, b) == text[a:b]
    prev_end = 0
    for n, b in enumerate(doc.blocks):
        assert prev_end <= b.range.start < b.range.end <= len(text)
        assert text[prev_end:b.range.start] == ("\n\n" if n else "")  # only separators between
        block_text = text[b.range.start:b.range.end]
        assert block_text == block_text.strip(" \t\n"), block_text
        assert "\n\n" not in block_text
        prev_end = b.range.end
    assert prev_end == len(text)
    return words


# --- Markdown: block structure -----------------------------------------------------------------

def test_markdown_headings_atx_and_setext():
    doc = md("# Title #\n\nSetext title\n============\n\n## Sub *title*\n\nSecond\n---\n")
    assert blocks(doc) == [
        ("heading", "Title"),
        ("heading", "Setext title"),
        ("heading", "Sub title"),
        ("heading", "Second"),
    ]
    assert doc.format == "markdown"
    assert_offsets_consistent(doc)


def test_markdown_paragraph_soft_break_kept():
    doc = md("First line of text\nsecond line   \nthird line.\n\nAnother paragraph.\n")
    assert blocks(doc) == [
        ("paragraph", "First line of text\nsecond line\nthird line."),
        ("paragraph", "Another paragraph."),
    ]
    assert doc.text == "First line of text\nsecond line\nthird line.\n\nAnother paragraph."


def test_markdown_lists_and_nested_paragraphs():
    doc = md("- first item\n- second *item*\n\n  continuation paragraph\n\n1. numbered\n   lazy line\n"
             "   - nested item\n")
    assert blocks(doc) == [
        ("list_item", "first item"),
        ("list_item", "second item"),
        ("list_item", "continuation paragraph"),
        ("list_item", "numbered\nlazy line"),
        ("list_item", "nested item"),
    ]
    assert_offsets_consistent(doc)


def test_markdown_blockquote_prefixes_stripped():
    doc = md("> Quoted text\n> continues here.\n>\n> > Nested quote.\n\n> - listed in quote\n")
    assert blocks(doc) == [
        ("quote", "Quoted text\ncontinues here."),
        ("quote", "Nested quote."),
        ("list_item", "listed in quote"),
    ]
    assert ">" not in doc.text
    assert_offsets_consistent(doc)


def test_markdown_table_cells():
    doc = md("| Name | Value |\n|------|-------|\n| one \\| two | *three* |\n")
    assert blocks(doc) == [
        ("table_cell", "Name"),
        ("table_cell", "Value"),
        ("table_cell", "one | two"),
        ("table_cell", "three"),
    ]
    assert_offsets_consistent(doc)


def test_markdown_code_blocks_html_blocks_and_reference_definitions_are_not_prose():
    source = (
        "Intro text.\n\n"
        "```python\nfenced_code = 1\n```\n\n"
        "    indented_code = 2\n\n"
        "<div class=\"box\">\nhtml block words\n</div>\n\n"
        "[docs]: https://example.com/docs \"Docs title\"\n\n"
        "Outro text.\n"
    )
    doc = md(source)
    assert texts(doc) == ["Intro text.", "Outro text."]
    for absent in ("fenced_code", "indented_code", "html block", "example.com", "Docs title"):
        assert absent not in doc.text


def test_markdown_front_matter_is_not_prose():
    doc = md("---\ntitle: Front matter title\ntags: [a, b]\n---\n\n# Real heading\n\nBody text.\n")
    assert blocks(doc) == [("heading", "Real heading"), ("paragraph", "Body text.")]
    toml = md("+++\ntitle = \"x\"\n+++\nBody.\n")
    assert texts(toml) == ["Body."]
    # a thematic break that is not at the very top is not front matter
    later = md("Text before.\n\n---\n\nText after.\n")
    assert texts(later) == ["Text before.", "Text after."]


def test_markdown_front_matter_offsets_and_lines():
    doc = md("---\na: b\n---\nHello world.\n")
    r = doc.to_source(0, 5)
    assert doc.source[r.start:r.end] == "Hello"
    assert doc.line_col(r.start) == (4, 1)


# --- Markdown: inline markup -------------------------------------------------------------------

def test_markdown_links_keep_text_only():
    doc = md('Read [the guide](https://example.com/guide "Guide title") and [the FAQ][faq] '
             "or [faq] and [Collapsed][].\n\n[faq]: https://example.com/faq\n[collapsed]: /c\n")
    assert doc.text == "Read the guide and the FAQ or faq and Collapsed."
    assert_offsets_consistent(doc)


def test_markdown_brackets_that_are_not_links_stay():
    doc = md("He said [sic] and [undefined][nope] and [a [b](c) d].\n")
    assert doc.text == "He said [sic] and [undefined][nope] and [a b d]."


def test_markdown_images_removed_even_inside_links():
    doc = md("Logo ![alt text](logo.png) here and [![badge](b.svg)](https://ci) end.\n")
    assert doc.text == "Logo  here and  end."
    assert "alt" not in doc.text


def test_markdown_image_only_paragraph_makes_no_block():
    doc = md("Before.\n\n![diagram](d.png)\n\nAfter.\n")
    assert texts(doc) == ["Before.", "After."]


def test_markdown_urls_and_autolinks_removed():
    doc = md("Visit https://example.com/path?q=1. Or <https://auto.link/x>, www.example.org "
             "or <mail@example.com> (see http://x.org/a_(b)).\n")
    assert doc.text == "Visit . Or ,  or  (see )."
    assert "http" not in doc.text and "www" not in doc.text


def test_markdown_inline_code_removed_entirely():
    doc = md("Run `mtcheck --fix` and ``a `tick` b`` now; an unmatched ` stays.\n")
    assert doc.text == "Run  and  now; an unmatched ` stays."


def test_markdown_inline_html_tags_removed_text_kept():
    doc = md('Some <span class="x">styled</span> text<br>next <!-- note --> end.\n')
    assert doc.text == "Some styled text\nnext  end."
    assert_offsets_consistent(doc)


def test_markdown_entities_decoded_as_replacements():
    doc = md("Fish &amp; chips&nbsp;now &#8211; &#x2014; &copy; &bogus; done.\n")
    assert doc.text == "Fish & chips\u00a0now \u2013 \u2014 \u00a9 &bogus; done."
    i = doc.text.index("&")
    assert src_of(doc, i, i + 1) == "&amp;"
    i = doc.text.index("\u2013")
    assert src_of(doc, i, i + 1) == "&#8211;"
    assert_offsets_consistent(doc)


def test_markdown_emphasis_markers_removed_only_when_markup():
    doc = md("This is *emph*, **strong**, _under_, __double__, ~~struck~~ and ***both***.\n\n"
             "Math: 5 * 3 = 15 and 2*x and snake_case_name and file_name.txt.\n")
    assert texts(doc) == [
        "This is emph, strong, under, double, struck and both.",
        "Math: 5 * 3 = 15 and 2*x and snake_case_name and file_name.txt.",
    ]
    assert_offsets_consistent(doc)


def test_markdown_intraword_emphasis_removed():
    doc = md("un*believ*able\n")
    assert doc.text == "unbelievable"
    assert src_of(doc, 0, 2) == "un"
    assert src_of(doc, 2, 8) == "believ"


def test_markdown_backslash_escapes():
    doc = md("Not \\*emphasis\\*, a \\[bracket\\] and a back\\\\slash; C:\\path stays.\n")
    assert doc.text == "Not *emphasis*, a [bracket] and a back\\slash; C:\\path stays."
    i = doc.text.index("*")
    assert src_of(doc, i, i + 1) == "\\*"
    assert_offsets_consistent(doc)


def test_markdown_removed_markup_does_not_glue_words():
    doc = md("alpha `code` beta [gamma](x) ![img](y) delta https://u.rl epsilon\n")
    words = [m.group(0) for m in iter_words(doc.text)]
    assert words == ["alpha", "beta", "gamma", "delta", "epsilon"]


def test_markdown_crlf_line_endings():
    doc = md("# Title\r\n\r\nLine one\r\nline two.\r\n\r\n- item\r\n")
    assert blocks(doc) == [("heading", "Title"), ("paragraph", "Line one\nline two."), ("list_item", "item")]
    i = doc.text.index("\n", doc.text.index("Line"))
    assert src_of(doc, i, i + 1) == "\r\n"
    r = doc.to_source(doc.text.index("line two"), doc.text.index("line two") + 4)
    assert doc.line_col(r.start) == (4, 1)
    assert_offsets_consistent(doc)


# --- HTML ---------------------------------------------------------------------------------------

def test_html_block_kinds():
    doc = html("<h1>Title</h1><p>Para <em>text</em>.</p><ul><li>one</li><li>two</li></ul>"
               "<blockquote><p>quoted</p></blockquote><table><tr><th>h</th><td>cell</td></tr></table>"
               "<dl><dt>term</dt><dd>definition</dd></dl><figure><figcaption>caption</figcaption></figure>"
               "<div>div text</div><section>section text</section>")
    assert blocks(doc) == [
        ("heading", "Title"),
        ("paragraph", "Para text."),
        ("list_item", "one"),
        ("list_item", "two"),
        ("quote", "quoted"),
        ("table_cell", "h"),
        ("table_cell", "cell"),
        ("list_item", "term"),
        ("list_item", "definition"),
        ("paragraph", "caption"),
        ("paragraph", "div text"),
        ("paragraph", "section text"),
    ]
    assert doc.format == "html"
    assert_offsets_consistent(doc)


def test_html_skipped_elements():
    doc = html(
        "<html><head><title>Page title</title><style>p { color: red }</style>"
        "<script>var s = '<p>not prose</p>';</script><meta name=description content='meta words'></head>"
        "<body><nav><a href='/'>Home nav</a></nav><header>Header words</header>"
        "<main><p>Visible text with <code>inline_code</code> gone.</p>"
        "<pre>preformatted words</pre><noscript>enable js</noscript>"
        "<form><button>Click</button><select><option>Choice</option></select></form>"
        "<aside>aside words</aside><svg><text>svg words</text></svg><template><p>tpl</p></template>"
        "<p>Press <kbd>Ctrl</kbd> twice.</p></main><footer>Footer words</footer></body></html>"
    )
    assert blocks(doc) == [
        ("heading", "Page title"),
        ("paragraph", "Visible text with gone."),
        ("paragraph", "Press twice."),
    ]


def test_html_entities_decoded():
    doc = html("<p>Fish &amp; chips&nbsp;now &#8211; &#x2014; &copy &unknown; &lt;tag&gt;</p>")
    assert doc.text == "Fish & chips\u00a0now \u2013 \u2014 \u00a9 &unknown; <tag>"
    i = doc.text.index("\u2013")
    assert src_of(doc, i, i + 1) == "&#8211;"
    i = doc.text.index("\u00a9")
    assert src_of(doc, i, i + 1) == "&copy"
    assert_offsets_consistent(doc)


def test_html_whitespace_collapsed_and_trimmed():
    doc = html("<p>\n   Several\t\tspaces   and\n\n  lines <b> bold </b> end.   </p>")
    assert doc.text == "Several spaces and lines bold end."
    i = doc.text.index(" spaces")
    assert src_of(doc, i, i + 1) == "\t\t"  # one space standing for the whole run
    assert_offsets_consistent(doc)


def test_html_br_is_a_line_break_and_double_br_a_block_break():
    doc = html("<p>Line one<br>line two<br/>line three</p><div>first<br><br>second</div>")
    assert blocks(doc) == [
        ("paragraph", "Line one\nline two\nline three"),
        ("paragraph", "first"),
        ("paragraph", "second"),
    ]
    assert_offsets_consistent(doc)


def test_html_implied_end_tags():
    doc = html("<ul><li>one<li>two</ul><p>para one<p>para two<table><tr><td>a<td>b<tr><td>c</table>")
    assert blocks(doc) == [
        ("list_item", "one"),
        ("list_item", "two"),
        ("paragraph", "para one"),
        ("paragraph", "para two"),
        ("table_cell", "a"),
        ("table_cell", "b"),
        ("table_cell", "c"),
    ]


def test_html_attributes_are_never_prose():
    doc = html('<p title="attribute words"><a href="javascript:alert(1)" data-x="<script>x()</script>">'
               'link text</a> <img alt="alt words" src="x.png"> tail</p>')
    assert doc.text == "link text tail"


def test_html_hostile_input_never_raises():
    samples = [
        '"><img src=x onerror=alert(1)> after',
        "<p>unclosed <b>bold <i>italic",
        "<p>ok</p><a href='never closed>dangling text",
        "<script>never closed <p>hidden</p>",
        "<!-- unterminated comment <p>hidden</p>",
        "a &#x; b &#y; <script>alert(1)</script> c",
        "</p></div></li></td>stray end tags",
        "<div>" * 20000 + "deep" + "</div>" * 20000,
        "<p>" * 5000 + "many",
        "&" * 2000 + "<" * 2000,
        "<<p>>text<</p>>",
        "\x00\x01<p>\x00nul</p>",
    ]
    results = [html(s) for s in samples]
    assert results[0].text == '"> after'
    assert results[1].text == "unclosed bold italic"
    assert results[2].text == "ok"  # a tag that never closes is dropped, as browsers do
    assert results[3].text == ""
    assert "hidden" not in results[4].text
    assert results[5].text == "a &#x; b &#y; c"
    assert "alert" not in results[5].text
    assert results[6].text == "stray end tags"
    assert results[7].text == "deep"
    assert results[8].text == "many"
    for doc in results:
        assert_offsets_consistent(doc)


def test_html_comments_and_doctype_are_not_prose():
    doc = html("<!DOCTYPE html><!-- a comment --><p>Text<!-- inline -->more</p><?pi stuff?>")
    assert doc.text == "Textmore"


def test_html_text_directly_in_body_is_a_paragraph():
    doc = html("<body>Loose text <b>here</b><p>Para</p>tail text</body>")
    assert blocks(doc) == [("paragraph", "Loose text here"), ("paragraph", "Para"), ("paragraph", "tail text")]


def test_html_crlf_positions():
    source = "<p>First\r\nline</p>\r\n<p>Second &amp;\r\n  third</p>\r\n"
    doc = html(source)
    assert texts(doc) == ["First line", "Second & third"]
    i = doc.text.index("third")
    r = doc.to_source(i, i + 5)
    assert source[r.start:r.end] == "third"
    assert doc.line_col(r.start) == (4, 3)
    assert_offsets_consistent(doc)


# --- directives ---------------------------------------------------------------------------------

def test_parse_directives_forms():
    source = ("<!-- mtcheck: disable HY001, ty002 -->\n"
              "<!--mtcheck:enable HY-->\n"
              "<!-- mtcheck: ignore-next-line -->\n"
              "<!-- mtcheck: disable HY001 TY -->\n"
              "<!-- mtcheck: frobnicate HY001 -->\n"
              "<!-- mtcheck: disable HY001; drop table -->\n"
              "<!-- not a directive -->\n")
    assert parse_directives(source) == (
        Directive("disable", ("HY001", "TY002"), 0),
        Directive("enable", ("HY",), source.index("<!--mtcheck")),
        Directive("ignore-next-line", (), source.index("<!-- mtcheck: ignore")),
        Directive("disable", ("HY001", "TY"), source.index("<!-- mtcheck: disable HY001 TY")),
    )


def test_markdown_directives_outside_code_only():
    source = ("<!-- mtcheck: disable HY001 -->\n\n"
              "Text <!-- mtcheck: ignore-next-line TY -->\n\n"
              "```\n<!-- mtcheck: disable ALL -->\n```\n\n"
              "    <!-- mtcheck: enable X -->\n\n"
              "Inline `<!-- mtcheck: enable Y -->` code.\n\n"
              "<!-- mtcheck: enable hy001 -->\n")
    doc = md(source)
    assert doc.directives == (
        Directive("disable", ("HY001",), 0),
        Directive("ignore-next-line", ("TY",), source.index("<!-- mtcheck: ignore")),
        Directive("enable", ("HY001",), source.index("<!-- mtcheck: enable hy001")),
    )
    assert "mtcheck" not in doc.text
    assert doc.line_col(doc.directives[1].offset) == (3, 6)


def test_html_directives_only_from_real_comments():
    source = ('<p>Text</p>\n<!-- mtcheck: disable HY001, HY002 -->\n'
              '<p title="<!-- mtcheck: disable AT -->">x</p>\n'
              '<script>"<!-- mtcheck: disable SC -->"</script>\n'
              '<p>More<!-- mtcheck: ignore-next-line --></p>\n')
    doc = html(source)
    assert doc.directives == (
        Directive("disable", ("HY001", "HY002"), source.index("<!-- mtcheck: disable HY001")),
        Directive("ignore-next-line", (), source.index("<!-- mtcheck: ignore")),
    )
    assert doc.line_col(doc.directives[0].offset) == (2, 1)


# --- the offset invariant on realistic documents --------------------------------------------------

REALISTIC_MD = """\
---
title: Installation guide
---

# Installing the *command-line* tool

The tool runs on Linux, macOS and Windows. Download the
[latest release](https://example.com/releases "Releases") or build it from source; see
<https://example.com/build> for details &mdash; it takes a few minutes.

## Requirements

- Python 3.11 or **newer** (check with `python --version`)
- A C compiler, for example GCC&nbsp;12
- About 200&#160;MB of free disk space

> **Note:** the installer does not modify your `PATH`.
> You need to add it yourself.

| Platform | Status |
|----------|--------|
| Linux    | Supported |
| Windows  | *Experimental* |

```bash
pip install mtcheck
```

<!-- mtcheck: disable TY001 -->
Setup\\_file names like config_file.toml stay as they are. Visit www.example.org
for more information.

![screenshot](shot.png)

[unused]: https://example.com/unused
"""


def test_offset_invariant_realistic_markdown():
    doc = read_markdown(REALISTIC_MD, "guide.md")
    assert blocks(doc)[:4] == [
        ("heading", "Installing the command-line tool"),
        ("paragraph", "The tool runs on Linux, macOS and Windows. Download the\nlatest release or build it "
                      "from source; see\nfor details \u2014 it takes a few minutes."),
        ("heading", "Requirements"),
        ("list_item", "Python 3.11 or newer (check with )"),
    ]
    kinds = [k for k, _ in blocks(doc)]
    assert kinds.count("table_cell") == 6 and kinds.count("quote") == 1
    assert "pip install" not in doc.text and "screenshot" not in doc.text
    assert "example.com" not in doc.text and "www.example.org" not in doc.text
    assert doc.directives == (Directive("disable", ("TY001",), REALISTIC_MD.index("<!-- mtcheck")),)
    words = assert_offsets_consistent(doc)
    assert words > 60
    # every word maps back to a source position on the right line
    source_lines = REALISTIC_MD.splitlines()
    for m in iter_words(doc.text):
        r = doc.to_source(m.start(), m.end())
        if "&" in doc.source[r.start:r.end]:
            continue  # entity inside the word
        line, col = doc.line_col(r.start)
        assert source_lines[line - 1][col - 1:col - 1 + len(m.group(0))] == m.group(0)
    i = doc.text.index("Requirements")
    assert doc.line_col(doc.to_source(i, i + 12).start) == (11, 4)
    i = doc.text.index("Experimental")
    assert doc.line_col(doc.to_source(i, i + 12).start) == (23, 15)
    i = doc.text.index("yourself")
    assert doc.line_col(doc.to_source(i, i + 8).start) == (18, 22)


REALISTIC_HTML = """\
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Release notes</title>
  <style>body { font-family: sans-serif; }</style>
  <script>window.dataLayer = [{"page": "<p>release</p>"}];</script>
</head>
<body>
  <nav><ul><li><a href="/">Home</a></li><li><a href="/docs">Docs</a></li></ul></nav>
  <article>
    <h1>Version&nbsp;2.0 &ndash; what&rsquo;s new</h1>
    <p>This release adds <strong>support</strong> for HTML
       input and improves the <a href="/perf" title="Performance">speed</a> of
       the checker by 30&#37;.</p>
    <ul>
      <li>New rule for <em>false friends</em></li>
      <li>Faster start-up<br>and lower memory use</li>
    </ul>
    <!-- mtcheck: ignore-next-line HY -->
    <blockquote><p>Translators will love it.</p></blockquote>
    <pre><code>mtcheck --format html docs/</code></pre>
    <table>
      <tr><th>Rule</th><th>Change</th></tr>
      <tr><td>HY001</td><td>Fewer false alarms</td></tr>
    </table>
  </article>
  <footer>Copyright 2024</footer>
</body>
</html>
"""


def test_offset_invariant_realistic_html():
    doc = read_html(REALISTIC_HTML, "notes.html")
    assert blocks(doc) == [
        ("heading", "Release notes"),
        ("heading", "Version\u00a02.0 \u2013 what\u2019s new"),
        ("paragraph", "This release adds support for HTML input and improves the speed of the checker by 30%."),
        ("list_item", "New rule for false friends"),
        ("list_item", "Faster start-up\nand lower memory use"),
        ("quote", "Translators will love it."),
        ("table_cell", "Rule"),
        ("table_cell", "Change"),
        ("table_cell", "HY001"),
        ("table_cell", "Fewer false alarms"),
    ]
    assert doc.directives == (Directive("ignore-next-line", ("HY",), REALISTIC_HTML.index("<!-- mtcheck")),)
    words = assert_offsets_consistent(doc)
    assert words > 40
    source_lines = REALISTIC_HTML.splitlines()
    for m in iter_words(doc.text):
        r = doc.to_source(m.start(), m.end())
        if "&" in doc.source[r.start:r.end]:
            continue  # entity inside the word
        line, col = doc.line_col(r.start)
        assert source_lines[line - 1][col - 1:col - 1 + len(m.group(0))] == m.group(0)
    i = doc.text.index("input")
    assert doc.line_col(doc.to_source(i, i + 5).start) == (14, 8)
    i = doc.text.index("checker")
    assert doc.line_col(doc.to_source(i, i + 7).start) == (15, 12)
    # a range spanning a collapsed line break maps to the whole source span
    i = doc.text.index("HTML input")
    assert src_of(doc, i, i + len("HTML input")) == "HTML\n       input"


# --- robustness and import hygiene --------------------------------------------------------------

@pytest.mark.parametrize("source", [
    "[" * 20000,
    "![[" * 10000,
    "*a " * 20000 + "b*" * 20000,
    "<!--" * 20000,
    '[a](b "' * 10000,
    "`" * 5000 + "x",
    "[" * 500 + "a" + "](b)" * 500,
    "x" * 50 + "_" * 20000,
])
def test_markdown_hostile_input_is_fast(source):
    start = time.perf_counter()
    doc = md(source)
    assert time.perf_counter() - start < 5
    # (words may be glued by removed markup here, so only the per-character checks apply)
    assert_offsets_consistent(doc, check_words=False)


def test_markup_module_imports_nothing_heavy():
    code = ("import sys, mtcheck.markup; "
            "heavy = [m for m in ('spacy', 'bs4', 'lxml', 'charset_normalizer') if m in sys.modules]; "
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
