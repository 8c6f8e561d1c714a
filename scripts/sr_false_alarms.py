"""Count SR (source-aware) findings on WMT21 newstest2021 de-en, one segment per line.

On a human reference every SR finding is a false alarm unless shown otherwise; on system outputs
the counts show what the rules find. Usage (from the repository root):

    python scripts/sr_false_alarms.py                       # reference A, Online-W, happypoet; 300 lines
    python scripts/sr_false_alarms.py --lines 1000 --show ref.A
    python scripts/sr_false_alarms.py --ratios              # the length ratios SR004's thresholds use
    python scripts/sr_false_alarms.py --inject              # recall on errors injected into reference A

``--show NAME`` prints every finding of that translation (NAME as in the table: ref.A, Online-W…).
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from mtcheck.bilingual import pair_with_source
from mtcheck.config import Settings
from mtcheck.document import Document, count_words
from mtcheck.lint import Linter
from mtcheck.readers import read_plain

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "wmt21-deen"
SOURCE = "newstest2021.de-en.src.de"
TRANSLATIONS = {
    "ref.A": "newstest2021.de-en.ref.A.en",
    "Online-W": "systems/newstest2021.de-en.hyp.Online-W.en",
    "happypoet": "systems/newstest2021.de-en.hyp.happypoet.en",
}
CODES = ("SR001", "SR002", "SR003", "SR004", "SR005", "SR006")


def paired_document(sources: list[str], targets: list[str], path: str) -> Document:
    """The targets as paragraphs of one plain-text document, each a segment with its source."""
    doc = read_plain("\n\n".join(t.strip() for t in targets) + "\n", path)
    if len(doc.blocks) != len(sources):
        raise SystemExit(f"{path}: {len(doc.blocks)} paragraphs for {len(sources)} source lines")
    return pair_with_source(doc, "\n\n".join(sources), "de")


def lines(path: Path, n: int) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:n]


def percentile(values: list[float], p: float) -> float:
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


def ratios(n: int) -> None:
    sources = lines(CORPUS / SOURCE, n)
    for name in ("ref.A", "ref.B"):
        targets = lines(CORPUS / f"newstest2021.de-en.{name}.en", n)
        values = sorted(count_words(t) / count_words(s) for s, t in zip(sources, targets) if count_words(s) >= 8)

        print(f"{name}: {len(values)} lines with >= 8 source words; word ratio min {values[0]:.3f}, "
              f"1st pct {percentile(values, 1):.3f}, median {percentile(values, 50):.3f}, 99th pct {percentile(values, 99):.3f}, max {values[-1]:.3f}")


def inject(sources: list[str], targets: list[str]) -> None:
    """Recall on synthetic errors: corrupt reference lines one way at a time (a number changed,
    the source copied, the second half dropped, a name misspelt) and count how many of the
    corrupted lines the matching rule flags."""
    import re

    from mtcheck.rules.source import _source_names

    def number(src: str, tgt: str) -> str | None:
        m = re.search(r"\d+", tgt)
        return tgt[:m.start()] + str(int(m.group(0)) + 1) + tgt[m.end():] if m and re.search(r"\d", src) else None

    def copied(src: str, tgt: str) -> str | None:
        return src if count_words(src) >= 3 else None

    def truncated(src: str, tgt: str) -> str | None:
        words = tgt.split()
        return " ".join(words[:max(1, len(words) * 2 // 5)]) if count_words(src) >= 8 else None

    def misspelt(src: str, tgt: str) -> str | None:
        for _, name, forms in _source_names(src):
            if len(name) >= 6 and len(forms) == 1 and name in tgt:
                wrong = name[:2] + name[3] + name[2] + name[4:]
                return tgt.replace(name, wrong) if wrong != name else None
        return None

    linter = Linter(Settings().with_overrides(select=CODES))
    print("| corruption | expected rule | corrupted lines | flagged by it | recall |")
    print("|---|---|---:|---:|---:|")
    for label, code, corrupt in (("number changed", "SR001", number), ("source copied", "SR002", copied),
                                 ("name misspelt", "SR003", misspelt), ("second half dropped", "SR004", truncated)):
        pairs = [(s, corrupt(s, t)) for s, t in zip(sources, targets)]
        pairs = [(s, t) for s, t in pairs if t]
        hit = 0
        for s, t in pairs:
            result = linter.check_document(paired_document([s], [t], label))
            hit += any(f.code == code for f in result.findings)
        print(f"| {label} | {code} | {len(pairs)} | {hit} | {hit / max(len(pairs), 1):.0%} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--lines", type=int, default=300)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--show", action="append", default=[], help="print the findings of this translation")
    parser.add_argument("--ratios", action="store_true", help="print the length ratios of the references")
    parser.add_argument("--inject", action="store_true", help="recall on synthetic errors injected into reference A")
    args = parser.parse_args(argv)
    if args.ratios:
        ratios(args.lines)
        return 0
    sources = lines(args.corpus / SOURCE, args.lines)
    if args.inject:
        inject(sources, lines(args.corpus / TRANSLATIONS["ref.A"], args.lines))
        return 0
    linter = Linter(Settings().with_overrides(select=CODES))
    print("| translation | words | " + " | ".join(CODES) + " | all |")
    print("|---|---:|" + "---:|" * (len(CODES) + 1))
    for name, rel in TRANSLATIONS.items():
        targets = lines(args.corpus / rel, args.lines)
        doc = paired_document(sources, targets, name)
        result = linter.check_document(doc)
        counts = Counter(f.code for f in result.findings)
        print(f"| {name} | {doc.words} | " + " | ".join(str(counts[c]) for c in CODES) + f" | {len(result.findings)} |")
        if name in args.show:
            for f in result.findings:
                line = doc.line_col(f.range.start)[0] // 2 + 1
                seg = next(s for s in doc.segments if s.target.start <= f.range.start < max(s.target.end, s.target.start + 1))
                print(f"    {f.code} line {line}: {doc.source[f.range.start:f.range.end][:120]!r}\n"
                      f"        {f.message}\n        src: {seg.source[:200]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
