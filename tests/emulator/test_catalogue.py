"""The invented catalogue: deterministic, sized as documented, and readable by tests."""

from __future__ import annotations

import pytest

from spotipy.emulator import BIG_PLAYLIST_ID, DEFAULT_USER_ID, Emulator
from spotipy.emulator._catalogue import Catalogue, is_base62_id

KINDS = ("artist", "album", "track", "show", "episode", "audiobook", "user", "playlist")


def _ids(emu: Emulator) -> dict[str, list[str]]:
    return {kind: getattr(emu.catalogue, f"{kind}_ids") for kind in KINDS}


def test_same_seed_same_catalogue() -> None:
    first, second = Emulator(seed=0), Emulator(seed=0)
    assert _ids(first) == _ids(second)
    album = first.catalogue.album_ids[5]
    assert first.catalogue.album(album) == second.catalogue.album(album)
    # Generated afresh rather than shared, the data is still the same.
    fresh = Catalogue(0)
    assert [t.name for t in fresh.tracks] == [
        first.catalogue.track(t)["name"] for t in first.catalogue.track_ids
    ]


def test_other_seed_other_catalogue() -> None:
    zero, one = _ids(Emulator(seed=0)), _ids(Emulator(seed=1))
    assert zero["track"] != one["track"]
    assert set(zero["track"]).isdisjoint(one["track"])
    assert BIG_PLAYLIST_ID in one["playlist"]


def test_sizes() -> None:
    ids = _ids(Emulator(seed=0))
    assert len(ids["artist"]) == 100
    assert len(ids["album"]) == 300
    assert 2_500 <= len(ids["track"]) <= 3_500
    assert len(ids["show"]) >= 10
    assert len(ids["episode"]) >= 100
    assert len(ids["audiobook"]) >= 5
    assert len(ids["user"]) >= 10
    assert len(ids["playlist"]) == 21
    assert ids["playlist"][-1] == BIG_PLAYLIST_ID


@pytest.mark.parametrize("kind", [k for k in KINDS if k not in ("user", "playlist")])
def test_ids_are_unique_base62(kind: str) -> None:
    ids = _ids(Emulator(seed=3))[kind]
    assert len(set(ids)) == len(ids)
    assert all(is_base62_id(i) for i in ids)


def test_is_base62_id() -> None:
    assert is_base62_id("37i9dQZEVXbMDoHDwVN2tF")
    assert not is_base62_id("37i9dQZEVXbMDoHDwVN2t")  # 21 characters
    assert not is_base62_id("37i9dQZEVXbMDoHDwVN2t-")


def test_lookups_answer_like_the_api(emu: Emulator) -> None:
    view = emu.catalogue
    artist = view.artist(view.artist_ids[0])
    assert artist["type"] == "artist"
    assert artist["href"] == f"https://api.spotify.com/v1/artists/{view.artist_ids[0]}"
    album_id = view.album_ids[0]
    album = view.album(album_id)
    assert [t["id"] for t in album["tracks"]["items"]] == view.album_track_ids(album_id)
    track = view.track(album["tracks"]["items"][0]["id"])
    assert track["album"]["id"] == album_id
    assert view.show(view.show_ids[0])["type"] == "show"
    assert view.episode(view.episode_ids[0])["show"]["type"] == "show"
    assert view.audiobook(view.audiobook_ids[0])["type"] == "audiobook"
    assert view.user(DEFAULT_USER_ID)["id"] == DEFAULT_USER_ID
    assert view.playlist(BIG_PLAYLIST_ID)["items"]["total"] == 10_000
    with pytest.raises(KeyError):
        view.user("nobody")
    with pytest.raises(KeyError):
        view.track("0" * 22)


def test_lookups_are_fresh_copies(emu: Emulator) -> None:
    track_id = emu.catalogue.track_ids[0]
    emu.catalogue.track(track_id)["name"] = "changed"
    assert emu.catalogue.track(track_id)["name"] != "changed"


def test_playlists_of_the_default_user(emu: Emulator) -> None:
    view = emu.catalogue
    owned = view.playlists_owned_by(DEFAULT_USER_ID)
    assert len(owned) >= 4
    shared = view.playlists_shared_with(DEFAULT_USER_ID)
    assert shared
    assert not set(owned) & set(shared)
    uris = [u for p in owned for u in view.playlist_item_uris(p)]
    assert any(u.startswith("spotify:episode:") for u in uris)
    assert any(u.startswith("spotify:local:") for u in uris)
    assert set(owned) & set(view.playlists_containing("episode"))
    assert set(owned) & set(view.playlists_containing("local"))
    assert BIG_PLAYLIST_ID in view.playlists_containing("track")
    assert view.playlists_owned_by("spotify")[-1] == BIG_PLAYLIST_ID
    with pytest.raises(ValueError, match="kind"):
        view.playlists_containing("chapter")


def test_artist_discography(emu: Emulator) -> None:
    view = emu.catalogue
    for artist_id in view.artist_ids[:20]:
        albums = view.artist_album_ids(artist_id)
        assert albums, artist_id
        assert len(set(albums)) == len(albums)


def test_emulators_of_one_seed_share_one_generated_catalogue() -> None:
    # Construction is cheap because the catalogue of a seed is generated once (its cost is
    # measured in bench/emulator.py, not asserted here); each emulator gets its own state.
    first, second = Emulator(seed=11), Emulator(seed=11)
    assert first.state.catalogue is second.state.catalogue
    assert first.state is not second.state
    assert Emulator(seed=12).state.catalogue is not first.state.catalogue


def test_emulators_do_not_share_playlists() -> None:
    first, second = Emulator(seed=0), Emulator(seed=0)
    first.state.playlists[BIG_PLAYLIST_ID].entries.clear()
    assert len(second.state.playlists[BIG_PLAYLIST_ID].entries) == 10_000
    assert second.catalogue.playlist(BIG_PLAYLIST_ID)["items"]["total"] == 10_000
