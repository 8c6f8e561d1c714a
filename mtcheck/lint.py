"""The engine: select rules, run them over a Document, suppress, sort, score."""
from __future__ import annotations

import hashlib
import re
import sys
from typing import Callable, Iterable, Iterator

from . import __version__
from .config import Settings
from .document import Document
from .finding import Finding, Range
from .nlp import english_pipeline
from .readers import FileSelection, InputError, iter_paths, parse, read_bytes, read_file
from .report import FileError, FileResult, Report
from .rules import code_matches, data_path, select_rules
from .rules.base import Context, Rule
from .scoring import SCHEME, Gate, Stats, score
from .tagger import PACKAGED, load_tagger, tagger_label


class Linter:
    """Checks documents with one selection of rules. Build it once per run: the spaCy pipeline is
    created the first time a rule needs tokens, and reused."""

    def __init__(self, settings: Settings = Settings()) -> None:
        self.settings = settings
        self.rules: tuple[Rule, ...] = select_rules(settings.select, settings.ignore, settings.extend_select)
        self.gate = Gate(settings.fail_under, settings.fail_on)
        self._accept = _accept_pattern(settings.accept)
        self.signature = signature(self.rules, settings.tagger)

    def _tagger(self):
        return load_tagger(self.settings.tagger)

    def check_tagger(self) -> None:
        """Load a user-named tagger now, so a wrong name is a clear error before any file is
        read (raises TaggerError). The packaged tagger is loaded lazily, when first needed."""
        if self.settings.tagger != PACKAGED and any("pos" in r.meta.needs for r in self.rules):
            self._tagger()

    # -- one document ---------------------------------------------------------------------
    def check_document(self, doc: Document) -> FileResult:
        ignored = self.settings.ignored_for(doc.path)
        rules = [r for r in self.rules if not (ignored and code_matches(r.code, ignored))]
        findings: list[Finding] = []
        ctx = Context(doc=doc, nlp_factory=english_pipeline, tagger_factory=self._tagger)
        for r in rules:
            ctx.rule = r
            findings.extend(r.check(ctx))
        findings = self._suppress(doc, findings)
        stats = Stats.of(doc.words, findings)
        value = score(stats)
        return FileResult(doc, tuple(findings), stats, value, self.gate.passed(stats, value))

    def _suppress(self, doc: Document, findings: list[Finding]) -> list[Finding]:
        out: dict[tuple[int, int, str], Finding] = {}
        suppressed = _directive_filter(doc)
        accepted = [Range(m.start(), m.end()) for m in self._accept.finditer(doc.source)] if self._accept else []
        for f in sorted(findings, key=lambda f: f.sort_key):
            if suppressed(f) or any(a.contains(f.range) for a in accepted):
                continue
            out.setdefault(f.sort_key, f)
        return list(out.values())

    # -- many documents -------------------------------------------------------------------
    def iter_documents(self, paths: Iterable[str], stdin_format: str = "text",
                       errors: list[FileError] | None = None,
                       on_progress: Callable[[int, int], None] | None = None) -> Iterator[Document]:
        """Read every file under ``paths`` in order; unreadable ones go to ``errors``.
        ``on_progress(done, total)`` is called after each file."""
        selection = FileSelection(self.settings.include, self.settings.exclude)
        walk_errors: list[InputError] = []
        files = list(iter_paths(list(paths), selection, walk_errors))
        for e in walk_errors:
            _record(errors, e)
        for i, path in enumerate(files, 1):
            try:
                if path == "-":
                    yield read_bytes(sys.stdin.buffer.read(), "<stdin>", stdin_format)
                else:
                    yield read_file(path, max_bytes=self.settings.max_file_size)
            except InputError as exc:
                _record(errors, exc)
            if on_progress is not None:
                on_progress(i, len(files))

    def check_paths(self, paths: Iterable[str], stdin_format: str = "text",
                    on_progress: Callable[[int, int], None] | None = None) -> Report:
        errors: list[FileError] = []
        results = [self.check_document(d) for d in self.iter_documents(paths, stdin_format, errors, on_progress)]
        return self.report(results, errors)

    def report(self, results: list[FileResult], errors: list[FileError] = ()) -> Report:
        total = sum((r.stats for r in results), Stats())
        fail_on = self.settings.fail_on.value if self.settings.fail_on else None
        return Report(tuple(results), tuple(errors), tuple(r.meta for r in self.rules), total,
                      score(total), self.signature, self.settings.fail_under, fail_on)


