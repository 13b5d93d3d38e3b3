"""What counts as a module of a course: one entry per notebook, in course order.

A course folder holds notebooks (``.ipynb``) and jupytext text notebooks (percent ``.py``
above all).  Four rules turn the files into modules:

- a jupytext **pair** (``x.ipynb`` + ``x.py``, paired through the notebook's
  ``jupytext.formats`` metadata or a ``jupytext.toml`` / ``[tool.jupytext]`` file) is one
  module.  Its text member is the one analysed: it is what the author edits and what git
  diffs well; the ``.ipynb`` is recorded as ``paired_with``;
- **one module per stem**: ``x.ipynb`` beside a text notebook ``x.py`` (or ``x.md``, …) in the
  same folder is one module too, paired or not, analysed as a pair is (the text file, the
  ``.ipynb`` as ``paired_with``).  Courses keep a generated ``.ipynb`` beside the source
  they edit without declaring a pair; counted twice, the stale twin would take concepts
  from the real one;
- ``exclude`` globs from the course's configuration file (``project_config.py``) leave out
  backups and scratch files;
- ``modules = [...]`` in that file gives the order; modules it does not list follow in
  natural order ("module2" before "module10");
- a folder with a configuration file of its own is a **course of its own**: its notebooks
  are not modules of the course (a configuration file's or a repository's folder) around it.

Above ``core/``: this reads the file system, never writes.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ..core.lazy_re import compile_lazily
from ..core.loading import is_notebook_file
from ..core.named_tuple import NamedTuple
from ..core.typing_names import Any
from .jupytext_config import (
    CONFIG_FILES,
    JupytextConfigError,
    default_formats,
    find_config_file,
    governing_dir,
    read_config,
)
from .jupytext_formats import InconsistentPath, long_form_one_format, paired_paths
from .project_config import ProjectConfig, in_inner_courses
from .root_bound import RootBound

__all__ = [
    "Module",
    "course_order",
    "discover_modules",
    "glob_matches",
    "natural_key",
    "select_modules",
]

SKIP_DIRS = frozenset({".ipynb_checkpoints", "node_modules", "__pycache__"})
JUPYTEXT_FILES = CONFIG_FILES  # jupytext's configuration files (course/jupytext_config.py)
MAX_METADATA_BYTES = 16 * 1024 * 1024  # larger notebooks are not read for their pairing
_DIGITS = compile_lazily(r"(\d+)")
_HEADER_FORMATS = compile_lazily(r"^\W*\s*formats:\s*['\"]?([^'\"\s]+)", re.MULTILINE)


class Module(NamedTuple):
    """One module: the file analysed, and its ``.ipynb`` twin if any (the other member of its
    jupytext pair, or the notebook of the same stem beside it).

    (A named tuple: a cached CLI run lists the modules but never imports dataclasses.)"""

    path: Path
    paired_with: Path | None = None


def natural_key(relative: str) -> tuple[tuple[tuple[int, int | str], ...], ...]:
    """Sort key of a ``/``-separated path: component by component (a tree listing), and
    within a component "module2" before "module10"."""
    return tuple(
        tuple(
            (0, int(piece)) if piece.isdigit() else (1, piece)
            for piece in _DIGITS.split(part.lower())
            if piece
        )
        for part in relative.split("/")
    )


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """``**`` spans directories, ``*`` and ``?`` stay inside one path component."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def glob_matches(relative: str, patterns: Iterable[str]) -> bool:
    """True when a ``/``-separated path relative to the course root matches a glob.

    A pattern without ``/`` matches the file name at any depth (as in ``.gitignore``).
    """
    name = relative.rsplit("/", 1)[-1]
    for pattern in patterns:
        target = relative if "/" in pattern.strip("/") else name
        if _glob_regex(pattern.strip("/")).match(target):
            return True
    return False


def _walk(directory: Path, problems: list[tuple[str, str]] | None = None) -> list[Path]:
    """Notebook files under ``directory``.  A file whose content cannot be read to tell is
    kept (reading it will say why); a folder that cannot be listed goes to ``problems``."""

    def unlisted(exc: OSError) -> None:
        if problems is not None:
            where = str(exc.filename or directory)
            problems.append((where, f"{where}: cannot list this folder ({exc.strerror or exc})"))

    found: list[Path] = []
    for root, dirs, files in os.walk(directory, onerror=unlisted):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS]
        for name in files:
            path = Path(root, name)
            if not name.startswith(".") and is_notebook_file(path, unreadable=True):
                found.append(path)
    return found


