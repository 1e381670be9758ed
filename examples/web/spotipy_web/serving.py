"""Serving the app with uvicorn, with an access log that keeps no secrets.

uvicorn's access log writes each request's path *with its query*: for the callback that
is the authorisation code and the state.  :class:`RedactQueries` cuts queries off.
"""

from __future__ import annotations

import logging

import uvicorn
from starlette.types import ASGIApp

__all__ = ["RedactQueries", "make_server"]


class RedactQueries(logging.Filter):
    """Drop the query of the path in uvicorn's access-log records."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        # uvicorn logs (client, method, path with query, HTTP version, status).
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            path, mark, _ = args[2].partition("?")
            record.args = (args[0], args[1], path + ("?[redacted]" if mark else ""), *args[3:])
        return True


def make_server(
    app: ASGIApp, *, log_level: str = "info", configure_logging: bool = True
) -> uvicorn.Server:
    """A uvicorn server for ``app`` whose access log shows no query strings.

    Run it with ``server.run(sockets=[sock])``.  ``configure_logging=False`` leaves the
    logging configuration alone (uvicorn's own replaces it), e.g. in tests.
    """
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactQueries) for f in access.filters):
        access.addFilter(RedactQueries())
    config = uvicorn.Config(
        app,
        log_level=log_level,
        log_config=uvicorn.config.LOGGING_CONFIG if configure_logging else None,
        server_header=False,
        timeout_graceful_shutdown=2,
    )
    return uvicorn.Server(config)
