"""The ``tinyscaffold`` command line: argument parsing, the report cache, the resident process.

Empty on purpose: ``launch`` is the console entry point and must import nothing Python has not
loaded at start, so this package file imports nothing."""