def _metadata_formats(path: Path) -> str | None:
    """``jupytext.formats`` written in the file itself (notebook metadata or text header);
    a text file's header is its first 4,000 characters, and a notebook larger than
    ``MAX_METADATA_BYTES`` is not read for it."""
    try:
        if path.suffix.lower() != ".ipynb":
            with path.open(encoding="utf-8", errors="replace") as handle:
                text = handle.read(4000)
        elif path.stat().st_size <= MAX_METADATA_BYTES:
            text = path.read_text(encoding="utf-8", errors="replace")
        else:
            return None
    except OSError:
        return None
    if path.suffix.lower() == ".ipynb":
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # not JSON, or an integer too long to convert
            return None
        meta = data.get("metadata") if isinstance(data, dict) else None
        jupytext = meta.get("jupytext") if isinstance(meta, dict) else None
        formats = jupytext.get("formats") if isinstance(jupytext, dict) else None
        return formats if isinstance(formats, str) else None
    header = text[:4000]
    if "jupytext:" not in header:
        return None
    match = _HEADER_FORMATS.search(header)
    return match.group(1) if match else None


def _config_formats(
    path: Path, stop_at: Path | None, candidates: dict[Path, bool] | None = None
) -> str | None:
    """Pairing from the nearest jupytext configuration file, as jupytext's contents manager
    reads it (course/jupytext_config.py: no jupytext import), but never looking above
    ``stop_at`` (the server root) nor at the user's global configuration.  ``candidates``
    remembers, over one listing, which directories hold a file of a configuration file's
    name (a course's modules share their parents)."""
    bound = stop_at.resolve() if stop_at is not None else None
    known = {} if candidates is None else candidates
    for directory in path.resolve().parents:
        if bound is not None and not directory.is_relative_to(bound):
            return None
        # Checked by name first: reading a pyproject.toml costs more than a stat.
        if directory not in known:
            names = (*JUPYTEXT_FILES, "pyproject.toml")
            known[directory] = any((directory / name).is_file() for name in names)
        if known[directory] and bound is not None and _links_out(directory, bound):
            return None  # a link out of the server root is never read: no pairing from it
        try:
            found = find_config_file(directory) if known[directory] else None
            if found:
                config = read_config(found)
                if not config:
                    return None
                return default_formats(config, str(path), governing_dir(stop_at))
        except (JupytextConfigError, InconsistentPath, ValueError, OSError):
            return None
        if bound is not None and directory == bound:
            return None
    return None


def _links_out(directory: Path, bound: Path) -> bool:
    """A jupytext configuration file name in ``directory`` that leads out of ``bound``."""
    return any(
        os.path.lexists(directory / name)
        and not Path(os.path.realpath(directory / name)).is_relative_to(bound)
        for name in (*JUPYTEXT_FILES, "pyproject.toml")
    )


def _paired_paths(
    path: Path, stop_at: Path | None, candidates: dict[Path, bool] | None = None
) -> list[tuple[Path, str]]:
    """The members of ``path``'s jupytext pair, with their extensions (``path`` included)."""
    formats = _metadata_formats(path) or _config_formats(path, stop_at, candidates)
    if not formats or "," not in formats:
        return []
    try:  # course/jupytext_formats.py: jupytext's pairing, without importing jupytext
        for fmt in formats.split(","):
            long = long_form_one_format(fmt)
            if long.get("extension") != path.suffix.lower():
                continue
            pairs = paired_paths(str(path), long, formats, governing_dir(stop_at))
            return [(Path(p), str(f.get("extension", ""))) for p, f in pairs]
    except (InconsistentPath, ValueError, KeyError):
        return []
    return []


def _pair_up(files: Sequence[Path], stop_at: Path | None) -> list[Module]:
    """One module per jupytext pair; the text member is analysed."""
    by_real = {os.path.realpath(f): f for f in files}
    used: set[str] = set()
    modules: list[Module] = []
    candidates: dict[Path, bool] = {}
    for file in files:
        real = os.path.realpath(file)
        if real in used:
            continue
        members = [
            by_real[os.path.realpath(p)]
            for p, _ in _paired_paths(file, stop_at, candidates)
            if os.path.realpath(p) in by_real
        ]
        if len(members) < 2:
            used.add(real)
            modules.append(Module(file))
            continue
        text = [m for m in members if m.suffix.lower() != ".ipynb"]
        chosen = text[0] if text else members[0]
        other = next((m for m in members if m != chosen), None)
        used.update(os.path.realpath(m) for m in members)
        modules.append(Module(chosen, other))
    return _one_per_stem(modules)


# Which text twin of a notebook is analysed when its stem has several: the percent script
# first (what TinyTorch-style courses edit), then Markdown, then any other in name order.
_TEXT_RANK = {".py": 0, ".md": 1}


