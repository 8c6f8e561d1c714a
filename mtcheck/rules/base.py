"""What a rule is: metadata, a check function whose docstring is its documentation, and the
small context it runs in."""
from __future__ import annotations

import inspect
import re
from bisect import bisect_right
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable, Generic, Iterable, Iterator, Mapping, TypeVar

from ..document import Block, Document
from ..finding import Applicability, Category, Edit, Finding, Fix, Severity

if TYPE_CHECKING:  # spaCy is imported lazily, only when a rule needs tokens
    from spacy.tokens import Doc

CODE_RE = re.compile(r"^[A-Z]{2}\d{3}$")
NAME_RE = re.compile(r"^[a-z]+(?:-[a-z0-9]+)*$")
DOC_SECTIONS = ("What it flags", "Why it matters", "Example", "Fix safety", "Data")

# How much per-document work a Context keeps for reuse by later rules. A normal article fits
# whole; in a huge file only the first blocks or slices are kept and the rest are computed again
# when asked, so memory stays bounded (the values are the same either way).
PER_BLOCK_BUDGET = 500_000  # characters of prose whose per-block values are kept
SLICE_BUDGET = 1_000  # spaCy Docs of slices kept
TAG_BATCH = 64  # sentences tagged together (bounded, for a huge document with many candidates)

# Slice kinds in Context._slices, and the tagger components that only set universal POS (pos_).
_POS, _PENN = "POS tags", "Penn tags"
_UNIVERSAL_PIPES = ("morphologizer",)

V = TypeVar("V")


class FixAvailability(Enum):
    NONE = "none"
    SOMETIMES = "sometimes"
    ALWAYS = "always"


@dataclass(frozen=True)
class RuleMeta:
    code: str
    name: str
    category: Category
    severity: Severity
    fix: FixAvailability = FixAvailability.NONE
    needs: frozenset[str] = frozenset()  # annotations: "tokens" (spaCy tokens, sentences, lemmas)
    data: tuple[str, ...] = ()  # data files it reads, under mtcheck/rules/data


@dataclass(frozen=True)
class Rule:
    meta: RuleMeta
    check: Callable[["Context"], Iterable[Finding]]

    @property
    def code(self) -> str:
        return self.meta.code

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.check) or ""

    @property
    def summary(self) -> str:
        return self.doc.split("\n", 1)[0].strip()


def rule(code: str, name: str, category: Category, severity: Severity, *,
         fix: FixAvailability = FixAvailability.NONE, needs: Iterable[str] = (),
         data: Iterable[str] = ()) -> Callable[[Callable[["Context"], Iterable[Finding]]], Rule]:
    """Wrap a check function into a :class:`Rule`. Registration is explicit, in ``rules/__init__``."""

    def wrap(fn: Callable[["Context"], Iterable[Finding]]) -> Rule:
        return Rule(RuleMeta(code, name, category, severity, fix, frozenset(needs), tuple(data)), fn)

    return wrap


