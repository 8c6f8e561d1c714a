"""Settings: built-in defaults < closest ``mtcheck.toml`` / ``[tool.mtcheck]`` < CLI flags."""
from __future__ import annotations

import fnmatch
import re
import sys
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .finding import Severity
from .readers import DEFAULT_INCLUDE, DEFAULT_MAX_BYTES


class ConfigError(Exception):
    """Invalid configuration; the CLI exits with code 2."""


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ("ALL",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    fail_under: float = 80.0
    fail_on: Severity | None = Severity.CRITICAL
    accept: tuple[str, ...] = ()
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_BYTES
    tagger: str = "en_ewt_tagger"  # the packaged POS tagger, or an installed spaCy pipeline
    cache_dir: str | None = None  # where `--cache-dir` keeps per-file results (None: no cache)
    source_language: str | None = None  # of bilingual sources ("de"); None: from the file or detected
    config_path: str | None = None

    def with_overrides(self, **overrides: Any) -> "Settings":
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})

    def ignored_for(self, path: str) -> tuple[str, ...]:
        out: list[str] = []
        norm = path.replace("\\", "/")
        for pattern, codes in self.per_file_ignores.items():
            if fnmatch.fnmatch(norm, pattern) or fnmatch.fnmatch(norm.rsplit("/", 1)[-1], pattern):
                out.extend(codes)
        return tuple(out)


_KEYS = {f.name.replace("_", "-") for f in fields(Settings)} - {"config-path"}


def find_config(start: Path) -> Path | None:
    """The closest ``mtcheck.toml``, or ``pyproject.toml`` with a ``[tool.mtcheck]`` table, at
    or above ``start``. In one folder ``mtcheck.toml`` wins."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / "mtcheck.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
                continue
            if "mtcheck" in data.get("tool", {}):
                return pyproject
    return None


def load_settings(path: Path | None) -> Settings:
    if path is None:
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("mtcheck", {})
    return settings_from_mapping(data, str(path))


def _strings(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: `{key}` must be a list of strings")
    return tuple(value)


def settings_from_mapping(data: Mapping[str, Any], where: str = "<config>") -> Settings:
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown setting(s): {', '.join(unknown)} "
                          f"(known: {', '.join(sorted(_KEYS))})")
    kw: dict[str, Any] = {"config_path": where}
    for key in ("select", "extend-select", "ignore", "accept", "include", "exclude"):
        if key in data:
            kw[key.replace("-", "_")] = _strings(data[key], key, where)
    if "per-file-ignores" in data:
        table = data["per-file-ignores"]
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: `per-file-ignores` must be a table of glob = [codes]")
        kw["per_file_ignores"] = {k: _strings(v, f"per-file-ignores.{k}", where) for k, v in table.items()}
    if "fail-under" in data:
        value = data["fail-under"]
        if not isinstance(value, (int, float)) or not 0 <= value <= 100:
            raise ConfigError(f"{where}: `fail-under` must be a number from 0 to 100")
        kw["fail_under"] = float(value)
    if "fail-on" in data:
        kw["fail_on"] = parse_fail_on(str(data["fail-on"]), where)
    if "tagger" in data:
        if not isinstance(data["tagger"], str) or not data["tagger"].strip():
            raise ConfigError(f"{where}: `tagger` must be the name of an installed spaCy pipeline")
        kw["tagger"] = data["tagger"].strip()
    if "source-language" in data:
        value = data["source-language"]
        if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2,3}", value.strip()):
            raise ConfigError(f"{where}: `source-language` must be a language code such as \"de\"")
        kw["source_language"] = value.strip().lower()
    if "max-file-size" in data:
        value = data["max-file-size"]
        if not isinstance(value, int) or value < 0:
            raise ConfigError(f"{where}: `max-file-size` must be a number of bytes (0 = no limit)")
        kw["max_file_size"] = value
    if "cache-dir" in data:
        value = data["cache-dir"]
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{where}: `cache-dir` must be a folder path")
        folder = Path(value.strip()).expanduser()
        if not folder.is_absolute() and Path(where).is_file():  # relative to the config file
            folder = Path(where).parent / folder
        kw["cache_dir"] = str(folder)
    return Settings(**kw)


def parse_fail_on(value: str, where: str = "--fail-on") -> Severity | None:
    if value.lower() == "none":
        return None
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise ConfigError(f"{where}: {exc}") from None
