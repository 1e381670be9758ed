"""Whether another distribution named ``spotipy`` shares this environment.

This project is installed as ``spotipy-client`` and imported as ``spotipy``.  plamere's
spotipy (the distribution ``spotipy`` on PyPI) uses the same import name: with both
installed, one overwrites the other's files and ``import spotipy`` gives a mix of the two.
:func:`check` looks for that distribution's metadata folder (``spotipy-<version>.dist-info``
or ``.egg-info``) in the folders of ``sys.path`` that hold a ``spotipy`` package (a
distribution's metadata sits next to the packages it installed) and warns once if it
finds one.

It runs at ``import spotipy``, so it is kept to one ``stat`` per ``sys.path`` folder and
one directory listing per folder holding ``spotipy``: no :mod:`importlib.metadata`
(which loads ``email``, ``zipfile``, ``csv`` ... and reads every distribution's files).
"""

from __future__ import annotations

import os
import sys
import warnings

__all__ = ["SharedImportNameWarning", "check", "other_distributions"]

#: The metadata folders of a distribution named ``spotipy`` start so (lower-cased).
_PREFIX = "spotipy-"
_SUFFIXES = (".dist-info", ".egg-info")


class SharedImportNameWarning(RuntimeWarning):
    """Another distribution providing the ``spotipy`` package is installed alongside."""


def other_distributions(path: list[str] | None = None) -> list[str]:
    """The metadata folders of distributions named ``spotipy`` on ``path`` (``sys.path``).

    Only the folders that hold a ``spotipy`` package are listed.  This project's own
    metadata is ``spotipy_client-<version>.dist-info`` and is not among them.
    """
    found: list[str] = []
    for folder in sys.path if path is None else path:
        if not os.path.isdir(os.path.join(folder or ".", "spotipy")):
            continue
        try:
            entries = os.scandir(folder or ".")
        except OSError:  # a zip file, a folder that does not exist
            continue
        with entries:
            for entry in entries:
                name = entry.name
                if name[: len(_PREFIX)].lower() == _PREFIX and name.endswith(_SUFFIXES):
                    found.append(os.path.join(folder, name))
    return found


def check(path: list[str] | None = None) -> None:
    """Warn (:class:`SharedImportNameWarning`) when another ``spotipy`` is installed."""
    found = other_distributions(path)
    if not found:
        return
    warnings.warn(
        "another distribution named 'spotipy' is installed in this environment"
        f" ({', '.join(found)}). It is most likely plamere's spotipy, which uses the same"
        " import name as this project (spotipy-client): the two overwrite each other's"
        " files, so 'import spotipy' may give a mix of both. Uninstall both"
        " ('pip uninstall spotipy spotipy-client'), then install spotipy-client alone, or"
        " keep each in its own virtual environment.",
        SharedImportNameWarning,
        stacklevel=3,
    )
