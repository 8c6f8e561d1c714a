"""Renderers: one function per output format, each taking a Report and returning text."""
from __future__ import annotations

from typing import Callable

from ..report import Report


def render_json(report: Report, **_: object) -> str:
    from .json import render

    return render(report)


def render_text(report: Report, *, color: bool = False, width: int | None = None, **_: object) -> str:
    from .text import render

    return render(report, color=color, width=width)


RENDERERS: dict[str, Callable[..., str]] = {"text": render_text, "json": render_json}
