"""The rule registry: one explicit table of every rule, and selection by code or prefix."""
from __future__ import annotations

from importlib import resources
from typing import Iterable

from . import (boilerplate, calques, casing, false_friends, headings, hyphens, idioms, locale,
               punctuation, repetition, source, untranslated, word_order)
from .base import Rule

ALL_RULES: tuple[Rule, ...] = (
    *hyphens.RULES,
    *punctuation.RULES,
    *locale.RULES,
    *repetition.RULES,
    *boilerplate.RULES,
    *idioms.RULES,
    *calques.RULES,
    *headings.RULES,
    *false_friends.RULES,
    *untranslated.RULES,
    *casing.RULES,
    *word_order.RULES,
    *source.RULES,
)
REGISTRY: dict[str, Rule] = {r.code: r for r in ALL_RULES}
FAMILIES = {
    "HY": "hyphens, dashes, fused and split words",
    "PU": "punctuation and quotation marks",
    "LC": "locale conventions: numbers, currency, dates",
    "RP": "repetition and duplication",
    "BP": "boilerplate and generated text",
    "ID": "literal idioms, calques of German constructions, literal section headings",
    "FF": "false friends and pseudo-anglicisms",
    "UT": "untranslated German",
    "CA": "capitalisation and casing",
    "WO": "German word order",
    "SR": "source-aware checks: numbers, names, omissions and additions against the German source",
}


class UnknownSelector(ValueError):
    pass


def _check_selector(selector: str) -> str:
    sel = selector.strip().upper()
    if sel == "ALL" or any(code.startswith(sel) for code in REGISTRY):
        return sel
    by_name = {r.meta.name: r.code for r in ALL_RULES}
    if selector.strip().lower() in by_name:
        return by_name[selector.strip().lower()]
    raise UnknownSelector(f"unknown rule code or prefix: {selector!r} (see `mtcheck rules`)")


def _specificity(code: str, selectors: Iterable[str]) -> int:
    """Length of the longest selector matching ``code`` (ALL = 0), or -1 when none matches."""
    best = -1
    for sel in selectors:
        if sel == "ALL":
            best = max(best, 0)
        elif code.startswith(sel):
            best = max(best, len(sel))
    return best


def select_rules(select: Iterable[str] = ("ALL",), ignore: Iterable[str] = (),
                 extend_select: Iterable[str] = ()) -> tuple[Rule, ...]:
    """Rules chosen by ``select`` + ``extend_select`` minus ``ignore``; as in ruff, the more
    specific selector wins (``--select HY --ignore HY001`` drops HY001 only, and
    ``--ignore HY --select HY001`` keeps HY001)."""
    positive = [_check_selector(s) for s in (*select, *extend_select)]
    negative = [_check_selector(s) for s in ignore]
    chosen = []
    for r in ALL_RULES:
        pos = _specificity(r.code, positive)
        if pos >= 0 and pos > _specificity(r.code, negative):
            chosen.append(r)
    return tuple(chosen)


def code_matches(code: str, selectors: Iterable[str]) -> bool:
    return _specificity(code, [s.upper() for s in selectors]) >= 0


def data_path(name: str):
    return resources.files("mtcheck.rules") / "data" / name
