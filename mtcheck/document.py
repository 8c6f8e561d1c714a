"""The document model: source text as decoded, its prose view, blocks and the offset map.

Readers build a :class:`Document` once; nothing downstream searches the text again to find a
position. Rules work on ``Document.text`` (prose only: markup, code and URLs removed) and the
engine maps every range back to ``Document.source`` through :class:`OffsetMap`.
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field

from .finding import Range

BLOCK_KINDS = ("heading", "paragraph", "list_item", "quote", "table_cell")

WORD_PATTERN = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_SPACE = re.compile(r"\s")
_COUNT_CHUNK = 1 << 16  # characters counted per findall: a huge text is not listed word by word


@dataclass(frozen=True, slots=True)
class Block:
    """A unit of prose: ``kind`` is one of BLOCK_KINDS; ``range`` is in ``Document.text``."""

    kind: str
    range: Range


@dataclass(frozen=True, slots=True)
class Directive:
    """An inline ``<!-- mtcheck: ... -->`` comment; ``offset`` is in the source."""

    action: str  # "disable" | "enable" | "ignore-next-line"
    codes: tuple[str, ...]  # empty means every rule
    offset: int


class OffsetMap:
    """Piecewise map from prose-view offsets to source offsets.

    Each segment is either *verbatim* (the text piece equals the source slice, so offsets map
    linearly) or *atomic* (an entity, a collapsed whitespace run or an inserted separator: its
    text maps to the whole source slice, never into its middle).
    """

    __slots__ = ("_t_starts", "_t_ends", "_s_starts", "_s_ends", "_verbatim")

    def __init__(self) -> None:
        # Arrays, not lists: 33 bytes a segment instead of ~170 (an int object per offset).
        self._t_starts = array("q")
        self._t_ends = array("q")
        self._s_starts = array("q")
        self._s_ends = array("q")
        self._verbatim = bytearray()

    @classmethod
    def identity(cls, length: int) -> "OffsetMap":
        m = cls()
        m.add(0, length, 0, length)
        return m

    def add(self, t_start: int, t_end: int, s_start: int, s_end: int) -> None:
        if self._t_ends and t_start != self._t_ends[-1]:
            raise ValueError("segments must be added contiguously")
        verbatim = t_end - t_start == s_end - s_start
        if verbatim and self._verbatim and self._verbatim[-1] and self._s_ends[-1] == s_start \
                and t_end > t_start:
            # Verbatim right after verbatim, in the source too: one linear piece maps every
            # offset exactly as the two did, and an HTML or Markdown file of a million words
            # is not a million segments.
            self._t_ends[-1] = t_end
            self._s_ends[-1] = s_end
            return
        self._t_starts.append(t_start)
        self._t_ends.append(t_end)
        self._s_starts.append(s_start)
        self._s_ends.append(s_end)
        self._verbatim.append(verbatim)

    def _start(self, i: int) -> int:
        if not self._t_starts:
            return 0
        k = max(bisect_right(self._t_starts, i) - 1, 0)
        # An offset at a segment's end that is also the next segment's start belongs to the next.
        while k + 1 < len(self._t_starts) and self._t_starts[k + 1] == i and self._t_ends[k] <= i:
            k += 1
        if self._verbatim[k]:
            return self._s_starts[k] + min(i - self._t_starts[k], self._s_ends[k] - self._s_starts[k])
        if self._s_starts[k] == self._s_ends[k] and k + 1 < len(self._t_starts):
            return self._s_starts[k + 1]  # inside an inserted separator: start at what follows
        return self._s_starts[k] if i <= self._t_starts[k] else self._s_ends[k]

    def _end(self, i: int) -> int:
        if not self._t_starts:
            return 0
        k = max(bisect_right(self._t_starts, i) - 1, 0)
        # An end offset at a segment's start belongs to the previous segment.
        while k > 0 and self._t_starts[k] >= i:
            k -= 1
        if self._verbatim[k]:
            return self._s_starts[k] + min(max(i - self._t_starts[k], 0), self._s_ends[k] - self._s_starts[k])
        return self._s_ends[k] if i > self._t_starts[k] else self._s_starts[k]

    def to_source(self, start: int, end: int) -> Range:
        s = self._start(start)
        if end <= start:
            return Range(s, s)
        e = self._end(end)
        return Range(s, max(s, e))


class TextBuilder:
    """Builds a prose view piece by piece while recording where each piece came from."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._len = 0
        self.offsets = OffsetMap()
        # Verbatim pieces that follow each other in the source are kept as one pending slice
        # (source, start, end), cut once: not one string per word of a huge file.
        self._run: tuple[str, int, int] | None = None

    def __len__(self) -> int:
        return self._len

    def verbatim(self, source: str, s_start: int, s_end: int) -> None:
        """Append ``source[s_start:s_end]`` unchanged."""
        if s_end <= s_start:
            return
        run = self._run
        if run is not None and run[0] is source and run[2] == s_start:
            self._run = (source, run[1], s_end)
        else:
            self._flush()
            self._run = (source, s_start, s_end)
        self.offsets.add(self._len, self._len + s_end - s_start, s_start, s_end)
        self._len += s_end - s_start

    def replace(self, text: str, s_start: int, s_end: int) -> None:
        """Append ``text`` standing for ``source[s_start:s_end]`` (e.g. a decoded entity)."""
        if not text and s_start == s_end:
            return
        self._flush()
        self.offsets.add(self._len, self._len + len(text), s_start, s_end)
        self._parts.append(text)
        self._len += len(text)

    def separator(self, text: str, s_at: int) -> None:
        """Append text with no source of its own (a block break)."""
        self.replace(text, s_at, s_at)

    def _flush(self) -> None:
        if self._run is not None:
            source, s_start, s_end = self._run
            self._parts.append(source[s_start:s_end])
            self._run = None

    def build(self) -> str:
        self._flush()
        return "".join(self._parts)


