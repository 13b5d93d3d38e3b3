"""``--resident``: runs handed to a resident process give what a run in its own process
gives (output, exit codes, directory, environment), and the process stays one user's,
current and short-lived."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tinyscaffold_server.cli.resident_protocol import available

pytestmark = pytest.mark.skipif(not available(), reason="needs fork and Unix sockets")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "activations_dev.py"
LAUNCH = [sys.executable, "-m", "tinyscaffold_server.cli.launch"]


@pytest.fixture
def env() -> Iterator[dict[str, str]]:
    """A resident folder of the test's own, short enough for a Unix socket's path."""
    folder = tempfile.mkdtemp(prefix="ts-", dir="/tmp")
    environment = {**os.environ, "TINYSCAFFOLD_RESIDENT_DIR": folder, "COLUMNS": "100"}
    environment.pop("TINYSCAFFOLD_RESIDENT", None)
    environment.pop("TINYSCAFFOLD_CACHE_DIR", None)
    yield environment
    _run(["resident", "stop"], environment)
    shutil.rmtree(folder, ignore_errors=True)


def _run(
    args: list[str], env: dict[str, str], cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*LAUNCH, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120
    )


def _resident_pid(env: dict[str, str], cwd: Path | None = None) -> int:
    """The running resident process's pid, once it takes runs."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status = _run(["resident", "status"], env, cwd).stdout
        if status.startswith("resident process "):
            return int(status.split()[2])
        time.sleep(0.05)
    raise AssertionError("no resident process started")


def _runs_served(env: dict[str, str], cwd: Path | None = None) -> int:
    status = _run(["resident", "status"], env, cwd).stdout
    return int(status.split(" runs;")[0].rsplit(" ", 1)[1])


def test_a_resident_run_prints_and_exits_as_a_run_of_its_own(env: dict[str, str]) -> None:
    commands = [
        ["report", str(EXAMPLE), "--format", "json", "--no-cache"],
        ["report", str(EXAMPLE), "--no-cache"],  # the text table
        ["report", str(EXAMPLE), "--no-cache", "--max-findings", "0", "--format", "github"],
        ["report", str(EXAMPLE), "/no/such/module.py", "--format", "json", "--no-cache"],
    ]
    plain = [_run(command, env) for command in commands]
    assert [result.returncode for result in plain] == [0, 0, 1, 2]  # each exit code once
    first = _run([*commands[0], "--resident"], env)  # none yet: runs here, starts one
    assert first.stdout == plain[0].stdout
    _resident_pid(env)

    for command, expected in zip(commands, plain, strict=True):
        handed = _run([*command, "--resident"], env)
        assert (handed.returncode, handed.stdout, handed.stderr) == (
            expected.returncode,
            expected.stdout,
            expected.stderr,
        )
    assert _runs_served(env) == len(commands)


def test_the_environment_variable_asks_for_it_too(env: dict[str, str]) -> None:
    asking = {**env, "TINYSCAFFOLD_RESIDENT": "1"}
    expected = _run(["report", str(EXAMPLE), "--no-cache"], env).stdout
    assert _run(["report", str(EXAMPLE), "--no-cache"], asking).stdout == expected
    _resident_pid(env)
    assert _run(["report", str(EXAMPLE), "--no-cache"], asking).stdout == expected
    assert _runs_served(env) == 1


def test_a_resident_run_works_in_the_callers_directory_and_environment(
    env: dict[str, str], tmp_path: Path
) -> None:
    shutil.copy(EXAMPLE, tmp_path / "module_dev.py")
    cache = tmp_path / "elsewhere"
    caller = {**env, "TINYSCAFFOLD_CACHE_DIR": str(cache)}
    expected = _run(["report", "module_dev.py", "--format", "json", "--no-cache"], env, tmp_path)
    _run(["report", "module_dev.py", "--resident", "--no-cache"], env, tmp_path)
    _resident_pid(env)

    handed = _run(["report", "module_dev.py", "--format", "json", "--resident"], caller, tmp_path)
    assert handed.returncode == 0
    assert handed.stdout == expected.stdout  # the relative path, read from the caller's folder
    assert any(cache.rglob("*.json")), "the cache went where the caller's environment says"
    assert _runs_served(env) == 1


def test_changed_code_replaces_the_resident_process(env: dict[str, str], tmp_path: Path) -> None:
    package = tmp_path / "site" / "tinyscaffold_server"
    ignore = shutil.ignore_patterns("labextension", "__pycache__", "static")
    shutil.copytree(ROOT / "tinyscaffold_server", package, ignore=ignore)
    copied = {**env, "PYTHONPATH": str(package.parent)}
    elsewhere = tmp_path  # not the checkout, whose package `python -m` would import first
    command = ["report", str(EXAMPLE), "--format", "json", "--no-cache", "--resident"]
    expected = _run(command, copied, elsewhere).stdout
    first = _resident_pid(copied, cwd=elsewhere)

    later = time.time() + 10
    os.utime(package / "core" / "metrics.py", (later, later))  # an upgrade, as pip leaves it
    upgraded = _run(command, copied, elsewhere)
    assert (upgraded.returncode, upgraded.stdout) == (0, expected)  # ran in its own process
    assert _resident_pid(copied, cwd=elsewhere) != first  # and started a current one
    assert _run(command, copied, elsewhere).stdout == expected
    assert _runs_served(copied, cwd=elsewhere) == 1
    _run(["resident", "stop"], copied, elsewhere)


