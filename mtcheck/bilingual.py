"""Bilingual readers: XLIFF, TMX, gettext PO and JSON Lines -> :class:`Document`.

Each reader turns a decoded file into a Document whose prose view ``text`` holds the TARGET
text of the translation units, one paragraph block per unit, joined by ``"\\n\\n"`` separators.
``segments`` has one :class:`Segment` per unit: its id, its source text (markup removed,
entities decoded), the range of its target in the prose view and its reference, if any.

Positions are exact: plain runs of target text are recorded verbatim, an XML entity or
character reference and a PO or JSON escape sequence are atomic replacements, so every finding
maps back to the very characters of the file (``doc.source[range]``).

XML is first checked by defusedxml with entity declarations and external references refused
(billion laughs, external entities): nothing is expanded and nothing is fetched. Only then does
a small scanner here walk the text, which it may then take as well-formed, to record where each
piece of text stands. PO files are parsed by polib (which validates them) and scanned here for
positions; the two must agree. :func:`pair_with_source` aligns a plain target document with a
plain source text for ``mtcheck check --source SRC TARGET``.

See docs/bilingual.md.
"""
from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple
from xml.etree.ElementTree import ParseError

from .document import Block, Document, LineIndex, Segment, TextBuilder
from .finding import Range
from .readers import InputError

__all__ = [
    "FORMAT_BY_SUFFIX", "Pairing", "align_with_source", "pair_with_source", "read_bilingual",
    "read_jsonl", "read_po", "read_tmx", "read_xliff",
]

FORMAT_BY_SUFFIX = {".xlf": "xliff", ".xliff": "xliff", ".tmx": "tmx", ".po": "po", ".jsonl": "jsonl"}

UNIT_SEPARATOR = "\n\n"


# --- pieces of target text ------------------------------------------------------------------

class Piece(NamedTuple):
    """A piece of a unit's text: ``text`` None means ``source[start:end]`` verbatim; otherwise
    ``text`` stands for the whole source slice (an entity, an escape, an inserted space)."""

    text: str | None
    start: int
    end: int


def _piece_text(source: str, p: Piece) -> str:
    return source[p.start:p.end] if p.text is None else p.text


def _joined(source: str, pieces: Iterable[Piece]) -> str:
    return "".join(_piece_text(source, p) for p in pieces)


def _strip(source: str, pieces: list[Piece]) -> list[Piece]:
    """``pieces`` without leading and trailing whitespace (verbatim pieces are cut, atomic
    whitespace pieces dropped whole)."""
    lo, hi = 0, len(pieces)
    out = list(pieces)
    while lo < hi:
        p = out[lo]
        if p.text is None:
            run = source[p.start:p.end]
            cut = len(run) - len(run.lstrip())
            if cut < len(run):
                out[lo] = Piece(None, p.start + cut, p.end)
                break
        elif p.text.strip():
            break
        lo += 1
    while hi > lo:
        p = out[hi - 1]
        if p.text is None:
            run = source[p.start:p.end]
            cut = len(run) - len(run.rstrip())
            if cut < len(run):
                out[hi - 1] = Piece(None, p.start, p.end - cut)
                break
        elif p.text.strip():
            break
        hi -= 1
    return out[lo:hi]


@dataclass(frozen=True)
class _Unit:
    id: str
    source: str
    target: list[Piece]  # stripped, never empty
    reference: str | None = None


def _document(path: str, fmt: str, source: str, encoding: str, units: list[_Unit],
              source_language: str | None) -> Document:
    builder = TextBuilder()
    blocks: list[Block] = []
    segments: list[Segment] = []
    for unit in units:
        if blocks:
            builder.separator(UNIT_SEPARATOR, unit.target[0].start)
        start = len(builder)
        for p in unit.target:
            if p.text is None:
                builder.verbatim(source, p.start, p.end)
            else:
                builder.replace(p.text, p.start, p.end)
        rng = Range(start, len(builder))
        blocks.append(Block("paragraph", rng))
        segments.append(Segment(unit.id, unit.source, rng, unit.reference))
    return Document(path=path, format=fmt, source=source, text=builder.build(), blocks=tuple(blocks),
                    offsets=builder.offsets, directives=(), encoding=encoding,
                    segments=tuple(segments), source_language=source_language)


def _language(tag: str | None) -> str | None:
    """The primary language subtag, lower-cased: "de-DE", "de_AT" -> "de"."""
    if not tag:
        return None
    primary = re.split(r"[-_@.]", tag.strip(), maxsplit=1)[0].lower()
    return primary if primary.isalpha() else None


def _no_units(path: str, found: int, what: str) -> InputError:
    if found == 0:
        return InputError(path, f"no translation units ({what}) found")
    return InputError(path, f"no translated units: {found} {what} found, none with a target to check")


