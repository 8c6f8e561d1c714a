"""Markdown and HTML readers: source -> prose view with an exact offset map.

Both readers return a :class:`~mtcheck.document.Document` whose ``text`` holds prose only
(markup, code, URLs and attributes removed) and whose offset map points every prose character
back at the source. Text copied unchanged is recorded *verbatim* (so any range inside it maps
back to the same characters); decoded entities, backslash escapes, collapsed whitespace and
normalised line breaks are *replacements* (atomic: they map to their whole source slice); block
breaks are *separators* with no source of their own.

Markdown: markdown-it-py (CommonMark, plus tables) finds the block structure; inline markup is
stripped here with exact positions, because markdown-it's inline tokens carry no offsets.

HTML: the standard library ``html.parser.HTMLParser`` (``convert_charrefs=False``) reports data,
entity and character references separately, and ``getpos()`` gives their source positions.
Malformed or hostile HTML is parsed best-effort and never raises.

Inline ``<!-- mtcheck: ... -->`` comments become :class:`~mtcheck.document.Directive` values
through :func:`parse_directives`, shared by both readers.
"""
from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from html.entities import html5 as _HTML5
from html.parser import HTMLParser
from typing import Callable, Iterable

from markdown_it import MarkdownIt

from .document import Block, Directive, Document, TextBuilder
from .finding import Range

__all__ = ["read_markdown", "read_html", "parse_directives"]

# --- directives -------------------------------------------------------------------------------

DIRECTIVE_ACTIONS = ("disable", "enable", "ignore-next-line")
_DIRECTIVE = re.compile(r"<!--[ \t\r\n]*mtcheck[ \t]*:([^<>]{0,1000}?)-->", re.IGNORECASE)
_DIRECTIVE_BODY = re.compile(r"[ \t\r\n]*([A-Za-z][A-Za-z-]*)(.*)", re.DOTALL)
_CODE = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*\Z")


def parse_directives(source: str, accept: Callable[[int], bool] | None = None) -> tuple[Directive, ...]:
    """Find ``<!-- mtcheck: ACTION [CODES] -->`` comments in ``source``.

    ``ACTION`` is ``disable``, ``enable`` or ``ignore-next-line``; codes (rule codes such as
    ``HY001`` or prefixes such as ``HY``) are separated by commas and/or spaces and returned
    upper-cased; no codes means every rule. A comment with an unknown action or with something
    that is not a code is malformed and ignored (it never silently means "all rules").
    ``accept``, if given, is asked about each comment's source offset; readers use it to drop
    comments inside code or attributes. The offset of a directive is its ``<!--``.
    """
    found: list[Directive] = []
    for m in _DIRECTIVE.finditer(source):
        if accept is not None and not accept(m.start()):
            continue
        body = _DIRECTIVE_BODY.match(m.group(1))
        if body is None:
            continue
        action = body.group(1).lower()
        if action not in DIRECTIVE_ACTIONS:
            continue
        rest = body.group(2).strip()
        codes = [c for c in re.split(r"[,\s]+", rest) if c] if rest else []
        if not all(_CODE.match(c) for c in codes):
            continue
        uniq = tuple(dict.fromkeys(c.upper() for c in codes))
        found.append(Directive(action, uniq, m.start()))
    return tuple(found)


# --- shared helpers ---------------------------------------------------------------------------

_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _decode_entity(ref: str) -> str | None:
    """Decode ``&name;`` / ``&#123;`` / ``&#x1F;`` (``ref`` without ``&``, with ``;``)."""
    if ref.startswith("#"):
        try:
            n = int(ref[2:-1], 16) if ref[1:2] in ("x", "X") else int(ref[1:-1])
        except ValueError:
            return None
        if n == 0 or n > 0x10FFFF or 0xD800 <= n <= 0xDFFF:
            return "\ufffd"
        return chr(n)
    return _HTML5.get(ref)


class _Pieces:
    """Output pieces of one block, tidied before they reach the TextBuilder.

    A piece is ``(text, s_start, s_end, kind)`` with kind ``"v"`` (verbatim), ``"r"``
    (replacement) or ``"n"`` (a line break inside the block).
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[list] = []

    def verbatim(self, s: int, e: int) -> None:
        if e > s:
            self.items.append([self.source[s:e], s, e, "v"])

    def replace(self, text: str, s: int, e: int) -> None:
        self.items.append([text, s, e, "r"])

    def newline(self, s: int, e: int) -> None:
        self.items.append(["\n", s, e, "n"])

    def tidy(self) -> list[list]:
        """Trim whitespace at the block's ends and around line breaks; no empty lines."""
        out: list[list] = []
        at_start = True
        for item in self.items:
            text, s, e, kind = item
            if kind == "n":
                if at_start:
                    continue
                _rstrip(out)
                if out:
                    out.append(item)
                    at_start = True
                continue
            if at_start:
                if not text.strip(" \t"):
                    continue
                if kind == "v":
                    k = len(text) - len(text.lstrip(" \t"))
                    item = [text[k:], s + k, e, kind]
                at_start = False
            out.append(item)
        _rstrip(out)
        return out


