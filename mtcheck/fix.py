"""Applying fixes: non-overlapping edits, by applicability; fixing whole documents in passes;
writing fixed files back atomically in their own encoding; unified diffs.

Nothing here prints: the CLI decides what to tell the user.
"""
from __future__ import annotations

import codecs
import difflib
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

from .finding import Applicability, Edit, Finding

if TYPE_CHECKING:
    from .document import Document
    from .lint import Linter
    from .report import FileResult

MAX_PASSES = 10


def _escape_xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_quoted(text: str) -> str:
    """For the inside of a PO or JSON string."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


# A replacement is prose; written into markup or a quoted string it must be escaped, or a fix
# such as "„…“" -> '"…"' would break the file.
REPLACEMENT_ESCAPES: dict[str, Callable[[str], str]] = {
    "html": _escape_xml, "xliff": _escape_xml, "tmx": _escape_xml, "po": _escape_quoted, "jsonl": _escape_quoted,
}


def apply_fixes(source: str, findings: Iterable[Finding],
                minimum: Applicability = Applicability.SAFE,
                escape: Callable[[str], str] | None = None) -> tuple[str, int]:
    """Apply the fixes at or above ``minimum`` applicability; a fix overlapping one already
    taken is left for a later pass. Returns the new text and the number of fixes applied.
    ``escape`` turns each replacement into the file's syntax (see REPLACEMENT_ESCAPES)."""
    taken: list[Edit] = []
    applied = 0
    for f in sorted(findings, key=lambda f: f.sort_key):
        if f.fix is None or f.fix.applicability < minimum or f.fix.applicability == Applicability.DISPLAY:
            continue
        edits = f.fix.edits
        if any(_overlaps(e, t) for e in edits for t in taken):
            continue
        taken.extend(edits)
        applied += 1
    out = []
    pos = 0
    for e in sorted(taken, key=lambda e: (e.range.start, e.range.end)):
        out.append(source[pos:e.range.start])
        out.append(escape(e.replacement) if escape else e.replacement)
        pos = e.range.end
    out.append(source[pos:])
    return "".join(out), applied


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.range.start == a.range.end == b.range.start == b.range.end:
        return True
    return a.range.start < b.range.end and b.range.start < a.range.end


# --- whole documents ---------------------------------------------------------------------------

@dataclass(frozen=True)
class FixOutcome:
    """What fixing one document did. ``original`` is the check of the text as read; ``result``
    the check of the fixed text (the same object when nothing changed)."""

    original: "FileResult"
    result: "FileResult"
    fixed: int  # fixes applied, summed over passes
    passes: int  # passes that changed the text

    @property
    def changed(self) -> bool:
        return self.result.document.source != self.original.document.source

    @property
    def source(self) -> str:
        return self.result.document.source


def fix_document(linter: "Linter", doc: "Document", minimum: Applicability = Applicability.SAFE,
                 max_passes: int = MAX_PASSES) -> FixOutcome:
    """Check ``doc``, apply the non-overlapping fixes at or above ``minimum``, check the new text
    and apply again, until a pass changes nothing or ``max_passes`` passes have run. The text is
    re-read in the document's own format, so Markdown and HTML are parsed again each pass."""
    from .readers import parse

    if minimum == Applicability.DISPLAY:
        raise ValueError("display-only fixes are never applied")
    original = result = linter.check_document(doc)
    fixed = passes = 0
    while passes < max_passes:
        source = result.document.source
        new, n = apply_fixes(source, result.findings, minimum, REPLACEMENT_ESCAPES.get(doc.format))
        if n == 0 or new == source:
            break
        fixed += n
        passes += 1
        result = linter.check_document(parse(new, doc.path, doc.format, doc.encoding))
    return FixOutcome(original, result, fixed, passes)


# --- encodings ---------------------------------------------------------------------------------