def _refuse_empty(source: str, path: str) -> None:
    if not source.strip():
        raise InputError(path, "empty file")


# --- XML: validation -------------------------------------------------------------------------

class _Discard:
    """An ElementTree parser target that builds nothing: validation only, and the root's tag."""

    def __init__(self) -> None:
        self.root: str | None = None

    def start(self, tag: str, attrib: dict) -> None:
        if self.root is None:
            self.root = tag

    def end(self, tag: str) -> None:
        pass

    def data(self, text: str) -> None:
        pass

    def close(self) -> str | None:
        return self.root


def _validate_xml(source: str, path: str) -> str:
    """Check that ``source`` is well-formed XML without entity declarations or external
    references; return the root element's local name. Raises :class:`InputError`."""
    from defusedxml import (
        DefusedXmlException,
        DTDForbidden,
        EntitiesForbidden,
        ExternalReferenceForbidden,
    )
    from defusedxml.ElementTree import DefusedXMLParser

    # A DOCTYPE naming a DTD (TMX files often do) is harmless: expat never loads it. Entity
    # declarations are refused at once, before anything is expanded.
    parser = DefusedXMLParser(target=_Discard(), forbid_dtd=False, forbid_entities=True,
                              forbid_external=True)
    try:
        parser.feed(source)
        root = parser.close()
    except EntitiesForbidden as exc:
        raise InputError(path, f"refused: the file declares the XML entity {exc.name!r}; mtcheck "
                               "never expands entities (billion laughs, external entities)") from None
    except ExternalReferenceForbidden:
        raise InputError(path, "refused: the file refers to an external XML resource; mtcheck "
                               "never loads one") from None
    except DTDForbidden:  # pragma: no cover - DTDs without entities are allowed above
        raise InputError(path, "refused: the file has a DTD") from None
    except DefusedXmlException as exc:  # pragma: no cover - any other refusal of defusedxml
        raise InputError(path, f"refused: {type(exc).__name__}") from None
    except ParseError as exc:
        raise InputError(path, _parse_error_message(source, exc)) from None
    return root.rsplit("}", 1)[-1]


def _parse_error_message(source: str, exc: ParseError) -> str:
    reason = re.sub(r": line \d+, column \d+$", "", str(exc))
    line, column = exc.position
    # expat counts columns in UTF-8 bytes from 0; report code points from 1, as findings do.
    lines = LineIndex(source)
    try:
        start, end = lines.line_bounds(line, source)
        column = len(source[start:end].encode("utf-8")[:column].decode("utf-8", "ignore")) + 1
    except IndexError:
        column += 1
    return f"malformed XML at line {line}, column {column}: {reason}"


# --- XML: a scanner with positions ------------------------------------------------------------

class _Element:
    """An element with its source position. Attributes are decoded when first asked for: most
    (the ids of inline tags) never are."""

    __slots__ = ("name", "start", "end", "children", "_raw_attrs", "_attrs")

    def __init__(self, name: str, raw_attrs: str, start: int) -> None:
        self.name = name  # local name, namespace prefix removed
        self.start = start  # offset of "<"
        self.end = -1  # offset after the end tag's ">"
        self.children: list[_Element | _Chars] = []
        self._raw_attrs = raw_attrs
        self._attrs: dict[str, str] | None = None

    @property
    def attrs(self) -> dict[str, str]:
        """Attribute names as written (``xml:lang``), values decoded."""
        if self._attrs is None:
            self._attrs = {m.group(1): _attribute_value(m.group(2) if m.group(2) is not None else m.group(3))
                           for m in _ATTRIBUTE.finditer(self._raw_attrs)}
        return self._attrs

    def child(self, name: str) -> _Element | None:
        return next(self.elements(name), None)

    def elements(self, name: str | None = None) -> Iterable[_Element]:
        return (c for c in self.children if isinstance(c, _Element) and (name is None or c.name == name))


class _Chars(NamedTuple):
    """Character data ``source[start:end]``, undecoded; ``cdata`` for a CDATA section's content."""

    start: int
    end: int
    cdata: bool


