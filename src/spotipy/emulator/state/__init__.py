"""The emulator's options and its mutable world, one module per area.

:class:`State` composes the areas: :attr:`State.playlists` (:mod:`.playlist`),
:attr:`State.library` (:mod:`.library`), :attr:`State.follows` (:mod:`.follow`) and
:attr:`State.players` (:mod:`.player`).  The catalogue itself is read-only and shared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spotipy.emulator._catalogue import Catalogue
from spotipy.emulator.state.follow import Follows
from spotipy.emulator.state.library import Library
from spotipy.emulator.state.player import Players
from spotipy.emulator.state.playlist import Playlists

__all__ = ["ITEM_FIELDS", "Follows", "Library", "Options", "Players", "Playlists", "State"]

ITEM_FIELDS = frozenset({"item", "track"})


@dataclass(frozen=True, slots=True)
class Options:
    """How the emulator shapes its answers.

    Attributes
    ----------
    playlist_item_fields
        Which names carry a playlist entry's object: ``"item"`` (the 2026 name) and/or
        ``"track"`` (the deprecated one).  The same choice names a playlist's entries
        ``items`` and/or ``tracks``.
    deprecated_fields
        Also send the fields Spotify's spec marks deprecated (popularity, followers,
        available_markets, ...), as apps with extended quota still receive them.
    extended_quota
        Lift the February 2026 rule that users may read the entries only of playlists they
        own or collaborate on.
    search_playlist_nulls
        Put ``null`` in place of some playlists in search results, as Spotify sometimes does.
    """

    playlist_item_fields: tuple[str, ...] = ("item", "track")
    deprecated_fields: bool = False
    extended_quota: bool = False
    search_playlist_nulls: bool = False

    def __post_init__(self) -> None:
        fields = self.playlist_item_fields
        if not fields or not set(fields) <= ITEM_FIELDS or len(set(fields)) != len(fields):
            raise ValueError(
                f"playlist_item_fields must name 'item' and/or 'track' once each, not {fields!r}"
            )


class State:
    """The data the emulator serves, and may change.

    Parameters
    ----------
    catalogue
        Invented data; this state starts with copies of its playlists.
    options
        Answer shaping.
    clock
        Time source, in seconds.

    Attributes
    ----------
    playlists : Playlists
        Every playlist by ID (a dict), and who may read their entries.
    library : Library
        Users' saved items.
    follows : Follows
        Users' followed artists, users and playlists.
    players : Players
        Users' playback.
    """

    def __init__(self, catalogue: Catalogue, options: Options, clock: Callable[[], float]) -> None:
        self.catalogue = catalogue
        self.options = options
        self.clock = clock
        self.playlists: Playlists = Playlists(catalogue, options)
        self.library: Library = Library()
        self.follows: Follows = Follows()
        self.players: Players = Players()
