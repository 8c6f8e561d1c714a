"""The result cache (``--cache-dir``): one small JSON file of findings per checked file.

An entry's key is the SHA-256 of everything a file's findings depend on: the file's bytes, its
format, the rule-set signature (rule codes, lexicon data, tagger, scoring scheme), the mtcheck
version, a fingerprint of mtcheck's own source code, the ``accept`` phrases and the codes that
``per-file-ignores`` turn off for the file's path. The gate (``fail-under``, ``fail-on``) is not
part of the key: scores and pass/fail are recomputed from the stored findings on every run.

On a hit the file is still decoded and parsed (cheap next to checking it), so renderers get the
full :class:`~mtcheck.document.Document`; only the rules are skipped. Entries are written
atomically (temporary file + ``os.replace``); an entry that cannot be read or does not fit the
document is ignored and recomputed. Nothing is written unless a cache folder is given.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from . import __version__
from .document import Document
from .finding import Applicability, Category, Edit, Finding, Fix, Range, Severity

FORMAT_VERSION = 1
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This folder is a cache made by mtcheck.\n"


@lru_cache(maxsize=None)
def code_fingerprint() -> str:
    """A hash of mtcheck's Python sources, so that an edited rule (in a development checkout,
    where the version number does not change) never reuses stale results."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for f in sorted(root.rglob("*.py")):
        h.update(f.relative_to(root).as_posix().encode())
        try:
            h.update(f.read_bytes())
        except OSError:
            pass
    return h.hexdigest()[:16]


class ResultCache:
    """Per-file findings stored under ``folder/ab/abcdef….json`` (256 shards)."""

    def __init__(self, folder: str | os.PathLike[str], signature: str, accept: Iterable[str] = (),
                 source_language: str | None = None) -> None:
        self.folder = Path(folder)
        accepted = sorted({p.strip().lower() for p in accept if p.strip()})
        # the configured source language decides whether the SR rules read a bilingual file
        self._prefix = json.dumps([FORMAT_VERSION, __version__, code_fingerprint(), signature, accepted,
                                   source_language], ensure_ascii=False).encode()
        self.hits = self.misses = 0

    def prepare(self) -> None:
        """Create the folder (raises OSError when it cannot be) and mark it as a cache."""
        self.folder.mkdir(parents=True, exist_ok=True)
        tag = self.folder / "CACHEDIR.TAG"
        if not tag.exists():
            try:
                tag.write_text(_TAG, encoding="utf-8")
                (self.folder / ".gitignore").write_text("# created by mtcheck\n*\n", encoding="utf-8")
            except OSError:
                pass

    def key(self, data: bytes, fmt: str, ignored: tuple[str, ...] = ()) -> str:
        h = hashlib.sha256(self._prefix)
        h.update(json.dumps([fmt, sorted(ignored)]).encode())
        h.update(b"\0")
        h.update(data)
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key[2:]}.json"

    def get(self, key: str, doc: Document) -> tuple[int, tuple[Finding, ...]] | None:
        """``(words, findings)`` stored under ``key``, or None when there is no usable entry."""
        try:
            raw = self._path(key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        try:
            entry = decode_entry(raw, len(doc.source))
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            entry = None  # corrupt or from an incompatible writer: recompute
        if entry is None:
            self.misses += 1
        else:
            self.hits += 1
        return entry

    def put(self, key: str, words: int, findings: Iterable[Finding]) -> None:
        """Store an entry atomically; a cache that cannot be written is skipped silently."""
        path = self._path(key)
        data = encode_entry(words, findings)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, path)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except OSError:
            pass


def encode_entry(words: int, findings: Iterable[Finding]) -> bytes:
    rows = []
    for f in findings:
        fix = None
        if f.fix is not None:
            fix = [int(f.fix.applicability), [[e.range.start, e.range.end, e.replacement] for e in f.fix.edits]]
        rows.append([f.code, f.name, f.category.value, f.severity.value, f.range.start, f.range.end,
                     f.message, f.suggestion, fix])
    return json.dumps({"v": FORMAT_VERSION, "words": words, "findings": rows},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode_entry(raw: bytes, source_length: int) -> tuple[int, tuple[Finding, ...]] | None:
    """Parse an entry; raise (ValueError, TypeError, ...) or return None when it is not usable."""
    data = json.loads(raw.decode("utf-8"))
    if data.get("v") != FORMAT_VERSION:
        return None
    words = data["words"]
    if not isinstance(words, int) or words < 0:
        return None
    findings = []
    for code, name, category, severity, start, end, message, suggestion, fix in data["findings"]:
        if not (isinstance(code, str) and isinstance(name, str) and isinstance(message, str)
                and (suggestion is None or isinstance(suggestion, str))):
            return None
        rng = _range(start, end, source_length)
        parsed_fix = None
        if fix is not None:
            applicability, edits = fix
            parsed_fix = Fix(tuple(Edit(_range(s, e, source_length), _str(r)) for s, e, r in edits),
                             Applicability(applicability))
        findings.append(Finding(code, name, Category(category), Severity(severity), rng, message,
                                suggestion, parsed_fix))
    return words, tuple(findings)


def _range(start: object, end: object, length: int) -> Range:
    if not (isinstance(start, int) and isinstance(end, int)) or end > length:
        raise ValueError("range outside the document")
    return Range(start, end)


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("replacement is not a string")
    return value
