"""Small objects that appear inside the catalogue models."""

from __future__ import annotations

from typing import TypeAlias

from spotipy.model._base import Model
from spotipy.serialise import SerialisableEnum

__all__ = [
    "Copyright",
    "CopyrightType",
    "ExternalIds",
    "ExternalUrls",
    "Followers",
    "Image",
    "RestrictionReason",
    "Restrictions",
    "ResumePoint",
]

#: Known external URLs of an object, by service: ``{"spotify": "https://open.spotify.com/..."}``.
ExternalUrls: TypeAlias = dict[str, str | None]


class CopyrightType(SerialisableEnum):
    """Kind of a copyright statement."""

    C = "C"  #: the copyright
    P = "P"  #: the sound recording (performance) copyright


class RestrictionReason(SerialisableEnum):
    """Why content is restricted; Spotify may add reasons."""

    explicit = "explicit"
    market = "market"
    payment_required = "payment_required"
    product = "product"


class Image(Model, kw_only=True):
    """An image: cover art, artist picture or avatar.

    Attributes
    ----------
    url
        Source URL of the image.
    height
        Height in pixels, when known.
    width
        Width in pixels, when known.
    """

    url: str
    height: int | None = None
    width: int | None = None


class Copyright(Model, kw_only=True):
    """A copyright statement.

    Attributes
    ----------
    text
        The statement.
    type
        ``"C"`` for the copyright, ``"P"`` for the performance copyright
        (see :class:`CopyrightType`).
    """

    text: str | None = None
    type: str | None = None


class Followers(Model, kw_only=True):
    """Follower count.

    Attributes
    ----------
    href
        Always ``None``: the Web API has no follower listing.
    total
        Number of followers.
    """

    href: str | None = None
    total: int | None = None


class ExternalIds(Model, kw_only=True):
    """Industry identifiers of a track or album.

    Attributes
    ----------
    isrc
        International Standard Recording Code.
    ean
        International Article Number.
    upc
        Universal Product Code.
    """

    isrc: str | None = None
    ean: str | None = None
    upc: str | None = None


class Restrictions(Model, kw_only=True):
    """Why an item cannot be played.

    Attributes
    ----------
    reason
        ``market``, ``product``, ``explicit`` or ``payment_required`` (see
        :class:`RestrictionReason`); Spotify may add others.
    """

    reason: str | None = None


class ResumePoint(Model, kw_only=True):
    """How far the user has listened to an episode or chapter.

    Attributes
    ----------
    fully_played
        Whether it was played to the end.
    resume_position_ms
        Where playback would resume, in milliseconds.
    """

    fully_played: bool | None = None
    resume_position_ms: int | None = None
