"""Playlist writes through the client, sync and async: the state they leave, Spotify's
refusals, chunked writes and their partial failures, covers and ``fields=``."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import msgspec
import pytest

from spotipy import Spotify
from spotipy.client._api.playlist import CREATE_CHANGED
from spotipy.emulator import DEFAULT_USER_ID, Emulator
from spotipy.errors import BadRequest, Forbidden, PartialWriteError, ResponseError
from spotipy.model import FullPlaylist, PlaylistTrackPaging
from tests.client.test_catalogue_endpoints import api_requests
from tests.conftest import Runner, make_sender

SCOPES = (
    "playlist-modify-public",
    "playlist-modify-private",
    "playlist-read-private",
    "playlist-read-collaborative",
    "ugc-image-upload",
)
JPEG = b"\xff\xd8\xff\xe0" + bytes(200) + b"\xff\xd9"
#: A well-formed ID the catalogue does not hold: Spotify refuses it.
UNKNOWN_TRACK = "spotify:track:" + "0" * 22


@pytest.fixture
def user(emulator: Emulator, mode: str) -> Spotify[Any]:
    """A client acting for the default user with every playlist scope."""
    return Spotify(emulator.user_token(DEFAULT_USER_ID, SCOPES), make_sender(emulator, mode))


def client(emulator: Emulator, mode: str, user_id: str, scopes: tuple[str, ...]) -> Spotify[Any]:
    return Spotify(emulator.user_token(user_id, scopes), make_sender(emulator, mode))


def item_uris(run: Runner, spotify: Spotify[Any], playlist_id: str) -> list[str]:
    first: PlaylistTrackPaging = run(spotify.playlist_items(playlist_id, limit=50))
    return [e.item.uri for e in run.collect(spotify.all_items(first))]


def tracks(emulator: Emulator, start: int, count: int) -> list[str]:
    return [f"spotify:track:{t}" for t in emulator.catalogue.track_ids[start : start + count]]


def test_a_playlist_from_creation_to_details(
    user: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    created = run(user.playlist_create("Road trip", description="For the car"))
    assert isinstance(created, FullPlaylist)
    assert created.owner is not None
    assert created.owner.id == DEFAULT_USER_ID
    assert (created.name, created.public, created.description) == ("Road trip", True, "For the car")
    listed = run(user.followed_playlists(limit=50))
    assert listed.items[0].id == created.id  # the newest first

    before = len(api_requests(emulator))
    wanted = tracks(emulator, 0, 120)
    added = run(user.playlist_add(created.id, wanted))
    assert len(api_requests(emulator)) - before == 2  # 100, then 20
    assert added != created.snapshot_id
    assert item_uris(run, user, created.id) == wanted

    # Inserting more than 100 at a position keeps them in order: chunk 2 lands after 1.
    inserted = tracks(emulator, 200, 101)
    run(user.playlist_add(created.id, inserted, position=10))
    assert item_uris(run, user, created.id) == wanted[:10] + inserted + wanted[10:]
    run(user.playlist_replace(created.id, wanted))

    moved = run(user.playlist_reorder(created.id, 0, 5, range_length=2, snapshot_id=added))
    assert moved != added
    assert item_uris(run, user, created.id)[:5] == [*wanted[2:5], *wanted[:2]]

    removed = run(user.playlist_remove(created.id, [wanted[0], wanted[119]]))
    assert removed != moved
    remaining = item_uris(run, user, created.id)
    assert wanted[0] not in remaining
    assert wanted[119] not in remaining
    assert len(remaining) == 118

    episode = f"spotify:episode:{emulator.catalogue.episode_ids[0]}"
    replaced = run(user.playlist_replace(created.id, [wanted[7], episode]))
    assert replaced != removed
    assert item_uris(run, user, created.id) == [wanted[7], episode]

    assert run(user.playlist_change_details(created.id, name="Renamed", public=False)) is None
    again = run(user.playlist(created.id))
    assert (again.name, again.public, again.description) == ("Renamed", False, "For the car")
    assert again.snapshot_id not in (created.snapshot_id, added, moved, removed, replaced)


def test_seed_names_send_the_2026_requests(
    user: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    playlist_id = run(user.playlist_create("Seed names")).id
    ids = emulator.catalogue.track_ids[:5]
    snapshot = run(user.playlist_tracks_add(playlist_id, ids))
    snapshot = run(user.playlist_tracks_reorder(playlist_id, 4, 0, snapshot_id=snapshot))
    order = [f"spotify:track:{i}" for i in (ids[4], *ids[:4])]
    assert item_uris(run, user, playlist_id) == order
    # Removing given occurrences, and given positions, against the current snapshot.
    snapshot = run(
        user.playlist_tracks_remove_occurrences(playlist_id, [(ids[0], 1)], snapshot_id=snapshot)
    )
    snapshot = run(user.playlist_tracks_remove_indices(playlist_id, [0, 2], snapshot))
    assert item_uris(run, user, playlist_id) == [f"spotify:track:{i}" for i in (ids[1], ids[3])]
    run(user.playlist_tracks_remove(playlist_id, [ids[3]], snapshot_id=snapshot))
    run(user.playlist_tracks_replace(playlist_id, [ids[2]]))
    assert item_uris(run, user, playlist_id) == [f"spotify:track:{ids[2]}"]
    paths = {r.path for r in api_requests(emulator) if r.method != "GET"}
    assert paths == {"/v1/me/playlists", f"/v1/playlists/{playlist_id}/items"}


def test_removal_by_positions_refuses_a_stale_snapshot(
    user: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    playlist_id = run(user.playlist_create("Stale")).id
    old = run(user.playlist_add(playlist_id, tracks(emulator, 0, 4)))
    run(user.playlist_add(playlist_id, tracks(emulator, 10, 1)))
    with pytest.raises(BadRequest, match="bad version tag"):
        run(user.playlist_tracks_remove_indices(playlist_id, [0], old))
    assert len(item_uris(run, user, playlist_id)) == 5
    # Removal by URI is applied against an older snapshot, as Spotify documents.
    run(user.playlist_remove(playlist_id, tracks(emulator, 0, 1), snapshot_id=old))
    assert len(item_uris(run, user, playlist_id)) == 4


def test_seed_era_create_fails_before_any_request(
    user: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    before = len(api_requests(emulator))
    with pytest.raises(TypeError) as refused:
        run.call(lambda: user.playlist_create(DEFAULT_USER_ID, "My playlist"))
    assert str(refused.value) == CREATE_CHANGED
    assert "playlist_create_for_user(user_id, name)" in str(refused.value)
    assert len(api_requests(emulator)) == before
    # Nothing was created, let alone a playlist named after the user.
    assert all(p.name != DEFAULT_USER_ID for p in emulator.state.playlists.values())


def test_create_for_user_is_the_old_operation(
    user: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    created = run(user.playlist_create_for_user(DEFAULT_USER_ID, "Old way", False))
    assert created.public is False
    assert api_requests(emulator)[-1].path == f"/v1/users/{DEFAULT_USER_ID}/playlists"
    other = emulator.catalogue.user_ids[2]
    with pytest.raises(Forbidden):
        run(user.playlist_create_for_user(other, "Not mine"))
    listed = run(user.playlists(DEFAULT_USER_ID, limit=50))
    assert created.id in [p.id for p in listed.items]
    theirs = run(user.playlists(other, limit=50))
    assert created.id not in [p.id for p in theirs.items]


def test_a_chunked_add_that_fails_leaves_the_confirmed_items(
    user: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    playlist_id = run(user.playlist_create("Half")).id
    wanted = [*tracks(emulator, 0, 110), UNKNOWN_TRACK]
    with pytest.raises(PartialWriteError) as partial:
        run(user.playlist_add(playlist_id, wanted))
    assert partial.value.applied == wanted[:100]
    assert partial.value.pending == wanted[100:]
    assert isinstance(partial.value.error, BadRequest)
    assert "100 of 111 items" in str(partial.value)
    assert item_uris(run, user, playlist_id) == wanted[:100]


def test_a_long_replace_that_fails_says_which_items_are_in(
    user: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    playlist_id = run(user.playlist_create("Replaced")).id
    run(user.playlist_add(playlist_id, tracks(emulator, 500, 3)))
    wanted = [*tracks(emulator, 0, 250), UNKNOWN_TRACK]
    before = len(api_requests(emulator))
    with pytest.raises(PartialWriteError) as partial:
        run(user.playlist_replace(playlist_id, wanted))
    sent = api_requests(emulator)[before:]
    assert [r.method for r in sent] == ["PUT", "POST", "POST"]
    assert partial.value.applied == wanted[:200]
    assert partial.value.pending == wanted[200:]
    assert "200 of 251 items" in str(partial.value)
    assert item_uris(run, user, playlist_id) == wanted[:200]
    before = len(api_requests(emulator))
    with user.chunked(False), pytest.raises(ValueError, match="at most 100"):
        run(user.playlist_replace(playlist_id, wanted))
    assert len(api_requests(emulator)) == before


def test_only_owners_and_collaborators_change_items(
    emulator: Emulator, mode: str, run: Runner
) -> None:
    c = emulator.catalogue
    friend = c.user_ids[2]
    shared = next(
        p for p in c.playlists_shared_with(friend) if p in c.playlists_owned_by(DEFAULT_USER_ID)
    )
    public = c.playlists_owned_by(DEFAULT_USER_ID)[0]
    theirs = client(emulator, mode, friend, SCOPES)
    run(theirs.playlist_add(shared, tracks(emulator, 0, 1)))  # a collaborator may
    with pytest.raises(Forbidden):
        run(theirs.playlist_add(public, tracks(emulator, 0, 1)))
    with pytest.raises(Forbidden):
        run(theirs.playlist_change_details(shared, name="Mine now"))  # details: owner only
    # The scope needed follows the playlist: a private one needs playlist-modify-private.
    public_only = client(emulator, mode, DEFAULT_USER_ID, ("playlist-modify-public",))
    run(public_only.playlist_add(public, tracks(emulator, 0, 1)))
    with pytest.raises(Forbidden, match="Insufficient client scope"):
        run(public_only.playlist_add(shared, tracks(emulator, 0, 1)))
    with pytest.raises(Forbidden, match="Insufficient client scope"):
        run(public_only.playlist_create("Private", public=False))


def test_cover_upload(user: Spotify[Any], run: Runner, emulator: Emulator) -> None:
    playlist_id = run(user.playlist_create("Covered")).id
    assert run(user.playlist_cover_image(playlist_id)) == []
    assert run(user.playlist_cover_image_upload(playlist_id, JPEG)) is None
    sent = api_requests(emulator)[-1]
    assert sent.headers["content-type"] == "image/jpeg"
    assert base64.b64decode(sent.body) == JPEG
    assert emulator.state.playlists.covers[playlist_id] == JPEG
    images = run(user.playlist_cover_image(playlist_id))
    assert len(images) == 1
    assert run(user.playlist(playlist_id)).images == images
    # base64 text is sent as it is.
    text = base64.b64encode(JPEG).decode("ascii")
    run(user.playlist_cover_image_upload(playlist_id, text))
    assert api_requests(emulator)[-1].body == text.encode("ascii")


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(20), "neither JPEG bytes nor base64"),
        (base64.b64encode(b"GIF89a" + bytes(20)).decode(), "not a JPEG"),
        ("not base64 at all!", "not valid base64"),
        (base64.b64encode(b"\xff\xd8" + bytes(200_000)).decode(), "at most 262144"),
        (b"\xff\xd8" + bytes(200_000), "at most 262144"),
        (7, "base64 text or JPEG bytes"),
    ],
)
def test_cover_refusals_before_any_request(
    user: Spotify[Any], run: Runner, emulator: Emulator, image: Any, message: str
) -> None:
    playlist_id = emulator.catalogue.playlists_owned_by(DEFAULT_USER_ID)[0]
    before = len(api_requests(emulator))
    with pytest.raises((ValueError, TypeError), match=message):
        run.call(lambda: user.playlist_cover_image_upload(playlist_id, image))
    assert len(api_requests(emulator)) == before


def test_the_emulator_refuses_what_the_client_would(emulator: Emulator) -> None:
    playlist_id = emulator.catalogue.playlists_owned_by(DEFAULT_USER_ID)[0]
    token = emulator.user_token(DEFAULT_USER_ID, SCOPES)
    with httpx.Client(
        transport=emulator.transport(),
        base_url="https://api.spotify.com/v1",
        headers={"Authorization": f"Bearer {token}"},
    ) as http:
        url = f"/playlists/{playlist_id}/images"
        big = base64.b64encode(b"\xff\xd8" + bytes(200_000))
        png = base64.b64encode(b"\x89PNG" + bytes(20))
        jpeg = base64.b64encode(JPEG)
        assert http.put(url, content=big, headers={"content-type": "image/jpeg"}).status_code == 413
        assert http.put(url, content=png, headers={"content-type": "image/jpeg"}).status_code == 400
        assert (
            http.put(url, content=jpeg, headers={"content-type": "text/plain"}).status_code == 415
        )
        assert (
            http.put(url, content=jpeg, headers={"content-type": "image/jpeg"}).status_code == 202
        )


def test_fields_filter(user: Spotify[Any], run: Runner, emulator: Emulator) -> None:
    playlist_id = emulator.catalogue.playlists_owned_by(DEFAULT_USER_ID)[0]
    found = run(user.playlist_fields(playlist_id, "name,owner(id),items.items(item(id))"))
    assert set(found) == {"name", "owner", "items"}
    assert found["owner"] == {"id": DEFAULT_USER_ID}
    assert set(found["items"]) == {"items"}
    assert all(set(e) == {"item"} and set(e["item"]) == {"id"} for e in found["items"]["items"])

    page = run(
        user.playlist_items_fields(playlist_id, "total,items(added_at,item(name,uri))", limit=3)
    )
    assert set(page) == {"total", "items"}
    assert len(page["items"]) == 3
    assert all(set(e) == {"added_at", "item"} for e in page["items"])
    assert all(set(e["item"]) == {"name", "uri"} for e in page["items"])
    # 2026: the entry's object must be named item; track(...) finds nothing on /items.
    old = run(user.playlist_items_fields(playlist_id, "items(track(name))", limit=2))
    assert old == {"items": [{}, {}]}
    # Exclusions: everything but the fields named with "!".
    without = run(user.playlist_items_fields(playlist_id, "!href,!items", limit=1))
    assert "href" not in without
    assert "items" not in without
    assert without["total"] > 1
    entries = run(user.playlist_items_fields(playlist_id, "items(item(!album,!artists))", limit=1))
    item = entries["items"][0]["item"]
    assert "album" not in item
    assert "artists" not in item
    assert "name" in item
    with pytest.raises(BadRequest, match="Invalid fields"):
        run(user.playlist_items_fields(playlist_id, "items(item(name)"))


def test_fields_answers_are_checked(user: Spotify[Any], run: Runner, emulator: Emulator) -> None:
    playlist_id = emulator.catalogue.playlists_owned_by(DEFAULT_USER_ID)[0]
    emulator.faults.add(
        path="/v1/playlists", times=1, status=200, body=msgspec.json.encode({"total": 3, "id": "x"})
    )
    with pytest.raises(ResponseError, match="'id'"):
        run(user.playlist_items_fields(playlist_id, "total"))
