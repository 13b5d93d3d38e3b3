"""Jupytext's configuration file, found and read as jupytext does, without importing it.

A course repository usually has a ``pyproject.toml``; asking ``jupytext.config`` whether it
holds a ``[tool.jupytext]`` table imports nbformat, jsonschema and its grammars (1 to 2 s),
ten times what a whole ``tinyscaffold report`` takes.  Here the files are read with the
standard library (``tomllib``, ``json``; PyYAML only when a YAML file is there), and the
pairing ``formats`` are interpreted as ``JupytextConfiguration.default_formats`` does.  Only
a ``.jupytext.py`` file (a Python program) is still handed to jupytext.

Tests hold ``find_config_file``, ``read_config`` and ``default_formats`` equal to jupytext's
over the file names and option shapes jupytext accepts (tests/course/test_jupytext_config.py).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from ..core.typing_names import Any
from .jupytext_formats import (
    InconsistentPath,
    base_path,
    long_form_multiple_formats,
)

__all__ = [
    "CONFIG_FILES",
    "JupytextConfigError",
    "default_formats",
    "find_config_file",
    "read_config",
]

# jupytext.config.JUPYTEXT_CONFIG_FILES, in its order (a test keeps the copy equal).
CONFIG_FILES = (
    "jupytext", "jupytext.toml", "jupytext.yml", "jupytext.yaml", "jupytext.json", ".jupytext",
    ".jupytext.toml", ".jupytext.yml", ".jupytext.yaml", ".jupytext.json", ".jupytext.py",
)  # fmt: skip
PYPROJECT = "pyproject.toml"
# The options of jupytext.config.JupytextConfiguration: any other key makes jupytext refuse
# the file (a test keeps the list equal to its traits).
OPTIONS = frozenset({
    "formats", "default_jupytext_formats", "preferred_jupytext_formats_save",
    "preferred_jupytext_formats_read", "notebook_metadata_filter",
    "default_notebook_metadata_filter", "hide_notebook_metadata",
    "root_level_metadata_as_raw_cell", "root_level_metadata_filter", "cell_metadata_filter",
    "default_cell_metadata_filter", "comment_magics", "split_at_heading",
    "sphinx_convert_rst2md", "doxygen_equation_markers", "outdated_text_notebook_margin",
    "cm_config_log_level", "cell_markers", "default_cell_markers", "notebook_extensions",
    "custom_cell_magics", "custom_language_magics",
})  # fmt: skip


class JupytextConfigError(ValueError):
    """A configuration file jupytext would refuse."""


def find_config_file(directory: Path) -> Path | None:
    """The configuration file in ``directory`` itself, as
    ``find_jupytext_configuration_file(directory, search_parent_dirs=False)`` finds it: a
    file of one of ``CONFIG_FILES``, else a ``pyproject.toml`` with a ``[tool.jupytext]``."""
    for name in CONFIG_FILES:
        if (directory / name).is_file():
            return directory / name
    pyproject = directory / PYPROJECT
    if pyproject.is_file():
        try:
            doc = _toml(pyproject.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:  # TOMLDecodeError too
            raise JupytextConfigError(f"{pyproject}: {exc}") from None
        if doc.get("tool", {}).get("jupytext") is not None:
            return pyproject
    return None


def read_config(file: Path) -> dict[str, Any] | None:
    """The options of a configuration file (``parse_jupytext_configuration_file`` and the
    checks of ``validate_jupytext_configuration_file``); None for an empty YAML file."""
    name = file.name
    if name.endswith(".py"):
        return _python_config(file)
    try:
        text = file.read_text(encoding="utf-8")
        if name.endswith((".toml", "jupytext")):
            doc: Any = _toml(text)
            if name.endswith(PYPROJECT):
                doc = doc["tool"]["jupytext"]
        elif name.endswith((".yml", ".yaml")):
            import yaml  # only where a course keeps its configuration in YAML

            doc = yaml.safe_load(text)
        else:
            doc = json.loads(text)
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise JupytextConfigError(f"{file}: {exc}") from None
    except Exception as exc:  # yaml.YAMLError, without importing yaml to name it
        raise JupytextConfigError(f"{file}: {exc}") from None
    if doc is None:
        return None
    if not isinstance(doc, dict):
        raise JupytextConfigError(f"{file}: not a table of options")
    unknown = set(doc) - OPTIONS
    if unknown:
        raise JupytextConfigError(f"{file}: options {', '.join(sorted(unknown))} are not supported")
    return doc


def _toml(text: str) -> dict[str, Any]:
    """Parsed TOML (tomllib imported here: most runs read no TOML file)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib.loads(text)


def _python_config(file: Path) -> dict[str, Any] | None:
    """A ``.jupytext.py`` is a program: only jupytext's own loader runs it."""
    from jupytext.config import JupytextConfigurationError, load_jupytext_configuration_file

    try:
        config = load_jupytext_configuration_file(str(file))
    except (JupytextConfigurationError, ValueError, OSError) as exc:
        raise JupytextConfigError(f"{file}: {exc}") from None
    return None if config is None else {"formats": list(config.formats)}


def normalise_formats(formats: Any) -> list[str]:
    """The ``formats`` option as paired-format strings (``normalize_formats``): a string
    (groups split on ";"), a table of prefix → format, or a list of either."""
    if isinstance(formats, str):
        groups: list[Any] = formats.split(";")
    elif isinstance(formats, dict):
        groups = [formats]
    elif formats is None:
        groups = []
    elif isinstance(formats, list) and (
        all(isinstance(group, str) for group in formats)
        or all(isinstance(group, dict) for group in formats)
    ):
        groups = formats
    else:
        raise JupytextConfigError(f"formats: a string, a table, or a list of either: {formats!r}")
    found = []
    for group in groups:
        if isinstance(group, str):
            found.append(group)
        elif isinstance(group, dict) and all(isinstance(v, str) for v in group.values()):
            found.append(
                ",".join(
                    fmt if not prefix else prefix.removesuffix("/") + "///" + fmt
                    for prefix, fmt in group.items()
                )
            )
        else:
            raise JupytextConfigError(f"paired formats must be a string or a table: {group!r}")
    return found


def default_formats(
    config: dict[str, Any], path: str, config_dir: Callable[[str], str | None]
) -> str | None:
    """The paired formats that apply to ``path`` (``JupytextConfiguration.default_formats``):
    the first group one of whose formats fits the path."""
    for group in normalise_formats(config.get("formats") or config.get("default_jupytext_formats")):
        formats = long_form_multiple_formats(group)
        for fmt in formats:
            try:
                base_path(path, fmt, [fmt], config_dir)
            except InconsistentPath:
                continue
            return group
    return None


def governing_dir(stop_at: Path | None) -> Callable[[str], str | None]:
    """jupytext's look-up, in ``base_path``, of the configuration file that governs a folder
    (for formats with a prefix), here never above ``stop_at`` nor in the user's global
    configuration: the folder of the nearest such file, or None."""

    def config_dir(directory: str) -> str | None:
        folder = Path(os.path.abspath(directory or "."))
        bound = stop_at.resolve() if stop_at is not None else None
        for candidate in (folder, *folder.parents):
            try:
                if find_config_file(candidate) is not None:
                    return str(candidate)
            except JupytextConfigError:
                return str(candidate)
            if bound is not None and candidate.resolve() == bound:
                return None
        return None

    return config_dir