def _rstrip(out: list[list]) -> None:
    while out:
        text, s, e, kind = out[-1]
        if kind == "n" or not text.strip(" \t"):
            out.pop()
            continue
        if kind == "v":
            k = len(text) - len(text.rstrip(" \t"))
            if k:
                out[-1] = [text[: len(text) - k], s, e - k, kind]
        break


class _Output:
    """Accumulates blocks into a TextBuilder with ``\\n\\n`` separators between them."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.builder = TextBuilder()
        self.blocks: list[Block] = []

    def add_block(self, kind: str, pieces: list[list]) -> None:
        if not pieces:
            return
        b = self.builder
        if len(b):
            b.separator("\n\n", pieces[0][1])
        start = len(b)
        for text, s, e, k in pieces:
            if k == "v":
                b.verbatim(self.source, s, e)
            else:
                b.replace(text, s, e)
        if len(b) > start:
            self.blocks.append(Block(kind, Range(start, len(b))))


# --- Markdown ---------------------------------------------------------------------------------

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_FRONT_OPEN = re.compile(r"(---|\+\+\+)[ \t]*(?:\r\n|\r|\n)")
_MD_ENTITY = re.compile(r"&(#[xX][0-9a-fA-F]{1,6};|#[0-9]{1,7};|[A-Za-z][A-Za-z0-9]{1,31};)")
_AUTOLINK = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9.+\-]{1,31}:[^<>\x00-\x20]*"
    r"|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*)>"
)
# Open and closing tags and declarations; comments, processing instructions and CDATA are
# found with _InlineScanner._after (one search per block, not one per "<").
_HTML_TAG = re.compile(
    r"<[A-Za-z][A-Za-z0-9\-]*(?:\s+[a-zA-Z_:][a-zA-Z0-9:._-]*"
    r"(?:\s*=\s*(?:[^\"'=<>`\x00-\x20]+|'[^']*'|\"[^\"]*\"))?)*\s*/?>"
    r"|</[A-Za-z][A-Za-z0-9\-]*\s*>"
    r"|<![A-Za-z][^>]*>"
)
# Inline HTML elements whose content is removed along with the tags (as in the HTML reader).
_MD_SKIP_CONTENT = frozenset(("script", "style", "code", "kbd", "samp"))
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9\-]*)")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]*", re.IGNORECASE)
_URL_TRAIL = ".,:;!?'\"*_~"
# Characters at which something other than plain text may start.
_SPECIAL = re.compile(r"[\\`&<!\[*_~]|(?<![A-Za-z0-9])(?:https?://|www\.)", re.IGNORECASE)
_MAX_LINK_NESTING = 32
_TITLE_LIMIT = 5000  # link titles longer than this are not looked for (keeps hostile input linear)
_BRACKETISH = re.compile(r"\\.|`+|[\[\]]", re.DOTALL)


def _line_table(source: str) -> tuple[array, array, array]:
    """Per line: start, end of content (before the break) and end of the break (arrays of
    8-byte offsets: a huge file has hundreds of thousands of lines)."""
    starts, ends, brk_ends = array("q", [0]), array("q"), array("q")
    for m in _LINE_BREAK.finditer(source):
        ends.append(m.start())
        brk_ends.append(m.end())
        starts.append(m.end())
    ends.append(len(source))
    brk_ends.append(len(source))
    return starts, ends, brk_ends


def _front_matter_lines(source: str, starts: array, ends: array) -> int:
    """Number of lines taken by YAML (``---``) or TOML (``+++``) front matter at the top."""
    m = _FRONT_OPEN.match(source)
    if not m:
        return 0
    fence = m.group(1)
    closers = ("---", "...") if fence == "---" else ("+++",)
    for i in range(1, len(starts)):
        if source[starts[i]:ends[i]].rstrip(" \t") in closers:
            return i + 1
    return 0


def _normalize_label(label: str) -> str:
    return " ".join(label.split()).lower().upper()


def _url_end(v: str, start: int, end: int) -> int:
    """Trim trailing punctuation off a bare URL, keeping balanced closing brackets."""
    opens = {")": v.count("(", start, end), "]": v.count("[", start, end)}
    closes = {")": v.count(")", start, end), "]": v.count("]", start, end)}
    while end > start:
        c = v[end - 1]
        if c in _URL_TRAIL:
            end -= 1
        elif c in opens and closes[c] > opens[c]:
            closes[c] -= 1
            end -= 1
        else:
            break
    return end


class _Delim:
    __slots__ = ("ch", "s", "e", "n", "rem", "cl", "cr", "can_open", "can_close")

    def __init__(self, ch: str, s: int, e: int, can_open: bool, can_close: bool) -> None:
        self.ch, self.s, self.e = ch, s, e
        self.n = self.rem = e - s
        self.cl = self.cr = 0
        self.can_open, self.can_close = can_open, can_close


def _is_punct(ch: str) -> bool:
    if ch in _ASCII_PUNCT:
        return True
    if ch.isascii():
        return False
    return unicodedata.category(ch)[0] in "PS"


def _process_emphasis(delims: list[_Delim]) -> None:
    """CommonMark's delimiter matching (simplified): fills ``cl``/``cr`` of matched runs."""
    stacks: dict[str, list[int]] = {"*": [], "_": [], "~": []}
    for idx, d in enumerate(delims):
        if d.can_close:
            st = stacks[d.ch]
            while d.rem > 0 and st:
                found = -1
                k = len(st) - 1
                tries = 0
                while k >= 0 and tries < 64:
                    o = delims[st[k]]
                    if o.rem > 0:
                        if d.ch == "~":
                            ok = o.rem == d.rem
                        else:
                            ok = not ((o.can_close or d.can_open) and (o.n + d.n) % 3 == 0
                                      and not (o.n % 3 == 0 and d.n % 3 == 0))
                        if ok:
                            found = k
                            break
                    k -= 1
                    tries += 1
                if found < 0:
                    break
                oi = st[found]
                o = delims[oi]
                use = o.rem if d.ch == "~" else (2 if o.rem >= 2 and d.rem >= 2 else 1)
                o.rem -= use
                o.cr += use
                d.rem -= use
                d.cl += use
                del st[found + 1:]
                if o.rem == 0:
                    st.pop()
                for ch, other in stacks.items():
                    if ch != d.ch:
                        while other and other[-1] > oi:
                            other.pop()
        if d.can_open and d.rem > 0:
            stacks[d.ch].append(idx)


