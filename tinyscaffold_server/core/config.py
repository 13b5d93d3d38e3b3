"""Every threshold of SPEC.md in one place, with its default, and how overrides merge.

Precedence (later wins): SPEC defaults < server config (``TinyScaffold.*``) < request/user
settings < notebook metadata ``tinyscaffold``.  Unknown keys and wrong types raise
``ConfigError`` so that a typo in a setting is reported instead of silently ignored.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from .typing_names import Any

RULE_IDS: tuple[str, ...] = (
    "new-concepts",
    "approach-steps",
    "block-sloc",
    "solution-levels",
    "cell-sloc",
    "test-cell-sloc",
    "concept-order",
    "concept-bridge",
    "implementation-ladder",
)

# key -> (default, description).  Bands are inclusive upper bounds of each step:
# sloc_bands [10, 30, 60] means ≤10 → +0, 11-30 → +1, 31-60 → +2, >60 → +3.
DEFAULTS: dict[str, tuple[Any, str]] = {
    "sloc_bands": ([10, 30, 60], "code SLOC upper bounds for +0, +1, +2 (above the last: +3)"),
    "cc_bands": ([5, 10], "cyclomatic complexity upper bounds for +0, +1 (above: +2)"),
    "word_bands": ([150, 300], "markdown prose-word upper bounds for +0, +1 (above: +2)"),
    "math_bands": ([0, 4], "markdown math-line upper bounds for +0, +1 (above: +2)"),
    "max_new_concepts": (3, "new concepts allowed per solution or markdown cell"),
    "markdown_concept_penalty_above": (3, "markdown complexity +1 above this many new concepts"),
    "min_approach_steps": (1, "fewest numbered APPROACH: steps"),
    "max_approach_steps": (3, "most numbered APPROACH: steps"),
    "max_block_sloc": (30, "SLOC allowed between BEGIN/END SOLUTION"),
    "max_cell_sloc": (30, "SLOC allowed in a solution or demo cell"),
    "test_cell_note_sloc": (60, "test cells above this SLOC get an info note"),
    "max_solution_levels": (3, "distinct complexity levels allowed along solution cells"),
    "max_solution_level": (4, "highest complexity allowed for a solution cell"),
    "cliff_jump": (3, "complexity rise between consecutive track members that is a cliff"),
    "ladder_rung_sloc": ([3, 12], "fewest and most body SLOC of an implementation-ladder rung"),
    "high_complexity": (4, "complexity at or above which a cell counts as high"),
    "grade_bands": (
        {"A": 4.5, "B": 3.5, "C": 2.5, "D": 1.5},
        "lowest scaffolding score for each grade (below D: F)",
    ),
    "target_module_lines": ([200, 400], "module length target, in lines"),
    "target_cell_lines": (30, "lines per cell target"),
    "target_pct_high": (30, "highest % of high-complexity cells"),
    "target_score": (4, "lowest scaffolding score"),
    "target_hinted_pct": (80, "lowest % of solution cells with hints"),
    "rules": ({rule: True for rule in RULE_IDS}, "which checks run (Rule of 3s and pattern hints)"),
    "extra_generic_labels": ([], "more marked phrases that are never concepts (by key)"),
    "glossary": (
        [],
        "the course's concepts: [[term, [alias, ...]], ...]; when set, only these count as"
        " concepts and other emphasised terms show as candidates",
    ),
}


GRADES: tuple[str, ...] = ("A", "B", "C", "D", "F")


def grade_for(score: float, bands: Mapping[str, float] | None = None) -> str:
    """The letter for a scaffolding score (SPEC 7): the best grade whose lower bound it meets."""
    bands = bands or DEFAULTS["grade_bands"][0]
    for letter in GRADES[:-1]:
        if score >= bands[letter]:
            return letter
    return "F"


class ConfigError(ValueError):
    """A configuration override has an unknown key or a value of the wrong shape."""


def default_config() -> dict[str, Any]:
    """A fresh copy of the SPEC defaults."""
    return {key: _copied(value) for key, (value, _) in DEFAULTS.items()}


def _copied(value: Any) -> Any:
    """A deep copy of a default (numbers, strings, lists and dicts of them): what
    ``copy.deepcopy`` makes of it, without importing ``copy`` (with weakref) on the CLI's path."""
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copied(item) for item in value]
    return value


