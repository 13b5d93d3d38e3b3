#!/usr/bin/env bash
# tinyscaffold: install everything from scratch and run every check.
#
#   1. system:   Debian's Chromium for the browser tests (apt, only when /usr/bin/chromium is missing)
#   2. python:   pip install -e ".[test]" + JupyterLab + build
#   3. frontend: jlpm install, build the labextension, link it into Jupyter's data dir
#   4. lint:     ruff check, ruff format --check, mypy, the frontend's lint:check (prettier, eslint),
#                prettier on the ui-tests sources
#   5. pytest    (tests/)
#   6. jest      (jlpm test)
#   7. galata    (ui-tests/, Playwright driving Debian Chromium against a throw-away JupyterLab)
#   8. wheel:    python -m build --wheel; fresh venv without node on PATH; pip install the wheel;
#                the labextension and the server extension must both be listed as enabled + OK
#
# Needs: Node.js >= 18; Python >= 3.10 with pip (on Debian/Ubuntu run it inside a venv: the
#        system Python refuses pip installs); network access to PyPI, npm and, for step 1,
#        Debian's mirrors.  Step 1 runs `apt-get update` + `apt-get install` (chromium,
#        fonts-dejavu-core, fonts-noto-color-emoji) as root, only for what is missing.
# Takes about ten minutes on a fresh 2-core machine; re-runs reuse the installs.
# Fails fast: the first failing step stops the run with a message naming it; exit status != 0.
# Idempotent: re-running reuses the installs. CI runs it as root with CI=true and no stdin.
# Env: PYTHON (default python3), TINYSCAFFOLD_UI_PORT (default: a free loopback port),
#      TINYSCAFFOLD_TEST_STEPS="7 8" to run only some steps (after a full run; CI runs all).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
install_error_trap
cd "$ROOT"

STEPS="${TINYSCAFFOLD_TEST_STEPS:-1 2 3 4 5 6 7 8}"
want() { [[ " $STEPS " == *" $1 "* ]]; }
echo "tinyscaffold test.sh: steps $STEPS (see the header of scripts/test.sh); a first full run"
echo "installs apt, pip and npm packages and takes about ten minutes"

WORK="$(mktemp -d -t tinyscaffold-test-XXXXXX)"
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT

