#!/usr/bin/env python3
"""mtcheck benchmark harness (a script, not a test).

Measures, on one CPU core:

1. throughput in words/second on a corpus of WMT21 de-en system outputs, both in-process
   (``Linter.check_document``) and through the CLI end to end (``mtcheck check FOLDER``);
2. the cold wall time of ``mtcheck check`` on one fixture article (fresh interpreter each run);
3. the wall time of ``mtcheck --help``, and whether ``--help`` imports spaCy;
4. the peak memory (max RSS) of the CLI run on the corpus.

Prints a table with PASS/MISS against the targets and writes ``bench/out/results.json``
(``--profile`` also writes ``bench/out/profile.txt``). See ``bench/README.md``.

    python bench/run.py                 # full corpus (~336k words), default repeats
    python bench/run.py --words 100000  # cap the corpus
    python bench/run.py --profile       # also profile one in-process pass with cProfile
"""
from __future__ import annotations

import argparse
import cProfile
import datetime as _dt
import io
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DEFAULT_CORPUS = (REPO / ".." / "shared" / "corpora" / "wmt21-deen" / "systems").resolve()
DEFAULT_FIXTURE = "fixtures/documents/000_c1a018b23f0d2af6.txt"  # relative to the repository
LINES_PER_ARTICLE = 25
MIN_WORDS = 100_000

TARGETS = {  # name: (comparison, value, unit); the targets of issue #6, as in bench/scale.py
    "words_per_s": (">=", 100_000, "words/s"),
    "cold_single_s": ("<=", 1.5, "s"),
    "help_s": ("<=", 0.3, "s"),
}
HEAVY_MODULES = ("spacy", "thinc", "numpy", "rich", "langdetect", "wordfreq", "sacrebleu",
                 "markdown_it", "charset_normalizer", "mtcheck.lint", "mtcheck.rules")


# --- helpers ---------------------------------------------------------------------------------

def summary(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "runs": len(values), "values": values}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def find_mtcheck(explicit: str | None) -> list[str]:
    """The command that starts the CLI. Prefer the console script installed next to this
    interpreter (not a pyenv/asdf shim found on PATH, which adds its own start-up time)."""
    if explicit:
        return explicit.split()
    scripts = Path(sysconfig.get_path("scripts"))
    for name in ("mtcheck", "mtcheck.exe"):
        if (scripts / name).is_file():
            return [str(scripts / name)]
    found = shutil.which("mtcheck")
    return [found] if found else [sys.executable, "-m", "mtcheck"]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    # one core: keep any numeric library in the child from starting thread pools
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = "1"
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


# The CLI is started from this small launcher (``python -S``), never straight from the harness:
# on Linux a child's max RSS starts from the high-water mark of the process it was forked from,
# and the harness holds the corpus and mtcheck's word lists (~90 MB), which would otherwise show
# up as the child's peak memory. The launcher is ~10 MB; its one child is the measured command,
# so its RUSAGE_CHILDREN is exactly that command's rusage.
_LAUNCHER = r"""
import os, resource, sys, time
cwd, argv = sys.argv[1], sys.argv[2:]
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        if cwd:
            os.chdir(cwd)
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        os.execvp(argv[0], argv)
    finally:
        os._exit(127)
_, status, _ = os.wait4(pid, 0)
wall = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(os.waitstatus_to_exitcode(status), repr(wall), ru.ru_maxrss, repr(ru.ru_utime + ru.ru_stime))
"""


def run_child(cmd: list[str], cwd: Path | None = None) -> dict:
    """Run ``cmd`` (stdout discarded) from the launcher; return its wall time (fork to exit),
    exit code, max RSS in KB and CPU time (user + system), for this command only."""
    with tempfile.TemporaryFile() as err:
        proc = subprocess.run([sys.executable, "-S", "-c", _LAUNCHER, str(cwd or ""), *cmd],
                              stdout=subprocess.PIPE, stderr=err, env=child_env(), text=True)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    try:
        rc, wall, maxrss_kb, cpu = proc.stdout.split()
    except ValueError:
        raise SystemExit(f"bench: the launcher failed ({proc.returncode}):\n{proc.stdout}\n{stderr}")
    return {"wall_s": float(wall), "rc": int(rc), "maxrss_kb": int(maxrss_kb), "cpu_s": float(cpu),
            "stderr": stderr[-2000:]}