_ATTRIBUTE = re.compile(r"\s+([^\s=/>]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
# Everything that starts with "<" in well-formed XML: a start tag (with its attributes), an end
# tag, a comment, a CDATA section, a processing instruction or a declaration (<!DOCTYPE).
_MARKUP = re.compile(
    r"<(?:"
    r"(?P<name>[^\s/>!?]+)(?P<attrs>(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(?P<empty>/?)>"
    r"|(?P<end>/[^\s>]+\s*>)"
    r"|!--.*?-->"
    r"|!\[CDATA\[(?P<cdata>.*?)\]\]>"
    r"|\?.*?\?>"
    r"|(?P<declaration>!)"
    r")", re.DOTALL)
_REFERENCE_OR_CR = re.compile(r"&([^;&<\s]*);|\r\n?")
_CR = re.compile(r"\r\n?")
_PREDEFINED = {"amp": "&", "lt": "<", "gt": ">", "apos": "'", "quot": '"'}


def _reference(name: str) -> str | None:
    """``&name;`` decoded: the five predefined entities and character references."""
    try:
        if name.startswith("#x"):
            return chr(int(name[2:], 16))
        if name.startswith("#"):
            return chr(int(name[1:]))
    except (ValueError, OverflowError):
        return None
    return _PREDEFINED.get(name)


def _char_pieces(source: str, chars: _Chars, path: str) -> Iterable[Piece]:
    """Pieces of character data: references and CR/CRLF line ends are atomic replacements."""
    if source.find("\r", chars.start, chars.end) < 0 and (chars.cdata or source.find("&", chars.start, chars.end) < 0):
        yield Piece(None, chars.start, chars.end)  # the common case: nothing to decode
        return
    pos = chars.start
    for m in (_CR if chars.cdata else _REFERENCE_OR_CR).finditer(source, chars.start, chars.end):
        if m.start() > pos:
            yield Piece(None, pos, m.start())
        if m.group(0)[0] == "&":
            text = _reference(m.group(1))
            if text is None:  # expat accepted it, so this is a scanner bug, not the file's
                raise InputError(path, f"cannot decode the XML reference {m.group(0)!r}")
            yield Piece(text, m.start(), m.end())
        else:
            yield Piece("\n", m.start(), m.end())  # XML normalises line ends to "\n"
        pos = m.end()
    if chars.end > pos:
        yield Piece(None, pos, chars.end)


_ATTRIBUTE_TOKEN = re.compile(r"&([^;&<\s]*);|\r\n?|[\n\t]")


def _attribute_value(raw: str) -> str:
    """An attribute value decoded: references replaced, literal line ends and tabs made spaces
    (XML attribute-value normalisation; a character reference such as ``&#10;`` stays)."""
    if _ATTRIBUTE_TOKEN.search(raw) is None:
        return raw

    def one(m: re.Match) -> str:
        if m.group(0)[0] == "&":
            return _reference(m.group(1)) or m.group(0)
        return " "

    return _ATTRIBUTE_TOKEN.sub(one, raw)


def _skip_declaration(source: str, pos: int) -> int:
    """The offset after a ``<!DOCTYPE ...>`` starting at ``pos``, internal subset included."""
    depth = 0
    i = pos + 2
    while i < len(source):
        c = source[i]
        if c in "\"'":
            i = source.index(c, i + 1)
        elif source.startswith("<!--", i):
            i = source.index("-->", i + 4) + 2
        elif source.startswith("<?", i):
            i = source.index("?>", i + 2) + 1
        elif c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
        elif c == ">" and depth == 0:
            return i + 1
        i += 1
    raise ValueError("unterminated declaration")


def _scan_xml(source: str, path: str) -> _Element:
    """The element tree of well-formed ``source`` (validated before), with source positions."""
    try:
        return _scan_xml_unchecked(source)
    except ValueError as exc:
        raise InputError(path, f"cannot read the XML structure ({exc})") from None


def _scan_xml_unchecked(source: str) -> _Element:
    root: _Element | None = None
    stack: list[_Element] = []
    pos = 0
    while (m := _MARKUP.search(source, pos)) is not None:
        if m.start() > pos:
            if source.find("<", pos, m.start()) >= 0:
                raise ValueError(f"unexpected '<' at offset {source.find('<', pos)}")
            if stack:
                stack[-1].children.append(_Chars(pos, m.start(), False))
        pos = m.end()
        if m.group("name") is not None:
            element = _Element(m.group("name").rsplit(":", 1)[-1], m.group("attrs"), m.start())
            if stack:
                stack[-1].children.append(element)
            elif root is None:
                root = element
            if m.group("empty"):
                element.end = m.end()
            else:
                stack.append(element)
        elif m.group("end") is not None:
            if not stack:
                raise ValueError(f"unexpected end tag at offset {m.start()}")
            stack.pop().end = m.end()
        elif m.group("cdata") is not None:
            if stack:
                stack[-1].children.append(_Chars(m.start("cdata"), m.end("cdata"), True))
        elif m.group("declaration") is not None:
            pos = _skip_declaration(source, m.start())
    if source.find("<", pos) >= 0:
        raise ValueError(f"unexpected '<' at offset {source.find('<', pos)}")
    if root is None or stack:
        raise ValueError("unbalanced elements")
    return root


def _walk(element: _Element, unit_name: str) -> Iterable[tuple[_Element, bool]]:
    """Elements named ``unit_name`` in document order, each with whether it is to be
    translated (``translate="no"`` on it or an ancestor says not). Iterative: a hostile file
    may nest elements deeper than Python's recursion limit."""
    stack = [(iter(element.elements()), True)]
    while stack:
        children, translate = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            continue
        flag = child.attrs.get("translate", "yes" if translate else "no").strip().lower() != "no"
        if child.name == unit_name:
            yield child, flag
        else:
            stack.append((iter(child.elements()), flag))


# Inline elements whose text is part of the sentence; every other inline element (<x/>, <ph>,
# <bpt>, <ept>, <it>, <ut>, <sc/>, <ec/>, <sm/>, <em/>, foreign elements) is a placeholder or
# native code and is left out, content and all.
_PAIRED_INLINE = frozenset({"g", "mrk", "pc", "hi"})


def _inline(source: str, element: _Element, path: str) -> list[Piece]:
    """The text of an XLIFF/TMX content element with inline markup removed."""
    out: list[Piece] = []
    stack = [iter(element.children)]  # iterative, like _walk
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif isinstance(child, _Chars):
            out.extend(_char_pieces(source, child, path))
        elif child.name in _PAIRED_INLINE:
            stack.append(iter(child.children))
        elif child.name == "cp":  # XLIFF 2: a code point that XML cannot carry
            try:
                out.append(Piece(chr(int(child.attrs.get("hex", ""), 16)), child.start, child.end))
            except (ValueError, OverflowError):
                pass
    return out


def _unit_id(element: _Element, attribute: str, path: str, source: str) -> str:
    value = element.attrs.get(attribute, "").strip()
    if not value:
        line, column = LineIndex(source).line_col(element.start)
        raise InputError(path, f"<{element.name}> at line {line}, column {column} has no {attribute} attribute")
    return value


def _read_xml(source: str, path: str, root_name: str) -> _Element:
    _refuse_empty(source, path)
    root = _validate_xml(source, path)
    if root != root_name:
        raise InputError(path, f"not {root_name.upper()}: the root element is <{root}>, expected <{root_name}>")
    return _scan_xml(source, path)


# --- XLIFF ------------------------------------------------------------------------------------

def read_xliff(source: str, path: str, encoding: str = "utf-8") -> Document:
    """XLIFF 1.x (``<trans-unit>``) or 2.x (``<unit>`` of ``<segment>``\\s): one block per unit
    that has a target. Units marked ``translate="no"`` and units without a target are skipped."""
    root = _read_xml(source, path, "xliff")
    if root.attrs.get("version", "").strip().startswith("2"):
        units, found = _xliff2_units(source, path, root)
        language = _language(root.attrs.get("srcLang"))
        unit_name = "<unit>"
    else:
        units, found = _xliff1_units(source, path, root)
        first_file = root.child("file")
        language = _language(first_file.attrs.get("source-language")) if first_file is not None else None
        unit_name = "<trans-unit>"
    if not units:
        raise _no_units(path, found, unit_name)
    return _document(path, "xliff", source, encoding, units, language)


def _xliff1_units(source: str, path: str, root: _Element) -> tuple[list[_Unit], int]:
    units: list[_Unit] = []
    found = 0
    for element, translate in _walk(root, "trans-unit"):
        found += 1
        unit_id = _unit_id(element, "id", path, source)
        target_element = element.child("target")
        if not translate or target_element is None:
            continue
        target = _strip(source, _inline(source, target_element, path))
        if not target:
            continue
        source_element = element.child("source")
        text = _joined(source, _inline(source, source_element, path)).strip() \
            if source_element is not None else ""
        units.append(_Unit(unit_id, text, target))
    return units, found


def _xliff2_units(source: str, path: str, root: _Element) -> tuple[list[_Unit], int]:
    units: list[_Unit] = []
    found = 0
    for element, translate in _walk(root, "unit"):
        found += 1
        unit_id = _unit_id(element, "id", path, source)
        if not translate:
            continue
        source_parts: list[str] = []
        target: list[Piece] = []
        for part in element.elements():
            if part.name not in ("segment", "ignorable"):
                continue
            source_element = part.child("source")
            if source_element is not None:
                source_parts.append(_joined(source, _inline(source, source_element, path)))
            target_element = part.child("target")
            if target_element is not None:
                _append_part(source, target, _inline(source, target_element, path))
        target = _strip(source, target)
        if target:
            units.append(_Unit(unit_id, _join_parts(source_parts).strip(), target))
    return units, found


def _append_part(source: str, pieces: list[Piece], part: list[Piece]) -> None:
    """Add a segment's pieces; between two segments that the file did not separate by
    whitespace (no <ignorable>), insert a space, so that sentences do not run together."""
    if not part:
        return
    if pieces and _needs_space(_joined(source, pieces[-1:]), _joined(source, part[:1])):
        pieces.append(Piece(" ", part[0].start, part[0].start))
    pieces.extend(part)


def _join_parts(parts: list[str]) -> str:
    out = ""
    for part in parts:
        if out and part and _needs_space(out, part):
            out += " "
        out += part
    return out


def _needs_space(before: str, after: str) -> bool:
    return bool(before) and bool(after) and not before[-1].isspace() and not after[0].isspace()


# --- TMX --------------------------------------------------------------------------------------

def read_tmx(source: str, path: str, encoding: str = "utf-8") -> Document:
    """TMX: each ``<tu>`` with a source-language and a target ``<tuv>`` is a unit. The target is
    a variant whose language is not the header's ``srclang`` (English preferred); the unit id is
    the ``tuid`` attribute or the 1-based position of the ``<tu>`` in the file."""
    root = _read_xml(source, path, "tmx")
    header = root.child("header")
    srclang = header.attrs.get("srclang", "") if header is not None else ""
    srclang = "" if srclang.strip().lower() == "*all*" else srclang
    body = root.child("body")
    units: list[_Unit] = []
    found = 0
    language = _language(srclang)
    for index, (tu, _) in enumerate(_walk(body, "tu") if body is not None else (), start=1):
        found += 1
        unit_id = tu.attrs.get("tuid", "").strip() or str(index)
        variants = [(v.attrs.get("xml:lang") or v.attrs.get("lang") or "", v) for v in tu.elements("tuv")]
        pair = _tmx_pair(variants, srclang)
        if pair is None:
            continue
        (source_lang, source_tuv), (_, target_tuv) = pair
        target = _strip(source, _tuv_pieces(source, target_tuv, path))
        if not target:
            continue
        if language is None:
            language = _language(source_lang)
        units.append(_Unit(unit_id, _joined(source, _tuv_pieces(source, source_tuv, path)).strip(), target))
    if not units:
        raise _no_units(path, found, "<tu>")
    return _document(path, "tmx", source, encoding, units, language)


def _same_language(a: str, b: str) -> bool:
    return _language(a) is not None and _language(a) == _language(b)


def _tmx_pair(variants: list[tuple[str, _Element]], srclang: str):
    """``((lang, source tuv), (lang, target tuv))`` of a unit, or None."""
    if len(variants) < 2:
        return None
    if srclang:
        sources = [v for v in variants if _same_language(v[0], srclang)]
        targets = [v for v in variants if not _same_language(v[0], srclang)]
        if not sources or not targets:
            return None
        source = sources[0]
    else:  # srclang "*all*" or missing: the first variant that is not the target is the source
        targets = variants[1:]
        source = None
    target = next((v for v in targets if _language(v[0]) == "en"), targets[0])
    if source is None:
        source = next(v for v in variants if v[1] is not target[1])
    return source, target


def _tuv_pieces(source: str, tuv: _Element, path: str) -> list[Piece]:
    seg = tuv.child("seg")
    return _inline(source, seg, path) if seg is not None else []


# --- gettext PO -------------------------------------------------------------------------------

_LINE = re.compile(r"[^\r\n]*")
_PO_KEYWORD = re.compile(r"[ \t]*(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)[ \t]*(?=\")")
_PO_STRING = re.compile(r"[ \t]*\"((?:[^\"\\]|\\.)*)\"[ \t]*$")
_PO_ESCAPE = re.compile(r"\\(\\|n|t|r|v|b|f|\")")  # exactly polib's escapes: others stay as written
_PO_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "\\": "\\", '"': '"'}


