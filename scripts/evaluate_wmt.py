#!/usr/bin/env python3
"""Evaluate mtcheck on WMT21 German→English against the human system scores.

For every system output in ``corpora/wmt21-deen/systems`` and for the two human references,
check the English with mtcheck twice: on its own (reference-free, the default rules) and with
the German source beside it (source-aware: the same rules plus the SR family, one segment per
line). Compute chrF against reference A with sacrebleu. Then rank-correlate the human DA
z-scores of the systems (``human/system_scores_tidy.tsv``) with (a) mtcheck's reference-free
score, (b) its source-aware score and (c) chrF, using Kendall's tau-b.

Lines are grouped into articles of 25 lines, one paragraph per line, as a news page; each
article is checked on its own and a system's score comes from the summed statistics of its
articles (never an average of article scores).

    python scripts/evaluate_wmt.py                       # print the Markdown report
    python scripts/evaluate_wmt.py -o docs/evaluation.md # regenerate the committed page
    python scripts/evaluate_wmt.py --lines 100 --systems Online-W,happypoet   # a quick slice
"""
from __future__ import annotations

import argparse
import collections
import sys
from dataclasses import dataclass, field
from pathlib import Path

from mtcheck.bilingual import pair_with_source
from mtcheck.config import Settings
from mtcheck.lint import Linter
from mtcheck.readers import read_plain
from mtcheck.rules import FAMILIES
from mtcheck.scoring import Stats, score

LINES_PER_ARTICLE = 25
WMT = "corpora/wmt21-deen"
REFERENCES = {"ref-A": "newstest2021.de-en.ref.A.en", "ref-B": "newstest2021.de-en.ref.B.en"}
COMMAND = "python scripts/evaluate_wmt.py -o docs/evaluation.md"


@dataclass
class Row:
    name: str
    human_z: float | None  # None for the references
    words: int = 0
    free: Stats = field(default_factory=Stats)  # reference-free
    aware: Stats = field(default_factory=Stats)  # source-aware
    chrf: float = 0.0
    by_family: collections.Counter = field(default_factory=collections.Counter)  # source-aware findings
    examples: collections.Counter = field(default_factory=collections.Counter)  # (code, text) -> n


def read_lines(path: Path, limit: int | None) -> list[str]:
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines[:limit] if limit else lines


def human_scores(shared: Path) -> dict[str, tuple[float, str]]:
    """system name -> (DA z mean, output file relative to the WMT folder); HUMAN is left out
    because the file does not say which reference it is."""
    out = {}
    lines = (shared / WMT / "human" / "system_scores_tidy.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t")))
        if row["output_file"].startswith("systems/"):
            out[row["system"]] = (float(row["da_z_mean"]), row["output_file"])
    return out


def family_of(code: str) -> str:
    return code[:2]


def evaluate(name: str, hyp: list[str], src: list[str], ref_a: list[str], human_z: float | None,
             linter: Linter) -> Row:
    from sacrebleu.metrics import CHRF

    row = Row(name, human_z)
    for i in range(0, len(hyp), LINES_PER_ARTICLE):
        hyp_part, src_part = hyp[i:i + LINES_PER_ARTICLE], src[i:i + LINES_PER_ARTICLE]
        doc = read_plain("\n\n".join(hyp_part), f"{name}#{i // LINES_PER_ARTICLE}")
        r_free = linter.check_document(doc)
        r_aware = linter.check_document(pair_with_source(doc, "\n\n".join(src_part), "de"))
        row.words += r_free.stats.words
        row.free += r_free.stats
        row.aware += r_aware.stats
        for f in r_aware.findings:
            row.by_family[family_of(f.code)] += 1
            row.examples[(f.code, doc.source[f.range.start:f.range.end][:70])] += 1
    row.chrf = CHRF().corpus_score(hyp, [ref_a]).score
    return row


def kendall_tau_b(xs: list[float], ys: list[float]) -> float:
    """Kendall's tau-b (ties in either list count as neither concordant nor discordant)."""
    n = len(xs)
    concordant = discordant = ties_x = ties_y = 0
    for i in range(n):
        for j in range(i + 1, n):
            dx, dy = xs[i] - xs[j], ys[i] - ys[j]
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                ties_x += 1
            elif dy == 0:
                ties_y += 1
            elif (dx > 0) == (dy > 0):
                concordant += 1
            else:
                discordant += 1
    denom = ((concordant + discordant + ties_x) * (concordant + discordant + ties_y)) ** 0.5
    return (concordant - discordant) / denom if denom else 0.0


def per_1000(n: int, words: int) -> float:
    return 1000 * n / max(words, 1)


