"""Files that look like copies rather than modules: backups and same-stem twins, each with
the ``exclude`` glob that leaves it out of the course.

A backup (``tensor_dev_backup.py``, ``layers copy.ipynb``, ``layers-Copy1.ipynb`` as
JupyterLab's "Duplicate" names it, ``old_layers.py``, ``layers.bak.py``) or a twin
(``layers.py`` beside ``layers.md``: one lesson twice; ``layers.ipynb`` beside either is the
same module already, ``modules.py``) counts as a module of its own: it
ranks in the course overview, and its concepts are "known" to the modules after it.  This
only points them out; what a module is stays ``modules.py``'s decision.

Pure: paths in, suggestions out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence

from ..core.lazy_re import compile_lazily
from ..core.named_tuple import NamedTuple
from ..core.typing_names import Any
from .modules import glob_matches, natural_key

__all__ = ["Stray", "exclude_line", "find_strays", "strays_section"]


class Stray(NamedTuple):
    path: str  # relative to the course folder, "/"-separated
    kind: str  # "backup" | "twin"
    reason: str
    pattern: str  # the ``exclude`` glob that leaves it out (and no other module)


# (name pattern of the stem, glob template with {ext}, what it looks like)
_BACKUPS = (
    (
        compile_lazily(r"(?P<base>.+?)(?P<mark>[_\- .](?:backup|bak|old|orig))$", re.I),
        "*{mark}{ext}",
    ),
    (compile_lazily(r"(?P<base>.+?)(?P<mark> copy(?: \d+)?)$", re.I), "* copy*{ext}"),
    (compile_lazily(r"(?P<base>.+?)(?P<mark>-Copy\d*)$"), "*-Copy*{ext}"),
    (compile_lazily(r"(?P<base>.+?)(?P<mark> \(\d+\))$"), "* (*){ext}"),
    (
        compile_lazily(r"(?P<mark>copy of |(?:old|backup|copy)[_\- ])(?P<base>.+)", re.I),
        "{mark}*{ext}",
    ),
)


def _split(path: str) -> tuple[str, str, str]:
    """(folder with a trailing "/" or "", stem, extension)."""
    folder, _, name = path.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    return (f"{folder}/" if folder else ""), stem, (f".{ext}" if dot else "")


def _backup(path: str, stems: set[tuple[str, str]]) -> tuple[str, str] | None:
    """(reason, glob) when the file's name marks it as a copy."""
    folder, stem, ext = _split(path)
    for pattern, template in _BACKUPS:
        match = pattern.fullmatch(stem)
        if match is None:
            continue
        base = match.group("base").strip(" _-.")
        glob = template.format(mark=match.group("mark"), ext=ext)
        if (folder, base.lower()) in stems:
            return f"looks like a copy of {folder}{base}{ext}", glob
        return f"its name marks it as a copy ({match.group('mark').strip()})", glob
    return None


def find_strays(paths: Sequence[str]) -> list[Stray]:
    """The modules (paths relative to the course folder) that look like backups or twins."""
    stems = {(_split(p)[0], _split(p)[1].lower()) for p in paths}
    found: list[Stray] = []
    flagged: set[str] = set()
    for path in paths:
        backup = _backup(path, stems)
        if backup is not None:
            reason, glob = backup
            found.append(Stray(path, "backup", reason, glob))
            flagged.add(path)
    by_stem: dict[tuple[str, str], list[str]] = {}
    for path in paths:
        if path not in flagged:
            folder, stem, _ = _split(path)
            by_stem.setdefault((folder, stem.lower()), []).append(path)
    for twins in by_stem.values():
        if len(twins) < 2:
            continue
        # The text notebook is what the author edits and git diffs: keep it, point at the rest.
        twins.sort(key=lambda p: (p.lower().endswith(".ipynb"), natural_key(p)))
        kept = twins[0]
        for other in twins[1:]:
            reason = f"the same module as {kept} (pair them with jupytext, or leave one out)"
            found.append(Stray(other, "twin", reason, other))
    return [_narrowed(stray, paths, flagged) for stray in found]


def _narrowed(stray: Stray, paths: Sequence[str], flagged: set[str]) -> Stray:
    """A glob that would also leave out a module nobody flagged becomes the exact path."""
    others = [p for p in paths if p not in flagged and p != stray.path]
    if any(glob_matches(p, [stray.pattern]) for p in others):
        return stray._replace(pattern=stray.path)
    return stray


def exclude_line(existing: Iterable[str], strays: Iterable[Stray]) -> str:
    """The configuration file's ``exclude`` line with the strays' globs added (TOML)."""
    patterns = list(dict.fromkeys([*existing, *(stray.pattern for stray in strays)]))
    return "exclude = [" + ", ".join(json.dumps(p, ensure_ascii=False) for p in patterns) + "]"


def _under(folder: str, pattern: str) -> str:
    """``pattern`` (relative to ``folder``) as a glob relative to the configuration file's
    folder, meaning the same files: a bare name matches at any depth below ``folder``."""
    if not folder:
        return pattern
    return f"{folder}/{pattern}" if "/" in pattern else f"{folder}/**/{pattern}"


def strays_section(
    paths: Sequence[str],
    base: str,
    existing: Sequence[str],
    file: str,
    exists: bool,
    folder: str | None = None,
) -> dict[str, Any]:
    """The ``strays`` and ``exclude`` of a course (``GET course``, the CLI's course JSON):
    ``paths`` are the modules, "/"-separated, ``base`` the folder the configuration file's
    globs start from (a prefix of the paths), ``file`` that file, which ``exists`` or is to
    be created there, ``existing`` its ``exclude`` list.  ``folder`` (under ``base``, default
    ``base``) is the folder shown when it is part of a larger course: its copies are looked
    for among its own modules, and their globs start with it (``02_activations/*_backup.py``
    in the course root's file, never a file of its own that would split the course)."""
    folder = base if folder is None else folder
    prefix = f"{folder}/" if folder else ""
    inner = "" if folder == base else folder.removeprefix(f"{base}/") if base else folder
    found = [
        stray._replace(pattern=_under(inner, stray.pattern))
        for stray in find_strays([p[len(prefix) :] for p in paths if p.startswith(prefix)])
    ]
    if not found:
        return {"strays": [], "exclude": None}
    return {
        "strays": [{**stray._asdict(), "path": f"{prefix}{stray.path}"} for stray in found],
        "exclude": {
            "file": file,
            "exists": exists,
            # The file has an exclude line already: the advised line replaces it (a second
            # one would be a duplicate key, which TOML refuses).
            "replaces": exists and bool(existing),
            "line": exclude_line(existing, found),
        },
    }
