#!/usr/bin/env python3
"""Build mtcheck/rules/data/case_ratios.tsv from spaCy's cased lexeme probabilities.

For each lowercase English word with ln P >= -16.5 in spacy-lookups-data's ``en_lexeme_prob``
(MIT licence), the table stores ln P("Word") - ln P("word"): how much more often English writes
the word with a capital (-20 stands in for a capitalised form never seen). Shipping the small
derived table (about 60,000 rows) instead of reading the 1M-entry JSON at run time saves about
0.7 s and 200 MB at start-up.

    python scripts/build_case_ratios.py
"""
from __future__ import annotations

import gzip
import json
from importlib import metadata, resources
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "mtcheck" / "rules" / "data" / "case_ratios.tsv"


def main() -> None:
    ref = resources.files("spacy_lookups_data") / "data" / "en_lexeme_prob.json.gz"
    with ref.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        probs: dict[str, float] = json.load(fh)
    rows = []
    for word, lp in probs.items():
        if lp < -16.5 or len(word) < 2 or not word.isalpha() or not word.islower():
            continue
        title = probs.get(word[0].upper() + word[1:])
        rows.append((word, round((title if title is not None else -20.0) - lp, 2)))
    rows.sort()
    version = metadata.version("spacy-lookups-data")
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(f"# case_ratios.tsv: ln P(Word) - ln P(word) per lowercase English word, derived by "
                 f"scripts/build_case_ratios.py from spacy-lookups-data {version} en_lexeme_prob; "
                 f"licence: MIT (spacy-lookups-data)\n")
        fh.write("word\tratio\n")
        for word, ratio in rows:
            fh.write(f"{word}\t{ratio}\n")
    print(f"{OUT}: {len(rows)} rows")


if __name__ == "__main__":
    main()
