"""The ``tinyscaffold`` command's entry point: hands the run to the resident process when
asked to (``--resident``, or ``TINYSCAFFOLD_RESIDENT=1``), else runs it in this process.

A resident process (``resident.py``; the protocol is in ``resident_protocol.py``) keeps the
analysis core imported and its word tables prepared, and forks one child per run that works
in the caller's directory, environment and standard streams.  What a run costs then is
Python's own start and this module, so this module (and the protocol's) imports only what
Python has loaded at start (os, sys) and, when ``--resident`` is given, built-in modules
(_socket, array, marshal, struct, zlib).  Without ``--resident`` nothing here changes a run.
"""

from __future__ import annotations

import os
import sys

from .resident_protocol import (
    EXIT_CODE,
    PID,
    available,
    connect,
    identity,
    read_frame,
    send_request,
    socket_path,
)

TYPE_CHECKING = False  # typing's flag would cost this module an import (as would collections)
if TYPE_CHECKING:
    from _socket import socket
    from collections.abc import Mapping, Sequence


RESIDENT_FLAG = "--resident"
RESIDENT_ENV = "TINYSCAFFOLD_RESIDENT"
EXIT_INPUT = 2  # as exits.EXIT_INPUT: a run handed over imports nothing else of the CLI

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


def run() -> int:
    """The ``tinyscaffold`` console script: :func:`main`, then the process ends without
    Python freeing every object it made one by one (the word tables, the analysis's
    objects: ~3 % of a one-module run), as long as nothing else waits for the exit.

    The cyclic collector runs a tenth as often as by default: the imports make tens of
    thousands of long-lived objects (functions, classes, module dicts) that each default
    round scanned again, ~1 % of a one-module run; a run's garbage is little and short-lived
    (the analysis pauses the collector anyway)."""
    import gc

    gc.set_threshold(7000, 10, 10)  # Python's default: 700, 10, 10
    code = main()
    _exit_without_teardown(code)
    return code  # (only if something registered an exit handler or a stream failed)


def _exit_without_teardown(code: int) -> None:
    """``os._exit(code)`` once the standard streams are flushed, unless an ``atexit``
    handler is registered (``--jobs`` workers' clean-up, a library's) or flushing fails:
    then the caller exits as usual, and Python reports the failure as it always does."""
    import atexit

    count_handlers = getattr(atexit, "_ncallbacks", None)  # CPython's; else exit as usual
    if count_handlers is None or count_handlers():
        return
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):  # a closed pipe or stream
        return
    os._exit(code)


def _options(args: Sequence[str]) -> Sequence[str]:
    return args[: list(args).index("--")] if "--" in args else args


def wanted_resident(args: Sequence[str], environ: Mapping[str, str]) -> bool:
    """``--resident`` before any ``--`` (after it, it would be a path), or the variable."""
    return RESIDENT_FLAG in _options(args) or environ.get(RESIDENT_ENV, "") not in ("", "0")


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
    sys.exit(run())
