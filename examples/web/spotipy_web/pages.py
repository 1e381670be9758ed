"""The example's HTML: fixed pages, every value escaped, strict security headers.

No page echoes a request unescaped, none carries a token, and none loads anything from
elsewhere (no scripts at all; the content security policy forbids them).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from starlette.responses import HTMLResponse

__all__ = ["HEADERS", "PlaylistRow", "error", "home", "playlists"]

#: Sent with every page.  ``no-referrer`` matters most: the callback's URL carries the
#: authorisation code, which must not travel on to anyone in a ``Referer``.
HEADERS: Final = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}

_STYLE: Final = """
body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto;
       padding: 0 1rem; background: #fafafa; color: #191414; }
a.button, button { display: inline-block; border: 0; border-radius: 2rem;
       padding: .6rem 1.6rem; font: inherit; font-weight: bold; cursor: pointer;
       white-space: nowrap;
       background: #1db954; color: #fff; text-decoration: none; }
button.quiet { background: #ddd; color: #191414; }
ol { padding-left: 1.6rem; } li { margin: .3rem 0; } .owner { color: #666; }
header { display: flex; justify-content: space-between; align-items: center; }
"""

#: Characters of untrusted text shown at most (an error code from a redirect, say).
_SHOWN: Final = 100


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def shorten(text: str) -> str:
    """``text`` cut to a length fit for a page (still to be escaped)."""
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "..."


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    text = (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{_STYLE}</style></head>\n<body>\n{body}\n</body></html>\n"
    )
    return HTMLResponse(text, status_code=status, headers=HEADERS)


def home(notice: str | None = None) -> HTMLResponse:
    """The page for visitors who are not logged in."""
    note = f'<p role="status">{_e(notice)}</p>\n' if notice else ""
    body = (
        "<h1>Your Spotify playlists</h1>\n"
        f"{note}"
        "<p>Log in with Spotify to see your playlists. This app asks only to read them.</p>\n"
        '<p><a class="button" href="/login">Log in</a></p>'
    )
    return _page("Spotify playlists", body)


@dataclass(frozen=True)
class PlaylistRow:
    """What the page shows of a playlist."""

    name: str
    owner: str
    entries: int | None


def _row(row: PlaylistRow) -> str:
    count = "" if row.entries is None else f", {row.entries} entries"
    return f'<li>{_e(row.name)} <span class="owner">by {_e(row.owner)}{_e(count)}</span></li>'


def playlists(
    display_name: str, rows: Sequence[PlaylistRow], total: int, csrf: str
) -> HTMLResponse:
    """The logged-in user's playlists, with the log-out form."""
    if rows:
        listing = '<ol id="playlists">\n' + "\n".join(_row(r) for r in rows) + "\n</ol>"
    else:
        listing = '<p id="playlists">You have no playlists yet.</p>'
    more = f"<p>and {total - len(rows)} more.</p>" if total > len(rows) else ""
    body = f"""<header><h1>Playlists of {_e(display_name)}</h1>
<form method="post" action="/logout">
<input type="hidden" name="csrf" value="{_e(csrf)}">
<button class="quiet" type="submit">Log out</button>
</form></header>
{listing}
{more}"""
    return _page("Your playlists", body)


def error(title: str, message: str, status: int) -> HTMLResponse:
    """An error page; ``message`` is escaped, so it may quote (shortened) input."""
    body = (
        f"<h1>{_e(title)}</h1>\n<p>{_e(message)}</p>\n"
        '<p><a class="button" href="/">Start again</a></p>'
    )
    return _page(title, body, status)
