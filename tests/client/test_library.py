"""The library: what saving changes, seen through later calls, and Spotify's errors.

Saves through the per-type endpoints and through ``/me/library`` land in one store, so
each is visible through the other; pages list the newest save first.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from spotipy import Spotify
from spotipy.emulator import DEFAULT_USER_ID, Emulator
from spotipy.errors import (
    ConversionError,
    Forbidden,
    InternalServerError,
    NotFound,
    PartialWriteError,
    Unauthorised,
)
from spotipy.model import SavedAlbumPaging, SavedTrackPaging
from tests.conftest import Runner, make_sender

SCOPES = (
    "user-library-read",
    "user-library-modify",
    "user-follow-read",
    "user-follow-modify",
    "playlist-read-private",
    "playlist-modify-public",
    "playlist-modify-private",
    "user-read-playback-position",
)


class Clock:
    """A clock the test moves on by hand."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def emulator(clock: Clock) -> Emulator:
    return Emulator(seed=0, profile="extended", clock=clock)


def user_client(emulator: Emulator, mode: str, scopes: tuple[str, ...] = SCOPES) -> Spotify[Any]:
    """A client of ``mode`` acting for the default user with ``scopes``."""
    return Spotify(emulator.user_token(DEFAULT_USER_ID, scopes), make_sender(emulator, mode))


@pytest.fixture
def user(emulator: Emulator, mode: str) -> Spotify[Any]:
    return user_client(emulator, mode)


def api_requests(emulator: Emulator) -> int:
    return sum(1 for r in emulator.requests if r.path.startswith("/v1/"))


def test_save_then_contains_then_page_newest_first(
    user: Spotify[Any], run: Runner, emulator: Emulator, clock: Clock
) -> None:
    tracks = emulator.catalogue.track_ids[10:14]
    assert run(user.saved_tracks_contains(tracks)) == [False] * 4
    run(user.saved_tracks_add(tracks[:2]))
    clock.now += 60
    run(user.saved_tracks_add(tracks[2]))  # one string is one ID
    assert run(user.saved_tracks_contains(tracks)) == [True, True, True, False]
    page = run(user.saved_tracks(limit=2))
    assert isinstance(page, SavedTrackPaging)
    assert page.total == 3
    # The newest first; among saves of one request, the last ID first.
    assert [s.track.id for s in page.items] == [tracks[2], tracks[1]]
    assert page.items[0].added_at is not None
    assert page.items[1].added_at is not None
    assert (page.items[0].added_at - page.items[1].added_at).total_seconds() == 60
    items = run.collect(user.all_items(page))
    assert [s.track.id for s in items] == [tracks[2], tracks[1], tracks[0]]
    run(user.saved_tracks_delete([tracks[1]]))
    assert run(user.saved_tracks_contains(tracks)) == [True, False, True, False]
    assert run(user.saved_tracks()).total == 2


def test_saving_twice_keeps_the_first_time(
    user: Spotify[Any], run: Runner, emulator: Emulator, clock: Clock
) -> None:
    albums = emulator.catalogue.album_ids[:2]
    run(user.saved_albums_add([albums[0]]))
    clock.now += 10
    run(user.saved_albums_add(albums))
    page = run(user.saved_albums(market="se"))
    assert isinstance(page, SavedAlbumPaging)
    assert [s.album.id for s in page.items] == [albums[1], albums[0]]
    assert emulator.requests[-1].query["market"] == "SE"


def test_every_kind_round_trips(user: Spotify[Any], run: Runner, emulator: Emulator) -> None:
    c = emulator.catalogue
    for kind, chosen in [
        ("album", c.album_ids[5:7]),
        ("episode", c.episode_ids[3:5]),
        ("show", c.show_ids[1:3]),
        ("audiobook", c.audiobook_ids[1:3]),
    ]:
        run(getattr(user, f"saved_{kind}s_add")(chosen))
        assert run(getattr(user, f"saved_{kind}s_contains")(chosen)) == [True, True]
        page = run(getattr(user, f"saved_{kind}s")())
        assert [getattr(s, kind).id for s in page.items] == chosen[::-1]
        run(getattr(user, f"saved_{kind}s_delete")(chosen))
        assert run(getattr(user, f"saved_{kind}s")()).total == 0


