"""``python -m tinyscaffold_server.cli``: the ``tinyscaffold`` command."""

import sys

from .launch import run

sys.exit(run())
