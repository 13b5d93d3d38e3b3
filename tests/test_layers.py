"""The package's floor plan (docs/ARCHITECTURE.md): imports point one way, and none goes round.

Every import statement counts, deferred ones inside functions and ``TYPE_CHECKING`` blocks
included: a cycle that only closes at run time is still a cycle a reader has to untangle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = "tinyscaffold_server"
PACKAGE_DIR = Path(__file__).resolve().parents[1] / PACKAGE

# A layer may import its own layer and the layers below it, nothing above or beside it.
LAYERS = {"core": 0, "course": 1, "render": 2, "cli": 3, "server": 3}
# Modules at the package's top level that every layer may use: they import nothing of ours.
LEAVES = {f"{PACKAGE}.version", f"{PACKAGE}._version"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for path in PACKAGE_DIR.rglob("*.py")
        if "pattern_templates" not in path.parts and "labextension" not in path.parts
    }


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of this package that ``name`` imports anywhere in its file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if not target.startswith(PACKAGE):
                continue
            submodules = {f"{target}.{alias.name}" for alias in node.names} & known
            # `from pkg import name` loads pkg; `from pkg import submodule` loads the submodule
            found.update(submodules or {target})
    found.discard(name)
    return found


def layer_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in LAYERS) else None


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = package_modules()
    known = set(modules)
    return {name: imports_of(name, path, known) for name, path in modules.items()}


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's components of more than one module (the import cycles)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_every_module_belongs_to_a_layer(graph: dict[str, set[str]]) -> None:
    loose = [
        name
        for name in graph
        if name != PACKAGE and name not in LEAVES and layer_of(name) not in LAYERS
    ]
    assert loose == [], f"modules outside core/course/render/cli/server: {loose}"


def test_no_import_cycles(graph: dict[str, set[str]]) -> None:
    assert strongly_connected(graph) == []


def test_imports_point_down_the_layers(graph: dict[str, set[str]]) -> None:
    against: list[str] = []
    for importer, targets in sorted(graph.items()):
        if importer == PACKAGE:
            continue  # the public API may name anything
        for target in sorted(targets):
            if target == PACKAGE:
                against.append(f"{importer} imports the package root")
                continue
            if target in LEAVES:
                continue
            source_layer, target_layer = layer_of(importer), layer_of(target)
            if importer in LEAVES:
                against.append(f"{importer} (a leaf) imports {target}")
            elif source_layer != target_layer and (
                LAYERS[target_layer or ""] >= LAYERS[source_layer or ""]
            ):
                against.append(f"{importer} ({source_layer}) imports {target} ({target_layer})")
    assert against == []


def test_the_checks_see_a_cycle_and_an_upward_import() -> None:
    """The walk itself: a planted cycle and a core module importing the server are found."""
    planted = {
        f"{PACKAGE}.core.a": {f"{PACKAGE}.core.b"},
        f"{PACKAGE}.core.b": {f"{PACKAGE}.core.a"},
        f"{PACKAGE}.server.c": set(),
    }
    assert strongly_connected(planted) == [[f"{PACKAGE}.core.a", f"{PACKAGE}.core.b"]]
    upward = {f"{PACKAGE}.core.a": {f"{PACKAGE}.server.c"}, f"{PACKAGE}.server.c": set()}
    with pytest.raises(AssertionError, match=r"core\.a \(core\) imports"):
        test_imports_point_down_the_layers(upward)


def test_deferred_and_type_checking_imports_count(tmp_path: Path) -> None:
    source = (
        "TYPE_CHECKING = False\n"
        "if TYPE_CHECKING:\n"
        "    from .b import B\n"
        "def f():\n"
        "    from ..server import routes\n"
    )
    known = {f"{PACKAGE}.core.b", f"{PACKAGE}.server.routes", f"{PACKAGE}.server"}
    module = tmp_path / "a.py"
    module.write_text(source, encoding="utf-8")
    found = imports_of(f"{PACKAGE}.core.a", module, known)
    assert found == {f"{PACKAGE}.core.b", f"{PACKAGE}.server.routes"}