def describe() -> dict[str, dict[str, Any]]:
    """Defaults with their descriptions, for GET /tinyscaffold/config and --help text."""
    return {key: {"default": value, "description": text} for key, (value, text) in DEFAULTS.items()}


def _check_value(key: str, value: Any, default: Any) -> Any:
    if isinstance(default, bool) or isinstance(value, bool):
        if type(value) is not type(default):
            raise ConfigError(f"{key}: expected {type(default).__name__}, got {value!r}")
        return value
    if isinstance(default, (int, float)):
        if not isinstance(value, (int, float)):
            raise ConfigError(f"{key}: expected a number, got {value!r}")
        return value
    if key == "glossary":
        return _check_glossary(value)
    if isinstance(default, list):
        if not isinstance(value, list):
            raise ConfigError(f"{key}: expected a list, got {value!r}")
        if default and len(value) != len(default):
            raise ConfigError(f"{key}: expected {len(default)} items, got {len(value)}")
        if default and any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in value):
            raise ConfigError(f"{key}: expected numbers, got {value!r}")
        if default and list(value) != sorted(value):
            raise ConfigError(f"{key}: bands must be ascending, got {value!r}")
        if not default and any(not isinstance(v, str) for v in value):
            raise ConfigError(f"{key}: expected strings, got {value!r}")
        return list(value)
    if isinstance(default, dict):
        if not isinstance(value, Mapping):
            raise ConfigError(f"{key}: expected an object, got {value!r}")
        merged = dict(default)
        for sub, sub_value in value.items():
            if sub not in default:
                raise ConfigError(f"{key}: unknown entry {sub!r} (known: {', '.join(default)})")
            merged[sub] = _check_value(f"{key}.{sub}", sub_value, default[sub])
        return merged
    raise ConfigError(f"{key}: unsupported setting")  # pragma: no cover - DEFAULTS is closed


def _check_glossary(value: Any) -> list[list[Any]]:
    """``[[term, [alias, ...]], ...]``; a bare string entry is a term without aliases."""
    if not isinstance(value, list):
        raise ConfigError(f"glossary: expected a list of [term, [aliases]], got {value!r}")
    entries: list[list[Any]] = []
    for entry in value:
        if isinstance(entry, str):
            entry = [entry, []]
        if (
            not isinstance(entry, (list, tuple))
            or len(entry) != 2
            or not isinstance(entry[0], str)
            or not entry[0].strip()
            or not isinstance(entry[1], (list, tuple))
            or not all(isinstance(alias, str) for alias in entry[1])
        ):
            raise ConfigError(f"glossary: expected [term, [aliases]], got {entry!r}")
        entries.append([entry[0].strip(), [alias.strip() for alias in entry[1] if alias.strip()]])
    return entries


def merge_config(*layers: Mapping[str, Any] | None) -> dict[str, Any]:
    """Merge override layers over the defaults, later layers winning; validate each key."""
    config = default_config()
    for layer in layers:
        if layer is None:
            continue
        if not isinstance(layer, Mapping):
            raise ConfigError(f"config must be an object, got {type(layer).__name__}")
        for key, value in layer.items():
            if key not in DEFAULTS:
                raise ConfigError(f"unknown config key {key!r}")
            config[key] = _check_value(key, value, config[key])
    return config


def config_key(config: Mapping[str, Any]) -> str:
    """A stable string identifying a config, for cache keys."""
    return json.dumps(config, sort_keys=True, separators=(",", ":"))