@dataclass
class Context:
    """What a check sees: the document, lazily its spaCy Doc, and a factory for findings.

    Rules report ranges in ``doc.text`` (the prose view); :meth:`flag` maps them to the source.
    This is the only place where coordinates change.
    """

    doc: Document
    options: Mapping[str, Any] = field(default_factory=dict)
    nlp_factory: Callable[[], Any] | None = None
    rule: Rule | None = None

    @property
    def text(self) -> str:
        return self.doc.text

    tagger_factory: Callable[[], Any] | None = None
    _slices: dict = field(default_factory=dict, repr=False)
    _shared: dict = field(default_factory=dict, repr=False)

    @cached_property
    def _block_starts(self) -> list[int]:
        return [b.range.start for b in self.doc.blocks]

    def shared(self, key: Callable[["Context"], Any]) -> Any:
        """``key(ctx)`` computed once per document and shared by the rules that ask for it
        (e.g. a family's own tokenisation, used by each of its rules)."""
        if key not in self._shared:
            self._shared[key] = key(self)
        return self._shared[key]

    @cached_property
    def spacy_doc(self) -> "Doc":
        """spaCy Doc (tokens, sentences, lookup lemmas) over the whole prose view."""
        if self.nlp_factory is None:
            raise RuntimeError("this rule needs tokens, but no spaCy pipeline was given")
        return self.nlp_factory()(self.doc.text)

    def parse(self, start: int, end: int) -> "Doc":
        """spaCy Doc (tokens, lookup lemmas) of ``text[start:end]`` only; token ``idx`` is
        relative to ``start``. Cached, so rules asking for the same slice share it. Cheaper
        than :attr:`spacy_doc` when a rule has picked a few candidate sentences."""
        return self._slice("tokens", self.nlp_factory, start, end)

    def tagged(self, start: int, end: int, *, universal: bool = True) -> "Doc":
        """Like :meth:`parse`, with POS tags (``tag_`` Penn, ``pos_`` universal) from the tagger.
        Call it only on candidate sentences: tagging costs far more than tokenising.
        ``universal=False`` promises to read only ``tag_``: the packaged tagger then skips its
        morphologizer, the component that sets ``pos_``."""
        return next(self.tagged_each([(start, end)], universal=universal))

    def tagged_each(self, spans: Iterable[tuple[int, int]], *, universal: bool = True) -> Iterator["Doc"]:
        """:meth:`tagged` for each ``(start, end)`` span, in order. The spans not tagged yet go
        through the tagger in batches, which is cheaper than one at a time."""
        spans = list(spans)
        found = [self._tagged_before(s, e, universal) for s, e in spans]
        todo = [span for span, doc in zip(spans, found) if doc is None]
        fresh = self._tag(todo, universal) if todo else iter(())
        what = _POS if universal else _PENN
        for (s, e), doc in zip(spans, found):
            if doc is None:
                doc = next(fresh)
                self._keep((what, s, e), doc)
            yield doc

    def _tag(self, spans: list[tuple[int, int]], universal: bool) -> Iterator["Doc"]:
        if self.tagger_factory is None:
            raise RuntimeError("this rule needs POS tags, but no pipeline for them was given")
        from ..tagger import tag_texts

        nlp, text = self.tagger_factory(), self.doc.text
        disable = () if universal else _UNIVERSAL_PIPES
        return (doc for k in range(0, len(spans), TAG_BATCH)
                for doc in tag_texts(nlp, [text[s:e] for s, e in spans[k:k + TAG_BATCH]], disable=disable))

    def _tagged_before(self, start: int, end: int, universal: bool) -> "Doc | None":
        doc = self._slices.get((_POS, start, end))
        if doc is None and not universal:
            doc = self._slices.get((_PENN, start, end))
        return doc

    def _slice(self, what: str, factory: Callable[[], Any] | None, start: int, end: int) -> "Doc":
        key = (what, start, end)
        doc = self._slices.get(key)
        if doc is None:
            if factory is None:
                raise RuntimeError(f"this rule needs {what}, but no pipeline for them was given")
            doc = factory()(self.doc.text[start:end])
            self._keep(key, doc)
        return doc

    def _keep(self, key: tuple[str, int, int], doc: "Doc") -> None:
        if len(self._slices) < SLICE_BUDGET:
            self._slices[key] = doc

    def blocks(self, *kinds: str) -> Iterator[tuple[Block, str]]:
        for block in self.doc.blocks:
            if not kinds or block.kind in kinds:
                yield block, self.doc.text[block.range.start:block.range.end]

    def block_at(self, offset: int) -> Block | None:
        """The block whose range holds prose-view ``offset``, or None (found by bisection, so
        asking for every candidate of a huge document stays cheap)."""
        k = bisect_right(self._block_starts, offset) - 1
        if k >= 0 and offset < self.doc.blocks[k].range.end:
            return self.doc.blocks[k]
        return None

    def per_block(self, fn: Callable[["Context", Block], V]) -> "PerBlock[V]":
        """``fn(ctx, block)`` for the blocks of this document, as a mapping computed on demand
        and shared by the rules that ask for the same ``fn`` (like :meth:`shared`). Unlike a
        dict built for every block, it keeps at most about ``PER_BLOCK_BUDGET`` characters'
        worth of values, so a rule family's per-word data of a huge file is not all held at
        once."""
        return self.shared(_PerBlockKey(fn))

    def is_verbatim(self, start: int, end: int) -> bool:
        """Whether prose-view ``[start, end)`` is exactly what the source has there (no markup,
        entity or collapsed whitespace in between)."""
        src = self.doc.to_source(start, end)
        return self.doc.source[src.start:src.end] == self.doc.text[start:end]

    def flag(self, start: int, end: int, message: str, *, suggestion: str | None = None,
             replacement: str | None = None, edits: Iterable[tuple[int, int, str]] | None = None,
             applicability: Applicability = Applicability.SAFE,
             severity: Severity | None = None) -> Finding:
        """Make a finding over prose-view range ``[start, end)``.

        ``replacement`` replaces the whole range; ``edits`` gives several (start, end, text)
        edits in prose-view offsets. A fix whose range does not map to identical source text
        (it crosses markup or an entity) is demoted to display-only, so it is never applied.
        """
        assert self.rule is not None
        meta = self.rule.meta
        rng = self.doc.to_source(start, end)
        fix = None
        if replacement is not None:
            edits = [(start, end, replacement)]
        if edits:
            out = []
            for a, b, rep in sorted(edits):
                if not self.is_verbatim(a, b):
                    applicability = Applicability.DISPLAY
                out.append(Edit(self.doc.to_source(a, b), rep))
            fix = Fix(tuple(out), applicability)
        return Finding(meta.code, meta.name, meta.category, severity or meta.severity, rng,
                       message, suggestion, fix)


