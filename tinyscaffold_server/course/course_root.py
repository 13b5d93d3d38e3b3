"""Which course a notebook belongs to: one rule, used by the server and the CLI alike.

The course of a notebook (or of a folder) is the folder of

1. the nearest course configuration file (``tinyscaffold.toml`` / ``[tool.tinyscaffold]``,
   ``project_config.find_config_file``): the author said where the course is;
2. else the root of the git repository it lies in: a course repository keeps one module per
   folder, so the notebook's own folder would be a course of one module;
3. else the notebook's own folder.

With ``stop_at`` (the server's root) the course is never above it: a configuration file above
the root is not looked for, and a repository whose root lies above the server's root makes the
server's root the course (only the existence of a ``.git`` entry is checked up there; nothing
above the root is read).

Above ``core/``: this looks at the file system (stat calls only), never writes.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..core.named_tuple import NamedTuple
from .project_config import find_config_file
from .root_bound import RootBound

__all__ = ["CourseLocation", "locate_course"]


class CourseLocation(NamedTuple):
    root: Path  # the course's folder (resolved)
    source: str  # "config" | "git" | "folder": which part of the rule chose it
    config_file: Path | None  # the configuration file, for source "config"


def _git_root(folder: Path) -> Path | None:
    for directory in (folder, *folder.parents):
        if (directory / ".git").exists():
            return directory
    return None


def locate_course(
    start: Path, stop_at: Path | None = None, confined: RootBound | None = None
) -> CourseLocation:
    """The course ``start`` (a notebook file or a folder) belongs to; see the module docstring.
    ``confined`` (the server's root) confines the configuration files read to the root."""
    here = Path(os.path.realpath(start))  # (a symlink loop stays as named: no error here)
    folder = here if os.path.isdir(here) else here.parent
    bound = Path(os.path.realpath(stop_at)) if stop_at is not None else None
    config = find_config_file(folder, stop_at=bound, bound=confined)
    if config is not None:
        return CourseLocation(Path(os.path.realpath(config.parent)), "config", config)
    repository = _git_root(folder)
    if repository is not None:
        if bound is not None and not repository.is_relative_to(bound):
            repository = bound  # the part of the repository the server shows
        return CourseLocation(repository, "git", None)
    return CourseLocation(folder, "folder", None)
