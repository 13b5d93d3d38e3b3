"""tinyscaffold against the course's own analysis script, wherever the course lives.

The yardstick is TinyTorch's module analyzer with one module, in ``../shared/reference/``
(see its README; skipped where that folder is absent).  Both are copied to a temporary
folder, the script and the package are byte-compiled there first (as users have them:
PYTHONDONTWRITEBYTECODE is unset for the children), and every figure is a median of
interleaved rounds, so that load from other processes hits both sides alike.

    python bench/reference_speed.py [--rounds 15] [--cold-rounds 21] [--reference-tree DIR]

``--reference-tree DIR`` also times another checkout of the package (``git archive REV |
tar -x -C DIR``) in the same rounds, so that a change is measured against the code before it
under the same load.

Figures (targets of issue 21: each at most 1.0 times the script):
  whole process   ``tinyscaffold report MODULE --no-cache`` beside the script's own
                  ``analyze_module``, with the course under a ``pyproject.toml`` (with a
                  ``[tool.jupytext]`` table, as a paired course has) and outside one
  cold            one analysis in a process that has imported everything: a fresh
                  Analyzer and empty memo caches (the word tables loaded), against one
                  ``analyze_module`` call; and how much of it is concept work
  first           the first analysis in a fresh process (word tables read, regular
                  expressions compiled), against the script's first call
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference"
SCRIPT = "tinytorch_module_analyzer.py"
MODULE = "01_tensor"
PYPROJECT = """[project]
name = "course"
version = "0.1"

[tool.jupytext]
formats = "ipynb,py:percent"
"""

REFERENCE_RUN = (
    "import sys; sys.path.insert(0, {folder!r}); "
    "from tinytorch_module_analyzer import TinyTorchModuleAnalyzer as A; "
    "A({modules!r}).analyze_module({module!r})"
)

# One process: import everything both need, then time ``rounds`` interleaved analyses of
# each, cold (our memo caches cleared, a fresh Analyzer), and the concept work within ours.
COLD = r"""
import gc, json, statistics, sys, time
sys.path.insert(0, {folder!r})
from pathlib import Path
from tinytorch_module_analyzer import TinyTorchModuleAnalyzer
from tinyscaffold_server.core import analyzer as core
from tinyscaffold_server.core.concepts import novelty
from tinyscaffold_server.core.loading import load_notebook
sys.path.insert(0, {bench!r})
from bench_core import clear_memos

path = Path({modules!r}) / {module!r} / "tensor_dev.py"
spent = [0.0]
def timed(fn):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start
    return wrapper
core.extract_concepts = timed(core.extract_concepts)
novelty.update = timed(novelty.update)

def ours():
    core.Analyzer().analyze(load_notebook(path))

def theirs():
    TinyTorchModuleAnalyzer({modules!r}).analyze_module({module!r})

first = {{}}
order = (("ours", ours), ("theirs", theirs))
for name, fn in order if {ours_first} else order[::-1]:
    start = time.perf_counter(); fn(); first[name] = time.perf_counter() - start
times = {{"ours": [], "theirs": [], "concepts": []}}
for _ in range({rounds}):
    for name, fn in (("ours", ours), ("theirs", theirs)):
        clear_memos(); gc.collect(); spent[0] = 0.0
        start = time.perf_counter(); fn(); elapsed = time.perf_counter() - start
        times[name].append(elapsed)
        if name == "ours":
            times["concepts"].append(spent[0])
