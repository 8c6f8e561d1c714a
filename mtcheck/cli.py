"""The command line: parses arguments, builds settings, delegates to the engine and renderers."""
from __future__ import annotations

import json
import os
import re
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__
from .config import ConfigError, Settings, find_config, load_settings, parse_fail_on

EXIT_OK, EXIT_FAIL, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "json", "jsonl", "sarif", "github", "junit", "html")


def _split(values: tuple[str, ...]) -> tuple[str, ...] | None:
    if not values:
        return None
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _error_line(error) -> str:
    from .report import printable  # control characters in a file name must not reach the terminal

    return f"mtcheck: {printable(error.path)}: {printable(error.message)}"


def _fail(message: str) -> "click.exceptions.Exit":
    click.echo(f"mtcheck: error: {message}", err=True)
    return click.exceptions.Exit(EXIT_ERROR)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="mtcheck")
def main() -> None:
    """Find what machine translation left behind in English text, and score each article.

    \b
    Examples:
      mtcheck check article.txt            lint one article
      mtcheck check articles/ --format json
      mtcheck fix articles/                apply the safe fixes (--diff to preview)
      mtcheck rules                        list the rules
      mtcheck explain HY002                document one rule
    """


def _lint_options(fn):
    """Options shared by `check` and `report`: what to check and the gate."""
    options = [
        click.argument("paths", nargs=-1, type=click.Path()),
        click.option("--select", multiple=True, metavar="CODES",
                     help="Rule codes or prefixes to run (comma-separated; default ALL)."),
        click.option("--extend-select", multiple=True, metavar="CODES", help="Codes or prefixes to add to the selection."),
        click.option("--ignore", multiple=True, metavar="CODES", help="Codes or prefixes to leave out."),
        click.option("--fail-under", type=click.FloatRange(0, 100), help="Fail an article scoring below this (default 80)."),
        click.option("--fail-on", type=click.Choice(["minor", "major", "critical", "none"]),
                     help="Fail an article with any finding of this severity or worse (default critical)."),
        click.option("--exit-zero", is_flag=True, help="Exit 0 even when articles fail the gate."),
        click.option("--include", multiple=True, metavar="GLOB", help="File patterns to check inside folders."),
        click.option("--exclude", multiple=True, metavar="GLOB", help="File or folder patterns to skip."),
        click.option("--accept", multiple=True, metavar="PHRASE", help="A word or phrase never to flag (repeatable)."),
        click.option("--stdin-format", type=click.Choice(["text", "markdown", "html", "xliff", "tmx", "po", "jsonl"]),
                     default="text", show_default=True, help="Format of standard input given as '-'."),
        click.option("--source", "source_file", type=click.Path(exists=True, dir_okay=False), metavar="FILE",
                     help="The source-language original of the one file checked, paragraph- or line-aligned: "
                          "turns on the source-aware SR rules."),
        click.option("--source-language", metavar="CODE",
                     help="Language of the source text (e.g. de); default: from the file, else detected."),
        click.option("--max-file-size", type=click.IntRange(0), metavar="BYTES",
                     help="Skip files larger than this (default 20 MB; 0 = no limit)."),
        click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False),
                     help="Read settings from this mtcheck.toml or pyproject.toml instead of the closest one."),
        click.option("-j", "--jobs", type=click.IntRange(1), metavar="N",
                     help="Worker processes checking files in parallel (default: one per CPU; 1 = in-process)."),
        click.option("--cache-dir", type=click.Path(file_okay=False), metavar="DIR",
                     help="Keep per-file results in DIR and reuse them for unchanged files."),
        click.option("--no-cache", is_flag=True, help="Ignore `cache-dir` from the configuration."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _output_options(fn):
    """Options shared by `check` and `fix`: where the report goes."""
    options = [
        click.option("--format", "formats", type=click.Choice(FORMATS), multiple=True,
                     help="Output format (default text); give it several times with --output-dir to write several."),
        click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
                     help="Write the report to FILE instead of standard output."),
        click.option("--output-dir", type=click.Path(file_okay=False),
                     help="Write one report per --format into this folder (mtcheck.txt, mtcheck.json, mtcheck.sarif, …)."),
        click.option("--no-color", is_flag=True, help="Plain text output even on a terminal."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _fix_options(fn):
    """Options shared by `check` and `fix`: which fixes, and whether only to show them."""
    options = [
        click.option("--unsafe-fixes", is_flag=True,
                     help="Also apply unsafe fixes (they may change wording, e.g. idiom replacements)."),
        click.option("--diff", is_flag=True,
                     help="Print the fixes as a unified diff and change nothing (exit 1 if there are any)."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _check_outputs(formats: tuple[str, ...], output: str | None, output_dir: str | None) -> tuple[str, ...]:
    formats = formats or ("text",)
    if len(formats) > 1 and not output_dir:
        raise _fail("several --format values need --output-dir")
    if output and output_dir:
        raise _fail("give --output or --output-dir, not both")
    return formats


@main.command()
@_lint_options
@_output_options
@click.option("--fix", "apply_fix", is_flag=True, help="Apply safe fixes to the files, then report what remains.")
@_fix_options
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Check on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786; needs "
                   "mtcheck[dask]); the report is the same as on one machine.")
def check(formats: tuple[str, ...], output: str | None, output_dir: str | None, no_color: bool,
          apply_fix: bool, unsafe_fixes: bool, diff: bool, dask_address: str | None, **lint) -> None:
    """Check files, folders (recursively) or standard input ('-').

    \b
    Exit codes: 0 every article passed the gate (or --exit-zero);
                1 an article failed the gate (score under --fail-under, or a
                  finding at --fail-on severity); with --diff: there are fixes;
                2 usage, configuration or input error (the other files are still checked).
    """
    formats = _check_outputs(formats, output, output_dir)
    if unsafe_fixes and not (apply_fix or diff):
        raise _fail("--unsafe-fixes needs --fix or --diff")
    if dask_address and (apply_fix or diff):
        raise _fail("--dask cannot be combined with --fix or --diff")
    _run(formats, output, output_dir, no_color, dask_address=dask_address, **lint,
         **_fix_mode(apply_fix or diff, unsafe_fixes, diff))


@main.command("fix")
@_lint_options
@_output_options
@_fix_options
def fix_command(formats: tuple[str, ...], output: str | None, output_dir: str | None, no_color: bool,
                unsafe_fixes: bool, diff: bool, **lint) -> None:
    """Apply fixes to files, folders (recursively) or standard input ('-'), then report what
    remains; the same as `mtcheck check --fix`.

    \b
    Safe fixes always; unsafe ones with --unsafe-fixes; display-only ones never.
    Files are replaced atomically, in their own encoding, byte-order mark and
    line breaks; a file whose text does not change is not written. With '-',
    the fixed text goes to standard output and the report to standard error.

    \b
    Exit codes: 0 every article passed the gate after fixing (or --exit-zero);
                1 an article still fails the gate; with --diff: there are fixes;
                2 usage, configuration, input or write error.
    """
    formats = _check_outputs(formats, output, output_dir)
    _run(formats, output, output_dir, no_color, **lint, **_fix_mode(True, unsafe_fixes, diff))


def _fix_mode(enabled: bool, unsafe: bool, diff: bool) -> dict:
    from .finding import Applicability

    if not enabled:
        return {}
    return {"fix": Applicability.UNSAFE if unsafe else Applicability.SAFE, "diff": diff}


@main.command()
@_lint_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True,
              help="The HTML file to write.")
def report(output: str, **lint) -> None:
    """Write a self-contained HTML report for editors (opens offline in any browser)."""
    _run(("html",), output, None, True, **lint)


def _run(formats: tuple[str, ...], output: str | None, output_dir: str | None, no_color: bool, *,
         paths: tuple[str, ...], select, extend_select, ignore, fail_under, fail_on, exit_zero, include,
         exclude, accept, stdin_format, max_file_size, config_file, jobs: int | None = None,
         cache_dir: str | None = None, no_cache: bool = False, fix=None, diff: bool = False,
         dask_address: str | None = None, source_file: str | None = None,
         source_language: str | None = None) -> None:
    """Check (and with ``fix``, an Applicability, first fix) the files, render, exit."""
    from dataclasses import replace

    from .lint import Linter
    from .parallel import default_jobs
    from .render import RENDERERS, SUFFIXES
    from .rules import UnknownSelector
    from .tagger import TaggerError

    paths = paths or (".",)
    try:
        settings = _settings(config_file, paths)
        overrides = dict(select=_split(select), extend_select=_split(extend_select), ignore=_split(ignore),
                         fail_under=fail_under, include=tuple(include) or None, exclude=_split(exclude),
                         max_file_size=max_file_size, cache_dir=cache_dir,
                         source_language=_language_code(source_language))
        if fail_on is not None:
            overrides["fail_on"] = parse_fail_on(fail_on)
            if overrides["fail_on"] is None:
                settings = settings.with_overrides(fail_on=None)
                del overrides["fail_on"]
        if accept:
            overrides["accept"] = settings.accept + tuple(accept)
        settings = settings.with_overrides(**overrides)
        if no_cache or fix is not None:  # fixing changes the files: nothing to reuse
            settings = replace(settings, cache_dir=None)
        linter = Linter(settings)
        linter.check_tagger()
    except (ConfigError, UnknownSelector, TaggerError) as exc:
        raise _fail(str(exc))
    if linter.cache is not None:
        try:
            linter.cache.prepare()
        except OSError as exc:
            raise _fail(f"cannot create the cache folder {settings.cache_dir}: {exc.strerror or exc}")
    jobs = jobs or default_jobs()
    # Results are kept until the report is written: keep only what the formats show, not every
    # Document (the HTML report shows each article's whole text; the others only flagged lines).
    keep = "source" if "html" in formats else "lines"

    if source_file is not None and (len(paths) != 1 or paths[0] == "-" or fix is not None or dask_address):
        raise _fail("--source pairs one source file with one target file "
                    "(not standard input, several paths, --fix or --dask)")
    if fix is None and formats == ("jsonl",) and not dask_address and source_file is None:
        _stream_jsonl(linter, list(paths), stdin_format, jobs, output, output_dir, exit_zero)
    stdin_fixed = None
    if source_file is not None:
        result = _check_pair(linter, paths[0], source_file, keep)
    elif fix is None:
        with _progress() as on_progress:
            if dask_address:
                result = _check_on_dask(list(paths), dask_address, settings, stdin_format, on_progress, keep)
            else:
                result = linter.check_paths(list(paths), stdin_format=stdin_format, on_progress=on_progress,
                                            jobs=jobs, keep=keep)
    else:
        result, stdin_fixed, totals = _fix_paths(linter, list(paths), stdin_format, fix, diff, keep)
        for e in result.errors:
            click.echo(_error_line(e), err=True)
        if diff:
            click.echo(f"Would fix {_count(totals[0], 'finding')} in {_count(totals[1], 'file')}", err=True)
            sys.exit(EXIT_ERROR if result.errors else EXIT_FAIL if totals[0] else EXIT_OK)
        click.echo(f"Fixed {_count(totals[0], 'finding')} in {_count(totals[1], 'file')} "
                   f"({result.findings} remaining)", err=True)
    if fix is None:
        for e in result.errors:
            click.echo(_error_line(e), err=True)
    if stdin_fixed is not None:
        stdout = sys.stdout.buffer
        stdout.write(stdin_fixed)
        stdout.flush()
    if output_dir:
        Path(output_dir).mkdir(parents=True, exist_ok=True)
        for fmt in formats:
            _write(Path(output_dir) / f"mtcheck{SUFFIXES[fmt]}", RENDERERS[fmt](result, color=False))
    elif output:
        _write(Path(output), RENDERERS[formats[0]](result, color=False))
    elif stdin_fixed is not None:  # standard output carries the fixed text
        click.echo(RENDERERS[formats[0]](result, color=False), nl=False, err=True)
    else:
        color = not no_color and "NO_COLOR" not in os.environ and sys.stdout.isatty()
        click.echo(RENDERERS[formats[0]](result, color=color), nl=False)
    if not result.files and not result.errors:
        click.echo("mtcheck: no files to check (looked for "
                   f"{', '.join(settings.include)})", err=True)
    if result.errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_OK if exit_zero or result.passed else EXIT_FAIL)


def _language_code(value: str | None) -> str | None:
    if value is None:
        return None
    if not re.fullmatch(r"[A-Za-z]{2,3}", value.strip()):
        raise _fail(f"--source-language: expected a language code such as de, got {value!r}")
    return value.strip().lower()


def _check_pair(linter, target: str, source: str, keep: str):
    """``--source``: the target file's paragraphs (or lines) paired with the source file's."""
    from .bilingual import align_with_source
    from .readers import InputError, decode, read_file

    try:
        doc = read_file(target, max_bytes=linter.settings.max_file_size)
        with open(source, "rb") as fh:
            source_text, _ = decode(fh.read(), source)
    except InputError as exc:
        raise _fail(f"{exc.path}: {exc.reason}")
    except OSError as exc:
        raise _fail(f"{source}: {exc.strerror or exc}")
    if doc.segments:
        raise _fail(f"{target}: a bilingual file has its source inside; --source is for plain target files")
    if not source_text.strip():
        raise _fail(f"{source}: the source file is empty")
    pairing = align_with_source(doc, source_text, linter.settings.source_language)
    if pairing.unaligned_target or pairing.unaligned_source:
        click.echo(f"mtcheck: {target} and {source} do not align one to one ({pairing.level}s): "
                   f"{pairing.unaligned_target} target and {pairing.unaligned_source} source "
                   f"{pairing.level}(s) left unpaired", err=True)
    return linter.report([linter.check_document(pairing.document).slim(keep)])


def _stream_jsonl(linter, paths: list[str], stdin_format: str, jobs: int, output: str | None,
                  output_dir: str | None, exit_zero: bool) -> None:
    """``--format jsonl``: write each file's line as soon as it is checked (in walk order), keep
    only the running totals and the errors, then write the summary line and exit."""
    from .render.jsonl import Totals, file_line_pieces, summary_line
    from .report import FileError

    target = Path(output_dir) / "mtcheck.jsonl" if output_dir else Path(output) if output else None
    try:
        if output_dir:
            Path(output_dir).mkdir(parents=True, exist_ok=True)
        sink = target.open("w", encoding="utf-8") if target is not None else None
    except OSError as exc:
        raise _fail(f"cannot write {target or output_dir}: {exc.strerror or exc}")

    def write(line: str) -> None:
        if sink is None:
            click.echo(line, nl=False)
            return
        try:
            sink.write(line)
        except OSError as exc:
            raise _fail(f"cannot write {target}: {exc.strerror or exc}")

    errors: list[FileError] = []
    totals = Totals()
    reported = 0
    try:
        with _progress() as on_progress:
            for result in linter.iter_results(paths, stdin_format, errors, on_progress, jobs):
                totals.add(result)
                for piece in file_line_pieces(result):
                    write(piece)
                for e in errors[reported:]:
                    click.echo(_error_line(e), err=True)
                reported = len(errors)
        for e in errors[reported:]:
            click.echo(_error_line(e), err=True)
        fail_on = linter.settings.fail_on.value if linter.settings.fail_on else None
        write(summary_line(totals, errors, linter.signature, linter.settings.fail_under, fail_on))
    finally:
        if sink is not None:
            sink.close()
    if not totals.files and not errors:
        click.echo("mtcheck: no files to check (looked for "
                   f"{', '.join(linter.settings.include)})", err=True)
    if errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_OK if exit_zero or totals.passed else EXIT_FAIL)


