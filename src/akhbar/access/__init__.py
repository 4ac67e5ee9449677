"""Reading a release: the Python API (akhbar.connect) and read-only SQL."""