print(json.dumps({{"first": first, **{{k: statistics.median(v) for k, v in times.items()}}}}))
"""


def run_timed(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cli_command() -> list[str]:
    """The console script the package installs (it is what users run), else -m."""
    script = Path(sys.executable).with_name("tinyscaffold")
    if script.is_file():
        return [sys.executable, str(script)]
    return [sys.executable, "-m", "tinyscaffold_server.cli.launch"]


def reference_command(tree: Path) -> list[str]:
    """The CLI of another checkout: its package first on the path (``-c``, unlike ``-m``,
    puts no folder of its own before it), its bytecode compiled as this tree's is."""
    compileall.compile_dir(tree, quiet=1, rx=__import__("re").compile("pattern_templates"))
    code = (  # as the console script runs it (``run``: no teardown), where the tree has it
        f"import sys; sys.path.insert(0, {str(tree.resolve())!r}); "
        "from tinyscaffold_server.cli import launch; "
        "sys.exit(getattr(launch, 'run', launch.main)())"
    )
    return [sys.executable, "-c", code]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--cold-rounds", type=int, default=21)
    parser.add_argument("--reference-tree", type=Path, help="another checkout to time alike")
    args = parser.parse_args()
    if not (REFERENCE / SCRIPT).is_file():
        print(f"skipped: the reference script is not at {REFERENCE}")
        return 0

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = f"{ROOT}{os.pathsep}{env.get('PYTHONPATH', '')}"
    compileall.compile_dir(
        ROOT / "tinyscaffold_server", quiet=1, rx=__import__("re").compile("pattern_templates")
    )
    with tempfile.TemporaryDirectory(prefix="tinyscaffold-ref-") as temp:
        work = Path(temp)
        folder = work / "script"
        folder.mkdir()
        shutil.copy(REFERENCE / SCRIPT, folder / SCRIPT)
        compileall.compile_dir(folder, quiet=1)
        places = {"outside a pyproject": work / "outside", "under a pyproject": work / "repo"}
        for place in places.values():
            shutil.copytree(REFERENCE / "modules", place / "modules")
        (places["under a pyproject"] / "pyproject.toml").write_text(PYPROJECT)
        commands: dict[str, tuple[list[str], Path]] = {}
        for label, place in places.items():
            modules = str(place / "modules")
            code = REFERENCE_RUN.format(folder=str(folder), modules=modules, module=MODULE)
            commands[f"script, {label}"] = ([sys.executable, "-c", code], place)
            target = str(place / "modules" / MODULE)
            commands[f"tinyscaffold, {label}"] = (
                [*cli_command(), "report", target, "--no-cache"],
                place,
            )
            if args.reference_tree is not None:
                commands[f"reference tree, {label}"] = (
                    [*reference_command(args.reference_tree), "report", target, "--no-cache"],
                    place,
                )
        for command, cwd in commands.values():  # warm: bytecode, the disk cache
            subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, check=True)
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, (command, cwd) in commands.items():
                wall, cpu = run_timed(command, env, cwd)
                walls[name].append(wall)
                cpus[name].append(cpu)

        cold_runs = []
        for ours_first in (True, False):
            code = COLD.format(
                folder=str(folder),
                bench=str(ROOT / "bench"),
                modules=str(places["outside a pyproject"] / "modules"),
                module=MODULE,
                rounds=args.cold_rounds,
                ours_first=ours_first,
            )
            out = subprocess.run(
                [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
            ).stdout
            cold_runs.append(json.loads(out))

    print(
        f"{args.rounds} rounds, load {os.getloadavg()[0]:.1f}, Python {sys.version.split()[0]}, "
        f"module {MODULE} (medians; reference: the course's {SCRIPT})"
    )
    print(f"{'whole process':<40}{'wall ms':>9}{'cpu ms':>9}")
    for name in commands:
        print(
            f"  {name:<38}{statistics.median(walls[name]) * 1000:>9.1f}"
            f"{statistics.median(cpus[name]) * 1000:>9.1f}"
        )
    failed = False
    for label in places:
        if args.reference_tree is not None:
            for measure, values in (("wall", walls), ("cpu", cpus)):
                script = statistics.median(values[f"script, {label}"])
                print(
                    f"  {label}, {measure}: reference tree "
                    f"{statistics.median(values[f'reference tree, {label}']) / script:.2f}x, "
                    f"this tree {statistics.median(values[f'tinyscaffold, {label}']) / script:.2f}x"
                )
        ratio = statistics.median(walls[f"tinyscaffold, {label}"]) / statistics.median(
            walls[f"script, {label}"]
        )
        ok = ratio <= 1.0
        failed |= not ok
        print(
            f"  whole process {label}: {ratio:.2f}x the script (target ≤ 1.0x): "
            f"{'met' if ok else 'NOT met'}"
        )
    ours = statistics.median(run["ours"] for run in cold_runs)
    theirs = statistics.median(run["theirs"] for run in cold_runs)
    concepts = statistics.median(run["concepts"] for run in cold_runs)
    ok = ours <= theirs
    failed |= not ok
    print(
        f"cold in one process: tinyscaffold {ours * 1000:.1f} ms, the script "
        f"{theirs * 1000:.1f} ms: {ours / theirs:.2f}x (target ≤ 1.0x): "
        f"{'met' if ok else 'NOT met'}"
    )
    rest = (ours - concepts) / theirs
    print(
        f"  of which concept work (extract_concepts, novelty): {concepts * 1000:.1f} ms "
        f"({concepts / ours:.0%}); without it {rest:.2f}x the script"
    )
    for run, order in zip(cold_runs, ("tinyscaffold first", "script first"), strict=True):
        first = run["first"]
        print(
            f"  first analysis in a fresh process ({order}): tinyscaffold "
            f"{first['ours'] * 1000:.1f} ms, the script {first['theirs'] * 1000:.1f} ms"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