def _fix_paths(linter, paths: list[str], stdin_format: str, minimum, diff: bool, keep: str = "document"):
    """Fix every file (or with ``diff``, print what would change). Returns the report on the
    text as it now is (fixed, or as read where it could not be written), the fixed bytes of
    standard input (None when '-' is not given) and (fixes applied, files changed)."""
    from .fix import FixError, encode, fix_document, unified_diff, write_fixed
    from .report import FileError

    errors: list[FileError] = []
    results = []
    stdin_fixed = None
    fixed = files = 0
    with _progress() as on_progress:
        for doc in linter.iter_documents(paths, stdin_format, errors, on_progress):
            outcome = fix_document(linter, doc, minimum)
            result = outcome.result
            is_stdin = doc.path == "<stdin>" and "-" in paths
            try:
                if is_stdin and not diff:
                    try:
                        stdin_fixed = encode(outcome.source, doc.encoding)
                    except UnicodeEncodeError:
                        stdin_fixed = encode(doc.source, doc.encoding)
                        raise FixError(doc.path, f"the fixed text cannot be encoded as {doc.encoding}; "
                                                 "written unchanged") from None
                    changed = outcome.changed
                elif diff:
                    try:
                        encode(outcome.source, doc.encoding)
                    except UnicodeEncodeError:
                        raise FixError(doc.path, f"the fixed text cannot be encoded as {doc.encoding}; "
                                                 "it would be left unchanged") from None
                    patch = unified_diff(doc.source, outcome.source, doc.path)
                    click.echo(patch, nl=False)
                    changed = bool(patch)
                else:
                    changed = outcome.changed and write_fixed(doc, outcome.source)
            except FixError as exc:
                errors.append(FileError(exc.path, exc.reason))
                result, changed = outcome.original, False
            if changed:
                fixed += outcome.fixed
                files += 1
            results.append(result.slim(keep))
    return linter.report(results, errors), stdin_fixed, (fixed, files)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _check_on_dask(paths: list[str], address: str, settings: Settings, stdin_format: str, on_progress,
                   keep: str = "document"):
    try:
        from .dask import check_paths_dask
    except ImportError as exc:
        raise _fail(str(exc))
    try:
        return check_paths_dask(paths, address, settings, stdin_format=stdin_format, on_progress=on_progress,
                                keep=keep)
    except ImportError as exc:
        raise _fail(str(exc))
    except OSError as exc:
        raise _fail(f"cannot reach the Dask scheduler at {address}: {exc}")


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise _fail(f"cannot write {path}: {exc.strerror or exc}")


