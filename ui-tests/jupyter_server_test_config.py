"""Jupyter server configuration for the tinyscaffold galata tests and the UI latency benchmark.

The server root is a throw-away directory (``JUPYTERLAB_GALATA_ROOT_DIR``, created by
playwright.config.js, or a fresh temporary directory): the tests upload their notebooks there,
so the repository itself is never written.
"""

import os
from tempfile import mkdtemp

from jupyterlab.galata import configure_jupyter_server

c = get_config()  # type: ignore[name-defined]  # noqa: F821

configure_jupyter_server(c)

# Everything (CI included) runs as root here.
c.ServerApp.allow_root = True
# Loopback only; galata's helper binds 0.0.0.0 only inside a "jovyan" docker image.
c.ServerApp.ip = "127.0.0.1"
# Port: playwright.config.js passes TINYSCAFFOLD_UI_PORT (default 8888, as galata expects).
c.ServerApp.port = int(os.environ.get("TINYSCAFFOLD_UI_PORT", "8888"))
c.ServerApp.log_level = "WARN"
# Workspaces and user settings live in the run's state directory: the developer's own
# JupyterLab settings (theme, keymaps, ...) never leak into the tests, and settings the
# benchmark writes never reach them.
state = os.environ.get("TINYSCAFFOLD_UI_STATE_DIR") or mkdtemp(prefix="tinyscaffold-ui-state-")
c.LabApp.workspaces_dir = os.path.join(state, "workspaces")
c.LabApp.user_settings_dir = os.path.join(state, "settings")
