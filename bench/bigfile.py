#!/usr/bin/env python3
"""One huge file: time and peak memory of ``mtcheck check`` on a single plain-text file of
1, 5 and 20 MB (a script, not a test).

The file is the WMT21 de-en system outputs (``../shared/corpora/wmt21-deen/systems/*.en``, in
file-name order, one line per paragraph, paragraphs separated by a blank line), taken again
from the start as often as needed and cut at the last whole paragraph under the size. Each size
is checked with

    /usr/bin/time -f '%e s %M KB' mtcheck check BIG.txt --format jsonl --max-file-size 100MB \
        -o /dev/null --exit-zero

(``--max-file-size`` takes bytes: 104857600). Prints wall time, max RSS and words/s per size.

    python bench/bigfile.py                      # 1, 5, 20 MB
    python bench/bigfile.py --sizes 1,5 --keep /tmp/big   # keep the files in /tmp/big
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SYSTEMS = BENCH.parent.parent / "shared" / "corpora" / "wmt21-deen" / "systems"
MB = 1024 * 1024


def build(path: Path, size: int, systems: Path = SYSTEMS) -> None:
    """Write a plain-text file of at most ``size`` bytes (UTF-8) made of whole paragraphs."""
    paragraphs = [line.strip() for f in sorted(systems.glob("*.en"))
                  for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    out: list[str] = []
    used = 0
    i = 0
    while True:
        para = paragraphs[i % len(paragraphs)] + "\n\n"
        n = len(para.encode("utf-8"))
        if used + n > size:
            break
        out.append(para)
        used += n
        i += 1
    path.write_text("".join(out), encoding="utf-8")


def measure(mtcheck: str, path: Path) -> tuple[float, int]:
    """(wall seconds, max RSS in KB) of one check of ``path``."""
    cmd = ["/usr/bin/time", "-f", "%e s %M KB", mtcheck, "check", str(path), "--format", "jsonl",
           "--max-file-size", str(100 * MB), "-o", "/dev/null", "--exit-zero", "--jobs", "1"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    m = re.search(r"([\d.]+) s (\d+) KB\s*$", proc.stderr)
    if proc.returncode != 0 or not m:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
    return float(m.group(1)), int(m.group(2))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1,5,20", help="file sizes in MB, comma-separated")
    ap.add_argument("--keep", type=Path, help="write the files here and keep them")
    ap.add_argument("--mtcheck", default=str(Path(sys.executable).parent / "mtcheck"),
                    help="the command that starts the CLI")
    args = ap.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="mtcheck-big-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        print(f"{'size':>6} {'words':>10} {'wall s':>8} {'max RSS MB':>11} {'words/s':>9}")
        for mb in (float(s) for s in args.sizes.split(",")):
            path = folder / f"big_{mb:g}MB.txt"
            if not path.exists():
                build(path, int(mb * MB))
            words = len(re.findall(r"[^\W_]+(?:['’\-][^\W_]+)*", path.read_text(encoding="utf-8")))
            wall, rss = measure(args.mtcheck, path)
            print(f"{mb:>4g}MB {words:>10,} {wall:>8.1f} {rss / 1024:>11.0f} {words / wall:>9,.0f}",
                  flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(folder)


if __name__ == "__main__":
    main()
