"""Private bases holding the fields several catalogue objects share.

They follow the shapes of Spotify's own schema: every catalogue object has an ID, a
URI, a name and links; episodes and chapters share their audio-content fields, as do
shows and audiobooks.  Each public model redeclares ``type`` with its own default.
The bases are not exported: decode into the public models.

A struct lists its base's fields first.  The decoder looks each JSON key up starting
after the field it matched last, so fields declared in the order Spotify sends them
(mostly alphabetical) are found at the first try; :class:`_Item` therefore keeps that
order, and the two audio-content bases sit directly on it rather than on a further
base for the few fields all four share, which would make lookups wrap around more.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, TypeAlias

import msgspec

from spotipy.model._base import Model, decoder
from spotipy.model.member import Copyright, ExternalUrls, Image, Restrictions, ResumePoint

#: Market codes (ISO 3166-1 alpha-2) where an object is available.  A tuple: equal lists
#: are decoded once and shared by every object that carries them.
Markets: TypeAlias = tuple[str, ...]

# Market lists seen, by their JSON bytes.  A 10,000-entry playlist carries the same few
# lists of a few hundred codes on every track and album; they are decoded once and the
# tuple shared (immutable, so sharing cannot leak a change from one object to another).
# Bounded: emptied when full, and a list longer than any real one is not kept, so odd
# answers cannot grow it without end.  Threads may race on it; the worst case decodes a
# list twice.
_markets: dict[bytes, Markets] = {}
_MARKETS_KEPT = 512
_MARKETS_BYTES = 4096  # every market of the world is about 1,300 bytes of JSON


def markets(value: Any) -> Markets | None:
    """Resolve an ``available_markets`` field decoded as :class:`msgspec.Raw`.

    Returns the shared tuple of the codes, ``None`` for null; a list set by a
    program becomes a tuple, anything else it set is left as it is.  Raises
    :class:`msgspec.ValidationError` when the field is not a list of strings, as
    decoding it directly did.
    """
    if type(value) is msgspec.Raw:
        key = bytes(value)
        shared = _markets.get(key)
        if shared is not None:
            return shared
        if key == b"null":
            return None
        codes: Markets = decoder(Markets).decode(key)
        shared = tuple(map(sys.intern, codes))
        if len(key) <= _MARKETS_BYTES:
            if len(_markets) >= _MARKETS_KEPT:
                _markets.clear()
            _markets[key] = shared
        return shared
    if isinstance(value, list):
        return tuple(value)
    result: Markets | None = value  # None, a tuple, or whatever a program set
    return result


class _Item(Model, kw_only=True):
    """Fields of every catalogue object: artists, albums, tracks, playlists, shows...

    Attributes
    ----------
    external_urls
        Known external URLs, by service.
    href
        Web API link to the full object.
    id
        Spotify ID.
    name
        Name of the object.
    type
        The object type, e.g. ``"track"``; each model defaults it to its own.
    uri
        Spotify URI.
    """

    external_urls: ExternalUrls | None = None
    href: str | None = None
    id: str
    name: str
    type: str | None = None
    uri: str


class _EpisodeOrChapter(_Item, kw_only=True):
    """Fields shared by episodes and chapters: a playable part of a show or audiobook.

    Attributes
    ----------
    audio_preview_url
        Preview clip (deprecated; usually ``None``).
    description
        Description without HTML tags.
    html_description
        Description with HTML tags.
    duration_ms
        Length in milliseconds.
    explicit
        Whether it has explicit content.
    images
        Cover art, widest first.
    is_playable
        Whether it is playable in the given market.
    languages
        Languages (ISO 639 codes).
    release_date
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, see ``release_date_precision``.
    release_date_precision
        ``year``, ``month`` or ``day``.
    restrictions
        Why it is restricted, if it is.
    resume_point
        The user's position (needs scope ``user-read-playback-position``).
    """

    audio_preview_url: str | None = None
    description: str | None = None
    html_description: str | None = None
    duration_ms: int | None = None
    explicit: bool | None = None
    images: list[Image] | None = None
    is_playable: bool | None = None
    languages: list[str] | None = None
    release_date: str | None = None
    release_date_precision: str | None = None
    restrictions: Restrictions | None = None
    resume_point: ResumePoint | None = None


class _ShowOrAudiobook(_Item, kw_only=True):
    """Fields shared by shows and audiobooks: what holds episodes or chapters.

    Attributes
    ----------
    available_markets
        Markets where it is available (deprecated); a tuple shared by equal lists.
    copyrights
        Copyright statements.
    description
        Description without HTML tags.
    html_description
        Description with HTML tags.
    explicit
        Whether it has explicit content.
    images
        Cover art, widest first.
    languages
        Languages (ISO 639 codes).
    media_type
        Media type, e.g. ``audio``.
    publisher
        Publisher (deprecated by Spotify; may be missing).
    """

    if TYPE_CHECKING:
        available_markets: Markets | None = None
    else:
        # Raw, resolved in __post_init__: see markets().
        available_markets: msgspec.Raw = None
    copyrights: list[Copyright] | None = None
    description: str | None = None
    html_description: str | None = None
    explicit: bool | None = None
    images: list[Image] | None = None
    languages: list[str] | None = None
    media_type: str | None = None
    publisher: str | None = None

    def __post_init__(self) -> None:
        if self.available_markets is not None:  # absent is the common case: no call
            self.available_markets = markets(self.available_markets)