class FixError(Exception):
    """A fixed file that cannot be written back; the message names the file and says why."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


_BOMS = {  # codecs that write a byte-order mark -> (BOM, codec without one)
    "utf-8-sig": ((codecs.BOM_UTF8, "utf-8"),),
    "utf-16": ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")),
    "utf-32": ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")),
}


def encode(text: str, encoding: str, original: bytes | None = None) -> bytes:
    """Encode ``text`` back the way the file was: same codec, same byte-order mark (and byte
    order, taken from ``original`` when given). Raises UnicodeEncodeError when ``text`` has a
    character the codec cannot represent."""
    name = codecs.lookup(encoding).name
    if name in _BOMS:
        for bom, codec in _BOMS[name]:
            if original is not None and original.startswith(bom):
                return bom + text.encode(codec)
        return text.encode(name)  # Python writes a BOM in native byte order
    return text.encode(encoding)


def encode_fixed(path: str, doc: "Document", fixed: str, original: bytes) -> bytes:
    """The bytes to write for ``fixed``, or FixError when they cannot keep the file as it was
    outside the fixed ranges (the codec does not round-trip, or cannot encode the fix)."""
    try:
        if encode(doc.source, doc.encoding, original) != original:
            raise FixError(path, f"re-encoding as {doc.encoding} would change bytes the fixes do not touch; "
                                 "left unchanged")
    except UnicodeEncodeError:
        raise FixError(path, f"cannot re-encode as {doc.encoding}; left unchanged") from None
    try:
        return encode(fixed, doc.encoding, original)
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start:exc.end]
        raise FixError(path, f"the fixed text has {bad!r}, which {doc.encoding} cannot encode; "
                             "left unchanged") from None


# --- files -------------------------------------------------------------------------------------

def write_fixed(doc: "Document", fixed: str) -> bool:
    """Write ``fixed`` over the file ``doc`` was read from, atomically and in its encoding.
    Returns False (and writes nothing, keeping the mtime) when the bytes would not change.
    Raises FixError, with the original left intact, when the file cannot be written."""
    path = doc.path
    target = os.path.realpath(path)  # a symlink keeps pointing at the fixed file
    try:
        with open(target, "rb") as fh:
            original = fh.read()
    except OSError as exc:
        raise FixError(path, f"cannot read it again: {exc.strerror or exc}") from None
    from .readers import InputError, decode

    try:
        now, _ = decode(original, path)
    except InputError:
        now = None
    if now != doc.source:
        raise FixError(path, "changed on disk while being fixed; left unchanged")
    data = encode_fixed(path, doc, fixed, original)
    if data == original:
        return False
    if _read_only(target):
        raise FixError(path, "file is read-only; left unchanged")
    write_atomic(target, data, label=path)
    return True


def _read_only(path: str) -> bool:
    """Not writable for us, or with no write bit at all (which root could still write: a
    file someone made read-only is not replaced behind their back)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return True
    return not os.access(path, os.W_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def write_atomic(path: str, data: bytes, label: str | None = None) -> None:
    """Replace ``path`` with ``data``: write a temporary file in the same folder, fsync it, give
    it the original's permission bits (and owner, where allowed), then rename it over the
    original. On any failure the original is untouched and the temporary file removed."""
    label = label or path
    folder = os.path.dirname(os.path.abspath(path))
    try:
        st = os.stat(path)
        tmp = tempfile.NamedTemporaryFile(dir=folder, prefix=f".{os.path.basename(path)}.",
                                          suffix=".mtcheck.tmp", delete=False)
    except OSError as exc:
        raise FixError(label, f"cannot write a temporary file in {folder}: {exc.strerror or exc}; "
                              "left unchanged") from None
    try:
        with tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp.name, stat.S_IMODE(st.st_mode))
        if hasattr(os, "chown"):
            try:
                os.chown(tmp.name, st.st_uid, st.st_gid)
            except OSError:
                pass  # only root may give a file away; the permission bits are kept anyway
        os.replace(tmp.name, path)
    except BaseException as exc:
        try:
            os.unlink(tmp.name)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise FixError(label, f"cannot write: {exc.strerror or exc}; left unchanged") from None
        raise
    _fsync_dir(folder)


def _fsync_dir(folder: str) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# --- diffs -------------------------------------------------------------------------------------

def unified_diff(old: str, new: str, path: str) -> str:
    """A unified diff from ``a/PATH`` to ``b/PATH`` (empty when nothing changed). Line breaks are
    kept as in the file; a last line without one is marked as git does."""
    if old == new:
        return ""
    name = path.replace(os.sep, "/")
    out = []
    for line in difflib.unified_diff(_lines(old), _lines(new),
                                     fromfile=f"a/{name}", tofile=f"b/{name}"):
        out.append(line)
        if not line.endswith(("\n", "\r")):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _lines(text: str) -> list[str]:
    return _LINE.findall(text)
