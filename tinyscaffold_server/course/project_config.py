"""The course's one configuration file, read by the CLI and the server alike.

Found by walking up from a module (or a course directory): the first directory that has a
``tinyscaffold.toml`` (wins) or a ``pyproject.toml`` with a ``[tool.tinyscaffold]`` table.
Both spell the same settings; in ``pyproject.toml`` they sit under ``[tool.tinyscaffold]``::

    modules = ["01_tensor/tensor_dev.py", "02_activations/activations_dev.py"]
    exclude = ["**/*_backup.py", "scratch/**"]
    templates = "templates"             # folder of pattern templates (relative to the file)

    [thresholds]                         # [tool.tinyscaffold.thresholds] in pyproject.toml
    max_cell_sloc = 40

    [glossary]                           # the course's concepts, each with its aliases
    Tensor = ["tensors", "N-dimensional array"]
    ReLU = ["Rectified Linear Unit"]

This module sits above ``core/`` (it does I/O); the core only ever sees the merged
thresholds and the glossary as plain data.  A bad file raises ``ConfigError`` naming the
file and the key, so that a typo is reported rather than silently ignored.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from ..core.config import DEFAULTS, ConfigError, merge_config

__all__ = [
    "CONFIG_FILE",
    "ProjectConfig",
    "ProjectConfigCache",
    "find_config_file",
    "load_project_config",
]

CONFIG_FILE = "tinyscaffold.toml"
PYPROJECT = "pyproject.toml"
KNOWN_KEYS = ("modules", "exclude", "templates", "thresholds", "glossary")


class ProjectConfig(NamedTuple):
    """What the course's configuration file says; empty when there is none.

    (A named tuple, not a dataclass: importing dataclasses costs a cached CLI run more than
    the rest of its work.)"""

    source: Path | None = None  # the file read, or None
    root: Path | None = None  # its directory: relative paths in the file start here
    thresholds: Mapping[str, Any] = MappingProxyType({})  # overrides of config.DEFAULTS
    glossary: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (term, aliases) in file order
    modules: tuple[str, ...] = ()  # module order, paths relative to root
    exclude: tuple[str, ...] = ()  # glob patterns relative to root
    templates: Path | None = None  # absolute folder of template overrides

    def analysis_overrides(self) -> dict[str, Any]:
        """The layer this file adds over the defaults: its thresholds and its glossary."""
        layer = dict(self.thresholds)
        if self.glossary:
            layer["glossary"] = [[term, list(aliases)] for term, aliases in self.glossary]
        return layer

    def describe(self) -> str:
        return str(self.source) if self.source else "no configuration file"


def _has_tool_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    # Cheap pre-check before parsing: most pyproject files do not mention us at all.
    return "tinyscaffold" in text and "tinyscaffold" in _read_toml(pyproject).get("tool", {})


def find_config_file(start: Path, stop_at: Path | None = None) -> Path | None:
    """The configuration file that governs ``start`` (a file or a directory), or None.

    ``stop_at`` bounds the walk (the server never looks above its root directory).
    """
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    bound = stop_at.resolve() if stop_at is not None else None
    for directory in (here, *here.parents):
        if bound is not None and not directory.is_relative_to(bound):
            break
        candidate = directory / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = directory / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
        if bound is not None and directory == bound:
            break
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):  # imported here: most runs find no configuration file
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _strings(path: Path, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{path}: {key} must be a list of non-empty strings, got {value!r}")
    return tuple(v.strip() for v in value)


def _glossary(path: Path, value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{path}: glossary must be a table of term = [aliases], got {value!r}")
    entries = []
    for term, aliases in value.items():
        if not term.strip():
            raise ConfigError(f"{path}: glossary has an empty term")
        entries.append((term.strip(), _strings(path, f"glossary.{term}", aliases or [])))
    return tuple(entries)


def parse_project_config(path: Path, data: Mapping[str, Any]) -> ProjectConfig:
    """Validate the settings table read from ``path`` (already unwrapped from ``tool``)."""
    if not isinstance(data, Mapping):
        raise ConfigError(f"{path}: [tool.tinyscaffold] must be a table")
    unknown = [key for key in data if key not in KNOWN_KEYS]
    if unknown:
        hint = " (thresholds go under [thresholds])" if set(unknown) & set(DEFAULTS) else ""
        raise ConfigError(
            f"{path}: unknown setting {unknown[0]!r}{hint}; known: {', '.join(KNOWN_KEYS)}"
        )
    thresholds = data.get("thresholds", {})
    try:
        merge_config(thresholds)  # validate now, so that the error names this file
    except ConfigError as exc:
        raise ConfigError(f"{path}: thresholds: {exc}") from None
    root = path.parent.resolve()
    templates = data.get("templates")
    if templates is not None and not (isinstance(templates, str) and templates.strip()):
        raise ConfigError(f"{path}: templates must be a folder path, got {templates!r}")
    return ProjectConfig(
        source=path,
        root=root,
        thresholds=dict(thresholds),
        glossary=_glossary(path, data.get("glossary", {})),
        modules=_strings(path, "modules", data.get("modules", [])),
        exclude=_strings(path, "exclude", data.get("exclude", [])),
        templates=(root / templates) if templates else None,
    )


def load_project_config(start: Path, stop_at: Path | None = None) -> ProjectConfig:
    """The settings that govern ``start``; an empty ``ProjectConfig`` when no file exists."""
    path = find_config_file(start, stop_at)
    if path is None:
        return ProjectConfig()
    data = _read_toml(path)
    if path.name == PYPROJECT:
        data = data.get("tool", {}).get("tinyscaffold", {})
    return parse_project_config(path, data)


class ProjectConfigCache:
    """The server's view: the configuration file that governs a path under its root,
    re-read only when the file changes (by modification time and size)."""

    def __init__(self, root: Path | None) -> None:
        self.root = root.resolve() if root is not None else None
        self._read: dict[Path, tuple[tuple[int, int], ProjectConfig]] = {}

    def for_path(self, path: str | None) -> ProjectConfig:
        """Settings for ``path`` (relative to the root, a file or a folder); empty when the
        server has no root on disk, the path is unknown, or no file governs it."""
        if self.root is None or path is None:
            return ProjectConfig()
        try:
            start = (self.root / path).resolve()
            if not start.is_relative_to(self.root):
                return ProjectConfig()
            found = find_config_file(start, stop_at=self.root)
            if found is None:
                return ProjectConfig()
            stat = found.stat()
        except (OSError, ValueError):  # a path no file can have ("\x00"), or unreadable
            return ProjectConfig()
        stamp = (stat.st_mtime_ns, stat.st_size)
        cached = self._read.get(found)
        if cached is None or cached[0] != stamp:
            data = _read_toml(found)
            if found.name == PYPROJECT:
                data = data.get("tool", {}).get("tinyscaffold", {})
            cached = (stamp, parse_project_config(found, data))
            self._read[found] = cached
        return cached[1]

    def layer(self, path: str | None) -> dict[str, Any]:
        return self.for_path(path).analysis_overrides()
