"""The resident process behind ``tinyscaffold --resident``: the CLI with its analysis core
imported and its word tables prepared, waiting on a Unix socket.

Each run is a forked child that takes over the caller's standard streams (passed as file
descriptors), directory, environment and umask, runs ``cli.main`` and sends back its exit
code, so output and exit codes are those of a run in the caller's own process; a child's
state dies with it.  The child is forked and warmed up ahead of the run (the spare), so a
run waits neither for the fork nor for the copying of the pages it writes to.

The process serves one user (the socket's folder is private to them, and a peer of another
user is refused), stops after ``TINYSCAFFOLD_RESIDENT_IDLE`` seconds without a run (default
900), and stops at once when its code or word data has changed since it started (the
caller then runs the command itself and starts a new one).

    python -m tinyscaffold_server.cli.resident SOCKET   (started by launch.py, not by hand)
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import io
import marshal
import os
import selectors
import signal
import socket
import struct
import sys
import time
import traceback
from typing import Any, TextIO

from .cache import current_code_fingerprint
from .resident_protocol import DONE, EXIT_CODE, PID, STALE, identity, private_folder

IDLE_ENV = "TINYSCAFFOLD_RESIDENT_IDLE"
DEFAULT_IDLE_SECONDS = 900.0
MAX_REQUEST_BYTES = 1 << 22  # an environment and an argument list, never megabytes
REQUEST_SECONDS = 5.0  # a client that has not sent its whole request by then is dropped


def preload() -> None:
    """Import and warm up what a run uses, once for all runs (see ``warm_up``); then freeze
    the objects out of the garbage collector, whose first pass in a forked run would
    otherwise touch (and so copy) every page the runs share with this process."""
    warm_up()
    from ..core.concepts import lexicon

    lexicon.settle()  # no thread of the word tables running when it forks
    gc.collect()
    gc.freeze()


def warm_up() -> None:
    """A course run and a one-module run over the bundled pattern templates: they import
    the formats' modules, compile the regular expressions and prepare the word tables, and
    in a spare child they copy, ahead of its run, the pages a run writes to."""
    from ..course.templates import BUILT_IN as templates
    from . import main as cli

    first = min(str(path) for path in templates.glob("*.py"))
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        cli.main(["report", str(templates), "--format", "json", "--no-cache"])
        cli.main(["report", first, "--no-cache"])


class Resident:
    def __init__(self, path: str, idle: float, lock: TextIO) -> None:
        self.path, self.idle, self.lock = path, idle, lock
        self.signature = current_code_fingerprint()
        self.started, self.runs = time.time(), 0
        self.last_run = time.monotonic()  # "idle" means no run: status questions do not count
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.inode = 0
        # A child forked and warmed up ahead of the next run, waiting for it on a channel:
        # the run starts without waiting for a fork or for copies of the pages it writes.
        self.spare: socket.socket | None = None

    def serve(self) -> None:
        if os.path.lexists(self.path):
            os.unlink(self.path)  # a stopped process's socket: we hold the lock
        old_umask = os.umask(0o177)
        try:
            self.server.bind(self.path)
        finally:
            os.umask(old_umask)
        self.inode = os.stat(self.path).st_ino
        self.server.listen(64)
        self.server.setblocking(False)
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
        waiting = selectors.DefaultSelector()
        waiting.register(self.server, selectors.EVENT_READ)
        try:
            while self._serve_once(waiting):
                pass
        finally:
            for key in list(waiting.get_map().values()):
                if isinstance(key.data, PendingRequest):
                    key.data.drop()
            waiting.close()
            self.shut_down()

    def _serve_once(self, waiting: selectors.BaseSelector) -> bool:
        """Wait for the next event: a new connection, bytes of a request, a time-out.
        Connections are read as their bytes arrive, so a client that connects and stays
        silent holds no other; it is dropped after ``REQUEST_SECONDS``.  False: stop."""
        if self.spare is None:
            self.spare = self._fork_spare()
        now = time.monotonic()
        left = self.last_run + self.idle - now
        if left <= 0:
            return False
        pending = [key.data for key in waiting.get_map().values() if key.data is not None]
        timeout = min([left, *(request.deadline - now for request in pending)])
        for key, _ in waiting.select(max(timeout, 0.0)):
            if key.data is None:
                self._accept(waiting)
                continue
            request: PendingRequest = key.data
            try:
                complete = request.feed()
            except (OSError, ValueError, EOFError, TypeError):
                waiting.unregister(request.connection)
                request.drop()
                continue
            if complete:
                waiting.unregister(request.connection)
                with request.connection as connection:
                    connection.setblocking(True)
                    connection.settimeout(5.0)
                    if not self._answer(connection, request.body, request.fds):
                        return False
        now = time.monotonic()
        for request in pending:
            if request.deadline <= now and request.connection.fileno() != -1:
                waiting.unregister(request.connection)
                request.drop()
        return True

    def _accept(self, waiting: selectors.BaseSelector) -> None:
        try:
            connection, _ = self.server.accept()
        except (BlockingIOError, InterruptedError):
            return
        try:
            if not _same_user(connection):  # another user: refused before a byte is read
                connection.close()
                return
        except OSError:
            connection.close()
            return
        connection.setblocking(False)
        request = PendingRequest(connection, time.monotonic() + REQUEST_SECONDS)
        waiting.register(connection, selectors.EVENT_READ, request)

    def shut_down(self) -> None:
        """Stop taking runs and let a successor start (runs already forked go on)."""
        if self.server.fileno() == -1:
            return
        try:
            if os.stat(self.path).st_ino == self.inode:
                os.unlink(self.path)
        except OSError:
            pass
        self.server.close()
        self.lock.close()  # releases the lock
        if self.spare is not None:
            self.spare.close()  # the spare child reads the end of its channel and exits
            self.spare = None

    def _answer(self, connection: socket.socket, request: dict[str, Any], fds: list[int]) -> bool:
        """Serve one complete request; False once the process should stop."""
        try:
            kind = request.get("kind")
            if kind == "stop":
                connection.sendall(DONE + struct.pack("!i", os.getpid()))
                return False
            if kind == "status":
                connection.sendall(marshal.dumps(self.status()))
                return True
            if kind != "run" or len(fds) != 3 or request.get("identity") != identity():
                return True
            if current_code_fingerprint() != self.signature:
                self.shut_down()  # before answering, so the caller's new process can start
                connection.sendall(STALE + struct.pack("!i", 0))
                return False
            self.runs += 1
            self.last_run = time.monotonic()
            if not self._hand_to_spare(connection, request, fds) and os.fork() == 0:
                self._leave_parent()
                self._run_child(connection, request, fds)  # never returns
        except OSError:
            pass
        finally:
            for fd in fds:
                os.close(fd)
        return True

    def status(self) -> dict[str, Any]:
        return {
            "pid": os.getpid(),
            "socket": self.path,
            "started": self.started,
            "runs": self.runs,
            "idle": self.idle,
            "python": sys.executable,
        }

    def _fork_spare(self) -> socket.socket | None:
        """The parent's end of a new spare child's channel (None if it cannot fork)."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            pid = os.fork()
        except OSError:
            ours.close()
            theirs.close()
            return None
        if pid == 0:
            ours.close()
            self._wait_as_spare(theirs)  # never returns
        theirs.close()
        return ours

    def _hand_to_spare(
        self, connection: socket.socket, request: dict[str, Any], fds: list[int]
    ) -> bool:
        """Give the run to the spare child; False if there is none or it is gone."""
        spare, self.spare = self.spare, None
        if spare is None:
            return False
        with spare:
            try:
                socket.send_fds(spare, [marshal.dumps(request)], [connection.fileno(), *fds])
            except OSError:  # it died, or the request is larger than a channel message
                return False
        return True

    def _wait_as_spare(self, channel: socket.socket) -> None:
        try:
            self._leave_parent()
            warm_up()
            data, fds, _, _ = socket.recv_fds(channel, MAX_REQUEST_BYTES, 4)
            if data and len(fds) == 4:
                connection = socket.socket(fileno=fds[0])
                self._run_child(connection, marshal.loads(data), fds[1:])
        finally:
            os._exit(0)

    def _leave_parent(self) -> None:
        """In a forked child: let go of what belongs to the resident process."""
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # --jobs waits for its workers
        self.server.close()
        self.lock.close()  # the parent's copy keeps the lock; a child must not outlast it
        if self.spare is not None:
            self.spare.close()

    def _run_child(
        self, connection: socket.socket, request: dict[str, Any], fds: list[int]
    ) -> None:
        try:
            _take_over(request, fds)
            connection.sendall(PID + struct.pack("!i", os.getpid()))
            from .main import main

            code = _exit_code(main, request["argv"])
            for stream in (sys.stdout, sys.stderr):
                stream.flush()
            connection.sendall(EXIT_CODE + struct.pack("!i", code))
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(0)