@contextmanager
def _progress(delay: float = 2.0):
    """A progress bar on standard error for runs longer than ``delay`` seconds, only when
    standard error is a terminal; never mixed into the report on standard output."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    started = time.monotonic()
    state: dict = {}

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            if time.monotonic() - started < delay or done >= total:
                return
            bar = Progress("checking", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                           console=Console(stderr=True), transient=True)
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task("check", total=total)
        state["bar"].update(state["task"], completed=done)

    try:
        yield update
    finally:
        if "bar" in state:
            state["bar"].stop()


def _settings(config_file: str | None, paths: tuple[str, ...]) -> Settings:
    if config_file:
        return load_settings(Path(config_file))
    first = Path(paths[0]) if paths and paths[0] != "-" else Path.cwd()
    start = first if first.is_dir() else first.parent
    return load_settings(find_config(start if str(start) else Path.cwd()))


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="markdown writes the reference in docs/rules.md.")
def list_rules(fmt: str) -> None:
    """List every rule: code, name, category, severity, fix, summary."""
    from .rules import ALL_RULES

    if fmt == "markdown":
        click.echo(rules_markdown(), nl=False)
        return
    if fmt == "json":
        click.echo(json.dumps([{"code": r.code, "name": r.meta.name, "category": r.meta.category.value,
                                "severity": r.meta.severity.value, "fix": r.meta.fix.value,
                                "summary": r.summary} for r in ALL_RULES], indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_edge=False, header_style="bold")
    for col in ("code", "name", "category", "severity", "fix", "summary"):
        table.add_column(col, overflow="fold")
    for r in ALL_RULES:
        table.add_row(r.code, r.meta.name, r.meta.category.value, r.meta.severity.value, r.meta.fix.value,
                      r.summary)
    Console(width=None if sys.stdout.isatty() else 160, highlight=False).print(table)


def rules_markdown() -> str:
    """The rule reference (docs/rules.md), generated from the registry and the docstrings."""
    from .rules import ALL_RULES, FAMILIES

    out = ["# Rules\n\nGenerated by `mtcheck rules --format markdown`; do not edit by hand.\n\n",
           "| code | name | category | severity | fix | summary |\n|---|---|---|---|---|---|\n"]
    for r in ALL_RULES:
        m = r.meta
        out.append(f"| [{m.code}](#{m.code.lower()}-{m.name}) | {m.name} | {m.category.value} | "
                   f"{m.severity.value} | {m.fix.value} | {r.summary} |\n")
    family = None
    for r in ALL_RULES:
        if r.code[:2] != family:
            family = r.code[:2]
            out.append(f"\n## {family}: {FAMILIES[family]}\n")
        m = r.meta
        body = r.doc.split("\n", 1)
        doc = body[1].strip() if len(body) > 1 else ""
        doc = doc.replace("\n## ", "\n#### ")
        if doc.startswith("## "):
            doc = "#### " + doc[3:]
        out.append(f"\n### {m.code} {m.name}\n\n{body[0].strip()}\n\n"
                   f"category `{m.category.value}` · severity `{m.severity.value}` · fix `{m.fix.value}`\n\n{doc}\n")
    return "".join(out)


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print the documentation of the rule CODE (e.g. HY002, or its name)."""
    from .rules import ALL_RULES, REGISTRY

    r = REGISTRY.get(code.upper()) or next((x for x in ALL_RULES if x.meta.name == code.lower()), None)
    if r is None:
        raise _fail(f"unknown rule {code!r} (see `mtcheck rules`)")
    m = r.meta
    header = (f"# {m.code} {m.name}\n\ncategory: {m.category.value} · severity: {m.severity.value} · "
              f"fix: {m.fix.value}\n\n")
    body = header + r.doc + "\n"
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(body))
    else:
        click.echo(body, nl=False)