def expect_rc(res: dict, ok: tuple[int, ...], what: str) -> None:
    if res["rc"] not in ok:
        raise SystemExit(f"bench: {what} exited with {res['rc']} (expected {ok}):\n{res['stderr']}")


def pin_one_core(cpu: int | None) -> int | None:
    """Pin this process (and so every child it starts) to one CPU."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    allowed = sorted(os.sched_getaffinity(0))
    chosen = cpu if cpu is not None else allowed[-1]
    os.sched_setaffinity(0, {chosen})
    return chosen


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def git_head() -> str | None:
    """The checked-out commit, read from .git without running git (the tree may be dirty)."""
    try:
        head = (REPO / ".git" / "HEAD").read_text().strip()
        if head.startswith("ref: "):
            ref = head[5:]
            path = REPO / ".git" / ref
            if path.is_file():
                return f"{ref.rsplit('/', 1)[-1]}@{path.read_text().strip()[:12]}"
            packed = REPO / ".git" / "packed-refs"
            if packed.is_file():
                for line in packed.read_text().splitlines():
                    if line.endswith(" " + ref):
                        return f"{ref.rsplit('/', 1)[-1]}@{line[:12]}"
            return ref
        return head[:12]
    except OSError:
        return None


def version_of(dist: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


# --- corpus ----------------------------------------------------------------------------------

def build_corpus(src: Path, folder: Path, max_words: int | None) -> dict:
    """Group every 25 consecutive lines of each system output into one article (one line per
    paragraph, paragraphs separated by a blank line) and write it to ``folder`` as .txt.
    Systems are taken in file-name order; with ``max_words`` the corpus is the shortest run of
    articles, in that order, holding at least ``max_words`` words (it overshoots by less than
    one article, so ``--words 100000`` still meets the 100,000-word minimum)."""
    from mtcheck import readers

    files = sorted(src.glob("*.en"))
    if not files:
        raise SystemExit(f"bench: no *.en files in {src}")
    articles: list[tuple[str, str]] = []  # (path, text)
    words = 0
    systems: list[str] = []
    capped = False
    for f in files:
        system = f.name.split(".hyp.", 1)[-1].removesuffix(".en")
        lines = f.read_text(encoding="utf-8").splitlines()
        for k in range(0, len(lines), LINES_PER_ARTICLE):
            text = "\n\n".join(line.strip() for line in lines[k:k + LINES_PER_ARTICLE]) + "\n"
            if max_words is not None and words >= max_words:
                capped = True
                break
            n = readers.read_plain(text, "x.txt").words
            path = folder / f"{system}_{k // LINES_PER_ARTICLE:03d}.txt"
            path.write_text(text, encoding="utf-8", newline="\n")
            articles.append((str(path), text))
            words += n
            if system not in systems:
                systems.append(system)
        if capped:
            break
    return {"articles": articles, "words": words, "systems": systems, "source_files": len(files)}


# --- measurements ----------------------------------------------------------------------------

def bench_in_process(articles: list[tuple[str, str]], runs: int) -> dict:
    from mtcheck import readers
    from mtcheck.config import Settings
    from mtcheck.lint import Linter

    t0 = time.perf_counter()
    linter = Linter(Settings())
    build_s = time.perf_counter() - t0
    path, text = articles[0]
    t0 = time.perf_counter()
    linter.check_document(readers.read_plain(text, path))  # warm-up, unrecorded
    first_s = time.perf_counter() - t0

    walls, cpus, rates, words_seen = [], [], [], set()
    words = findings = 0
    for i in range(runs):
        words = findings = 0
        c0, t0 = time.process_time(), time.perf_counter()
        for path, text in articles:
            result = linter.check_document(readers.read_plain(text, path))
            words += result.stats.words
            findings += len(result.findings)
        wall = time.perf_counter() - t0
        cpu = time.process_time() - c0
        walls.append(wall)
        cpus.append(cpu)
        rates.append(words / wall)
        words_seen.add(words)
        log(f"  in-process run {i + 1}/{runs}: {words:,} words in {wall:.3f} s = {words / wall:,.0f} words/s")
    if len(words_seen) != 1:
        raise SystemExit(f"bench: word counts differ between runs: {sorted(words_seen)}")
    return {"words": words_seen.pop(), "articles": len(articles), "findings": findings,
            "linter_build_s": build_s, "first_document_s": first_s, "rules": len(linter.rules),
            "signature": linter.signature,
            "words_per_s": summary(rates), "wall_s": summary(walls), "cpu_s": summary(cpus)}


def bench_cli_corpus(mtcheck: list[str], folder: Path, words: int, runs: int) -> dict:
    cmd = [*mtcheck, "check", str(folder), "--format", "json", "-o", os.devnull, "--exit-zero"]
    walls, rates, rss, cpus = [], [], [], []
    for i in range(runs):
        res = run_child(cmd, cwd=folder)
        expect_rc(res, (0,), "mtcheck check on the corpus")
        walls.append(res["wall_s"])
        rates.append(words / res["wall_s"])
        cpus.append(res["cpu_s"])
        rss.append(res["maxrss_kb"])
        log(f"  CLI run {i + 1}/{runs}: {res['wall_s']:.3f} s = {words / res['wall_s']:,.0f} words/s, "
            f"max RSS {res['maxrss_kb'] / 1024:.1f} MB")
    out = {"command": cmd, "words": words, "words_per_s": summary(rates), "wall_s": summary(walls),
           "cpu_s": summary(cpus)}
    out["maxrss_mb_per_run"] = [r / 1024 for r in rss]
    out["maxrss_mb"] = max(rss) / 1024
    # what the launcher itself weighs: a lower bound under every max RSS figure
    out["maxrss_floor_mb"] = run_child(["true"])["maxrss_kb"] / 1024
    return out


def bench_cold(mtcheck: list[str], fixture: str, runs: int) -> dict:
    cmd = [*mtcheck, "check", fixture]
    prime = run_child(cmd, cwd=REPO)  # writes .pyc files, fills the page cache; unrecorded
    expect_rc(prime, (0, 1), f"mtcheck check {fixture}")
    walls = []
    for _ in range(runs):
        res = run_child(cmd, cwd=REPO)
        expect_rc(res, (0, 1), f"mtcheck check {fixture}")
        walls.append(res["wall_s"])
    log(f"  cold single article: median {statistics.median(walls):.3f} s (exit code {res['rc']})")
    return {"command": cmd, "cwd": str(REPO), "exit_code": res["rc"], "priming_run_s": prime["wall_s"],
            "maxrss_mb": res["maxrss_kb"] / 1024, "wall_s": summary(walls),
            # informational: what the cold run imports (one run under -X importtime, not timed)
            "imports": importtime(["-m", "mtcheck", "check", fixture])}


def bench_help(mtcheck: list[str], runs: int) -> dict:
    cmd = [*mtcheck, "--help"]
    prime = run_child(cmd)
    expect_rc(prime, (0,), "mtcheck --help")
    walls = []
    for _ in range(runs):
        res = run_child(cmd)
        expect_rc(res, (0,), "mtcheck --help")
        walls.append(res["wall_s"])
    out = {"command": cmd, "wall_s": summary(walls),
           "maxrss_mb": res["maxrss_kb"] / 1024}
    on_path = shutil.which("mtcheck")
    if on_path and Path(on_path).resolve() != Path(cmd[0]).resolve():
        # e.g. a pyenv shim: what a user typing `mtcheck` gets; informational only
        shim = [run_child([on_path, "--help"])["wall_s"] for _ in range(max(3, runs // 2))]
        out["via_path"] = {"command": [on_path, "--help"], "wall_s": summary(shim)}
    log(f"  mtcheck --help: median {statistics.median(walls) * 1000:.0f} ms")
    return out


_HELP_PROBE = r"""
import contextlib, io, json, sys
from mtcheck.cli import main
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    try:
        rc = main(["--help"], prog_name="mtcheck", standalone_mode=False)
    except SystemExit as exc:
        rc = exc.code
