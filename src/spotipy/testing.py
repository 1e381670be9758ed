"""A pytest plugin with fixtures wired to the built-in emulator (being written, issue 8)."""
