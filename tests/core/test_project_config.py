"""The course configuration file: found by walking up, validated, one place for CLI and server."""

from __future__ import annotations

from pathlib import Path

import pytest

from tinyscaffold_server.core.config import ConfigError
from tinyscaffold_server.course.project_config import find_config_file, load_project_config


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_tinyscaffold_toml_found_from_a_nested_module(tmp_path: Path) -> None:
    config = write(
        tmp_path / "tinyscaffold.toml",
        'modules = ["b/m.py", "a/m.py"]\nexclude = ["**/*_backup.py"]\ntemplates = "tpl"\n'
        "[thresholds]\nmax_cell_sloc = 40\n"
        '[glossary]\nReLU = ["Rectified Linear Unit"]\nTensor = []\n',
    )
    module = write(tmp_path / "a" / "m.py", "x = 1\n")
    loaded = load_project_config(module)
    assert loaded.source == config
    assert loaded.modules == ("b/m.py", "a/m.py")
    assert loaded.exclude == ("**/*_backup.py",)
    assert loaded.templates == tmp_path.resolve() / "tpl"
    assert loaded.thresholds == {"max_cell_sloc": 40}
    assert loaded.glossary == (("ReLU", ("Rectified Linear Unit",)), ("Tensor", ()))


def test_pyproject_tool_table_is_read_and_other_pyprojects_skipped(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.tinyscaffold]\nexclude = ["x"]\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "unrelated"\n')
    loaded = load_project_config(tmp_path / "sub")
    assert loaded.source == tmp_path / "pyproject.toml"
    assert loaded.exclude == ("x",)


def test_tinyscaffold_toml_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.tinyscaffold]\nexclude = ["py"]\n')
    write(tmp_path / "tinyscaffold.toml", 'exclude = ["toml"]\n')
    assert load_project_config(tmp_path).exclude == ("toml",)


def test_no_file_gives_empty_settings_and_the_walk_stops_at_the_bound(tmp_path: Path) -> None:
    write(tmp_path / "tinyscaffold.toml", 'exclude = ["x"]\n')
    inner = tmp_path / "root" / "course"
    inner.mkdir(parents=True)
    assert find_config_file(inner, stop_at=tmp_path / "root") is None
    assert load_project_config(inner, stop_at=tmp_path / "root").source is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("max_cell_sloc = 3\n", "unknown setting 'max_cell_sloc' (thresholds go under"),
        ("[thresholds]\nmax_cel_sloc = 3\n", "thresholds: unknown config key 'max_cel_sloc'"),
        ("[thresholds]\nmax_cell_sloc = 'x'\n", "max_cell_sloc: expected a number"),
        ("modules = 3\n", "modules must be a list of non-empty strings"),
        ("[glossary]\nReLU = [1]\n", "glossary.ReLU must be a list"),
        ("glossary = 'ReLU'\n", "glossary must be a table"),
        ("templates = 4\n", "templates must be a folder path"),
        ("modules = [\n", "not valid TOML"),
    ],
)
def test_a_bad_file_is_named_with_the_bad_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "tinyscaffold.toml", text)
    with pytest.raises(ConfigError) as excinfo:
        load_project_config(tmp_path)
    assert str(path) in str(excinfo.value)
    assert message in str(excinfo.value)


def test_the_file_gives_one_override_layer_with_thresholds_and_glossary(tmp_path: Path) -> None:
    from tinyscaffold_server.core.config import merge_config

    write(
        tmp_path / "tinyscaffold.toml",
        '[thresholds]\ncliff_jump = 2\n[glossary]\nReLU = ["relu"]\n',
    )
    merged = merge_config(load_project_config(tmp_path).analysis_overrides())
    assert merged["cliff_jump"] == 2
    assert merged["glossary"] == [["ReLU", ["relu"]]]


@pytest.mark.parametrize("bad", ["ReLU", [["ReLU"]], [["ReLU", "x"]], [[" ", []]], [3]])
def test_a_malformed_glossary_override_is_refused(bad: object) -> None:
    from tinyscaffold_server.core.config import merge_config

    with pytest.raises(ConfigError, match="glossary"):
        merge_config({"glossary": bad})


def test_the_server_cache_rereads_a_changed_file_and_ignores_impossible_paths(
    tmp_path: Path,
) -> None:
    import os

    from tinyscaffold_server.course.project_config import ProjectConfigCache

    config = write(tmp_path / "course" / "tinyscaffold.toml", "[thresholds]\ncliff_jump = 2\n")
    cache = ProjectConfigCache(tmp_path)
    assert cache.layer("course/m.ipynb") == {"cliff_jump": 2}
    config.write_text("[thresholds]\ncliff_jump = 4\n", encoding="utf-8")
    os.utime(config, ns=(1, 1))  # a different stamp even within the clock's resolution
    assert cache.layer("course/m.ipynb") == {"cliff_jump": 4}
    assert cache.layer("elsewhere.ipynb") == {}
    assert cache.layer("\x00") == {} and cache.layer("../../etc") == {}
    assert ProjectConfigCache(None).layer("course/m.ipynb") == {}


def test_each_run_gets_defaults_of_its_own() -> None:
    """A run that changes its configuration (an override merged in, a glossary appended)
    never changes the defaults the next analysis in the same process starts from."""
    import copy

    from tinyscaffold_server.core.config import DEFAULTS, default_config

    first = default_config()
    assert first == copy.deepcopy({key: value for key, (value, _) in DEFAULTS.items()})
    first["sloc_bands"].append(99)
    first["grade_bands"]["A"] = 0.0
    first["rules"]["cell-sloc"] = False
    first["glossary"].append(["tensor", []])
    second = default_config()
    assert second["sloc_bands"] == [10, 30, 60] and second["grade_bands"]["A"] == 4.5
    assert second["rules"]["cell-sloc"] is True and second["glossary"] == []