class _InlineScanner:
    """Strips inline Markdown from the text of one block (its lines joined by ``\\n``)."""

    def __init__(self, v: str, refs: dict) -> None:
        self.v = v
        self.refs = refs
        self.code_spans = self._find_code_spans(v)
        self.brackets = self._find_brackets(v)
        self._needles: dict[str, list[int]] = {}
        self.removed_code: list[tuple[int, int]] = []

    @staticmethod
    def _find_code_spans(v: str) -> dict[int, int]:
        runs: list[tuple[int, int]] = []  # (start, length)
        for m in re.finditer(r"`+", v):
            s, n = m.start(), m.end() - m.start()
            if s > 0 and v[s - 1] == "\\":
                # An escaped backtick is literal; the rest of the run may still open a span.
                bs = 0
                j = s - 1
                while j >= 0 and v[j] == "\\":
                    bs += 1
                    j -= 1
                if bs % 2 == 1:
                    s, n = s + 1, n - 1
                    if n == 0:
                        continue
            runs.append((s, n))
        by_len: dict[int, list[int]] = {}
        for i, (s, n) in enumerate(runs):
            by_len.setdefault(n, []).append(i)
        spans: dict[int, int] = {}
        pos_in_len: dict[int, int] = {}
        i = 0
        while i < len(runs):
            s, n = runs[i]
            lst = by_len[n]
            # the next run of the same length after run i
            k = bisect_right(lst, i, lo=pos_in_len.get(n, 0))
            pos_in_len[n] = k
            if k < len(lst):
                j = lst[k]
                spans[s] = runs[j][0] + n
                i = j + 1
            else:
                i += 1
        return spans

    def scan(self, lo: int, hi: int, depth: int = 0) -> list[tuple]:
        v = self.v
        items: list[tuple] = []
        delims: list[_Delim] = []
        lit = lo
        i = lo
        while i < hi:
            m = _SPECIAL.search(v, i, hi)
            if m is None:
                break
            i = m.start()
            c = v[i]
            if c == "\\":
                if i + 1 < hi and v[i + 1] in _ASCII_PUNCT:
                    if lit < i:
                        items.append(("k", lit, i))
                    items.append(("r", v[i + 1], i, i + 2))
                    i = lit = i + 2
                elif i + 1 < hi and v[i + 1] == "\n":  # hard line break
                    if lit < i:
                        items.append(("k", lit, i))
                    i = lit = i + 1
                else:
                    i += 1
                continue
            if c == "`":
                end = self.code_spans.get(i)
                if end is not None and end <= hi:
                    if lit < i:
                        items.append(("k", lit, i))
                    self.removed_code.append((i, end))
                    i = lit = end
                else:
                    j = i
                    while j < hi and v[j] == "`":
                        j += 1
                    i = j
                continue
            if c == "&":
                em = _MD_ENTITY.match(v, i, hi)
                dec = _decode_entity(em.group(1)) if em else None
                if dec is not None:
                    if lit < i:
                        items.append(("k", lit, i))
                    items.append(("r", dec, i, em.end()))
                    i = lit = em.end()
                else:
                    i += 1
                continue
            if c == "<":
                end = self._html_end(i, hi)
                if end > 0:
                    if lit < i:
                        items.append(("k", lit, i))
                    name = _TAG_NAME.match(v, i, end)
                    tag = name.group(1).lower() if name else ""
                    if tag == "br":
                        items.append(("r", "\n", i, end))
                    elif tag in _MD_SKIP_CONTENT and v[i + 1] != "/":
                        close = re.compile(r"</%s\s*>" % tag, re.IGNORECASE).search(
                            v, end, min(hi, end + 10000))
                        if close:
                            end = close.end()
                    i = lit = end
                else:
                    i += 1
                continue
            if c == "!":
                if i + 1 < hi and v[i + 1] == "[":
                    link = self._link(i + 1, hi)
                    if link is not None:
                        if lit < i:
                            items.append(("k", lit, i))
                        i = lit = link[2]
                        continue
                i += 1
                continue
            if c == "[":
                link = self._link(i, hi) if depth < _MAX_LINK_NESTING else None
                if link is not None:
                    if lit < i:
                        items.append(("k", lit, i))
                    items.extend(self.scan(link[0], link[1], depth + 1))
                    i = lit = link[2]
                else:
                    i += 1
                continue
            if c in "*_~":
                j = i
                while j < hi and v[j] == c:
                    j += 1
                if c == "~" and j - i != 2:
                    i = j
                    continue
                before = v[i - 1] if i > 0 else "\n"
                after = v[j] if j < len(v) else "\n"
                ws_before, ws_after = before.isspace(), after.isspace()
                p_before, p_after = _is_punct(before), _is_punct(after)
                left = not ws_after and (not p_after or ws_before or p_before)
                right = not ws_before and (not p_before or ws_after or p_after)
                if c == "_":
                    can_open = left and (not right or p_before)
                    can_close = right and (not left or p_after)
                else:
                    can_open, can_close = left, right
                if can_open or can_close:
                    if lit < i:
                        items.append(("k", lit, i))
                    d = _Delim(c, i, j, can_open, can_close)
                    delims.append(d)
                    items.append(("d", d))
                    lit = j
                i = j
                continue
            # a bare URL
            um = _URL.match(v, i, hi)
            if um:
                end = _url_end(v, i, um.end())
                if end - i > 4 and v[i:end].lower() not in ("www.", "http://", "https://"):
                    if lit < i:
                        items.append(("k", lit, i))
                    i = lit = end
                    continue
            i += 1
        if lit < hi:
            items.append(("k", lit, hi))
        if delims:
            _process_emphasis(delims)
            resolved: list[tuple] = []
            for it in items:
                if it[0] == "d":
                    d = it[1]
                    if d.s + d.cl < d.e - d.cr:
                        resolved.append(("k", d.s + d.cl, d.e - d.cr))
                else:
                    resolved.append(it)
            items = resolved
        return items

    def _after(self, needle: str, start: int) -> int:
        """Position of the first ``needle`` at or after ``start`` (-1 if none)."""
        found = self._needles.get(needle)
        if found is None:
            found = self._needles[needle] = [m.start() for m in re.finditer(re.escape(needle), self.v)]
        k = bisect_left(found, start)
        return found[k] if k < len(found) else -1

    def _html_end(self, i: int, hi: int) -> int:
        """End of the autolink, tag, comment, PI or CDATA section at ``i`` (-1 if none)."""
        v = self.v
        for opener, closer in (("<!--", "-->"), ("<?", "?>"), ("<![CDATA[", "]]>")):
            if v.startswith(opener, i):
                if opener == "<!--":
                    if v.startswith("<!-->", i):
                        return i + 5
                    if v.startswith("<!--->", i):
                        return i + 6
                close = self._after(closer, i + len(opener))
                end = close + len(closer) if close >= 0 else -1
                return end if 0 < end <= hi else -1
        m = _AUTOLINK.match(v, i, hi) or _HTML_TAG.match(v, i, hi)
        return m.end() if m else -1

    def _find_brackets(self, v: str) -> dict[int, int]:
        """Match every ``[`` with its ``]`` (skipping escapes and code spans), in one pass."""
        matches: dict[int, int] = {}
        stack: list[int] = []
        j = 0
        for m in _BRACKETISH.finditer(v):
            k = m.start()
            if k < j:
                continue
            c = v[k]
            if c == "\\":
                j = k + 2
                continue
            if c == "`":
                end = self.code_spans.get(k)
                j = end if end is not None else m.end()
                continue
            if c == "[":
                stack.append(k)
            elif stack:
                matches[stack.pop()] = k
            j = k + 1
        return matches

    def _link(self, i: int, hi: int) -> tuple[int, int, int] | None:
        """For ``[`` at ``i``: (text start, text end, end of the whole link) or None."""
        v = self.v
        close = self.brackets.get(i, -1)
        if close < 0 or close >= hi:
            return None
        j = close + 1
        if j < hi and v[j] == "(":
            end = self._inline_dest(j + 1, hi)
            if end > 0:
                return i + 1, close, end
        if j < hi and v[j] == "[":
            k = j + 1
            while k < hi and k - j <= 1000 and v[k] not in "[]":
                k += 2 if v[k] == "\\" else 1
            if k < hi and v[k] == "]":
                label = v[j + 1:k]
                if not label.strip():
                    label = v[i + 1:close]
                if _normalize_label(label) in self.refs:
                    return i + 1, close, k + 1
            return None
        if close - i <= 1000 and _normalize_label(v[i + 1:close]) in self.refs:
            return i + 1, close, close + 1
        return None

    def _inline_dest(self, j: int, hi: int) -> int:
        """Parse ``dest "title")`` from ``j``; return the index after ``)`` or -1."""
        v = self.v

        def skip_ws(k: int) -> int:
            nl = 0
            while k < hi and v[k] in " \t\n":
                if v[k] == "\n":
                    nl += 1
                    if nl > 1:
                        return -1
                k += 1
            return k

        k = skip_ws(j)
        if k < 0 or k >= hi:
            return -1
        if v[k] == "<":
            k += 1
            while k < hi and v[k] not in "<>\n":
                k += 2 if v[k] == "\\" else 1
            if k >= hi or v[k] != ">":
                return -1
            k += 1
        else:
            depth = 0
            start = k
            while k < hi:
                c = v[k]
                if c == "\\" and k + 1 < hi and v[k + 1] in _ASCII_PUNCT:
                    k += 2
                    continue
                if c.isspace() or ord(c) < 0x20:
                    break
                if c == "(":
                    depth += 1
                    if depth > 32:
                        return -1
                elif c == ")":
                    if depth == 0:
                        break
                    depth -= 1
                k += 1
            if depth != 0:
                return -1
            if k == start and k < hi and v[k] == ")":
                return k + 1  # empty destination: [text]()
        k2 = skip_ws(k)
        if k2 < 0 or k2 >= hi:
            return -1
        if v[k2] == ")":
            return k2 + 1
        if k2 == k or v[k2] not in "\"'(":
            return -1
        closer = ")" if v[k2] == "(" else v[k2]
        k = k2 + 1
        limit = min(hi, k + _TITLE_LIMIT)
        while k < limit and v[k] != closer:
            k += 2 if v[k] == "\\" else 1
        if k >= limit:
            return -1
        k = skip_ws(k + 1)
        if k < 0 or k >= hi or v[k] != ")":
            return -1
        return k + 1