@dataclass(frozen=True)
class _PerBlockKey:
    """The :meth:`Context.shared` key of a :meth:`Context.per_block` mapping."""

    fn: Callable[[Context, Block], Any]

    def __call__(self, ctx: Context) -> "PerBlock":
        return PerBlock(ctx, self.fn)


class PerBlock(MappingABC, Generic[V]):
    """Block -> ``fn(ctx, block)``, computed when first asked. Values are remembered for the
    first blocks asked, up to ``PER_BLOCK_BUDGET`` characters of block text; later blocks are
    computed again on every request. Rules sweep the document in order, one rule after another,
    so keeping the first blocks (rather than the latest) is what the next rule can reuse."""

    def __init__(self, ctx: Context, fn: Callable[[Context, Block], V]) -> None:
        self._ctx = ctx
        self._fn = fn
        self._left = PER_BLOCK_BUDGET  # characters of block text whose values may still be kept
        # Keyed by id(), with the block kept beside its value (so the id cannot be reused by
        # another object): hashing the Block dataclass cost more than the lookup, and rules ask
        # hundreds of thousands of times on a large corpus.
        self._kept: dict[int, tuple[Block, V]] = {}

    def __getitem__(self, block: Block) -> V:
        kept = self._kept.get(id(block))
        if kept is not None and kept[0] is block:
            return kept[1]
        value = self._fn(self._ctx, block)
        size = block.range.end - block.range.start
        if size <= self._left:
            self._kept[id(block)] = (block, value)
            self._left -= size
        return value

    def __contains__(self, block: object) -> bool:
        return isinstance(block, Block) and self._ctx.block_at(block.range.start) == block

    def __iter__(self) -> Iterator[Block]:
        return iter(self._ctx.doc.blocks)

    def __len__(self) -> int:
        return len(self._ctx.doc.blocks)

