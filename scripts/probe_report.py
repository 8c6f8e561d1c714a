#!/usr/bin/env python3
"""Recall and false flags of the linguistic rules on the probe suite (fixtures/probes/*.tsv).

Each probe row is one sentence: `flag` rows hold an artefact that rule `code` must flag with
exactly the text in `match`; `pass` rows are correct look-alikes that the rule must leave alone.
Each row is checked with only its rule selected.

    python scripts/probe_report.py [--misses]
"""
from __future__ import annotations

import argparse
import csv
from dataclasses import dataclass
from pathlib import Path

from mtcheck.config import Settings
from mtcheck.lint import Linter
from mtcheck.readers import read_plain

PROBES = Path(__file__).resolve().parents[1] / "fixtures" / "probes"


@dataclass(frozen=True)
class Probe:
    file: str
    code: str
    expect: str
    match: str
    text: str


@dataclass
class Tally:
    flag: int = 0
    hit: int = 0
    passed: int = 0
    false_flags: int = 0

    @property
    def recall(self) -> float:
        return self.hit / self.flag if self.flag else 1.0

    @property
    def false_flag_rate(self) -> float:
        return self.false_flags / self.passed if self.passed else 0.0


def load_probes(folder: Path = PROBES) -> list[Probe]:
    probes = []
    for path in sorted(folder.glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as fh:
            rows = csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t",
                                  quoting=csv.QUOTE_NONE)
            for row in rows:
                probes.append(Probe(path.name, row["code"].strip(), row["expect"].strip(),
                                    (row.get("match") or ""), row["text"]))
    return probes


def evaluate(probes: list[Probe]) -> tuple[dict[str, Tally], list[tuple[Probe, list[str]]]]:
    """Tallies per probe file, and the probes that went wrong with what was flagged."""
    linters: dict[str, Linter] = {}
    tallies: dict[str, Tally] = {}
    wrong: list[tuple[Probe, list[str]]] = []
    for p in probes:
        linter = linters.setdefault(p.code, Linter(Settings(select=(p.code,))))
        result = linter.check_document(read_plain(p.text, f"{p.file}"))
        flagged = [p.text[f.range.start:f.range.end] for f in result.findings]
        t = tallies.setdefault(p.file, Tally())
        if p.expect == "flag":
            t.flag += 1
            if p.match in flagged:
                t.hit += 1
            else:
                wrong.append((p, flagged))
        else:
            t.passed += 1
            if flagged:
                t.false_flags += 1
                wrong.append((p, flagged))
    return tallies, wrong


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--misses", action="store_true", help="list every probe that went wrong")
    args = ap.parse_args()
    tallies, wrong = evaluate(load_probes())
    total = Tally()
    print(f"{'probe file':28} {'artefacts':>9} {'found':>6} {'recall':>7} {'look-alikes':>11} {'flagged':>8} {'false':>7}")
    for name, t in sorted(tallies.items()):
        print(f"{name:28} {t.flag:9} {t.hit:6} {t.recall:7.1%} {t.passed:11} {t.false_flags:8} {t.false_flag_rate:7.1%}")
        total.flag += t.flag
        total.hit += t.hit
        total.passed += t.passed
        total.false_flags += t.false_flags
    print(f"{'all':28} {total.flag:9} {total.hit:6} {total.recall:7.1%} {total.passed:11} {total.false_flags:8} "
          f"{total.false_flag_rate:7.1%}")
    if args.misses:
        for p, flagged in wrong:
            print(f"  {p.expect:4} {p.code} want {p.match!r} got {flagged} :: {p.text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