@dataclass
class _PoEntry:
    line: int  # of its first keyword
    fields: dict[str, list[Piece]] = field(default_factory=dict)
    msgid_line: int = 0


def _lines(source: str) -> Iterable[tuple[int, int, int]]:
    """``(line number, start, end)`` of every line, without its line break (CRLF, CR or LF)."""
    pos, number = 0, 1
    while pos <= len(source):
        m = _LINE.match(source, pos)
        yield number, pos, m.end()
        nxt = m.end() + (2 if source.startswith("\r\n", m.end()) else 1)
        pos, number = nxt, number + 1


def _po_pieces(source: str, start: int, end: int) -> Iterable[Piece]:
    pos = start
    for m in _PO_ESCAPE.finditer(source, start, end):
        if m.start() > pos:
            yield Piece(None, pos, m.start())
        yield Piece(_PO_ESCAPES[m.group(1)], m.start(), m.end())
        pos = m.end()
    if end > pos:
        yield Piece(None, pos, end)


def _scan_po(source: str, path: str) -> list[_PoEntry]:
    """The non-obsolete entries of a PO file with the positions of their strings."""
    entries: list[_PoEntry] = []
    current: _PoEntry | None = None
    strings: list[Piece] | None = None  # the field that continuation lines extend
    for number, start, end in _lines(source):
        line = source[start:end]
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):  # comments, obsolete entries (#~)
            strings = None
            continue
        keyword = _PO_KEYWORD.match(source, start, end)
        if keyword:
            name = keyword.group(1)
            if name == "msgctxt" or (name == "msgid" and (current is None or "msgid" in current.fields)):
                current = _PoEntry(number)
                entries.append(current)
            if current is None or name in current.fields:
                raise InputError(path, f"malformed PO at line {number}: unexpected {name}")
            if name == "msgid":
                current.msgid_line = number
            strings = current.fields[name] = []
            at = keyword.end()
        elif stripped.startswith('"') and strings is not None:
            at = start
        else:
            raise InputError(path, f"malformed PO at line {number}: expected a keyword or a quoted string")
        string = _PO_STRING.match(source, at, end)
        if string is None:
            raise InputError(path, f"malformed PO at line {number}: expected one quoted string")
        strings.extend(_po_pieces(source, string.start(1), string.end(1)))
    return entries


