"""``python -m tinyscaffold_server.cli``: the ``tinyscaffold`` command."""

import sys

from .launch import main

sys.exit(main())
