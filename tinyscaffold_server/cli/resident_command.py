"""``tinyscaffold resident status|stop``: the resident process that ``--resident`` runs use.

``tinyscaffold report --resident ...`` (or ``TINYSCAFFOLD_RESIDENT=1``) hands the run to a
process that keeps the analysis loaded, starting it in the background on first use (see
launch.py and resident.py); these commands show it and stop it.
"""

from __future__ import annotations

import _socket
import argparse
import marshal
import time

from ..core.typing_names import Any
from .exits import EXIT_INPUT, EXIT_OK, error
from .resident_protocol import DONE, available, connect, read_frame, send_request, socket_path

__all__ = ["add_parser", "run_resident_command"]


def add_parser(sub: Any) -> None:
    resident = sub.add_parser(
        "resident",
        help="show or stop the resident process that --resident runs use",
        description="With --resident (or TINYSCAFFOLD_RESIDENT=1), 'tinyscaffold report' hands"
        " its run to a background process of this Python environment that keeps the analysis"
        " loaded, and starts that process on first use; it stops after 15 minutes without a"
        " run, or when tinyscaffold or its word data is upgraded.",
    )
    resident.add_argument("action", choices=("status", "stop"))


def run_resident_command(args: argparse.Namespace) -> int:
    if not available():
        error("a resident process needs fork and Unix sockets (Linux, macOS)")
        return EXIT_INPUT
    path = socket_path()
    if path is None:
        error("no private folder for the resident process's socket")
        return EXIT_INPUT
    client = connect(path)
    if client is None:
        print("no resident process is running for this Python environment")
        return EXIT_OK
    try:
        client.settimeout(10.0)
        send_request(client, {"kind": args.action})
        if args.action == "stop":
            frame = read_frame(client)
            pid = frame[1] if frame and frame[0] == DONE else None
            print(f"stopped the resident process {pid}" if pid else "it did not answer")
            return EXIT_OK if pid else EXIT_INPUT
        status = _read_all(client)
    finally:
        client.close()
    print(_describe(status))
    return EXIT_OK


def _read_all(client: _socket.socket) -> dict[str, Any]:
    data = b""
    while chunk := client.recv(65536):
        data += chunk
    status = marshal.loads(data)
    return status if isinstance(status, dict) else {}


def _describe(status: dict[str, Any]) -> str:
    minutes = (time.time() - float(status.get("started", time.time()))) / 60
    return (
        f"resident process {status.get('pid')} ({status.get('python')})\n"
        f"  socket: {status.get('socket')}\n"
        f"  running for {minutes:.0f} min, {status.get('runs')} runs; stops after "
        f"{float(status.get('idle', 0)):.0f} s without a run"
    )
