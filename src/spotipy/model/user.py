"""Users."""

from __future__ import annotations

from spotipy.model._base import Model
from spotipy.model.member import ExternalUrls, Followers, Image
from spotipy.serialise import SerialisableEnum

__all__ = ["ExplicitContent", "PrivateUser", "Product", "PublicUser"]


class Product(SerialisableEnum):
    """Subscription level of a user (``PrivateUser.product``)."""

    free = "free"
    open = "open"
    premium = "premium"


class ExplicitContent(Model, kw_only=True):
    """A user's explicit content settings.

    Attributes
    ----------
    filter_enabled
        Whether explicit content should not be played.
    filter_locked
        Whether the user cannot change the setting.
    """

    filter_enabled: bool | None = None
    filter_locked: bool | None = None


class PublicUser(Model, kw_only=True):
    """A user as anyone can see them (also playlist owners and adders).

    Attributes
    ----------
    id
        Spotify user ID.
    uri
        Spotify URI.
    display_name
        Name shown on the profile, if any.
    external_urls
        Known external URLs, by service.
    followers
        Follower count (deprecated by Spotify; may be missing).
    href
        Web API link to the user.
    images
        Profile pictures.
    type
        ``"user"``.
    """

    id: str
    uri: str
    display_name: str | None = None
    external_urls: ExternalUrls | None = None
    followers: Followers | None = None
    href: str | None = None
    images: list[Image] | None = None
    type: str | None = "user"


class PrivateUser(PublicUser, kw_only=True):
    """The current user, with the details their token's scopes allow.

    Attributes
    ----------
    account_id
        Account identifier, when Spotify sends it.
    country
        ISO 3166-1 alpha-2 country (scope ``user-read-private``; deprecated).
    email
        E-mail address (scope ``user-read-email``; deprecated).
    explicit_content
        Explicit content settings (scope ``user-read-private``; deprecated).
    product
        ``premium``, ``free`` ... (scope ``user-read-private``; deprecated; see
        :class:`Product`).
    """

    account_id: str | None = None
    country: str | None = None
    email: str | None = None
    explicit_content: ExplicitContent | None = None
    product: str | None = None
