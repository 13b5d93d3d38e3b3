"""The resident process's folder and socket are checked with ``lstat`` (nothing planted in
their place is followed or connected to), and a client that connects and stays silent holds
no other run."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tinyscaffold_server.cli import resident_protocol
from tinyscaffold_server.cli.resident_protocol import available, connect, socket_path

pytestmark = pytest.mark.skipif(not available(), reason="needs fork and Unix sockets")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "activations_dev.py"
LAUNCH = [sys.executable, "-m", "tinyscaffold_server.cli.launch"]


@pytest.fixture
def base(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """TINYSCAFFOLD_RESIDENT_DIR, short enough for a socket's path."""
    folder = Path(tempfile.mkdtemp(prefix="ts-", dir="/tmp"))
    monkeypatch.setenv("TINYSCAFFOLD_RESIDENT_DIR", str(folder))
    yield folder
    subprocess.run([*LAUNCH, "resident", "stop"], capture_output=True, timeout=60)
    shutil.rmtree(folder, ignore_errors=True)


def test_a_socket_folder_planted_as_a_symlink_is_never_used(base: Path) -> None:
    private = base / "elsewhere"
    private.mkdir(mode=0o700)  # private and this user's: only the link gives it away
    (base / "tinyscaffold").symlink_to(private)
    assert socket_path() is None
    done = subprocess.run(
        [*LAUNCH, "report", str(EXAMPLE), "--resident", "--no-cache"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr  # ran in its own process
    assert list(private.iterdir()) == []  # nothing started or made behind the link


def _listening(path: Path) -> socket.socket:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(4)
    server.setblocking(False)
    return server


def test_a_socket_planted_in_its_place_is_never_connected_to(base: Path) -> None:
    path = socket_path()
    assert path is not None
    decoy = _listening(base / "decoy.sock")
    try:
        os.symlink(base / "decoy.sock", path)  # a link to a socket
        assert connect(path) is None
        os.unlink(path)
        Path(path).write_text("")  # a plain file
        assert connect(path) is None
        os.unlink(path)
        theirs = _listening(Path(path))  # a socket of another user's
        os.chown(path, 65534, 65534)
        assert connect(path) is None
        theirs.close()
        with pytest.raises(BlockingIOError):
            decoy.accept()  # nobody ever connected to it
    finally:
        decoy.close()
    assert resident_protocol.own_socket(str(base / "decoy.sock"))  # a genuine one passes


def _resident_runs(env: dict[str, str]) -> int | None:
    status = subprocess.run(
        [*LAUNCH, "resident", "status"], capture_output=True, text=True, env=env, timeout=60
    ).stdout
    if not status.startswith("resident process "):
        return None
    return int(status.split(" runs;")[0].rsplit(" ", 1)[1])


def test_silent_clients_hold_no_run(base: Path) -> None:
    env = {**os.environ, "TINYSCAFFOLD_RESIDENT_DIR": str(base), "COLUMNS": "100"}
    command = [*LAUNCH, "report", str(EXAMPLE), "--no-cache", "--resident"]
    expected = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    deadline = time.monotonic() + 60
    while _resident_runs(env) is None:  # the first run started one in the background
        assert time.monotonic() < deadline, "no resident process started"
        time.sleep(0.1)
    path = socket_path()
    assert path is not None
    silent = []
    for sends in (b"", b"", b"\x00\x00\x10"):  # two say nothing, one half a length
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        client.connect(path)
        client.sendall(sends)
        silent.append(client)
    try:
        handed = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
        assert (handed.returncode, handed.stdout) == (0, expected.stdout)
        assert _resident_runs(env) == 1  # the resident process served it...
        for client in silent:  # ... while all three silent clients were still connected
            with pytest.raises(BlockingIOError):
                client.recv(1, socket.MSG_DONTWAIT)
    finally:
        for client in silent:
            client.close()
