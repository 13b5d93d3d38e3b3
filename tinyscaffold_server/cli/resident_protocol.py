"""The resident process's protocol, shared by both ends (``launch`` and ``resident``): where
the socket is, how to connect, the request and the answer frames.

Imported by every ``tinyscaffold`` run, so at import it loads nothing Python has not loaded at
start (os, sys); the built-in modules a connection needs are imported when one is made.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing's flag would cost this module an import (as would collections)
if TYPE_CHECKING:
    from _socket import socket
    from collections.abc import Sequence

RESIDENT_DIR_ENV = "TINYSCAFFOLD_RESIDENT_DIR"

# The protocol (both ends are this package at one version, under one Python): the client
# sends a 4-byte length and a marshalled request, with its stdin, stdout and stderr as file
# descriptors; the answer is a stream of 5-byte frames: a kind byte and a signed int.
FRAME = 5
PID, EXIT_CODE, STALE, DONE = b"P", b"C", b"S", b"K"


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
    except OSError:
        return None
    if not private_folder(folder):
        return None
    return os.path.join(folder, f"resident-{zlib.crc32(identity().encode()):08x}.sock")


def private_folder(folder: str) -> bool:
    """The folder itself (``lstat``: a symlink planted in its place is not followed) is a
    directory of this user's that nobody else may use."""
    try:
        found = os.lstat(folder)
    except OSError:
        return False
    directory = (found.st_mode & 0o170000) == 0o040000  # stat.S_ISDIR, without importing stat
    return directory and found.st_uid == os.getuid() and not found.st_mode & 0o077


def own_socket(path: str) -> bool:
    """``path`` (``lstat``) is a socket of this user's: a link or a file in its place, or a
    socket someone else made, is never connected to."""
    try:
        found = os.lstat(path)
    except OSError:
        return False
    return (found.st_mode & 0o170000) == 0o140000 and found.st_uid == os.getuid()


# The C socket module, not ``socket``: that wraps it in classes whose imports (enum,
# selectors) would cost a run handed over more than the rest of this module.
def connect(path: str) -> socket | None:
    import _socket

    if not own_socket(path) or not private_folder(os.path.dirname(path)):
        return None
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
