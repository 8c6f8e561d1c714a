"""The engine: select rules, run them over a Document, suppress, sort, score."""
from __future__ import annotations

import dataclasses
import hashlib
import itertools
import os
import re
import sys
from bisect import bisect_right
from typing import Callable, Iterable, Iterator

from . import __version__
from .config import Settings
from .document import Document
from .finding import Finding
from .nlp import english_pipeline
from .readers import (FileSelection, InputError, decode, detect_format, iter_paths, parse, read_bytes,
                      read_file)
from .report import FileError, FileResult, Keep, Report
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
        self.cache = None  # a ResultCache when settings.cache_dir is set (see mtcheck/cache.py)
        if settings.cache_dir:
            from .cache import ResultCache

            self.cache = ResultCache(settings.cache_dir, self.signature, settings.accept, settings.source_language)

    def _tagger(self):
        return load_tagger(self.settings.tagger)

    def check_tagger(self) -> None:
        """Load a user-named tagger now, so a wrong name is a clear error before any file is
        read (raises TaggerError). The packaged tagger is loaded lazily, when first needed."""
        if self.settings.tagger != PACKAGED and any("pos" in r.meta.needs for r in self.rules):
            self._tagger()

    # -- one document ---------------------------------------------------------------------
    def check_document(self, doc: Document) -> FileResult:
        if doc.segments:
            doc = self._with_source_language(doc)
        ignored = self.settings.ignored_for(doc.path)
        rules = [r for r in self.rules if not (ignored and code_matches(r.code, ignored))]
        findings: list[Finding] = []
        ctx = Context(doc=doc, nlp_factory=english_pipeline, tagger_factory=self._tagger)
        for r in rules:
            ctx.rule = r
            findings.extend(r.check(ctx))
        del ctx  # free what the rules shared (tokens, parses) before suppressing and counting
        findings = self._suppress(doc, findings)
        return self._result(doc, tuple(findings), doc.words)

    def _with_source_language(self, doc: Document) -> Document:
        """The language of a bilingual document's source side: as configured
        (``source-language``), else as the file declares it, else detected."""
        language = self.settings.source_language or doc.source_language
        if language is None:
            from .bilingual import detect_language

            language = detect_language([s.source for s in doc.segments])
        if language == doc.source_language:
            return doc
        return dataclasses.replace(doc, source_language=language)

    def _result(self, doc: Document, findings: tuple[Finding, ...], words: int) -> FileResult:
        stats = Stats.of(words, findings)
        value = score(stats)
        return FileResult(doc, findings, stats, value, self.gate.passed(stats, value))

    def check_path(self, path: str, stdin_format: str = "text") -> FileResult:
        """Read and check one file (``"-"``: standard input, read as ``stdin_format``); raises
        :class:`InputError`. With a cache, a file checked before with the same rules is only
        read and parsed, and its findings come from the cache."""
        if self.cache is None:
            if path == "-":
                return self.check_document(read_bytes(sys.stdin.buffer.read(), "<stdin>", stdin_format))
            return self.check_document(read_file(path, max_bytes=self.settings.max_file_size))
        if path == "-":
            data, label, fmt = sys.stdin.buffer.read(), "<stdin>", stdin_format
        else:
            data, label, fmt = _file_bytes(path, self.settings.max_file_size), path, detect_format(path)
        text, encoding = decode(data, label)
        doc = parse(text, label, fmt, encoding)
        key = self.cache.key(data, fmt, self.settings.ignored_for(doc.path))
        hit = self.cache.get(key, doc)
        if hit is not None:
            words, findings = hit
            return self._result(doc, findings, words)
        result = self.check_document(doc)
        self.cache.put(key, result.stats.words, result.findings)
        return result

    def _suppress(self, doc: Document, findings: list[Finding]) -> list[Finding]:
        out: dict[tuple[int, int, str], Finding] = {}
        suppressed = _directive_filter(doc)
        # Accepted phrases, in order and not overlapping (finditer), so their ends ascend too:
        # the last one starting at or before a finding is the only one that can contain it.
        accepted = [m.span() for m in self._accept.finditer(doc.source)] if self._accept else []
        acc_starts = [a for a, _ in accepted]
        for f in sorted(findings, key=lambda f: f.sort_key):
            if suppressed(f):
                continue
            k = bisect_right(acc_starts, f.range.start) - 1
            if k >= 0 and f.range.end <= accepted[k][1]:
                continue
            out.setdefault(f.sort_key, f)
        return list(out.values())

    # -- many documents -------------------------------------------------------------------
    def iter_documents(self, paths: Iterable[str], stdin_format: str = "text",
                       errors: list[FileError] | None = None,
                       on_progress: Callable[[int, int], None] | None = None) -> Iterator[Document]:
        """Read every file under ``paths`` in order; unreadable ones go to ``errors``.
        ``on_progress(done, total)`` is called after each file."""
        files = self._walk(paths, errors)
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

    def _walk(self, paths: Iterable[str], errors: list[FileError] | None) -> list[str]:
        selection = FileSelection(self.settings.include, self.settings.exclude)
        walk_errors: list[InputError] = []
        files = list(iter_paths(list(paths), selection, walk_errors))
        for e in walk_errors:
            _record(errors, e)
        return files

    def iter_results(self, paths: Iterable[str], stdin_format: str = "text",
                     errors: list[FileError] | None = None,
                     on_progress: Callable[[int, int], None] | None = None,
                     jobs: int = 1, keep: Keep = "document") -> Iterator[FileResult]:
        """Check every file under ``paths`` and yield its result as soon as it is ready, in walk
        order; unreadable files go to ``errors``. With ``jobs`` > 1 (and more than one file,
        standard input not among them) the files are checked in that many worker processes
        (see ``mtcheck/parallel.py``); the results are the same as in one process. ``keep``:
        what each result keeps of its file (see :meth:`FileResult.slim`); ``"lines"`` or
        ``"source"`` let a caller hold many results without holding every Document."""
        files = self._walk(paths, errors)
        if self.cache is not None:
            try:
                self.cache.prepare()
            except OSError:
                pass  # entries that cannot be written are skipped
        total = len(files)
        if jobs > 1 and total > 1 and "-" not in files:
            from .parallel import check_files

            # The first file is checked here: that loads the word lists and models the rules
            # need, which the workers then inherit when they are forked instead of each loading
            # them again.
            outcomes: Iterable[FileResult | FileError] = itertools.chain(
                [self._outcome(files[0])], check_files(self.settings, files[1:], jobs))
        else:
            outcomes = (self._outcome(path, stdin_format) for path in files)
        for i, outcome in enumerate(outcomes, 1):
            if isinstance(outcome, FileError):
                if errors is None:
                    raise InputError(outcome.path, outcome.message)
                errors.append(outcome)
            else:
                yield outcome.slim(keep)
            if on_progress is not None:
                on_progress(i, total)

    def _outcome(self, path: str, stdin_format: str = "text") -> FileResult | FileError:
        try:
            return self.check_path(path, stdin_format)
        except InputError as exc:
            return FileError(exc.path, exc.reason)

    def check_paths(self, paths: Iterable[str], stdin_format: str = "text",
                    on_progress: Callable[[int, int], None] | None = None, jobs: int = 1,
                    keep: Keep = "document") -> Report:
        errors: list[FileError] = []
        results = list(self.iter_results(paths, stdin_format, errors, on_progress, jobs, keep))
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


