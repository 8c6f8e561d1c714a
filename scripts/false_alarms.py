#!/usr/bin/env python3
"""Measure findings per 1,000 words on native and professionally translated English.

Native English news (WMT21 en-de source side) and the two human reference translations of
WMT21 de-en should be nearly silent: the target is fewer than 1 finding per 1,000 words.
Each corpus is one sentence per line; every 25 lines become one article (one paragraph per
line), as in a news page.

    python scripts/false_alarms.py [--shared ../shared] [--select CODES] [--show 20]
"""
from __future__ import annotations

import argparse
import collections
from pathlib import Path

from mtcheck.config import Settings
from mtcheck.lint import Linter
from mtcheck.readers import read_plain

CORPORA = {
    "clean-en (native news)": "corpora/clean-en/newstest2021.en-de.src.en.txt",
    "wmt21 de-en reference A": "corpora/wmt21-deen/newstest2021.de-en.ref.A.en",
    "wmt21 de-en reference B": "corpora/wmt21-deen/newstest2021.de-en.ref.B.en",
}
LINES_PER_ARTICLE = 25


def articles(path: Path) -> list[str]:
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    lines = [ln for ln in lines if ln and not ln.startswith("# ")]
    return ["\n\n".join(lines[i:i + LINES_PER_ARTICLE]) for i in range(0, len(lines), LINES_PER_ARTICLE)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--select", default="ALL")
    ap.add_argument("--show", type=int, default=15, help="list the N most frequent flagged texts")
    args = ap.parse_args()
    linter = Linter(Settings(select=tuple(args.select.split(","))))
    total_words = total_findings = 0
    print(f"{'corpus':28} {'words':>8} {'findings':>9} {'per 1,000':>10}")
    examples: collections.Counter[tuple[str, str]] = collections.Counter()
    by_rule: collections.Counter[str] = collections.Counter()
    for label, rel in CORPORA.items():
        words = findings = 0
        for i, text in enumerate(articles(Path(args.shared) / rel)):
            result = linter.check_document(read_plain(text, f"{rel}#{i}"))
            words += result.stats.words
            findings += len(result.findings)
            for f in result.findings:
                by_rule[f.code] += 1
                examples[(f.code, text[f.range.start:f.range.end][:80])] += 1
        total_words += words
        total_findings += findings
        print(f"{label:28} {words:8,} {findings:9,} {1000 * findings / max(words, 1):10.3f}")
    print(f"{'all':28} {total_words:8,} {total_findings:9,} {1000 * total_findings / max(total_words, 1):10.3f}")
    if by_rule:
        print("\nby rule: " + ", ".join(f"{c} {n}" for c, n in sorted(by_rule.items())))
    for (code, text), n in examples.most_common(args.show):
        print(f"  {n:3} {code} {text!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
