"""Conveniences: application configuration and (later) self-refreshing tokens."""

from __future__ import annotations

from spotipy.util.config import (
    MissingConfigurationWarning,
    config_from_environment,
    config_from_file,
    config_to_file,
)

__all__ = [
    "MissingConfigurationWarning",
    "config_from_environment",
    "config_from_file",
    "config_to_file",
]