def _file_bytes(path: str, max_bytes: int) -> bytes:
    """The bytes of a file, refused as :func:`readers.read_file` refuses them."""
    try:
        if max_bytes and os.path.getsize(path) > max_bytes:
            read_file(path, max_bytes=max_bytes)  # raises the reader's own "over the limit" error
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from None


def _accept_pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    phrases = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    if not phrases:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)", re.IGNORECASE)


def _directive_filter(doc: Document):
    """A predicate telling whether inline directives suppress a finding."""
    if not doc.directives:
        return lambda f: False
    # Disabled source intervals per code ("" = every rule); lines to ignore -> codes.
    disabled: dict[str, list[tuple[int, int]]] = {}
    open_at: dict[str, int] = {}
    ignore_lines: dict[int, list[str]] = {}
    lines: list[str] | None = None  # the source's lines, split once when first needed
    for d in sorted(doc.directives, key=lambda d: d.offset):
        codes = d.codes or ("",)
        if d.action == "disable":
            for c in codes:
                open_at.setdefault(c, d.offset)
        elif d.action == "enable":
            for c in codes:
                if c in open_at:
                    disabled.setdefault(c, []).append((open_at.pop(c), d.offset))
        elif d.action == "ignore-next-line":
            if lines is None:
                lines = doc.source.splitlines()
            line, _ = doc.line_col(d.offset)
            ignore_lines.setdefault(_next_content_line(lines, line), []).extend(codes)
    for c, start in open_at.items():
        disabled.setdefault(c, []).append((start, len(doc.source) + 1))
    # Each code's intervals sorted by start, with the furthest end reached so far: a finding
    # starting at x is inside one of them iff the last interval starting at or before x (by
    # bisection) has a running end beyond x.
    spans = {}
    for c, ivs in disabled.items():
        ivs.sort()
        reach, ends = -1, []
        for _, b in ivs:
            reach = max(reach, b)
            ends.append(reach)
        spans[c] = ([a for a, _ in ivs], ends)

    def matches(code: str, codes: Iterable[str]) -> bool:
        return any(c == "" or code.startswith(c) for c in codes)

    def suppressed(f: Finding) -> bool:
        x = f.range.start
        for c, (starts, ends) in spans.items():
            if c == "" or f.code.startswith(c):
                k = bisect_right(starts, x) - 1
                if k >= 0 and x < ends[k]:
                    return True
        if ignore_lines:
            line, _ = doc.line_col(x)
            codes = ignore_lines.get(line)
            return codes is not None and matches(f.code, codes)
        return False

    return suppressed


def _next_content_line(lines: list[str], line: int) -> int:
    """The first line after ``line`` that has something other than whitespace or a comment."""
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


def check_paths(paths: Iterable[str], *, settings: Settings | None = None, jobs: int = 1,
                **overrides) -> Report:
    """Check files and folders (recursively); unreadable files are listed in ``Report.errors``.
    ``jobs`` > 1 checks them in that many worker processes (same results)."""
    linter = Linter((settings or Settings()).with_overrides(**overrides))
    return linter.check_paths([str(p) for p in paths], jobs=jobs)
