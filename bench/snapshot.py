#!/usr/bin/env python3
"""Dump every finding mtcheck makes on a fixed set of inputs, one line per finding, so that a
speed-up can be checked to change nothing: run it before and after, then ``cmp`` the files.

    python bench/snapshot.py > /tmp/before.txt
    ... edit ...
    python bench/snapshot.py > /tmp/after.txt && cmp /tmp/before.txt /tmp/after.txt

Inputs: the WMT21 de-en system outputs and both references (25-line articles, as bench/run.py
builds them), clean-en (25-line articles) and every file under fixtures/ that mtcheck reads.
"""
from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from corpus import articles_from_lines, clean_en_lines  # noqa: E402


def inputs():
    shared = REPO.parent / "shared" / "corpora"
    wmt = shared / "wmt21-deen"
    for f in sorted((wmt / "systems").glob("*.en")) + sorted(wmt.glob("*.ref.*.en")):
        yield from articles_from_lines(f.stem, f.read_text(encoding="utf-8").splitlines())
    yield from articles_from_lines("clean-en", clean_en_lines(shared / "clean-en"))


def main() -> int:
    from mtcheck import readers
    from mtcheck.config import Settings
    from mtcheck.lint import Linter

    linter = Linter(Settings())
    out = sys.stdout
    docs = [readers.read_plain(text, name) for name, text in inputs()]
    for path in sorted(p for p in (REPO / "fixtures").rglob("*") if p.is_file()):
        if path.suffix.lower() in (".txt", ".md", ".markdown", ".html", ".htm"):
            try:
                docs.append(readers.read_file(str(path.relative_to(REPO))))
            except readers.InputError:
                continue
    for doc in docs:
        result = linter.check_document(doc)
        out.write(f"# {doc.path} words={result.stats.words} score={result.score!r}\n")
        for f in result.findings:
            out.write(repr(f) + "\n")
    return 0


if __name__ == "__main__":
    import os
    os.chdir(REPO)
    sys.exit(main())
