"""mtcheck: find what machine translation leaves behind in English text, and score it."""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "check_text", "check_paths"]


def __getattr__(name: str):
    # The API lives in mtcheck.lint; importing it lazily keeps `mtcheck --help` light.
    if name in ("check_text", "check_paths", "Linter"):
        from . import lint

        return getattr(lint, name)
    if name == "Settings":
        from .config import Settings

        return Settings
    raise AttributeError(name)