class LineIndex:
    """1-based line and column of source offsets (columns count code points)."""

    __slots__ = ("_starts",)

    def __init__(self, source: str) -> None:
        # 8 bytes a line (a list of ints costs ~40): a huge file has hundreds of thousands of lines
        starts = array("q", [0])
        starts.extend(m.end() for m in re.finditer(r"\r\n|\r|\n", source))
        self._starts = starts

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def line_start(self, line: int) -> int:
        return self._starts[line - 1]

    def line_bounds(self, line: int, source: str) -> tuple[int, int]:
        """Source offsets of 1-based ``line``, without its line break."""
        start = self._starts[line - 1]
        end = self._starts[line] if line < len(self._starts) else len(source)
        while end > start and source[end - 1] in "\r\n":
            end -= 1
        return start, end


@dataclass(frozen=True, slots=True)
class Segment:
    """One translation unit of a bilingual input: the source-language text beside the range of
    its target (the translation mtcheck checks) in ``Document.text``."""

    id: str  # unit id as the file names it (XLIFF/TMX id, PO msgctxt or line, JSONL line, pair number)
    source: str  # source-language text, markup removed
    target: Range  # the unit's target text in the prose view
    reference: str | None = None  # a human reference translation, when the input has one


@dataclass(frozen=True)
class Document:
    path: str
    format: str  # "text" | "markdown" | "html" | "xliff" | "tmx" | "po" | "jsonl"
    source: str  # the file as decoded (BOM removed, newlines as in the file)
    text: str  # the prose view
    blocks: tuple[Block, ...]
    offsets: OffsetMap
    directives: tuple[Directive, ...] = ()
    encoding: str = "utf-8"
    segments: tuple[Segment, ...] = ()  # bilingual input only, in target order
    source_language: str | None = None  # of the segments' source text ("de"), when known
    lines: LineIndex = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lines", LineIndex(self.source))

    @property
    def words(self) -> int:
        return count_words(self.text)

    def to_source(self, start: int, end: int) -> Range:
        return self.offsets.to_source(start, end)

    def line_col(self, offset: int) -> tuple[int, int]:
        return self.lines.line_col(offset)


def count_words(text: str) -> int:
    """Words in ``text``, as :func:`iter_words` finds them."""
    # findall (no groups: one string per word) is the fast way to count, but on a huge text it
    # would hold every word at once; so count chunk by chunk, each cut at a whitespace
    # character, which no word contains, so the total is the same.
    n, pos, size = 0, 0, len(text)
    while pos < size:
        cut = _SPACE.search(text, pos + _COUNT_CHUNK) if size - pos > _COUNT_CHUNK else None
        end = cut.start() if cut else size
        n += len(WORD_PATTERN.findall(text, pos, end))
        pos = end
    return n


def iter_words(text: str):
    """Yield ``re.Match`` objects for the words of ``text`` (hyphenated words count once)."""
    return WORD_PATTERN.finditer(text)
