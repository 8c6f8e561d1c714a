"""ID201: section headings of German online magazines translated word for word
("Backgrounds", "Classification", "Voices", "My opinion")."""
from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ..finding import Applicability, Category, Finding, Severity
from .base import Context, FixAvailability, rule

DATA = "headings.tsv"
COLUMNS = ("german", "literal", "idiomatic", "scope")
SCOPES = ("heading", "label")

# What may follow a heading label: a colon or a dash and a title ("Backgrounds: Meta's AI strategy").
_SEPARATOR = re.compile(r"\s*(?:[:|]|\s[-–—])")


@dataclass(frozen=True)
class Heading:
    german: str
    literal: str
    idiomatic: str
    scope: str  # "heading": only on a heading line; "label": also "Label:" opening a paragraph


def _norm(s: str) -> str:
    return s.replace("’", "'").lower()


@cache
def load_headings() -> tuple[Heading, ...]:
    from . import data_path

    with data_path(DATA).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t",
                                quoting=csv.QUOTE_NONE)
        return tuple(Heading(r["german"], r["literal"], r["idiomatic"], r["scope"]) for r in reader)


@cache
def _by_first_word() -> dict[str, tuple[Heading, ...]]:
    out: dict[str, list[Heading]] = {}
    for h in load_headings():
        out.setdefault(_norm(h.literal.split()[0]), []).append(h)
    # longest literal first, so "The most important things in brief" wins over a shorter one
    return {k: tuple(sorted(v, key=lambda h: -len(h.literal))) for k, v in out.items()}


_FIRST_WORD = re.compile(r"[\w’']+")


def _match(btext: str, heading_line: bool) -> Heading | None:
    """The table row that ``btext`` opens with, as a whole heading or as a label before a colon."""
    first = _FIRST_WORD.match(btext)
    if not first:
        return None
    for h in _by_first_word().get(_norm(first.group(0)), ()):
        n = len(h.literal)
        if _norm(btext[:n]) != _norm(h.literal):
            continue
        rest = btext[n:]
        if rest.strip() in ("", ":"):
            return h  # the heading alone ("Classification", "Voices:")
        if heading_line and _SEPARATOR.match(rest):
            return h  # "Backgrounds: Meta's AI strategy"
        if h.scope == "label" and re.match(r"\s*:\s*\S", rest):
            return h  # "My opinion: “What looks like ...”"
    return None


@rule("ID201", "literal-section-heading", Category.LITERAL, Severity.MINOR, fix=FixAvailability.SOMETIMES,
      data=(DATA,))
def literal_section_heading(ctx: Context) -> Iterator[Finding]:
    """A German magazine's set section heading translated word for word: "Backgrounds", "Voices".

    ## What it flags
    A heading, or a short label before a colon, that is the literal translation of a standing
    section heading of German online magazines: "Backgrounds" (Hintergründe), "Classification"
    (Einordnung), "Voices" (Stimmen), "My opinion" (Meine Meinung), "Our conclusion" (Unser
    Fazit), "Our tip" (Unser Tipp), "Facts at a glance" (Fakten im Überblick), "The most
    important in brief" (Das Wichtigste in Kürze), "Background knowledge"
    (Hintergrundwissen), "Current" (Aktuell), "Pro and contra", "To the person" (Zur Person),
    ... It must be the whole heading, or open a heading before a colon or dash ("Backgrounds:
    Meta's AI strategy"); labels such as "My opinion:" are also flagged at the start of a
    paragraph. Headings that English uses too pass ("Conclusion", "Outlook", "Background",
    "Voices of the Revolution"); "Also interesting" is boilerplate (BP003).

    ## Why it matters
    These headings structure every article of a German site; translated word for word they
    are wrong ("Backgrounds", "Classification") or odd ("Voices") in English and show at once
    that nobody edited the text.

    ## Example
    Flagged: Backgrounds: Meta's AI strategy
    Use instead: Background: Meta's AI strategy

    ## Fix safety
    Unsafe when the table gives one English heading ("Backgrounds" → "Background"); several
    alternatives ("Analysis / Context") are a suggestion only.

    ## Data
    `headings.tsv`: German heading, literal translation, idiomatic English heading(s), scope
    (heading line only, or also a paragraph label).
    """
    for block, btext in ctx.blocks("heading", "paragraph"):
        if len(btext) > 400 and block.kind == "paragraph" and ":" not in btext[:60]:
            continue
        h = _match(btext, block.kind == "heading")
        if h is None:
            continue
        start = block.range.start
        end = start + len(h.literal)
        found = ctx.text[start:end]
        message = f"“{found}” is the German section heading “{h.german}” word for word"
        if " / " in h.idiomatic:
            yield ctx.flag(start, end, message, suggestion=h.idiomatic)
        else:
            yield ctx.flag(start, end, message, suggestion=h.idiomatic, replacement=h.idiomatic,
                           applicability=Applicability.UNSAFE)


RULES = (literal_section_heading,)
