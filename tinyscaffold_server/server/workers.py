"""Where the server's analysis work runs, so that the Jupyter event loop only routes.

- **Inline** on the event loop only when the work is known to be small (``Costs``): a
  small body, a notebook of few cells, and few cells (of few characters) the session's
  per-cell cache does not hold.  That is the live path's one-cell edit: lowest latency.
- **A thread** of a bounded pool (``TinyScaffold.analysis_threads``) for everything else:
  pure-Python work that lets the loop's thread take the GIL every switch interval (5 ms).
- **The cell worker process** (``CellWorker``, ``cell_worker.py``) for each cell of at
  least ``worker_min_cell_chars``: parsing or scanning such a cell is one C call that
  holds the GIL for as long as it runs (``ast.parse`` of a 5 MB cell: seconds).

A burst of edits must not queue stale work: ``Newest`` knows, per document, the newest
request that has arrived, and an older one still waiting or running is *superseded*: it
stops between cells (its results so far stay cached) and answers 409 ``superseded``, which
the client ignores, as the newer request's answer is on its way.

Bodies are parsed and replies serialised in the thread too, and in slices
(``json_slices.py``), so that no single ``json.loads`` or ``json.dumps`` call of a 20,000-cell
notebook holds the GIL for 100 ms or more.

The cyclic garbage collector is the last long pause.  A 20,000-cell analysis leaves about a
million new objects (the cached results), and whichever thread next triggers a collection
scans them all while holding the GIL: 0.4 to 1 s measured, on the event loop's thread as
often as not.  Work in the pool therefore runs with the collector paused (``PausedGC``), and
when it leaves more than ``FREEZE_ABOVE`` new objects behind, they are moved to the
collector's permanent generation (``gc.freeze``) instead of being scanned: cached results
are acyclic and are freed by reference counting when evicted, frozen or not.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import pickle
import select
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import IO, Any, TypeVar

from ..core.analyzer import Cancelled, CellInput
from ..core.cell_result import CellResult
from .cell_worker import TAKEN, read_exactly, read_frame, write_frame

T = TypeVar("T")

__all__ = ["CellWorker", "CellWorkerError", "Costs", "Newest", "PausedGC", "Work"]


@dataclass(frozen=True)
class Costs:
    """What the event loop may do itself (``TinyScaffold.inline_*``); beyond, a thread."""

    max_body_bytes: int = 256 * 1024
    max_cells: int = 2_000
    max_missing_cells: int = 64
    max_missing_chars: int = 20_000

    def body_inline(self, size: int) -> bool:
        """Whether a body this size is parsed on the loop (json.loads: ~5 ms a MB)."""
        return size <= self.max_body_bytes

    def may_run_inline(self, body_bytes: int, cells: int) -> bool:
        """A first look, before anything is counted: only then are cache misses weighed."""
        return body_bytes <= self.max_body_bytes and cells <= self.max_cells

    def inline(self, missing_cells: int, missing_chars: int) -> bool:
        """The misses (cells the per-cell cache lacks, empty ones included) are cheap."""
        return missing_cells <= self.max_missing_cells and missing_chars <= self.max_missing_chars


class Newest:
    """Per document, the highest ``seq`` among its requests in flight.

    Only requests in flight count, so that a client that starts again at ``seq`` 1 (a
    reloaded page with the same document id) is not taken for an old one."""

    def __init__(self) -> None:
        self._newest: dict[str, tuple[int, int]] = {}  # key → (highest seq, requests)

    @contextlib.contextmanager
    def arrive(self, key: str | None, seq: int | None) -> Iterator[Callable[[], bool]]:
        """While the request is in flight: a callable that says whether a newer request
        of the same document has arrived since (always False without a key or seq)."""
        if key is None or seq is None:
            yield _never
            return
        highest, users = self._newest.get(key, (seq, 0))
        self._newest[key] = (max(highest, seq), users + 1)
        newest = self._newest

        def superseded() -> bool:
            entry = newest.get(key)  # read from worker threads: one dict lookup, atomic
            return entry is not None and entry[0] > seq

        try:
            yield superseded
        finally:
            highest, users = self._newest[key]
            if users <= 1:
                del self._newest[key]
            else:
                self._newest[key] = (highest, users - 1)


def _never() -> bool:
    return False


# "-c" rather than "-m": the server's working directory (a course folder, which may hold an
# ast.py or a json.py) must not come first on the worker's import path.
_WORKER_MAIN = (
    "import sys; del sys.path[0]; from tinyscaffold_server.server.cell_worker import main; main()"
)


class CellWorkerError(Exception):
    """The worker process failed on a cell (killed, out of memory, or a bug)."""


class CellWorker:
    """The ``core.analyzer.Offload`` of the server: one child process, one job at a time,
    started when first needed.  It is restarted after a job of ``recycle_chars`` or more
    characters (its memory goes back to the system with it) and stopped when idle."""

    def __init__(
        self,
        min_chars: int,
        recycle_chars: int,
        idle_seconds: float,
        batch_cells: int = 500,
        batch_chars: int = 1_000_000,
    ) -> None:
        self.min_chars = min_chars
        self.batch_cells = batch_cells  # a job lacking this many cells (or characters) sends
        self.batch_chars = batch_chars  # them all: analysing them is the bulk of its time
        self.recycle_chars = recycle_chars
        self.idle_seconds = idle_seconds
        self._jobs = ThreadPoolExecutor(
            1, thread_name_prefix="tinyscaffold-cells", initializer=lower_priority
        )
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._last_used = time.monotonic()

    def __call__(
        self,
        cells: list[CellInput],
        config: Mapping[str, Any],
        cancelled: Callable[[], bool] | None = None,
    ) -> Future[list[CellResult]]:
        return self._jobs.submit(self._run, cells, dict(config), cancelled)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def stop_if_idle(self) -> None:
        if time.monotonic() - self._last_used > self.idle_seconds:
            self.stop()

    def stop(self) -> None:
        with self._lock:
            process, self._process = self._process, None
        if process is not None:
            with contextlib.suppress(OSError):
                process.kill()
            process.wait()
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError):
                        stream.close()

    def shutdown(self) -> None:
        self._jobs.shutdown(wait=False, cancel_futures=True)
        self.stop()

    def _start(self) -> tuple[subprocess.Popen[bytes], bool]:
        """The worker process, and whether it was started just now."""
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                return self._process, False
            # Unbuffered: select() on the answers must see every byte not yet read.
            self._process = subprocess.Popen(
                [sys.executable, "-c", _WORKER_MAIN],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                bufsize=0,
            )
            lower_priority(self._process.pid)
            return self._process, True

    def _run(
        self, cells: list[CellInput], config: dict[str, Any], cancelled: Callable[[], bool] | None
    ) -> list[CellResult]:
        """The cells a slice at a time: no pickle of a whole notebook to make or read in one
        call (that would hold the GIL), and a superseded job stops between slices."""
        results: list[CellResult] = []
        for part in _slices(cells):
            if cancelled is not None and cancelled():
                raise Cancelled(results)  # the slices done are kept (core/analyzer.py)
            try:
                results.extend(self._run_slice(part, config, cancelled))
            except Cancelled:
                raise Cancelled(results) from None
        if sum(len(source) for _, source, _ in cells) >= self.recycle_chars:
            self.stop()
        return results

    def _run_slice(
        self, cells: list[CellInput], config: dict[str, Any], cancelled: Callable[[], bool] | None
    ) -> list[CellResult]:
        self._last_used = time.monotonic()
        job = pickle.dumps((cells, config), protocol=pickle.HIGHEST_PROTOCOL)
        process, fresh = self._start()
        taken, frame = self._exchange(process, job, cancelled)
        if not taken and not fresh:  # it had died while idle (killed, say): once more
            process, fresh = self._start()
            taken, frame = self._exchange(process, job, cancelled)
        if frame is None:
            raise CellWorkerError(
                f"the cell worker process stopped (exit code {process.returncode})"
            )
        kind, value = pickle.loads(frame)
        self._last_used = time.monotonic()
        if kind != "ok":
            raise CellWorkerError(str(value))
        results: list[CellResult] = value
        return results

    def _exchange(
        self, process: subprocess.Popen[bytes], job: bytes, cancelled: Callable[[], bool] | None
    ) -> tuple[bool, bytes | None]:
        """Send one job, wait for its answer: (whether the worker took the job, the answer
        frame or None when the process stopped, which is then reaped)."""
        stdin, stdout = _streams(process)
        taken, frame = False, None
        try:
            write_frame(stdin, job)
            taken = read_exactly(stdout, 1) == TAKEN
            while taken and not select.select([stdout], [], [], 0.05)[0]:
                if cancelled is not None and cancelled():
                    self.stop()  # its work is for a version of the cell nobody wants now
                    raise Cancelled
            frame = read_frame(stdout) if taken else None
        except OSError:  # it died while we wrote
            pass
        if frame is None:
            self.stop()
        return taken, frame


SLICE_CELLS = 256  # cells per exchange with the worker...
SLICE_CHARS = 256 * 1024  # ... and characters (a larger cell goes alone)


def _slices(cells: list[CellInput]) -> Iterator[list[CellInput]]:
    part: list[CellInput] = []
    chars = 0
    for cell in cells:
        if part and (len(part) >= SLICE_CELLS or chars + len(cell[1]) > SLICE_CHARS):
            yield part
            part, chars = [], 0
        part.append(cell)
        chars += len(cell[1])
    if part:
        yield part


def _streams(process: subprocess.Popen[bytes]) -> tuple[IO[bytes], IO[bytes]]:
    assert process.stdin is not None and process.stdout is not None  # both are PIPEs
    return process.stdin, process.stdout


FREEZE_ABOVE = 50_000  # new objects a job may leave to the collector (~10 ms of scanning)


JOB_SWITCH_INTERVAL = 0.001  # seconds: how long a job's thread may keep the GIL (default 5 ms)
JOB_NICENESS = 10  # the pool's threads and the cell worker yield the CPU to the event loop


class PausedGC:
    """While any job of the pool runs: the cyclic collector paused (the objects the jobs
    left behind are frozen rather than scanned when there are many, see the module
    docstring), and the interpreter's switch interval cut from 5 ms to 1 ms, so that the
    event loop's thread waits at most that long for the GIL each time it needs it (a request
    takes it a dozen times).  Both are restored by the last job to finish; a host that
    disabled the collector itself keeps it disabled."""

    def __init__(self, freeze_above: int = FREEZE_ABOVE) -> None:
        self.freeze_above = freeze_above
        self._lock = threading.Lock()
        self._running = 0
        self._paused = False
        self._interval = sys.getswitchinterval()

    @contextlib.contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._running == 0:
                self._interval = sys.getswitchinterval()
                sys.setswitchinterval(min(self._interval, JOB_SWITCH_INTERVAL))
                if gc.isenabled():
                    gc.disable()
                    self._paused = True
            self._running += 1
        try:
            yield
        finally:
            with self._lock:
                self._running -= 1
                if self._running == 0:
                    sys.setswitchinterval(self._interval)
                    if self._paused:
                        self._paused = False
                        if gc.get_count()[0] > self.freeze_above:
                            gc.freeze()
                        gc.enable()


def lower_priority(pid: int = 0) -> None:
    """Give this thread (or process ``pid``) a lower CPU priority: on a busy machine the
    event loop's thread then gets a core first.  Linux applies it per thread; elsewhere,
    or when not allowed, nothing changes."""
    native = pid or threading.get_native_id()
    with contextlib.suppress(AttributeError, OSError):
        current = os.getpriority(os.PRIO_PROCESS, native)
        os.setpriority(os.PRIO_PROCESS, native, max(current, JOB_NICENESS))


class Work:
    """The server's analysis capacity: a bounded thread pool, the cell worker, and the
    newest request per document."""

    def __init__(self, threads: int, worker: CellWorker, costs: Costs) -> None:
        self.threads = ThreadPoolExecutor(
            threads, thread_name_prefix="tinyscaffold", initializer=lower_priority
        )
        self.worker = worker
        self.costs = costs
        self.newest = Newest()
        self.paused_gc = PausedGC()

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a thread of the pool (the collector paused meanwhile)."""
        return await asyncio.get_running_loop().run_in_executor(
            self.threads, self._paused, fn, args
        )

    def _paused(self, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        with self.paused_gc():
            return fn(*args)

    def shutdown(self) -> None:
        self.threads.shutdown(wait=False, cancel_futures=True)
        self.worker.shutdown()
