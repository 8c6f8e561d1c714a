"""Results: what renderers see."""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Literal

from .document import Document, LineIndex
from .finding import Finding, Range
from .rules.base import RuleMeta
from .scoring import Score, Stats

# Control characters in file names or text must not reach the terminal (escape sequences) or
# start a new output line; each becomes one visible character, so carets stay aligned.
_VISIBLE = {i: 0x2400 + i for i in range(32)} | {0x7F: 0x2421} | {i: 0xFFFD for i in range(0x80, 0xA0)} \
    | {0x2028: 0xFFFD, 0x2029: 0xFFFD}


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: control characters shown as visible symbols."""
    return text.translate(_VISIBLE)


# What a result keeps of its file once checked (see FileResult.slim): the whole Document; only
# the source text (what the HTML report shows); only the source lines its findings touch.
Keep = Literal["document", "source", "lines"]


@dataclass(frozen=True)
class FileError:
    path: str
    message: str


@dataclass(frozen=True, slots=True)
class Unit:
    """A translation unit of a bilingual file as the reports show it: its id, its source-language
    text, and where its target text is in the file (code-point offsets into the source)."""

    id: str
    source: str | None  # None when a slimmed result did not keep it (only the HTML report shows it)
    start: int
    end: int
    # The stretches of the file [start, end) that hold the target's text, in order: markup the
    # reader left out (inline tags, an XLIFF 2 unit's other segments, PO line quoting) lies
    # between them. None when a slimmed result did not keep them.
    pieces: tuple[tuple[int, int], ...] | None = None

    def holds(self, r: Range) -> bool:
        """Whether a finding at ``r`` belongs to this unit: it starts in the unit's target (an
        empty range may also sit at the target's end)."""
        return self.start <= r.start < self.end or r.start == r.end == self.end


def units_of(doc: Document, whole: bool = True) -> tuple[Unit, ...]:
    """The units of a bilingual Document, their targets mapped from the prose view to the file;
    without ``whole``, only ids and ranges (what tells a finding's unit)."""
    units = []
    for seg in doc.segments:
        target = doc.to_source(seg.target.start, seg.target.end)
        if whole:
            pieces = tuple(_file_pieces(doc, seg.target.start, seg.target.end))
            units.append(Unit(seg.id, seg.source, target.start, target.end, pieces))
        else:
            units.append(Unit(seg.id, None, target.start, target.end))
    return tuple(units)


