"""Per-user sets of Spotify URIs with the time each was added: the shape of saves and follows."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["SavedUris"]


class SavedUris:
    """For each user, an insertion-ordered mapping of URI to the second it was added."""

    def __init__(self) -> None:
        self._by_user: dict[str, dict[str, int]] = {}

    def add(self, user: str, uris: Iterable[str], now: float) -> None:
        """Add ``uris`` for ``user`` at ``now``; one already there keeps its first time."""
        items = self._by_user.setdefault(user, {})
        stamp = int(now)
        for uri in uris:
            items.setdefault(uri, stamp)

    def remove(self, user: str, uris: Iterable[str]) -> None:
        """Remove ``uris`` for ``user``; absent ones are ignored, as Spotify does."""
        items = self._by_user.get(user)
        if items is None:
            return
        for uri in uris:
            items.pop(uri, None)

    def contains(self, user: str, uris: Iterable[str]) -> list[bool]:
        """Tell, for each of ``uris`` in order, whether ``user`` has it."""
        items = self._by_user.get(user, {})
        return [uri in items for uri in uris]

    def saved(self, user: str, kind: str) -> list[tuple[str, int]]:
        """``(uri, added_at)`` of ``user``'s URIs of ``kind`` (``"track"``, ...), newest first.

        Among equal times, the one added last comes first.
        """
        prefix = f"spotify:{kind}:"
        items = self._by_user.get(user, {})
        chosen = [(uri, at) for uri, at in reversed(items.items()) if uri.startswith(prefix)]
        chosen.sort(key=lambda pair: -pair[1])
        return chosen
