"""Applying fixes: non-overlapping edits, by applicability."""
from __future__ import annotations

from typing import Iterable

from .finding import Applicability, Edit, Finding


def apply_fixes(source: str, findings: Iterable[Finding],
                minimum: Applicability = Applicability.SAFE) -> tuple[str, int]:
    """Apply the fixes at or above ``minimum`` applicability; a fix overlapping one already
    taken is left for a later pass. Returns the new text and the number of fixes applied."""
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
        out.append(e.replacement)
        pos = e.range.end
    out.append(source[pos:])
    return "".join(out), applied


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.range.start == a.range.end == b.range.start == b.range.end:
        return True
    return a.range.start < b.range.end and b.range.start < a.range.end