@main.command("score")
@click.argument("hyp", type=click.Path(exists=True, dir_okay=False))
@click.option("-r", "--reference", "references", multiple=True, required=True,
              type=click.Path(exists=True, dir_okay=False), metavar="REF",
              help="A line-aligned reference file (repeatable for several references).")
@click.option("--doc-lines", type=click.IntRange(1), metavar="N",
              help="Group every N lines into one article for the per-article scores (default: the whole file).")
@click.option("--source", "source", type=click.Path(exists=True, dir_okay=False), metavar="SRC",
              help="The line-aligned source: mtcheck's score becomes source-aware (SR rules).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True)
def score_command(hyp: str, references: tuple[str, ...], doc_lines: int | None, source: str | None,
                  fmt: str) -> None:
    """Score a hypothesis against references: BLEU, chrF and TER (sacrebleu) beside mtcheck's score.

    \b
    HYP and every REF hold one segment per line, with the same number of lines.
    Exit codes: 0 scored; 2 usage or input error (e.g. different line counts).
    See docs/metrics.md.
    """
    from .metrics import AlignmentError, render_score_html, render_score_text, score_files

    try:
        data = score_files(hyp, references, doc_lines, source=source)
    except AlignmentError as exc:
        raise _fail(str(exc))
    _echo_metrics(data, fmt, render_score_text, render_score_html)


def _echo_metrics(data: dict, fmt: str, text, html) -> None:
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo((html if fmt == "html" else text)(data), nl=False)


@main.command("compare")
@click.argument("a", type=click.Path(exists=True, dir_okay=False))
@click.argument("b", type=click.Path(exists=True, dir_okay=False))
@click.option("-r", "--reference", "references", multiple=True, required=True,
              type=click.Path(exists=True, dir_okay=False), metavar="REF",
              help="A line-aligned reference file (repeatable for several references).")
@click.option("--bootstrap", "n_samples", type=click.IntRange(1), default=1000, show_default=True, metavar="N",
              help="Number of paired bootstrap resamples.")
@click.option("--seed", type=click.IntRange(1), default=12345, show_default=True,
              help="Seed of the resampling (the same seed gives the same p-values).")
@click.option("--source", "source", type=click.Path(exists=True, dir_okay=False), metavar="SRC",
              help="The line-aligned source: mtcheck's findings become source-aware (SR rules).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True)
def compare_command(a: str, b: str, references: tuple[str, ...], n_samples: int, seed: int,
                    source: str | None, fmt: str) -> None:
    """Compare two systems' outputs for the same source: paired bootstrap resampling for BLEU
    and chrF (A is the baseline; p-value of B's difference), and mtcheck's findings for each.

    \b
    Exit codes: 0 compared; 2 usage or input error (e.g. different line counts).
    See docs/metrics.md.
    """
    from .metrics import AlignmentError, compare_files, render_compare_html, render_compare_text

    try:
        data = compare_files(a, b, references, n_samples, seed, source=source)
    except AlignmentError as exc:
        raise _fail(str(exc))
    _echo_metrics(data, fmt, render_compare_text, render_compare_html)
