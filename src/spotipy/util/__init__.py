"""Conveniences: application configuration, self-refreshing tokens, the user prompt.

``util.prompt_for_user_token(*util.config_from_environment())`` is the shortest way
from a registered application to a user token that renews itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from spotipy._lazy import lazy_names

if TYPE_CHECKING:
    from spotipy.util.config import (
        MissingConfigurationWarning,
        config_from_environment,
        config_from_file,
        config_to_file,
    )
    from spotipy.util.credentials import (
        RefreshingCredentials,
        RefreshingToken,
        refresh_pkce_token,
        refresh_user_token,
        request_client_token,
    )
    from spotipy.util.prompt import (
        AuthorisationTimeout,
        RedirectCodeError,
        parse_code_from_url,
        prompt_for_pkce_token,
        prompt_for_user_token,
    )
    from spotipy.util.store import TokenFile

__all__ = [
    "AuthorisationTimeout",
    "MissingConfigurationWarning",
    "RedirectCodeError",
    "RefreshingCredentials",
    "RefreshingToken",
    "TokenFile",
    "config_from_environment",
    "config_from_file",
    "config_to_file",
    "parse_code_from_url",
    "prompt_for_pkce_token",
    "prompt_for_user_token",
    "refresh_pkce_token",
    "refresh_user_token",
    "request_client_token",
]

# Names load on first use (PEP 562): importing the package costs nothing until then.
_SOURCES: dict[str, str] = {
    "MissingConfigurationWarning": "spotipy.util.config",
    "config_from_environment": "spotipy.util.config",
    "config_from_file": "spotipy.util.config",
    "config_to_file": "spotipy.util.config",
    "RefreshingCredentials": "spotipy.util.credentials",
    "RefreshingToken": "spotipy.util.credentials",
    "refresh_pkce_token": "spotipy.util.credentials",
    "refresh_user_token": "spotipy.util.credentials",
    "request_client_token": "spotipy.util.credentials",
    "AuthorisationTimeout": "spotipy.util.prompt",
    "RedirectCodeError": "spotipy.util.prompt",
    "parse_code_from_url": "spotipy.util.prompt",
    "prompt_for_pkce_token": "spotipy.util.prompt",
    "prompt_for_user_token": "spotipy.util.prompt",
    "TokenFile": "spotipy.util.store",
}


__getattr__: Callable[[str], object]
__dir__: Callable[[], list[str]]
__getattr__, __dir__ = lazy_names(globals(), _SOURCES, __all__)
