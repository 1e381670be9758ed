"""Names of a package loaded on first use (PEP 562), written once for every facade."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import Any


def lazy_names(
    namespace: MutableMapping[str, Any], sources: Mapping[str, str], public: Sequence[str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """Return a module's ``__getattr__`` and ``__dir__`` loading ``sources`` on first use.

    Parameters
    ----------
    namespace
        The module's ``globals()``; a loaded name is kept there, so it costs one lookup.
    sources
        Each lazily loaded name and the module that defines it.
    public
        The module's ``__all__``.
    """
    module = namespace["__name__"]

    def getattr_(name: str) -> object:
        try:
            source = sources[name]
        except KeyError:
            raise AttributeError(f"module {module!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(source), name)
        namespace[name] = value
        return value

    def dir_() -> list[str]:
        return sorted({*namespace, *public})

    return getattr_, dir_
