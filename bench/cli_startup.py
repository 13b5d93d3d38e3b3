"""Whole-process start-up of ``tinyscaffold report``, side by side with a stand-in for a
course's old analysis script (bench/baseline_script.py), in this Python environment.

Every command is a fresh process, run in interleaved rounds so that machine noise hits all
of them alike; the medians of wall time and CPU time (user + system, from the children's
rusage) are printed with their ratio to the baseline script on one module.

    python bench/cli_startup.py [--rounds 15]

Commands (all ``--format json``, output discarded):
  baseline 1       python bench/baseline_script.py module.py
  plain 1          TINYSCAFFOLD_NO_SPEEDUPS=1 (jupytext reads, no cache): the old CLI path
  cold 1 / warm 1  the CLI with the fast reader, cache empty / cache filled
  cold 8 / warm 8  the same on a course of eight modules (six percent .py, two .ipynb)
  cold 8 -j2       eight modules in two processes

The issue's targets: one module no slower than the baseline script, and eight modules no
slower than 1.5x the baseline script on one module.  The module is examples/activations_dev.py.
Run it where JupyterLab is installed (as the authors' environments have it): that is where
jupytext's imports were slow.
"""

from __future__ import annotations

import argparse
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
EXAMPLE = ROOT / "examples" / "activations_dev.py"
NOTEBOOK = ROOT / "tests" / "fixtures" / "layers.ipynb"
CLI = [sys.executable, "-m", "tinyscaffold_server.cli", "report"]


def _course(folder: Path) -> Path:
    """Eight distinct modules: copies of the example (each with its own last cell, so that
    the cache holds eight entries) and of the fixture notebook."""
    course = folder / "course"
    text = EXAMPLE.read_text(encoding="utf-8")
    for number in range(1, 9):
        module = course / f"{number:02d}_module"
        module.mkdir(parents=True)
        if number in (4, 8):
            shutil.copy(NOTEBOOK, module / f"module{number}.ipynb")
        else:
            body = f"{text}\n# %%\nmodule_number = {number}\n"
            (module / f"module{number}_dev.py").write_text(body, encoding="utf-8")
    return course


def _time(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()

    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    plain_env = {**env, "TINYSCAFFOLD_NO_SPEEDUPS": "1"}
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        module = folder / "module_dev.py"
        shutil.copy(EXAMPLE, module)
        course = _course(folder)
        cache = ["--cache-dir", str(folder / "cache")]
        json_out = ["--format", "json"]
        commands = {
            "baseline 1": (
                [sys.executable, str(ROOT / "bench" / "baseline_script.py"), str(module)],
                env,
            ),
            "plain 1": ([*CLI, str(module), *json_out, "--no-cache"], plain_env),
            "cold 1": ([*CLI, str(module), *json_out, "--no-cache"], env),
            "warm 1": ([*CLI, str(module), *json_out, *cache], env),
            "cold 8": ([*CLI, str(course), *json_out, "--no-cache"], env),
            "cold 8 -j2": ([*CLI, str(course), *json_out, "--no-cache", "--jobs", "2"], env),
            "warm 8": ([*CLI, str(course), *json_out, *cache], env),
        }
        for command, command_env in commands.values():  # warm up the disk cache and fill ours
            subprocess.run(command, env=command_env, stdout=subprocess.DEVNULL, check=True)
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, (command, command_env) in commands.items():
                wall, cpu = _time(command, command_env)
                walls[name].append(wall)
                cpus[name].append(cpu)

    base_wall = statistics.median(walls["baseline 1"])
    base_cpu = statistics.median(cpus["baseline 1"])
    print(f"{args.rounds} rounds, Python {sys.version.split()[0]}, median per command")
    print(f"{'command':<12} {'wall s':>8} {'ratio':>6} {'cpu s':>8} {'ratio':>6}")
    for name in commands:
        wall, cpu = statistics.median(walls[name]), statistics.median(cpus[name])
        print(f"{name:<12} {wall:8.3f} {wall / base_wall:5.2f}x {cpu:8.3f} {cpu / base_cpu:5.2f}x")
    print()
    for label, name, target in (
        ("one module, cache empty", "cold 1", 1.0),
        ("one module, cache filled", "warm 1", 1.0),
        ("eight modules, cache empty", "cold 8", 1.5),
        ("eight modules, two jobs", "cold 8 -j2", 1.5),
        ("eight modules, cache filled", "warm 8", 1.5),
    ):
        ratio = statistics.median(walls[name]) / base_wall
        verdict = "met" if ratio <= target else "NOT met"
        print(f"{label:<28} {ratio:5.2f}x the baseline script (target ≤ {target}x): {verdict}")
    speedup = statistics.median(walls["plain 1"]) / statistics.median(walls["cold 1"])
    print(f"fast reader vs jupytext path, one module, no cache: {speedup:.1f}x faster")


if __name__ == "__main__":
    main()
