"""The Web API client: :class:`Spotify` and its endpoint areas."""

from __future__ import annotations

from typing import Literal, overload

from spotipy._flow import Async, Mode, Sync
from spotipy.client._api.album import SpotifyAlbum
from spotipy.client._api.artist import SpotifyArtist
from spotipy.client._api.audiobook import SpotifyAudiobook
from spotipy.client._api.browse import SpotifyBrowse
from spotipy.client._api.chapter import SpotifyChapter
from spotipy.client._api.episode import SpotifyEpisode
from spotipy.client._api.follow import SpotifyFollow
from spotipy.client._api.library import SpotifyLibrary
from spotipy.client._api.player import SpotifyPlayer
from spotipy.client._api.playlist import SpotifyPlaylist
from spotipy.client._api.search import SpotifySearch
from spotipy.client._api.show import SpotifyShow
from spotipy.client._api.track import SpotifyTrack
from spotipy.client._api.user import SpotifyUser
from spotipy.client._base import API_URL, SpotifyBase
from spotipy.client._endpoint import Endpoint, Quota
from spotipy.sender import AsyncSender, Sender

__all__ = [
    "API_URL",
    "Async",
    "Endpoint",
    "Quota",
    "Spotify",
    "SpotifyAlbum",
    "SpotifyArtist",
    "SpotifyAudiobook",
    "SpotifyBase",
    "SpotifyBrowse",
    "SpotifyChapter",
    "SpotifyEpisode",
    "SpotifyFollow",
    "SpotifyLibrary",
    "SpotifyPlayer",
    "SpotifyPlaylist",
    "SpotifySearch",
    "SpotifyShow",
    "SpotifyTrack",
    "SpotifyUser",
    "Sync",
]


class Spotify(
    SpotifyAlbum[Mode],
    SpotifyArtist[Mode],
    SpotifyAudiobook[Mode],
    SpotifyBrowse[Mode],
    SpotifyChapter[Mode],
    SpotifyEpisode[Mode],
    SpotifyFollow[Mode],
    SpotifyLibrary[Mode],
    SpotifyPlayer[Mode],
    SpotifyPlaylist[Mode],
    SpotifySearch[Mode],
    SpotifyShow[Mode],
    SpotifyTrack[Mode],
    SpotifyUser[Mode],
):
    """Client of the Spotify Web API, synchronous or asynchronous.

    ``Spotify(token)`` is synchronous: every endpoint method returns its result.
    ``Spotify(token, asynchronous=True)``, or a client given an async sender, is
    asynchronous: the same methods return awaitables, and :meth:`all_pages` and
    :meth:`all_items` return async iterators.

    Parameters
    ----------
    token
        Any object whose ``str()`` is the bearer token.  Assignable later.
    sender
        Sender to send requests with (see :mod:`spotipy.sender`).
    asynchronous
        ``True`` for an asynchronous client when no sender is given.
    api_url
        Web API base URL; defaults to ``$SPOTIPY_API_URL`` or Spotify's.
    quota
        ``"development"`` refuses, before sending, the operations that need extended
        quota (:class:`~spotipy.errors.ExtendedQuotaRequired`); ``None`` sends them.
    chunked_on
        Split lists longer than an operation's cap into several requests.
    max_limits_on
        Ask for the largest page an operation serves when ``limit`` is not given.
    batch_fallback_on
        Answer several-IDs reads (``albums`` ...) one ID at a time with their single-ID
        replacement where Spotify does not serve the batch (development mode); see
        :class:`~spotipy.client.SpotifyBase`.

    Examples
    --------
    >>> spotify = Spotify(token)  # doctest: +SKIP
    >>> artist = spotify.artist("0OdUWJ0sBjDrqHygGUXeCF")  # doctest: +SKIP
    """

    # The overloads live here, not on SpotifyBase: mypy binds a self-typed __init__
    # overload only on the class that declares it, and they give the mode.
    @overload
    def __init__(
        self: Spotify[Sync],
        token: object = None,
        sender: Sender | None = None,
        *,
        asynchronous: Literal[False] | None = None,
        api_url: str | None = None,
        quota: Quota | None = None,
        chunked_on: bool = True,
        max_limits_on: bool = False,
        batch_fallback_on: bool = True,
    ) -> None: ...
    @overload
    def __init__(
        self: Spotify[Async],
        token: object = None,
        sender: AsyncSender | None = None,
        *,
        asynchronous: Literal[True],
        api_url: str | None = None,
        quota: Quota | None = None,
        chunked_on: bool = True,
        max_limits_on: bool = False,
        batch_fallback_on: bool = True,
    ) -> None: ...
    @overload
    def __init__(
        self: Spotify[Async],
        token: object = None,
        *,
        sender: AsyncSender,
        asynchronous: Literal[True] | None = None,
        api_url: str | None = None,
        quota: Quota | None = None,
        chunked_on: bool = True,
        max_limits_on: bool = False,
        batch_fallback_on: bool = True,
    ) -> None: ...
    @overload
    def __init__(
        self: Spotify[Async],
        token: object,
        sender: AsyncSender,
        *,
        asynchronous: Literal[True] | None = None,
        api_url: str | None = None,
        quota: Quota | None = None,
        chunked_on: bool = True,
        max_limits_on: bool = False,
        batch_fallback_on: bool = True,
    ) -> None: ...
    def __init__(
        self,
        token: object = None,
        sender: Sender | AsyncSender | None = None,
        *,
        asynchronous: bool | None = None,
        api_url: str | None = None,
        quota: Quota | None = None,
        chunked_on: bool = True,
        max_limits_on: bool = False,
        batch_fallback_on: bool = True,
    ) -> None:
        super().__init__(
            token,
            sender,
            asynchronous=asynchronous,
            api_url=api_url,
            quota=quota,
            chunked_on=chunked_on,
            max_limits_on=max_limits_on,
            batch_fallback_on=batch_fallback_on,
        )
