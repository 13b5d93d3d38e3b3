"""A file as it was at a git revision: ``git show REV:path``, read-only.

Used for baselines ("the module as it was at HEAD").  Every git call is a read
(``rev-parse``, ``cat-file``, ``diff --name-status``), runs with a fixed argument list (no
shell) and with ``--`` or a ``REV:path`` object name, so a ref can never be taken for an
option.  A ``RootBound`` confines what may be read: the server passes its root directory.
Commands the repository's own configuration could run (an fsmonitor hook, external diff
and textconv drivers) are turned off on every call.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .root_bound import PathRefused, RootBound

__all__ = ["GitError", "Revision", "read_at_revision"]

_TIMEOUT_S = 20


class GitError(Exception):
    """A git problem the user can fix; ``kind`` is "ref" (bad or unknown revision), "repo"
    (not in a repository, or outside the allowed root) or "git" (git missing or stuck)."""

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


# Every call: no optional locks (never take index.lock), and none of the repository's own
# commands run -- a repository under the root is the course's content, not the server's.
_SAFE_CONFIG = ("-c", "core.fsmonitor=false")
MAX_REF_CHARS = 1024  # git's own refs are far shorter; a longer one is not a revision


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        return subprocess.run(  # a fixed argument list, no shell
            ["git", *_SAFE_CONFIG, *args],
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
    except OSError as exc:
        raise GitError(f"git could not be run: {exc.strerror or exc}") from None


def _check_ref(ref: str) -> None:
    if (
        not ref
        or len(ref) > MAX_REF_CHARS
        or ref.startswith("-")
        or ":" in ref
        or any(c in ref for c in "\x00\n\r")
        or not ref.isprintable()
    ):
        shown = ref if len(ref) <= 80 else f"{ref[:60]}… ({len(ref)} characters)"
        raise GitError(f"{shown!r} is not a valid git revision", "ref")


def read_at_revision(path: Path, ref: str, bound: RootBound | None = None) -> Revision:
    """The text of ``path`` at ``ref`` (a commit, branch, tag or ``HEAD~2``).

    Raises ``GitError`` for a directory that is not in a git repository, or a ref git does
    not know.  A file that did not exist at ``ref`` is not an error: ``Revision.text`` is
    None (unless git finds it renamed).  With ``bound`` (the server's root) the file must
    lie inside the root, so must the repository's git directory when the repository itself
    lies inside the root (a ``.git`` file there may point anywhere), and so must the path
    a rename came from; blobs above the size limit are not read (``PathRefused``).
    Messages then name paths relative to the root.
    """
    _check_ref(ref)
    real = Path(os.path.realpath(path)) if bound is None else bound.resolve(path)
    shown = bound.name if bound is not None else str
    where = real.parent
    if not where.is_dir():
        raise GitError(f"{shown(path)}: its folder does not exist", "repo")
    top = _git(where, "rev-parse", "--show-toplevel", "--absolute-git-dir", "--git-common-dir")
    lines = top.stdout.decode("utf-8", "surrogateescape").splitlines()
    if top.returncode != 0 or len(lines) != 3:
        raise GitError(f"{shown(path)}: not in a git repository", "repo")
    toplevel = Path(os.path.realpath(lines[0]))
    if bound is not None:
        _check_git_dirs(bound, toplevel, [where / lines[1], where / lines[2]])
    verified = _git(
        toplevel, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"
    )
    if verified.returncode != 0:
        raise GitError(f"unknown git revision {ref!r} in {shown(toplevel)}", "ref")
    commit = verified.stdout.decode().strip()
    relative = real.relative_to(toplevel).as_posix()
    text = _blob(toplevel, commit, relative, bound)
    if text is not None:
        return Revision(ref, commit, text)
    old = _renamed_from(toplevel, commit, relative)
    if old is not None and (bound is None or bound.contains(os.path.normpath(toplevel / old))):
        return Revision(ref, commit, _blob(toplevel, commit, old, bound), old_path=old)
    return Revision(ref, commit, None)


def _check_git_dirs(bound: RootBound, toplevel: Path, git_dirs: list[Path]) -> None:
    """A repository inside the root keeps its git directory inside the root: its ``.git``
    entry is content under the root, which must not lead git to a repository elsewhere.  The
    repository that holds the root itself (its top above the root) is the server's own."""
    if not bound.contains(str(toplevel)):
        return
    for git_dir in git_dirs:
        if not bound.contains(os.path.realpath(git_dir)):
            where = bound.name(toplevel / ".git")
            raise PathRefused("outside", f"{where!r}: its git directory is outside the server root")


def _blob(toplevel: Path, commit: str, relative: str, bound: RootBound | None) -> str | None:
    name = f"{commit}:{relative}"
    if bound is not None:
        size = _git(toplevel, "cat-file", "-s", name)
        if size.returncode != 0:
            return None
        found = int(size.stdout.decode().strip() or 0)
        if found > bound.max_bytes:
            where = bound.name(toplevel / relative)
            raise PathRefused(
                "too-large",
                f"{where!r} at {commit[:12]} is {found} bytes; the limit is {bound.max_bytes}",
            )
    shown = _git(toplevel, "cat-file", "blob", name)
    if shown.returncode != 0:
        return None
    return shown.stdout.decode("utf-8", errors="replace")


def _renamed_from(toplevel: Path, commit: str, relative: str) -> str | None:
    """The path at ``commit`` of a file git sees as renamed to ``relative`` since then
    (staged or committed renames: an untracked copy has no history)."""
    diff = _git(
        toplevel, "diff", "--no-ext-diff", "--no-textconv", "--find-renames", "--name-status",
        "-z", commit, "--",
    )  # fmt: skip
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