def _polib_error(message: str) -> str:
    """polib's "Syntax error in po file (line 3): unescaped double quote found", reworded."""
    m = re.search(r"\(line (\d+)\)(?::\s*(.+))?", message)
    if m is None:
        return f"malformed PO: {message}"
    return f"malformed PO at line {m.group(1)}: {m.group(2) or 'syntax error'}"


def _check_same(path: str, source: str, mine: _PoEntry, entry) -> None:
    """Our scan of an entry must read what polib reads, or its positions cannot be trusted."""
    ours = {k: _joined(source, v) for k, v in mine.fields.items()}
    theirs = {"msgctxt": entry.msgctxt, "msgid": entry.msgid}
    if entry.msgid_plural:
        theirs["msgid_plural"] = entry.msgid_plural
        theirs.update((f"msgstr[{k}]", v) for k, v in entry.msgstr_plural.items())
    else:
        theirs["msgstr"] = entry.msgstr
    if any(ours.get(k, "" if v is not None else None) != v for k, v in theirs.items()):
        raise InputError(path, f"malformed PO at line {mine.line}: the entry does not read as polib reads it")


def read_po(source: str, path: str, encoding: str = "utf-8") -> Document:
    """gettext PO: every translated ``msgstr`` (each plural form ``msgstr[N]`` apart) is a unit;
    the header entry, obsolete (``#~``) and untranslated entries are skipped. Fuzzy entries are
    kept: machine translation is often marked fuzzy for review."""
    import polib

    _refuse_empty(source, path)
    # A string that names an existing file is read from that file by polib: a trailing comment
    # with a NUL character (no path has one) makes sure it is taken as content.
    try:
        parsed = polib.pofile(source + "\n# \x00")
    except (OSError, ValueError) as exc:
        raise InputError(path, _polib_error(str(exc))) from None
    theirs = [e for e in parsed if not e.obsolete]
    ours = [e for e in _scan_po(source, path) if _joined(source, e.fields.get("msgid", [])) != ""
            or "msgctxt" in e.fields]  # the header entry is no unit
    if len(theirs) != len(ours):
        raise InputError(path, f"malformed PO: {len(ours)} entries found, but polib reads {len(theirs)}")
    units: list[_Unit] = []
    for mine, entry in zip(ours, theirs):
        _check_same(path, source, mine, entry)
        base = entry.msgctxt if entry.msgctxt is not None else f"line {mine.msgid_line}"
        if entry.msgid_plural:
            forms = sorted((int(k[7:-1]), v) for k, v in mine.fields.items() if k.startswith("msgstr["))
            for n, pieces in forms:
                target = _strip(source, pieces)
                if target:
                    units.append(_Unit(f"{base}[{n}]", entry.msgid if n == 0 else entry.msgid_plural, target))
        else:
            target = _strip(source, mine.fields.get("msgstr", []))
            if target:
                units.append(_Unit(base, entry.msgid, target))
    if not units:
        raise _no_units(path, len(theirs), "PO entries")
    # The "Language" header names the translation's language, not the source's.
    language = _language(parsed.metadata.get("X-Source-Language"))
    return _document(path, "po", source, encoding, units, language)