_MD: MarkdownIt | None = None


def _block_parser() -> MarkdownIt:
    """CommonMark with tables, block rules only (inline markup is stripped here, with positions)."""
    global _MD
    if _MD is None:
        md = MarkdownIt("commonmark")
        try:
            md.enable("table")
        except (KeyError, ValueError):  # pragma: no cover - tables exist in markdown-it-py 4
            pass
        md.disable(["inline", "text_join"], ignoreInvalid=True)
        _MD = md
    return _MD


class _MarkdownReader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.starts, self.ends, self.brk_ends = _line_table(source)
        self.out = _Output(source)
        self.code_ranges: list[tuple[int, int]] = []  # source ranges that are code (no directives)
        self._sorted = False
        self._starts_sorted: list[int] = []
        self.refs: dict = {}

    # line helpers
    def _line_text(self, n: int) -> str:
        return self.source[self.starts[n]:self.ends[n]]

    def _lines_range(self, l0: int, l1: int) -> tuple[int, int]:
        l1 = min(l1, len(self.starts))
        if l1 <= l0:
            return self.starts[min(l0, len(self.starts) - 1)], self.starts[min(l0, len(self.starts) - 1)]
        return self.starts[l0], self.ends[l1 - 1]

    def read(self) -> None:
        src = self.source
        fm = _front_matter_lines(src, self.starts, self.ends)
        parse_src = src
        if fm:
            rest = self.starts[fm] if fm < len(self.starts) else len(src)
            parse_src = "\n" * fm + src[rest:]
            self.code_ranges.append((0, rest))
        env: dict = {}
        tokens = _block_parser().parse(parse_src, env)
        self.refs = env.get("references", {}) or {}

        ctx: list[str] = []
        pending: tuple[str, object] | None = None
        n = len(tokens)
        idx = 0
        while idx < n:
            tok = tokens[idx]
            t = tok.type
            if t == "list_item_open":
                ctx.append("list_item")
            elif t == "blockquote_open":
                ctx.append("quote")
            elif t in ("list_item_close", "blockquote_close"):
                if ctx:
                    ctx.pop()
            elif t in ("fence", "code_block") and tok.map:
                self.code_ranges.append(self._lines_range(tok.map[0], tok.map[1]))
            elif t == "heading_open":
                pending = ("heading", tok)
            elif t == "paragraph_open":
                pending = (ctx[-1] if ctx else "paragraph", tok)
            elif t == "tr_open":
                cells = 0
                k = idx + 1
                while k < n and tokens[k].type != "tr_close":
                    if tokens[k].type in ("td_open", "th_open"):
                        cells += 1
                    k += 1
                if tok.map:
                    self._table_row(tok.map[0], cells, "quote" in ctx)
                idx = k + 1
                continue
            elif t == "inline" and pending is not None:
                kind, opener = pending
                pending = None
                if tok.map:
                    if kind == "heading" and opener.markup.startswith("#"):
                        self._atx(tok, opener.markup)
                    else:
                        self._lines_block(kind, tok)
            idx += 1

    # blocks
    def _segment_fallback(self, ln: int, quoted: bool) -> tuple[int, int]:
        text = self._line_text(ln)
        pat = r"[ \t]*(?:>[ \t]?[ \t]*)*" if quoted else r"[ \t]*"
        p = re.match(pat, text).end()
        e = len(text.rstrip())
        return self.starts[ln] + p, self.starts[ln] + max(p, e)

    def _lines_block(self, kind: str, tok) -> None:
        l0 = tok.map[0]
        segs: list[tuple[int, int, int, int]] = []
        for k, c in enumerate(tok.content.split("\n")):
            ln = l0 + k
            if ln >= len(self.starts):
                break
            c2 = c.strip()
            if not c2:
                continue
            text = self._line_text(ln)
            p = text.rfind(c2)
            if p >= 0:
                s, e = self.starts[ln] + p, self.starts[ln] + p + len(c2)
            else:  # content differs from the source line (e.g. NUL); strip the prefix ourselves
                s, e = self._segment_fallback(ln, kind == "quote")
            segs.append((s, e, self.ends[ln], self.brk_ends[ln]))
        self._emit(kind, segs)

    def _atx(self, tok, markup: str) -> None:
        ln = tok.map[0]
        c = tok.content.strip()
        if not c or ln >= len(self.starts):
            return
        text = self._line_text(ln)
        h = text.find("#")
        p = text.find(c, h + len(markup) if h >= 0 else 0)
        if p < 0:
            return
        s = self.starts[ln] + p
        self._emit("heading", [(s, s + len(c), self.ends[ln], self.brk_ends[ln])])

    def _table_row(self, ln: int, ncells: int, quoted: bool) -> None:
        if ln >= len(self.starts) or ncells <= 0:
            return
        base = self.starts[ln]
        text = self._line_text(ln)
        pat = r"[ \t]*(?:>[ \t]?[ \t]*)*" if quoted else r"[ \t]*"
        p = re.match(pat, text).end()
        end = len(text.rstrip())
        if p < end and text[p] == "|":
            p += 1
        bounds: list[tuple[int, int]] = []
        start = p
        j = p
        while j < end:
            c = text[j]
            if c == "\\":
                j += 2
                continue
            if c == "|":
                bounds.append((start, j))
                start = j + 1
            j += 1
        if start < end:
            bounds.append((start, end))
        for cs, ce in bounds[:ncells]:
            cell = text[cs:ce]
            lead = len(cell) - len(cell.lstrip())
            stripped = cell.strip()
            if stripped:
                s = base + cs + lead
                self._emit("table_cell", [(s, s + len(stripped), self.ends[ln], self.brk_ends[ln])])

    def _emit(self, kind: str, segs: list[tuple[int, int, int, int]]) -> None:
        """Strip inline markup from the block made of line segments ``segs`` and add it."""
        if not segs:
            return
        src = self.source
        voff: list[int] = []
        parts: list[str] = []
        pos = 0
        for s, e, _, _ in segs:
            voff.append(pos)
            parts.append(src[s:e])
            pos += e - s + 1
        v = "\n".join(parts)
        scanner = _InlineScanner(v, self.refs)
        items = scanner.scan(0, len(v))

        def v2s(p: int) -> int:
            k = bisect_right(voff, p) - 1
            s, e, bs, _ = segs[k]
            rel = p - voff[k]
            return s + rel if rel <= e - s else bs

        for a, b in scanner.removed_code:
            self.code_ranges.append((v2s(a), v2s(b)))

        pieces = _Pieces(src)
        for it in items:
            if it[0] == "r":
                text, a, b = it[1], it[2], it[3]
                if text == "\n":
                    pieces.newline(v2s(a), v2s(b))
                else:
                    pieces.replace(text, v2s(a), v2s(b))
                continue
            a, b = it[1], it[2]
            k = bisect_right(voff, a) - 1
            while a < b and k < len(segs):
                s, e, bs, be = segs[k]
                line_end = voff[k] + (e - s)
                if a < line_end:
                    stop = min(b, line_end)
                    pieces.verbatim(s + (a - voff[k]), s + (stop - voff[k]))
                    a = stop
                if a < b and a == line_end:  # the joining newline ("\r\n" becomes "\n")
                    pieces.newline(bs, be)
                    a += 1
                k += 1
        self.out.add_block(kind, pieces.tidy())

    def in_code(self, offset: int) -> bool:
        if not self._sorted:
            self.code_ranges.sort()
            self._starts_sorted = [s for s, _ in self.code_ranges]
            self._sorted = True
        k = bisect_right(self._starts_sorted, offset) - 1
        return k >= 0 and offset < self.code_ranges[k][1]  # code ranges never overlap