# ---------------------------------------------------------------------------------------------
if want 1; then
  step "1/8 System packages"
  require_node
  # Chromium for galata; DejaVu (galata's UI font) and colour emoji (the example's 🧪 headings)
  # so that the screenshots show what a user sees.
  apt_missing=()
  [ -x /usr/bin/chromium ] || apt_missing+=(chromium)
  for pkg in fonts-dejavu-core fonts-noto-color-emoji; do
    dpkg -s "$pkg" >/dev/null 2>&1 || apt_missing+=("$pkg")
  done
  if [ "${#apt_missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "installing with apt (apt-get update, then install): ${apt_missing[*]}"
      apt-get update -q
      apt-get install -y -q --no-install-recommends "${apt_missing[@]}"
    elif [ ! -x /usr/bin/chromium ]; then
      die "/usr/bin/chromium is missing; install it as root: apt-get install -y chromium"
    else
      echo "warning: fonts missing (${apt_missing[*]}): screenshots may show empty glyph boxes" >&2
    fi
  fi
  /usr/bin/chromium --version 2>/dev/null
  node --version
fi

# ---------------------------------------------------------------------------------------------
if want 2; then
  step "2/8 Python packages: pip install -e .[test], JupyterLab, build"
  install_python ".[test]" build
  "$PYTHON" -c "import tinyscaffold_server; print('tinyscaffold_server', tinyscaffold_server.__version__)"
fi

# ---------------------------------------------------------------------------------------------
if want 3; then
  step "3/8 Frontend: jlpm install, build, link the labextension"
  build_extension
  jupyter labextension list 2>&1 | strip_ansi | grep -E '^\s+tinyscaffold v\S+ enabled\s+OK' ||
    die "jupyter labextension list does not show tinyscaffold enabled and OK"
  jupyter server extension list 2>&1 | strip_ansi | grep -E '^\s+tinyscaffold_server \S+ OK' ||
    die "jupyter server extension list does not show tinyscaffold_server OK"
fi

# ---------------------------------------------------------------------------------------------
if want 4; then
  step "4/8 Lint: ruff, ruff format, mypy, frontend lint, prettier (ui-tests)"
  ruff check .
  ruff format --check .
  mypy
  has_script() { node -e "process.exit(require('./package.json').scripts?.['$1'] ? 0 : 1)"; }
  if has_script lint:check; then
    jlpm lint:check
  elif has_script prettier:check; then
    jlpm prettier:check
  fi
  # ui-tests/ is in .prettierignore (the frontend checks only src/): check ours explicitly.
  node_modules/.bin/prettier --ignore-path .gitignore --check \
    "ui-tests/*.{js,json}" "ui-tests/tests/**/*.ts" "ui-tests/fixtures/*.js" "bench/*.js"
fi

# ---------------------------------------------------------------------------------------------
if want 5; then
  step "5/8 pytest"
  "$PYTHON" -m pytest -q tests/
fi

# ---------------------------------------------------------------------------------------------
if want 6; then
  step "6/8 jest (jlpm test)"
  CI=true jlpm test
fi

# ---------------------------------------------------------------------------------------------
if want 7; then
  step "7/8 galata UI tests (ui-tests/)"
  (cd ui-tests && jlpm install)
  free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
  export TINYSCAFFOLD_UI_PORT="${TINYSCAFFOLD_UI_PORT:-$(free_port)}"
  export JUPYTERLAB_GALATA_ROOT_DIR="$WORK/jupyter-root" TINYSCAFFOLD_UI_STATE_DIR="$WORK/jupyter-state"
  mkdir -p "$JUPYTERLAB_GALATA_ROOT_DIR"
  export PLAYWRIGHT_JSON_OUTPUT_NAME="$WORK/galata.json"
  galata_rc=0
  (cd ui-tests && jlpm playwright test --reporter=list,json) || galata_rc=$?
  if [ -f "$PLAYWRIGHT_JSON_OUTPUT_NAME" ]; then
    node -e '
      const s = require(process.argv[1]).stats;
      console.log(`galata: ${s.expected + s.flaky} passed, ${s.unexpected} failed, ${s.skipped} skipped` +
        (s.flaky ? ` (${s.flaky} passed on retry)` : ""));
    ' "$PLAYWRIGHT_JSON_OUTPUT_NAME"
  fi
  [ "$galata_rc" = 0 ] || die "galata UI tests failed (report: ui-tests/playwright-report, screenshots: ui-tests/test-results)"
fi

# ---------------------------------------------------------------------------------------------
if want 8; then
  step "8/8 Wheel: build, install into a fresh venv without node on PATH, extensions enabled + OK"
  rm -rf dist
  "$PYTHON" -m build --wheel --outdir dist . >"$WORK/build.log" 2>&1 ||
    { tail -40 "$WORK/build.log"; die "python -m build --wheel failed"; }
  shopt -s nullglob
  wheels=(dist/tinyscaffold-*.whl)
  shopt -u nullglob
  [ "${#wheels[@]}" = 1 ] || die "expected exactly one wheel in dist/, found ${#wheels[@]}"
  WHEEL="$ROOT/${wheels[0]}"
  echo "built $WHEEL"
  "$PYTHON" - "$WHEEL" <<'EOF'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
ext = ".data/data/share/jupyter/labextensions/tinyscaffold/"
need = {
    "labextension package.json": lambda n: n.endswith(ext + "package.json"),
    "labextension remoteEntry": lambda n: ext + "static/remoteEntry." in n,
    "labextension install.json": lambda n: n.endswith(ext + "install.json"),
    "server-extension config": lambda n: n.endswith("etc/jupyter/jupyter_server_config.d/tinyscaffold_server.json"),
    "report schema": lambda n: n == "tinyscaffold_server/report.schema.json",
}
missing = [what for what, ok in need.items() if not any(ok(n) for n in names)]
if missing:
    sys.exit(f"the wheel lacks: {', '.join(missing)}")
print(f"wheel carries the built labextension ({sum(ext in n for n in names)} files) and server config")
EOF
  VENV="$WORK/venv"
  "$PYTHON" -m venv "$VENV"
  # Only the venv's bin on PATH: node, npm and jlpm are unreachable, so nothing can be rebuilt.
  if PATH="$VENV/bin" /bin/bash -c 'command -v node' >/dev/null 2>&1; then
    die "node is still reachable with PATH=$VENV/bin"
  fi
  PATH="$VENV/bin" "$VENV/bin/python" -m pip install --quiet "$WHEEL" "$JUPYTERLAB_SPEC"
  lab_list="$(PATH="$VENV/bin" "$VENV/bin/jupyter" labextension list 2>&1 | strip_ansi)"
  server_list="$(PATH="$VENV/bin" "$VENV/bin/jupyter" server extension list 2>&1 | strip_ansi)"
  printf '%s\n' "$lab_list" "$server_list"
  # The labextension must be found in the venv's own data dir (not in this machine's environment).
  printf '%s\n' "$lab_list" | awk -v dir="$VENV/share/jupyter/labextensions" '
    $0 == dir { inside = 1; next }
    /^\// { inside = 0 }
    inside && $1 == "tinyscaffold" && /enabled/ && / OK/ { found = 1 }
    END { exit !found }' ||
    die "fresh venv: jupyter labextension list does not show tinyscaffold enabled OK under $VENV"
  printf '%s\n' "$server_list" | grep -Eq '^\s+tinyscaffold_server enabled' ||
    die "fresh venv: tinyscaffold_server is not enabled"
  printf '%s\n' "$server_list" | grep -Eq '^\s+tinyscaffold_server \S+ OK' ||
    die "fresh venv: tinyscaffold_server does not validate OK"
fi

step "All selected checks passed ($STEPS) in $((SECONDS - _T0)) s"
