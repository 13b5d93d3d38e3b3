"""Files and folders that cannot be read, as a user who cannot read them.

The tests run as root, who reads everything; so each case runs in a child forked from the
test process that drops to ``nobody`` first (its modules are already imported: this
machine's Python lives under ``/root``, which ``nobody`` cannot enter).  The CLI never skips
what it cannot read -- a CI gate must not pass over it -- and the server's course listing
names each such entry and goes on."""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import pickle
import pwd
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hostile_data import COURSE_TOML, MODULE

from tinyscaffold_server.cli.main import main

T = TypeVar("T")

try:
    NOBODY = pwd.getpwnam("nobody")
except KeyError:  # pragma: no cover - every Debian has it
    NOBODY = None
pytestmark = pytest.mark.skipif(
    os.getuid() != 0 or NOBODY is None,
    reason="needs root to drop to the user nobody (as root every file is readable)",
)


def as_nobody(work: Callable[[], T]) -> T:
    """``work()`` run in a forked child as the user nobody; its result, or its error."""
    assert NOBODY is not None
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(read)
        try:
            os.setgroups([])
            os.setgid(NOBODY.pw_gid)
            os.setuid(NOBODY.pw_uid)
            result: tuple[str, Any] = ("ok", work())
        except BaseException as exc:  # reported to the parent, which fails the test
            result = ("raised", repr(exc))
        with os.fdopen(write, "wb") as pipe:
            pickle.dump(result, pipe)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        kind, value = pickle.load(pipe)
    os.waitpid(pid, 0)
    assert kind == "ok", value
    return value  # type: ignore[no-any-return]


def run_cli(*args: str) -> tuple[int, str, str]:
    """``tinyscaffold ARGS`` in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def course() -> Iterator[Path]:
    """A course nobody may enter, with one module, one unreadable module and one folder
    nobody may list (the test's own tmp_path is private to root)."""
    top = Path(tempfile.mkdtemp(prefix="ts-nobody-", dir="/tmp"))
    top.chmod(0o755)
    folder = top / "course"
    folder.mkdir(mode=0o755)
    (folder / "m1.py").write_text(MODULE)
    (folder / "secret.py").write_text(MODULE)
    (folder / "secret.py").chmod(0o000)
    (folder / "locked").mkdir(mode=0o000)
    run_cli("report", str(folder / "m1.py"), "--no-cache")  # imports what the runs need
    yield folder
    (folder / "locked").chmod(0o755)
    shutil.rmtree(top)


def test_unreadable_modules_and_folders_fail_the_run_by_name(course: Path) -> None:
    code, out, err = as_nobody(lambda: run_cli("report", str(course), "--no-cache"))
    assert code == 2, err
    assert f"{course}/secret.py: cannot read (Permission denied)" in err
    assert f"{course}/locked: cannot list this folder (Permission denied)" in err
    assert "Traceback" not in err
    assert f"{course}/m1.py" in out  # the readable module is still reported
    gated = as_nobody(lambda: run_cli("report", str(course), "--no-cache", "--max-findings", "99"))
    assert gated[0] == 2  # never a pass over what could not be checked


def test_an_unreadable_first_path_or_configuration_is_one_line(course: Path) -> None:
    code, _, err = as_nobody(lambda: run_cli("report", str(course / "locked"), "--no-cache"))
    assert code == 2 and len(err.splitlines()) == 1, err
    assert "locked" in err and "Permission denied" in err
    (course / "tinyscaffold.toml").write_text(COURSE_TOML)
    (course / "tinyscaffold.toml").chmod(0o000)
    code, _, err = as_nobody(lambda: run_cli("report", str(course / "m1.py"), "--no-cache"))
    assert (code, err) == (
        2,
        f"tinyscaffold: {course}/tinyscaffold.toml: cannot read: Permission denied\n",
    )


def test_outputs_that_cannot_be_written_are_bad_input_and_lose_nothing(course: Path) -> None:
    locked = course / "locked"
    args = ("report", str(course / "m1.py"), "--no-cache")
    code, _, err = as_nobody(lambda: run_cli(*args, "-o", str(locked / "out.json")))
    assert code == 2 and "out.json: cannot write: Permission denied" in err
    code, _, err = as_nobody(lambda: run_cli(*args, "--save-baseline", str(locked / "b.json")))
    assert code == 2 and "b.json: cannot write: Permission denied" in err
    # A cache folder nobody may write: one warning, and the run goes on.
    code, out, err = as_nobody(lambda: run_cli(*args[:-1], "--cache-dir", str(locked / "c")))
    assert code == 0 and "cache disabled" in err and "m1.py" in out


def test_the_server_names_what_it_cannot_read_and_goes_on(course: Path) -> None:
    from jupyter_server.services.contents.filemanager import FileContentsManager

    from tinyscaffold_server.course.project_config import ProjectConfigCache
    from tinyscaffold_server.course.root_bound import PathRefused
    from tinyscaffold_server.server.contents import fetch_notebook_model, find_modules
    from tinyscaffold_server.server.root_paths import ContentsError, ServerRoot

    root = course.parent
    (course / "tinyscaffold.toml").write_text(COURSE_TOML)
    (course / "tinyscaffold.toml").chmod(0o000)

    # Made here, as root: its event logger reads its schemas from the installed package on
    # first use, and where Python lives under /root the user nobody cannot read them.
    manager = FileContentsManager(root_dir=str(root))
    assert manager.event_logger is not None

    def look() -> dict[str, Any]:
        policy = ServerRoot(str(root), 1 << 20)
        found, skipped, _ = asyncio.run(find_modules(manager, policy, "course", 3, 200))
        try:
            asyncio.run(fetch_notebook_model(manager, policy, "course/secret.py", 1 << 20))
            read = None
        except ContentsError as exc:
            read = (exc.status, exc.error, exc.detail)
        try:
            ProjectConfigCache(root).for_path("course/m1.py")
            config = None
        except PathRefused as exc:
            config = (exc.kind, str(exc))
        return {"found": found, "skipped": skipped, "read": read, "config": config}

    seen = as_nobody(look)
    assert seen["found"] == ["course/m1.py", "course/secret.py"]
    assert seen["skipped"] == {
        "course/locked/": "cannot list this folder: 'course/locked': cannot read (Permission "
        "denied)"
    }
    assert seen["read"][:2] == (403, "forbidden-path") and "course/secret.py" in seen["read"][2]
    assert seen["config"] == (
        "unreadable",
        "'course/tinyscaffold.toml': cannot read (Permission denied)",
    )
