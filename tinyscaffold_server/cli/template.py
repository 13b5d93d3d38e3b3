"""``tinyscaffold template NAME``: print a scaffolding-pattern template, filled in.

The templates are jupytext percent text (see ``course/templates.py``); a course overrides one with a
file of the same name in the ``templates`` folder its configuration file names.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..core.typing_names import Any
from .exits import EXIT_INPUT, EXIT_OK, error

__all__ = ["add_parser", "run_template"]

TEMPLATE_NAMES = (
    "concept-bridge",
    "implementation-ladder",
    "confidence-builder",
    "educational-test",
)  # == templates.NAMES, spelled out so that --help does not import jupytext


def add_parser(sub: Any) -> None:
    template = sub.add_parser(
        "template",
        help="print a scaffolding-pattern template (jupytext percent) filled with your names",
        description="Print one of the four pattern templates as jupytext percent text. A course"
        " overrides a template with a file of the same name in the 'templates' folder of its"
        " configuration file (tinyscaffold.toml or [tool.tinyscaffold] in pyproject.toml).",
    )
    template.add_argument(
        "name", choices=TEMPLATE_NAMES, metavar="NAME", help=", ".join(TEMPLATE_NAMES)
    )
    template.add_argument("--concept", help="the concept's name, e.g. 'Leaky ReLU'")
    template.add_argument("--function", help="the function students implement, e.g. leaky_relu")
    template.add_argument(
        "--params", help="its parameters, comma-separated (default: x)", default=None
    )
    template.add_argument(
        "--project",
        metavar="DIR",
        default=".",
        help="where to look for the course configuration file (default: the current directory)",
    )


def run_template(args: argparse.Namespace) -> int:
    from ..core.config import ConfigError
    from ..course.project_config import load_project_config
    from ..course.templates import Names, TemplateError, clean_concept, render_text
    from .output import write_stdout

    default = Names()
    concept = clean_concept(args.concept or args.function or "") or default.concept
    function = args.function or (
        "_".join(args.concept.lower().split()) if args.concept else default.function
    )
    params = tuple(p.strip() for p in (args.params or "").split(",") if p.strip())
    names = Names(concept, function, params or default.params)
    bad = [value for value in (function, *names.params) if not value.isidentifier()]
    if bad:
        error(f"not a Python name: {bad[0]!r}")
        return EXIT_INPUT
    try:
        project = load_project_config(Path(args.project))
        write_stdout(render_text(args.name, names, project.templates))
    except (ConfigError, TemplateError) as exc:
        error(str(exc))
        return EXIT_INPUT
    return EXIT_OK
