"""The package version, read by hatchling and by :mod:`spotipy`."""

__version__ = "0.1.0"
