# Shared helpers for scripts/demo.sh and scripts/test.sh (sourced, not executed).
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
# JupyterLab pinned like the build requirement in pyproject.toml; build for the wheel check.
JUPYTERLAB_SPEC="jupyterlab>=4.5,<5"
export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1
# A fresh clone as root has no stdin: never let apt, pip or yarn wait for an answer.
export DEBIAN_FRONTEND=noninteractive
export YARN_ENABLE_PROGRESS_BARS=false

CURRENT_STEP="(setup)"
_T0=$SECONDS

step() {
  CURRENT_STEP="$*"
  printf '\n\033[1;34m==> [%4ss] %s\033[0m\n' "$((SECONDS - _T0))" "$*"
}

die() {
  printf '\n\033[1;31mERROR: %s\033[0m\n' "$*" >&2
  exit 1
}

_on_error() {
  local rc=$?
  printf '\n\033[1;31mFAILED (exit %s) during: %s\033[0m\n' "$rc" "$CURRENT_STEP" >&2
  exit "$rc"
}

# Call once from the entry script.
install_error_trap() {
  set -o errtrace
  trap _on_error ERR
}

require_node() {
  command -v node >/dev/null 2>&1 || die "Node.js is not on PATH (need Node >= 18 to build the JupyterLab extension)"
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" -ge 18 ] || die "Node.js $(node --version) is too old (need >= 18)"
}

# Python side: the package in editable mode (its build hook also builds the labextension on a
# fresh clone), JupyterLab itself (jlpm comes with it), plus optional extras, e.g. ".[test]".
install_python() {
  local target="${1:-.}"
  shift || true
  "$PYTHON" -m pip --version >/dev/null 2>&1 ||
    die "$PYTHON has no pip; create and activate a venv first: python3 -m venv .venv && . .venv/bin/activate"
  # (PIP_BREAK_SYSTEM_PACKAGES=1 is the user's explicit choice to install there anyway.)
  if [ -z "${PIP_BREAK_SYSTEM_PACKAGES:-}" ] && "$PYTHON" -c 'import sys, sysconfig, os; sys.exit(sys.prefix != sys.base_prefix or not os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")))'; then
    die "$PYTHON is an externally managed system Python (Debian/Ubuntu): pip will refuse to install. Create and activate a venv first: python3 -m venv .venv && . .venv/bin/activate"
  fi
  # A `jupyter labextension develop` link left by an earlier run (this checkout or another)
  # stands where pip installed the labextension's files; pip cannot uninstall those through
  # the link (OSError on build_log.json). Drop the link: build_extension makes it again.
  local dev_link
  dev_link="$("$PYTHON" -c 'import os, sys; print(os.path.join(sys.prefix, "share", "jupyter", "labextensions", "tinyscaffold"))')"
  if [ -L "$dev_link" ]; then
    rm -f "$dev_link"
  fi
  "$PYTHON" -m pip install --quiet -e "$target" "$JUPYTERLAB_SPEC" "$@"
  command -v jlpm >/dev/null 2>&1 || die "jlpm not found after installing JupyterLab (is $PYTHON's bin dir on PATH?)"
}

# Frontend: dependencies, TypeScript + labextension build, then link the build into the Jupyter
# data dir so the running JupyterLab loads this checkout's extension.
build_extension() {
  (cd "$ROOT" && jlpm install)
  (cd "$ROOT" && jlpm build)
  [ -f "$ROOT/tinyscaffold_server/labextension/package.json" ] ||
    die "the build produced no tinyscaffold_server/labextension/package.json"
  (cd "$ROOT" && jupyter labextension develop . --overwrite >/dev/null)
}

# Strips ANSI colours (jupyter's extension lists are coloured).
strip_ansi() {
  sed -e 's/\x1b\[[0-9;]*m//g'
}
