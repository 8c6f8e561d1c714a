"""Readers: bytes on disk (or stdin) -> decoded text -> :class:`Document`.

Positions are produced here, once. Plain text keeps its text as the prose view; Markdown and
HTML readers build a prose view with an offset map (see ``markup.py``).
"""
from __future__ import annotations

import codecs
import fnmatch
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .document import Block, Document, OffsetMap
from .finding import Range

# JSON Lines is read when named but not picked up from folders: mtcheck's own `--format jsonl`
# reports may lie there.
DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown", "*.html", "*.htm", "*.xlf", "*.xliff", "*.tmx", "*.po")
FORMAT_BY_SUFFIX = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".tmx": "tmx",
    ".po": "po",
    ".jsonl": "jsonl",
}
BILINGUAL_FORMATS = ("xliff", "tmx", "po", "jsonl")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class InputError(Exception):
    """A file that cannot be read as text; the message names the file and says why."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Decode file bytes to text, returning ``(text, encoding)``.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are recognised directly; anything else is
    detected with charset-normalizer. Binary data raises :class:`InputError`.
    """
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise InputError(path, f"invalid {enc} after byte-order mark ({exc.reason} at byte {exc.start})") from None
    if b"\x00" in data[:8192]:
        enc = _bomless_utf16(data)
        if enc is None:
            raise InputError(path, "binary file (contains NUL bytes), skipped")
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as exc:
            raise InputError(path, f"looks like {enc} without a byte-order mark but does not decode "
                                   f"({exc.reason} at byte {exc.start}), skipped") from None
        if _looks_binary(text):
            raise InputError(path, "binary file (contains NUL bytes), skipped")
        return text, enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data) and _is_utf8(data[:exc.start]):
            # Valid UTF-8 (with non-ASCII characters) cut inside its last character: refuse it
            # rather than let charset-normalizer re-read the whole file as some 8-bit code page.
            raise InputError(path, f"truncated UTF-8: the file ends inside a multi-byte character "
                                   f"(byte {exc.start}), skipped; re-save it as UTF-8") from None
    from charset_normalizer import from_bytes  # imported only for non-UTF-8 input

    best = from_bytes(data).best()
    if best is None:
        raise InputError(path, "not text in any known encoding, skipped")
    text = str(best)
    if _looks_binary(text):
        raise InputError(path, "binary file (control characters), skipped")
    return text, best.encoding


