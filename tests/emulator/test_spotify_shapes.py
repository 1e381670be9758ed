"""What Spotify sends beyond (or against) its spec, as other clients parse it.

Keys the spec omits, ``null`` where the spec's types allow none, a chapter's real type, the
bare-array body of ``POST /playlists/{id}/items``, and the fields development-mode apps no
longer get.  Sources are given where the emulator sends each shape.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from spotipy.emulator import DEFAULT_USER_ID, Emulator
from tests.emulator.conftest import API, Clock

_PLAYER_SCOPES = (
    "user-read-playback-state",
    "user-modify-playback-state",
    "user-read-currently-playing",
    "user-read-recently-played",
)
_SCOPES = (
    *_PLAYER_SCOPES,
    "user-follow-read",
    "user-follow-modify",
    "playlist-read-private",
    "playlist-modify-public",
    "playlist-modify-private",
)


def _client(emu: Emulator) -> httpx.Client:
    token = emu.user_token(DEFAULT_USER_ID, _SCOPES)
    return httpx.Client(
        transport=emu.transport(), base_url=API, headers={"Authorization": f"Bearer {token}"}
    )


@pytest.fixture
def ext(clock: Clock) -> Emulator:
    return Emulator(seed=0, clock=clock, profile="extended")


@pytest.fixture
def spotify(ext: Emulator) -> Iterator[httpx.Client]:
    """A user of an extended-profile emulator, with the player and playlist scopes."""
    with _client(ext) as client:
        yield client


def _mixed(emu: Emulator) -> str:
    owned = emu.catalogue.playlists_owned_by(DEFAULT_USER_ID)
    return next(p for p in emu.catalogue.playlists_containing("episode") if p in owned)


# -- playlists -------------------------------------------------------------------------------


def test_playlists_carry_primary_color(ext: Emulator, spotify: httpx.Client) -> None:
    playlist = spotify.get(f"/playlists/{_mixed(ext)}").json()
    assert "primary_color" in playlist
    assert playlist["primary_color"] is None
    listed = spotify.get("/me/playlists").json()["items"]
    assert listed
    assert all("primary_color" in p and p["primary_color"] is None for p in listed)


def test_entries_carry_thumbnail_colour_and_kind_flags(
    ext: Emulator, spotify: httpx.Client
) -> None:
    page = spotify.get(f"/playlists/{_mixed(ext)}/items", params={"limit": 50}).json()
    kinds = set()
    for entry in page["items"]:
        assert entry["video_thumbnail"] == {"url": None}
        assert "primary_color" in entry
        assert entry["primary_color"] is None
        item = entry["item"]
        assert entry["track"] == item
        is_episode = item["type"] == "episode"
        assert item["episode"] is is_episode
        assert item["track"] is not is_episode
        kinds.add(item["type"])
    assert kinds == {"track", "episode"}
    # Only inside entries: the object on its own has no such flags.
    track = spotify.get(f"/tracks/{ext.catalogue.track_ids[0]}").json()
    assert "episode" not in track
    assert "track" not in track


def test_playlist_embeds_entries_with_the_same_shape(ext: Emulator, spotify: httpx.Client) -> None:
    playlist = spotify.get(f"/playlists/{_mixed(ext)}").json()
    first = playlist["items"]["items"][0]
    assert first["video_thumbnail"] == {"url": None}
    assert isinstance(first["item"]["track"], bool)


@pytest.mark.parametrize("path", ["items", "tracks"])
def test_add_takes_a_bare_array(ext: Emulator, spotify: httpx.Client, path: str) -> None:
    playlist_id = _mixed(ext)
    before = spotify.get(f"/playlists/{playlist_id}/items", params={"limit": 1}).json()["total"]
    uris = [f"spotify:track:{ext.catalogue.track_ids[n]}" for n in (5, 6)]
    response = spotify.post(f"/playlists/{playlist_id}/{path}", json=uris)
    assert response.status_code == 201, response.text
    assert response.json()["snapshot_id"]
    after = spotify.get(
        f"/playlists/{playlist_id}/items", params={"offset": before, "limit": 10}
    ).json()
    assert after["total"] == before + 2
    assert [e["item"]["uri"] for e in after["items"]] == uris


def test_add_with_a_bare_array_keeps_the_checks(ext: Emulator, spotify: httpx.Client) -> None:
    url = f"/playlists/{_mixed(ext)}/items"
    assert spotify.post(url, json=[]).status_code == 400
    assert spotify.post(url, json=["spotify:album:nope"]).status_code == 400
    assert spotify.post(url, json=[1, 2]).status_code == 400
    assert spotify.post(url, json="spotify:track:x").status_code == 400


# -- player ----------------------------------------------------------------------------------


def _playing(emu: Emulator, client: httpx.Client, body: dict[str, Any]) -> None:
    emu.set_product(DEFAULT_USER_ID, "premium")
    emu.add_device(DEFAULT_USER_ID, "Desk", active=True)
    response = client.put("/me/player/play", json=body)
    assert response.status_code == 204, response.text


def test_player_sends_smart_shuffle_and_nested_actions(
    ext: Emulator, spotify: httpx.Client
) -> None:
    album = ext.catalogue.album_ids[0]
    _playing(ext, spotify, {"context_uri": f"spotify:album:{album}"})
    state = spotify.get("/me/player").json()
    assert state["smart_shuffle"] is False
    assert state["context"]["uri"] == f"spotify:album:{album}"
    actions = state["actions"]
    assert set(actions) == {"disallows"}
    assert actions["disallows"]["resuming"] is True
    assert actions["disallows"]["skipping_prev"] is True
    current = spotify.get("/me/player/currently-playing").json()
    assert set(current["actions"]) == {"disallows"}
    assert current["actions"]["disallows"]["resuming"] is True
    assert "smart_shuffle" not in current


def test_player_context_is_null_without_one(ext: Emulator, spotify: httpx.Client) -> None:
    uris = [f"spotify:track:{t}" for t in ext.catalogue.track_ids[:2]]
    _playing(ext, spotify, {"uris": uris})
    for path in ("/me/player", "/me/player/currently-playing"):
        body = spotify.get(path).json()
        assert "context" in body, path
        assert body["context"] is None, path


def test_play_history_nulls(ext: Emulator, spotify: httpx.Client) -> None:
    empty = spotify.get("/me/player/recently-played").json()
    assert empty["items"] == []
    assert "next" in empty
    assert empty["next"] is None
    assert "cursors" in empty
    assert empty["cursors"] is None
    uris = [f"spotify:track:{t}" for t in ext.catalogue.track_ids[:3]]
    _playing(ext, spotify, {"uris": uris})
    assert spotify.post("/me/player/next").status_code == 204
    assert spotify.post("/me/player/next").status_code == 204
    history = spotify.get("/me/player/recently-played", params={"limit": 1}).json()
    assert history["next"] is not None
    assert history["items"][0]["context"] is None
    assert "context" in history["items"][0]
    rest = spotify.get("/me/player/recently-played", params={"limit": 50}).json()
    assert len(rest["items"]) == 2
    assert rest["next"] is None
    assert rest["cursors"]["before"] is not None


# -- cursor pages ------------------------------------------------------------------------------


def test_followed_artists_last_page_nulls(ext: Emulator, spotify: httpx.Client) -> None:
    artists = ext.catalogue.artist_ids[:3]
    response = spotify.put("/me/following", params={"type": "artist", "ids": ",".join(artists)})
    assert response.status_code == 204
    first = spotify.get("/me/following", params={"type": "artist", "limit": 2}).json()["artists"]
    assert first["next"] is not None
    assert first["cursors"]["after"] is not None
    last = spotify.get(
        "/me/following",
        params={"type": "artist", "limit": 2, "after": first["cursors"]["after"]},
    ).json()["artists"]
    assert len(last["items"]) == 1
    assert "next" in last
    assert last["next"] is None
    assert last["cursors"] == {"after": None}


def test_no_followed_artists(spotify: httpx.Client) -> None:
    page = spotify.get("/me/following", params={"type": "artist"}).json()["artists"]
    assert page["items"] == []
    assert page["next"] is None
    assert page["cursors"] == {"after": None}


# -- catalogue ---------------------------------------------------------------------------------


def test_chapters_are_of_type_chapter(ext: Emulator, spotify: httpx.Client) -> None:
    chapter_id = ext.catalogue.chapter_ids[0]
    chapter = spotify.get(f"/chapters/{chapter_id}").json()
    assert chapter["type"] == "chapter"
    assert chapter["uri"] == f"spotify:episode:{chapter_id}"
    book = ext.catalogue.audiobook_ids[0]
    listed = spotify.get(f"/audiobooks/{book}/chapters").json()["items"]
    assert {c["type"] for c in listed} == {"chapter"}
    embedded = spotify.get(f"/audiobooks/{book}").json()["chapters"]["items"]
    assert {c["type"] for c in embedded} == {"chapter"}


def test_genre_seed_href_is_null(ext: Emulator, spotify: httpx.Client) -> None:
    genre = ext.catalogue.genres[0]
    artist = ext.catalogue.artist_ids[0]
    body = spotify.get(
        "/recommendations", params={"seed_genres": genre, "seed_artists": artist}
    ).json()
    seeds = {s["type"]: s for s in body["seeds"]}
    assert "href" in seeds["GENRE"]
    assert seeds["GENRE"]["href"] is None
    assert seeds["ARTIST"]["href"] == f"{API}/artists/{artist}"


# -- the development profile -----------------------------------------------------------------


def test_development_lists_playlists_without_tracks(clock: Clock) -> None:
    dev = Emulator(seed=0, clock=clock)
    with _client(dev) as client:
        listed = client.get("/me/playlists").json()["items"]
    assert listed
    for playlist in listed:
        assert "tracks" not in playlist
        count = len(dev.catalogue.playlist_item_uris(playlist["id"]))
        assert playlist["items"]["total"] == count


def test_extended_lists_playlists_under_both_names(spotify: httpx.Client) -> None:
    for playlist in spotify.get("/me/playlists").json()["items"]:
        assert playlist["tracks"]["total"] == playlist["items"]["total"]


def test_track_only_keeps_tracks_in_development(clock: Clock) -> None:
    # An emulator asked for the pre-2026 names only still names the count somewhere.
    old = Emulator(seed=0, clock=clock, playlist_item_fields=("track",))
    with _client(old) as client:
        listed = client.get("/me/playlists").json()["items"]
    assert all("tracks" in p and "items" not in p for p in listed)


def test_development_drops_external_ids(clock: Clock) -> None:
    dev = Emulator(seed=0, clock=clock)
    ext = Emulator(seed=0, clock=clock, profile="extended")
    album_id = dev.catalogue.album_ids[0]
    track_id = dev.catalogue.track_ids[0]
    with _client(dev) as client:
        assert "external_ids" not in client.get(f"/albums/{album_id}").json()
        assert "external_ids" not in client.get(f"/tracks/{track_id}").json()
    with _client(ext) as client:
        assert client.get(f"/albums/{album_id}").json()["external_ids"]["upc"]
        assert client.get(f"/tracks/{track_id}").json()["external_ids"]["isrc"]


def test_nothing_loaded_sends_nulls(ext: Emulator, spotify: httpx.Client) -> None:
    ext.add_device(DEFAULT_USER_ID, "Desk", active=True)
    state = spotify.get("/me/player").json()
    for name in ("context", "item", "progress_ms"):
        assert name in state, name
        assert state[name] is None, name
    assert state["currently_playing_type"] == "unknown"


def test_tracks_are_always_among_the_additional_types(ext: Emulator, spotify: httpx.Client) -> None:
    # additional_types names what a client supports besides tracks (Tekore sends "episode").
    episode = f"spotify:episode:{ext.catalogue.episode_ids[0]}"
    _playing(ext, spotify, {"uris": [f"spotify:track:{ext.catalogue.track_ids[0]}", episode]})
    for path in ("/me/player", "/me/player/currently-playing"):
        body = spotify.get(path, params={"additional_types": "episode"}).json()
        assert body["item"]["type"] == "track", path
    assert spotify.post("/me/player/next").status_code == 204
    # An episode the caller did not ask for: named, but its object is null.
    body = spotify.get("/me/player/currently-playing").json()
    assert body["currently_playing_type"] == "episode"
    assert "item" in body
    assert body["item"] is None
    assert spotify.get("/me/player", params={"additional_types": "episode"}).json()["item"]
