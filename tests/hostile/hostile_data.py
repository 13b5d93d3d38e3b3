"""The hostile course tree the server tests serve, and the files outside its root that no
request may read (imported by conftest and the tests)."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
from pathlib import Path
from typing import Any

# In every file outside the root: a reply that carries it read what it must not.
SECRET = "SECRET-7f3a91-outside-the-root"
LIMIT = 64 * 1024  # TinyScaffold.max_body_bytes of the test server: "too large" stays cheap
BAD_NAME = b"bad\xff.ipynb"  # a file name that is not UTF-8

# One solution cell of 5 SLOC: a cell-sloc finding under the course's max_cell_sloc = 3,
# none under the default 30, so every route shows which configuration it measured with.
MODULE = """# %% [markdown]
# # ReLU
# The **ReLU** keeps positives.

# %% nbgrader={"grade": false, "solution": true}
def relu(x):
    ### BEGIN SOLUTION
    a = x
    b = 0
    c = a if a > b else b
    return c
    ### END SOLUTION

# %%
assert relu(2) == 2
"""
COURSE_TOML = '[thresholds]\nmax_cell_sloc = 3\n[glossary]\nReLU = ["rectifier"]\n'


def ipynb(*sources: str) -> str:
    cells = [
        {"id": f"c{at}", "cell_type": "markdown", "source": source, "metadata": {}}
        for at, source in enumerate(sources)
    ]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


def commit_all(folder: Path) -> None:
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(
        folder,
        "-c",
        "user.name=A",
        "-c",
        "user.email=a@example.org",
        "-c",
        "commit.gpgsign=false",
        "commit",
        "-qm",
        "course",
    )


def saved_baseline(path: str, **report: Any) -> str:
    """A saved baseline of one module with an empty report (fields overridable)."""
    full = {
        "cells": [],
        "cliffs": [],
        "summary": {"grade": "C", "pct_high": 0.0, "scaffolding": {"score": 3.0}},
        **report,
    }
    module = {"path": path, "report": {k: v for k, v in full.items() if v is not None}}
    payload = {"kind": "tinyscaffold-baseline", "version": 1, "modules": [{**module, "cells": []}]}
    return json.dumps(payload)


def build_outside(out: Path) -> None:
    """What lies next to the root: every file holds the secret."""
    out.mkdir()
    (out / "secret.ipynb").write_text(ipynb(f"# **{SECRET}**"))
    (out / "tinyscaffold.toml").write_text(f'[glossary]\n"{SECRET}" = []\n')
    (out / "pyproject.toml").write_text(f'[tool.tinyscaffold.glossary]\n"{SECRET}" = []\n')
    (out / "template.py").write_text(f"# %% [markdown]\n# {SECRET}\n")
    (out / "saved.json").write_text(saved_baseline(f"{SECRET}/m.py"))
    (out / "notes.txt").write_text(f"{SECRET}: not JSON\n")
    repo = out / "repo"
    repo.mkdir()
    (repo / "m.py").write_text(MODULE.replace("ReLU", SECRET))
    commit_all(repo)


def build_root(root: Path, out: Path) -> None:
    """The hostile course tree under the server root."""
    course = root / "course"
    course.mkdir()
    (course / "tinyscaffold.toml").write_text(COURSE_TOML)
    (course / "m1.py").write_text(MODULE)
    (course / "m2.ipynb").write_text(ipynb("# Two\nThe **sigmoid** squashes."))
    commit_all(course)  # the course's own repository: git baselines work here
    (course / "new.py").write_text(MODULE)  # not committed: new at HEAD
    (course / "escape.ipynb").symlink_to(out / "secret.ipynb")
    (course / "escape_dir").symlink_to(out, target_is_directory=True)
    (course / "loop.ipynb").symlink_to("loop.ipynb")
    (course / "loopdir").symlink_to("loopdir")
    (course / os.fsdecode(BAD_NAME)).write_text(ipynb("# A name that is not UTF-8"))
    # Lone surrogate escapes in the file: the id and the source are not Unicode text.
    (course / "lone.ipynb").write_text(ipynb("# **Lone** \ud800").replace('"c0"', '"\\udcff"'))
    os.mkfifo(course / "fifo.ipynb")
    (root / "blobs").mkdir()
    (root / "blobs" / "big.ipynb").write_text(ipynb("x" * LIMIT))
    (course / "big.ipynb").symlink_to(root / "blobs" / "big.ipynb")

    def folder(name: str, **files: str) -> Path:
        made = root / name
        made.mkdir()
        (made / "m.py").write_text(MODULE)
        for file, text in files.items():
            (made / file.replace("_", ".")).write_text(text)
        return made

    folder("linked_config").joinpath("tinyscaffold.toml").symlink_to(out / "tinyscaffold.toml")
    folder("linked_pyproject").joinpath("pyproject.toml").symlink_to(out / "pyproject.toml")
    folder("binary_config").joinpath("tinyscaffold.toml").write_bytes(b"\x00\xff\xfe" * 50)
    folder("deep_config", tinyscaffold_toml="x = " + "[" * 5000 + "]" * 5000 + "\n")
    folder("huge_int_config", tinyscaffold_toml="[thresholds]\nmax_cell_sloc = " + "9" * 5000)
    folder("loop_config").joinpath("tinyscaffold.toml").symlink_to("tinyscaffold.toml")
    tpl = folder("templates_out", tinyscaffold_toml='templates = "tpl"\n') / "tpl"
    tpl.mkdir()
    (tpl / "concept-bridge.py").symlink_to(out / "template.py")
    looped = folder("templates_loop", tinyscaffold_toml='templates = "tpl"\n')
    (looped / "tpl").symlink_to("tpl")
    folder("gitfile", _git=f"gitdir: {out / 'repo' / '.git'}\n")
    folder("gitlink").joinpath(".git").symlink_to(out / "repo" / ".git")

    saved = root / "baselines"
    saved.mkdir()
    (saved / "out.json").symlink_to(out / "saved.json")
    (saved / "out_missing.json").symlink_to(out / "nothing.json")
    (saved / "out_notjson.json").symlink_to(out / "notes.txt")
    (saved / "loop.json").symlink_to("loop.json")
    (saved / "missing_cliffs.json").write_text(saved_baseline("course/m1.py", cliffs=None))
    (saved / "bad_grade.json").write_text(
        saved_baseline("course/m1.py", summary={"grade": "Z", "pct_high": 0, "scaffolding": {}})
    )
    (saved / "deep.json").write_text("[" * 30_000 + "]" * 30_000)  # within the size limit
    (saved / "big.json").write_text(" " * (LIMIT + 1) + "{}")


def tree_digest(top: Path) -> dict[str, str]:
    """Every entry under ``top``, never followed: file content hashes, link targets, and the
    kind of anything else (a pipe is never opened)."""
    digest: dict[str, str] = {}
    for folder, dirs, files in os.walk(top):
        for name in sorted(dirs + files):
            path = Path(folder, name)
            found = path.lstat()
            key = os.fsencode(path.relative_to(top)).hex()
            if stat.S_ISLNK(found.st_mode):
                digest[key] = "link:" + os.readlink(path)
            elif stat.S_ISREG(found.st_mode):
                digest[key] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                digest[key] = f"mode:{stat.S_IFMT(found.st_mode):o}"
    return digest
