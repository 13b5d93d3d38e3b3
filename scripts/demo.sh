#!/usr/bin/env bash
# tinyscaffold demo: installs the package and builds the JupyterLab extension from this checkout,
# prints the text report of the example module, then launches JupyterLab with
# examples/activations_dev.py (a jupytext percent file) open *as a notebook*, with live badges,
# cliff warnings, Rule-of-3s hints and the summary panel.
#
# Needs: Node.js >= 18 and Python >= 3.10 with pip (on Debian/Ubuntu inside a venv: the system
#        Python refuses pip installs); network access to PyPI and npm.  Installs pip and npm
#        packages only (no apt); the first run takes a few minutes.
# Usage: bash scripts/demo.sh [extra jupyter lab arguments, e.g. --port 9999 --no-browser]
# Env:   PYTHON (default python3), TINYSCAFFOLD_DEMO_SKIP_SETUP=1 to skip install + build.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
install_error_trap
cd "$ROOT"

EXAMPLE="examples/activations_dev.py"
[ -f "$EXAMPLE" ] || die "$EXAMPLE is missing from this checkout"

if [ "${TINYSCAFFOLD_DEMO_SKIP_SETUP:-0}" != 1 ]; then
  step "1/4 Python package (editable) and JupyterLab"
  require_node
  install_python .

  step "2/4 Frontend: jlpm install, build, link the labextension"
  build_extension
else
  step "1-2/4 setup skipped (TINYSCAFFOLD_DEMO_SKIP_SETUP=1)"
fi

step "3/4 Text report of $EXAMPLE (tinyscaffold report)"
tinyscaffold report "$EXAMPLE"

step "4/4 JupyterLab on $EXAMPLE"
# `jupyter lab file.py` would open the text editor. A JupyterLab workspace opens the file with
# jupytext's "Jupytext Notebook" factory instead. The workspace lives in its own directory, so
# the user's own workspaces and settings are left alone.
WORKSPACES="${XDG_STATE_HOME:-$HOME/.local/state}/tinyscaffold-demo/workspaces"
mkdir -p "$WORKSPACES"
WS_JSON="$(mktemp --suffix=.json)"
cat >"$WS_JSON" <<EOF
{
  "data": {
    "layout-restorer:data": {
      "main": {
        "dock": { "type": "tab-area", "currentIndex": 0, "widgets": ["notebook:$EXAMPLE"] },
        "current": "notebook:$EXAMPLE"
      },
      "right": { "collapsed": false, "visible": true, "current": "tinyscaffold-summary",
                 "widgets": ["tinyscaffold-summary"] }
    },
    "notebook:$EXAMPLE": { "data": { "path": "$EXAMPLE", "factory": "Jupytext Notebook" } }
  },
  "metadata": { "id": "tinyscaffold-demo" }
}
EOF
jupyter lab workspaces import --LabWorkspaceImportApp.workspaces_dir="$WORKSPACES" "$WS_JSON" >/dev/null
rm -f "$WS_JSON"

allow_root=()
[ "$(id -u)" = 0 ] && allow_root=(--allow-root)
echo "JupyterLab prints its URL (with the token) below; it opens /lab/workspaces/tinyscaffold-demo. Ctrl-C to stop."
exec jupyter lab "${allow_root[@]}" \
  --ServerApp.root_dir="$ROOT" \
  --LabApp.workspaces_dir="$WORKSPACES" \
  --LabApp.default_url=/lab/workspaces/tinyscaffold-demo \
  "$@"
