#!/usr/bin/env python3
"""mtcheck at scale: 10k, 100k and 1M words, next to proselint (a script, not a test).

For each corpus size it measures, on one pinned core unless said otherwise:

* words/s in-process (one ``Linter``, ``check_document`` over texts already in memory);
* words/s through the CLI, ``mtcheck check DIR --format json -o /dev/null --exit-zero``, and its
  peak memory (max RSS of that process only; see ``run.py`` for the launcher that isolates it);
* ``mtcheck check --jobs 2`` on two cores, and the speed-up over one job, if the CLI has
  ``--jobs`` (otherwise the row says "slot: no --jobs");
* a cached re-run of the same folder, if the CLI has a cache (otherwise a slot);
* proselint over the same texts, in-process, and the ratio mtcheck/proselint from this run.

Once per run (they do not depend on corpus size): the cold wall time of ``mtcheck check`` on one
article and of ``mtcheck --help``. Figures are medians of several runs (fewer at 1M words).
Writes ``bench/out/scale.json`` and prints a table with PASS/MISS against the targets.

    python bench/scale.py                    # 10k, 100k, 1M words (~4 min on a 2-core box)
    python bench/scale.py --sizes 10000,100000 --runs 3
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import run as base  # noqa: E402  (helpers: launcher, pinning, summaries)
from corpus import SHARED, source_articles  # noqa: E402

SIZES = (10_000, 100_000, 1_000_000)
TARGETS = {
    "words_per_s": (">=", 100_000, "words/s"),
    "jobs2_speedup": (">=", 1.8, "x"),
    "peak_rss_mb": ("<=", 500, "MB"),
    "help_s": ("<=", 0.3, "s"),
    "cold_single_s": ("<=", 1.5, "s"),
    "cached_1m_s": ("<=", 5.0, "s"),
}
# repeats per size: (in-process, CLI, --jobs 2, proselint)
RUNS = {10_000: (5, 5, 3, 5), 100_000: (3, 3, 3, 3), 1_000_000: (1, 2, 2, 1)}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def verdict(key: str, value: float | None) -> str:
    if value is None:
        return "slot"
    op, target, _ = TARGETS[key]
    return "PASS" if (value >= target if op == ">=" else value <= target) else "MISS"


# --- corpus ----------------------------------------------------------------------------------

def build(size: int, pool: list[tuple[str, str]], counts: list[int], folder: Path) -> dict:
    """The first articles of the pool, cycling through it again (with a new name prefix) when
    ``size`` is more than the pool holds, until at least ``size`` words."""
    folder.mkdir(parents=True)
    articles: list[tuple[str, str]] = []
    words = 0
    rep = 0
    while words < size:
        for (name, text), n in zip(pool, counts):
            if words >= size:
                break
            path = folder / f"{rep:02d}_{name}"
            path.write_text(text, encoding="utf-8", newline="\n")
            articles.append((str(path), text))
            words += n
        rep += 1
    return {"articles": articles, "words": words, "passes_over_pool": rep, "folder": str(folder)}


# --- CLI features that may or may not exist yet ------------------------------------------------

def cli_help(mtcheck: list[str]) -> str:
    proc = subprocess.run([*mtcheck, "check", "--help"], capture_output=True, text=True,
                          env=base.child_env())
    return proc.stdout


def all_cpus() -> set[int] | None:
    return set(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None


# --- measurements ----------------------------------------------------------------------------

def in_process(articles: list[tuple[str, str]], runs: int) -> dict:
    from mtcheck import readers
    from mtcheck.config import Settings
    from mtcheck.lint import Linter

    linter = Linter(Settings())
    linter.check_document(readers.read_plain(*reversed(articles[0])))  # warm-up
    rates, walls, words = [], [], 0
    for _ in range(runs):
        words = 0
        t0 = time.perf_counter()
        for path, text in articles:
            words += linter.check_document(readers.read_plain(text, path)).stats.words
        wall = time.perf_counter() - t0
        walls.append(wall)
        rates.append(words / wall)
    log(f"    in-process: {statistics.median(rates):,.0f} words/s ({runs} runs)")
    return {"words": words, "words_per_s": base.summary(rates), "wall_s": base.summary(walls)}


def proselint_run(articles: list[tuple[str, str]], words: int, runs: int) -> dict:
    from proselint.checks import __register__
    from proselint.config import DEFAULT
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    CheckRegistry().register_many(__register__)
    LintFile(articles[0][0], articles[0][1]).lint(DEFAULT)  # warm-up: compiles its patterns
    rates, walls, found = [], [], 0
    for _ in range(runs):
        found = 0
        t0 = time.perf_counter()
        for path, text in articles:
            found += len(LintFile(path, text).lint(DEFAULT))
        wall = time.perf_counter() - t0
        walls.append(wall)
        rates.append(words / wall)
    log(f"    proselint: {statistics.median(rates):,.0f} words/s ({runs} runs)")
    return {"words_per_s": base.summary(rates), "wall_s": base.summary(walls), "findings": found,
            "version": base.version_of("proselint"),
            "how": "LintFile(path, text).lint(DEFAULT) per article, all default checks, in-process"}


def cli(cmd: list[str], words: int, runs: int, cwd: Path, what: str) -> dict:
    walls, rss = [], []
    for _ in range(runs):
        res = base.run_child(cmd, cwd=cwd)
        base.expect_rc(res, (0,), what)
        walls.append(res["wall_s"])
        rss.append(res["maxrss_kb"] / 1024)
    med = statistics.median(walls)
    log(f"    {what}: {words / med:,.0f} words/s, {med:.2f} s, max RSS {max(rss):.0f} MB ({runs} runs)")
    return {"command": cmd, "wall_s": base.summary(walls),
            "words_per_s": base.summary([words / w for w in walls]), "maxrss_mb": max(rss),
            "maxrss_mb_per_run": rss}


def measure_size(size: int, pool, counts, root: Path, mtcheck: list[str], features: dict,
                 pinned: int | None, cpus: set[int] | None, runs_override: int | None) -> dict:
    r_in, r_cli, r_jobs, r_pl = RUNS.get(size, (3, 3, 3, 3))
    if runs_override:
        r_in, r_cli, r_jobs, r_pl = (min(runs_override, r) if size >= 1_000_000 else runs_override
                                     for r in (r_in, r_cli, r_jobs, r_pl))
    corpus = build(size, pool, counts, root / f"w{size}")
    folder = Path(corpus["folder"])
    log(f"  {size:,} words: {len(corpus['articles'])} articles, {corpus['words']:,} words")
    out: dict = {"target_words": size, "articles": len(corpus["articles"]),
                 "passes_over_pool": corpus["passes_over_pool"]}
    ip = in_process(corpus["articles"], r_in)
    words = out["words"] = ip["words"]
    out["in_process"] = ip
    base_cmd = [*mtcheck, "check", str(folder), "--format", "json", "-o", os.devnull, "--exit-zero"]
    if features["jobs"]:
        base_cmd += ["--jobs", "1"]  # the default is one worker per CPU
    if features["no_cache_flag"]:
        base_cmd.append("--no-cache")  # throughput means linting, not reading a cache
    out["cli"] = cli(base_cmd, words, r_cli, folder, "CLI, 1 job")
    if features["jobs"] and cpus and len(cpus) >= 2:
        two = set(sorted(cpus)[-2:])
        os.sched_setaffinity(0, two)  # children inherit: two cores for --jobs 2
        try:
            jobs2 = [a for a in base_cmd if a not in ("--jobs", "1")] + ["--jobs", "2"]
            out["cli_jobs2"] = cli(jobs2, words, r_jobs, folder, "CLI, --jobs 2")
        finally:
            if pinned is not None:
                os.sched_setaffinity(0, {pinned})
        out["jobs2_speedup"] = out["cli"]["wall_s"]["median"] / out["cli_jobs2"]["wall_s"]["median"]
        # one job pinned to one core against two jobs on two cores
    else:
        out["cli_jobs2"] = None
        out["jobs2_speedup"] = None
    if features["cache"]:
        cached_cmd = [a for a in base_cmd if a != "--no-cache"] + ["--cache-dir", str(root / f"cache{size}")]
        fill = base.run_child(cached_cmd, cwd=folder)  # fills the cache; unrecorded
        base.expect_rc(fill, (0,), "CLI, filling the cache")
        out["cli_cached"] = cli(cached_cmd, words, max(r_cli, 3), folder, "CLI, cached re-run")
    else:
        out["cli_cached"] = None
    out["proselint"] = proselint_run(corpus["articles"], words, r_pl)
    out["mtcheck_over_proselint"] = (ip["words_per_s"]["median"] / out["proselint"]["words_per_s"]["median"])
    shutil.rmtree(folder, ignore_errors=True)
    return out


# --- report ----------------------------------------------------------------------------------

def fmt_opt(x, spec: str, none: str) -> str:
    return none if x is None else format(x, spec)


def print_table(res: dict) -> None:
    sizes = res["sizes"]
    print()
    print(f"mtcheck at scale — pinned to CPU {res['meta']['pinned_cpu']}, {res['meta']['cpu_model']}, "
          f"proselint {res['meta']['proselint_version']}; medians")
    head = (f"{'words':>10} {'in-proc w/s':>12} {'CLI w/s':>10} {'CLI s':>7} {'RSS MB':>7} "
            f"{'jobs2 ×':>8} {'cached s':>9} {'proselint w/s':>14} {'mt/pl':>6}")
    print(head)
    print("-" * len(head))
    for s in sizes:
        jobs = fmt_opt(s["jobs2_speedup"], ".2f", "slot")
        cached = fmt_opt(s["cli_cached"] and s["cli_cached"]["wall_s"]["median"], ".2f", "slot")
        print(f"{s['words']:>10,} {s['in_process']['words_per_s']['median']:>12,.0f} "
              f"{s['cli']['words_per_s']['median']:>10,.0f} {s['cli']['wall_s']['median']:>7.2f} "
              f"{s['cli']['maxrss_mb']:>7.1f} {jobs:>8} {cached:>9} "
              f"{s['proselint']['words_per_s']['median']:>14,.0f} {s['mtcheck_over_proselint']:>6.2f}")
    print()
    print(f"cold `mtcheck check` one article: {res['cold_single']['wall_s']['median']:.3f} s; "
          f"`mtcheck --help`: {res['help']['wall_s']['median']:.3f} s")
    print()
    print(f"{'target':52} {'value':>12}  status")
    for label, value, status in res["verdict_rows"]:
        print(f"{label:52} {value:>12}  {status}")
    print()


def verdicts(res: dict) -> list[tuple[str, str, str]]:
    rows = []
    by = {s["target_words"]: s for s in res["sizes"]}
    for size, s in by.items():
        v = s["in_process"]["words_per_s"]["median"]
        rows.append((f">= 100,000 words/s/core, in-process, {size:,} words", f"{v:,.0f}", verdict("words_per_s", v)))
        v = s["cli"]["words_per_s"]["median"]
        rows.append((f">= 100,000 words/s/core, CLI, {size:,} words", f"{v:,.0f}", verdict("words_per_s", v)))
    largest = by[max(by)]
    v = largest["jobs2_speedup"]
    rows.append((f">= 1.8x with --jobs 2 ({max(by):,} words)", fmt_opt(v, ".2f", "-"), verdict("jobs2_speedup", v)))
    rss = [s["cli"]["maxrss_mb"] for s in res["sizes"]]
    small, big = by[min(by)]["cli"]["maxrss_mb"], largest["cli"]["maxrss_mb"]
    flat = big <= small * 1.15 + 10
    rows.append(("peak memory < 500 MB (largest of all sizes)", f"{max(rss):.0f} MB", verdict("peak_rss_mb", max(rss))))
    rows.append((f"peak memory independent of size ({min(by):,} -> {max(by):,})", f"{small:.0f}->{big:.0f} MB",
                 "PASS" if flat else "MISS"))
    rows.append(("--help <= 0.3 s", f"{res['help']['wall_s']['median']:.3f} s",
                 verdict("help_s", res["help"]["wall_s"]["median"])))
    rows.append(("one article cold <= 1.5 s", f"{res['cold_single']['wall_s']['median']:.3f} s",
                 verdict("cold_single_s", res["cold_single"]["wall_s"]["median"])))
    c = by.get(1_000_000, {}).get("cli_cached")
    cv = c["wall_s"]["median"] if c else None
    rows.append(("cached re-run of 1M words <= 5 s", fmt_opt(cv, ".2f", "-"), verdict("cached_1m_s", cv)))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated word counts")
    ap.add_argument("--runs", type=int, help="repeats per measurement (1M words: at most the default)")
    ap.add_argument("--cpu", type=int, help="CPU to pin to (default: the highest allowed)")
    ap.add_argument("--mtcheck", help="command that starts the CLI")
    ap.add_argument("--fixture", default=base.DEFAULT_FIXTURE)
    ap.add_argument("--out", type=Path, default=BENCH / "out")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    cpus = all_cpus()
    pinned = base.pin_one_core(args.cpu)
    mtcheck = base.find_mtcheck(args.mtcheck)
    helptext = cli_help(mtcheck)
    features = {"jobs": "--jobs" in helptext, "cache": "--cache-dir" in helptext,
                "no_cache_flag": "--no-cache" in helptext}
    log(f"mtcheck {mtcheck}; features: {features}; pinned to CPU {pinned}")
    pool = source_articles()
    from mtcheck.document import count_words

    counts = [count_words(t) for _, t in pool]
    import mtcheck as _m

    res: dict = {"meta": {
        "date": _dt.datetime.now().isoformat(timespec="seconds"), "argv": sys.argv,
        "python": sys.version.split()[0], "cpu_model": base.cpu_model(), "cpu_count": os.cpu_count(),
        "pinned_cpu": pinned, "loadavg_before": os.getloadavg(), "mtcheck_version": _m.__version__,
        "git_head": base.git_head(), "proselint_version": base.version_of("proselint"),
        "features": features, "mtcheck_command": mtcheck,
        "pool": {"source": str(SHARED), "articles": len(pool), "words": sum(counts),
                 "what": "WMT21 de-en: 19 system outputs + references A and B; clean-en; 25 lines per article"},
    }, "targets": {k: {"op": op, "value": v, "unit": u} for k, (op, v, u) in TARGETS.items()}, "sizes": []}
    root = Path(tempfile.mkdtemp(prefix="mtcheck-scale-"))
    try:
        for size in sizes:
            res["sizes"].append(measure_size(size, pool, counts, root, mtcheck, features, pinned, cpus, args.runs))
        log("  cold single article and --help")
        res["cold_single"] = base.bench_cold(mtcheck, args.fixture, 5)
        res["help"] = base.bench_help(mtcheck, 10)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    res["verdict_rows"] = verdicts(res)
    res["meta"]["loadavg_after"] = os.getloadavg()
    res["meta"]["duration_s"] = time.perf_counter() - started
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "scale.json").write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print_table(res)
    print(f"results: {args.out / 'scale.json'}; took {res['meta']['duration_s']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