def render(rows: list[Row], families: list[str], lines: int, signature: str) -> str:
    systems = [r for r in rows if r.human_z is not None]
    refs = [r for r in rows if r.human_z is None]
    human = [r.human_z for r in systems]
    taus = {
        "mtcheck score, reference-free": kendall_tau_b(human, [score(r.free).value for r in systems]),
        "mtcheck score, source-aware": kendall_tau_b(human, [score(r.aware).value for r in systems]),
        "chrF against reference A": kendall_tau_b(human, [r.chrf for r in systems]),
    }
    out = [
        "# Evaluation on WMT21 German→English",
        "",
        (f"Generated by `{COMMAND}` (the first {lines:,} lines of each file; mtcheck signature "
         f"`{signature}`). Do not edit by hand: change the script and run it again."),
        "",
        "Every system output of the WMT21 news task (German→English) and both human references",
        "were checked with mtcheck: reference-free (the English alone, default rules) and",
        "source-aware (with the German source line beside each English line, so the SR rules",
        "run too). Lines are grouped into articles of 25 lines; a system's score comes from the",
        "summed statistics of its articles. chrF is sacrebleu's, against reference A. Human",
        "scores are the WMT21 DA z-scores (`human/system_scores_tidy.tsv`; higher is better).",
        "",
        "## Agreement with the human ranking",
        "",
        f"Kendall's tau-b between the human z-scores of the {len(systems)} systems and each measure",
        "(1 = same ranking, 0 = unrelated, −1 = reversed):",
        "",
        "| measure | Kendall's tau-b |",
        "|---|---:|",
    ]
    out += [f"| {k} | {v:+.3f} |" for k, v in taus.items()]
    free_scores = [score(r.free).value for r in systems]
    worst = max(systems, key=lambda r: per_1000(r.by_family["SR"] + r.by_family["UT"], r.words))
    out += [
        "",
        "How to read this: mtcheck looks for the artefacts of weak or unedited machine",
        "translation (literal idioms, untranslated German, German formats and word order). The",
        f"WMT21 systems are strong: their reference-free scores lie between {min(free_scores):.1f} and",
        f"{max(free_scores):.1f}, a few findings per system, so their order by mtcheck's score is",
        "mostly noise, and it is no substitute for a reference-based metric when ranking good",
        "systems. What mtcheck does show is where a system breaks: the highest rate of",
        f"untranslated and source-mismatch findings (UT + SR) is {worst.name}'s,",
        f"{per_1000(worst.by_family['SR'] + worst.by_family['UT'], worst.words):.2f} per 1,000 words.",
        "",
        "## Systems and references",
        "",
        "Findings per 1,000 words by rule family (source-aware run).",
        "",
        "| system | human z | mtcheck (ref-free) | mtcheck (source-aware) | chrF (ref A) | words | "
        + " | ".join(families) + " |",
        "|---|---:|---:|---:|---:|---:|" + "---:|" * len(families),
    ]
    for r in sorted(systems, key=lambda r: -r.human_z) + refs:
        z = f"{r.human_z:+.4f}" if r.human_z is not None else "(reference)"
        fam = " | ".join(f"{per_1000(r.by_family[f], r.words):.2f}" for f in families)
        out.append(f"| {r.name} | {z} | {score(r.free).value:.2f} | {score(r.aware).value:.2f} | "
                   f"{r.chrf:.1f} | {r.words:,} | {fam} |")
    out += [
        "",
        "## Findings on the human references",
        "",
        "Findings on professional translations count as false alarms unless shown otherwise.",
        "The most frequent ones (source-aware run, both references):",
        "",
        "| n | rule | flagged text |",
        "|---:|---|---|",
    ]
    examples: collections.Counter = collections.Counter()
    for r in refs:
        examples.update(r.examples)
    for (code, text), n in examples.most_common(25):
        cell = text.replace("|", "\\|").replace("\n", " ")
        out.append(f"| {n} | {code} | {cell} |")
    total = sum(sum(r.by_family.values()) for r in refs)
    words = sum(r.words for r in refs)
    summary = (f"In all: {total} findings in {words:,} words of reference text "
               f"({per_1000(total, words):.2f} per 1,000 words).")
    out += ["", summary, ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"),
                    help="the shared folder holding corpora/wmt21-deen")
    ap.add_argument("--lines", type=int, default=None, help="only the first N lines of every file")
    ap.add_argument("--systems", default=None, help="comma-separated system names (default: all)")
    ap.add_argument("-o", "--output", default=None, help="write the Markdown here instead of stdout")
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    wmt = shared / WMT
    if not wmt.is_dir():
        print(f"error: {wmt} not found (use --shared)", file=sys.stderr)
        return 2
    scores = human_scores(shared)
    if args.systems:
        wanted = args.systems.split(",")
        unknown = [s for s in wanted if s not in scores]
        if unknown:
            print(f"error: unknown systems {', '.join(unknown)}; known: {', '.join(sorted(scores))}",
                  file=sys.stderr)
            return 2
        scores = {s: scores[s] for s in wanted}
    src = read_lines(wmt / "newstest2021.de-en.src.de", args.lines)
    ref_a = read_lines(wmt / REFERENCES["ref-A"], args.lines)
    # One linter for both runs: the SR rules are on by default and silent without a source.
    linter = Linter(Settings())
    rows = []
    for name, (z, rel) in sorted(scores.items()):
        print(f"checking {name}", file=sys.stderr)
        rows.append(evaluate(name, read_lines(wmt / rel, args.lines), src, ref_a, z, linter))
    for name, rel in REFERENCES.items():
        print(f"checking {name}", file=sys.stderr)
        rows.append(evaluate(name, read_lines(wmt / rel, args.lines), src, ref_a, None, linter))
    families = sorted({family_of(r.code) for r in linter.rules}, key=list(FAMILIES).index)
    text = render(rows, families, len(src), linter.signature)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
