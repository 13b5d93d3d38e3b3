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

import errno
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType

from ..core.config import DEFAULTS, ConfigError, merge_config
from ..core.named_tuple import NamedTuple
from ..core.typing_names import Any
from .root_bound import MAX_PATH_CHARS, PathRefused, RootBound

__all__ = [
    "CONFIG_FILE",
    "ProjectConfig",
    "ProjectConfigCache",
    "find_config_file",
    "in_inner_courses",
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
    shown: str | None = None  # the file as messages name it (the server: relative to its root)

    def analysis_overrides(self) -> dict[str, Any]:
        """The layer this file adds over the defaults: its thresholds and its glossary."""
        layer = dict(self.thresholds)
        if self.glossary:
            layer["glossary"] = [[term, list(aliases)] for term, aliases in self.glossary]
        return layer

    def describe(self) -> str:
        if self.source is None:
            return "no configuration file"
        return self.shown or str(self.source)


def _entry_present(candidate: Path, shown: str) -> bool:
    """Is there an entry (a file, a link, even a broken one) named ``candidate``?  A folder
    that cannot be searched is an error: the file that governs it might be there."""
    try:
        os.lstat(candidate)
    except FileNotFoundError:
        return False
    except (OSError, ValueError) as exc:
        if isinstance(exc, OSError) and exc.errno in (errno.ENOTDIR, errno.ENAMETOOLONG):
            return False
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ConfigError(f"{shown}: cannot look for the course configuration ({reason})") from None
    return True


def _read_bytes(path: Path, shown: str, bound: RootBound | None) -> bytes:
    if bound is not None:
        return bound.read_bytes(path)  # PathRefused: the caller answers 403/413
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{shown}: cannot read: {exc.strerror or exc}") from None


def _parse_toml(data: bytes, shown: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):  # imported here: most runs find no configuration file
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{shown}: not UTF-8 text (byte {exc.start}): not a TOML file") from None
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise ConfigError(f"{shown}: not valid TOML: nested too deeply") from None
    except ValueError as exc:  # TOMLDecodeError, and ints longer than Python converts
        raise ConfigError(f"{shown}: not valid TOML: {exc}") from None


def _shown(path: Path, bound: RootBound | None) -> str:
    return bound.name(path) if bound is not None else str(path)


def _find(start: Path, stop_at: Path | None, bound: RootBound | None) -> Path | None:
    found = os.path.realpath(start)  # never raises: loops and missing parts stay as named
    while not os.path.isdir(found) and os.path.dirname(found) != found:
        found = os.path.dirname(found)  # the nearest folder that exists: a short walk up
    here = Path(found)
    limit = Path(bound.root) if bound is not None else None
    if stop_at is not None:
        limit = Path(os.path.realpath(stop_at))
    for directory in (here, *here.parents):
        if limit is not None and not directory.is_relative_to(limit):
            break
        where = _shown(directory, bound)
        candidate = directory / CONFIG_FILE
        if _entry_present(candidate, where):
            return candidate
        pyproject = directory / PYPROJECT
        if _entry_present(pyproject, where):
            shown = _shown(pyproject, bound)
            data = _read_bytes(pyproject, shown, bound)
            # Cheap pre-check before parsing: most pyproject files do not mention us at all.
            if b"tinyscaffold" in data and _tool_table(_parse_toml(data, shown)) is not None:
                return pyproject
        if limit is not None and directory == limit:
            break
    return None


def _tool_table(data: Mapping[str, Any]) -> Any:
    tool = data.get("tool")
    return tool.get("tinyscaffold") if isinstance(tool, Mapping) else None


def find_config_file(
    start: Path, stop_at: Path | None = None, bound: RootBound | None = None
) -> Path | None:
    """The configuration file that governs ``start`` (a file or a directory), or None.

    ``stop_at`` bounds the walk; ``bound`` (the server's root) also bounds it and confines
    every read to the root (a file that resolves outside raises ``PathRefused``).
    """
    return _find(start, stop_at, bound)


def in_inner_courses(files: Iterable[Path], top: Path, bound: RootBound | None = None) -> set[Path]:
    """The ``files`` under ``top`` that a configuration file in a folder below ``top``
    governs: that folder is a course of its own, so they are not modules of the course
    listed from ``top`` (the server and the CLI both leave them out; README, "Courses
    inside a course").  A file in ``top`` itself or above it governs the listed course."""
    top = Path(os.path.realpath(top))
    verdicts: dict[Path, bool] = {}
    inner: set[Path] = set()
    for file in files:
        folder = Path(os.path.realpath(file.parent))
        if folder not in verdicts:
            verdicts[folder] = folder != top and _inner_course(folder, top, bound)
        if verdicts[folder]:
            inner.add(file)
    return inner


def _inner_course(folder: Path, top: Path, bound: RootBound | None) -> bool:
    try:
        found = find_config_file(folder, stop_at=top, bound=bound)
    except (ConfigError, PathRefused, OSError):
        # A pyproject.toml that cannot be read (a link out of the root, bad TOML) is not
        # known to hold a course: the listing goes on; opening a notebook there reports
        # why its course cannot be read.
        return False
    return found is not None and Path(os.path.realpath(found.parent)) != top


def _load(path: Path, bound: RootBound | None) -> ProjectConfig:
    shown = _shown(path, bound)
    data = _parse_toml(_read_bytes(path, shown, bound), shown)
    if path.name == PYPROJECT:
        data = _tool_table(data)
    return parse_project_config(path, data, shown)


def _strings(path: str, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{path}: {key} must be a list of non-empty strings, got {value!r}")
    return tuple(v.strip() for v in value)


def _glossary(path: str, value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{path}: glossary must be a table of term = [aliases], got {value!r}")
    entries = []
    for term, aliases in value.items():
        if not term.strip():
            raise ConfigError(f"{path}: glossary has an empty term")
        entries.append((term.strip(), _strings(path, f"glossary.{term}", aliases or [])))
    return tuple(entries)


def parse_project_config(
    path: Path, data: Mapping[str, Any], shown: str | None = None
) -> ProjectConfig:
    """Validate the settings table read from ``path`` (already unwrapped from ``tool``);
    errors name the file as ``shown`` (the server names it relative to its root)."""
    name = shown if shown is not None else str(path)
    if not isinstance(data, Mapping):
        raise ConfigError(f"{name}: [tool.tinyscaffold] must be a table")
    unknown = [key for key in data if key not in KNOWN_KEYS]
    if unknown:
        hint = " (thresholds go under [thresholds])" if set(unknown) & set(DEFAULTS) else ""
        raise ConfigError(
            f"{name}: unknown setting {unknown[0]!r}{hint}; known: {', '.join(KNOWN_KEYS)}"
        )
    thresholds = data.get("thresholds", {})
    try:
        merge_config(thresholds)  # validate now, so that the error names this file
    except ConfigError as exc:
        raise ConfigError(f"{name}: thresholds: {exc}") from None
    root = Path(os.path.realpath(path.parent))
    templates = data.get("templates")
    if templates is not None and not (isinstance(templates, str) and templates.strip()):
        raise ConfigError(f"{name}: templates must be a folder path, got {templates!r}")
    return ProjectConfig(
        source=path,
        root=root,
        thresholds=dict(thresholds),
        glossary=_glossary(name, data.get("glossary", {})),
        modules=_strings(name, "modules", data.get("modules", [])),
        exclude=_strings(name, "exclude", data.get("exclude", [])),
        templates=(root / templates) if templates else None,
        shown=name,
    )


def load_project_config(
    start: Path, stop_at: Path | None = None, bound: RootBound | None = None
) -> ProjectConfig:
    """The settings that govern ``start``; an empty ``ProjectConfig`` when no file exists.

    ``bound``: see :func:`find_config_file` (the server passes its root)."""
    path = find_config_file(start, stop_at, bound)
    return ProjectConfig() if path is None else _load(path, bound)


class ProjectConfigCache:
    """The server's view: the configuration file that governs a path under its root,
    re-read only when the file changes (by modification time and size).  Every read goes
    through the root's ``RootBound``: a file that resolves outside the root, a loop or a
    file over the size limit raises ``PathRefused``, a bad file ``ConfigError``."""

    def __init__(self, root: Path | None, max_bytes: int = 10 << 20) -> None:
        self.bound = RootBound(root, max_bytes) if root is not None else None
        self.root = Path(self.bound.root) if self.bound is not None else None
        self._read: dict[Path, tuple[tuple[int, int], ProjectConfig]] = {}

    def for_path(self, path: str | None) -> ProjectConfig:
        """Settings for ``path`` (relative to the root, a file or a folder); empty when the
        server has no root on disk, or the path is not one under the root."""
        bound = self.bound
        if bound is None or path is None or len(path) > MAX_PATH_CHARS:
            return ProjectConfig()  # (no file has a longer path: nothing to walk up from)
        try:
            start = os.path.realpath(os.path.join(bound.root, path))
        except (OSError, ValueError):  # a path no file can have ("\x00")
            return ProjectConfig()
        if not bound.contains(start):  # "..", absolute, or a live notebook behind a link
            return ProjectConfig()
        found = find_config_file(Path(start), bound=bound)
        if found is None:
            return ProjectConfig()
        stat = os.stat(bound.resolve(found))
        stamp = (stat.st_mtime_ns, stat.st_size)
        cached = self._read.get(found)
        if cached is None or cached[0] != stamp:
            cached = (stamp, _load(found, bound))
            self._read[found] = cached
        return cached[1]

    def layer(self, path: str | None) -> dict[str, Any]:
        return self.for_path(path).analysis_overrides()
