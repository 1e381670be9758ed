"""Conveniences: application configuration, self-refreshing tokens, the user prompt.

``util.prompt_for_user_token(*util.config_from_environment())`` is the shortest way
from a registered application to a user token that renews itself.
"""

from __future__ import annotations

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
