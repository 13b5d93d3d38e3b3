"""Renderers of finished reports: terminal text, the HTML report card, SARIF and GitHub annotations,
indented JSON.  They may import ``core`` and ``course``; never the CLI or the server."""
