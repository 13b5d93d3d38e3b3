"""The course layer, above the core: which files are modules and in what order, concepts known
from earlier modules, the course configuration, baselines and deltas, the student view and the
pattern templates.  It may import ``core``; nothing here imports a renderer, the CLI or the
server."""