def read_markdown(source: str, path: str = "<markdown>", encoding: str = "utf-8") -> Document:
    """Read Markdown (CommonMark with tables) into a Document with a prose view.

    Prose comes from headings, paragraphs, list items, block quotes and table cells. Code
    (fenced, indented, inline), HTML blocks, front matter, link reference definitions, link
    destinations, images, autolinks, bare URLs and inline HTML tags are not prose.
    """
    reader = _MarkdownReader(source)
    reader.read()
    directives = parse_directives(source, accept=lambda off: not reader.in_code(off))
    return Document(path=path, format="markdown", source=source, text=reader.out.builder.build(),
                    blocks=tuple(reader.out.blocks), offsets=reader.out.builder.offsets,
                    directives=directives, encoding=encoding)


# --- HTML -------------------------------------------------------------------------------------

_VOID = frozenset("area base br col embed hr img input link meta param source track wbr keygen".split())
# Elements whose content is never prose.
_SKIP = frozenset(
    "script style noscript template nav header footer aside svg math form button select option "
    "datalist iframe object embed canvas audio video textarea code pre kbd samp".split()
)
_KIND = {
    "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading",
    "h6": "heading", "title": "heading",
    "li": "list_item", "dt": "list_item", "dd": "list_item",
    "blockquote": "quote",
    "td": "table_cell", "th": "table_cell",
}
# Start or end of these ends the current block of prose.
_BOUNDARY = frozenset(
    "p h1 h2 h3 h4 h5 h6 li blockquote td th dt dd figcaption div section article main ul ol dl "
    "table tr thead tbody tfoot caption figure hr address details summary fieldset legend body html "
    "center dialog hgroup menu title head pre nav header footer aside form noscript template "
    "textarea select iframe svg math video audio object canvas search".split()
)
_P_CLOSERS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 ul ol dl table blockquote section article main pre hr figure address "
    "details fieldset form header footer nav aside menu".split()
)
_P_SCOPE = frozenset("td th li dd dt blockquote div section article table body html button caption "
                     "figure main header footer nav aside form template".split())
