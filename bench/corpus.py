"""Corpus building shared by the bench scripts: 25 consecutive lines make one article (one line
per paragraph, paragraphs separated by a blank line)."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

LINES_PER_ARTICLE = 25
SHARED = (Path(__file__).resolve().parent.parent / ".." / "shared" / "corpora").resolve()


def clean_en_lines(folder: Path = SHARED / "clean-en") -> list[str]:
    """clean-en's sentences, without its ``# `` provenance headers and blank lines."""
    lines: list[str] = []
    for f in sorted(folder.glob("*.txt")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("# "):
                lines.append(line)
    return lines


def articles_from_lines(name: str, lines: list[str]) -> Iterator[tuple[str, str]]:
    """(article name, text) for every 25 consecutive lines."""
    for k in range(0, len(lines), LINES_PER_ARTICLE):
        text = "\n\n".join(line.strip() for line in lines[k:k + LINES_PER_ARTICLE]) + "\n"
        yield f"{name}_{k // LINES_PER_ARTICLE:03d}.txt", text


def source_articles(shared: Path = SHARED) -> list[tuple[str, str]]:
    """Every distinct article the shared corpora give: the 19 WMT21 de-en system outputs, the two
    reference translations, and clean-en (native English news). 22,000+ lines, ~400k words."""
    wmt = shared / "wmt21-deen"
    out: list[tuple[str, str]] = []
    for f in sorted((wmt / "systems").glob("*.en")):
        system = f.name.split(".hyp.", 1)[-1].removesuffix(".en")
        out.extend(articles_from_lines(system, f.read_text(encoding="utf-8").splitlines()))
    for f in sorted(wmt.glob("*.ref.*.en")):
        out.extend(articles_from_lines("ref" + f.name.split(".ref.", 1)[1].removesuffix(".en"),
                                       f.read_text(encoding="utf-8").splitlines()))
    out.extend(articles_from_lines("clean-en", clean_en_lines(shared / "clean-en")))
    return out