# --- JSON Lines -------------------------------------------------------------------------------

_JSON_SPACE = re.compile(r"[ \t\r\n]*")
_JSON_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})(?:\\u([dD][c-fC-F][0-9a-fA-F]{2}))?|([\"\\/bfnrt]))")
_JSON_SIMPLE = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_KEYS = {
    "source": ("src", "source"),
    "target": ("mt", "target", "hyp"),
    "reference": ("ref", "reference"),
}


def _json_pieces(line: str, start: int, end: int, offset: int) -> list[Piece]:
    """Pieces of the JSON string literal ``line[start:end]`` (quotes excluded); positions are
    shifted by ``offset`` (where the line starts in the file). An escape is one atomic piece; a
    surrogate pair of escapes is one piece standing for its one character; a lone surrogate
    becomes U+FFFD (it cannot be written out as UTF-8)."""
    out: list[Piece] = []
    pos = start
    for m in _JSON_ESCAPE.finditer(line, start, end):
        if m.start() > pos:
            out.append(Piece(None, offset + pos, offset + m.start()))
        if m.group(3):
            text = _JSON_SIMPLE[m.group(3)]
        else:
            high = int(m.group(1), 16)
            if m.group(2) and 0xD800 <= high <= 0xDBFF:
                text = chr(0x10000 + ((high - 0xD800) << 10) + (int(m.group(2), 16) - 0xDC00))
            elif m.group(2):  # not a pair after all: two separate characters in one piece
                text = _SURROGATE.sub("\ufffd", chr(high) + chr(int(m.group(2), 16)))
            else:
                text = _SURROGATE.sub("\ufffd", chr(high))
        out.append(Piece(text, offset + m.start(), offset + m.end()))
        pos = m.end()
    if end > pos:
        out.append(Piece(None, offset + pos, offset + end))
    return out


def _json_members(line: str, number: int, path: str) -> dict[str, tuple[object, int, int]]:
    """The members of the JSON object on ``line``: name -> (value, start, end of its literal)."""
    decoder = json.JSONDecoder()

    def fail(why: str) -> InputError:
        return InputError(path, f"line {number}: {why}")

    def value_at(pos: int) -> tuple[object, int]:
        try:
            return decoder.raw_decode(line, pos)
        except json.JSONDecodeError as exc:
            raise fail(f"invalid JSON ({exc.msg} at column {exc.colno})") from None

    try:
        whole = json.loads(line)
    except json.JSONDecodeError as exc:
        raise fail(f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(whole, dict):
        raise fail(f"expected a JSON object, found {type(whole).__name__}")
    members: dict[str, tuple[object, int, int]] = {}
    pos = _JSON_SPACE.match(line).end() + 1  # after "{"
    while True:
        pos = _JSON_SPACE.match(line, pos).end()
        if line[pos] == "}":
            break
        name, pos = value_at(pos)
        pos = _JSON_SPACE.match(line, pos).end() + 1  # after ":"
        start = _JSON_SPACE.match(line, pos).end()
        value, pos = value_at(start)
        members[name] = (value, start, pos)
        pos = _JSON_SPACE.match(line, pos).end()
        if line[pos] == "}":
            break
        pos += 1  # after ","
    return members


def read_jsonl(source: str, path: str, encoding: str = "utf-8") -> Document:
    """JSON Lines: one object a line with ``src`` (or ``source``), ``mt`` (or ``target``,
    ``hyp``), optionally ``ref`` (or ``reference``) and ``id``. Blank lines are skipped; a line
    whose ``mt`` is empty is an untranslated unit and skipped too."""
    _refuse_empty(source, path)
    units: list[_Unit] = []
    found = 0
    # Lines end at CR or LF only: JSON strings may hold U+2028 unescaped, which str.splitlines
    # would take for a line break.
    for number, start, end in _lines(source):
        line = source[start:end]
        if not line.strip():
            continue
        found += 1
        members = _json_members(line, number, path)
        fields = {}
        for role, names in _JSON_KEYS.items():
            name = next((k for k in names if k in members), None)
            if name is None:
                fields[role] = None
                continue
            value = members[name]
            if not isinstance(value[0], str):
                raise InputError(path, f"line {number}: {name!r} must be a string")
            fields[role] = value
        for role in ("source", "target"):
            if fields[role] is None:
                raise InputError(path, f"line {number}: no {' or '.join(repr(k) for k in _JSON_KEYS[role])} field")
        unit_id = f"line {number}"
        if "id" in members:
            raw_id = members["id"][0]
            if not isinstance(raw_id, (str, int)) or isinstance(raw_id, bool) or str(raw_id).strip() == "":
                raise InputError(path, f"line {number}: 'id' must be a non-empty string or an integer")
            unit_id = str(raw_id)
        value, value_start, value_end = fields["target"]
        pieces = _json_pieces(line, value_start + 1, value_end - 1, start)
        if _joined(source, pieces) != _SURROGATE.sub("\ufffd", value):  # pragma: no cover - a bug here
            raise InputError(path, f"line {number}: cannot locate the target text in the line")
        target = _strip(source, pieces)
        if not target:
            continue
        reference = fields["reference"][0] if fields["reference"] is not None else None
        units.append(_Unit(unit_id, _SURROGATE.sub("\ufffd", fields["source"][0]).strip(), target,
                           _SURROGATE.sub("\ufffd", reference) if reference is not None else None))
    if not units:
        raise _no_units(path, found, "JSON lines")
    return _document(path, "jsonl", source, encoding, units, None)


# --- dispatch ---------------------------------------------------------------------------------

READERS: dict[str, Callable[[str, str, str], Document]] = {
    "xliff": read_xliff,
    "tmx": read_tmx,
    "po": read_po,
    "jsonl": read_jsonl,
}


def read_bilingual(source: str, path: str, fmt: str, encoding: str = "utf-8") -> Document:
    """Read decoded ``source`` as ``fmt`` (one of :data:`READERS`)."""
    try:
        reader = READERS[fmt]
    except KeyError:
        raise ValueError(f"unknown bilingual format {fmt!r}") from None
    return reader(source, path, encoding)


# --- plain source and target files ------------------------------------------------------------

@dataclass(frozen=True)
class Pairing:
    """The result of :func:`align_with_source`.

    ``level`` is ``"paragraph"`` or ``"line"``: what was aligned. ``unaligned_target`` counts the
    target units after the last aligned one (they have no segment: text the source does not
    have); ``unaligned_source`` counts the source units after the last aligned one (left out).
    """

    document: Document
    level: str
    unaligned_target: int
    unaligned_source: int


_NONEMPTY_LINE = re.compile(r"[^\r\n]+")


def _source_paragraphs(text: str) -> list[str]:
    paragraphs: list[str] = []
    lines: list[str] = []
    for line in re.split(r"\r\n|\r|\n", text):
        if line.strip():
            lines.append(line.strip())
        elif lines:
            paragraphs.append("\n".join(lines))
            lines = []
    if lines:
        paragraphs.append("\n".join(lines))
    return paragraphs


def _source_lines(text: str) -> list[str]:
    return [line.strip() for line in re.split(r"\r\n|\r|\n", text) if line.strip()]


def _target_lines(text: str) -> list[Range]:
    out: list[Range] = []
    for m in _NONEMPTY_LINE.finditer(text):
        line = m.group(0)
        if line.strip():
            lead = len(line) - len(line.lstrip())
            out.append(Range(m.start() + lead, m.start() + len(line.rstrip())))
    return out


def align_with_source(doc: Document, source_text: str, source_language: str | None = None) -> Pairing:
    """Align the blocks of ``doc`` (the target) with the paragraphs of ``source_text`` (split at
    blank lines). When their counts differ, the non-empty lines of both are tried; when those
    differ too, the first min(n, m) paragraphs are paired and the rest left unaligned."""
    targets = [b.range for b in doc.blocks]
    sources = _source_paragraphs(source_text)
    level = "paragraph"
    if len(targets) != len(sources):
        target_lines, source_lines = _target_lines(doc.text), _source_lines(source_text)
        if target_lines and len(target_lines) == len(source_lines):
            targets, sources, level = target_lines, source_lines, "line"
    n = min(len(targets), len(sources))
    segments = tuple(Segment(str(i + 1), sources[i], targets[i]) for i in range(n))
    paired = dataclasses.replace(doc, segments=segments,
                                 source_language=source_language or doc.source_language)
    return Pairing(paired, level, len(targets) - n, len(sources) - n)


def pair_with_source(doc: Document, source_text: str, source_language: str | None = None) -> Document:
    """``doc`` with ``segments`` pairing its paragraphs (or lines) with those of
    ``source_text``; see :func:`align_with_source` for the counts of what stayed unaligned."""
    return align_with_source(doc, source_text, source_language).document


def detect_language(texts: list[str], sample_chars: int = 2000) -> str | None:
    """The language of ``texts`` (the source side of a bilingual input) as langdetect's code
    ("de"), from their first ``sample_chars`` characters; None when it cannot tell. Seeded, so
    the same text always gets the same answer."""
    sample = " ".join(texts)[:sample_chars].strip()
    if not sample:
        return None
    from langdetect.lang_detect_exception import LangDetectException

    from .langid import detect_langs

    try:
        langs = detect_langs(sample)
    except LangDetectException:
        return None
    return langs[0].lang if langs and langs[0].prob >= 0.8 else None
