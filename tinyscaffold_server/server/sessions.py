"""Per-document analysis sessions: an ``Analyzer`` each, and the state of the delta protocol.

The live UI posts the whole notebook on every (debounced) edit, but sends cells it already
sent as ``{"id": ..., "unchanged": true}``.  A session remembers the cells of the last request
it answered, so those references can be expanded, and keeps one ``Analyzer`` whose per-cell
cache makes a one-cell edit cost one cell.

Bounds: at most ``max_sessions`` sessions (least recently used evicted first), at most
``max_cells`` / ``max_chars`` remembered cells over all sessions, and at most ``max_bytes``
of everything the sessions hold, counted: the remembered cells (their sources, ids and
metadata), the last reports sent (``ANSWER_CELL_BYTES`` a cell) and each session's per-cell
analyzer cache (``core/cell_cache.py``).  A session unused for ``idle_seconds`` is dropped
(``drop_idle``).  Forgetting is always safe: a reference to a forgotten cell is answered with
409 and the client resends everything.

Requests for one document are processed one at a time (``Session.lock``), in arrival order,
so the remembered cells are those of the newest request the client got an answer to.

A client that asks for report patches also gets its answer as a change: the session keeps
the last report it sent (``hold_answer``) and answers the next request with a patch against
it when the client names it (``report_patch.py``).  The held report has one entry per cell,
so it counts against the same bounds: a session counts the larger of its remembered cells and
its held report's entries.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..core.config import config_key
from .memory import empty_slowly
from .report_patch import new_report_id, report_patch


class AnalyzerLike(Protocol):
    def analyze(
        self, notebook: dict[str, Any], known: frozenset[str] = frozenset()
    ) -> dict[str, Any]: ...


CELL_BYTES = 512  # a remembered cell's dict, its id and the references to it, source aside
ANSWER_BYTES = 16 * 1024  # the last report sent: its sections (the summary, the patterns)
ANSWER_CELL_BYTES = 1024  # and each cell's entry (shared in part with the analyzer's cache)


AnalyzerFactory = Callable[[dict[str, Any]], AnalyzerLike]
Sized = tuple[Mapping[str, Any], int, int]  # a remembered cell, its cell_bytes, source_chars


class UnknownCells(Exception):
    """Cell references the session cannot expand (restart, eviction, or never sent)."""

    def __init__(self, ids: list[str]) -> None:
        super().__init__(f"unknown cell id(s): {', '.join(ids[:10])}")
        self.ids = ids


class BadReference(Exception):
    """A cell marked ``unchanged`` without a usable ``id``."""


def is_reference(cell: Any) -> bool:
    # ``type(...) is dict`` first: the ABC check costs more than the rest on every cell
    return (type(cell) is dict or isinstance(cell, Mapping)) and cell.get("unchanged") is True


def source_chars(cell: Any) -> int:
    """Length of a cell's source, tolerant of bad shapes (the core reports those)."""
    source = cell.get("source", "") if isinstance(cell, Mapping) else ""
    if isinstance(source, str):
        return len(source)
    if isinstance(source, list):
        return sum(len(part) for part in source if isinstance(part, str))
    return 0


def cell_bytes(cell: Any) -> int:
    """What remembering a cell costs, as counted: its source's size in memory, its
    metadata's JSON size, and ``CELL_BYTES`` for the rest."""
    if not isinstance(cell, Mapping):
        return CELL_BYTES
    source = cell.get("source", "")
    size = CELL_BYTES + (sys.getsizeof(source) if isinstance(source, str) else 0)
    if isinstance(source, list):
        size += sum(sys.getsizeof(part) for part in source)
    metadata = cell.get("metadata")
    if metadata:
        try:
            size += len(json.dumps(metadata, default=repr))
        except (TypeError, ValueError, RecursionError):
            size += CELL_BYTES
    return size


def analyzer_bytes(analyzer: AnalyzerLike) -> int:
    return int(getattr(analyzer, "cached_bytes", 0))


@dataclass
class Session:
    analyzer: AnalyzerLike
    config_key: str
    cells: dict[str, Mapping[str, Any]] = field(default_factory=dict)
    chars: int = 0
    seq: int | None = None
    answer: Mapping[str, Any] | None = None  # the last full answer sent, with its report_id
    counted: int = 0  # what this session adds to the store's cell total
    cell_bytes: int = 0  # the remembered cells, as counted (``cell_bytes``)
    sizes: dict[str, Sized] = field(default_factory=dict)  # by id: see ``_sizes``
    used: float = field(default_factory=time.monotonic)

    def cell_count(self) -> int:
        return max(len(self.cells), len(self.answer["cells"]) if self.answer else 0)

    @property
    def bytes(self) -> int:
        """Everything this session holds, as counted."""
        answer = 0
        if self.answer is not None:
            answer = ANSWER_BYTES + ANSWER_CELL_BYTES * len(self.answer.get("cells") or ())
        return self.cell_bytes + answer + analyzer_bytes(self.analyzer)