def _exit_code(main: Any, argv: list[str]) -> int:
    try:
        return int(main(argv))
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # main() reports its own; this is the child's last guard
        from .exits import EXIT_INTERNAL, error, internal_error

        error(internal_error(exc))
        return EXIT_INTERNAL


def _take_over(request: dict[str, Any], fds: list[int]) -> None:
    """Become the caller's process: its streams, directory, environment and umask."""
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    fds.clear()
    out, err = request["streams"]
    sys.stdin = io.TextIOWrapper(open(0, "rb", closefd=False))  # noqa: SIM115
    sys.stdout = _text_stream(1, out, line_buffering=os.isatty(1))
    sys.stderr = _text_stream(2, err, line_buffering=True)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    os.umask(request["umask"])
    sys.argv = [request["argv0"], *request["argv"]]
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _text_stream(fd: int, how: tuple[str, str] | None, line_buffering: bool) -> io.TextIOWrapper:
    encoding, errors = how or ("utf-8", "strict")
    binary = open(fd, "wb", closefd=False)  # noqa: SIM115 - lives as long as the child
    return io.TextIOWrapper(binary, encoding, errors, line_buffering=line_buffering)


class PendingRequest:
    """A connection whose request is still arriving: its bytes and descriptors so far (the
    frame is a 4-byte length and a marshalled request; the descriptors come with the first
    bytes), and when it is dropped if it is not complete."""

    def __init__(self, connection: socket.socket, deadline: float) -> None:
        self.connection, self.deadline = connection, deadline
        self.data = b""
        self.fds: list[int] = []
        self.body: dict[str, Any] = {}

    def feed(self) -> bool:
        """Read what has arrived; True once the request is complete (``body``)."""
        data, fds, _, _ = socket.recv_fds(self.connection, 65536, 3)
        self.fds += fds
        if not data:
            raise EOFError("request cut short")
        self.data += data
        if len(self.fds) > 3:
            raise ValueError("too many descriptors")
        if len(self.data) < 4:
            return False
        (size,) = struct.unpack("!I", self.data[:4])
        if size > MAX_REQUEST_BYTES:
            raise ValueError("request too large")
        if len(self.data) < 4 + size:
            return False
        body = marshal.loads(self.data[4 : 4 + size])
        if not isinstance(body, dict):
            raise ValueError("not a request")
        self.body = body
        return True

    def drop(self) -> None:
        for fd in self.fds:
            os.close(fd)
        self.fds.clear()
        self.connection.close()


def _same_user(connection: socket.socket) -> bool:
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:  # macOS: the socket's private folder is the only guard
        return True
    credentials = connection.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    _, uid, _ = struct.unpack("3i", credentials)
    return bool(uid == os.getuid())


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    path = argv[0]
    if not private_folder(os.path.dirname(path)):
        return 2  # checked again here: this process may start well after its caller looked
    try:  # no-follow: a link planted in the lock's place is not opened
        fd = os.open(path + ".lock", os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError:
        return 2
    lock = os.fdopen(fd, "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return 0  # another resident process serves this socket
    try:
        idle = float(os.environ.get(IDLE_ENV) or DEFAULT_IDLE_SECONDS)
    except ValueError:
        idle = DEFAULT_IDLE_SECONDS
    os.chdir("/")  # hold no directory of the caller's
    preload()
    Resident(path, idle, lock).serve()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
