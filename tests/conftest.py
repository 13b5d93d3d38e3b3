"""Shared test helpers: fixture paths, the report schema validator, the shared corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SCHEMA_PATH = ROOT / "tinyscaffold_server" / "report.schema.json"
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def validate_report() -> Any:
    """A function that raises jsonschema.ValidationError unless the report fits the contract."""
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)

    def validate(report: dict[str, Any]) -> None:
        validator.validate(report)

    return validate


def _notebook(*cells: tuple[str, str] | dict[str, Any], metadata: Any = None) -> dict[str, Any]:
    built = []
    for cell in cells:
        if isinstance(cell, dict):
            built.append(cell)
        else:
            built.append({"cell_type": cell[0], "source": cell[1], "metadata": {}})
    return {"cells": built, "metadata": metadata or {}, "nbformat": 4, "nbformat_minor": 5}


@pytest.fixture(scope="session")
def make_notebook() -> Any:
    """Build a v4 notebook dict from (cell_type, source) pairs or full cell dicts."""
    return _notebook


@pytest.fixture(autouse=True)
def _private_report_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: Any) -> None:
    """Each test gets its own CLI cache: a report cached by one test must never answer for
    another (some tests swap the analysis out), nor land in the checkout."""
    monkeypatch.setenv("TINYSCAFFOLD_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