@dataclass
class Prepared:
    """What the handler needs to run one analysis."""

    analyzer: AnalyzerLike
    cells: list[Any]
    fresh_chars: int  # source characters the analyzer has probably not seen: decides off-loop


class SessionStore:
    def __init__(
        self,
        factory: AnalyzerFactory,
        max_sessions: int = 64,
        max_cells: int = 20_000,
        max_chars: int = 32 * 1024 * 1024,
        max_bytes: int = 512 * 1024 * 1024,
    ) -> None:
        self._factory = factory
        self.max_sessions = max_sessions
        self.max_cells = max_cells
        self.max_chars = max_chars
        self.max_bytes = max_bytes
        self._sessions: OrderedDict[str, Session] = OrderedDict()
        self._cells = 0
        self._chars = 0
        # Handlers call in from the event loop only, but the lock keeps the totals right if
        # a caller ever uses the store from a worker thread.
        self._mutex = threading.Lock()
        # Per-document asyncio locks with their number of users, dropped when unused, so
        # that keeping a lock costs nothing for documents that are no longer edited.
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}
        self._dropped: list[Session | AnalyzerLike] = []
        self.on_drop: Callable[[], object] | None = None  # the server: release in its pool

    def __len__(self) -> int:
        return len(self._sessions)

    def __contains__(self, key: str) -> bool:
        return key in self._sessions

    def stats(self) -> dict[str, int]:
        return {
            "sessions": len(self._sessions),
            "cells": self._cells,
            "chars": self._chars,
            "bytes": self.bytes(),
        }

    def bytes(self) -> int:
        """Everything the sessions hold, as counted (each session's ``bytes``)."""
        return sum(session.bytes for session in list(self._sessions.values()))

    @contextlib.asynccontextmanager
    async def locked(self, key: str | None) -> AsyncIterator[None]:
        """Serialise requests for one document (event-loop only); no-op without a key."""
        if key is None:
            yield
            return
        lock, users = self._locks.get(key, (None, 0))
        if lock is None:
            lock = asyncio.Lock()
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    def prepare(self, key: str | None, cells: Sequence[Any], config: dict[str, Any]) -> Prepared:
        """Expand references and pick the session's analyzer (a fresh one when ``key`` is None).

        Raises ``BadReference`` or ``UnknownCells``; neither changes any state.
        """
        ckey = config_key(config)
        with self._mutex:
            session = self._sessions.get(key) if key is not None else None
            known = session.cells if session is not None else {}
            resolved: list[Any] = []
            missing: list[str] = []
            fresh = 0
            for index, cell in enumerate(cells):
                if is_reference(cell):
                    cell_id = cell.get("id")
                    if not isinstance(cell_id, str) or not cell_id:
                        raise BadReference(f"cell {index}: an unchanged reference needs an 'id'")
                    if cell_id in known:
                        resolved.append(known[cell_id])
                    else:
                        missing.append(cell_id)
                    continue
                cell_id = cell.get("id") if isinstance(cell, Mapping) else None
                if not (isinstance(cell_id, str) and known.get(cell_id) == cell):
                    fresh += source_chars(cell)
                resolved.append(cell)
            if missing:
                raise UnknownCells(missing)
            if key is None:
                return Prepared(self._factory(config), resolved, fresh)
            if session is None:
                session = Session(self._factory(config), ckey)
                self._sessions[key] = session
                self._evict(keep=key)
            else:
                self._sessions.move_to_end(key)
                session.used = time.monotonic()
                if session.config_key != ckey:
                    # The user changed a setting: cached per-cell results are for the old one.
                    self._release(session.analyzer)
                    session.analyzer = self._factory(config)
                    session.config_key = ckey
            return Prepared(session.analyzer, resolved, fresh)

    def remember(self, key: str | None, cells: Sequence[Any], seq: int | None) -> None:
        """Record the cells of an answered request as the base for the next references."""
        if key is None:
            return
        with self._mutex:
            session = self._sessions.get(key)
            if session is None:  # evicted while the analysis ran
                return
            by_id = {
                cell["id"]: cell
                for cell in cells
                if (type(cell) is dict or isinstance(cell, Mapping)) and type(cell.get("id")) is str
            }
            session.sizes = _sizes(by_id, session.sizes)
            chars = sum(size[2] for size in session.sizes.values())
            self._chars += chars - session.chars
            session.cells, session.chars, session.seq = by_id, chars, seq
            session.cell_bytes = sum(size[1] for size in session.sizes.values())
            session.used = time.monotonic()
            self._recount(key, session)

    def hold_answer(
        self, key: str | None, answer: Mapping[str, Any], since: str | None
    ) -> dict[str, Any]:
        """Give the full ``answer`` a new ``report_id`` and keep it as the document's held
        report; return what to send: a patch when ``since`` names the report held until now,
        else the full answer (first request, restart, eviction, or an answer the client did
        not apply)."""
        reply = {**answer, "report_id": new_report_id()}
        if key is None:
            return reply
        with self._mutex:
            session = self._sessions.get(key)
            if session is None:  # evicted, or too large to keep
                return reply
            held, session.answer = session.answer, reply
            self._recount(key, session)
        if held is None or since is None or held["report_id"] != since:
            answer = reply
        else:
            answer = report_patch(held, reply)
        if held is not None:  # the report held until now: its entries, freed a few at a time
            empty_slowly(held.get("cells"))
        return answer

    def remembers(self, key: str | None) -> bool:
        """Whether the document's session keeps its cells (see ``remember``)."""
        return key is not None and key in self._sessions

    def holds(self, key: str | None) -> bool:
        """Whether the document's session holds its last answer (see ``hold_answer``)."""
        session = self._sessions.get(key) if key is not None else None
        return session is not None and session.answer is not None

    def _recount(self, key: str, session: Session) -> None:
        count = session.cell_count()
        self._cells += count - session.counted
        session.counted = count
        self._evict(keep=key)
        if self._over():
            # This one document alone is over the cap: analyse it, but keep no state.
            self._drop(key)

    def _over(self) -> bool:
        return (
            len(self._sessions) > self.max_sessions
            or self._cells > self.max_cells
            or self._chars > self.max_chars
            or self.bytes() > self.max_bytes
        )

    def forget(self, key: str) -> None:
        with self._mutex:
            self._drop(key)

    def drop_idle(self, idle_seconds: float) -> int:
        """Drop the sessions unused for ``idle_seconds``; how many were dropped."""
        cutoff = time.monotonic() - idle_seconds
        with self._mutex:
            idle = [key for key, session in self._sessions.items() if session.used < cutoff]
            for key in idle:
                self._drop(key)
        return len(idle)

    def _drop(self, key: str) -> None:
        session = self._sessions.pop(key, None)
        if session is not None:
            self._cells -= session.counted
            self._chars -= session.chars
            self._release(session)

    def _release(self, held: Session | AnalyzerLike) -> None:
        """Keep what was dropped until ``release_dropped`` frees it from a worker thread:
        freeing a session's million objects at once is one long C call, and a drop may
        happen on the event loop (an inline request that evicts another document)."""
        self._dropped.append(held)
        if self.on_drop is not None:
            self.on_drop()

    def release_dropped(self) -> int:
        """Free what was dropped, a little at a time (from a worker thread); how many."""
        with self._mutex:
            dropped, self._dropped = self._dropped, []
        for held in dropped:
            _free_gradually(held)
        return len(dropped)

    def _evict(self, keep: str) -> None:
        """Drop least recently used sessions (never ``keep``) until every bound holds."""
        for key in list(self._sessions):
            if not self._over():
                return
            if key != keep:
                self._drop(key)


def _sizes(cells: dict[str, Mapping[str, Any]], before: dict[str, Sized]) -> dict[str, Sized]:
    """Each remembered cell's ``cell_bytes`` and ``source_chars``, reusing the counts of a
    cell remembered before (the same object: an unchanged cell sent by reference)."""
    sizes = {}
    for cell_id, cell in cells.items():
        known = before.get(cell_id)
        sizes[cell_id] = (
            known
            if known is not None and known[0] is cell
            else (cell, cell_bytes(cell), source_chars(cell))
        )
    return sizes


def _free_gradually(held: Session | AnalyzerLike) -> None:
    """Empty the large containers of a dropped session or analyzer item by item, so that
    the interpreter can switch threads in between (see ``SessionStore._release``)."""
    if isinstance(held, Session):
        _free_gradually(held.analyzer)
        empty_slowly(held.cells)
        empty_slowly(held.sizes)
        answer, held.answer = held.answer, None
        if answer is not None:  # unless a reply being written shares its entries
            empty_slowly(answer.get("cells"))
        return
    release = getattr(held, "release", None)
    if callable(release):
        release()