def test_an_idle_resident_process_stops(env: dict[str, str]) -> None:
    idle = {**env, "TINYSCAFFOLD_RESIDENT_IDLE": "1"}
    _run(["report", str(EXAMPLE), "--no-cache", "--resident"], idle)
    _resident_pid(idle)
    deadline = time.monotonic() + 20
    while _run(["resident", "status"], idle).stdout.startswith("resident process"):
        assert time.monotonic() < deadline, "still running after 20 s idle"
        time.sleep(0.2)
    assert not list(Path(env["TINYSCAFFOLD_RESIDENT_DIR"]).rglob("*.sock"))


def test_status_and_stop(env: dict[str, str]) -> None:
    none = "no resident process is running for this Python environment\n"
    assert _run(["resident", "status"], env).stdout == none
    assert _run(["resident", "stop"], env).stdout == none
    _run(["report", str(EXAMPLE), "--no-cache", "--resident"], env)
    pid = _resident_pid(env)
    stopped = _run(["resident", "stop"], env)
    assert (stopped.returncode, stopped.stdout) == (0, f"stopped the resident process {pid}\n")
    assert _run(["resident", "status"], env).stdout == none


def test_a_folder_others_may_write_in_is_never_used(env: dict[str, str]) -> None:
    folder = Path(env["TINYSCAFFOLD_RESIDENT_DIR"]) / "tinyscaffold"
    folder.mkdir(mode=0o700)
    folder.chmod(0o777)
    expected = _run(["report", str(EXAMPLE), "--no-cache"], env)
    handed = _run(["report", str(EXAMPLE), "--no-cache", "--resident"], env)
    assert (handed.returncode, handed.stdout) == (0, expected.stdout)  # ran in its own process
    time.sleep(1.0)
    assert not list(folder.iterdir()), "no socket, no lock: nothing was started there"
    status = _run(["resident", "status"], env)
    assert status.returncode == 2
    assert "no private folder" in status.stderr


def test_the_flag_after_a_double_dash_is_a_path() -> None:
    from tinyscaffold_server.cli import launch

    assert launch.wanted_resident(["report", "--", "--resident"], {}) is False
    assert launch.wanted_resident(["report", "x.py", "--resident"], {}) is True
    assert launch.wanted_resident(["report", "x.py"], {"TINYSCAFFOLD_RESIDENT": "1"}) is True
    assert launch.wanted_resident(["report", "x.py"], {"TINYSCAFFOLD_RESIDENT": "0"}) is False


def test_ctrl_c_stops_the_run_it_handed_over(env: dict[str, str], tmp_path: Path) -> None:
    _run(["report", str(EXAMPLE), "--no-cache", "--resident"], env)
    _resident_pid(env)
    blocked = tmp_path / "module_dev.py"
    os.mkfifo(blocked)  # the run waits for a writer that never comes
    client = subprocess.Popen(
        [*LAUNCH, "report", str(blocked), "--no-cache", "--resident"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while _runs_served(env) < 1:
            assert time.monotonic() < deadline, "the run was not handed over"
            time.sleep(0.05)
        time.sleep(0.3)  # the forked run is now waiting in open()
        client.send_signal(signal.SIGINT)
        assert client.wait(timeout=20) == 130
    finally:
        if client.poll() is None:
            client.kill()
        with contextlib.suppress(OSError):  # a run still waiting: give it its end of file
            os.close(os.open(blocked, os.O_WRONLY | os.O_NONBLOCK))
        client.communicate()
    # The resident process itself goes on.
    assert _run(["report", str(EXAMPLE), "--no-cache", "--resident"], env).returncode == 0


def test_jobs_in_a_resident_run(env: dict[str, str], tmp_path: Path) -> None:
    for number in (1, 2, 3):
        shutil.copy(EXAMPLE, tmp_path / f"{number:02d}_module_dev.py")
    command = ["report", str(tmp_path), "--format", "json", "--no-cache", "--jobs", "2"]
    expected = _run(command, env)
    _run([*command, "--resident"], env)
    _resident_pid(env)
    handed = _run([*command, "--resident"], env)
    assert (handed.returncode, handed.stdout) == (0, expected.stdout)
    assert _runs_served(env) == 1


def test_a_run_too_large_for_the_spare_child_is_forked_for_itself(env: dict[str, str]) -> None:
    """A request over a channel message's size (a huge environment) cannot go to the child
    forked ahead of time; the resident process forks one for it instead."""
    padding = {f"TINYSCAFFOLD_TEST_PADDING_{n}": "x" * 100_000 for n in range(4)}
    huge = {**env, **padding}  # (one variable may hold at most 128 KiB)
    command = ["report", str(EXAMPLE), "--format", "json", "--no-cache"]
    expected = _run(command, env).stdout
    _run([*command, "--resident"], env)
    _resident_pid(env)
    for _ in range(2):
        handed = _run([*command, "--resident"], huge)
        assert (handed.returncode, handed.stdout) == (0, expected)
    assert _run([*command, "--resident"], env).stdout == expected  # a spare again
    assert _runs_served(env) == 3
