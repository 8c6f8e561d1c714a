"""Human-readable output in the style of ruff: location, code, message, the line with the span
underlined, the suggestion; then a score line per file and a summary table by category."""
from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..finding import Applicability, Finding, Severity
from ..report import FileResult, Report, printable

_SEVERITY_STYLE = {Severity.MINOR: "cyan", Severity.MAJOR: "yellow", Severity.CRITICAL: "bold red"}
_CONTEXT = 40  # characters of context either side of a span on long lines
_MAX_UNDERLINE = 60
 # longer spans (paragraphs, appended blocks) are underlined from their start


def render(report: Report, *, color: bool = False, width: int | None = None, **_: object) -> str:
    out = io.StringIO()
    console = Console(file=out, force_terminal=color, no_color=not color, color_system="standard" if color else None,
                      width=width or 100, highlight=False, emoji=False, soft_wrap=True)
    for result in report.files:
        for f in result.findings:
            _finding(console, result, f)
    for result in report.files:
        _score_line(console, result, report)
    if report.files:
        _summary(console, report)
    return out.getvalue()


def _finding(console: Console, result: FileResult, f: Finding) -> None:
    line, col = result.line_col(f.range.start)
    end_line, _ = result.line_col(f.range.end)
    unit = result.unit_of(f)
    head = Text.assemble((printable(result.path), "bold"), f":{line}:{col}: ", (f.code, _SEVERITY_STYLE[f.severity]),
                         " ", f"[unit {printable(unit.id)}] " if unit else "", printable(f.message))
    if end_line > line:
        head.append(f" (lines {line}–{end_line})", style="dim")
    console.print(head)
    lo, text = result.line_text(line)
    span_end = min(f.range.end, lo + len(text))
    a, b = f.range.start - lo, span_end - lo
    if b - a > _MAX_UNDERLINE:  # a paragraph-long span: underline its beginning only
        b = a + _MAX_UNDERLINE
    left = max(0, a - _CONTEXT)
    right = min(len(text), max(b, a + 1) + _CONTEXT)
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(text) else ""
    shown = prefix + printable(text[left:right].replace("\t", " ")) + suffix
    caret_at = len(prefix) + a - left
    carets = max(1, b - a)
    gutter = str(line)
    pad = " " * len(gutter)
    console.print(Text(f"{pad} |", style="blue"))
    console.print(Text.assemble((f"{gutter} | ", "blue"), shown))
    console.print(Text.assemble((f"{pad} | ", "blue"), " " * caret_at, ("^" * carets, _SEVERITY_STYLE[f.severity]),
                                " ", (f.severity.value, "dim")))
    if f.suggestion:
        note = ""
        if f.fix is not None and f.fix.applicability == Applicability.SAFE:
            note = " (safe fix)"
        elif f.fix is not None and f.fix.applicability == Applicability.UNSAFE:
            note = " (unsafe fix)"
        console.print(Text.assemble((f"{pad} = ", "blue"), ("help", "bold"), f": {printable(f.suggestion)}", (note, "dim")))
    console.print()


def _score_line(console: Console, result: FileResult, report: Report) -> None:
    verdict = ("PASS", "bold green") if result.passed else ("FAIL", "bold red")
    n = len(result.findings)
    console.print(Text.assemble(
        (printable(result.path), "bold"), f": score {result.score.value:.1f}/100 ", verdict,
        f" — {n} finding{'s' if n != 1 else ''} in {result.stats.words:,} words, "
        f"penalty {result.score.per_1000_words:.1f} per 1,000 words"))


def _summary(console: Console, report: Report) -> None:
    counts: dict[str, dict[str, int]] = {}
    for (cat, sev), n in report.stats.counts.items():
        counts.setdefault(cat.value, {s.value: 0 for s in Severity})[sev.value] += n
    if counts:
        table = Table(title="Findings by category", title_justify="left", show_edge=False)
        table.add_column("category")
        for s in Severity:
            table.add_column(s.value, justify="right")
        table.add_column("total", justify="right")
        for cat in sorted(counts):
            row = counts[cat]
            table.add_row(cat, *(str(row[s.value]) for s in Severity), str(sum(row.values())))
        console.print()
        console.print(table)
    failed = sum(1 for f in report.files if not f.passed)
    gate = f"gate: score ≥ {report.fail_under:g}" + (f", no {report.fail_on} findings" if report.fail_on else "")
    console.print()
    console.print(Text.assemble(
        f"{report.findings} finding{'s' if report.findings != 1 else ''} in {len(report.files)} "
        f"file{'s' if len(report.files) != 1 else ''} ({report.stats.words:,} words); ",
        f"corpus score {report.score.value:.1f}/100; ",
        (f"{failed} failed", "bold red") if failed else ("all passed", "bold green"),
        f" ({gate})"))
    console.print(Text(report.signature, style="dim"))
