"""Quota profiles: what an app in Spotify's development mode meets, or one with extended quota."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from spotipy.emulator._accounts import Rotation

__all__ = ["PROFILES", "Profile", "ProfileSettings"]

Profile = Literal["development", "extended"]
"""``"development"``: a new app in 2026; ``"extended"``: an app granted extended quota."""


@dataclass(frozen=True, slots=True)
class ProfileSettings:
    """The choices a profile makes.

    Attributes
    ----------
    serve_deprecated_routes
        Serve operations the spec marks deprecated; else answer them 403 "Forbidden".
    deprecated_fields
        Send the fields Spotify removed in February 2026.
    extended_quota
        Let users read the entries of playlists they neither own nor collaborate on.
    rotate_refresh_tokens
        When a refresh rotates the refresh token.
    """

    serve_deprecated_routes: bool
    deprecated_fields: bool
    extended_quota: bool
    rotate_refresh_tokens: Rotation


PROFILES: Final[dict[str, ProfileSettings]] = {
    "development": ProfileSettings(False, False, False, "never"),
    "extended": ProfileSettings(True, True, True, "pkce"),
}
