"""The pre-commit hook of .pre-commit-hooks.yaml, run as a course repository would run it.

`pre-commit try-repo` clones this checkout (HEAD plus any uncommitted changes), installs it
in a fresh virtualenv with pip -- which needs PyPI, as every pre-commit user does -- and
runs the hook.  Each try-repo installs afresh (it keeps its environments in a temporary
store), so the test takes about a minute per run, less with a warm pip cache.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "activations_dev.py"
PLAIN_MODULE = """\
# %% [markdown]
# # Adding numbers
# We write **add**, then test it.

# %% nbgrader={"grade": false, "grade_id": "add", "solution": true}
def add(a, b):
    \"\"\"TODO: return the sum.

    APPROACH:
    1. Use the + operator

    EXAMPLE: add(1, 2) == 3
    HINTS: one line is enough
    \"\"\"
    ### BEGIN SOLUTION
    return a + b
    ### END SOLUTION

# %% [markdown]
# ## 🧪 Test add

# %% nbgrader={"grade": true, "grade_id": "test-add", "solution": false}
assert add(1, 2) == 3
"""


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Keeps pre-commit's own files out of the user's ~/.cache."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def course_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "course"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "author@example.org")
    _git(repo, "config", "user.name", "Course Author")
    return repo


def _try_repo(repo: Path, home: Path, *files: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        # The hook needs the CLI only: skip building the JupyterLab extension (needs Node.js).
        "SKIP_JUPYTER_BUILDER": "1",
        "PRE_COMMIT_COLOR": "never",
    }
    env.pop("TINYSCAFFOLD_CACHE_DIR", None)  # the hook keeps its cache in the course repo
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "tinyscaffold"]
    return subprocess.run(
        [*command, "--files", *files],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_the_hook_fails_on_a_cliff_and_skips_plain_scripts(
    course_repo: Path, pre_commit_home: Path
) -> None:
    assert shutil.which("git"), "git is needed to run pre-commit"
    shutil.copy(EXAMPLE, course_repo / "activations_dev.py")  # it has a cliff
    (course_repo / "add_dev.py").write_text(PLAIN_MODULE, encoding="utf-8")
    (course_repo / "helpers.py").write_text("def helper():\n    return 1\n", encoding="utf-8")
    _git(course_repo, "add", ".")

    files = ("activations_dev.py", "add_dev.py", "helpers.py")
    failing = _try_repo(course_repo, pre_commit_home, *files)
    output = failing.stdout + failing.stderr
    assert failing.returncode == 1, output[-4000:]
    assert "Failed" in output
    assert "cliff cells 12 → 16" in output
    gate = r"gate failed: [1-9]\d* findings and cliffs, more than --max-findings 0"
    assert re.search(gate, output)
    # Both notebooks are in the course table; the plain script is skipped, not misread.
    assert re.search(r"^activations_dev\.py\s+\d+", output, re.M)
    assert re.search(r"^add_dev\.py\s+\d+", output, re.M)
    assert "helpers.py" not in output
    assert (course_repo / ".tinyscaffold_cache" / "CACHEDIR.TAG").is_file()
