"""Renderers: one function per output format, each taking a Report and returning text.

Each format's module is imported only when that format is asked for.
"""
from __future__ import annotations

from importlib import import_module
from typing import Callable

from ..report import Report

# format -> module under mtcheck.render exposing render(report, **options) -> str
_MODULES = {"text": "text", "json": "json", "sarif": "sarif", "github": "github", "junit": "junit",
            "html": "html", "jsonl": "jsonl"}
SUFFIXES = {"text": ".txt", "json": ".json", "sarif": ".sarif", "github": ".github.txt", "junit": ".junit.xml",
            "html": ".html", "jsonl": ".jsonl"}


def _renderer(module: str) -> Callable[..., str]:
    def render(report: Report, **options: object) -> str:
        return import_module(f"{__name__}.{module}").render(report, **options)

    render.__name__ = f"render_{module}"
    return render


RENDERERS: dict[str, Callable[..., str]] = {fmt: _renderer(mod) for fmt, mod in _MODULES.items()}