# A tag up to its ">" outside quoted attribute values (for markup HTMLParser leaves unparsed).
_TAG_END = re.compile(r"<[^>'\"]*(?:(?:'[^']*'|\"[^\"]*\")[^>'\"]*)*>")
_ASCII_WS = re.compile(r"[ \t\n\r\f]+|[^ \t\n\r\f]+")
_ASCII_WS_CHARS = " \t\n\r\f"


class _Entry:
    __slots__ = ("tag", "kind", "skip")

    def __init__(self, tag: str, kind: str, skip: int) -> None:
        self.tag, self.kind, self.skip = tag, kind, skip


class _HTMLProse(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.src = source
        # HTMLParser counts lines by "\n" only (a "\r" before it is part of the line).
        self.nl_starts = array("q", [0])
        self.nl_starts.extend(m.end() for m in re.finditer("\n", source))
        self.out = _Output(source)
        self.stack: list[_Entry] = []
        self.counts: dict[str, int] = {}
        self.pieces: _Pieces | None = None
        self.kind = "paragraph"
        self.pending_ws: tuple[int, int] | None = None
        self.pending_br: int | None = None
        self.comments: set[int] = set()

    # positions
    def _off(self) -> int:
        line, col = self.getpos()
        if line - 1 < len(self.nl_starts):
            return min(self.nl_starts[line - 1] + col, len(self.src))
        return len(self.src)

    # stack
    def _skip(self) -> int:
        return self.stack[-1].skip if self.stack else 0

    def _push(self, tag: str) -> None:
        parent = self.stack[-1] if self.stack else None
        pskip = parent.skip if parent else 0
        if pskip == 2 or tag in _SKIP:
            skip = 2
        elif tag == "head":
            skip = 1
        elif tag == "title" and pskip == 1:
            skip = 0
        else:
            skip = pskip
        kind = _KIND.get(tag) or (parent.kind if parent else "paragraph")
        self.stack.append(_Entry(tag, kind, skip))
        self.counts[tag] = self.counts.get(tag, 0) + 1

    def _pop_through(self, tag: str) -> None:
        if not self.counts.get(tag):
            return
        while self.stack:
            e = self.stack.pop()
            self.counts[e.tag] -= 1
            if e.tag == tag:
                return

    def _implied_close(self, targets: Iterable[str], boundaries: frozenset[str]) -> None:
        if not any(self.counts.get(t) for t in targets):
            return
        for k in range(len(self.stack) - 1, max(-1, len(self.stack) - 200), -1):
            tag = self.stack[k].tag
            if tag in targets:
                while len(self.stack) > k:
                    e = self.stack.pop()
                    self.counts[e.tag] -= 1
                return
            if tag in boundaries:
                return

    # blocks
    def _end_block(self) -> None:
        if self.pieces is not None:
            self.out.add_block(self.kind, self.pieces.tidy())
        self.pieces = None
        self.pending_ws = None
        self.pending_br = None

    def _before_content(self, at: int) -> _Pieces:
        if self.pieces is None:
            self.pieces = _Pieces(self.src)
            self.kind = self.stack[-1].kind if self.stack else "paragraph"
        elif self.pending_br is not None:
            self.pieces.newline(self.pending_br, self.pending_br)
        elif self.pending_ws is not None:
            s, e = self.pending_ws
            if e - s == 1 and self.src[s] == " ":
                self.pieces.verbatim(s, e)
            else:
                self.pieces.replace(" ", s, e)
        self.pending_ws = None
        self.pending_br = None
        return self.pieces

    def _whitespace(self, s: int, e: int) -> None:
        if self.pieces is not None and self.pending_ws is None and self.pending_br is None:
            self.pending_ws = (s, e)

    # parser callbacks
    def handle_starttag(self, tag: str, attrs) -> None:
        tag = tag.lower()
        if tag == "br":
            if self._skip() == 0 and self.pieces is not None:
                if self.pending_br is not None:  # <br><br>: a paragraph break
                    self._end_block()
                else:
                    self.pending_br = self._off()
                    self.pending_ws = None
            return
        if tag == "body" and self.counts.get("head"):
            self._pop_through("head")
        if tag in _P_CLOSERS or tag == "p":
            self._implied_close(("p",), _P_SCOPE)
        if tag == "li":
            self._implied_close(("li",), frozenset(("ul", "ol", "menu", "table", "body")))
        elif tag in ("dt", "dd"):
            self._implied_close(("dt", "dd"), frozenset(("dl", "table", "body")))
        elif tag in ("td", "th"):
            self._implied_close(("td", "th"), frozenset(("tr", "table", "body")))
        elif tag == "tr":
            self._implied_close(("tr", "td", "th"), frozenset(("table", "thead", "tbody", "tfoot", "body")))
        elif tag in ("thead", "tbody", "tfoot"):
            self._implied_close(("thead", "tbody", "tfoot"), frozenset(("table", "body")))
        elif tag == "option":
            self._implied_close(("option",), frozenset(("select", "datalist", "body")))
        if tag in _BOUNDARY:
            self._end_block()
        if tag not in _VOID:
            self._push(tag)

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag in _VOID:
            if tag == "br":  # "</br>" is read as <br> by browsers
                self.handle_starttag(tag, [])
            return
        if tag in _BOUNDARY:
            self._end_block()
        self._pop_through(tag)

    def run(self) -> None:
        """Parse the whole source. ``HTMLParser.close()`` would pass whatever follows an
        incomplete construct (an unterminated tag, ``&#`` without digits) to ``handle_data`` as
        raw text; instead the parser is resumed past each such construct, and unterminated
        markup is dropped as browsers do."""
        src = self.src
        self.feed(src)
        guard = 0
        while self.rawdata and guard <= len(src):
            guard += 1
            before = self.rawdata
            self.goahead(0)
            raw = self.rawdata
            if not raw or raw != before:
                continue
            if self.cdata_elem or raw.startswith("<!--"):
                k = len(raw)  # an unterminated <script>, <style> or comment runs to the end
            elif raw.startswith("<"):
                m = _TAG_END.match(raw)
                k = m.end() if m else len(raw)
            else:  # an "&" that starts nothing
                self.handle_data(raw[0])
                k = 1
            self.updatepos(0, k)
            self.rawdata = raw[k:]
        self.close()

    def handle_data(self, data: str) -> None:
        if not data or self._skip():
            return
        if len(data) > 1 and data[0] == "<" and (data[1].isalpha() or data[1] in "/!?"):
            return  # unterminated markup handed over as data: not prose
        off = self._off()
        if self.src.startswith(data, off):
            base = off
        else:  # never expected; do not guess a position
            base = self.src.find(data, off)
            if base < 0:
                return
        for m in _ASCII_WS.finditer(data):
            s, e = base + m.start(), base + m.end()
            if m.group(0)[0] in _ASCII_WS_CHARS:
                self._whitespace(s, e)
            else:
                self._before_content(s).verbatim(s, e)

    def _reference(self, s: int, e: int, decoded: str | None) -> None:
        if self._skip():
            return
        if decoded is None:
            self._before_content(s).verbatim(s, e)
        elif decoded and all(ch in _ASCII_WS_CHARS for ch in decoded):
            self._whitespace(s, e)
        else:
            self._before_content(s).replace(decoded, s, e)

    def handle_entityref(self, name: str) -> None:
        s = self._off()
        e = s + 1 + len(name)
        semi = e < len(self.src) and self.src[e] == ";"
        if semi:
            e += 1
        decoded = _HTML5.get(name + ";") if semi else _HTML5.get(name)
        self._reference(s, e, decoded)

    def handle_charref(self, name: str) -> None:
        s = self._off()
        e = s + 2 + len(name)
        if e < len(self.src) and self.src[e] == ";":
            e += 1
        self._reference(s, e, _decode_entity("#" + name + ";"))

    def handle_comment(self, data: str) -> None:
        self.comments.add(self._off())


def read_html(source: str, path: str = "<html>", encoding: str = "utf-8") -> Document:
    """Read HTML into a Document with a prose view.

    Prose comes from p, h1-h6 (and title), li, dt/dd, blockquote, td/th, figcaption and text
    directly inside div/section/article/body. Navigation, scripts, styles, forms, code and the
    like are skipped; attributes are never prose. Entities are decoded and runs of ASCII
    whitespace collapse to one space (both as replacements in the offset map).
    """
    parser = _HTMLProse(source)
    try:
        parser.run()
    except Exception:  # best-effort: keep whatever was read before the parser gave up
        pass
    parser._end_block()
    comments = parser.comments
    directives = parse_directives(source, accept=lambda off: off in comments)
    out = parser.out
    return Document(path=path, format="html", source=source, text=out.builder.build(),
                    blocks=tuple(out.blocks), offsets=out.builder.offsets,
                    directives=directives, encoding=encoding)