def _record(errors: list[FileError] | None, exc: InputError) -> None:
    if errors is None:
        raise exc
    errors.append(FileError(exc.path, exc.reason))


def _accept_pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    phrases = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    if not phrases:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)", re.IGNORECASE)


def _directive_filter(doc: Document):
    """A predicate telling whether inline directives suppress a finding."""
    if not doc.directives:
        return lambda f: False
    intervals: list[tuple[int, int, tuple[str, ...]]] = []  # source offsets, codes ("" = all)
    open_at: dict[str, int] = {}
    ignore_lines: list[tuple[int, tuple[str, ...]]] = []
    for d in sorted(doc.directives, key=lambda d: d.offset):
        codes = d.codes or ("",)
        if d.action == "disable":
            for c in codes:
                open_at.setdefault(c, d.offset)
        elif d.action == "enable":
            for c in codes:
                if c in open_at:
                    intervals.append((open_at.pop(c), d.offset, (c,)))
        elif d.action == "ignore-next-line":
            line, _ = doc.line_col(d.offset)
            ignore_lines.append((_next_content_line(doc, line), tuple(codes)))
    for c, start in open_at.items():
        intervals.append((start, len(doc.source) + 1, (c,)))

    def matches(code: str, codes: tuple[str, ...]) -> bool:
        return any(c == "" or code.startswith(c) for c in codes)

    def suppressed(f: Finding) -> bool:
        if any(a <= f.range.start < b and matches(f.code, cs) for a, b, cs in intervals):
            return True
        if ignore_lines:
            line, _ = doc.line_col(f.range.start)
            return any(line == ln and matches(f.code, cs) for ln, cs in ignore_lines)
        return False

    return suppressed


def _next_content_line(doc: Document, line: int) -> int:
    """The first line after ``line`` that has something other than whitespace or a comment."""
    lines = doc.source.splitlines()
    for i in range(line, len(lines)):
        stripped = lines[i].strip()
        if stripped and not (stripped.startswith("<!--") and stripped.endswith("-->")):
            return i + 1
    return line + 1


def signature(rules: Iterable[Rule], tagger: str = PACKAGED) -> str:
    rules = list(rules)
    uses_tagger = any("pos" in r.meta.needs for r in rules)
    codes = ",".join(sorted(r.code for r in rules))
    lex = hashlib.sha256()
    for name in sorted({n for r in rules for n in r.meta.data}):
        lex.update(name.encode())
        lex.update(data_path(name).read_bytes())
    rules_hash = hashlib.sha256(codes.encode()).hexdigest()[:10]
    return f"mtcheck:{__version__}|rules:{rules_hash}|lex:{lex.hexdigest()[:10]}|tagger:{tagger_label(tagger) if uses_tagger else 'none'}|score:{SCHEME}"


def check_text(text: str, *, format: str = "text", path: str = "<text>",
               settings: Settings | None = None, **overrides) -> Report:
    """Check one text and return the same :class:`Report` the CLI renders."""
    linter = Linter((settings or Settings()).with_overrides(**overrides))
    doc = parse(text, path, format)
    return linter.report([linter.check_document(doc)])


def check_paths(paths: Iterable[str], *, settings: Settings | None = None, **overrides) -> Report:
    """Check files and folders (recursively); unreadable files are listed in ``Report.errors``."""
    return Linter((settings or Settings()).with_overrides(**overrides)).check_paths([str(p) for p in paths])
