"""The course analyses the server keeps: one per course folder, shared by ``GET course`` and by
every live analysis of a module of that course (``course/context.py``), so that the overview's
row of a module and its badges come from the same context.

An analysis depends on the course's files and on the configuration.  Each entry records the
configuration it used and a stamp (modification time and size) of every module file and every
folder the listing looked into; a use compares them with the disk (stat calls only, well under
a millisecond for a course), so a saved module, a new or removed notebook, or a changed
configuration file makes the next use compute the course again, once, off the event loop (a
second request for the same course waits for the first computation).  A contents manager that
keeps no files on disk gives no stamps: its entries are trusted for ``TTL_NO_DISK`` seconds.

Bounded in bytes: an entry counts its reports' and notebooks' JSON size; the least recently
used go first, and a course larger than the bound alone is computed but not kept.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..course.concepts import CourseModule
from ..course.context import ModuleContext

Json = dict[str, Any]
Stamp = tuple[str, int, int]  # (os path, mtime_ns, size)
TTL_NO_DISK = 5.0


@dataclass
class CourseEntry:
    """One course folder analysed: rows, reports and the context of each module."""

    folder: str  # relative to the server root ("" for the root)
    source: str  # course_root.locate_course's verdict for the folder, or "folder"
    config_key: str
    stamps: tuple[Stamp, ...]
    order: list[str]  # module paths (and failed ones) in course order
    modules: list[CourseModule]  # the analysed ones, in course order
    reports: dict[str, Json]
    contexts: dict[str, ModuleContext]  # by module path and by the path of its pair
    errors: dict[str, str]
    paired: dict[str, str | None]
    truncated: bool
    size: int = 0
    checked: float = field(default_factory=time.monotonic)


def stamp(os_path: str) -> Stamp:
    try:
        info = os.stat(os_path)
    except OSError:
        return (os_path, -1, -1)
    return (os_path, info.st_mtime_ns, info.st_size)


def entry_size(reports: Mapping[str, Json], modules: Sequence[CourseModule]) -> int:
    """What an entry costs, in bytes of JSON (run off the event loop: it serialises)."""
    size = sum(len(json.dumps(report, separators=(",", ":"))) for report in reports.values())
    size += sum(len(json.dumps(module.notebook, separators=(",", ":"))) for module in modules)
    return size


class CourseCache:
    """Course analyses by folder (see the module docstring)."""

    def __init__(self, max_bytes: int, on_disk: bool) -> None:
        self.max_bytes = max_bytes
        self.on_disk = on_disk
        self._entries: OrderedDict[str, CourseEntry] = OrderedDict()
        self._bytes = 0
        self._computing: dict[tuple[str, str], asyncio.Future[CourseEntry]] = {}

    def stats(self) -> dict[str, int]:
        return {"courses": len(self._entries), "bytes": self._bytes}

    def fresh(self, folder: str, config_key: str) -> CourseEntry | None:
        """The entry for ``folder`` if nothing it depends on changed since it was computed."""
        entry = self._entries.get(folder)
        if entry is None or entry.config_key != config_key:
            return None
        if self.on_disk:
            if any(stamp(path) != (path, mtime, size) for path, mtime, size in entry.stamps):
                return None
        elif time.monotonic() - entry.checked > TTL_NO_DISK:
            return None
        self._entries.move_to_end(folder)
        return entry

    async def get(
        self, folder: str, config_key: str, compute: Callable[[], Awaitable[CourseEntry]]
    ) -> CourseEntry:
        """A fresh entry for ``folder``, computed by ``compute`` when there is none (once for
        concurrent callers)."""
        entry = self.fresh(folder, config_key)
        if entry is not None:
            return entry
        key = (folder, config_key)
        pending = self._computing.get(key)
        if pending is None:
            pending = asyncio.ensure_future(compute())
            self._computing[key] = pending
            pending.add_done_callback(lambda done: self._settle(key, done))
        return await asyncio.shield(pending)

    def _settle(self, key: tuple[str, str], done: asyncio.Future[CourseEntry]) -> None:
        self._computing.pop(key, None)
        if not done.cancelled() and done.exception() is None:
            self._put(done.result())

    def _put(self, entry: CourseEntry) -> None:
        old = self._entries.pop(entry.folder, None)
        if old is not None:
            self._bytes -= old.size
        if entry.size > self.max_bytes:
            return  # used by the requests that waited for it, not kept
        self._entries[entry.folder] = entry
        self._bytes += entry.size
        while self._bytes > self.max_bytes:
            _, evicted = self._entries.popitem(last=False)
            self._bytes -= evicted.size
