"""The Jupyter server extension: thin tornado handlers, per-document sessions, reading through the
contents manager.  It may import every layer below it; the CLI never imports it."""
