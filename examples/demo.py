"""The examples of the 2020 spotipy API, told for real over HTTP.

By default it starts the built-in emulator on a free loopback port and talks to it
through sockets exactly as it would talk to Spotify.  With ``--live`` and
``SPOTIPY_CLIENT_ID`` / ``SPOTIPY_CLIENT_SECRET`` set, the same story runs against
the real Spotify.

Run it with ``make demo`` (or ``make demo ARGS=--live``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from spotipy import Credentials, Spotify, util
from spotipy.emulator import DEFAULT_USER_ID, Emulator
from spotipy.errors import (
    ExtendedQuotaRequired,
    Forbidden,
    NotFound,
    QuotaExceeded,
    SpotipyError,
)
from spotipy.scope import scope
from spotipy.sender import PersistentSender, RetryingSender

console = Console(highlight=False)

#: The playlist of the 2020 spotipy API's paging example.
STORY_PLAYLIST = "37i9dQZEVXbMDoHDwVN2tF"


@contextlib.contextmanager
def environment(live: bool) -> Iterator[dict[str, Any]]:
    """Yield the credentials and URLs to use: the emulator's, or the real Spotify's."""
    if live:
        client_id = os.environ.get("SPOTIPY_CLIENT_ID")
        client_secret = os.environ.get("SPOTIPY_CLIENT_SECRET")
        if not client_id or not client_secret:
            sys.exit("--live needs SPOTIPY_CLIENT_ID and SPOTIPY_CLIENT_SECRET in the environment")
        yield {"client_id": client_id, "client_secret": client_secret, "emulator": None}
        return
    from spotipy.emulator import serve

    # The user story's browser is a function that follows the emulator's consent
    # redirect (auto-approved for the default user) to the demo's loopback address.
    redirect_uri = f"http://127.0.0.1:{free_port()}/callback"
    emulator = Emulator(seed=0, redirect_uris=(redirect_uri,), auto_approve=DEFAULT_USER_ID)
    with serve(emulator, host="127.0.0.1", port=0) as server:
        console.print(f"[bold]Emulator[/] serving the Web API at {server.api_url}")
        console.print(f"          and the accounts service at {server.accounts_url}\n")
        os.environ["SPOTIPY_API_URL"] = server.api_url
        os.environ["SPOTIPY_ACCOUNTS_URL"] = server.accounts_url
        yield {
            "client_id": emulator.client_id,
            "client_secret": emulator.client_secret,
            "redirect_uri": redirect_uri,
            "emulator": emulator,
        }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def browser(url: str) -> bool:
    """Stand in for a person with a browser: approve, and follow the redirect."""
    with httpx.Client(follow_redirects=True, trust_env=False, timeout=10) as http:
        page = http.get(url)
    console.print(f"  browser: consent approved, redirected to {page.url.copy_with(query=None)}")
    return True


def step(title: str) -> None:
    console.rule(f"[bold cyan]{title}")


def story(env: dict[str, Any]) -> None:
    step("An application token")
    credentials = Credentials(env["client_id"], env["client_secret"])
    app_token = credentials.request_client_token()
    console.print(f"Got {escape(repr(app_token))}")
    console.print(f"It expires in {app_token.expires_in} s; the secret is never printed.\n")

    step("Spotify(token) and an artist")
    spotify = Spotify(app_token)
    tracks, artists = spotify.search("a", types=("track", "artist"), limit=5)
    artist_id = artists.items[0].id if artists.items else "0OdUWJ0sBjDrqHygGUXeCF"
    artist = spotify.artist(artist_id)
    console.print(f"artist({artist_id!r}) -> [bold]{escape(artist.name)}[/] ({artist.uri})")

    step("Search")
    table = Table("track", "artists", "album")
    for track in tracks.items:
        table.add_row(
            track.name,
            ", ".join(a.name for a in track.artists),
            track.album.name if track.album else "",
        )
    console.print(f"search('a') found {tracks.total} tracks; the first {len(tracks.items)}:")
    console.print(table)

    emulator = env["emulator"]
    if emulator is not None:
        token = user_story(spotify, env)
        library_story(spotify, token, env)
        july_2026_story(spotify, env)

    step("A PersistentSender: one pooled connection for many requests")
    with Spotify(app_token, sender=PersistentSender()) as pooled:
        try:
            paging_story(pooled)
        except (NotFound, Forbidden) as exc:
            if emulator is not None:
                raise
            # Since November 2024 Spotify hides its editorial playlists from new apps.
            console.print(f"[yellow]Spotify refused the playlist ({exc.status}); skipped.[/]")


def paging_story(pooled: Spotify[Any]) -> None:
    """The paging example of the 2020 spotipy API, then all_items over the big playlist."""
    tracks_page = pooled.playlist_tracks(STORY_PLAYLIST, limit=10)
    console.print(
        f"playlist_tracks({STORY_PLAYLIST!r}, limit=10): {tracks_page.total} items, "
        f"showing {tracks_page.offset}..{tracks_page.offset + len(tracks_page.items) - 1}"
    )
    t_next = pooled.next(tracks_page)
    assert t_next is not None
    t_prev = pooled.previous(t_next)
    assert t_prev is not None
    console.print(f"next -> offset {t_next.offset}; previous(next) -> offset {t_prev.offset}")
    for entry in t_next.items[:3]:
        item = entry.item
        console.print(f"  • {escape(item.name) if item else '(unavailable)'}")

    step("all_items over the whole playlist")
    started = time.perf_counter()
    first = pooled.playlist_tracks(STORY_PLAYLIST, limit=50)
    count = 0
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        task = progress.add_task("items", total=first.total)
        for _ in pooled.all_items(first):
            count += 1
            progress.advance(task)
    elapsed = time.perf_counter() - started
    console.print(
        f"all_items yielded {count} items in {elapsed:.2f} s "
        f"({-(-count // 50)} requests over one connection)"
    )


#: What the user story asks the user to consent to.
STORY_SCOPES = (
    scope.user_read_private
    + scope.user_read_email
    + scope.playlist_modify_private
    + scope.playlist_read_private
    + scope.user_library_modify
    + scope.user_library_read
    + scope.user_follow_modify
    + scope.user_follow_read
    + scope.user_read_playback_state
    + scope.user_modify_playback_state
    + scope.user_read_currently_playing
)


def user_story(spotify: Spotify[Any], env: dict[str, Any]) -> Any:
    """Authorisation code flow, token_as, a silent refresh, and a saved refresh token."""
    step("A user token: the authorisation code flow")
    token = util.prompt_for_user_token(
        env["client_id"],
        env["client_secret"],
        env["redirect_uri"],
        STORY_SCOPES,
        browser=browser,
        timeout=30,
    )
    console.print(f"Got {escape(repr(token))}")

    step("token_as: one client, another user's token for a block")
    with spotify.token_as(token):
        user = spotify.current_user()
    console.print(
        f"with token_as(user_token): current_user() -> [bold]{escape(str(user.display_name))}[/]"
    )
    console.print("after the block the app token is back in use\n")

    step("A silent refresh")
    before = token.token
    env["emulator"].expire_token(before.access_token)  # the server forgets it early
    with spotify.token_as(token):
        again = spotify.current_user()
    console.print(
        f"the access token was refused, renewed and the call retried: {again.id}; "
        f"new token expires in {token.expires_in} s (changed: {token.token is not before})"
    )

    step("Token persistence: the refresh token in a config file")
    with tempfile.TemporaryDirectory() as folder:
        filename = Path(folder) / "spotipy.ini"
        util.config_to_file(
            filename,
            (env["client_id"], env["client_secret"], env["redirect_uri"], token.refresh_token),
        )
        mode = oct(filename.stat().st_mode & 0o777)
        client_id, client_secret, _redirect_uri, refresh = util.config_from_file(
            filename, return_refresh=True
        )
        console.print(f"wrote and read back {filename.name} (mode {mode}); refresh token restored")
        if not (client_id and client_secret and refresh):
            raise SystemExit("the configuration file lost a value")
        restored = util.refresh_user_token(client_id, client_secret, refresh)
        with spotify.token_as(restored):
            console.print(
                f"a token from the saved refresh token acts for {spotify.current_user().id}"
            )
    return token


def api_requests(emulator: Any) -> int:
    return sum(1 for r in emulator.requests if r.path.startswith("/v1/"))


def library_story(spotify: Spotify[Any], token: Any, env: dict[str, Any]) -> None:
    """A playlist of 120 tracks, the library, following, and playback on a device."""
    emulator = env["emulator"]
    step("A playlist of our own: create it, add 120 tracks")
    uris: list[str] = []
    page = spotify.playlist_items(STORY_PLAYLIST, limit=50)
    for entry in spotify.all_items(page):
        uri = entry.item.uri if entry.item else None
        if uri and uri.startswith("spotify:track:") and uri not in uris:
            uris.append(uri)
        if len(uris) == 120:
            break
    with spotify.token_as(token):
        playlist = spotify.playlist_create("Demo mix", public=False, description="By the demo")
        before = api_requests(emulator)
        snapshot = spotify.playlist_add(playlist.id, uris)
        sent = api_requests(emulator) - before
        items = spotify.playlist_items(playlist.id, limit=5)
    console.print(
        f"playlist_create -> {playlist.name!r} ({playlist.id}); playlist_add(120 URIs) sent "
        f"{sent} requests (Spotify takes 100 a request); {items.total} items now, "
        f"snapshot {snapshot[:12]}..."
    )

    step("The library: save tracks, ask what is saved")
    with spotify.token_as(token):
        spotify.library_add(uris[:5])
        saved = spotify.library_contains(uris[:6])
    console.print(f"library_add(5 tracks); library_contains(6 tracks) -> {saved}")

    step("Follow an artist: an operation that needs extended quota")
    artist_id = spotify.track(uris[0]).artists[0].id
    with spotify.token_as(token):
        try:
            spotify.artists_follow([artist_id])
        except ExtendedQuotaRequired as error:
            console.print(f"[yellow]refused[/]: {escape(str(error).splitlines()[0])}")
    extended = Emulator(seed=0, profile="extended")
    with Spotify(
        extended.user_token(DEFAULT_USER_ID, ["user-follow-modify", "user-follow-read"]),
        PersistentSender(client=httpx.Client(transport=extended.transport())),
    ) as other:
        other.artists_follow([artist_id])
        following = other.artists_is_following([artist_id])
    console.print(f"with extended quota: artists_follow, then artists_is_following -> {following}")

    step("Playback on an emulated device")
    with spotify.token_as(token):
        devices = spotify.playback_devices()
        device = devices[0]
        spotify.playback_start_tracks(uris[:3], device_id=device.id)
        spotify.playback_queue_add(uris[10])
        playing = spotify.playback()
        queue = spotify.playback_queue()
    if playing is None or playing.item is None:
        raise SystemExit("playback did not start")
    console.print(
        f"playback_devices -> {[d.name for d in devices]}; started 3 tracks on {device.name!r}"
    )
    console.print(f"playback() -> playing {playing.item.name!r} (is_playing={playing.is_playing})")
    upcoming = queue.queue[0].name if queue.queue else "(nothing)"
    console.print(f"playback_queue_add(a track); playback_queue() -> next up {upcoming!r}")


def july_2026_story(spotify: Spotify[Any], env: dict[str, Any]) -> None:
    """Spotify since July 2026: batch reads one by one, and a spent quota."""
    emulator = env["emulator"]
    step("Several albums in development mode: one request per album")
    development = Spotify(spotify.token, quota="development")
    ids = [*emulator.catalogue.album_ids[:3], "0" * 22]
    before = api_requests(emulator)
    albums = development.albums(ids)
    sent = api_requests(emulator) - before
    names = [album.name if album else None for album in albums]
    console.print(f"albums(4 IDs, one unknown) -> {names}; sent {sent} single-album requests")

    step("A spent quota (429 QUOTA_EXCEEDED) is not a rate limit")
    quota = Emulator(seed=0, profile="extended", quota_budget=(3, 86400))
    sender = RetryingSender(
        sender=PersistentSender(client=httpx.Client(transport=quota.transport()))
    )
    with Spotify(quota.app_token(), sender) as limited:
        artist_id = quota.catalogue.artist_ids[0]
        for n in range(1, 6):
            try:
                limited.artist(artist_id)
            except QuotaExceeded as error:
                hours = (error.retry_after or 0) / 3600
                console.print(
                    f"call {n}: QuotaExceeded, Retry-After {hours:.1f} h: raised at once, "
                    f"not retried ({len(quota.requests)} requests sent in all)"
                )
                break
            console.print(f"call {n}: ok")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--live", action="store_true", help="talk to the real Spotify")
    args = parser.parse_args(argv)
    try:
        with environment(args.live) as env:
            story(env)
    except SpotipyError as exc:
        console.print(f"[red]failed:[/] {escape(str(exc))}")
        return 1
    console.print("\n[bold green]Done.[/]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
