"""The ``tinyscaffold`` command's entry point: hands the run to the resident process when
asked to (``--resident``, or ``TINYSCAFFOLD_RESIDENT=1``), else runs it in this process.

A resident process (``resident.py``) keeps the analysis core imported and its word tables
prepared, and forks one child per run that works in the caller's directory, environment
and standard streams.  What a run costs then is Python's own start and this module, so
this module imports only what Python has loaded at start anyway (os, sys) and, when
``--resident`` is given, built-in modules (_socket, array, marshal, struct, zlib).  Without
``--resident`` nothing here changes a run.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing's flag would cost this module an import (as would collections)
if TYPE_CHECKING:
    from _socket import socket
    from collections.abc import Mapping, Sequence

RESIDENT_FLAG = "--resident"
RESIDENT_ENV = "TINYSCAFFOLD_RESIDENT"
RESIDENT_DIR_ENV = "TINYSCAFFOLD_RESIDENT_DIR"
EXIT_INPUT = 2  # as cli.EXIT_INPUT, without importing the CLI

# The protocol (both ends are this package at one version, under one Python): the client
# sends a 4-byte length and a marshalled request, with its stdin, stdout and stderr as file
# descriptors; the answer is a stream of 5-byte frames: a kind byte and a signed int.
FRAME = 5
PID, EXIT_CODE, STALE, DONE = b"P", b"C", b"S", b"K"
ANSWER_SECONDS = 30.0  # for the run to start: a resident process that hangs is not waited on


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    wanted = wanted_resident(args, os.environ) and available()
    if RESIDENT_FLAG in _options(args):
        args.remove(RESIDENT_FLAG)
    path = socket_path() if wanted else None  # None: no private folder for the socket
    if path is not None:
        code = run_resident(args, path)
        if code is not None:
            return code
    from .main import main as run_here

    code = run_here(args)
    if path is not None and args[:1] == ["report"]:
        start_resident(path)  # after the run, so that its start-up does not slow this one
    return code


def _options(args: Sequence[str]) -> Sequence[str]:
    return args[: list(args).index("--")] if "--" in args else args


def wanted_resident(args: Sequence[str], environ: Mapping[str, str]) -> bool:
    """``--resident`` before any ``--`` (after it, it would be a path), or the variable."""
    return RESIDENT_FLAG in _options(args) or environ.get(RESIDENT_ENV, "") not in ("", "0")


def available() -> bool:
    """Fork, Unix sockets and passing descriptors: Linux and macOS, not Windows."""
    import _socket

    return hasattr(os, "fork") and hasattr(_socket, "AF_UNIX") and hasattr(_socket, "SCM_RIGHTS")


def identity() -> str:
    """Which resident process serves this command: the same Python, and this package from
    the same folder (the resident process also checks that its code is unchanged)."""
    return f"{sys.executable}\0{sys.version}\0{os.path.dirname(os.path.abspath(__file__))}"


def socket_path() -> str | None:
    """The socket of this environment's resident process, in a folder only this user may
    use (None if that folder cannot be made safe)."""
    import zlib

    base = os.environ.get(RESIDENT_DIR_ENV) or os.environ.get("XDG_RUNTIME_DIR")
    if base:
        folder = os.path.join(base, "tinyscaffold")
    else:
        folder = os.path.join(os.environ.get("TMPDIR") or "/tmp", f"tinyscaffold-{os.getuid()}")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        found = os.stat(folder)
    except OSError:
        return None
    if found.st_uid != os.getuid() or found.st_mode & 0o077:
        return None  # another user's folder, or one others can write in: never connect
    return os.path.join(folder, f"resident-{zlib.crc32(identity().encode()):08x}.sock")


# The C socket module, not ``socket``: that wraps it in classes whose imports (enum,
# selectors) would cost a run handed over more than the rest of this module.
def connect(path: str) -> socket | None:
    import _socket

    client = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        client.connect(path)
    except OSError:
        client.close()
        return None
    return client


def send_request(client: socket, request: dict[str, object], fds: Sequence[int] = ()) -> None:
    import _socket
    import array
    import marshal
    import struct

    body = marshal.dumps(request)
    message = struct.pack("!I", len(body)) + body
    passed = [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, array.array("i", fds))] if fds else []
    sent = client.sendmsg([message], passed)  # the descriptors go with the first bytes
    if sent < len(message):
        client.sendall(message[sent:])


def read_frame(client: socket) -> tuple[bytes, int] | None:
    """The next answer frame, or None once the other end has closed."""
    import struct

    data = b""
    while len(data) < FRAME:
        chunk = client.recv(FRAME - len(data))
        if not chunk:
            return None
        data += chunk
    return data[:1], struct.unpack("!i", data[1:])[0]


def run_resident(args: list[str], path: str) -> int | None:
    """The exit code of ``args`` run by the resident process at socket ``path``, or None if
    no resident process (or no current one) took the run: the caller then runs it itself."""
    if not _streams_open():
        return None
    client = connect(path)
    if client is None:
        return None
    umask = os.umask(0)
    os.umask(umask)
    request = {
        "kind": "run",
        "identity": identity(),
        "argv": args,
        "argv0": sys.argv[0],
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "umask": umask,
        "streams": [(s.encoding, s.errors) if s else None for s in (sys.stdout, sys.stderr)],
    }
    try:
        client.settimeout(ANSWER_SECONDS)
        send_request(client, request, (0, 1, 2))
    except OSError:
        client.close()
        return None  # nothing was run
    try:
        return _wait(client)
    finally:
        client.close()


def _streams_open() -> bool:
    try:
        for fd in (0, 1, 2):
            os.fstat(fd)
    except OSError:
        return False
    return True


def _wait(client: socket) -> int | None:
    """Wait for the run's exit code; Ctrl-C is passed on to the run.  None if the run did
    not start (no answer within ANSWER_SECONDS, or the process stopped): run it here."""
    pid = None
    while True:
        try:
            frame = read_frame(client)
        except KeyboardInterrupt:
            if pid is None:
                return 130  # as Python exits on Ctrl-C: nothing had started
            import signal

            os.kill(pid, signal.SIGINT)
            continue
        except OSError:  # the time-out before the run started, or a broken connection
            frame = None
        if frame is None:
            if pid is None:
                return None  # closed before the run started: nothing ran, run it here
            print("tinyscaffold: the resident process ended the run early", file=sys.stderr)
            return EXIT_INPUT
        kind, value = frame
        if kind == PID:
            pid = value
            client.settimeout(None)  # a run takes as long as it takes
        elif kind == EXIT_CODE:
            return value
        else:  # STALE: its code changed since it started; it has stopped
            return None


def start_resident(path: str) -> None:
    """Start this environment's resident process, serving socket ``path``, in the
    background, in a session of its own (the terminal's Ctrl-C does not reach it); it exits
    at once if another one has just started.  posix_spawn, not subprocess: this runs at the
    end of a timed run."""
    quiet = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0) for fd in (0, 1, 2)]
    command = [sys.executable, "-m", "tinyscaffold_server.cli.resident", path]
    import contextlib

    with contextlib.suppress(OSError):  # then runs go on in their own processes
        os.posix_spawn(sys.executable, command, os.environ, file_actions=quiet, setsid=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