def _bomless_utf16(data: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when ``data`` looks like UTF-16 text without a byte-order
    mark (NUL in nearly every other byte, as ASCII-range text gives), else None."""
    sample = data[:8192]
    if len(data) % 2 or len(sample) < 4:
        return None
    pairs = len(sample) // 2
    even_nul = sample[0::2].count(0) / pairs
    odd_nul = sample[1::2].count(0) / pairs
    if odd_nul > 0.3 and even_nul < 0.02:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.02:
        return "utf-16-be"
    return None


def _is_utf8(data: bytes) -> bool:
    """Whether ``data`` is valid UTF-8 with at least one non-ASCII character."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not data.isascii()


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f\v")
    return controls / len(sample) > 0.05


def detect_format(path: str, default: str = "text") -> str:
    return FORMAT_BY_SUFFIX.get(Path(path).suffix.lower(), default)


def parse(source: str, path: str, fmt: str, encoding: str = "utf-8") -> Document:
    """Build a Document from decoded ``source`` in format ``fmt``."""
    if fmt == "text":
        return read_plain(source, path, encoding)
    if fmt in BILINGUAL_FORMATS:
        from .bilingual import read_bilingual  # imports InputError from here

        return read_bilingual(source, path, fmt, encoding)
    from . import markup

    if fmt == "markdown":
        return markup.read_markdown(source, path, encoding)
    if fmt == "html":
        return markup.read_html(source, path, encoding)
    raise ValueError(f"unknown format {fmt!r}")


def read_file(path: str | os.PathLike[str], fmt: str | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    path = str(path)
    try:
        size = os.path.getsize(path)
        if max_bytes and size > max_bytes:
            raise InputError(path, f"file is {_size(size)}, over the {_size(max_bytes)} limit "
                                   "(raise it with --max-file-size BYTES, 0 for no limit)")
        with open(path, "rb") as fh:
            data = fh.read()
    except InputError:
        raise
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from None
    text, encoding = decode(data, path)
    return parse(text, path, fmt or detect_format(path), encoding)


def _size(n: int) -> str:
    """A byte count in the units of ``DEFAULT_MAX_BYTES`` (MB = 1024 * 1024 bytes)."""
    mb = n / (1024 * 1024)
    if n % (1024 * 1024) == 0:
        return f"{mb:.0f} MB"
    return f"{mb:.1f} MB ({n:,} bytes)" if mb >= 0.1 else f"{n:,} bytes"


def read_bytes(data: bytes, path: str, fmt: str = "text") -> Document:
    text, encoding = decode(data, path)
    return parse(text, path, fmt, encoding)


# --- plain text -----------------------------------------------------------------------------

_BULLET = re.compile(r"[ \t\u00a0]*(?:[•·▪◦‣●\-*–]|\d{1,2}[.)])[ \t\u00a0]+")
_BLANK = re.compile(r"[ \t\u00a0]*$")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_SENTENCE_END = re.compile(r"[.!?:;…\"”’)\]]\s*$")


def read_plain(source: str, path: str = "<text>", encoding: str = "utf-8") -> Document:
    """Plain text: paragraphs are separated by blank lines; bulleted lines are list items;
    a one-line paragraph without closing punctuation is taken as a heading."""
    blocks: list[Block] = []
    para: list[tuple[int, int]] = []  # (start, end) of the content of each line

    def flush() -> None:
        if para:
            start, end = para[0][0], para[-1][1]
            text = source[start:end]
            kind = "paragraph"
            if len(para) == 1 and not _SENTENCE_END.search(text) and len(text.split()) <= 14:
                kind = "heading"
            blocks.append(Block(kind, Range(start, end)))
            para.clear()

    pos = 0
    n = len(source)
    while pos < n:
        m = _LINE.match(source, pos)
        line_end = m.end()
        content = m.group(0).rstrip("\r\n")
        start, end = pos, pos + len(content)
        pos = line_end if line_end > pos else n
        if _BLANK.match(content):
            flush()
            continue
        stripped_end = end
        while stripped_end > start and source[stripped_end - 1] in " \t\u00a0":
            stripped_end -= 1
        lead = len(content) - len(content.lstrip(" \t\u00a0"))
        bullet = _BULLET.match(content)
        if bullet:
            flush()
            if start + bullet.end() < stripped_end:  # an empty bullet is no block
                blocks.append(Block("list_item", Range(start + bullet.end(), stripped_end)))
            continue
        para.append((start + lead, stripped_end))
    flush()
    return Document(path=path, format="text", source=source, text=source, blocks=tuple(blocks),
                    offsets=OffsetMap.identity(len(source)), directives=(), encoding=encoding)


# --- folders ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class FileSelection:
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()

    def matches(self, rel: str) -> bool:
        name = rel.rsplit("/", 1)[-1]
        if any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in self.exclude):
            return False
        return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(rel, p) for p in self.include)

    def excluded_dir(self, rel: str) -> bool:
        name = rel.rsplit("/", 1)[-1]
        if name.startswith(".") and name not in (".", ".."):
            return True
        return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) or fnmatch.fnmatch(rel + "/", p)
                   for p in self.exclude)


def iter_paths(paths: list[str], selection: FileSelection = FileSelection(),
               errors: list[InputError] | None = None) -> Iterator[str]:
    """Expand files and folders into files, sorted, each once. Explicitly named files are always
    yielded; inside folders only files matching the selection are. Problems (a missing path, a
    symlink loop) are appended to ``errors`` and the walk goes on."""
    seen: set[str] = set()
    for given in paths:
        if given == "-":
            yield "-"
            continue
        p = Path(given)
        if p.is_dir():
            yield from _walk(p, selection, seen, errors)
        elif p.exists():
            key = os.path.realpath(p)
            if key not in seen:
                seen.add(key)
                yield str(p)
        elif errors is not None:
            errors.append(InputError(given, "no such file or directory"))
        else:
            raise InputError(given, "no such file or directory")


def _walk(root: Path, selection: FileSelection, seen: set[str], errors: list[InputError] | None) -> Iterator[str]:
    visited_dirs: set[str] = set()
    found: list[str] = []

    def onerror(exc: OSError) -> None:
        if errors is not None:
            errors.append(InputError(str(exc.filename or root), exc.strerror or str(exc)))

    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=onerror):
        real = os.path.realpath(dirpath)
        if real in visited_dirs:
            if errors is not None:
                errors.append(InputError(dirpath, "symlink loop, not followed"))
            dirnames[:] = []
            continue
        visited_dirs.add(real)
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        dirnames[:] = sorted(d for d in dirnames
                             if not selection.excluded_dir(d if rel_dir == "." else f"{rel_dir}/{d}"))
        for name in filenames:
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            if selection.matches(rel):
                found.append(os.path.join(dirpath, name))
    for f in sorted(found):
        key = os.path.realpath(f)
        if key not in seen:
            seen.add(key)
            yield f
