"""The analyzer's per-cell cache: results by cell content, bounded in entries and in bytes.

A key is (cell type, a digest of the source, the metadata that matters, the config key), so
the cache never holds a source: a 4 MB cell leaves 16 bytes of key behind, not 4 MB.  Each
entry is counted at ``result_bytes`` (an estimate calibrated against tracemalloc in
tests/core/test_cell_cache.py: about 2 KB per cell plus 2 to 8 bytes per source character,
the split plan of a long code cell being the largest part); the least recently used entries
go first once either bound is passed.

Digests cost about 1.5 µs per 600-character cell, which a 3,000-cell notebook would pay on
every edit; the previous call's digests are therefore kept by source object, as the
server's sessions hand the same source strings back for unchanged cells.  That memo holds
the sources of one notebook (the last one analysed), and is counted too.
"""

from __future__ import annotations

import _thread  # threading.Lock is this lock; the threading module costs the CLI start-up
import sys
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence

try:  # the built-in module: hashlib would load OpenSSL first (milliseconds of CLI start-up)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

from .cell_result import CellResult
from .loading import Cell
from .typing_names import Any

__all__ = ["CellCache", "Key", "result_bytes"]

Key = tuple[Any, ...]
RESULT_BASE_BYTES = 4096
RESULT_BYTES_PER_CHAR = 8
SHORT_SOURCE = 64  # sources this short are their own digest (no hashing, little memory)


def result_bytes(source_chars: int) -> int:
    """What a cached ``CellResult`` of a source of that length is counted at."""
    return RESULT_BASE_BYTES + RESULT_BYTES_PER_CHAR * source_chars


def source_digest(source: str) -> str | bytes:
    if len(source) <= SHORT_SOURCE:
        return source
    return blake2b(source.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class CellCache:
    """Thread-safe LRU of ``CellResult`` by key; ``bytes`` is what it holds, as counted."""

    def __init__(self, max_cells: int, max_bytes: int) -> None:
        self.max_cells = max(1, int(max_cells))
        self.max_bytes = max(1, int(max_bytes))
        self._entries: OrderedDict[Key, tuple[CellResult, int]] = OrderedDict()
        self._held = 0
        self._lock = _thread.allocate_lock()
        # id(source) → (source, digest) of the last call: unchanged cells skip the hashing.
        self._digests: dict[int, tuple[str, str | bytes]] = {}
        self._memo_bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def bytes(self) -> int:
        """Counted bytes: cached results plus the digest memo's sources."""
        return self._held + self._memo_bytes

    def keys(self, cells: Sequence[Cell], ckey: str, meta_key: Callable[[Any], Any]) -> list[Key]:
        """The key of each cell (``meta_key`` picks the metadata that changes a result)."""
        old = self._digests
        memo: dict[int, tuple[str, str | bytes]] = {}
        memo_bytes = 0
        keys = []
        for cell in cells:
            source = cell.source
            known = old.get(id(source))
            same = known is not None and known[0] is source
            digest = known[1] if same else source_digest(source)  # type: ignore[index]
            if len(source) > SHORT_SOURCE:
                memo[id(source)] = (source, digest)
                memo_bytes += sys.getsizeof(source)
            keys.append((cell.cell_type, digest, meta_key(cell.metadata), ckey))
        self._digests, self._memo_bytes = memo, memo_bytes
        return keys

    def lookup(self, keys: Sequence[Key]) -> list[CellResult | None]:
        found: list[CellResult | None] = []
        with self._lock:
            get, touch = self._entries.get, self._entries.move_to_end
            for key in keys:
                hit = get(key)
                if hit is not None:
                    touch(key)
                    found.append(hit[0])
                else:
                    found.append(None)
        return found

    def store(self, items: Iterable[tuple[Key, CellResult, int]]) -> None:
        """Add (key, result, source length) entries, then evict down to both bounds."""
        with self._lock:
            for key, result, chars in items:
                size = result_bytes(chars)
                previous = self._entries.pop(key, None)
                if previous is not None:
                    self._held -= previous[1]
                self._entries[key] = (result, size)
                self._held += size
            while self._entries and (
                len(self._entries) > self.max_cells or self._held > self.max_bytes
            ):
                _, (_, size) = self._entries.popitem(last=False)
                self._held -= size

    def drain(self) -> None:
        """Empty the cache an entry at a time (a large cache freed at once is one long C
        call that holds the GIL)."""
        while True:
            with self._lock:
                if not self._entries:
                    break
                _, (_, size) = self._entries.popitem(last=False)
                self._held -= size
        self._digests, self._memo_bytes = {}, 0