def _file_pieces(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    """The stretches of ``doc.source`` that ``doc.text[start:end]`` comes from, in order, merged
    where they touch. A stretch whose file text equals its prose text is one piece; any other is
    halved until it is (or is one character: an entity or escape, written in the file as one
    piece; a separator the reader put in has no place in the file and is left out)."""
    pieces: list[tuple[int, int]] = []
    todo = [(start, end)]
    while todo:
        a, b = todo.pop()
        r = doc.to_source(a, b)
        if b - a > 1 and doc.source[r.start:r.end] != doc.text[a:b]:
            mid = (a + b) // 2
            todo += [(mid, b), (a, mid)]  # the first half next: pieces come out in order
        elif r.end > r.start:
            if pieces and pieces[-1][1] == r.start:
                pieces[-1] = (pieces[-1][0], r.end)
            else:
                pieces.append((r.start, r.end))
    return pieces


class UnitIndex:
    """Tells which unit a finding belongs to. Units do not overlap in the file, so the one that
    can hold a range is the last unit starting at or before it."""

    def __init__(self, units: Iterable[Unit]) -> None:
        self.units = tuple(sorted(units, key=lambda u: (u.start, u.end)))
        self._starts = [u.start for u in self.units]

    def unit_of(self, r: Range) -> Unit | None:
        k = bisect_right(self._starts, r.start) - 1
        return self.units[k] if k >= 0 and self.units[k].holds(r) else None


@dataclass(frozen=True)
class SourceLines:
    """What the reports need of a checked file when its Document is not kept: path, format,
    encoding and runs of whole source lines (line breaks included), either the whole text or only
    the lines that findings and their fixes touch. Offsets, lines and columns are those of the
    whole file, so a result holding this renders exactly as one holding the Document."""

    path: str
    format: str
    encoding: str
    whole: bool  # one run holding the entire source
    offsets: tuple[int, ...]  # where each run starts in the source, ascending
    first_lines: tuple[int, ...]  # the 1-based line number each run starts on
    texts: tuple[str, ...]
    # A bilingual file's units (None for any other file): all of them with the whole source,
    # else only those that findings are in, without their source text.
    units: tuple[Unit, ...] | None = None
    source_language: str | None = None
    _indexes: tuple[LineIndex, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_indexes", tuple(LineIndex(t) for t in self.texts))

    @classmethod
    def of(cls, doc: Document, findings: tuple[Finding, ...], whole: bool) -> SourceLines:
        units = units_of(doc, whole) if doc.segments else None
        if whole:
            return cls(doc.path, doc.format, doc.encoding, True, (0,), (1,), (doc.source,), units,
                       doc.source_language)
        if units is not None:
            index = UnitIndex(units)
            flagged = {index.unit_of(f.range) for f in findings} - {None}
            units = tuple(u for u in index.units if u in flagged)
        spans = sorted((doc.line_col(r.start)[0], doc.line_col(r.end)[0])
                       for f in findings
                       for r in (f.range, *(e.range for e in (f.fix.edits if f.fix else ()))))
        runs: list[list[int]] = []  # [first line, last line], merged when they touch
        for first, last in spans:
            if runs and first <= runs[-1][1] + 1:
                runs[-1][1] = max(runs[-1][1], last)
            else:
                runs.append([first, last])
        line_count = doc.line_col(len(doc.source))[0]
        offsets, texts = [], []
        for first, last in runs:
            start = doc.lines.line_start(first)
            end = doc.lines.line_start(last + 1) if last < line_count else len(doc.source)
            offsets.append(start)
            texts.append(doc.source[start:end])
        return cls(doc.path, doc.format, doc.encoding, False, tuple(offsets), tuple(r[0] for r in runs),
                   tuple(texts), units, doc.source_language)

    @property
    def source(self) -> str:
        if not self.whole:
            raise ValueError(f"{self.path}: only the lines with findings were kept, not the whole text")
        return self.texts[0]

    def _run(self, offset: int) -> int:
        k = bisect_right(self.offsets, offset) - 1
        if k < 0 or offset > self.offsets[k] + len(self.texts[k]):
            raise ValueError(f"{self.path}: offset {offset} is not in the kept lines")
        return k

    def line_col(self, offset: int) -> tuple[int, int]:
        k = self._run(offset)
        line, col = self._indexes[k].line_col(offset - self.offsets[k])
        return self.first_lines[k] + line - 1, col

    def excerpt(self, start: int, end: int) -> str:
        k = self._run(start)
        if end > self.offsets[k] + len(self.texts[k]):
            raise ValueError(f"{self.path}: range {start}-{end} is not in the kept lines")
        return self.texts[k][start - self.offsets[k]:end - self.offsets[k]]

    def line_text(self, line: int) -> tuple[int, str]:
        k = bisect_right(self.first_lines, line) - 1
        if k < 0:
            raise ValueError(f"{self.path}: line {line} is not in the kept lines")
        lo, hi = self._indexes[k].line_bounds(line - self.first_lines[k] + 1, self.texts[k])
        return self.offsets[k] + lo, self.texts[k][lo:hi]


@dataclass(frozen=True)
class FileResult:
    document: Document | SourceLines  # SourceLines once slimmed: see slim()
    findings: tuple[Finding, ...]
    stats: Stats
    score: Score
    passed: bool

    @property
    def path(self) -> str:
        return self.document.path

    def slim(self, keep: Keep) -> FileResult:
        """This result keeping only what reports need: with ``"source"`` the source text (the
        HTML report shows it), with ``"lines"`` only the source lines the findings touch;
        ``"document"`` keeps the Document. A run over many files keeps its results until the
        report is written, and the Document (prose view, blocks, offset map) is most of them."""
        if keep == "document" or isinstance(self.document, SourceLines):
            return self
        return replace(self, document=SourceLines.of(self.document, self.findings, whole=keep == "source"))

    # What renderers read of the file, the same whether the Document or SourceLines is kept.
    @property
    def bilingual(self) -> bool:
        """Whether the file has translation units (XLIFF, TMX, PO, JSON Lines, source pairs)."""
        doc = self.document
        return doc.units is not None if isinstance(doc, SourceLines) else bool(doc.segments)

    @property
    def source_language(self) -> str | None:
        return self.document.source_language

    @cached_property
    def _unit_index(self) -> UnitIndex:
        doc = self.document
        return UnitIndex((doc.units or ()) if isinstance(doc, SourceLines) else units_of(doc))

    @property
    def units(self) -> tuple[Unit, ...]:
        """The file's units in file order (after ``slim("lines")``: only those with findings)."""
        return self._unit_index.units

    def unit_of(self, f: Finding) -> Unit | None:
        """The unit a finding belongs to; None in a monolingual file, or for a finding outside
        every unit (text that the source does not have)."""
        return self._unit_index.unit_of(f.range) if self.bilingual else None

    @property
    def source(self) -> str:
        """The whole source text (not available after ``slim("lines")``)."""
        return self.document.source

    def line_col(self, offset: int) -> tuple[int, int]:
        return self.document.line_col(offset)

    def excerpt(self, start: int, end: int) -> str:
        """``source[start:end]``, for a finding's or a fix edit's range."""
        doc = self.document
        return doc.excerpt(start, end) if isinstance(doc, SourceLines) else doc.source[start:end]

    def line_text(self, line: int) -> tuple[int, str]:
        """Where the 1-based ``line`` of a finding starts in the source, and its text without the
        line break."""
        doc = self.document
        if isinstance(doc, SourceLines):
            return doc.line_text(line)
        lo, hi = doc.lines.line_bounds(line, doc.source)
        return lo, doc.source[lo:hi]


@dataclass(frozen=True)
class Report:
    files: tuple[FileResult, ...]
    errors: tuple[FileError, ...]
    rules: tuple[RuleMeta, ...]
    stats: Stats  # summed over files
    score: Score  # from the summed stats, never an average of file scores
    signature: str
    fail_under: float
    fail_on: str | None

    @property
    def passed(self) -> bool:
        return all(f.passed for f in self.files)

    @property
    def findings(self) -> int:
        return sum(len(f.findings) for f in self.files)
