"""The CLI's content-hash cache of module reports, as ruff and mypy keep one.

An entry is keyed by everything a report depends on: the module's bytes, the effective
configuration (defaults < ``tinyscaffold.toml`` < ``--config``; the notebook's own metadata
is part of its bytes) with the concept keys earlier modules of the course introduced (the
caller passes both as ``config``), the entry format and the installed code itself -- the
package version plus a fingerprint (name, size, mtime) of every source file of the package
and of the packages whose code or data shape a report (jupytext, nbformat, wordfreq,
lemminflect), so that an upgrade, or an edit in a development checkout, never reads a stale
report.

Entries are written to a temporary file and moved into place with ``os.replace``, so
concurrent runs (pre-commit runs hooks in parallel) never see half an entry; an entry that
cannot be read, is not sealed by this code for its key, or does not have the expected
shape is ignored and rewritten.  Any problem
with the cache directory itself turns caching off for the run, with one warning: the cache
may make a run faster, never make it fail.

Location: ``--cache-dir``, else ``$TINYSCAFFOLD_CACHE_DIR``, else ``.tinyscaffold_cache``
beside the course's configuration file (``tinyscaffold.toml`` or ``pyproject.toml`` with
``[tool.tinyscaffold]``), else in the current directory.  The directory holds a
``CACHEDIR.TAG`` (backup tools skip it) and a ``.gitignore`` of ``*`` (git ignores it);
it is always safe to delete.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from ..core.typing_names import Any

try:  # CPython's built-in BLAKE2: importing hashlib loads OpenSSL, ~2 ms of a cached run
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import blake2b

__all__ = [
    "CACHE_DIR_ENV",
    "CACHE_DIR_NAME",
    "ReportCache",
    "WordTableStore",
    "code_fingerprint",
    "write_atomically",
]

CACHE_DIR_NAME = ".tinyscaffold_cache"
CACHE_DIR_ENV = "TINYSCAFFOLD_CACHE_DIR"  # like RUFF_CACHE_DIR / MYPY_CACHE_DIR
# Bump when the shape of an entry changes.  2: a sealed first line (``ReportCache._seal``).
ENTRY_FORMAT = 2
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by tinyscaffold.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
GITIGNORE = "# created by tinyscaffold\n*\n"
_PACKAGE = Path(__file__).resolve().parent.parent


# Third-party packages whose code or data can change a report: the readers (jupytext for
# text formats, nbformat for v3 notebooks) and the word knowledge of concept detection.
ANALYSIS_PACKAGES = ("jupytext", "nbformat", "wordfreq", "lemminflect")


@cache
def code_fingerprint() -> str:
    """:func:`current_code_fingerprint`, once per process (a resident process's runs share
    the one it checked before forking them)."""
    return current_code_fingerprint()


def current_code_fingerprint() -> str:
    """The installed tinyscaffold (version, name, size and mtime of its source files) and
    the installed versions of the packages that shape its reports (their entry files)."""
    from importlib.util import find_spec

    from ..version import __version__

    parts = [__version__, str(ENTRY_FORMAT)]
    folders = [_PACKAGE]
    while folders:
        folder = folders.pop(0)
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.is_dir() and os.path.exists(os.path.join(entry.path, "__init__.py")):
                folders.append(Path(entry.path))
            elif entry.name.endswith((".py", ".json")) and entry.is_file():
                stat = entry.stat()
                name = os.path.relpath(entry.path, _PACKAGE)
                parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    for name in ANALYSIS_PACKAGES:
        try:
            spec = find_spec(name)  # locates without importing
            origin = spec.origin if spec is not None else None
            found = os.stat(origin) if origin else None
        except (ImportError, ValueError, OSError):
            found = None
        parts.append(f"{name}:{origin}:{found.st_size}:{found.st_mtime_ns}" if found else name)
    return blake2b("\n".join(parts).encode(), digest_size=32).hexdigest()


class ReportCache:
    """Reports by content hash under ``directory``; ``get`` and ``put`` never raise."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.warning: str | None = None
        self._ready = False
        self._code = code_fingerprint().encode()

    def key(self, data: bytes, config: Mapping[str, Any]) -> str:
        """Entry name for a module's bytes analysed under its effective ``config``."""
        digest = blake2b(self._code, digest_size=32)
        digest.update(json.dumps(config, sort_keys=True, separators=(",", ":")).encode())
        digest.update(b"\0")
        digest.update(data)
        return digest.hexdigest()

    @staticmethod
    def digest(data: bytes) -> str:
        return blake2b(data, digest_size=32).hexdigest()

    def _entry(self, key: str) -> Path:
        return self.directory / "reports" / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        """A module's entry (its ``report``), or None to analyse it again."""
        entry = self._read(key)
        if entry is None or not isinstance(entry.get("report"), dict):
            return None
        return entry

    def get_course(self, key: str) -> dict[str, Any] | None:
        """A whole course's entry (``results`` of every module and their ``spans``)."""
        entry = self._read(key)
        if entry is None or not isinstance(entry.get("spans"), dict):
            return None
        results = entry.get("results")
        if not isinstance(results, list) or not all(
            isinstance(r, dict)
            and isinstance(r.get("path"), str)
            and isinstance(r.get("report"), dict)
            for r in results
        ):
            return None
        return entry

    def _read(self, key: str) -> dict[str, Any] | None:
        try:
            data = self._entry(key).read_bytes()
        except OSError:
            return None  # missing or unreadable: analyse again and rewrite
        seal, _, body = data.partition(b"\n")
        if seal != self._seal(key, body):
            return None  # not what this code wrote for this key: corrupt, edited or moved
        try:
            entry = json.loads(body)
        except (ValueError, RecursionError):
            return None
        if not isinstance(entry, dict) or entry.get("format") != ENTRY_FORMAT:
            return None
        return entry

    def _seal(self, key: str, body: bytes) -> bytes:
        """The first line of an entry: a digest of its key and body.  An entry that parses
        but was not written by this code for this key (a truncated write, a hand edit, a
        file copied from another key) does not match, and is analysed again and rewritten."""
        digest = blake2b(key.encode(), digest_size=16)
        digest.update(body)
        return digest.hexdigest().encode()

    def put(self, key: str, entry: Mapping[str, Any]) -> None:
        if self.warning is not None:
            return
        sealed = {**entry, "format": ENTRY_FORMAT}
        try:
            body = json.dumps(sealed, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate (a name that is not UTF-8): escaped
            body = json.dumps(sealed).encode("ascii")
        try:
            self._prepare()
            write_atomically(self._entry(key), self._seal(key, body) + b"\n" + body)
        except OSError as exc:
            self.warning = f"cache disabled: cannot write {self.directory}: {exc.strerror or exc}"

    def _prepare(self) -> None:
        if not self._ready:
            prepare_directory(self.directory)
            self._ready = True


def prepare_directory(directory: Path) -> None:
    """Create the cache directory with its ``CACHEDIR.TAG`` and ``.gitignore``."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in (("CACHEDIR.TAG", CACHEDIR_TAG), (".gitignore", GITIGNORE)):
        marker = directory / name
        if not marker.exists():
            marker.write_text(text, encoding="utf-8")


def write_atomically(target: Path, data: bytes) -> None:
    """Write through a temporary file moved into place: a concurrent run sees the old file
    or the new one, never half of one.  (The temporary name is unique per process, and one
    process writes an entry once; tempfile would cost a run more to import than to write.)"""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".tmp-{os.getpid()}-{target.name}")
    try:
        with open(temp, "wb") as out:
            out.write(data)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


class WordTableStore:
    """Concept detection's word tables (``core/lexicon.py``: wordfreq's frequencies and
    lemminflect's parts of speech as sorted line texts), kept in the cache directory so that
    a run which analyses a module reads two prepared texts instead of unpacking and sorting
    both packages' data again (about 20 ms).  Keyed by the data files' path, size and mtime
    and the table format; ``load`` and ``save`` never raise, as everything in the cache."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _file(self, key: str) -> Path:
        name = blake2b(key.encode(), digest_size=16).hexdigest()
        return self.directory / "lexicon" / f"{name}.txt"

    def load(self, key: str) -> tuple[bytes, bytes] | None:
        try:
            data = self._file(key).read_bytes()
        except OSError:
            return None
        header, _, body = data.partition(b"\0")
        frequency, separator, lemmas = body.partition(b"\0")
        if header != key.encode() or not separator:
            return None  # another key's file (a hash collision), or a damaged one
        if not frequency.endswith(b"\n") or not lemmas.endswith(b"\n"):
            return None
        return frequency, lemmas

    def save(self, key: str, tables: tuple[bytes, bytes]) -> None:
        try:
            prepare_directory(self.directory)
            write_atomically(self._file(key), b"\0".join((key.encode(), *tables)))
        except OSError:
            pass  # the next run prepares the tables again
