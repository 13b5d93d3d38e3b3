"""A file as it was at a git revision: ``git show REV:path``, read-only.

Used for baselines ("the module as it was at HEAD").  Every git call is a read
(``rev-parse``, ``cat-file``, ``diff --name-status``), runs with a fixed argument list (no
shell) and with ``--`` or a ``REV:path`` object name, so a ref can never be taken for an
option.  ``root`` bounds the paths that may be read: the server passes its root directory.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

__all__ = ["GitError", "Revision", "read_at_revision"]

_TIMEOUT_S = 20


class GitError(Exception):
    """A git problem the user can fix; ``kind`` is "ref" (bad or unknown revision), "repo"
    (not in a repository, or outside the allowed root), "size" (a file over the caller's
    limit) or "git" (git missing or stuck)."""

    def __init__(self, message: str, kind: str = "git") -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Revision:
    """What a file was at a revision.

    ``text`` is None when the file did not exist there (a new module).  ``old_path`` is
    set when git sees the file as renamed since the revision (then ``text`` is the old
    file's).  ``commit`` is the full hash the ref named.
    """

    ref: str
    commit: str
    text: str | None
    old_path: str | None = None


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}  # never take index.lock
    try:
        return subprocess.run(  # a fixed argument list, no shell
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            timeout=_TIMEOUT_S,
            env=env,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed (needed to read a baseline revision)") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git did not answer within {_TIMEOUT_S} s") from None


def _inside(path: Path, root: Path) -> bool:
    return path == root or path.is_relative_to(root)


def _check_ref(ref: str) -> None:
    if not ref or ref.startswith("-") or any(c in ref for c in "\x00\n\r") or ":" in ref:
        raise GitError(f"{ref!r} is not a valid git revision", "ref")


def read_at_revision(
    path: Path, ref: str, root: Path | None = None, max_bytes: int | None = None
) -> Revision:
    """The text of ``path`` at ``ref`` (a commit, branch, tag or ``HEAD~2``).

    Raises ``GitError`` for a path outside ``root``, a directory that is not in a git
    repository, a ref git does not know, or (kind "size") a file larger than ``max_bytes``
    there, which is not read.  A file that did not exist at ``ref`` is not an
    error: ``Revision.text`` is None (unless git finds it renamed).
    """
    _check_ref(ref)
    real = Path(os.path.realpath(path))
    if root is not None and not _inside(real, Path(os.path.realpath(root))):
        raise GitError(f"{path}: outside the allowed root", "repo")
    where = real.parent
    if not where.is_dir():
        raise GitError(f"{path}: its folder does not exist", "repo")
    top = _git(where, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise GitError(f"{path}: not in a git repository", "repo")
    toplevel = Path(os.path.realpath(top.stdout.decode("utf-8", "replace").strip()))
    verified = _git(
        toplevel, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"
    )
    if verified.returncode != 0:
        raise GitError(f"unknown git revision {ref!r} in {toplevel}", "ref")
    commit = verified.stdout.decode().strip()
    relative = real.relative_to(toplevel).as_posix()
    text = _blob(toplevel, commit, relative, max_bytes)
    if text is not None:
        return Revision(ref, commit, text)
    old = _renamed_from(toplevel, commit, relative)
    if old is not None:
        return Revision(ref, commit, _blob(toplevel, commit, old, max_bytes), old_path=old)
    return Revision(ref, commit, None)


def _blob(toplevel: Path, commit: str, relative: str, max_bytes: int | None) -> str | None:
    if max_bytes is not None:
        size = _git(toplevel, "cat-file", "-s", f"{commit}:{relative}")
        if size.returncode != 0:
            return None
        if int(size.stdout.strip() or 0) > max_bytes:
            raise GitError(f"{relative} at {commit[:12]} is over {max_bytes} bytes", "size")
    shown = _git(toplevel, "cat-file", "blob", f"{commit}:{relative}")
    if shown.returncode != 0:
        return None
    return shown.stdout.decode("utf-8", errors="replace")


def _renamed_from(toplevel: Path, commit: str, relative: str) -> str | None:
    """The path at ``commit`` of a file git sees as renamed to ``relative`` since then
    (staged or committed renames: an untracked copy has no history)."""
    diff = _git(toplevel, "diff", "--find-renames", "--name-status", "-z", commit, "--")
    if diff.returncode != 0:
        return None
    fields = diff.stdout.decode("utf-8", "replace").split("\x00")
    i = 0
    while i < len(fields):
        status = fields[i]
        if status.startswith("R") and i + 2 < len(fields):
            if fields[i + 2] == relative:
                return fields[i + 1]
            i += 3
        elif status.startswith("C") and i + 2 < len(fields):
            i += 3
        else:
            i += 2
    return None