heavy = %r
loaded = [m for m in heavy if m in sys.modules]
print("BENCH-RESULT " + json.dumps({"rc": rc, "help_chars": len(buf.getvalue()),
      "spacy_imported": "spacy" in sys.modules, "heavy_modules_loaded": loaded,
      "modules_loaded": len(sys.modules)}))
"""

_IMPORTTIME_PROBE = ("import sys; sys.argv=['mtcheck','--help']; "
                     "from mtcheck.cli import main; main()")
_IMPORTTIME_LINE = re.compile(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)")


def importtime(args: list[str]) -> dict:
    """Run ``python -X importtime ARGS`` and summarise which modules were imported, and their cost."""
    proc = subprocess.run([sys.executable, "-X", "importtime", *args], cwd=REPO, capture_output=True,
                          text=True, env=child_env())
    top: list[tuple[str, int]] = []
    names: set[str] = set()
    total_us = 0
    for l in proc.stderr.splitlines():
        m = _IMPORTTIME_LINE.match(l)
        if not m:
            continue
        self_us, cum_us, indent, name = int(m[1]), int(m[2]), m[3], m[4]
        names.add(name)
        total_us += self_us
        if len(indent) <= 1:  # a top-level import
            top.append((name, cum_us))
    top.sort(key=lambda t: -t[1])
    return {
        "command": ["python", "-X", "importtime", *args],
        "exit_code": proc.returncode,
        "spacy_imported": any(n == "spacy" or n.startswith("spacy.") for n in names),
        "modules_imported": len(names),
        "total_import_ms": total_us / 1000,
        "top_level_cumulative_ms": [{"module": n, "ms": us / 1000} for n, us in top[:8]],
    }


def probe_help_imports() -> dict:
    """Does ``mtcheck --help`` import spaCy? Checked two ways: ``sys.modules`` after invoking the
    click group with ``standalone_mode=False``, and ``python -X importtime``."""
    out: dict = {}
    proc = subprocess.run([sys.executable, "-c", _HELP_PROBE % (HEAVY_MODULES,)], cwd=REPO,
                          capture_output=True, text=True, env=child_env())
    line = next((l for l in proc.stdout.splitlines() if l.startswith("BENCH-RESULT ")), None)
    if line is None:
        raise SystemExit(f"bench: --help probe failed:\n{proc.stdout}\n{proc.stderr}")
    out["sys_modules"] = json.loads(line.split(" ", 1)[1])

    out["importtime"] = importtime(["-c", _IMPORTTIME_PROBE])
    out["spacy_imported"] = out["sys_modules"]["spacy_imported"] or out["importtime"]["spacy_imported"]
    log(f"  spaCy imported by --help: {out['spacy_imported']}")
    return out


def profile_in_process(articles: list[tuple[str, str]], dest: Path, top: int = 15) -> dict:
    from mtcheck import readers
    from mtcheck.config import Settings
    from mtcheck.lint import Linter

    linter = Linter(Settings())
    path, text = articles[0]
    linter.check_document(readers.read_plain(text, path))  # warm-up, as in the timed runs
    prof = cProfile.Profile()
    words = 0
    t0 = time.perf_counter()
    prof.enable()
    for path, text in articles:
        words += linter.check_document(readers.read_plain(text, path)).stats.words
    prof.disable()
    wall = time.perf_counter() - t0

    def table(key: str) -> str:
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats(key).print_stats(top)
        text = buf.getvalue()
        return text[text.find("   ncalls"):] if "   ncalls" in text else text

    stats = pstats.Stats(prof)
    total = sum(v[2] for v in stats.stats.values())  # total self time
    by_cum = sorted(stats.stats.items(), key=lambda kv: -kv[1][3])
    top_cum = [{"function": f"{Path(k[0]).name}:{k[1]}({k[2]})", "ncalls": v[1], "tottime_s": v[2],
                "cumtime_s": v[3]} for k, v in by_cum[:top]]
    dest.parent.mkdir(parents=True, exist_ok=True)
    with open(dest, "w", encoding="utf-8") as fh:
        fh.write(f"cProfile of one in-process pass: {len(articles)} articles, {words:,} words, "
                 f"{wall:.3f} s under the profiler ({words / wall:,.0f} words/s with profiling "
                 f"overhead), {total:.3f} s of profiled time\n")
        fh.write(f"generated {_dt.datetime.now().isoformat(timespec='seconds')} by "
                 f"{' '.join(['python', *sys.argv])}\n\n")
        fh.write(f"== top {top} by cumulative time ==\n")
        fh.write(table("cumulative"))
        fh.write(f"\n== top {top} by own (tottime) time ==\n")
        fh.write(table("tottime"))
    log(f"  profile written to {dest}")
    return {"path": str(dest), "wall_s": wall, "words": words, "top_cumulative": top_cum}


# --- report ----------------------------------------------------------------------------------

def verdict(name: str, value: float) -> str:
    op, target, _ = TARGETS[name]
    ok = value >= target if op == ">=" else value <= target
    return "PASS" if ok else "MISS"


def print_table(res: dict) -> None:
    rows = []
    ip, cli = res["in_process"], res["cli_corpus"]
    rows.append(("throughput, in-process (1 core)", ip["words_per_s"], "{:,.0f}", "words/s",
                 "words_per_s"))
    rows.append(("throughput, CLI end to end (1 core)", cli["words_per_s"], "{:,.0f}", "words/s",
                 "words_per_s"))
    rows.append(("cold `mtcheck check` 1 article", res["cold_single"]["wall_s"], "{:.3f}", "s",
                 "cold_single_s"))
    rows.append(("`mtcheck --help`", res["help"]["wall_s"], "{:.3f}", "s", "help_s"))
    if "via_path" in res["help"]:
        rows.append(("`mtcheck --help` via PATH shim (info)", res["help"]["via_path"]["wall_s"], "{:.3f}",
                     "s", None))
    head = f"{'measurement':40} {'median':>10} {'min':>10} {'max':>10} {'unit':8} {'runs':>4}  target       status"
    print()
    print(f"mtcheck bench: {res['corpus']['articles']} articles, {res['corpus']['words']:,} words "
          f"({len(res['corpus']['systems'])} systems x {LINES_PER_ARTICLE}-line articles), "
          f"pinned to CPU {res['meta']['pinned_cpu']}")
    print(head)
    print("-" * len(head))
    for label, s, fmt, unit, key in rows:
        tgt = status = ""
        if key:
            op, value, _ = TARGETS[key]
            tgt = f"{op} {value:,}"
            status = verdict(key, s["median"])
        print(f"{label:40} {fmt.format(s['median']):>10} {fmt.format(s['min']):>10} "
              f"{fmt.format(s['max']):>10} {unit:8} {s['runs']:>4}  {tgt:12} {status}")
    mem = cli.get("maxrss_mb")
    if mem is not None:
        print(f"{'peak memory, CLI on the corpus (max RSS)':40} {mem:>10.1f} {'':>10} {'':>10} {'MB':8} "
              f"{cli['wall_s']['runs']:>4}")
    yes_no = lambda b: "yes" if b else "no"  # noqa: E731
    print(f"{'spaCy imported by `mtcheck --help`':40} {yes_no(res['help_imports']['spacy_imported']):>10}")
    print(f"{'spaCy imported by cold `mtcheck check`':40} "
          f"{yes_no(res['cold_single']['imports']['spacy_imported']):>10}")
    print(f"{'in-process first article (warm-up, info)':40} {ip['first_document_s']:>10.3f} {'':>10} {'':>10} "
          f"{'s':8} {1:>4}")
    print()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, metavar="N",
                    help="cap the corpus: stop adding articles once it holds N words (overshoot "
                         "< 1 article; default: the whole corpus, ~336k words; the benchmark is "
                         f"specified for at least {MIN_WORDS:,})")
    ap.add_argument("--runs", type=int, metavar="N",
                    help="repeats for every timed measurement (default: 5 in-process, 3 CLI on "
                         "the corpus, 5 cold single article, 10 --help)")
    ap.add_argument("--cli-runs", type=int, metavar="N", help="repeats of the CLI corpus run")
    ap.add_argument("--cold-runs", type=int, metavar="N", help="repeats of the cold single-article run")
    ap.add_argument("--help-runs", type=int, metavar="N", help="repeats of `mtcheck --help`")
    ap.add_argument("--profile", action="store_true",
                    help="profile one in-process pass with cProfile into bench/out/profile.txt")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                    help="folder of *.en system outputs (default: %(default)s)")
    ap.add_argument("--fixture", default=DEFAULT_FIXTURE, help="article for the cold run (default: %(default)s)")
    ap.add_argument("--mtcheck", metavar="CMD",
                    help="command that starts the CLI (default: the console script next to this Python)")
    ap.add_argument("--cpu", type=int, help="CPU to pin to (default: the highest allowed one)")
    ap.add_argument("--no-pin", action="store_true", help="do not pin to one CPU")
    ap.add_argument("--out", type=Path, default=BENCH / "out", help="output folder (default: bench/out)")
    ap.add_argument("--keep-corpus", action="store_true", help="keep the generated article folder")
    args = ap.parse_args(argv)

    runs_in = args.runs or 5
    runs_cli = args.cli_runs or args.runs or 3
    runs_cold = args.cold_runs or args.runs or 5
    runs_help = args.help_runs or args.runs or 10

    import mtcheck

    pinned = None if args.no_pin else pin_one_core(args.cpu)
    load_before = os.getloadavg() if hasattr(os, "getloadavg") else None
    mtcheck_cmd = find_mtcheck(args.mtcheck)
    started = time.perf_counter()

    folder = Path(tempfile.mkdtemp(prefix="mtcheck-bench-"))
    try:
        log(f"building the corpus from {args.corpus} into {folder}")
        corpus = build_corpus(args.corpus, folder, args.words)
        if corpus["words"] < MIN_WORDS:
            log(f"WARNING: the corpus has {corpus['words']:,} words, under the {MIN_WORDS:,} the "
                "benchmark is specified for; figures are not comparable")
        log(f"  {len(corpus['articles'])} articles, {corpus['words']:,} words, "
            f"{len(corpus['systems'])} of {corpus['source_files']} systems")

        from mtcheck.config import find_config

        results: dict = {
            "meta": {
                "date": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                "command": " ".join(["python", os.path.relpath(__file__, Path.cwd()), *(argv or sys.argv[1:])]),
                "python": platform.python_version(), "implementation": platform.python_implementation(),
                "platform": platform.platform(), "cpu_model": cpu_model(), "cpu_count": os.cpu_count(),
                "pinned_cpu": pinned, "loadavg_before": load_before,
                "mtcheck_version": mtcheck.__version__, "mtcheck_path": str(Path(mtcheck.__file__).parent),
                "git_head": git_head(), "spacy_version": version_of("spacy"),
                "mtcheck_command": mtcheck_cmd,
            },
            "targets": {k: {"op": op, "value": v, "unit": u} for k, (op, v, u) in TARGETS.items()},
            "corpus": {"source": str(args.corpus), "lines_per_article": LINES_PER_ARTICLE,
                       "articles": len(corpus["articles"]), "words": corpus["words"],
                       "systems": corpus["systems"], "cap": args.words,
                       "config_used_by_cli": str(find_config(folder) or "none (built-in defaults)")},
        }

        log(f"[1/5] in-process throughput, {runs_in} runs")
        results["in_process"] = bench_in_process(corpus["articles"], runs_in)
        words = results["in_process"]["words"]
        log(f"[2/5] CLI throughput and peak memory, {runs_cli} runs")
        results["cli_corpus"] = bench_cli_corpus(mtcheck_cmd, folder, words, runs_cli)
        log(f"[3/5] cold single article, {runs_cold} runs")
        results["cold_single"] = bench_cold(mtcheck_cmd, args.fixture, runs_cold)
        log(f"[4/5] mtcheck --help, {runs_help} runs")
        results["help"] = bench_help(mtcheck_cmd, runs_help)
        results["help_imports"] = probe_help_imports()
        if args.profile:
            log("[5/5] cProfile of one in-process pass")
            results["profile"] = profile_in_process(corpus["articles"], args.out / "profile.txt")
        else:
            log("[5/5] profile skipped (use --profile)")
    finally:
        if args.keep_corpus:
            log(f"corpus kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)

    results["verdicts"] = {
        "in_process_words_per_s": verdict("words_per_s", results["in_process"]["words_per_s"]["median"]),
        "cli_words_per_s": verdict("words_per_s", results["cli_corpus"]["words_per_s"]["median"]),
        "cold_single_s": verdict("cold_single_s", results["cold_single"]["wall_s"]["median"]),
        "help_s": verdict("help_s", results["help"]["wall_s"]["median"]),
    }
    results["meta"]["loadavg_after"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    results["meta"]["bench_duration_s"] = time.perf_counter() - started

    args.out.mkdir(parents=True, exist_ok=True)
    dest = args.out / "results.json"
    dest.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print_table(results)
    print(f"results: {dest}" + (f"; profile: {args.out / 'profile.txt'}" if args.profile else "")
          + f"; took {results['meta']['bench_duration_s']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
