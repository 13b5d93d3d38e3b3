"""Fixtures for the course layer: real git repositories and small jupytext modules."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from course_data import SOLUTION, TEST, percent_module

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "tinyscaffold_server" / "report.schema.json"

Git = Callable[..., str]


@pytest.fixture()
def good_module() -> str:
    return percent_module("md:# ReLU\nThe **ReLU** keeps positives.", SOLUTION, TEST)


@pytest.fixture()
def git_repo(tmp_path: Path) -> tuple[Path, Git]:
    repo = tmp_path / "course"
    repo.mkdir()

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
        return done.stdout

    git("init", "-q")
    git("config", "user.email", "author@example.org")
    git("config", "user.name", "Author")
    git("config", "commit.gpgsign", "false")
    return repo, git


@pytest.fixture(scope="session")
def validate() -> Callable[[Any], None]:
    import jsonschema  # type: ignore[import-untyped]  # no stubs installed

    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text("utf-8")))
    return validator.validate  # type: ignore[no-any-return]