def _one_per_stem(modules: Sequence[Module]) -> list[Module]:
    """``x.ipynb`` beside a text notebook ``x.py`` / ``x.md`` in the same folder is one
    module, the text file analysed (module docstring).  A member of a jupytext pair is
    already settled, and a text file that is not a notebook (a plain script) is no twin."""
    stems: dict[tuple[str, str], list[int]] = {}
    for at, module in enumerate(modules):
        if module.paired_with is None:
            folder = os.path.realpath(module.path.parent)
            stems.setdefault((folder, module.path.stem.lower()), []).append(at)
    merged: dict[int, Module] = {}
    dropped: set[int] = set()
    for members in stems.values():
        notebooks = [at for at in members if modules[at].path.suffix.lower() == ".ipynb"]
        texts = [
            at
            for at in members
            if modules[at].path.suffix.lower() != ".ipynb" and is_notebook_file(modules[at].path)
        ]
        if len(notebooks) != 1 or not texts:
            continue
        chosen = min(
            texts,
            key=lambda at: (
                _TEXT_RANK.get(modules[at].path.suffix.lower(), 2),
                modules[at].path.name,
            ),
        )
        merged[chosen] = Module(modules[chosen].path, modules[notebooks[0]].path)
        dropped.add(notebooks[0])
    return [merged.get(at, module) for at, module in enumerate(modules) if at not in dropped]


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def discover_modules(
    directory: Path,
    project: ProjectConfig | None = None,
    stop_at: Path | None = None,
    problems: list[tuple[str, str]] | None = None,
) -> list[Module]:
    """The modules under ``directory``, paired, filtered and in course order.

    ``project`` is the course's configuration (``load_project_config``); its ``exclude``
    and ``modules`` paths are relative to the configuration file's directory.  Folders
    that cannot be listed are added to ``problems`` as (folder, message).
    """
    project = project or ProjectConfig()
    root = project.root or directory
    walked = _walk(directory, problems)
    files = [f for f in walked if not glob_matches(_relative(f, root), project.exclude)]
    inner = _inner_courses(files, directory, stop_at, None)
    files = [f for f in files if f not in inner]
    files.sort(key=lambda p: natural_key(_relative(p, directory)))
    modules = _pair_up(files, stop_at)
    return order_modules(modules, project.modules, root, directory)


def _inner_courses(
    files: Sequence[Path], directory: Path, stop_at: Path | None, bound: RootBound | None
) -> set[Path]:
    """The files a course inside ``directory`` holds, when ``directory`` is a course by
    ``course_root``'s rule (a configuration file's or a repository's folder); a plain folder
    that is no course lists every notebook under it."""
    from .course_root import locate_course

    location = locate_course(directory, stop_at, bound)
    if location.source == "folder" or location.root != Path(os.path.realpath(directory)):
        return set()
    return in_inner_courses(files, directory, bound)


def order_modules(
    modules: Sequence[Module], order: Sequence[str], root: Path, directory: Path
) -> list[Module]:
    """Listed modules first, in the listed order; the others after them in natural order."""
    rank: dict[str, int] = {}
    for position, listed in enumerate(order):
        rank.setdefault(Path(listed).as_posix().strip("/"), position)

    def key(module: Module) -> tuple[int, Any]:
        for member in (module.path, module.paired_with):
            if member is not None and _relative(member, root) in rank:
                return (rank[_relative(member, root)], ())
        return (len(rank), natural_key(_relative(module.path, directory)))

    return sorted(modules, key=key)


def select_modules(
    candidates: Sequence[str],
    root: Path,
    directory: str,
    project: ProjectConfig | None = None,
    bound: RootBound | None = None,
) -> list[tuple[str, str | None]]:
    """The server's course: contents-manager paths (relative to ``root``) of the notebook
    candidates under ``directory`` → (module path, paired path), paired, filtered by the
    course configuration's ``exclude`` and in its order, without the notebooks of a course
    inside it.  The configuration and jupytext files are looked for no higher than
    ``root``; the server passes the ``project`` it read and the ``bound`` of its root."""
    from .project_config import load_project_config

    base = root / directory if directory else root
    project = project if project is not None else load_project_config(base, stop_at=root)
    config_root = project.root or base
    files = [root / c for c in candidates]
    files = [f for f in files if not glob_matches(_relative(f, config_root), project.exclude)]
    inner = _inner_courses(files, base, root, bound)
    files = [f for f in files if f not in inner]
    ordered = order_modules(_pair_up(files, root), project.modules, config_root, base)

    def rel(path: Path | None) -> str | None:
        return None if path is None else path.relative_to(root).as_posix()

    return [(str(rel(m.path)), rel(m.paired_with)) for m in ordered]


def course_order(
    paths: Sequence[str], listed: Sequence[str] = (), same: Callable[[str], str] = os.path.normpath
) -> list[str]:
    """``paths`` in course order: those named in ``listed`` in that order, then the rest
    naturally sorted.  ``same`` maps a path and an entry of ``listed`` to comparable form
    (the CLI compares real paths, the server paths relative to its root)."""
    rank = {same(entry): at for at, entry in reversed(list(enumerate(listed)))}
    first = sorted((p for p in paths if same(p) in rank), key=lambda p: rank[same(p)])
    rest = sorted(
        (p for p in paths if same(p) not in rank), key=lambda p: natural_key(p.replace(os.sep, "/"))
    )
    return first + rest
