"""The pure analysis core: notebook dict in, JSON-ready report out (no I/O except loading)."""