def test_library_and_per_type_endpoints_share_one_store(
    user: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    c = emulator.catalogue
    track, album, show = c.track_ids[20], c.album_ids[20], c.show_ids[4]
    run(
        user.library_add([track, f"spotify:album:{album}", f"https://open.spotify.com/show/{show}"])
    )
    assert [s.track.id for s in run(user.saved_tracks()).items] == [track]
    assert run(user.saved_albums_contains(album)) == [True]
    assert run(user.saved_shows_contains([show])) == [True]
    run(user.saved_episodes_add([c.episode_ids[9]]))
    uris = [
        f"spotify:track:{track}",
        f"spotify:episode:{c.episode_ids[9]}",
        "spotify:track:" + c.track_ids[21],
    ]
    assert run(user.library_contains(uris)) == [True, True, False]
    run(user.library_remove(f"spotify:track:{track}"))
    assert run(user.saved_tracks_contains(track)) == [False]


def test_library_follows_users_and_playlists(
    user: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    c = emulator.catalogue
    other = c.user_ids[3]
    playlist = c.playlist_ids[-1]
    artist = c.artist_ids[7]
    run(user.library_add([f"spotify:user:{other}", f"spotify:playlist:{playlist}"]))
    assert run(user.users_is_following([other, c.user_ids[4]])) == [True, False]
    assert run(user.playlist_is_following(playlist)) == [True]
    run(user.artists_follow([artist]))
    assert run(user.library_contains([f"spotify:artist:{artist}", f"spotify:user:{other}"])) == [
        True,
        True,
    ]
    run(user.library_remove([f"spotify:playlist:{playlist}"]))
    assert run(user.playlist_is_following(playlist)) == [False]


def test_library_follows_artists(user: Spotify[Any], run: Runner, emulator: Emulator) -> None:
    # Beyond the spec's list for PUT/DELETE (it names artists for contains only): the
    # deprecated PUT /me/following names /me/library as its replacement, and clients in the
    # field follow artists there.  It is the same state as /me/following.
    artists = emulator.catalogue.artist_ids[3:6]
    run(user.library_add([f"spotify:artist:{a}" for a in artists[:2]]))
    assert run(user.artists_is_following(artists)) == [True, True, False]
    assert {a.id for a in run(user.followed_artists(limit=50)).items} == set(artists[:2])
    assert run(user.library_contains([f"spotify:artist:{a}" for a in artists])) == [
        True,
        True,
        False,
    ]
    run(user.library_remove(f"spotify:artist:{artists[0]}"))
    assert run(user.artists_is_following(artists)) == [False, True, False]
    assert [a.id for a in run(user.followed_artists(limit=50)).items] == [artists[1]]
    with pytest.raises(NotFound):
        run(user.library_add(["spotify:artist:" + "0" * 22]))


def test_library_refuses_what_spotify_refuses(
    user: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    chapter = emulator.catalogue.chapter_ids[0]
    before = api_requests(emulator)
    # Spotify's /me/library saves no chapters (nor does contains answer for them).
    with pytest.raises(ConversionError, match="chapter"):
        run(user.library_add([f"spotify:chapter:{chapter}"]))
    with pytest.raises(ConversionError):
        run(user.library_contains(["spotify:chapter:" + "a" * 22]))
    with pytest.raises(ValueError, match="empty"):
        run(user.saved_tracks_add([]))
    with pytest.raises(ValueError, match="limit"):
        run(user.saved_shows(limit=51))
    assert api_requests(emulator) == before
    # The emulator answers a request that skips the client's checks as Spotify would.
    token = emulator.user_token(DEFAULT_USER_ID, SCOPES)
    with httpx.Client(transport=emulator.transport()) as http:
        response = http.put(
            "https://api.spotify.com/v1/me/library",
            params={"uris": f"spotify:chapter:{chapter}"},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 400


def test_library_needs_the_scope_of_each_kind(run: Runner, mode: str, emulator: Emulator) -> None:
    saver = user_client(emulator, mode, ("user-library-modify", "user-library-read"))
    playlist = emulator.catalogue.playlist_ids[-1]
    run(saver.library_add([emulator.catalogue.track_ids[0]]))
    with pytest.raises(Forbidden, match="Insufficient client scope"):
        run(saver.library_add([f"spotify:playlist:{playlist}"]))
    with pytest.raises(Forbidden, match="Insufficient client scope"):
        run(saver.library_contains([f"spotify:user:{emulator.catalogue.user_ids[3]}"]))
    with pytest.raises(Forbidden, match="Insufficient client scope"):
        run(saver.library_add([f"spotify:artist:{emulator.catalogue.artist_ids[0]}"]))
    assert run(saver.saved_tracks()).total == 1


def test_unknown_ids_and_app_tokens(
    user: Spotify[Any], run: Runner, emulator: Emulator, mode: str
) -> None:
    with pytest.raises(NotFound):
        run(user.saved_albums_add(["0" * 22]))
    assert run(user.saved_albums()).total == 0
    assert run(user.saved_albums_contains(["0" * 22])) == [False]
    app = Spotify(emulator.app_token(), make_sender(emulator, mode))
    with pytest.raises(Unauthorised):
        run(app.saved_tracks())


def test_chunked_write_that_fails_midway(
    user: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    tracks = emulator.catalogue.track_ids[:60]
    # The first PUT only waits; the second meets a 500.
    emulator.faults.add(path="/v1/me/tracks", method="PUT", latency=0.001, times=1)
    emulator.faults.add(path="/v1/me/tracks", method="PUT", status=500, times=1)
    with pytest.raises(PartialWriteError) as info:
        run(user.saved_tracks_add(tracks))
    assert info.value.applied == tracks[:50]
    assert info.value.pending == tracks[50:]
    assert isinstance(info.value.error, InternalServerError)
    assert run(user.saved_tracks_contains(tracks[48:52])) == [True, True, False, False]
    assert run(user.saved_tracks()).total == 50


def test_long_contains_is_answered_in_order(
    user: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    albums = emulator.catalogue.album_ids[:45]
    run(user.saved_albums_add(albums[::2]))  # 23 albums: two requests of at most 20
    assert run(user.saved_albums_contains(albums)) == [i % 2 == 0 for i in range(45)]
